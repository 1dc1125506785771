"""The list index's columns: how each kind of ``records`` field is held in numpy, and why.

Part of ``store.index`` (the module doc there says how the pieces fit). Each column holds one element
per record, in record-id order, and knows how to compare, search, sort and patch itself:

* **Enum fields** (申报级别, 提交状态, the four 审核状态 …): one ``int8`` rank per record (0 = not reached,
  1..k = the vocabulary in order, k+1 = unknown code). A filter is one comparison; the rank *is* the
  sort key, and 8-bit keys sort with numpy's O(n) radix sort (≈ 3 ms at 10^6).
* **申报单位, 类别 (few distinct values)**: dictionary codes whose numbering follows the sorted values, so
  the code is the sort key; a substring search tests the few thousand distinct unit names in Python and
  maps the hits back with one gather.
* **姓名, 证件号码 (mostly distinct)**: a fixed-width ``bytes`` (``S``) numpy array of the UTF-8 text, plus
  an ASCII-folded copy for the case-insensitive search when any value has capitals. Measured at 10^6
  (2 cores): ``np.strings.find`` on such an array takes 12–30 ms for any needle, prefix or substring,
  while a joined string with ``re.finditer`` costs time per *match* (a one-digit ID search matches every
  row 18 times) and a dictionary of distinct names takes 0.4 s to build. UTF-8 keeps Chinese names at
  ~9 bytes (``U`` would be 16); byte order is code-point order, i.e. SQLite's ``BINARY``, so the same
  array sorts the column. The width is the 99.9th percentile of lengths; longer values keep their full
  text in a small ``overflow`` dict (by record id) that search and sort consult, so one 60-character
  passport name cannot multiply the array's memory.
* **提交时间**: ``int64`` ``YYYYMMDDHHMMSS`` parsed from the ISO text when all values share one layout
  and offset (then the integer order is the text order); otherwise dictionary codes of the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from reviewdesk.store.sql_query import ENUM_FIELDS, fold_ascii

SEP = "\x1f"  # between values in a group_concat (a control character no real value contains)
NULL = "\x01"  # stands for NULL inside a group_concat (which would otherwise skip it)
SEP_B = SEP.encode()
NULL_B = NULL.encode()

# --------------------------------------------------------------------------------------------------
# which column holds which field
# --------------------------------------------------------------------------------------------------
ENUM_COLUMNS: tuple[str, ...] = tuple(ENUM_FIELDS)
INT_COLUMNS: dict[str, int] = {  # field -> value that stands for NULL
    "unit_id": -1,
    "unit_parent_id": -1,
    "library_hits": 0,
    "flag_rank": 0,
    "flag_kinds": 0,
    "frontline": 0,
    "pending_actions": 0,
    "open_conflicts": 0,
}
DICT_COLUMNS: tuple[str, ...] = ("unit_name", "category_code")
TEXT_COLUMNS: tuple[str, ...] = ("name", "id_number")
TIME_COLUMN = "submitted_at"
BLOB_COLUMNS: tuple[str, ...] = (*TEXT_COLUMNS, *DICT_COLUMNS, TIME_COLUMN)
#: Every ``records`` column the index reads.
INDEXED_FIELDS: tuple[str, ...] = (*ENUM_COLUMNS, *INT_COLUMNS, *DICT_COLUMNS, *TEXT_COLUMNS, TIME_COLUMN)


class _Column(Protocol):
    field: str

    def set_rows(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> bool: ...
    def delete(self, positions: np.ndarray, deleted_ids: np.ndarray) -> None: ...
    def insert(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> None: ...
    def sort_key(self) -> np.ndarray | None: ...
    def nbytes(self) -> int: ...


def smallest_int(values: np.ndarray) -> np.ndarray:
    """The same integers in the narrowest dtype that holds them (memory, and radix sorts for ≤ 16 bits)."""
    if values.size == 0:
        return values.astype(np.int8)
    low, high = int(values.min()), int(values.max())
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return values.astype(dtype, copy=False)
    return values


def _fit(array: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``array`` widened, if needed, so that ``values`` can be stored in it."""
    if values.size == 0:
        return array
    needed = np.result_type(array.dtype, smallest_int(np.asarray(values, dtype=np.int64)).dtype)
    return array if needed == array.dtype else array.astype(needed)


