"""`--details` and `--normalize`: what disagrees, and declared text folding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.normalize import fold_width, nfkc
from evalkit.report.details import unit_diff


def test_unit_diff_brackets_change_blocks_on_both_lines() -> None:
    diff = unit_diff(["中国", "人民", "银行", " ", "好"], ["中国", "人", "民银", "行", "好"])
    assert diff.gold == "中国 [人民 银行] 好"
    assert diff.predicted == "中国 [人 民银 行] 好"
    assert diff.missed == ["人民", "银行"] and diff.spurious == ["人", "民银", "行"]


def test_details_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("中国 人民 银行\n北京 大学\n人民 好\n", encoding="utf-8")
    pred.write_text("中国 人 民 银行\n北京 大学\n人 民 好\n", encoding="utf-8")
    assert main(["score", str(gold), str(pred), "--details"]) == 0
    out = capsys.readouterr().out
    assert "unit 1 (line 1): gold 3, predicted 4, correct 2; ins 1, del 0, sub 1; gold " \
           "split/merged/crossing 1/0/0; predicted split/merged/crossing 0/2/0" in out
    assert "  gold: 中国 [人民] 银行\n  pred: 中国 [人 民] 银行\n" in out
    assert "unit 2" not in out and "1 of 3 units agree fully (not shown)." in out
    missed = out.split("most frequent missed gold words (top 20)")[1]
    assert missed.splitlines()[3].split() == ["人民", "2"]
    assert main(["score", str(gold), str(pred), "--details", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["details"]["missed"] == [["人民", 2]]
    assert sorted(document["details"]["spurious"]) == [["人", 2], ["民", 2]]


def test_fold_width_only_touches_full_width_ascii_forms() -> None:
    assert fold_width("ＡＢＣ１２３，！（）") == "ABC123,!()"
    assert fold_width("中国\u3000。") == "中国\u3000。"
    assert nfkc("ＡＢ㍿") == "AB株式会社"


def test_normalize_makes_width_differences_score(capfd: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("ＮＢＡ 比赛 １２３\n", encoding="utf-8")
    pred.write_text("NBA 比赛 123\n", encoding="utf-8")
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED  # text differs
    capfd.readouterr()
    assert main(["score", str(gold), str(pred), "--normalize", "width", "--json"]) == 0
    document = json.loads(capfd.readouterr().out)
    assert document["results"][0]["word"]["f1"] == 1.0
    assert document["settings"]["normalisation"] == "width"
    assert "|norm:width|" in document["signature"]
    assert main(["score", "--sighan", str(gold), str(pred), "--normalize", "nfkc"]) == 0
    out = capfd.readouterr().out
    assert "=== F MEASURE:\t1.000" in out and "|norm:nfkc|" in out
