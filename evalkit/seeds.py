"""Where the default gold comes from: ./seeds/ if present, else the packaged seed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from evalkit.corpus import gold_files


def default_gold_files() -> list[Path]:
    """The gold files `evalkit compare` reads when no --gold is given.

    ``./seeds/`` wins when it holds gold files, so a checkout evaluates its own
    seeds; otherwise the seed shipped inside the package (``evalkit.seed_gold``,
    built from the repository's seeds/ folder) is used, so a plain
    ``pip install`` gives the same default.
    """
    local = Path("seeds")
    if local.is_dir():
        found = gold_files(local.iterdir())
        if found:
            return found
    packaged = resources.files("evalkit.seed_gold")
    return gold_files(Path(str(entry)) for entry in packaged.iterdir())
