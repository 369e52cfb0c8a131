"""The command line: argument parsing, messages and exit statuses only.

No scoring logic lives here; every command calls the library and turns its
EvalkitError family into one line on stderr and a documented exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit import __version__
from evalkit.errors import (
    BaselineMismatchError,
    EvalkitError,
    InputError,
    OutputError,
    PredictionError,
    UsageError,
)

if TYPE_CHECKING:
    from evalkit.pipeline import RunOptions
    from evalkit.datasets import FetchOptions
    from evalkit.results import Results
    from evalkit.segmenters.spec import Spec
    from evalkit.settings import Settings
    from evalkit.sources import GoldSource, Loaded
    from evalkit.stats import StatsOptions


class Exit(IntEnum):
    """Exit statuses, documented in the README and in --help."""

    OK = 0
    SEGMENTER_FAILED = 1
    USAGE = 2
    BAD_INPUT = 3
    CANNOT_WRITE = 4
    REGRESSION = 5
    BASELINE_MISMATCH = 6


EXIT_HELP = """exit status: 0 success (every requested segmenter scored); 1 a segmenter failed
(import, crash, or output whose text differs from the gold), or (score) the
prediction file is unusable; 2 usage error (unknown flag, segmenter, format,
or options that mean nothing together); 3 unusable gold file (or lexicon,
training corpus, baseline); 4 results cannot be written; 5 (check) a
regression; 6 (check) the baseline was made with other corpora or settings;
129, 130, 143 interrupted by SIGHUP, SIGINT, SIGTERM."""

INPUT_FORMATS = ("pipe", "whitespace", "conllu", "tagged", "raw")
REPORT_FORMATS = ("md", "html", "latex", "csv", "json")
OUTPUT_FORMATS = ("whitespace", "pipe", "tagged")


def _digits(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 10:
        raise argparse.ArgumentTypeError("must be between 0 and 10")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evalkit", description="Evaluate Chinese word segmenters against gold "
        "segmentations: exact span scores, reproducible tables.", epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"evalkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    compare = commands.add_parser(
        "compare", help="run segmenters on gold corpora and tabulate their scores",
        description="Run segmenters on the raw text of gold corpora, score them at word\n"
        "and boundary level, print a table and write reports/results.{json,md}.\n"
        "With no --gold, reads ./seeds/ (or the seed shipped in the package).",
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    compare.add_argument("--gold", action="append", metavar="FILE|NAME",
                         help="gold file (pipe, whitespace, CoNLL-U or tagged), or a "
                         "registered corpus or suite (sighan2005/pku, ud-zh; see 'evalkit "
                         "datasets'), fetched and verified on first use; repeatable")
    compare.add_argument("--raw", action="append", metavar="FILE",
                         help="the raw text segmenters are given instead of the gold words "
                         "joined (one unit per line; the text is aligned with the gold's "
                         "over the whole corpus); once for every --gold, or once per "
                         "--gold in the same order")
    compare.add_argument("-s", "--segmenter", action="append", metavar="SPEC",
                         help="segmenter to run, repeatable; default: every importable one "
                         "(see 'evalkit segmenters'). SPEC is [alias=]name[:key=value,...] "
                         "(jieba:hmm=false), [alias=]cmd:COMMAND (one unit per line on "
                         "stdin, one line of words per unit on stdout; run without a "
                         "shell), [alias=]py:MODULE:FUNCTION or [alias=]file:PATH")
    _add_run_options(compare)
    _add_input_options(compare)
    _add_vocabulary_options(compare, per_corpus=True)
    _add_stats_options(compare, paired=True)
    _add_output_options(compare)
    compare.add_argument("--view", choices=("matrix", "rows"),
                         help="matrix: segmenters as rows, corpora as columns, word F1 "
                         "(the default with three or more corpora); rows: one row per "
                         "corpus x segmenter with every metric")
    compare.add_argument("--report", action="append", choices=REPORT_FORMATS, metavar="FORMAT",
                         help="also write reports/results.<ext> in this format (repeatable: "
                         f"{', '.join(REPORT_FORMATS)}); results.json and .md are always "
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

    commands.add_parser("segmenters", help="list registered segmenters and whether they "
                        "can be imported here")

    _add_cache_parser(commands)

    report = commands.add_parser(
        "report", help="render a results document again, in any report format",
        description="Render results.json (or a baseline) as HTML, Markdown, LaTeX, CSV or\n"
        "JSON without running anything. The format follows the output file's\n"
        "extension (.html .md .tex .csv .json); HTML when there is none.",
        epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("results", metavar="RESULTS", help="results.json written by compare")
    report.add_argument("-o", "--output", metavar="FILE",
                        help="write here (atomically) instead of stdout; its extension "
                        "chooses the format")
    report.add_argument("--format", choices=REPORT_FORMATS,
                        help="output format, when the extension does not say it "
                        "(default: from -o, else html)")
    report.add_argument("--view", choices=("matrix", "rows"), default="rows",
                        help="for CSV: the matrix (segmenters x corpora) or one record per "
                        "corpus x segmenter (default: rows)")

    _add_check_parser(commands)
    _add_datasets_parser(commands)

    score = commands.add_parser(
        "score", help="score a prediction file against a gold file",
        description="Score PRED against GOLD unit by unit (exact span scoring). Both files\n"
        "may be in any supported format; units must correspond one to one.",
        epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
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
    _add_input_options(score)
    score.add_argument("--pred-encoding", metavar="ENC",
                       help="PRED's encoding (default: UTF-8 when it decodes as UTF-8, else "
                       "--encoding's)")
    score.add_argument("--lexicon-encoding", metavar="ENC",
                       help="the --lexicon or --train file's encoding (default: UTF-8 when "
                       "it decodes as UTF-8, else --encoding's)")
    _add_vocabulary_options(score)
    _add_stats_options(score, paired=False)
    _add_output_options(score)

    segment = commands.add_parser(
        "segment", help="write a segmenter's output for a raw text or a gold file's text",
        description="Run one segmenter over INPUT and write its segmentation, one unit per\n"
        "line: a raw text file (one unit per line) or a gold file, whose raw text\n"
        "is segmented. This is how PRED files for 'evalkit score' are made.",
        epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    segment.add_argument("input", metavar="INPUT", help="raw text or gold file")
    segment.add_argument("-s", "--segmenter", required=True, action="append", metavar="SPEC",
                         help="segmenter spec, as for compare (see 'evalkit segmenters'); "
                         "repeat it with -o PATTERN holding {segmenter} for one output each")
    _add_run_options(segment)
    segment.add_argument("--format-in", choices=INPUT_FORMATS,
                         help="input format (default: CoNLL-U when detected, else raw "
                         "text; input that looks segmented needs --format-in)")
    segment.add_argument("--encoding", help="input encoding (default: UTF-8, BOM allowed)")
    segment.add_argument("--format-out", choices=OUTPUT_FORMATS, default="whitespace",
                         help="output format (default: whitespace)")
    segment.add_argument("-o", "--output", metavar="FILE",
                         help="write here (atomically) instead of stdout; with several -s, "
                         "a pattern such as out/{segmenter}.txt")
    return parser


def _non_negative(value: str) -> float:
    number = float(value)
    if not number >= 0:
        raise argparse.ArgumentTypeError("must be a number of days, 0 or more")
    return number


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    def parse(value: str) -> float:
        number = kind(value)
        if number <= 0:
            raise argparse.ArgumentTypeError("must be greater than 0")
        return number
    return parse


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-j", "--jobs", type=_positive(int), default=os.cpu_count() or 1,
                        metavar="N", help="worker processes at once (default: CPU count; "
                        "each holds one segmenter, pkuseg takes ~800 MB)")
    parser.add_argument("--timeout", type=_positive(float), metavar="SECONDS",
                        help="stop a segmenter's worker after this long (default: none)")
    parser.add_argument("--memory-limit", type=_positive(int), metavar="MB",
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
                        help="nothing on stderr but errors: no progress, notes or segmenter "
                        "output (a failing segmenter's output is shown with its failure)")


def _run_options(args: argparse.Namespace) -> RunOptions:
    from evalkit.cache import Cache, default_directory
    from evalkit.pipeline import RunOptions
    from evalkit.progress import choose

    cache = None if args.no_cache else Cache(
        Path(args.cache_dir) if args.cache_dir else default_directory(),
        warn=lambda message: _say(f"warning: {message}"))
    return RunOptions(args.jobs, args.timeout, args.fail_fast, cache,
                      choose(args.quiet, sys.stderr.isatty()), args.memory_limit,
                      capture_output=args.quiet)


def _add_cache_parser(commands: Any) -> None:
    cache = commands.add_parser(
        "cache", help="show the segmenter output cache; clear or prune it",
        description="Without an action: where the cache is, its entries and size.\n"
        "clear removes every entry; prune removes entries no run has used for\n"
        "more than --older-than DAYS.", epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    cache.add_argument("--cache-dir", metavar="DIR",
                       help="the cache (default: $XDG_CACHE_HOME/evalkit)")
    actions = cache.add_subparsers(dest="action", metavar="{clear,prune}")
    actions.add_parser("clear", help="remove every cached output")
    prune = actions.add_parser("prune", help="remove outputs unused for more than DAYS days")
    prune.add_argument("--older-than", type=_non_negative, required=True, metavar="DAYS",
                       help="days since an entry was last written or used")


def _add_check_parser(commands: Any) -> None:
    check = commands.add_parser(
        "check", help="fail when segmentation got worse than a recorded baseline",
        description="Re-run the baseline's segmenters (or those given) on the baseline's\n"
        "corpora with its settings, and judge every corpus x segmenter: better,\n"
        "unchanged, within tolerance (a drop of at most --max-drop), not significant\n"
        "(a larger drop whose p-value is not below --significance), worse, new,\n"
        "missing (a baseline row not checked) or failed. A drop is a regression\n"
        "when it exceeds --max-drop F1 points and, with --significance, its paired\n"
        "bootstrap p-value is below that level. worse, missing and failed fail the\n"
        "gate; leave baseline segmenters out with --only.",
        epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
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
    check.add_argument("--normalize", choices=("none", "width", "nfkc"),
                       help="must match the baseline's (default: the baseline's)")
    vocabulary = check.add_mutually_exclusive_group()
    vocabulary.add_argument("--lexicon", metavar="WORDS",
                            help="must match the baseline's (default: the baseline's)")
    vocabulary.add_argument("--train", metavar="CORPUS", help="as --lexicon")
    _add_run_options(check)
    check.add_argument("--format", default="simple", metavar="TABLEFMT",
                       help="tabulate table format (default: simple)")
    check.add_argument("--digits", type=_digits, default=3, metavar="N",
                       help="decimals for F1 (default: 3)")


def _add_datasets_parser(commands: Any) -> None:
    datasets = commands.add_parser(
        "datasets", help="list, show, download and print registered benchmark corpora",
        description="Registered corpora (SIGHAN 2005, Universal Dependencies Chinese, AMTTL)\n"
        "by name. Files are fetched on first use (or by 'download'), verified (size and\n"
        "SHA-256) and kept in the store: $EVALKIT_DATA, default\n"
        "$XDG_CACHE_HOME/evalkit/datasets. EVALKIT_MIRROR=BASE fetches BASE plus each\n"
        "canonical URL's path (http, https or file); EVALKIT_OFFLINE=1 never uses the\n"
        "network. With no action: list.", epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = datasets.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="every corpus: sentences, words, script, domain, "
                       "licence, downloaded? (the default)")
    show = actions.add_parser("show", help="one corpus in full: files with URL and "
                              "SHA-256, terms, known defects, BibTeX citation")
    show.add_argument("name", metavar="NAME", help="corpus or suite name")
    download = actions.add_parser("download", help="fetch and verify corpora into the store "
                                  "(a corpus, a suite, or all); prints the stored paths")
    download.add_argument("names", nargs="+", metavar="NAME", help="corpus or suite name")
    download.add_argument("-q", "--quiet", action="store_true",
                          help="no progress or notes on stderr (the terms are still shown)")
    echo = actions.add_parser("echo", help="print a corpus's text on stdout (as sacreBLEU "
                              "--echo)")
    echo.add_argument("name", metavar="NAME", help="corpus name")
    echo.add_argument("--role", default="gold", metavar="ROLE",
                      help="gold (default), raw (the raw file, or each gold unit's text on "
                      "a line) or lexicon (the word list)")
    echo.add_argument("-q", "--quiet", action="store_true",
                      help="no progress or notes on stderr")


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format-in", choices=INPUT_FORMATS,
                        help="input format (default: detected from extension and content)")
    parser.add_argument("--encoding",
                        help="gold encoding (default: UTF-8, BOM allowed), e.g. gbk, cp950, "
                        "big5hkscs")


def _add_vocabulary_options(parser: argparse.ArgumentParser, per_corpus: bool = False) -> None:
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
    parser.add_argument("--normalize", choices=("none", "width", "nfkc"), default="none",
                        help="fold both sides before scoring: width (full-width ASCII "
                        "forms to ASCII) or nfkc; recorded in the signature (default: none)")


def _settings(args: argparse.Namespace) -> Settings:
    """The lexicon (--lexicon or --train) and the --normalize policy.

    A repeated option (compare's --lexicon) is per corpus: it travels with the
    gold sources instead (_read_sources). With --lexicon-encoding (score), the
    lexicon has an encoding of its own and is read as UTF-8 when it is UTF-8;
    elsewhere --encoding applies to it."""
    from evalkit.lexicon import read_training_corpus, read_word_list
    from evalkit.settings import Settings

    if hasattr(args, "lexicon_encoding"):
        encoding = {"encoding": args.lexicon_encoding, "option": "--lexicon-encoding",
                    "fallback": args.encoding}
    else:
        encoding = {"encoding": args.encoding, "option": "--encoding", "fallback": None}
    lexicon = None
    if args.lexicon and isinstance(args.lexicon, str):
        lexicon = read_word_list(args.lexicon, **encoding)
    elif args.train:
        lexicon = read_training_corpus(args.train, None, **encoding)
    return Settings(lexicon, args.normalize)


def _level(value: str) -> float:
    from evalkit.usage import confidence_level

    try:
        return confidence_level(value)
    except UsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_stats_options(parser: argparse.ArgumentParser, paired: bool) -> None:
    group = parser.add_argument_group("statistics (resampling sentences)")
    group.add_argument("--ci", nargs="?", const=0.95, type=_level, metavar="LEVEL",
                       help="percentile bootstrap interval for every P, R and F1, shown as "
                       "'0.888 [0.871, 0.904]' (LEVEL: 0.95 or 95, the default)")
    if paired:
        group.add_argument("--paired", action="store_true",
                           help="test every segmenter's word F1 against a baseline, and "
                           "rank them")
        group.add_argument("--baseline", metavar="NAME",
                           help="the baseline for --paired (default: the first segmenter)")
        group.add_argument("--test", choices=("bootstrap", "ar"),
                           help="paired bootstrap (default) or approximate randomization")
        group.add_argument("--correction", choices=("holm", "bh", "none"),
                           help="multiple-comparison correction (default: holm)")
    group.add_argument("--resamples", type=_positive(int), metavar="N",
                       help="bootstrap resamples or randomization trials (default: 1000)")
    group.add_argument("--seed", type=int,
                       help="random seed, recorded in the signature (default: 12345)")


STATS_OPTIONS = {"--baseline": "baseline", "--test": "test", "--correction": "correction",
                 "--resamples": "resamples", "--seed": "seed"}


def _stats_options(args: argparse.Namespace, segmenters: int | None = None) -> StatsOptions:
    """The statistics asked for; options that would be ignored are a UsageError."""
    from evalkit.stats import StatsOptions
    from evalkit.usage import check_statistics

    given = [option for option, name in STATS_OPTIONS.items()
             if getattr(args, name, None) is not None]
    paired = getattr(args, "paired", False)
    check_statistics(given, paired, args.ci is not None, segmenters)
    defaults = StatsOptions()
    return StatsOptions(args.ci, paired, getattr(args, "baseline", None),
                        getattr(args, "test", None) or defaults.test,
                        defaults.resamples if args.resamples is None else args.resamples,
                        defaults.seed if args.seed is None else args.seed,
                        getattr(args, "correction", None) or defaults.correction)


def _with_statistics(results: Results, options: StatsOptions) -> Results:
    """Results with the statistics block, when any was asked for."""
    from dataclasses import replace

    from evalkit.stats import analyse

    return replace(results, statistics=analyse(results, options)) if options.wanted \
        else results


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="simple", metavar="TABLEFMT",
                        help="tabulate table format: simple, github, plain, grid, ... "
                        "(default: simple)")
    parser.add_argument("--digits", type=_digits, default=3, metavar="N",
                        help="decimals for scores (default: 3)")
    parser.add_argument("--json", action="store_true",
                        help="print the results document as JSON instead of the table")


def _say(message: str) -> None:
    print(f"evalkit: {message}", file=sys.stderr)


def _say_failures(results: Results) -> None:
    for failure in results.failures:
        where = f" on {failure.corpus}" if failure.corpus else ""
        _say(f"error: segmenter {failure.segmenter!r}{where}: {failure.reason}")


def _check_table_format(name: str) -> None:
    from tabulate import tabulate_formats

    from evalkit.report.table import RECORD_FORMATS

    if name not in tabulate_formats and name not in RECORD_FORMATS:
        raise UsageError(f"unknown table format {name!r}; choose one of "
                         f"{', '.join(sorted(tabulate_formats))}")


def _choose_segmenters(requested: Sequence[str] | None, quiet: bool = False) -> list[Spec]:
    """Specs as given (registered names must be installed); by default, every
    importable registered segmenter."""
    from evalkit.segmenters import lookup, registered
    from evalkit.segmenters.install import install_command
    from evalkit.segmenters.spec import parse_spec

    if requested:
        specs = [parse_spec(text) for text in requested]
        for spec in specs:
            if spec.kind == "registered":
                entry = lookup(spec.target)
                if not entry.importable():
                    raise UsageError(f"segmenter {spec.target!r} is not installed here; to "
                                     f"add it: {install_command(entry.distribution)}")
        labels = [spec.label for spec in specs]
        for label in labels:
            if labels.count(label) > 1:
                raise UsageError(f"segmenter {label!r} is given twice; give one an alias, "
                                 f"e.g. -s other={label}")
        return specs
    chosen = []
    for name, entry in registered().items():
        if entry.importable():
            chosen.append(parse_spec(name))
        elif not quiet:
            _say(f"note: skipping {name}: not installed; to add it: "
                 f"{install_command(entry.distribution)}")
    if not chosen:
        raise UsageError(f"no segmenter is installed; to add one: {install_command('jieba')}")
    return chosen


def _fetch_options(quiet: bool) -> FetchOptions:
    """Store, mirror and offline mode from the environment; notes unless quiet."""
    from evalkit.datasets import FetchOptions

    note = (lambda message: None) if quiet else (lambda m: _say(f"note: {m}"))
    return FetchOptions.from_environment(not quiet and sys.stderr.isatty(), note)


def _gold_sources(texts: Sequence[str], quiet: bool) -> list[GoldSource]:
    """Each --gold value as sources: a path, a registered corpus, or a suite's corpora
    (a corpus named twice is read once)."""
    from evalkit.datasets import resolve_gold

    options = _fetch_options(quiet)
    from evalkit.sources import distinct

    return distinct([source for text in texts for source in resolve_gold(text, options=options)])


def _read_sources(args: argparse.Namespace) -> list[Loaded]:
    """The --gold files, corpora or suites (or the seeds), each with its raw text and
    word list: a registered corpus brings its own; --raw and --lexicon pair with the
    --gold values in order (a value given for a suite serves each of its corpora) and
    win over the registry's."""
    from dataclasses import replace

    from evalkit.seeds import default_gold_files
    from evalkit.sources import GoldSource, distinct, load_source, paired

    texts = args.gold or [str(path) for path in default_gold_files()]
    if not texts:
        raise InputError("seeds", "no gold files found; pass --gold FILE")
    raws = paired("--raw", args.raw, len(texts))
    lexicons = paired("--lexicon", args.lexicon, len(texts))
    sources: list[GoldSource] = []
    for text, raw, lexicon in zip(texts, raws, lexicons, strict=True):
        for source in (_gold_sources([text], args.quiet) if args.gold
                       else [GoldSource(Path(text))]):
            sources.append(replace(
                source, raw=Path(raw) if raw else source.raw,
                lexicon=Path(lexicon) if lexicon else source.lexicon))
    unique = distinct(sources)
    stems = [s.gold.stem for s in unique if s.dataset is None]
    return [load_source(s, args.format_in, args.encoding,
                        name=s.gold.stem if stems.count(s.gold.stem) == 1 else str(s.gold))
            for s in unique]


def _one_gold(text: str, quiet: bool) -> GoldSource:
    """The single corpus a command like score needs (a suite names several)."""
    sources = _gold_sources([text], quiet)
    if len(sources) != 1:
        names = ", ".join(s.dataset or str(s.gold) for s in sources)
        raise UsageError(f"{text!r} names {len(sources)} corpora ({names}); give one of them")
    return sources[0]


def _import_in_background(*modules: str) -> None:
    """Import what scoring and rendering need while the workers load their models
    (numpy and tabulate take ~60 ms), off the critical path."""
    import importlib
    import threading

    def load() -> None:
        for module in modules:
            importlib.import_module(module)

    threading.Thread(target=load, daemon=True).start()


def _ensure_baseline_folder(path: str | None) -> None:
    """Create --save-baseline's folder before anything runs, as --out's is."""
    from evalkit.fileio import ensure_writable_dir

    if path:
        ensure_writable_dir(Path(path).parent, "--save-baseline")


def run_compare(args: argparse.Namespace) -> Exit:
    from evalkit.pipeline import compare
    from evalkit.fileio import ensure_writable_dir, write_together
    from evalkit.report.markdown import render_markdown
    from evalkit.report.table import default_view
    from evalkit.results import dumps
    from evalkit.usage import check_gold_format

    _check_table_format(args.format)
    check_gold_format(args.format_in)
    segmenters = _choose_segmenters(args.segmenter, args.quiet)
    stats = _stats_options(args, len(segmenters))
    if args.baseline is not None and args.baseline not in [s.label for s in segmenters]:
        raise UsageError(f"--baseline {args.baseline!r} is not among the segmenters "
                         f"({', '.join(s.label for s in segmenters)})")
    if args.sighan:
        return _run_compare_sighan(args, segmenters)
    corpora = _read_sources(args)
    settings = _settings(args)
    out = None if args.no_save else Path(args.out)
    if args.report and out is None:
        raise UsageError("--report writes files: drop --no-save (or choose --out DIR)")
    if out is not None:
        ensure_writable_dir(out)
    _ensure_baseline_folder(args.save_baseline)
    note = (lambda message: None) if args.quiet else (lambda m: _say(f"note: {m}"))
    _import_in_background("numpy", "tabulate")
    results = _with_statistics(
        compare(corpora, segmenters, settings, _run_options(args), note), stats)
    _say_failures(results)
    document = results.to_document()
    if args.json:
        sys.stdout.write(dumps(document))
    else:
        _print_result(results, args.format, args.digits, args.view or default_view(results))
    if out is not None:
        from evalkit.report import EXTENSIONS, renderer

        files = {"results.json": dumps(document),
                 "results.md": render_markdown(results, args.digits)}
        for name in dict.fromkeys(args.report or []):
            if name not in ("md", "json"):
                files[f"results.{EXTENSIONS[name]}"] = renderer(name)(results, args.digits)
        write_together(out, files, owned=[f"results.{ext}" for ext in EXTENSIONS.values()])
    if args.save_baseline:
        if results.failures:
            _say("error: no baseline saved: a baseline needs every segmenter to succeed")
        else:
            from evalkit.check import write_baseline

            write_baseline(results, Path(args.save_baseline))
    return Exit.SEGMENTER_FAILED if results.failures else Exit.OK


def _run_compare_sighan(args: argparse.Namespace, segmenters: list[Spec]) -> Exit:
    """compare --sighan: the bakeoff script's figures for every row, no report files."""
    import json

    from evalkit.bakeoff import compare_sighan, render_bakeoff

    refused = [flag for flag, given in (("--ci", args.ci is not None),
                                        ("--paired", args.paired),
                                        ("--report", bool(args.report)),
                                        ("--save-baseline", bool(args.save_baseline)))
               if given]
    if refused:
        raise UsageError(f"{', '.join(refused)} work(s) on exact span scoring; drop --sighan "
                         "to use them")
    sources = _read_sources(args)
    settings = _settings(args)
    note = (lambda message: None) if args.quiet else (lambda m: _say(f"note: {m}"))
    _import_in_background("numpy", "tabulate")
    results = compare_sighan(sources, segmenters, settings, _run_options(args), note)
    for failure in results.failures:
        where = f" on {failure.corpus}" if failure.corpus else ""
        _say(f"error: segmenter {failure.segmenter!r}{where}: {failure.reason}")
    for warning in results.warnings:
        _say(f"warning: {warning}")
    if args.json:
        sys.stdout.write(json.dumps(results.to_document(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_bakeoff(results, args.format))
    return Exit.SEGMENTER_FAILED if results.failures else Exit.OK


def _gold_encoding(source: GoldSource, given: str | None) -> str | None:
    """The encoding the gold is read in: a registered corpus's own, else --encoding.
    A prediction that is not UTF-8 is tried in it."""
    return source.encoding if source.dataset is not None else given


def run_score(args: argparse.Namespace) -> Exit:
    from evalkit.corpus import read_corpus
    from evalkit.datasets import read_source
    from evalkit.gcpause import paused_gc
    from evalkit.results import dumps
    from evalkit.predictions import read_prediction, score_files
    from evalkit.usage import check_gold_format

    _check_table_format(args.format)
    check_gold_format(args.format_in)
    stats = _stats_options(args)
    settings = _settings(args)
    source = _one_gold(args.gold, quiet=False)
    if settings.lexicon is None and source.lexicon is not None:  # the corpus's own list
        from dataclasses import replace

        from evalkit.lexicon import read_word_list

        settings = replace(settings, lexicon=read_word_list(source.lexicon, source.encoding))
    if args.sighan:
        return _run_sighan(args, settings, source)
    gold = read_source(source, args.format_in, args.encoding)
    predicted = read_prediction(args.pred, args.format_in, args.pred_encoding,
                                _gold_encoding(source, args.encoding))
    raw = None
    if args.raw is not None:
        if args.details:
            raise UsageError("--details shows gold and prediction line by line; it does not "
                             "work with --raw")
        raw = read_corpus(args.raw, "raw", args.encoding, name=gold.name)
    results = _with_statistics(score_files(gold, predicted, settings, raw), stats)
    view = None
    if args.details:
        from evalkit.report.details import details

        view = details([settings.normalise(u.tokens) for u in gold.units],
                       [settings.normalise(u.tokens) for u in predicted.units],
                       [u.line for u in gold.units], results.rows[0].per_unit.tolist())
    if args.json:  # the document (packed, so not cheap) is made only to be printed
        with paused_gc():
            document = results.to_document()
        if view is not None:
            document["details"] = {"missed": view.missed, "spurious": view.spurious}
        sys.stdout.write(dumps(document))
        return Exit.OK
    _print_result(results, args.format, args.digits)
    if view is not None:
        sys.stdout.write("\n" + view.text)
    return Exit.OK


def _run_sighan(args: argparse.Namespace, settings: Settings, source: GoldSource) -> Exit:
    import json

    from evalkit.predictions import as_prediction, check_unit_counts
    from evalkit.sighan import read_lines, render_summary, score_sighan, warnings

    if args.details or args.ci is not None:
        raise UsageError("--details and --ci work on exact span scoring; drop --sighan to "
                         "use them")
    if args.raw is not None:
        raise UsageError("--raw has no use with --sighan: the bakeoff script pairs prediction "
                         "line n with gold line n whatever text they hold")
    registered = source.dataset is not None
    gold = read_lines(str(source.gold), source.format if registered else args.format_in,
                      source.encoding if registered else args.encoding)
    predicted = as_prediction(lambda: read_lines(
        args.pred, args.format_in, args.pred_encoding, option="--pred-encoding",
        fallback=_gold_encoding(source, args.encoding)))
    check_unit_counts(str(source.gold), len(gold.units), args.pred, len(predicted.units))
    score = score_sighan(gold, predicted, settings)
    for warning in warnings(score):
        _say(f"warning: {warning}")
    if args.json:
        sys.stdout.write(json.dumps(score.to_document(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_summary(score))
    return Exit.OK


def _print_result(results: Results, fmt: str, digits: int, view: str = "rows") -> None:
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


def _emit(text: str, output: str | None) -> None:
    """The result on stdout, or written atomically to ``output``."""
    if output:
        from evalkit.fileio import write_atomic

        write_atomic(Path(output), text, "-o/--output")
    else:
        sys.stdout.write(text)


def _segment_outputs(labels: Sequence[str], output: str | None) -> list[str | None]:
    """Where each segmenter's output goes: one -s writes to -o or stdout; several
    need -o with {segmenter}, never one output silently standing for all."""
    if len(labels) == 1:
        return [output]
    if output is None or "{segmenter}" not in output:
        raise UsageError(f"{len(labels)} segmenters given ({', '.join(labels)}) but one "
                         "output: give one -s, or -o with a pattern holding {segmenter}, "
                         "e.g. -o 'out/{segmenter}.txt', for one file each")
    for label in labels:
        if "/" in label:
            raise UsageError(f"segmenter {label!r} cannot name a file; give it an alias, "
                             "e.g. -s mine=...")
    return [output.replace("{segmenter}", label) for label in labels]


def run_segment(args: argparse.Namespace) -> Exit:
    from evalkit.pipeline import segment_all
    from evalkit.corpus import corpus_from_text, format_units, read_text, segment_input_format

    specs = _choose_segmenters(args.segmenter)
    outputs = _segment_outputs([spec.label for spec in specs], args.output)
    content = read_text(args.input, args.encoding)
    fmt = args.format_in or segment_input_format(args.input, content[0])
    corpus = corpus_from_text(content, args.input, fmt)
    failed = False
    for spec, output, units in zip(specs, outputs, segment_all(corpus, specs,
                                                               _run_options(args)), strict=True):
        if isinstance(units, str):
            _say(f"error: segmenter {spec.label!r}: {units}")
            failed = True
            continue
        _emit(format_units(units, args.format_out, output or "<stdout>"), output)
    return Exit.SEGMENTER_FAILED if failed else Exit.OK


def run_check(args: argparse.Namespace) -> Exit:
    from evalkit.check import (
        changes,
        github_annotations,
        junit_xml,
        render_verdicts,
        run_gate,
        update_refusal,
    )
    from evalkit.check import write_baseline as save
    from evalkit.fileio import write_atomic
    from evalkit.lexicon import read_training_corpus, read_word_list

    _check_table_format(args.format)
    if args.update and args.only:
        raise UsageError("--update rewrites the whole baseline, so every row must be "
                         "checked: drop --only")
    if args.segmenter:
        _choose_segmenters(args.segmenter)  # fail on bad specs before anything runs
    lexicon = (read_word_list(args.lexicon, args.encoding) if args.lexicon else
               read_training_corpus(args.train, None, args.encoding) if args.train else None)
    baseline_path = Path(args.baseline)
    run = run_gate(baseline_path, specs=args.segmenter, gold=args.gold, lexicon=lexicon,
                   normalisation=args.normalize, encoding=args.encoding,
                   run_options=_run_options(args), max_drop=args.max_drop,
                   significance=args.significance, fetch=_fetch_options(args.quiet),
                   only=args.only)
    _say_failures(run.current)
    sys.stdout.write(render_verdicts(run.verdicts, args.format, args.digits) + "\n\n")
    failing = [v for v in run.verdicts if v.failed]
    rule = f"--max-drop {args.max_drop:g} F1 points"
    if args.significance is not None:
        rule += (f" and --significance {args.significance:g} (paired bootstrap on the "
                 "stored per-sentence counts, 1000 resamples, seed 12345)")
    lines = [f"gate: {rule}; {len(run.verdicts) - len(failing)} rows pass, {len(failing)} "
             "fail"]
    if run.left_out:
        lines.append(f"left out (--only): {', '.join(run.left_out)}: their baseline rows "
                     "were not checked")
    lines += [f"failing: {v.corpus} × {v.segmenter}: {v.verdict}: {v.message}"
              for v in failing]
    lines.append(f"signature: {run.current.signature()}")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        lines += github_annotations(run.verdicts)
    if args.junit_xml:
        write_atomic(Path(args.junit_xml), junit_xml(run.verdicts), "--junit-xml")
    refusal = update_refusal(run) if args.update else None
    if args.update and refusal is None:
        save(run.current, baseline_path, "--baseline")
        changed = changes(run.baseline, run.current)
        lines.append(f"updated {baseline_path}: " + (f"{len(changed)} rows changed"
                                                      if changed else "nothing changed"))
        lines += [f"  {line}" for line in changed]
    sys.stdout.write("\n".join(lines) + "\n")
    if refusal is not None:
        _say(f"error: {baseline_path} not updated: {refusal}")
    if run.current.failures:
        return Exit.SEGMENTER_FAILED
    if failing and (not args.update or refusal is not None):
        return Exit.REGRESSION
    return Exit.OK


def run_report(args: argparse.Namespace) -> Exit:
    import json

    from evalkit.report import format_for, renderer
    from evalkit.results import from_document

    name = args.format or format_for(args.output)
    render = renderer("matrix-csv" if name == "csv" and args.view == "matrix" else name)
    try:
        document = json.loads(Path(args.results).read_text(encoding="utf-8"))
        results = from_document(document)
    except FileNotFoundError:
        raise InputError(args.results, "no such file; pass results.json from "
                         "'evalkit compare'") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(args.results, f"not an evalkit results document ({error})") from None
    _emit(render(results, 3), args.output)
    return Exit.OK


def run_datasets(args: argparse.Namespace) -> Exit:
    from evalkit.datasets import default_registry, fetch_dataset
    from evalkit.datasets.describe import description, file_text, listing

    registry = default_registry()
    options = _fetch_options(getattr(args, "quiet", False))
    if args.action in (None, "list"):
        sys.stdout.write(listing(registry, options.store))
    elif args.action == "show":
        sys.stdout.write("\n".join(description(d, options) for d in registry.expand(args.name)))
    elif args.action == "download":
        chosen = {d.name: d for name in args.names for d in registry.expand(name)}
        for dataset in chosen.values():
            for role, path in fetch_dataset(dataset, options).items():
                print(f"{dataset.name}\t{role}\t{path}")
    else:
        from evalkit.datasets.registry import ROLES

        if args.role not in ROLES:  # checked here so that --help need not load the registry
            raise UsageError(f"unknown role {args.role!r}; choose one of {', '.join(ROLES)}")
        members = registry.expand(args.name)
        if len(members) != 1:
            raise UsageError(f"{args.name!r} is a suite of {len(members)} corpora; echo one "
                             f"of them ({', '.join(d.name for d in members)})")
        sys.stdout.write(file_text(members[0], args.role, options))
    return Exit.OK


def run_segmenters(args: argparse.Namespace) -> Exit:
    from tabulate import tabulate

    from evalkit.segmenters import registered
    from evalkit.segmenters.base import distribution_licence
    from evalkit.segmenters.install import install_command

    rows = [[entry.name, entry.distribution, entry.installed_version() or "-",
             "yes" if entry.importable() else "no", entry.description,
             distribution_licence(entry.distribution)]
            for entry in registered().values()]
    print(tabulate(rows, headers=["name", "package", "version", "importable", "options",
                                  "licence (as declared)"]))
    missing = [entry for entry in registered().values() if not entry.importable()]
    if missing:
        print("\nto add what is missing:")
        for entry in missing:
            print(f"  {entry.name}: {install_command(entry.distribution)}")
    return Exit.OK


def run_cache(args: argparse.Namespace) -> Exit:
    from evalkit.cache import Cache, default_directory

    cache = Cache(Path(args.cache_dir) if args.cache_dir else default_directory())
    if args.action is None:
        print(f"cache: {cache.directory}" + ("" if cache.directory.is_dir() else
                                            " (not created yet)"))
        print(f"holds: {cache.usage().describe()}")
        return Exit.OK
    try:
        removed, kept = cache.remove(getattr(args, "older_than", None))
    except OSError as error:
        raise OutputError(f"{cache.directory}: cannot remove cache entries "
                          f"({error.strerror})") from None
    line = f"removed {removed.describe()} from {cache.directory}"
    if args.action == "prune":
        line += f" (unused for more than {args.older_than:g} days); kept {kept.describe()}"
    print(line)
    return Exit.OK


ERROR_EXITS = ((UsageError, Exit.USAGE), (PredictionError, Exit.SEGMENTER_FAILED),
               (InputError, Exit.BAD_INPUT),
               (BaselineMismatchError, Exit.BASELINE_MISMATCH),
               (OutputError, Exit.CANNOT_WRITE), (EvalkitError, Exit.SEGMENTER_FAILED))
"""Each error family's exit status; the first matching entry wins."""

COMMANDS = {"compare": run_compare, "score": run_score, "segment": run_segment,
            "segmenters": run_segmenters, "cache": run_cache, "check": run_check,
            "report": run_report, "datasets": run_datasets}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status instead of exiting (testable in-process)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed its usage message
        return int(stop.code or 0)
    from evalkit.interrupt import Interrupted, stop_on_signals

    try:
        with stop_on_signals():
            return int(COMMANDS[args.command](args))
    except Interrupted as stop:
        _say(f"interrupted by {stop.name}: 'evalkit {args.command}' stopped, its workers "
             "killed, no file left half-written")
        return stop.status
    except EvalkitError as error:
        _say(f"error: {error}")
        return next(status for kind, status in ERROR_EXITS if isinstance(error, kind))
    except BrokenPipeError:  # stdout closed early, e.g. piped into head: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return Exit.OK
    except KeyboardInterrupt:
        return 130
