"""The Markdown report: the table in GitHub format, its footnotes and the corpora."""

from __future__ import annotations

from evalkit.report.table import footnotes, render_paired, render_table
from evalkit.results import Results


def _matrix(results: Results, digits: int) -> str:
    """The segmenters × corpora table, best cells in bold, its caption below."""
    from tabulate import tabulate

    from evalkit.report.matrix import build_matrix, caption, headers, matrix_rows

    matrix = build_matrix(results, digits)
    rows = matrix_rows(matrix, digits, best_mark="\0")
    rows = [[_bold(cell) for cell in row] for row in rows]
    table = tabulate(rows, headers=headers(matrix), tablefmt="github", disable_numparse=True,
                     colalign=["left"] + ["right"] * (len(headers(matrix)) - 1))
    return f"{table}\n\n{caption(matrix, 'bold: best in its column')}"


def _bold(cell: str) -> str:
    """A cell whose value carries the best mark, with that value in bold."""
    value, mark, rest = cell.partition("\0")
    return f"**{value}**{rest}" if mark else cell


def render_markdown(results: Results, digits: int = 3) -> str:
    """A self-contained Markdown page, rendered from the results alone."""
    lines = ["# evalkit comparison", "",
             "Word-level precision (P), recall (R) and F1 by exact span match; B-F1 is "
             "F1 over internal word boundaries; chars/s is segmentation speed "
             "(loading excluded).", ""]
    if len(results.corpora) > 1:
        lines += [_matrix(results, digits), ""]
    lines += [render_table(results, "github", digits), ""]
    paired = render_paired(results, "github", digits)
    if paired is not None:
        lines += [paired, ""]
    lines += [f"- {line}" for line in footnotes(results)]
    lines += ["", "## Corpora", "",
              "| corpus | file | format | units | words | sha256 |",
              "|---|---|---|---:|---:|---|"]
    lines += [f"| {c.name} | `{c.path}` | {c.format} | {c.units} | {c.words} | "
              f"`{c.sha256[:16]}` |" for c in results.corpora]
    return "\n".join(lines) + "\n"
