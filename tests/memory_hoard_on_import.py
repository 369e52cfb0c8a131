"""A ``py:`` segmenter module whose import runs out of memory (tests.memory_hoard)."""

from __future__ import annotations

from tests.memory_hoard import fill

HOARD: list[object] = []
fill(HOARD)


def words(text: str) -> list[str]:  # never reached: the import fails
    return text.split()
