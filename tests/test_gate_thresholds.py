"""Thresholds that switch a test off are refused: a regression gate that can never
fail, paired tests that can never be significant, intervals with nothing beyond
their ends. The rule lives in the library (evalkit.usage), so the command line,
CheckRequest, run_gate (the pytest plugin) and StatsOptions all refuse alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.check import RESAMPLES, run_gate
from evalkit.cli import Exit, main
from evalkit.errors import UsageError
from evalkit.gate import CheckRequest
from evalkit.stats_options import StatsOptions
from evalkit.usage import (
    check_gate_thresholds,
    resamples_for,
    resamples_for_interval,
    smallest_p_value,
)
from tests.conftest import SEED


@pytest.mark.parametrize(("args", "message"), [
    (["--significance", "0.0001"],
     "--significance 0.0001: with 1000 resamples the smallest p-value is 1/1001 = "
     "0.000999001, so no drop could ever fail the gate; give a level above 0.000999001 "
     "(p < 0.0001 would need at least 10000 resamples)"),
    (["--significance", "0.000999"], "1/1001"),
    (["--significance", "0"], "--significance 0: a p-value level lies between 0 and 1"),
    (["--significance", "1"], "--significance 1: a p-value level lies between 0 and 1"),
    (["--significance", "1.5"], "--significance 1.5: a p-value level lies between 0 and 1"),
    (["--significance", "nan"], "--significance nan: a p-value level"),
    (["--max-drop", "-1"], "--max-drop -1: a drop is a finite number of F1 points, 0 or more"),
    (["--max-drop", "inf"], "--max-drop inf: a drop is a finite number"),
])
def test_check_refuses_thresholds_that_disable_the_gate(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str],
        message: str) -> None:
    missing = tmp_path / "no-such-baseline.json"  # refused before anything is read
    assert main(["check", "--baseline", str(missing), *args]) == Exit.USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in captured.err


def test_the_library_refuses_too_not_only_the_command_line(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="smallest p-value is 1/1001"):
        CheckRequest(tmp_path / "b.json", significance=0.0005)
    with pytest.raises(UsageError, match=r"--max-drop -0\.5"):
        run_gate(tmp_path / "b.json", max_drop=-0.5)
    CheckRequest(tmp_path / "b.json", max_drop=0, significance=0.001)  # reachable: fine


@pytest.mark.parametrize(("args", "message"), [
    (["--paired", "--resamples", "5"],
     "--paired --resamples 5: the smallest p-value 5 resamples can give is 1/6 = 0.167, "
     "never below 0.05, so no difference could be significant; use --resamples 20 or more"),
    (["--paired", "--resamples", "19"], "use --resamples 20 or more"),
    (["--ci", "--resamples", "10"],
     "--ci 95 --resamples 10: a 95% percentile interval needs at least 40 resamples"),
    (["--ci", "99", "--resamples", "150"], "needs at least 200 resamples"),
])
def test_compare_refuses_too_few_resamples(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, args: list[str],
        message: str) -> None:
    code = main(["compare", "--gold", str(SEED), "-s", "chars", "-s", "jieba", *args,
                 "--no-save", "--no-cache", "-q"])
    captured = capsys.readouterr()
    assert code == Exit.USAGE and captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err


def test_enough_resamples_are_accepted() -> None:
    StatsOptions(paired=True, resamples=20)
    StatsOptions(level=0.95, resamples=40)
    StatsOptions(level=0.99, resamples=200)
    with pytest.raises(UsageError):
        StatsOptions(level=0.95, resamples=39)


@given(st.floats(min_value=1e-6, max_value=0.999))
def test_resamples_for_is_the_fewest_that_reach_the_level(level: float) -> None:
    needed = resamples_for(level)
    assert smallest_p_value(needed) < level
    assert needed == 1 or smallest_p_value(needed - 1) >= level


@given(st.floats(min_value=0.5, max_value=0.9999))
def test_interval_resamples_leave_one_beyond_each_end(level: float) -> None:
    needed = resamples_for_interval(level)
    assert needed * (1 - level) / 2 >= 1 - 1e-9
    assert (needed - 1) * (1 - level) / 2 < 1


def test_the_gate_default_significance_is_reachable() -> None:
    check_gate_thresholds(0.5, 0.05, RESAMPLES)
    check_gate_thresholds(0.0, 1.5 / (RESAMPLES + 1), RESAMPLES)
