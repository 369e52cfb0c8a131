"""A results document (or baseline) whose packed blocks are damaged is refused with
one line naming the row or corpus the block belongs to, the field, and what to do.

Each test damages one packed block of a document evalkit really wrote (compare on
a small gold with two prediction files, in a temporary folder).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evalkit.cli import Exit, main

GOLD = "我们 是 朋友\n今天 天气 很 好\n"
PREDICTIONS = {"one": "我们 是朋友\n今天 天气 很好\n", "two": "我们是 朋友\n今天天气 很 好\n"}
DAMAGED = "the file is damaged: re-run the command that wrote it"


@pytest.fixture()
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """results.json and a baseline of one gold and two prediction files, as written."""
    monkeypatch.chdir(tmp_path)
    Path("gold.txt").write_text(GOLD, encoding="utf-8")
    specs = []
    for name, text in PREDICTIONS.items():
        Path(f"{name}.txt").write_text(text, encoding="utf-8")
        specs += ["-s", f"{name}=file:{name}.txt"]
    assert main(["compare", "--gold", "gold.txt", *specs, "--out", "out",
                 "--save-baseline", "baseline.json", "-q"]) == 0
    capsys.readouterr()
    document: dict[str, Any] = json.loads(Path("out/results.json").read_text("utf-8"))
    assert [(r["corpus"], r["segmenter"]) for r in document["results"]] == \
        [("gold", "one"), ("gold", "two")]
    return document


def truncate(packed: dict[str, Any]) -> None:
    """Cut the end off a packed field's LZMA stream, as a damaged copy would."""
    packed["lzma"] = packed["lzma"][:-10]


def one_error_line(capsys: pytest.CaptureFixture[str], argv: list[str], status: int) -> str:
    assert main(argv) == status
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


ROW_FIELDS: list[tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = [
    ("per_unit.packed", lambda row: row["per_unit"]["packed"]),
    ("per_sentence.packed", lambda row: row["per_sentence"]["packed"]),
    ("cuts.differing_gaps", lambda row: row["cuts"]["differing_gaps"]),
    ("cuts.boundary_gaps", lambda row: row["cuts"]["boundary_gaps"]["values"]),
]


@pytest.mark.parametrize(("field", "block"), ROW_FIELDS, ids=[f for f, _ in ROW_FIELDS])
def test_report_names_the_row_and_field_of_a_damaged_block(
        written: dict[str, Any], capsys: pytest.CaptureFixture[str], field: str,
        block: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    truncate(block(written["results"][1]))
    Path("damaged.json").write_text(json.dumps(written), encoding="utf-8")
    line = one_error_line(capsys, ["report", "damaged.json", "--format", "md"],
                          Exit.BAD_INPUT)
    assert line.startswith("evalkit: error: damaged.json: row gold × two (results[1]): "
                           f"{field}: "), line
    assert "does not decode" in line and line.endswith(
        f"{DAMAGED} (evalkit compare, or compare --save-baseline for a baseline)")


def test_a_damaged_block_a_corpus_shares_names_the_corpus(
        written: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    truncate(written["corpora"][0]["text"])
    Path("damaged.json").write_text(json.dumps(written), encoding="utf-8")
    line = one_error_line(capsys, ["report", "damaged.json"], Exit.BAD_INPUT)
    assert "damaged.json: corpus gold (corpora[0]): text: a packed field does not " \
           "decode" in line and DAMAGED in line


def test_a_damaged_shared_column_names_the_row_reading_it(
        written: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    shared = written["corpora"][0]["counts"]["shared"]["per_unit"]
    truncate(shared["gold_words"])
    Path("damaged.json").write_text(json.dumps(written), encoding="utf-8")
    line = one_error_line(capsys, ["report", "damaged.json"], Exit.BAD_INPUT)
    assert "row gold × one (results[0]): the corpus's shared per_unit column gold_words: " \
           "a packed field does not decode" in line


def test_a_damaged_baseline_names_the_row_and_how_to_re_record_it(
        written: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    baseline = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    truncate(baseline["results"][1]["per_unit"]["packed"])
    Path("baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    line = one_error_line(capsys, ["check", "--baseline", "baseline.json"], Exit.BAD_INPUT)
    assert line.startswith("evalkit: error: baseline.json: row gold × two (results[1]): "
                           "per_unit.packed: a packed field does not decode"), line
    assert line.endswith("the baseline is damaged: re-record it with 'evalkit compare "
                         "--save-baseline FILE'")
