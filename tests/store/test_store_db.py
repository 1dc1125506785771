"""Opening, creating and migrating the local store file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewdesk.models.local import SCHEMA_VERSION
from reviewdesk.store import db
from reviewdesk.store.testing import SERVER_URL, create_store, filled_store, make_me, make_snapshot
from reviewdesk.store.workspace import Workspace


def test_create_sets_pragmas_and_version(tmp_path: Path) -> None:
    ws = create_store(tmp_path / "a.sqlite")
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert db.schema_version(conn) == SCHEMA_VERSION
    assert ws.meta("schema_version") == str(SCHEMA_VERSION)
    assert ws.me == make_me()
    ws.close()
    again = Workspace.open(tmp_path / "a.sqlite")
    assert again.me == make_me() and again.server_url == SERVER_URL
    again.close()


def test_create_refuses_an_existing_file_and_open_a_missing_one(tmp_path: Path) -> None:
    create_store(tmp_path / "a.sqlite").close()
    with pytest.raises(db.StoreError, match="已存在"):
        Workspace.create(tmp_path / "a.sqlite", SERVER_URL, make_me())
    with pytest.raises(db.StoreError, match="不存在"):
        Workspace.open(tmp_path / "missing.sqlite")


def test_open_refuses_a_newer_file_and_a_foreign_file(tmp_path: Path) -> None:
    create_store(tmp_path / "a.sqlite").close()
    engine = db.make_engine(tmp_path / "a.sqlite")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    engine.dispose()
    with pytest.raises(db.StoreError, match="更新版本"):
        Workspace.open(tmp_path / "a.sqlite")
    other = db.make_engine(tmp_path / "other.sqlite")
    with other.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    other.dispose()
    with pytest.raises(db.StoreError, match="不是 reviewdesk"):
        Workspace.open(tmp_path / "other.sqlite")


def test_default_path_is_safe_and_distinct(tmp_path: Path) -> None:
    a = Workspace.default_path(tmp_path, "https://review.example.cn:8443/", "unit/../x 审核")
    b = Workspace.default_path(tmp_path, "https://review.example.cn:8443", "unit_.._x_审核")
    c = Workspace.default_path(tmp_path, "http://127.0.0.1:8765", "unit_reviewer")
    assert a.parent == tmp_path and a.suffix == ".sqlite"
    assert "/" not in a.name and ".." not in a.name and a != b
    assert c.name.startswith("127.0.0.1_8765-unit_reviewer-")
    assert Workspace.default_path(tmp_path, "http://127.0.0.1:8765", "unit_reviewer") == c


def _downgrade_to_v4(path: Path) -> None:
    """Take a fresh store back to version 4 (before the checks of scans added here)."""
    engine = db.make_engine(path)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE entry_scans DROP COLUMN scan_flags")
        conn.exec_driver_sql("ALTER TABLE entry_scans DROP COLUMN scan_version")
        conn.exec_driver_sql("PRAGMA user_version=4")
    engine.dispose()


def test_a_version_4_file_gets_the_scan_check_columns(tmp_path: Path) -> None:
    create_store(tmp_path / "old.sqlite").close()
    _downgrade_to_v4(tmp_path / "old.sqlite")
    ws = Workspace.open(tmp_path / "old.sqlite")
    with ws.engine.connect() as conn:
        assert db.schema_version(conn) == SCHEMA_VERSION == 5
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(entry_scans)")}
    ws.close()
    assert {"scan_flags", "scan_version"} <= columns


def _downgrade_to_v3(path: Path) -> None:
    """Take a fresh store back to version 3 (before 预审提示's list columns)."""
    _downgrade_to_v4(path)
    engine = db.make_engine(path)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE records DROP COLUMN flag_rank")
        conn.exec_driver_sql("ALTER TABLE records DROP COLUMN flag_kinds")
        conn.exec_driver_sql("PRAGMA user_version=3")
    engine.dispose()


def test_a_version_3_file_gets_the_flag_columns_from_its_snapshots(tmp_path: Path) -> None:
    filled_store(tmp_path / "old.sqlite", 3).close()
    flags = [
        {"code": "scan_blurred", "kind": "scan", "severity": "warn", "message": "图片不清晰（模糊）"},
        {"code": "scan_reused", "kind": "reused", "severity": "alert", "message": "…"},
    ]
    engine = db.make_engine(tmp_path / "old.sqlite")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE snapshots SET snapshot = json_set(snapshot, '$.flags', json(?)) WHERE id = 2",
            (json.dumps(flags, ensure_ascii=False),),
        )
    engine.dispose()
    _downgrade_to_v3(tmp_path / "old.sqlite")
    ws = Workspace.open(tmp_path / "old.sqlite")
    with ws.engine.connect() as conn:
        assert db.schema_version(conn) == SCHEMA_VERSION
        rows = conn.exec_driver_sql("SELECT id, flag_rank, flag_kinds FROM records ORDER BY id").all()
    ws.close()
    # worst alert (2) × 1000 + 2 flags; kinds scan (bit 3) and reused (bit 4)
    assert [tuple(r) for r in rows] == [(1, 0, 0), (2, 2002, 0b11000), (3, 0, 0)]


