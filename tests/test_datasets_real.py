"""The built-in registry against the real files in ../shared (skipped where it is absent)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.corpus import read_corpus
from evalkit.datasets import default_registry
from evalkit.datasets.registry import ROLES
from tests.conftest import REPO, SHARED

MIRROR = SHARED / "mirror"
CORPORA = SHARED / "corpora" / "ud-chinese-gsdsimp"


def test_records_are_complete_and_pinned() -> None:
    registry = default_registry()
    for dataset in registry.datasets.values():
        assert dataset.file("gold") is not None, dataset.name
        assert len({f.role for f in dataset.files}) == len(dataset.files)
        for file in dataset.files:
            assert file.role in ROLES
            assert re.fullmatch(r"[0-9a-f]{64}", file.sha256)
            assert re.search(r"/[0-9a-f]{40}/", file.url), "URL pinned to a commit"
            assert file.size > 0
        assert dataset.citation.startswith("@")
    assert registry.suites["ud-zh"] == ("ud/zh_gsdsimp-test", "ud/zh_gsd-test",
                                        "ud/zh_hk-test", "ud/zh_cfl-test", "ud/zh_pud-test")
    assert len(registry.expand("all")) == 13
    with pytest.raises(TypeError):
        registry.datasets["mine"] = registry.datasets["sighan2005/pku"]  # type: ignore[index]
    assert [d.name for d in registry.expand("sighan2005")] == [
        "sighan2005/pku", "sighan2005/msr", "sighan2005/cityu", "sighan2005/as"]


@pytest.mark.parametrize("split", ["test", "dev"])
def test_gsdsimp_records_match_the_shared_files(split: str) -> None:
    path = CORPORA / f"zh_gsdsimp-ud-{split}.conllu"
    if not path.exists():
        pytest.skip(f"{path} not found (../shared is absent)")
    dataset = default_registry().datasets[f"ud/zh_gsdsimp-{split}"]
    data = path.read_bytes()
    assert dataset.gold.size == len(data)
    assert dataset.gold.sha256 == hashlib.sha256(data).hexdigest()
    corpus = read_corpus(path, dataset.gold.format)
    assert (len(corpus.units), corpus.word_count) == (dataset.sentences, dataset.words)


def evalkit(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "evalkit", *args], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=300, check=False)


def test_sighan_through_the_shared_mirror_then_score_by_name(tmp_path: Path) -> None:
    """`datasets download sighan2005` into an empty store via EVALKIT_MIRROR=file://...,
    then `score sighan2005/pku PRED` offline, with the registered records' checksums."""
    if not MIRROR.is_dir():
        pytest.skip(f"{MIRROR} not found (../shared is absent)")
    env = {**os.environ, "PYTHONPATH": str(REPO), "EVALKIT_DATA": str(tmp_path / "store"),
           "EVALKIT_MIRROR": MIRROR.as_uri(), "EVALKIT_OFFLINE": "0"}
    done = evalkit("datasets", "download", "sighan2005", env=env)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 12
    assert done.stderr.count("terms of sighan2005/") == 4
    again = evalkit("datasets", "download", "sighan2005", env=env)
    assert "terms of" not in again.stderr  # first download only
    gold = Path(done.stdout.splitlines()[0].split("\t")[2])
    words = [line.split() for line in gold.read_text(encoding="utf-8").splitlines()]
    glued = [["".join(ws[i:i + 2]) for i in range(0, len(ws), 2)] for ws in words]
    pred = tmp_path / "pred.txt"
    pred.write_text("".join(" ".join(ws) + "\n" for ws in glued), encoding="utf-8")
    scored = evalkit("score", "sighan2005/pku", str(pred), "--json",
                     env={**env, "EVALKIT_OFFLINE": "1"})
    assert scored.returncode == 0, scored.stderr
    document = json.loads(scored.stdout)
    counts = document["results"][0]["counts"]
    assert document["corpora"][0]["name"] == "sighan2005/pku"
    assert counts["gold_words"] == 104372
    assert counts["predicted_words"] == sum(len(ws) for ws in glued)
    assert counts["correct_words"] == sum(len(ws) % 2 for ws in words)  # the odd last words
