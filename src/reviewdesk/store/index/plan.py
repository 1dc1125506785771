"""Which rows match a filter: the list index's query planner.

Part of ``store.index``. A ``RecordFilter`` becomes a list of ANDed conditions (:func:`conditions`),
each able to answer in three ways: a boolean mask over every row, a test of some given positions,
and — when its field has posting lists (``store.index.postings``) — the exact number of rows it
matches and their sorted positions.

The plan (:func:`select`), measured at 10^6 rows on 2 cores:

* The condition matching the fewest rows according to the posting lists' counts *drives* when it
  matches at most ``DRIVER_FRACTION`` of the rows: its positions are the candidates, and every other
  condition only tests those (a gather of a few thousand elements, microseconds each), text searches
  last. This is what SQLite does with its most selective index, without SQLite's per-row cost: a
  filter on one 类别 of a level and two other conditions answers in ~0.1 ms instead of 3–4 ms of masks.
* Otherwise (no condition is selective: every one matches a large share) each condition is a mask
  over all rows, ANDed in place; a text search then runs on the rows still matching when those are
  fewer than half.

The result (:class:`Matches`): everything, a mask, or sorted positions; ``store.index.sort`` orders
few matches by rank and many by walking the permutation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from reviewdesk.domain.enums import DataScope, Library, ReviewStatus, Tier
from reviewdesk.domain.precheck import KINDS
from reviewdesk.store.filters import NOT_REACHED, RecordFilter
from reviewdesk.store.index import postings as index_postings
from reviewdesk.store.index.columns import TEXT_COLUMNS, TIME_COLUMN, DictColumn, EnumColumn
from reviewdesk.store.index.state import State
from reviewdesk.store.sql_query import LIBRARY_BIT, date_bounds, fold_ascii, needle

#: A condition drives the query (its posting list gives the candidates) when it matches at most this
#: share of the rows; never above ``index_postings.POSTED_FRACTION`` in use (rarer values only).
DRIVER_FRACTION = 0.125

_NO_POSITIONS = np.zeros(0, dtype=np.int32)


@dataclass
class Matches:
    """The rows a filter matches: all (both None), a ``mask`` over all rows, or sorted ``positions``."""

    mask: np.ndarray | None = None
    positions: np.ndarray | None = None

    @property
    def everything(self) -> bool:
        return self.mask is None and self.positions is None

    def count(self, rows: int) -> int:
        if self.positions is not None:
            return len(self.positions)
        return rows if self.mask is None else int(np.count_nonzero(self.mask))

    def of(self, array: np.ndarray) -> np.ndarray:
        """``array``'s elements at the matching rows (in position order)."""
        if self.positions is not None:
            return array[self.positions]
        return array if self.mask is None else array[self.mask]


class Condition:
    """One ANDed condition. Subclasses answer :meth:`mask` and :meth:`test`; those on posted fields
    also :meth:`estimate` (exact count, None: unknown) and :meth:`candidates` (None: not posted)."""

    searches_text = False

    def mask(self, state: State) -> np.ndarray:
        raise NotImplementedError

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def estimate(self, state: State) -> int | None:
        return None

    def candidates(self, state: State) -> np.ndarray | None:
        return None


class Equals(Condition):
    """``field = value`` on an enum rank, a dictionary code or an integer (posting key: the field)."""

    def __init__(self, field: str, value: int) -> None:
        self.field = field
        self.value = value

    def _array(self, state: State) -> np.ndarray:
        column = state.columns[self.field]
        return column.codes if isinstance(column, EnumColumn | DictColumn) else column.values

    def mask(self, state: State) -> np.ndarray:
        return self._array(state) == self.value

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        return self._array(state)[positions] == self.value

    def _posted(self, state: State) -> tuple[index_postings.Postings | None, int]:
        code = index_postings.code_of(state, self.field, self.value)
        return index_postings.postings(state, self.field, code=code), code

    def estimate(self, state: State) -> int | None:
        posted, code = self._posted(state)
        return None if posted is None else posted.count(code)

    def candidates(self, state: State) -> np.ndarray | None:
        posted, code = self._posted(state)
        return None if posted is None else posted.positions(code)


