"""Open, create and migrate the local store's SQLite file.

Settings, and why:

* **WAL** journal: the GUI thread reads while the sync worker writes, without either blocking the other;
  a commit is one append to the WAL.
* **synchronous=FULL**: the outbox holds decisions that exist nowhere else until the server has answered.
  With WAL, ``NORMAL`` survives an application crash but may lose the last commits on a power cut or an
  OS crash; ``FULL`` fsyncs the WAL at every commit, so a decision the GUI showed as saved is on disk.
  The cost is one fsync per transaction (a few ms on an SSD): local actions come at human pace and a
  bulk decision over 10,000 records is one transaction, and ingest commits once per page, so it is
  negligible where it matters. Bulk generators (``store.testing``) may lower it on their own connection.
* **16 KB pages** (``PAGE_SIZE``, set before the file's first write; an existing file keeps its own):
  a server snapshot is ~4.3 KB, so with SQLite's default 4 KB pages every snapshot spilled into an
  overflow page and half of each page stayed empty; a first download's page of 500 records also wrote
  four times as many WAL frames and checkpointed four times as often (``wal_autocheckpoint`` counts
  pages). Measured ingest of real provincial pages: 6,000–6,800 → 10,900–12,300 records/s wall, CPU
  11,700 → 14,100–14,800/s, the file 5 % smaller. Reads of one record fetch 16 KB instead of 4 KB,
  which costs nothing measurable.
* **foreign_keys=ON**: materials go with their record, outbox targets with their outbox row.
* **busy_timeout** 30 s: a second process (a CLI ``reviewdesk sync`` next to the GUI) waits for the
  writer instead of failing at once. Inside one process writes are serialized by the workspace's lock.
* **Transactions**: pysqlite's implicit BEGIN is turned off (``isolation_level=None``) and SQLAlchemy's
  ``begin`` event emits our own: ``BEGIN IMMEDIATE`` for connections with the execution option
  ``sqlite_begin="IMMEDIATE"`` (every write: it takes the write lock up front, so a read-then-write
  transaction can never fail half-way with SQLITE_BUSY on lock upgrade), plain ``BEGIN`` for reads (a
  consistent snapshot of the WAL).
* **Pool**: SQLAlchemy's ``QueuePool`` with a few connections, ``check_same_thread=False``: each thread
  checks out its own connection for one short transaction and gives it back.

Migrations: a small explicit list (``MIGRATIONS``) of raw-SQL steps keyed by the version they start from,
tracked with ``PRAGMA user_version`` (mirrored in ``meta.schema_version`` for people reading the file),
rather than Alembic. The store is a single-user file the app creates itself; its migrations must run at
open time inside a frozen (PyInstaller) build without an ``alembic.ini`` or a script directory, each in
the same transaction as the version bump (SQLite has transactional DDL and ``user_version`` lives in the
file header, so a crash mid-migration leaves the old version intact). Steps are frozen SQL, never the
current models, so an old file always goes through the same path. A file written by a newer reviewdesk
is refused instead of guessed at. Data fixes (``DATA_FIXES``) run once per store after the steps, each
recorded by name in ``meta``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import QueuePool

from reviewdesk.domain.text_rules import without_control_characters
from reviewdesk.models.local import SCHEMA_VERSION, LocalBase

BUSY_TIMEOUT_MS = 30_000
#: Page size of new store files (see the module docstring).
PAGE_SIZE = 16384


class StoreError(Exception):
    """The local store cannot be used as it is (message in Chinese, fit to show)."""


#: Types ``json`` does not serialize (datetime, dataclasses) are passed through to it rather than
#: encoded by orjson, and so are str/int/dict/list subclasses (json's own rules for them).
_ORJSON_OPTIONS = (
    orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def dumps(value: Any) -> str:
    """Compact JSON that keeps Chinese readable (and half the size of ``\\uXXXX`` escapes).

    orjson writes the same text as ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` about ten
    times faster; re-encoding every snapshot was a third of a first download's ingest (profiled).
    Anything orjson refuses (an integer beyond 64 bits…) goes through ``json`` as before, so what was
    accepted still is, and what ``json`` refused is refused with its own error."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumps_utf8(value: Any) -> bytes:
    """``dumps(value)`` as UTF-8 bytes, without the round trip through ``str`` (a 4 KB snapshot's
    decode is a third of its encoding time). Bind it as ``CAST(? AS TEXT)``: SQLite then stores the
    bytes as TEXT (the JSON functions would not read a BLOB as JSON text)."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def make_engine(path: Path, *, pool_size: int = 4) -> Engine:
    """An engine for one store file with the pragmas and transaction handling described above."""
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=4,
        pool_timeout=60,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        json_serializer=dumps,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see module doc)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA page_size={PAGE_SIZE}")  # new files only (see module doc)
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")

    return engine


def schema_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def _set_version(conn: Connection, version: int) -> None:
    conn.exec_driver_sql(f"PRAGMA user_version={int(version)}")
    conn.execute(
        text(
            "INSERT INTO meta(key, value) VALUES ('schema_version', :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ),
        {"v": str(version)},
    )


# -- migrations: MIGRATIONS[n] takes a file from version n to n + 1 --------------------------------------
def _v1_to_v2(conn: Connection) -> None:
    """Bulk-decision batches, per-record outbox targets (材料上报 spans many records), one conflict row
    per (action, record), the full-download bookkeeping table, and the server snapshots moved out of
    ``records`` into ``snapshots`` (keeps the flat rows small; see models.local)."""
    for statement in (
        "ALTER TABLE outbox ADD COLUMN batch_id VARCHAR(36)",
        "CREATE INDEX ix_outbox_batch_id ON outbox (batch_id)",
        "CREATE TABLE outbox_targets (seq INTEGER NOT NULL, record_id INTEGER NOT NULL, "
        "PRIMARY KEY (seq, record_id), FOREIGN KEY(seq) REFERENCES outbox (seq) ON DELETE CASCADE)",
        "CREATE INDEX ix_outbox_targets_record_id ON outbox_targets (record_id)",
        "INSERT INTO outbox_targets (seq, record_id) "
        "SELECT seq, record_id FROM outbox WHERE record_id IS NOT NULL AND kind != 'report'",
        "INSERT OR IGNORE INTO outbox_targets (seq, record_id) SELECT o.seq, j.value FROM outbox o, "
        "json_each(o.payload, '$.record_ids') j WHERE o.kind = 'report'",
        "CREATE TABLE conflicts_v2 (id INTEGER NOT NULL PRIMARY KEY, action_id VARCHAR(36) NOT NULL, "
        "kind VARCHAR(16) NOT NULL, status VARCHAR(16) NOT NULL, record_id INTEGER, material_id INTEGER, "
        "reason VARCHAR(32) NOT NULL, message TEXT NOT NULL, local JSON NOT NULL, server JSON, "
        "created_at VARCHAR(32) NOT NULL, resolved_at VARCHAR(32), resolution TEXT NOT NULL, "
        "CONSTRAINT uq_conflicts_action_record UNIQUE (action_id, record_id))",
        "INSERT INTO conflicts_v2 SELECT id, action_id, kind, status, record_id, material_id, reason, "
        "message, local, server, created_at, resolved_at, resolution FROM conflicts",
        "DROP TABLE conflicts",
        "ALTER TABLE conflicts_v2 RENAME TO conflicts",
        "CREATE INDEX ix_conflicts_action_id ON conflicts (action_id)",
        "CREATE INDEX ix_conflicts_record_id ON conflicts (record_id)",
        "CREATE TABLE download_seen (id INTEGER NOT NULL PRIMARY KEY)",
        "CREATE TABLE snapshots (id INTEGER NOT NULL PRIMARY KEY, snapshot JSON NOT NULL, "
        "FOREIGN KEY(id) REFERENCES records (id) ON DELETE CASCADE)",
        "INSERT INTO snapshots (id, snapshot) SELECT id, server_snapshot FROM records",
        "ALTER TABLE records DROP COLUMN server_snapshot",
    ):
        conn.exec_driver_sql(statement)


def _v2_to_v3(conn: Connection) -> None:
    """单位填报: its outbox, the scans it added, and its unapplied commands."""
    for statement in (
        "CREATE TABLE entry_outbox (seq INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "
        "entry_id VARCHAR(36) NOT NULL UNIQUE, candidate_uid VARCHAR(36) NOT NULL, kind VARCHAR(16) NOT NULL, "
        "target VARCHAR(32) NOT NULL, payload JSON NOT NULL, base JSON NOT NULL, created_at VARCHAR(32) NOT NULL, "
        "attempts INTEGER NOT NULL, last_error TEXT NOT NULL)",
        "CREATE INDEX ix_entry_outbox_candidate_uid ON entry_outbox (candidate_uid)",
        "CREATE TABLE entry_scans (sha256 VARCHAR(64) NOT NULL PRIMARY KEY, size INTEGER NOT NULL, "
        "mime VARCHAR(32) NOT NULL, uploaded BOOLEAN NOT NULL, created_at VARCHAR(32) NOT NULL)",
        "CREATE TABLE entry_conflicts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "
        "entry_id VARCHAR(36) NOT NULL, candidate_uid VARCHAR(36) NOT NULL, status VARCHAR(16) NOT NULL, "
        "reason VARCHAR(32) NOT NULL, message TEXT NOT NULL, local JSON NOT NULL, "
        "created_at VARCHAR(32) NOT NULL, resolved_at VARCHAR(32))",
        "CREATE INDEX ix_entry_conflicts_entry_id ON entry_conflicts (entry_id)",
        "CREATE INDEX ix_entry_conflicts_candidate_uid ON entry_conflicts (candidate_uid)",
    ):
        conn.exec_driver_sql(statement)


def _v3_to_v4(conn: Connection) -> None:
    """预审提示's list columns (``records.flag_rank``, ``flag_kinds``), filled from the held snapshots
    (snapshots from a server without flags have none: 0)."""
    from reviewdesk.store.local_view import flag_columns

    conn.exec_driver_sql("ALTER TABLE records ADD COLUMN flag_rank INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql("ALTER TABLE records ADD COLUMN flag_kinds INTEGER NOT NULL DEFAULT 0")
    rows = conn.exec_driver_sql(
        "SELECT id, json_extract(snapshot, '$.flags') FROM snapshots WHERE json_extract(snapshot, '$.flags') IS NOT NULL"
    ).all()
    updates = [(*flag_columns({"flags": json.loads(flags)}).values(), record_id) for record_id, flags in rows]
    if updates:
        conn.exec_driver_sql("UPDATE records SET flag_rank = ?, flag_kinds = ? WHERE id = ?", updates)


def _v4_to_v5(conn: Connection) -> None:
    """预审提示 of the scans the unit added (checked before upload; NULL: checked when first needed)."""
    conn.exec_driver_sql("ALTER TABLE entry_scans ADD COLUMN scan_flags JSON")
    conn.exec_driver_sql("ALTER TABLE entry_scans ADD COLUMN scan_version INTEGER")


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


# -- data fixes: DATA_FIXES[name] runs once on a store, recorded as meta ``fix.<name>`` ---------------------
# A fix changes data, not the schema, so it needs no version of its own (and never collides with another
# change's schema step); a store created by this version starts with every fix recorded.
def _fix_text_without_controls(conn: Connection) -> None:
    """Control characters out of the list's text columns that older versions stored as the server sent
    them (``domain.text_rules``, ``ingest.TEXT_WITHOUT_CONTROLS``): the index and its SQL reference
    disagreed on NUL and \\x01. Rows are streamed; only changed ones are written."""
    columns = ("name", "id_number", "unit_name", "category_code")
    updates = []
    for row in conn.exec_driver_sql(f"SELECT id, {', '.join(columns)} FROM records"):
        values = tuple(row[1:])
        cleaned = tuple(without_control_characters(v) if isinstance(v, str) else v for v in values)
        if cleaned != values:
            updates.append((*cleaned, row[0]))
    if updates:
        assignments = ", ".join(f"{c} = ?" for c in columns)
        conn.exec_driver_sql(f"UPDATE records SET {assignments} WHERE id = ?", updates)


DATA_FIXES: dict[str, Callable[[Connection], None]] = {"text_without_controls": _fix_text_without_controls}


def _record_fix(conn: Connection, name: str) -> None:
    conn.execute(
        text("INSERT INTO meta(key, value) VALUES (:k, 'done') ON CONFLICT(key) DO NOTHING"),
        {"k": f"fix.{name}"},
    )


def _run_data_fixes(conn: Connection) -> None:
    done = {
        key.removeprefix("fix.")
        for (key,) in conn.exec_driver_sql("SELECT key FROM meta WHERE key LIKE 'fix.%'").all()
    }
    for name, fix in DATA_FIXES.items():
        if name not in done:
            fix(conn)
            _record_fix(conn, name)


def create_schema(engine: Engine, meta: dict[str, str]) -> None:
    """Create the newest schema in an empty file and write the first meta rows, in one transaction."""
    with engine.connect() as conn:
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name='meta'").scalar():
                raise StoreError("本地数据文件已存在，不能重复创建")
            LocalBase.metadata.create_all(conn)
            _set_version(conn, SCHEMA_VERSION)
            for name in DATA_FIXES:
                _record_fix(conn, name)
            for key, value in meta.items():
                conn.execute(text("INSERT INTO meta(key, value) VALUES (:k, :v)"), {"k": key, "v": value})


def migrate(engine: Engine) -> int:
    """Bring an existing store up to ``SCHEMA_VERSION``; returns the version it had. Each step runs in
    the same transaction as its version bump."""
    with engine.connect() as conn:
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            found = schema_version(conn)
            if not conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name='meta'").scalar():
                raise StoreError("该文件不是 reviewdesk 本地数据文件")
            if found > SCHEMA_VERSION:
                raise StoreError(
                    f"本地数据文件由更新版本的 reviewdesk 创建（数据版本 {found}，"
                    f"本程序支持 {SCHEMA_VERSION}），请升级 reviewdesk"
                )
            for version in range(found, SCHEMA_VERSION):
                step = MIGRATIONS.get(version)
                if step is None:
                    raise StoreError(f"无法从数据版本 {version} 升级本地数据文件")
                step(conn)
                _set_version(conn, version + 1)
            _run_data_fixes(conn)
    return found


def check_integrity(engine: Engine) -> str:
    """``PRAGMA integrity_check``'s verdict: "ok" or the first problem."""
    with engine.connect() as conn:
        return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())
