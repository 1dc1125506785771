"""Each record's RecordSnapshot serialized once per change, so downloads concatenate bytes.

Why: profiling a provincial first download (py-spy, 28k records, pages of 500) showed the server
spending ~75 % of its time per record building snapshot dicts (an ORM load of the record, one query per
child table, ``ReviewState`` per record, ``iso()`` per timestamp) and JSON-encoding them again on every
request: ~1,850 records/s for the snapshot endpoint alone, while every record is read by many
reviewers (unit, county, city, province) and by every re-download, but changes rarely. Serializing
at change time moves that work to the (rare) write and makes a page one indexed query plus a join of
byte strings (tens of thousands of records/s).

The rules that keep it correct (PostgreSQL and several workers alike; nothing lives in process memory):

* ``snapshot_cache.snapshot`` is the snapshot (API.md RecordSnapshot) **without** ``"project"``, as
  compact UTF-8 JSON; ``snapshot_cache.version`` is the record ``version`` it was built at. A table of
  its own (``models.SnapshotCache``), so ``records`` rows stay small for the scope scans.
* It is rewritten in the same transaction as every change of the record, by ``feed.log_change`` (every
  change of a record goes through it: decisions, reports, verifications, candidate actions; they hand
  over the snapshot they built for their answer, :func:`store`, else it is built, :func:`refresh`) and
  by the seed for each batch. A rolled-back change rolls its cache back too.
* Readers use it only when its version equals the record's; otherwise (a row written by something that
  did not refresh it, or a database migrated and not yet filled) they build that record live, exactly
  as before. Every change bumps ``version``, so a stale cache is never served.
* ``"project"`` is spliced in when serving (:func:`with_project`): the project may come from the server's
  settings rather than the database. Organisations' names and parents (``unit_name``,
  ``unit_parent_id``, 审核进度 ``org_name``) never change through the API; a tool that renames an
  organisation must call :func:`fill_missing` with ``everything=True`` afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from reviewdesk.server import scan_verdicts
from reviewdesk.server.models import Record, SnapshotCache
from reviewdesk.server.records import build_snapshots, record_columns

#: Records rebuilt per transaction by :func:`fill_missing`.
FILL_BATCH = 500

RECORDS = Record.__table__
CACHE = SnapshotCache.__table__


def encode(value: Any) -> bytes:
    """Compact UTF-8 JSON. orjson: ~10× faster than ``json.dumps`` on snapshots, same output
    (no spaces, non-ASCII kept). Keys that are not strings are converted rather than refused."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def encode_record(snapshot: dict[str, Any]) -> bytes:
    """The cached form: the snapshot without ``"project"``."""
    return encode({key: value for key, value in snapshot.items() if key != "project"})


def with_project(cached: bytes, project_json: bytes) -> list[bytes | memoryview]:
    """Parts that join to the full snapshot: ``{"project":<name>,`` + the cached object after its ``{``.
    (A list of parts, so a page joins everything once instead of copying each record twice.)"""
    if cached == b"{}":  # pragma: no cover - a snapshot always has keys
        return [b'{"project":', project_json, b"}"]
    return [b'{"project":', project_json, b",", memoryview(cached)[1:]]


def refresh(session: Session | Connection, record_ids: Iterable[int]) -> None:
    """Rebuild and store the cache of these records from what the transaction sees now (call after
    the change is flushed). Core statements only: the ORM's identity map is left alone."""
    ids = sorted(set(record_ids))
    if not ids:
        return
    rows = session.execute(select(*record_columns()).where(Record.id.in_(ids)).order_by(Record.id)).all()
    snapshots = build_snapshots(session, rows, "")
    _replace(
        session,
        [
            {"record_id": row.id, "version": row.version, "snapshot": encode_record(snap)}
            for row, snap in zip(rows, snapshots, strict=True)
        ],
    )
    scan_verdicts.save_unsaved(session)  # the reused-scan verdicts their flags were judged on


def store(session: Session | Connection, record_id: int, version: int, snapshot: dict[str, Any]) -> None:
    """Store an already built snapshot of the record at ``version`` (what :func:`refresh` would build)."""
    _replace(session, [{"record_id": record_id, "version": version, "snapshot": encode_record(snapshot)}])


def store_many(session: Session | Connection, snapshots: Sequence[tuple[int, int, dict[str, Any]]]) -> None:
    """:func:`store` for many (record_id, version, snapshot) at once (one statement)."""
    _replace(
        session,
        [
            {"record_id": rid, "version": version, "snapshot": encode_record(snap)}
            for rid, version, snap in snapshots
        ],
    )


