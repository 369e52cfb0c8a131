"""What the parent (runner.py) and a worker (worker.py) say to each other over the pipe.

Both sides import this module, so a message's fields are named once and
checked by mypy on both ends; the runner dispatches on a message's type.
Every message is a small frozen dataclass, pickled by the pipe. The parent
sends a Job, then a Segment per shard and finally Stop; the worker answers
Loaded (or LoadFailed), UnitsDone while it segments, ShardDone (or
ShardFailed) per shard and Finished when told to stop; GaveUp, before it exits,
when it cannot go on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    """One segmenter to run: build ``adapter`` with ``options``, segment each corpus.

    The runner cuts the corpora into shards for the job's workers unless the
    segmenter cannot be split (``splittable`` False: one shard per corpus).
    A worker is sent the job without its corpora; their texts come shard by
    shard (Segment).
    """

    label: str
    adapter: str
    options: dict[str, str]
    corpora: list[tuple[str, list[str]]]  # (corpus name, unit texts)
    memory_limit_mb: int | None = None
    splittable: bool = True


@dataclass(frozen=True)
class Identity:
    """What was really loaded: the adapter's own report."""

    name: str
    package: str
    version: str
    options: dict[str, str]


# The parent's messages, after the Job.

@dataclass(frozen=True)
class Segment:
    """Segment these texts of one corpus: shard ``key`` (the runner's numbering)."""

    key: int
    corpus: str
    texts: list[str]


@dataclass(frozen=True)
class Stop:
    """No more shards: report the peak memory and exit."""


# The worker's messages.

@dataclass(frozen=True)
class Loaded:
    """The segmenter is loaded: what it is, and the seconds loading took."""

    identity: Identity
    seconds: float


@dataclass(frozen=True)
class LoadFailed:
    """The segmenter could not be loaded; the worker exits after this."""

    reason: str


@dataclass(frozen=True)
class UnitsDone:
    """Units of the current shard done so far."""

    done: int


@dataclass(frozen=True)
class ShardDone:
    """A shard's tokens, one list per unit, and the seconds segmenting took
    (None: nothing was run to measure, e.g. an output read from a file)."""

    key: int
    units: list[list[str]]
    seconds: float | None


@dataclass(frozen=True)
class ShardFailed:
    """A shard the segmenter failed on, and why (one line)."""

    key: int
    reason: str


@dataclass(frozen=True)
class Finished:
    """The worker stops: its peak resident memory in MB."""

    peak_rss_mb: float


@dataclass(frozen=True)
class GaveUp:
    """The worker cannot go on and exits next (say, --memory-limit reached while it
    received a shard): why, in place of the bare exit status the parent would see."""

    reason: str


ToWorker = Segment | Stop
FromWorker = Loaded | LoadFailed | UnitsDone | ShardDone | ShardFailed | Finished | GaveUp
