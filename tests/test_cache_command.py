"""evalkit cache: where the cache is, how big, and clearing or pruning it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from evalkit.cache import DAY_SECONDS, Cache, digest
from evalkit.cli import Exit, main


def _fill(directory: Path) -> list[Path]:
    cache = Cache(directory)
    keys = [digest(n) for n in range(3)]
    for key in keys:
        cache.put(key, {"units": [["中国", "人民"]] * 100})
    return [directory / key[:2] / f"{key}.json" for key in keys]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["cache", *args]) == Exit.OK
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_cache_shows_where_entries_and_size(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    paths = _fill(tmp_path)
    size = sum(p.stat().st_size for p in paths)
    assert _run(capsys, "--cache-dir", str(tmp_path)) == \
        f"cache: {tmp_path}\nholds: 3 entries, {size / 1e6:.1f} MB\n"
    assert "(not created yet)\nholds: 0 entries, 0.0 MB" in \
        _run(capsys, "--cache-dir", str(tmp_path / "none"))


def test_default_directory_follows_xdg(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _run(capsys).startswith(f"cache: {tmp_path / 'evalkit'}")


def test_prune_removes_entries_unused_for_longer(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    old, used, fresh = _fill(tmp_path)
    month_ago = time.time() - 30 * DAY_SECONDS
    for path in (old, used):
        os.utime(path, (month_ago, month_ago))
    assert Cache(tmp_path).get(used.stem) is not None  # a hit counts as a use
    out = _run(capsys, "--cache-dir", str(tmp_path), "prune", "--older-than", "7")
    assert out.startswith("removed 1 entry, ") and "kept 2 entries" in out
    assert not old.exists() and used.exists() and fresh.exists()


def test_clear_removes_entries_and_leftovers_but_nothing_else(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _fill(tmp_path)
    leftover = paths[0].parent / f".{paths[0].name}.k2j4h5"  # a killed writer's temp file
    leftover.write_text("{", encoding="utf-8")
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not the cache's", encoding="utf-8")
    out = _run(capsys, "--cache-dir", str(tmp_path), "clear")
    assert out.startswith("removed 3 entries, ") and out.endswith(f" from {tmp_path}\n")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["notes.txt"]


def test_prune_needs_a_number_of_days(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "prune", "--older-than", "-1"]) == Exit.USAGE
    assert "must be a number of days" in capsys.readouterr().err
