"""The comparison table (tabulate), shared by the terminal and the Markdown report."""

from __future__ import annotations

from evalkit.metrics import PRF
from evalkit.results import Results, RowResult, SystemInfo

SCORE_HEADERS = ("corpus", "segmenter", "gold", "pred", "correct", "P", "R", "F1", "B-F1")
VOCABULARY_HEADERS = ("OOV", "R-OOV", "R-IV")
TIMING_HEADERS = ("load s", "chars/s", "units/s", "RSS MB")


def _scores(words: PRF, boundaries: PRF, digits: int) -> list[str]:
    return [f"{value:.{digits}f}" for value in
            (words.precision, words.recall, words.f1, boundaries.f1)]


def _number(value: float | None, decimals: int = 0) -> str:
    return "" if value is None else f"{value:,.{decimals}f}"


def _ratio(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _timing(row: RowResult, system: SystemInfo | None) -> list[str]:
    load = None if system is None else system.load_seconds
    rss = None if system is None else system.peak_rss_mb
    return [_number(load, 2), _number(row.chars_per_second), _number(row.units_per_second),
            _number(rss)]


def _order(results: Results) -> list[str]:
    return results.requested or [s.name for s in results.systems]


def table_rows(results: Results, digits: int = 3) -> tuple[list[str], list[list[str]]]:
    """Headers and rows: one per (corpus, segmenter) in request order, failed ones
    included, then a macro-average block.

    OOV columns appear only with a lexicon, timing columns only when timed, the
    status column only when something failed.
    """
    timed = any(row.segment_seconds > 0 for row in results.rows)
    vocabulary = results.lexicon is not None
    failed = bool(results.failures)
    headers = [*SCORE_HEADERS, *(VOCABULARY_HEADERS if vocabulary else ()),
               *(TIMING_HEADERS if timed else ())]
    if failed:
        headers.insert(2, "status")
    systems = {s.name: s for s in results.systems}
    found = {(row.corpus, row.segmenter): row for row in results.rows}
    rows = []
    for corpus in results.corpora:
        for name in _order(results):
            row = found.get((corpus.name, name))
            if row is None:
                cells = [corpus.name, name] + [""] * (len(headers) - 2)
                if failed:
                    cells[2] = "failed"
                rows.append(cells)
                continue
            counts = row.counts
            cells = [corpus.name, name, str(counts.gold_words), str(counts.predicted_words),
                     str(counts.correct_words), *_scores(counts.words, counts.boundaries,
                                                         digits)]
            if vocabulary:
                v = counts.vocabulary()
                cells += [_ratio(x, digits) for x in (v.oov_rate, v.oov_recall, v.iv_recall)]
            if timed:
                cells += _timing(row, systems.get(name))
            if failed:
                cells.insert(2, "ok")
            rows.append(cells)
    for average in results.macro_averages():
        cells = [f"macro avg ({average.corpora})", average.segmenter, "", "", "",
                 *_scores(average.words, average.boundaries, digits)]
        if failed:
            cells.insert(2, "")
        rows.append(cells + [""] * (len(headers) - len(cells)))
    return headers, rows


def render_table(results: Results, tablefmt: str = "simple", digits: int = 3) -> str:
    """The table alone, in any tabulate format."""
    from tabulate import tabulate

    headers, rows = table_rows(results, digits)
    align = ["left", "left"] + ["right"] * (len(headers) - 2)
    return tabulate(rows, headers=headers, tablefmt=tablefmt, colalign=align,
                    disable_numparse=True)


def footnotes(results: Results) -> list[str]:
    """Lines that qualify the table: failures, suspect gold, settings, the signature."""
    lines = [f"failed: {f.segmenter}" + (f" on {f.corpus}" if f.corpus else "") +
             f": {f.reason}" for f in results.failures]
    lines += [f"warning: {w['message']}" for w in results.warnings()]
    if results.metric == "exact":
        lines.append("mode: exact span scoring (a word is correct when both its ends match)")
    if results.normalisation != "none":
        lines.append(f"normalisation: {results.normalisation} (applied to gold and "
                     "prediction before scoring)")
    if results.lexicon is not None:
        lexicon = results.lexicon
        lines.append(f"vocabulary: {lexicon['words']} words from {lexicon['kind']} "
                     f"{lexicon['path']}")
    cached = [s.name for s in results.systems if s.cached]
    if cached:
        lines.append(f"cached: {', '.join(cached)} (outputs and timings from an earlier "
                     "run; --no-cache to re-run)")
    if results.machine:
        m = results.machine
        lines.append(f"machine: {m['cpu']}, {m['cores']} cores, {m['os']}, Python "
                     f"{m['python']}")
    lines.append(f"signature: {results.signature()}")
    return lines


def render_terminal(results: Results, tablefmt: str = "simple", digits: int = 3) -> str:
    """What `evalkit compare` prints on stdout."""
    return "\n".join([render_table(results, tablefmt, digits), "", *footnotes(results)]) + "\n"
