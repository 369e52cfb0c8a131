"""The segmenter registry: names mapped to lazily imported adapters.

Entries are ``"module:attr"`` strings so that listing or validating names
never imports jieba, pkuseg or numpy.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from evalkit.errors import SegmenterError, UsageError
from evalkit.segmenters.base import Segmenter


@dataclass(frozen=True)
class Registration:
    """A registered segmenter: its name, the package it needs, where its adapter is."""

    name: str
    package: str
    adapter: str
    description: str

    def importable(self) -> bool:
        """Whether the segmenter's package is installed, without importing it."""
        return importlib.util.find_spec(self.package) is not None

    def installed_version(self) -> str | None:
        try:
            return metadata.version(self.package)
        except metadata.PackageNotFoundError:
            return None


BUILTINS: dict[str, Registration] = {
    entry.name: entry for entry in (
        Registration("jieba", "jieba", "evalkit.segmenters.jieba_adapter:JiebaSegmenter",
                     "accurate mode, HMM on"),
        Registration("pkuseg", "pkuseg", "evalkit.segmenters.pkuseg_adapter:PkusegSegmenter",
                     "default (mixed-domain) model"),
    )
}


def registered() -> dict[str, Registration]:
    """Every registered segmenter, in a stable order."""
    return dict(BUILTINS)


def lookup(name: str) -> Registration:
    """The registration of ``name``; an unknown name lists the valid ones."""
    entries = registered()
    if name not in entries:
        raise UsageError(f"unknown segmenter {name!r}; registered: {', '.join(entries)} "
                         "(see 'evalkit segmenters')")
    return entries[name]


def load(name: str, **options: Any) -> Segmenter:
    """Import and construct a segmenter; any failure becomes a SegmenterError."""
    entry = lookup(name)
    module_name, _, attr = entry.adapter.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
        segmenter: Segmenter = factory(**options)
    except ImportError as error:
        raise SegmenterError(name, f"cannot be imported ({error}); install the "
                             f"{entry.package!r} package") from None
    except Exception as error:  # a third-party constructor can raise anything
        raise SegmenterError(name, f"failed to load: {type(error).__name__}: {error}") from None
    return segmenter
