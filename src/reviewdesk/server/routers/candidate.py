"""POST /v1/candidate/{bind,submit,withdraw}: only mounted when the server runs with candidate actions."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from reviewdesk.server import candidates
from reviewdesk.server.deps import DbDep, SettingsDep, project_of
from reviewdesk.server.replies import json_reply
from reviewdesk.server.schemas import BindIn, BoundOut, CandidateOut, CandidateRecordIn, ErrorOut, SubmitIn

router = APIRouter(
    prefix="/v1/candidate",
    tags=["candidate (test/demo)"],
    responses={200: {"model": CandidateOut}, 404: {"model": ErrorOut}, 409: {"model": ErrorOut}},
)


def _project(db: DbDep, settings: SettingsDep) -> str:
    with db.read() as session:
        return project_of(session, settings).name


@router.post("/bind", response_model=None, responses={200: {"model": BoundOut}})
def bind(body: BindIn, db: DbDep, settings: SettingsDep) -> JSONResponse:
    """Bind the record to the unit whose 本单位确认码 is ``code`` (it leaves its old unit's scope).
    Answers which record went to which unit, never the record itself (a 确认码 is no key to anybody's
    registration)."""
    return json_reply(candidates.bind(db, body, _project(db, settings)))


@router.post("/submit", response_model=None)
def submit(body: SubmitIn, db: DbDep, settings: SettingsDep) -> JSONResponse:
    """(Re-)submission, optionally with changed materials (``MaterialInput``, API.md)."""
    return json_reply(candidates.submit(db, body, settings.resolved_blob_dir, _project(db, settings)))


@router.post("/withdraw", response_model=None)
def withdraw(body: CandidateRecordIn, db: DbDep, settings: SettingsDep) -> JSONResponse:
    return json_reply(candidates.withdraw(db, body, _project(db, settings)))
