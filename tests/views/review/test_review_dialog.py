"""The review dialog: 请选择 first, remark rules, forbidden outcomes with their reason, final-reject confirm."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reviewdesk.domain.enums import COMMON_REMARKS, Outcome, ReviewStatus, SubmitStatus, Tier
from reviewdesk.domain.workflow import (
    FINAL_REJECTED,
    REMARK_REQUIRED,
    ReviewState,
    allowed_outcomes,
)
from reviewdesk.views.review.review_dialog import CHOOSE_OUTCOME, PLEASE_CHOOSE, ReviewDialog

OPEN = ReviewState(SubmitStatus.SUBMITTED, {Tier.UNIT: ReviewStatus.PENDING}, Tier.UNIT)


@pytest.fixture
def dialog(qtbot) -> ReviewDialog:
    widget = ReviewDialog("王芳 42010219900307002X", allowed_outcomes(OPEN, Tier.UNIT))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_starts_with_please_choose_and_submit_disabled(dialog: ReviewDialog) -> None:
    assert dialog.form.outcome_box.currentText() == PLEASE_CHOOSE
    assert [dialog.form.outcome_box.itemText(i).split()[0] for i in range(1, 5)] == [
        "审核通过",
        "暂不审核",
        "允许修改",
        "审核不通过",
    ]
    assert dialog.form.remark_edit.placeholderText().startswith("请输入审核备注")
    assert not dialog.submit_button.isEnabled()
    assert dialog.reason_label.text() == CHOOSE_OUTCOME
    assert [b.text() for b in dialog.buttons.buttons()] == ["提交", "取消"]


def test_pass_needs_no_remark_and_enter_submits(qtbot, dialog: ReviewDialog) -> None:
    dialog.form.set_outcome(Outcome.PASS)
    assert dialog.submit_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.form.remark_edit, Qt.Key.Key_Return)
    assert dialog.outcome() is Outcome.PASS and dialog.remark() == ""


def test_other_outcomes_require_a_remark(qtbot, dialog: ReviewDialog) -> None:
    dialog.form.set_outcome(Outcome.RETURN)
    assert not dialog.submit_button.isEnabled()
    assert dialog.reason_label.text() == REMARK_REQUIRED
    assert dialog.submit_button.toolTip() == REMARK_REQUIRED
    qtbot.keyClicks(dialog.form.remark_edit, "  ")
    assert not dialog.submit_button.isEnabled()
    dialog.form.remark_buttons[COMMON_REMARKS.index("图片不清晰")].click()
    dialog.form.remark_buttons[COMMON_REMARKS.index("格式不符")].click()
    dialog.form.remark_buttons[COMMON_REMARKS.index("格式不符")].click()  # once only
    assert dialog.remark() == "图片不清晰；格式不符"
    assert dialog.submit_button.isEnabled() and not dialog.reason_label.isVisible()
    dialog.submit_button.click()
    assert dialog.result() == ReviewDialog.DialogCode.Accepted


def test_shortcuts_choose_outcomes(qtbot, dialog: ReviewDialog) -> None:
    qtbot.keyClick(dialog.form.outcome_box, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert dialog.outcome() is Outcome.HOLD
    qtbot.keyClick(dialog.form.remark_edit, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert dialog.outcome() is Outcome.PASS


def test_reject_asks_for_confirmation(qtbot, dialog: ReviewDialog, monkeypatch) -> None:
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.form.set_outcome(Outcome.REJECT)
    dialog.form.set_remark("工作年限不足")
    dialog.submit_button.click()
    assert asked == ["确认审核不通过"] and dialog.isVisible()  # "No" keeps the dialog open
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit_button.click()
    assert dialog.outcome() is Outcome.REJECT and dialog.remark() == "工作年限不足"


def test_forbidden_outcomes_are_disabled_with_the_reason(qtbot) -> None:
    rejected = ReviewState(SubmitStatus.SUBMITTED, {Tier.UNIT: ReviewStatus.REJECTED}, Tier.UNIT)
    dialog = ReviewDialog("李四", allowed_outcomes(rejected, Tier.UNIT), initial=Outcome.PASS)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.form.outcome_box.model()
    for row in range(1, 5):
        assert not model.item(row).isEnabled()
        assert FINAL_REJECTED in model.item(row).toolTip()
        assert "不可选" in model.item(row).text()
    assert dialog.outcome() is None  # the initial choice was refused
    assert FINAL_REJECTED in dialog.form.forbidden_label.text()
    assert dialog.form.forbidden_label.isVisible()
    assert not dialog.submit_button.isEnabled()
    assert FINAL_REJECTED in dialog.submit_button.toolTip()


def test_one_forbidden_outcome_is_named(qtbot) -> None:
    allowed = dict.fromkeys(Outcome)
    allowed[Outcome.REJECT] = "示例原因"
    dialog = ReviewDialog("张三", allowed)
    qtbot.addWidget(dialog)
    assert not dialog.form.set_outcome(Outcome.REJECT)
    assert dialog.form.set_outcome(Outcome.HOLD)
    assert dialog.form.forbidden_label.text() == "审核不通过不可选：示例原因"


def test_the_remarks_the_flags_point_to_are_offered_not_chosen(qtbot) -> None:
    from reviewdesk.domain.precheck import suggested_remarks
    from reviewdesk.views.review.review_dialog import SUGGESTED_STYLE

    flags = [
        {"code": "scan_blurred", "kind": "scan", "severity": "warn", "message": "图片不清晰（模糊）"},
        {"code": "years_short", "kind": "eligibility", "severity": "warn", "message": "工作年限不足：…"},
        {"code": "scan_reused", "kind": "reused", "severity": "alert", "message": "…"},
    ]
    suggested = suggested_remarks(flags)
    assert suggested == ["工作年限不足", "图片不清晰"]  # COMMON_REMARKS' order; a reuse has no ready remark
    dialog = ReviewDialog("王芳", allowed_outcomes(OPEN, Tier.UNIT), suggested=suggested)
    qtbot.addWidget(dialog)
    marked = [b.text() for b in dialog.form.remark_buttons if b.styleSheet() == SUGGESTED_STYLE]
    assert marked == ["工作年限不足", "图片不清晰"]
    assert dialog.form.suggestion_label.text() == "预审提示建议（请自行判断）：工作年限不足、图片不清晰"
    assert dialog.remark() == "" and dialog.outcome() is None  # nothing chosen for the reviewer
    plain = ReviewDialog("李四", allowed_outcomes(OPEN, Tier.UNIT))
    qtbot.addWidget(plain)
    assert not plain.form.suggestion_label.text()
    assert not [b for b in plain.form.remark_buttons if b.styleSheet()]
