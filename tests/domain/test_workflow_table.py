"""Table-driven tests of the review workflow: every reachable state × tier × action.

The reachable states are enumerated by applying every transition the module allows, starting from a
fresh registration, for the three chain shapes (单位→区县→市州→省级, 单位→市州→省级, 单位→省级). For each
state, each tier (also tiers outside the chain) and each action, the expectation comes from
:func:`expected`, an oracle written here from the rules in DOMAIN.md / seed 000 §2.4–2.5 — not from the
implementation — over a plain model of the state. A handful of hand-written stories pin the rules a
reviewer would quote, and the Chinese reasons are pinned to the letter.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from reviewdesk.domain import workflow as wf
from reviewdesk.domain.enums import Outcome, ReviewStatus, SubmitStatus, Tier
from reviewdesk.domain.workflow import FULL_CHAIN, ReviewState, WorkflowError

CHAINS: dict[str, tuple[Tier, ...]] = {
    "full": FULL_CHAIN,
    "unit-city-province": (Tier.UNIT, Tier.CITY, Tier.PROVINCE),
    "unit-province": (Tier.UNIT, Tier.PROVINCE),
}

# -- the rules, written out independently ------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """A plain picture of a registration: submitted?, 审核状态 per reached tier, who holds it."""

    submitted: bool
    statuses: tuple[tuple[str, str], ...]  # (tier code, status code), lowest tier first
    at: str | None
    chain: tuple[str, ...]

    @classmethod
    def of(cls, state: ReviewState) -> Model:
        order = [t.value for t in Tier]
        return cls(
            submitted=state.submit_status is SubmitStatus.SUBMITTED,
            statuses=tuple(
                sorted(
                    ((t.value, s.value) for t, s in state.statuses.items()), key=lambda p: order.index(p[0])
                )
            ),
            at=state.at_tier.value if state.at_tier else None,
            chain=tuple(t.value for t in state.chain),
        )

    def status(self, tier: str) -> str | None:
        return dict(self.statuses).get(tier)

    def with_status(self, tier: str, status: str) -> tuple[tuple[str, str], ...]:
        order = [t.value for t in Tier]
        merged = dict(self.statuses) | {tier: status}
        return tuple(sorted(merged.items(), key=lambda p: order.index(p[0])))


Expectation = Model | str  # the state after the action, or the exact reason it is refused

RANK = {"unit": 0, "county": 1, "city": 2, "province": 3}


def refusal_to_act(m: Model, tier: str) -> str | None:
    """Why ``tier`` may not act on the record, most final reason first; None if it may."""
    if tier not in m.chain:
        return "该考生的报名不经过本级审核"
    if "rejected" in dict(m.statuses).values():  # 审核不通过 is final at every tier
        return "该考生已审核不通过，审核不通过为最终结果，任何一级都不能再审核"
    if m.status(tier) is None:  # a tier acts only on what the tier below reported to it
        return "下级尚未上报该考生的材料，本级不能审核"
    if m.status("province") == "passed":  # 省级 审核通过 ends review
        return "省级已审核通过，审核已结束"
    if not m.submitted:  # only a submitted registration is reviewable
        return "考生尚未提交报名，不能审核"
    assert m.at is not None
    if RANK[m.at] > RANK[tier]:  # reported up: the lower tier is locked
        return "已材料上报至上级，本级已锁定，不能再修改"
    assert m.at == tier
    return None


def expected_decide(m: Model, tier: str, outcome: Outcome, remark: str) -> Expectation:
    refusal = refusal_to_act(m, tier)
    if refusal:
        return refusal
    if outcome is not Outcome.PASS and not remark.strip():
        return "请填写审核备注：除审核通过外，其他审核结果必须填写备注"
    statuses = m.with_status(tier, outcome.value)
    if outcome is Outcome.RETURN:  # back to the candidate: 提交状态 → 未提交
        return Model(False, statuses, None, m.chain)
    if outcome is Outcome.PASS and tier == m.chain[-1]:  # 省级 审核通过: review over
        return Model(True, statuses, None, m.chain)
    return Model(True, statuses, tier, m.chain)  # 审核通过 below the top, 暂不审核, 审核不通过 stay


def expected_report(m: Model, tier: str) -> Expectation:
    refusal = refusal_to_act(m, tier)
    if refusal:
        return refusal
    if tier == m.chain[-1]:
        return "省级为最高审核层级，审核通过即审核结束，无需材料上报"
    if m.status(tier) != "passed":  # only 审核通过 records go up; 暂不审核 stays
        return "只有本级审核通过的考生才能材料上报"
    superior = m.chain[m.chain.index(tier) + 1]
    return Model(True, m.with_status(superior, "pending"), superior, m.chain)


def expected_submit(m: Model) -> Expectation:
    if "rejected" in dict(m.statuses).values():
        return "报名已审核不通过，不能再次提交"
    if m.submitted:
        return "报名已提交，不能重复提交"
    return Model(True, (("unit", "pending"),), "unit", m.chain)  # (re-)submission restarts at the unit


def expected_withdraw(m: Model) -> Expectation:
    if not m.submitted:
        return "报名尚未提交，无需撤回"
    if m.at != "unit" or m.status("unit") != "pending":
        return "单位已开始审核，不能撤回报名"
    return Model(False, (("unit", "pending"),), None, m.chain)


# -- reachable states ----------------------------------------------------------------------------


def _key(state: ReviewState) -> str:
    return json.dumps(state.to_dict(), sort_keys=True)


def _all_transitions() -> list[tuple[str, Callable[[ReviewState], ReviewState]]]:
    moves: list[tuple[str, Callable[[ReviewState], ReviewState]]] = [
        ("submit", wf.submit),
        ("withdraw", wf.withdraw),
    ]
    for tier in Tier:
        moves.append((f"report_up {tier.value}", lambda s, t=tier: wf.report_up(s, t)))
        for outcome in Outcome:
            moves.append(
                (f"{outcome.value} {tier.value}", lambda s, t=tier, o=outcome: wf.decide(s, t, o, "备注"))
            )
    return moves


def reachable_states(chain: tuple[Tier, ...]) -> list[ReviewState]:
    start = ReviewState(chain=chain)
    seen = {_key(start): start}
    frontier = [start]
    while frontier:
        next_frontier = []
        for state in frontier:
            for _, move in _all_transitions():
                try:
                    after = move(state)
                except WorkflowError:
                    continue
                if _key(after) not in seen:
                    seen[_key(after)] = after
                    next_frontier.append(after)
        frontier = next_frontier
    return list(seen.values())


_REACHABLE = {name: reachable_states(chain) for name, chain in CHAINS.items()}


def _outcome_of(action: Callable[[], ReviewState]) -> Expectation:
    try:
        return Model.of(action())
    except WorkflowError as error:
        assert str(error) == error.reason
        return error.reason


# -- the tables ----------------------------------------------------------------------------------


@pytest.mark.parametrize("chain_name", list(CHAINS))
def test_reachable_states_cover_every_stage(chain_name: str) -> None:
    chain = CHAINS[chain_name]
    models = [Model.of(s) for s in _REACHABLE[chain_name]]
    for tier in chain:
        for status in ReviewStatus:
            assert any(m.status(tier.value) == status.value for m in models), (tier, status)
    assert any(m.status("province") == "passed" and m.at is None for m in models)
    assert all(m.status("unit") is not None for m in models)  # the unit always sees its candidates
    # Every reachable state is consistent: the holder is the highest reached tier.
    for m in models:
        if m.at is not None:
            assert m.statuses[-1][0] == m.at and m.submitted


@pytest.mark.parametrize("remark", ["", "  ", "图片不清晰"])
@pytest.mark.parametrize("outcome", list(Outcome))
@pytest.mark.parametrize("chain_name", list(CHAINS))
def test_decide_table(chain_name: str, outcome: Outcome, remark: str) -> None:
    mismatches = []
    for state in _REACHABLE[chain_name]:
        model = Model.of(state)
        for tier in Tier:
            want = expected_decide(model, tier.value, outcome, remark)
            got = _outcome_of(lambda s=state, t=tier: wf.decide(s, t, outcome, remark))
            if got != want:
                mismatches.append((model, tier.value, want, got))
            # allowed_outcomes and check_decision agree with decide (the remark rule aside).
            allowed = wf.allowed_outcomes(state, tier)[outcome]
            refusal = refusal_to_act(model, tier.value)
            if allowed != refusal:
                mismatches.append((model, tier.value, "allowed_outcomes", refusal, allowed))
    assert not mismatches, mismatches[:5]


@pytest.mark.parametrize("chain_name", list(CHAINS))
def test_report_up_table(chain_name: str) -> None:
    mismatches = []
    for state in _REACHABLE[chain_name]:
        model = Model.of(state)
        for tier in Tier:
            want = expected_report(model, tier.value)
            got = _outcome_of(lambda s=state, t=tier: wf.report_up(s, t))
            if got != want:
                mismatches.append((model, tier.value, want, got))
            if wf.reportable(state, tier) != isinstance(want, Model):
                mismatches.append((model, tier.value, "reportable"))
    assert not mismatches, mismatches[:5]


@pytest.mark.parametrize("chain_name", list(CHAINS))
def test_submit_and_withdraw_table(chain_name: str) -> None:
    mismatches = []
    for state in _REACHABLE[chain_name]:
        model = Model.of(state)
        for name, oracle, action in (
            ("submit", expected_submit, wf.submit),
            ("withdraw", expected_withdraw, wf.withdraw),
        ):
            want = oracle(model)
            got = _outcome_of(lambda s=state, a=action: a(s))
            if got != want:
                mismatches.append((name, model, want, got))
    assert not mismatches, mismatches[:5]


@pytest.mark.parametrize("chain_name", list(CHAINS))
def test_states_round_trip_through_their_json_form(chain_name: str) -> None:
    for state in _REACHABLE[chain_name]:
        again = ReviewState.from_dict(json.loads(json.dumps(state.to_dict())))
        assert again == state
        assert Model.of(again) == Model.of(state)


# -- stories a reviewer would tell ---------------------------------------------------------------


def _passed_to(chain: tuple[Tier, ...], tier: Tier) -> ReviewState:
    """Submitted, then passed and reported by every tier below ``tier``."""
    state = wf.submit(ReviewState(chain=chain))
    for lower in chain[: chain.index(tier)]:
        state = wf.report_up(wf.decide(state, lower, Outcome.PASS, ""), lower)
    return state


def test_a_tier_sees_nothing_the_tier_below_has_not_reported() -> None:
    state = wf.submit(ReviewState())
    assert not state.reached(Tier.COUNTY)
    with pytest.raises(WorkflowError, match="下级尚未上报") as error:
        wf.decide(state, Tier.COUNTY, Outcome.PASS, "")
    assert error.value.code == "not_reached"
    passed = wf.decide(state, Tier.UNIT, Outcome.PASS, "")
    assert not passed.reached(Tier.COUNTY)  # passing alone does not send it up: 材料上报 does
    reported = wf.report_up(passed, Tier.UNIT)
    assert reported.status_at(Tier.COUNTY) is ReviewStatus.PENDING and reported.at_tier is Tier.COUNTY


def test_reporting_locks_the_lower_tier() -> None:
    state = _passed_to(FULL_CHAIN, Tier.COUNTY)
    for outcome in Outcome:
        with pytest.raises(WorkflowError) as error:
            wf.decide(state, Tier.UNIT, outcome, "备注")
        assert error.value.reason == wf.REPORTED_LOCKED


def test_rejection_is_final_everywhere_and_for_the_candidate() -> None:
    state = wf.decide(_passed_to(FULL_CHAIN, Tier.CITY), Tier.CITY, Outcome.REJECT, "工作年限不足")
    for tier in Tier:
        with pytest.raises(WorkflowError) as error:
            wf.decide(state, tier, Outcome.PASS, "")
        assert error.value.reason == (wf.FINAL_REJECTED if tier in FULL_CHAIN else wf.NOT_IN_CHAIN)
    with pytest.raises(WorkflowError, match="不能再次提交"):
        wf.submit(state)


def test_return_goes_back_to_the_candidate_and_resubmission_restarts_at_the_unit() -> None:
    state = wf.decide(_passed_to(FULL_CHAIN, Tier.PROVINCE), Tier.PROVINCE, Outcome.RETURN, "图片不清晰")
    assert state.submit_status is SubmitStatus.NOT_SUBMITTED and state.at_tier is None
    assert state.status_at(Tier.PROVINCE) is ReviewStatus.RETURNED
    with pytest.raises(WorkflowError, match="尚未提交"):
        wf.decide(state, Tier.PROVINCE, Outcome.PASS, "")
    again = wf.submit(state)
    assert dict(again.statuses) == {Tier.UNIT: ReviewStatus.PENDING} and again.at_tier is Tier.UNIT


def test_hold_stays_and_cannot_be_reported_but_can_be_changed() -> None:
    held = wf.decide(wf.submit(ReviewState()), Tier.UNIT, Outcome.HOLD, "待核实工作年限")
    assert held.at_tier is Tier.UNIT and not wf.reportable(held, Tier.UNIT)
    with pytest.raises(WorkflowError, match="只有本级审核通过"):
        wf.report_up(held, Tier.UNIT)
    assert wf.decide(held, Tier.UNIT, Outcome.PASS, "").status_at(Tier.UNIT) is ReviewStatus.PASSED


@pytest.mark.parametrize("chain_name", list(CHAINS))
def test_province_pass_ends_review_and_opens_payment(chain_name: str) -> None:
    chain = CHAINS[chain_name]
    state = wf.decide(_passed_to(chain, Tier.PROVINCE), Tier.PROVINCE, Outcome.PASS, "")
    assert state.review_ended and state.payment_open and state.at_tier is None
    with pytest.raises(WorkflowError, match="审核已结束"):
        wf.decide(state, Tier.PROVINCE, Outcome.HOLD, "再看看")


@pytest.mark.parametrize("outcome", [Outcome.HOLD, Outcome.RETURN, Outcome.REJECT])
def test_every_outcome_but_pass_needs_a_remark(outcome: Outcome) -> None:
    state = wf.submit(ReviewState())
    with pytest.raises(WorkflowError) as error:
        wf.decide(state, Tier.UNIT, outcome, " \n\t")
    assert error.value.reason == wf.REMARK_REQUIRED and error.value.code == "remark_required"
    assert wf.decide(state, Tier.UNIT, Outcome.PASS, "").status_at(Tier.UNIT) is ReviewStatus.PASSED


PINNED_REASONS = [
    ("NOT_SUBMITTED", "考生尚未提交报名，不能审核"),
    ("NOT_IN_CHAIN", "该考生的报名不经过本级审核"),
    ("NOT_REACHED", "下级尚未上报该考生的材料，本级不能审核"),
    ("FINAL_REJECTED", "该考生已审核不通过，审核不通过为最终结果，任何一级都不能再审核"),
    ("REPORTED_LOCKED", "已材料上报至上级，本级已锁定，不能再修改"),
    ("REVIEW_ENDED", "省级已审核通过，审核已结束"),
    ("REMARK_REQUIRED", "请填写审核备注：除审核通过外，其他审核结果必须填写备注"),
    ("REPORT_NOT_PASSED", "只有本级审核通过的考生才能材料上报"),
    ("REPORT_AT_TOP", "省级为最高审核层级，审核通过即审核结束，无需材料上报"),
    ("ALREADY_SUBMITTED", "报名已提交，不能重复提交"),
    ("SUBMIT_REJECTED", "报名已审核不通过，不能再次提交"),
    ("WITHDRAW_NOT_SUBMITTED", "报名尚未提交，无需撤回"),
    ("WITHDRAW_DECIDED", "单位已开始审核，不能撤回报名"),
]


@pytest.mark.parametrize(("name", "text"), PINNED_REASONS)
def test_reasons_are_pinned_in_chinese(name: str, text: str) -> None:
    """The oracle above spells the reasons out; here each module constant is pinned to that text."""
    assert getattr(wf, name) == text


def test_invalid_chains_are_refused() -> None:
    for chain in [(), (Tier.COUNTY, Tier.PROVINCE), (Tier.UNIT, Tier.PROVINCE, Tier.CITY)]:
        with pytest.raises(ValueError):
            ReviewState(chain=chain)
