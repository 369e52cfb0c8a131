"""What every segmenter adapter provides, whatever library is behind it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import metadata
from typing import Protocol

from evalkit.errors import UsageError

OptionParser = Callable[[str], object]
"""Turns an option's text from a spec (``hmm=false``) into the adapter's value."""


class Segmenter(Protocol):
    """A loaded segmenter: identity for the results, and one job.

    ``segment`` gets the raw text of each unit and returns its tokens; it may
    keep or drop whitespace (whitespace is never a word), but must not change
    any other character. Everything else (timing, text checks, isolation,
    caching) is the runner's, once for all adapters.
    """

    name: str
    package: str
    version: str
    options: dict[str, str]

    def segment(self, texts: Sequence[str]) -> list[list[str]]: ...


class Precomputed(Protocol):
    """An output that exists already (``file:``): given whole per corpus, blank units
    included; nothing runs, so it has no speed."""

    name: str
    package: str
    version: str
    options: dict[str, str]

    def all_units(self, corpus: str) -> list[list[str]]: ...


def boolean(value: str) -> bool:
    """Option text to bool: true/false, yes/no, on/off, 1/0."""
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return True
    if lowered in ("false", "no", "off", "0"):
        return False
    raise UsageError(f"{value!r} is not a yes/no value; use true or false")


def text(value: str) -> str:
    return value


def distribution_version(distribution: str) -> str:
    """The installed version of a distribution (the name pip knows), from its metadata.

    Metadata rather than ``__version__``, which some packages leave stale
    (jieba_fast 0.53 says 0.39).
    """
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


@cache
def module_version(module: str) -> str:
    """The version of the distribution that provides an arbitrary module (``py:``).

    Scans every installed distribution (~40 ms), so adapters that know their
    distribution use distribution_version instead.
    """
    top = module.partition(".")[0]
    for distribution in metadata.packages_distributions().get(top, [top]):
        version = distribution_version(distribution)
        if version != "unknown":
            return version
    return "unknown"


def distribution_licence(distribution: str) -> str:
    """The licence a distribution declares in its metadata, or "not declared".

    Taken from the package itself rather than written down here, so it stays true.
    """
    try:
        info = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return "-"
    for field in ("License-Expression", "License"):
        value = (info[field] or "").strip() if field in info else ""
        if value and value.upper() != "UNKNOWN" and "\n" not in value and len(value) < 40:
            return value
    classifiers = [c.split("::")[-1].strip() for c in info.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or "not declared"
