"""Cutting a segmenter's corpora into shards that any of its workers can take.

A worker loads its segmenter once and then segments shard after shard, so
when one slow segmenter is left at the end of a run, idle cores start more
workers of it and take its remaining shards instead of waiting. A shard is a
run of consecutive units of one corpus, planned from character counts (the
segmenters' cost follows the text's length, not the number of units);
concatenating a corpus's shard outputs in order gives exactly the unsharded
output, since every segmenter segments each unit on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SHARDS_PER_WORKER = 16
"""How finely a segmenter's text is cut, per worker: the idle time at the end of a
run is at most about one shard, so more shards balance better; each costs one
round trip over the pipe."""

MIN_SHARD_CHARS = 2_000
"""Below this, a shard's round trip is not worth it (and tiny corpora stay whole).
A job's first shard is no larger: it shows the segmenter's pace early, which the
runner needs before it starts a second worker of it."""


@dataclass(frozen=True)
class Shard:
    """Units ``start:stop`` of corpus ``corpus`` (numbered within the job) of job ``spec``."""

    spec: int
    corpus: int
    start: int
    stop: int


def shard_size(total_chars: int, workers: int) -> int:
    """The characters per shard for a job of ``total_chars`` run by up to ``workers``."""
    return max(MIN_SHARD_CHARS, -(-total_chars // (SHARDS_PER_WORKER * workers)))


def plan(spec: int, corpora: Sequence[Sequence[str]], splittable: bool,
         chars_per_shard: int | None) -> list[Shard]:
    """The shards of one job, corpus by corpus, in order.

    ``chars_per_shard`` None, or a segmenter that cannot be split (``file:``
    reads a whole output, ``cmd:`` starts its program once per call): one
    shard per corpus. Otherwise consecutive units are gathered until they
    hold at least ``chars_per_shard`` characters (the first shard: at least
    MIN_SHARD_CHARS, when that is less). A corpus without units still
    gets one (empty) shard, so every corpus is reported.
    """
    shards = []
    for corpus, texts in enumerate(corpora):
        if not splittable or chars_per_shard is None:
            shards.append(Shard(spec, corpus, 0, len(texts)))
            continue
        start = held = 0
        for index, text in enumerate(texts):
            held += len(text)
            if held >= (chars_per_shard if shards else min(chars_per_shard, MIN_SHARD_CHARS)):
                shards.append(Shard(spec, corpus, start, index + 1))
                start, held = index + 1, 0
        if start < len(texts) or not texts:
            shards.append(Shard(spec, corpus, start, len(texts)))
    return shards
