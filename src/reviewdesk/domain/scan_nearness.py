"""How near two scans' prints are, roughly and cheaply: the order a look-up's candidates are compared in.

Why a second measure beside ``scan_checks.same_scan``: the confirmation aligns two prints (scale and
shift per axis) and costs ~5 ms a pair, so the server compares only the ``server.flags.MAX_CONFIRMED``
candidates that share most look-up tiles with a scan. At 10^5 scans a copy often meets its original by
one tile, tied with other people's pages of the template that share one tile by chance, and the
original then ranked below the compared ones (6 of the 18 copies missed, docs/PERFORMANCE.md "why
version 5's copies are missed"). The mean difference of the two prints' block means, unaligned,
costs microseconds once the prints are decoded and puts a copy's original first among its template's
pages for every re-saved, rescaled, cropped and re-lit copy measured: it orders the candidates, it
never decides (``same_scan`` still does, so no pair it puts first can be a false match).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reviewdesk.domain import scan_checks

#: Cells (of ``scan_checks.PRINT_SIZE``) a side of the blocks whose means are compared: 4 × 4 cells
#: (a 48 × 36 grid) average out what an unaligned copy moves by a cell or two (a crop, a rescale) and
#: still tell one person's lines of text from another's (measured with ``benchmarks/reuse_bench.py
#: --rerank``: the original first for every copy but turned and combined ones, whose residual turn
#: blurs the blocks — those up to 40th and 26th of 2,529 pages).
NEAR_BLOCK = 4


def level_blocks(levels: np.ndarray) -> np.ndarray:
    """The mean ink level (0–1) of each :data:`NEAR_BLOCK` × :data:`NEAR_BLOCK`-cell block of a print's
    ink levels (``scan_checks.print_levels``; cells past the last whole block are left out)."""
    h, w = levels.shape
    k = NEAR_BLOCK
    cut = levels[: h // k * k, : w // k * k].astype(np.float32)
    return cut.reshape(h // k, k, w // k, k).mean(axis=(1, 3))


def print_blocks(data: bytes) -> np.ndarray | None:
    """:func:`level_blocks` of a stored print (``scan_checks.fingerprint``); None if it cannot be read."""
    levels = scan_checks.print_levels(data) if data else None
    return None if levels is None else level_blocks(levels)


def block_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two prints' :func:`level_blocks` (no alignment): 0 for the same print."""
    return float(np.abs(a - b).mean())


def nearest(asker: np.ndarray | None, others: Sequence[np.ndarray | None], keep: int) -> list[int]:
    """The positions in ``others`` of the ``keep`` blocks nearest ``asker`` by :func:`block_distance`,
    nearest first; of as near, the earlier first (``others`` come in the look-up's ranking by tiles, so
    the result is the same whichever look-up asks). A print that cannot be read is farthest; without
    the asker's own, the first ``keep`` as they came."""
    if asker is None:
        return list(range(min(keep, len(others))))
    far = float("inf")
    distance = [far if other is None else block_distance(asker, other) for other in others]
    return sorted(range(len(others)), key=lambda i: (distance[i], i))[:keep]
