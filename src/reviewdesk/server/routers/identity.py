"""实名认证审核 for the 省级 administrators, and 通知公告 for the candidates' 首页.

GET /v1/identity/submissions, GET /v1/identity/photos/{id}/{side}, POST /v1/identity/decisions,
GET/POST /v1/notices. See ``reviewdesk.server.identity_queue`` for the rules.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from reviewdesk.domain.realname import QueueOutcome
from reviewdesk.server import identity_queue
from reviewdesk.server.audit import audit
from reviewdesk.server.candidate_models import Notice
from reviewdesk.server.deps import CallerDep, DbDep, SettingsDep
from reviewdesk.server.mutations import now
from reviewdesk.server.schemas import MAX_BATCH, ActionId, Body, Count, ErrorOut, RecordId, canonical_id, text

router = APIRouter(
    prefix="/v1", tags=["实名认证审核"], responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}}
)


class PhotoOut(BaseModel):
    side: str
    sha256: str
    mime: str
    size: int
    url: str


class SubmissionOut(BaseModel):
    id: int
    version: int
    status: str
    status_label: str
    method: str
    method_label: str
    real_name: str
    id_type: str
    id_type_label: str
    id_number: str
    phone: str
    submitted_at: str | None
    reason: str
    photos: list[PhotoOut]


class SubmissionPageOut(BaseModel):
    items: list[SubmissionOut]
    next_after_id: int | None


class IdentityBase(Body):
    version: Count


class IdentityDecisionIn(Body):
    decision_id: ActionId
    submission_id: RecordId
    outcome: QueueOutcome
    reason: text(500) = ""  # type: ignore[valid-type]
    base: IdentityBase


class IdentityDecisionBatch(Body):
    items: list[IdentityDecisionIn] = Field(max_length=MAX_BATCH)


class IdentityResultOut(BaseModel):
    decision_id: str
    status: str
    first_status: str | None = None
    reason: str | None = None
    message: str | None = None


class IdentityResultsOut(BaseModel):
    results: list[IdentityResultOut]


class NoticeIn(Body):
    title: text(200, 1)  # type: ignore[valid-type]
    body: text(5000) = ""  # type: ignore[valid-type]


class NoticeOut(BaseModel):
    id: int
    title: str
    body: str
    posted_at: str


@router.get("/identity/submissions", response_model=SubmissionPageOut)
def submissions(
    caller: CallerDep, db: DbDep, after_id: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=500)
) -> dict[str, Any]:
    """The 待认证 submissions, oldest first (keyset pages by ``after_id``)."""
    return identity_queue.waiting(db, caller, after_id, limit)


@router.get(
    "/identity/photos/{submission_id}/{side}",
    response_class=FileResponse,
    responses={404: {"model": ErrorOut}},
)
def identity_photo(
    submission_id: int, side: Literal["front", "back"], caller: CallerDep, db: DbDep, settings: SettingsDep
) -> FileResponse:
    """A waiting submission's photo; gone (404) once the submission is decided or withdrawn."""
    path, mime = identity_queue.photo(db, settings.resolved_blob_dir, caller, submission_id, side)
    return FileResponse(path, media_type=mime, headers={"Cache-Control": "private, no-store"})


@router.post("/identity/decisions", response_model=IdentityResultsOut)
def identity_decisions(
    body: IdentityDecisionBatch, caller: CallerDep, db: DbDep, settings: SettingsDep
) -> dict[str, Any]:
    """通过 / 不通过 (a reason the candidate reads is required for 不通过), answered per item:
    applied / duplicate / conflict / rejected."""
    items = [
        {
            "decision_id": canonical_id(item.decision_id),
            "submission_id": item.submission_id,
            "outcome": item.outcome.value,
            "reason": item.reason,
            "base_version": item.base.version,
        }
        for item in body.items
    ]
    return {"results": identity_queue.decide(db, settings.resolved_blob_dir, caller, items)}


def _notice_out(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.id,
        "title": notice.title,
        "body": notice.body,
        "posted_at": notice.posted_at.isoformat(),
    }


@router.get("/notices", response_model=list[NoticeOut], tags=["通知公告"])
def notices(caller: CallerDep, db: DbDep) -> list[dict[str, Any]]:
    with db.read() as session:
        return [_notice_out(n) for n in session.scalars(select(Notice).order_by(Notice.id.desc()).limit(100))]


@router.post("/notices", response_model=NoticeOut, tags=["通知公告"])
def post_notice(body: NoticeIn, caller: CallerDep, db: DbDep) -> dict[str, Any]:
    """Post a 通知公告 to the candidates' 首页 (省级 only)."""
    identity_queue.require_admin(caller)
    with db.write() as session:
        notice = Notice(
            title=body.title.strip(), body=body.body.strip(), posted_at=now(), posted_by=caller.username
        )
        session.add(notice)
        session.flush()
        audit(session, "notice_posted", caller=caller, target=notice.id)
        return _notice_out(notice)