def _downgrade_to_v1(path: Path) -> None:
    """Turn a fresh store back into the schema the skeleton shipped as version 1."""
    _downgrade_to_v3(path)
    engine = db.make_engine(path)
    with engine.begin() as conn:
        for statement in (
            "DROP TABLE entry_outbox",
            "DROP TABLE entry_scans",
            "DROP TABLE entry_conflicts",
            "ALTER TABLE records ADD COLUMN server_snapshot JSON",
            "UPDATE records SET server_snapshot = (SELECT snapshot FROM snapshots WHERE snapshots.id = records.id)",
            "DROP TABLE snapshots",
            "DROP TABLE outbox_targets",
            "DROP TABLE download_seen",
            "DROP INDEX ix_outbox_batch_id",
            "ALTER TABLE outbox DROP COLUMN batch_id",
            "DROP TABLE conflicts",
            "CREATE TABLE conflicts (id INTEGER NOT NULL PRIMARY KEY, action_id VARCHAR(36) NOT NULL UNIQUE, "
            "kind VARCHAR(16) NOT NULL, status VARCHAR(16) NOT NULL, record_id INTEGER, material_id INTEGER, "
            "reason VARCHAR(32) NOT NULL, message TEXT NOT NULL, local JSON NOT NULL, server JSON, "
            "created_at VARCHAR(32) NOT NULL, resolved_at VARCHAR(32), resolution TEXT NOT NULL)",
            "INSERT INTO outbox (seq, action_id, kind, record_id, material_id, payload, base, created_at, "
            "attempts, last_error) VALUES (1, 'd-1', 'decision', 1, NULL, "
            '\'{"decision_id":"d-1","record_id":1,"outcome":"passed","remark":""}\', '
            '\'{"version":1,"submission_rev":1,"materials_hash":"h"}\', \'t\', 0, \'\')',
            "INSERT INTO outbox (seq, action_id, kind, record_id, material_id, payload, base, created_at, "
            "attempts, last_error) VALUES (2, 'r-1', 'report', NULL, NULL, "
            "'{\"report_id\":\"r-1\",\"record_ids\":[1,2]}', '{}', 't', 0, '')",
            "INSERT INTO conflicts VALUES (1, 'd-0', 'decision', 'conflict', 2, NULL, 'stale', 'm', '{}', NULL, "
            "'t', NULL, '')",
            "PRAGMA user_version=1",
        ):
            conn.exec_driver_sql(statement)
    engine.dispose()


def test_a_version_1_file_is_migrated_forward_keeping_its_outbox(tmp_path: Path) -> None:
    filled_store(tmp_path / "old.sqlite", 2).close()
    _downgrade_to_v1(tmp_path / "old.sqlite")
    ws = Workspace.open(tmp_path / "old.sqlite")
    with ws.engine.connect() as conn:
        assert db.schema_version(conn) == SCHEMA_VERSION
        targets = conn.exec_driver_sql(
            "SELECT seq, record_id FROM outbox_targets ORDER BY seq, record_id"
        ).all()
        assert [tuple(t) for t in targets] == [(1, 1), (2, 1), (2, 2)]
        assert conn.exec_driver_sql("SELECT action_id, reason FROM conflicts").all() == [("d-0", "stale")]
        tables = {row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"entry_outbox", "entry_scans", "entry_conflicts"} <= tables
    assert db.check_integrity(ws.engine) == "ok"
    assert ws.pending_actions() == 2 and [c.reason for c in ws.conflicts()] == ["stale"]
    view = ws.record(1)
    assert view is not None and view.snapshot == make_snapshot(1) and view.pending == 2
    ws.close()


def test_a_failing_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_store(tmp_path / "old.sqlite").close()
    _downgrade_to_v1(tmp_path / "old.sqlite")

    def broken(conn: object) -> None:
        db._v1_to_v2(conn)  # type: ignore[arg-type]
        raise RuntimeError("disk full")

    monkeypatch.setitem(db.MIGRATIONS, 1, broken)
    with pytest.raises(RuntimeError):
        Workspace.open(tmp_path / "old.sqlite")
    engine = db.make_engine(tmp_path / "old.sqlite")
    with engine.connect() as conn:
        assert db.schema_version(conn) == 1
        assert not conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name='outbox_targets'"
        ).scalar()
    engine.dispose()
