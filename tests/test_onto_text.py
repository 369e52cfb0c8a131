"""onto_text: a library's tokens laid back onto the unit's text, whitespace restored."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from evalkit.align import skeleton, word_spans
from evalkit.segmenters.base import onto_text
from tests.strategies import WHITESPACE, segmentations, texts, with_separators

SPACES = [*WHITESPACE, "\xa0", "\u2009", "\n"]


@st.composite
def spaced_text_and_tokens(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text with whitespace anywhere (inside words too), and what a library that
    drops whitespace (keeping some, at places of its own) might return for it."""
    characters = draw(texts)
    spaced = "".join(draw(st.sampled_from(["", "", *SPACES])) + c for c in characters)
    spaced += draw(st.sampled_from(["", *SPACES]))
    tokens = draw(with_separators(draw(segmentations(characters))))
    return spaced, tokens


@given(spaced_text_and_tokens())
def test_output_reproduces_the_text_and_keeps_the_words(case: tuple[str, list[str]]) -> None:
    text, tokens = case
    laid = onto_text(text, tokens)
    assert "".join(laid) == text
    assert word_spans(laid) == word_spans(tokens)
    assert all(laid)  # no empty token


@given(spaced_text_and_tokens(), st.data())
def test_a_changed_character_is_left_for_the_text_check(case: tuple[str, list[str]],
                                                        data: st.DataObject) -> None:
    text, tokens = case
    words = [i for i, token in enumerate(tokens) if skeleton(token)]
    index = data.draw(st.sampled_from(words))
    changed = [*tokens[:index], tokens[index] + "变", *tokens[index + 1:]]
    assert onto_text(text, changed) == changed


def test_whitespace_runs_stay_whole_and_inner_whitespace_stays_inside() -> None:
    assert onto_text("  前后空格 \u3000", ["前后", "空格"]) == ["  ", "前后", "空格", " \u3000"]
    assert onto_text("Peking University。", ["PekingUniversity", "。"]) == \
        ["Peking University", "。"]
    assert onto_text("a \u2009b", ["a", "\u2009", "b"]) == ["a", " \u2009", "b"]
