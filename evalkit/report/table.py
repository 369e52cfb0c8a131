"""The comparison table (tabulate), shared by the terminal and the Markdown report."""

from __future__ import annotations

from evalkit.metrics import PRF
from evalkit.results import Results

HEADERS = ("corpus", "segmenter", "gold", "pred", "correct", "P", "R", "F1", "B-F1",
           "chars/s")
ALIGN = ("left", "left") + ("right",) * (len(HEADERS) - 2)


def _scores(words: PRF, boundaries: PRF, digits: int) -> list[str]:
    return [f"{value:.{digits}f}" for value in
            (words.precision, words.recall, words.f1, boundaries.f1)]


def _speed(chars_per_second: float | None) -> str:
    return "" if chars_per_second is None else f"{chars_per_second:,.0f}"


def table_rows(results: Results, digits: int = 3) -> list[list[str]]:
    """One row per (corpus, segmenter), then a macro-average block over corpora."""
    rows = []
    for row in results.rows:
        counts = row.counts
        rows.append([row.corpus, row.segmenter, str(counts.gold_words),
                     str(counts.predicted_words), str(counts.correct_words),
                     *_scores(counts.words, counts.boundaries, digits),
                     _speed(row.chars_per_second)])
    for average in results.macro_averages():
        rows.append([f"macro avg ({average.corpora})", average.segmenter, "", "", "",
                     *_scores(average.words, average.boundaries, digits), ""])
    return rows


def render_table(results: Results, tablefmt: str = "simple", digits: int = 3) -> str:
    """The table alone, in any tabulate format."""
    from tabulate import tabulate

    return tabulate(table_rows(results, digits), headers=HEADERS, tablefmt=tablefmt,
                    colalign=ALIGN, disable_numparse=True)


def footnotes(results: Results) -> list[str]:
    """Lines that qualify the table: suspect-gold warnings, then the signature."""
    lines = [f"warning: {w['message']}" for w in results.warnings()]
    lines.append(f"signature: {results.signature()}")
    return lines


def render_terminal(results: Results, tablefmt: str = "simple", digits: int = 3) -> str:
    """What `evalkit compare` prints on stdout."""
    return "\n".join([render_table(results, tablefmt, digits), "", *footnotes(results)]) + "\n"
