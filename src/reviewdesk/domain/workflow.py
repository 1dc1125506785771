"""The review workflow as a pure state machine over the four tiers (seed 000 §2.4–2.5).

Both sides import this module: the server to decide what it applies, the desktop to refuse offline
exactly what the server would refuse online, with the same Chinese reason. Nothing here does I/O.

The state of one registration:

* ``submit_status`` — 已提交 / 未提交. Only a submitted registration is reviewable.
* ``statuses`` — the 审核状态 at each tier the registration has *reached* in its current submission
  cycle. The unit has always been reached (its list shows every candidate of the unit, submitted or
  not, as 待审核). A higher tier is reached only when the tier below reports the record up (材料上报):
  nothing reaches a tier that the tier below has not reported, and a tier sees only what it reached.
* ``at_tier`` — the tier holding the record now; ``None`` while the candidate has it (not yet
  submitted, or returned by 允许修改) and once review has ended (省级 审核通过).
* ``chain`` — the tiers this record's unit reports through, lowest first. Usually 单位→区县→市州→省级,
  but a unit directly under a city or the province skips the tiers it does not have.

Transitions: :func:`submit` (candidate, also re-submission after 允许修改), :func:`withdraw`
(candidate, before the unit decided), :func:`decide` (a tier sets one of the four outcomes) and
:func:`report_up` (材料上报 of one 审核通过 record to the superior tier). Each refusal is a
:class:`WorkflowError` whose message says why, in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from reviewdesk.domain.enums import Outcome, ReviewStatus, SubmitStatus, Tier, VerifyStatus

FULL_CHAIN: tuple[Tier, ...] = (Tier.UNIT, Tier.COUNTY, Tier.CITY, Tier.PROVINCE)


class WorkflowError(ValueError):
    """A transition the rules forbid. ``str(error)`` is the reason, in Chinese, fit to show a reviewer."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        #: A stable English code for programs (tests, API clients); the reason is for people.
        self.code = code


# Reasons, each said once so the server, the desktop and the tests agree to the letter.
NOT_SUBMITTED = "考生尚未提交报名，不能审核"
NOT_IN_CHAIN = "该考生的报名不经过本级审核"
NOT_REACHED = "下级尚未上报该考生的材料，本级不能审核"
FINAL_REJECTED = "该考生已审核不通过，审核不通过为最终结果，任何一级都不能再审核"
REPORTED_LOCKED = "已材料上报至上级，本级已锁定，不能再修改"
REVIEW_ENDED = "省级已审核通过，审核已结束"
REMARK_REQUIRED = "请填写审核备注：除审核通过外，其他审核结果必须填写备注"
REPORT_NOT_PASSED = "只有本级审核通过的考生才能材料上报"
REPORT_AT_TOP = "省级为最高审核层级，审核通过即审核结束，无需材料上报"
ALREADY_SUBMITTED = "报名已提交，不能重复提交"
SUBMIT_REJECTED = "报名已审核不通过，不能再次提交"
WITHDRAW_NOT_SUBMITTED = "报名尚未提交，无需撤回"
WITHDRAW_DECIDED = "单位已开始审核，不能撤回报名"
VERIFY_REMARK_REQUIRED = "请填写核验备注：核验不通过必须填写备注"


def _frozen(statuses: Mapping[Tier, ReviewStatus]) -> Mapping[Tier, ReviewStatus]:
    return MappingProxyType(dict(sorted(statuses.items(), key=lambda kv: kv[0].rank)))


