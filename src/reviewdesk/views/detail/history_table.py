"""The 审核进度 tab of the 审核详情: every review step of the record, oldest first, in 北京时间.

Actions and results are codes in the store; they become words here (``code_label``,
``history_result_text``), and a step not yet uploaded says so. Every column fits its contents except
审核备注, which takes the rest of the width and wraps: a 391-character remark was cut to
"学历证书照片…" with no way to read it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import HistoryAction, Tier
from reviewdesk.views.common.i18n import code_label, translate, translate_noop
from reviewdesk.views.common.workflow_texts import history_result_text

CONTEXT = "DetailPane"
HISTORY_TAB = translate_noop(CONTEXT, "审核进度")
NO_HISTORY = translate_noop(CONTEXT, "暂无审核记录")
HISTORY_HEADERS = (
    translate_noop(CONTEXT, "时间"),
    translate_noop(CONTEXT, "层级"),
    translate_noop(CONTEXT, "机构"),
    translate_noop(CONTEXT, "审核人"),
    translate_noop(CONTEXT, "操作"),
    translate_noop(CONTEXT, "结果"),
    translate_noop(CONTEXT, "备注"),
)


def unsynced(title: str) -> str:
    """``title`` marked as not yet uploaded (a tab, a history entry)."""
    return translate(CONTEXT, "{title}（未同步）").format(title=title)


class HistoryTable(QTableWidget):
    """The record's history as rows; says 暂无审核记录 when there is none (an empty table reads like a
    failure to load, e.g. for a record 未提交)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HISTORY_HEADERS), parent)
        self.setObjectName("history")
        self.setAccessibleName(translate(CONTEXT, HISTORY_TAB))
        self.setHorizontalHeaderLabels([translate(CONTEXT, header) for header in HISTORY_HEADERS])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setSectionResizeMode(len(HISTORY_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.no_history = QLabel(translate(CONTEXT, NO_HISTORY), self.viewport())
        self.no_history.setObjectName("no_history")
        self.no_history.move(12, 12)
        self.no_history.adjustSize()

    def fill(self, record: Any) -> None:
        self.clearContents()
        self.setRowCount(len(record.history))
        self.no_history.setVisible(not record.history)
        for r, entry in enumerate(record.history):
            action = code_label(entry.get("action"), HistoryAction)
            outcome = history_result_text(entry.get("action"), entry.get("outcome"))
            if entry.get("pending"):
                action = unsynced(action)
            values = (
                beijing.text(entry.get("at")),
                code_label(entry.get("tier"), Tier),
                entry.get("org_name") or "",
                entry.get("actor") or "",
                action,
                outcome,
                entry.get("remark") or "",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c == len(values) - 1 and value:
                    item.setToolTip(str(value))  # a long 审核备注: wrapped below, and whole on hover
                if entry.get("pending"):
                    item.setForeground(Qt.GlobalColor.darkYellow)
                self.setItem(r, c, item)
        for column in range(self.columnCount() - 1):
            self.resizeColumnToContents(column)
        self.resizeRowsToContents()
