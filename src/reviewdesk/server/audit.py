"""The audit log: one row per change (login, decision, report, verification, code, candidate action),
written in the same transaction as the change it describes, so neither exists without the other."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.server.models import AuditLog
from reviewdesk.server.scope import Caller


def audit_row(
    action: str,
    *,
    caller: Caller | None = None,
    target: str | int = "",
    detail: dict[str, Any] | None = None,
    username: str = "",
    user_id: int | None = None,
    device_id: str = "",
    ip: str = "",
) -> dict[str, Any]:
    """The audit row's columns: what :func:`audit` adds, and what a command batch inserts in bulk."""
    return {
        "at": datetime.now(UTC),
        "user_id": caller.user_id if caller else user_id,
        "username": caller.username if caller else username,
        "action": action,
        "target": str(target)[:64],
        "detail": detail or {},
        "device_id": (caller.device_id if caller else device_id)[:64],
        "ip": (caller.ip if caller else ip)[:64],
    }


def audit(session: Session, action: str, **fields: Any) -> None:
    """Add an audit row (``fields``: those of :func:`audit_row`) to the change's transaction."""
    session.add(AuditLog(**audit_row(action, **fields)))