@dataclass(frozen=True)
class ReviewState:
    """Where one registration stands in the chain of review. Immutable: transitions return a new one."""

    submit_status: SubmitStatus = SubmitStatus.NOT_SUBMITTED
    statuses: Mapping[Tier, ReviewStatus] = field(
        default_factory=lambda: _frozen({Tier.UNIT: ReviewStatus.PENDING})
    )
    at_tier: Tier | None = None
    chain: tuple[Tier, ...] = FULL_CHAIN

    def __post_init__(self) -> None:
        if not isinstance(self.statuses, MappingProxyType):
            object.__setattr__(self, "statuses", _frozen(self.statuses))
        if (
            not self.chain
            or self.chain[0] is not Tier.UNIT
            or list(self.chain) != sorted(self.chain, key=lambda t: t.rank)
        ):
            raise ValueError(f"invalid review chain {self.chain!r}: it must start at the unit, lowest first")

    # -- derived facts -------------------------------------------------------------------------
    def status_at(self, tier: Tier) -> ReviewStatus | None:
        """The tier's 审核状态, or None where the record has not reached that tier (shown blank)."""
        return self.statuses.get(tier)

    def reached(self, tier: Tier) -> bool:
        """Whether the tier sees this record at all (its scope only holds what was reported to it)."""
        return tier in self.statuses

    @property
    def rejected(self) -> bool:
        return ReviewStatus.REJECTED in self.statuses.values()

    @property
    def review_ended(self) -> bool:
        """省级 审核通过: review is over and payment (缴费) is open."""
        return self.statuses.get(Tier.PROVINCE) is ReviewStatus.PASSED

    payment_open = review_ended

    def superior_of(self, tier: Tier) -> Tier | None:
        """The tier a record passed at ``tier`` is reported to, or None at the top of its chain."""
        index = self.chain.index(tier)
        return self.chain[index + 1] if index + 1 < len(self.chain) else None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, used by the API and both stores."""
        return {
            "submit_status": self.submit_status.value,
            "statuses": {t.value: s.value for t, s in self.statuses.items()},
            "at_tier": self.at_tier.value if self.at_tier else None,
            "chain": [t.value for t in self.chain],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ReviewState:
        statuses = data.get("statuses") or {}
        at_tier = data.get("at_tier")
        chain = data.get("chain") or [t.value for t in FULL_CHAIN]
        assert isinstance(statuses, Mapping) and isinstance(chain, list | tuple)
        return cls(
            submit_status=SubmitStatus(str(data["submit_status"])),
            statuses={Tier(str(t)): ReviewStatus(str(s)) for t, s in statuses.items()},
            at_tier=Tier(str(at_tier)) if at_tier else None,
            chain=tuple(Tier(str(t)) for t in chain),
        )


# -- what a tier may do ------------------------------------------------------------------------
def check_can_act(state: ReviewState, tier: Tier) -> None:
    """Raise unless ``tier`` may act on the record now (decide or verify materials).

    The order of the checks is the order a reviewer would want the reason in: the most final first.
    """
    if tier not in state.chain:
        raise WorkflowError(NOT_IN_CHAIN, "not_in_chain")
    if state.rejected:
        raise WorkflowError(FINAL_REJECTED, "final_rejected")
    if not state.reached(tier):
        raise WorkflowError(NOT_REACHED, "not_reached")
    if state.review_ended:
        raise WorkflowError(REVIEW_ENDED, "review_ended")
    if state.submit_status is not SubmitStatus.SUBMITTED or state.at_tier is None:
        raise WorkflowError(NOT_SUBMITTED, "not_submitted")
    if state.at_tier.rank > tier.rank:
        raise WorkflowError(REPORTED_LOCKED, "reported_locked")
    if state.at_tier is not tier:  # pragma: no cover - a reached tier below at_tier is impossible
        raise WorkflowError(NOT_REACHED, "not_reached")


def check_decision(state: ReviewState, tier: Tier, outcome: Outcome, remark: str) -> None:
    """Raise unless ``tier`` may set ``outcome`` with ``remark`` on the record now."""
    check_can_act(state, tier)
    if outcome is not Outcome.PASS and not remark.strip():
        raise WorkflowError(REMARK_REQUIRED, "remark_required")


def check_verification(state: ReviewState, tier: Tier, status: VerifyStatus, remark: str) -> None:
    """Raise unless ``tier`` may set a material's 核验状态 to ``status`` now: only the tier holding the
    record verifies its materials (like deciding), and 核验不通过 needs a remark."""
    check_can_act(state, tier)
    if status is VerifyStatus.FAILED and not remark.strip():
        raise WorkflowError(VERIFY_REMARK_REQUIRED, "remark_required")


def allowed_outcomes(state: ReviewState, tier: Tier) -> dict[Outcome, str | None]:
    """For each outcome: None if ``tier`` may choose it now, else the reason it may not.

    The remark rule is left out: it depends on what the reviewer is still typing.
    """
    try:
        check_can_act(state, tier)
    except WorkflowError as error:
        return dict.fromkeys(Outcome, error.reason)
    return dict.fromkeys(Outcome)


def awaits(state: ReviewState, tier: Tier) -> bool:
    """Whether the record waits for ``tier``'s decision: it may act on it and has not decided yet (待审核).

    What auto-advance looks for after a decision: a record already decided, reported up or final is
    not the "next one to review", even when it is the next row.
    """
    try:
        check_can_act(state, tier)
    except WorkflowError:
        return False
    return state.status_at(tier) in (None, ReviewStatus.PENDING)


def decide(state: ReviewState, tier: Tier, outcome: Outcome, remark: str) -> ReviewState:
    """The state after ``tier`` sets ``outcome``.

    * 审核通过 stays at the tier until 材料上报; at 省级 it ends review and opens payment.
    * 暂不审核 stays at the tier and cannot be reported.
    * 允许修改 returns the record to the candidate (提交状态 → 未提交) until re-submission.
    * 审核不通过 is final at every tier.
    """
    check_decision(state, tier, outcome, remark)
    statuses = dict(state.statuses)
    statuses[tier] = outcome.status
    if outcome is Outcome.RETURN:
        return replace(state, submit_status=SubmitStatus.NOT_SUBMITTED, statuses=statuses, at_tier=None)
    if outcome is Outcome.PASS and state.superior_of(tier) is None:
        return replace(state, statuses=statuses, at_tier=None)
    return replace(state, statuses=statuses)


def check_report(state: ReviewState, tier: Tier) -> None:
    """Raise unless 材料上报 at ``tier`` would send this record to its superior."""
    check_can_act(state, tier)
    if state.superior_of(tier) is None:
        raise WorkflowError(REPORT_AT_TOP, "report_at_top")
    if state.statuses.get(tier) is not ReviewStatus.PASSED:
        raise WorkflowError(REPORT_NOT_PASSED, "report_not_passed")


def reportable(state: ReviewState, tier: Tier) -> bool:
    """Whether 材料上报 at ``tier`` takes this record along (every 审核通过 record of the tier)."""
    try:
        check_report(state, tier)
    except WorkflowError:
        return False
    return True


def report_up(state: ReviewState, tier: Tier) -> ReviewState:
    """The state after 材料上报 at ``tier``: the superior holds it as 待审核, this tier is locked."""
    check_report(state, tier)
    superior = state.superior_of(tier)
    assert superior is not None
    statuses = dict(state.statuses)
    statuses[superior] = ReviewStatus.PENDING
    return replace(state, statuses=statuses, at_tier=superior)


# -- what the candidate may do -----------------------------------------------------------------
def submit(state: ReviewState) -> ReviewState:
    """Submission, and re-submission after 允许修改: review starts again at the unit."""
    if state.rejected:
        raise WorkflowError(SUBMIT_REJECTED, "final_rejected")
    if state.submit_status is SubmitStatus.SUBMITTED:
        raise WorkflowError(ALREADY_SUBMITTED, "already_submitted")
    return replace(
        state,
        submit_status=SubmitStatus.SUBMITTED,
        statuses={Tier.UNIT: ReviewStatus.PENDING},
        at_tier=Tier.UNIT,
    )


def withdraw(state: ReviewState) -> ReviewState:
    """The candidate takes a submission back, allowed only until the unit has decided on it."""
    if state.submit_status is not SubmitStatus.SUBMITTED:
        raise WorkflowError(WITHDRAW_NOT_SUBMITTED, "not_submitted")
    if state.at_tier is not Tier.UNIT or state.statuses.get(Tier.UNIT) is not ReviewStatus.PENDING:
        raise WorkflowError(WITHDRAW_DECIDED, "already_decided")
    return replace(
        state,
        submit_status=SubmitStatus.NOT_SUBMITTED,
        statuses={Tier.UNIT: ReviewStatus.PENDING},
        at_tier=None,
    )
