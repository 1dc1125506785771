"""The index's caches on the six hand-made records of ``test_index_filters_table``: its arrays saved
and read back for the snapshot (``state_arrays`` / ``state_from_arrays``), its posting lists kept
right through updates that renumber a dictionary or make a value rare, and a bit-mask wider than its
column's type.

Why: the snapshot is read back behind a safety net — anything that fails to load is rebuilt from
SQLite — so a field name, a NULL stand-in, a case-folded copy or a sort order lost on the way passed
every test that only compared answers; and a posting list left over from before an update answers
with the old rows. Expected values are read off the table (positions are ``id − 1``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from index_rows import fresh_store, planned, write_rows
from test_index_filters_table import ORG, ROWS

from reviewdesk.domain.enums import DataScope, Level, PayStatus, SubmitStatus
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.store.index import load as index_load
from reviewdesk.store.index import plan as index_plan
from reviewdesk.store.index import postings as index_postings
from reviewdesk.store.index import sort as index_sort
from reviewdesk.store.index.columns import DictColumn, EnumColumn, IntColumn, TextColumn, TimeColumn
from reviewdesk.store.index.load import connector, load_state
from reviewdesk.store.index.state import State, positions_of, state_arrays, state_from_arrays

#: Record 7: submitted at a time in another layout (no offset), which turns 提交时间 into dictionary
#: codes of the text instead of integer keys.
ODD_TIME = {**ROWS[0], "id": 7, "name": "赵敏", "submitted_at": "2026-12-03 08:00"}


@pytest.fixture(scope="module")
def store() -> Iterator[Path]:
    with fresh_store() as path:
        write_rows(path, ROWS)
        yield path


def _loaded(path: Path, monkeypatch: pytest.MonkeyPatch) -> State:
    """The state with the fixed text width at the median (six bytes): "Wang Min" is kept whole aside."""
    monkeypatch.setattr(index_load, "TEXT_WIDTH_QUANTILE", 0.5)
    return load_state(connector(path))


def _same_column(name: str, before: object, after: object) -> None:
    assert type(after) is type(before), name
    assert after.field == before.field == name  # type: ignore[attr-defined]
    if isinstance(before, EnumColumn):
        assert after.codes.tolist() == before.codes.tolist()  # type: ignore[attr-defined]
    elif isinstance(before, IntColumn):
        assert after.values.tolist() == before.values.tolist()  # type: ignore[attr-defined]
        assert after.null_value == before.null_value  # type: ignore[attr-defined]
    elif isinstance(before, DictColumn):
        assert after.codes.tolist() == before.codes.tolist()  # type: ignore[attr-defined]
        assert after.values == before.values  # type: ignore[attr-defined]
    elif isinstance(before, TextColumn):
        assert after.values.tolist() == before.values.tolist()  # type: ignore[attr-defined]
        assert after.folded.tolist() == before.folded.tolist()  # type: ignore[attr-defined]
        assert after.overflow == before.overflow  # type: ignore[attr-defined]
    else:
        assert isinstance(before, TimeColumn) and isinstance(after, TimeColumn)
        if before.keys is None:
            assert after.keys is None and before.fallback is not None and after.fallback is not None
            _same_column(name, before.fallback, after.fallback)
        else:
            assert after.keys is not None and after.keys.tolist() == before.keys.tolist()
            assert after.suffix == before.suffix


def test_a_state_comes_back_whole_from_its_saved_arrays(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = _loaded(store, monkeypatch)
    names = state.columns["name"]
    assert names.overflow == {4: b"Wang Min"}  # by hand: the one name over six bytes
    assert bytes(names.folded[3]) == b"wang m"  # capitals folded: a copy of its own
    assert state.columns["pending_actions"].null_value == 0
    ascending = index_sort.permutation(state, "level", False).tolist()
    assert ascending == [0, 4, 1, 3, 2, 5]  # 初级(士) 1 5, 初级(师) 2 4, 中级 3 6 (ties by id)
    restored = state_from_arrays(state_arrays(state))
    assert restored.ids.tolist() == [1, 2, 3, 4, 5, 6]
    assert set(restored.columns) == set(state.columns)
    for name, column in state.columns.items():
        _same_column(name, column, restored.columns[name])
    assert set(restored.perms) == {"level"}
    assert restored.perms["level"].ascending.tolist() == ascending
    assert restored.perms["level"].starts.tolist() == [True, False, True, False, True, False]
    # and it answers: "min" is only in the overflow, "wang" only in the folded copy
    index = RecordIndex(restored, connector(store))
    assert index.query(RecordFilter(name="min"), SortKey(), ORG).tolist() == [4]
    assert index.query(RecordFilter(name="wang"), SortKey(), ORG).tolist() == [4]
    assert index.query(RecordFilter(), SortKey("level", True), ORG).tolist() == [3, 6, 2, 4, 1, 5]


def test_a_time_column_of_mixed_layouts_comes_back_as_text_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    with fresh_store() as path:
        write_rows(path, [*ROWS, ODD_TIME])
        state = _loaded(path, monkeypatch)
        times = state.columns["submitted_at"]
        assert times.keys is None and times.fallback is not None
        restored = state_from_arrays(state_arrays(state))
        _same_column("submitted_at", times, restored.columns["submitted_at"])
        # text order: "2026-11-30T…" < "2026-12-01T…" < "2026-12-02T…" < "2026-12-03 08:00" < "2026-12-31…"
        index = RecordIndex(restored, connector(path))
        assert index.query(RecordFilter(), SortKey("submitted_at"), ORG).tolist() == [3, 4, 1, 2, 7, 5, 6]


def test_a_saved_column_of_another_length_is_refused_by_name(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arrays = state_arrays(_loaded(store, monkeypatch))
    arrays["frontline.values"] = arrays["frontline.values"][:5]
    with pytest.raises(ValueError, match=r"^snapshot column frontline has 5 rows, ids 6$"):
        state_from_arrays(arrays)


def test_posting_lists_follow_an_update_that_renumbers_a_dictionary(store: Path) -> None:
    """Record 3's 类别 368 becomes 150, which sorts before 203: the codes of 203, 303 and 368 move up
    by one, so lists kept under the old codes would answer 203 with the wrong records."""
    with fresh_store() as path, planned("postings"):
        write_rows(path, ROWS)
        index = RecordIndex.build(path)
        for code in ("203", "368", "102"):
            index.query(RecordFilter(category_code=code), SortKey(), ORG)  # the lists now exist
        write_rows(path, [{**ROWS[2], "category_code": "150"}])
        index.update({3})
        answers = {
            code: sorted(index.query(RecordFilter(category_code=code), SortKey(), ORG).tolist())
            for code in ("102", "150", "203", "303", "368")
        }
        assert answers == {"102": [1, 6], "150": [3], "203": [2, 4], "303": [5], "368": []}


def test_a_unit_that_became_rare_through_updates_drives_again(store: Path) -> None:
    """Lists only for values of one record: 武汉市江岸区人民医院 (records 1, 2, 6) has none until
    records 1 and 2 move to 江汉区妇幼保健院; then the planner rebuilds the unit lists to use it."""
    with fresh_store() as path, planned("rare_postings"):
        write_rows(path, ROWS)
        index = RecordIndex.build(path)
        assert sorted(index.query(RecordFilter(unit_name="人民医院"), SortKey(), ORG).tolist()) == [1, 2, 6]
        maternity = {"unit_id": 18, "unit_name": "江汉区妇幼保健院", "unit_parent_id": 12}
        write_rows(path, [{**ROWS[0], **maternity}, {**ROWS[1], **maternity}])
        index.update({1, 2})
        state = index._state
        condition = index_plan.conditions(state, RecordFilter(unit_name="人民医院"), ORG)[0]
        assert condition.estimate(state) == 1
        assert condition.candidates(state).tolist() == [5]
        maternity_now = index_plan.conditions(state, RecordFilter(unit_name="妇幼"), ORG)[0]
        assert maternity_now.estimate(state) == 3  # records 1, 2 and 3
        assert index.query(RecordFilter(unit_name="人民医院"), SortKey(), ORG).tolist() == [6]
        assert sorted(index.query(RecordFilter(unit_name="妇幼"), SortKey(), ORG).tolist()) == [1, 2, 3]


def test_posting_memory_is_the_counts_and_the_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_postings, "POSTED_FRACTION", 0.5)
    posted = index_postings.Postings(np.array([0, 1, 1, 2, 2, 2], dtype=np.uint8), 6)
    # limit 3: every code listed; counts 1, 2, 3 as int64 (24 bytes) + 6 int32 positions (24 bytes)
    assert posted.nbytes() == 24 + 24
    assert posted.positions(2).tolist() == [3, 4, 5]


def test_a_bit_mask_wider_than_its_column_type() -> None:
    """A vocabulary that outgrows the column's narrow type (bit 7 on an int8 column of values < 128)."""
    wide = index_plan.BitsAny("library_hits", [0, 7])
    assert wide._hits(np.array([0, 1, 64, 3], dtype=np.int8)).tolist() == [False, True, False, True]
    narrow = index_plan.BitsAny("library_hits", [6])
    assert narrow._hits(np.array([0, 1, 64, 127], dtype=np.int8)).tolist() == [False, False, True, True]


