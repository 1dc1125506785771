"""GET /v1/records, /v1/records/{id}, /v1/sync/snapshot, /v1/sync/changes.

Pages are keyset pages (``id > after_id`` / ``seq > cursor``), never OFFSET: a page costs the same at
the end of 10^6 records as at the start, and rows changing meanwhile cannot shift a page boundary.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from reviewdesk.domain.enums import DataScope
from reviewdesk.server import snapshot_cache
from reviewdesk.server.deps import (
    BearerDep,
    CallerDep,
    DbDep,
    DeviceDep,
    SettingsDep,
    authenticate_with_feed_state,
    client_ip,
    project_of,
)
from reviewdesk.server.errors import not_found
from reviewdesk.server.feed import CURSOR_PATTERN, check_cursor, encode_cursor, feed_state
from reviewdesk.server.models import ChangeLog, Record, ServerMeta
from reviewdesk.server.replies import bytes_reply
from reviewdesk.server.schemas import MAX_ID, ChangesOut, ErrorOut, RecordOut, RecordPageOut, SnapshotPageOut
from reviewdesk.server.scope import Caller, feed_clause, scope_clause
from reviewdesk.server.settings import ServerSettings
from reviewdesk.server.snapshot_cache import encode

router = APIRouter(prefix="/v1", tags=["records"])

#: ``/v1/sync/changes``: changes per page, at most and by default.
CHANGES_LIMIT_MAX = 1000
CHANGES_LIMIT_DEFAULT = 500
#: API.md: ``/v1/sync/snapshot`` serves up to this many records per page (``/v1/records``: 500).
SNAPSHOT_PAGE_MAX = 2000

AfterId = Annotated[int | None, Query(ge=0, le=MAX_ID, description="keyset: ids greater than this")]
PageLimit = Annotated[int, Query(ge=1, le=500)]
#: Full-download pages may be larger: fewer requests and fewer client transactions per download.
SnapshotLimit = Annotated[int, Query(ge=1, le=SNAPSHOT_PAGE_MAX)]


def _page(
    session: Session, caller: Caller, scope: DataScope, after_id: int | None, limit: int, project: str
) -> tuple[list[bytes | memoryview], int | None]:
    """One keyset page: the serialized snapshots joined as parts of ``[…]``, and ``next_after_id``."""
    query = snapshot_cache.page_query(scope_clause(caller, scope)).order_by(Record.id).limit(limit + 1)
    if after_id is not None:
        query = query.where(Record.id > after_id)
    rows = session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return _joined(snapshot_cache.cached_items(session, rows, project)), rows[
        -1
    ].id if more and rows else None


def _joined(items: list[list[bytes | memoryview]]) -> list[bytes | memoryview]:
    """``[item,item,…]`` as one flat list of parts."""
    parts: list[bytes | memoryview] = [b"["]
    for index, item in enumerate(items):
        if index:
            parts.append(b",")
        parts.extend(item)
    parts.append(b"]")
    return parts


def _page_parts(
    items: list[bytes | memoryview], next_after_id: int | None, **extra: Any
) -> list[bytes | memoryview]:
    """``{"items": […], "next_after_id": …, <extra>}`` as parts (API.md RecordPage/SnapshotPage)."""
    tail = encode({"next_after_id": next_after_id, **extra})
    return [b'{"items":', *items, b",", memoryview(tail)[1:]]


@router.get("/records", response_model=None, responses={200: {"model": RecordPageOut}})
def list_records(
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
    request: Request,
    scope: DataScope = DataScope.ALL,
    after_id: AfterId = None,
    limit: PageLimit = 200,
) -> Response:
    """Records in the caller's scope (``direct``: 本级直属), ordered by id."""
    with db.read() as session:
        project = project_of(session, settings).name
        items, next_after_id = _page(session, caller, scope, after_id, limit, project)
    return bytes_reply(request, _page_parts(items, next_after_id))


@router.get(
    "/records/{record_id}",
    response_model=None,
    responses={200: {"model": RecordOut}, 404: {"model": ErrorOut}},
)
def get_record(
    record_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
    request: Request,
) -> Response:
    with db.read() as session:
        row = session.execute(
            snapshot_cache.page_query(Record.id == record_id, scope_clause(caller))
        ).one_or_none()
        if row is None:
            raise not_found()
        (item,) = snapshot_cache.cached_items(session, [row], project_of(session, settings).name)
    return bytes_reply(request, item)


