"""Dialogs that must always be usable (issue 14 item 13): the empty 冲突 dialog closes with a button;
the review dialog of a record no one may review now shows its reason without a large blank gap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome
from reviewdesk.store.testing import create_store
from reviewdesk.views.review.conflicts import ConflictsDialog
from reviewdesk.views.review.review_dialog import ReviewDialog


def test_the_empty_conflicts_dialog_has_a_close_button(qtbot: Any, tmp_path: Path) -> None:
    ws = create_store(tmp_path / "ws.sqlite")
    try:
        dialog = ConflictsDialog(ws)
        qtbot.addWidget(dialog)
        dialog.show()
        assert not dialog.view.review_button.isEnabled() and not dialog.view.ack_button.isEnabled()
        assert dialog.close_button.isEnabled() and dialog.close_button.isVisible()
        assert dialog.close_button.text() == "关闭" and dialog.close_button.isDefault()
        dialog.close_button.click()
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    finally:
        ws.close()


def test_a_blocked_record_shows_its_reason_without_a_blank_form(qtbot: Any) -> None:
    blocked = ReviewDialog("张三  420102199001011234", dict.fromkeys(Outcome, workflow.REPORTED_LOCKED))
    open_ = ReviewDialog("李四  420102199001015678", dict.fromkeys(Outcome))
    for dialog in (blocked, open_):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
    assert blocked.form.forbidden_label.isVisible()
    assert "已材料上报至上级" in blocked.form.forbidden_label.text()
    assert not blocked.form.remark_edit.isVisible() and not blocked.form.remarks_box.isVisible()
    assert not blocked.form.meaning_label.isVisible()  # no empty row under 请选择
    # the reason sits right under 审核状态, and the buttons right under it
    below_box = blocked.form.forbidden_label.geometry().top() - blocked.form.outcome_box.geometry().bottom()
    assert below_box < 2 * blocked.fontMetrics().height()
    assert blocked.height() < open_.height() // 2
    assert open_.form.remark_edit.isVisible() and open_.form.remarks_box.isVisible()
