"""``evalkit report``: render a results document again, in any report format."""

from __future__ import annotations

import argparse
from typing import Any

from evalkit.cli import options
from evalkit.cli.exits import Exit
from evalkit.cli.render import emit
from evalkit.errors import InputError


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
    report.add_argument("--view", choices=("matrix", "rows", "pairs"),
                        help="CSV only: the matrix (segmenters x corpora), one record per "
                        "corpus x segmenter (default: rows), or one per pair of segmenters "
                        "the paired tests compared (pairs)")
    report.add_argument("--digits", type=options.digits, metavar="N",
                        help="decimals for scores (default: those the run was asked for, "
                        "as the document records them; 3 in older documents)")


def run(args: argparse.Namespace) -> Exit:
    from evalkit.documents import read_results
    from evalkit.errors import UsageError
    from evalkit.report import format_for, renderer
    from evalkit.report.csvfile import has_paired_tests

    name = args.format or format_for(args.output)
    if args.view is not None and name != "csv":
        raise UsageError(f"--view arranges CSV output only, and this report is {name}: "
                         "drop --view, or write CSV (-o FILE.csv or --format csv)")
    render = renderer(f"{args.view}-csv" if name == "csv" and args.view in ("matrix", "pairs")
                      else name)
    try:
        results = read_results(args.results)
    except InputError as error:
        raise bakeoff_refusal(args.results) or error from None
    if args.view == "pairs" and not has_paired_tests(results):
        raise UsageError(f"--view pairs: {args.results} has no paired tests (its compare ran "
                         "without --paired); choose --view rows or matrix")
    emit(render(results, results.digits if args.digits is None else args.digits),
         args.output)
    return Exit.OK


def bakeoff_refusal(path: str) -> InputError | None:
    """What a bakeoff-mode document (``--sighan --json``) is, and what to do instead;
    None for any other document (its own reading error stands). Asked only once a
    document has failed to read as results, so a good one is read once."""
    from evalkit.documents import read_json

    try:
        document = read_json(path, "", "")
    except InputError:
        return None
    settings = document.get("settings") if isinstance(document, dict) else None
    if not isinstance(settings, dict) or settings.get("metric") != "sighan":
        return None
    command, again = (("compare", "'evalkit compare --sighan' prints them in the script's "
                       "layout") if "results" in document else
                      ("score", "'evalkit score --sighan GOLD PRED' prints them in the "
                       "script's layout"))
    return InputError(path, f"a bakeoff-mode result (written by 'evalkit {command} --sighan "
                      "--json'): its figures are the SIGHAN script's, held in the document "
                      f"itself, and {again}; report renders exact-mode results documents, "
                      "the results.json that 'evalkit compare' writes without --sighan "
                      "(or its --json output)")
