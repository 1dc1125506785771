"""冲突 view: local decisions the server refused or found in conflict, both sides side by side.

Why both sides: "考生已重新提交" alone does not tell the reviewer what to do. Showing what they decided
(and on which version) next to what the server holds now (statuses, who acted last) lets them either
review again (重新审核 → a new decision) or acknowledge (知道了 → ``resolve_conflict``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import HistoryAction, Outcome, ReviewStatus, Tier, VerifyStatus
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.store.actions import DECISION, REPORT, VERIFICATION
from reviewdesk.views.common.i18n import label, translate
from reviewdesk.views.common.workflow_texts import reason_text

CONTEXT = "ConflictsView"
#: How the selected conflict's reason is shown.
PROBLEM_STYLE = "color: #c62828; font-weight: bold;"


def _time(value: str | None) -> str:
    return beijing.text(value)


def status_text(conflict: Any) -> str:
    """冲突 / 被拒绝 in the current language (``ConflictView.status_label`` is the store's Chinese)."""
    if conflict.status == "conflict":
        return translate(CONTEXT, "冲突", "one action's status")  # "Conflict", not the title "Conflicts"
    return translate(CONTEXT, "被拒绝")


def local_description(conflict: Any) -> str:
    """What the reviewer did, in words, in the current language (``ConflictView.local_description``
    says the same in Chinese: the store is Qt-free)."""
    payload = conflict.local.get("payload") or {}
    try:
        if conflict.kind == DECISION:
            text = label(Outcome(payload["outcome"]))
        elif conflict.kind == VERIFICATION:
            text = label(VerifyStatus(payload["status"]))
        elif conflict.kind == REPORT:
            return label(HistoryAction.REPORTED)
        else:
            return conflict.local_description
    except (KeyError, ValueError):  # an action of a newer version: say it as the store does
        return conflict.local_description
    remark = payload.get("remark") or ""
    return (
        translate(CONTEXT, "{action}（备注：{remark}）").format(action=text, remark=remark)
        if remark
        else text
    )


def _server_text(conflict: Any) -> str:
    server = conflict.server
    if not server:
        return translate(CONTEXT, "服务器上已没有此考生（不在本机构范围内或已删除）")
    state = ReviewState.from_dict(server["review"])
    lines = [
        translate(CONTEXT, "姓名：{name}  证件号码：{id_number}").format(
            name=server.get("name", ""), id_number=server.get("id_number", "")
        )
    ]
    for tier in (Tier.PROVINCE, Tier.CITY, Tier.COUNTY, Tier.UNIT):
        status = state.status_at(tier)
        lines.append(
            translate(CONTEXT, "{tier}审核状态：{status}").format(tier=label(tier), status=label(status, "—"))
        )
    history = server.get("history") or []
    if history:
        last = history[-1]
        action = label(HistoryAction(last["action"])) if last.get("action") else ""
        outcome = label(Outcome(last["outcome"])) if last.get("outcome") else ""
        what = (
            f"{_time(last.get('at'))} {last.get('org_name', '')} "
            f"{last.get('actor', '')} {action} {outcome} {last.get('remark') or ''}".strip()
        )
        lines.append(translate(CONTEXT, "最近操作：{what}").format(what=what))
    lines.append(translate(CONTEXT, "版本：{version}").format(version=server.get("version", "")))
    return "\n".join(lines)


def _local_text(conflict: Any) -> str:
    base = conflict.local.get("base") or {}
    lines = [
        translate(CONTEXT, "我的操作：{what}").format(what=local_description(conflict)),
        translate(CONTEXT, "操作时间：{when}").format(when=_time(conflict.local.get("created_at"))),
    ]
    if base:
        lines.append(
            translate(CONTEXT, "当时看到的版本：{version}（提交次数 {submissions}）").format(
                version=base.get("version", ""), submissions=base.get("submission_rev", "")
            )
        )
    return "\n".join(lines)


class ConflictsView(QWidget):
    """``review_requested(record_id)`` asks the window to open the review dialog for that record."""

    review_requested = Signal(int)
    changed = Signal()

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.list = QListWidget(self)
        self.local_label = QLabel("", self)
        self.server_label = QLabel("", self)
        for side in (self.local_label, self.server_label):
            side.setWordWrap(True)
            side.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            side.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            side.setMinimumWidth(260)
        self.message_label = QLabel("", self)
        self.message_label.setWordWrap(True)
        self.review_button = QPushButton(translate(CONTEXT, "重新审核"), self)
        self.ack_button = QPushButton(translate(CONTEXT, "知道了"), self)
        self.review_button.clicked.connect(self._review)
        self.ack_button.clicked.connect(self._acknowledge)
        sides = QHBoxLayout()
        for title, side in (
            (translate(CONTEXT, "本机（我的审核）"), self.local_label),
            (translate(CONTEXT, "服务器（当前状态）"), self.server_label),
        ):
            column = QVBoxLayout()
            heading = QLabel(title, self)
            heading.setStyleSheet("font-weight: bold;")
            column.addWidget(heading)
            column.addWidget(side, 1)
            sides.addLayout(column, 1)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.message_label)
        detail_layout.addLayout(sides, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.ack_button)
        detail_layout.addLayout(buttons)
        # Both sides in a scroll area: the server's side (statuses, the latest action with its remark,
        # the version) is longer than the room a splitter gives it at first, and was cut off.
        detail_scroll = QScrollArea(self)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setWidget(detail)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(detail_scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.detail_area = detail_scroll
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.list.currentRowChanged.connect(self._show)
        self.conflicts: list[Any] = []
        self.refresh()

    def refresh(self) -> None:
        self.conflicts = self.workspace.conflicts()
        row = max(0, self.list.currentRow())
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self.conflicts:
            name = (conflict.server or {}).get("name") or (
                translate(CONTEXT, "考生 {id}").format(id=conflict.record_id) if conflict.record_id else ""
            )
            text = translate(CONTEXT, "[{status}] {name}：{message}").format(
                status=status_text(conflict), name=name, message=reason_text(conflict.message)
            )
            item = QListWidgetItem(text)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.conflicts:
            self.list.setCurrentRow(min(row, len(self.conflicts) - 1))
        self._show(self.list.currentRow())

    def current(self) -> Any:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, _row: int) -> None:
        conflict = self.current()
        self.review_button.setEnabled(bool(conflict and conflict.record_id))
        self.ack_button.setEnabled(conflict is not None)
        # red for a conflict; "nothing to do" is good news, not an error
        self.message_label.setStyleSheet(PROBLEM_STYLE if conflict is not None else "font-weight: bold;")
        if conflict is None:
            self.message_label.setText(translate(CONTEXT, "没有冲突或被拒绝的操作"))
            self.local_label.setText("")
            self.server_label.setText("")
            return
        self.message_label.setText(
            translate(CONTEXT, "{status}：{message}").format(
                status=status_text(conflict), message=reason_text(conflict.message)
            )
        )
        self.local_label.setText(_local_text(conflict))
        self.server_label.setText(_server_text(conflict))

    def _review(self) -> None:
        conflict = self.current()
        if conflict is not None and conflict.record_id:
            self.review_requested.emit(int(conflict.record_id))

    def _acknowledge(self) -> None:
        conflict = self.current()
        if conflict is not None:
            self.workspace.resolve_conflict(conflict.id)
            self.refresh()
            self.changed.emit()


class ConflictsDialog(QDialog):
    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(CONTEXT, "冲突"))
        self.resize(820, 560)
        self.view = ConflictsView(workspace, self)
        # Always a way out: with nothing listed both of the view's buttons are off, and only the
        # window's × closed the dialog.
        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton(
            translate(CONTEXT, "关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.buttons)
        self.view.changed.connect(self._default_button)
        self._default_button()

    def _default_button(self) -> None:
        """With nothing left to handle, Enter closes."""
        self.close_button.setDefault(self.view.current() is None)


__all__ = ["ConflictsDialog", "ConflictsView", "ReviewStatus"]
