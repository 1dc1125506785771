"""POST /v1/decisions: decisions are commands bound to the evidence the reviewer saw, never overwrites.

Each item is judged on its own, in order (:class:`reviewdesk.server.commands.CommandBatch`, one
transaction a request): look up ``decision_id`` (a repeat replays the first answer), find the record in
the caller's scope (locked), compare the item's base with the record, then let
``reviewdesk.domain.workflow.decide`` judge and compute the new state. Conflicts and rejections are
stored like applied decisions, so a repeat gets the same answer forever.

A base that matches the record exactly means the reviewer saw the current state: the workflow rules
alone decide (``applied`` or ``rejected``). A base that differs is a conflict, classified in API.md's
order: ``withdrawn`` → ``resubmitted`` → ``superseded`` → ``stale``.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, SubmitStatus, Tier
from reviewdesk.server.commands import APPLIED, CommandBatch, Verdict
from reviewdesk.server.errors import NOT_FOUND_MESSAGE
from reviewdesk.server.feed import Visibility
from reviewdesk.server.models import Decision, Record
from reviewdesk.server.records import apply_state, review_state
from reviewdesk.server.schemas import DecisionBase, DecisionIn

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


class DecisionCommands(CommandBatch[DecisionIn, str]):
    """Decisions, stored in ``decisions`` by ``decision_id``, each on the record it names."""

    table = Decision.__table__
    key_column = id_field = "decision_id"
    subject_column = "record_id"
    audit_action = "decision"
    review_only = True

    def targets(self, items: Sequence[DecisionIn]) -> list[int | None]:
        return [item.record_id for item in items]

    def judge(self, key: str, item: DecisionIn, record: Record | None) -> Verdict:
        verdict = self._verdict(key, item, record)
        self.buffer(
            self.table,
            {
                "decision_id": key,
                "record_id": item.record_id,
                "user_id": self.caller.user_id,
                "outcome": item.outcome.value,
                "remark": item.remark,
                "decided_at": item.decided_at,
                "base": item.base.model_dump(),
                "device_id": self.caller.device_id,
                "created_at": self.at,
                "status": verdict.status,
                "reason": verdict.reason,
                "message": verdict.message,
            },
        )
        detail = {
            "decision_id": key,
            "outcome": item.outcome.value,
            "status": verdict.status,
            "reason": verdict.reason,
            "version": record.version if record else None,
        }
        self.audit(item.record_id, detail)
        return verdict

    def _verdict(self, decision_id: str, item: DecisionIn, record: Record | None) -> Verdict:
        """The rule: scope, then the base, then the workflow; applied changes the record in place."""
        if record is None:
            return Verdict("rejected", "not_found", NOT_FOUND_MESSAGE)
        if conflict := classify_conflict(record, item.base, self.caller.tier):
            return Verdict("conflict", conflict, CONFLICT_MESSAGES[conflict])
        try:
            state = workflow.decide(review_state(record), self.caller.tier, item.outcome, item.remark)
        except workflow.WorkflowError as error:
            return Verdict("rejected", error.code, error.reason)
        before = Visibility.of(record)
        apply_state(record, state)
        self.record_changed(
            record,
            before,
            HistoryAction.DECIDED,
            outcome=item.outcome,
            remark=item.remark,
            decision_id=decision_id,
        )
        return APPLIED
