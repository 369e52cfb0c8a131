"""The comparison table (tabulate), shared by the terminal and the Markdown report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evalkit.errors import UsageError
from evalkit.metrics import PRF
from evalkit.results import Results, RowResult, SystemInfo, macro_average_notes

if TYPE_CHECKING:
    from evalkit.stats_records import Interval, StatsSettings

SCORE_HEADERS = ("corpus", "segmenter", "gold", "pred", "correct", "P", "R", "F1", "B-F1")
VOCABULARY_HEADERS = ("OOV", "R-OOV", "R-IV")
TIMING_HEADERS = ("load s", "chars/s", "units/s", "RSS MB")


SHOWN = ("word_precision", "word_recall", "word_f1", "boundary_f1")
"""The metrics of the P, R, F1 and B-F1 columns, as stats.METRICS names them."""


def _scores(words: PRF, boundaries: PRF, digits: int,
            intervals: dict[str, Interval] | None = None) -> list[str]:
    values = (words.precision, words.recall, words.f1, boundaries.f1)
    cells = [f"{value:.{digits}f}" for value in values]
    if intervals is not None:
        cells = [f"{cell} [{intervals[m].low:.{digits}f}, {intervals[m].high:.{digits}f}]"
                 for cell, m in zip(cells, SHOWN, strict=True)]
    return cells


def _intervals(results: Results) -> dict[tuple[str, str], dict[str, Interval]]:
    return {} if results.statistics is None else results.statistics.intervals()


def _number(value: float | None, decimals: int = 0) -> str:
    return "" if value is None else f"{value:,.{decimals}f}"


def _ratio(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


CACHED_MARK = "†"
"""Marks a timing cell measured in an earlier run (the output came from the cache)."""


def _speed(row: RowResult, value: float | None) -> str:
    if row.segment_seconds is None:
        return "n/a"  # read from a file: nothing ran, nothing to measure
    return _number(value) + (CACHED_MARK if row.cached and value is not None else "")


def timing_cells(row: RowResult, system: SystemInfo | None) -> list[str]:
    """load s, chars/s, units/s and RSS MB for a row, as every view shows them: a value
    from the cache carries CACHED_MARK, a speed that was never measured is n/a."""
    load = None if system is None else system.load_seconds
    rss = None if system is None else system.peak_rss_mb
    mark = CACHED_MARK if system is not None and system.cached else ""
    return [_number(load, 2) + (mark if load is not None else ""),
            _speed(row, row.chars_per_second), _speed(row, row.units_per_second),
            _number(rss) + (mark if rss is not None else "")]


def cached_note(results: Results) -> str | None:
    """The footnote that explains CACHED_MARK, naming the cached rows."""
    rows = [f"{row.segmenter} on {row.corpus}" for row in results.rows if row.cached]
    if not rows:
        return None
    which = "every row" if len(rows) == len(results.rows) else ", ".join(rows)
    return (f"{CACHED_MARK} timing from the cache, measured in an earlier run ({which}); "
            "--no-cache measures again")


def _order(results: Results) -> list[str]:
    return results.requested or [s.name for s in results.systems]


def table_rows(results: Results, digits: int = 3) -> tuple[list[str], list[list[str]]]:
    """Headers and rows: one per (corpus, segmenter) in request order, failed ones
    included, then a macro-average block.

    OOV columns appear only with a lexicon, timing columns only when timed, the
    status column only when something failed.
    """
    timed = any(row.timed for row in results.rows)
    vocabulary = results.lexicon is not None
    failed = bool(results.failures)
    headers = [*SCORE_HEADERS, *(VOCABULARY_HEADERS if vocabulary else ()),
               *(TIMING_HEADERS if timed else ())]
    if failed:
        headers.insert(2, "status")
    systems = {s.name: s for s in results.systems}
    found = {(row.corpus, row.segmenter): row for row in results.rows}
    intervals = _intervals(results)
    rows = []
    for corpus in results.corpora:
        for name in _order(results):
            row = found.get((corpus.name, name))
            if row is None:
                cells = [corpus.name, name] + [""] * (len(headers) - 2)
                if failed:
                    cells[2] = results.status(name, corpus.name)
                rows.append(cells)
                continue
            counts = row.counts
            cells = [corpus.name, name, str(counts.gold_words), str(counts.predicted_words),
                     str(counts.correct_words),
                     *_scores(counts.words, counts.boundaries, digits,
                              intervals.get((corpus.name, name)))]
            if vocabulary and results.has_vocabulary(corpus.name):
                v = counts.vocabulary()
                cells += [_ratio(x, digits) for x in (v.oov_rate, v.oov_recall, v.iv_recall)]
            elif vocabulary:
                cells += ["", "", ""]
            if timed:
                cells += timing_cells(row, systems.get(name))
            if failed:
                cells.insert(2, "ok")
            rows.append(cells)
    for average in results.macro_averages():
        cells = [average.label, average.segmenter, "", "", "",
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


def render_paired(results: Results, tablefmt: str = "simple", digits: int = 3) -> str | None:
    """The paired tests against the baseline and the ranking, one block per corpus."""
    from tabulate import tabulate

    if results.statistics is None or not results.statistics.settings.paired:
        return None
    settings = results.statistics.settings
    rows = []
    for block in results.statistics.corpora:
        if block.paired is None:
            continue
        for entry in block.paired.ranks:
            test = block.paired.comparison(entry.segmenter)
            cells = [block.corpus, entry.segmenter, f"{entry.word_f1:.{digits}f}"]
            if test is None:
                missing = block.paired.baseline_missing
                cells += ["" if missing else "(baseline)", "", ""]
            else:
                mark = " *" if test.significant else ""
                cells += [f"{test.delta_f1:+.{digits}f}", f"{test.p:.4f}",
                          f"{test.p_adjusted:.4f}{mark}"]
            rows.append([*cells, str(entry.rank)])
    if not rows:
        return None
    title = (f"{_paired_method(settings, '* = adjusted p')}; shown against the baseline; "
             f"{RANK_MEANING}")
    table = tabulate(rows, headers=["corpus", "segmenter", "F1", "ΔF1", "p", "p adjusted",
                                    "rank"], tablefmt=tablefmt, disable_numparse=True,
                     colalign=["left", "left", "right", "right", "right", "right", "right"])
    return f"{title}\n{table}"


RANK_MEANING = "rank = 1 + the number of segmenters significantly better (WMT style)"


def _paired_method(settings: StatsSettings, significant: str) -> str:
    """How the paired tests were made, ``significant`` naming what marks a significant
    one (the table's star, or the records' column)."""
    correction = {"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "no"}[
        settings.correction]
    test_name = {"bootstrap": "paired bootstrap", "ar": "approximate randomization"}[
        settings.test]
    return (f"paired tests on word F1 between every pair of segmenters ({test_name}, "
            f"{settings.resamples} resamples, seed {settings.seed}, {correction} "
            f"correction over all pairs; {significant} < {settings.alpha:g})")


RECORDS_PAIRED = {
    "rows": "columns rank, baseline, delta_f1, p, p_adjusted and significant (each row "
            "against the baseline); every pair: --view pairs",
    "matrix": "a rank column per corpus; the tests themselves: --view rows or pairs",
    "pairs": "one record per pair (delta_f1 = b's word F1 minus a's)",
}
"""Where the paired tests are in each records view, said on stderr."""


def paired_notes(results: Results) -> list[str]:
    """Under the paired table: rank ties that hide a significant difference (tests are
    not transitive), and corpora where the tests were refused."""
    if results.statistics is None:
        return []
    notes = []
    for block in results.statistics.corpora:
        if block.refused is not None:
            notes.append(f"no paired tests on {block.corpus}: {block.refused}")
        if block.paired is not None and block.paired.baseline_missing:
            notes.append(str(block.paired.baseline_note(block.corpus)))
        for conflict in [] if block.paired is None else block.paired.rank_conflicts:
            good, bad = conflict.better_rank, conflict.worse_rank
            ranked = f"both are rank {good}" if good == bad else \
                f"it is rank {good} and {conflict.worse} rank {bad}"
            notes.append(f"note: on {block.corpus}, {conflict.better} is significantly "
                         f"better than {conflict.worse} although {ranked} (significance "
                         "tests are not transitive)")
    return notes


def footnotes(results: Results) -> list[str]:
    """Lines that qualify the table: failures, suspect gold, settings, the signature."""
    lines = [f"{f.status}: {f.segmenter}" + (f" on {f.corpus}" if f.corpus else "") +
             f": {f.reason}" for f in results.failures]
    lines += [f"warning: {w['message']}" for w in results.warnings()]
    lines += macro_average_notes(results)
    lines += paired_notes(results)
    if results.metric == "exact":
        lines.append("mode: exact span scoring (a word is correct when both its ends match)")
    if results.normalisation != "none":
        lines.append(f"normalisation: {results.normalisation} (applied to gold and "
                     "prediction before scoring)")
    if results.lexicon is not None and results.lexicon.per_corpus:
        lines += [f"vocabulary of {c.name}: {c.lexicon.words} words from "
                  f"{c.lexicon.kind} {c.lexicon.path}"
                  for c in results.corpora if c.lexicon is not None]
    elif results.lexicon is not None:
        lexicon = results.lexicon
        lines.append(f"vocabulary: {lexicon.words} words from {lexicon.kind} {lexicon.path}")
    lines += [raw_text_note(c.name, c.raw) for c in results.corpora if c.raw is not None]
    if results.statistics is not None:
        s = results.statistics.settings
        units = ", ".join(f"{b.corpus}: {b.resampling_units}"
                          for b in results.statistics.corpora)
        kind = (f"{s.level * 100:g}% percentile bootstrap intervals, "
                if s.level is not None else "")
        lines.append(f"statistics: {kind}resampling sentences ({units}), "
                     f"{s.resamples} resamples, seed {s.seed}")
    cached = cached_note(results)
    if cached is not None:
        lines.append(cached)
    if results.machine is not None:
        m = results.machine
        lines.append(f"machine: {m.cpu}, {m.cores} cores, {m.os}, Python {m.python}")
    lines.append(f"signature: {results.signature()}")
    return lines


def raw_text_note(corpus: str, raw: dict[str, Any]) -> str:
    """One line on a corpus's raw text: what segmenters got, and where it disagrees
    with the gold (a property of the corpus, so said once, not per row)."""
    line = f"raw text of {corpus}: segmenters were given {raw['path']}"
    first = raw["first_difference"]
    if first is None:
        line += "; its characters equal the gold's"
    else:
        line += (f"; {raw['differences']} place(s) where it differs from the gold (first: "
                 f"gold line {first['line']}, character {first['column']}: gold "
                 f"{first['gold']!r}, raw {first['raw']!r}); a predicted word touching one "
                 "is never correct")
    if raw["moved_line_breaks"]:
        line += (f"; {raw['moved_line_breaks']} gold line(s) start where no raw line does "
                 f"(first: gold line {raw['first_moved_line']}): words are carried over "
                 "the whole corpus, so moved line breaks change no score")
    return line


VIEWS = ("matrix", "rows", "pairs")
RECORD_FORMATS = {"tsv": "\t", "csv": ","}
"""``--format`` values that print plain records instead of a tabulate table."""


def default_view(results: Results) -> str:
    """The matrix once a run has three or more corpora, the rows view before."""
    return "matrix" if len(results.corpora) >= 3 else "rows"


def render_terminal(results: Results, tablefmt: str = "simple", digits: int = 3,
                    view: str = "rows") -> str:
    """What `evalkit compare` prints on stdout: the rows (and paired tests) or the
    matrix, then the footnotes."""
    if view == "matrix":
        from evalkit.report.matrix import render_matrix

        parts = [render_matrix(results, tablefmt, digits), ""]
    else:
        parts = [render_table(results, tablefmt, digits), ""]
        paired = render_paired(results, tablefmt, digits)
        if paired is not None:
            parts += [paired, ""]
    return "\n".join([*parts, *footnotes(results)]) + "\n"


def render_plain(results: Results, fmt: str, view: str = "rows") -> tuple[str, list[str]]:
    """``--format tsv|csv``: the records for stdout (full precision, one header line)
    and the footnotes, which go to stderr."""
    from evalkit.report.csvfile import pair_records, render_records, row_records
    from evalkit.report.matrix import matrix_records

    records = {"matrix": matrix_records, "pairs": pair_records,
               "rows": row_records}[view](results)
    notes = footnotes(results)
    if results.statistics is not None and results.statistics.settings.paired:
        method = _paired_method(results.statistics.settings, "significant = adjusted p")
        notes.insert(0, f"{method}; {RANK_MEANING}; in these records: {RECORDS_PAIRED[view]}")
    return render_records(*records, delimiter=RECORD_FORMATS[fmt]), notes


def check_view(view: str | None, fmt: str, paired: bool) -> None:
    """--view pairs is records of the paired tests: refused where it would print
    nothing of them (a table format, or a run without --paired)."""
    if view != "pairs":
        return
    if fmt not in RECORD_FORMATS:
        raise UsageError(f"--view pairs prints the paired tests as records, not as --format "
                         f"{fmt}: add --format csv or tsv (the rows view shows the tests "
                         "against the baseline under its table)")
    if not paired:
        raise UsageError("--view pairs lists the paired tests, and without --paired there "
                         "are none: add --paired, or choose --view rows or matrix")
