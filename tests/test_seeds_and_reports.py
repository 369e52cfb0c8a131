"""The seed stays byte-identical, ships in the package, and reports/ is never stale."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evalkit.report.html import render_html
from evalkit.report.markdown import render_markdown
from evalkit.results import Results, from_document
from tests.conftest import REPO, SEED, SEED_SHA256, SHARED, sha256

COMMITTED_JSON = REPO / "reports" / "results.json"


def test_seed_is_byte_identical() -> None:
    assert sha256(SEED) == SEED_SHA256
    shared = SHARED / "seeds" / SEED.name
    if shared.exists():
        assert SEED.read_bytes() == shared.read_bytes()


def test_packaged_seed_is_the_default_outside_a_checkout(tmp_path: Path) -> None:
    """Without ./seeds/, the seed shipped as evalkit.seed_gold is used."""
    code = ("from evalkit.seeds import default_gold_files\n"
            "print('\\n'.join(str(p) for p in default_gold_files()))")
    completed = subprocess.run([sys.executable, "-c", code], cwd=tmp_path,
                               capture_output=True, text=True, check=True)
    files = [Path(line) for line in completed.stdout.splitlines()]
    assert [f.name for f in files] == [SEED.name]
    assert sha256(files[0]) == SEED_SHA256


def without_timing(value: Any) -> Any:
    """The document without ``timing`` and ``machine`` entries: they vary run to run."""
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items()
                if k not in ("timing", "machine")}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


@pytest.mark.parametrize(("name", "render"), [("results.md", render_markdown),
                                              ("results.html", render_html)])
def test_committed_reports_are_rendered_from_committed_json(
        name: str, render: Callable[[Results], str]) -> None:
    document = json.loads(COMMITTED_JSON.read_text(encoding="utf-8"))
    assert (REPO / "reports" / name).read_text(encoding="utf-8") == \
        render(from_document(document)), f"reports/{name} is stale: see README, Reports"


def test_committed_report_matches_a_fresh_run(tmp_path: Path) -> None:
    """Regenerate the seed comparison with the committed segmenters; only timings may differ."""
    committed = json.loads(COMMITTED_JSON.read_text(encoding="utf-8"))
    names = [s["name"] for s in committed["segmenters"]]
    assert {"jieba", "pkuseg", "thulac", "snownlp", "rjieba", "jiagu", "jieba_fast"} <= \
        set(names)
    command = [sys.executable, "-m", "evalkit", "compare", "--out", str(tmp_path),
               "--no-cache"]
    for name in names:
        command += ["-s", name]
    stats = committed["statistics"]["settings"] if committed["statistics"] else None
    if stats is not None:
        command += ["--resamples", str(stats["resamples"]), "--seed", str(stats["seed"])]
        if stats["level"] is not None:
            command += ["--ci", str(stats["level"])]
        if stats["paired"]:
            command += ["--paired", "--test", stats["test"], "--correction",
                        stats["correction"]]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    fresh = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert without_timing(fresh) == without_timing(committed), \
        "reports/ is stale: run `evalkit compare` at the repository root and commit reports/"


@pytest.mark.parametrize("document", [
    {"a": 1, "timing": {"x": 2}, "b": [{"timing": 3, "c": 4}], "machine": {"cpu": "x"}},
])
def test_without_timing_strips_every_level(document: dict[str, Any]) -> None:
    assert without_timing(document) == {"a": 1, "b": [{"c": 4}]}
