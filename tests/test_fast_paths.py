"""Each shortcut of the whole-corpus scoring equals the general way it replaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from evalkit.align import skeleton
from evalkit.corpus import looks_segmented, read_corpus, split_lines
from evalkit.errors import InputError
from evalkit.flat import flatten
from evalkit.gnudiff import diff_changes, diff_kept, diff_matches, middle_kept
from evalkit.lexicon import read_word_list
from evalkit.metrics import word_skeletons
from evalkit.scoring import cuts
from evalkit.sighan import read_lines, script_words
from tests.strategies import shared_in_order

TOKENS = st.lists(st.sampled_from(["中", "国", "中国", " ", "\u3000", "a b", "", "x\u00a0",
                                   "\u2028", "人民"]), max_size=12)


@given(st.lists(TOKENS, max_size=6))
def test_flatten_gives_each_units_word_skeletons(units: list[list[str]]) -> None:
    view = flatten(units)
    expected = [word_skeletons(tokens) for tokens in units]
    assert view.unit_words() == expected
    assert view.text == "".join("".join(words) for words in expected)
    assert view.lengths.tolist() == [len(w) for words in expected for w in words]
    assert [view.unit_text(u) for u in range(len(units))] == ["".join(w) for w in expected]


@given(TOKENS)
def test_cuts_are_the_internal_word_ends(tokens: list[str]) -> None:
    ends, offset = [], 0
    for word in word_skeletons(tokens):
        offset += len(word)
        ends.append(offset)
    assert cuts(tokens) == ends[:-1]


WORDS = st.lists(st.sampled_from(["中", "国", "人", "民", "中国", "x"]), max_size=30)


@given(WORDS, WORDS, WORDS, WORDS)
def test_diff_kept_equals_the_full_alignment(prefix: list[str], a: list[str], b: list[str],
                                             suffix: list[str]) -> None:
    """Shared ends around any middles (disjoint or not): the same kept words."""
    for x, y in ((prefix + a + suffix, prefix + b + suffix), (a, b), (a, a),
                 (prefix + [w + "1" for w in a] + suffix, prefix + b + suffix)):
        matches = diff_matches(x, y)
        kept_x, kept_y = diff_kept(x, y)
        assert list(kept_x) == [i for i, _ in matches]
        assert list(kept_y) == [j for _, j in matches]


_SHORT_RUNS = ["a1", "a2", "a3"] + ["s0", "a1", "a2", "a3"] * 6
"""Six shared words, each inside a run of discards: provisional beyond MANY 5."""
_LONG_MIDDLE = ["b1", "s0"] * 6 + ["b9"] * 260
"""The same six shared words in a middle of 272 words, where MANY is 10."""


@settings(max_examples=400, deadline=None)
@given(shared_in_order())
@example((_SHORT_RUNS, _LONG_MIDDLE))  # MANY is the smaller of the two sides'
@example((_LONG_MIDDLE, _SHORT_RUNS))
def test_kept_shared_words_in_order_equal_the_full_alignment(
        pair: tuple[list[str], list[str]]) -> None:
    """middle_kept keeps the shared words without aligning when they come in one order
    and none is provisional: the same words as diff's whole analysis (diff_changes,
    which the GNU diff differential tests check), on both sides."""
    a, b = pair
    prefix, suffix, kept_a, kept_b = middle_kept(a, b)
    for line, kept, changed in zip((a, b), (kept_a, kept_b), diff_changes(a, b),
                                   strict=True):
        assert [*range(prefix), *(prefix + i for i in kept),
                *range(len(line) - suffix, len(line))] == \
            [i for i, c in enumerate(changed) if not c]


LINE = st.text(st.sampled_from("中国人 \t\u3000\u00a0\x1cab\r"), max_size=20)


@given(st.lists(LINE, max_size=5), st.booleans())
def test_bakeoff_lines_split_like_the_script(tmp_path_factory: pytest.TempPathFactory,
                                             lines: list[str], final_newline: bool) -> None:
    """Each line (split_lines: LF, a CR before it dropped) split as the script splits it,
    with or without a newline at the end of the file."""
    folder = tmp_path_factory.mktemp("lines")
    path = folder / "lines.txt"
    text = "\n".join(lines) + ("\n" if final_newline and lines else "")
    path.write_bytes(text.encode())
    expected = [script_words(line) for line in split_lines(text)]
    assert read_lines(str(path), "whitespace", None).units == expected


@given(st.lists(st.text(st.sampled_from("中国 \u3000\u00a0a\r\u2028"), max_size=6), max_size=8))
def test_word_list_words_are_each_lines_skeleton(tmp_path_factory: pytest.TempPathFactory,
                                                 lines: list[str]) -> None:
    path = tmp_path_factory.mktemp("lexicon") / "words.txt"
    text = "".join(line + "\n" for line in lines)
    path.write_bytes(text.encode())
    expected = {w for w in (skeleton(line) for line in split_lines(text)) if w}
    if not expected or looks_segmented(text):  # not a word list: refused (lexicon.py)
        with pytest.raises(InputError):
            read_word_list(path)
        return
    assert read_word_list(path).words == expected


def test_word_count_is_counted_once(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("中国 人民\n银行\n", encoding="utf-8")
    corpus = read_corpus(path)
    assert corpus.word_count == 3
    assert "word_count" in vars(corpus) and corpus.flat is corpus.flat


def test_score_table_does_not_build_the_results_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Packing the document costs more than counting: only --json pays for it."""
    from evalkit.cli import Exit, main
    from evalkit.results import Results

    def refuse(self: Results) -> None:
        raise AssertionError("to_document called for a table")

    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("中国 人民\n", encoding="utf-8")
    pred.write_text("中国 人 民\n", encoding="utf-8")
    monkeypatch.setattr(Results, "to_document", refuse)
    assert main(["score", str(gold), str(pred)]) == Exit.OK
    assert "0.667" in capsys.readouterr().out


