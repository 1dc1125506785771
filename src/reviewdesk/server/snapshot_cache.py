"""Each record's RecordSnapshot serialized once per change, so downloads concatenate bytes.

Why: profiling a provincial first download (py-spy, 28k records, pages of 500) showed the server
spending ~75 % of its time per record building snapshot dicts (an ORM load of the record, one query per
child table, ``ReviewState`` per record, ``iso()`` per timestamp) and JSON-encoding them again on every
request: ~1,850 records/s for the snapshot endpoint alone, while every record is read by many
reviewers (unit, county, city, province) and by every re-download, but changes rarely. Serializing
at change time moves that work to the (rare) write and makes a page one indexed query plus a join of
byte strings (tens of thousands of records/s).

The rules that keep it correct (PostgreSQL and several workers alike; nothing lives in process memory):

* ``records.snapshot_json`` is the snapshot (API.md RecordSnapshot) **without** ``"project"``, as compact
  UTF-8 JSON; ``records.snapshot_version`` is the record ``version`` it was built at.
* It is rewritten in the same transaction as every change of the record, by ``feed.log_change`` (every
  change of a record goes through it: decisions, reports, verifications, candidate actions; they hand
  over the snapshot they built for their answer, :func:`store`, else it is built, :func:`refresh`) and
  by the seed for each batch. A rolled-back change rolls its cache back too.
* Readers use it only when ``snapshot_version == version``; otherwise (a row written by something that
  did not refresh it, or a database migrated and not yet filled) they build that record live, exactly
  as before. Every change bumps ``version``, so a stale cache is never served.
* ``"project"`` is spliced in when serving (:func:`with_project`): the project may come from the server's
  settings rather than the database. Organisations' names and parents (``unit_name``,
  ``unit_parent_id``, 审核进度 ``org_name``) never change through the API; a tool that renames an
  organisation must call :func:`fill_missing` with ``everything=True`` afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, bindparam, or_, select, update
from sqlalchemy.orm import Session

from reviewdesk.server.models import Record
from reviewdesk.server.records import build_snapshots, record_columns

#: Records rebuilt per transaction by :func:`fill_missing`.
FILL_BATCH = 500

RECORDS = Record.__table__


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
    session.execute(
        update(RECORDS)
        .where(RECORDS.c.id == bindparam("b_id"))
        .values(snapshot_json=bindparam("b_json"), snapshot_version=bindparam("b_version")),
        [
            {"b_id": row.id, "b_json": encode_record(snap), "b_version": row.version}
            for row, snap in zip(rows, snapshots, strict=True)
        ],
    )


def store(session: Session | Connection, record_id: int, version: int, snapshot: dict[str, Any]) -> None:
    """Store an already built snapshot of the record at ``version`` (what :func:`refresh` would build)."""
    session.execute(
        update(RECORDS)
        .where(RECORDS.c.id == record_id)
        .values(snapshot_json=encode_record(snapshot), snapshot_version=version)
    )


def fill_missing(engine: Engine, *, everything: bool = False, batch: int = FILL_BATCH) -> int:
    """Build the cache of every record that lacks a current one (all of them with ``everything``), a
    batch per write transaction. Run by ``db.migrate`` after the schema steps; cheap when nothing is
    missing (one scan of ``records``). Returns how many records were filled."""
    stale = or_(RECORDS.c.snapshot_json.is_(None), RECORDS.c.snapshot_version != RECORDS.c.version)
    with engine.connect() as connection:
        query = select(RECORDS.c.id).order_by(RECORDS.c.id)
        ids = list(connection.scalars(query if everything else query.where(stale)))
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


def cache_columns() -> list[Any]:
    """What a page query selects to serve from the cache."""
    return [Record.id, Record.version, Record.snapshot_version, Record.snapshot_json]
