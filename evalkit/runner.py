"""Running segmenters in worker processes: scheduling, timeouts, crashes, progress.

Up to ``jobs`` workers run at once (each holds one segmenter; pkuseg alone
takes about 800 MB). A worker that raises, crashes, hangs past the timeout or
is killed becomes a failure with a one-line reason; the others go on. Results
are keyed by job, so their order never depends on scheduling.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from subprocess import DEVNULL, Popen
from typing import Any

from evalkit.worker import Identity, Job

POLL_SECONDS = 0.5


@dataclass
class CorpusOutput:
    """One corpus's tokens (or why there are none) and the seconds they took."""

    units: list[list[str]] | None = None
    seconds: float = 0.0
    failure: str | None = None


@dataclass
class Outcome:
    """Everything a worker reported for one job."""

    identity: Identity | None = None
    load_seconds: float = 0.0
    peak_rss_mb: float | None = None
    failure: str | None = None  # the worker as a whole (load, crash, timeout)
    corpora: dict[int, CorpusOutput] = field(default_factory=dict)
    cached: bool = False  # every output came from the cache (set by compare)


@dataclass
class _Running:
    index: int
    slot: int  # the progress bar's line
    process: Popen[bytes]
    connection: Connection
    deadline: float | None
    bar: Any = None


def _worker_environment() -> dict[str, str]:
    """The parent's environment, with its import path, so plugins and test doubles
    importable here are importable in the worker."""
    paths = [p for p in sys.path if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def _send(connection: Connection, job: Job) -> None:
    with contextlib.suppress(OSError):  # a worker that died first: its exit says why
        connection.send(job)


def _death(process: Popen[bytes]) -> str:
    code = process.returncode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"worker crashed: killed by {name}{hint}"
    return f"worker exited with status {code} before finishing"


class Runner:
    """Runs jobs in worker processes and collects an Outcome per job."""

    def __init__(self, jobs: int, timeout: float | None = None, fail_fast: bool = False,
                 progress: bool = False) -> None:
        self.workers = max(1, jobs)
        self.timeout = timeout
        self.fail_fast = fail_fast
        self.progress = progress

    def run(self, jobs: Sequence[Job]) -> list[Outcome]:
        return _Session(self, jobs).run()


class _Session:
    """The state of one Runner.run: what is pending, running and reported."""

    def __init__(self, runner: Runner, jobs: Sequence[Job]) -> None:
        self.runner = runner
        self.jobs = jobs
        self.outcomes = [Outcome() for _ in jobs]
        self.pending = list(range(len(jobs)))
        self.running: dict[Any, _Running] = {}
        self.slots = list(range(runner.workers))

    def run(self) -> list[Outcome]:
        try:
            while self.pending or self.running:
                while self.pending and len(self.running) < self.runner.workers:
                    worker = self._start(self.pending.pop(0))
                    self.running[worker.connection] = worker
                self._step()
                if self.runner.fail_fast and self._any_failure():
                    for index in self.pending:
                        self.outcomes[index].failure = "not run (--fail-fast after a failure)"
                    self.pending.clear()
                    for worker in list(self.running.values()):
                        self._stop(worker, "stopped (--fail-fast after a failure)")
        finally:
            for worker in list(self.running.values()):
                worker.process.kill()
        return self.outcomes

    def _any_failure(self) -> bool:
        return any(o.failure or any(c.failure for c in o.corpora.values())
                   for o in self.outcomes)

    def _start(self, index: int) -> _Running:
        job = self.jobs[index]
        mine, theirs = multiprocessing.Pipe()
        process = Popen([sys.executable, "-m", "evalkit.worker", str(theirs.fileno())],
                        pass_fds=(theirs.fileno(),), stdin=DEVNULL, stdout=2,
                        env=_worker_environment())
        theirs.close()
        # A daemon thread hands over the job, so a large corpus never blocks the parent
        # while the worker is still starting.
        threading.Thread(target=_send, args=(mine, job), daemon=True).start()
        timeout = self.runner.timeout
        deadline = time.monotonic() + timeout if timeout else None
        slot = self.slots.pop(0)
        bar = None
        if self.runner.progress:
            from tqdm import tqdm

            bar = tqdm(total=sum(len(texts) for _, texts in job.corpora), desc=job.label,
                       unit="unit", position=slot, leave=False, file=sys.stderr)
        return _Running(index, slot, process, mine, deadline, bar)

    def _step(self) -> None:
        now = time.monotonic()
        deadlines = [w.deadline - now for w in self.running.values() if w.deadline is not None]
        ready = wait(list(self.running), timeout=max(0.0, min([POLL_SECONDS, *deadlines])))
        for connection in ready:
            worker = self.running[connection]
            try:
                message = worker.connection.recv()
            except (EOFError, OSError):  # the worker is gone: finished, or died
                worker.process.wait()
                self._finish(worker, _death(worker.process))
                continue
            self._handle(message, self.outcomes[worker.index], worker)
            if message[0] == "done":  # complete: no need to wait for the process to exit
                self._finish(worker, "")
        now = time.monotonic()
        for worker in list(self.running.values()):
            if worker.deadline is not None and now >= worker.deadline:
                self._stop(worker, f"timed out after {self.runner.timeout:g} s (--timeout)")

    @staticmethod
    def _handle(message: tuple[Any, ...], outcome: Outcome, worker: _Running) -> None:
        kind = message[0]
        if kind == "loaded":
            outcome.identity, outcome.load_seconds = message[1], message[2]
        elif kind == "load_failed":
            outcome.failure = message[1]
        elif kind == "progress" and worker.bar is not None:
            worker.bar.n = message[1]
            worker.bar.refresh()
        elif kind == "corpus":
            outcome.corpora[message[1]] = CorpusOutput(message[2], message[3])
        elif kind == "corpus_failed":
            outcome.corpora[message[1]] = CorpusOutput(failure=message[2])
        elif kind == "done":
            outcome.peak_rss_mb = message[1]

    def _stop(self, worker: _Running, reason: str) -> None:
        worker.process.kill()
        worker.process.wait()
        self._finish(worker, reason)

    def _finish(self, worker: _Running, reason: str) -> None:
        """Retire a worker; what it did not report (unless it said "done") failed."""
        outcome = self.outcomes[worker.index]
        if outcome.peak_rss_mb is None and outcome.failure is None:
            if outcome.identity is None:
                outcome.failure = reason
            else:
                for index in range(len(self.jobs[worker.index].corpora)):
                    outcome.corpora.setdefault(index, CorpusOutput(failure=reason))
        self.running.pop(worker.connection, None)
        worker.connection.close()
        if worker.bar is not None:
            worker.bar.close()
        self.slots.append(worker.slot)
        self.slots.sort()
