"""Per-unit counts and the scores computed from them.

Every number evalkit prints comes from the per-unit count rows made here
(SCORING.md): totals, macro averages, OOV/IV, edit counts, error classes
and, later, intervals and tests are arithmetic on those rows, never a second
pass over text. Counting is vectorised over the whole corpus: the units are
laid end to end on one skeleton (their texts match, so their offsets line up
on both sides) and every word is located among the other side's cuts with
``numpy.searchsorted``.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from evalkit.align import skeleton

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

COUNT_COLUMNS = ("gold_words", "predicted_words", "correct_words",
                 "gold_boundaries", "predicted_boundaries", "correct_boundaries",
                 "gold_oov_words", "correct_oov_words",
                 "insertions", "deletions", "substitutions",
                 "gold_split", "gold_merged", "gold_crossing",
                 "predicted_split", "predicted_merged", "predicted_crossing")
"""The columns of a per-unit count row, in order.

Error classes (SCORING.md): a gold word that is not correct is *split* when
predicted boundaries fall inside it and no predicted word covering it reaches
outside it, *merged* when it lies inside one predicted word, and *crossing*
otherwise. Predicted words are classified the same way against the gold: a
``predicted_split`` word spans several whole gold words, a
``predicted_merged`` one lies inside a gold word.
"""


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
    gold_boundaries: int = 0
    predicted_boundaries: int = 0
    correct_boundaries: int = 0
    gold_oov_words: int = 0
    correct_oov_words: int = 0
    insertions: int = 0
    deletions: int = 0
    substitutions: int = 0
    gold_split: int = 0
    gold_merged: int = 0
    gold_crossing: int = 0
    predicted_split: int = 0
    predicted_merged: int = 0
    predicted_crossing: int = 0

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
        return {f.name: getattr(self, f.name) for f in fields(self)}


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


def word_skeletons(tokens: Sequence[str]) -> list[str]:
    """The skeleton of each word token, separators left out."""
    return [word for word in map(skeleton, tokens) if word]


@dataclass(frozen=True)
class _Side:
    """One side's words laid end to end: global end offsets and unit ids."""

    ends: IntArray
    units: IntArray
    first: IntArray  # index of each unit's first word (== next unit's when empty)

    @property
    def starts(self) -> IntArray:
        import numpy as np

        return np.concatenate(([0], self.ends[:-1])) if len(self.ends) else self.ends

    @property
    def cuts(self) -> IntArray:
        """Every word edge: 0 and each word's end offset (strictly increasing)."""
        import numpy as np

        return np.concatenate(([0], self.ends))


def _side(words: Sequence[Sequence[str]]) -> _Side:
    import numpy as np

    lengths = [len(w) for unit in words for w in unit]
    sizes = np.fromiter((len(unit) for unit in words), dtype=np.int64, count=len(words))
    return _Side(np.cumsum(np.array(lengths, dtype=np.int64)),
                 np.repeat(np.arange(len(words), dtype=np.int64), sizes),
                 np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64))


@dataclass(frozen=True)
class _Located:
    """Where one side's words fall among the other side's cuts."""

    correct: BoolArray       # both edges are cuts of the other side, adjacent ones
    end_is_cut: BoolArray
    split: BoolArray
    merged: BoolArray
    crossing: BoolArray
    partner: IntArray        # for correct words: index of the equal word on the other side


def _locate(side: _Side, other: _Side) -> _Located:
    import numpy as np

    cuts = other.cuts
    starts, ends = side.starts, side.ends
    at_start = np.searchsorted(cuts, starts)
    at_end = np.searchsorted(cuts, ends)
    start_is_cut = cuts[np.minimum(at_start, len(cuts) - 1)] == starts
    end_is_cut = cuts[np.minimum(at_end, len(cuts) - 1)] == ends
    correct = start_is_cut & end_is_cut & (at_end == at_start + 1)
    inner_cut = at_end - (at_start + start_is_cut) > 0
    wrong = ~correct
    split = wrong & start_is_cut & end_is_cut
    merged = wrong & ~inner_cut
    return _Located(correct, end_is_cut, split, merged, wrong & ~split & ~merged,
                    at_end - 1)


