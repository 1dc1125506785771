"""What a ``RecordIndex`` holds at one moment (its columns, cached sort orders and posting lists), and
that state as plain named arrays for the snapshot file (``store.index.snapshot`` writes and reads them).

Part of ``store.index``. Only the columns and the ascending sort orders go into the snapshot: every other
cache (descending orders, inverse orders, posting lists) is derived again on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reviewdesk.store.index import snapshot as index_snapshot
from reviewdesk.store.index.columns import (
    DICT_COLUMNS,
    ENUM_COLUMNS,
    INT_COLUMNS,
    TEXT_COLUMNS,
    TIME_COLUMN,
    DictColumn,
    EnumColumn,
    IntColumn,
    TextColumn,
    TimeColumn,
)


@dataclass
class Perm:
    """A field's cached sort order. ``ascending``: positions by (key, position); ``starts``: where a group
    of equal keys begins along it. Derived lazily (``store.index.sort``): ``descending`` (groups reversed,
    positions ascending inside each), ``inverse`` (the rank of each position in ``ascending``) and
    ``group_starts`` (the ranks where groups begin), both used to sort a few candidates without touching
    all rows."""

    ascending: np.ndarray
    starts: np.ndarray
    descending: np.ndarray | None = None
    inverse: np.ndarray | None = None
    group_starts: np.ndarray | None = None


@dataclass
class State:
    """The arrays of one index: ``ids`` ascending, one column per indexed field (same length), the
    sort orders computed so far, and the posting lists built so far (``store.index.postings``; None:
    that key cannot be posted)."""

    ids: np.ndarray
    columns: dict[str, Any]
    perms: dict[str, Perm] = field(default_factory=dict)
    descending_lru: list[str] = field(default_factory=list)
    inverse_lru: list[str] = field(default_factory=list)
    postings: dict[str, Any] = field(default_factory=dict)


def positions_of(ids: np.ndarray, record_ids: np.ndarray) -> np.ndarray:
    """Positions of ``record_ids`` in the ascending ``ids`` (−1 for ids not held)."""
    at = np.searchsorted(ids, record_ids)
    inside = at < len(ids)
    found = np.zeros(len(record_ids), dtype=bool)
    found[inside] = ids[at[inside]] == record_ids[inside]
    return np.where(found, at, -1)


def _dict_arrays(prefix: str, column: DictColumn) -> dict[str, np.ndarray]:
    data, lengths = index_snapshot.pack_strings([v for v in column.values[1:] if v is not None])
    return {f"{prefix}.codes": column.codes, f"{prefix}.strings": data, f"{prefix}.lengths": lengths}


def _dict_from(prefix: str, field_name: str, arrays: dict[str, np.ndarray]) -> DictColumn:
    values = index_snapshot.unpack_strings(arrays[f"{prefix}.strings"], arrays[f"{prefix}.lengths"])
    return DictColumn(field_name, arrays[f"{prefix}.codes"], [None, *(v.decode() for v in values)])


def state_arrays(state: State) -> dict[str, np.ndarray]:
    """Copies of every array of the state (taken under the lock; written to disk outside it)."""
    out: dict[str, np.ndarray] = {"ids": state.ids}
    for name, column in state.columns.items():
        if isinstance(column, EnumColumn):
            out[f"{name}.codes"] = column.codes
        elif isinstance(column, IntColumn):
            out[f"{name}.values"] = column.values
        elif isinstance(column, DictColumn):
            out.update(_dict_arrays(name, column))
        elif isinstance(column, TextColumn):
            out[f"{name}.values"] = column.values
            if column.folded is not column.values:
                out[f"{name}.folded"] = column.folded
            over_ids = np.fromiter(column.overflow, dtype=np.int64, count=len(column.overflow))
            texts = [column.overflow[int(i)] for i in over_ids]
            out[f"{name}.over_ids"] = over_ids
            out[f"{name}.over_bytes"] = np.frombuffer(b"".join(texts), dtype=np.uint8)
            out[f"{name}.over_lengths"] = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        elif isinstance(column, TimeColumn):
            if column.keys is not None:
                out[f"{name}.keys"] = column.keys
                out[f"{name}.suffix"] = np.frombuffer(column.suffix, dtype=np.uint8)
            else:
                assert column.fallback is not None
                out.update(_dict_arrays(f"{name}.fallback", column.fallback))
    for name, perm in state.perms.items():
        out[f"perm.{name}.ascending"] = perm.ascending
        out[f"perm.{name}.starts"] = perm.starts
    return {k: np.array(v, copy=True) for k, v in out.items()}


def state_from_arrays(arrays: dict[str, np.ndarray]) -> State:
    ids = arrays["ids"]
    columns: dict[str, Any] = {}
    for name in ENUM_COLUMNS:
        columns[name] = EnumColumn(name, arrays[f"{name}.codes"])
    for name, null in INT_COLUMNS.items():
        column = IntColumn(name, arrays[f"{name}.values"], null)
        column.values = arrays[f"{name}.values"]  # keep the saved (already narrowest) dtype
        columns[name] = column
    for name in DICT_COLUMNS:
        columns[name] = _dict_from(name, name, arrays)
    for name in TEXT_COLUMNS:
        values = arrays[f"{name}.values"]
        texts = index_snapshot.unpack_strings(arrays[f"{name}.over_bytes"], arrays[f"{name}.over_lengths"])
        overflow = dict(zip(arrays[f"{name}.over_ids"].tolist(), texts, strict=True))
        columns[name] = TextColumn(name, values, overflow, arrays.get(f"{name}.folded", values))
    time_column = TimeColumn(TIME_COLUMN)
    if f"{TIME_COLUMN}.keys" in arrays:
        time_column.keys = arrays[f"{TIME_COLUMN}.keys"]
        time_column.suffix = arrays[f"{TIME_COLUMN}.suffix"].tobytes()
    else:
        time_column.fallback = _dict_from(f"{TIME_COLUMN}.fallback", TIME_COLUMN, arrays)
    columns[TIME_COLUMN] = time_column
    for name, column in columns.items():
        size = len(column.sort_key()) if column.sort_key() is not None else len(column.values)
        if size != len(ids):
            raise ValueError(f"snapshot column {name} has {size} rows, ids {len(ids)}")
    state = State(ids, columns)
    for key in arrays:
        if key.startswith("perm.") and key.endswith(".ascending"):
            name = key[len("perm.") : -len(".ascending")]
            state.perms[name] = Perm(arrays[key], arrays[f"perm.{name}.starts"])
    return state
