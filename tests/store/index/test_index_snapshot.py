"""The list index's snapshot next to the store: it opens without reading SQLite, catches up with every
change logged since (by this app or any other writer), and is never believed when it cannot be trusted."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reviewdesk.domain.enums import Outcome, ReviewStatus, Tier
from reviewdesk.store import sql_query
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.store.index import record_index as index_module
from reviewdesk.store.index import snapshot as index_snapshot
from reviewdesk.store.testing import build_store

CHECKS = [
    (RecordFilter(), SortKey()),
    (RecordFilter(name="王"), SortKey("name", True)),
    (RecordFilter(tier_status={Tier.CITY: ReviewStatus.PENDING}), SortKey("status_city")),
    (RecordFilter(pending_only=True), SortKey("sync", True)),
    (RecordFilter(submitted_from=None), SortKey("id_number")),
]


@pytest.fixture
def store(tmp_path: Path) -> Any:
    workspace = build_store(tmp_path / "store.sqlite", 600, seed=9, tier=Tier.CITY)
    yield workspace
    workspace.close()


def same_as_sql(index: RecordIndex, workspace: Any) -> None:
    org = int(workspace.me.org_id)
    for flt, sort in CHECKS:
        assert index.query(flt, sort, org).tolist() == sql_query.query_ids(workspace, flt, sort, org).tolist()


def opened(workspace: Any) -> RecordIndex:
    index = RecordIndex.open(workspace)
    if index._saver is not None:
        index._saver.join()
    return index


def no_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any) -> Any:
        raise AssertionError("read every record from SQLite although the snapshot was usable")

    monkeypatch.setattr(index_module, "_load", refuse)


def test_first_open_builds_and_saves_then_the_next_open_reads_only_the_snapshot(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = opened(store)
    path = index_snapshot.default_path(store.path)
    assert path.exists()
    first.prepare(SortKey("name", True))
    same_as_sql(first, store)
    first.close()
    no_full_load(monkeypatch)
    again = opened(store)
    assert "name" in again._state.perms  # sort orders computed last time come back with it
    assert again.ids.tolist() == store.record_ids()
    same_as_sql(again, store)
    again.close()


def test_changes_made_while_closed_by_anyone_are_caught_up(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened(store).close()
    waiting = sql_query.query_ids(
        store, RecordFilter(tier_status={Tier.CITY: ReviewStatus.PENDING}), SortKey(), 11
    )
    store.decide(waiting[:4].tolist(), Outcome.PASS, "")  # through the app's own store
    with sqlite3.connect(store.path) as conn:  # and behind its back (another program)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("UPDATE records SET name = '改名' WHERE id = 10")
        conn.execute("DELETE FROM records WHERE id = 11")
        conn.execute(
            "INSERT INTO records SELECT 9001, version, submission_rev, materials_hash, '新人', id_type, id_number, "
            "gender, birth_date, submit_status, submitted_at, pay_status, project, level, category_code, "
            "category_name, education_level, frontline, unit_id, unit_name, unit_parent_id, status_unit, "
            "status_county, status_city, status_province, at_tier, review, library_hits, misconduct_hit, "
            "flag_rank, flag_kinds, "
            "verify_summary, pending_actions, open_conflicts, updated_at FROM records WHERE id = 12"
        )
    no_full_load(monkeypatch)
    index = opened(store)
    same_as_sql(index, store)
    assert index.query(RecordFilter(name="改名"), SortKey(), 0).tolist() == [10]
    assert index.contains_id(9001) and not index.contains_id(11)
    index.close()


def test_an_update_catches_changes_nobody_announced(store: Any) -> None:
    index = opened(store)
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE records SET status_city = 'rejected' WHERE id IN (20, 21)")
    report = index.update(set())
    assert report.updated == {20, 21}
    same_as_sql(index, store)
    index.close()


def test_saving_prunes_the_log_to_the_saved_position(store: Any) -> None:
    index = opened(store)
    store.decide(
        sql_query.query_ids(
            store, RecordFilter(tier_status={Tier.CITY: ReviewStatus.PENDING}), SortKey(), 11
        )[:3].tolist(),
        Outcome.HOLD,
        "待核实",
    )
    assert index.save()
    assert not index.save()  # nothing new
    with sqlite3.connect(store.path) as conn:
        seqs = [r[0] for r in conn.execute(f"SELECT seq FROM {index_snapshot.LOG_TABLE}")]
    assert seqs == [index._applied_seq]
    index.close()


def _rebuilds(store: Any, monkeypatch: pytest.MonkeyPatch) -> bool:
    calls: list[int] = []
    real = index_module._load

    def counting(connect: Any) -> Any:
        calls.append(1)
        return real(connect)

    monkeypatch.setattr(index_module, "_load", counting)
    index = opened(store)
    same_as_sql(index, store)
    index.close()
    monkeypatch.setattr(index_module, "_load", real)
    return bool(calls)


def test_a_snapshot_that_cannot_be_trusted_is_rebuilt(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened(store).close()
    path = index_snapshot.default_path(store.path)
    assert not _rebuilds(store, monkeypatch)

    # the triggers went missing (a migration rebuilt the table): writes may be unlogged
    with sqlite3.connect(store.path) as conn:
        conn.execute("DROP TRIGGER index_changelog_update")
        conn.execute("UPDATE records SET name = '无日志' WHERE id = 30")
    assert _rebuilds(store, monkeypatch)
    assert not _rebuilds(store, monkeypatch)

    # the log was pruned past the snapshot's position
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE records SET name = '又改' WHERE id = 31")
        conn.execute(f"DELETE FROM {index_snapshot.LOG_TABLE}")
    assert _rebuilds(store, monkeypatch)

    # a damaged file, and one written by another layout of the index
    path.write_bytes(path.read_bytes()[:1000])
    assert _rebuilds(store, monkeypatch)
    monkeypatch.setattr(index_module, "_LAYOUT", "another-layout")
    assert _rebuilds(store, monkeypatch)
