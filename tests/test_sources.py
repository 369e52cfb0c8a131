"""Pairing of per-corpus options (--raw, --lexicon) with --gold files."""

from __future__ import annotations

import pytest

from evalkit.errors import UsageError
from evalkit.sources import paired


def test_no_value_gives_none_for_every_corpus() -> None:
    assert paired("--raw", None, 3) == [None, None, None]
    assert paired("--raw", [], 2) == [None, None]


def test_one_value_serves_every_corpus() -> None:
    assert paired("--lexicon", ["w.txt"], 3) == ["w.txt"] * 3


def test_one_value_per_corpus_keeps_the_order() -> None:
    assert paired("--lexicon", ["a", "b"], 2) == ["a", "b"]


def test_other_counts_are_refused_not_last_one_wins() -> None:
    """Regression: a repeated --lexicon applied the last one to every corpus."""
    with pytest.raises(UsageError, match="--lexicon is given 2 times for 3 gold files"):
        paired("--lexicon", ["a", "b"], 3)
