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
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from subprocess import DEVNULL, Popen
from typing import IO, Any

from evalkit import shards
from evalkit.messages import (
    Finished,
    FromWorker,
    GaveUp,
    Identity,
    Job,
    Loaded,
    LoadFailed,
    Segment,
    ShardDone,
    ShardFailed,
    Stop,
    ToWorker,
    UnitsDone,
)
from evalkit.progress import Joining, Progress, Silent

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
    """Everything the workers of one job reported."""

    identity: Identity | None = None
    load_seconds: float = 0.0  # one worker's loading (the mean, when several ran the job)
    peak_rss_mb: float | None = None  # the largest of its workers' peaks
    failure: str | None = None  # the job as a whole (load, crash, timeout)
    not_run: bool = False  # --fail-fast stopped the run before any of its workers started
    corpora: dict[int, CorpusOutput] = field(default_factory=dict)
    cached: bool = False  # every output came from the cache (set by compare)
    workers: int = 0  # processes that loaded the segmenter for this job
    spans: list[tuple[float, float]] = field(default_factory=list)
    """Each of its workers' start and end, in seconds since the run began (benchmarks
    compute the cores' idle time from these)."""
    shard_seconds: list[float] = field(default_factory=list)  # each shard's segmenting


@dataclass
class _Running:
    index: int  # the job whose segmenter this worker holds
    slot: int  # the progress display's line
    process: Popen[bytes]
    connection: Connection
    deadline: float | None
    output: IO[bytes] | None = None  # what the worker printed, when captured
    loaded: bool = False
    shard: int | None = None  # the shard it is segmenting (index into _Session.shards)
    shard_done: int = 0  # units of that shard done
    last_words: str | None = None  # why it gave up (GaveUp), told before it exited
    started: float = field(default_factory=time.monotonic)


@dataclass
class _JobState:
    """A job's shards and what its workers reported so far."""

    queue: deque[int]  # shards not yet handed out, in order
    parts: dict[int, list[tuple[int, list[list[str]], float | None]]]  # corpus -> shard outputs
    expected: dict[int, int]  # corpus -> its number of shards
    total_units: int
    done_units: int = 0
    started: int = 0  # workers started
    loads: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    seconds: float = 0.0  # segmenting time so far
    chars: int = 0  # characters segmented so far


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


_ALLOCATION_CRASHES = (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGKILL)
"""How C code dies of an allocation it did not check (or C++'s uncaught bad_alloc)."""


def _death(process: Popen[bytes], memory_limit_mb: int | None = None) -> str:
    """Why a worker that said nothing more died. A signal under --memory-limit may
    be the limit (C code that took no MemoryError for an answer), but evalkit cannot
    tell: the hint says so rather than claim it."""
    code = process.returncode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        if memory_limit_mb is not None and -code in _ALLOCATION_CRASHES:
            hint = f" (out of memory? --memory-limit {memory_limit_mb} MB)"
        return f"worker crashed: killed by {name}{hint}"
    return f"worker exited with status {code} before finishing"