class Positive(Condition):
    """``field > 0`` (未同步: pending actions, 有冲突: open conflicts); posting key ``field:positive``."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.key = f"{field}:positive"

    def mask(self, state: State) -> np.ndarray:
        return state.columns[self.field].values > 0

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        return state.columns[self.field].values[positions] > 0

    def estimate(self, state: State) -> int | None:
        posted = index_postings.postings(state, self.key, code=1)
        return None if posted is None else posted.count(1)

    def candidates(self, state: State) -> np.ndarray | None:
        posted = index_postings.postings(state, self.key, code=1)
        return None if posted is None else posted.positions(1)


class AnyOf(Condition):
    """Any of several conditions (本级直属: the unit is mine or directly under me; 对比库: any bit)."""

    def __init__(self, parts: list[Condition]) -> None:
        self.parts = parts

    def mask(self, state: State) -> np.ndarray:
        out = self.parts[0].mask(state)
        for part in self.parts[1:]:
            np.logical_or(out, part.mask(state), out=out)
        return out

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        out = self.parts[0].test(state, positions)
        for part in self.parts[1:]:
            np.logical_or(out, part.test(state, positions), out=out)
        return out

    def estimate(self, state: State) -> int | None:
        total = 0
        for part in self.parts:
            count = part.estimate(state)
            if count is None:
                return None
            total += count  # an upper bound when the parts overlap
        return total

    def candidates(self, state: State) -> np.ndarray | None:
        found = []
        for part in self.parts:
            positions = part.candidates(state)
            if positions is None:
                return None
            found.append(positions)
        return union(found)


class BitsAny(Condition):
    """A bit-mask column (``library_hits``: 对比库; ``flag_kinds``: 预审提示) has any of these bits;
    candidates: the union of the bits' posting lists (keys ``<field>:bit<i>``)."""

    def __init__(self, field_name: str, bits: list[int]) -> None:
        self.field = field_name
        self.keys = [f"{field_name}:bit{bit}" for bit in bits]
        self.bitmask = sum(1 << bit for bit in bits)

    def _hits(self, values: np.ndarray) -> np.ndarray:
        if values.dtype.kind == "i" and self.bitmask <= np.iinfo(values.dtype).max:
            return (values & values.dtype.type(self.bitmask)) != 0
        return (values.astype(np.int64) & self.bitmask) != 0

    def mask(self, state: State) -> np.ndarray:
        return self._hits(state.columns[self.field].values)

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        return self._hits(state.columns[self.field].values[positions])

    def estimate(self, state: State) -> int | None:
        total = 0
        for key in self.keys:
            posted = index_postings.postings(state, key, code=1)
            if posted is None:
                return None
            total += posted.count(1)  # an upper bound: a record may hit several libraries
        return total

    def candidates(self, state: State) -> np.ndarray | None:
        found = []
        for key in self.keys:
            posted = index_postings.postings(state, key, code=1)
            positions = None if posted is None else posted.positions(1)
            if positions is None:
                return None
            found.append(positions)
        return union(found)


class Nothing(Condition):
    """A value no record holds (a 类别 code never seen): no row matches."""

    def mask(self, state: State) -> np.ndarray:
        return np.zeros(len(state.ids), dtype=bool)

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        return np.zeros(len(positions), dtype=bool)

    def estimate(self, state: State) -> int | None:
        return 0

    def candidates(self, state: State) -> np.ndarray | None:
        return _NO_POSITIONS


class SubmittedBetween(Condition):
    """提交时间 within ``[low, high)`` on the ISO text (the bounds of ``sql_query.date_bounds``)."""

    def __init__(self, low: str | None, high: str | None) -> None:
        self.low = low
        self.high = high

    def mask(self, state: State) -> np.ndarray:
        return state.columns[TIME_COLUMN].between(self.low, self.high)

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        return state.columns[TIME_COLUMN].between(self.low, self.high, positions)


class UnitNameContains(Condition):
    """申报单位 contains the needle: the few thousand distinct names are tested once, and the matching
    units' posting lists give the candidates (a name matching few units is very selective)."""

    def __init__(self, state: State, folded_needle: str) -> None:
        self.hits = state.columns["unit_name"].matching_codes(folded_needle)
        self.codes = np.flatnonzero(self.hits)

    def mask(self, state: State) -> np.ndarray:
        return self.hits[state.columns["unit_name"].codes]

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        return self.hits[state.columns["unit_name"].codes[positions]]

    def _posted(self, state: State) -> index_postings.Postings | None:
        posted = index_postings.postings(state, "unit_name")
        stale = [c for c in self.codes.tolist() if posted is not None and posted.stale(c)]
        if stale:  # a unit became rare through updates: rebuild the lists once
            posted = index_postings.postings(state, "unit_name", code=stale[0])
        return posted

    def estimate(self, state: State) -> int | None:
        posted = self._posted(state)
        if posted is None:
            return None
        return int(sum(posted.count(c) for c in self.codes.tolist()))

    def candidates(self, state: State) -> np.ndarray | None:
        posted = self._posted(state)
        if posted is None:
            return None
        lists = []
        for code in self.codes.tolist():
            positions = posted.positions(code)
            if positions is None:
                return None
            lists.append(positions)
        return np.sort(np.concatenate(lists)) if lists else _NO_POSITIONS


class TextContains(Condition):
    """姓名 / 证件号码 contains the needle (``np.strings.find`` on the fixed-width bytes)."""

    searches_text = True

    def __init__(self, field: str, folded_needle: str) -> None:
        self.field = field
        self.needle = folded_needle

    def mask(self, state: State) -> np.ndarray:
        return state.columns[self.field].contains(self.needle, state.ids, None)

    def test(self, state: State, positions: np.ndarray) -> np.ndarray:
        return state.columns[self.field].contains_at(self.needle, positions, state.ids)


