"""How a run shows its progress on stderr: bars on a terminal, lines in a log.

A CI log is not a terminal, and bars drawn there are either invisible or
noise; so off a terminal each segmenter gets one line when it starts and one
when it ends (with its time), and long work gets a summary line at most
every ``interval`` seconds (units done, total, an estimate). ``--quiet``
chooses ``Silent``.

A job (one segmenter) may be run by several workers that take its shards in
turn (evalkit.shards): the units done and the total are then the job's, so a
later worker says so when it starts (``Joining``), and a summary counts each
job once, with its number of workers.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

LOG_INTERVAL_SECONDS = 15.0


@dataclass(frozen=True)
class Joining:
    """A worker started for a job that another worker already runs: it takes shards of
    the job's units not yet handed out, and shares the job's count."""

    job: str
    """The job's label (its first worker's)."""
    pending: int
    """The job's units not yet handed out to any worker when this one started."""


class Progress(Protocol):
    """What the runner tells the display, keyed by a worker's slot; ``total`` and the
    ``done`` of ``advance`` are the job's units, whichever of its workers did them."""

    def start(self, slot: int, label: str, total: int,
              joining: Joining | None = None) -> None: ...
    def advance(self, slot: int, done: int) -> None: ...
    def finish(self, slot: int, failure: str | None) -> None: ...
    def tick(self) -> None: ...
    def close(self) -> None: ...


class Silent:
    """No progress at all (--quiet)."""

    def start(self, slot: int, label: str, total: int,
              joining: Joining | None = None) -> None:
        pass

    def advance(self, slot: int, done: int) -> None:
        pass

    def finish(self, slot: int, failure: str | None) -> None:
        pass

    def tick(self) -> None:
        pass

    def close(self) -> None:
        pass


class Bars:
    """One tqdm bar per running worker (stderr is a terminal)."""

    def __init__(self) -> None:
        self.bars: dict[int, Any] = {}

    def start(self, slot: int, label: str, total: int,
              joining: Joining | None = None) -> None:
        from tqdm import tqdm

        desc = label if joining is None else f"{label} (with {joining.job})"
        self.bars[slot] = tqdm(total=total, desc=desc, unit="unit", position=slot,
                               leave=False, file=sys.stderr)

    def advance(self, slot: int, done: int) -> None:
        bar = self.bars.get(slot)
        if bar is not None:
            bar.n = done
            bar.refresh()

    def finish(self, slot: int, failure: str | None) -> None:
        bar = self.bars.pop(slot, None)
        if bar is not None:
            bar.close()

    def tick(self) -> None:
        pass

    def close(self) -> None:
        for slot in list(self.bars):
            self.finish(slot, None)


@dataclass
class _Task:
    label: str
    job: str
    total: int
    started: float
    done: int = 0


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


class Lines:
    """Plain lines for logs: start, end, and a summary at most every ``interval`` s."""

    def __init__(self, interval: float = LOG_INTERVAL_SECONDS, stream: TextIO | None = None,
                 clock: Any = time.monotonic) -> None:
        self.interval = interval
        self.stream = stream
        self.clock = clock
        self.tasks: dict[int, _Task] = {}
        self.last_line = clock()

    def _write(self, text: str) -> None:
        stream = self.stream or sys.stderr
        stream.write(f"evalkit: {text}\n")
        stream.flush()

    def start(self, slot: int, label: str, total: int,
              joining: Joining | None = None) -> None:
        job = label if joining is None else joining.job
        self.tasks[slot] = _Task(label, job, total, self.clock())
        if joining is None:
            self._write(f"{label}: started ({total:,} unit{'' if total == 1 else 's'})")
        else:
            self._write(f"{label}: started, sharing {job}'s {total:,} units "
                        f"({joining.pending:,} not yet handed out)")

    def advance(self, slot: int, done: int) -> None:
        task = self.tasks.get(slot)
        if task is not None:
            task.done = done

    def finish(self, slot: int, failure: str | None) -> None:
        task = self.tasks.pop(slot, None)
        if task is None:
            return
        took = _duration(self.clock() - task.started)
        self._write(f"{task.label}: failed after {took}" if failure else
                    f"{task.label}: finished in {took}")

    def _estimate(self, task: _Task, now: float) -> str:
        if task.done == 0:
            return "loading"
        if task.done >= task.total:
            return "finishing"
        rate = task.done / max(now - task.started, 1e-9)
        return f"about {_duration((task.total - task.done) / rate)} left"

    def tick(self) -> None:
        now = self.clock()
        if not self.tasks or now - self.last_line < self.interval:
            return
        self.last_line = now
        jobs: dict[str, list[_Task]] = {}
        for _, task in sorted(self.tasks.items()):
            jobs.setdefault(task.job, []).append(task)
        parts = []
        for job, tasks in jobs.items():
            # the job's count, once: its workers share it (the earliest start paces it)
            task = _Task(job, job, tasks[0].total, min(t.started for t in tasks),
                         max(t.done for t in tasks))
            workers = f"{len(tasks)} workers, " if len(tasks) > 1 else ""
            parts.append(f"{job} {task.done:,}/{task.total:,} units "
                         f"({workers}{self._estimate(task, now)})")
        self._write("progress: " + "; ".join(parts))

    def close(self) -> None:
        self.tasks.clear()


def choose(quiet: bool, terminal: bool) -> Progress:
    """Silent with --quiet, bars on a terminal, lines otherwise."""
    if quiet:
        return Silent()
    return Bars() if terminal else Lines()
