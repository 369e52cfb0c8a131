"""The comparison table (tabulate), shared by the terminal and the Markdown report."""

from __future__ import annotations

from evalkit.metrics import PRF
from evalkit.results import Results

SCORE_HEADERS = ("corpus", "segmenter", "gold", "pred", "correct", "P", "R", "F1", "B-F1")


def _scores(words: PRF, boundaries: PRF, digits: int) -> list[str]:
    return [f"{value:.{digits}f}" for value in
            (words.precision, words.recall, words.f1, boundaries.f1)]


def _speed(chars_per_second: float | None) -> str:
    return "" if chars_per_second is None else f"{chars_per_second:,.0f}"


VOCABULARY_HEADERS = ("OOV", "R-OOV", "R-IV")


def _ratio(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def table_rows(results: Results, digits: int = 3) -> tuple[list[str], list[list[str]]]:
    """Headers and rows: one per (corpus, segmenter), then a macro-average block.

    OOV columns appear only with a lexicon; the speed column only when timed.
    """
    timed = any(row.chars_per_second is not None for row in results.rows)
    vocabulary = results.lexicon is not None
    headers = [*SCORE_HEADERS, *(VOCABULARY_HEADERS if vocabulary else ()),
               *(("chars/s",) if timed else ())]
    rows = []
    for row in results.rows:
        counts = row.counts
        cells = [row.corpus, row.segmenter, str(counts.gold_words),
                 str(counts.predicted_words), str(counts.correct_words),
                 *_scores(counts.words, counts.boundaries, digits)]
        if vocabulary:
            v = counts.vocabulary()
            cells += [_ratio(x, digits) for x in (v.oov_rate, v.oov_recall, v.iv_recall)]
        rows.append(cells + ([_speed(row.chars_per_second)] if timed else []))
    width = len(headers)
    for average in results.macro_averages():
        cells = [f"macro avg ({average.corpora})", average.segmenter, "", "", "",
                 *_scores(average.words, average.boundaries, digits)]
        rows.append(cells + [""] * (width - len(cells)))
    return headers, rows


def render_table(results: Results, tablefmt: str = "simple", digits: int = 3) -> str:
    """The table alone, in any tabulate format."""
    from tabulate import tabulate

    headers, rows = table_rows(results, digits)
    align = ["left", "left"] + ["right"] * (len(headers) - 2)
    return tabulate(rows, headers=headers, tablefmt=tablefmt, colalign=align,
                    disable_numparse=True)


def footnotes(results: Results) -> list[str]:
    """Lines that qualify the table: suspect-gold warnings, then the signature."""
    lines = [f"warning: {w['message']}" for w in results.warnings()]
    if results.metric == "exact":
        lines.append("mode: exact span scoring (a word is correct when both its ends match)")
    if results.normalisation != "none":
        lines.append(f"normalisation: {results.normalisation} (applied to gold and "
                     "prediction before scoring)")
    if results.lexicon is not None:
        lexicon = results.lexicon
        lines.append(f"vocabulary: {lexicon['words']} words from {lexicon['kind']} "
                     f"{lexicon['path']}")
    lines.append(f"signature: {results.signature()}")
    return lines


def render_terminal(results: Results, tablefmt: str = "simple", digits: int = 3) -> str:
    """What `evalkit compare` prints on stdout."""
    return "\n".join([render_table(results, tablefmt, digits), "", *footnotes(results)]) + "\n"
