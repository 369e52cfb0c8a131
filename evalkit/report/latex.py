"""The LaTeX report: booktabs tables ready for a paper, the best score per column in bold.

The rows table (corpus, segmenter, P, R, F1, B-F1) carries the F1 interval and a
significance marker against the baseline when the run has them; with two or more
corpora the matrix (segmenters × corpora, word F1) comes first. Each table ends
with a footnote row saying what brackets and markers mean. Nothing beyond
``\\usepackage{booktabs}`` is needed.
"""

from __future__ import annotations

from evalkit.report.markers import RANKED_RULE, marked_best, shown_rule
from evalkit.report.matrix import (
    best_notes,
    build_matrix,
    cell_text,
    corpus_ranks,
    flagged_rows,
    macro_text,
)
from evalkit.results import Results
from evalkit.stats_records import Comparison, StatsSettings

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}"}
COLUMNS = ("P", "R", "F1", "B-F1")
MARK = r"$^{*}$"


def escape(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in text)


def _bold(text: str, best: bool) -> str:
    return rf"\textbf{{{text}}}" if best else text


def _settings(results: Results) -> StatsSettings | None:
    return None if results.statistics is None else results.statistics.settings


def _interval_note(results: Results) -> str:
    s = _settings(results)
    if s is None or s.level is None:
        return ""
    return (f"Brackets: {s.level * 100:g}\\% percentile bootstrap interval "
            f"({s.resamples} resamples of sentences, seed {s.seed}).")


def _tests(results: Results) -> dict[tuple[str, str], Comparison]:
    if results.statistics is None or not results.statistics.settings.paired:
        return {}
    return {(block.corpus, test.segmenter): test
            for block in results.statistics.corpora if block.paired is not None
            for test in block.paired.comparisons}


def _paired_note(results: Results) -> str:
    s = _settings(results)
    if s is None or not s.paired:
        return ""
    test = {"bootstrap": "paired bootstrap", "ar": "approximate randomization"}[s.test]
    correction = {"holm": "Holm-adjusted ", "bh": "Benjamini-Hochberg-adjusted ",
                  "none": ""}[s.correction]
    return (f"{MARK} F1 significantly different from the baseline "
            f"({escape(s.baseline)}; {test}, {correction}$p < {s.alpha:g}$).")


def _footnote(width: int, notes: list[str]) -> list[str]:
    """One row per note under the rule, so no note widens the table much."""
    return [rf"\multicolumn{{{width}}}{{l}}{{\footnotesize {note}}} \\" for note in notes
            if note]


def _rows_table(results: Results, digits: int) -> list[str]:
    intervals = {} if results.statistics is None else {
        key: found["word_f1"] for key, found in results.statistics.intervals().items()}
    tests = _tests(results)
    flagged = flagged_rows(results)
    ranks = corpus_ranks(results)
    lines = [r"\begin{tabular}{llrrrr}", r"\toprule",
             r"Corpus & Segmenter & P & R & F1 & B-F1 \\", r"\midrule"]
    for number, (corpus, rows) in enumerate(results.by_corpus()):
        values = [(r.segmenter, (r.counts.words.precision, r.counts.words.recall,
                                 r.counts.words.f1, r.counts.boundaries.f1)) for r in rows]
        left_out = {name for name, _ in values if (name, corpus.name) in flagged}
        ranked = {name: ranks[name, corpus.name] for name, _ in values
                  if (name, corpus.name) in ranks}
        best = [marked_best({name: scores[i] for name, scores in values}, digits, left_out,
                            ranked or None if COLUMNS[i] == "F1" else None)
                for i in range(len(COLUMNS))]
        if number:
            lines.append(r"\midrule")
        for name, scores in values:
            cells = [_bold(f"{value:.{digits}f}", name in marked)
                     for value, marked in zip(scores, best, strict=True)]
            found = intervals.get((corpus.name, name))
            if found is not None:
                cells[2] += f" [{found.low:.{digits}f}, {found.high:.{digits}f}]"
            test = tests.get((corpus.name, name))
            if test is not None and test.significant:
                cells[2] += MARK
            lines.append(f"{escape(corpus.name)} & {escape(name)} & {' & '.join(cells)} \\\\")
    return [*lines, r"\bottomrule",
            *_footnote(6, [_interval_note(results), _paired_note(results),
                           _rows_bold_note(digits, bool(flagged), bool(ranks)),
                           *_warnings(results)]),
            r"\end{tabular}"]


def _rows_bold_note(digits: int, flagged: bool, ranked: bool) -> str:
    """What bold means in the rows table: markers.marked_best's rule, column by column."""
    never = ", never a row the gold may have come from (see the warnings)" if flagged else ""
    rule = (f"in F1, {RANKED_RULE}; {shown_rule(digits, 'P, R and B-F1')}" if ranked
            else shown_rule(digits))
    return f"Bold: best in its column within a corpus{never}; {rule}."


def _warnings(results: Results) -> list[str]:
    """The warnings every report carries (results.warnings()), as footnote rows."""
    return [f"Warning: {escape(w['message'])}" for w in results.warnings()]


def _matrix_table(results: Results, digits: int) -> list[str]:
    matrix = build_matrix(results, digits)
    width = 1 + len(matrix.corpora) + 1
    lines = [r"\begin{tabular}{l" + "r" * (width - 1) + "}", r"\toprule",
             " & ".join(["Segmenter", *map(escape, matrix.corpora), "Avg."]) + r" \\",
             r"\midrule"]
    for name in matrix.segmenters:
        cells = [escape(name)]
        for corpus in matrix.corpora:
            cell = matrix.cell(name, corpus)
            text = cell_text(cell, digits, "")
            cells.append(_bold(text, cell.best) if cell.f1 is not None else rf"\emph{{{text}}}")
        macro = matrix.macro.get(name)
        text = macro_text(matrix, name, digits, "")
        cells.append(_bold(text, macro.best) if macro is not None else rf"\emph{{{text}}}")
        lines.append(" & ".join(cells) + r" \\")
    notes = ["Word F1.", _interval_note(results),
             "Parentheses: rank on that corpus, 1 + the number of segmenters significantly "
             "better in the paired tests." if matrix.paired else "",
             "Bold: best in its column. Avg.: unweighted mean over the corpora a segmenter "
             "was scored on, leaving out those it reproduces exactly.",
             *(escape(note[0].upper() + note[1:]) + "." for note in best_notes(matrix))]
    return [*lines, r"\bottomrule", *_footnote(width, notes), r"\end{tabular}"]


def render_latex(results: Results, digits: int = 3) -> str:
    """The matrix (two or more corpora) and the rows table; needs \\usepackage{booktabs}."""
    lines = [r"% evalkit " + escape(results.signature())]
    if len(results.corpora) > 1:
        lines += [*_matrix_table(results, digits), ""]
    lines += _rows_table(results, digits)
    return "\n".join(lines) + "\n"
