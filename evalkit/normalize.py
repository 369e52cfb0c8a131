"""Declared text normalisation, applied to gold and prediction alike before scoring.

Never silent: the chosen policy is stored in the results and the signature.
``width`` folds the full-width forms of ASCII letters, digits and punctuation
(U+FF01..U+FF5E) to ASCII, a common reason for confusing scores on gold that
is full-width (MSR) against segmenters that emit half-width, or the reverse.
``nfkc`` applies Unicode NFKC, which also folds width and much more.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

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
