"""Findings of the user review on writing and reading files: `segment` never splits a
word silently, output folders are made, a UTF-8 raw text pairs with a legacy-encoded
gold, messages name no wrong file role, a unit-count refusal says where the files part
ways, and options that would be ignored or swallowed say what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.cli import Exit, main
from evalkit.corpus import format_units, read_corpus
from evalkit.errors import InputError
from evalkit.formats import INPUT_FORMATS
from tests.conftest import REPO
from tests.strategies import WHITESPACE, WORD_CHARS

WHOLE = "whole=py:tests.fakes:whole"
"""A segmenter that returns each line as one word, its spaces kept."""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# 1. the whitespace writer never splits a word

def test_whitespace_writer_refuses_a_word_holding_whitespace() -> None:
    with pytest.raises(InputError) as caught:
        format_units([["中国"], ["唱", "El Pas", "o"]], "whitespace", "out.txt")
    assert str(caught.value) == (
        "out.txt:2: word 'El Pas' contains whitespace, which the whitespace format would "
        "read back as more than one word; use --format-out pipe")
    assert format_units([["唱", "El Pas", "o"]], "pipe", "out.txt") == "唱|El Pas|o\n"
    # whitespace at a word's ends splits nothing: written as a separator
    assert format_units([["位 ", "\u3000中国"]], "whitespace", "out.txt") == "位 中国\n"


tokens = st.one_of(st.text(WORD_CHARS + "|", min_size=1, max_size=4),
                   st.sampled_from(WHITESPACE),
                   st.text(WORD_CHARS + "".join(WHITESPACE) + "\n\r", min_size=1, max_size=5))


@given(st.lists(st.lists(tokens, max_size=5), min_size=1, max_size=5)
       .filter(lambda units: any(not t.isspace() for unit in units for t in unit)))
def test_whitespace_writer_reads_back_the_same_words_or_refuses(
        tmp_path_factory: pytest.TempPathFactory, units: list[list[str]]) -> None:
    """What format_units writes, read_corpus reads back to the same words, unit by
    unit; a unit it cannot write that way is refused, never changed."""
    try:
        text = format_units(units, "whitespace", "<out>")
    except InputError as error:
        assert "use --format-out pipe" in str(error)
        line = error.line
        assert line is not None
        assert any(len(t.strip().split()) > 1 for t in units[line - 1])
        return
    path = tmp_path_factory.mktemp("ws") / "pred.txt"
    path.write_bytes(text.encode())
    corpus = read_corpus(path, "whitespace")
    # whitespace at a word's ends is a separator: the same words, as scoring sees them
    assert [list(u.words) for u in corpus.units] == \
        [[t.strip() for t in unit if not t.isspace()] for unit in units]


def test_segment_refuses_the_word_and_writes_the_other_segmenters(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    """Regression: thulac's 'El Pas' on CITYU was written as two words, so segment +
    score --raw counted one predicted and one correct word more than compare."""
    raw = write(tmp_path / "raw.txt", "中国人民\n唱 El Paso 好\n")
    pattern = str(tmp_path / "{segmenter}.txt")
    assert main(["segment", "-s", WHOLE, "-s", "chars", str(raw), "-o", pattern,
                 "--no-cache", "-q"]) == Exit.SEGMENTER_FAILED
    line = error_line(capfd.readouterr().err)
    assert line == (f"evalkit: error: segmenter 'whole': {tmp_path / 'whole.txt'}:2: word "
                    "'唱 El Paso 好' contains whitespace, which the whitespace format would "
                    "read back as more than one word; use --format-out pipe")
    assert not (tmp_path / "whole.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".whole")]
    assert (tmp_path / "chars.txt").read_text(encoding="utf-8").startswith("中 国 人 民\n")
    # on stdout: nothing at all, not the lines before the refused one
    assert main(["segment", "-s", WHOLE, str(raw), "--no-cache", "-q"]) == \
        Exit.SEGMENTER_FAILED
    captured = capfd.readouterr()
    assert captured.out == "" and "<stdout>:2: word" in error_line(captured.err)


def test_segment_in_pipe_format_then_score_raw_gives_compares_figures(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    gold = write(tmp_path / "gold.txt", "中国|人民\n唱| |El| |Paso| |好\n")
    raw = write(tmp_path / "raw.txt", "中国人民\n唱 El Paso 好\n")
    pred = tmp_path / "pred.txt"
    assert main(["segment", "-s", WHOLE, str(raw), "-o", str(pred), "--format-out", "pipe",
                 "--no-cache", "-q"]) == Exit.OK
    # no line of this prediction has a '|', so its format is named, not detected
    assert main(["score", str(gold), str(pred), "--raw", str(raw), "--format-in", "pipe",
                 "--json"]) == Exit.OK
    scored = json.loads(capsys.readouterr().out)["results"][0]["counts"]
    assert main(["compare", "--gold", str(gold), "--raw", str(raw), "-s", WHOLE, "--no-save",
                 "--no-cache", "-q", "--json", "--format-in", "pipe"]) == Exit.OK
    compared = json.loads(capsys.readouterr().out)["results"][0]["counts"]
    keys = ("gold_words", "predicted_words", "correct_words")
    assert [scored[k] for k in keys] == [compared[k] for k in keys] == [6, 2, 0]


# 6. output folders are made

def test_segment_makes_the_output_folder(fake_segmenters: None, tmp_path: Path) -> None:
    """Regression: -o 'seg/{segmenter}.txt' failed (exit 4) when seg/ did not exist, and
    one -s wrote a file named '{segmenter}.txt'."""
    raw = write(tmp_path / "raw.txt", "中国人民\n")
    pattern = str(tmp_path / "seg" / "deeper" / "{segmenter}.txt")
    assert main(["segment", "-s", "chars", str(raw), "-o", pattern, "--no-cache", "-q"]) == \
        Exit.OK
    assert (tmp_path / "seg" / "deeper" / "chars.txt").read_text(encoding="utf-8") == \
        "中 国 人 民\n"
    assert main(["segment", "-s", "chars", "-s", "two=chars", str(raw), "-o",
                 str(tmp_path / "more" / "{segmenter}.txt"), "--no-cache", "-q"]) == Exit.OK
    assert sorted(p.name for p in (tmp_path / "more").iterdir()) == ["chars.txt", "two.txt"]


def test_segment_output_folder_that_cannot_be_made_fails_before_segmenting(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    raw = write(tmp_path / "raw.txt", "中国人民\n")
    blocker = write(tmp_path / "file", "")
    assert main(["segment", "-s", "crasher", str(raw), "-o", str(blocker / "out.txt"),
                 "--no-cache", "-q"]) == Exit.CANNOT_WRITE
    line = error_line(capfd.readouterr().err)
    assert "cannot write results there" in line and "choose another -o/--output" in line
    assert "crasher" not in line  # refused before the segmenter ran


# 2. a UTF-8 raw text beside a legacy-encoded gold

GOLD = "中国 人民\n银行 好\n"
RAW = "中国人民\n银行好\n"


@pytest.mark.parametrize("raw_encoding", ["utf-8", "gbk"])
def test_score_raw_is_utf8_when_it_decodes_else_the_golds_encoding(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, raw_encoding: str) -> None:
    gold = write(tmp_path / "gold.txt", GOLD, "gbk")
    raw = write(tmp_path / "raw.txt", RAW, raw_encoding)
    pred = write(tmp_path / "pred.txt", "中国 人 民\n银行 好\n")
    assert main(["score", "--encoding", "gbk", str(gold), str(pred), "--raw", str(raw),
                 "--json"]) == Exit.OK
    counts = json.loads(capsys.readouterr().out)["results"][0]["counts"]
    assert [counts[k] for k in ("gold_words", "predicted_words", "correct_words")] == [4, 5, 3]


@pytest.mark.parametrize("raw_encoding", ["utf-8", "gbk"])
def test_compare_raw_is_utf8_when_it_decodes_else_the_golds_encoding(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path,
        raw_encoding: str) -> None:
    gold = write(tmp_path / "gold.txt", GOLD, "gbk")
    raw = write(tmp_path / "raw.txt", RAW, raw_encoding)
    assert main(["compare", "--encoding", "gbk", "--gold", str(gold), "--raw", str(raw),
                 "-s", "chars", "--no-save", "--no-cache", "-q", "--json"]) == Exit.OK
    counts = json.loads(capsys.readouterr().out)["results"][0]["counts"]
    assert [counts[k] for k in ("gold_words", "predicted_words", "correct_words")] == [4, 7, 1]


# 3. messages name no wrong role, and tell empty from blank

@pytest.mark.parametrize(("content", "expected"), [
    ("", "is empty; it needs at least one word"),
    ("\n  \n\u3000\n", "holds only blank lines and whitespace; it needs at least one word"),
    (None, "is a directory; name a file"),
])
def test_unusable_prediction_messages_name_no_gold(
        capfd: pytest.CaptureFixture[str], tmp_path: Path, content: str | None,
        expected: str) -> None:
    gold = write(tmp_path / "gold.txt", GOLD)
    pred = tmp_path / "pred"
    if content is None:
        pred.mkdir()
    else:
        write(pred, content)
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED
    assert error_line(capfd.readouterr().err) == f"evalkit: error: {pred}: {expected}"


def test_blank_gold_is_told_from_an_empty_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty;"):
        read_corpus(write(tmp_path / "a.txt", ""))
    with pytest.raises(InputError, match="holds only blank lines and whitespace;"):
        read_corpus(write(tmp_path / "b.txt", "\n\r\n \n"))


# 4. a unit-count refusal says where the files part ways

FIFTY = [f"第{n} 行 文字" for n in range(1, 51)]


@pytest.mark.parametrize("sighan", [False, True])
def test_missing_line_is_located(capfd: pytest.CaptureFixture[str], tmp_path: Path,
                                 sighan: bool) -> None:
    gold = write(tmp_path / "gold.txt", "".join(line + "\n" for line in FIFTY))
    pred = write(tmp_path / "pred.txt",
                 "".join(line + "\n" for n, line in enumerate(FIFTY, 1) if n != 20))
    assert main(["score", str(gold), str(pred), *(["--sighan"] if sighan else [])]) == \
        Exit.SEGMENTER_FAILED
    line = error_line(capfd.readouterr().err)
    assert line.endswith(f"has 49 units but the gold {gold} has 50; gold and prediction must "
                         "have one unit (line or sentence) each, in the same order; the first "
                         "unit whose text differs is unit 20 (gold line 20 holds "
                         "'第20行文字', the prediction's line 20 '第21行文字')")


def test_a_missing_sentence_is_located_by_line_in_bakeoff_mode_too(
        capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--sighan reads CoNLL-U through evalkit's reader: a unit is a sentence, and the
    message names the line it starts on, as the default mode does."""
    def sentence(words: str) -> str:
        rows = [f"{n}\t{w}\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No"
                for n, w in enumerate(words.split(), 1)]
        return "\n".join(rows) + "\n\n"

    gold = write(tmp_path / "gold.conllu", sentence("中国 人民") + sentence("银行 很 好"))
    pred = write(tmp_path / "pred.conllu", sentence("中国人民"))
    for sighan in ([], ["--sighan"]):
        assert main(["score", *sighan, str(gold), str(pred)]) == Exit.SEGMENTER_FAILED
        assert error_line(capfd.readouterr().err).endswith(
            "the prediction ends before gold line 4 ('银行很好')")


