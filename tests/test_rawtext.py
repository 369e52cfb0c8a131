"""Raw text versus gold (docs/scoring.md §Raw text versus gold)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.cli import main
from evalkit.corpus import Corpus, Unit, read_corpus
from evalkit.errors import InputError, TextMismatchError
from evalkit.rawtext import MIN_SHARED, align, carry, estimated_share, raw_share
from evalkit.scoring import corpus_info, normalised_gold, raw_side, score_prediction
from tests.conftest import SHARED
from tests.strategies import segmentations, texts

SIGHAN = SHARED / "mirror" / "yuikns" / "icwb2-data" / "873a51fa6234c644126d2f2c5c603a97809d2e49"


def corpus(units: list[list[str]], fmt: str = "whitespace") -> Corpus:
    return Corpus("c", "c.txt", fmt, tuple(Unit(tuple(u), n) for n, u in enumerate(units, 1)),
                  "0" * 64)


def raw_corpus(lines: list[str]) -> Corpus:
    return corpus([[line] if line else [] for line in lines], "raw")


def lines_at(words: list[str], breaks: set[int]) -> list[list[str]]:
    """The words cut into lines after the word indices in ``breaks``."""
    lines: list[list[str]] = [[]]
    for index, word in enumerate(words):
        lines[-1].append(word)
        if index in breaks and index < len(words) - 1:
            lines.append([])
    return lines


def score_raw(gold: list[list[str]], raw_lines: list[str], predicted: list[list[str]]
              ) -> tuple[int, ...]:
    g = corpus(gold)
    side = raw_side(raw_corpus(raw_lines), normalised_gold(g))
    row = score_prediction(g, predicted, "p", raw=side)
    return tuple(int(v) for v in row.per_unit.sum(axis=0))


def test_equal_skeletons_need_no_blocks() -> None:
    assert align("abc", "abc").blocks == ()
    assert align("abc", "abc").to_gold(2) == 2


def test_a_substitution_is_one_block_of_equal_sides() -> None:
    alignment = align("abXde", "abcde")
    assert alignment.blocks == ((2, 3, 2, 3),)
    assert [alignment.to_gold(p) for p in range(6)] == [0, 1, 2, 3, 4, 5]


def test_missing_and_extra_characters_block_their_neighbours() -> None:
    carried = carry([["a", "b"]], [0, 3], "aXb", align("ab", "aXb"))
    assert carried.tokens == [["aX", "b"]]  # gold-only characters join the word before
    assert carried.blocked == [[True, True]]
    extra = carry([["a", "Y", "b"]], [0, 2], "ab", align("aYb", "ab"))
    assert extra.tokens == [["a", "b"]] and extra.dropped == 1


def test_a_word_straddling_gold_lines_is_never_correct() -> None:
    """Raw line "ab" is two gold lines "a" / "b": the word "ab" is correct in neither."""
    assert score_raw([["a"], ["b"]], ["ab"], [["ab"]])[:3] == (2, 2, 0)
    assert score_raw([["a"], ["b"]], ["ab"], [["a", "b"]])[:3] == (2, 2, 2)


def test_output_must_reproduce_the_raw_text() -> None:
    g = corpus([["中国", "人"]])
    side = raw_side(raw_corpus(["中國人"]), normalised_gold(g))
    with pytest.raises(TextMismatchError, match="differs from the raw text at offset 1"):
        score_prediction(g, [["中国", "人"]], "p", raw=side)


@st.composite
def corpus_and_breaks(draw: st.DrawFn) -> tuple[list[list[str]], list[str], set[int], set[int]]:
    """Gold lines, a prediction of the whole text, and two ways to break the raw text
    into lines (at predicted word boundaries, as a segmenter working line by line)."""
    predicted = draw(segmentations(draw(texts)))
    text = "".join(predicted)
    gold_words = draw(segmentations(text))
    gold = lines_at(gold_words, draw(st.sets(st.integers(0, len(gold_words) - 1))))
    indices = st.sets(st.integers(0, len(predicted) - 1))
    return gold, predicted, draw(indices), draw(indices)


@given(corpus_and_breaks())
def test_moving_line_breaks_in_the_raw_text_never_changes_a_score(
        case: tuple[list[list[str]], list[str], set[int], set[int]]) -> None:
    gold, predicted, first, second = case
    scores = []
    for breaks in (first, second):
        lines = lines_at(predicted, breaks)
        scores.append(score_raw(gold, ["".join(line) for line in lines], lines))
    assert scores[0] == scores[1]


@given(st.lists(texts.flatmap(lambda t: st.tuples(segmentations(t), segmentations(t))),
                min_size=1, max_size=4))
def test_raw_text_equal_to_the_gold_text_scores_as_without_it(
        lines: list[tuple[list[str], list[str]]]) -> None:
    gold = [g for g, _ in lines]
    predicted = [p for _, p in lines]
    direct = score_prediction(corpus(gold), predicted, "p")
    assert score_raw(gold, ["".join(g) for g in gold], predicted) == \
        tuple(int(v) for v in direct.per_unit.sum(axis=0))


@given(st.data())
def test_a_substituted_character_only_affects_words_that_touch_it(data: st.DataObject) -> None:
    text = data.draw(texts)
    gold_words = data.draw(segmentations(text))
    predicted = data.draw(segmentations(text))
    at = data.draw(st.integers(0, len(text) - 1))
    raw = text[:at] + "Ω" + text[at + 1:]
    carried_prediction = [raw[a:b] for a, b in pairwise(_edges(predicted))]
    before = score_prediction(corpus([gold_words]), [predicted], "p")
    after = score_raw([gold_words], [raw], [carried_prediction])
    spans = list(pairwise(_edges(predicted)))
    touching = next(span for span in spans if span[0] <= at < span[1])
    lost = int(touching in set(pairwise(_edges(gold_words))))
    expected = [int(v) for v in before.per_unit.sum(axis=0)]
    assert after[:6] == (expected[0], expected[1], expected[2] - lost, *expected[3:6])


def _edges(words: list[str]) -> list[int]:
    edges = [0]
    for word in words:
        edges.append(edges[-1] + len(word))
    return edges


def _sighan(name: str) -> tuple[Path, Path]:
    gold = SIGHAN / "gold" / f"{name}_test{'ing' if name == 'as' else ''}_gold.utf8"
    raw = SIGHAN / "testing" / f"{name}_test.utf8"
    if not gold.exists():
        pytest.skip(f"SIGHAN 2005 mirror not found at {SIGHAN} (it lives in ../shared)")
    return gold, raw


def perfect_raw_prediction(gold: Corpus, raw: Corpus) -> list[list[str]]:
    """The gold's word boundaries laid on the raw lines (raw characters): what a perfect
    segmenter given the raw file would write."""
    cuts: set[int] = set()
    total = 0
    for unit in gold.units:
        for word in unit.words:
            total += len(word)
            cuts.add(total)
    predicted, position = [], 0
    for unit in raw.units:
        line = "".join(unit.text.split())
        words, start = [], 0
        for index in range(1, len(line) + 1):
            if position + index in cuts or index == len(line):
                words.append(line[start:index])
                start = index
        position += len(line)
        predicted.append(words)
    return predicted


def test_msr_lines_whose_quote_moved_score_normally() -> None:
    gold_path, raw_path = _sighan("msr")
    gold, raw = read_corpus(gold_path), read_corpus(raw_path, "raw")
    side = raw_side(raw, normalised_gold(gold))
    assert side.alignment.blocks == ()
    described = side.describe(gold)
    assert (described["differences"], described["moved_line_breaks"]) == (0, 8)
    assert described["first_moved_line"] == 443
    row = score_prediction(gold, perfect_raw_prediction(gold, raw), "perfect", raw=side)
    assert row.counts.correct_words == row.counts.gold_words == 106873
    assert row.counts.predicted_words == 106873


def test_as_line_6612_is_one_disagreement() -> None:
    gold_path, raw_path = _sighan("as")
    gold, raw = read_corpus(gold_path), read_corpus(raw_path, "raw")
    side = raw_side(raw, normalised_gold(gold))
    info = corpus_info(gold, raw=side)
    assert info.raw is not None and info.raw["differences"] == 1
    assert info.raw["first_difference"] == {"line": 6612, "column": 24, "gold": "c",
                                            "raw": "ｃ"}
    row = score_prediction(gold, perfect_raw_prediction(gold, raw), "perfect", raw=side)
    assert row.counts.gold_words == row.counts.predicted_words == 122610
    assert row.counts.correct_words == 122610 - 1  # the one word holding the `c`
    assert int(row.per_unit[6611, 2]) == int(row.per_unit[6611, 0]) - 1


def test_cityu_real_spaces_reach_the_segmenters() -> None:
    gold_path, raw_path = _sighan("cityu")
    raw = read_corpus(raw_path, "raw")
    assert any("Tom Buckley" in unit.text for unit in raw.units)
    gold = read_corpus(gold_path)
    assert raw_side(raw, normalised_gold(gold)).alignment.blocks == ()


def test_score_raw_carries_a_prediction_file_onto_the_gold(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from evalkit.cli import Exit, main

    gold, raw, pred = tmp_path / "gold.txt", tmp_path / "raw.txt", tmp_path / "pred.txt"
    gold.write_text("中国 人民\n“ 北京\n", encoding="utf-8")
    raw.write_text("中国人民“\n北京\n", encoding="utf-8")  # the quote sits on the line above
    pred.write_text("中国 人民 “\n北京\n", encoding="utf-8")
    # the text moved: the prediction is at fault
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED
    capsys.readouterr()
    assert main(["score", str(gold), str(pred), "--raw", str(raw), "--json"]) == Exit.OK
    import json

    document = json.loads(capsys.readouterr().out)
    assert document["results"][0]["counts"]["correct_words"] == 4
    assert document["corpora"][0]["raw"]["moved_line_breaks"] == 1


def test_a_raw_text_unlike_the_gold_is_refused(tmp_path: Path,
                                               capfd: pytest.CaptureFixture[str]) -> None:
    """The review's case: raw abc/xyz for gold 中国人民银行/我们好 scored F1 0.000, exit 0."""
    gold = tmp_path / "gold.txt"
    gold.write_text("中国 人民 银行\n我们 好\n", encoding="utf-8")
    raw = tmp_path / "raw.txt"
    raw.write_text("abc\nxyz\n", encoding="utf-8")
    assert main(["compare", "--gold", str(gold), "--raw", str(raw), "-s", "jieba",
                 "--no-save", "-q"]) == 3
    err = capfd.readouterr().err
    assert f"{raw}: shares only 0.0% of the characters of the gold {gold}" in err
    assert "check --raw" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_score_refuses_an_unrelated_raw_text_too(tmp_path: Path,
                                                 capfd: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("中国 人民 银行\n我们 好\n", encoding="utf-8")
    raw = tmp_path / "raw.txt"
    raw.write_text("abc\nxyz\n", encoding="utf-8")
    prediction = tmp_path / "pred.txt"
    prediction.write_text("abc\nxyz\n", encoding="utf-8")
    assert main(["score", str(gold), str(prediction), "--raw", str(raw)]) == 3
    assert f"{raw}: shares only 0.0% of the characters of the gold {gold}" in \
        capfd.readouterr().err


@given(texts, st.data())
def test_substitutions_under_half_are_accepted_and_over_half_refused(
        gold: str, data: st.DataObject) -> None:
    """Equal lengths align position by position: the share is the unchanged part."""
    changed = data.draw(st.sets(st.integers(0, len(gold) - 1)))
    raw = "".join("\u2603" if i in changed else c for i, c in enumerate(gold))
    share = raw_share(raw, gold)
    assert share == pytest.approx(1 - len(changed) / len(gold))
    assert (share < MIN_SHARED) == (len(changed) * 2 > len(gold))


@given(st.text("中国人民银行我们好", min_size=1, max_size=40),
       st.text("abcxyz", min_size=1, max_size=40))
def test_a_raw_text_from_other_characters_shares_nothing(gold: str, raw: str) -> None:
    assert raw_share(raw, gold) == 0.0


@given(texts)
def test_the_estimate_counts_all_of_a_text_in_itself(gold: str) -> None:
    assert estimated_share(gold, gold) == 1.0
    assert estimated_share("", gold) == 0.0


@pytest.mark.skipif(not SIGHAN.is_dir(), reason="SIGHAN 2005 data not in ../shared")
@pytest.mark.parametrize(("raw", "gold"), [("msr_test.utf8", "msr_test_gold.utf8"),
                                           ("as_test.utf8", "as_testing_gold.utf8")])
def test_sighan_raw_files_are_accepted_with_their_own_gold(raw: str, gold: str) -> None:
    """MSR (moved quotes) and AS (a character typed differently) differ a little."""
    from evalkit.sources import GoldSource, load_source

    loaded = load_source(GoldSource(SIGHAN / "gold" / gold, SIGHAN / "testing" / raw))
    assert loaded.raw is not None


@pytest.mark.skipif(not SIGHAN.is_dir(), reason="SIGHAN 2005 data not in ../shared")
def test_another_corpus_raw_file_is_refused_without_aligning_for_minutes() -> None:
    """PKU's raw text given for MSR's gold: 26.4% by the estimate (full alignment: 1.4%)."""
    from evalkit.sources import GoldSource, load_source

    raw = SIGHAN / "testing" / "pku_test.utf8"
    with pytest.raises(InputError) as caught:
        load_source(GoldSource(SIGHAN / "gold" / "msr_test_gold.utf8", raw))
    assert str(caught.value).startswith(f"{raw}: shares only 26.4% of the characters")


def test_a_results_document_read_back_keeps_the_raw_texts_size_for_speed(
        tmp_path: Path) -> None:
    """A row's speed is measured on the text the segmenter was given: the raw text's
    characters and lines, which differ from the gold's (here a space and a line)."""
    from dataclasses import replace

    from evalkit.predictions import score_files
    from evalkit.results import from_document

    gold, raw, pred = tmp_path / "gold.txt", tmp_path / "raw.txt", tmp_path / "pred.txt"
    gold.write_text("中国 人民\n北京\n", encoding="utf-8")
    raw.write_text("中国 人民\n\n北京\n", encoding="utf-8")
    pred.write_text("中国 人民\n\n北京\n", encoding="utf-8")
    scored = score_files(read_corpus(gold), read_corpus(pred, "whitespace"),
                         raw=read_corpus(raw, "raw", name="gold"))
    timed = replace(scored, rows=[replace(scored.rows[0], segment_seconds=0.5)])
    row = timed.rows[0]
    assert (row.chars, row.units) == (7, 3)
    again = from_document(timed.to_document()).rows[0]
    assert (again.chars, again.units, again.chars_per_second) == \
        (row.chars, row.units, row.chars_per_second)
