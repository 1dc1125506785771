"""How every benchmark reports a figure, so ``run_all.py`` can gather them into one table.

One line per figure: ``name value unit goal PASS|MISS|INFO`` (INFO: no goal of its own, e.g. the
baseline a figure was compared with). ``goal`` is free text without the verdict (``≤60``, ``≥3.0``, ``-``).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def line(name: str, value: float, unit: str, goal: str, ok: bool | None, fmt: str = ".4g") -> None:
    """Print one figure; ``ok`` None makes it INFO."""
    verdict = "INFO" if ok is None else ("PASS" if ok else "MISS")
    print(f"{name} {value:{fmt}} {unit} {goal or '-'} {verdict}", flush=True)


def timed_ms(work: Callable[[], Any]) -> tuple[Any, float]:
    """``work()``'s result and its wall time in milliseconds."""
    started = time.perf_counter()
    result = work()
    return result, (time.perf_counter() - started) * 1000


def median_ms(work: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None) -> float:
    """Median wall time of ``repeat`` calls; ``before`` runs untimed ahead of each (e.g. emptying a cache)."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        times.append(timed_ms(work)[1])
    return statistics.median(times)


def peak_rss_mb() -> float:
    """This process's own high-water RSS in MB: VmHWM. Not ``ru_maxrss`` where VmHWM can be read: Linux
    keeps ``ru_maxrss`` across exec, so a child started by a big parent (the benchmark's own hashes or
    stores) reports the parent's peak whenever its own is smaller."""
    try:
        for text in Path("/proc/self/status").read_text().splitlines():
            if text.startswith("VmHWM:"):
                return int(text.split()[1]) / 1024
    except OSError:
        pass
    import resource  # Unix only: _report is imported by every benchmark

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
