"""Intervals, paired tests and the signature (docs/scoring.md §Confidence intervals,
§Paired tests, §Signature)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalkit.cli import main
from evalkit.metrics import count, prf
from evalkit.records import LexiconRecord
from evalkit.results import CorpusInfo, Results, RowResult, SystemInfo
from evalkit.stats import (
    METRICS,
    analyse,
    approximate_randomization,
    bootstrap_weights,
    paired_bootstrap,
    scores,
)
from evalkit.stats_corrections import adjust
from evalkit.stats_options import StatsOptions
from evalkit.stats_records import Statistics
from tests.conftest import REPO, SEED
from tests.strategies import text_and_two_segmentations

corpora = st.lists(text_and_two_segmentations(), min_size=1, max_size=12)


def sentence_rows(pairs: list[tuple[list[str], list[str]]]) -> np.ndarray:
    return count([g for g, _ in pairs], [p for _, p in pairs]).sentences.astype(float)


def f1_of(rows: np.ndarray) -> float:
    totals = rows.sum(axis=0)
    return prf(int(totals[2]), int(totals[1]), int(totals[0])).f1


def test_vectorised_scores_follow_prf() -> None:
    sums = np.array([[10, 9, 7, 9, 8, 6], [3, 0, 0, 0, 0, 0], [0, 0, 0, 0, 2, 0]], float)
    for row, computed in zip(sums, scores(sums), strict=True):
        words = prf(int(row[2]), int(row[1]), int(row[0]))
        bounds = prf(int(row[5]), int(row[4]), int(row[3]))
        assert computed.tolist() == pytest.approx([*vars(words).values(),
                                                   *vars(bounds).values()])


@settings(max_examples=60, deadline=None)
@given(corpora, st.integers(0, 2**32 - 1))
def test_interval_contains_the_point_estimate(pairs: list[tuple[list[str], list[str]]],
                                              seed: int) -> None:
    rows = sentence_rows(pairs)
    weights = bootstrap_weights(len(rows), 200, np.random.default_rng(seed))
    resampled = scores(weights @ rows)
    low, high = np.percentile(resampled, [2.5, 97.5], axis=0)
    point = scores(rows.sum(axis=0))
    # a percentile interval can miss the point estimate only through ties at the ends
    assert np.all(low <= point + 1e-9) and np.all(point <= high + 1e-9)


def rows_for(name: str, rows: np.ndarray, corpus: str = "c") -> RowResult:
    per_unit = np.zeros((1, 17), dtype=np.int64)
    per_unit[0, :6] = rows.sum(axis=0)
    return RowResult(corpus, name, per_unit, rows.astype(np.int64))


def results_of(*rows: RowResult) -> Results:
    corpus = CorpusInfo("c", "c.txt", "pipe", "0" * 64, 1, 1, 1)
    systems = [SystemInfo(r.segmenter, "p", "1", {}, 0.0) for r in rows]
    return Results([corpus], systems, list(rows), requested=[r.segmenter for r in rows])


def noisy_corpus(seed: int, sentences: int) -> np.ndarray:
    """Per-sentence counts of a decent system: gold ~20 words, ~85% correct."""
    rng = np.random.default_rng(seed)
    gold = rng.integers(15, 25, sentences)
    predicted = gold + rng.integers(-2, 3, sentences)
    correct = np.minimum(np.minimum(gold, predicted), (gold * 0.85).astype(int) +
                         rng.integers(-1, 2, sentences))
    return np.stack([gold, predicted, correct, gold - 1, predicted - 1, correct], axis=1)


def width(result: Statistics) -> float:
    found = result.corpora[0].interval("a", "word_f1")
    assert found is not None
    return float(found.high - found.low)


def test_intervals_shrink_as_the_corpus_is_repeated() -> None:
    base = noisy_corpus(1, 40)
    options = StatsOptions(level=0.95)
    small = analyse(results_of(rows_for("a", base)), options)
    large = analyse(results_of(rows_for("a", np.tile(base, (16, 1)))), options)
    assert width(large) < width(small) / 2.5  # about 1/sqrt(16) of it


def test_same_seed_same_interval_and_close_for_other_seeds() -> None:
    rows = rows_for("a", noisy_corpus(2, 200))
    first = analyse(results_of(rows), StatsOptions(level=0.95, seed=7))
    again = analyse(results_of(rows), StatsOptions(level=0.95, seed=7))
    other = analyse(results_of(rows), StatsOptions(level=0.95, seed=8))
    assert first == again
    a = first.corpora[0].interval("a", "word_f1")
    b = other.corpora[0].interval("a", "word_f1")
    assert a is not None and b is not None
    assert a != b and abs(a.low - b.low) < 0.01 and abs(a.high - b.high) < 0.01


@pytest.mark.parametrize("test", ["bootstrap", "ar"])
def test_a_system_against_itself_has_p_one(test: str) -> None:
    rows = noisy_corpus(3, 100)
    result = analyse(results_of(rows_for("a", rows), rows_for("b", rows)),
                     StatsOptions(paired=True, test=test))
    paired = result.corpora[0].paired
    assert paired is not None
    comparison = paired.comparisons[0]
    assert comparison.p == 1.0 and comparison.significant is False
    assert [r.rank for r in paired.ranks] == [1, 1]


@pytest.mark.parametrize("test", ["bootstrap", "ar"])
def test_better_on_every_sentence_is_significant(test: str) -> None:
    worse = noisy_corpus(4, 300)
    better = worse.copy()
    better[:, 2] = np.minimum(better[:, 2] + 1, np.minimum(better[:, 0], better[:, 1]))
    better[:, 2] = np.maximum(better[:, 2], worse[:, 2])
    assert np.all(better[:, 2] >= worse[:, 2]) and better[:, 2].sum() > worse[:, 2].sum()
    result = analyse(results_of(rows_for("base", worse), rows_for("new", better)),
                     StatsOptions(paired=True, test=test))
    paired = result.corpora[0].paired
    assert paired is not None
    comparison = paired.comparisons[0]
    assert comparison.delta_f1 > 0 and comparison.p < 0.01 and comparison.significant
    assert [(r.segmenter, r.rank) for r in paired.ranks] == [("new", 1), ("base", 2)]


def slow_paired_bootstrap(base: np.ndarray, system: np.ndarray, resamples: int,
                          seed: int) -> float:
    """Obviously correct: draw indices, sum counts in a loop, centre, count."""
    rng = np.random.default_rng(seed)
    drawn = rng.integers(0, len(base), size=(resamples, len(base)))
    deltas = []
    for row in drawn:
        deltas.append(f1_of(system[row]) - f1_of(base[row]))
    observed = f1_of(system) - f1_of(base)
    mean = sum(deltas) / len(deltas)
    hits = sum(1 for d in deltas if abs(d - mean) >= abs(observed) - 1e-12)
    return (hits + 1) / (resamples + 1)


def slow_randomization(base: np.ndarray, system: np.ndarray, trials: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    swaps = rng.random((trials, len(base))) < 0.5
    observed = f1_of(system) - f1_of(base)
    hits = 0
    for swap in swaps:
        a = np.where(swap[:, None], base, system)
        b = np.where(swap[:, None], system, base)
        hits += abs(f1_of(a) - f1_of(b)) >= abs(observed) - 1e-12
    return (hits + 1) / (trials + 1)


@pytest.mark.parametrize("seed", [0, 1, 99])
def test_vectorised_tests_equal_slow_loops_with_the_same_seed(seed: int) -> None:
    """Cross-check in the manner of sacreBLEU against independent implementations."""
    base = noisy_corpus(10 + seed, 60).astype(float)
    system = noisy_corpus(20 + seed, 60).astype(float)
    system[:, [0, 3]] = base[:, [0, 3]]  # same gold
    weights = bootstrap_weights(len(base), 300, np.random.default_rng(seed))
    _, p = paired_bootstrap(base, system, weights)
    assert p == slow_paired_bootstrap(base, system, 300, seed)
    _, p = approximate_randomization(base, system, 300, np.random.default_rng(seed))
    assert p == slow_randomization(base, system, 300, seed)


def test_multiple_comparison_corrections_by_hand() -> None:
    p = [0.01, 0.04, 0.03, 0.2]
    assert adjust(p, "none") == p
    assert adjust(p, "holm") == pytest.approx([0.04, 0.09, 0.09, 0.2])
    assert adjust(p, "bh") == pytest.approx([0.04, 0.0533333, 0.0533333, 0.2])


def signature_with(**changes: Any) -> str:
    rows = rows_for("a", noisy_corpus(5, 20))
    base = results_of(rows, rows_for("b", noisy_corpus(6, 20)))
    options = {"level": 0.95, "paired": True, **changes.pop("options", {})}
    results = replace(base, **changes)
    return replace(results, statistics=analyse(results, StatsOptions(**options))).signature()


@pytest.mark.parametrize("change", [
    {"options": {"seed": 1}}, {"options": {"resamples": 500}}, {"options": {"test": "ar"}},
    {"options": {"correction": "bh"}}, {"options": {"level": 0.9}},
    {"options": {"baseline": "b"}}, {"metric": "sighan"}, {"normalisation": "width"},
    {"lexicon": LexiconRecord("words.txt", "lexicon", "f" * 64, 1)},
    {"systems": [SystemInfo("a", "p", "2", {"hmm": "false"}, 0.0)]},
])
def test_signature_changes_with_every_input(change: dict[str, Any]) -> None:
    assert signature_with(**change) != signature_with()


def run_fresh(args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "evalkit", *args, "--json"], cwd=REPO,
                          capture_output=True, text=True, check=True)
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_same_inputs_give_byte_identical_numbers_in_fresh_processes(tmp_path: Path) -> None:
    pred = tmp_path / "pred.txt"
    pred.write_text(" ".join(SEED.read_text(encoding="utf-8").replace("|", "")) + "\n",
                    encoding="utf-8")
    args = ["score", str(SEED), str(pred), "--ci", "--resamples", "300"]
    first, second = run_fresh(args), run_fresh(args)
    assert json.dumps(first["statistics"]) == json.dumps(second["statistics"])
    assert first["signature"] == second["signature"]
    assert first["statistics"]["corpora"][0]["resampling_units"] == 21
    assert set(first["statistics"]["corpora"][0]["intervals"]["pred"]) == set(METRICS)


def test_cli_paired_output(capsys: pytest.CaptureFixture[str], fake_segmenters: None) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "-s", "copy=file:" + str(SEED),
                 "--paired", "--ci", "90", "--baseline", "copy", "--test", "ar",
                 "--correction", "bh", "--resamples", "200", "--no-save", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "approximate randomization, 200 resamples, seed 12345, Benjamini-Hochberg" in out
    assert "(baseline)" in out and " *" in out
    assert "90% percentile bootstrap intervals, resampling sentences " \
           "(000_c514ef1e1ad5938b: 21)" in out
    assert "|ci:90%|test:ar|correction:bh|alpha:0.05|baseline:copy|" in out


def test_unknown_baseline_is_a_usage_error(capfd: pytest.CaptureFixture[str],
                                           fake_segmenters: None) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "-s", f"copy=file:{SEED}",
                 "--paired", "--baseline", "nosuch", "--no-save", "--no-cache"]) == 2
    assert "--baseline 'nosuch' is not among the segmenters (chars, copy)" \
        in capfd.readouterr().err


@pytest.mark.parametrize("units", [1, 7, 21, 504, 14773])
def test_bootstrap_weights_are_the_draws_of_one_int64_call(units: int) -> None:
    """The low-memory weights equal counting one int64 draw of every resample at once,
    and leave the generator where that did (later corpora draw the same numbers)."""
    from evalkit.stats import bootstrap_weights

    old_rng, new_rng = np.random.default_rng(7), np.random.default_rng(7)
    drawn = old_rng.integers(0, units, size=(30, units))
    offsets = np.arange(30)[:, None] * units
    expected = np.bincount((drawn + offsets).ravel(), minlength=30 * units).reshape(30, units)
    assert np.array_equal(bootstrap_weights(units, 30, new_rng), expected)
    assert old_rng.random() == new_rng.random()


@pytest.mark.parametrize("units", [1, 21, 505])
def test_resamples_multiply_exactly_like_the_whole_weight_matrix(units: int) -> None:
    from evalkit.stats import Resamples, bootstrap_weights

    matrix = np.random.default_rng(3).integers(0, 40, size=(units, 6)).astype(np.float64)
    whole_rng, chunked_rng = np.random.default_rng(11), np.random.default_rng(11)
    whole = bootstrap_weights(units, 150, whole_rng) @ matrix
    resamples = Resamples(units, 150, chunked_rng)
    assert np.array_equal(resamples @ matrix, whole)
    assert resamples @ matrix is resamples @ matrix  # kept for the next test
    assert whole_rng.random() == chunked_rng.random()


def test_a_corpus_statistics_do_not_depend_on_the_other_corpora_in_the_run() -> None:
    def run(*corpora: str) -> Results:
        infos = [CorpusInfo(c, f"{c}.txt", "pipe", "0" * 64, 1, 1, 1) for c in corpora]
        rows = [rows_for(name, noisy_corpus(seed + len(c), 60), c)
                for c in corpora for seed, name in enumerate(("a", "b"))]
        systems = [SystemInfo(name, "p", "1", {}, 0.0) for name in ("a", "b")]
        return Results(infos, systems, rows, requested=["a", "b"])

    options = StatsOptions(level=0.95, paired=True)
    alone = analyse(run("second"), options).corpora[0]
    after = analyse(run("first", "second"), options).corpora[1]
    assert after.corpus == alone.corpus == "second"
    assert after == alone
