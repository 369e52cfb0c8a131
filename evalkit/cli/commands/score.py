"""``evalkit score``: score a prediction file against a gold file."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from evalkit.cli import options
from evalkit.cli.exits import Exit
from evalkit.cli.options import say
from evalkit.cli.render import check_layout, print_result

if TYPE_CHECKING:
    from evalkit.api import ScoreRequest
    from evalkit.sighan import SighanScore


def add_parser(commands: Any) -> None:
    score = options.described(
        commands, "score", help="score a prediction file against a gold file",
        description="Score PRED against GOLD unit by unit (exact span scoring). Both files\n"
        "may be in any supported format; units must correspond one to one.")
    score.add_argument("gold", metavar="GOLD", help="gold segmentation: a file, or a "
                       "registered corpus name (see 'evalkit datasets')")
    score.add_argument("pred", metavar="PRED", help="predicted segmentation of the same text")
    score.add_argument("--sighan", action="store_true",
                       help="reproduce the SIGHAN bakeoff score script's figures and "
                       "summary layout (GNU diff word alignment per line)")
    score.add_argument("--raw", metavar="FILE",
                       help="PRED segments this raw text (one unit per line) rather than the "
                       "gold's words joined; its words are carried onto the gold as in "
                       "compare")
    score.add_argument("--details", action="store_true",
                       help="show every disagreeing unit side by side and the most "
                       "frequent missed and spurious words")
    options.add_input_options(score)
    score.add_argument("--pred-encoding", metavar="ENC",
                       help="PRED's encoding (default: UTF-8 when it decodes as UTF-8, else "
                       "--encoding's)")
    score.add_argument("--raw-encoding", metavar="ENC",
                       help="the --raw file's encoding (default: UTF-8 when it decodes as "
                       "UTF-8, else --encoding's)")
    score.add_argument("--lexicon-encoding", metavar="ENC",
                       help="the --lexicon or --train file's encoding (default: UTF-8 when "
                       "it decodes as UTF-8, else --encoding's)")
    options.add_vocabulary_options(score)
    options.add_stats_options(score, paired=False)
    options.add_output_options(score)


def request(args: argparse.Namespace) -> ScoreRequest:
    from evalkit.api import ScoreRequest

    options.refuse_unused_raw_encoding(args)
    return ScoreRequest(
        gold=args.gold, pred=args.pred, raw=args.raw, lexicon=args.lexicon, train=args.train,
        lexicon_encoding=args.lexicon_encoding, normalize=args.normalize,
        format=args.format_in, encoding=args.encoding, pred_encoding=args.pred_encoding,
        raw_encoding=args.raw_encoding,
        statistics=options.statistics(args), sighan=args.sighan, details=args.details,
        note=options.notes(False), progress=sys.stderr.isatty(), warn=options.warning)


def run(args: argparse.Namespace) -> Exit:
    from evalkit.api import Scored, run_score
    from evalkit.results import dumps

    check_layout(args.format, sighan=args.sighan, details=args.details, script_layout=True,
                 digits=args.digits, json=args.json)
    scored = run_score(request(args))
    if not isinstance(scored, Scored):
        return _render_sighan(args, scored)
    if args.json:
        from dataclasses import replace

        scored = replace(scored, results=replace(scored.results,
                                                 digits=options.decimals(args)))
        sys.stdout.write(dumps(scored.document()))
        return Exit.OK
    print_result(scored.results, args.format, options.decimals(args))
    if scored.details is not None:
        sys.stdout.write("\n" + scored.details.text)
    return Exit.OK


def _render_sighan(args: argparse.Namespace, score: SighanScore) -> Exit:
    import json

    from evalkit.sighan import render_summary, warnings

    for warning in warnings(score):
        say(f"warning: {warning}")
    if args.json:
        sys.stdout.write(json.dumps(score.to_document(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_summary(score))
    return Exit.OK
