"""The CSV report: one row per corpus × segmenter with every metric."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from evalkit.metrics import COUNT_COLUMNS, OOV_COLUMNS
from evalkit.results import Results

SCORES = ("word_precision", "word_recall", "word_f1", "boundary_precision", "boundary_recall",
          "boundary_f1", "oov_rate", "oov_recall", "iv_recall")
TIMING = ("load_seconds", "segment_seconds", "chars_per_second", "units_per_second",
          "peak_rss_mb", "timing_cached")
"""timing_cached: the row's output and timing came from the cache (an earlier run);
an empty segment_seconds means not measured (a file: output), and empty timings
a row nothing was run for (evalkit score). warning: the
results' warning about that row (the gold may be the segmenter's own output), empty
when there is none."""
HEADER = ("corpus", "segmenter", "status", "reason", "warning", *COUNT_COLUMNS, *SCORES,
          "word_f1_low", "word_f1_high", *TIMING)


def render_csv(results: Results, digits: int = 3) -> str:
    """All rows, failures included (status failed or not run, with the reason); full precision."""
    del digits  # CSV keeps full precision: it is for further computation
    return render_records(*row_records(results))


def render_matrix_csv(results: Results, digits: int = 3) -> str:
    """The matrix view (segmenters × corpora, word F1) as CSV, full precision."""
    from evalkit.report.matrix import matrix_records

    del digits
    return render_records(*matrix_records(results))


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
    intervals = {} if results.statistics is None else {
        key: found["word_f1"] for key, found in results.statistics.intervals().items()}
    warnings = {(w["corpus"], w["segmenter"]): w["message"] for w in results.warnings()}
    for row in results.rows:
        counts = row.counts
        vocabulary = counts.vocabulary() if results.has_vocabulary(row.corpus) else None
        scores = [counts.words.precision, counts.words.recall, counts.words.f1,
                  counts.boundaries.precision, counts.boundaries.recall, counts.boundaries.f1,
                  *((vocabulary.oov_rate, vocabulary.oov_recall, vocabulary.iv_recall)
                    if vocabulary else (None, None, None))]
        system = systems.get(row.segmenter)
        found = intervals.get((row.corpus, row.segmenter))
        low, high = (None, None) if found is None else (found.low, found.high)
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
                        *_cells([low, high]), *_cells(timing), cached])
    for failure in results.failures:
        for corpus in ([failure.corpus] if failure.corpus else
                       [c.name for c in results.corpora]):
            records.append([corpus, failure.segmenter, failure.status, failure.reason]
                           + [""] * (len(HEADER) - 4))
    return list(HEADER), records


def _cells(values: list[float | None]) -> list[str]:
    return ["" if value is None else repr(value) for value in values]
