"""A segmentation laid end to end: one list of word skeletons and a size per unit.

Scoring reads and counts whole corpora at once instead of word by word: the
tokens of every unit are flattened in one pass, and only tokens that hold
whitespace (separators, or words with a space inside) are looked at one by
one. Lengths, offsets and unit bounds are numpy arrays made on demand, so
reading a corpus never imports numpy (``evalkit --help`` and the readers stay
light). The words are the same skeletons ``align.skeleton`` gives (docs/scoring.md
§Whitespace: whitespace is a separator, offsets count the skeleton's code points).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, chain, compress, pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

_WHITESPACE = re.compile(r"\s")
"""``\\s`` on str patterns is exactly ``str.isspace`` (U+3000 included)."""


@dataclass(frozen=True, eq=False)
class Flat:
    """Every unit's words (skeletons) end to end, and how many words each unit has."""

    words: list[str]
    sizes: list[int]
    text: str
    """The words joined: the skeletons of all units, end to end."""

    @cached_property
    def bounds(self) -> IntArray:
        """Index of each unit's first word, then the word count: unit u is
        ``words[bounds[u]:bounds[u + 1]]``."""
        import numpy as np

        out = np.zeros(len(self.sizes) + 1, dtype=np.int64)
        np.cumsum(np.array(self.sizes, dtype=np.int64), out=out[1:])
        return out

    @cached_property
    def lengths(self) -> IntArray:
        """Code points of each word."""
        import numpy as np

        return np.fromiter(map(len, self.words), dtype=np.int64, count=len(self.words))

    @cached_property
    def ends(self) -> IntArray:
        """Each word's end offset on the skeleton of all units laid end to end."""
        import numpy as np

        return np.cumsum(self.lengths)

    @cached_property
    def starts(self) -> IntArray:
        return self.ends - self.lengths

    @cached_property
    def unit_of_word(self) -> IntArray:
        import numpy as np

        return np.repeat(np.arange(len(self.sizes), dtype=np.int64), self.sizes)

    @cached_property
    def is_cut(self) -> BoolArray:
        """Per skeleton offset 0..len(text): is a word edge there (0 and every end)."""
        import numpy as np

        grid = np.zeros(len(self.text) + 1, dtype=bool)
        grid[0] = True
        grid[self.ends] = True
        return grid

    @cached_property
    def cuts_below(self) -> IntArray:
        """Per skeleton offset 0..len(text)+1: how many word edges lie before it."""
        import numpy as np

        below = np.zeros(len(self.text) + 2, dtype=np.int64)
        np.cumsum(self.is_cut, out=below[1:])
        return below

    @cached_property
    def unit_offsets(self) -> IntArray:
        """Where each unit's skeleton starts on ``text``, then its length."""
        import numpy as np

        return np.concatenate(([0], self.ends))[self.bounds]

    @cached_property
    def last_of_unit(self) -> IntArray:
        """Index of the last word of every unit that has words."""
        import numpy as np

        sizes = np.diff(self.bounds)
        return (self.bounds[1:] - 1)[sizes > 0]

    def in_vocabulary(self, vocabulary: AbstractSet[str]) -> list[bool]:
        """Is each word in ``vocabulary``? The answer for the last vocabulary asked about
        is kept: the coverage check before scoring and the OOV counts ask the same
        question of the same words (a hash per word: ~5 ms on 100,000)."""
        kept = self.__dict__.get("_in_vocabulary")
        if kept is not None and kept[0] is vocabulary:
            answers: list[bool] = kept[1]
            return answers
        known = list(map(vocabulary.__contains__, self.words))
        self.__dict__["_in_vocabulary"] = (vocabulary, known)  # frozen: no setattr
        return known

    def unit_words(self) -> list[list[str]]:
        """The words of each unit, as lists."""
        words = self.words
        bounds = self.bounds.tolist()
        return [words[a:b] for a, b in pairwise(bounds)]

    def unit_text(self, unit: int) -> str:
        start, stop = self.unit_offsets[unit:unit + 2].tolist()
        return self.text[start:stop]


def flatten(units: Sequence[Sequence[str]],
            convert: Callable[[str], str] | None = None, *, words_only: bool = False) -> Flat:
    """The Flat view of units of tokens: whitespace-only tokens dropped, whitespace
    removed from inside the others, ``convert`` (a normalisation) applied first.

    ``words_only``: the caller knows every token is a non-empty word without
    whitespace (units read by splitting lines on whitespace), so nothing is looked
    for (a search of the whole text and a comparison per token: ~4 ms on 100,000 words).
    """
    sizes = list(map(len, units))
    tokens = list(chain.from_iterable(units))
    if convert is not None:
        tokens = list(map(convert, tokens))
    joined = "".join(tokens)
    if (words_only and convert is None) or \
            (_WHITESPACE.search(joined) is None and "" not in tokens):
        return Flat(tokens, sizes, joined)
    return _without_whitespace(tokens, sizes, joined)


def _without_whitespace(tokens: list[str], sizes: list[int], joined: str) -> Flat:
    """The slow path, for the few tokens that hold whitespace or are empty."""
    token_starts = list(accumulate(map(len, tokens), initial=0))
    unit_bounds = list(accumulate(sizes, initial=0))
    touched = {bisect_right(token_starts, match.start()) - 1
               for match in _WHITESPACE.finditer(joined)}
    touched.update(index for index, token in enumerate(tokens) if not token)
    keep = [True] * len(tokens)
    sizes = list(sizes)
    for index in sorted(touched):
        word = "".join(tokens[index].split())
        if word:
            tokens[index] = word
        else:
            keep[index] = False
            sizes[bisect_right(unit_bounds, index) - 1] -= 1
    words = list(compress(tokens, keep))
    return Flat(words, sizes, "".join(words))
