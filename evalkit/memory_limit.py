"""--memory-limit inside a worker: the address-space limit, and room to report hitting it.

The limit is the soft RLIMIT_AS; the hard one is left as it was. A worker that
hits the limit gets a MemoryError (or an allocation failure in C) wherever it
happens to be, often in the middle of an import or of the handler that would
report it; reporting needs memory too, and without any the interpreter dies
with a fatal dump on stderr and no message to the parent. So the worker
reports inside ``lifted()``: the soft limit is raised to the hard one meanwhile,
then set again before anything else runs.
"""

from __future__ import annotations

import errno
import resource
from collections.abc import Iterator
from contextlib import contextmanager

from evalkit.errors import causes

_MEMORY_TEXTS = ("cannot allocate memory", "failed to map segment", "out of memory",
                 "std::bad_alloc")
"""How an allocation refused by the limit reads when a library turns it into another
error: dlopen of an extension module (an ImportError), C and C++ libraries."""


class MemoryLimit:
    """A worker's address-space limit (``megabytes`` None: none), set when made."""

    def __init__(self, megabytes: int | None) -> None:
        self.megabytes = megabytes
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = (megabytes or 0) * 2**20
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        # Built now: raising the limit must not need memory the limit refuses.
        self._on = (soft, hard)
        self._off = (hard, hard)
        self._set = resource.setrlimit
        if megabytes is not None:
            self._set(resource.RLIMIT_AS, self._on)

    @contextmanager
    def lifted(self) -> Iterator[None]:
        """Room to build and send a report: the soft limit raised to the hard one for
        the duration (nothing else runs meanwhile), then set again."""
        if self.megabytes is None:
            yield
            return
        self._set(resource.RLIMIT_AS, self._off)
        try:
            yield
        finally:
            self._set(resource.RLIMIT_AS, self._on)


def memory_failure(error: BaseException, megabytes: int | None) -> str | None:
    """``out of memory (--memory-limit N MB)`` (without the limit when there is none)
    when an allocation failure is behind ``error``; None otherwise."""
    if not (_out_of_memory(error) or (megabytes is not None and _lost_frame(error))):
        return None
    return "out of memory" + (f" (--memory-limit {megabytes} MB)" if megabytes else "")


def _out_of_memory(error: BaseException) -> bool:
    """Whether an allocation failure is behind ``error``: a MemoryError, an OSError
    with ENOMEM, or a library's message for one, anywhere in its causes."""
    for current in causes(error):
        if isinstance(current, MemoryError):
            return True
        if isinstance(current, OSError) and current.errno == errno.ENOMEM:
            return True
        if any(text in str(current).lower() for text in _MEMORY_TEXTS):
            return True
    return False


def _lost_frame(error: BaseException) -> bool:
    """CPython 3.11's SystemError for a Python call whose frame could not be allocated
    (the interpreter's data stack is grown with mmap, which the limit refuses, and
    that failure sets no MemoryError): an allocation failure only under a limit,
    elsewhere it is a C extension's bug."""
    return isinstance(error, SystemError) and \
        "error return without exception set" in str(error)
