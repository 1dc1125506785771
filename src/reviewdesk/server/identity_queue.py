"""实名认证审核: the administrators' queue of manual 实名认证 submissions, answered like decisions.

Who: users of the 省级 organisation (the central system's operators), never a unit or a district.
Answers are commands with a client-made ``decision_id`` owned by its author: a repeat by the author
replays the first answer (``duplicate``); the same id from another user is ``rejected``; an answer made
on an older ``version`` of the submission, or on one that was decided or withdrawn meanwhile (two
administrators acting on one), is a ``conflict``, stored and never applied. Deciding deletes the photos
("平台不会泄露和留存用户证件图片信息").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import IdType, Tier
from reviewdesk.domain.realname import (
    REJECT_NEEDS_REASON,
    QueueOutcome,
    RealNameStatus,
    SubmissionStatus,
    VerifyMethod,
)
from reviewdesk.server.audit import audit
from reviewdesk.server.blobstore import blob_path
from reviewdesk.server.candidate_models import (
    CandidateAccount,
    IdentityDecision,
    IdentityPhoto,
    IdentitySubmission,
)
from reviewdesk.server.candidate_web.realname import (
    drop_photos,
    identity_dir,
    identity_taken,
    verify_identity,
)
from reviewdesk.server.commands import ID_IN_USE
from reviewdesk.server.db import Database
from reviewdesk.server.errors import ApiError, not_found
from reviewdesk.server.mutations import idempotent, now
from reviewdesk.server.scope import Caller

NOT_ADMIN = "仅省级管理员可进行实名认证审核"
DECIDED_MEANWHILE = "该认证申请已由其他管理员处理或考生已撤回"
CHANGED_MEANWHILE = "该认证申请在您查看后已变更，请刷新后重新审核"
ALREADY_VERIFIED_BY_OTHER = "该证件已被其他账号认证，不能通过"
NO_SUCH = "认证申请不存在"


def require_admin(caller: Caller) -> None:
    if caller.tier is not Tier.PROVINCE:
        raise ApiError(403, "forbidden", NOT_ADMIN)


def submission_out(
    sub: IdentitySubmission, account: CandidateAccount, photos: list[IdentityPhoto]
) -> dict[str, Any]:
    return {
        "id": sub.id,
        "version": sub.version,
        "status": sub.status,
        "status_label": SubmissionStatus(sub.status).label,
        "method": sub.method,
        "method_label": VerifyMethod(sub.method).label,
        "real_name": sub.real_name,
        "id_type": sub.id_type,
        "id_type_label": IdType(sub.id_type).label,
        "id_number": sub.id_number,
        "phone": account.phone,
        "submitted_at": sub.submitted_at.isoformat() if sub.submitted_at else None,
        "reason": sub.reason,
        "photos": [
            {
                "side": p.side,
                "sha256": p.sha256,
                "mime": p.mime,
                "size": p.size,
                "url": f"/v1/identity/photos/{sub.id}/{p.side}",
            }
            for p in photos
        ],
    }


def waiting(db: Database, caller: Caller, after_id: int = 0, limit: int = 100) -> dict[str, Any]:
    """The 待认证 submissions, oldest first, with the typed data and their photos' addresses."""
    require_admin(caller)
    with db.read() as session:
        rows = session.execute(
            select(IdentitySubmission, CandidateAccount)
            .join(CandidateAccount, CandidateAccount.id == IdentitySubmission.account_id)
            .where(
                IdentitySubmission.status == SubmissionStatus.PENDING.value, IdentitySubmission.id > after_id
            )
            .order_by(IdentitySubmission.id)
            .limit(limit + 1)
        ).all()
        ids = [sub.id for sub, _account in rows[:limit]]
        photos: dict[int, list[IdentityPhoto]] = {}
        for photo in session.scalars(
            select(IdentityPhoto)
            .where(IdentityPhoto.submission_id.in_(ids))
            .order_by(IdentityPhoto.side.desc())
        ):
            photos.setdefault(photo.submission_id, []).append(photo)
    items = [submission_out(sub, account, photos.get(sub.id, [])) for sub, account in rows[:limit]]
    return {"items": items, "next_after_id": items[-1]["id"] if len(rows) > limit else None}


