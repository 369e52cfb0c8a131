"""Declared text normalisation, applied to gold and prediction alike before scoring.

Never silent: the chosen policy is stored in the results and the signature.
``width`` folds the full-width forms of ASCII letters, digits and punctuation
(U+FF01..U+FF5E) to ASCII, a common reason for confusing scores on gold that
is full-width (MSR) against segmenters that emit half-width, or the reverse.
``nfkc`` applies Unicode NFKC, which also folds width and much more.

NFKC is applied to a unit's text, not token by token: it composes a base
letter with a following combining mark, so normalising ``e`` and U+0301
apart leaves them two characters where the gold's ``é`` became one. The
tokens' boundaries are then carried over to the normalised text; one that
falls inside what NFKC joins into one character (or otherwise rewrites
across it) is dropped, the two words joining (docs/scoring.md §Normalisation).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from evalkit.errors import UsageError

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def fold_width(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def unchanged(text: str) -> str:
    return text


NORMALISERS: dict[str, Callable[[str], str]] = {
    "none": unchanged, "width": fold_width, "nfkc": nfkc}


def normaliser(name: str) -> Callable[[str], str]:
    """The function for a policy name; an unknown name lists the valid ones."""
    if name not in NORMALISERS:
        raise UsageError(f"unknown normalisation {name!r}; choose one of "
                         f"{', '.join(NORMALISERS)}")
    return NORMALISERS[name]


WINDOW = 32
"""Characters on each side of a boundary that decide whether NFKC acts across it
(the stream-safe format bounds a run of combining marks at 30)."""


def normalise_tokens(tokens: Sequence[str], name: str) -> list[str]:
    """The tokens under a policy; for ``nfkc``, the normalised text cut at the
    tokens' boundaries (see the module's docstring).

    ``width`` and ``none`` map character by character, so token by token is
    exact; so is NFKC wherever no boundary splits what it rewrites, the usual
    case, checked against the whole text's normalisation.
    """
    convert = normaliser(name)
    out = [convert(token) for token in tokens]
    if name != "nfkc":
        return out
    words = ["".join(token.split()) for token in tokens]
    words = [word for word in words if word]
    whole = _skeleton(convert("".join(words)))
    if _skeleton("".join(out)) == whole:
        return out
    return _carried(words, whole)


def _skeleton(text: str) -> str:
    return "".join(text.split())


def _separable(text: str, at: int) -> bool:
    """Whether NFKC acts on each side of offset ``at`` independently."""
    left, right = text[max(at - WINDOW, 0):at], text[at:at + WINDOW]
    return nfkc(left) + nfkc(right) == nfkc(left + right)


def _carried(words: list[str], whole: str) -> list[str]:
    """The normalised skeleton ``whole`` cut where the words' boundaries survive."""
    text = "".join(words)
    ends = [0]
    for word in words[:-1]:
        ends.append(ends[-1] + len(word))
    kept = [at for at in ends[1:] if _separable(text, at)]
    pieces = [_skeleton(nfkc(text[a:b])) for a, b in zip([0, *kept], [*kept, len(text)],
                                                          strict=True)]
    if "".join(pieces) != whole:  # a run longer than WINDOW: decide on the whole text
        cuts = sorted({len(_skeleton(nfkc(text[:at]))) for at in ends[1:]
                       if _skeleton(nfkc(text[:at])) + _skeleton(nfkc(text[at:])) == whole})
        pieces = [whole[a:b] for a, b in zip([0, *cuts], [*cuts, len(whole)], strict=True)]
    return [piece for piece in pieces if piece]
