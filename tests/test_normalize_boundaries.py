"""--normalize nfkc normalises the text, then carries the tokens' boundaries over;
excerpts that look alike show code points (issue 11, point 18)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given

from evalkit.align import check_same_text, skeleton
from evalkit.cli import Exit, main
from evalkit.errors import TextMismatchError
from evalkit.normalize import normalise_tokens
from tests.strategies import NON_BMP, PLAIN_CHARS, segmentations, text_and_two_segmentations

plain_pairs = text_and_two_segmentations(alphabet=PLAIN_CHARS + NON_BMP)


def test_a_split_combining_mark_is_not_a_text_mismatch(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    """Regression: per-token NFKC left 'e' + U+0301 two characters where the gold's one
    token became 'é', and the prediction was refused as 'output differs'."""
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("我 喝 cafe\u0301 了\n", encoding="utf-8")
    pred.write_text("我 喝 cafe \u0301 了\n", encoding="utf-8")
    assert main(["score", "--normalize", "nfkc", str(gold), str(pred), "--format",
                 "plain"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[2:8] == \
        ["4", "4", "4", "1.000", "1.000", "1.000"]


def test_the_boundary_inside_a_composed_character_is_dropped() -> None:
    assert normalise_tokens(["我", "cafe", "\u0301", "了"], "nfkc") == ["我", "café", "了"]
    assert normalise_tokens(["ｃａｆｅ", "\u0301x"], "nfkc") == ["caféx"]
    assert normalise_tokens(["ＮＢＡ", " ", "１２"], "nfkc") == ["NBA", " ", "12"]


@given(text_and_two_segmentations())
def test_any_two_segmentations_of_a_text_normalise_to_the_same_text(
        pair: tuple[list[str], list[str]]) -> None:
    """Gold and prediction that split the same text differently never disagree on the
    normalised text, combining marks and all."""
    gold, predicted = pair
    text = skeleton(unicodedata.normalize("NFKC", "".join(gold)))
    for tokens in (gold, predicted):
        assert skeleton("".join(normalise_tokens(tokens, "nfkc"))) == text


@given(plain_pairs)
def test_without_marks_every_boundary_is_kept(pair: tuple[list[str], list[str]]) -> None:
    for tokens in pair:
        assert normalise_tokens(tokens, "nfkc") == \
            [unicodedata.normalize("NFKC", token) for token in tokens]


@given(text_and_two_segmentations().flatmap(lambda pair: segmentations("".join(pair[0]))))
def test_kept_boundaries_are_a_subset_of_the_tokens(tokens: list[str]) -> None:
    """A boundary is dropped, never invented: each output word is the normalisation of a
    run of whole input tokens."""
    out = normalise_tokens(tokens, "nfkc")
    start = 0
    for word in out:
        end = start
        while skeleton(unicodedata.normalize("NFKC", "".join(tokens[start:end]))) != word:
            end += 1
            assert end <= len(tokens)
        start = end
    assert start == len(tokens)


def test_excerpts_that_look_alike_show_code_points() -> None:
    with pytest.raises(TextMismatchError) as error:
        check_same_text(["我", "喝", "café", "了"], ["我", "喝", "cafe\u0301", "了"], "x", 1, 1)
    assert "(they look alike; code points from offset 5: gold U+00E9 U+4E86, output " \
        "U+0065 U+0301 U+4E86)" in str(error.value)
    with pytest.raises(TextMismatchError) as error:
        check_same_text(["中国"], ["中\u200b国"], "x", 1, 1)  # a zero-width space
    assert "U+200B" in str(error.value)
    with pytest.raises(TextMismatchError) as error:
        check_same_text(["中国"], ["中华"], "x", 1, 1)
    assert "code points" not in str(error.value)


def test_score_names_code_points_of_a_lookalike_mismatch(capfd: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("我 喝 caf\u00e9 了\n", encoding="utf-8")
    pred.write_text("我 喝 cafe\u0301 了\n", encoding="utf-8")
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED
    assert "gold U+00E9 U+4E86, output U+0065 U+0301 U+4E86" in capfd.readouterr().err
