"""Sorting the list index's matches: cached permutations per field, and two ways to apply them.

Part of ``store.index``. The order is ``store.sql_query``'s: by the field's key, ties by record id
ascending in both directions.

* **Permutations** are computed lazily per field, once, and cached: the ascending one (``int32``
  positions, by key then position = id) and where its groups of equal keys start; the descending one
  is derived from them in O(n) by reversing the groups while keeping ids ascending inside each group
  (cached for the last ``DESCENDING_KEPT`` fields). A change of a field's values drops that field's
  permutations; inserts and deletions drop them all.
* **Many matches** (a boolean mask): walk the permutation — the descending one for a descending
  sort, derived and cached on first use — and keep the matching positions: O(n) whatever the number
  of matches (a random gather of 10^6: 2–5 ms).
* **Few matches** (sorted positions, e.g. from posting lists): look each one's rank up in the
  *inverse* permutation (rank of every position, cached for the last ``INVERSE_KEPT`` fields) and sort
  the ranks — distinct ``int32``, so ``np.sort`` (SIMD, ~30 µs for 13k) instead of a stable argsort
  (~650 µs) — then map the ranks back through the permutation. Descending finds the groups among the
  chosen ranks with a binary search in the ranks where groups start. O(k log k) for k matches.
"""

from __future__ import annotations

import numpy as np

from reviewdesk.store.index.columns import DictColumn, EnumColumn, IntColumn, TextColumn, TimeColumn
from reviewdesk.store.index.state import Perm, State

#: How many fields keep their descending permutation cached (the others derive it again when asked).
DESCENDING_KEPT = 3
#: How many fields keep their inverse permutation (4 MB each at 10^6) for sorting few matches.
INVERSE_KEPT = 6
#: Up to this many groups of equal keys, :func:`reverse_groups` copies slices instead of scattering.
FEW_GROUPS = 4096
#: Up to this share of the rows, matches are sorted by rank (:func:`order_positions`), not by walking
#: the whole permutation (:func:`order_mask`).
FEW_FRACTION = 0.25


def ascending_perm(state: State, field_name: str) -> Perm:
    """The field's cached sort order, computed on first use (radix sort for 8/16-bit keys)."""
    perm = state.perms.get(field_name)
    if perm is None:
        perm = state.perms[field_name] = compute_ascending(state, field_name)
    return perm


def compute_ascending(state: State, field_name: str) -> Perm:
    """The field's ascending order, not cached: reads the arrays only (``RecordIndex.warm_up`` runs
    it outside the index's lock and installs the result if nothing changed meanwhile)."""
    column = state.columns[field_name]
    if isinstance(column, TextColumn):
        ascending, starts = column.argsort(state.ids)
    else:
        key = column.sort_key()
        ascending = np.argsort(key, kind="stable").astype(np.int32)
        ordered = key[ascending]
        starts = np.ones(len(ascending), dtype=bool)
        if len(ascending) > 1:
            starts[1:] = ordered[1:] != ordered[:-1]
    return Perm(ascending, starts)


def permutation(state: State, field_name: str, descending: bool) -> np.ndarray:
    """Every position in the field's order (``descending``: groups reversed, ids ascending inside)."""
    perm = ascending_perm(state, field_name)
    if not descending:
        return perm.ascending
    descending_perm = perm.descending
    if descending_perm is None:
        descending_perm = perm.descending = reverse_groups(perm.ascending, perm.starts)
        # Keep descending orders for the last few fields only: O(n) to derive (~10 ms at 10^6),
        # 4 MB each at 10^6 — all of them would add 60 MB for little gain.
        for old in _touch(state.descending_lru, field_name, DESCENDING_KEPT):
            if old in state.perms:
                state.perms[old].descending = None
    return descending_perm


def descending_costly(state: State, field_name: str) -> bool:
    """The field's ascending order is known, its descending one is not, and deriving it is the
    scatter of every row (more than ``FEW_GROUPS`` groups, not all distinct): worth preparing ahead
    (``RecordIndex.warm_up``)."""
    perm = state.perms.get(field_name)
    if perm is None or perm.descending is not None:
        return False
    groups = int(np.count_nonzero(perm.starts))
    return FEW_GROUPS < groups < len(perm.starts)


def compute_descending(state: State, field_name: str) -> np.ndarray:
    """The field's descending order from its ascending one, not cached (see ``compute_ascending``)."""
    perm = state.perms[field_name]
    return reverse_groups(perm.ascending, perm.starts)


def keep_descending(state: State, field_name: str, descending: np.ndarray) -> None:
    """Cache a descending order prepared ahead; it stays outside the ``DESCENDING_KEPT`` rotation of
    orders derived by queries (a few fields, 4 MB each at 10^6)."""
    perm = state.perms.get(field_name)
    if perm is not None and perm.descending is None:
        perm.descending = descending


