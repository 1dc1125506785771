"""Who is calling, and which records they may see (API.md "Scope").

Every query that touches records goes through :func:`scope_clause`: a record is in a caller's scope
when its unit lies in the caller's organisation subtree *and* it has reached the caller's tier (a unit
sees all its candidates). Anything else is answered exactly like a record that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import DataScope, Tier
from reviewdesk.server.models import ChangeLog, Image, Material, Organisation, Record
from reviewdesk.server.records import STATUS_COLUMNS, tier_bit


@dataclass(frozen=True)
class Caller:
    """An authenticated reviewer, with what the audit log wants to know about the request."""

    user_id: int
    username: str
    display_name: str
    role: str
    org_id: int
    org_name: str
    org_path: str
    tier: Tier
    token_id: int
    device_id: str = ""
    ip: str = ""


def scope_clause(caller: Caller, scope: DataScope = DataScope.ALL) -> ColumnElement[bool]:
    """SQL condition on ``Record`` for "in the caller's scope" (``scope=direct``: 本级直属 only)."""
    if caller.tier is Tier.UNIT:
        return Record.unit_id == caller.org_id
    reached = getattr(Record, STATUS_COLUMNS[caller.tier]).is_not(None)
    clause = and_(Record.org_path.startswith(caller.org_path, autoescape=True), reached)
    if scope is DataScope.DIRECT:
        direct_units = select(Organisation.id).where(
            or_(Organisation.parent_id == caller.org_id, Organisation.id == caller.org_id)
        )
        clause = and_(clause, Record.unit_id.in_(direct_units))
    return clause


def feed_clause(caller: Caller) -> ColumnElement[bool]:
    """SQL condition on ``ChangeLog``: the change touched the caller's view before or after it."""
    bit = tier_bit(caller.tier)
    after = and_(
        ChangeLog.org_path.startswith(caller.org_path, autoescape=True),
        ChangeLog.tiers.bitwise_and(bit) != 0,
    )
    before = and_(
        ChangeLog.prev_org_path.is_not(None),
        ChangeLog.prev_org_path.startswith(caller.org_path, autoescape=True),
        ChangeLog.prev_tiers.bitwise_and(bit) != 0,
    )
    return or_(after, before)


def record_in_scope(
    session: Session, caller: Caller, record_id: int, *, for_update: bool = False
) -> Record | None:
    """The record if the caller may see it, else None (never says which of "missing"/"not yours")."""
    query = select(Record).where(Record.id == record_id, scope_clause(caller))
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def blob_in_scope(session: Session, caller: Caller, sha256: str) -> bool:
    """Whether some material of a record in the caller's scope shows this image."""
    query = (
        select(Image.id)
        .join(Material, Material.id == Image.material_id)
        .join(Record, Record.id == Material.record_id)
        .where(Image.sha256 == sha256, scope_clause(caller))
        .limit(1)
    )
    return session.scalar(query) is not None
