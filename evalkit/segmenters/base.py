"""What every segmenter adapter provides, whatever library is behind it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Segmenter(Protocol):
    """A loaded segmenter: identity for the results, and one job.

    ``segment`` gets the raw text of each unit and returns its tokens; it may
    keep or drop whitespace (whitespace is never a word), but must not change
    any other character. Everything else (timing, text checks, isolation) is
    the runner's, once for all adapters.
    """

    name: str
    package: str
    version: str
    options: dict[str, str]

    def segment(self, texts: Sequence[str]) -> list[list[str]]: ...
