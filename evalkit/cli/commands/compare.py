"""``evalkit compare``: run segmenters on gold corpora and tabulate their scores."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit.cli import options
from evalkit.cli.exits import Exit, failed_if
from evalkit.cli.render import check_layout, print_result, say_failures

if TYPE_CHECKING:
    from evalkit.api import CompareRequest
    from evalkit.bakeoff import BakeoffResults
    from evalkit.results_files import ResultsFiles


def add_parser(commands: Any) -> None:
    formats = options.report_formats()
    compare = options.described(
        commands, "compare", help="run segmenters on gold corpora and tabulate their scores",
        description="Run segmenters on the raw text of gold corpora, score them at word\n"
        "and boundary level, print a table and write reports/results.{json,md}.\n"
        "With no --gold, reads ./seeds/ (or the seed shipped in the package).")
    compare.add_argument("--gold", action="append", metavar="FILE|NAME",
                         help="gold file (pipe, whitespace, CoNLL-U or tagged), or a "
                         "registered corpus or suite (sighan2005/pku, ud-zh; see 'evalkit "
                         "datasets'), fetched and verified on first use; repeatable")
    compare.add_argument("--raw", action="append", metavar="FILE",
                         help="the raw text segmenters are given instead of the gold words "
                         "joined (one unit per line; the text is aligned with the gold's "
                         "over the whole corpus); once for every --gold, or once per "
                         "--gold in the same order")
    compare.add_argument("--raw-encoding", metavar="ENC",
                         help="the --raw files' encoding (default: UTF-8 when they decode as "
                         "UTF-8, else the gold's)")
    compare.add_argument("-s", "--segmenter", action="append", metavar="SPEC",
                         help="segmenter to run, repeatable; default: every importable one "
                         "(see 'evalkit segmenters'). SPEC is [alias=]name[:key=value,...] "
                         "(jieba:hmm=false), [alias=]cmd:COMMAND (one unit per line on "
                         "stdin, one line of words per unit on stdout; run without a "
                         "shell), [alias=]py:MODULE:FUNCTION or [alias=]file:PATH")
    options.add_run_options(compare)
    options.add_input_options(compare)
    options.add_vocabulary_options(compare, per_corpus=True)
    options.add_stats_options(compare, paired=True)
    options.add_output_options(compare)
    compare.add_argument("--view", choices=("matrix", "rows", "pairs"),
                         help="matrix: segmenters as rows, corpora as columns, word F1 "
                         "(the default with three or more corpora); rows: one row per "
                         "corpus x segmenter with every metric; pairs (--format csv or "
                         "tsv, --paired): one record per pair of segmenters tested")
    compare.add_argument("--report", action="append", choices=formats, metavar="FORMAT",
                         help="also write reports/results.<ext> in this format (repeatable: "
                         f"{', '.join(formats)}); results.json and .md are always "
                         "written")
    compare.add_argument("--sighan", action="store_true",
                         help="score every output as the SIGHAN bakeoff score script does "
                         "(the same code as 'score --sighan'): the script's figures and "
                         "'###' lines; writes no report files")
    compare.add_argument("--save-baseline", metavar="FILE",
                         help="also record these results as a baseline for 'evalkit check'")
    where = compare.add_mutually_exclusive_group()
    where.add_argument("--out", default="reports", metavar="DIR",
                       help="directory for results.json and results.md (default: reports)")
    where.add_argument("--no-save", action="store_true", help="write no result files")


def request(args: argparse.Namespace) -> CompareRequest:
    from evalkit.api import CompareRequest

    options.refuse_unused_raw_encoding(args)
    asked = [flag for flag, given in (("--report", bool(args.report)),
                                      ("--save-baseline", bool(args.save_baseline))) if given]
    return CompareRequest(
        gold=tuple(args.gold or ()), segmenters=tuple(args.segmenter or ()),
        raw=tuple(args.raw or ()), lexicon=tuple(args.lexicon or ()), train=args.train,
        normalize=args.normalize, format=args.format_in, encoding=args.encoding,
        raw_encoding=args.raw_encoding, statistics=options.statistics(args), sighan=args.sighan,
        files_asked=tuple(asked), run=options.run_options(args),
        note=options.notes(args.quiet), progress=not args.quiet and sys.stderr.isatty(),
        warn=options.warnings(args.quiet))


def files(args: argparse.Namespace) -> ResultsFiles:
    from evalkit.results_files import ResultsFiles

    return ResultsFiles(None if args.no_save else Path(args.out), tuple(args.report or ()),
                        Path(args.save_baseline) if args.save_baseline else None,
                        options.decimals(args))


def run(args: argparse.Namespace) -> Exit:
    from dataclasses import replace

    from evalkit.api import run_compare
    from evalkit.report.table import check_view, default_view
    from evalkit.results import Results, dumps

    check_layout(args.format, sighan=args.sighan, view=args.view, json=args.json)
    check_view(args.view, args.format, args.paired)
    written = files(args)
    results = run_compare(request(args), prepare=written.prepare)
    if not isinstance(results, Results):
        return _render_bakeoff(args, results)
    say_failures(results.failures)
    results = replace(results, digits=options.decimals(args))  # report renders the same
    document = results.to_document()
    if args.json:
        sys.stdout.write(dumps(document))
    else:
        print_result(results, args.format, results.digits,
                     args.view or default_view(results))
    saved = written.write(results, document)
    if saved:
        options.notes(args.quiet)(f"wrote {', '.join(str(path) for path in saved)}")
    return failed_if(results.failures)


def _render_bakeoff(args: argparse.Namespace, results: BakeoffResults) -> Exit:
    """compare --sighan: the bakeoff script's figures for every row, no report files."""
    import json

    from evalkit.bakeoff import render_bakeoff

    say_failures(results.failures)
    if args.json:
        sys.stdout.write(json.dumps(results.to_document(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_bakeoff(results, args.format, options.decimals(args)))
    return failed_if(results.failures)
