"""POST /v1/decisions, /v1/reports (材料上报), /v1/verifications (核验): the reviewer's commands."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from reviewdesk.server.decisions import DecisionCommands
from reviewdesk.server.deps import CallerDep, DbDep, SettingsDep, project_of
from reviewdesk.server.openapi import error_responses
from reviewdesk.server.replies import json_reply
from reviewdesk.server.reports import push_report
from reviewdesk.server.schemas import (
    DecisionBatch,
    DecisionResultsOut,
    ReportIn,
    ReportResultsOut,
    VerificationBatch,
    VerificationResultsOut,
)
from reviewdesk.server.verifications import VerificationCommands

router = APIRouter(prefix="/v1", tags=["review"])


def _project(db: DbDep, settings: SettingsDep) -> str:
    with db.read() as session:
        return project_of(session, settings).name


@router.post("/decisions", response_model=None, responses={200: {"model": DecisionResultsOut}})
def decisions(body: DecisionBatch, caller: CallerDep, db: DbDep, settings: SettingsDep) -> JSONResponse:
    """The batch in one transaction, answered in order: applied / duplicate / conflict / rejected."""
    return json_reply({"results": DecisionCommands.push(db, caller, body.items, _project(db, settings))})


@router.post(
    "/reports", response_model=None, responses={200: {"model": ReportResultsOut}} | error_responses(409)
)
def reports(body: ReportIn, caller: CallerDep, db: DbDep, settings: SettingsDep) -> JSONResponse:
    """材料上报: every listed record still 审核通过 at the caller's tier goes to the superior tier."""
    return json_reply(push_report(db, caller, body, _project(db, settings)))


@router.post("/verifications", response_model=None, responses={200: {"model": VerificationResultsOut}})
def verifications(
    body: VerificationBatch, caller: CallerDep, db: DbDep, settings: SettingsDep
) -> JSONResponse:
    """核验 of materials, each item bound to the material version the reviewer saw."""
    return json_reply({"results": VerificationCommands.push(db, caller, body.items, _project(db, settings))})
