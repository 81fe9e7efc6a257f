"""Pausing the cyclic garbage collector around bulk work.

Building hundreds of thousands of small objects (DTO rows, the RW import's
record keys) triggers full collections that traverse every object of the
process again and again while the heap grows. Where the objects hold no
reference cycles worth collecting, the collector waits until the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (also usable as a decorator)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
