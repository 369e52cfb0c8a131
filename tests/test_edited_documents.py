"""A results document edited by hand is refused with one line, never silently re-read.

The committed reports/results.json is the starting point: each test edits one
part of a copy and runs ``evalkit report`` (or reads it as a baseline).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalkit import __version__
from evalkit.check import read_baseline
from evalkit.cli import Exit, main
from evalkit.document_shape import shape_problem
from evalkit.documents import read_results
from evalkit.errors import InputError
from tests.conftest import REPO

COMMITTED: dict[str, Any] = json.loads(
    (REPO / "reports" / "results.json").read_text(encoding="utf-8"))
EDITED = "edited by hand? re-run compare or restore the file"


def edited(edit: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document = copy.deepcopy(COMMITTED)
    edit(document)
    return document


def report_error(tmp_path: Path, document: dict[str, Any],
                 capsys: pytest.CaptureFixture[str]) -> str:
    """The one stderr line ``evalkit report --format md`` gives for ``document``."""
    path = tmp_path / "results.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["report", str(path), "--format", "md"]) == Exit.BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    return lines[0]


def test_the_committed_document_is_accepted() -> None:
    assert shape_problem(COMMITTED) is None
    assert len(read_results(REPO / "reports" / "results.json").rows) == len(
        COMMITTED["results"])


def test_an_edited_figure_is_refused_naming_row_figure_and_both_values(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = COMMITTED["results"][0]
    true_f1 = row["word"]["f1"]
    line = report_error(tmp_path, edited(lambda d: d["results"][0]["word"].update(f1=0.95)),
                        capsys)
    assert f"row {row['corpus']} × {row['segmenter']}: word.f1 is stored as 0.95 but its " \
           f"counts give {true_f1!r}; {EDITED}" in line


def test_an_edited_count_is_refused(tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    row = COMMITTED["results"][1]
    line = report_error(tmp_path, edited(
        lambda d: d["results"][1]["counts"].update(correct_words=1)), capsys)
    assert (f"counts.correct_words is stored as 1 but its per-unit counts give "
            f"{row['counts']['correct_words']}") in line


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda d: d["results"][0].pop("word"), "results[0] has no 'word' field"),
    (lambda d: d["results"][0].pop("counts"), "results[0] has no 'counts' field"),
    (lambda d: d.pop("signature"), "the document has no 'signature' field"),
    (lambda d: d["results"][0]["per_unit"].pop("columns"),
     "results[0].per_unit has no 'columns' field"),
    (lambda d: d["results"][0].update(per_unit="garbage"),
     "results[0].per_unit is a string where an object is expected"),
    (lambda d: d["settings"].update(normalisation="nfkd"),
     "settings.normalisation is 'nfkd'; expected one of 'none', 'width', 'nfkc'"),
])
def test_a_missing_or_malformed_part_is_named_in_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        edit: Callable[[dict[str, Any]], object], expected: str) -> None:
    line = report_error(tmp_path, edited(edit), capsys)
    assert f"not an evalkit results document: {expected}" in line


def test_settings_that_contradict_the_signature_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "|norm:none|" in COMMITTED["signature"]
    line = report_error(tmp_path, edited(
        lambda d: d["settings"].update(normalisation="nfkc")), capsys)
    assert f"settings.normalisation is 'nfkc' but the signature says norm:none; {EDITED}" \
        in line


def test_a_baseline_whose_settings_contradict_its_signature_is_refused(
        tmp_path: Path) -> None:
    baseline = {"evalkit_baseline": {"schema": 2, "evalkit": __version__},
                **edited(lambda d: d["settings"].update(normalisation="nfkc"))}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(
            "settings.normalisation is 'nfkc' but the signature says norm:none")):
        read_baseline(path)


ROWS = len(COMMITTED["results"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, ROWS - 1), st.sampled_from(["word", "boundary"]),
       st.sampled_from(["precision", "recall", "f1"]), st.floats(0, 1))
def test_any_changed_score_is_refused(row: int, part: str, name: str, value: float) -> None:
    true = COMMITTED["results"][row][part][name]
    document = edited(lambda d: d["results"][row][part].update({name: value}))
    if abs(value - true) <= 1e-9 * max(abs(true), 1.0):
        return  # the same figure (within rounding): nothing was edited
    from evalkit.results import from_document

    with pytest.raises(ValueError, match=re.escape(f"{part}.{name} is stored as")):
        from_document(document)
