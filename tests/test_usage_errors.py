"""Options that mean nothing together are usage errors with the fix in the message
(issue 11, point 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.usage import confidence_level
from tests.conftest import SEED

COPY = f"copy=file:{SEED}"


@pytest.mark.parametrize(("arguments", "message"), [
    (["--format-in", "raw"], "raw text has no segmentation to score against"),
    (["--paired"], "needs at least two: add -s for another segmenter, or drop --paired"),
    (["-s", COPY, "--baseline", "copy"], "--baseline applies only to the paired tests: add "
     "--paired"),
    (["-s", COPY, "--test", "ar"], "--test applies only to the paired tests: add --paired"),
    (["-s", COPY, "--correction", "bh", "--baseline", "copy"],
     "--baseline and --correction apply only to the paired tests"),
    (["--resamples", "200"], "--resamples applies only to --ci and --paired"),
    (["--seed", "1"], "--seed applies only to --ci and --paired"),
    (["--ci", "1.5"], "--ci 1.5: a level is a fraction from 0.5 to below 1 (0.95) or a "
     "percentage from 50 to below 100 (95)"),
    (["--ci", "100"], "--ci 100: a level is a fraction"),
    (["--ci", "0"], "--ci 0: a level is a fraction"),
])
def test_meaningless_compare_options_are_usage_errors(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path,
        arguments: list[str], message: str) -> None:
    out = tmp_path / "reports"
    code = main(["compare", "--gold", str(SEED), "-s", "chars", "--out", str(out), *arguments])
    assert code == Exit.USAGE
    assert message in capfd.readouterr().err
    assert not out.exists()  # refused before anything ran or was written


@pytest.mark.parametrize(("arguments", "message"), [
    (["--format-in", "raw"], "raw text has no segmentation to score against"),
    (["--resamples", "50"], "--resamples applies only to --ci"),
    (["--ci", "1.5"], "--ci 1.5: a level is a fraction"),
])
def test_meaningless_score_options_are_usage_errors(
        capfd: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    assert main(["score", str(SEED), str(SEED), *arguments]) == Exit.USAGE
    assert message in capfd.readouterr().err


@pytest.mark.parametrize(("text", "level"), [("95", 0.95), ("0.9", 0.9), ("99.9", 0.999),
                                             ("50", 0.5), ("1", None), ("0.3", None),
                                             ("1.5", None), ("x", None)])
def test_confidence_level_rule(text: str, level: float | None) -> None:
    """Below 1 a fraction, from 1 on a percentage; at least 50%, below 100%."""
    if level is None:
        with pytest.raises(Exception, match="--ci"):
            confidence_level(text)
    else:
        assert confidence_level(text) == pytest.approx(level)


def test_paired_options_with_paired_still_work(capsys: pytest.CaptureFixture[str],
                                               fake_segmenters: None) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "-s", COPY, "--paired",
                 "--baseline", "copy", "--test", "ar", "--resamples", "100", "--seed", "7",
                 "--no-save", "--no-cache"]) == 0
    assert "|resamples:100|seed:7|test:ar|correction:holm|alpha:0.05|baseline:copy|" in \
        capsys.readouterr().out


@pytest.mark.parametrize("argv", [["compare", "--ci", "1.5"], ["compare", "--digits", "-1"],
                                  ["compare", "--digits", "0"], ["check", "--digits", "0"],
                                  ["compare", "--report", "pdf"], ["cache", "prune"],
                                  ["score", "gold.txt"], ["bogus"]])
def test_argument_errors_are_one_line_naming_the_help_to_read(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("evalkit: error: ")
    assert err.rstrip().endswith("--help'") and "usage:" not in err


@pytest.mark.parametrize(("argv", "said"), [
    (["compare", "--sighan", "--format", "csv"], "--format csv has no effect with --sighan"),
    (["compare", "--sighan", "--view", "matrix"], "drop --view"),
    (["score", "--sighan", "--format", "github", "g.txt", "p.txt"],
     "--format github has no effect with --sighan"),
    (["score", "--details", "--format", "tsv", "g.txt", "p.txt"],
     "--details is a side-by-side view"),
])
def test_layout_options_the_output_would_ignore_are_refused(
        argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == Exit.USAGE
    out, err = capsys.readouterr()
    assert out == "" and said in err and err.count("\n") == 1


@pytest.mark.parametrize("command", [["compare"], ["score", str(SEED), str(SEED)],
                                     ["check", "--baseline", "b.json"]])
def test_no_decimals_is_refused(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """--digits 0 would print an F1 of 0.803 as 1 (P 1, R 1, F1 1): refused; 1 is the
    fewest decimals accepted."""
    assert main([*command, "--digits", "0"]) == Exit.USAGE
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "argument --digits: must be between 1 and 10 (with 0, a score of 0.803 would " \
           "print as 1)" in err


def test_one_decimal_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED), str(SEED), "--digits", "1"]) == 0
    assert "1.0" in capsys.readouterr().out
