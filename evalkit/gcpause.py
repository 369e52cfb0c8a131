"""Building many small objects without the cyclic garbage collector running.

Reading a corpus makes a tuple per unit and a string per word, and counting
turns arrays into lists; none of these form reference cycles, yet each
allocation burst triggers collections that walk every live container again
(about a third of reading time on a 100,000-word file). Inside ``paused_gc``
reference counting frees everything as usual; only the cycle collector waits.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector for the block (nested uses are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
