"""Names with control characters (issue 13): the list's index and its SQL reference must agree.

NUL and \\x01 in a name made them disagree: NumPy's fixed-width bytes drop a trailing NUL (``"王\\x00"``
tied with ``"王"``), the index's loader reads \\x01 as its NULL marker, SQLite's ``LIKE`` stops at a NUL.
The decision (``domain.text_rules``): control characters are no part of a value. The store removes them
when it writes a record, once from what an older version stored (a data fix run on open), and from the
filter's text; the server refuses them (tests/server/test_server_text_controls.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reviewdesk.domain.enums import Tier
from reviewdesk.store import db, ingest, sql_query
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.store.testing import create_store, make_snapshot
from reviewdesk.store.workspace import Workspace

NAMES = {1: "王\x00", 2: "王", 3: "\x01", 4: "李\x1f四", 5: "张\x7f三\u0085"}
CLEAN = {1: "王", 2: "王", 3: "", 4: "李四", 5: "张三"}
ORG = 17


def _answers(path: Path) -> list[tuple[list[int], list[int]]]:
    """(index, SQL) ids for the name sorts and a few name filters."""
    index = RecordIndex.build(path)
    cases = [
        (RecordFilter(), SortKey("name", False)),
        (RecordFilter(), SortKey("name", True)),
        (RecordFilter(name="王"), SortKey("name", False)),
        (RecordFilter(name="王\x00"), SortKey("id_number", False)),
        (RecordFilter(name="李四"), SortKey("name", False)),
    ]
    with sqlite3.connect(path) as conn:
        return [
            (index.query(flt, sort, ORG).tolist(), sql_query.query_ids(conn, flt, sort, ORG).tolist())
            for flt, sort in cases
        ]


def _store(tmp_path: Path) -> Path:
    ws = create_store(tmp_path / "ws.sqlite", Tier.UNIT)
    ingest.apply_snapshots(ws, [make_snapshot(i, name=name) for i, name in NAMES.items()])
    ws.close()
    return tmp_path / "ws.sqlite"


def _names(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, name FROM records").fetchall())


def test_ingest_keeps_control_characters_out_of_the_list_columns(tmp_path: Path) -> None:
    path = _store(tmp_path)
    assert _names(path) == CLEAN
    with sqlite3.connect(path) as conn:  # the server's snapshot is kept as it was sent
        stored = conn.execute(
            "SELECT json_extract(snapshot, '$.name') FROM snapshots WHERE id = 4"
        ).fetchone()
    assert stored[0] == "李\x1f四"
    for index_ids, sql_ids in _answers(path):
        assert index_ids == sql_ids


def test_what_an_older_version_stored_is_cleaned_once_on_open_and_then_both_agree(tmp_path: Path) -> None:
    path = _store(tmp_path)
    with sqlite3.connect(path) as conn:  # as an older version stored them, before the fix ran
        conn.executemany("UPDATE records SET name = ? WHERE id = ?", [(n, i) for i, n in NAMES.items()])
        conn.execute("DELETE FROM meta WHERE key = 'fix.text_without_controls'")
    assert _names(path) == NAMES
    assert any(index_ids != sql_ids for index_ids, sql_ids in _answers(path))  # the defect
    Workspace.open(path).close()
    assert _names(path) == CLEAN
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'fix.text_without_controls'").fetchone() == (
            "done",
        )
    for index_ids, sql_ids in _answers(path):
        assert index_ids == sql_ids


def test_a_new_store_records_every_fix_as_done(tmp_path: Path) -> None:
    create_store(tmp_path / "new.sqlite").close()
    with sqlite3.connect(tmp_path / "new.sqlite") as conn:
        keys = {k for (k,) in conn.execute("SELECT key FROM meta WHERE key LIKE 'fix.%'")}
    assert keys == {f"fix.{name}" for name in db.DATA_FIXES}


def test_a_filter_drops_control_characters_from_its_text() -> None:
    assert RecordFilter(name="王\x00", id_number="42\x01", unit_name="医院\u0085") == RecordFilter(
        name="王", id_number="42", unit_name="医院"
    )
    assert RecordFilter(name="王 芳\t").name == "王 芳\t"  # tab and spaces are text
