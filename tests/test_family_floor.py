"""Paired tests whose correction could never reach alpha are refused before anything
runs (docs/scoring.md §Multiple comparisons): Holm over m pairs cannot go below
m/(R + 1), so four segmenters with 100 resamples (6/101 = 0.059) are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.cli import Exit, main
from evalkit.errors import UsageError
from evalkit.stats_choices import CORRECTIONS
from evalkit.stats_corrections import adjust, pairs_among, smallest_adjusted
from evalkit.stats_options import StatsOptions
from evalkit.usage import check_family, resamples_for_family, smallest_p_value
from tests.conftest import SEED


def _variants(folder: Path) -> list[str]:
    """Four segmenters: the chars fake, an exact copy of the seed, and two outputs
    with some of the seed's words merged (every 5th and every 3rd pair)."""
    folder.mkdir()
    words = SEED.read_text(encoding="utf-8").strip().split("|")
    specs = ["chars", f"copy=file:{SEED}"]
    for step in (5, 3):
        merged = [a + b if i % step == 0 else None for i, (a, b) in
                  enumerate(zip(words[::2], words[1::2], strict=False))]
        joined = [m if m is not None else f"{a}|{b}" for m, a, b in
                  zip(merged, words[::2], words[1::2], strict=False)]
        tail = [words[-1]] if len(words) % 2 else []
        path = folder / f"every{step}.txt"
        path.write_text("|".join([*joined, *tail]) + "\n", encoding="utf-8")
        specs.append(f"every{step}=file:{path}")
    return [arg for spec in specs for arg in ("-s", spec)]


@pytest.mark.parametrize("extra", [[], ["--baseline", "copy"], ["--test", "ar"]])
def test_holm_that_cannot_reach_alpha_is_refused_before_anything_runs(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path,
        extra: list[str]) -> None:
    """--baseline still tests every pair (6 of them), so it is refused the same way."""
    out = tmp_path / "reports"
    code = main(["compare", "--gold", str(SEED), *_variants(tmp_path / "outputs"),
                 "--paired", "--resamples", "100", "--out", str(out), *extra])
    err = capfd.readouterr().err
    assert code == Exit.USAGE
    assert err.count("\n") == 1
    assert ("--paired --resamples 100 with 4 segmenters: Holm's correction over their 6 "
            "pairs makes the smallest adjusted p-value 6/101 = 0.0594, never below 0.05, "
            "so no difference could be significant; use --resamples 120 or more, or "
            "--correction bh") in err
    assert "started" not in err and not out.exists()  # nothing ran, nothing written


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *options: str) -> dict[str, int]:
    assert main(["compare", "--gold", str(SEED), *_variants(tmp_path / "outputs"),
                 "--paired", *options, "--json", "--no-save", "--no-cache", "-q"]) == 0
    document = json.loads(capsys.readouterr().out)
    return {rank["segmenter"]: rank["rank"]
            for rank in document["statistics"]["corpora"][0]["ranks"]}


def test_the_fewest_resamples_above_the_floor_can_find_a_difference(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    """120 resamples: 6/121 = 0.0496, below 0.05, and a real difference is found."""
    with pytest.raises(UsageError, match=r"6/120 = 0\.05, never below"):
        StatsOptions(paired=True, resamples=119).check_family(4)
    ranks = _run(capsys, tmp_path, "--resamples", "120")
    assert max(ranks.values()) > 1 and ranks["copy"] == 1


def test_benjamini_hochberg_keeps_the_uncorrected_floor(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    ranks = _run(capsys, tmp_path, "--resamples", "100", "--correction", "bh")
    assert max(ranks.values()) > 1


def test_pairs_are_every_pair_of_segmenters() -> None:
    assert [pairs_among(n) for n in range(1, 6)] == [0, 1, 3, 6, 10]
    check_family(20, 0.05, "holm", 1)  # no pair: nothing to refuse


p_floors = st.integers(min_value=1, max_value=5000)


@given(p_floors, st.integers(min_value=1, max_value=30), st.sampled_from(CORRECTIONS),
       st.data())
def test_no_family_goes_below_the_floor_and_all_at_the_floor_reach_it(
        resamples: int, pairs: int, method: str, data: st.DataObject) -> None:
    """Whatever the p-values (each (k + 1)/(R + 1)), the smallest adjusted one is at
    least smallest_adjusted, and p-values all at the floor give exactly it."""
    hits = data.draw(st.lists(st.integers(min_value=0, max_value=resamples),
                              min_size=pairs, max_size=pairs))
    found = adjust([(k + 1) / (resamples + 1) for k in hits], method)
    floor = smallest_adjusted(smallest_p_value(resamples), pairs, method)
    assert min(found) >= floor
    assert min(adjust([1 / (resamples + 1)] * pairs, method)) == floor


@given(p_floors, st.integers(min_value=2, max_value=40), st.sampled_from(CORRECTIONS),
       st.sampled_from([0.05, 0.01, 0.1]))
def test_refused_exactly_when_no_adjusted_p_value_can_reach_alpha(
        resamples: int, segmenters: int, method: str, alpha: float) -> None:
    pairs = pairs_among(segmenters)
    reachable = smallest_adjusted(smallest_p_value(resamples), pairs, method) < alpha
    try:
        check_family(resamples, alpha, method, segmenters)
    except UsageError as error:
        assert not reachable
        needed = resamples_for_family(alpha, pairs, method)
        assert f"use --resamples {needed} or more" in str(error)
    else:
        assert reachable


@given(st.integers(min_value=1, max_value=200), st.sampled_from(CORRECTIONS),
       st.sampled_from([0.05, 0.01, 0.1]))
def test_the_resamples_named_are_the_fewest_that_reach_alpha(
        pairs: int, method: str, alpha: float) -> None:
    def reachable(resamples: int) -> bool:
        return smallest_adjusted(smallest_p_value(resamples), pairs, method) < alpha

    needed = resamples_for_family(alpha, pairs, method)
    assert reachable(needed) and (needed == 1 or not reachable(needed - 1))
