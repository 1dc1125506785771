"""What every change of a record does besides the change itself: bump ``version``, stamp
``updated_at``, write 审核进度, and append to the change feed (last, see ``feed.log_change``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import HistoryAction, Outcome, Tier
from reviewdesk.server.db import Database
from reviewdesk.server.models import HistoryEntry, Record
from reviewdesk.server.records import build_snapshots

T = TypeVar("T")

#: How often an item is retried when a concurrent request with the same idempotency key won the race.
IDEMPOTENCY_RETRIES = 3


def now() -> datetime:
    return datetime.now(UTC)


def bump(record: Record, at: datetime) -> None:
    record.version += 1
    record.updated_at = at


def history_row(
    record: Record,
    action: HistoryAction,
    at: datetime,
    *,
    tier: Tier | None = None,
    org_id: int | None = None,
    actor: str = "",
    outcome: Outcome | None = None,
    remark: str = "",
    decision_id: str | None = None,
    action_id: str | None = None,
) -> dict[str, Any]:
    """One 审核进度 row's columns: what :func:`add_history` adds, and what a command batch inserts in
    bulk. ``action_id`` names the client action that made it (a decision's is its ``decision_id``):
    a client re-sending it after a crash sees from it that the record's version is its own action's."""
    return {
        "record_id": record.id,
        "at": at,
        "action": action.value,
        "tier": tier.value if tier else None,
        "org_id": org_id,
        "actor": actor,
        "outcome": outcome.value if outcome else None,
        "remark": remark,
        "decision_id": decision_id,
        "action_id": action_id or decision_id,
    }


def add_history(session: Session, record: Record, action: HistoryAction, at: datetime, **fields: Any) -> None:
    """Add a 审核进度 row (``fields``: those of :func:`history_row`)."""
    session.add(HistoryEntry(**history_row(record, action, at, **fields)))


def snapshot(session: Session, record: Record | None, project_name: str) -> dict[str, Any] | None:
    if record is None:
        return None
    session.flush()
    return build_snapshots(session, [record], project_name)[0]


def idempotent(db: Database, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one write transaction; if it loses a race on a unique idempotency key (another
    request with the same id committed first), run it again: the second run finds and replays it."""
    for attempt in range(IDEMPOTENCY_RETRIES):
        try:
            with db.write() as session:
                return work(session)
        except IntegrityError:
            if attempt + 1 == IDEMPOTENCY_RETRIES:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
