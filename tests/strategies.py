"""Hypothesis strategies shared by the reader and metric property tests.

They reach what the readers and metrics must survive: a ``|`` inside words
(where the format allows it), characters outside the BMP, combining marks,
separators that ``split_lines`` must not split on (NBSP, U+2028, U+0085),
units without words, and corpora longer than one 2,048-unit counting block.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import strategies as st

PLAIN_CHARS = "中国人民银行北京大学生活动一二三ab1２。，、"
"""Han, Latin, digits (ASCII and full-width) and punctuation."""

NON_BMP = "\U00020000\U00020bb7\U00029e3d"
"""CJK Extension B characters (surrogate pairs in UTF-16)."""

COMBINING = "e\u0301\u0308"
"""A base letter and combining marks (acute, diaeresis): NFKC composes them."""

WORD_CHARS = PLAIN_CHARS + NON_BMP + COMBINING
"""Characters of words in every format: no whitespace, no '|'."""

PIPE_IN_TEXT = WORD_CHARS + "|"
"""Characters of words in the formats where '|' is text (whitespace, CoNLL-U)."""

WHITESPACE = [" ", "\u3000", "\t", "  ", "\u00a0", "\u2028", "\x85"]
"""Separator tokens; the last three are whitespace that split_lines must not split on."""

CHUNK = 2048
"""Units counted per numpy block (metrics.py)."""

texts = st.text(alphabet=WORD_CHARS, min_size=1, max_size=40)
texts_with_pipe = st.text(alphabet=PIPE_IN_TEXT, min_size=1, max_size=40)


@st.composite
def segmentations(draw: st.DrawFn, text: str) -> list[str]:
    """A random segmentation of ``text`` into non-empty words."""
    cuts = draw(st.sets(st.integers(1, len(text) - 1))) if len(text) > 1 else set()
    bounds = [0, *sorted(cuts), len(text)]
    return [text[a:b] for a, b in pairwise(bounds)]


@st.composite
def text_and_two_segmentations(draw: st.DrawFn, alphabet: str = WORD_CHARS,
                               ) -> tuple[list[str], list[str]]:
    """Two segmentations of the same text: a gold and a prediction."""
    text = draw(st.text(alphabet=alphabet, min_size=1, max_size=40))
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

units_with_pipe = texts_with_pipe.flatmap(segmentations)
"""One unit's words, '|' allowed inside them."""

maybe_empty_units: st.SearchStrategy[list[str]] = st.one_of(st.just([]), units)
"""A unit's words, or none (a blank line)."""


@st.composite
def long_corpora(draw: st.DrawFn) -> list[tuple[list[str], list[str]]]:
    """Gold and predicted units for more than one counting block: a few drawn pairs
    (some empty) repeated past CHUNK units, so the block boundaries are crossed."""
    pairs = draw(st.lists(st.one_of(st.just(([], [])), text_and_two_segmentations()),
                          min_size=1, max_size=5))
    total = draw(st.integers(CHUNK + 1, CHUNK + 300))
    return [pairs[index % len(pairs)] for index in range(total)]


def _interleave(shared: list[str], own: list[list[str]]) -> list[str]:
    """``own[k]`` before the k-th shared word (the rest after the last one)."""
    out: list[str] = []
    for k, word in enumerate(shared):
        out += own[k] if k < len(own) else []
        out.append(word)
    return out + [w for extra in own[len(shared):] for w in extra]


def _own_words(draw: st.DrawFn, side: str) -> list[list[str]]:
    """Each gap's words of one side only: random gaps, or gaps of one size (runs of
    discards around every shared word, where a provisional mark survives thinning)."""
    alphabet = st.sampled_from([f"{side}{k}" for k in range(4)])
    size = draw(st.sampled_from([0, 1, 2, 3, 3, 4]))
    if size == 0:
        return draw(st.lists(st.lists(alphabet, max_size=3), max_size=16))
    return [draw(st.lists(alphabet, min_size=size, max_size=size)) for _ in range(16)]


@st.composite
def shared_in_order(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Two lines whose middles share words in one order, each side's other words its
    own (middle_kept's shortcut applies), often with one word repeated beyond MANY (5,
    or 10 for a middle of 256 words and more, on either side) and sometimes bent so
    that the shortcut must not apply: two shared words swapped, one dropped, or a
    word of one side put on the other."""
    shared = draw(st.one_of(st.lists(st.sampled_from(["s0", "s1", "s2"]), max_size=14),
                            st.integers(4, 12).map(lambda n: ["s0"] * n)))
    padding = st.sampled_from([0, 0, 250, 260, 1030])
    a = _interleave(shared, _own_words(draw, "a")) + ["a9"] * draw(padding)
    shared_b = list(shared)
    bend = draw(st.sampled_from(["none", "none", "swap", "drop", "cross"]))
    if bend == "swap" and len(set(shared_b)) >= 2:
        i = draw(st.integers(0, len(shared_b) - 2))
        shared_b[i], shared_b[i + 1] = shared_b[i + 1], shared_b[i]
    elif bend == "drop" and shared_b:
        del shared_b[draw(st.integers(0, len(shared_b) - 1))]
    b = _interleave(shared_b, _own_words(draw, "b")) + ["b9"] * draw(padding)
    if bend == "cross" and a:
        b.insert(draw(st.integers(0, len(b))), draw(st.sampled_from(a)))
    ends = draw(st.lists(st.sampled_from(["s0", "a0", "b0", "e"]), max_size=3))
    return ends + a + ends[::-1], ends + b + ends