class Runner:
    """Runs jobs in worker processes and collects an Outcome per job.

    A job's corpora are cut into shards (evalkit.shards); a worker loads its
    job's segmenter once and takes that job's shards one after another. When a
    slot is free and every job has a worker, a further worker of the job with
    the most work left takes some of its shards, so no core waits for one slow
    segmenter. ``shard_chars`` None plans shards from the text's length and the
    number of workers (one shard per corpus with one worker).
    """

    def __init__(self, jobs: int, timeout: float | None = None, fail_fast: bool = False,
                 progress: Progress | None = None, capture_output: bool = False,
                 *, shard_chars: int | None = None) -> None:
        self.workers = max(1, jobs)
        self.timeout = timeout
        self.fail_fast = fail_fast
        self.progress = progress or Silent()
        self.capture_output = capture_output
        self.shard_chars = shard_chars

    def run(self, jobs: Sequence[Job]) -> list[Outcome]:
        return _Session(self, jobs).run()

    def chars_per_shard(self, jobs: Sequence[Job]) -> int | None:
        if self.shard_chars is not None:
            return self.shard_chars
        if self.workers == 1:
            return None
        total = sum(len(text) for job in jobs for _, texts in job.corpora for text in texts)
        return shards.shard_size(total // max(1, len(jobs)), self.workers)


class _Session:
    """The state of one Runner.run: shards pending, workers running, outputs reported."""

    def __init__(self, runner: Runner, jobs: Sequence[Job]) -> None:
        self.runner = runner
        self.jobs = jobs
        self.outcomes = [Outcome() for _ in jobs]
        size = runner.chars_per_shard(jobs)
        self.shards: list[shards.Shard] = []
        self.states: list[_JobState] = []
        for index, job in enumerate(jobs):
            planned = shards.plan(index, [texts for _, texts in job.corpora], job.splittable,
                                  size)
            first = len(self.shards)
            self.shards += planned
            expected: dict[int, int] = {}
            for shard in planned:
                expected[shard.corpus] = expected.get(shard.corpus, 0) + 1
            self.states.append(_JobState(deque(range(first, len(self.shards))), {}, expected,
                                         sum(len(texts) for _, texts in job.corpora)))
        self.running: dict[Any, _Running] = {}
        self.slots = list(range(runner.workers))
        self.began = time.monotonic()

    def run(self) -> list[Outcome]:
        try:
            while self.running or any(state.queue for state in self.states):
                while len(self.running) < self.runner.workers:
                    index = self._next_job()
                    if index is None:
                        break
                    worker = self._start(index)
                    self.running[worker.connection] = worker
                if not self.running:
                    break
                self._step()
                if self.runner.fail_fast and self._any_failure():
                    self._stop_everything()
        finally:
            for worker in list(self.running.values()):
                _kill(worker.process)
                self._release(worker)
            self.runner.progress.close()
        for index in range(len(self.jobs)):
            self._settle(index)
        return self.outcomes

    def _stop_everything(self) -> None:
        for index, state in enumerate(self.states):
            if state.started == 0 and state.queue:
                self.outcomes[index].failure = "not run (--fail-fast after a failure)"
                self.outcomes[index].not_run = True
                state.queue.clear()
            else:
                self._cancel(index, "stopped (--fail-fast after a failure)")
        for worker in list(self.running.values()):
            self._stop(worker, "stopped (--fail-fast after a failure)")

    def _any_failure(self) -> bool:
        return any(o.failure or any(c.failure for c in o.corpora.values())
                   for o in self.outcomes)

    def _next_job(self) -> int | None:
        """The job a new worker should hold: one nobody holds yet, in order; else, once
        every job is held, the one whose pending work, shared with one more worker,
        outlasts that worker's loading the longest (judged from its shards so far)."""
        live = [0] * len(self.jobs)
        loading = [0] * len(self.jobs)
        for worker in self.running.values():
            live[worker.index] += 1
            loading[worker.index] += not worker.loaded
        waiting = [i for i, state in enumerate(self.states)
                   if state.queue and live[i] == 0 and self.outcomes[i].failure is None]
        if waiting:
            return waiting[0]
        best, best_left = None, 0.0
        for i, state in enumerate(self.states):
            if not state.queue or loading[i] or self.outcomes[i].identity is None:
                continue
            left = self._seconds_left(i) / (live[i] + 1)
            load = sum(state.loads) / len(state.loads) if state.loads else 0.0
            if left > load and left > best_left:
                best, best_left = i, left
        return best

    def _seconds_left(self, index: int) -> float:
        """The job's pending work at its speed so far (0 until a shard has told it)."""
        state = self.states[index]
        if state.seconds <= 0 or state.chars == 0:
            return 0.0
        pending = sum(self._chars(self.shards[k]) for k in state.queue)
        return pending * state.seconds / state.chars

    def _texts(self, shard: shards.Shard) -> list[str]:
        return self.jobs[shard.spec].corpora[shard.corpus][1][shard.start:shard.stop]

    def _chars(self, shard: shards.Shard) -> int:
        return sum(map(len, self._texts(shard)))

    def _start(self, index: int) -> _Running:
        job = self.jobs[index]
        state = self.states[index]
        state.started += 1
        mine, theirs = multiprocessing.Pipe()
        # Closed in _release, when the worker is retired (it outlives this call).
        output = tempfile.TemporaryFile() if self.runner.capture_output else None  # noqa: SIM115
        process = Popen([sys.executable, "-m", "evalkit.worker", str(theirs.fileno())],
                        pass_fds=(theirs.fileno(),), stdin=DEVNULL,
                        stdout=output if output is not None else 2, stderr=output,
                        env=_worker_environment(), process_group=0)
        theirs.close()
        # A daemon thread hands over the job (its texts come shard by shard, once it has
        # loaded), so the parent never waits for a worker that is still starting.
        threading.Thread(target=_send, args=(mine, replace(job, corpora=[])),
                         daemon=True).start()
        timeout = self.runner.timeout
        deadline = time.monotonic() + timeout if timeout else None
        slot = self.slots.pop(0)
        if state.started == 1:
            self.runner.progress.start(slot, job.label, state.total_units)
        else:  # a later worker takes shards not yet handed out; the count is the job's
            pending = sum(self.shards[k].stop - self.shards[k].start for k in state.queue)
            self.runner.progress.start(slot, f"{job.label} #{state.started}",
                                       state.total_units, Joining(job.label, pending))
        self.runner.progress.advance(slot, state.done_units)
        return _Running(index, slot, process, mine, deadline, output)

    def _assign(self, worker: _Running) -> None:
        """Hand the worker its job's next shard, or tell it to stop."""
        state = self.states[worker.index]
        worker.shard, worker.shard_done = None, 0
        message: ToWorker = Stop()
        if state.queue:
            key = state.queue.popleft()
            shard = self.shards[key]
            worker.shard = key
            message = Segment(key, self.jobs[worker.index].corpora[shard.corpus][0],
                              self._texts(shard))
        with contextlib.suppress(OSError):  # a worker that died first: its exit says why
            worker.connection.send(message)

    def _step(self) -> None:
        now = time.monotonic()
        deadlines = [w.deadline - now for w in self.running.values() if w.deadline is not None]
        ready = wait(list(self.running), timeout=max(0.0, min([POLL_SECONDS, *deadlines])))
        for connection in ready:
            worker = self.running.get(connection)
            if worker is None:
                continue
            try:
                message = worker.connection.recv()
            except (EOFError, OSError):  # the worker is gone: finished, or died
                worker.process.wait()
                self._finish(worker, worker.last_words or _death(
                    worker.process, self.jobs[worker.index].memory_limit_mb))
                continue
            self._handle(message, worker)
        self.runner.progress.tick()
        now = time.monotonic()
        for worker in list(self.running.values()):
            if worker.deadline is not None and now >= worker.deadline:
                self._stop(worker, f"timed out after {self.runner.timeout:g} s (--timeout)")

    def _handle(self, message: FromWorker, worker: _Running) -> None:
        outcome, state = self.outcomes[worker.index], self.states[worker.index]
        match message:
            case Loaded(identity, seconds):
                outcome.identity = outcome.identity or identity
                state.loads.append(seconds)
                worker.loaded = True
                self._assign(worker)
            case LoadFailed(reason):
                if outcome.identity is None:
                    outcome.failure = reason
                    state.queue.clear()
            case UnitsDone(done):
                worker.shard_done = done
                self._show_progress(worker.index)
            case ShardDone(_, units, seconds) if worker.shard is not None:
                shard = self.shards[worker.shard]
                state.parts.setdefault(shard.corpus, []).append((shard.start, units, seconds))
                state.done_units += shard.stop - shard.start
                if seconds is not None:
                    outcome.shard_seconds.append(seconds)
                    state.seconds += seconds
                    state.chars += self._chars(shard)
                self._complete(worker.index, shard.corpus)
                self._assign(worker)
                self._show_progress(worker.index)
            case ShardFailed(_, reason) if worker.shard is not None:
                self._fail_corpus(worker.index, self.shards[worker.shard].corpus, reason)
                self._assign(worker)
            case Finished(peak):
                state.peaks.append(peak)
                self._finish(worker, "")
            case GaveUp(reason):
                worker.last_words = reason

    def _show_progress(self, index: int) -> None:
        workers = [w for w in self.running.values() if w.index == index]
        done = self.states[index].done_units + sum(w.shard_done for w in workers)
        for worker in workers:
            self.runner.progress.advance(worker.slot, done)

    def _complete(self, index: int, corpus: int) -> None:
        """A corpus whose shards are all in becomes one output, in unit order."""
        state, outcome = self.states[index], self.outcomes[index]
        parts = state.parts.get(corpus, [])
        if corpus in outcome.corpora or len(parts) < state.expected[corpus]:
            return
        parts.sort(key=lambda part: part[0])
        units = [unit for _, shard_units, _ in parts for unit in shard_units]
        times = [seconds for _, _, seconds in parts]
        outcome.corpora[corpus] = CorpusOutput(
            units, None if any(t is None for t in times) else sum(t or 0.0 for t in times))
        del state.parts[corpus]

    def _fail_corpus(self, index: int, corpus: int, reason: str) -> None:
        """A corpus with a failed shard fails as a whole; its other shards are not run."""
        outcome, state = self.outcomes[index], self.states[index]
        if corpus not in outcome.corpora:
            outcome.corpora[corpus] = CorpusOutput(failure=reason)
        state.parts.pop(corpus, None)
        state.queue = deque(k for k in state.queue if self.shards[k].corpus != corpus)

    def _cancel(self, index: int, reason: str) -> None:
        """Every corpus of the job not reported yet fails with ``reason``."""
        for corpus in self.states[index].expected:
            self._fail_corpus(index, corpus, reason)

    def _stop(self, worker: _Running, reason: str) -> None:
        _kill(worker.process)
        self._finish(worker, reason)

    def _finish(self, worker: _Running, reason: str) -> None:
        """Retire a worker. One that died (``reason``) fails its shard's corpus and, like
        an unsharded worker, every corpus of its job not reported yet; if no worker of
        the job ever loaded, the job fails as a whole."""
        outcome = self.outcomes[worker.index]
        failed: str | None = None
        if reason:
            if outcome.identity is None:
                outcome.failure = outcome.failure or reason
                self.states[worker.index].queue.clear()
                failed = outcome.failure
            elif worker.loaded:
                if worker.shard is not None:
                    self._fail_corpus(worker.index, self.shards[worker.shard].corpus, reason)
                self._cancel(worker.index, reason)
                failed = reason
        failed = failed or outcome.failure or next(
            (c.failure for c in outcome.corpora.values() if c.failure), None)
        self.runner.progress.finish(worker.slot, failed)
        if failed and worker.output is not None:
            printed = _tail(worker.output)
            if printed:
                label = self.jobs[worker.index].label
                sys.stderr.write(f"evalkit: segmenter {label!r} failed; it printed:\n"
                                 + "".join(f"  {line}\n" for line in printed.splitlines()))
        self._release(worker)

    def _settle(self, index: int) -> None:
        """The job's outcome once its workers are gone: loads, peaks, anything unreported."""
        outcome, state = self.outcomes[index], self.states[index]
        outcome.workers = len(state.loads)
        if state.loads:
            outcome.load_seconds = sum(state.loads) / len(state.loads)
        outcome.peak_rss_mb = max(state.peaks) if state.peaks else None
        if outcome.failure is None:
            for corpus in state.expected:
                outcome.corpora.setdefault(corpus, CorpusOutput(failure="no output"))

    def _release(self, worker: _Running) -> None:
        self.outcomes[worker.index].spans.append((worker.started - self.began,
                                                  time.monotonic() - self.began))
        self.running.pop(worker.connection, None)
        worker.connection.close()
        if worker.output is not None:
            worker.output.close()
        self.slots.append(worker.slot)
        self.slots.sort()
