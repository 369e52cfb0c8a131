"""Scoring settings besides the texts: the vocabulary and the normalisation policy.

Both are applied the same way to gold and prediction, and both are recorded
in the results and the signature, so a number can always be reproduced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from evalkit.lexicon import Lexicon
from evalkit.normalize import normalise_tokens, normaliser
from evalkit.records import LexiconRecord


@dataclass(frozen=True)
class Settings:
    """The lexicon for OOV/IV figures (or None) and the normalisation policy name."""

    lexicon: Lexicon | None = None
    normalisation: str = "none"

    def __post_init__(self) -> None:
        normaliser(self.normalisation)  # an unknown policy fails here, before any work

    def normalise(self, tokens: Sequence[str]) -> list[str]:
        """One unit's tokens under the policy (normalize.normalise_tokens)."""
        return normalise_tokens(tokens, self.normalisation)

    @cached_property
    def vocabulary(self) -> frozenset[str] | None:
        """The lexicon's words under the same normalisation as the texts."""
        if self.lexicon is None:
            return None
        if self.normalisation == "none":
            return self.lexicon.words
        convert = normaliser(self.normalisation)
        return frozenset(convert(word) for word in self.lexicon.words)

    def describe_lexicon(self) -> LexiconRecord | None:
        return None if self.lexicon is None else self.lexicon.describe()
