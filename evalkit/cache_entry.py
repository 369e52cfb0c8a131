"""The one place that knows a cached segmenter output: its key, what it stores, and how
it comes back as an output.

cache.py keeps opaque payloads safe on disk (checksums, atomic writes,
pruning); this module decides what goes in them. A key covers everything the output
depends on: evalkit's version, the adapter and the source of every module it
depends on, the package version, the options with the content of the files
or folders they name, and the unit texts. Only
registered segmenters have a key: ``cmd:``, ``py:`` and ``file:`` can change
without any version saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evalkit import __version__
from evalkit.cache import Cache, digest
from evalkit.messages import Identity
from evalkit.runner import CorpusOutput, Outcome
from evalkit.segmenters import Resolved
from evalkit.segmenters.base import distribution_version


def spec_key(spec: Resolved) -> dict[str, object] | None:
    """Everything a registered spec's outputs depend on besides the input (editing a
    user dictionary or retraining a model folder must not serve the old output).
    None for cmd:, py: and file:, which are not cached."""
    from evalkit.cache_key import option_digest, source_digests

    if spec.registration is None:
        return None
    options = {key: [value, spec.files.get(key) or option_digest(value)]
               for key, value in spec.options.items()}
    return {"evalkit": __version__, "adapter": spec.adapter,
            "sources": source_digests(spec.adapter),
            "version": distribution_version(spec.registration.distribution),
            "options": options}


def entry_key(spec: dict[str, object] | None, texts: list[str]) -> str | None:
    """The key of one spec's output on one corpus's texts (None: not cached)."""
    return None if spec is None else digest({**spec, "input": digest(texts)})


@dataclass(frozen=True)
class CacheEntry:
    """One segmenter's output on one corpus, with the measurements that go with it."""

    identity: Identity
    load_seconds: float
    peak_rss_mb: float
    seconds: float | None
    units: list[list[str]]

    def to_payload(self) -> dict[str, Any]:
        return {"identity": vars(self.identity), "load_seconds": self.load_seconds,
                "peak_rss_mb": self.peak_rss_mb, "seconds": self.seconds,
                "units": self.units}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> CacheEntry:
        return cls(Identity(**payload["identity"]), payload["load_seconds"],
                   payload["peak_rss_mb"], payload["seconds"], payload["units"])

    @classmethod
    def of(cls, outcome: Outcome, output: CorpusOutput | None) -> CacheEntry | None:
        """What to store for one corpus of a run, or None when there is nothing
        complete to store (a failure, or a worker that never reported its memory)."""
        if output is None or output.units is None or outcome.identity is None or \
                outcome.peak_rss_mb is None:
            return None
        return cls(outcome.identity, outcome.load_seconds, outcome.peak_rss_mb,
                   output.seconds, output.units)

    def output(self) -> CorpusOutput:
        """The output it restores, marked as coming from the cache."""
        return CorpusOutput(self.units, self.seconds, cached=True)


def lookup(cache: Cache | None, key: str | None) -> CacheEntry | None:
    """The stored entry under ``key``, if the cache has one."""
    if cache is None or key is None:
        return None
    payload = cache.get(key)
    return None if payload is None else CacheEntry.from_payload(payload)


def store(cache: Cache | None, key: str | None, entry: CacheEntry | None) -> None:
    if cache is not None and key is not None and entry is not None:
        cache.put(key, entry.to_payload())
