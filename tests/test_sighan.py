"""Bakeoff-compatible mode: GNU diff's alignment, the script's rules and layout."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalkit.cli import Exit, main
from evalkit.gnudiff import confusing_marks, diff_changes, diff_kept, diff_matches
from evalkit.lexicon import Lexicon
from evalkit.metrics import count_rows, total
from evalkit.settings import Settings
from evalkit.sighan import Lines, render_summary, score_sighan, script_words
from tests.conftest import require_tool
from tests.strategies import shared_in_order, text_and_two_segmentations

W = ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13"]


def lcs_length(a: list[str], b: list[str]) -> int:
    """Textbook dynamic programme: the longest common subsequence's length."""
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0
        for j, y in enumerate(b, start=1):
            previous, row[j] = row[j], previous + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def sighan_matches(gold: list[str], predicted: list[str]) -> int:
    score = score_sighan(Lines("g", [gold], ""), Lines("p", [predicted], ""), Settings())
    return score.totals()["matched_words"]


def exact_matches(gold: list[str], predicted: list[str]) -> int:
    return total(count_rows([gold], [predicted])).correct_words


def test_string_matching_credits_a_word_at_another_place() -> None:
    """docs/scoring.md §Bakeoff compatibility: gold 中 中中, prediction 中中 中: one match
    by diff, none by span."""
    assert sighan_matches(["中", "中中"], ["中中", "中"]) == 1
    assert exact_matches(["中", "中中"], ["中中", "中"]) == 0


def test_modes_agree_on_an_ordinary_line() -> None:
    gold, predicted = ["中国", "人民", "银行", "好"], ["中国", "人", "民", "银行", "好"]
    assert sighan_matches(gold, predicted) == exact_matches(gold, predicted) == 3


@pytest.mark.parametrize(("a", "b", "marks", "matched"), [
    # a word with no equal on the other side is discarded; w, with 6 equals (> MANY=5),
    # is provisional, and cleared because 4 * 1 provisional > a run of 3
    (["x1", "w", "x2"], ["w"] * 6, [1, 0, 1], 1),
    # a provisional inside a run of 7 discards survives both edge walks (3 discards in a
    # row are met first from either end), so diff misses a match an LCS finds
    ([*W[:3], "w", *W[3:6]], ["w"] * 6, [1, 1, 1, 2, 1, 1, 1], 0),
    # walking in from the start clears provisionals until 3 discards in a row
    (["x1", "w", *W[1:5]], ["w"] * 6, [1, 0, 1, 1, 1, 1], 1),
    # a stretch of MINIMUM (2 in a run shorter than 16) provisionals is cleared
    (["x1", "w", "w", *W[1:7]], ["w"] * 6, [1, 0, 0, 1, 1, 1, 1, 1, 1], 2),
    # in a run of 19, MINIMUM is 3: two provisionals in a row stand
    ([*W[:3], "w", "w", *W[3:13], "y1", "y2", "y3", "y4"], ["w"] * 6,
     [1, 1, 1, 2, 2] + [1] * 14, 0),
])
def test_discard_rules_by_hand(a: list[str], b: list[str], marks: list[int],
                               matched: int) -> None:
    assert confusing_marks(a, b)[0] == marks
    assert len(diff_matches(a, b)) == matched
    assert lcs_length(a, b) == min(a.count("w"), 6)


def test_common_ends_are_matched_before_anything_else() -> None:
    a = ["s", "t", "x1", "w", "x2", "u", "v"]
    b = ["s", "t", "w", "w", "w", "w", "w", "w", "u", "v"]
    matches = diff_matches(a, b)
    assert matches[:2] == [(0, 0), (1, 1)] and matches[-2:] == [(5, 8), (6, 9)]


words = st.lists(st.sampled_from(["中", "国", "人", "民", "中国", "x"]), max_size=60)


@given(words, words)
def test_lcs_is_an_upper_bound_and_diff_reaches_it_without_marks(
        a: list[str], b: list[str]) -> None:
    matched = len(diff_matches(a, b))
    assert matched <= lcs_length(a, b)
    marks_a, marks_b = confusing_marks(a, b)
    if not any(m == 2 for m in marks_a + marks_b):
        assert matched == lcs_length(a, b)


@given(text_and_two_segmentations())
def test_lcs_count_is_never_below_the_exact_span_count(
        pair: tuple[list[str], list[str]]) -> None:
    gold, predicted = pair
    assert lcs_length(gold, predicted) >= exact_matches(gold, predicted)


