"""Metric invariants (docs/scoring.md §Word scores, §Boundary scores, §Edit counts,
§Error classes) as properties, plus hand-computed cases."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalkit.align import check_same_text, skeleton, word_spans
from evalkit.check import exact_f1
from evalkit.errors import TextMismatchError
from evalkit.metrics import (
    COUNT_COLUMNS,
    PRF,
    Counts,
    count,
    count_rows,
    prf,
    prf_in,
    total,
    unit_counts,
)
from tests.reference import reference_counts
from tests.strategies import CHUNK, long_corpora, text_and_two_segmentations, with_separators

pairs = text_and_two_segmentations()


def scores(gold: list[str], predicted: list[str]) -> tuple[PRF, PRF]:
    counts = total(count_rows([gold], [predicted]))
    return counts.words, counts.boundaries


def test_hand_computed_example() -> None:
    """Gold 中国|人民|银行, prediction 中国|人|民银行: 1 of 3 words, 1 of 2 boundaries."""
    counts = unit_counts(["中国", "人民", "银行"], ["中国", "人", "民银行"])
    # one change block of 2 gold / 2 predicted words: 2 substitutions; 人民 and 民银行
    # cross each other's edges, 银行 lies inside 民银行, 人 inside 人民
    assert counts == (3, 3, 1, 2, 2, 1, 0, 0, 0, 0, 2, 0, 1, 1, 0, 1, 1)
    words, boundaries = scores(["中国", "人民", "银行"], ["中国", "人", "民银行"])
    assert (words.precision, words.recall) == (1 / 3, 1 / 3)
    assert words.f1 == pytest.approx(1 / 3)
    assert boundaries.f1 == pytest.approx(0.5)


def test_spans_are_half_open_on_the_skeleton() -> None:
    assert word_spans(["中国", " ", "a b", "\u3000", "人"]) == [(0, 2), (2, 4), (4, 5)]


def test_prf_conventions() -> None:
    assert prf(0, 0, 0) == PRF(1.0, 1.0, 1.0)  # nothing to find, nothing claimed
    assert prf(0, 3, 0) == PRF(0.0, 1.0, 0.0)  # boundaries claimed where gold has none
    assert prf(0, 0, 3) == PRF(1.0, 0.0, 0.0)  # gold boundaries, none predicted
    assert prf(0, 2, 3) == PRF(0.0, 0.0, 0.0)


@st.composite
def count_triples(draw: st.DrawFn) -> tuple[int, int, int]:
    """(correct, predicted, gold) as a scorer can give them: correct <= both."""
    predicted, gold = draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6))
    return draw(st.integers(0, min(predicted, gold))), predicted, gold


@given(count_triples())
def test_prf_floats_are_plain_true_division(triple: tuple[int, int, int]) -> None:
    """The printed figures, bit for bit: int / int, never through a Fraction."""
    correct, predicted, gold = triple
    precision = correct / predicted if predicted else 1.0
    recall = correct / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert prf(correct, predicted, gold) == PRF(precision, recall, f1)


@given(count_triples())
def test_exact_prf_is_the_same_rule_without_rounding(triple: tuple[int, int, int]) -> None:
    """check's exact F1 follows prf's conventions (empty ratio 1, F1 0 when P + R = 0)."""
    correct, predicted, gold = triple
    precision, recall, f1 = prf_in(Fraction, correct, predicted, gold)
    assert precision == (Fraction(correct, predicted) if predicted else 1)
    assert recall == (Fraction(correct, gold) if gold else 1)
    assert f1 == (2 * precision * recall / (precision + recall) if precision + recall else 0)
    assert all(type(value) is Fraction for value in (precision, recall, f1))
    floats = prf(correct, predicted, gold)
    assert exact_f1(Counts(gold, predicted, correct)) == f1
    assert math.isclose(float(f1), floats.f1, rel_tol=1e-12, abs_tol=1e-15)


def test_exact_prf_conventions() -> None:
    one, zero = Fraction(1), Fraction(0)
    assert prf_in(Fraction, 0, 0, 0) == (one, one, one)
    assert prf_in(Fraction, 0, 3, 0) == (zero, one, zero)
    assert prf_in(Fraction, 0, 2, 3) == (zero, zero, zero)
    assert prf_in(Fraction, 1, 3, 3) == (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))


def test_text_mismatch_names_unit_offset_and_context() -> None:
    with pytest.raises(TextMismatchError) as error:
        check_same_text(["中国", "人民", "银行"], ["中国", "民", "银行"], "x", 7, 12)
    message = str(error.value)
    assert "segmenter 'x'" in message and "unit 7 (line 12)" in message
    assert "offset 2" in message and "'中国人民银行'" in message and "'中国民银行'" in message


def test_whitespace_alone_never_mismatches() -> None:
    check_same_text(["中国", "\u3000", "人民"], ["中", "国人", " ", "民"], "x", 1, 1)


@given(st.text(min_size=0, max_size=30))
def test_skeleton_removes_exactly_isspace(text: str) -> None:
    assert skeleton(text) == "".join(c for c in text if not c.isspace())


@given(pairs)
def test_perfect_prediction_scores_one(pair: tuple[list[str], list[str]]) -> None:
    gold, _ = pair
    words, boundaries = scores(gold, gold)
    assert words == PRF(1.0, 1.0, 1.0)
    assert boundaries == PRF(1.0, 1.0, 1.0)


@given(pairs)
def test_swapping_gold_and_prediction_swaps_p_and_r(pair: tuple[list[str], list[str]]) -> None:
    gold, predicted = pair
    forward, forward_b = scores(gold, predicted)
    backward, backward_b = scores(predicted, gold)
    assert (forward.precision, forward.recall) == (backward.recall, backward.precision)
    assert (forward_b.precision, forward_b.recall) == (backward_b.recall, backward_b.precision)
    assert forward.f1 == pytest.approx(backward.f1)


@given(pairs)
def test_f1_lies_between_p_and_r(pair: tuple[list[str], list[str]]) -> None:
    for level in scores(*pair):
        low, high = sorted((level.precision, level.recall))
        assert low - 1e-12 <= level.f1 <= high + 1e-12


@given(st.lists(pairs, min_size=1, max_size=6), st.integers(0, 6))
def test_counts_add_up_over_concatenated_corpora(
        corpus: list[tuple[list[str], list[str]]], cut: int) -> None:
    gold = [g for g, _ in corpus]
    predicted = [p for _, p in corpus]
    whole = total(count_rows(gold, predicted)).as_dict()
    first = total(count_rows(gold[:cut], predicted[:cut])).as_dict()
    rest = total(count_rows(gold[cut:], predicted[cut:])).as_dict()
    assert whole == {key: first[key] + rest[key] for key in whole}


@given(pairs, st.data())
def test_whitespace_tokens_never_change_a_score(
        pair: tuple[list[str], list[str]], data: st.DataObject) -> None:
    gold, predicted = pair
    spaced_gold = data.draw(with_separators(gold))
    spaced_predicted = data.draw(with_separators(predicted))
    assert unit_counts(spaced_gold, spaced_predicted) == unit_counts(gold, predicted)


@given(pairs)
def test_splitting_every_character_has_boundary_recall_one(
        pair: tuple[list[str], list[str]]) -> None:
    gold, _ = pair
    characters = list("".join(gold))
    _, boundaries = scores(gold, characters)
    assert boundaries.recall == 1.0


@given(pairs)
def test_correct_never_exceeds_gold_or_predicted(pair: tuple[list[str], list[str]]) -> None:
    g, p, c, gb, pb, cb, *_ = unit_counts(*pair)
    assert c <= min(g, p) and cb <= min(gb, pb)
    assert gb == g - 1 and pb == p - 1


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    # split: 北京大学 cut into 北京|大学 -> 1 gold split; 2 predicted merged (inside gold)
    (["北京大学", "好"], ["北京", "大学", "好"], {"gold_split": 1, "predicted_merged": 2,
                                               "insertions": 1, "substitutions": 1}),
    # merged: 北京|大学 joined -> 2 gold merged, 1 predicted split
    (["北京", "大学", "好"], ["北京大学", "好"], {"gold_merged": 2, "predicted_split": 1,
                                               "deletions": 1, "substitutions": 1}),
    # crossing: 中国|人民 vs 中|国人|民
    (["中国", "人民"], ["中", "国人", "民"], {"gold_crossing": 2, "predicted_merged": 2,
                                          "predicted_crossing": 1, "insertions": 1,
                                          "substitutions": 2}),
])
def test_error_classes_and_edits_by_hand(gold: list[str], predicted: list[str],
                                         expected: dict[str, int]) -> None:
    counts = total(count_rows([gold], [predicted])).as_dict()
    for key in ("insertions", "deletions", "substitutions", "gold_split", "gold_merged",
                "gold_crossing", "predicted_split", "predicted_merged", "predicted_crossing"):
        assert counts[key] == expected.get(key, 0), key


@given(st.lists(pairs, min_size=0, max_size=6), st.data())
def test_vectorised_counts_equal_the_reference(
        corpus: list[tuple[list[str], list[str]]], data: st.DataObject) -> None:
    """Whole-corpus numpy counting agrees with a per-unit loop written from docs/scoring.md."""
    gold = [data.draw(with_separators(g)) for g, _ in corpus]
    predicted = [p for _, p in corpus]
    lexicon = data.draw(st.sets(st.sampled_from(["中", "国", "人民", "ab", "中国", "一"])))
    rows = count_rows(gold, predicted, lexicon)
    assert rows.shape == (len(corpus), len(COUNT_COLUMNS))
    for row, g, p in zip(rows.tolist(), gold, predicted, strict=True):
        assert tuple(row) == reference_counts(g, p, lexicon)


@settings(max_examples=10)
@given(long_corpora(), st.data())
def test_vectorised_counts_past_one_block_equal_the_reference(
        corpus: list[tuple[list[str], list[str]]], data: st.DataObject) -> None:
    """More units than one numpy block (CHUNK), empty units among them: every row still
    equals the per-unit loop, and the totals the sum of the rows."""
    assert len(corpus) > CHUNK
    gold = [g for g, _ in corpus]
    predicted = [p for _, p in corpus]
    lexicon = data.draw(st.sets(st.sampled_from(["中", "国", "人民", "ab", "中国", "一"])))
    rows = count_rows(gold, predicted, lexicon)
    cache: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[int, ...]] = {}
    for row, g, p in zip(rows.tolist(), gold, predicted, strict=True):
        expected = cache.setdefault((tuple(g), tuple(p)), reference_counts(g, p, lexicon))
        assert tuple(row) == expected
    counted = count(gold, predicted, lexicon)
    assert counted.units.sum(axis=0).tolist() == rows.sum(axis=0).tolist()


@given(pairs)
def test_error_classes_partition_the_wrong_words(pair: tuple[list[str], list[str]]) -> None:
    c = total(count_rows([pair[0]], [pair[1]]))
    assert c.gold_split + c.gold_merged + c.gold_crossing == c.gold_words - c.correct_words
    assert c.predicted_split + c.predicted_merged + c.predicted_crossing == \
        c.predicted_words - c.correct_words
    assert c.substitutions + c.deletions == c.gold_words - c.correct_words
    assert c.substitutions + c.insertions == c.predicted_words - c.correct_words


@given(st.lists(pairs, min_size=0, max_size=6))
def test_sentence_rows_add_up_to_the_unit_rows(corpus: list[tuple[list[str], list[str]]]) -> None:
    """Cutting units into sentences for resampling never changes a total."""
    counted = count([g for g, _ in corpus], [p for _, p in corpus])
    assert counted.sentences.sum(axis=0).tolist() == counted.units[:, :6].sum(axis=0).tolist()
    ends = sum(1 for g, _ in corpus for w in g[:-1] if w[-1] in "。")
    assert len(counted.sentences) == sum(1 for g, _ in corpus if g) + ends


def test_seed_is_cut_into_sentences() -> None:
    from evalkit.corpus import read_corpus
    from tests.conftest import SEED

    tokens = [u.tokens for u in read_corpus(SEED).units]
    assert count(tokens, tokens).sentences.shape == (21, 6)
