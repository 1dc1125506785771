"""``frozen_heap()``: keep Python's cyclic garbage collector off the long-lived heap during bulk work.

Why: a first download parses and stores ~20 container objects per record. They live for a page or
two, so they survive the young collections and pile up in the oldest generation, and every few pages
CPython runs a *full* collection that walks every tracked object of the process (the imported
libraries, SQLAlchemy's caches, the GUI's wrappers …). Measured on a provincial download of 28,059
records (``benchmarks/download_bench.py --server process``): 15 full collections took 1.7–1.9 s of
the client's 5.3–5.6 s of CPU. ``gc.freeze()`` moves everything alive at the start into the permanent
generation, which collections skip; the page objects are still collected normally (and freed by
reference counting as usual). Measured: full collections 0.3 s, client CPU 4.2–4.4 s.

``gc.freeze``/``gc.unfreeze`` move whole generation lists (constant time) and are process-wide, so
nested or concurrent users are counted and only the outermost exit unfreezes. Cyclic garbage made
before the freeze waits until then to be collected, which for a download's duration is harmless.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Freeze the objects alive now for the ``with`` block (see the module docstring)."""
    global _depth
    with _lock:
        _depth += 1
        gc.freeze()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.unfreeze()