def change_blocks(gold_sizes: IntArray, predicted_sizes: IntArray, match_units: IntArray,
                  match_gold: IntArray, match_predicted: IntArray) -> IntArray:
    """Insertions, deletions and substitutions per unit, one row each.

    Between two consecutive matched words (and the unit's edges), the k gold
    and m predicted words left unmatched form one change: min(k, m)
    substitutions, the rest deletions (k > m) or insertions (m > k). Indices
    are within-unit and increasing; exact and bakeoff modes share this.
    """
    import numpy as np

    n = len(gold_sizes)
    unit_ids = np.arange(n, dtype=np.int64)
    units = np.concatenate((unit_ids, match_units, unit_ids))
    gold = np.concatenate((np.full(n, -1), match_gold, gold_sizes))
    predicted = np.concatenate((np.full(n, -1), match_predicted, predicted_sizes))
    order = np.lexsort((gold, units))
    units, gold, predicted = units[order], gold[order], predicted[order]
    same = units[1:] == units[:-1]
    k = (gold[1:] - gold[:-1] - 1)[same]
    m = (predicted[1:] - predicted[:-1] - 1)[same]
    owner = units[1:][same]
    result = np.zeros((n, 3), dtype=np.int64)
    for column, values in enumerate((np.maximum(m - k, 0), np.maximum(k - m, 0),
                                     np.minimum(k, m))):
        result[:, column] = np.bincount(owner, weights=values, minlength=n)
    return result


CHUNK_UNITS = 2048
"""Units counted per numpy pass: keeps the working set small, so the cost per
word stays flat however large the corpus."""


SENTENCE_COLUMNS = COUNT_COLUMNS[:6]
"""Counts kept per sentence, for resampling: words and boundaries."""

SENTENCE_FINAL = frozenset("。｡．.！!？?")
"""A gold word ending in one of these closes a sentence (for resampling only)."""


@dataclass(frozen=True)
class Counted:
    """Per-unit rows (COUNT_COLUMNS) and per-sentence rows (SENTENCE_COLUMNS).

    Sentences are the units cut after every gold word that ends in a
    SENTENCE_FINAL character; a count belongs to the sentence where its word
    starts, so both matrices sum to the same totals. Statistics resample
    sentences, which gives a one-line corpus such as the seed many units.
    """

    units: IntArray
    sentences: IntArray


def count(gold_units: Sequence[Sequence[str]], predicted_units: Sequence[Sequence[str]],
          lexicon: AbstractSet[str] | None = None) -> Counted:
    """Count units whose skeletons match; see Counted.

    The OOV columns count gold words whose skeleton is not in ``lexicon``
    (all zero without one).
    """
    import numpy as np

    if len(gold_units) != len(predicted_units):
        raise ValueError("gold and prediction must have the same number of units")
    blocks = [_count_block(gold_units[i:i + CHUNK_UNITS], predicted_units[i:i + CHUNK_UNITS],
                           lexicon) for i in range(0, len(gold_units), CHUNK_UNITS)]
    if not blocks:
        return Counted(np.zeros((0, len(COUNT_COLUMNS)), np.int64),
                       np.zeros((0, len(SENTENCE_COLUMNS)), np.int64))
    return Counted(np.concatenate([b.units for b in blocks]),
                   np.concatenate([b.sentences for b in blocks]))


def count_rows(gold_units: Sequence[Sequence[str]],
               predicted_units: Sequence[Sequence[str]],
               lexicon: AbstractSet[str] | None = None) -> IntArray:
    """The per-unit count matrix (COUNT_COLUMNS) alone."""
    return count(gold_units, predicted_units, lexicon).units


def _sentence_ids(gold: _Side, gold_words: list[list[str]], predicted: _Side,
                  ) -> tuple[IntArray, IntArray, int]:
    """The sentence of every gold and predicted word (by where it starts)."""
    import numpy as np

    final = np.fromiter((w[-1] in SENTENCE_FINAL for unit in gold_words for w in unit),
                        dtype=bool, count=len(gold.ends))
    starts = gold.starts
    first_of_unit = np.ones(len(gold.units), dtype=bool)
    first_of_unit[1:] = gold.units[1:] != gold.units[:-1]
    closes = final & _internal(gold)
    sentence_starts = np.union1d(starts[first_of_unit], gold.ends[closes])
    gold_ids = np.searchsorted(sentence_starts, starts, side="right") - 1
    predicted_ids = np.searchsorted(sentence_starts, predicted.starts, side="right") - 1
    return gold_ids, predicted_ids, len(sentence_starts)


