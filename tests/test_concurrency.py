"""Two runs at once on one cache and one --out: the numbers of a run alone, every
cache entry sound, and report files that all come from one run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from evalkit.cache import Cache
from evalkit.fileio import write_together
from evalkit.report.markdown import render_markdown
from evalkit.results import from_document
from tests.conftest import REPO, SEED
from tests.test_seeds_and_reports import without_timing


def _command(out: Path, cache: Path) -> list[str]:
    return [sys.executable, "-m", "evalkit", "compare", "--gold", str(SEED), "-s", "jieba",
            "-s", "nohmm=jieba:hmm=false", "-s", "slow=py:tests.fakes:slow_words",
            "--out", str(out), "--cache-dir", str(cache), "-q"]


def test_two_runs_at_once_share_a_cache_and_an_out_directory(tmp_path: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    shared_out, shared_cache = tmp_path / "out", tmp_path / "cache"
    runs = [subprocess.Popen(_command(shared_out, shared_cache), cwd=tmp_path,
                             env=environment, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0 and err == "", err
    alone = tmp_path / "alone"
    subprocess.run(_command(alone, tmp_path / "cache-alone"), cwd=tmp_path,
                   env=environment, check=True, capture_output=True)

    document = json.loads((shared_out / "results.json").read_text(encoding="utf-8"))
    expected = json.loads((alone / "results.json").read_text(encoding="utf-8"))
    assert without_timing(document) == without_timing(expected)
    # results.md was rendered from the same run as results.json
    assert (shared_out / "results.md").read_text(encoding="utf-8") == \
        render_markdown(from_document(document))
    assert sorted(p.name for p in shared_out.iterdir()) == ["results.json", "results.md"]

    warnings: list[str] = []
    cache = Cache(shared_cache, warn=warnings.append)
    entries = [p for p in shared_cache.rglob("*") if p.is_file()]
    assert len(entries) == 2 and all(not p.name.startswith(".") for p in entries)
    assert all(cache.get(p.stem) is not None for p in entries) and not warnings


def test_a_run_replaces_the_whole_set_of_report_files(tmp_path: Path) -> None:
    (tmp_path / "results.html").write_text("from an earlier run", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    write_together(tmp_path, {"results.json": "{}", "results.md": "# new"},
                   owned=["results.json", "results.md", "results.html", "results.tex"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "results.json",
                                                          "results.md"]
