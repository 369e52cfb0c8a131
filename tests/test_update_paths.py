"""``evalkit check --update`` run from another folder keeps the paths the baseline
stored (relative to the folder compare ran in) wherever they still lead to the same
files, so the rewritten baseline works from the folders the old one did."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evalkit.cli import Exit, main

GOLDS = {"a": "中国 人民\n北京 大学\n", "b": "今天 天气 很 好\n"}


def stored_paths(baseline: Path) -> list[Any]:
    """Every file path a baseline holds: each corpus's gold, raw text and word list,
    and the run's word list."""
    document = json.loads(baseline.read_text(encoding="utf-8"))
    paths: list[Any] = [(corpus["path"], (corpus.get("raw") or {}).get("path"),
                         (corpus.get("lexicon") or {}).get("path"))
                        for corpus in document["corpora"]]
    return [*paths, (document.get("lexicon") or {}).get("path")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            fake_segmenters: None) -> Path:
    """Two golds in data/, a raw text for one, a word list each; baselines/ beside."""
    data = tmp_path / "data"
    data.mkdir()
    for name, text in GOLDS.items():
        (data / f"{name}.txt").write_text(text, encoding="utf-8")
        words = {word for word in text.split()}
        (data / f"w{name}.txt").write_text("\n".join(sorted(words)[:2]) + "\n",
                                           encoding="utf-8")
    (data / "a_raw.txt").write_text("中国人民\n北京大学\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_update_from_another_folder_keeps_the_stored_paths(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--gold", "data/a.txt", "--gold", "data/b.txt",
                 "--raw", "data/a_raw.txt", "--raw", "", "--lexicon", "data/wa.txt",
                 "--lexicon", "data/wb.txt", "-s", "chars", "--save-baseline",
                 "baselines/dev.json", "--no-save", "-q"]) == Exit.OK
    baseline = project / "baselines" / "dev.json"
    recorded = stored_paths(baseline)
    assert recorded[:2] == [("data/a.txt", "data/a_raw.txt", "data/wa.txt"),
                            ("data/b.txt", None, "data/wb.txt")]
    monkeypatch.chdir(project / "elsewhere")  # data/... is found from the baseline's parent
    assert main(["check", "--baseline", str(baseline), "--update", "-q"]) == Exit.OK
    assert f"updated {baseline}" in capsys.readouterr().out
    assert stored_paths(baseline) == recorded
    monkeypatch.chdir(project)  # and the baseline still works where compare ran
    assert main(["check", "--baseline", "baselines/dev.json", "-q"]) == Exit.OK


def test_update_records_a_moved_gold_where_it_was_read(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A stored path that no longer leads to the file (--gold gives its new place) is
    replaced by the path it was read from; the run's word list keeps its stored path."""
    assert main(["compare", "--gold", "data/a.txt", "--lexicon", "data/wa.txt", "-s", "chars",
                 "--save-baseline", "baselines/dev.json", "--no-save", "-q"]) == Exit.OK
    (project / "moved").mkdir()
    (project / "data" / "a.txt").rename(project / "moved" / "a.txt")
    monkeypatch.chdir(project / "elsewhere")
    assert main(["check", "--baseline", "../baselines/dev.json", "--gold", "../moved/a.txt",
                 "--update", "-q"]) == Exit.OK
    capsys.readouterr()
    assert stored_paths(project / "baselines" / "dev.json") == [
        ("../moved/a.txt", None, "data/wa.txt"), "data/wa.txt"]


def baseline_specs(baseline: Path) -> tuple[list[str], list[dict[str, str]]]:
    document = json.loads(baseline.read_text(encoding="utf-8"))
    return document["specs"], [system["options"] for system in document["segmenters"]]


def test_a_check_from_another_folder_finds_the_files_the_specs_name(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A ``file:`` prediction and a dictionary option stored relative to the folder
    compare ran in are found from the baseline's folder's parent, as its golds are;
    --update keeps them as stored; a file found nowhere says where it was looked for."""
    (project / "data" / "pred.txt").write_text("中国人民\n北京 大学\n", encoding="utf-8")
    (project / "data" / "dict.txt").write_text("人民\n", encoding="utf-8")
    assert main(["compare", "--gold", "data/a.txt", "-s", "mine=file:data/pred.txt",
                 "-s", "dictionary:user_dict=data/dict.txt", "--save-baseline",
                 "baselines/dev.json", "--no-save", "-q"]) == Exit.OK
    baseline = project / "baselines" / "dev.json"
    recorded = baseline_specs(baseline)
    assert recorded[0] == ["mine=file:data/pred.txt", "dictionary:user_dict=data/dict.txt"]
    monkeypatch.chdir(project / "elsewhere")
    assert main(["check", "--baseline", str(baseline), "-q"]) == Exit.OK
    capsys.readouterr()
    assert main(["check", "--baseline", str(baseline), "--update", "-q"]) == Exit.OK
    assert baseline_specs(baseline) == recorded
    monkeypatch.chdir(project)
    assert main(["check", "--baseline", str(baseline), "-q"]) == Exit.OK
    (project / "data" / "pred.txt").unlink()
    monkeypatch.chdir(project / "elsewhere")
    capsys.readouterr()
    assert main(["check", "--baseline", str(baseline), "-q"]) == Exit.BAD_INPUT
    error = capsys.readouterr().err
    assert "data/pred.txt: the prediction file of mine, as stored in the baseline" in error
