"""Hypothesis strategies shared by the reader and metric property tests."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import strategies as st

WORD_CHARS = "中国人民银行北京大学生活动一二三ab1２。，、"
"""Han, Latin, digits (ASCII and full-width) and punctuation; no whitespace, no '|'."""

WHITESPACE = [" ", "\u3000", "\t", "  "]

texts = st.text(alphabet=WORD_CHARS, min_size=1, max_size=40)


@st.composite
def segmentations(draw: st.DrawFn, text: str) -> list[str]:
    """A random segmentation of ``text`` into non-empty words."""
    cuts = draw(st.sets(st.integers(1, len(text) - 1))) if len(text) > 1 else set()
    bounds = [0, *sorted(cuts), len(text)]
    return [text[a:b] for a, b in pairwise(bounds)]


@st.composite
def text_and_two_segmentations(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Two segmentations of the same text: a gold and a prediction."""
    text = draw(texts)
    return draw(segmentations(text)), draw(segmentations(text))


@st.composite
def with_separators(draw: st.DrawFn, words: list[str]) -> list[str]:
    """The words with whitespace-only tokens inserted at random places."""
    tokens: list[str] = []
    for word in words:
        if draw(st.booleans()):
            tokens.append(draw(st.sampled_from(WHITESPACE)))
        tokens.append(word)
    if draw(st.booleans()):
        tokens.append(draw(st.sampled_from(WHITESPACE)))
    return tokens


units = texts.flatmap(segmentations)
"""One unit's words."""
