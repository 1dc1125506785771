"""POST /v1/verifications: 核验 of one material per item, idempotent by ``action_id``.

Like decisions, each item is bound to the material ``version`` the reviewer saw: a moved version is a
conflict (``resubmitted`` when the candidate changed the material since, else ``stale``) and changes
nothing. The rule itself is ``reviewdesk.domain.workflow.check_verification``. An applied verification
bumps the material's and the record's version (it is a change in the feed) but not ``materials_hash``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, MaterialKind, VerifyStatus
from reviewdesk.server.audit import audit
from reviewdesk.server.db import Database
from reviewdesk.server.errors import NOT_FOUND_MESSAGE
from reviewdesk.server.feed import log_change
from reviewdesk.server.models import Material, Record, Verification
from reviewdesk.server.mutations import add_history, bump, idempotent, now, snapshot
from reviewdesk.server.records import review_state
from reviewdesk.server.schemas import VerificationIn, canonical_id
from reviewdesk.server.scope import Caller, record_in_scope, scope_clause

CONFLICT_MESSAGES = {
    "resubmitted": "考生已修改该材料并重新提交",
    "stale": "该材料的核验状态在您核验后已被他人修改",
}


def _result(item: VerificationIn, status: str, record: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    return {"action_id": item.action_id, "status": status, **extra, "record": record}


def _material_in_scope(session: Session, caller: Caller, material_id: int) -> tuple[Material, Record] | None:
    row = session.execute(
        select(Material, Record)
        .join(Record, Record.id == Material.record_id)
        .where(Material.id == material_id, scope_clause(caller))
        .with_for_update()
    ).one_or_none()
    return (row[0], row[1]) if row is not None else None


def _verify(session: Session, caller: Caller, item: VerificationIn, project: str) -> dict[str, Any]:
    action_id = canonical_id(item.action_id)
    first = session.scalar(select(Verification).where(Verification.action_id == action_id))
    if first is not None:
        record = record_in_scope(session, caller, first.record_id) if first.record_id else None
        extra: dict[str, Any] = {"first_status": first.status}
        if first.reason:
            extra |= {"reason": first.reason, "message": first.message}
        return _result(item, "duplicate", snapshot(session, record, project), **extra)

    at = now()
    found = _material_in_scope(session, caller, item.material_id)
    material, record = found if found else (None, None)
    verification = Verification(
        action_id=action_id,
        material_id=item.material_id,
        record_id=record.id if record else None,
        user_id=caller.user_id,
        verify_status=item.status.value,
        remark=item.remark,
        base=item.base.model_dump(),
        status="applied",
        reason=None,
        message="",
        device_id=caller.device_id,
        created_at=at,
    )
    applied = False
    if material is None or record is None:
        verification.status, verification.reason, verification.message = (
            "rejected",
            "not_found",
            NOT_FOUND_MESSAGE,
        )
    elif item.base.version != material.version:
        reason = "resubmitted" if material.content_version > item.base.version else "stale"
        verification.status, verification.reason, verification.message = (
            "conflict",
            reason,
            CONFLICT_MESSAGES[reason],
        )
    else:
        try:
            workflow.check_verification(review_state(record), caller.tier, item.status, item.remark)
        except workflow.WorkflowError as error:
            verification.status, verification.reason, verification.message = (
                "rejected",
                error.code,
                error.reason,
            )
        else:
            applied = True
            material.verify_status = item.status.value
            material.verify_remark = item.remark
            material.verified_by = caller.display_name if item.status is not VerifyStatus.PENDING else None
            material.verified_at = at if item.status is not VerifyStatus.PENDING else None
            material.version += 1
            bump(record, at)
            add_history(
                session,
                record,
                HistoryAction.VERIFIED,
                at,
                tier=caller.tier,
                org_id=caller.org_id,
                actor=caller.display_name,
                remark="；".join(
                    part
                    for part in (f"{MaterialKind(material.kind).label}：{item.status.label}", item.remark)
                    if part
                ),
            )
    session.add(verification)
    audit(
        session,
        "verification",
        caller=caller,
        target=item.material_id,
        detail={"action_id": action_id, "verify_status": item.status.value, "status": verification.status},
    )
    record_out = snapshot(session, record, project)
    if applied and record is not None:
        log_change(session, record, snapshot=record_out)
    if verification.status == "applied":
        return _result(item, "applied", record_out)
    return _result(
        item, verification.status, record_out, reason=verification.reason, message=verification.message
    )


def push_verifications(
    db: Database, caller: Caller, items: list[VerificationIn], project: str
) -> list[dict[str, Any]]:
    return [
        idempotent(db, lambda session, item=item: _verify(session, caller, item, project)) for item in items
    ]
