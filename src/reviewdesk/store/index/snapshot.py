"""The list index saved next to the store, so the app opens a 10^6-record scope in a fraction of a second.

Why: reading the list's 22 columns of 10^6 records out of SQLite costs 2–4 s on a 2-core machine however
it is done (SQLite spends ~100 ns per value), above the 2 s goal for the first painted rows. A snapshot of
the index's numpy arrays (``<store>.index.npz``, ~100 MB at 10^6, uncompressed, no pickle) loads in
~0.2 s. It is only worth having if it can never show a stale list, so:

* **A change log in the store, kept by SQLite itself**: triggers on ``records`` append the id of every
  inserted, deleted or list-relevant updated record to ``index_changelog`` — whoever writes (this app, a
  ``reviewdesk sync`` CLI next to it, a migration), in the writer's own transaction.
* The snapshot records the log position it reflects (``applied_seq``) and the log's ``token``. On open,
  the records logged after that position are re-read (``RecordIndex.update``); if the snapshot and the
  log do not match — another token, the triggers were missing (so writes may have gone unlogged), the
  log was pruned past the position, another index layout — the index is rebuilt from SQLite instead.
* The index consumes the log on every update (changes it was not told about are caught too), and prunes
  what a saved snapshot no longer needs.

Costs, measured: one extra small insert per changed record (a 10,000-record bulk decision, or a page of
500 ingested snapshots, writes that many ~20-byte rows); the file next to the store; and the log grows
between saves (a full download of 10^6 records: ~20 MB until the next save prunes it).

Nothing here changes the ``records`` table: the triggers and two small tables are added beside it
(``CREATE … IF NOT EXISTS``), recreated when a migration that rebuilt ``records`` dropped them.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

LOG_TABLE = "index_changelog"
TOKEN_TABLE = "index_changelog_token"
FORMAT = 1


def _trigger_sql(fields: tuple[str, ...]) -> dict[str, str]:
    insert = f"INSERT INTO {LOG_TABLE}(record_id) VALUES"
    return {
        "index_changelog_insert": f"AFTER INSERT ON records BEGIN {insert} (NEW.id); END",
        "index_changelog_delete": f"AFTER DELETE ON records BEGIN {insert} (OLD.id); END",
        "index_changelog_update": (
            f"AFTER UPDATE OF id, {', '.join(fields)} ON records BEGIN {insert} (NEW.id); "
            f"INSERT INTO {LOG_TABLE}(record_id) SELECT OLD.id WHERE OLD.id != NEW.id; END"
        ),
    }


def install_change_log(conn: Any, fields: tuple[str, ...]) -> tuple[str, bool]:
    """Make sure the log and its triggers exist. Returns ``(token, trusted)``: ``trusted`` is False when
    anything had to be (re)created — writes may have gone unlogged, so no snapshot can be believed."""
    wanted = _trigger_sql(fields)
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name IN (?, ?, ?, ?, ?)",
        (LOG_TABLE, TOKEN_TABLE, *wanted),
    ).fetchall()
    found = {name: sql for _type, name, sql in rows}
    complete = LOG_TABLE in found and TOKEN_TABLE in found
    complete = complete and all(
        found.get(name, "").endswith(body) and name in found for name, body in wanted.items()
    )
    if complete:
        token = conn.execute(f"SELECT token FROM {TOKEN_TABLE}").fetchone()
        if token:
            return str(token[0]), True
    conn.execute("BEGIN IMMEDIATE")
    try:
        # seq never goes back: pruning keeps the newest row (see prune), so rowids keep growing.
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {LOG_TABLE} (seq INTEGER PRIMARY KEY, record_id INTEGER NOT NULL)"
        )
        conn.execute(f"CREATE TABLE IF NOT EXISTS {TOKEN_TABLE} (token TEXT NOT NULL)")
        for name, body in wanted.items():
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
            conn.execute(f"CREATE TRIGGER {name} {body}")
        token = uuid.uuid4().hex
        conn.execute(f"DELETE FROM {TOKEN_TABLE}")
        conn.execute(f"INSERT INTO {TOKEN_TABLE}(token) VALUES (?)", (token,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return token, False


def has_change_log(conn: Any) -> bool:
    return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (LOG_TABLE,)).fetchone())


def current_seq(conn: Any) -> int:
    return int(conn.execute(f"SELECT max(seq) FROM {LOG_TABLE}").fetchone()[0] or 0)


def anchor(conn: Any) -> int:
    """The newest log position, first writing an anchor row (record id −1) if the log is empty: a
    snapshot must always point at a row that exists, so that losing rows (pruned, emptied) shows."""
    seq = current_seq(conn)
    if seq:
        return seq
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"INSERT INTO {LOG_TABLE}(record_id) VALUES (-1)")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current_seq(conn)


def changed_since(conn: Any, seq: int, upto: int) -> set[int]:
    rows = conn.execute(
        f"SELECT DISTINCT record_id FROM {LOG_TABLE} WHERE seq > ? AND seq <= ? AND record_id >= 0",
        (seq, upto),
    ).fetchall()
    return {int(r[0]) for r in rows}


def position_kept(conn: Any, seq: int) -> bool:
    """The log still holds position ``seq`` (so nothing after it was pruned or lost)."""
    return seq > 0 and bool(conn.execute(f"SELECT 1 FROM {LOG_TABLE} WHERE seq = ?", (seq,)).fetchone())


def prune(conn: Any, seq: int) -> None:
    """Forget positions before ``seq`` (keeping ``seq`` itself: it anchors the saved snapshot)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"DELETE FROM {LOG_TABLE} WHERE seq < ?", (seq,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def default_path(store_path: Path) -> Path:
    return Path(store_path).with_name(Path(store_path).name + ".index.npz")


def layout_id(fields: tuple[str, ...], vocabularies: dict[str, tuple[str, ...]]) -> str:
    """Changes when the index's columns or enum ranks change: an old snapshot is then not loaded."""
    text = json.dumps([FORMAT, list(fields), vocabularies], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Header:
    token: str
    applied_seq: int
    layout: str
    rows: int


def save(path: Path, header: Header, arrays: dict[str, np.ndarray]) -> None:
    """Write atomically: a temp file in the same folder, then rename over the old snapshot."""
    data = dict(arrays)
    data["__header__"] = np.frombuffer(json.dumps(header.__dict__).encode(), dtype=np.uint8)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            np.savez(out, **data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def load(path: Path) -> tuple[Header, dict[str, np.ndarray]]:
    with np.load(path, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    raw = arrays.pop("__header__")
    header = Header(**json.loads(raw.tobytes().decode()))
    return header, arrays


def pack_strings(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as two arrays (UTF-8 bytes, byte lengths): saved without pickle, any character allowed."""
    encoded = [v.encode() for v in values]
    return (
        np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(),
        np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)),
    )


def unpack_strings(data: np.ndarray, lengths: np.ndarray) -> list[bytes]:
    if not len(lengths):
        return []
    raw = data.tobytes()
    ends = np.cumsum(lengths).tolist()
    starts = [0, *ends[:-1]]
    return [raw[a:b] for a, b in zip(starts, ends, strict=True)]
