"""Per-unit counts and the scores computed from them.

Every number evalkit prints comes from the per-unit count rows made here
(docs/scoring.md §Spans and exact match): totals, macro averages, OOV/IV, edit
counts, error classes and, later, intervals and tests are arithmetic on those rows, never a second
pass over text. Counting is vectorised over the whole corpus: the units are
laid end to end on one skeleton (their texts match, so their offsets line up
on both sides) and every word is located among the other side's cuts with
``numpy.searchsorted``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, TypeVar

from evalkit.align import skeleton
from evalkit.flat import Flat, flatten

if TYPE_CHECKING:
    from fractions import Fraction  # check's exact drop; ~2 ms to import, so not here

    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

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


OOV_COLUMNS = ("gold_oov_words", "correct_oov_words")
"""The count columns that mean something only with a vocabulary: without one they
are zero in the per-unit rows and the JSON's counts (sums of every column), and
empty in the CSV reports, whose cells are figures a reader takes as they are."""

COUNT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Counts))
"""The columns of a per-unit count row, in order: Counts's fields, the one place
that defines them (saved documents name their columns, so a reader maps by name).

Error classes (docs/scoring.md §Error classes): an incorrect gold word is *split* when
predicted boundaries fall inside it and no predicted word covering it reaches
outside it, *merged* when it lies inside one predicted word, and *crossing*
otherwise. Predicted words are classified the same way against the gold: a
``predicted_split`` word spans several whole gold words, a
``predicted_merged`` one lies inside a gold word.
"""


Number = TypeVar("Number", float, "Fraction")


def prf(correct: int, predicted: int, gold: int) -> PRF:
    """P = correct/predicted, R = correct/gold, F1 their harmonic mean, as floats
    (true division of the counts: the figures evalkit prints)."""
    return PRF(*prf_in(operator.truediv, correct, predicted, gold))


def prf_in(divide: Callable[[int, int], Number], correct: int, predicted: int,
           gold: int) -> tuple[Number, Number, Number]:
    """Precision, recall and F1 in the number type ``divide`` gives: ``truediv`` for
    prf, ``Fraction`` for the gate's exact drop (check.exact_f1), one rule for both.

    A ratio over an empty set is 1 (nothing claimed is wrong, nothing to find
    was missed), so both sets empty is perfect agreement and F1 still falls to
    0 when the other ratio is 0. Only boundary counts can be zero in practice:
    a unit of one word has no internal boundary.
    """
    precision = divide(correct, predicted) if predicted else divide(1, 1)
    recall = divide(correct, gold) if gold else divide(1, 1)
    total = precision + recall
    # P + R = 0 only when both are 0: then ``total`` is F1's 0, in the same type
    f1 = 2 * precision * recall / total if total else total
    return precision, recall, f1


def word_skeletons(tokens: Sequence[str]) -> list[str]:
    """The skeleton of each word token, separators left out."""
    return [word for word in map(skeleton, tokens) if word]


@dataclass(frozen=True)
class _Located:
    """Where one side's words fall among the other side's cuts (0 and every word end)."""

    correct: BoolArray       # both edges are cuts of the other side, adjacent ones
    end_is_cut: BoolArray
    split: BoolArray
    merged: BoolArray
    crossing: BoolArray
    partner: IntArray        # for correct words: index of the equal word on the other side


def _locate(side: Flat, other: Flat) -> _Located:
    """Every word's two edges looked up on the other side's grid of cuts (the skeletons
    are equal, so one offset means the same place on both sides)."""
    starts, ends = side.starts, side.ends
    at_start = other.cuts_below[starts]  # the other side's cuts before the word
    at_end = other.cuts_below[ends]
    start_is_cut = other.is_cut[starts]
    end_is_cut = other.is_cut[ends]
    correct = start_is_cut & end_is_cut & (at_end == at_start + 1)
    inner_cut = at_end - (at_start + start_is_cut) > 0
    wrong = ~correct
    split = wrong & start_is_cut & end_is_cut
    merged = wrong & ~inner_cut
    return _Located(correct, end_is_cut, split, merged, wrong & ~split & ~merged,
                    at_end - 1)


def change_blocks(gold_bounds: IntArray, predicted_bounds: IntArray, match_gold: IntArray,
                  match_predicted: IntArray) -> IntArray:
    """Insertions, deletions and substitutions per unit, one row each.

    Between two consecutive matched words (and the unit's edges), the k gold
    and m predicted words left unmatched form one change: min(k, m)
    substitutions, the rest deletions (k > m) or insertions (m > k). Words are
    indexed over the whole corpus (``bounds`` as in Flat); matched pairs come in
    increasing order, each pair inside one unit. The bakeoff mode applies the same
    rule one line at a time without arrays (sighan._row, so that it never imports
    numpy); a property test holds the two to the same counts.
    """
    import numpy as np

    # anchors in corpus order: every unit edge (no width) and every matched word
    at = np.searchsorted(match_gold, gold_bounds)
    edge_index = at + np.arange(len(gold_bounds))   # where np.insert puts each edge
    unmatched = []
    for bounds, matches in ((gold_bounds, match_gold), (predicted_bounds, match_predicted)):
        starts = np.insert(matches, at, bounds)
        ends = np.insert(matches + 1, at, bounds)
        unmatched.append(starts[1:] - ends[:-1])     # words between consecutive anchors
    k, m = unmatched
    # per unit: insertions from the gaps' max(m - k, 0), substitutions from min(k, m);
    # deletions - insertions is (gold words - predicted words) of the unit
    result = np.empty((len(gold_bounds) - 1, 3), dtype=np.int64)
    for column, gaps in ((0, np.maximum(m - k, 0)), (2, np.minimum(k, m))):
        running = np.zeros(len(gaps) + 1, dtype=np.int64)
        np.cumsum(gaps, out=running[1:])
        edges = running[edge_index]
        result[:, column] = edges[1:] - edges[:-1]
    result[:, 1] = result[:, 0] - np.diff(predicted_bounds) + np.diff(gold_bounds)
    return result


SENTENCE_COLUMNS: tuple[str, ...] = ("gold_words", "predicted_words", "correct_words",
                                     "gold_boundaries", "predicted_boundaries",
                                     "correct_boundaries")
"""Counts kept per sentence, for resampling: words and boundaries (named, so that
adding a per-unit column never moves them)."""

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
    if len(gold_units) != len(predicted_units):
        raise ValueError("gold and prediction must have the same number of units")
    return count_flat(flatten(gold_units), flatten(predicted_units), lexicon)


def _block(gold_in_pred: _Located, pred_in_gold: _Located,
           blocked: Sequence[bool]) -> tuple[_Located, _Located]:
    """Unmatch the blocked predicted words that sit exactly on a gold word, and that
    gold word; an exact-span pair that is wrong is neither split nor merged."""
    import numpy as np

    mask = np.fromiter(blocked, dtype=bool, count=len(pred_in_gold.correct))
    lost = pred_in_gold.correct & mask
    if not lost.any():
        return gold_in_pred, pred_in_gold
    gold_lost = np.zeros(len(gold_in_pred.correct), dtype=bool)
    gold_lost[pred_in_gold.partner[lost]] = True

    def unmatch(located: _Located, drop: BoolArray) -> _Located:
        return replace(located, correct=located.correct & ~drop,
                       crossing=located.crossing | drop)

    return unmatch(gold_in_pred, gold_lost), unmatch(pred_in_gold, lost)


def count_rows(gold_units: Sequence[Sequence[str]],
               predicted_units: Sequence[Sequence[str]],
               lexicon: AbstractSet[str] | None = None) -> IntArray:
    """The per-unit count matrix (COUNT_COLUMNS) alone."""
    return count(gold_units, predicted_units, lexicon).units


def _sums(mask: BoolArray | IntArray, bounds: IntArray) -> IntArray:
    """Sums of ``mask`` over consecutive groups of words (``bounds`` as in Flat)."""
    import numpy as np

    running = np.zeros(len(mask) + 1, dtype=np.int64)
    np.cumsum(mask, out=running[1:])
    return running[bounds[1:]] - running[bounds[:-1]]


def _internal(side: Flat) -> BoolArray:
    """Words whose end is an internal boundary: all but each unit's last word."""
    import numpy as np

    internal = np.ones(side.word_count, dtype=bool)
    internal[side.last_of_unit] = False
    return internal


def _sentence_bounds(gold: Flat, predicted: Flat, gold_internal: BoolArray,
                     ) -> tuple[IntArray, IntArray]:
    """Sentence bounds on each side's words (by where each word starts)."""
    import numpy as np

    codes = np.frombuffer(gold.text.encode("utf-32-le"), dtype=np.uint32)
    finals = np.array([ord(c) for c in SENTENCE_FINAL], dtype=np.uint32)
    closes = np.isin(codes[gold.ends - 1], finals) & gold_internal
    first_words = gold.bounds[:-1][np.diff(gold.bounds) > 0]
    # sorted and without repeats; np.union1d would import numpy.ma (~30 ms) for this
    sentence_starts = np.sort(np.concatenate((gold.starts[first_words], gold.ends[closes])))
    sentence_starts = sentence_starts[np.diff(sentence_starts, prepend=-1) > 0]
    # words start in sentence s when sentence_starts[s] <= start < sentence_starts[s + 1]
    gold_bounds = np.append(gold.cuts_below[sentence_starts], gold.word_count)
    predicted_bounds = np.append(predicted.cuts_below[sentence_starts], predicted.word_count)
    return gold_bounds, predicted_bounds


def count_flat(gold: Flat, predicted: Flat,
               lexicon: AbstractSet[str] | None = None,
               blocked: Sequence[bool] | None = None) -> Counted:
    """Count two whole segmentations of the same units (their skeletons match unit by
    unit, so their offsets line up end to end); see Counted.

    ``blocked`` marks the predicted words (in order) that cannot be correct whatever
    their span: they touch a place where a corpus's raw text and its gold disagree
    (rawtext.py). Such a word and the gold word it covers count as wrong (crossing);
    boundaries are unaffected.
    """
    import numpy as np

    if len(gold.sizes) != len(predicted.sizes):
        raise ValueError("gold and prediction must have the same number of units")
    gold_in_pred, pred_in_gold = _locate(gold, predicted), _locate(predicted, gold)
    if blocked is not None:
        gold_in_pred, pred_in_gold = _block(gold_in_pred, pred_in_gold, blocked)
    g, p = gold.bounds, predicted.bounds
    gold_internal, predicted_internal = _internal(gold), _internal(predicted)
    if lexicon is None:
        oov = np.zeros(gold.word_count, dtype=bool)
    else:
        oov = ~np.array(gold.in_vocabulary(lexicon), dtype=bool)
    matched = np.flatnonzero(gold_in_pred.correct)
    edits = change_blocks(g, p, matched, gold_in_pred.partner[matched])
    def words_and_boundaries(gb: IntArray, pb: IntArray) -> dict[str, IntArray]:
        return {"gold_words": np.diff(gb), "predicted_words": np.diff(pb),
                "correct_words": _sums(gold_in_pred.correct, gb),
                "gold_boundaries": _sums(gold_internal, gb),
                "predicted_boundaries": _sums(predicted_internal, pb),
                "correct_boundaries": _sums(gold_internal & gold_in_pred.end_is_cut, gb)}

    per_unit = {
        **words_and_boundaries(g, p),
        "gold_oov_words": _sums(oov, g), "correct_oov_words": _sums(oov & gold_in_pred.correct, g),
        "insertions": edits[:, 0], "deletions": edits[:, 1], "substitutions": edits[:, 2],
        "gold_split": _sums(gold_in_pred.split, g), "gold_merged": _sums(gold_in_pred.merged, g),
        "gold_crossing": _sums(gold_in_pred.crossing, g),
        "predicted_split": _sums(pred_in_gold.split, p),
        "predicted_merged": _sums(pred_in_gold.merged, p),
        "predicted_crossing": _sums(pred_in_gold.crossing, p),
    }
    gs, ps = _sentence_bounds(gold, predicted, gold_internal)
    return Counted(in_order(per_unit, COUNT_COLUMNS),
                   in_order(words_and_boundaries(gs, ps), SENTENCE_COLUMNS))


def in_order(named: dict[str, IntArray], columns: Sequence[str]) -> IntArray:
    """Named count columns as one matrix in ``columns``' order; every column must be
    given exactly (a column computed but not declared, or the reverse, is a bug)."""
    import numpy as np

    if set(named) != set(columns):
        raise ValueError(f"count columns {sorted(named)} are not {sorted(columns)}")
    return np.stack([named[name] for name in columns], axis=1)


def unit_counts(gold_tokens: Sequence[str], predicted_tokens: Sequence[str],
                lexicon: AbstractSet[str] | None = None) -> tuple[int, ...]:
    """The count row of a single unit (see count_rows)."""
    return tuple(int(v) for v in count_rows([gold_tokens], [predicted_tokens], lexicon)[0])


def total(rows: IntArray) -> Counts:
    """Sum per-unit rows into corpus counts (micro average)."""
    sums = rows.sum(axis=0)
    return Counts(**{name: int(value) for name, value in zip(COUNT_COLUMNS, sums, strict=True)})
