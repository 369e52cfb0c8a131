"""The worker process: loads one segmenter and segments the shards it is given.

Each segmenter runs in its own process, so an import error, an exception, a
crash, a hang or a memory blow-up costs one row, never the run. The worker
sends typed messages (evalkit.messages) to the parent over a pipe; the parent
(runner.py) decides what a missing message means. Timing happens here and covers the segmenter's
own work only: loading, then each corpus's segmentation; no scoring.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from evalkit.errors import causes
from evalkit.memory_limit import MemoryLimit, memory_failure
from evalkit.messages import (
    Finished,
    GaveUp,
    Identity,
    Job,
    Loaded,
    LoadFailed,
    Segment,
    ShardDone,
    ShardFailed,
    UnitsDone,
)

PROGRESS_STEPS = 50
"""A corpus is segmented in about this many batches, to report progress."""


_NETWORK_ERRORS = {"gaierror", "URLError", "ConnectionError", "NewConnectionError",
                   "MaxRetryError", "ConnectTimeout", "ConnectTimeoutError"}


def _network_failure(error: BaseException) -> BaseException | None:
    """The network error behind ``error``, if loading failed because a library tried to
    download something (urllib, requests and urllib3 wrap it differently)."""
    return next((current for current in causes(error, "reason")
                 if type(current).__name__ in _NETWORK_ERRORS), None)


def _reason(error: BaseException, memory_limit_mb: int | None = None) -> str:
    network = _network_failure(error)
    if network is not None:
        detail = str(getattr(network, "reason", None) or network).strip()
        return ("tried to download something it does not have locally (a model?) and could "
                f"not reach the network ({detail}); install what this segmenter needs on "
                "this machine first, or choose options that use its bundled model")
    memory = memory_failure(error, memory_limit_mb)
    if memory is not None:  # before an ImportError: an import can run out of memory
        return memory
    reason = getattr(error, "reason", None)
    if reason:
        return str(reason)
    if isinstance(error, ImportError):
        return f"cannot be imported ({error})"
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _batches(count: int) -> list[range]:
    size = max(1, -(-count // PROGRESS_STEPS))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def segment_all(segmenter: Any, texts: Sequence[str], progress: Callable[[int], None],
                corpus: str = "") -> tuple[list[list[str]], float | None]:
    """Every unit's tokens and the seconds the segmenter spent; empty units are not sent.

    An output read from a file (``all_units``) has no speed to measure: its
    seconds are None, shown as n/a.

    Checks the shape of what comes back (one list of strings per unit); the
    text itself is checked by the parent against the gold.
    """
    from evalkit.errors import SegmenterError

    if hasattr(segmenter, "all_units"):
        units: list[list[str]] = segmenter.all_units(corpus)
        if len(units) != len(texts):
            where = getattr(segmenter, "path_for", lambda name: segmenter.name)(corpus)
            gold = f"the gold ({corpus})" if corpus else "the gold"
            raise SegmenterError(segmenter.name, f"{where} has {len(units)} units but "
                                 f"{gold} has {len(texts)}")
        progress(len(texts))
        return units, None
    todo = [index for index, text in enumerate(texts) if text.strip()]
    units = [[] for _ in texts]
    seconds = 0.0
    whole = getattr(segmenter, "WHOLE_CORPUS", False)  # e.g. one process per call
    for batch in [range(len(todo))] if whole and todo else _batches(len(todo)):
        chunk = [texts[todo[i]] for i in batch]
        start = time.perf_counter()
        output = segmenter.segment(chunk)
        seconds += time.perf_counter() - start
        first, last = todo[batch.start] + 1, todo[batch.stop - 1] + 1
        if not isinstance(output, list):
            raise SegmenterError(segmenter.name, f"returned {type(output).__name__} for units "
                                 f"{first}-{last}; segment() must return a list per unit")
        if len(output) != len(chunk):
            raise SegmenterError(segmenter.name, f"returned {len(output)} results for "
                                 f"{len(chunk)} units (units {first}-{last})")
        for i, tokens in zip(batch, output, strict=True):
            if not isinstance(tokens, list | tuple) or \
                    not all(isinstance(t, str) for t in tokens):
                raise SegmenterError(segmenter.name, f"unit {todo[i] + 1}: the result is not "
                                     "a list of strings")
            units[todo[i]] = list(tokens)
        progress(batch.stop)
    return units, seconds


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    On Linux it is the VmHWM of /proc/self/status: ``ru_maxrss`` survives fork and
    exec, so a worker started by a parent holding 500 MB would report at least
    500 MB whatever its segmenter uses. Elsewhere ``ru_maxrss`` (KiB on Linux,
    bytes on macOS) is the best there is.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when evalkit dies, even by SIGKILL (best effort:
    evalkit kills its workers itself whenever it can run code)."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def main(argv: Sequence[str]) -> None:
    """``python -m evalkit.worker FD``: FD is this worker's end of the parent's pipe.

    The parent starts the worker with stdout pointing at stderr (or at a
    capture file), so whatever a segmenter prints never mixes with results.
    A stop signal ends the worker at once and silently (the default action,
    not a KeyboardInterrupt traceback); a parent that went away ends it too.
    Whatever else ends it early (say, --memory-limit reached while receiving a
    shard) is told to the parent (GaveUp), never dumped on stderr.
    """
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    if sys.platform == "linux":
        _die_with_parent()
    connection = Connection(int(argv[0]))
    try:
        job: Job = connection.recv()
    except (EOFError, OSError):  # the parent is gone: nobody to report to
        os._exit(1)
    sys.stdout = sys.stderr
    limit = MemoryLimit(job.memory_limit_mb)
    try:
        run(job, connection, limit)
    except (EOFError, OSError):  # the parent is gone: nobody to report to
        os._exit(1)
    except BaseException as error:  # anything else: the last word, whatever it was
        with limit.lifted(), contextlib.suppress(BaseException):
            connection.send(GaveUp(_reason(error, job.memory_limit_mb)))
            sys.stderr.flush()
        os._exit(1)  # no interpreter shutdown under the limit: it could fail noisily


def run(job: Job, connection: Connection, limit: MemoryLimit) -> None:
    """Load the job's segmenter, then segment each shard the parent sends (Segment)
    until it sends anything else (Stop), reporting each step (evalkit.messages).
    A failure is reported with the memory limit lifted (MemoryLimit.lifted): a
    worker that ran out of memory has none left to say so."""
    start = time.perf_counter()
    try:
        from evalkit.segmenters import construct  # under the limit: imports count too

        segmenter = construct(job.adapter, job.options)
        loaded = Loaded(Identity(segmenter.name, segmenter.package, segmenter.version,
                                 dict(segmenter.options)), time.perf_counter() - start)
    except BaseException as error:  # anything a third-party import or constructor raises
        with limit.lifted():
            connection.send(LoadFailed(_reason(error, job.memory_limit_mb)))
        return
    connection.send(loaded)
    while True:  # shard after shard, until the parent says stop
        message = connection.recv()
        if not isinstance(message, Segment):
            break

        def report(done: int) -> None:
            connection.send(UnitsDone(done))

        try:
            units, seconds = segment_all(segmenter, message.texts, report, message.corpus)
            done = ShardDone(message.key, units, seconds)
        except BaseException as error:  # anything a third-party segmenter raises
            with limit.lifted():
                connection.send(ShardFailed(message.key, _reason(error, job.memory_limit_mb)))
            continue
        connection.send(done)
    connection.send(Finished(peak_rss_mb()))


if __name__ == "__main__":
    # Everything pickled over the pipe is defined in evalkit.messages, not in this
    # __main__ module, so the parent can unpickle it.
    main(sys.argv[1:])