def _count_block(gold_units: Sequence[Sequence[str]],
                 predicted_units: Sequence[Sequence[str]],
                 lexicon: AbstractSet[str] | None) -> Counted:
    import numpy as np

    gold_words = [word_skeletons(tokens) for tokens in gold_units]
    predicted_words = [word_skeletons(tokens) for tokens in predicted_units]
    n = len(gold_words)
    gold, predicted = _side(gold_words), _side(predicted_words)
    gold_in_pred, pred_in_gold = _locate(gold, predicted), _locate(predicted, gold)

    def per_unit(side: _Side, mask: BoolArray) -> IntArray:
        return np.bincount(side.units, weights=mask, minlength=n).astype(np.int64)

    gold_sentence, predicted_sentence, sentences = _sentence_ids(gold, gold_words, predicted)

    def per_sentence(ids: IntArray, mask: BoolArray) -> IntArray:
        return np.bincount(ids, weights=mask, minlength=sentences).astype(np.int64)

    gold_sizes = per_unit(gold, np.ones(len(gold.ends), dtype=bool))
    predicted_sizes = per_unit(predicted, np.ones(len(predicted.ends), dtype=bool))
    gold_internal = _internal(gold)
    if lexicon is None:
        oov = np.zeros(len(gold.ends), dtype=bool)
    else:
        oov = np.fromiter((w not in lexicon for unit in gold_words for w in unit),
                          dtype=bool, count=len(gold.ends))
    matched = np.flatnonzero(gold_in_pred.correct)
    partners = gold_in_pred.partner[matched]
    edits = change_blocks(gold_sizes, predicted_sizes, gold.units[matched],
                          matched - gold.first[gold.units[matched]],
                          partners - predicted.first[predicted.units[partners]])
    columns = [
        gold_sizes, predicted_sizes, per_unit(gold, gold_in_pred.correct),
        per_unit(gold, gold_internal), per_unit(predicted, _internal(predicted)),
        per_unit(gold, gold_internal & gold_in_pred.end_is_cut),
        per_unit(gold, oov), per_unit(gold, oov & gold_in_pred.correct),
        edits[:, 0], edits[:, 1], edits[:, 2],
        per_unit(gold, gold_in_pred.split), per_unit(gold, gold_in_pred.merged),
        per_unit(gold, gold_in_pred.crossing),
        per_unit(predicted, pred_in_gold.split), per_unit(predicted, pred_in_gold.merged),
        per_unit(predicted, pred_in_gold.crossing),
    ]
    predicted_internal = _internal(predicted)
    by_sentence = [
        per_sentence(gold_sentence, np.ones(len(gold.ends), dtype=bool)),
        per_sentence(predicted_sentence, np.ones(len(predicted.ends), dtype=bool)),
        per_sentence(gold_sentence, gold_in_pred.correct),
        per_sentence(gold_sentence, gold_internal),
        per_sentence(predicted_sentence, predicted_internal),
        per_sentence(gold_sentence, gold_internal & gold_in_pred.end_is_cut),
    ]
    return Counted(np.stack(columns, axis=1), np.stack(by_sentence, axis=1))


def _internal(side: _Side) -> BoolArray:
    """Words whose end is an internal boundary: all but each unit's last word."""
    import numpy as np

    last = np.ones(len(side.units), dtype=bool)
    last[:-1] = side.units[1:] != side.units[:-1]
    return ~last


def unit_counts(gold_tokens: Sequence[str], predicted_tokens: Sequence[str],
                lexicon: AbstractSet[str] | None = None) -> tuple[int, ...]:
    """The count row of a single unit (see count_rows)."""
    return tuple(int(v) for v in count_rows([gold_tokens], [predicted_tokens], lexicon)[0])


def total(rows: IntArray) -> Counts:
    """Sum per-unit rows into corpus counts (micro average)."""
    sums = rows.sum(axis=0)
    return Counts(*(int(value) for value in sums))
