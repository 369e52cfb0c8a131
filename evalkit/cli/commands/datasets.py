"""``evalkit datasets``: list, show, download and print registered benchmark corpora."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from evalkit.cli import options
from evalkit.cli.exits import Exit


def add_parser(commands: Any) -> None:
    datasets = options.described(
        commands, "datasets",
        help="list, show, download and print registered benchmark corpora",
        description="Registered corpora (SIGHAN 2005, Universal Dependencies Chinese, AMTTL)\n"
        "by name. Files are fetched on first use (or by 'download'), verified (size and\n"
        "SHA-256) and kept in the store: $EVALKIT_DATA, default\n"
        "$XDG_CACHE_HOME/evalkit/datasets. EVALKIT_MIRROR=BASE fetches BASE plus each\n"
        "canonical URL's path (http, https or file); EVALKIT_OFFLINE=1 never uses the\n"
        "network. With no action: list.")
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


def run(args: argparse.Namespace) -> Exit:
    from evalkit.datasets import default_registry, fetch_dataset
    from evalkit.datasets.describe import description, echo_text, listing, registered

    registry = default_registry()
    fetch = options.fetch_options(getattr(args, "quiet", False))
    if args.action in (None, "list"):
        sys.stdout.write(listing(registry, fetch.store))
    elif args.action == "show":
        sys.stdout.write("\n".join(description(d, fetch)
                                   for d in registered(registry, args.name, "show")))
    elif args.action == "download":
        chosen = {d.name: d for name in args.names
                  for d in registered(registry, name, "download")}
        for dataset in chosen.values():
            for role, path in fetch_dataset(dataset, fetch).items():
                print(f"{dataset.name}\t{role}\t{path}")
    else:
        sys.stdout.write(echo_text(registry, args.name, args.role, fetch))
    return Exit.OK
