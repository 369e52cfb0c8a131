"""Per-unit counts and the scores computed from them.

Every number evalkit prints comes from the per-unit count rows made here
(SCORING.md): totals, macro averages and, later, intervals and tests are
arithmetic on those rows, never a second pass over text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evalkit.align import internal_boundaries, word_spans

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

COUNT_COLUMNS = ("gold_words", "predicted_words", "correct_words",
                 "gold_boundaries", "predicted_boundaries", "correct_boundaries")
"""The columns of a per-unit count row, in order."""


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one level (words or boundaries)."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Counts:
    """Counts summed over units; the sufficient statistics of every score."""

    gold_words: int
    predicted_words: int
    correct_words: int
    gold_boundaries: int
    predicted_boundaries: int
    correct_boundaries: int

    @property
    def words(self) -> PRF:
        return prf(self.correct_words, self.predicted_words, self.gold_words)

    @property
    def boundaries(self) -> PRF:
        return prf(self.correct_boundaries, self.predicted_boundaries, self.gold_boundaries)

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNT_COLUMNS}


def prf(correct: int, predicted: int, gold: int) -> PRF:
    """P = correct/predicted, R = correct/gold, F1 their harmonic mean.

    A ratio over an empty set is 1 (nothing claimed is wrong, nothing to find
    was missed), so both sets empty is perfect agreement and F1 still falls to
    0 when the other ratio is 0. Only boundary counts can be zero in practice:
    a unit of one word has no internal boundary.
    """
    precision = correct / predicted if predicted else 1.0
    recall = correct / gold if gold else 1.0
    total = precision + recall
    f1 = 2 * precision * recall / total if total else 0.0
    return PRF(precision, recall, f1)


def unit_counts(gold_tokens: Sequence[str], predicted_tokens: Sequence[str]) -> tuple[int, ...]:
    """One count row (COUNT_COLUMNS) for a unit whose skeletons are known to match."""
    gold = word_spans(gold_tokens)
    predicted = word_spans(predicted_tokens)
    gold_bounds = internal_boundaries(gold)
    predicted_bounds = internal_boundaries(predicted)
    return (len(gold), len(predicted), len(set(gold) & set(predicted)),
            len(gold_bounds), len(predicted_bounds), len(gold_bounds & predicted_bounds))


def count_rows(gold_units: Sequence[Sequence[str]],
               predicted_units: Sequence[Sequence[str]]) -> npt.NDArray[np.int64]:
    """The per-unit count matrix, one row per unit, columns COUNT_COLUMNS."""
    import numpy as np

    rows = [unit_counts(g, p) for g, p in zip(gold_units, predicted_units, strict=True)]
    return np.array(rows, dtype=np.int64).reshape(len(rows), len(COUNT_COLUMNS))


def total(rows: npt.NDArray[np.int64]) -> Counts:
    """Sum per-unit rows into corpus counts (micro average)."""
    sums = rows.sum(axis=0)
    return Counts(*(int(value) for value in sums))
