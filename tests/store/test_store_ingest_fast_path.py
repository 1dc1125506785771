"""The ingest fast path (records without pending actions skip the fold) writes exactly what the fold
writes, and the orjson-based ``dumps`` writes what ``json.dumps`` wrote."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.store import ingest, local_view
from reviewdesk.store.db import PAGE_SIZE, dumps, make_engine
from reviewdesk.store.testing import create_store, make_review, make_snapshot


def _varied_snapshots(count: int) -> list[dict[str, Any]]:
    """Snapshots across review states, 核验 states and 对比库 hits."""
    reviews = [
        make_review(),
        make_review({Tier.UNIT: "passed", Tier.COUNTY: "pending"}, at_tier=Tier.COUNTY),
        make_review({Tier.UNIT: "on_hold"}),
        make_review({Tier.UNIT: "passed"}),
        make_review(submit_status="not_submitted", at_tier=None),
        make_review({Tier.UNIT: "passed", Tier.COUNTY: "passed", Tier.CITY: "rejected"}, at_tier=Tier.CITY),
    ]
    statuses = [s.value for s in VerifyStatus]
    snapshots = []
    for record_id in range(1, count + 1):
        snapshot = make_snapshot(record_id, review=reviews[record_id % len(reviews)])
        for index, material in enumerate(snapshot["materials"]):
            material["verify_status"] = statuses[(record_id + index) % len(statuses)]
        snapshot["libraries"][record_id % 7]["entries"] = ["命中"] if record_id % 3 else []
        snapshot["libraries"][-1]["entries"] = ["违纪"] if record_id % 5 == 0 else []
        snapshots.append(snapshot)
    return snapshots


def _tables(ws: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with ws.engine.connect() as conn:
        return (
            [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM records ORDER BY id")],
            [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM materials ORDER BY id")],
            [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM snapshots ORDER BY id")],
        )


def test_plain_columns_equal_the_folds() -> None:
    for snapshot in _varied_snapshots(60):
        folded = local_view.fold(snapshot, [], None)  # type: ignore[arg-type]  # no action: no actor
        assert local_view.plain_columns(snapshot) == folded.columns()


def test_fast_path_rows_equal_a_fold_from_scratch(tmp_path: Path) -> None:
    ws = create_store(tmp_path / "s.sqlite")
    snapshots = _varied_snapshots(60)
    ingest.begin_full_download(ws)
    ingest.apply_download_page(ws, snapshots)
    ingest.finish_full_download(ws, "c1")
    fast = _tables(ws)
    with ws.write() as tx:  # the fold path over the same snapshots, from what the store holds
        local_view.recompute(tx.conn, range(1, 61), ws.actor)
    assert _tables(ws) == fast
    # the snapshot column is the server's JSON as TEXT, byte for byte what json.dumps wrote before
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT DISTINCT typeof(snapshot) FROM snapshots").all() == [("text",)]
        assert conn.exec_driver_sql("SELECT json_extract(snapshot, '$.id') FROM snapshots").all()[0] == (1,)
    for (record_id, text), snapshot in zip(fast[2], snapshots, strict=True):
        assert record_id == snapshot["id"]
        assert text == json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))


def test_records_with_pending_actions_still_fold_on_ingest(tmp_path: Path) -> None:
    ws = create_store(tmp_path / "s.sqlite")
    ingest.apply_snapshots(ws, _varied_snapshots(12), [], "c1")
    ws.decide([6, 12], Outcome.PASS, "")  # make_review(): 待审核 at the unit
    ingest.apply_snapshots(ws, [make_snapshot(6, version=2), make_snapshot(7, version=2)], [], "c2")
    rows = ws.rows([6, 7, 12], ["status_unit", "pending_actions", "version"])
    assert rows[6] == {"id": 6, "status_unit": "passed", "pending_actions": 1, "version": 2}
    assert rows[7]["pending_actions"] == 0 and rows[7]["version"] == 2
    assert rows[12]["status_unit"] == "passed" and rows[12]["pending_actions"] == 1


def test_dumps_writes_what_json_wrote_and_refuses_what_it_refused() -> None:
    values = [
        {"姓名": "王芳", "n": [1, -2, 3.5, None, True, False], "nested": {"a": {"b": []}}},
        {1: "int key"},
        '控制字符\x01\x1f 引号" 反斜杠\\ 换行\n 分隔\u2028',
        2**70,
        Outcome.PASS,
        [],
        {},
    ]
    for value in values:
        assert dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for bad in (datetime(2026, 12, 1), {1, 2}, b"bytes", object()):
        with pytest.raises(TypeError):
            dumps(bad)


def test_new_stores_use_16k_pages_and_old_files_keep_theirs(tmp_path: Path) -> None:
    ws = create_store(tmp_path / "new.sqlite")
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == PAGE_SIZE
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    ws.close()
    old = tmp_path / "old.sqlite"
    raw = sqlite3.connect(old)
    raw.execute("PRAGMA page_size=4096")
    raw.execute("CREATE TABLE t (x)")
    raw.close()
    engine = make_engine(old)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 4096
    engine.dispose()