def conditions(state: State, flt: RecordFilter, my_org_id: int) -> list[Condition]:
    """The filter's ANDed conditions, in ``store.sql_query.where_clause``'s meaning."""
    cols = state.columns
    found: list[Condition] = []

    def enum_equals(field_name: str, value: Any) -> None:
        found.append(Equals(field_name, cols[field_name].rank(getattr(value, "value", value))))

    if flt.level is not None:
        enum_equals("level", flt.level)
    if flt.category_code is not None:
        code = cols["category_code"].code(str(flt.category_code))
        found.append(Nothing() if code is None else Equals("category_code", code))
    if flt.submit_status is not None:
        enum_equals("submit_status", flt.submit_status)
    if flt.education_level is not None:
        enum_equals("education_level", flt.education_level)
    if DataScope(flt.data_scope) is DataScope.DIRECT:
        org = int(my_org_id)
        found.append(AnyOf([Equals("unit_parent_id", org), Equals("unit_id", org)]))
    for tier, status in flt.tier_status.items():
        field_name = f"status_{Tier(tier).value}"
        enum_equals(field_name, None if status == NOT_REACHED else ReviewStatus(status).value)
    if flt.pay_status is not None:
        enum_equals("pay_status", flt.pay_status)
    if flt.submitted_from is not None or flt.submitted_to is not None:
        found.append(SubmittedBetween(*date_bounds(flt.submitted_from, flt.submitted_to)))
    if flt.library_hits:
        found.append(
            BitsAny(
                "library_hits",
                sorted({LIBRARY_BIT[Library(lib)].bit_length() - 1 for lib in flt.library_hits}),
            )
        )
    if flt.flag_kinds:
        found.append(BitsAny("flag_kinds", sorted(KINDS.index(kind) for kind in flt.flag_kinds)))
    if flt.frontline is not None:
        found.append(Equals("frontline", 1 if flt.frontline else 0))
    if flt.verify_status is not None:
        enum_equals("verify_summary", flt.verify_status)
    if flt.pending_only:
        found.append(Positive("pending_actions"))
    if flt.conflicts_only:
        found.append(Positive("open_conflicts"))
    unit = needle(flt.unit_name)
    if unit:
        found.append(UnitNameContains(state, fold_ascii(unit)))
    for field_name in TEXT_COLUMNS:
        text = needle(getattr(flt, field_name))
        if text:
            found.append(TextContains(field_name, fold_ascii(text)))
    return found


def posted_keys() -> list[str]:
    """Every posting key a condition of :func:`conditions` may ask for (``RecordIndex.warm_up`` builds
    them all after opening, so that no first query pays for them)."""
    keys = ["level", "category_code", "submit_status", "education_level", "unit_parent_id", "unit_id"]
    keys += [f"status_{tier.value}" for tier in Tier]
    keys += ["pay_status", "frontline", "verify_summary", "unit_name"]
    keys += ["pending_actions:positive", "open_conflicts:positive"]
    keys += [f"library_hits:bit{bit.bit_length() - 1}" for bit in LIBRARY_BIT.values()]
    keys += [f"flag_kinds:bit{i}" for i in range(len(KINDS))]
    return keys


def select(state: State, flt: RecordFilter, my_org_id: int) -> Matches:
    """The rows matching ``flt``: driven by the rarest posted condition, or by masks (module doc)."""
    found = conditions(state, flt, my_org_id)
    if not found:
        return Matches()
    rows = len(state.ids)
    driver: Condition | None = None
    fewest = rows + 1
    if DRIVER_FRACTION > 0:
        for condition in found:
            count = condition.estimate(state)
            if count is not None and count < fewest:
                driver, fewest = condition, count
    if driver is not None and fewest <= rows * DRIVER_FRACTION:
        positions = driver.candidates(state)
        if positions is not None:
            others = sorted((c for c in found if c is not driver), key=lambda c: c.searches_text)
            for condition in others:
                if not len(positions):
                    break
                positions = positions[condition.test(state, positions)]
            return Matches(positions=positions)
    return Matches(mask=_masks(state, found))


def union(lists: list[np.ndarray]) -> np.ndarray:
    """The sorted union of sorted position lists (a sort and a dedupe: ``np.unique`` hashes, ~10×
    slower on a few thousand positions)."""
    lists = [positions for positions in lists if len(positions)]
    if len(lists) <= 1:
        return lists[0] if lists else _NO_POSITIONS
    merged = np.sort(np.concatenate(lists))
    keep = np.ones(len(merged), dtype=bool)
    keep[1:] = merged[1:] != merged[:-1]
    return merged[keep]


def _masks(state: State, found: list[Condition]) -> np.ndarray:
    mask: np.ndarray | None = None
    for condition in sorted(found, key=lambda c: c.searches_text):  # text searches last
        if condition.searches_text and mask is not None:
            hits = np.flatnonzero(mask)
            if len(hits) * 2 < len(mask):  # search only the rows still matching
                mask[hits] = condition.test(state, hits)
                continue
        if mask is None:
            mask = condition.mask(state)
        else:
            np.logical_and(mask, condition.mask(state), out=mask)
    assert mask is not None
    return mask