def _replace(session: Session | Connection, rows: list[dict[str, Any]]) -> None:
    """Insert each row, or overwrite the record's row where it has one: one statement (``INSERT … ON
    CONFLICT (record_id) DO UPDATE``, PostgreSQL and SQLite alike). It was a delete and an insert — two
    round trips in every push's transaction (docs/PERFORMANCE.md, *Load*). The writer of a record holds
    its row lock (PostgreSQL ``FOR UPDATE``; SQLite's single writer) for the whole transaction, so no
    one else writes its cache meanwhile; ``rows`` name each record once."""
    if not rows:
        return
    bind = session.get_bind() if isinstance(session, Session) else session
    statement = _UPSERT[bind.dialect.name]
    session.execute(statement, rows)


def _upsert(dialect_insert: Any) -> Any:
    statement = dialect_insert(CACHE)
    return statement.on_conflict_do_update(
        index_elements=[CACHE.c.record_id],
        set_={"version": statement.excluded.version, "snapshot": statement.excluded.snapshot},
    )


#: The upsert of :func:`_replace` per dialect (built once: a statement object reused keeps its
#: compiled form cached).
_UPSERT = {"postgresql": _upsert(postgresql.insert), "sqlite": _upsert(sqlite.insert)}


def current(session: Session | Connection, versions: Mapping[int, int]) -> dict[int, dict[str, Any]]:
    """The cached snapshots (parsed, without ``"project"``) of the records in ``versions`` whose cache
    was built at the version given there; records without one are left out."""
    found: dict[int, dict[str, Any]] = {}
    if not versions:
        return found
    query = select(CACHE.c.record_id, CACHE.c.version, CACHE.c.snapshot).where(
        CACHE.c.record_id.in_(sorted(versions))
    )
    for record_id, version, snapshot in session.execute(query):
        if version == versions[record_id]:
            found[record_id] = orjson.loads(snapshot)
    return found


def fill_missing(engine: Engine, *, everything: bool = False, batch: int = FILL_BATCH) -> int:
    """Build the cache of every record that lacks a current one (all of them with ``everything``), a
    batch per write transaction. Run by ``db.migrate`` when it upgrades a database from before the
    cache; a tool that changed records or organisations behind the API's back runs it too. Returns how
    many records were filled."""
    query = select(RECORDS.c.id).order_by(RECORDS.c.id)
    if not everything:
        current = select(CACHE.c.record_id).where(
            CACHE.c.record_id == RECORDS.c.id, CACHE.c.version == RECORDS.c.version
        )
        query = query.where(~current.exists())
    with engine.connect() as connection:
        ids = list(connection.scalars(query))
        connection.rollback()
    writer = engine.execution_options(reviewdesk_write=True)
    for start in range(0, len(ids), batch):
        with writer.begin() as connection:
            refresh(connection, ids[start : start + batch])
    return len(ids)


def cached_items(session: Session, rows: Sequence[Any], project_name: str) -> list[list[bytes | memoryview]]:
    """Serialized snapshots for rows of (id, version, snapshot_version, snapshot_json), in order: the
    cache where it is current, else built live (and not stored: reads never write)."""
    project_json = encode(project_name)
    missing = [row.id for row in rows if row.snapshot_json is None or row.snapshot_version != row.version]
    # (outer join: no cache row reads as NULL)
    live: dict[int, bytes] = {}
    if missing:
        records = session.execute(
            select(*record_columns()).where(Record.id.in_(missing)).order_by(Record.id)
        ).all()
        for record, snap in zip(records, build_snapshots(session, records, project_name), strict=True):
            live[record.id] = encode(snap)
    return [
        [live[row.id]] if row.id in live else with_project(bytes(row.snapshot_json), project_json)
        for row in rows
    ]


def page_query(*where: Any) -> Select[Any]:
    """``records`` rows matching ``where`` with their cache, for :func:`cached_items`: (id, version,
    snapshot_version, snapshot_json); the cache columns are NULL for a record that has none."""
    return (
        select(
            Record.id,
            Record.version,
            SnapshotCache.version.label("snapshot_version"),
            SnapshotCache.snapshot.label("snapshot_json"),
        )
        .select_from(Record)
        .outerjoin(SnapshotCache, SnapshotCache.record_id == Record.id)
        .where(*where)
    )
