"""GET /v1/records, /v1/records/{id}, /v1/sync/snapshot, /v1/sync/changes.

Pages are keyset pages (``id > after_id`` / ``seq > cursor``), never OFFSET: a page costs the same at
the end of 10^6 records as at the start, and rows changing meanwhile cannot shift a page boundary.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import DataScope
from reviewdesk.server.deps import CallerDep, DbDep, SettingsDep, project_of
from reviewdesk.server.errors import not_found
from reviewdesk.server.feed import check_cursor, encode_cursor, feed_head, server_meta
from reviewdesk.server.models import ChangeLog, Record
from reviewdesk.server.records import build_snapshots
from reviewdesk.server.replies import json_reply
from reviewdesk.server.schemas import MAX_ID, ChangesOut, ErrorOut, RecordOut, RecordPageOut, SnapshotPageOut
from reviewdesk.server.scope import Caller, feed_clause, scope_clause

router = APIRouter(prefix="/v1", tags=["records"])

AfterId = Annotated[int | None, Query(ge=0, le=MAX_ID, description="keyset: ids greater than this")]
PageLimit = Annotated[int, Query(ge=1, le=500)]


def _page(
    session: Session, caller: Caller, scope: DataScope, after_id: int | None, limit: int, project: str
) -> JSONResponse:
    query = select(Record).where(scope_clause(caller, scope)).order_by(Record.id).limit(limit + 1)
    if after_id is not None:
        query = query.where(Record.id > after_id)
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": build_snapshots(session, rows, project),
        "next_after_id": rows[-1].id if more and rows else None,
    }


@router.get("/records", response_model=None, responses={200: {"model": RecordPageOut}})
def list_records(
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
    scope: DataScope = DataScope.ALL,
    after_id: AfterId = None,
    limit: PageLimit = 200,
) -> JSONResponse:
    """Records in the caller's scope (``direct``: 本级直属), ordered by id."""
    with db.read() as session:
        project = project_of(session, settings).name
        return json_reply(_page(session, caller, scope, after_id, limit, project))


@router.get(
    "/records/{record_id}",
    response_model=None,
    responses={200: {"model": RecordOut}, 404: {"model": ErrorOut}},
)
def get_record(
    record_id: Annotated[int, Path(ge=1, le=MAX_ID)], caller: CallerDep, db: DbDep, settings: SettingsDep
) -> JSONResponse:
    with db.read() as session:
        record = session.scalar(select(Record).where(Record.id == record_id, scope_clause(caller)))
        if record is None:
            raise not_found()
        return json_reply(build_snapshots(session, [record], project_of(session, settings).name)[0])


@router.get("/sync/snapshot", response_model=None, responses={200: {"model": SnapshotPageOut}})
def snapshot(
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
    after_id: AfterId = None,
    limit: PageLimit = 500,
) -> JSONResponse:
    """Full download of the caller's scope. The first page carries the feed cursor, read *before* the
    records in the same read transaction: every change after it shows up in /v1/sync/changes."""
    with db.read() as session:
        cursor = None
        if after_id is None:
            cursor = encode_cursor(server_meta(session).server_id, feed_head(session))
        page = _page(session, caller, DataScope.ALL, after_id, limit, project_of(session, settings).name)
    if cursor is not None:
        page["cursor"] = cursor
    return json_reply(page)


@router.get(
    "/sync/changes",
    response_model=None,
    responses={200: {"model": ChangesOut}, 400: {"model": ErrorOut}, 410: {"model": ErrorOut}},
)
def changes(
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
    since: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> JSONResponse:
    """The caller's changes after ``since``: current snapshots, or tombstones for records that left the
    caller's scope. Several changes of one record on a page collapse to its last."""
    with db.read() as session:
        meta = server_meta(session)
        since_seq = check_cursor(session, since)
        head = feed_head(session)
        rows = session.execute(
            select(ChangeLog.seq, ChangeLog.record_id)
            .where(ChangeLog.seq > since_seq, ChangeLog.seq <= head, feed_clause(caller))
            .order_by(ChangeLog.seq)
            .limit(limit + 1)
        ).all()
        has_more = len(rows) > limit
        rows = rows[:limit]
        last_seq: dict[int, int] = {}
        for seq, record_id in rows:
            last_seq.pop(record_id, None)  # re-insert: dict order follows each record's last change
            last_seq[record_id] = seq
        in_scope = (
            {
                r.id: r
                for r in session.scalars(
                    select(Record).where(Record.id.in_(list(last_seq)), scope_clause(caller))
                )
            }
            if last_seq
            else {}
        )
        snapshots = dict(
            zip(
                in_scope,
                build_snapshots(session, list(in_scope.values()), project_of(session, settings).name),
                strict=True,
            )
        )
        next_seq = rows[-1].seq if has_more else head
        return json_reply(
            {
                "changes": [
                    {
                        "seq": seq,
                        "record_id": record_id,
                        "deleted": record_id not in snapshots,
                        "record": snapshots.get(record_id),
                    }
                    for record_id, seq in last_seq.items()
                ],
                "next_cursor": encode_cursor(meta.server_id, next_seq),
                "has_more": has_more,
            }
        )
