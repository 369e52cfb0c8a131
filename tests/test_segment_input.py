"""`evalkit segment` never hands a segmenter gold boundaries, and never drops a -s
(issue 11, points 2 and 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.corpus import looks_segmented, read_text
from tests.conftest import SEED

BAKEOFF = ("pku", "msr", "as", "cityu")


@pytest.mark.parametrize("corpus", BAKEOFF)
def test_bakeoff_gold_looks_segmented_and_raw_text_does_not(icwb2: Path, corpus: str) -> None:
    gold = next((icwb2 / "gold").glob(f"{corpus}_test*_gold.utf8"))
    raw = icwb2 / "testing" / f"{corpus}_test.utf8"
    assert looks_segmented(read_text(gold)[0])
    assert not looks_segmented(read_text(raw)[0])


def test_segment_refuses_a_gold_file_read_as_raw_text(
        capfd: pytest.CaptureFixture[str], icwb2: Path, fake_segmenters: None,
        tmp_path: Path) -> None:
    """Regression: `segment -s jieba gold/pku_test_gold.utf8` kept the gold's spaces and
    scored F1 0.967 instead of 0.818."""
    out = tmp_path / "pred.txt"
    gold = icwb2 / "gold" / "pku_test_gold.utf8"
    assert main(["segment", "-s", "chars", str(gold), "-o", str(out)]) == Exit.USAGE
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "looks segmented" in err
    for option in ("--format-in whitespace", "--format-in pipe", "--format-in raw"):
        assert option in err
    assert not out.exists()


def test_segment_of_a_gold_file_with_its_format_sees_no_spaces(
        capsys: pytest.CaptureFixture[str], icwb2: Path, fake_segmenters: None) -> None:
    gold = icwb2 / "gold" / "pku_test_gold.utf8"
    assert main(["segment", "-s", "chars", str(gold), "--format-in", "whitespace",
                 "--no-cache"]) == 0
    first = capsys.readouterr().out.split("\n")[0]
    words = read_text(gold)[0].split("\n")[0].split()
    assert first.split() == list("".join(words))  # one word per character, no gold hint


def test_segment_reads_the_bakeoff_raw_text_as_raw(
        capsys: pytest.CaptureFixture[str], icwb2: Path, fake_segmenters: None) -> None:
    raw = icwb2 / "testing" / "pku_test.utf8"
    assert main(["segment", "-s", "chars", str(raw), "--no-cache"]) == 0
    assert capsys.readouterr().out.count("\n") == read_text(raw)[0].count("\n")


def test_segment_refuses_the_pipe_seed_without_format_in(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None) -> None:
    assert main(["segment", "-s", "chars", str(SEED)]) == Exit.USAGE
    assert "--format-in pipe" in capfd.readouterr().err


def test_several_segmenters_need_an_output_pattern(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    """Regression: `segment -s jieba -s pkuseg` silently used the last -s."""
    raw = tmp_path / "raw.txt"
    raw.write_text("中国人民\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["segment", "-s", "chars", "-s", "crasher", str(raw), "-o", str(out)]) == \
        Exit.USAGE
    err = capfd.readouterr().err
    assert "2 segmenters given (chars, crasher) but one output" in err
    assert "{segmenter}" in err and not out.exists()
    assert main(["segment", "-s", "chars", "-s", "crasher", str(raw)]) == Exit.USAGE


def test_one_output_per_segmenter_with_a_pattern(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text("中国人民\n", encoding="utf-8")
    pattern = str(tmp_path / "{segmenter}.txt")
    assert main(["segment", "-s", "chars", "-s", "two=chars", str(raw), "-o", pattern,
                 "--no-cache"]) == 0
    for name in ("chars", "two"):
        assert (tmp_path / f"{name}.txt").read_text(encoding="utf-8") == "中 国 人 民\n"
    # one failing segmenter costs its own output only
    assert main(["segment", "-s", "crasher", "-s", "three=chars", str(raw), "-o", pattern,
                 "--no-cache"]) == Exit.SEGMENTER_FAILED
    assert "segmenter 'crasher'" in capfd.readouterr().err
    assert (tmp_path / "three.txt").exists() and not (tmp_path / "crasher.txt").exists()
