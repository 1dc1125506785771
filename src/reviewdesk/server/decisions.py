"""POST /v1/decisions: decisions are commands bound to the evidence the reviewer saw, never overwrites.

Each item runs in its own transaction: look up ``decision_id`` (a repeat replays the first answer),
lock the record in the caller's scope, compare the item's base with the record, then let
``reviewdesk.domain.workflow.decide`` judge and compute the new state. Conflicts and rejections are
stored like applied decisions, so a repeat gets the same answer forever.

A base that matches the record exactly means the reviewer saw the current state: the workflow rules
alone decide (``applied`` or ``rejected``). A base that differs is a conflict, classified in API.md's
order: ``withdrawn`` → ``resubmitted`` → ``superseded`` → ``stale``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, SubmitStatus, Tier
from reviewdesk.server.audit import audit
from reviewdesk.server.db import Database
from reviewdesk.server.errors import NOT_FOUND_MESSAGE
from reviewdesk.server.feed import Visibility, log_change
from reviewdesk.server.models import Decision, Record
from reviewdesk.server.mutations import add_history, bump, idempotent, now, snapshot
from reviewdesk.server.records import apply_state, review_state
from reviewdesk.server.schemas import DecisionBase, DecisionIn, canonical_id
from reviewdesk.server.scope import Caller, record_in_scope

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
    """Answers in order, each item committed (or not) on its own."""
    return [
        idempotent(db, lambda session, item=item: _decide(session, caller, item, project)) for item in items
    ]
