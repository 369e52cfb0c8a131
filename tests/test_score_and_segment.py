"""`evalkit score`, `evalkit segment` and the OOV/IV figures of a lexicon."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evalkit.cli import Exit, main
from evalkit.errors import InputError
from evalkit.lexicon import read_training_corpus, read_word_list
from evalkit.metrics import Vocabulary, total, unit_counts
from tests.conftest import SEED


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_oov_counts_by_hand() -> None:
    """Gold 中国|人民|银行 with lexicon {中国}: 人民 and 银行 are OOV; 银行 is found."""
    row = unit_counts(["中国", "人民", "银行"], ["中", "国", "人民", "银行"], frozenset({"中国"}))
    assert row[6:8] == (2, 2)
    row = unit_counts(["中国", "人民", "银行"], ["中国", "人", "民", "银行"], frozenset({"中国"}))
    assert row[6:8] == (2, 1)


def count_row(*values: int) -> np.ndarray:
    """One per-unit row whose first columns are ``values`` (in COUNT_COLUMNS order),
    the others zero: total() takes whole rows only."""
    from evalkit.metrics import COUNT_COLUMNS

    row = np.zeros((1, len(COUNT_COLUMNS)), dtype=np.int64)
    row[0, :len(values)] = values
    return row


def test_vocabulary_figures() -> None:
    counts = total(count_row(10, 9, 7, 9, 8, 7, 4, 1))
    assert counts.vocabulary() == Vocabulary(0.4, 0.25, 1.0)
    assert total(count_row(3, 3, 3, 2, 2, 2, 0, 0)).vocabulary() == Vocabulary(0.0, None, 1.0)


def test_total_refuses_rows_of_another_width() -> None:
    with pytest.raises(ValueError):
        total(np.array([[10, 9, 7, 9, 8, 7, 4, 1]]))


def test_word_list_strips_and_skips_blank_lines(tmp_path: Path) -> None:
    lexicon = read_word_list(write(tmp_path / "w.txt", " 中国 \n\n人民\r\n"))
    assert lexicon.words == {"中国", "人民"} and lexicon.kind == "lexicon"


@pytest.mark.parametrize(("name", "text", "message"), [
    ("gold.utf8", "中国 人民 银行\n我们 好\n很 好\n", "looks segmented"),
    ("words.txt", "1\t中国\t中国\tPROPN\tNNP\t_\t0\troot\t_\t_\n", "is CoNLL-U"),
    ("words.conllu", "中国\n人民\n", "is CoNLL-U"),
    ("words.txt", "", "holds no words"),
    ("words.txt", "\n  \n\u3000\n", "holds no words"),
])
def test_word_list_refuses_files_that_are_not_word_lists(
        tmp_path: Path, name: str, text: str, message: str) -> None:
    """A corpus given as --lexicon made every line one "word" (OOV near 1.000)."""
    path = write(tmp_path / name, text)
    with pytest.raises(InputError) as caught:
        read_word_list(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    if message != "holds no words":
        assert f"use --train {path}" in str(caught.value)


def test_lexicon_that_is_a_corpus_fails_the_command(tmp_path: Path,
                                                    capfd: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "gold.txt", "中国 人民\n我们 好\n")
    assert main(["compare", "--gold", str(gold), "--lexicon", str(gold), "-s", "jieba",
                 "--no-save", "-q"]) == 3
    err = capfd.readouterr().err
    assert "looks segmented" in err and "Traceback" not in err


def test_training_corpus_words(tmp_path: Path) -> None:
    lexicon = read_training_corpus(write(tmp_path / "t.txt", "中国 人民\n北京 中国\n"))
    assert lexicon.words == {"中国", "人民", "北京"} and lexicon.kind == "train"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    gold = write(tmp_path / "gold.txt", "中国 人民 银行\n\n北京 大学\n")
    pred = write(tmp_path / "pred.txt", "中国 人 民 银行\n\n北京大学\n")
    return gold, pred


def test_score_table(capsys: pytest.CaptureFixture[str], pair: tuple[Path, Path]) -> None:
    gold, pred = pair
    assert main(["score", str(gold), str(pred), "--format", "plain"]) == 0
    out = capsys.readouterr().out
    row = out.splitlines()[1].split()
    # 5 gold words, 5 predicted, 2 correct (中国, 银行); boundaries: gold {2,4} {2},
    # predicted {2,3,4} {}, so 2 of 3 on each side
    assert row == ["gold", "pred", "5", "5", "2", "0.400", "0.400", "0.400", "0.667"]
    assert "mode: exact span scoring" in out
    assert "chars/s" not in out and "OOV" not in out


def test_score_with_lexicon_json(capsys: pytest.CaptureFixture[str], pair: tuple[Path, Path],
                                 tmp_path: Path) -> None:
    gold, pred = pair
    words = write(tmp_path / "words.txt", "中国\n北京\n大学\n")
    assert main(["score", str(gold), str(pred), "--lexicon", str(words), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    vocabulary = document["results"][0]["vocabulary"]
    # OOV gold words: 人民 (missed), 银行 (found)
    assert vocabulary == {"oov_rate": 0.4, "oov_recall": 0.5, "iv_recall": pytest.approx(1 / 3)}
    assert document["lexicon"]["words"] == 3
    assert "lexicon:" + document["lexicon"]["sha256"][:16] in document["signature"]


def test_score_unit_count_mismatch(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gold = write(tmp_path / "gold.txt", "中国 人民\n北京\n")
    pred = write(tmp_path / "pred.txt", "中国 人民\n")
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED  # the prediction's fault
    err = capfd.readouterr().err
    assert err.count("\n") == 1
    assert f"{pred}: has 1 units but the gold {gold} has 2" in err


def test_score_text_mismatch_names_prediction_line(capfd: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    gold = write(tmp_path / "gold.txt", "中国 人民\n北京 大学\n")
    pred = write(tmp_path / "pred.txt", "中国 人民\n北京 大 雪\n")
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED
    err = capfd.readouterr().err
    assert err.startswith(f"evalkit: error: {pred}:2: unit 2 (gold line 2): output differs "
                          "from the gold text at offset 3")


def test_segment_then_score_agrees_with_compare(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_segmenters: None) -> None:
    out = tmp_path / "pred.txt"
    assert main(["segment", "-s", "chars", str(SEED), "--format-in", "pipe", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["score", str(SEED), str(out), "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)["results"][0]["counts"]
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "--json", "--no-save"]) == 0
    compared = json.loads(capsys.readouterr().out)["results"][0]["counts"]
    assert scored == compared
    assert compared["predicted_words"] == 1655 - 27  # every non-space character


def test_segment_raw_text_and_pipe_output(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path, fake_segmenters: None) -> None:
    raw = write(tmp_path / "raw.txt", "中国 人\n\nab\n")
    assert main(["segment", "-s", "chars", str(raw), "--format-out", "pipe"]) == 0
    assert capsys.readouterr().out == "中|国| |人\n\na|b\n"


def test_segment_unknown_segmenter(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    raw = write(tmp_path / "raw.txt", "中国\n")
    assert main(["segment", "-s", "nosuch", str(raw)]) == Exit.USAGE
    assert "unknown segmenter 'nosuch'" in capfd.readouterr().err
