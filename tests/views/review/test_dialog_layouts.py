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


def test_view_opens_the_records_review_details_not_the_viewer(qtbot: Any, tmp_path: Path) -> None:
    """查看 (the 操作 column) opens 审核详情 as in the seed (item 8); Space still opens the viewer."""
    from PySide6.QtCore import QPoint, Qt

    from reviewdesk.domain.enums import DataScope
    from reviewdesk.store.filters import RecordFilter
    from reviewdesk.store.testing import filled_store
    from reviewdesk.views.review.window import MainWindow

    ws = filled_store(tmp_path / "ws.sqlite", 12)
    window = MainWindow(ws, None, show_sync_dialog=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL))
    qtbot.waitUntil(lambda: window.model.rowCount() == 12)
    try:
        window.splitter.setSizes([1000, 0])  # the reviewer had folded the detail pane away
        row = 3
        record_id = window.model.id_at(row)
        column = window.model.column_keys().index("action")
        index = window.model.index(row, column)
        assert index.data() == "查看"
        rect = window.table.visualRect(index)
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))
        assert window._viewer is None or not window._viewer.isVisible()
        assert window.current_record_id() == record_id
        assert window.detail.record_id == record_id and window.splitter.sizes()[1] > 0
        assert window.detail.isVisible() and window.detail.tab_titles()[0] == "基础信息"
        window.activateWindow()
        window.table.setFocus()
        qtbot.waitUntil(window.table.hasFocus)
        qtbot.keyClick(window.table, Qt.Key.Key_Space)
        assert window._viewer is not None and window._viewer.isVisible()
    finally:
        window.shutdown()
        ws.close()
