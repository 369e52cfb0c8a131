"""Renderers: each turns a Results document into one output format.

RENDERERS maps a format name to ``"module:function"`` so that choosing a
format never imports matplotlib unless the HTML report is wanted, and this
module imports nothing heavy: the command line offers EXTENSIONS' names as
its report formats while parsing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, cast

from evalkit.errors import UsageError

if TYPE_CHECKING:
    from evalkit.results import Results

RENDERERS = {
    "md": "evalkit.report.markdown:render_markdown",
    "html": "evalkit.report.html:render_html",
    "latex": "evalkit.report.latex:render_latex",
    "csv": "evalkit.report.csvfile:render_csv",
    "matrix-csv": "evalkit.report.csvfile:render_matrix_csv",
    "pairs-csv": "evalkit.report.csvfile:render_pairs_csv",
    "json": "evalkit.report:render_json",
}
EXTENSIONS = {"md": "md", "html": "html", "latex": "tex", "csv": "csv", "json": "json"}
PAIRS_FILE = "results.pairs.csv"
"""Written beside results.csv when the run has paired tests: every pair, one record each."""
FORMATS_BY_EXTENSION = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
                        ".tex": "latex", ".csv": "csv", ".json": "json"}


def format_for(output: str | None) -> str:
    """The report format an output file's extension asks for; HTML by default."""
    if output is None:
        return "html"
    suffix = PurePath(output).suffix.lower()
    if suffix not in FORMATS_BY_EXTENSION:
        raise UsageError(f"cannot tell the report format from {output!r}; name the file "
                         f"{', '.join(sorted(FORMATS_BY_EXTENSION))} or pass --format")
    return FORMATS_BY_EXTENSION[suffix]


def render_json(results: Results, digits: int = 3) -> str:
    """The results document itself (see schemas/results.schema.json)."""
    from evalkit.results import dumps

    del digits
    return dumps(results.to_document())


def renderer(name: str) -> Callable[[Results, int], str]:
    """The render function for a format; an unknown name lists the valid ones."""
    if name not in RENDERERS:
        raise UsageError(f"unknown report format {name!r}; choose one of "
                         f"{', '.join(RENDERERS)}")
    module, _, function = RENDERERS[name].partition(":")
    return cast("Callable[[Results, int], str]", getattr(importlib.import_module(module),
                                                       function))
