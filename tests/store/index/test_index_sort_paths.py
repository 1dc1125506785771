"""The sort's rarer paths on records of ``test_index_filters_table``, each order read off the table by
hand: two records of one key (the smallest group), two positions handed over out of order, two long
names equal in their fixed-width part, and a descending order prepared ahead by the warm-up.

Why: the six-record tests always had three or more records in a sort and never a name longer than the
fixed width under a sort, so a group of two equal keys taken for two groups (a descending list then
puts the later id first), two matches returned in the order given, or the long names' full text left
out of the order passed every test; and a query deriving a prepared order again (and rotating it out
with the orders queries derive) only cost time (mutation testing, docs/MUTATION.md).

Names sort by their UTF-8 bytes, as SQLite compares them: Latin (57…) < 张 (E5…) < 李 (E6…) < 王 (E7…);
李伟 (…E4) < 李娜 (…E5), 王敏 (…E6) < 王芳 (…E8)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from index_rows import fresh_store, write_rows
from test_index_filters_table import ORG, ROWS

from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.store.index import load as index_load
from reviewdesk.store.index import sort as index_sort
from reviewdesk.store.index.load import connector, load_state


@pytest.fixture(scope="module")
def store() -> Iterator[Path]:
    with fresh_store() as path:
        write_rows(path, ROWS)
        yield path


def test_two_records_of_one_level_stay_in_id_order_both_ways() -> None:
    """王芳 (1) and 王敏 (5) are both 初级(士): one group, ids ascending inside in both directions; by
    name they are two groups, 王敏 < 王芳."""
    with fresh_store() as path:
        write_rows(path, [ROWS[0], ROWS[4]])
        index = RecordIndex.build(path)
        assert index.query(RecordFilter(), SortKey("level", True), ORG).tolist() == [1, 5]
        assert index.query(RecordFilter(), SortKey("level"), ORG).tolist() == [1, 5]
        assert index.query(RecordFilter(), SortKey("name", True), ORG).tolist() == [1, 5]
        assert index.query(RecordFilter(), SortKey("name"), ORG).tolist() == [5, 1]


def test_two_positions_given_out_of_order_come_back_in_the_fields_order(store: Path) -> None:
    """Positions are ids − 1: 李娜 (6, 中级) and 王芳 (1, 初级(士))."""
    state = load_state(connector(store))
    assert index_sort.order_positions(state, "level", np.array([5, 0]), False).tolist() == [0, 5]
    assert index_sort.order_positions(state, "level", np.array([0, 5]), True).tolist() == [5, 0]
    assert index_sort.order_positions(state, "name", np.array([0, 5]), False).tolist() == [5, 0]


def test_long_names_equal_in_their_fixed_part_sort_by_their_full_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fixed width at the median (six bytes): "Wang Min" (4) and "Wang Ma" (7) both overflow and
    both keep "Wang M" in the array; the full text puts "Wang Ma" first, against the id order."""
    monkeypatch.setattr(index_load, "TEXT_WIDTH_QUANTILE", 0.5)
    rows = [*ROWS, {**ROWS[3], "id": 7, "name": "Wang Ma", "id_number": "H12345679"}]
    with fresh_store() as path:
        write_rows(path, rows)
        index = RecordIndex.build(path)
        assert index.query(RecordFilter(), SortKey("name"), ORG).tolist() == [7, 4, 3, 2, 6, 5, 1]
        assert index.query(RecordFilter(), SortKey("name", True), ORG).tolist() == [1, 5, 6, 2, 3, 4, 7]


def test_a_descending_order_prepared_ahead_is_used_as_it_is_and_outlives_the_query_rotation(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``keep_descending`` (the warm-up) caches 姓名's descending order; queries then use that very
    array, and descending sorts by two other fields with one kept (``DESCENDING_KEPT`` 1) rotate only
    their own orders. 姓名 descending: 王芳 1, 王敏 5, 李娜 6, 李伟 2, 张娜 3, Wang Min 4 (positions
    id − 1)."""
    monkeypatch.setattr(index_sort, "DESCENDING_KEPT", 1)
    state = load_state(connector(store))
    index_sort.ascending_perm(state, "name")
    prepared = index_sort.compute_descending(state, "name")
    assert prepared.tolist() == [0, 4, 5, 1, 2, 3]
    index_sort.keep_descending(state, "name", prepared)
    assert index_sort.permutation(state, "name", True) is prepared
    for field in ("level", "frontline"):
        index_sort.permutation(state, field, True)
    assert state.perms["name"].descending is prepared
    assert state.perms["level"].descending is None
    # 一线 1, 4, 6 before the others, ids ascending inside each group
    assert state.perms["frontline"].descending.tolist() == [0, 3, 5, 1, 2, 4]
    other = np.array([5, 4, 3, 2, 1, 0], dtype=np.int32)
    index_sort.keep_descending(state, "name", other)  # one already cached is not replaced
    assert state.perms["name"].descending is prepared
    index_sort.keep_descending(state, "submitted_at", other)  # nor one kept without its ascending order
    assert "submitted_at" not in state.perms


def test_the_warm_up_prepares_a_descending_order_only_where_deriving_it_scatters_every_row(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``descending_costly`` with ``FEW_GROUPS`` 2: 级别 has 3 groups among 6 rows — costly while its
    ascending order is known and its descending one is not; with ``FEW_GROUPS`` 3 its groups are
    copied as slices (cheap); 姓名 has 6 groups of one (the plain reversal: cheap); a field never
    sorted has no ascending order to derive from."""
    monkeypatch.setattr(index_sort, "FEW_GROUPS", 2)
    state = load_state(connector(store))
    assert index_sort.descending_costly(state, "level") is False
    index_sort.ascending_perm(state, "level")
    index_sort.ascending_perm(state, "name")
    assert index_sort.descending_costly(state, "level") is True
    assert index_sort.descending_costly(state, "name") is False
    monkeypatch.setattr(index_sort, "FEW_GROUPS", 3)
    assert index_sort.descending_costly(state, "level") is False
    monkeypatch.setattr(index_sort, "FEW_GROUPS", 2)
    # 初级(士) 1 5, 初级(师) 2 4, 中级 3 6 — reversed by group, ids ascending inside
    index_sort.keep_descending(state, "level", index_sort.compute_descending(state, "level"))
    assert state.perms["level"].descending.tolist() == [2, 5, 1, 3, 0, 4]
    assert index_sort.descending_costly(state, "level") is False


def test_the_memory_a_sort_adds_is_its_orders_at_their_widths(store: Path) -> None:
    """What ``memory_bytes`` (the index's figure in docs/PERFORMANCE.md) grows by, per cached order of
    the six records: an ascending order 4 bytes a row (``int32``) and its group starts 1 (``bool``);
    a descending order 4 a row; a few matches sorted by name descending add name's ascending order
    and starts, its inverse (4 a row) and where its 6 groups start (4 each)."""
    state = load_state(connector(store))
    index = RecordIndex(state, connector(store))
    base = index.memory_bytes()
    index.prepare(SortKey("level"))
    assert index.memory_bytes() - base == 6 * 4 + 6 * 1
    index.prepare(SortKey("level", True))
    assert index.memory_bytes() - base == 6 * 4 + 6 * 1 + 6 * 4
    # 李伟 (2) < 王敏 (5) by name: descending puts 5 first
    assert index_sort.order_positions(state, "name", np.array([1, 4]), True).tolist() == [4, 1]
    assert index.memory_bytes() - base == 6 * 4 + 6 * 1 + 6 * 4 + (6 * 4 + 6 * 1) + 6 * 4 + 6 * 4
