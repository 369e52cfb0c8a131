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

import os
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.cli import Exit, main

ROOT = Path(__file__).resolve().parents[1]


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
