"""What commands print: results tables, files written with -o, failure lines."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from evalkit.cli.options import say
from evalkit.errors import UsageError

if TYPE_CHECKING:
    from evalkit.results import Failure, Results


def check_table_format(name: str) -> None:
    """--format must name a tabulate format (or tsv/csv records). The default is one,
    so it is not looked up: a command that prints no table (score --sighan) then never
    imports tabulate (~35 ms)."""
    if name == "simple":
        return
    from tabulate import tabulate_formats

    from evalkit.report.table import RECORD_FORMATS

    if name not in tabulate_formats and name not in RECORD_FORMATS:
        raise UsageError(f"unknown table format {name!r}; choose one of "
                         f"{', '.join(sorted(tabulate_formats))}")


def check_layout(fmt: str, *, sighan: bool = False, view: str | None = None,
                 details: bool = False, script_layout: bool = False,
                 digits: int | None = None, json: bool = False) -> None:
    """--format, and the layout options that the output asked for would ignore, refused.

    ``script_layout``: the output is the bakeoff script's own summary (score --sighan),
    which no table format changes and whose figures have the script's three decimals
    (``digits``: --digits as given, None when it was not). ``json``: --json prints the
    results document instead of any table, so a table format or view is refused."""
    from evalkit.report.table import RECORD_FORMATS

    check_table_format(fmt)
    if json and (fmt != "simple" or view is not None):
        given = f"--format {fmt}" if fmt != "simple" else f"--view {view}"
        raise UsageError(f"{given} has no effect with --json, which prints the results "
                         "document instead of a table; drop one of them")
    if sighan and (fmt in RECORD_FORMATS or (script_layout and fmt != "simple")):
        raise UsageError(f"--format {fmt} has no effect with --sighan, which prints the "
                         "bakeoff script's layout; use --json for machine-readable figures")
    if sighan and script_layout and digits is not None:
        raise UsageError(f"--digits {digits} has no effect with --sighan, which prints the "
                         "bakeoff script's figures with its three decimals; use --json for "
                         "unrounded figures")
    if sighan and view is not None:
        raise UsageError("--view arranges the exact-scoring tables; --sighan prints one "
                         "line per corpus and segmenter: drop --view")
    if details and fmt in RECORD_FORMATS:
        raise UsageError(f"--details is a side-by-side view, not records: drop --format "
                         f"{fmt}, or use --json, which carries the details")


def say_failures(failures: Sequence[Failure]) -> None:
    """One error line per failed segmenter (or segmenter on a corpus). One that was not
    run (--fail-fast) did not fail: the table and reports show it as not run."""
    from evalkit.results import NOT_RUN

    for failure in failures:
        if failure.status == NOT_RUN:
            continue
        where = f" on {failure.corpus}" if failure.corpus else ""
        say(f"error: segmenter {failure.segmenter!r}{where}: {failure.reason}")


def print_result(results: Results, fmt: str, digits: int, view: str = "rows") -> None:
    """The table on stdout; for tsv and csv, plain records on stdout and the
    footnotes (warnings, settings, signature) on stderr."""
    from evalkit.report.table import RECORD_FORMATS, render_plain, render_terminal

    if fmt in RECORD_FORMATS:
        records, notes = render_plain(results, fmt, view)
        sys.stdout.write(records)
        for line in notes:
            print(line, file=sys.stderr)
    else:
        sys.stdout.write(render_terminal(results, fmt, digits, view))


def emit(text: str, output: str | None) -> None:
    """The result on stdout, or written atomically to ``output``."""
    if output:
        from evalkit.fileio import write_atomic

        write_atomic(Path(output), text, "-o/--output")
    else:
        sys.stdout.write(text)
