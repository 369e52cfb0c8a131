"""``evalkit check``: fail when segmentation got worse than a recorded baseline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evalkit.cli import options
from evalkit.cli.exits import Exit, gate_status
from evalkit.cli.options import say
from evalkit.cli.render import check_table_format, say_failures


def add_parser(commands: Any) -> None:
    check = options.described(
        commands, "check", help="fail when segmentation got worse than a recorded baseline",
        description="Re-run the baseline's segmenters (or those given) on the baseline's\n"
        "corpora with its settings, and judge every corpus x segmenter: better,\n"
        "unchanged, within tolerance (a drop of at most --max-drop), not significant\n"
        "(a larger drop whose p-value is not below --significance), worse, new,\n"
        "missing (a baseline row not checked), failed or not run (--fail-fast\n"
        "stopped the check first). A drop is a regression when it exceeds\n"
        "--max-drop F1 points and, with --significance, its paired bootstrap\n"
        "p-value is below that level. worse, missing, failed and not run fail the\n"
        "gate; leave baseline segmenters out with --only.")
    check.add_argument("--baseline", required=True, metavar="FILE",
                       help="baseline recorded by 'evalkit compare --save-baseline'")
    check.add_argument("-s", "--segmenter", action="append", metavar="SPEC",
                       help="segmenters to check instead of the baseline's (a row is "
                       "matched by name: use an alias, e.g. -s jieba=jieba:user_dict=d.txt)")
    check.add_argument("--only", action="append", metavar="NAME",
                       help="check only this baseline segmenter (repeatable); the others "
                       "are left out and listed, instead of failing as missing")
    check.add_argument("--gold", action="append", metavar="FILE|NAME",
                       help="gold files or registered corpus names (default: the "
                       "baseline's; must be the same corpora)")
    check.add_argument("--max-drop", type=float, default=0.5, metavar="POINTS",
                       help="F1 drop in points that fails the gate (default: 0.5)")
    check.add_argument("--significance", type=float, metavar="P",
                       help="fail only drops whose paired bootstrap p-value is below P too")
    check.add_argument("--junit-xml", metavar="FILE",
                       help="write one JUnit test case per corpus x segmenter")
    check.add_argument("--update", action="store_true",
                       help="accept the current results: rewrite the baseline and list what "
                       "changed")
    check.add_argument("--encoding", help="gold file encoding (default: the one the "
                       "baseline recorded)")
    check.add_argument("--normalize", choices=options.normalisations(),
                       help="must match the baseline's (default: the baseline's)")
    vocabulary = check.add_mutually_exclusive_group()
    vocabulary.add_argument("--lexicon", metavar="WORDS",
                            help="must match the baseline's (default: the baseline's)")
    vocabulary.add_argument("--train", metavar="CORPUS", help="as --lexicon")
    options.add_run_options(check)
    check.add_argument("--format", default="simple", metavar="TABLEFMT",
                       help="tabulate table format, or tsv/csv records (then the summary "
                       "lines go to stderr) (default: simple)")
    check.add_argument("--digits", type=options.digits, metavar="N",
                       help="decimals for F1 (default: the baseline's, 3 unless it recorded "
                       "others; tsv and csv records keep full precision)")


def run(args: argparse.Namespace) -> Exit:
    from evalkit.check import render_verdicts, verdict_records
    from evalkit.gate import CheckRequest, conclude, run_check
    from evalkit.report.table import RECORD_FORMATS

    check_table_format(args.format)
    request = CheckRequest(
        Path(args.baseline), tuple(args.segmenter or ()), tuple(args.only or ()),
        tuple(args.gold or ()), args.lexicon, args.train, args.normalize, args.encoding,
        args.max_drop, args.significance, Path(args.junit_xml) if args.junit_xml else None,
        args.update, options.run_options(args), options.fetch_options(args.quiet))
    gate = run_check(request)
    say_failures(gate.current.failures)
    records = args.format in RECORD_FORMATS  # alone on stdout, as score and compare do
    if records:
        sys.stdout.write(verdict_records(gate.verdicts, RECORD_FORMATS[args.format]))
    else:
        digits = gate.baseline.digits if args.digits is None else args.digits
        sys.stdout.write(render_verdicts(gate.verdicts, args.format, digits) + "\n\n")
    conclusion = conclude(request, gate)
    (sys.stderr if records else sys.stdout).write("\n".join(conclusion.lines) + "\n")
    if conclusion.refusal is not None:
        say(f"error: {request.baseline} not updated: {conclusion.refusal}")
    return gate_status(gate.current.failures, conclusion.failing, request.update,
                       conclusion.refusal is not None)
