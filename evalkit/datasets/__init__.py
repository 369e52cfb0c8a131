"""Registered benchmark corpora: records, fetching with checksums, the store.

``resolve_gold("sighan2005/pku")`` gives GoldSources whose files are verified
copies in the store; see ``registry`` (the record types), ``catalogue`` (the
built-in records), ``fetch`` (store, mirror, offline mode, locks),
``resolve`` (names and paths to sources) and ``describe`` (what
``evalkit datasets`` prints). The names below are imported on first use, so
``evalkit --help`` does not pay for urllib, hashlib or the catalogue.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evalkit.datasets.fetch import FetchOptions, fetch_dataset, stored_state
    from evalkit.datasets.registry import DataFile, Dataset, Registry
    from evalkit.datasets.resolve import default_registry, read_source, resolve_gold

_EXPORTS = {"FetchOptions": "fetch", "fetch_dataset": "fetch", "stored_state": "fetch",
            "DataFile": "registry", "Dataset": "registry", "Registry": "registry",
            "default_registry": "resolve", "read_source": "resolve", "resolve_gold": "resolve"}

__all__ = ["DataFile", "Dataset", "FetchOptions", "Registry", "default_registry",
           "fetch_dataset", "read_source", "resolve_gold", "stored_state"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'evalkit.datasets' has no attribute {name!r}")
    return getattr(importlib.import_module(f"evalkit.datasets.{_EXPORTS[name]}"), name)
