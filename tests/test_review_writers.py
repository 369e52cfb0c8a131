"""Findings of the user review on writing segmentations: a unit the chosen output
format cannot hold is refused with its unit and line, before anything is written
(the tagged format has no blank unit, so the bakeoff sets' blank lines could not
round-trip and `score` then found one unit fewer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.cli import Exit, main
from evalkit.corpus import format_units, parse_pipe, parse_tagged
from evalkit.errors import InputError
from tests.conftest import SHARED

SIGHAN = SHARED / "mirror" / "yuikns" / "icwb2-data" / "873a51fa6234c644126d2f2c5c603a97809d2e49"

words = st.text("中国人民ab", min_size=1, max_size=4)
units = st.lists(st.lists(words, max_size=4), min_size=1, max_size=6)


@given(units)
def test_tagged_writes_every_unit_back_or_refuses_the_blank_one(sentences: list[list[str]]) -> None:
    """Written units read back one for one, or the first unit without words is
    refused (by number): never a file with fewer units than the input."""
    try:
        text = format_units(sentences, "tagged", "<out>")
    except InputError as error:
        first_blank = next(n for n, unit in enumerate(sentences, 1) if not unit)
        assert error.reason.startswith(f"unit {first_blank} (input line {first_blank}) has "
                                       "no words")
        assert "--format-out whitespace or --format-out pipe" in error.reason
        return
    assert [list(u.words) for u in parse_tagged(text, "<out>")] == sentences


def test_tagged_refusal_names_the_input_line_it_was_given() -> None:
    with pytest.raises(InputError) as caught:
        format_units([["中国"], [" "], ["人"]], "tagged", "out.tagged", lines=[3, 9, 12])
    assert str(caught.value).startswith("out.tagged: unit 2 (input line 9) has no words")


def test_pipe_refuses_a_unit_ending_in_a_carriage_return() -> None:
    """The readers drop a CR before the LF, so 'a|\\r' would read back as 'a|' (an
    empty word); the whitespace format holds it (a CR is whitespace)."""
    with pytest.raises(InputError, match=r"out.txt:2: the unit ends with a carriage return"):
        format_units([["中"], ["中", "\r"]], "pipe", "out.txt")
    assert [u.tokens for u in parse_pipe(format_units([["中", "\r", "国"]], "pipe", "o"),
                                         "o")] == [("中", "\r", "国")]
    assert format_units([["中", "\r"]], "whitespace", "out.txt") == "中\n"


def test_segment_refuses_tagged_output_of_a_blank_line_before_running(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    """The input is checked before any segmenter runs (the crashing one never gets to
    crash), one line says which line and which --format-out to use, nothing is written.
    The exit status is usage (2): the input is fine, the output format chosen cannot
    hold it."""
    raw = tmp_path / "raw.txt"
    raw.write_text("中国人民\n\n很好\n", encoding="utf-8")
    out = tmp_path / "out.tagged"
    assert main(["segment", "-s", "crasher", str(raw), "--format-out", "tagged", "-o",
                 str(out), "--no-cache", "-q"]) == Exit.USAGE  # the input is fine
    err = capfd.readouterr().err.strip().splitlines()
    assert err == [f"evalkit: error: {raw}:2: unit 2 (input line 2) has no words (a blank "
                   "line), which the tagged format cannot hold: there a blank line ends a "
                   "sentence, so the output would have one unit fewer and every later unit "
                   "would be paired with the wrong gold unit; use --format-out whitespace or "
                   "--format-out pipe (both keep it as an empty line)"]
    assert list(tmp_path.iterdir()) == [raw]
    # the formats that can hold it still write it, as an empty line
    assert main(["segment", "-s", "chars", str(raw), "--format-out", "pipe", "-o", str(out),
                 "--no-cache", "-q"]) == Exit.OK
    assert out.read_text(encoding="utf-8") == "中|国|人|民\n\n很|好\n"


@pytest.mark.parametrize(("corpus", "line"), [("pku", 1945), ("cityu", 1493), ("as", 3112)])
def test_segment_refuses_tagged_output_of_the_bakeoff_test_sets(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path,
        corpus: str, line: int) -> None:
    """The review's case: PKU and CITYU end with a blank line, AS has three inside."""
    raw = SIGHAN / "testing" / f"{corpus}_test.utf8"
    if not raw.exists():
        pytest.skip(f"SIGHAN 2005 mirror not found at {SIGHAN} (it lives in ../shared)")
    out = tmp_path / "out.tagged"
    assert main(["segment", "-s", "chars", "--format-in", "raw", str(raw), "--format-out",
                 "tagged", "-o", str(out), "--no-cache", "-q"]) == Exit.USAGE
    assert f"{raw}:{line}: unit {line} (input line {line}) has no words" in \
        capfd.readouterr().err
    assert not out.exists()
