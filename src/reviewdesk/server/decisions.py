"""POST /v1/decisions: decisions are commands bound to the evidence the reviewer saw, never overwrites.

Each item is judged on its own, in order: look up ``decision_id`` (a repeat replays the first
answer), find the record in the caller's scope (locked), compare the item's base with the record, then
let ``reviewdesk.domain.workflow.decide`` judge and compute the new state. Conflicts and rejections
are stored like applied decisions, so a repeat gets the same answer forever.

A request's items share one write transaction (:class:`_Batch`): per-item transactions, queries and
snapshot builds cost 4–10 ms a decision (PERFORMANCE.md "Sync"); batched, well under 1 ms. An item's
outcome never depends on whether its neighbours were applied, conflicting or rejected; only a database
error rolls the batch back, and then each item is run again in its own transaction (:func:`_decide`).

A base that matches the record exactly means the reviewer saw the current state: the workflow rules
alone decide (``applied`` or ``rejected``). A base that differs is a conflict, classified in API.md's
order: ``withdrawn`` → ``resubmitted`` → ``superseded`` → ``stale``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, SubmitStatus, Tier
from reviewdesk.server.audit import audit
from reviewdesk.server.db import Database
from reviewdesk.server.errors import NOT_FOUND_MESSAGE
from reviewdesk.server.feed import Visibility, log_change, log_changes
from reviewdesk.server.models import AuditLog, Decision, HistoryEntry, Record
from reviewdesk.server.mutations import add_history, bump, idempotent, now, snapshot
from reviewdesk.server.records import STATUS_COLUMNS, apply_state, build_snapshots, review_state
from reviewdesk.server.schemas import DecisionBase, DecisionIn, canonical_id
from reviewdesk.server.scope import Caller, record_in_scope, scope_clause

CONFLICT_MESSAGES = {
    "withdrawn": "考生已撤回报名或报名已退回修改，当前不在审核中",
    "resubmitted": "考生已重新提交，材料已变更",
    "superseded": "该考生已不在本级审核（已上报上级或已由其他层级处理）",
    "stale": "该考生的报名在您审核后已被他人修改",
}


def classify_conflict(record: Record, base: DecisionBase, tier: Tier) -> str | None:
    """Why a decision made on ``base`` may not be applied to ``record`` as it is now, or None."""
    if (
        base.version == record.version
        and base.submission_rev == record.submission_rev
        and base.materials_hash == record.materials_hash
    ):
        return None
    if record.submit_status != SubmitStatus.SUBMITTED.value:
        return "withdrawn"
    if base.submission_rev != record.submission_rev or base.materials_hash != record.materials_hash:
        return "resubmitted"
    if record.at_tier != tier.value:
        return "superseded"
    return "stale"


def _result(item: DecisionIn, status: str, record: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    return {"decision_id": item.decision_id, "status": status, **extra, "record": record}


def _replay(
    session: Session, caller: Caller, item: DecisionIn, first: Decision, project: str
) -> dict[str, Any]:
    record = record_in_scope(session, caller, first.record_id)
    extra: dict[str, Any] = {"first_status": first.status}
    if first.reason:
        extra |= {"reason": first.reason, "message": first.message}
    return _result(item, "duplicate", snapshot(session, record, project), **extra)


def _decide(session: Session, caller: Caller, item: DecisionIn, project: str) -> dict[str, Any]:
    decision_id = canonical_id(item.decision_id)
    first = session.scalar(select(Decision).where(Decision.decision_id == decision_id))
    if first is not None:
        return _replay(session, caller, item, first, project)

    at = now()
    decision = Decision(
        decision_id=decision_id,
        record_id=item.record_id,
        user_id=caller.user_id,
        outcome=item.outcome.value,
        remark=item.remark,
        decided_at=item.decided_at,
        base=item.base.model_dump(),
        device_id=caller.device_id,
        created_at=at,
        status="applied",
        reason=None,
        message="",
    )
    record = record_in_scope(session, caller, item.record_id, for_update=True)
    before: Visibility | None = None
    if record is None:
        decision.status, decision.reason, decision.message = "rejected", "not_found", NOT_FOUND_MESSAGE
    elif conflict := classify_conflict(record, item.base, caller.tier):
        decision.status, decision.reason, decision.message = "conflict", conflict, CONFLICT_MESSAGES[conflict]
    else:
        try:
            state = workflow.decide(review_state(record), caller.tier, item.outcome, item.remark)
        except workflow.WorkflowError as error:
            decision.status, decision.reason, decision.message = "rejected", error.code, error.reason
        else:
            before = Visibility.of(record)
            apply_state(record, state)
            bump(record, at)
            add_history(
                session,
                record,
                HistoryAction.DECIDED,
                at,
                tier=caller.tier,
                org_id=caller.org_id,
                actor=caller.display_name,
                outcome=item.outcome,
                remark=item.remark,
                decision_id=decision_id,
            )
    session.add(decision)
    audit(
        session,
        "decision",
        caller=caller,
        target=item.record_id,
        detail={
            "decision_id": decision_id,
            "outcome": item.outcome.value,
            "status": decision.status,
            "reason": decision.reason,
            "version": record.version if record else None,
        },
    )
    record_out = snapshot(session, record, project)
    if before is not None and record is not None:
        log_change(session, record, before, record_out)
    if decision.status == "applied":
        return _result(item, "applied", record_out)
    return _result(item, decision.status, record_out, reason=decision.reason, message=decision.message)


def push_decisions(
    db: Database, caller: Caller, items: list[DecisionIn], project: str
) -> list[dict[str, Any]]:
    """Answers in order. The batch is judged in one write transaction (:class:`_Batch`); if that
    transaction fails on a constraint (another request committed one of these ``decision_id``s first,
    or an item the database refuses), it is rolled back and every item is run again in its own
    transaction, so one item's failure never costs the others their outcome."""
    if not items:
        return []
    try:
        with db.write() as session:
            return _Batch(session, caller, project).run(items)
    except IntegrityError:
        return [
            idempotent(db, lambda session, item=item: _decide(session, caller, item, project))
            for item in items
        ]


