"""``evalkit segmenters``: the registered segmenters and whether they import here."""

from __future__ import annotations

import argparse
from typing import Any

from evalkit.cli.exits import Exit


def add_parser(commands: Any) -> None:
    commands.add_parser("segmenters", help="list registered segmenters and whether they "
                        "can be imported here")


def run(args: argparse.Namespace) -> Exit:
    from tabulate import tabulate

    from evalkit.segmenters import registered
    from evalkit.segmenters.base import distribution_licence
    from evalkit.segmenters.install import install_command

    del args
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
