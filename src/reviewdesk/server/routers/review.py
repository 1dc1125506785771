"""POST /v1/decisions, /v1/reports (材料上报), /v1/verifications (核验): the reviewer's commands."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from reviewdesk.server.decisions import DecisionCommands
from reviewdesk.server.deps import CallerProjectDep, DbDep
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


@router.post("/decisions", response_model=None, responses={200: {"model": DecisionResultsOut}})
def decisions(body: DecisionBatch, caller_project: CallerProjectDep, db: DbDep) -> JSONResponse:
    """The batch in one transaction, answered in order: applied / duplicate / conflict / rejected."""
    caller, project = caller_project
    return json_reply({"results": DecisionCommands.push(db, caller, body.items, project)})


@router.post(
    "/reports", response_model=None, responses={200: {"model": ReportResultsOut}} | error_responses(409)
)
def reports(body: ReportIn, caller_project: CallerProjectDep, db: DbDep) -> JSONResponse:
    """材料上报: every listed record still 审核通过 at the caller's tier goes to the superior tier."""
    caller, project = caller_project
    return json_reply(push_report(db, caller, body, project))


@router.post("/verifications", response_model=None, responses={200: {"model": VerificationResultsOut}})
def verifications(body: VerificationBatch, caller_project: CallerProjectDep, db: DbDep) -> JSONResponse:
    """核验 of materials, each item bound to the material version the reviewer saw."""
    caller, project = caller_project
    return json_reply({"results": VerificationCommands.push(db, caller, body.items, project)})