@given(st.text(alphabet=st.sampled_from(["中", "a", "|", " ", "\t", "\u3000", "\x1f", "\u00a0",
                                         "\u2028", "\x85"]), max_size=12))
def test_line_evidence_equals_splitting_the_line(line: str) -> None:
    from evalkit.corpus import line_evidence

    expected = "pipe" if "|" in line else "whitespace" if len(line.split()) > 1 else None
    assert line_evidence(line) == expected


@given(st.lists(st.text(alphabet="中国人民银a b", max_size=4), max_size=30))
def test_a_lexicons_digest_does_not_depend_on_reading_order(words: list[str]) -> None:
    from evalkit.lexicon import Lexicon, words_digest

    read = Lexicon.from_words(words, "w.txt", "lexicon", "")
    assert read.words == frozenset(words)
    assert read.sha256 == words_digest(frozenset(words)) == \
        Lexicon.from_words(reversed(words), "w.txt", "lexicon", "").sha256


@given(st.text(alphabet=st.sampled_from(["中", "国", "a", "|", " ", "\t", "\n", "\r", "\u3000",
                                         "\u2028", "\x85", "\u00a0"]), max_size=30))
def test_a_word_list_skips_the_segmented_test_only_when_it_cannot_look_segmented(
        text: str) -> None:
    from evalkit.corpus import looks_segmented
    from evalkit.lexicon import _INLINE_WHITESPACE

    skipped = "|" not in text and _INLINE_WHITESPACE.search(text) is None
    assert not (skipped and looks_segmented(text))


@given(st.text(alphabet=st.sampled_from(["中", "国", "a", " ", "\t", "\n", "\r", "\u3000",
                                         "\u2028", "\x85", "\u00a0", "\x0c"]), max_size=30))
def test_a_word_list_split_whole_gives_each_lines_skeleton(text: str) -> None:
    from evalkit.align import skeleton
    from evalkit.corpus import split_lines
    from evalkit.lexicon import _INLINE_WHITESPACE, word_list_words

    by_line = [w for w in (skeleton(line) for line in split_lines(text)) if w]
    assert word_list_words(text, _INLINE_WHITESPACE.search(text) is not None) == by_line


@given(st.text(alphabet=st.sampled_from(["中", "a", "|", " ", "\n", "\r", "\u3000", "#"]),
               max_size=30))
def test_detection_without_a_pipe_is_whitespace_as_weighing_every_line_says(text: str) -> None:
    from evalkit.corpus import detect_format, line_evidence, split_lines
    from evalkit.errors import InputError

    kinds = {line_evidence(line) for line in split_lines(text)} - {None}
    if len(kinds) > 1:
        with pytest.raises(InputError, match="mixed formats"):
            detect_format("g.txt", text)
    else:
        assert detect_format("g.txt", text) == ("pipe" if "pipe" in kinds else "whitespace")


@given(st.text(alphabet=st.sampled_from(["中", "S", "B", "\t", "\n", " ", "x"]), max_size=30))
def test_tagged_shape_is_weighed_on_every_line_when_a_tab_is_there(text: str) -> None:
    from evalkit.corpus import _TAGGED_SHAPE, looks_tagged

    lines = [line for line in text.split("\n") if line.strip()]
    shaped = sum(1 for line in lines if _TAGGED_SHAPE.fullmatch(line))
    assert looks_tagged(text) == (shaped * 2 > len(lines))


