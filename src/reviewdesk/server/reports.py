"""POST /v1/reports: 材料上报 of the records a reviewer passed, each record in its own transaction.

The report row is claimed first (its ``report_id`` is unique) with the resolved list of records; each
record's result is stored in the same transaction as its change. So a report interrupted half-way (a
crash, a lost connection) resumes where it stopped when the client repeats it, and a complete one
replays its stored answers. ``record_ids: null`` resolves, once, to every 审核通过 record of the
caller's tier in scope.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, ReviewStatus
from reviewdesk.server.audit import audit
from reviewdesk.server.db import Database
from reviewdesk.server.errors import NOT_FOUND_MESSAGE
from reviewdesk.server.feed import Visibility, log_change
from reviewdesk.server.models import Record, Report, ReportItem
from reviewdesk.server.mutations import add_history, bump, idempotent, now, snapshot
from reviewdesk.server.records import STATUS_COLUMNS, apply_state, review_state
from reviewdesk.server.schemas import ReportIn, canonical_id
from reviewdesk.server.scope import Caller, record_in_scope, scope_clause


def _passed_here(session: Session, caller: Caller) -> list[int]:
    status = getattr(Record, STATUS_COLUMNS[caller.tier])
    query = (
        select(Record.id)
        .where(scope_clause(caller), status == ReviewStatus.PASSED.value, Record.at_tier == caller.tier.value)
        .order_by(Record.id)
    )
    return list(session.scalars(query))


def _claim(session: Session, caller: Caller, body: ReportIn) -> tuple[int, list[int], bool]:
    """(report pk, its record ids, whether it existed before)."""
    report_id = canonical_id(body.report_id)
    report = session.scalar(select(Report).where(Report.report_id == report_id))
    if report is not None:
        return report.id, [int(r) for r in report.record_ids], True
    record_ids = (
        list(dict.fromkeys(body.record_ids)) if body.record_ids is not None else _passed_here(session, caller)
    )
    report = Report(
        report_id=report_id,
        user_id=caller.user_id,
        reported_at=body.reported_at,
        record_ids=record_ids,
        device_id=caller.device_id,
        completed=False,
        created_at=now(),
    )
    session.add(report)
    audit(
        session,
        "report",
        caller=caller,
        target=report_id,
        detail={"records": len(record_ids), "all_passed": body.record_ids is None},
    )
    session.flush()
    return report.id, record_ids, False


def _report_one(
    session: Session, caller: Caller, report_pk: int, record_id: int, project: str
) -> dict[str, Any]:
    stored = session.scalar(
        select(ReportItem).where(ReportItem.report_pk == report_pk, ReportItem.record_id == record_id)
    )
    if stored is not None:
        record = record_in_scope(session, caller, record_id)
        return _item(stored, snapshot(session, record, project))

    at = now()
    item = ReportItem(report_pk=report_pk, record_id=record_id, status="applied", reason=None, message="")
    record = record_in_scope(session, caller, record_id, for_update=True)
    before: Visibility | None = None
    if record is None:
        item.status, item.reason, item.message = "rejected", "not_found", NOT_FOUND_MESSAGE
    else:
        try:
            state = workflow.report_up(review_state(record), caller.tier)
        except workflow.WorkflowError as error:
            item.status, item.reason, item.message = "rejected", error.code, error.reason
        else:
            before = Visibility.of(record)
            apply_state(record, state)
            bump(record, at)
            add_history(
                session,
                record,
                HistoryAction.REPORTED,
                at,
                tier=caller.tier,
                org_id=caller.org_id,
                actor=caller.display_name,
            )
    session.add(item)
    record_out = snapshot(session, record, project)
    if before is not None and record is not None:
        log_change(session, record, before, record_out)
    return _item(item, record_out)


def _item(item: ReportItem, record: dict[str, Any] | None) -> dict[str, Any]:
    result: dict[str, Any] = {"record_id": item.record_id, "status": item.status}
    if item.reason:
        result |= {"reason": item.reason, "message": item.message}
    result["record"] = record
    return result


def _complete(session: Session, report_pk: int) -> None:
    report = session.get_one(Report, report_pk)
    report.completed = True


def push_report(db: Database, caller: Caller, body: ReportIn, project: str) -> dict[str, Any]:
    report_pk, record_ids, existed = idempotent(db, lambda session: _claim(session, caller, body))
    results = [
        idempotent(db, lambda session, rid=rid: _report_one(session, caller, report_pk, rid, project))
        for rid in record_ids
    ]
    if not existed:
        with db.write() as session:
            _complete(session, report_pk)
    return {"report_id": body.report_id, "duplicate": existed, "results": results}
