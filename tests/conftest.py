"""Shared fixtures: the seed, the UD corpus beside the repository, fake segmenters."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import settings

from evalkit import segmenters
from evalkit.cli import main
from evalkit.results import Results
from evalkit.segmenters import Registration

# No per-example deadline (a loaded CI machine is slower, not wrong); in CI the
# examples are derandomized so that a run can be reproduced exactly.
settings.register_profile("evalkit", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("evalkit")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_c514ef1e1ad5938b.txt"
SEED_SHA256 = "945380592daebc4b044a0c4573a77b545ae5f2f2d15a9eaeadeec02416e01d68"
SHARED = REPO.parent / "shared"
UD_TEST = SHARED / "corpora" / "ud-chinese-gsdsimp" / "zh_gsdsimp-ud-test.conllu"
ICWB2 = SHARED / "mirror" / "yuikns" / "icwb2-data" / "873a51fa6234c644126d2f2c5c603a97809d2e49"
"""The SIGHAN 2005 bakeoff files (gold/, testing/, scripts/score)."""

FAKES = {name: Registration(name, "evalkit", "evalkit", f"tests.fakes:{cls}", "test double")
         for name, cls in (("chars", "CharSegmenter"), ("dropper", "DropCharSegmenter"),
                           ("crasher", "CrashingSegmenter"),
                           ("broken", "BrokenImportSegmenter"),
                           ("chatty", "ChattySegmenter"),
                           ("chatty_crasher", "ChattyCrashingSegmenter"),
                           ("downloader", "DownloadingSegmenter"),
                           ("counting", "CountingSegmenter"),
                           ("spaces", "SpaceSegmenter"), ("chunks", "ChunkSegmenter"),
                           ("dictionary", "DictionarySegmenter"))}


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the tests' segmenter outputs out of the user's cache (workers inherit it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def require_tool(*names: str, in_ci: bool = True) -> str:
    """The path of the first of ``names`` on PATH (a tool a test runs: chromium, GNU diff,
    perl). Where none is, the test is skipped; in CI (CI=true) it fails instead, because
    CI must not go green on a check it promises and never ran (.ci/run installs them).
    ``in_ci=False`` marks a tool CI does not promise (pdflatex: a TeX installation is
    about a gigabyte), skipped everywhere; say so in the README."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    missing = " or ".join(names)
    if in_ci:
        required_in_ci(f"{missing} is not installed")
    pytest.skip(f"{missing} is not installed")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def fake_segmenters(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Register the test doubles next to the built-ins for one test."""
    monkeypatch.setattr(segmenters, "BUILTINS", {**segmenters.BUILTINS, **FAKES})
    yield


@pytest.fixture
def icwb2() -> Path:
    """The SIGHAN 2005 bakeoff distribution beside the repository."""
    if not ICWB2.exists():
        pytest.skip(f"SIGHAN 2005 files not found at {ICWB2} (they live in ../shared)")
    return ICWB2


@pytest.fixture
def ud_test() -> Path:
    if not UD_TEST.exists():
        pytest.skip(f"UD corpus not found at {UD_TEST} (it lives in ../shared)")
    return UD_TEST


def required_in_ci(reason: str) -> NoReturn:
    """Skip a test whose requirement is missing here, but fail it in CI (``CI=true``),
    where the Makefile installs everything: a missing install step must not pass."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; in CI a missing tool is a failure, not a skip: CI installs "
                    "it (.ci/run and the Makefile), so it must be there")
    pytest.skip(reason)


@pytest.fixture
def three_golds(tmp_path: Path) -> list[str]:
    """``--gold`` arguments for three small corpora: the seed and two of a few lines."""
    first = tmp_path / "news.txt"
    first.write_text("中国|人民|银行|今天|宣布|。|利率|不变|。\n他|说|：|好|。\n\n"
                     "北京|是|首都|。\n", encoding="utf-8")
    second = tmp_path / "web.txt"
    second.write_text("我们|喜欢|自然|语言|处理|。\n" * 3 + "Python|3.11|很|好|！\n",
                      encoding="utf-8")
    return ["--gold", str(SEED), "--gold", str(first), "--gold", str(second)]


@pytest.fixture
def three_corpora(capsys: pytest.CaptureFixture[str], fake_segmenters: None,
                  three_golds: list[str]) -> Results:
    """A run over three corpora with intervals, paired tests and a failing segmenter."""
    from evalkit.results import from_document

    main(["compare", *three_golds, "-s", "chars", "-s", "jieba", "-s", "dropper", "--ci",
          "--paired", "--resamples", "100", "--json", "--no-save", "--no-cache", "-q"])
    return from_document(json.loads(capsys.readouterr().out))
