"""How ``compare`` ends when a segmenter cannot start (regressions from a user review).

1. A usage error in a segmenter's option sometimes ended in a segfault (exit 139)
   after its one-line message: the spec was checked only after a daemon thread had
   begun importing numpy, and at exit CPython freed the import lock that thread was
   waiting on. Now a bad option fails before anything is read or started, and the
   background import is a thread the interpreter waits for.
2. A worker that reached --memory-limit while importing, or with no memory left to
   report it, died with CPython's fatal dump on stderr and the row said "worker
   exited with status 1"; it now says "out of memory (--memory-limit N MB)".
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.memory_limit import memory_failure

ROOT = Path(__file__).resolve().parents[1]
INTERNALS = ("Traceback", "MemoryError", "Fatal Python error", "object type name",
             "lost sys.stderr")


@pytest.mark.usefixtures("fake_segmenters")
@pytest.mark.parametrize(("spec", "expected"), [
    ("dictionary:user_dict=no-such-file.txt",
     "segmenter 'dictionary', option user_dict=no-such-file.txt: no-such-file.txt: no such "
     "file; give the path of an existing file"),
    ("dictionary:foo=1", "segmenter 'dictionary' has no option 'foo'; valid options: "
     "user_dict"),
])
def test_a_bad_segmenter_option_is_refused_before_anything_is_read_or_started(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str, expected: str) -> None:
    # The gold does not exist: were it read first, this would be exit 3 about the gold.
    code = main(["compare", "--gold", str(tmp_path / "absent.txt"), "-s", spec, "--no-save"])
    captured = capsys.readouterr()
    assert code == Exit.USAGE
    assert captured.err == f"evalkit: error: {expected}\n"
    assert captured.out == ""


def test_background_imports_finish_before_the_interpreter_exits(tmp_path: Path) -> None:
    """An error raised while the background import runs: the interpreter waits for it
    (a daemon thread was cut off mid-import, which is what crashed at exit)."""
    marker = tmp_path / "imported"
    (tmp_path / "slow_module_for_exit_test.py").write_text(
        f"import time\ntime.sleep(0.5)\nopen({str(marker)!r}, 'w').close()\n",
        encoding="utf-8")
    program = ("from evalkit.api import _import_in_background\n"
               "_import_in_background('slow_module_for_exit_test')\n"
               "raise SystemExit(2)\n")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)])}
    done = subprocess.run([sys.executable, "-c", program], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert marker.exists()


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.txt"
    path.write_text("中国 人民\n北京 大学\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("spec", "megabytes"), [
    # 1 MB is less than any Python process already holds: importing evalkit's own
    # segmenter registry in the worker fails, before the segmenter is even looked at
    ("py:tests.fakes:words", 1),
    # the import takes every byte and keeps it while the worker reports
    ("py:tests.memory_hoard_on_import:words", 200),
    # the same on the first unit segmented (a shard's failure, not the load's)
    ("py:tests.memory_hoard:hoard_while_segmenting", 200),
])
def test_a_worker_out_of_memory_says_so_whenever_it_happens(
        capfd: pytest.CaptureFixture[str], gold: Path, spec: str, megabytes: int) -> None:
    code = main(["compare", "--gold", str(gold), "-s", f"hog={spec}", "-s",
                 "ok=py:tests.fakes:words", "--memory-limit", str(megabytes), "--json",
                 "--no-save", "--no-cache", "-j", "1"])
    captured = capfd.readouterr()
    assert code == Exit.SEGMENTER_FAILED, captured.err
    document = json.loads(captured.out)
    reasons = [f["reason"] for f in document["failures"] if f["segmenter"] == "hog"]
    assert reasons == [f"out of memory (--memory-limit {megabytes} MB)"]
    assert not [word for word in INTERNALS if word in captured.err], captured.err
    if megabytes > 1:  # a healthy segmenter beside it is scored (1 MB starves it too)
        assert [r["segmenter"] for r in document["results"]] == ["ok"]


def test_allocation_failures_in_other_guises_are_out_of_memory() -> None:
    def chained(error: BaseException, cause: BaseException) -> BaseException:
        error.__cause__ = cause
        return error

    assert memory_failure(OSError(errno.ENOMEM, "Cannot allocate memory"), 50) == \
        "out of memory (--memory-limit 50 MB)"
    assert memory_failure(ImportError("libx.so: failed to map segment from shared object"),
                          50) == "out of memory (--memory-limit 50 MB)"
    assert memory_failure(chained(RuntimeError("load failed"), MemoryError()), None) == \
        "out of memory"
    # CPython 3.11's report of a frame it could not allocate: memory only under a limit
    lost = SystemError("error return without exception set")
    assert memory_failure(lost, 30) == "out of memory (--memory-limit 30 MB)"
    assert memory_failure(lost, None) is None
    assert memory_failure(ValueError("bad input"), 50) is None
    assert memory_failure(OSError(errno.ENOENT, "No such file"), 50) is None