def in_scope(caller: Caller, record: Record) -> bool:
    """Python twin of ``scope.scope_clause(caller)`` for a record loaded in scope and then changed by
    this batch (a decision can take a record out of the caller's view, never into it)."""
    if caller.tier is Tier.UNIT:
        return record.unit_id == caller.org_id
    reached = getattr(record, STATUS_COLUMNS[caller.tier]) is not None
    return reached and record.org_path.startswith(caller.org_path)


class _Batch:
    """One request's items judged in order inside one transaction, with the per-item queries done in
    bulk: existing ``decision_id``s and the records (locked ``FOR UPDATE`` in id order, so two batches
    cannot deadlock; before ``feed_head``, like every writer) are read up front, items are judged in
    Python against the records as earlier items left them, and decisions, 审核进度, audit and change
    rows go in with executemany at the end. Answer snapshots are built in one ``build_snapshots`` call
    at the end, except for an item whose record a later item of the batch touches again: that answer
    is built when the item is judged, so it shows the record as that item left it."""

    def __init__(self, session: Session, caller: Caller, project: str) -> None:
        self.session = session
        self.caller = caller
        self.project = project
        self.at = now()
        self.decisions: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []
        self.audit: list[dict[str, Any]] = []
        self.changes: list[tuple[int, Visibility | None, Visibility]] = []
        self.changed: set[int] = set()

    def run(self, items: list[DecisionIn]) -> list[dict[str, Any]]:
        ids = [canonical_id(item.decision_id) for item in items]
        known: dict[str, tuple[int, str, str | None, str]] = {
            row.decision_id: (row.record_id, row.status, row.reason, row.message)
            for row in self.session.execute(
                select(
                    Decision.decision_id,
                    Decision.record_id,
                    Decision.status,
                    Decision.reason,
                    Decision.message,
                ).where(Decision.decision_id.in_(sorted(set(ids))))
            )
        }
        shown = [
            known[did][0] if did in known else item.record_id for did, item in zip(ids, items, strict=True)
        ]
        records: dict[int, Record] = {
            record.id: record
            for record in self.session.scalars(
                select(Record)
                .where(Record.id.in_(sorted(set(shown))), scope_clause(self.caller))
                .order_by(Record.id)
                .with_for_update()
            )
        }
        remaining = Counter(shown)
        answers: list[dict[str, Any]] = []
        deferred: list[tuple[int, int]] = []  # (answer index, record id) built at the end
        for did, item, record_id in zip(ids, items, shown, strict=True):
            remaining[record_id] -= 1
            first = known.get(did)
            if first is not None:
                record = self._visible(records, first[0])
                extra: dict[str, Any] = {"first_status": first[1]}
                if first[2]:
                    extra |= {"reason": first[2], "message": first[3]}
                answer = _result(item, "duplicate", None, **extra)
            else:
                record = self._visible(records, item.record_id)
                status, reason, message = self._judge(did, item, record)
                known[did] = (item.record_id, status, reason, message)
                extra = {} if status == "applied" else {"reason": reason, "message": message}
                answer = _result(item, status, None, **extra)
            answers.append(answer)
            if record is None:
                continue
            if remaining[record_id] > 0:  # touched again later in this batch: its state now
                self._write()
                answer["record"] = build_snapshots(self.session, [record], self.project)[0]
            else:
                deferred.append((len(answers) - 1, record.id))
        self._write()
        wanted = sorted({rid for _, rid in deferred} | self.changed)
        built = dict(
            zip(
                wanted,
                build_snapshots(self.session, [records[rid] for rid in wanted], self.project),
                strict=True,
            )
        )
        for index, record_id in deferred:
            answers[index]["record"] = built[record_id]
        log_changes(self.session, self.changes, {rid: built[rid] for rid in sorted(self.changed)})
        return answers

    def _visible(self, records: dict[int, Record], record_id: int) -> Record | None:
        record = records.get(record_id)
        if record is not None and record_id in self.changed and not in_scope(self.caller, record):
            return None
        return record

    def _judge(
        self, decision_id: str, item: DecisionIn, record: Record | None
    ) -> tuple[str, str | None, str]:
        """The item's outcome (what ``_decide`` decides), with the record changed in place if applied."""
        status: str = "applied"
        reason: str | None = None
        message = ""
        if record is None:
            status, reason, message = "rejected", "not_found", NOT_FOUND_MESSAGE
        elif conflict := classify_conflict(record, item.base, self.caller.tier):
            status, reason, message = "conflict", conflict, CONFLICT_MESSAGES[conflict]
        else:
            try:
                state = workflow.decide(review_state(record), self.caller.tier, item.outcome, item.remark)
            except workflow.WorkflowError as error:
                status, reason, message = "rejected", error.code, error.reason
            else:
                before = Visibility.of(record)
                apply_state(record, state)
                bump(record, self.at)
                self.changes.append((record.id, before, Visibility.of(record)))
                self.changed.add(record.id)
                self.history.append(
                    {
                        "record_id": record.id,
                        "at": self.at,
                        "action": HistoryAction.DECIDED.value,
                        "tier": self.caller.tier.value,
                        "org_id": self.caller.org_id,
                        "actor": self.caller.display_name,
                        "outcome": item.outcome.value,
                        "remark": item.remark,
                        "decision_id": decision_id,
                    }
                )
        self.decisions.append(
            {
                "decision_id": decision_id,
                "record_id": item.record_id,
                "user_id": self.caller.user_id,
                "outcome": item.outcome.value,
                "remark": item.remark,
                "decided_at": item.decided_at,
                "base": item.base.model_dump(),
                "device_id": self.caller.device_id,
                "created_at": self.at,
                "status": status,
                "reason": reason,
                "message": message,
            }
        )
        self.audit.append(
            {
                "at": now(),
                "user_id": self.caller.user_id,
                "username": self.caller.username,
                "action": "decision",
                "target": str(item.record_id)[:64],
                "detail": {
                    "decision_id": decision_id,
                    "outcome": item.outcome.value,
                    "status": status,
                    "reason": reason,
                    "version": record.version if record else None,
                },
                "device_id": self.caller.device_id[:64],
                "ip": self.caller.ip[:64],
            }
        )
        return status, reason, message

    def _write(self) -> None:
        """Send what is buffered: record updates (ORM flush), then the rows (one executemany each)."""
        self.session.flush()
        for table, rows in (
            (Decision.__table__, self.decisions),
            (HistoryEntry.__table__, self.history),
            (AuditLog.__table__, self.audit),
        ):
            if rows:
                self.session.execute(insert(table), rows)
                rows.clear()
