"""The public API: its names, their signatures (pinned, as tabulate's test_api.py
pins its own), that it stays light to import, and the README's example."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import evalkit
from tests.conftest import REPO, SEED

EMPTY = inspect.Parameter.empty
POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
KEYWORD = inspect.Parameter.KEYWORD_ONLY

SIGNATURES: dict[str, list[tuple[str, Any, Any]]] = {
    "score": [("gold", POSITIONAL, EMPTY), ("pred", POSITIONAL, EMPTY),
              ("raw", KEYWORD, None), ("lexicon", KEYWORD, None), ("train", KEYWORD, None),
              ("normalize", KEYWORD, "none"), ("format", KEYWORD, None),
              ("encoding", KEYWORD, None), ("pred_encoding", KEYWORD, None),
              ("lexicon_encoding", KEYWORD, None), ("statistics", KEYWORD, None)],
    "compare": [("gold", POSITIONAL, None), ("segmenters", POSITIONAL, None),
                ("raw", KEYWORD, None), ("lexicon", KEYWORD, None), ("train", KEYWORD, None),
                ("normalize", KEYWORD, "none"), ("format", KEYWORD, None),
                ("encoding", KEYWORD, None), ("statistics", KEYWORD, None),
                ("run", KEYWORD, None), ("note", KEYWORD, None)],
    "read_corpus": [("path", POSITIONAL, EMPTY), ("format", POSITIONAL, None),
                    ("encoding", POSITIONAL, None), ("name", POSITIONAL, None)],
}


def test_all_names_the_public_api() -> None:
    assert sorted(evalkit.__all__) == ["compare", "datasets", "read_corpus", "score"]
    for name in evalkit.__all__:
        assert getattr(evalkit, name).__doc__, name


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_public_signatures_are_pinned(name: str) -> None:
    parameters = inspect.signature(getattr(evalkit, name)).parameters.values()
    assert [(p.name, p.kind, p.default) for p in parameters] == SIGNATURES[name]


def test_datasets_is_the_registry_package() -> None:
    assert evalkit.datasets.default_registry().knows("sighan2005/pku")


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'scores'"):
        _ = evalkit.scores  # type: ignore[attr-defined]


def test_importing_evalkit_loads_none_of_the_api() -> None:
    code = ("import sys, evalkit\nprint(sorted(m for m in sys.modules "
            "if m.startswith(('evalkit.', 'numpy'))))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               check=True)
    assert completed.stdout.strip() == "[]"


def test_score_is_the_command_line_score(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    """The library call and `evalkit score --json` give the same document."""
    import json

    from evalkit.cli import main

    pred = tmp_path / "pred.txt"
    pred.write_text("".join(" ".join(line.replace("|", "")) + "\n"
                            for line in SEED.read_text(encoding="utf-8").splitlines()),
                    encoding="utf-8")
    assert main(["score", str(SEED), str(pred), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    document = evalkit.score(SEED, pred).to_document()
    for key in ("machine", "created"):
        printed.pop(key, None)
        document.pop(key, None)
    assert printed == json.loads(json.dumps(document))


def _readme_example() -> tuple[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Using evalkit from Python"):]
    match = re.search(r"```python\n(.*?)```\n\nprints\n\n```\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1), match.group(2)


def test_readme_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    code, shown = _readme_example()
    (tmp_path / "seeds").symlink_to(REPO / "seeds")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               cwd=tmp_path, check=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    assert completed.stdout == shown
    # run from the repository root as the README says, it must leave no file there
    assert [p.name for p in tmp_path.iterdir()] == ["seeds"]
