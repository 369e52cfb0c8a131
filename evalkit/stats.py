"""Confidence intervals and paired significance tests, from per-sentence counts.

Everything here is arithmetic on the count matrices that scoring produced:
resampling draws sentences (docs/scoring.md §Resampling sentences), sums
their counts with one matrix product per corpus, and recomputes the scores, so
no text is read again and no loop runs over resamples × sentences.

- Intervals: percentile bootstrap (numpy's default linear interpolation
  between order statistics).
- Paired bootstrap: the same resampled sentences for both systems; the
  differences in word F1 are centred on zero (the null hypothesis) and the
  p-value is the share, counted as (k + 1) / (n + 1), of centred differences
  at least as large in magnitude as the observed one.
- Approximate randomisation: each sentence's counts are swapped between the
  two systems with probability 1/2; p = (k + 1) / (n + 1) likewise.
- Multiple comparisons: Holm (default) or Benjamini-Hochberg adjusted p-values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from evalkit.results import Results, RowResult
from evalkit.stats_corrections import adjust
from evalkit.stats_options import StatsOptions
from evalkit.stats_records import (
    Comparison,
    CorpusStatistics,
    Interval,
    Pair,
    PairedTests,
    Rank,
    RankConflict,
    Statistics,
    StatsSettings,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

METRICS = ("word_precision", "word_recall", "word_f1",
           "boundary_precision", "boundary_recall", "boundary_f1")
"""What intervals are given for; tests compare ``word_f1``."""


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator / denominator, 1 where the denominator is 0 (metrics.prf's rule)."""
    import numpy as np

    safe = np.where(denominator == 0, 1.0, denominator)
    return np.where(denominator == 0, 1.0, numerator / safe)


def scores(sums: FloatArray) -> FloatArray:
    """METRICS from summed counts (last axis: SENTENCE_COLUMNS), vectorised."""
    import numpy as np

    from evalkit.metrics import SENTENCE_COLUMNS

    result = []
    for level in ("words", "boundaries"):
        correct, predicted, gold = (SENTENCE_COLUMNS.index(f"{side}_{level}")
                                    for side in ("correct", "predicted", "gold"))
        precision = _ratio(sums[..., correct], sums[..., predicted])
        recall = _ratio(sums[..., correct], sums[..., gold])
        total = precision + recall
        f1 = np.where(total == 0, 0.0, 2 * precision * recall / np.where(total == 0, 1, total))
        result += [precision, recall, f1]
    return np.stack(result, axis=-1)


def bootstrap_weights(units: int, resamples: int, rng: np.random.Generator) -> FloatArray:
    """How often each unit is drawn in each resample (resamples × units)."""
    import numpy as np

    # int32 draws are the same numbers as int64 ones (numpy takes its 32-bit path for
    # any range below 2**32), and counting row by row keeps the peak memory at the
    # draws plus the result: on a 15,000-sentence corpus, 180 MB instead of 470 MB.
    drawn = rng.integers(0, units, size=(resamples, units),
                         dtype=np.int32 if units < 2 ** 31 else np.int64)
    counts = np.empty((resamples, units), dtype=np.float64)
    for resample, row in enumerate(drawn):
        counts[resample] = np.bincount(row, minlength=units)
    return counts


class Resamples:
    """The bootstrap weights of one corpus, multiplied out chunk by chunk.

    ``resamples @ matrix`` equals ``bootstrap_weights(...) @ matrix`` exactly (the
    same draws, integer-valued sums), but the resamples × units weight matrix is
    never held whole: only the draws (int32) and one chunk of counted rows. Each
    matrix's product is kept, since the paired tests ask for it again and again.
    """

    CHUNK = 64

    def __init__(self, units: int, resamples: int, rng: np.random.Generator) -> None:
        import numpy as np

        self.units = units
        self.drawn = rng.integers(0, units, size=(resamples, units),
                                  dtype=np.int32 if units < 2 ** 31 else np.int64)
        self._products: dict[int, tuple[FloatArray, FloatArray]] = {}

    def __matmul__(self, matrix: FloatArray) -> FloatArray:
        import numpy as np

        kept = self._products.get(id(matrix))
        if kept is not None and kept[0] is matrix:
            return kept[1]
        out = np.empty((len(self.drawn), matrix.shape[1]), dtype=np.float64)
        for start in range(0, len(self.drawn), self.CHUNK):
            rows = self.drawn[start:start + self.CHUNK]
            counts = np.empty((len(rows), self.units), dtype=np.float64)
            for position, row in enumerate(rows):
                counts[position] = np.bincount(row, minlength=self.units)
            out[start:start + len(rows)] = counts @ matrix
        self._products[id(matrix)] = (matrix, out)
        return out


