"""Conflicts and rejections: actions the server did not apply, kept with both sides for the reviewer.

Rows are written by ``outbox.complete*`` (one per action, or per record of a 材料上报). They are never
deleted: resolving one only records that the reviewer has seen it (``resolved_at``, a note); acting on
the record again is a new decision. Nothing is ever applied last-writer-wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from reviewdesk.models.local import LocalBase
from reviewdesk.store.actions import now_iso
from reviewdesk.store.local_view import recompute
from reviewdesk.store.types import ConflictView

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from reviewdesk.store.workspace import Workspace

CONFLICTS = LocalBase.metadata.tables["conflicts"]


class ConflictNotFound(LookupError):
    pass


def view_from_row(row: Mapping[str, Any]) -> ConflictView:
    return ConflictView(
        id=row["id"],
        action_id=row["action_id"],
        kind=row["kind"],
        status=row["status"],
        record_id=row["record_id"],
        material_id=row["material_id"],
        reason=row["reason"],
        message=row["message"],
        local=row["local"] or {},
        server=row["server"],
        created_at=row["created_at"],
        resolved_at=row["resolved_at"],
        resolution=row["resolution"] or "",
    )


def list_conflicts(
    conn: Connection, *, include_resolved: bool = False, record_id: int | None = None
) -> list[ConflictView]:
    query = select(CONFLICTS).order_by(CONFLICTS.c.id)
    if not include_resolved:
        query = query.where(CONFLICTS.c.resolved_at.is_(None))
    if record_id is not None:
        query = query.where(CONFLICTS.c.record_id == record_id)
    return [view_from_row(row) for row in conn.execute(query).mappings()]


def conflicts(ws: Workspace, include_resolved: bool = False) -> list[ConflictView]:
    with ws.engine.connect() as conn:
        return list_conflicts(conn, include_resolved=include_resolved)


def resolve(ws: Workspace, conflict_id: int, note: str = "") -> None:
    """Acknowledge a conflict (it stays in the history of conflicts); the record's 冲突 marker goes
    when it has no open one left. Resolving twice keeps the first time and note."""
    with ws.write() as tx:
        row = tx.conn.execute(select(CONFLICTS).where(CONFLICTS.c.id == conflict_id)).mappings().first()
        if row is None:
            raise ConflictNotFound(f"冲突记录 {conflict_id} 不存在")
        if row["resolved_at"] is not None:
            return
        tx.conn.execute(
            update(CONFLICTS)
            .where(CONFLICTS.c.id == conflict_id)
            .values(resolved_at=now_iso(), resolution=note)
        )
        if row["record_id"] is not None:
            tx.changed |= recompute(tx.conn, [row["record_id"]], ws.actor)
