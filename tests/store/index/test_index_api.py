"""RecordIndex beyond the SQL-equivalence property: following a real Workspace's changes, counts,
bad input with clear messages, stores with awkward values, and queries racing with updates."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reviewdesk.domain.enums import Outcome, ReviewStatus, Tier
from reviewdesk.domain.precheck import KINDS
from reviewdesk.store import sql_query
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import IndexError_, RecordIndex
from reviewdesk.store.testing import build_store, create_store


@pytest.fixture
def store(tmp_path: Path) -> Any:
    workspace = build_store(tmp_path / "store.sqlite", 800, seed=5, tier=Tier.CITY)
    yield workspace
    workspace.close()


def org(workspace: Any) -> int:
    return int(workspace.me.org_id)


def test_built_from_a_workspace_it_answers_like_sql(store: Any) -> None:
    index = RecordIndex.build(store)
    assert len(index) == store.record_count() == 800
    assert index.ids.tolist() == store.record_ids()
    for flt in (
        RecordFilter(),
        RecordFilter(name="王"),
        RecordFilter(tier_status={Tier.CITY: ReviewStatus.PENDING}),
        RecordFilter(flag_kinds=frozenset(KINDS)),  # 有提示
        RecordFilter(flag_kinds=frozenset({"scan", "reused"})),
    ):
        for sort in (SortKey(), SortKey("unit_name", True), SortKey("status_city"), SortKey("flags", True)):
            assert (
                index.query(flt, sort, org(store)).tolist()
                == sql_query.query_ids(store, flt, sort, org(store)).tolist()
            )


def test_following_the_workspace_a_decision_shows_at_once(store: Any) -> None:
    index = RecordIndex.build(store, follow=True)
    heard: list[Any] = []
    index.subscribe(heard.append)
    waiting = RecordFilter(tier_status={Tier.CITY: ReviewStatus.PENDING})
    before = index.query(waiting, SortKey(), org(store))
    counts = index.status_counts(Tier.CITY)
    chosen = before[:3].tolist()
    result = store.decide(chosen, Outcome.PASS, "")
    assert sorted(result.allowed) == sorted(chosen)
    after = index.query(waiting, SortKey(), org(store))
    assert set(after.tolist()) == set(before.tolist()) - set(chosen)
    assert sorted(index.query(RecordFilter(pending_only=True), SortKey(), org(store)).tolist()) == sorted(
        chosen
    )
    now = index.status_counts(Tier.CITY)
    assert now[ReviewStatus.PENDING] == counts[ReviewStatus.PENDING] - 3
    assert now[ReviewStatus.PASSED] == counts[ReviewStatus.PASSED] + 3
    assert heard and set(heard[-1].updated) == set(chosen) and not heard[-1].structural
    assert index.status_counts(Tier.CITY, ids=np.array(chosen))[ReviewStatus.PASSED] == 3
    in_view = index.status_counts(Tier.CITY, RecordFilter(tier_status={Tier.CITY: ReviewStatus.PASSED}))
    assert in_view[ReviewStatus.PASSED] == now[ReviewStatus.PASSED] and in_view[ReviewStatus.PENDING] == 0
    index.close()
    store.decide(after[:1].tolist(), Outcome.PASS, "")
    assert index.query(waiting, SortKey(), org(store)).tolist() == after.tolist()  # no longer following


def test_inserts_and_deletions_change_the_rows(store: Any) -> None:
    index = RecordIndex.build(store)
    with sqlite3.connect(store.path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM records WHERE id IN (5, 6)")
        conn.execute(
            "INSERT INTO records SELECT 5000, version, submission_rev, materials_hash, '新考生', id_type, "
            "id_number, gender, birth_date, submit_status, submitted_at, pay_status, project, level, "
            "category_code, category_name, education_level, frontline, unit_id, unit_name, unit_parent_id, "
            "status_unit, status_county, status_city, status_province, at_tier, review, library_hits, "
            "misconduct_hit, flag_rank, flag_kinds, verify_summary, pending_actions, open_conflicts, updated_at FROM records WHERE id = 7"
        )
    report = index.update({5, 6, 5000, 123456})
    assert report.deleted == {5, 6} and report.inserted == {5000} and report.structural
    assert len(index) == 799
    assert index.query(RecordFilter(name="新考生"), SortKey("name"), 0).tolist() == [5000]
    assert not index.contains_id(5) and index.contains_id(5000)


def test_many_changes_reload_everything(store: Any) -> None:
    index = RecordIndex.build(store)
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE records SET name = '同名' WHERE id <= 500")
    report = index.update(range(1, 1200))
    assert report.reloaded
    assert len(index.query(RecordFilter(name="同名"), SortKey(), 0)) == 500


def test_an_empty_store(tmp_path: Path) -> None:
    workspace = create_store(tmp_path / "empty.sqlite")
    try:
        index = RecordIndex.build(workspace)
        assert len(index) == 0
        assert index.query(RecordFilter(name="王"), SortKey("name", True), 1).tolist() == []
        assert index.status_counts(Tier.UNIT)[None] == 0
    finally:
        workspace.close()


def test_unknown_or_unsortable_columns_are_refused_in_chinese(store: Any) -> None:
    index = RecordIndex.build(store)
    with pytest.raises(ValueError, match="未知的排序列"):
        index.query(RecordFilter(), SortKey("nonsense"), 0)
    with pytest.raises(ValueError, match="该列不能排序：序号"):
        index.query(RecordFilter(), SortKey("seq"), 0)
    with pytest.raises(TypeError):
        RecordIndex.build(12345)


def test_a_broken_integer_column_gives_a_clear_error(store: Any) -> None:
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE records SET library_hits = 'lots' WHERE id = 3")
    with pytest.raises(IndexError_, match="library_hits 列含有非整数值"):
        RecordIndex.build(store)


def test_values_holding_the_separator_are_read_row_by_row(store: Any) -> None:
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE records SET name = 'A\x1fB', unit_name = '某\x1f院' WHERE id = 9")
    # (the store no longer writes such values, test_store_text_controls.py; a file may still hold them)
    index = RecordIndex.build(store)
    # a filter's text drops control characters: "a\x1fb" searches "ab"; the row's parts are whole
    assert index.query(RecordFilter(name="a"), SortKey(), 0).tolist() == [9]
    assert index.query(RecordFilter(name="\x1fb"), SortKey(), 0).tolist() == [9]
    assert index.query(RecordFilter(unit_name="某\x1f"), SortKey(), 0).tolist() == [9]
    for sort in (SortKey("name"), SortKey("unit_name", True)):
        assert (
            index.query(RecordFilter(), sort, 0).tolist()
            == sql_query.query_ids(store, RecordFilter(), sort, 0).tolist()
        )


def test_queries_racing_with_updates_always_see_a_whole_state(store: Any) -> None:
    """Every answer a reader gets while updates land is, id for id and in order, the SQL answer of one
    of the states the store went through — not merely free of duplicates: a torn read that dropped or
    misordered records fails too."""
    index = RecordIndex.build(store)
    all_ids = set(index.ids.tolist())
    queries = [
        (RecordFilter(), SortKey("status_unit", True)),
        (RecordFilter(tier_status={Tier.UNIT: ReviewStatus.PASSED}), SortKey("name")),
    ]
    stop = threading.Event()
    seen: list[set[bytes]] = [set() for _ in queries]
    answered = [0, 0]

    def reader(which: int) -> None:
        flt, sort = queries[which]
        while not stop.is_set():
            seen[which].add(index.query(flt, sort, 0).tobytes())
            answered[which] += 1

    def states() -> list[bytes]:
        return [sql_query.query_ids(store, flt, sort, 0).tobytes() for flt, sort in queries]

    valid: list[set[bytes]] = [{answer} for answer in states()]
    threads = [threading.Thread(target=reader, args=(which,)) for which in range(len(queries))]
    for t in threads:
        t.start()
    try:
        for round_ in range(30):
            status = ("passed", "rejected", "on_hold")[round_ % 3]
            with sqlite3.connect(store.path) as conn:
                conn.execute("UPDATE records SET status_unit = ? WHERE id % 7 = ?", (status, round_ % 7))
            index.update([i for i in all_ids if i % 7 == round_ % 7])
            for which, answer in enumerate(states()):
                valid[which].add(answer)
    finally:
        stop.set()
        for t in threads:
            t.join()
    for which in range(len(queries)):
        assert answered[which] > 30, "the reader hardly ran"
        torn = seen[which] - valid[which]
        assert not torn, f"{len(torn)} answers of {queries[which]} match no state the store was in"
    assert len(valid[1]) > 2  # the filtered answer really changed between states
    sort = SortKey("status_unit", True)
    assert (
        index.query(RecordFilter(), sort, 0).tolist()
        == sql_query.query_ids(store, RecordFilter(), sort, 0).tolist()
    )


def test_memory_is_counted(store: Any) -> None:
    index = RecordIndex.build(store)
    base = index.memory_bytes()
    assert base > 800 * 20
    index.prepare(SortKey("name"))
    index.prepare(SortKey("name", True))
    assert index.memory_bytes() >= base + 2 * 800 * 4


def test_a_decision_moves_its_records_between_posting_lists_without_a_rebuild(store: Any) -> None:
    """Selective filters are answered from posting lists (store.index.postings); a decision patches
    them in place (a rebuild would cost an O(n) pass per changed field on the next query)."""
    index = RecordIndex.build(store, follow=True)
    me = org(store)
    rejected = RecordFilter(tier_status={Tier.CITY: ReviewStatus.REJECTED})
    pending = RecordFilter(tier_status={Tier.CITY: ReviewStatus.PENDING})
    unsynced = RecordFilter(pending_only=True)
    for flt in (rejected, pending, unsynced):
        index.query(flt, SortKey("name", True), me)
    posted = dict(index._state.postings)
    assert posted["status_city"] is not None and posted["pending_actions:positive"] is not None
    chosen = index.query(pending, SortKey(), me)[:4].tolist()
    store.decide(chosen, Outcome.REJECT, "材料不全")
    assert index._state.postings["status_city"] is posted["status_city"]
    assert index._state.postings["pending_actions:positive"] is posted["pending_actions:positive"]
    for flt in (rejected, pending, unsynced, RecordFilter(pending_only=True, level=None)):
        for sort in (SortKey("name", True), SortKey("status_city"), SortKey()):
            assert index.query(flt, sort, me).tolist() == sql_query.query_ids(store, flt, sort, me).tolist()
    assert set(chosen) <= set(index.query(rejected, SortKey(), me).tolist())
    index.close()
