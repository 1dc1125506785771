"""Posting lists: the row positions holding each rare value of a field, so a selective condition
(one 类别, a few units, 一线人员, 未同步, 有冲突, a rare 审核状态) finds its rows without scanning 10^6.

Why: a filter that includes such a condition is what an indexed SQLite answers fastest (it walks a
short index range: 4–30 ms at 10^6), while masks over whole arrays cost 3–15 ms however few rows
match. With posting lists the index reads the few thousand candidate positions of the rarest
condition and tests the other conditions on those only (``store.index.plan``).

What is kept: one :class:`Postings` per *key* — a field's codes (enum ranks, dictionary codes, small
integers shifted by one so −1 is a valid NULL stand-in) or a flag derived from it (``field:positive``
for ``pending_actions > 0``, ``field:bit<i>`` for one 对比库 bit) — built lazily on the first query
that needs it: the count of every value, and sorted ``int32`` positions for the values matching at
most ``POSTED_FRACTION`` of the rows (a value matching more is never worth driving a query, and
its list would cost memory: at 10^6 the lists of a field add at most a few MB).

Kept correct on updates (``store.index.patch``): a changed row moves from its old value's list to
its new one's and the counts follow; a value whose list grows past twice the limit drops it (the
count stays exact, so the planner simply does not drive with it). Rows inserted or deleted shift
every position after them, so then all posting lists are dropped and rebuilt on demand, as the
sort orders are. A value rare enough but without a list (it became rare through updates) makes the
planner rebuild that key's lists: one O(n) pass.
"""

from __future__ import annotations

import numpy as np

from reviewdesk.store.index.columns import DictColumn, EnumColumn, IntColumn
from reviewdesk.store.index.state import State

#: A value gets a posting list when it matches at most this share of the rows (also the planner's bar
#: for letting a condition drive a query: ``store.index.plan.DRIVER_FRACTION`` is never above it).
POSTED_FRACTION = 0.125
#: Largest code a key may take (codes are counted with ``np.bincount``; unit ids here are < 2^15).
MAX_CODE = 1 << 20


class Postings:
    """Counts of every code of one key and the sorted positions of its rare codes."""

    def __init__(self, keys: np.ndarray, rows: int) -> None:
        self.limit = max(1, int(rows * POSTED_FRACTION))
        counts = np.bincount(keys) if keys.size else np.zeros(0, dtype=np.int64)
        self.counts = counts.astype(np.int64)
        self.lists: dict[int, np.ndarray] = {}
        rare = np.flatnonzero((counts > 0) & (counts <= self.limit))
        if not rare.size:
            return
        order = np.argsort(keys, kind="stable")  # radix for 8/16-bit keys: positions grouped by code
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        for code in rare.tolist():
            self.lists[code] = order[offsets[code] : offsets[code + 1]].astype(np.int32)

    def count(self, code: int) -> int:
        return int(self.counts[code]) if 0 <= code < len(self.counts) else 0

    def positions(self, code: int) -> np.ndarray | None:
        """Sorted positions holding ``code``; None when the code is not posted (too frequent, or it
        became rare after the lists were built: see :meth:`stale`)."""
        if self.count(code) == 0:
            return np.zeros(0, dtype=np.int32)
        return self.lists.get(code)

    def stale(self, code: int) -> bool:
        """The code is rare enough to be posted but has no list: rebuild the key to use it."""
        count = self.count(code)
        return 0 < count <= self.limit and code not in self.lists

    def patch(self, positions: np.ndarray, old: np.ndarray, new: np.ndarray) -> bool:
        """Rows at ``positions`` changed from codes ``old`` to ``new``. False: the key cannot follow
        (a code outside its range) and must be dropped."""
        moved = old != new
        if not moved.any():
            return True
        positions, old, new = positions[moved].astype(np.int32), old[moved], new[moved]
        if int(new.min()) < 0 or int(new.max()) >= MAX_CODE:
            return False
        if int(new.max()) >= len(self.counts):
            self.counts = np.concatenate(
                [self.counts, np.zeros(int(new.max()) + 1 - len(self.counts), np.int64)]
            )
        np.subtract.at(self.counts, old.astype(np.intp), 1)
        np.add.at(self.counts, new.astype(np.intp), 1)
        for code in np.unique(old).tolist():
            held = self.lists.get(code)
            if held is not None:
                self.lists[code] = np.setdiff1d(held, positions[old == code], assume_unique=True)
        for code in np.unique(new).tolist():
            held = self.lists.get(code)
            if held is None:
                continue
            if self.counts[code] > 2 * self.limit:
                del self.lists[code]  # too frequent to drive a query now; the count stays exact
            else:
                self.lists[code] = np.union1d(held, positions[new == code]).astype(np.int32)
        return True

    def nbytes(self) -> int:
        return int(self.counts.nbytes + sum(v.nbytes for v in self.lists.values()))