SPACED_TEXT = st.text(alphabet=st.sampled_from(["中", "国", "a", "𠀀", " ", "\t", "\n", "\r",
                                              "\u3000", "\u2028", "\x85", "\u00a0", "\x1c",
                                              "\x00", "\u3001"]), max_size=40)


@given(SPACED_TEXT)
@example("\n")
@example("中\n\n国 ")
@example(" \r\n中")
def test_a_whitespace_text_read_as_arrays_equals_splitting_each_line(text: str) -> None:
    """Flat.of_whitespace_text finds words, unit sizes, skeleton and word ends with
    array operations; they must be what splitting each line on whitespace and
    flattening the lines gives."""
    from evalkit.corpus import parse_whitespace
    from evalkit.flat import Flat

    general = flatten([unit.tokens for unit in parse_whitespace(text, "g.txt")])
    quick = Flat.of_whitespace_text(text)
    assert quick.ends.tolist() == general.ends.tolist()
    assert quick.bounds.tolist() == general.bounds.tolist()
    assert (quick.words, quick.sizes, quick.text, quick.word_count) == \
        (general.words, general.sizes, general.text, general.word_count)
    assert quick.lengths.tolist() == general.lengths.tolist()


def test_the_whitespace_table_is_every_code_point_str_split_cuts_at() -> None:
    import sys

    from evalkit.flat import WHITESPACE

    assert list(WHITESPACE) == [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]


@given(SPACED_TEXT.filter(lambda text: not text.isspace() and text != ""))
def test_a_whitespace_files_units_read_on_demand_are_each_lines_words(text: str) -> None:
    """A whitespace-format corpus parses its units only when asked; they, their number
    and the raw character count are those of splitting every line."""
    from evalkit.corpus import Unit, corpus_from_text

    corpus = corpus_from_text((text, "0" * 64), "g.txt", "whitespace")
    expected = tuple(Unit(tuple(line.split()), number)
                     for number, line in enumerate(split_lines(text, drop_cr=False), 1))
    assert len(corpus.units) == len(expected)
    assert corpus.units == expected and tuple(corpus.units) == expected
    assert corpus.char_count == sum(len(word) for unit in expected for word in unit.tokens)
    assert corpus.word_count == sum(len(unit.tokens) for unit in expected)


def test_scoring_a_whitespace_prediction_builds_neither_its_units_nor_its_words(
        tmp_path: Path) -> None:
    """The prediction's words are counted from arrays: reading it as strings (a
    string and a tuple per word) is the cost the array reader removes."""
    from evalkit.predictions import score_files

    (tmp_path / "gold.txt").write_text("中国 人民\n银行 日报\n", encoding="utf-8")
    (tmp_path / "pred.txt").write_text("中国人民\n银行 日 报\n", encoding="utf-8")
    gold = read_corpus(tmp_path / "gold.txt")
    predicted = read_corpus(tmp_path / "pred.txt")
    results = score_files(gold, predicted)
    assert results.rows[0].counts.correct_words == 1  # 银行
    assert "words" not in predicted.flat.__dict__
    assert predicted.units._made is None  # type: ignore[attr-defined]


def test_the_gold_words_of_a_score_are_listed_only_when_a_report_asks(
        tmp_path: Path) -> None:
    """A score printed as a table never lists the gold's words per unit (nor, for a
    whitespace file, splits it into words); the results document lists them, equal
    to each unit's words."""
    from evalkit.predictions import score_files

    (tmp_path / "gold.txt").write_text("中国 人民\n\n银行 日报\n", encoding="utf-8")
    (tmp_path / "pred.txt").write_text("中国人民\n\n银行 日 报\n", encoding="utf-8")
    gold = read_corpus(tmp_path / "gold.txt")
    results = score_files(gold, read_corpus(tmp_path / "pred.txt"))
    assert "words" not in gold.flat.__dict__
    info = results.corpora[0]
    assert len(info.gold) == 3 and "words" not in gold.flat.__dict__
    expected = [["中国", "人民"], [], ["银行", "日报"]]
    assert info.gold == expected and list(info.gold) == expected and info.gold[2] == expected[2]
    assert results.to_document()["corpora"][0]["units"] == 3


