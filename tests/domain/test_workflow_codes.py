"""Every refusal of the workflow with both its words and its code: the Chinese reason a reviewer reads and
the stable English code the server puts in a 冲突/被拒绝 answer (``reason``) and clients act on. The table
test pins the reasons; mutation testing showed the codes were never looked at (a code dropped or changed
passed every domain test). Written from DOMAIN.md's rules, one hand-made state per row."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewdesk.domain import workflow as wf
from reviewdesk.domain.enums import Outcome, ReviewStatus, SubmitStatus, Tier, VerifyStatus
from reviewdesk.domain.workflow import ReviewState, WorkflowError

U, C, Ci, P = Tier.UNIT, Tier.COUNTY, Tier.CITY, Tier.PROVINCE
PENDING, PASSED, REJECTED = ReviewStatus.PENDING, ReviewStatus.PASSED, ReviewStatus.REJECTED


def state(statuses: dict[Tier, ReviewStatus], at: Tier | None, submitted: bool = True, chain=wf.FULL_CHAIN):
    status = SubmitStatus.SUBMITTED if submitted else SubmitStatus.NOT_SUBMITTED
    return ReviewState(submit_status=status, statuses=statuses, at_tier=at, chain=chain)


AT_UNIT = state({U: PENDING}, U)
PASSED_AT_UNIT = state({U: PASSED}, U)
AT_COUNTY = state({U: PASSED, C: PENDING}, C)
ENDED = state({U: PASSED, C: PASSED, Ci: PASSED, P: PASSED}, None)
AT_PROVINCE = state({U: PASSED, C: PASSED, Ci: PASSED, P: PENDING}, P)

CASES: list[tuple[str, Callable[[], object], str, str]] = [
    ("county not in a unit-province chain", lambda: wf.check_can_act(state({U: PENDING}, U, chain=(U, P)), C),
     wf.NOT_IN_CHAIN, "not_in_chain"),
    ("rejected at the unit", lambda: wf.check_can_act(state({U: REJECTED}, U), U),
     wf.FINAL_REJECTED, "final_rejected"),
    ("county before the report", lambda: wf.check_can_act(AT_UNIT, C), wf.NOT_REACHED, "not_reached"),
    ("after the province passed", lambda: wf.check_can_act(ENDED, P), wf.REVIEW_ENDED, "review_ended"),
    ("returned to the candidate", lambda: wf.check_can_act(state({U: ReviewStatus.RETURNED}, None, False), U),
     wf.NOT_SUBMITTED, "not_submitted"),
    # either half alone is enough: submitted but held by nobody, or held but not submitted
    ("submitted, held by nobody", lambda: wf.check_can_act(state({U: PENDING}, None, True), U),
     wf.NOT_SUBMITTED, "not_submitted"),
    ("held by the unit, not submitted", lambda: wf.check_can_act(state({U: PENDING}, U, False), U),
     wf.NOT_SUBMITTED, "not_submitted"),
    ("unit after its report", lambda: wf.check_can_act(AT_COUNTY, U), wf.REPORTED_LOCKED, "reported_locked"),
    ("hold without a remark", lambda: wf.check_decision(AT_UNIT, U, Outcome.HOLD, "  "),
     wf.REMARK_REQUIRED, "remark_required"),
    ("verify failed without a remark", lambda: wf.check_verification(AT_UNIT, U, VerifyStatus.FAILED, " "),
     wf.VERIFY_REMARK_REQUIRED, "remark_required"),
    ("verify by a tier not holding it", lambda: wf.check_verification(AT_COUNTY, U, VerifyStatus.VERIFIED, ""),
     wf.REPORTED_LOCKED, "reported_locked"),
    ("report from the province", lambda: wf.check_report(AT_PROVINCE, P), wf.REPORT_AT_TOP, "report_at_top"),
    ("report before passing", lambda: wf.check_report(AT_UNIT, U), wf.REPORT_NOT_PASSED, "report_not_passed"),
    ("submit after a rejection", lambda: wf.submit(state({U: REJECTED}, None, False)),
     wf.SUBMIT_REJECTED, "final_rejected"),
    ("submit twice", lambda: wf.submit(AT_UNIT), wf.ALREADY_SUBMITTED, "already_submitted"),
    ("withdraw before submitting", lambda: wf.withdraw(state({U: PENDING}, None, False)),
     wf.WITHDRAW_NOT_SUBMITTED, "not_submitted"),
    ("withdraw after the unit decided", lambda: wf.withdraw(PASSED_AT_UNIT), wf.WITHDRAW_DECIDED, "already_decided"),
]  # fmt: skip


@pytest.mark.parametrize(("act", "reason", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_refusal_has_its_reason_and_its_code(act: Callable[[], object], reason: str, code: str) -> None:
    with pytest.raises(WorkflowError) as raised:
        act()
    assert (raised.value.reason, raised.value.code, str(raised.value)) == (reason, code, reason)


def test_allowed_outcomes_give_the_reason_for_every_outcome() -> None:
    assert wf.allowed_outcomes(AT_COUNTY, U) == dict.fromkeys(Outcome, wf.REPORTED_LOCKED)
    assert wf.allowed_outcomes(AT_UNIT, U) == dict.fromkeys(Outcome)


def test_verification_allowed_where_deciding_is() -> None:
    wf.check_verification(AT_UNIT, U, VerifyStatus.FAILED, "证书编号不符")
    wf.check_verification(AT_UNIT, U, VerifyStatus.VERIFIED, "")
    wf.check_verification(AT_COUNTY, C, VerifyStatus.PENDING, "")


def test_a_state_holds_its_statuses_lowest_tier_first_and_read_only() -> None:
    given = {P: PENDING, U: PASSED, Ci: PASSED, C: PASSED}  # out of order, a plain dict
    held = ReviewState(SubmitStatus.SUBMITTED, given, P)
    assert list(held.statuses) == [U, C, Ci, P]
    assert list(held.to_dict()["statuses"]) == ["unit", "county", "city", "province"]
    with pytest.raises(TypeError):
        held.statuses[U] = REJECTED  # type: ignore[index]
    given[U] = REJECTED
    assert held.statuses[U] is PASSED  # a copy, not the caller's dict


@pytest.mark.parametrize("chain", [(), (C, P), (U, Ci, C)], ids=["empty", "no unit", "out of order"])
def test_a_chain_must_start_at_the_unit_lowest_first(chain: tuple[Tier, ...]) -> None:
    with pytest.raises(ValueError, match="invalid review chain"):
        ReviewState(chain=chain)


def test_a_withdrawal_leaves_the_registration_unsubmitted_and_held_by_nobody() -> None:
    assert wf.withdraw(AT_UNIT) == state({U: PENDING}, None, submitted=False)


@pytest.mark.parametrize(
    ("name", "review", "tier", "expected"),
    [
        ("held by the unit, 待审核", AT_UNIT, U, True),
        ("held by the unit, 审核通过 not yet reported", PASSED_AT_UNIT, U, False),
        ("held by the unit, 暂不审核", state({U: ReviewStatus.ON_HOLD}, U), U, False),
        ("reported to the county: the unit is locked", AT_COUNTY, U, False),
        ("reported to the county: the county's turn", AT_COUNTY, C, True),
        ("the county before the report", AT_UNIT, C, False),
        ("not submitted yet", state({U: PENDING}, None, False), U, False),
        ("returned to the candidate", state({U: ReviewStatus.RETURNED}, None, False), U, False),
        ("review ended at the province", ENDED, P, False),
        ("held by the province, 待审核", AT_PROVINCE, P, True),
    ],
    ids=[
        "unit-pending",
        "unit-passed",
        "unit-on-hold",
        "county-holds-unit-locked",
        "county-holds",
        "county-before-report",
        "not-submitted",
        "returned",
        "ended",
        "province-pending",
    ],
)
def test_awaits_is_the_records_that_wait_for_this_tiers_decision(
    name: str, review: ReviewState, tier: Tier, expected: bool
) -> None:
    """What auto-advance after a decision looks for (DOMAIN.md: the next record to review is one the
    tier holds and has not decided): held by the tier and 待审核, nothing else."""
    assert wf.awaits(review, tier) is expected, name
