"""Real signals to a real `python -m evalkit compare`: a clean stop, whoever sends them.

Slow fake segmenters (a py: function and a cmd: program, which is a
grandchild) keep the workers busy; jieba finishes early, so its output would
be cached if the run were allowed to end. Each stop signal goes to evalkit
alone (a CI runner's cancel, `timeout`) and to its whole process group (Ctrl-C).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="finds the workers through /proc (Linux)")

SLOW_COMMAND = """import os, sys, time
open(os.environ["EVALKIT_TEST_STARTED"] + ".cmd", "a").close()
for line in sys.stdin:
    time.sleep(0.2)
    print(" ".join(line.strip()), flush=True)
"""


def _session_members(session: int) -> set[int]:
    """Live (not zombie) processes of a session: evalkit, its workers, their children."""
    members = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == session and fields[0] != "Z":
            members.add(int(entry.name))
    return members


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", ["parent", "group"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=lambda s: signal.Signals(s).name)
def test_stop_signal(tmp_path: Path, signum: int, target: str) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("中国 人民\n" * 40, encoding="utf-8")
    command = tmp_path / "slow_command.py"
    command.write_text(SLOW_COMMAND, encoding="utf-8")
    out, cache = tmp_path / "reports", tmp_path / "cache"
    out.mkdir()
    cache.mkdir()
    (out / "results.json").write_text("{\"earlier\": true}\n", encoding="utf-8")
    (out / "results.md").write_text("earlier run\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    started = tmp_path / "started"
    process = subprocess.Popen(
        [sys.executable, "-m", "evalkit", "compare", "--gold", str(gold), "-s", "jieba",
         "-s", "slow=py:tests.fakes:slow_words", "-s", f"cmd=cmd:{sys.executable} {command}",
         "--out", str(out), "--cache-dir", str(cache), "--report", "html", "-j", "3"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO),
                           "EVALKIT_TEST_STARTED": str(started)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not (started.exists() and Path(f"{started}.cmd").exists()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the slow segmenters never started"
            time.sleep(0.05)
        started.unlink()
        Path(f"{started}.cmd").unlink()
        members = _session_members(process.pid) - {process.pid}
        assert len(members) >= 3  # the two slow workers and the cmd: program at least
        if target == "group":
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 128 + signum, stderr
    deadline = time.monotonic() + 2  # the bound, from evalkit's exit
    while (survivors := members & _session_members(process.pid)) and \
            time.monotonic() < deadline:
        time.sleep(0.05)
    assert not survivors, f"still running: {survivors}"
    text = stderr.decode()
    assert "Traceback" not in text and "Error" not in text, text
    interrupted = [line for line in text.splitlines() if "interrupted" in line]
    assert interrupted == [f"evalkit: interrupted by {signal.Signals(signum).name}: "
                           "'evalkit compare' stopped, its workers killed, no file left "
                           "half-written"], text
    assert stdout == b""
    assert _snapshot(tmp_path) == before  # no report, cache entry or temporary file