def photo(db: Database, blob_dir: Path, caller: Caller, submission_id: int, side: str) -> tuple[Path, str]:
    """A waiting submission's photo file and type (404 once decided: the photo is gone)."""
    require_admin(caller)
    with db.read() as session:
        row = session.scalar(
            select(IdentityPhoto)
            .join(IdentitySubmission, IdentitySubmission.id == IdentityPhoto.submission_id)
            .where(
                IdentityPhoto.submission_id == submission_id,
                IdentityPhoto.side == side,
                IdentitySubmission.status == SubmissionStatus.PENDING.value,
            )
        )
    path = blob_path(identity_dir(blob_dir), row.sha256) if row else None
    if row is None or path is None or not path.is_file():
        raise not_found("照片不存在或已删除")
    return path, row.mime


def _stored(row: IdentityDecision, first: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"decision_id": row.decision_id, "status": row.status if first else "duplicate"}
    if not first:
        out["first_status"] = row.status
    if row.code:
        out["reason"] = row.code
    if row.message:
        out["message"] = row.message
    return out


def _answer(session: Session, caller: Caller, blob_dir: Path, item: dict[str, Any]) -> dict[str, Any]:
    decision_id = item["decision_id"]
    existing = session.scalar(select(IdentityDecision).where(IdentityDecision.decision_id == decision_id))
    if existing is not None:
        if existing.user_id != caller.user_id:  # another user's id: refused, and told nothing of it
            return {
                "decision_id": decision_id,
                "status": ID_IN_USE.status,
                "reason": ID_IN_USE.reason,
                "message": ID_IN_USE.message,
            }
        return _stored(existing, first=False)
    outcome = QueueOutcome(item["outcome"])
    reason = " ".join(str(item.get("reason") or "").split())
    row = IdentityDecision(
        decision_id=decision_id,
        submission_id=item["submission_id"],
        user_id=caller.user_id,
        outcome=outcome.value,
        reason=reason,
        base_version=item["base_version"],
        status="applied",
        code=None,
        message="",
        created_at=now(),
    )
    sub = session.scalar(
        select(IdentitySubmission).where(IdentitySubmission.id == item["submission_id"]).with_for_update()
    )
    if sub is None:
        row.status, row.code, row.message = "rejected", "not_found", NO_SUCH
    elif outcome is QueueOutcome.REJECT and not reason:
        row.status, row.code, row.message = "rejected", "reason_required", REJECT_NEEDS_REASON
    elif sub.status != SubmissionStatus.PENDING.value:
        row.status, row.code, row.message = "conflict", "decided", DECIDED_MEANWHILE
    elif sub.version != item["base_version"]:
        row.status, row.code, row.message = "conflict", "changed", CHANGED_MEANWHILE
    else:
        account = session.get_one(CandidateAccount, sub.account_id)
        if outcome is QueueOutcome.APPROVE and identity_taken(
            session, account.id, sub.id_type, sub.id_number
        ):
            row.status, row.code, row.message = "rejected", "identity_taken", ALREADY_VERIFIED_BY_OTHER
        else:
            _apply(session, blob_dir, caller, sub, account, outcome, reason)
    session.add(row)
    session.flush()
    audit(
        session,
        "identity_decision",
        caller=caller,
        target=item["submission_id"],
        detail={"decision_id": decision_id, "outcome": outcome.value, "status": row.status},
    )
    return _stored(row, first=True)


def _apply(
    session: Session,
    blob_dir: Path,
    caller: Caller,
    sub: IdentitySubmission,
    account: CandidateAccount,
    outcome: QueueOutcome,
    reason: str,
) -> None:
    sub.version += 1
    sub.decided_at = now()
    sub.decided_by = caller.username
    sub.reason = reason
    if outcome is QueueOutcome.APPROVE:
        sub.status = SubmissionStatus.APPROVED.value
        verify_identity(session, account, sub)
    else:
        sub.status = SubmissionStatus.REJECTED.value
        account.realname_status = RealNameStatus.REJECTED.value
    drop_photos(session, blob_dir, sub.id)


def decide(db: Database, blob_dir: Path, caller: Caller, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each answer in its own transaction (one failing never undoes another), answered in order."""
    require_admin(caller)
    return [
        idempotent(db, lambda session, item=item: _answer(session, caller, blob_dir, item)) for item in items
    ]
