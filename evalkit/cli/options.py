"""Options several commands share: how they are parsed, and the request parts
they become (run options, statistics, fetch options, notes).

Choices come from the registries that define them (formats.py, normalize.py,
stats_choices.py), all light enough to import while ``--help`` is printed.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from evalkit import formats, normalize, report, stats_choices
from evalkit.errors import UsageError

if TYPE_CHECKING:
    from evalkit.datasets import FetchOptions
    from evalkit.pipeline import RunOptions
    from evalkit.stats_options import StatsOptions



def normalisations() -> tuple[str, ...]:
    """--normalize's choices: the normaliser registry's names, in its order."""
    return tuple(normalize.NORMALISERS)


def input_formats() -> tuple[str, ...]:
    """--format-in's choices: the corpus formats the readers know."""
    return formats.INPUT_FORMATS


def output_formats() -> tuple[str, ...]:
    """--format-out's choices: the formats segmented units are written in."""
    return formats.OUTPUT_FORMATS


def report_formats() -> tuple[str, ...]:
    """Report format choices: every format the renderer registry gives a file extension."""
    return tuple(report.EXTENSIONS)


def say(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    print(f"evalkit: {message}", file=sys.stderr)


def warning(message: str) -> None:
    """A warning about the figures on stderr."""
    say(f"warning: {message}")


def warnings(quiet: bool) -> Callable[[str], None]:
    """What hears the warnings of a command with --quiet: stderr, or nothing when quiet.
    Nothing is lost: a warning about the figures is also one of the result's own
    (table footnotes, JSON ``warnings``, reports), and the cache's warnings are about
    entries it recomputes, which leave the figures as they are."""
    return (lambda message: None) if quiet else warning


def notes(quiet: bool) -> Callable[[str], None]:
    """What hears the library's notes: stderr, or nothing with --quiet."""
    def note(message: str) -> None:
        if not quiet:
            say(f"note: {message}")
    return note


def digits(value: str) -> int:
    """Decimals of the scores, in usage.DIGITS_RANGE (usage.check_digits says why)."""
    from evalkit.usage import check_digits

    try:
        return check_digits(int(value))
    except UsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def decimals(args: argparse.Namespace) -> int:
    """--digits, or the default: ``args.digits`` stays None when it was not given, so
    an output whose decimals are fixed (score --sighan) can refuse it."""
    from evalkit.usage import DIGITS

    return DIGITS if args.digits is None else int(args.digits)


def non_negative(value: str) -> float:
    number = float(value)
    if not number >= 0:
        raise argparse.ArgumentTypeError("must be a number of days, 0 or more")
    return number


def positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    def parse(value: str) -> float:
        number = kind(value)
        if number <= 0:
            raise argparse.ArgumentTypeError("must be greater than 0")
        return number
    return parse


def seconds(value: str) -> float | None:
    """--timeout: a number of seconds above 0; ``inf`` is no timeout (the default),
    and NaN, which no elapsed time ever exceeds, is refused."""
    number = float(value)
    if math.isnan(number) or number <= 0:
        raise argparse.ArgumentTypeError("must be a number of seconds greater than 0 (or "
                                         "inf: no timeout, the default)")
    return None if math.isinf(number) else number


MAX_MEMORY_MB = (2 ** 63 - 1) // 2 ** 20
"""The largest --memory-limit whose bytes setrlimit takes (a signed 64-bit number)."""


def megabytes(value: str) -> int:
    """--memory-limit: whole MB above 0, small enough for setrlimit (larger values
    made every worker fail at start with an OverflowError)."""
    number = int(value)
    if not 0 < number <= MAX_MEMORY_MB:
        raise argparse.ArgumentTypeError(f"must be a whole number of MB from 1 to "
                                         f"{MAX_MEMORY_MB} (8 EiB); leave it out for no "
                                         "limit")
    return number


MAX_JOBS = 1024
"""The most -j accepted: each job is a process holding a segmenter (pkuseg ~800 MB),
and the scheduler lists every slot (-j 10**30 failed with an OverflowError)."""


def jobs(value: str) -> int:
    """-j: worker processes, from 1 to MAX_JOBS."""
    number = int(value)
    if not 0 < number <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be a whole number of worker processes from "
                                         f"1 to {MAX_JOBS}")
    return number


def add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-j", "--jobs", type=jobs, default=os.cpu_count() or 1,
                        metavar="N", help="worker processes at once (default: CPU count; "
                        "each holds one segmenter, pkuseg takes ~800 MB)")
    parser.add_argument("--timeout", type=seconds, metavar="SECONDS",
                        help="stop a segmenter's worker after this long (default: none; "
                        "inf: none)")
    parser.add_argument("--memory-limit", type=megabytes, metavar="MB",
                        help="address-space limit of each worker (default: none)")
    stop = parser.add_mutually_exclusive_group()
    stop.add_argument("--keep-going", dest="fail_fast", action="store_false",
                      help="run every segmenter even if one fails (default)")
    stop.add_argument("--fail-fast", dest="fail_fast", action="store_true",
                      help="stop at the first failing segmenter")
    parser.set_defaults(fail_fast=False)
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="segmenter output cache (default: $XDG_CACHE_HOME/evalkit)")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write cached outputs")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="nothing on stderr but errors: no progress, notes, warnings "
                        "(a warning about the figures stays in the table's footnotes and the "
                        "JSON) or segmenter output (a failing segmenter's output is shown "
                        "with its failure)")