def interval(resampled: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Percentile interval of each metric over resampled scores (resamples × metrics)."""
    import numpy as np

    tail = (1 - level) / 2 * 100
    low, high = np.percentile(resampled, [tail, 100 - tail], axis=0)
    return low, high


def _f1(sums: FloatArray) -> FloatArray:
    return scores(sums)[..., METRICS.index("word_f1")]


def paired_bootstrap(base: FloatArray, system: FloatArray,
                     weights: FloatArray | Resamples) -> tuple[float, float]:
    """(observed difference in word F1, p-value) by paired bootstrap resampling."""
    import numpy as np

    observed = float(_f1(system.sum(axis=0)) - _f1(base.sum(axis=0)))
    deltas = _f1(weights @ system) - _f1(weights @ base)
    centred = deltas - deltas.mean()
    hits = int(np.count_nonzero(np.abs(centred) >= abs(observed) - 1e-12))
    return observed, (hits + 1) / (len(deltas) + 1)


def approximate_randomization(base: FloatArray, system: FloatArray, trials: int,
                              rng: np.random.Generator) -> tuple[float, float]:
    """(observed difference in word F1, p-value) by approximate randomisation."""
    import numpy as np

    observed = float(_f1(system.sum(axis=0)) - _f1(base.sum(axis=0)))
    swap = (rng.random((trials, len(base))) < 0.5).astype(np.float64)
    moved = swap @ (base - system)  # what swapping adds to the system's sums
    deltas = _f1(system.sum(axis=0) + moved) - _f1(base.sum(axis=0) - moved)
    hits = int(np.count_nonzero(np.abs(deltas) >= abs(observed) - 1e-12))
    return observed, (hits + 1) / (trials + 1)


class _Tester:
    """Runs the chosen test on one corpus, with that corpus's resamples."""

    def __init__(self, options: StatsOptions, weights: FloatArray | Resamples,
                 rng: np.random.Generator) -> None:
        self.options, self.weights, self.rng = options, weights, rng

    def __call__(self, base: FloatArray, system: FloatArray) -> tuple[float, float]:
        if self.options.test == "ar":
            return approximate_randomization(base, system, self.options.resamples, self.rng)
        return paired_bootstrap(base, system, self.weights)


def _corpus_statistics(rows: list[RowResult], options: StatsOptions,
                       rng: np.random.Generator) -> CorpusStatistics:
    import numpy as np

    matrices = [row.per_sentence.astype(np.float64) for row in rows]
    units = len(matrices[0])
    weights = Resamples(units, options.resamples, rng)
    intervals: dict[str, dict[str, Interval]] | None = None
    if options.level is not None:
        stacked = np.concatenate(matrices, axis=1)  # units × (6 · systems): one product
        resampled = scores((weights @ stacked).reshape(options.resamples, len(rows), -1))
        intervals = {}
        for position, row in enumerate(rows):
            low, high = interval(resampled[:, position, :], options.level)
            intervals[row.segmenter] = {
                metric: Interval(float(lo), float(hi))
                for metric, lo, hi in zip(METRICS, low, high, strict=True)}
    refused, paired = None, None
    if options.paired and len(rows) > 1:
        paired = _paired(rows, matrices, options, _Tester(options, weights, rng))
    elif options.paired:
        refused = f"only {rows[0].segmenter} has a row here (the others failed): nothing to pair"
    return CorpusStatistics(rows[0].corpus, units, intervals, refused, paired)


@dataclass(frozen=True)
class ComparedPair:
    """One pair of systems (by position) tested: ``delta_f1`` is b's F1 minus a's."""

    a: int
    b: int
    delta_f1: float
    p: float
    p_adjusted: float
    significant: bool


def all_pairs(matrices: list[FloatArray], options: StatsOptions,
              test: _Tester) -> list[ComparedPair]:
    """Every pair of systems tested once, p-values adjusted over the whole family.

    The star against a baseline and the ranks are both read from this one
    family (docs/scoring.md §Ranks).
    """
    pairs = list(combinations(range(len(matrices)), 2))
    found = [test(matrices[a], matrices[b]) for a, b in pairs]
    adjusted = adjust([p for _, p in found], options.correction)
    return [ComparedPair(a, b, delta, p, q, q < options.alpha)
            for (a, b), (delta, p), q in zip(pairs, found, adjusted, strict=True)]


def wmt_ranks(f1: list[float], pairs: Sequence[ComparedPair]) -> list[int]:
    """Rank of each system: 1 + the number of systems significantly better than it."""
    better = [0] * len(f1)
    for pair in pairs:
        if pair.significant:
            better[pair.b if f1[pair.a] > f1[pair.b] else pair.a] += 1
    return [1 + count for count in better]


def unordered(f1: list[float], ranks: list[int],
              pairs: Sequence[ComparedPair]) -> list[tuple[int, int]]:
    """(better, worse) of each significant pair that the ranks do not put in order:
    significance is not transitive, so WMT ranks can tie (or invert) such a pair."""
    found = []
    for pair in pairs:
        good, bad = (pair.a, pair.b) if f1[pair.a] > f1[pair.b] else (pair.b, pair.a)
        if pair.significant and ranks[good] >= ranks[bad]:
            found.append((good, bad))
    return found


def _baseline_position(names: list[str], baseline: str | None) -> int | None:
    """Where the baseline's row is: --baseline's, else the first row's; None when the
    --baseline segmenter has no row on this corpus (it failed here)."""
    if baseline is None:
        return 0
    return names.index(baseline) if baseline in names else None


def _paired(rows: list[RowResult], matrices: list[FloatArray], options: StatsOptions,
            test: _Tester) -> PairedTests:
    """Every pair of the rows tested and ranked; --baseline only chooses the
    comparisons shown (none when its segmenter has no row here), never the family."""
    names = [row.segmenter for row in rows]
    base = _baseline_position(names, options.baseline)
    pairs = all_pairs(matrices, options, test)
    f1 = [row.counts.words.f1 for row in rows]
    comparisons = []
    for pair in pairs:
        if base is not None and base in (pair.a, pair.b):
            other, sign = (pair.b, 1) if pair.a == base else (pair.a, -1)
            comparisons.append(Comparison(names[other], sign * pair.delta_f1, pair.p,
                                          pair.p_adjusted, pair.significant))
    ranks = wmt_ranks(f1, pairs)
    ordered = sorted(range(len(rows)), key=lambda i: (ranks[i], -f1[i]))
    conflicts = [RankConflict(names[good], names[bad], ranks[good], ranks[bad])
                 for good, bad in unordered(f1, ranks, pairs)]
    return PairedTests(names[base] if base is not None else str(options.baseline),
                       comparisons,
                       [Pair(names[pair.a], names[pair.b], pair.delta_f1, pair.p,
                             pair.p_adjusted, pair.significant) for pair in pairs],
                       [Rank(names[i], ranks[i], f1[i]) for i in ordered], conflicts)


def analyse(results: Results, options: StatsOptions) -> Statistics:
    """The statistics block of the results document, corpus by corpus."""
    import numpy as np

    options.check_baseline(results.requested or [s.name for s in results.systems],
                           [s.name for s in results.systems])
    # a generator of its own per corpus, seeded alike: a corpus's intervals and tests
    # do not depend on which other corpora share the run, or in which order
    blocks = [_corpus_statistics(rows, options, np.random.default_rng(options.seed))
              for _, rows in results.by_corpus() if rows]
    settings = StatsSettings(options.level, options.paired, options.test, options.resamples,
                             options.seed, options.correction, options.alpha, "word_f1",
                             options.baseline or "first segmenter", "sentence")
    return Statistics(settings, blocks)
