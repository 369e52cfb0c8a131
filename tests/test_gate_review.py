"""Findings of a user review of the regression gate: the tolerance boundary is
inclusive, a corpus is known by its content, stored paths are found from
elsewhere, and nothing the run writes is found unwritable only after the run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evalkit.check import Verdict, github_annotations, run_gate
from evalkit.cli import Exit, main
from evalkit.errors import UsageError
from evalkit.usage import check_gate_thresholds

WORDS = [chr(0x4E00 + i) for i in range(601)]
"""601 one-character gold words: the dictionary double cuts them all right without
a word list, and merging two pairs gives P = 597/599, R = 597/601, F1 = 0.995."""


@pytest.fixture
def single_chars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str], fake_segmenters: None) -> Path:
    """A 601-word gold, a baseline of the dictionary double on it (F1 = 1)."""
    monkeypatch.chdir(tmp_path)
    lines = [" ".join(WORDS[i:i + 100]) for i in range(0, len(WORDS), 100)]
    (tmp_path / "gold.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["compare", "--gold", "gold.txt", "-s", "dictionary", "--save-baseline",
                 "baselines/dev.json", "--no-save", "-q"]) == Exit.OK
    capsys.readouterr()
    return tmp_path


def test_a_drop_of_exactly_max_drop_is_within_tolerance(
        capsys: pytest.CaptureFixture[str], single_chars: Path) -> None:
    # (0.995 - 1.0) * 100 is -0.5000000000000004 in floating point
    (single_chars / "pairs.txt").write_text(f"{WORDS[0]}{WORDS[1]}\n{WORDS[2]}{WORDS[3]}\n",
                                            encoding="utf-8")
    spec = "dictionary=dictionary:user_dict=pairs.txt"
    code = main(["check", "--baseline", "baselines/dev.json", "-s", spec, "-q"])
    out = capsys.readouterr().out
    assert code == Exit.OK, out
    assert "within tolerance" in out and "1 rows pass, 0 fail" in out
    code = main(["check", "--baseline", "baselines/dev.json", "-s", spec, "-q",
                 "--max-drop", "0.49"])
    assert code == Exit.REGRESSION
    assert "F1 dropped 0.50 points (from 1.0000 to 0.9950)" in capsys.readouterr().out


def test_a_max_drop_no_drop_can_exceed_is_refused(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    for value in ("100", "1000"):
        code = main(["check", "--baseline", str(tmp_path / "none.json"), "--max-drop", value])
        captured = capsys.readouterr()
        assert code == Exit.USAGE and captured.out == ""
        assert captured.err.count("\n") == 1
        assert f"--max-drop {value}: F1 is at most 100 points" in captured.err
    with pytest.raises(UsageError, match="at most 100 points"):
        run_gate(tmp_path / "none.json", max_drop=250)
    check_gate_thresholds(99.9, None, 1000)  # a 100-point drop would still fail


def test_annotation_titles_escape_colons_and_commas() -> None:
    verdict = Verdict("dev,v2", "mine=py:m:cut", 1.0, 0.9, -10.0, None, "worse",
                      "F1 dropped 10%, a: b\nline")
    [line] = github_annotations([verdict])
    title, message = line.removeprefix("::error title=").split("::", 1)
    assert title == "evalkit worse%3A dev%2Cv2 × mine=py%3Am%3Acut"
    assert message == "F1 dropped 10%25, a: b%0Aline"  # the message keeps : and ,


@pytest.mark.parametrize("target", ["folder", "file/gate.xml"])
def test_an_unwritable_junit_xml_is_refused_before_the_run(
        capsys: pytest.CaptureFixture[str], single_chars: Path, target: str) -> None:
    (single_chars / "folder").mkdir()
    (single_chars / "file").write_text("not a folder\n", encoding="utf-8")
    (single_chars / "pairs.txt").write_text(f"{WORDS[0]}{WORDS[1]}{WORDS[2]}\n",
                                            encoding="utf-8")
    code = main(["check", "--baseline", "baselines/dev.json", "-q", "-s",
                 "dictionary=dictionary:user_dict=pairs.txt", "--junit-xml", target])
    captured = capsys.readouterr()
    assert code == Exit.CANNOT_WRITE, captured  # before a run that would find a regression
    assert captured.out == "" and captured.err.count("\n") == 1
    assert target in captured.err and "choose another --junit-xml" in captured.err


def test_gold_under_another_file_name_is_the_baselines_corpus(
        capsys: pytest.CaptureFixture[str], single_chars: Path) -> None:
    elsewhere = single_chars / "copies" / "other-name.txt"
    elsewhere.parent.mkdir()
    shutil.copy(single_chars / "gold.txt", elsewhere)
    code = main(["check", "--baseline", "baselines/dev.json", "--gold", str(elsewhere),
                 "-q"])
    out = capsys.readouterr().out
    assert code == Exit.OK, out
    assert "other-name" not in out and "missing" not in out and "new" not in out
    row = next(line for line in out.splitlines() if line.startswith("gold "))
    assert row.split()[-1] == "unchanged"


def test_a_stored_relative_path_is_found_from_the_baselines_folder(
        capsys: pytest.CaptureFixture[str], single_chars: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The baseline stores gold.txt, relative to the folder compare ran in; the
    check runs elsewhere and finds it beside the baseline's folder."""
    (single_chars / "elsewhere").mkdir()
    monkeypatch.chdir(single_chars / "elsewhere")
    baseline = str(single_chars / "baselines" / "dev.json")
    code = main(["check", "--baseline", baseline, "-q"])
    out = capsys.readouterr().out
    assert code == Exit.OK, out
    assert "unchanged" in out
    (single_chars / "gold.txt").rename(single_chars / "moved.txt")
    code = main(["check", "--baseline", baseline, "-q"])
    captured = capsys.readouterr()
    assert code == Exit.BAD_INPUT and captured.out == ""
    [line] = captured.err.splitlines()
    assert f"gold.txt: the gold of corpus gold, as stored in the baseline {baseline}: not " \
        f"found from the current folder ({single_chars / 'elsewhere'}), nor as " \
        f"{single_chars / 'baselines' / 'gold.txt'}, {single_chars / 'gold.txt'}" in line
    assert line.endswith("give the gold's new place with --gold FILE")
    code = main(["check", "--baseline", baseline, "--gold", "../moved.txt", "-q"])
    assert code == Exit.OK, capsys.readouterr()
