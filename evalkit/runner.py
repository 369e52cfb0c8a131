"""Running segmenters in worker processes: scheduling, timeouts, crashes, progress.

Up to ``jobs`` workers run at once (each holds one segmenter; pkuseg alone
takes about 800 MB). A worker that raises, crashes, hangs past the timeout or
is killed becomes a failure with a one-line reason; the others go on. Results
are keyed by job, so their order never depends on scheduling.

Each worker leads a process group of its own: a Ctrl-C at the terminal
reaches evalkit alone, and evalkit, however it stops (finished, failed fast,
interrupted), kills each remaining worker's whole group, so a ``cmd:``
segmenter's program goes with its worker. With ``capture_output`` (--quiet)
what a worker prints is kept in an anonymous file and shown only when the
worker fails.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from subprocess import DEVNULL, Popen
from typing import IO, Any

from evalkit.progress import Progress, Silent
from evalkit.worker import Identity, Job

POLL_SECONDS = 0.5


@dataclass
class CorpusOutput:
    """One corpus's tokens (or why there are none) and the seconds they took."""

    units: list[list[str]] | None = None
    seconds: float | None = 0.0  # None: not measured (read from a file, not run)
    failure: str | None = None
    cached: bool = False  # taken from the cache: ``seconds`` was measured in an earlier run


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
    output: IO[bytes] | None = None  # what the worker printed, when captured


def _worker_environment() -> dict[str, str]:
    """The parent's environment, with its import path, so plugins and test doubles
    importable here are importable in the worker."""
    paths = [p for p in sys.path if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def _send(connection: Connection, job: Job) -> None:
    with contextlib.suppress(OSError):  # a worker that died first: its exit says why
        connection.send(job)


def _kill(process: Popen[bytes]) -> None:
    """Kill a worker and everything it started (its process group), and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()


def _tail(output: IO[bytes], limit: int = 4000) -> str:
    output.seek(0, os.SEEK_END)
    size = output.tell()
    output.seek(max(0, size - limit))
    return output.read().decode(errors="replace").strip()


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
                 progress: Progress | None = None, capture_output: bool = False) -> None:
        self.workers = max(1, jobs)
        self.timeout = timeout
        self.fail_fast = fail_fast
        self.progress = progress or Silent()
        self.capture_output = capture_output

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
                _kill(worker.process)
                self._release(worker)
            self.runner.progress.close()
        return self.outcomes

    def _any_failure(self) -> bool:
        return any(o.failure or any(c.failure for c in o.corpora.values())
                   for o in self.outcomes)

    def _start(self, index: int) -> _Running:
        job = self.jobs[index]
        mine, theirs = multiprocessing.Pipe()
        # Closed in _release, when the worker is retired (it outlives this call).
        output = tempfile.TemporaryFile() if self.runner.capture_output else None  # noqa: SIM115
        process = Popen([sys.executable, "-m", "evalkit.worker", str(theirs.fileno())],
                        pass_fds=(theirs.fileno(),), stdin=DEVNULL,
                        stdout=output if output is not None else 2, stderr=output,
                        env=_worker_environment(), process_group=0)
        theirs.close()
        # A daemon thread hands over the job, so a large corpus never blocks the parent
        # while the worker is still starting.
        threading.Thread(target=_send, args=(mine, job), daemon=True).start()
        timeout = self.runner.timeout
        deadline = time.monotonic() + timeout if timeout else None
        slot = self.slots.pop(0)
        self.runner.progress.start(slot, job.label, sum(len(texts) for _, texts in job.corpora))
        return _Running(index, slot, process, mine, deadline, output)

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
        self.runner.progress.tick()
        now = time.monotonic()
        for worker in list(self.running.values()):
            if worker.deadline is not None and now >= worker.deadline:
                self._stop(worker, f"timed out after {self.runner.timeout:g} s (--timeout)")

    def _handle(self, message: tuple[Any, ...], outcome: Outcome, worker: _Running) -> None:
        kind = message[0]
        if kind == "loaded":
            outcome.identity, outcome.load_seconds = message[1], message[2]
        elif kind == "load_failed":
            outcome.failure = message[1]
        elif kind == "progress":
            self.runner.progress.advance(worker.slot, message[1])
        elif kind == "corpus":
            outcome.corpora[message[1]] = CorpusOutput(message[2], message[3])
        elif kind == "corpus_failed":
            outcome.corpora[message[1]] = CorpusOutput(failure=message[2])
        elif kind == "done":
            outcome.peak_rss_mb = message[1]

    def _stop(self, worker: _Running, reason: str) -> None:
        _kill(worker.process)
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
        failed = outcome.failure or next(
            (c.failure for c in outcome.corpora.values() if c.failure), None)
        self.runner.progress.finish(worker.slot, failed)
        if failed and worker.output is not None:
            printed = _tail(worker.output)
            if printed:
                label = self.jobs[worker.index].label
                sys.stderr.write(f"evalkit: segmenter {label!r} failed; it printed:\n"
                                 + "".join(f"  {line}\n" for line in printed.splitlines()))
        self._release(worker)

    def _release(self, worker: _Running) -> None:
        self.running.pop(worker.connection, None)
        worker.connection.close()
        if worker.output is not None:
            worker.output.close()
        self.slots.append(worker.slot)
        self.slots.sort()
