"""A file-valued option (a user dictionary, a model file) is in the signature by its
content, never its path.

Regression from a user review: ``-s jieba:user_dict=/tmp/x/merges.txt`` put the path
into the signature, so the same run from another folder got another signature while
a dictionary edited in place kept the old one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from evalkit.cache_entry import spec_key
from evalkit.cli import Exit, main
from evalkit.results import from_document
from evalkit.segmenters import resolve
from evalkit.segmenters.spec import parse_spec

DICTIONARY = "人民\n北京大学\n"
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "evalkit" / "schemas" /
                     "results.schema.json").read_text(encoding="utf-8"))


def _run(gold: Path, spec: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["compare", "--gold", str(gold), "-s", spec, "--no-save", "--no-cache",
                 "--json"]) == Exit.OK
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.txt"
    path.write_text("中国  人民\n北京大学  生活\n", encoding="utf-8")
    return path


@pytest.mark.usefixtures("fake_segmenters")
def test_the_same_dictionary_at_two_paths_gives_one_signature_without_a_path(
        tmp_path: Path, gold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signatures = []
    for folder in ("one", "two words"):
        (tmp_path / folder).mkdir()
        dictionary = tmp_path / folder / f"{folder}.txt"
        dictionary.write_text(DICTIONARY, encoding="utf-8")
        document = _run(gold, f"dictionary:user_dict={dictionary}", capsys)
        assert str(tmp_path) not in document["signature"]
        # the path stays in the document's system record, for people
        assert document["segmenters"][0]["options"] == {"user_dict": str(dictionary)}
        signatures.append(document["signature"])
    digest = hashlib.sha256(DICTIONARY.encode()).hexdigest()
    assert signatures[0] == signatures[1]
    # the row name of a spec without an alias is the spec, path and all: digest there too
    assert signatures[0].endswith(f"|systems:dictionary:user_dict={digest[:16]}"
                                  f"=0[user_dict={digest[:16]}]")


def test_an_aliased_row_and_a_paired_baseline_show_the_digest_too() -> None:
    from evalkit.results import SystemInfo, signature
    from evalkit.stats_records import StatsSettings

    digest = "ab" * 32
    for path in ("/tmp/x/merges.txt", "/home/me/dict.txt"):
        systems = [SystemInfo("a", "jieba", "0.42.1", {"user_dict": path}, 0.0,
                              files={"user_dict": digest}),
                   SystemInfo(f"jieba:user_dict={path}", "jieba", "0.42.1",
                              {"user_dict": path}, 0.0, files={"user_dict": digest})]
        stats = StatsSettings(0.95, True, "bootstrap", 1000, 1, "holm", 0.05, "f1",
                              f"jieba:user_dict={path}", "sentence")
        found = signature("exact", "none", None, systems, stats)
        assert path not in found
        assert found.endswith(f"|baseline:jieba:user_dict={digest[:16]}|systems:"
                              f"a=0.42.1[user_dict={digest[:16]}],"
                              f"jieba:user_dict={digest[:16]}=0.42.1[user_dict={digest[:16]}]")


@pytest.mark.usefixtures("fake_segmenters")
def test_a_dictionary_edited_in_place_changes_the_signature(
        tmp_path: Path, gold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dictionary = tmp_path / "merges.txt"
    dictionary.write_text(DICTIONARY, encoding="utf-8")
    before = _run(gold, f"dictionary:user_dict={dictionary}", capsys)
    dictionary.write_text("中国\n", encoding="utf-8")
    after = _run(gold, f"dictionary:user_dict={dictionary}", capsys)
    assert before["signature"] != after["signature"]
    digest = hashlib.sha256("中国\n".encode()).hexdigest()
    assert after["segmenters"][0]["files"] == {"user_dict": digest}
    jsonschema.validate(after, SCHEMA)


@pytest.mark.usefixtures("fake_segmenters")
def test_no_dictionary_stays_none_and_a_document_renders_its_own_signature(
        tmp_path: Path, gold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = _run(gold, "dictionary", capsys)
    assert plain["signature"].endswith("|systems:dictionary=0[user_dict=none]")
    assert "files" not in plain["segmenters"][0]
    dictionary = tmp_path / "merges.txt"
    dictionary.write_text(DICTIONARY, encoding="utf-8")
    document = _run(gold, f"dictionary:user_dict={dictionary}", capsys)
    assert from_document(document).signature() == document["signature"]


def test_a_keyword_value_is_not_a_file_and_the_cache_key_reuses_the_digest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pkuseg's ``user_dict=default`` is the library's own dictionary, even when a file
    named ``default`` is in the working folder; a real file's digest is read once, in
    resolve, and the cache key carries the same one."""
    monkeypatch.chdir(tmp_path)
    Path("default").write_text("中国\n", encoding="utf-8")
    assert resolve(parse_spec("pkuseg:user_dict=default")).files == {}
    dictionary = tmp_path / "merges.txt"
    dictionary.write_text(DICTIONARY, encoding="utf-8")
    resolved = resolve(parse_spec(f"jieba:hmm=false,user_dict={dictionary}"))
    digest = hashlib.sha256(DICTIONARY.encode()).hexdigest()
    assert resolved.files == {"user_dict": digest}
    key = spec_key(resolved)
    assert key is not None and key["options"] == {"hmm": ["false", None],
                                                  "user_dict": [str(dictionary), digest]}


