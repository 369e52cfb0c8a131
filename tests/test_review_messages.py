"""Findings of the user review on messages that said something untrue: `report` on a
bakeoff-mode document, `datasets echo/show` on a file, a GBK --raw text whose hint
led to a loop, and registered names given where they were not taken (segment's
input now takes them; --train says it takes a file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.datasets import catalogue
from tests import dataset_fixtures as fx


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def gold_and_pred(tmp_path: Path) -> tuple[Path, Path]:
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("中国 人民\n很 好\n", encoding="utf-8")
    pred.write_text("中国人民\n很 好\n", encoding="utf-8")
    return gold, pred


def test_report_says_what_a_score_sighan_document_is(
        gold_and_pred: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "sighan.json"
    assert main(["score", "--sighan", *map(str, gold_and_pred), "--json"]) == Exit.OK
    document.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["report", str(document)]) == Exit.BAD_INPUT
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"evalkit: error: {document}: a bakeoff-mode result (written by "
                           "'evalkit score --sighan --json')")
    assert "schema" not in line and "the evalkit that wrote it" not in line
    assert "report renders exact-mode results documents, the results.json that 'evalkit " \
        "compare' writes without --sighan" in line


def test_report_says_what_a_compare_sighan_document_is(
        gold_and_pred: tuple[Path, Path], tmp_path: Path, fake_segmenters: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "bakeoff.json"
    assert main(["compare", "--gold", str(gold_and_pred[0]), "-s", "chars", "--sighan",
                 "--json", "--no-cache", "-q"]) == Exit.OK
    document.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["report", str(document), "-o", str(tmp_path / "r.md")]) == Exit.BAD_INPUT
    line = one_line(capsys.readouterr().err)
    assert "a bakeoff-mode result (written by 'evalkit compare --sighan --json')" in line
    assert not (tmp_path / "r.md").exists()


def test_report_on_json_that_is_no_document_is_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "list.json"
    document.write_text(json.dumps([1, 2]), encoding="utf-8")
    assert main(["report", str(document)]) == Exit.BAD_INPUT
    assert "not an evalkit results document" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize(("action", "advice"), [
    ("echo", "a file is already its own text"), ("show", "a file has no registry record"),
    ("download", "a file needs no download")])
def test_datasets_actions_on_a_file_say_they_take_names(
        action: str, advice: str, gold_and_pred: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    gold = str(gold_and_pred[0])
    assert main(["datasets", action, gold]) == Exit.USAGE
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"evalkit: error: {gold!r} is a file, and 'evalkit datasets "
                           f"{action}' takes a registered corpus name; {advice}")
    assert "neither an existing file" not in line


def test_datasets_unknown_name_does_not_offer_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets", "echo", "sighan2005/pkux"]) == Exit.USAGE
    line = one_line(capsys.readouterr().err)
    assert "'sighan2005/pkux' is not a registered corpus or suite name; closest: " \
        "sighan2005/pku" in line


@pytest.fixture
def gbk_raw(tmp_path: Path) -> tuple[str, str, str]:
    gold, pred, raw = tmp_path / "g.txt", tmp_path / "p.txt", tmp_path / "raw.txt"
    gold.write_text("中国 人民\n很 好\n", encoding="utf-8")
    pred.write_text("中国 人民\n很 好\n", encoding="utf-8")
    raw.write_bytes("中国人民\n很好\n".encode("gbk"))
    return str(gold), str(pred), str(raw)


def test_a_gbk_raw_text_with_a_utf8_gold_is_named_by_its_own_option(
        gbk_raw: tuple[str, str, str], fake_segmenters: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The hint named --encoding (the gold's), which then broke the gold: a loop."""
    gold, pred, raw = gbk_raw
    assert main(["score", gold, pred, "--raw", raw]) == Exit.BAD_INPUT
    line = one_line(capsys.readouterr().err)
    assert line.endswith("the file decodes as gb18030 or gbk: pass --raw-encoding gb18030")
    assert main(["score", gold, pred, "--raw", raw, "--raw-encoding", "gb18030",
                 "--json"]) == Exit.OK
    assert json.loads(capsys.readouterr().out)["results"][0]["counts"]["correct_words"] == 4
    compare = ["compare", "--gold", gold, "--raw", raw, "-s", "chars", "--no-save",
               "--no-cache", "-q"]
    assert main(compare) == Exit.BAD_INPUT
    assert "pass --raw-encoding gb18030" in one_line(capsys.readouterr().err)
    assert main([*compare, "--raw-encoding", "gbk"]) == Exit.OK


@pytest.mark.parametrize("command", ["score", "compare"])
def test_raw_encoding_without_raw_is_refused(
        command: str, gbk_raw: tuple[str, str, str],
        capsys: pytest.CaptureFixture[str]) -> None:
    gold, pred, _ = gbk_raw
    args = [command, gold, pred] if command == "score" else [command, "--gold", gold]
    assert main([*args, "--raw-encoding", "gbk"]) == Exit.USAGE
    assert "no --raw is given: drop --raw-encoding" in one_line(capsys.readouterr().err)


@pytest.fixture
def fixture_corpora(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture registry, served from a file:// mirror into an empty store."""
    mirror = fx.write_mirror(tmp_path / "mirror")
    monkeypatch.setattr(catalogue, "REGISTRY", fx.registry())
    monkeypatch.setenv("EVALKIT_MIRROR", mirror.as_uri())
    monkeypatch.setenv("EVALKIT_DATA", str(tmp_path / "store"))
    monkeypatch.setenv("EVALKIT_OFFLINE", "0")


def test_segment_takes_a_registered_name(fixture_corpora: None, fake_segmenters: None,
                                         tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Its raw text is segmented, as `datasets echo NAME --role raw | segment` would."""
    assert main(["segment", "-s", "chars", "fixture/tiny", "--no-cache", "-q"]) == Exit.OK
    assert capsys.readouterr().out == "中 国 人 民\n北 京 大 学 生 活\n"
    assert main(["segment", "-s", "chars", "fixture", "--no-cache", "-q"]) == Exit.USAGE
    assert "'fixture' is a suite of 2 corpora, and segment writes one text; segment one " \
        "of them (fixture/tiny, fixture/other)" in one_line(capsys.readouterr().err)
    assert main(["segment", "-s", "chars", "fixture/tiyn", "--no-cache", "-q"]) == Exit.USAGE
    assert "'fixture/tiyn' is neither an existing file nor a registered corpus; closest: " \
        "fixture/tiny" in one_line(capsys.readouterr().err)


def test_train_given_a_name_says_it_takes_a_file(
        fixture_corpora: None, gold_and_pred: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", *map(str, gold_and_pred), "--train", "fixture/tiny"]) == \
        Exit.BAD_INPUT
    line = one_line(capsys.readouterr().err)
    assert line == ("evalkit: error: fixture/tiny: no such file; 'fixture/tiny' is a "
                    "registered corpus name, and this place takes a file: 'evalkit datasets "
                    "download fixture/tiny' fetches it and prints the paths of its files "
                    "(gold, raw, lexicon)")