def keys(state: State, key: str, positions: np.ndarray | None = None) -> np.ndarray | None:
    """The key's codes (small non-negative integers) for all rows or at ``positions``; None when the
    field cannot be posted (values out of range, a timestamp or text column)."""
    field, _, derived = key.partition(":")
    column = state.columns[field]
    if isinstance(column, EnumColumn | DictColumn):
        codes = column.codes if positions is None else column.codes[positions]
        return _narrow(codes)
    if not isinstance(column, IntColumn):
        return None
    values = column.values if positions is None else column.values[positions]
    if derived == "positive":
        return (values > 0).view(np.uint8)
    if derived.startswith("bit"):
        return ((values >> int(derived[3:])) & 1).astype(np.uint8)
    return _narrow(values.astype(np.int64) + 1)  # −1 (a NULL stand-in) becomes code 0


def code_of(state: State, key: str, value: int) -> int:
    """The code ``value`` has under ``key`` (an IntColumn's values are shifted by one)."""
    field, _, derived = key.partition(":")
    if isinstance(state.columns[field], IntColumn) and not derived:
        return value + 1
    return value


def postings(state: State, key: str, *, code: int | None = None) -> Postings | None:
    """The key's posting lists, built on first use (or again when ``code`` is rare but not posted)."""
    if key in state.postings:
        held = state.postings[key]
        if held is None or code is None or not held.stale(code):
            return held  # None: known not to fit a key (values out of range), not tried again
    built = state.postings[key] = build(state, key)
    return built


def build(state: State, key: str) -> Postings | None:
    """The key's posting lists from the arrays, not cached (None: the key cannot be posted)."""
    codes = keys(state, key)
    return None if codes is None else Postings(codes, len(state.ids))


def drop_field(state: State, field: str) -> None:
    """Forget the posting lists of every key of ``field`` (its codes were renumbered)."""
    for key in [k for k in state.postings if k.partition(":")[0] == field]:
        del state.postings[key]


def patch(state: State, positions: np.ndarray, before: dict[str, np.ndarray | None]) -> None:
    """After the rows at ``positions`` were rewritten in place: move them between lists. ``before``:
    each posted key's codes at ``positions`` taken before the rewrite (:func:`snapshot_codes`)."""
    for key, old in before.items():
        new = keys(state, key, positions)
        held = state.postings.get(key)
        if held is None:
            continue
        if (
            old is None
            or new is None
            or not held.patch(positions, old.astype(np.int64), new.astype(np.int64))
        ):
            del state.postings[key]


def snapshot_codes(state: State, positions: np.ndarray) -> dict[str, np.ndarray | None]:
    """Every posted key's codes at ``positions`` (to :func:`patch` after the rows change)."""
    return {key: keys(state, key, positions) for key, held in state.postings.items() if held is not None}


def _narrow(codes: np.ndarray) -> np.ndarray | None:
    """Codes as the narrowest unsigned type (8/16-bit keys sort by radix: O(n) to build the lists);
    None when they do not fit a posting key (negative, or too many distinct values to count)."""
    if not codes.size:
        return codes.astype(np.uint8)
    if int(codes.min()) < 0 or int(codes.max()) >= MAX_CODE:
        return None
    high = int(codes.max())
    for dtype in (np.uint8, np.uint16):
        if high <= np.iinfo(dtype).max:
            return codes.astype(dtype, copy=False)
    return codes.astype(np.uint32, copy=False)
