"""Registry records: what a named corpus is, where its files come from, how to check them.

Records are frozen dataclasses held in read-only mappings, so nothing can
change a checksum at run time. A ``Registry`` is a value: the built-in one is
``catalogue.REGISTRY``; tests build their own for fixture corpora.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import MappingProxyType

from evalkit.errors import UsageError

ROLES = ("gold", "raw", "lexicon")
"""What a file is to its corpus: the gold segmentation, the raw text segmenters
were given, the training word list for OOV columns."""


@dataclass(frozen=True)
class DataFile:
    """One file of a corpus: its role, canonical URL, size, SHA-256 and how to read it."""

    role: str
    url: str
    size: int
    sha256: str
    format: str
    encoding: str = "utf-8"

    @property
    def url_path(self) -> str:
        """The canonical URL's path (``/OWNER/REPO/COMMIT/PATH``): where mirrors keep it."""
        from urllib.parse import urlsplit

        return urlsplit(self.url).path

    @property
    def relative_path(self) -> PurePosixPath:
        """Where the store keeps the file: the URL path, so a store is itself a mirror."""
        return PurePosixPath(self.url_path.lstrip("/"))


@dataclass(frozen=True)
class Dataset:
    """One registered corpus (a test or dev set) and everything known about it.

    ``sentences`` and ``words`` are None where the sources give no figure;
    ``notes`` are the known defects of the files, shown by ``datasets show``.
    """

    name: str
    description: str
    homepage: str
    licence: str
    terms: str
    citation: str
    script: str
    domain: str
    sentences: int | None
    words: int | None
    files: tuple[DataFile, ...]
    notes: tuple[str, ...] = ()

    def file(self, role: str) -> DataFile | None:
        """The file with this role, or None when the corpus has none."""
        return next((f for f in self.files if f.role == role), None)

    @property
    def gold(self) -> DataFile:
        gold = self.file("gold")
        if gold is None:  # a catalogue error, caught by the registry tests
            raise ValueError(f"dataset {self.name} has no gold file")
        return gold


@dataclass(frozen=True)
class Registry:
    """Corpora by name and suites (names of several corpora)."""

    datasets: Mapping[str, Dataset]
    suites: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        datasets = MappingProxyType(dict(self.datasets))
        suites = MappingProxyType({**self.suites, "all": tuple(datasets)})
        object.__setattr__(self, "datasets", datasets)
        object.__setattr__(self, "suites", suites)

    def names(self) -> list[str]:
        """Every name a user can give: corpora, then suites."""
        return [*self.datasets, *self.suites]

    def knows(self, name: str) -> bool:
        return name in self.datasets or name in self.suites

    def expand(self, name: str, *, files: bool = True) -> list[Dataset]:
        """The corpora a name stands for (one, or a suite's members).

        An unknown name is a usage error listing the closest known names (``files``:
        the place also takes a file, so the message says it is not one either).
        """
        if name in self.datasets:
            return [self.datasets[name]]
        if name in self.suites:
            return [self.datasets[member] for member in self.suites[name]]
        raise UsageError(unknown_name(name, self.names(), files=files))


def unknown_name(name: str, known: list[str], *, files: bool = True) -> str:
    """'NAME is neither an existing file nor a registered corpus; closest: ...' for a
    name not in ``known`` (without ``files``: 'is not a registered corpus name')."""
    import difflib

    close = difflib.get_close_matches(name, known, n=4, cutoff=0.4)
    if not close:
        close = [k for k in known if k.split("/")[0] == name.split("/", maxsplit=1)[0]][:4]
    hint = f"closest: {', '.join(close)}; " if close else ""
    what = "is neither an existing file nor a registered corpus" if files else \
        "is not a registered corpus or suite name"
    return (f"{name!r} {what}; {hint}"
            "'evalkit datasets' lists every name")
