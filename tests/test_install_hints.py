"""What is not installed comes with the command that adds it."""

from __future__ import annotations

import pytest

from evalkit import segmenters
from evalkit.cli import Exit, main
from evalkit.segmenters import Registration
from evalkit.segmenters.install import PKUSEG, install_command
from tests.conftest import SEED

MISSING = Registration("pkuseg", "no_such_module_for_evalkit", "pkuseg",
                       "evalkit.segmenters.pkuseg_adapter:PkusegSegmenter", "test")


@pytest.fixture
def pkuseg_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segmenters, "BUILTINS", {**segmenters.BUILTINS, "pkuseg": MISSING})


def test_install_commands() -> None:
    assert install_command("thulac") == "pip install thulac"
    assert install_command("pkuseg") == PKUSEG
    assert "--no-build-isolation pkuseg" in PKUSEG and PKUSEG.startswith(
        "pip install numpy cython")


def test_segmenters_lists_how_to_add_what_is_missing(
        capsys: pytest.CaptureFixture[str], pkuseg_missing: None) -> None:
    assert main(["segmenters"]) == Exit.OK
    out = capsys.readouterr().out
    assert f"\nto add what is missing:\n  pkuseg: {PKUSEG}\n" in out


def test_compare_says_how_to_add_a_skipped_segmenter(
        capfd: pytest.CaptureFixture[str], pkuseg_missing: None) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "pkuseg", "--no-save"]) == Exit.USAGE
    assert f"segmenter 'pkuseg' is not installed here; to add it: {PKUSEG}" in \
        capfd.readouterr().err


def test_default_compare_notes_the_skipped_segmenter(
        capfd: pytest.CaptureFixture[str], pkuseg_missing: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segmenters, "BUILTINS", {"jieba": segmenters.BUILTINS["jieba"],
                                                 "pkuseg": MISSING})
    assert main(["compare", "--gold", str(SEED), "--no-save"]) == Exit.OK
    assert f"evalkit: note: skipping pkuseg: not installed; to add it: {PKUSEG}" in \
        capfd.readouterr().err
