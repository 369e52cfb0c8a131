"""Segmenters that take every byte --memory-limit allows and keep it while they fail:
whatever handles their MemoryError has no memory left to use (a user review saw
jieba do this at --memory-limit 50, and the worker died with a fatal dump)."""

from __future__ import annotations


def fill(hoard: list[object]) -> None:
    """Allocate ever smaller blocks into ``hoard`` until not even the smallest fits."""
    for size in (1 << 20, 1 << 16, 1 << 12, 1 << 8, 16):
        try:
            while True:
                hoard.append(bytearray(size))
        except MemoryError:
            continue
    raise MemoryError("the hoard took everything")


def hoard_while_segmenting(text: str) -> list[str]:
    """A ``py:`` segmenter that runs out of memory on its first unit."""
    hoard: list[object] = []  # kept alive by the traceback while the worker reports
    fill(hoard)
    return [text]
