"""A content-addressed cache of segmenter outputs.

An entry is keyed by everything the output depends on: evalkit's version, the
adapter, the segmenter package's installed version, the options and the
digest of the unit texts. Entries carry a checksum of their own content; one
that is truncated, corrupt or not what its key says is reported, removed and
recomputed, never trusted. Only registered segmenters are cached: a ``cmd:``
or ``py:`` segmenter can change without any version saying so.

An entry's modification time is when it was last written or used (a hit
touches it), so ``prune`` removes what no run has needed for a while. Only
files shaped like entries (``ab/<sha256>.json``) and their temporary files
are ever listed or removed: a --cache-dir pointed at the wrong place loses
nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evalkit.errors import OutputError
from evalkit.fileio import write_atomic

FORMAT = 1
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_TEMPORARY = re.compile(r"\.[0-9a-f]{64}\.json\..+")  # left by a killed writer
DAY_SECONDS = 86400


@dataclass(frozen=True)
class Usage:
    """How many entry files and bytes."""

    entries: int
    bytes: int

    def describe(self) -> str:
        noun = "entry" if self.entries == 1 else "entries"
        return f"{self.entries:,} {noun}, {self.bytes / 1e6:.1f} MB"


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
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: prune keeps it
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

    def _files(self) -> Iterator[tuple[Path, bool]]:
        """Every entry file (True) and stray temporary file (False) under the directory."""
        if not self.directory.is_dir():
            return
        for shard in sorted(self.directory.iterdir()):
            if len(shard.name) != 2 or not shard.is_dir():
                continue
            for path in sorted(shard.iterdir()):
                if _ENTRY.fullmatch(path.name) and path.name.startswith(shard.name):
                    yield path, True
                elif _TEMPORARY.fullmatch(path.name):
                    yield path, False

    def usage(self) -> Usage:
        sizes = [_size(path) for path, is_entry in self._files() if is_entry]
        return Usage(len(sizes), sum(sizes))

    def remove(self, older_than_days: float | None = None) -> tuple[Usage, Usage]:
        """Remove entries (all, or those unused for more than ``older_than_days``) and any
        temporary file a killed run left; return what was removed and what is kept.
        A file that cannot be removed is an OutputError naming the cache."""
        try:
            return self._remove(older_than_days)
        except OSError as error:
            raise OutputError(f"{self.directory}: cannot remove cache entries "
                              f"({error.strerror})") from None

    def _remove(self, older_than_days: float | None) -> tuple[Usage, Usage]:
        cutoff = None if older_than_days is None else \
            time.time() - older_than_days * DAY_SECONDS
        removed, kept = [], []
        for path, is_entry in self._files():
            try:
                status = path.stat()
            except FileNotFoundError:
                continue
            if is_entry and cutoff is not None and status.st_mtime >= cutoff:
                kept.append(status.st_size)
                continue
            path.unlink(missing_ok=True)
            if is_entry:
                removed.append(status.st_size)
        for shard in self.directory.glob("??"):
            with contextlib.suppress(OSError):
                shard.rmdir()  # only when empty
        return Usage(len(removed), sum(removed)), Usage(len(kept), sum(kept))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
