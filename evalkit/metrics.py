"""Per-unit counts and the scores computed from them.

Every number evalkit prints comes from the per-unit count rows made here
(SCORING.md): totals, macro averages and, later, intervals and tests are
arithmetic on those rows, never a second pass over text.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evalkit.align import internal_boundaries, skeleton, word_spans

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

COUNT_COLUMNS = ("gold_words", "predicted_words", "correct_words",
                 "gold_boundaries", "predicted_boundaries", "correct_boundaries",
                 "gold_oov_words", "correct_oov_words")
"""The columns of a per-unit count row, in order."""


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one level (words or boundaries)."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Vocabulary:
    """OOV rate and the recall of OOV and IV gold words (None: no such words)."""

    oov_rate: float
    oov_recall: float | None
    iv_recall: float | None


@dataclass(frozen=True)
class Counts:
    """Counts summed over units; the sufficient statistics of every score."""

    gold_words: int
    predicted_words: int
    correct_words: int
    gold_boundaries: int
    predicted_boundaries: int
    correct_boundaries: int
    gold_oov_words: int = 0
    correct_oov_words: int = 0

    @property
    def words(self) -> PRF:
        return prf(self.correct_words, self.predicted_words, self.gold_words)

    @property
    def boundaries(self) -> PRF:
        return prf(self.correct_boundaries, self.predicted_boundaries, self.gold_boundaries)

    def vocabulary(self) -> Vocabulary:
        """OOV rate, OOV recall and IV recall; meaningful only when a lexicon was given."""
        gold_iv = self.gold_words - self.gold_oov_words
        correct_iv = self.correct_words - self.correct_oov_words
        return Vocabulary(self.gold_oov_words / self.gold_words if self.gold_words else 0.0,
                          self.correct_oov_words / self.gold_oov_words
                          if self.gold_oov_words else None,
                          correct_iv / gold_iv if gold_iv else None)

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


def unit_counts(gold_tokens: Sequence[str], predicted_tokens: Sequence[str],
                lexicon: AbstractSet[str] | None = None) -> tuple[int, ...]:
    """One count row (COUNT_COLUMNS) for a unit whose skeletons are known to match.

    The OOV columns count gold words whose skeleton is not in ``lexicon``
    (all zero without one).
    """
    gold = word_spans(gold_tokens)
    predicted = word_spans(predicted_tokens)
    correct = set(gold) & set(predicted)
    gold_bounds = internal_boundaries(gold)
    predicted_bounds = internal_boundaries(predicted)
    gold_oov = correct_oov = 0
    if lexicon is not None:
        words = [w for w in map(skeleton, gold_tokens) if w]
        for span, word in zip(gold, words, strict=True):
            if word not in lexicon:
                gold_oov += 1
                correct_oov += span in correct
    return (len(gold), len(predicted), len(correct),
            len(gold_bounds), len(predicted_bounds), len(gold_bounds & predicted_bounds),
            gold_oov, correct_oov)


def count_rows(gold_units: Sequence[Sequence[str]],
               predicted_units: Sequence[Sequence[str]],
               lexicon: AbstractSet[str] | None = None) -> npt.NDArray[np.int64]:
    """The per-unit count matrix, one row per unit, columns COUNT_COLUMNS."""
    import numpy as np

    rows = [unit_counts(g, p, lexicon)
            for g, p in zip(gold_units, predicted_units, strict=True)]
    return np.array(rows, dtype=np.int64).reshape(len(rows), len(COUNT_COLUMNS))


def total(rows: npt.NDArray[np.int64]) -> Counts:
    """Sum per-unit rows into corpus counts (micro average)."""
    sums = rows.sum(axis=0)
    return Counts(*(int(value) for value in sums))
