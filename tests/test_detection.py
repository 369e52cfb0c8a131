"""Format detection decides from the whole file and refuses mixed evidence
(issue 11, point 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.cli import Exit, main
from evalkit.corpus import detect_format, read_corpus
from evalkit.errors import InputError
from tests.strategies import units


def test_one_pipe_in_a_whitespace_file_is_refused(capfd: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    """Regression: one ASCII '|' made the file pipe format; F1 1.000 instead of 0.667."""
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("中国 人民 银行\nA | B 北京 大学\n", encoding="utf-8")
    pred.write_text("中国人 民银行\nA | B 北京 大学\n", encoding="utf-8")
    assert main(["score", str(gold), str(pred)]) == Exit.BAD_INPUT
    err = capfd.readouterr().err
    assert err == (f"evalkit: error: {gold}:2: mixed formats: line 2 has a '|' (pipe format) "
                   "but line 1 separates words by whitespace alone; the two readings score "
                   "differently, so say which this file is with --format-in pipe or "
                   "--format-in whitespace\n")
    assert main(["score", "--format-in", "whitespace", str(gold), str(pred),
                 "--format", "plain"]) == 0
    assert capfd.readouterr().out.splitlines()[1].split()[2:8] == \
        ["8", "7", "5", "0.714", "0.625", "0.667"]


def test_mixed_prediction_is_the_predictions_fault(capfd: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("中国 人民\n北京 大学\n", encoding="utf-8")
    pred.write_text("中国|人民\n北京 大学\n", encoding="utf-8")
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED
    assert "mixed formats: line 1 has a '|'" in capfd.readouterr().err


def test_evidence_far_down_the_file_counts(tmp_path: Path) -> None:
    lines = ["中国 人民"] * 5000 + ["北京|大学"]
    path = tmp_path / "g.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":5001: mixed formats"):
        read_corpus(path)


def test_lines_of_one_word_are_neutral() -> None:
    assert detect_format("g.txt", "中国\n人民|银行\n好\n") == "pipe"
    assert detect_format("g.txt", "中国\n人民 银行\n好\n") == "whitespace"
    assert detect_format("g.txt", "中国\n好\n") == "whitespace"


@given(st.lists(units, min_size=1, max_size=4), st.lists(units, min_size=1, max_size=4))
def test_mixing_pipe_and_whitespace_lines_is_always_refused(
        piped: list[list[str]], spaced: list[list[str]]) -> None:
    lines = ["|".join(words) for words in piped if len(words) > 1]
    other = [" ".join(words) for words in spaced if len(words) > 1]
    text = "".join(f"{line}\n" for line in lines + other)
    if lines and other:
        with pytest.raises(InputError, match="mixed formats"):
            detect_format("g.txt", text)
    elif lines:
        assert detect_format("g.txt", text) == "pipe"
    elif text:
        assert detect_format("g.txt", text) == "whitespace"
