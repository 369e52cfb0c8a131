"""Progress off a terminal: plain lines a CI log can show, and nothing with --quiet."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from evalkit.messages import Job
from evalkit.progress import Bars, Joining, Lines, Silent, choose
from evalkit.runner import Runner
from tests.conftest import REPO


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_lines_start_end_and_at_most_one_summary_per_interval() -> None:
    clock, stream = Clock(), io.StringIO()
    lines = Lines(interval=15, stream=stream, clock=clock)
    lines.start(0, "pkuseg", 2000)
    lines.start(1, "jieba", 500)
    clock.now += 10
    lines.advance(0, 500)
    lines.tick()  # 10 s: too early
    clock.now += 6
    lines.advance(1, 500)
    lines.tick()
    lines.tick()  # same moment: no second line
    clock.now += 4
    lines.finish(1, None)
    lines.finish(0, "timed out")
    assert stream.getvalue().splitlines() == [
        "evalkit: pkuseg: started (2,000 units)",
        "evalkit: jieba: started (500 units)",
        "evalkit: progress: pkuseg 500/2,000 units (about 48.0 s left); "
        "jieba 500/500 units (finishing)",
        "evalkit: jieba: finished in 20.0 s",
        "evalkit: pkuseg: failed after 20.0 s",
    ]


def test_lines_say_loading_before_the_first_unit_and_minutes_when_long() -> None:
    clock, stream = Clock(), io.StringIO()
    lines = Lines(interval=15, stream=stream, clock=clock)
    lines.start(0, "thulac", 10)
    lines.start(1, "seed", 1)
    lines.finish(1, None)
    clock.now += 20
    lines.tick()
    lines.advance(0, 1)
    clock.now += 100
    lines.tick()
    assert stream.getvalue().splitlines()[1:] == [
        "evalkit: seed: started (1 unit)",
        "evalkit: seed: finished in 0.0 s",
        "evalkit: progress: thulac 0/10 units (loading)",
        "evalkit: progress: thulac 1/10 units (about 18 min 00 s left)",
    ]


def test_choose() -> None:
    assert isinstance(choose(quiet=True, terminal=True), Silent)
    assert isinstance(choose(quiet=False, terminal=True), Bars)
    assert isinstance(choose(quiet=False, terminal=False), Lines)


def test_runner_writes_summaries_during_long_work() -> None:
    stream = io.StringIO()
    job = Job("slow", "evalkit.segmenters.external:CallableSegmenter",
              {"target": "tests.fakes:slow_words"}, [("c", ["中国人民"] * 60)])
    [outcome] = Runner(1, progress=Lines(interval=0.5, stream=stream)).run([job])
    assert outcome.corpora[0].units is not None
    lines = stream.getvalue().splitlines()
    assert lines[0] == "evalkit: slow: started (60 units)"
    assert lines[-1].startswith("evalkit: slow: finished in ")
    summaries = [line for line in lines if line.startswith("evalkit: progress: slow ")]
    assert summaries and all("/60 units (" in line for line in summaries)


def _compare(tmp_path: Path, *args: str) -> str:
    gold = tmp_path / "gold.txt"
    gold.write_text("中国 人民\n北京 大学\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "evalkit", "compare", "--gold", str(gold),
                           "-s", "a=py:tests.fakes:words", "-s", "b=py:tests.fakes:words",
                           "--no-save", "--no-cache", *args],
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, check=True)
    return done.stderr


def test_stderr_a_pipe_gets_a_line_when_each_segmenter_starts_and_ends(
        tmp_path: Path) -> None:
    lines = _compare(tmp_path).splitlines()
    for label in ("a", "b"):
        assert f"evalkit: {label}: started (2 units)" in lines
        assert any(line.startswith(f"evalkit: {label}: finished in ") and line.endswith(" s")
                   for line in lines), lines


def test_quiet_silences_progress_lines(tmp_path: Path) -> None:
    assert _compare(tmp_path, "-q") == ""


def test_a_second_worker_of_a_job_says_it_shares_the_job_count() -> None:
    """The review's finding: both workers of one sharded segmenter said 'started (N
    units)', as if each had N units of its own."""
    clock, stream = Clock(), io.StringIO()
    lines = Lines(interval=15, stream=stream, clock=clock)
    lines.start(0, "thulac", 1493)
    clock.now += 5
    lines.start(1, "thulac #2", 1493, Joining("thulac", 1200))
    lines.advance(0, 400)
    lines.advance(1, 400)
    clock.now += 10
    lines.tick()
    assert stream.getvalue().splitlines() == [
        "evalkit: thulac: started (1,493 units)",
        "evalkit: thulac #2: started, sharing thulac's 1,493 units (1,200 not yet handed out)",
        "evalkit: progress: thulac 400/1,493 units (2 workers, about 41.0 s left)",
    ]


def test_the_runner_tells_a_joining_worker_what_is_left_to_share() -> None:
    stream = io.StringIO()
    texts = [f"第{i}句中国人民银行" for i in range(32)]
    job = Job("slow", "evalkit.segmenters.external:CallableSegmenter",
              {"target": "tests.fakes:slow_words"}, [("a", texts[:16]), ("b", texts[16:])])
    [outcome] = Runner(2, shard_chars=30, progress=Lines(interval=600, stream=stream)).run(
        [job])
    assert outcome.workers == 2
    started = [line for line in stream.getvalue().splitlines() if ": started" in line]
    assert started[0] == "evalkit: slow: started (32 units)"
    prefix, _, pending = started[1].rpartition(" (")
    assert prefix == "evalkit: slow #2: started, sharing slow's 32 units"
    assert 0 < int(pending.removesuffix(" not yet handed out)")) < 32