def run_options(args: argparse.Namespace) -> RunOptions:
    from evalkit.cache import Cache, default_directory
    from evalkit.pipeline import RunOptions
    from evalkit.progress import choose

    cache = None if args.no_cache else Cache(
        Path(args.cache_dir) if args.cache_dir else default_directory(),
        warn=warnings(args.quiet))
    return RunOptions(args.jobs, args.timeout, args.fail_fast, cache,
                      choose(args.quiet, sys.stderr.isatty()), args.memory_limit,
                      capture_output=args.quiet)


def fetch_options(quiet: bool) -> FetchOptions:
    """Store, mirror and offline mode from the environment; notes unless quiet."""
    from evalkit.datasets import FetchOptions

    return FetchOptions.from_environment(not quiet and sys.stderr.isatty(), notes(quiet))


def add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format-in", choices=input_formats(),
                        help="input format (default: detected from extension and content)")
    parser.add_argument("--encoding",
                        help="gold encoding (default: UTF-8, BOM allowed), e.g. gbk, cp950, "
                        "big5hkscs")


def add_vocabulary_options(parser: argparse.ArgumentParser, per_corpus: bool = False) -> None:
    vocabulary = parser.add_mutually_exclusive_group()
    if per_corpus:
        vocabulary.add_argument("--lexicon", action="append", metavar="WORDS",
                                help="word list (one per line) for OOV rate, OOV and IV "
                                "recall; once for every --gold, or once per --gold in "
                                "the same order")
    else:
        vocabulary.add_argument("--lexicon", metavar="WORDS",
                                help="word list (one per line) for OOV rate, OOV and IV "
                                "recall")
    vocabulary.add_argument("--train", metavar="CORPUS",
                            help="segmented training corpus whose words form the lexicon")
    parser.add_argument("--normalize", choices=normalisations(), default="none",
                        help="fold both sides before scoring: width (full-width ASCII "
                        "forms to ASCII) or nfkc; recorded in the signature (default: none)")


def _level(value: str) -> float:
    """--ci's LEVEL. It is optional, so ``--ci GOLD PRED`` hands it the gold's path:
    a value that is no number says to move --ci after the files or give the level."""
    from evalkit.usage import confidence_level

    try:
        float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"took {value!r} as its LEVEL, which is not a number: put --ci after the "
            "files, or give the level (--ci 95)") from None
    try:
        return confidence_level(value)
    except UsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_stats_options(parser: argparse.ArgumentParser, paired: bool) -> None:
    group = parser.add_argument_group("statistics (resampling sentences)")
    group.add_argument("--ci", nargs="?", const=0.95, type=_level, metavar="LEVEL",
                       help="percentile bootstrap interval for every P, R and F1, shown as "
                       "'F1 [low, high]', e.g. pkuseg's word F1 on the seed '0.888 [0.866, 0.911]' "
                       "(LEVEL: 0.95 or 95, the default)")
    if paired:
        group.add_argument("--paired", action="store_true",
                           help="test every pair of segmenters on word F1 and rank them from "
                           "those tests; the table shows each against a baseline")
        group.add_argument("--baseline", metavar="NAME",
                           help="the baseline for --paired (default: the first segmenter)")
        group.add_argument("--test", choices=stats_choices.TESTS,
                           help="paired bootstrap (default) or approximate randomization")
        group.add_argument("--correction", choices=stats_choices.CORRECTIONS,
                           help="multiple-comparison correction (default: holm)")
    group.add_argument("--resamples", type=positive(int), metavar="N",
                       help="bootstrap resamples or randomization trials (default: 1000)")
    group.add_argument("--seed", type=int,
                       help="random seed, recorded in the signature (default: 12345)")


STATS_OPTIONS = {"--baseline": "baseline", "--test": "test", "--correction": "correction",
                 "--resamples": "resamples", "--seed": "seed"}


def statistics(args: argparse.Namespace) -> StatsOptions:
    """The statistics asked for; options that would be ignored are a UsageError (how
    many segmenters --paired has is checked once they are chosen)."""
    from evalkit.stats_options import StatsOptions
    from evalkit.usage import check_statistics

    given = [option for option, name in STATS_OPTIONS.items()
             if getattr(args, name, None) is not None]
    paired = getattr(args, "paired", False)
    check_statistics(given, paired, args.ci is not None, None)
    defaults = StatsOptions()
    return StatsOptions(args.ci, paired, getattr(args, "baseline", None),
                        getattr(args, "test", None) or defaults.test,
                        defaults.resamples if args.resamples is None else args.resamples,
                        defaults.seed if args.seed is None else args.seed,
                        getattr(args, "correction", None) or defaults.correction)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="simple", metavar="TABLEFMT",
                        help="tabulate table format: simple, github, plain, grid, ... "
                        "(default: simple)")
    parser.add_argument("--digits", type=digits, metavar="N",
                        help="decimals for scores (default: 3)")
    parser.add_argument("--json", action="store_true",
                        help="print the results document as JSON instead of the table")


def described(parser: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
              help: str, description: str) -> argparse.ArgumentParser:
    """A subcommand with its description kept as written and the exit statuses below."""
    from evalkit.cli.exits import EXIT_HELP

    return parser.add_parser(name, help=help, description=description, epilog=EXIT_HELP,
                             formatter_class=argparse.RawDescriptionHelpFormatter)


def refuse_unused_raw_encoding(args: argparse.Namespace) -> None:
    """--raw-encoding names the --raw file's encoding: without --raw it would do nothing."""
    if args.raw_encoding is not None and not args.raw:
        raise UsageError("--raw-encoding is the --raw file's encoding, and no --raw is given: "
                         "drop --raw-encoding, or give the raw text with --raw FILE")
