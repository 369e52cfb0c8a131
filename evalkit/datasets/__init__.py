"""Registered benchmark corpora: records, fetching with checksums, the store.

``resolve_gold("sighan2005/pku")`` gives GoldSources whose files are verified
copies in the store; see ``registry`` (the record types), ``catalogue`` (the
built-in records), ``fetch`` (store, mirror, offline mode, locks) and
``resolve`` (names and paths to sources).
"""

from __future__ import annotations

from evalkit.datasets.fetch import FetchOptions, fetch_dataset, stored_state
from evalkit.datasets.registry import DataFile, Dataset, Registry
from evalkit.datasets.resolve import default_registry, read_source, resolve_gold

__all__ = ["DataFile", "Dataset", "FetchOptions", "Registry", "default_registry",
           "fetch_dataset", "read_source", "resolve_gold", "stored_state"]