@given(st.lists(words.filter(bool), min_size=1, max_size=4))
def test_identical_pair_scores_one_in_every_mode(lines: list[list[str]]) -> None:
    score = score_sighan(Lines("g", lines, ""), Lines("p", lines, ""), Settings())
    figures = score.figures()
    assert figures["recall"] == figures["precision"] == figures["f"] == 1.0
    counts = total(count_rows(lines, lines))
    assert counts.words.f1 == counts.boundaries.f1 == 1.0


_NORMAL = re.compile(r"^(\d+)(?:,(\d+))?([acd])(\d+)(?:,(\d+))?$")


def gnu_diff(tmp: Path, a: list[str], b: list[str]) -> tuple[list[bool], list[bool]]:
    """Changed flags read off the real diff's normal output (the test oracle)."""
    (tmp / "a").write_text("".join(w + "\n" for w in a), encoding="utf-8")
    (tmp / "b").write_text("".join(w + "\n" for w in b), encoding="utf-8")
    out = subprocess.run(["diff", str(tmp / "a"), str(tmp / "b")], capture_output=True,
                         text=True, check=False).stdout
    changed_a, changed_b = [False] * len(a), [False] * len(b)
    for line in out.splitlines():
        found = _NORMAL.match(line)
        if found:
            l1, l2, op, r1, r2 = found.groups()
            if op in "dc":
                for i in range(int(l1), int(l2 or l1) + 1):
                    changed_a[i - 1] = True
            if op in "ac":
                for i in range(int(r1), int(r2 or r1) + 1):
                    changed_b[i - 1] = True
    return changed_a, changed_b


@pytest.fixture(scope="session")
def gnu_diff_installed() -> str:
    return require_tool("diff")


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 12).flatmap(
    lambda n: st.tuples(*[st.lists(st.integers(0, n).map(str), max_size=250)] * 2)))
def test_alignment_equals_gnu_diff(tmp_path_factory: pytest.TempPathFactory,
                                   gnu_diff_installed: str,
                                   pair: tuple[list[str], list[str]]) -> None:
    """Differential test: every changed flag equals what GNU diff itself reports."""
    a, b = pair
    assert diff_changes(a, b) == gnu_diff(tmp_path_factory.mktemp("diff"), a, b)


@settings(max_examples=100, deadline=None)
@given(shared_in_order())
def test_kept_shared_words_equal_gnu_diff(tmp_path_factory: pytest.TempPathFactory,
                                          gnu_diff_installed: str,
                                          pair: tuple[list[str], list[str]]) -> None:
    """The lines middle_kept answers without aligning (shared words in one order), and
    bent ones it must not: diff_kept keeps exactly the words GNU diff leaves unchanged."""
    a, b = pair
    changed_a, changed_b = gnu_diff(tmp_path_factory.mktemp("diff"), a, b)
    kept_a, kept_b = diff_kept(a, b)
    assert list(kept_a) == [i for i, c in enumerate(changed_a) if not c]
    assert list(kept_b) == [j for j, c in enumerate(changed_b) if not c]


