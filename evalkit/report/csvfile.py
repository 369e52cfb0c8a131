"""The CSV report: one row per corpus × segmenter with every metric."""

from __future__ import annotations

import csv
import io

from evalkit.metrics import COUNT_COLUMNS
from evalkit.results import Results

SCORES = ("word_precision", "word_recall", "word_f1", "boundary_precision", "boundary_recall",
          "boundary_f1", "oov_rate", "oov_recall", "iv_recall")
TIMING = ("load_seconds", "segment_seconds", "chars_per_second", "units_per_second",
          "peak_rss_mb", "timing_cached")
"""timing_cached: the row's output and timing came from the cache (an earlier run);
an empty segment_seconds means not measured (a file: output)."""
HEADER = ("corpus", "segmenter", "status", "reason", *COUNT_COLUMNS, *SCORES,
          "word_f1_low", "word_f1_high", *TIMING)


def render_csv(results: Results, digits: int = 3) -> str:
    """All rows, failures included (status failed, with the reason); full precision."""
    del digits  # CSV keeps full precision: it is for further computation
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    systems = {s.name: s for s in results.systems}
    intervals = {}
    if results.statistics is not None:
        intervals = {(b["corpus"], name): found["word_f1"]
                     for b in results.statistics["corpora"]
                     for name, found in b.get("intervals", {}).items()}
    for row in results.rows:
        counts = row.counts
        vocabulary = counts.vocabulary() if results.lexicon is not None else None
        scores = [counts.words.precision, counts.words.recall, counts.words.f1,
                  counts.boundaries.precision, counts.boundaries.recall, counts.boundaries.f1,
                  *((vocabulary.oov_rate, vocabulary.oov_recall, vocabulary.iv_recall)
                    if vocabulary else (None, None, None))]
        system = systems.get(row.segmenter)
        low, high = intervals.get((row.corpus, row.segmenter), (None, None))
        timing = [system.load_seconds if system else None, row.segment_seconds,
                  row.chars_per_second, row.units_per_second,
                  system.peak_rss_mb if system else None]
        cached = "yes" if row.cached else "no"
        writer.writerow([row.corpus, row.segmenter, "ok", "",
                         *counts.as_dict().values(), *_cells(scores), *_cells([low, high]),
                         *_cells(timing), cached])
    for failure in results.failures:
        for corpus in ([failure.corpus] if failure.corpus else
                       [c.name for c in results.corpora]):
            writer.writerow([corpus, failure.segmenter, "failed", failure.reason]
                            + [""] * (len(HEADER) - 4))
    return buffer.getvalue()


def _cells(values: list[float | None]) -> list[str]:
    return ["" if value is None else repr(value) for value in values]