def test_saved_arrays_are_copies_an_update_cannot_change(store: Path) -> None:
    """The snapshot's arrays are taken under the lock and written to disk outside it: an update
    patching the rows in place meanwhile must not reach them."""
    with fresh_store() as path:
        write_rows(path, ROWS)
        index = RecordIndex.build(path)
        saved = state_arrays(index._state)
        assert saved["frontline.values"].tolist() == [1, 0, 0, 1, 0, 1]
        write_rows(path, [{**ROWS[0], "frontline": 0, "pending_actions": 3}])
        index.update({1})
        assert index.query(RecordFilter(frontline=True), SortKey(), ORG).tolist() != []
        assert saved["frontline.values"].tolist() == [1, 0, 0, 1, 0, 1]
        assert saved["pending_actions.values"].tolist() == [0, 1, 0, 0, 2, 0]


def test_only_the_last_used_fields_keep_their_inverse_and_descending_orders(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """INVERSE_KEPT 2, DESCENDING_KEPT 2: sorting few matches by name (descending: its group starts
    too), level, then frontline keeps the inverse permutations of level and frontline only; descending
    by level, name, frontline keeps the descending orders of name and frontline only."""
    monkeypatch.setattr(index_sort, "INVERSE_KEPT", 2)
    monkeypatch.setattr(index_sort, "DESCENDING_KEPT", 2)
    state = load_state(connector(store))
    few = np.array([0, 3, 5])
    # by name descending, in UTF-8 bytes: 王芳 (E7…) > 李娜 (E6…) > Wang Min (57…)
    assert index_sort.order_positions(state, "name", few, True).tolist() == [0, 5, 3]
    assert state.perms["name"].group_starts is not None
    for field in ("level", "frontline"):
        index_sort.order_positions(state, field, few, False)
    assert {f: state.perms[f].inverse is not None for f in state.perms} == {
        "name": False,
        "level": True,
        "frontline": True,
    }
    assert state.perms["name"].group_starts is None
    # 初级(士) 1 5, 初级(师) 2 4, 中级 3 6: the rank of each position
    assert state.perms["level"].inverse.tolist() == [0, 2, 4, 3, 1, 5]
    for field in ("level", "name", "frontline"):
        index_sort.permutation(state, field, True)
    assert {f: state.perms[f].descending is not None for f in state.perms} == {
        "name": True,
        "level": False,
        "frontline": True,
    }


def test_posting_lists_follow_rows_moving_between_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight rows, lists for codes held by at most two rows (POSTED_FRACTION 0.25), a list dropped
    once its code is held by more than four; every step worked out by hand."""
    monkeypatch.setattr(index_postings, "POSTED_FRACTION", 0.25)
    posted = index_postings.Postings(np.array([0, 0, 1, 1, 2, 2, 3, 3], dtype=np.uint8), 8)

    def move(positions: list[int], old: list[int], new: list[int]) -> bool:
        return posted.patch(np.array(positions), np.array(old, dtype=np.int64), np.array(new, dtype=np.int64))

    def lists() -> dict[int, list[int]]:
        return {code: held.tolist() for code, held in sorted(posted.lists.items())}

    assert (posted.limit, posted.counts.tolist()) == (2, [2, 2, 2, 2])
    assert move([0, 1], [0, 0], [0, 0])  # nothing moved
    assert (posted.counts.tolist(), lists()) == ([2, 2, 2, 2], {0: [0, 1], 1: [2, 3], 2: [4, 5], 3: [6, 7]})
    assert move([0, 2, 6], [0, 1, 3], [2, 2, 3])  # rows 0 and 2 to code 2 (four rows: kept)
    assert (posted.counts.tolist(), lists()) == ([1, 1, 4, 2], {0: [1], 1: [3], 2: [0, 2, 4, 5], 3: [6, 7]})
    assert move([1], [0], [2])  # five rows hold 2: its list goes, its count stays exact
    assert (posted.counts.tolist(), lists()) == ([0, 1, 5, 2], {0: [], 1: [3], 3: [6, 7]})
    assert posted.positions(2) is None and posted.count(2) == 5
    assert move([3], [1], [0])  # to code 0 (a NULL's code): a valid code like any other
    assert (posted.counts.tolist(), lists()) == ([1, 0, 5, 2], {0: [3], 1: [], 3: [6, 7]})
    assert move([0, 3], [2, 0], [3, 2])  # code 2 has no list: code 3's is still updated
    assert (posted.counts.tolist(), lists()) == ([0, 0, 5, 3], {0: [], 1: [], 3: [0, 6, 7]})
    assert move([7], [3], [5])  # a code beyond the counts: they grow to it
    assert (posted.counts.tolist(), lists()) == ([0, 0, 5, 2, 0, 1], {0: [], 1: [], 3: [0, 6]})
    assert posted.counts.dtype == np.int64
    assert all(held.dtype == np.int32 for held in posted.lists.values())
    # codes a key cannot hold: refused, nothing changed (the caller drops the key)
    assert not move([6], [3], [index_postings.MAX_CODE])
    assert not move([6], [3], [-1])
    assert (posted.counts.tolist(), lists()) == ([0, 0, 5, 2, 0, 1], {0: [], 1: [], 3: [0, 6]})


def test_an_update_without_new_values_keeps_the_lists_and_sort_orders_of_other_fields(store: Path) -> None:
    """Record 1 moves to 江汉区妇幼保健院, a unit already known: no code is renumbered, so the unit
    lists follow the row (the same lists, patched — not dropped and rebuilt), and a cached descending
    order is handed out again, not derived anew."""
    with fresh_store() as path, planned("postings"):
        write_rows(path, ROWS)
        index = RecordIndex.build(path)
        assert sorted(index.query(RecordFilter(unit_name="妇幼"), SortKey(), ORG).tolist()) == [3]
        state = index._state
        units = state.postings["unit_name"]
        levels = index_sort.permutation(state, "level", True)
        assert index_sort.permutation(state, "level", True) is levels
        write_rows(path, [{**ROWS[0], "unit_id": 18, "unit_name": "江汉区妇幼保健院", "unit_parent_id": 12}])
        index.update({1})
        assert index._state.postings.get("unit_name") is units
        assert index_sort.permutation(index._state, "level", True) is levels  # level did not change
        assert sorted(index.query(RecordFilter(unit_name="妇幼"), SortKey(), ORG).tolist()) == [1, 3]


@pytest.mark.parametrize("change", ["delete", "insert"])
def test_rows_coming_or_going_alone_drop_every_cached_position(store: Path, change: str) -> None:
    """Positions shift after a deleted or inserted row — even when nothing else changes — so cached
    sort orders and posting lists must go: kept, they would answer with the neighbours' rows."""
    with fresh_store() as path, planned("postings"):
        write_rows(path, ROWS if change == "delete" else [r for r in ROWS if r["id"] != 3])
        index = RecordIndex.build(path)
        for flt in (RecordFilter(frontline=True), RecordFilter(level=Level.INTERMEDIATE)):
            index.query(flt, SortKey("level", True), ORG)  # lists and orders now cached
        if change == "delete":
            with sqlite3.connect(path) as conn:
                conn.execute("DELETE FROM records WHERE id = 3")
        else:
            write_rows(path, [ROWS[2]])
        index.update({3})
        with_3 = change == "insert"
        # 中级 3 6 first (descending by level), then 初级(师) 2 4, then 初级(士) 1 5
        assert index.query(RecordFilter(), SortKey("level", True), ORG).tolist() == (
            [3, 6, 2, 4, 1, 5] if with_3 else [6, 2, 4, 1, 5]
        )
        assert index.query(RecordFilter(frontline=False), SortKey("level", True), ORG).tolist() == (
            [3, 2, 5] if with_3 else [2, 5]
        )
        assert index.query(RecordFilter(level=Level.INTERMEDIATE), SortKey("level"), ORG).tolist() == (
            [3, 6] if with_3 else [6]
        )


def test_a_unit_id_beyond_what_posting_lists_hold_is_answered_by_masks(store: Path) -> None:
    """Record 6 moves to a unit whose id (2^21) no posting key can count: the unit lists are dropped,
    not patched, and 本级直属 of that unit still finds it."""
    with fresh_store() as path, planned("postings"):
        write_rows(path, ROWS)
        index = RecordIndex.build(path)
        assert sorted(index.query(RecordFilter(data_scope=DataScope.DIRECT), SortKey(), 17).tolist()) == [
            1,
            2,
            6,
        ]
        write_rows(path, [{**ROWS[5], "unit_id": 1 << 21, "unit_name": "新院区", "unit_parent_id": 17}])
        index.update({6})
        assert sorted(index.query(RecordFilter(data_scope=DataScope.DIRECT), SortKey(), 17).tolist()) == [
            1,
            2,
            6,
        ]
        assert index.query(RecordFilter(data_scope=DataScope.DIRECT), SortKey(), 1 << 21).tolist() == [6]
        assert index.query(RecordFilter(data_scope=DataScope.DIRECT), SortKey(), 18).tolist() == [3]


def test_positions_of_ids_not_held_are_minus_one() -> None:
    assert positions_of(np.array([2, 4, 6]), np.array([4, 5, 7, 2, 1])).tolist() == [1, -1, -1, 0, -1]


@pytest.mark.parametrize("plan", ["masks", "postings"])
def test_filtered_lists_in_order_before_any_whole_list_was_sorted(store: Path, plan: str) -> None:
    """Each query is the first on its field, so no order is cached yet: matches are ordered by walking
    the ascending order (masks plan) or by rank (posting lists), descending groups reversed with ids
    ascending inside. Read off the table: 级别 中级 3 6 > 初级(师) 2 4 > 初级(士) 1 5; 提交时间 4 (11-30)
    < 1 (12-01) < 2 (12-02) < 5 (12-31) < 6 (2027-01-01), 3 never submitted (first)."""
    cases = [
        (RecordFilter(submit_status=SubmitStatus.SUBMITTED), SortKey("level", True), [6, 2, 4, 1, 5]),
        (RecordFilter(pay_status=PayStatus.UNPAID), SortKey("level", True), [3, 6, 2]),
        (RecordFilter(level=Level.JUNIOR), SortKey("submitted_at"), [4, 2]),
        (RecordFilter(level=Level.JUNIOR), SortKey("submitted_at", True), [2, 4]),
        (RecordFilter(frontline=True), SortKey("submitted_at", True), [6, 1, 4]),
        (RecordFilter(pending_only=True), SortKey("name", True), [5, 2]),  # 王敏 > 李伟
    ]
    for flt, sort, expected in cases:
        with planned(plan):
            index = RecordIndex.build(store)
            assert index.query(flt, sort, ORG).tolist() == expected, (flt, sort)
            index.prepare(sort)  # the whole field's order is cached now (descending derived)
            assert index.query(flt, sort, ORG).tolist() == expected, (flt, sort)
            if sort.descending:  # and the ascending order is not the cached descending one walked
                ascending = SortKey(sort.column, False)
                assert index.query(flt, ascending, ORG).tolist() == sorted(
                    expected, key=lambda i: (_rank(sort.column, i), i)
                )


def _rank(column: str, record_id: int) -> tuple[int, str]:
    """The sort key of a record of the table, written out by hand."""
    row = next(r for r in ROWS if r["id"] == record_id)
    if column == "level":
        return ({"assistant": 1, "junior": 2, "intermediate": 3}[row["level"]], "")
    if column == "submitted_at":
        return (0, "") if row["submitted_at"] is None else (1, row["submitted_at"])
    return (0, row["name"].encode().hex())


def test_posting_keys_in_the_narrowest_type_and_none_beyond_the_limit() -> None:
    narrow = index_postings._narrow
    assert narrow(np.array([0, 255])).dtype == np.uint8
    assert narrow(np.array([0, 256])).dtype == np.uint16
    assert narrow(np.array([65535])).dtype == np.uint16
    assert narrow(np.array([65536])).dtype == np.uint32
    assert narrow(np.array([index_postings.MAX_CODE - 1])).tolist() == [index_postings.MAX_CODE - 1]
    assert narrow(np.array([index_postings.MAX_CODE])) is None
    assert narrow(np.array([3, -1])) is None
    assert narrow(np.zeros(0, dtype=np.int64)).dtype == np.uint8


def test_posting_lists_of_no_rows() -> None:
    empty = index_postings.Postings(np.zeros(0, dtype=np.uint8), 0)
    assert (empty.count(0), empty.count(3), empty.positions(3).tolist(), empty.lists) == (0, 0, [], {})
    assert empty.counts.dtype == np.int64


def test_several_long_names_come_back_each_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two names over the fixed width (six bytes): "Wang Min" (8) and "Li Weiwei" (9) are saved as one
    run of bytes with their lengths, and read back apart."""
    rows = [{**r, "name": "Li Weiwei"} if r["id"] == 2 else r for r in ROWS]
    with fresh_store() as path:
        write_rows(path, rows)
        state = _loaded(path, monkeypatch)
        assert state.columns["name"].overflow == {2: b"Li Weiwei", 4: b"Wang Min"}
        restored = state_from_arrays(state_arrays(state))
        assert restored.columns["name"].overflow == {2: b"Li Weiwei", 4: b"Wang Min"}
        index = RecordIndex(restored, connector(path))
        assert index.query(RecordFilter(name="weiwei"), SortKey(), ORG).tolist() == [2]
