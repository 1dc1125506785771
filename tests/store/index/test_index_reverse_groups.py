"""A descending order reverses the groups of equal keys and keeps each group's ids ascending — on every
path of ``sort.reverse_groups``: no rows, every group of one row, a few groups (slices copied), and
more groups than ``FEW_GROUPS`` (one scatter). The expected order is built group by group in plain
Python, not by the index.

Why: the six-record tests never have more than a handful of groups, so the scatter path (and its
offsets) was reached by no test (mutation testing, docs/MUTATION.md)."""

from __future__ import annotations

import numpy as np
import pytest

from reviewdesk.store.index import sort as index_sort


def by_hand(perm: list[int], starts: list[bool]) -> list[int]:
    groups: list[list[int]] = []
    for value, start in zip(perm, starts, strict=True):
        if start:
            groups.append([])
        groups[-1].append(value)
    return [value for group in reversed(groups) for value in group]


def test_a_few_groups_are_reversed_whole() -> None:
    perm = np.array([7, 3, 9, 1, 4, 8], dtype=np.int32)
    starts = np.array([True, False, True, False, False, True])
    assert index_sort.reverse_groups(perm, starts).tolist() == [8, 9, 1, 4, 7, 3]
    assert index_sort.reverse_groups(perm, np.ones(6, dtype=bool)).tolist() == [8, 4, 1, 9, 3, 7]
    assert index_sort.reverse_groups(perm[:0], starts[:0]).tolist() == []
    single = np.array([True, False, False, False, False, False])
    assert index_sort.reverse_groups(perm, single).tolist() == [7, 3, 9, 1, 4, 8]


@pytest.mark.parametrize(
    "groups", [index_sort.FEW_GROUPS + 1, 3 * index_sort.FEW_GROUPS], ids=["just-over", "many"]
)
def test_more_groups_than_few_are_reversed_by_one_scatter(groups: int) -> None:
    rng = np.random.default_rng(groups)
    sizes = rng.integers(1, 4, size=groups)
    starts = np.zeros(int(sizes.sum()), dtype=bool)
    starts[np.concatenate([[0], np.cumsum(sizes)[:-1]])] = True
    perm = rng.permutation(len(starts)).astype(np.int32)
    got = index_sort.reverse_groups(perm, starts)
    assert got.dtype == perm.dtype
    assert got.tolist() == by_hand(perm.tolist(), starts.tolist())
