"""Skeletons and spans: where a word sits in its unit, on both sides.

Offsets are code points in the skeleton, the unit's text with every
whitespace character removed; a word is the half-open span [start, end) it
covers (docs/scoring.md §Spans and exact match). Gold and prediction must
share the skeleton, otherwise the prediction is not a segmentation of the gold
text (docs/scoring.md §Text must match).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from evalkit.errors import TextMismatchError

Span = tuple[int, int]

CONTEXT = 8


def skeleton(text: str) -> str:
    """The text with every whitespace character (``str.isspace``) removed."""
    return "".join(text.split())


def word_spans(tokens: Sequence[str]) -> list[Span]:
    """The skeleton spans of the word tokens, in order; separators cover nothing."""
    spans = []
    start = 0
    for token in tokens:
        width = len(skeleton(token))
        if width:
            spans.append((start, start + width))
            start += width
    return spans


def first_difference(a: str, b: str) -> int:
    """The first offset where two strings differ (the shorter length if one is a prefix)."""
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


def _excerpt(text: str, offset: int) -> str:
    start = max(offset - CONTEXT, 0)
    left = "…" if start else ""
    right = "…" if offset + CONTEXT < len(text) else ""
    return f"{left}{text[start:offset + CONTEXT]}{right}"


def check_same_text(gold_tokens: Sequence[str], predicted_tokens: Sequence[str],
                    segmenter: str, unit_number: int, line: int, *,
                    reference: str = "gold") -> None:
    """Raise TextMismatchError unless the prediction covers exactly the reference's
    characters (the gold's, or the raw text's when the corpus ships one)."""
    gold = skeleton("".join(gold_tokens))
    predicted = skeleton("".join(predicted_tokens))
    if gold == predicted:
        return
    offset = first_difference(gold, predicted)
    shown = (_excerpt(gold, offset), _excerpt(predicted, offset))
    points = ""
    if _look_alike(gold[offset:offset + 1], predicted[offset:offset + 1], *shown):
        points = (f" (they look alike; code points from offset {offset}: gold "
                  f"{_code_points(gold, offset)}, output {_code_points(predicted, offset)})")
    raise TextMismatchError(
        segmenter, unit_number, line,
        f"output differs from the {reference} text at offset {offset}: {reference} "
        f"{shown[0]!r}, output {shown[1]!r}{points}; a segmentation must only split the "
        "text, never change, add or drop characters")


def _look_alike(gold: str, predicted: str, gold_excerpt: str, predicted_excerpt: str) -> bool:
    """Whether two excerpts may look identical on a screen: equal under NFKC, or
    differing in a character that shows nothing by itself (a combining mark, a
    format or control character, a space)."""
    if unicodedata.normalize("NFKC", gold_excerpt) == \
            unicodedata.normalize("NFKC", predicted_excerpt):
        return True
    return any(unicodedata.category(char)[0] in "MCZ" for char in gold + predicted)


def _code_points(text: str, offset: int, count: int = 4) -> str:
    return " ".join(f"U+{ord(char):04X}" for char in text[offset:offset + count]) or "(end)"
