"""What identifies a figure: the raw text segmenters were given, a prediction file's
digest (never its path), and a registered corpus given by name and by path once.

Regressions from a user review: the CITYU row with and without --raw (30042 against
30108 correct words) had byte-identical signatures; a ``file:`` spec put its path in
the signature; ``score`` refused a prediction of the MSR raw text that ``compare``
scored; and ``--gold NAME --gold STORE-PATH`` scored PKU twice.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from evalkit.cli import Exit, main
from evalkit.datasets import DataFile, Dataset, FetchOptions, Registry
from evalkit.datasets import catalogue as catalogue_module
from evalkit.sources import read_sources
from tests import dataset_fixtures as fx

GOLD = "中国  人民\r\n北京  大学  生活\r\n"
RAW = "中国人民北京\r\n大学生活\r\n"
"""A registered corpus whose raw text breaks its lines elsewhere (as MSR's does)."""

MOVED = {"gold": ("gold/moved_gold.utf8", GOLD.encode(), "whitespace"),
         "raw": ("testing/moved_test.utf8", RAW.encode(), "raw")}


def _moved_files(base: str = fx.CANONICAL) -> tuple[DataFile, ...]:
    return tuple(DataFile(role, f"{base}/owner/repo/{fx.COMMIT}/{path}", len(content),
                          hashlib.sha256(content).hexdigest(), fmt)
                 for role, (path, content, fmt) in MOVED.items())


@pytest.fixture
def registered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture registry plus ``fixture/moved``, an empty store and a file mirror."""
    moved = Dataset(name="fixture/moved", description="raw lines broken elsewhere",
                    homepage=fx.CANONICAL, licence="fixture", terms="FIXTURE TERMS",
                    citation="@misc{moved}", script="simplified", domain="tests",
                    sentences=2, words=5, files=_moved_files())
    mirror = fx.write_mirror(tmp_path / "mirror")
    for path, content, _ in MOVED.values():
        target = mirror / "owner" / "repo" / fx.COMMIT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    fixtures = fx.registry()
    monkeypatch.setattr(catalogue_module, "REGISTRY", Registry(
        {**fixtures.datasets, "fixture/moved": moved}, {"fixture": fixtures.suites["fixture"]}))
    monkeypatch.setenv("EVALKIT_DATA", str(tmp_path / "store"))
    monkeypatch.setenv("EVALKIT_MIRROR", mirror.as_uri())
    monkeypatch.delenv("EVALKIT_OFFLINE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _store(root: Path, path: str) -> Path:
    return root / "store" / "owner" / "repo" / fx.COMMIT / path


def _json(capsys: pytest.CaptureFixture[str], args: list[str], status: int = Exit.OK
          ) -> dict[str, Any]:
    assert main([*args, "--json"]) == status
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def _three_files(folder: Path, gold: str, raw: str, pred: str) -> tuple[Path, Path, Path]:
    """A gold, its raw text and a prediction, written as g.txt, r.txt and p.txt."""
    paths = folder / "g.txt", folder / "r.txt", folder / "p.txt"
    for path, text in zip(paths, (gold, raw, pred), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


# 1. The signature says which raw text segmenters were given; a file is its digest.

def test_the_signature_records_the_raw_text_a_corpus_was_segmented_from(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, raw, pred = _three_files(tmp_path, "中国  人民\n北京  大学\n", "中国人民\n北京大学\n",
                                   "中国 人民\n北京大学\n")
    common = ["compare", "--gold", str(gold), "-s", f"x=file:{pred}", "--no-save", "--no-cache"]
    plain = _json(capsys, common)["signature"]
    given = _json(capsys, [*common, "--raw", str(raw)])["signature"]
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()[:16]
    assert "|raw:" not in plain  # unchanged without raw text
    assert given == plain.replace("|systems:", f"|raw:{digest}|systems:")
    other = tmp_path / "r2.txt"
    other.write_text("中国人民\r\n北京大学\r\n", encoding="utf-8")  # the same text, other bytes
    assert _json(capsys, [*common, "--raw", str(other)])["signature"] != given


def test_compare_sighan_records_the_raw_text_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, raw, pred = _three_files(tmp_path, "中国  人民\n", "中国人民\n", "中国 人民\n")
    common = ["compare", "--sighan", "--gold", str(gold), "-s", f"x=file:{pred}", "--no-cache"]
    assert main(common) == Exit.OK
    plain = capsys.readouterr().out
    assert main([*common, "--raw", str(raw)]) == Exit.OK
    given = capsys.readouterr().out
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()[:16]
    assert "|raw:" not in plain and f"|raw:{digest}|systems:x=" in given


def test_several_raw_texts_give_one_digest_over_names_and_digests() -> None:
    from evalkit.results import raw_digest

    one = raw_digest([("pku", "a" * 64)])
    both = raw_digest([("pku", "a" * 64), ("msr", "b" * 64)])
    assert raw_digest([]) is None and one == "a" * 16
    assert both is not None and both.startswith("per-corpus-") and len(both) == 27
    assert both != raw_digest([("pku", "a" * 64), ("msr", "c" * 64)])
    assert both != raw_digest([("pku", "a" * 64), ("as", "b" * 64)])


def test_a_prediction_file_is_its_digest_not_its_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "g.txt"
    gold.write_text("中国  人民\n", encoding="utf-8")
    signatures = []
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        pred = tmp_path / folder / "p.txt"
        pred.write_text("中国 人民\n", encoding="utf-8")
        document = _json(capsys, ["compare", "--gold", str(gold), "-s", f"x=file:{pred}",
                                  "--no-save", "--no-cache"])
        signature = document["signature"]
        assert str(tmp_path) not in signature
        signatures.append(signature)
    digest = hashlib.sha256("中国 人民\n".encode()).hexdigest()[:16]
    assert signatures[0] == signatures[1]
    assert signatures[0].endswith(f"|systems:x={digest}[]")


# 2. score takes a prediction of a registered corpus's raw text as compare does.

def test_score_scores_a_prediction_of_the_registered_raw_text_against_it(
        registered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (registered / "pred.txt").write_text("中国人民 北京\n大学 生活\n", encoding="utf-8")
    assert main(["score", "fixture/moved", "pred.txt", "--json"]) == Exit.OK
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    raw = _store(registered, "testing/moved_test.utf8")
    assert document["results"][0]["counts"]["correct_words"] == 3
    assert document["results"][0]["counts"]["predicted_words"] == 4
    assert f"pred.txt: a segmentation of fixture/moved's raw text {raw}" in captured.err
    digest = hashlib.sha256(RAW.encode()).hexdigest()[:16]
    assert f"|raw:{digest}|" in document["signature"]
    assert main(["score", "fixture/moved", "pred.txt", "--raw", str(raw), "--json"]) == 0
    explicit = json.loads(capsys.readouterr().out)  # --raw works as before: same figures
    assert explicit["results"][0]["counts"] == document["results"][0]["counts"]
    assert explicit["signature"] == document["signature"]
    assert main(["score", "fixture/moved", "pred.txt", "--details"]) == Exit.USAGE
    assert "raw text" in capsys.readouterr().err


def test_score_of_the_gold_text_stays_as_it_was(
        registered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (registered / "pred.txt").write_text("中国 人民\n北京 大学生活\n", encoding="utf-8")
    document = _json(capsys, ["score", "fixture/moved", "pred.txt"])
    assert "|raw:" not in document["signature"]
    assert document["results"][0]["counts"]["correct_words"] == 3


def test_a_prediction_of_neither_text_names_the_raw_text_and_raw_option(
        registered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (registered / "pred.txt").write_text("中国 人们\n北京 大学 生活\n", encoding="utf-8")
    assert main(["score", "fixture/moved", "pred.txt"]) == Exit.SEGMENTER_FAILED
    [error] = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert error.startswith("evalkit: error: pred.txt:1:")
    assert str(_store(registered, "testing/moved_test.utf8")) in error
    assert "nor does it reproduce the raw text fixture/moved ships" in error
    assert "--raw FILE" in error


# 3. A registered corpus given by name and by the path of its gold file is one corpus.

def test_a_registered_gold_by_name_and_by_path_is_one_corpus(
        registered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    heard: list[str] = []
    fetch = FetchOptions(registered / "store", (registered / "mirror").as_uri(), False,
                         note=heard.append, terms=heard.append)
    read_sources(["fixture/tiny"], fetch=fetch)  # puts the corpus in the store
    stored = _store(registered, "gold/tiny_gold.utf8")
    copy = registered / "copy.utf8"
    shutil.copyfile(stored, copy)
    loaded = read_sources([str(copy), "fixture/tiny", str(stored)], fetch=fetch)
    assert [source.gold.name for source in loaded] == ["fixture/tiny"]
    assert loaded[0].raw is not None and loaded[0].lexicon is not None
    assert sum("registered corpus fixture/tiny" in message for message in heard) == 2
    other = registered / "other.utf8"  # another file of the same size is its own corpus
    other.write_bytes(stored.read_bytes().replace("人民".encode(), "人们".encode()))
    assert [s.gold.name for s in read_sources(["fixture/tiny", str(other)], fetch=fetch)] \
        == ["fixture/tiny", "other"]
    document = _json(capsys, ["compare", "--gold", "fixture/tiny", "--gold", str(stored),
                              "-s", "x=file:copy.utf8", "--no-save", "--no-cache"])
    assert [c["name"] for c in document["corpora"]] == ["fixture/tiny"]


def test_a_registered_gold_by_path_with_other_raw_text_is_refused(
        registered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fetch = FetchOptions(registered / "store", (registered / "mirror").as_uri(), False)
    read_sources(["fixture/tiny"], fetch=fetch)
    stored = _store(registered, "gold/tiny_gold.utf8")
    raw = registered / "mine.txt"
    raw.write_text("中国人民\n北京大学生活\n", encoding="utf-8")
    assert main(["compare", "--gold", "fixture/tiny", "--gold", str(stored), "--raw", "",
                 "--raw", str(raw), "-s", "x=file:copy.utf8", "--no-save"]) == Exit.USAGE
    assert "is the gold file of the registered corpus fixture/tiny" in capsys.readouterr().err
