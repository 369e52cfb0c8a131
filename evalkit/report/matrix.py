"""The matrix view: segmenters as rows, corpora as columns, word F1 in the cells.

This is the table people publish (a segmenter's README, a paper): each cell
the word F1 with its interval under ``--ci`` and its rank from the paired
tests under ``--paired``, the best cell of each column marked, a macro-average
column, and cells where a segmenter failed marked ``failed``. Every output
format renders the same Matrix, built here from the results alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from evalkit.report.markers import RANKED_RULE, marked_best, shown_rule
from evalkit.results import FAILED, NOT_RUN, Results, macro_averages

NO_AVERAGE = "n/a"
"""The macro cell of a segmenter scored only on corpora it reproduces exactly."""


@dataclass(frozen=True)
class Cell:
    """One segmenter on one corpus (or its macro average)."""

    f1: float | None
    """None when the segmenter failed there (or was not run)."""
    interval: tuple[float, float] | None = None
    rank: int | None = None
    best: bool = False
    status: str = FAILED
    """What a cell without F1 shows: failed, or not run (results.Results.status)."""


@dataclass(frozen=True)
class Macro:
    """A segmenter's macro-average F1 and how many corpora it averages."""

    f1: float
    corpora: int


@dataclass(frozen=True)
class Matrix:
    corpora: list[str]
    segmenters: list[str]
    cells: dict[tuple[str, str], Cell]
    """(segmenter, corpus) -> Cell."""
    macro: dict[str, Cell]
    macro_corpora: dict[str, int]
    level: float | None
    paired: bool
    scored: frozenset[str] = frozenset()
    """Segmenters with at least one scored corpus."""
    flagged: frozenset[tuple[str, str]] = frozenset()
    """(segmenter, corpus) rows the gold may have come from (results.warnings()):
    never marked best, since they say nothing about the segmenter."""
    digits: int = 3
    """The decimals the cells are shown with, which untested columns' markers follow."""

    def cell(self, segmenter: str, corpus: str) -> Cell:
        return self.cells.get((segmenter, corpus), Cell(None))

    @property
    def has_macro(self) -> bool:
        return len(self.corpora) > 1


def macro_f1(results: Results) -> dict[str, Macro]:
    """Each segmenter's macro-average word F1: the one place the matrix asks for it,
    so the library's rule (results.macro_averages: corpora a segmenter reproduces
    exactly are left out) is used unchanged."""
    return {m.segmenter: Macro(m.words.f1, m.corpora) for m in macro_averages(results)}


def corpus_ranks(results: Results) -> dict[tuple[str, str], int]:
    """(segmenter, corpus) -> rank from the paired tests, when they were run."""
    if results.statistics is None or not results.statistics.settings.paired:
        return {}
    return {(name, corpus): rank
            for (corpus, name), rank in results.statistics.ranks().items()}


def _intervals(results: Results) -> dict[tuple[str, str], tuple[float, float]]:
    if results.statistics is None:
        return {}
    return {(name, corpus): (found["word_f1"].low, found["word_f1"].high)
            for (corpus, name), found in results.statistics.intervals().items()}


def flagged_rows(results: Results) -> frozenset[tuple[str, str]]:
    """(segmenter, corpus) of each row the gold-matches-segmenter warning names."""
    return frozenset((w["segmenter"], w["corpus"]) for w in results.warnings()
                     if w["kind"] == "gold-matches-segmenter")


def comparable_averages(averages: dict[str, Macro], corpora: int) -> dict[str, Macro]:
    """The macro averages a best marker may choose among: those over every corpus of
    the run, and only when there are two or more of them. An average over fewer
    corpora covers a different set, so comparing it with another says nothing."""
    full = {name: m for name, m in averages.items() if m.corpora == corpora}
    return full if len(full) >= 2 else {}