def order_mask(state: State, field_name: str, mask: np.ndarray, descending: bool) -> np.ndarray:
    """The positions where ``mask`` holds, in the field's order: one walk of the permutation."""
    if descending:  # many matches: walk the (cached) descending order as it is
        # Deriving it is one O(n) pass, like the group reversal among ≥ 1/4 of the rows it replaces
        # (which cost 2–3× as much: cumulative group numbers of all rows, then the reversal), and
        # the next query sorted this way finds it cached.
        order = permutation(state, field_name, True)
        return order[mask[order]]
    order = ascending_perm(state, field_name).ascending
    return order[mask[order]]


def order_positions(state: State, field_name: str, positions: np.ndarray, descending: bool) -> np.ndarray:
    """These positions (any order, distinct) in the field's order, in O(k log k): see module doc."""
    perm = ascending_perm(state, field_name)
    if len(positions) < 2:
        return np.asarray(positions, dtype=np.int64)
    ranks = np.sort(_inverse(state, field_name, perm)[positions])
    ordered = perm.ascending[ranks]
    if not descending:
        return ordered
    keys = _group_keys(state.columns[field_name])
    if keys is not None:  # equal keys are one group: compare neighbours, O(k)
        keyed = keys[ordered]
        different = keyed[1:] != keyed[:-1]
    else:  # text: groups of equal full values, found by the ranks where groups start
        if perm.group_starts is None:
            perm.group_starts = np.flatnonzero(perm.starts).astype(np.int32)
        group = np.searchsorted(perm.group_starts, ranks, side="right")
        different = group[1:] != group[:-1]
    starts = np.ones(len(ranks), dtype=bool)
    starts[1:] = different
    return reverse_groups(ordered, starts)


def _group_keys(column: object) -> np.ndarray | None:
    """The array whose equal values are the sort's groups, without a copy (``sort_key()`` may convert
    the whole column); None for text columns (their groups need the full overflowing values)."""
    if isinstance(column, EnumColumn | DictColumn):
        return column.codes
    if isinstance(column, IntColumn):
        return column.values
    if isinstance(column, TimeColumn):
        if column.keys is not None:
            return column.keys
        return column.fallback.codes if column.fallback is not None else None
    return None


def reverse_groups(perm: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Groups of equal keys in reverse order, each group still in ascending id order — O(n).

    Element ``i`` of a group spanning ``[s, e)`` goes to ``n - e + (i - s)``: ``i`` plus one offset
    per group, so one gather of the offsets by group number and one scatter (``int32`` throughout:
    at 10^6 rows half the time of the ``int64`` temporaries of the plain formula). All groups of one
    element: the plain reversal; at most ``FEW_GROUPS`` groups (enums, statuses): their slices copied
    in reverse order, one pass (~1 ms at 10^6 instead of ~8)."""
    n = len(perm)
    if n == 0:
        return perm.copy()
    group_start = np.flatnonzero(starts)
    if len(group_start) == n:
        return perm[::-1].copy()
    if len(group_start) <= FEW_GROUPS:  # an enum, a few units: copy the groups' slices, last first
        bounds = [*group_start.tolist(), n]
        return np.concatenate([perm[bounds[g] : bounds[g + 1]] for g in range(len(bounds) - 2, -1, -1)])
    index_type = np.int32 if n < 2**31 else np.int64
    group_start = group_start.astype(index_type)
    group_end = np.empty_like(group_start)
    group_end[:-1] = group_start[1:]
    group_end[-1] = n
    offset = (n - group_end) - group_start  # per group
    group = np.cumsum(starts, dtype=index_type)
    group -= 1
    dest = offset[group]
    dest += np.arange(n, dtype=index_type)
    out = np.empty_like(perm)
    out[dest] = perm
    return out


def _inverse(state: State, field_name: str, perm: Perm) -> np.ndarray:
    if perm.inverse is None:
        inverse = np.empty(len(perm.ascending), dtype=np.int32)
        inverse[perm.ascending] = np.arange(len(perm.ascending), dtype=np.int32)
        perm.inverse = inverse
        for old in _touch(state.inverse_lru, field_name, INVERSE_KEPT):
            if old in state.perms:
                state.perms[old].inverse = None
                state.perms[old].group_starts = None
    return perm.inverse


def _touch(lru: list[str], name: str, kept: int) -> list[str]:
    """Mark ``name`` most recently used; return the names that fell out of the last ``kept``."""
    if name in lru:
        lru.remove(name)
    lru.append(name)
    dropped = []
    while len(lru) > kept:
        dropped.append(lru.pop(0))
    return dropped