@given(st.lists(TOKENS, max_size=6))
def test_prediction_lines_split_each_output_like_the_script(units: list[list[str]]) -> None:
    """compare --sighan reads a segmenter's output back as the script would read its file
    (whitespace inside tokens included), with str.split where that cuts the same."""
    from evalkit.bakeoff import prediction_lines

    assert prediction_lines("p", units).units == [script_words(" ".join(t)) for t in units]


def test_sighan_totals_are_summed_once() -> None:
    """The summary asks for the totals four times; the rows are summed once."""
    from evalkit.settings import Settings
    from evalkit.sighan import Lines, render_summary, score_sighan

    score = score_sighan(Lines("g", [["中国", "人民"]], ""), Lines("p", [["中国人民"]], ""),
                         Settings())
    render_summary(score)
    assert vars(score)["_sums"] == [2, 1, 0, 0, 0, 0, 1, 1]
    score.rows.clear()  # a second sum would now be all zeros
    assert score.totals()["gold_words"] == 2


@given(st.text(alphabet=st.sampled_from(["1", "\t", "#", " ", "\n", "\r", "中"]), max_size=30))
def test_the_first_content_line_is_found_as_splitting_every_line_finds_it(text: str) -> None:
    from evalkit.corpus import _first_content_line

    expected = next((line for line in split_lines(text)
                     if line.strip() and not line.startswith("#")), None)
    assert _first_content_line(text) == expected


@given(st.lists(st.tuples(st.lists(st.sampled_from("abcde"), max_size=12),
                          st.lists(st.sampled_from("abcde"), max_size=12)), max_size=5))
def test_the_bakeoff_lines_edits_follow_the_exact_modes_change_rule(
        lines: list[tuple[list[str], list[str]]]) -> None:
    """sighan._row counts a line's insertions, deletions and substitutions in plain
    Python; metrics.change_blocks does it with arrays for all units at once: given
    the words diff keeps in each unit, both must give the same three numbers per unit
    (units without words or without a kept word included)."""
    import numpy as np

    from evalkit.metrics import change_blocks
    from evalkit.sighan import _row

    gold_bounds, predicted_bounds = [0], [0]
    kept_gold: list[int] = []
    kept_predicted: list[int] = []
    for gold, predicted in lines:
        in_gold, in_predicted = diff_kept(gold, predicted) if gold else ([], [])
        kept_gold += [gold_bounds[-1] + index for index in in_gold]
        kept_predicted += [predicted_bounds[-1] + index for index in in_predicted]
        gold_bounds.append(gold_bounds[-1] + len(gold))
        predicted_bounds.append(predicted_bounds[-1] + len(predicted))
    counted = change_blocks(np.array(gold_bounds), np.array(predicted_bounds),
                            np.array(kept_gold, dtype=np.int64),
                            np.array(kept_predicted, dtype=np.int64)).tolist()
    expected = [list(_row(gold, predicted, None)[5:]) if gold
                else [len(predicted), 0, 0] for gold, predicted in lines]
    assert counted == expected


class CountingVocabulary(frozenset[str]):
    """A vocabulary that counts the membership questions asked of it."""

    asked = 0

    def __contains__(self, word: object) -> bool:
        type(self).asked += 1
        return super().__contains__(word)


def test_the_coverage_check_and_the_oov_counts_look_each_gold_word_up_once(
        tmp_path: Path) -> None:
    """`score --lexicon` checks the vocabulary's coverage before scoring and counts OOV
    words after; both ask whether each gold word is known, and the second asks nothing
    new (while the counts stay those of a fresh lookup)."""
    from evalkit.coverage import check_vocabulary
    from evalkit.lexicon import Lexicon
    from evalkit.metrics import count_flat
    from evalkit.settings import Settings

    gold = flatten([["中国", "人民", "银行"], ["人民", "日报"]])
    predicted = flatten([["中国", "人民银行"], ["人民", "日", "报"]])
    vocabulary = CountingVocabulary({"中国", "人民"})
    settings = Settings(Lexicon(vocabulary, "words.txt", "lexicon", "0" * 64))
    CountingVocabulary.asked = 0
    warnings: list[str] = []
    check_vocabulary("gold", "1" * 64, gold, settings, warnings.append)
    counted = count_flat(gold, predicted, settings.vocabulary)
    assert CountingVocabulary.asked == len(gold.words) == 5
    fresh = count_flat(flatten([["中国", "人民", "银行"], ["人民", "日报"]]), predicted,
                       frozenset({"中国", "人民"}))
    assert (counted.units == fresh.units).all()
    assert gold.in_vocabulary(frozenset({"日报"})) == [False, False, False, False, True]