def build_matrix(results: Results, digits: int = 3) -> Matrix:
    """The matrix; its best markers are markers.marked_best's (the paired tests'
    rank 1 where they ran, else the highest value as shown at ``digits``)."""
    names = results.requested or [s.name for s in results.systems]
    corpora = [c.name for c in results.corpora]
    scores = {(row.segmenter, row.corpus): row.counts.words.f1 for row in results.rows}
    ranks, intervals = corpus_ranks(results), _intervals(results)
    flagged = flagged_rows(results)
    cells = {}
    for corpus in corpora:
        column = {(n, c): f for (n, c), f in scores.items() if c == corpus}
        ranked = {key: rank for key, rank in ranks.items() if key[1] == corpus}
        best = marked_best(column, digits, flagged, ranked or None)
        for name in names:
            cells[name, corpus] = Cell(scores.get((name, corpus)), intervals.get((name, corpus)),
                                       ranks.get((name, corpus)), (name, corpus) in best,
                                       results.status(name, corpus))
    averages = macro_f1(results) if len(corpora) > 1 else {}
    best_macro = marked_best({name: m.f1 for name, m in
                              comparable_averages(averages, len(corpora)).items()}, digits)
    macro = {name: Cell(m.f1, best=name in best_macro) for name, m in averages.items()}
    settings = None if results.statistics is None else results.statistics.settings
    return Matrix(corpora, list(names), cells, macro,
                  {name: m.corpora for name, m in averages.items()},
                  None if settings is None else settings.level,
                  settings is not None and settings.paired,
                  frozenset(name for name, _ in scores), flagged, digits)


def cell_text(cell: Cell, digits: int, best_mark: str = "*") -> str:
    """A cell as plain text: ``0.888* [0.866, 0.911] (2)``; ``failed`` when failed."""
    if cell.f1 is None:
        return cell.status
    text = f"{cell.f1:.{digits}f}" + (best_mark if cell.best else "")
    if cell.interval is not None:
        text += f" [{cell.interval[0]:.{digits}f}, {cell.interval[1]:.{digits}f}]"
    if cell.rank is not None:
        text += f" ({cell.rank})"
    return text


def headers(matrix: Matrix) -> list[str]:
    return ["segmenter", *matrix.corpora, *(["macro avg"] if matrix.has_macro else [])]


def macro_text(matrix: Matrix, name: str, digits: int, best_mark: str = "*") -> str:
    cell = matrix.macro.get(name)
    if cell is None or cell.f1 is None:
        return NO_AVERAGE if name in matrix.scored else _unscored(matrix, name)
    text = f"{cell.f1:.{digits}f}" + (best_mark if cell.best else "")
    used = matrix.macro_corpora.get(name, len(matrix.corpora))
    return text if used == len(matrix.corpora) else f"{text} ({used} of {len(matrix.corpora)})"


def _unscored(matrix: Matrix, name: str) -> str:
    """The macro cell of a segmenter with no row: not run when it ran nowhere."""
    statuses = {matrix.cell(name, corpus).status for corpus in matrix.corpora}
    return NOT_RUN if statuses == {NOT_RUN} else FAILED


def best_notes(matrix: Matrix) -> list[str]:
    """What a reader must know about the best markers of this matrix: rows left out of
    the choice, and which macro averages were compared (or that none could be)."""
    notes = []
    if any(key in matrix.flagged for key in matrix.cells):
        notes.append("a row the gold may have come from (see the warnings) is never "
                     "marked best")
    tested = {corpus for (_, corpus), cell in matrix.cells.items() if cell.rank is not None}
    if tested:
        notes.append(RANKED_RULE)
    untested = [corpus for corpus in matrix.corpora if corpus not in tested]
    untested += ["macro avg"] if matrix.has_macro and matrix.macro else []
    if untested:
        notes.append(shown_rule(matrix.digits, ", ".join(untested) if tested else ""))
    if not matrix.has_macro or not matrix.macro:
        return notes
    count = len(matrix.corpora)
    if any(cell.best for cell in matrix.macro.values()):
        if any(matrix.macro_corpora.get(name) != count for name in matrix.macro):
            notes.append(f"macro avg: best marked only among the averages over all {count} "
                         "corpora (averages over different corpora are not comparable)")
    else:
        notes.append(f"macro avg: none marked best: fewer than two segmenters are averaged "
                     f"over all {count} corpora, and averages over different corpora are "
                     "not comparable")
    return notes


