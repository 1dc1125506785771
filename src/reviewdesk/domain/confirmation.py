"""信息确认 (seed 001 §4.2.2) as pure rules: what the candidate may answer, and what a unit's change does.

The unit enters the candidate's information (单位填报); the candidate then checks it and answers
信息无误 (confirmed) or 信息有误 with a note saying what is wrong, which the unit's staff read on the
candidate in the workstation; after the unit corrects it the candidate checks again. So:

* the candidate may confirm or object while the registration is not submitted (after submission the
  review of seed 000 has the record; 允许修改 makes it not submitted again, and the loop reopens);
* an objection needs its note (the unit cannot guess what is wrong);
* a change by the unit to what the candidate confirmed or objected to sends it back to 待确认
  (:func:`after_unit_change`): the candidate confirmed other data than what is there now.

Both sides import this: the server's ``confirmation`` module applies it, the candidate's pages and the
workstation show the same Chinese reasons.
"""

from __future__ import annotations

from reviewdesk.domain.enums import ConfirmationStatus, SubmitStatus
from reviewdesk.domain.workflow import WorkflowError

#: A note longer than this is refused rather than cut (the unit must read all of it).
MAX_NOTE = 500

CONFIRM_SUBMITTED = "报名已提交，信息确认已结束；如需修改请等待审核退回"
NOTE_REQUIRED = "请填写信息有误的具体内容，以便单位修改"
NOTE_TOO_LONG = f"说明不能超过{MAX_NOTE}字"
NOTHING_ENTERED = "单位尚未填报您的信息，请将证书及证明材料扫描件送至工作单位填报"


def confirm(
    current: ConfirmationStatus, submit_status: SubmitStatus, *, entered: bool = True
) -> ConfirmationStatus:
    """信息无误: the new status (confirming twice is allowed and changes nothing)."""
    _check_open(submit_status, entered)
    return ConfirmationStatus.CONFIRMED


def report_wrong(
    current: ConfirmationStatus, submit_status: SubmitStatus, note: str, *, entered: bool = True
) -> tuple[ConfirmationStatus, str]:
    """信息有误 with what is wrong: the new status and the note as it is kept (trimmed)."""
    _check_open(submit_status, entered)
    text = note.strip()
    if not text:
        raise WorkflowError(NOTE_REQUIRED, "note_required")
    if len(text) > MAX_NOTE:
        raise WorkflowError(NOTE_TOO_LONG, "note_too_long")
    return ConfirmationStatus.DISPUTED, text


def after_unit_change(current: ConfirmationStatus) -> ConfirmationStatus:
    """What a change by the unit (基础信息 or a material) leaves: the candidate must look again unless
    they had not looked yet. A 信息有误 note stays with the record until the candidate answers again."""
    return ConfirmationStatus.PENDING


def _check_open(submit_status: SubmitStatus, entered: bool) -> None:
    if submit_status is SubmitStatus.SUBMITTED:
        raise WorkflowError(CONFIRM_SUBMITTED, "already_submitted")
    if not entered:
        raise WorkflowError(NOTHING_ENTERED, "nothing_entered")