def test_extra_and_missing_last_lines_are_located(capfd: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    gold = write(tmp_path / "gold.txt", "中国 人民\n银行 好\n")
    longer = write(tmp_path / "longer.txt", "中国 人民\n银行 好\n" + "长" * 30 + "\n")
    shorter = write(tmp_path / "shorter.txt", "中国 人民\n")
    assert main(["score", str(gold), str(longer)]) == Exit.SEGMENTER_FAILED
    assert error_line(capfd.readouterr().err).endswith(
        "the prediction goes on after the gold's last unit, from the prediction's line 3 ('"
        + "长" * 20 + "…')")
    assert main(["score", str(gold), str(shorter)]) == Exit.SEGMENTER_FAILED
    assert error_line(capfd.readouterr().err).endswith(
        "the prediction ends before gold line 2 ('银行好')")


# 5. --ci before the files

@pytest.mark.parametrize("command", [["score", "--ci", "gold.txt", "pred.txt"],
                                     ["compare", "--ci", "gold.txt"]])
def test_ci_swallowing_a_path_says_what_to_do(capfd: pytest.CaptureFixture[str],
                                               command: list[str]) -> None:
    assert main(command) == Exit.USAGE
    line = error_line(capfd.readouterr().err)
    assert "took 'gold.txt' as its LEVEL, which is not a number: put --ci after the files, " \
        "or give the level (--ci 95)" in line


# 7. report --view without CSV; the raw-format refusal lists every gold format

def test_report_view_needs_csv(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Regression: --view matrix without CSV output was silently ignored."""
    results = REPO / "reports" / "results.json"
    for extra in (["--view", "matrix"], ["--view", "rows", "-o", str(tmp_path / "r.md")]):
        assert main(["report", str(results), *extra]) == Exit.USAGE
        assert "--view arranges CSV output only" in error_line(capfd.readouterr().err)
    assert not (tmp_path / "r.md").exists()
    assert main(["report", str(results), "--view", "matrix", "--format", "csv"]) == Exit.OK


def test_raw_format_refusal_lists_every_gold_format(capfd: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    gold = write(tmp_path / "gold.txt", GOLD)
    assert main(["score", "--format-in", "raw", str(gold), str(gold)]) == Exit.USAGE
    line = error_line(capfd.readouterr().err)
    listed = line.split("a gold file is ")[1].split(" (")[0]
    assert listed.replace(" or ", ", ").split(", ") == \
        [name for name in INPUT_FORMATS if name != "raw"]
