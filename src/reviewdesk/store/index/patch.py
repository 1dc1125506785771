"""Patching the list index's arrays with records re-read from SQLite (``RecordIndex.update``).

Part of ``store.index``. Rows whose record changed are rewritten in place; records that are gone are
deleted and new ones inserted at their id's position, so ``ids`` stays ascending. Every cache derived
from the columns follows:

* sort orders: a field whose values changed drops its permutations (recomputed on the next sort by
  it); inserts and deletions shift positions, so they drop all of them;
* posting lists (``store.index.postings``): rows rewritten in place move between the lists of their
  old and new values — a decision changes one 审核状态 and must not cost a rebuild of 10^6 — except
  when a dictionary column's codes were renumbered by a new value; inserts and deletions drop them
  all (rebuilt on the next query that needs them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from reviewdesk.store.index import postings as index_postings
from reviewdesk.store.index.columns import INDEXED_FIELDS, DictColumn, TimeColumn
from reviewdesk.store.index.state import State, positions_of

_FIELD_INDEX = {f: k for k, f in enumerate(INDEXED_FIELDS)}


@dataclass(frozen=True)
class Patched:
    """Record ids rewritten, inserted and deleted by one :func:`apply_rows`."""

    updated: list[int]
    inserted: list[int]
    deleted: list[int]


def apply_rows(state: State, wanted: Sequence[int], rows: dict[int, tuple[Any, ...]]) -> Patched:
    """Bring the rows of ``wanted`` (ascending ids) in line with ``rows`` (id → ``INDEXED_FIELDS``
    values; an id missing from it no longer exists). Call under the index's lock."""
    held = (positions_of(state.ids, np.array(wanted, dtype=np.int64)) >= 0).tolist()
    upd_ids = [i for i, h in zip(wanted, held, strict=True) if h and i in rows]
    del_ids = [i for i, h in zip(wanted, held, strict=True) if h and i not in rows]
    ins_ids = [i for i, h in zip(wanted, held, strict=True) if not h and i in rows]
    if upd_ids:
        _rewrite(state, upd_ids, rows)
    if del_ids:
        del_arr = np.array(del_ids, dtype=np.int64)
        del_pos = positions_of(state.ids, del_arr)
        for column in state.columns.values():
            column.delete(del_pos, del_arr)
        state.ids = np.delete(state.ids, del_pos)
    if ins_ids:
        ins_arr = np.array(ins_ids, dtype=np.int64)
        at = np.searchsorted(state.ids, ins_arr)
        new_ids = np.insert(state.ids, at, ins_arr)
        for f, column in state.columns.items():
            k = _FIELD_INDEX[f]
            column.insert(at, [rows[i][k] for i in ins_ids], new_ids)
        state.ids = new_ids
    if del_ids or ins_ids:
        state.perms.clear()
        state.postings.clear()
    return Patched(upd_ids, ins_ids, del_ids)


def _rewrite(state: State, upd_ids: list[int], rows: dict[int, tuple[Any, ...]]) -> None:
    upd_pos = positions_of(state.ids, np.array(upd_ids, dtype=np.int64))
    before = index_postings.snapshot_codes(state, upd_pos)
    sizes = {f: _dictionary_size(c) for f, c in state.columns.items()}
    changed_fields: set[str] = set()
    for f, column in state.columns.items():
        k = _FIELD_INDEX[f]
        if column.set_rows(upd_pos, [rows[i][k] for i in upd_ids], state.ids):
            changed_fields.add(f)
    for f in changed_fields:
        state.perms.pop(f, None)
        if _dictionary_size(state.columns[f]) != sizes[f]:  # codes renumbered: lists are void
            index_postings.drop_field(state, f)
    index_postings.patch(state, upd_pos, {k: v for k, v in before.items() if k in state.postings})


def _dictionary_size(column: Any) -> int:
    """How many distinct values a dictionary-coded column knows (−1: not dictionary-coded)."""
    if isinstance(column, DictColumn):
        return len(column.values)
    if isinstance(column, TimeColumn) and column.fallback is not None:
        return len(column.fallback.values)
    return -1