def middle(a: list[str], b: list[str]) -> int:
    """The shorter side's length once the common leading and trailing words are set
    aside: what diff's MANY is computed from."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return min(len(a), len(b)) - head - tail


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False),
       st.tuples(st.integers(2, 60), st.integers(260, 1300), st.floats(0.02, 1.0)))
def test_alignment_equals_gnu_diff_on_long_middles(
        tmp_path_factory: pytest.TempPathFactory, gnu_diff_installed: str,
        rng: random.Random, shape: tuple[int, int, float]) -> None:
    """Middles of 256 words and more, where diff doubles MANY (once from 256, twice from
    1,024): a prediction that rewrites a share ``noise`` of a random gold."""
    alphabet, length, noise = shape
    a = [str(rng.randrange(alphabet)) for _ in range(length)]
    b = [word if rng.random() > noise else str(rng.randrange(alphabet)) for word in a]
    b.insert(rng.randrange(len(b)), "inserted")
    a, b = ["<", *a, ">"], ["{", *b, "}"]  # different ends: the whole line is the middle
    assert middle(a, b) >= 256
    assert diff_changes(a, b) == gnu_diff(tmp_path_factory.mktemp("diff"), a, b)


def test_sighan_mode_equals_the_official_perl_script(
        capsys: pytest.CaptureFixture[str], icwb2: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The bakeoff's own scripts/score (Perl, running GNU diff per line) on PKU's first
    120 gold lines against a prediction that merges and splits words: the same summary
    line, figure for figure."""
    perl = require_tool("perl")
    require_tool("diff")
    lines = (icwb2 / "gold" / "pku_test_gold.utf8").read_text(encoding="utf-8").split("\n")
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("\n".join(lines[:120]) + "\n", encoding="utf-8")
    predicted = []
    for line in lines[:120]:
        out: list[str] = []
        for index, word in enumerate(line.split()):
            if index % 3 == 1 and out:
                out[-1] += word  # merged with the previous word
            elif len(word) >= 3:
                out += [word[0], word[1:]]  # split after the first character
            else:
                out.append(word)
        predicted.append(" ".join(out))
    pred.write_text("\n".join(predicted) + "\n", encoding="utf-8")
    words = icwb2 / "gold" / "pku_training_words.utf8"
    monkeypatch.chdir(tmp_path)
    script = subprocess.run([perl, str(icwb2 / "scripts" / "score"), str(words), "gold.txt",
                             "pred.txt"], capture_output=True, text=True, check=True).stdout
    assert main(["score", "--sighan", "gold.txt", "pred.txt", "--lexicon", str(words)]) == 0
    ours = capsys.readouterr().out
    summary = [line for line in script.splitlines() if line.startswith("###")]
    assert summary and summary[-1] == ours.splitlines()[-1]
    assert "\t0\t0\t0\t" not in summary[-1]  # insertions, deletions, substitutions all ran


def test_script_words_split_like_the_script() -> None:
    assert script_words("  中国\u3000人民  银行\r") == ["中国", "人民", "银行"]
    assert script_words("a\u00a0b c") == ["a\u00a0b", "c"]  # bytes-level \s: no NBSP
    assert script_words("\u3000 \t") == []


def test_summary_layout() -> None:
    words = Lexicon(frozenset({"中国", "银行"}), "w.txt", "lexicon", "ab" * 32)
    score = score_sighan(Lines("gold.txt", [["中国", "人民", "银行"], [], ["好"]], ""),
                         Lines("pred.txt", [["中国", "人", "民", "银行"], [], ["好"]], "ab" * 8),
                         Settings(words))
    text = render_summary(score)
    lines = text.splitlines()
    assert "bakeoff-compatible" in lines[0]
    assert lines[2:] == [
        "=== SUMMARY:",
        "=== TOTAL INSERTIONS:\t1",
        "=== TOTAL DELETIONS:\t0",
        "=== TOTAL SUBSTITUTIONS:\t1",
        "=== TOTAL NCHANGE:\t2",
        "=== TOTAL TRUE WORD COUNT:\t4",
        "=== TOTAL TEST WORD COUNT:\t5",
        "=== TOTAL TRUE WORDS RECALL:\t0.750",
        "=== TOTAL TEST WORDS PRECISION:\t0.600",
        "=== F MEASURE:\t0.667",
        "=== OOV Rate:\t0.500",
        "=== OOV Recall Rate:\t0.500",
        "=== IV Recall Rate:\t1.000",
        "###\tpred.txt\t1\t0\t1\t2\t4\t5\t0.750\t0.600\t0.667\t0.500\t0.500\t1.000",
    ]


