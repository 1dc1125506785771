"""信息确认's rules (seed 001 §4.2.2) as the domain states them: what a candidate may answer and when, each
refusal compared whole (the Chinese reason and its stable code), the note kept as the unit will read it."""

from __future__ import annotations

import pytest

from reviewdesk.domain import confirmation as cf
from reviewdesk.domain.enums import ConfirmationStatus as CS
from reviewdesk.domain.enums import SubmitStatus as SS
from reviewdesk.domain.workflow import WorkflowError


@pytest.mark.parametrize("current", list(CS), ids=[s.value for s in CS])
def test_confirming_an_open_registration_confirms_it_from_any_status(current: CS) -> None:
    assert cf.confirm(current, SS.NOT_SUBMITTED) is CS.CONFIRMED
    assert cf.confirm(current, SS.NOT_SUBMITTED, entered=True) is CS.CONFIRMED


def refusal(call) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowError) as caught:
        call()
    return str(caught.value), caught.value.code


def test_after_submission_neither_answer_is_taken_even_with_nothing_entered() -> None:
    submitted = ("报名已提交，信息确认已结束；如需修改请等待审核退回", "already_submitted")
    assert refusal(lambda: cf.confirm(CS.PENDING, SS.SUBMITTED)) == submitted
    assert refusal(lambda: cf.confirm(CS.PENDING, SS.SUBMITTED, entered=False)) == submitted
    assert refusal(lambda: cf.report_wrong(CS.PENDING, SS.SUBMITTED, "姓名错了")) == submitted
    assert refusal(lambda: cf.report_wrong(CS.PENDING, SS.SUBMITTED, "")) == submitted


def test_before_the_unit_entered_anything_there_is_nothing_to_answer() -> None:
    nothing = ("单位尚未填报您的信息，请将证书及证明材料扫描件送至工作单位填报", "nothing_entered")
    assert refusal(lambda: cf.confirm(CS.PENDING, SS.NOT_SUBMITTED, entered=False)) == nothing
    assert (
        refusal(lambda: cf.report_wrong(CS.PENDING, SS.NOT_SUBMITTED, "姓名错了", entered=False)) == nothing
    )


def test_an_objection_keeps_its_note_trimmed_and_needs_one() -> None:
    assert cf.report_wrong(CS.CONFIRMED, SS.NOT_SUBMITTED, "  学历证书照片是别人的\n") == (
        CS.DISPUTED,
        "学历证书照片是别人的",
    )
    required = ("请填写信息有误的具体内容，以便单位修改", "note_required")
    assert refusal(lambda: cf.report_wrong(CS.PENDING, SS.NOT_SUBMITTED, "")) == required
    assert refusal(lambda: cf.report_wrong(CS.PENDING, SS.NOT_SUBMITTED, " \n\t ")) == required


def test_a_note_of_500_characters_is_kept_whole_and_501_is_refused_not_cut() -> None:
    assert cf.report_wrong(CS.PENDING, SS.NOT_SUBMITTED, "错" * 500) == (CS.DISPUTED, "错" * 500)
    assert cf.report_wrong(CS.PENDING, SS.NOT_SUBMITTED, " " + "错" * 500 + " ") == (CS.DISPUTED, "错" * 500)
    assert refusal(lambda: cf.report_wrong(CS.PENDING, SS.NOT_SUBMITTED, "错" * 501)) == (
        "说明不能超过500字",
        "note_too_long",
    )


@pytest.mark.parametrize("current", list(CS), ids=[s.value for s in CS])
def test_a_change_by_the_unit_asks_the_candidate_to_look_again(current: CS) -> None:
    assert cf.after_unit_change(current) is CS.PENDING
