"""Applying what the server sends (snapshots, tombstones, the feed cursor) to the local store.

Called by the sync engine. Every call is ONE write transaction that also stores the cursor, so a crash
either keeps the page and its cursor or neither: the next pull asks again from the old cursor and the
page is applied again (applying a snapshot is idempotent).

The outbox is never touched here. After a snapshot lands, the record's local view is re-derived from
the new snapshot plus its still-queued actions (``local_view.fold``): a reviewer's offline decision stays
visible over a fresher snapshot until the server has answered it.

Tombstones (the record left the scope: rebound to another unit, returned and re-submitted, …) delete
the record and its materials, but keep its outbox items and conflicts: a queued action on it is still
sent and comes back from the server as ``conflict``/``rejected`` (``not_found``), which the reviewer
then sees in 冲突 with what they had decided. Should the record come back into scope, its still-queued
actions fold into its view again.

Full download (first sync, or after 410 ``cursor_expired``)::

    begin_full_download(ws)                 # clears the cursor: a crash mid-way restarts the download
    apply_download_page(ws, page_items)     # per page of /v1/sync/snapshot, any number of pages
    finish_full_download(ws, cursor)        # records not seen left the scope; cursor stored

The outbox survives it untouched and every local view is re-derived on the new snapshots.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from reviewdesk.domain.text_rules import without_control_characters
from reviewdesk.models.local import LocalBase
from reviewdesk.store.actions import Actor, now_iso
from reviewdesk.store.db import dumps, dumps_utf8
from reviewdesk.store.local_view import (
    MATERIALS,
    RECORDS,
    chunks,
    fold,
    material_row,
    open_conflict_counts,
    pending_by_record,
    plain_columns,
    record_row,
    server_columns,
)

if TYPE_CHECKING:
    from reviewdesk.store.workspace import Workspace

META = LocalBase.metadata.tables["meta"]
SEEN = LocalBase.metadata.tables["download_seen"]

CURSOR_KEY = "cursor"
FULL_DOWNLOAD_KEY = "full_download_started_at"


# -- transaction-level helpers (used by ingest and by outbox.complete) ------------------------------------
def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        sqlite_insert(META)
        .values(key=key, value=value)
        .on_conflict_do_update(index_elements=[META.c.key], set_={"value": value})
    )


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(META.c.value).where(META.c.key == key)).scalar()


def store_snapshots(
    conn: Connection, snapshots: Sequence[Mapping[str, Any]], actor: Actor, *, only_newer: bool = False
) -> set[int]:
    """Upsert records from server snapshots (server columns + re-derived local view) and replace their
    materials. ``only_newer`` skips a snapshot older than the held one (a push answer racing a pull).
    Returns the ids written."""
    by_id: dict[int, Mapping[str, Any]] = {}
    for snapshot in snapshots:
        by_id[int(snapshot["id"])] = snapshot  # the last one of an id wins, like the feed's pages
    if only_newer and by_id:
        held = dict(
            conn.execute(
                select(RECORDS.c.id, RECORDS.c.version).where(
                    RECORDS.c.id.in_(bindparam("ids", expanding=True))
                ),
                {"ids": list(by_id)},
            ).all()
        )
        by_id = {i: s for i, s in by_id.items() if i not in held or int(s["version"]) >= held[i]}
    if not by_id:
        return set()
    ids = list(by_id)
    pending = pending_by_record(conn, ids)
    conflicts = open_conflict_counts(conn, ids)
    record_rows = []
    material_rows = []
    for record_id, snapshot in by_id.items():
        actions = pending.get(record_id)
        if actions:
            view = fold(snapshot, actions, actor)
            record_rows.append(record_row(snapshot, view, conflicts.get(record_id, 0)))
            materials: Iterable[Mapping[str, Any]] = view.materials
        else:
            # Fast path (every record of a first download): no action to overlay, so the columns come
            # straight from the snapshot (local_view.plain_columns, tested equal to the fold's).
            columns = plain_columns(snapshot)
            record_rows.append(
                {**server_columns(snapshot), **columns, "open_conflicts": conflicts.get(record_id, 0)}
            )
            materials = snapshot.get("materials") or ()
        material_rows.extend(material_row(record_id, m) for m in materials)
    # Driver-level executemany with JSON serialized here (orjson, ``db.dumps``): SQLAlchemy's per-row
    # parameter processing was half the cost of a first download, and json.dumps most of the rest.
    conn.exec_driver_sql(_UPSERT_RECORD, [_record_tuple(row) for row in record_rows])
    conn.exec_driver_sql(
        _UPSERT_SNAPSHOT, [(record_id, dumps_utf8(snapshot)) for record_id, snapshot in by_id.items()]
    )
    for part in chunks(ids):
        conn.execute(
            delete(MATERIALS).where(MATERIALS.c.record_id.in_(bindparam("ids", expanding=True))),
            {"ids": list(part)},
        )
    if material_rows:
        conn.exec_driver_sql(_INSERT_MATERIAL, [_material_tuple(row) for row in material_rows])
    return set(ids)


_RECORD_COLUMNS = tuple(c.name for c in RECORDS.columns)
_MATERIAL_COLUMNS = tuple(c.name for c in MATERIALS.columns)
_JSON_COLUMNS = frozenset({"review", "fields", "images"})
_UPSERT_RECORD = (
    f"INSERT INTO records ({', '.join(_RECORD_COLUMNS)}) VALUES ({', '.join('?' * len(_RECORD_COLUMNS))}) "
    f"ON CONFLICT(id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _RECORD_COLUMNS if c != 'id')}"
)
_UPSERT_SNAPSHOT = (
    "INSERT INTO snapshots (id, snapshot) VALUES (?, CAST(? AS TEXT)) "
    "ON CONFLICT(id) DO UPDATE SET snapshot = excluded.snapshot"
)
_INSERT_SEEN = "INSERT INTO download_seen (id) VALUES (?) ON CONFLICT(id) DO NOTHING"
_INSERT_MATERIAL = f"INSERT INTO materials ({', '.join(_MATERIAL_COLUMNS)}) VALUES ({', '.join('?' * len(_MATERIAL_COLUMNS))})"


#: The list's text columns its in-memory index and the SQL reference read: control characters are no part
#: of a value (``domain.text_rules``) and are removed here, so both see the same text (issue 13: NUL and
#: \x01 in a name made them disagree). The server snapshot keeps what the server sent.
TEXT_WITHOUT_CONTROLS = ("name", "id_number", "unit_name", "category_code")


def _tuple_maker(
    columns: Sequence[str], cleaned: Sequence[str] = ()
) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """Row dict → parameter tuple in column order, JSON columns encoded, ``cleaned`` columns without
    control characters. ``itemgetter`` takes the values in one call (a generator over the columns per
    row was a visible per-record cost)."""
    get = itemgetter(*columns)
    json_at = [i for i, c in enumerate(columns) if c in _JSON_COLUMNS]
    clean_at = [i for i, c in enumerate(columns) if c in cleaned]

    def make(row: Mapping[str, Any]) -> tuple[Any, ...]:
        values = list(get(row))
        for i in json_at:
            values[i] = dumps(values[i])
        for i in clean_at:
            value = values[i]
            if isinstance(value, str) and not value.isprintable():
                values[i] = without_control_characters(value)
        return tuple(values)

    return make


_record_tuple = _tuple_maker(_RECORD_COLUMNS, TEXT_WITHOUT_CONTROLS)
_material_tuple = _tuple_maker(_MATERIAL_COLUMNS)


def delete_records(conn: Connection, record_ids: Iterable[int]) -> set[int]:
    """Remove records (and, by cascade, their materials). Outbox items and conflicts stay."""
    ids = sorted(set(int(i) for i in record_ids))
    gone: set[int] = set()
    for part in chunks(ids):
        gone.update(
            conn.execute(
                delete(RECORDS)
                .where(RECORDS.c.id.in_(bindparam("ids", expanding=True)))
                .returning(RECORDS.c.id),
                {"ids": list(part)},
            ).scalars()
        )
    return gone


# -- the sync engine's API --------------------------------------------------------------------------
def cursor(ws: Workspace) -> str | None:
    """The change-feed cursor to pull from, or None: no (complete) download yet, do a full download."""
    with ws.engine.connect() as conn:
        return get_meta(conn, CURSOR_KEY) or None


def full_download_pending(ws: Workspace) -> bool:
    """A full download was begun and not finished (the app crashed or was cancelled mid-way)."""
    with ws.engine.connect() as conn:
        return bool(get_meta(conn, FULL_DOWNLOAD_KEY))


def apply_snapshots(
    ws: Workspace,
    snapshots: Sequence[Mapping[str, Any]],
    tombstones: Iterable[int] = (),
    cursor: str | None = None,
) -> set[int]:
    """Apply one page of the change feed: upsert ``snapshots``, delete the ``tombstones`` (record ids;
    unknown ids are fine) and store ``cursor`` (if given), all in ONE transaction; re-derives the local
    view of every affected record. Returns the changed record ids (also sent to subscribers)."""
    with ws.write() as tx:
        changed = store_snapshots(tx.conn, snapshots, ws.actor)
        changed |= delete_records(tx.conn, tombstones)
        if cursor is not None:
            set_meta(tx.conn, CURSOR_KEY, cursor)
        tx.changed |= changed
    return changed


def begin_full_download(ws: Workspace) -> None:
    """Start a full download: forget the cursor (a crash before ``finish_full_download`` makes the next
    sync download again) and the ids seen by an earlier, unfinished download. Records and outbox stay."""
    with ws.write() as tx:
        tx.conn.execute(delete(SEEN))
        set_meta(tx.conn, CURSOR_KEY, "")
        set_meta(tx.conn, FULL_DOWNLOAD_KEY, now_iso())


def apply_download_page(ws: Workspace, snapshots: Sequence[Mapping[str, Any]]) -> set[int]:
    """Apply one page of ``/v1/sync/snapshot`` and remember its ids, in one transaction."""
    with ws.write() as tx:
        changed = store_snapshots(tx.conn, snapshots, ws.actor)
        if changed:
            tx.conn.exec_driver_sql(_INSERT_SEEN, [(i,) for i in changed])
        tx.changed |= changed
    return changed


def finish_full_download(ws: Workspace, cursor: str) -> set[int]:
    """End a full download: delete every held record the download did not bring (it left the scope;
    its outbox items and conflicts stay) and store the snapshot's feed cursor, in one transaction.
    Returns the ids removed."""
    with ws.write() as tx:
        gone = set(
            tx.conn.execute(
                text("SELECT id FROM records WHERE id NOT IN (SELECT id FROM download_seen)")
            ).scalars()
        )
        delete_records(tx.conn, gone)
        tx.conn.execute(delete(SEEN))
        set_meta(tx.conn, CURSOR_KEY, cursor)
        set_meta(tx.conn, FULL_DOWNLOAD_KEY, "")
        tx.changed |= gone
    return gone
