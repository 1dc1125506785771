"""Applying server pages: snapshots + tombstones + cursor in one transaction; the outbox always survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome
from reviewdesk.store import ingest, outbox
from reviewdesk.store.testing import create_store, filled_store, make_review, make_snapshot

FIELDS = ["version", "status_unit", "pending_actions", "name", "submit_status"]


def test_page_and_cursor_land_together(tmp_path: Path) -> None:
    ws = create_store(tmp_path / "s.sqlite")
    assert ingest.cursor(ws) is None
    heard: list[set[int]] = []
    ws.subscribe(heard.append)
    assert ingest.apply_snapshots(ws, [make_snapshot(1), make_snapshot(2)], [], "c1") == {1, 2}
    assert ingest.cursor(ws) == "c1" and ws.record_count() == 2 and heard == [{1, 2}]
    view = ws.record(1)
    assert view is not None and view.snapshot == make_snapshot(1)
    assert [m.id for m in view.materials] == [m["id"] for m in make_snapshot(1)["materials"]]
    # A page that fails half-way (after its snapshots were written) leaves neither them nor its cursor.
    with pytest.raises(ValueError):
        ingest.apply_snapshots(ws, [make_snapshot(4)], ["not-an-id"], "c2")  # type: ignore[list-item]
    assert ingest.cursor(ws) == "c1" and ws.record_count() == 2 and ws.rows([4]) == {}
    assert heard == [{1, 2}]


def test_a_newer_snapshot_keeps_the_pending_decision_on_top(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.PASS, "")
    newer = make_snapshot(1, version=2, name="王芳芳")
    ingest.apply_snapshots(ws, [newer], [], "c1")
    row = ws.rows([1], FIELDS)[1]
    assert row["version"] == 2 and row["name"] == "王芳芳"
    assert row["status_unit"] == "passed" and row["pending_actions"] == 1
    # …and a snapshot under which the rules refuse it still shows the action as pending.
    withdrawn = make_snapshot(1, version=3, review=make_review(submit_status="not_submitted", at_tier=None))
    ingest.apply_snapshots(ws, [withdrawn], [], "c2")
    row = ws.rows([1], FIELDS)[1]
    assert row["status_unit"] == "pending" and row["pending_actions"] == 1
    view = ws.record(1)
    assert view is not None and view.history[-1]["refused"] == workflow.NOT_SUBMITTED


def test_materials_follow_the_snapshot(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", [make_snapshot(7)])
    fewer = make_snapshot(7, version=2, materials=make_snapshot(7)["materials"][:1])
    ingest.apply_snapshots(ws, [fewer], [], "c1")
    view = ws.record(7)
    assert view is not None and len(view.materials) == 1
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM materials WHERE record_id = 7").scalar() == 1


def test_tombstone_deletes_the_record_but_keeps_its_outbox_and_conflicts(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([2], Outcome.PASS, "")
    ws.decide([3], Outcome.PASS, "")
    first, _ = outbox.pending(ws)
    outbox.complete(ws, first.action_id, "conflict", make_snapshot(2, version=4), "stale", "记录已被他人修改")
    assert ingest.apply_snapshots(ws, [], [2, 3, 999], "c1") == {2, 3}
    assert ws.record(2) is None and ws.record(3) is None and ws.record_count() == 1
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM materials WHERE record_id IN (2, 3)").scalar() == 0
    assert [e.record_id for e in outbox.pending(ws)] == [3]
    assert [c.record_id for c in ws.conflicts()] == [2]
    # The server answers the orphaned action; it lands in the conflicts, nothing is lost.
    [orphan] = outbox.pending(ws)
    outbox.complete(ws, orphan.action_id, "rejected", None, "not_found", "记录不存在")
    assert ws.pending_actions() == 0 and [c.record_id for c in ws.conflicts()] == [2, 3]
    # Back in scope: a still-queued action folds into it again.
    ws.decide([1], Outcome.PASS, "")
    ingest.apply_snapshots(ws, [], [1], "c2")
    ingest.apply_snapshots(ws, [make_snapshot(1, version=5)], [], "c3")
    assert ws.rows([1], FIELDS)[1]["status_unit"] == "passed"


def test_full_redownload_keeps_the_outbox_and_rederives_local_views(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 4)
    ws.decide([1, 2], Outcome.PASS, "")
    ws.report_up()
    queued = [e.action_id for e in outbox.pending(ws)]
    ingest.begin_full_download(ws)
    assert ingest.cursor(ws) is None and ingest.full_download_pending(ws)
    ingest.apply_download_page(ws, [make_snapshot(1, version=7), make_snapshot(2, version=7)])
    ingest.apply_download_page(ws, [make_snapshot(4, version=7)])
    assert ingest.finish_full_download(ws, "c9") == {3}
    assert ingest.cursor(ws) == "c9" and not ingest.full_download_pending(ws)
    assert [e.action_id for e in outbox.pending(ws)] == queued
    rows = ws.rows([1, 2, 3, 4], ["version", "status_unit", "status_county", "pending_actions"])
    assert set(rows) == {1, 2, 4}
    assert (
        rows[1]["version"] == 7 and rows[1]["status_county"] == "pending" and rows[1]["pending_actions"] == 2
    )
    assert rows[4]["status_unit"] == "pending" and rows[4]["pending_actions"] == 0


def test_an_interrupted_full_download_starts_over(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ingest.begin_full_download(ws)
    ingest.apply_download_page(ws, [make_snapshot(1)])
    # crash here: no cursor, so the next sync downloads again; the records are all still held
    assert ingest.cursor(ws) is None and ws.record_count() == 3
    ingest.begin_full_download(ws)
    ingest.apply_download_page(ws, [make_snapshot(2), make_snapshot(3)])
    assert ingest.finish_full_download(ws, "c1") == {1}
