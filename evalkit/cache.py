"""A content-addressed cache of segmenter outputs.

An entry is keyed by everything the output depends on: evalkit's version, the
adapter, the segmenter package's installed version, the options and the
digest of the unit texts. Entries carry a checksum of their own content; one
that is truncated, corrupt or not what its key says is reported, removed and
recomputed, never trusted. Only registered segmenters are cached: a ``cmd:``
or ``py:`` segmenter can change without any version saying so.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evalkit.errors import OutputError
from evalkit.fileio import write_atomic

FORMAT = 1


def default_directory() -> Path:
    """``$XDG_CACHE_HOME/evalkit``, or ``~/.cache/evalkit``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "evalkit"


def digest(value: Any) -> str:
    """SHA-256 of a JSON value in canonical form."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Cache:
    """Entries under ``directory``; ``warn`` hears about entries that were not trusted."""

    def __init__(self, directory: Path, warn: Callable[[str], None] = lambda m: None) -> None:
        self.directory = directory
        self.warn = warn

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as error:
            self.warn(f"cache entry {path} unreadable ({error.strerror}); recomputing")
            return None
        try:
            entry = json.loads(text)
            valid = (entry["format"] == FORMAT and entry["key"] == key
                     and entry["checksum"] == digest(entry["payload"]))
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            self.warn(f"cache entry {path} is corrupt or truncated; recomputing it")
            path.unlink(missing_ok=True)
            return None
        payload: dict[str, Any] = entry["payload"]
        return payload

    def put(self, key: str, payload: dict[str, Any]) -> None:
        path = self._path(key)
        entry = {"format": FORMAT, "key": key, "checksum": digest(payload), "payload": payload}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(entry, ensure_ascii=False), "--cache-dir")
        except (OSError, OutputError) as error:
            self.warn(f"cannot write the cache at {self.directory} ({error}); going on "
                      "without it")
