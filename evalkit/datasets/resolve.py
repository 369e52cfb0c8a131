"""From what a user typed after --gold to gold sources: a path, a corpus or a suite.

An existing path always wins, so a file named like a corpus is still read as
a file. A registered name gives its files from the store (fetched and
verified first), its format and encoding, and its name as the corpus name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from evalkit.datasets.fetch import FetchOptions, fetch_dataset
from evalkit.datasets.registry import Dataset, Registry
from evalkit.errors import InputError
from evalkit.sources import GoldSource

if TYPE_CHECKING:
    from evalkit.corpus import Corpus

NAME_SHAPE = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)?")
"""What a corpus or suite name looks like; anything else is taken for a path."""


def default_registry() -> Registry:
    """The built-in registry (imported on first use, so --help stays light)."""
    from evalkit.datasets import catalogue

    return catalogue.REGISTRY


def source_of(dataset: Dataset, options: FetchOptions) -> GoldSource:
    """A registered corpus as a GoldSource of verified store files."""
    paths = fetch_dataset(dataset, options)
    gold = dataset.gold
    return GoldSource(paths["gold"], paths.get("raw"), paths.get("lexicon"), gold.format,
                      gold.encoding, dataset.name)


def resolve_gold(text: str, registry: Registry | None = None,
                 options: FetchOptions | None = None) -> list[GoldSource]:
    """A path → one source; a corpus name → one; a suite → one per member.

    A missing path is an InputError; an unknown name is a UsageError listing
    the closest names.
    """
    if Path(text).exists():
        return [GoldSource(Path(text))]
    registry = registry or default_registry()
    if not registry.knows(text) and not NAME_SHAPE.fullmatch(text):
        raise InputError(text, "no such file; check the path (or give a registered corpus "
                         "name: 'evalkit datasets' lists them)")
    datasets = registry.expand(text)
    options = options or FetchOptions.from_environment()
    return [source_of(dataset, options) for dataset in datasets]


def read_source(source: GoldSource, fmt: str | None = None, encoding: str | None = None,
                name: str | None = None) -> Corpus:
    """Read a source's gold file. A registered corpus is read with its own format and
    encoding and named by its registry name; ``fmt`` and ``encoding`` (the user's
    --format-in and --encoding) apply to files of the user's own."""
    from dataclasses import replace

    from evalkit.corpus import read_corpus

    if source.dataset is None:
        return read_corpus(source.gold, fmt, encoding, name)
    corpus = read_corpus(source.gold, source.format, source.encoding, source.dataset)
    return replace(corpus, dataset=source.dataset)
