"""``evalkit report``: render a results document again, in any report format."""

from __future__ import annotations

import argparse
from typing import Any

from evalkit.cli import options
from evalkit.cli.exits import Exit
from evalkit.cli.render import emit


def add_parser(commands: Any) -> None:
    formats = options.report_formats()
    report = options.described(
        commands, "report", help="render a results document again, in any report format",
        description="Render results.json (or a baseline) as HTML, Markdown, LaTeX, CSV or\n"
        "JSON without running anything. The format follows the output file's\n"
        "extension (.html .md .tex .csv .json); HTML when there is none.")
    report.add_argument("results", metavar="RESULTS", help="results.json written by compare")
    report.add_argument("-o", "--output", metavar="FILE",
                        help="write here (atomically) instead of stdout; its extension "
                        "chooses the format")
    report.add_argument("--format", choices=formats,
                        help="output format, when the extension does not say it "
                        "(default: from -o, else html)")
    report.add_argument("--view", choices=("matrix", "rows"),
                        help="CSV only: the matrix (segmenters x corpora) or one record per "
                        "corpus x segmenter (default: rows)")


def run(args: argparse.Namespace) -> Exit:
    from evalkit.documents import read_results
    from evalkit.errors import UsageError
    from evalkit.report import format_for, renderer

    name = args.format or format_for(args.output)
    if args.view is not None and name != "csv":
        raise UsageError(f"--view arranges CSV output only, and this report is {name}: "
                         "drop --view, or write CSV (-o FILE.csv or --format csv)")
    render = renderer("matrix-csv" if name == "csv" and args.view == "matrix" else name)
    emit(render(read_results(args.results), 3), args.output)
    return Exit.OK