def test_jieba_with_a_user_dictionary_is_in_the_signature_by_its_digest(
        tmp_path: Path, gold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("jieba")
    digest = hashlib.sha256(DICTIONARY.encode()).hexdigest()[:16]
    signatures = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        dictionary = tmp_path / folder / "dict.txt"
        dictionary.write_text(DICTIONARY, encoding="utf-8")
        signatures.append(_run(gold, f"jieba:user_dict={dictionary}", capsys)["signature"])
    assert signatures[0] == signatures[1]
    assert signatures[0].endswith(f";user_dict={digest}]") and str(tmp_path) not in signatures[0]


@pytest.mark.usefixtures("fake_segmenters")
def test_the_bakeoff_mode_signature_shows_the_digest_too(
        tmp_path: Path, gold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dictionary = tmp_path / "merges.txt"
    dictionary.write_text(DICTIONARY, encoding="utf-8")
    assert main(["compare", "--sighan", "--gold", str(gold), "-s",
                 f"d=dictionary:user_dict={dictionary}", "--no-cache"]) == Exit.OK
    output = capsys.readouterr().out
    digest = hashlib.sha256(DICTIONARY.encode()).hexdigest()[:16]
    assert f"|systems:d=0[user_dict={digest}]" in output and str(dictionary) not in output


def test_a_pkuseg_model_folder_is_known_by_its_files_not_its_path(tmp_path: Path) -> None:
    """pkuseg's model_name=DIR names a folder: two copies of one model at two paths are
    one model (one digest for signature and cache), an edited file makes another, a
    name pkuseg knows stays a name, and a missing folder is a usage error before any
    worker starts (it was a path in the signature and a failure inside the worker)."""
    from evalkit.errors import UsageError

    digests = []
    for name in ("one", "two words"):
        model = tmp_path / name
        model.mkdir()
        (model / "weights.npz").write_bytes(b"\x00weights")
        (model / "features.pkl").write_bytes(b"features")
        digests.append(resolve(parse_spec(f"pkuseg:model_name={model}")).files)
    assert digests[0] == digests[1] and set(digests[0]) == {"model_name"}
    (tmp_path / "one" / "weights.npz").write_bytes(b"\x00retrained")
    assert resolve(parse_spec(f"pkuseg:model_name={tmp_path / 'one'}")).files != digests[1]
    assert resolve(parse_spec("pkuseg:model_name=news")).files == {}
    with pytest.raises(UsageError, match="no such folder; give the path of an existing "
                                         "folder or 'default'"):
        resolve(parse_spec(f"pkuseg:model_name={tmp_path / 'missing'}"))
    with pytest.raises(UsageError, match="is a file, not a folder"):
        resolve(parse_spec(f"pkuseg:model_name={tmp_path / 'one' / 'weights.npz'}"))