class _Lookup(dict[Any, int]):
    """A dict that answers ``default`` for keys it does not hold."""

    def __init__(self, default: int, items: dict[Any, int]) -> None:
        super().__init__(items)
        self.default = default

    def __missing__(self, key: Any) -> int:
        return self.default


class EnumColumn:
    """Ranks of an enum-valued field: 0 NULL, 1..k the vocabulary in order, k+1 anything else."""

    def __init__(self, field: str, codes: np.ndarray) -> None:
        self.field = field
        self.order = ENUM_FIELDS[field]
        self.codes = codes
        self.unknown = len(self.order) + 1

    def rank(self, value: str | None) -> int:
        if value is None:
            return 0
        try:
            return self.order.index(value) + 1
        except ValueError:
            return self.unknown

    def encode(self, values: Sequence[str | None]) -> np.ndarray:
        lookup = _Lookup(self.unknown, {None: 0, **{v: i + 1 for i, v in enumerate(self.order)}})
        return np.fromiter(map(lookup.__getitem__, values), dtype=np.int8, count=len(values))

    def equals(self, value: str | None) -> np.ndarray:
        return self.codes == self.rank(value)

    def set_rows(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> bool:
        new = self.encode(values)
        changed = bool(np.any(self.codes[positions] != new))
        self.codes[positions] = new
        return changed

    def delete(self, positions: np.ndarray, deleted_ids: np.ndarray) -> None:
        self.codes = np.delete(self.codes, positions)

    def insert(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> None:
        self.codes = np.insert(self.codes, positions, self.encode(values))

    def sort_key(self) -> np.ndarray:
        return self.codes

    def nbytes(self) -> int:
        return int(self.codes.nbytes)


class IntColumn:
    """An integer field (NULL stored as ``null_value``), kept in the narrowest dtype that holds it."""

    def __init__(self, field: str, values: np.ndarray, null_value: int = 0) -> None:
        self.field = field
        self.values = smallest_int(values)
        self.null_value = null_value

    def _array(self, values: Sequence[Any]) -> np.ndarray:
        nv = self.null_value
        return np.fromiter((nv if v is None else int(v) for v in values), dtype=np.int64, count=len(values))

    def set_rows(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> bool:
        new = self._array(values)
        self.values = _fit(self.values, new)
        changed = bool(np.any(self.values[positions] != new))
        self.values[positions] = new
        return changed

    def delete(self, positions: np.ndarray, deleted_ids: np.ndarray) -> None:
        self.values = np.delete(self.values, positions)

    def insert(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> None:
        new = self._array(values)
        self.values = np.insert(_fit(self.values, new), positions, new)

    def sort_key(self) -> np.ndarray:
        values = self.values
        # Small non-negative counts (pending_actions) sort by radix as uint16.
        if values.size and values.dtype.itemsize > 2 and values.min() >= 0 and values.max() < 65536:
            return values.astype(np.uint16)
        return values

    def nbytes(self) -> int:
        return int(self.values.nbytes)


class DictColumn:
    """A text field with few distinct values: ``codes`` number the sorted distinct values, so a code
    compares like its text (``BINARY``). Code 0 is NULL."""

    def __init__(self, field: str, codes: np.ndarray, values: list[str | None]) -> None:
        self.field = field
        self.codes = codes  # int32
        self.values = values  # values[0] is None (NULL); values[1:] sorted, distinct
        self._lookup = {v: i for i, v in enumerate(values)}
        self._folded: list[str] | None = None

    @classmethod
    def from_text(cls, field: str, texts: Sequence[bytes | None]) -> DictColumn:
        first: dict[bytes | None, int] = {}
        for t in texts:
            if t not in first:
                first[t] = len(first)
        raw = np.fromiter(map(first.__getitem__, texts), dtype=np.int32, count=len(texts))
        distinct = [t for t in first if t is not None and t != NULL_B]
        distinct.sort()  # UTF-8 byte order = code point order = SQLite BINARY
        rank_of = {t: i + 1 for i, t in enumerate(distinct)}
        rank_of[None] = 0
        rank_of[NULL_B] = 0
        remap = np.array([rank_of[t] for t in first], dtype=np.int32)
        codes = remap[raw] if len(texts) else np.zeros(0, dtype=np.int32)
        return cls(field, codes, [None, *(t.decode() for t in distinct)])

    def code(self, value: str | None) -> int | None:
        return self._lookup.get(value)

    def _codes_for(self, values: Sequence[str | None]) -> np.ndarray:
        for v in values:
            if v not in self._lookup:
                self._add(v)
        return np.fromiter((self._lookup[v] for v in values), dtype=np.int32, count=len(values))

    def _add(self, value: str | None) -> None:
        assert value is not None  # None is always code 0
        at = bisect.bisect_left(self.values, value, lo=1)
        self.values.insert(at, value)
        self.codes[self.codes >= at] += 1
        self._lookup = {v: i for i, v in enumerate(self.values)}
        self._folded = None

    def equals(self, value: str | None) -> np.ndarray:
        code = self.code(value)
        if code is None:
            return np.zeros(self.codes.shape, dtype=bool)
        return self.codes == code

    def matching_codes(self, folded_needle: str) -> np.ndarray:
        """Per code, whether its value contains the (ASCII-folded) needle: a test of the few
        thousand distinct values instead of 10^6 rows."""
        if self._folded is None:
            self._folded = ["" if v is None else fold_ascii(v) for v in self.values]
        hits = np.fromiter((folded_needle in v for v in self._folded), dtype=bool, count=len(self._folded))
        hits[0] = False  # NULL never matches
        return hits

    def contains(self, folded_needle: str) -> np.ndarray:
        return self.matching_codes(folded_needle)[self.codes]

    def code_range(self, low: str | None, high: str | None) -> tuple[int, int]:
        """Codes of non-NULL values ``low <= v < high`` (text comparison), as ``[start, stop)``."""
        start = 1 if low is None else bisect.bisect_left(self.values, low, lo=1)
        stop = len(self.values) if high is None else bisect.bisect_left(self.values, high, lo=1)
        return start, stop

    def set_rows(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> bool:
        new = self._codes_for(values)
        changed = bool(np.any(self.codes[positions] != new))
        self.codes[positions] = new
        return changed

    def delete(self, positions: np.ndarray, deleted_ids: np.ndarray) -> None:
        # Values no longer used stay in the dictionary: harmless, and codes stay stable.
        self.codes = np.delete(self.codes, positions)

    def insert(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> None:
        new = self._codes_for(values)
        self.codes = np.insert(self.codes, positions, new)

    def sort_key(self) -> np.ndarray:
        if len(self.values) < 65536:
            return self.codes.astype(np.uint16)
        return self.codes

    def nbytes(self) -> int:
        return int(self.codes.nbytes) + sum(len(v or "") * 4 + 56 for v in self.values)


def _fold_bytes(array: np.ndarray) -> np.ndarray:
    """ASCII-lower-cased copy of a fixed-width bytes array (or the array itself if it has no capitals)."""
    if array.size == 0 or array.dtype.itemsize == 0:
        return array
    raw = array.view(np.uint8)
    upper = (raw >= 65) & (raw <= 90)
    if not upper.any():
        return array
    folded = raw.copy()
    folded[upper] += 32
    return folded.view(array.dtype)


class TextColumn:
    """A mostly-distinct text field (姓名, 证件号码) for substring search and sorting; see module doc."""

    def __init__(
        self, field: str, values: np.ndarray, overflow: dict[int, bytes], folded: np.ndarray | None = None
    ) -> None:
        self.field = field
        self.values = values  # S<width>: UTF-8, truncated to the width
        self.folded = _fold_bytes(values) if folded is None else folded
        self.overflow = overflow  # record id -> full UTF-8 value, for values longer than the width
        self.width = values.dtype.itemsize

    def _encode(self, values: Sequence[Any]) -> list[bytes]:
        return [b"" if v is None else str(v).encode() for v in values]

    def _store(self, positions: np.ndarray, encoded: list[bytes], ids_at: np.ndarray) -> None:
        for rid, text in zip(ids_at.tolist(), encoded, strict=True):
            if len(text) > self.width:
                self.overflow[rid] = text
            else:
                self.overflow.pop(rid, None)
        new = np.array(encoded, dtype=self.values.dtype)
        self.values[positions] = new
        folded_new = _fold_bytes(new)
        if self.folded is self.values:
            if folded_new is not new:
                self.folded = _fold_bytes(self.values)
        else:
            self.folded[positions] = folded_new

    def set_rows(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> bool:
        encoded = self._encode(values)
        ids_at = ids[positions]
        before = [self.full(p, int(r)) for p, r in zip(positions.tolist(), ids_at.tolist(), strict=True)]
        self._store(positions, encoded, ids_at)
        return before != encoded

    def delete(self, positions: np.ndarray, deleted_ids: np.ndarray) -> None:
        for rid in deleted_ids.tolist():
            self.overflow.pop(rid, None)
        shared = self.folded is self.values
        self.values = np.delete(self.values, positions)
        self.folded = self.values if shared else np.delete(self.folded, positions)

    def insert(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> None:
        encoded = self._encode(values)
        shared = self.folded is self.values
        blank = np.zeros(len(encoded), dtype=self.values.dtype)
        self.values = np.insert(self.values, positions, blank)
        self.folded = self.values if shared else np.insert(self.folded, positions, blank)
        # np.insert's positions refer to the old array; the new rows now sit at these:
        placed = positions + np.arange(len(positions))
        self._store(placed, encoded, ids[placed])

    def full(self, position: int, record_id: int) -> bytes:
        return self.overflow.get(record_id) or bytes(self.values[position])

    def contains(self, folded_needle: str, ids: np.ndarray, candidates: np.ndarray | None) -> np.ndarray:
        """Boolean mask over all rows (``candidates``: only these positions can be True)."""
        target = folded_needle.encode()
        mask = np.zeros(self.values.shape, dtype=bool)
        if candidates is None:
            mask = np.strings.find(self.folded, target) >= 0
        elif candidates.size:
            mask[candidates] = np.strings.find(self.folded[candidates], target) >= 0
        if self.overflow:
            over_ids = np.fromiter(self.overflow, dtype=np.int64, count=len(self.overflow))
            over_pos = np.searchsorted(ids, over_ids)
            for rid, pos in zip(over_ids.tolist(), over_pos.tolist(), strict=True):
                if candidates is None or _member(candidates, pos):
                    mask[pos] = target in fold_ascii(self.overflow[rid].decode()).encode()
        return mask

    def contains_at(self, folded_needle: str, positions: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Whether the values at ``positions`` (ascending) contain the needle, as a mask over them."""
        target = folded_needle.encode()
        found = np.strings.find(self.folded[positions], target) >= 0
        if self.overflow:
            over_ids = np.fromiter(self.overflow, dtype=np.int64, count=len(self.overflow))
            over_pos = np.searchsorted(ids, over_ids)
            at = np.searchsorted(positions, over_pos)
            inside = at < len(positions)
            inside[inside] = positions[at[inside]] == over_pos[inside]
            for rid, k in zip(over_ids[inside].tolist(), at[inside].tolist(), strict=True):
                found[k] = target in fold_ascii(self.overflow[rid].decode()).encode()
        return found

    def argsort(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ascending permutation (ties by position = by id) and the group starts along it."""
        perm = np.argsort(self.values, kind="stable").astype(np.int32)
        ordered = self.values[perm]
        starts = np.ones(len(perm), dtype=bool)
        if len(perm) > 1:
            starts[1:] = ordered[1:] != ordered[:-1]
        if self.overflow:
            perm, starts = self._fix_overflow(perm, starts, ordered, ids)
        return perm, starts

    def _fix_overflow(
        self, perm: np.ndarray, starts: np.ndarray, ordered: np.ndarray, ids: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Inside each run of equal truncated values that holds a long value, order by the full text
        (a truncated value is a prefix of its full value, so the run is the only place it can move)."""
        over_pos = np.searchsorted(ids, np.fromiter(self.overflow, dtype=np.int64))
        group_start = np.flatnonzero(starts)
        seen: set[int] = set()
        inverse = np.empty_like(perm)
        inverse[perm] = np.arange(len(perm), dtype=perm.dtype)
        for pos in over_pos.tolist():
            at = int(inverse[pos])
            g = int(np.searchsorted(group_start, at, side="right")) - 1
            if g in seen:
                continue
            seen.add(g)
            lo = int(group_start[g])
            hi = int(group_start[g + 1]) if g + 1 < len(group_start) else len(perm)
            members = perm[lo:hi].tolist()
            keyed = sorted(members, key=lambda p: (self.full(p, int(ids[p])), p))
            perm[lo:hi] = keyed
            fulls = [self.full(p, int(ids[p])) for p in keyed]
            starts[lo + 1 : hi] = [a != b for a, b in zip(fulls[1:], fulls[:-1], strict=True)]
        return perm, starts

    def sort_key(self) -> None:
        return None  # sorted by argsort(), not by an integer key

    def nbytes(self) -> int:
        extra = 0 if self.folded is self.values else self.folded.nbytes
        return int(self.values.nbytes + extra + sum(len(v) + 40 for v in self.overflow.values()))


def _member(sorted_positions: np.ndarray, pos: int) -> bool:
    i = int(np.searchsorted(sorted_positions, pos))
    return i < len(sorted_positions) and int(sorted_positions[i]) == pos


_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]  # YYYY-MM-DDTHH:MM:SS digit positions
_PUNCT = {4: ord("-"), 7: ord("-"), 10: ord("T"), 13: ord(":"), 16: ord(":")}


class TimeColumn:
    """提交时间: ``int64`` keys ``YYYYMMDDHHMMSS`` (−1 = NULL) while every value has the layout
    ``YYYY-MM-DDTHH:MM:SS`` + one common suffix (the offset) — then integer order is text order.
    Any other value switches the column to dictionary codes of the text (exact, slower to build)."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.keys: np.ndarray | None = None
        self.suffix = b""
        self.fallback: DictColumn | None = None

    def _parse(self, texts: Sequence[bytes | None], suffix: bytes | None = None) -> np.ndarray | None:
        """Keys for new values (with the column's suffix, or theirs when it has none yet)."""
        keys = np.full(len(texts), -1, dtype=np.int64)
        present = [i for i, t in enumerate(texts) if t is not None]
        if not present:
            return keys
        values = [texts[i] for i in present]
        if suffix is None:
            suffix = values[0][19:]
        width = 19 + len(suffix)
        if any(len(v) != width for v in values):
            return None
        raw = np.frombuffer(b"".join(values), dtype=np.uint8).reshape(len(values), width)
        parsed = canonical_keys(raw, suffix)
        if parsed is None:
            return None
        self.suffix = suffix
        keys[np.array(present, dtype=np.int64)] = parsed
        return keys

    def _texts(self) -> list[bytes | None]:
        """The stored text back from canonical keys (to switch to the dictionary representation)."""
        assert self.keys is not None
        out: list[bytes | None] = []
        for key in self.keys.tolist():
            if key < 0:
                out.append(None)
                continue
            s = f"{key:014d}"
            out.append(f"{s[:4]}-{s[4:6]}-{s[6:8]}T{s[8:10]}:{s[10:12]}:{s[12:14]}".encode() + self.suffix)
        return out

    def _to_fallback(self) -> None:
        self.fallback = DictColumn.from_text(self.field, self._texts())
        self.keys = None

    def _encode(self, values: Sequence[Any]) -> list[bytes | None]:
        return [None if v is None else str(v).encode() for v in values]

    def set_rows(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> bool:
        encoded = self._encode(values)
        if self.keys is not None:
            has_values = bool(np.any(self.keys >= 0))
            parsed = self._parse(encoded, self.suffix if has_values else None)
            if parsed is not None:
                changed = bool(np.any(self.keys[positions] != parsed))
                self.keys[positions] = parsed
                return changed
            self._to_fallback()
        assert self.fallback is not None
        return self.fallback.set_rows(positions, [None if v is None else v.decode() for v in encoded], ids)

    def delete(self, positions: np.ndarray, deleted_ids: np.ndarray) -> None:
        if self.keys is not None:
            self.keys = np.delete(self.keys, positions)
        else:
            assert self.fallback is not None
            self.fallback.delete(positions, deleted_ids)

    def insert(self, positions: np.ndarray, values: Sequence[Any], ids: np.ndarray) -> None:
        encoded = self._encode(values)
        if self.keys is not None:
            has_values = bool(np.any(self.keys >= 0))
            parsed = self._parse(encoded, self.suffix if has_values else None)
            if parsed is not None:
                self.keys = np.insert(self.keys, positions, parsed)
                return
            self._to_fallback()
        assert self.fallback is not None
        self.fallback.insert(positions, [None if v is None else v.decode() for v in encoded], ids)

    def between(self, low: str | None, high: str | None, positions: np.ndarray | None = None) -> np.ndarray:
        """Non-NULL values with ``low <= text < high`` (either bound may be missing), over all rows or
        over ``positions``."""
        if self.keys is not None:
            keys = self.keys if positions is None else self.keys[positions]
            mask = keys >= 0
            if low is not None:
                mask &= keys >= _date_key(low)
            if high is not None:
                mask &= keys < _date_key(high)
            return mask
        assert self.fallback is not None
        start, stop = self.fallback.code_range(low, high)
        codes = self.fallback.codes if positions is None else self.fallback.codes[positions]
        return (codes >= start) & (codes < stop)

    def sort_key(self) -> np.ndarray:
        if self.keys is not None:
            return self.keys
        assert self.fallback is not None
        return self.fallback.sort_key()

    def nbytes(self) -> int:
        if self.keys is not None:
            return int(self.keys.nbytes)
        assert self.fallback is not None
        return self.fallback.nbytes()


def _date_key(iso_date: str) -> int:
    """``YYYY-MM-DD`` → the ``YYYYMMDD000000`` key, comparable with canonical timestamps."""
    return int(iso_date.replace("-", "")) * 1_000_000


def canonical_keys(raw: np.ndarray, suffix: bytes) -> np.ndarray | None:
    """``YYYYMMDDHHMMSS`` integers from an ``(n, 19 + len(suffix))`` uint8 matrix, or None when any row
    is not ``YYYY-MM-DDTHH:MM:SS`` + ``suffix``."""
    for col, char in _PUNCT.items():
        if np.any(raw[:, col] != char):
            return None
    if suffix and np.any(raw[:, 19:] != np.frombuffer(suffix, dtype=np.uint8)):
        return None
    # Digit by digit on columns (an (n, 14) int64 matrix and a matmul cost 0.3 s at 10^6): the date
    # and the time of day each fit 32 bits, combined once at the end.
    halves = []
    for positions in (_DIGITS[:8], _DIGITS[8:]):
        value = np.zeros(len(raw), dtype=np.int32)
        for col in positions:
            digit = raw[:, col] - np.uint8(48)  # wraps below '0' to ≥ 208: caught as > 9
            if np.any(digit > 9):
                return None
            value *= 10
            value += digit
        halves.append(value)
    return halves[0].astype(np.int64) * 1_000_000 + halves[1]