@router.get("/sync/snapshot", response_model=None, responses={200: {"model": SnapshotPageOut}})
def snapshot(
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
    request: Request,
    after_id: AfterId = None,
    limit: SnapshotLimit = 500,
) -> Response:
    """Full download of the caller's scope. The first page carries the feed cursor, read *before* the
    records in the same read transaction: every change after it shows up in /v1/sync/changes."""
    with db.read() as session:
        cursor = None
        if after_id is None:
            meta, head = feed_state(session)
            cursor = encode_cursor(meta.server_id, head)
        project = project_of(session, settings).name
        items, next_after_id = _page(session, caller, DataScope.ALL, after_id, limit, project)
    extra = {"cursor": cursor} if cursor is not None else {}
    return bytes_reply(request, _page_parts(items, next_after_id, **extra))


@router.get(
    "/sync/changes",
    response_model=None,
    responses={200: {"model": ChangesOut}, 400: {"model": ErrorOut}, 410: {"model": ErrorOut}},
)
async def changes(
    credentials: BearerDep,
    device: DeviceDep,
    db: DbDep,
    settings: SettingsDep,
    request: Request,
    since: Annotated[str, Query(pattern=CURSOR_PATTERN, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=CHANGES_LIMIT_MAX)] = CHANGES_LIMIT_DEFAULT,
) -> Response:
    """The caller's changes after ``since``: current snapshots, or tombstones for records that left the
    caller's scope. Several changes of one record on a page collapse to its last."""
    # One worker thread and one session for the token and the feed: most requests of a deadline day
    # are syncs with nothing new, and a ``CallerDep`` cost a thread hand-off and a session of its own
    # (docs/PERFORMANCE.md, *Load*).
    ip = client_ip(request)

    def answer() -> Response:
        with db.read() as session:
            caller, meta, head = authenticate_with_feed_state(session, credentials, device, ip)
            return bytes_reply(request, changes_parts(session, settings, caller, meta, head, since, limit))

    return await run_in_threadpool(answer)


def changes_parts(
    session: Session,
    settings: ServerSettings,
    caller: Caller,
    meta: ServerMeta,
    head: int,
    since: str,
    limit: int,
) -> list[bytes | memoryview]:
    """The caller's changes page after ``since`` (the feed's state read with the caller), as parts of
    its JSON body: the route's, and ``server.quick_sync``'s for the ordinary request."""
    since_seq = check_cursor(session, since, head)
    rows = (
        session.execute(
            select(ChangeLog.seq, ChangeLog.record_id)
            .where(ChangeLog.seq > since_seq, ChangeLog.seq <= head, feed_clause(caller))
            .order_by(ChangeLog.seq)
            .limit(limit + 1)
        ).all()
        if since_seq < head  # nothing new anywhere: no query (most syncs, docs/PERFORMANCE.md *Load*)
        else []
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    last_seq: dict[int, int] = {}
    for seq, record_id in rows:
        last_seq.pop(record_id, None)  # re-insert: dict order follows each record's last change
        last_seq[record_id] = seq
    in_scope = (
        session.execute(snapshot_cache.page_query(Record.id.in_(list(last_seq)), scope_clause(caller))).all()
        if last_seq
        else []
    )
    items = snapshot_cache.cached_items(session, in_scope, project_of(session, settings).name)
    snapshots = {row.id: item for row, item in zip(in_scope, items, strict=True)}
    next_seq = rows[-1].seq if has_more else head
    tail = encode({"next_cursor": encode_cursor(meta.server_id, next_seq), "has_more": has_more})
    parts: list[bytes | memoryview] = [b'{"changes":[']
    for index, (record_id, seq) in enumerate(last_seq.items()):
        if index:
            parts.append(b",")
        snapshot = snapshots.get(record_id)
        head_part = encode({"seq": seq, "record_id": record_id, "deleted": snapshot is None})
        parts.append(memoryview(head_part)[:-1])
        parts.append(b',"record":')
        parts.extend(snapshot if snapshot is not None else (b"null",))
        parts.append(b"}")
    parts.extend((b"],", memoryview(tail)[1:]))
    return parts
