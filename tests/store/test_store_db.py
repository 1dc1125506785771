"""Opening, creating and migrating the local store file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.models.local import SCHEMA_VERSION
from reviewdesk.store import db
from reviewdesk.store.testing import SERVER_URL, create_store, make_me
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