def test_cli_warns_about_lines_the_script_scores_silently(
        capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("中国 人民\n\n北京 大学\n", encoding="utf-8")
    pred.write_text("中国 人民\n多余\n北京 大 雪\n", encoding="utf-8")
    assert main(["score", "--sighan", str(gold), str(pred)]) == 0
    captured = capfd.readouterr()
    assert "1 line(s) hold different characters in gold and prediction (first: line 3)" \
        in captured.err
    assert "1 line(s) are empty in the gold but not in the prediction (first: line 2)" \
        in captured.err
    assert "=== TOTAL TRUE WORD COUNT:\t4" in captured.out  # the blank gold line is skipped
    assert "=== TOTAL TEST WORD COUNT:\t5" in captured.out
    # the default mode refuses the same pair
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED


def test_cli_sighan_refuses_details(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gold = tmp_path / "g.txt"
    gold.write_text("中国\n", encoding="utf-8")
    assert main(["score", "--sighan", "--details", str(gold), str(gold)]) == Exit.USAGE


def test_bom_stays_in_the_first_gold_word_as_the_script_keeps_it(
        capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_bytes("\ufeff中国 人民\n北京\n".encode())
    pred.write_text("中国 人民\n北京\n", encoding="utf-8")
    assert main(["score", "--sighan", str(gold), str(pred)]) == 0
    captured = capfd.readouterr()
    # the script's rule for the name: an absolute path loses its directories
    assert "###\tpred.txt\t0\t0\t1\t1\t3\t3\t0.667\t0.667\t0.667" in captured.out
    assert "starts with a UTF-8 byte order mark: kept as part of its first word" in captured.err
    assert "hold different characters" not in captured.err  # the mark is not text
    assert main(["score", str(gold), str(pred), "--format", "plain"]) == 0  # default: dropped
    assert capfd.readouterr().out.splitlines()[1].split()[2:5] == ["3", "3", "3"]


def test_compare_sighan_scores_rows_as_score_sighan(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    gold, raw = tmp_path / "g.txt", tmp_path / "r.txt"
    gold.write_text("中国 人民\n北京 大学 “\n好\n", encoding="utf-8")
    raw.write_text("中国人民\n北京大学\n“好\n", encoding="utf-8")
    words = tmp_path / "w.txt"
    words.write_text("中国\n", encoding="utf-8")
    assert main(["compare", "--gold", str(gold), "--raw", str(raw), "--lexicon", str(words),
                 "-s", "chars", "--sighan", "--no-save"]) == 0
    captured = capfd.readouterr()
    hashes = [line for line in captured.out.splitlines() if line.startswith("###")]
    # g.chars: 6 gold words, 10 single characters; only 好 matches: the quote mark moved
    # to line 3, and the script (so --sighan) pairs lines as they come. Edits: line 1
    # 2 sub + 2 ins, line 2 3 sub + 1 ins, line 3 1 ins; OOV (not 中国) 5 of 6, 好 found
    assert hashes == ["###\tg.chars\t4\t0\t5\t9\t6\t10\t0.167\t0.100\t0.125\t0.833\t0.200"
                      "\t0.000"]
    # under the table, as compare's other warnings: -q (nothing on stderr) keeps it
    assert "warning: g: 2 line(s) hold different characters in gold and prediction (first: " \
        "line 2)" in captured.out and "hold different" not in captured.err
    assert main(["compare", "--gold", str(gold), "--raw", str(raw), "-s", "chars", "--sighan",
                 "--no-save", "-q", "--json"]) == 0
    captured = capfd.readouterr()
    assert captured.err == ""
    document = json.loads(captured.out)
    assert document["warnings"] == ["g: 2 line(s) hold different characters in gold and "
                                    "prediction (first: line 2); scored anyway, as the "
                                    "bakeoff script does"]
    # each row's signature names its segmenter, not its corpus
    assert [row["signature"].rsplit("systems:", 1)[1].split("=")[0]
            for row in document["results"]] == ["chars"]
    assert main(["compare", "--gold", str(gold), "-s", "chars", "--sighan", "--ci"]) == \
        Exit.USAGE


def test_sighan_scoring_imports_no_numpy() -> None:
    """Counting a line needs no arrays: score --sighan does not pay numpy's import
    (~60 ms, a tenth of the whole command on AS)."""
    code = ("import sys\nfrom evalkit.settings import Settings\n"
            "from evalkit.sighan import Lines, render_summary, score_sighan\n"
            "gold = Lines('g', [['中国', '人民'], ['银行', '好', '的']], '')\n"
            "pred = Lines('p', [['中', '国', '人民'], ['银行', '好的']], '')\n"
            "summary = render_summary(score_sighan(gold, pred, Settings()))\n"
            "print(summary.splitlines()[-1])\n"
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0].split("\t")[2:8] == ["1", "1", "2", "4", "5", "5"]
    assert out[1] == "False"


def test_the_score_sighan_command_imports_neither_numpy_nor_tabulate(tmp_path: Path) -> None:
    """The whole command, not only the counting: it prints the script's layout, no
    table, so the default --format is not looked up in tabulate (~35 ms)."""
    gold, pred = tmp_path / "g.txt", tmp_path / "p.txt"
    gold.write_text("中国 人民\n银行 好 的\n", encoding="utf-8")
    pred.write_text("中 国 人民\n银行 好的\n", encoding="utf-8")
    code = ("import sys\nfrom evalkit.cli import main\n"
            f"status = main(['score', '--sighan', {str(gold)!r}, {str(pred)!r}])\n"
            "print(status, sorted(m for m in ('numpy', 'tabulate') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[-2].split("\t")[2:8] == ["1", "1", "2", "4", "5", "5"]
    assert out[-1] == "0 []"
