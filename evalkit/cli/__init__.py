"""The command line: argument parsing, requests, rendering and exit statuses only.

Each subcommand lives in ``commands/``: a parser function and a handler that
builds one request, makes one library call (``evalkit.api``, ``evalkit.gate``,
...) and renders its result. ``main`` is the one place where library errors
become a line on stderr and an exit status (``exits.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import NoReturn

from evalkit import __version__
from evalkit.cli.commands import (
    cache,
    check,
    compare,
    datasets,
    report,
    score,
    segment,
    segmenters,
)
from evalkit.cli.exits import EXIT_HELP, Exit, error_status
from evalkit.cli.options import say
from evalkit.errors import EvalkitError

__all__ = ["EXIT_HELP", "Exit", "build_parser", "entry", "main"]

COMMANDS: dict[str, ModuleType] = {
    "compare": compare, "segmenters": segmenters, "cache": cache, "report": report,
    "check": check, "datasets": datasets, "score": score, "segment": segment}
"""Each subcommand's module, in the order --help lists them."""


class OneLineErrors(argparse.ArgumentParser):
    """A parser whose usage errors are one line, as every other evalkit error is (argparse
    prints the whole usage block first, ~15 lines for compare), naming the --help to read."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"evalkit: error: {message}; see '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrors(
        prog="evalkit", description="Evaluate Chinese word segmenters against gold "
        "segmentations: exact span scores, reproducible tables.", epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"evalkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS.values():
        module.add_parser(commands)
    return parser


def entry() -> int:
    """The ``evalkit`` program (console script and ``python -m evalkit``): ``main`` with
    the cycle collector off, in a process that ends when the command does.

    What evalkit builds (corpora, word lists, count arrays, results) holds no
    reference cycles, so the collector frees nothing, yet it walks every live
    container again as they pile up: ~40 ms of a 0.3 s ``evalkit score`` of PKU,
    and another ~30 ms at exit, when the interpreter collects once more unless the
    survivors are frozen. Memory still comes back the usual way (reference counts).
    Worker processes are fresh interpreters with the collector on: segmenters'
    own objects are not ours to vouch for. ``main`` itself (tests, embedding)
    leaves the collector alone.
    """
    import gc

    gc.disable()
    status = main()
    gc.freeze()  # exiting: the last collection would walk every survivor for nothing
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status instead of exiting (testable in-process)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed its usage message
        return int(stop.code or 0)
    from evalkit.interrupt import Interrupted, stop_on_signals

    handler: Callable[[argparse.Namespace], Exit] = COMMANDS[args.command].run
    try:
        with stop_on_signals():
            return int(handler(args))
    except Interrupted as stop:
        say(f"interrupted by {stop.name}: 'evalkit {args.command}' stopped, its workers "
            "killed, no file left half-written")
        return stop.status
    except EvalkitError as error:
        say(f"error: {error}")
        return error_status(error)
    except BrokenPipeError:  # stdout closed early, e.g. piped into head: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return Exit.OK
    except KeyboardInterrupt:
        return 130
