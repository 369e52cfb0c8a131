"""``evalkit segment``: write segmenters' output for a raw text or a gold file's text."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from evalkit.cli import options
from evalkit.cli.exits import Exit, failed_if
from evalkit.cli.options import say
from evalkit.cli.render import emit

if TYPE_CHECKING:
    from evalkit.api import Segmented


def add_parser(commands: Any) -> None:
    segment = options.described(
        commands, "segment",
        help="write a segmenter's output for a raw text or a gold file's text",
        description="Run one segmenter over INPUT and write its segmentation, one unit per\n"
        "line: a raw text file (one unit per line) or a gold file, whose raw text\n"
        "is segmented. This is how PRED files for 'evalkit score' are made.")
    segment.add_argument("input", metavar="INPUT",
                         help="raw text or gold file, or a registered corpus name (its raw "
                         "text: see 'evalkit datasets')")
    segment.add_argument("-s", "--segmenter", required=True, action="append", metavar="SPEC",
                         help="segmenter spec, as for compare (see 'evalkit segmenters'); "
                         "repeat it with -o PATTERN holding {segmenter} for one output each")
    options.add_run_options(segment)
    segment.add_argument("--format-in", choices=options.input_formats(),
                         help="input format (default: CoNLL-U when detected, else raw "
                         "text; input that looks segmented needs --format-in)")
    segment.add_argument("--encoding", help="input encoding (default: UTF-8, BOM allowed)")
    segment.add_argument("--format-out", choices=options.output_formats(), default="whitespace",
                         help="output format (default: whitespace)")
    segment.add_argument("-o", "--output", metavar="FILE",
                         help="write here (atomically) instead of stdout; with several -s, "
                         "a pattern such as out/{segmenter}.txt")


def run(args: argparse.Namespace) -> Exit:
    from evalkit.api import SegmentRequest, run_segment
    from evalkit.datasets import default_registry
    from evalkit.datasets.describe import segment_input

    given, fmt, encoding = segment_input(default_registry(), args.input, args.format_in,
                                         args.encoding, options.fetch_options(args.quiet))
    outputs = run_segment(SegmentRequest(given, tuple(args.segmenter), fmt, encoding,
                                         args.output, options.run_options(args),
                                         args.format_out))
    failed = [output for output in outputs if not _write(output, args.format_out)]
    return failed_if(failed)


def _write(output: Segmented, fmt: str) -> bool:
    """Write one segmenter's output; its failure, or an output the format cannot
    express, is its error line (nothing written), and the others still go out."""
    from evalkit.corpus import format_units
    from evalkit.errors import InputError

    if output.units is None:
        say(f"error: segmenter {output.segmenter!r}: {output.failure}")
        return False
    try:
        text = format_units(output.units, fmt, output.output or "<stdout>")
    except InputError as error:
        say(f"error: segmenter {output.segmenter!r}: {error}")
        return False
    emit(text, output.output)
    return True
