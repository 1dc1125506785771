"""Weighted draws from a seeded generator (every demo value comes from one, see ``demo_data``).

Each draw consumes the generator exactly as it always has: the demo data of a seed must not change.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def pick(rng: random.Random, weighted: Sequence[tuple[T, int]]) -> T:
    """One value of ``weighted`` ((value, weight) pairs), by weight: one ``random()`` call."""
    total = sum(w for _, w in weighted)
    r = rng.random() * total
    for value, weight in weighted:
        r -= weight
        if r < 0:
            return value
    return weighted[-1][0]


def pick_cumulative(rng: random.Random, items: Sequence[T], cumulative: Sequence[float]) -> T:
    """One of ``items`` by the running totals of their weights (``itertools.accumulate``): one
    ``random()`` call and a binary search, for tables drawn from thousands of times."""
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
