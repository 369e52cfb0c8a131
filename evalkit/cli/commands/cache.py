"""``evalkit cache``: show the segmenter output cache; clear or prune it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evalkit.cli import options
from evalkit.cli.exits import Exit


def add_parser(commands: Any) -> None:
    cache = options.described(
        commands, "cache", help="show the segmenter output cache; clear or prune it",
        description="Without an action: where the cache is, its entries and size.\n"
        "clear removes every entry; prune removes entries no run has used for\n"
        "more than --older-than DAYS.")
    cache.add_argument("--cache-dir", metavar="DIR",
                       help="the cache (default: $XDG_CACHE_HOME/evalkit)")
    actions = cache.add_subparsers(dest="action", metavar="{clear,prune}")
    actions.add_parser("clear", help="remove every cached output")
    prune = actions.add_parser("prune", help="remove outputs unused for more than DAYS days")
    prune.add_argument("--older-than", type=options.non_negative, required=True,
                       metavar="DAYS", help="days since an entry was last written or used")


def run(args: argparse.Namespace) -> Exit:
    from evalkit.cache import Cache, default_directory

    cache = Cache(Path(args.cache_dir) if args.cache_dir else default_directory())
    if args.action is None:
        print(f"cache: {cache.directory}" + ("" if cache.directory.is_dir() else
                                            " (not created yet)"))
        print(f"holds: {cache.usage().describe()}")
        return Exit.OK
    removed, kept = cache.remove(getattr(args, "older_than", None))
    line = f"removed {removed.describe()} from {cache.directory}"
    if args.action == "prune":
        line += f" (unused for more than {args.older_than:g} days); kept {kept.describe()}"
    print(line)
    return Exit.OK
