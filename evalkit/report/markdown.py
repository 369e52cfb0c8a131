"""The Markdown report: the table in GitHub format, its footnotes and the corpora."""

from __future__ import annotations

from evalkit.report.table import footnotes, render_paired, render_table
from evalkit.results import Results


def render_markdown(results: Results, digits: int = 3) -> str:
    """A self-contained Markdown page, rendered from the results alone."""
    lines = ["# evalkit comparison", "",
             "Word-level precision (P), recall (R) and F1 by exact span match; B-F1 is "
             "F1 over internal word boundaries; chars/s is segmentation speed "
             "(loading excluded).", "",
             render_table(results, "github", digits), ""]
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
