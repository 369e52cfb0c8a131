"""The worker's checks on what a segmenter returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from evalkit.errors import SegmenterError
from evalkit.worker import segment_all


class Mapping:
    """Applies ``per_batch`` to each batch of texts, and records what it saw."""

    name = "mapping"

    def __init__(self, per_batch: Callable[[list[str]], object]) -> None:
        self.per_batch = per_batch
        self.seen: list[str] = []

    def segment(self, texts: Sequence[str]) -> object:
        self.seen += list(texts)
        return self.per_batch(list(texts))


TEXTS = ["中国", "", "人"]


def run(per_batch: Callable[[list[str]], object]) -> list[list[str]]:
    return segment_all(Mapping(per_batch), TEXTS, lambda done: None)[0]


def test_units_without_text_are_not_sent_and_progress_is_reported() -> None:
    segmenter = Mapping(lambda texts: [[t] for t in texts])
    done: list[int] = []
    units, seconds = segment_all(segmenter, TEXTS, done.append)
    assert segmenter.seen == ["中国", "人"]
    assert units == [["中国"], [], ["人"]]
    assert seconds is not None and seconds >= 0 and done[-1] == 2


def test_wrong_number_of_results_is_a_segmenter_error() -> None:
    with pytest.raises(SegmenterError, match=r"returned 0 results for 1 units \(units 1-1\)"):
        run(lambda texts: [])


def test_non_string_tokens_are_a_segmenter_error() -> None:
    with pytest.raises(SegmenterError, match="unit 1: the result is not a list of strings"):
        run(lambda texts: [[(t, "n")] for t in texts])


def test_not_a_list_is_a_segmenter_error() -> None:
    with pytest.raises(SegmenterError, match="returned str for units 1-1"):
        run(" ".join)


class Saved:
    name = "saved"

    def all_units(self, corpus: str) -> list[list[str]]:
        return [["中国"], []]


def test_precomputed_output_must_have_one_unit_per_gold_unit() -> None:
    with pytest.raises(SegmenterError, match="saved has 2 units but the gold has 3"):
        segment_all(Saved(), TEXTS, lambda done: None)


def test_a_workers_peak_memory_is_its_own_not_its_parents() -> None:
    """Regression: ru_maxrss survives fork and exec, so every worker started by a
    parent holding ~480 MB (many corpora, packed results) reported 484 MB."""
    import subprocess
    import sys

    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(range(0, len(ballast), 4096))  # touch every page
    code = "from evalkit.worker import peak_rss_mb; print(peak_rss_mb())"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    del ballast
    assert 5 < float(child.stdout) < 200
