"""An option that would make a library download its model says so, in words."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from tests.conftest import SEED


def _failure(capfd: pytest.CaptureFixture[str], spec: str) -> str:
    assert main(["compare", "--gold", str(SEED), "-s", spec, "--json", "--no-save",
                 "--no-cache", "-q"]) == Exit.SEGMENTER_FAILED
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err
    [failure] = json.loads(captured.out)["failures"]
    return str(failure["reason"])


@pytest.mark.skipif(importlib.util.find_spec("pkuseg") is None, reason="pkuseg not installed")
def test_pkuseg_domain_model_not_installed(capfd: pytest.CaptureFixture[str],
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PKUSEG_HOME", str(tmp_path))
    reason = _failure(capfd, "pkuseg:model_name=news")
    assert f"model 'news' is not installed locally ({tmp_path / 'news.zip'} is missing)" \
        in reason
    assert "download https://github.com/lancopku/pkuseg-python/releases/download/" in reason
    assert f"unzip it into {tmp_path / 'news'}" in reason and "model_name=DIR" in reason
    assert "Errno" not in reason
    assert list(tmp_path.iterdir()) == []  # nothing downloaded, nothing created


def test_a_failed_download_is_named(capfd: pytest.CaptureFixture[str],
                                    fake_segmenters: None) -> None:
    reason = _failure(capfd, "downloader")
    assert reason.startswith("tried to download something it does not have locally (a "
                             "model?) and could not reach the network ([Errno -2] Name or "
                             "service not known); install what this segmenter needs")
