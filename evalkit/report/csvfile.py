"""The CSV reports: one row per corpus × segmenter with every metric, interval and
rank; the matrix; and the paired tests, one record per pair.

Every figure is the results document's own (full precision, ``repr``), so a
spreadsheet reads the same numbers as the JSON.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from evalkit.metrics import COUNT_COLUMNS, OOV_COLUMNS
from evalkit.results import Results
from evalkit.stats import METRICS

if TYPE_CHECKING:
    from evalkit.stats_records import Interval, PairedTests

SCORES = ("word_precision", "word_recall", "word_f1", "boundary_precision", "boundary_recall",
          "boundary_f1", "oov_rate", "oov_recall", "iv_recall")
TIMING = ("load_seconds", "segment_seconds", "chars_per_second", "units_per_second",
          "peak_rss_mb", "timing_cached")
"""timing_cached: the row's output and timing came from the cache (an earlier run);
an empty segment_seconds means not measured (a file: output), and empty timings
a row nothing was run for (evalkit score). warning: the
results' warning about that row (the gold may be the segmenter's own output), empty
when there is none."""
INTERVALS = tuple(f"{metric}_{end}" for metric in METRICS for end in ("low", "high"))
"""The ends of every interval --ci computes (stats.METRICS: P, R and F1 of words and
of boundaries); empty without --ci."""
PAIRED = ("rank", "baseline", "delta_f1", "p", "p_adjusted", "significant")
"""With --paired: the row's rank on its corpus (1 + the segmenters significantly
better), and its test against the baseline as the table shows it: delta_f1 is its
word F1 minus the baseline's, p and p_adjusted (over all pairs), significant yes/no;
empty on the baseline's own row, and all empty without --paired."""
HEADER = ("corpus", "segmenter", "status", "reason", "warning", *COUNT_COLUMNS, *SCORES,
          *INTERVALS, *PAIRED, *TIMING)
PAIR_HEADER = ("corpus", "a", "b", "a_word_f1", "b_word_f1", "delta_f1", "p", "p_adjusted",
               "significant")
"""--view pairs: every pair tested on a corpus once (the JSON's ``pairs``); delta_f1
is b's word F1 minus a's, p_adjusted is corrected over all the pairs of the corpus."""


def render_csv(results: Results, digits: int = 3) -> str:
    """All rows, failures included (status failed or not run, with the reason); full precision."""
    del digits  # CSV keeps full precision: it is for further computation
    return render_records(*row_records(results))


def render_matrix_csv(results: Results, digits: int = 3) -> str:
    """The matrix view (segmenters × corpora, word F1) as CSV, full precision."""
    from evalkit.report.matrix import matrix_records

    del digits
    return render_records(*matrix_records(results))


def render_pairs_csv(results: Results, digits: int = 3) -> str:
    """The paired tests (every pair, not only against the baseline) as CSV."""
    del digits
    return render_records(*pair_records(results))


def render_records(header: Sequence[str], rows: Iterable[Sequence[str]],
                   delimiter: str = ",") -> str:
    """Plain records: one header line, no padding, no thousands separators."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def row_records(results: Results) -> tuple[list[str], list[list[str]]]:
    """HEADER and one record per corpus × segmenter, failures included."""
    records: list[list[str]] = []
    systems = {s.name: s for s in results.systems}
    intervals = {} if results.statistics is None else results.statistics.intervals()
    tests = _paired_tests(results)
    warnings = {(w["corpus"], w["segmenter"]): w["message"] for w in results.warnings()}
    for row in results.rows:
        counts = row.counts
        vocabulary = counts.vocabulary() if results.has_vocabulary(row.corpus) else None
        scores = [counts.words.precision, counts.words.recall, counts.words.f1,
                  counts.boundaries.precision, counts.boundaries.recall, counts.boundaries.f1,
                  *((vocabulary.oov_rate, vocabulary.oov_recall, vocabulary.iv_recall)
                    if vocabulary else (None, None, None))]
        system = systems.get(row.segmenter)
        # a scored prediction file (evalkit score) was neither loaded nor segmented:
        # its zero timings do not exist, so they are empty as every missing value is
        timing = [system.load_seconds if system and row.timed else None,
                  row.segment_seconds if row.timed else None,
                  row.chars_per_second, row.units_per_second,
                  system.peak_rss_mb if system else None]
        cached = "yes" if row.cached else "no"
        records.append([row.corpus, row.segmenter, "ok", "",
                        warnings.get((row.corpus, row.segmenter), ""),
                        *(str(value) if vocabulary or name not in OOV_COLUMNS else ""
                          for name, value in counts.as_dict().items()), *_cells(scores),
                        *_interval_cells(intervals.get((row.corpus, row.segmenter), {})),
                        *_paired_cells(tests.get(row.corpus), row.segmenter),
                        *_cells(timing), cached])
    for failure in results.failures:
        for corpus in ([failure.corpus] if failure.corpus else
                       [c.name for c in results.corpora]):
            records.append([corpus, failure.segmenter, failure.status, failure.reason]
                           + [""] * (len(HEADER) - 4))
    return list(HEADER), records


def pair_records(results: Results) -> tuple[list[str], list[list[str]]]:
    """PAIR_HEADER and one record per pair tested, corpus by corpus."""
    records = []
    for corpus, tests in _paired_tests(results).items():
        f1 = {rank.segmenter: rank.word_f1 for rank in tests.ranks}
        records += [[corpus, pair.a, pair.b, *_cells([f1.get(pair.a), f1.get(pair.b),
                                                      pair.delta_f1, pair.p, pair.p_adjusted]),
                     _yes(pair.significant)] for pair in tests.pairs]
    return list(PAIR_HEADER), records


def has_paired_tests(results: Results) -> bool:
    """The run was asked for paired tests (--paired), so --view pairs has records."""
    return results.statistics is not None and results.statistics.settings.paired


def _paired_tests(results: Results) -> dict[str, PairedTests]:
    """Corpus -> its paired tests, for the corpora where they ran."""
    if results.statistics is None:
        return {}
    return {block.corpus: block.paired for block in results.statistics.corpora
            if block.paired is not None}


def _interval_cells(found: dict[str, Interval]) -> list[str]:
    ends: list[float | None] = []
    for metric in METRICS:
        interval = found.get(metric)
        ends += [None, None] if interval is None else [interval.low, interval.high]
    return _cells(ends)


def _paired_cells(tests: PairedTests | None, segmenter: str) -> list[str]:
    if tests is None:
        return [""] * len(PAIRED)
    rank = next((str(r.rank) for r in tests.ranks if r.segmenter == segmenter), "")
    baseline = "" if tests.baseline_missing else tests.baseline
    test = tests.comparison(segmenter)
    if test is None:
        return [rank, baseline, "", "", "", ""]
    return [rank, baseline, *_cells([test.delta_f1, test.p, test.p_adjusted]),
            _yes(test.significant)]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _cells(values: list[float | None]) -> list[str]:
    return ["" if value is None else repr(value) for value in values]
