"""POST /v1/reports: 材料上报 of the records a reviewer passed, judged like decision batches.

The report row is claimed first (its ``report_id`` is unique) with the resolved list of records. Its
records then go through :func:`reviewdesk.server.commands.push_batch` (keyed by the record within the
report) in runs of at most ``MAX_BATCH``, one transaction a run: a report of a province's worth of
records neither holds the write lock for long nor outgrows a query's parameter limit. Each record's
result is stored with its change, so a report interrupted half-way (a crash, a lost connection) resumes
where it stopped when the client repeats it, and a complete one replays its stored answers.
``record_ids: null`` resolves, once, to every 审核通过 record of the caller's tier in scope.

A ``report_id`` belongs to the user who used it first: anyone else sending it is refused (409
``id_in_use``) before anything is read or judged, so they neither learn the first report's records and
outcomes nor run its unfinished part under their own scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, ReviewStatus
from reviewdesk.server.audit import audit
from reviewdesk.server.commands import APPLIED, ID_IN_USE, CommandBatch, Verdict, push_batch
from reviewdesk.server.db import Database
from reviewdesk.server.errors import NOT_FOUND_MESSAGE, ApiError
from reviewdesk.server.feed import Visibility
from reviewdesk.server.models import Record, Report, ReportItem
from reviewdesk.server.mutations import idempotent, now
from reviewdesk.server.records import STATUS_COLUMNS, apply_state, review_state
from reviewdesk.server.schemas import MAX_BATCH, ReportIn, canonical_id
from reviewdesk.server.scope import Caller, scope_clause


def push_report(db: Database, caller: Caller, body: ReportIn, project: str) -> dict[str, Any]:
    report_pk, record_ids, existed = idempotent(db, lambda session: _claim(session, caller, body))
    results: list[dict[str, Any]] = []
    for start in range(0, len(record_ids), MAX_BATCH):
        run = record_ids[start : start + MAX_BATCH]
        results += push_batch(
            db, run, lambda session: ReportCommands(session, caller, project, report_pk, body.report_id)
        )
    with db.write() as session:
        _complete(session, report_pk)
    return {"report_id": body.report_id, "duplicate": existed, "results": results}


class ReportCommands(CommandBatch[int, int]):
    """The records of one report, their results stored in ``report_items`` by record id (run by
    :func:`push_report`, one run of records at a time, not by ``CommandBatch.push``)."""

    table = ReportItem.__table__
    key_column = "record_id"

    def __init__(
        self, session: Session, caller: Caller, project: str, report_pk: int, report_id: str
    ) -> None:
        super().__init__(session, caller, project)
        self.report_pk = report_pk
        self.report_id = canonical_id(report_id)

    def key(self, item: int) -> int:
        return item

    def stored_here(self) -> ColumnElement[bool]:
        return ReportItem.report_pk == self.report_pk

    def targets(self, items: Sequence[int]) -> list[int | None]:
        return list(items)

    def judge(self, key: int, item: int, record: Record | None) -> Verdict:
        verdict = self._verdict(record)
        row = {"status": verdict.status, "reason": verdict.reason, "message": verdict.message}
        self.buffer(self.table, {"report_pk": self.report_pk, "record_id": item} | row)
        return verdict

    def answer(self, item: int, verdict: Verdict, *, duplicate: bool) -> dict[str, Any]:
        """A repeated report replays each record's stored result as it was (its ``duplicate`` flag
        is the report's)."""
        answer: dict[str, Any] = {"record_id": item, "status": verdict.status}
        if verdict.reason:
            answer |= {"reason": verdict.reason, "message": verdict.message}
        return answer

    def _verdict(self, record: Record | None) -> Verdict:
        if record is None:
            return Verdict("rejected", "not_found", NOT_FOUND_MESSAGE)
        try:
            state = workflow.report_up(review_state(record), self.caller.tier)
        except workflow.WorkflowError as error:
            return Verdict("rejected", error.code, error.reason)
        before = Visibility.of(record)
        apply_state(record, state)
        self.record_changed(record, before, HistoryAction.REPORTED, action_id=self.report_id)
        return APPLIED


def _passed_here(session: Session, caller: Caller) -> list[int]:
    status = getattr(Record, STATUS_COLUMNS[caller.tier])
    query = (
        select(Record.id)
        .where(scope_clause(caller), status == ReviewStatus.PASSED.value, Record.at_tier == caller.tier.value)
        .order_by(Record.id)
    )
    return list(session.scalars(query))


def _claim(session: Session, caller: Caller, body: ReportIn) -> tuple[int, list[int], bool]:
    """(report pk, its record ids, whether it existed before); someone else's report id is refused."""
    report_id = canonical_id(body.report_id)
    report = session.scalar(select(Report).where(Report.report_id == report_id))
    if report is not None:
        if report.user_id != caller.user_id:
            raise ApiError(409, str(ID_IN_USE.reason), ID_IN_USE.message)
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


def _complete(session: Session, report_pk: int) -> None:
    report = session.get_one(Report, report_pk)
    report.completed = True