def caption(matrix: Matrix, best: str = "* best in its column") -> str:
    """What the cells hold, said once under (or above) the table."""
    parts = ["word F1"]
    if matrix.level is not None:
        parts.append(f"[{matrix.level * 100:g}% percentile bootstrap interval]")
    if matrix.paired:
        parts.append("(rank on that corpus: 1 + the number of segmenters significantly "
                     "better in the paired tests)")
    text = " ".join(parts) + f"; {best}"
    if matrix.has_macro:
        text += ("; macro avg: unweighted mean over the corpora a segmenter was scored on, "
                 "leaving out those it reproduces exactly (N of M: over N corpora only; "
                 f"{NO_AVERAGE}: none left)")
    text += f"; {FAILED}: the segmenter failed on that corpus"
    if any(cell.status == NOT_RUN for cell in matrix.cells.values() if cell.f1 is None):
        text += f"; {NOT_RUN}: --fail-fast stopped the run before it ran there"
    return "; ".join([text, *best_notes(matrix)])


def matrix_rows(matrix: Matrix, digits: int, best_mark: str = "*") -> list[list[str]]:
    rows = []
    for name in matrix.segmenters:
        cells = [name, *(cell_text(matrix.cell(name, c), digits, best_mark)
                         for c in matrix.corpora)]
        if matrix.has_macro:
            cells.append(macro_text(matrix, name, digits, best_mark))
        rows.append(cells)
    return rows


def render_matrix(results: Results, tablefmt: str = "simple", digits: int = 3) -> str:
    """The matrix as a tabulate table, its caption above it."""
    from tabulate import tabulate

    matrix = build_matrix(results, digits)
    table = tabulate(matrix_rows(matrix, digits), headers=headers(matrix),
                     tablefmt=tablefmt, disable_numparse=True,
                     colalign=["left"] + ["right"] * (len(headers(matrix)) - 1))
    return f"{caption(matrix)}\n{table}"


def matrix_records(results: Results) -> tuple[list[str], list[list[str]]]:
    """The matrix as plain records (full precision): one column per figure, and last
    the warnings about each segmenter's rows (results.warnings()), so a CSV file
    carries them like every other report."""
    matrix = build_matrix(results, 17)
    header = ["segmenter"]
    for corpus in matrix.corpora:
        header.append(f"{corpus}")
        if matrix.level is not None:
            header += [f"{corpus} low", f"{corpus} high"]
        if matrix.paired:
            header.append(f"{corpus} rank")
    if matrix.has_macro:
        header += ["macro avg", "macro corpora"]
    header.append("warning")
    warnings: dict[str, list[str]] = {}
    for warning in results.warnings():
        warnings.setdefault(warning["segmenter"], []).append(warning["message"])
    rows = []
    for name in matrix.segmenters:
        row = [name]
        for corpus in matrix.corpora:
            cell = matrix.cell(name, corpus)
            row.append(cell.status if cell.f1 is None else repr(cell.f1))
            if matrix.level is not None:
                row += ["", ""] if cell.interval is None else [repr(v) for v in cell.interval]
            if matrix.paired:
                row.append("" if cell.rank is None else str(cell.rank))
        if matrix.has_macro:
            macro = matrix.macro.get(name)
            row += [macro_text(matrix, name, 0), "0"] if macro is None or macro.f1 is None \
                else [repr(macro.f1), str(matrix.macro_corpora[name])]
        row.append("; ".join(warnings.get(name, [])))
        rows.append(row)
    return header, rows
