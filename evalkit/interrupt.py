"""SIGINT, SIGTERM and SIGHUP as a clean stop.

A signal becomes an ``Interrupted`` exception in the main thread, so every
``finally`` runs: the runner kills its workers (each in its own process
group, with whatever they started), and temporary files are removed. Writes
that must happen together (a run's report files) run inside ``deferred()``:
a signal received there is raised only when they are all in place. The first
signal wins; later ones are ignored so that cleaning up cannot be cut short.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(BaseException):
    """A stop signal arrived. Not an Exception: nothing catches it by accident."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def status(self) -> int:
        """The shell's convention: 128 + the signal number (130, 143, 129)."""
        return 128 + self.signum


_pending: list[int] | None = None
"""Inside deferred(): the signals received so far."""


def _handle(signum: int, frame: FrameType | None) -> None:
    for number in SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    if _pending is not None:
        _pending.append(signum)
        return
    raise Interrupted(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the stop signals into Interrupted for the duration (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in SIGNALS}
    for number in SIGNALS:
        signal.signal(number, _handle)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Finish the block before acting on a stop signal received meanwhile."""
    global _pending
    outer, _pending = _pending, (_pending if _pending is not None else [])
    try:
        yield
    finally:
        received, _pending = _pending, outer
        if outer is None and received:
            raise Interrupted(received[0])
