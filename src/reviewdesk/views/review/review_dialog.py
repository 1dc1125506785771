"""The review dialog (seed 000 §2.4): 审核状态 + 审核备注, 提交 / 取消.

Why the rules are shown, not just enforced: a reviewer working through hundreds of records needs to
know *why* a choice is unavailable (already reported up, rejected at another tier…) without a round
trip to the server. ``domain.workflow.allowed_outcomes`` gives each outcome's reason; a forbidden
outcome is disabled with its reason in a tooltip and in visible text. 提交 stays disabled with the
reason until the input is complete (a remark is required for everything but 审核通过), and
审核不通过 asks for confirmation because it is final at every tier.

:class:`ReviewForm` is the reusable part (also used by the bulk dialog); :class:`ReviewDialog` wraps
it for one record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import COMMON_REMARKS, Outcome
from reviewdesk.domain.workflow import REMARK_REQUIRED
from reviewdesk.views.common.i18n import label, translate, translate_count, translate_noop
from reviewdesk.views.common.workflow_texts import reason_text

CONTEXT = "ReviewDialog"
#: Source texts; shown through ``translate(CONTEXT, …)`` (the translator is installed after import).
PLEASE_CHOOSE = translate_noop(CONTEXT, "请选择")
REMARK_PLACEHOLDER = translate_noop(CONTEXT, "请输入审核备注")
CHOOSE_OUTCOME = translate_noop(CONTEXT, "请选择审核状态")
#: A usual remark the record's 预审提示 point to: framed, so it is found first (never pre-filled).
SUGGESTED_STYLE = "border: 2px solid #f0a020; font-weight: bold;"
#: Between the usual remarks in 审核备注: the remark is data sent to the server, so always Chinese.
REMARK_SEPARATOR = "；"

#: Keyboard shortcut of each outcome, in the review dialog and in the main window's 审核 menu.
OUTCOME_SHORTCUTS: dict[Outcome, str] = {
    Outcome.PASS: "Ctrl+1",
    Outcome.HOLD: "Ctrl+2",
    Outcome.RETURN: "Ctrl+3",
    Outcome.REJECT: "Ctrl+4",
}

#: What each outcome means (seed 000 §2.4), shown under the choice so the consequence is never a surprise
#: (source texts: :func:`outcome_meaning` translates them).
OUTCOME_MEANINGS: dict[Outcome, str] = {
    Outcome.PASS: translate_noop(CONTEXT, "考生具备申报要求且材料上传合法有效；可材料上报至上级继续审核"),
    Outcome.HOLD: translate_noop(CONTEXT, "有疑问，做标记，延后再审"),
    Outcome.RETURN: translate_noop(CONTEXT, "考生符合要求，但材料填报有误，退回考生修改后重新提交"),
    Outcome.REJECT: translate_noop(
        CONTEXT, "考生不符合申报要求，拒绝审核，且任何一级都无法再重新审核（最终结果）"
    ),
}


def outcome_meaning(outcome: Outcome) -> str:
    return translate(CONTEXT, OUTCOME_MEANINGS[outcome])


def confirm_reject(parent: QWidget, count: int = 1) -> bool:
    """Ask before a final 审核不通过 (tests patch ``QMessageBox.question``)."""
    if count == 1:
        text = translate(
            CONTEXT, "审核不通过为最终结果：提交后该考生不能再被任何一级审核。\n\n确定提交“审核不通过”吗？"
        )
    else:
        text = translate_count(
            CONTEXT,
            "审核不通过为最终结果：提交后这 {count} 名考生不能再被任何一级审核。\n\n确定提交“审核不通过”吗？",
            count,
        ).format(count=count)
    answer = QMessageBox.question(
        parent,
        translate(CONTEXT, "确认审核不通过"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class ReviewForm(QWidget):
    """审核状态 (请选择 + the four outcomes) and 审核备注 with the usual remarks one click away."""

    changed = Signal()

    def __init__(
        self, allowed: Mapping[Outcome, str | None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._allowed: dict[Outcome, str | None] = dict.fromkeys(Outcome)

        self.outcome_box = QComboBox(self)
        self.outcome_box.setAccessibleName(translate(CONTEXT, "审核状态"))
        self.outcome_box.addItem(translate(CONTEXT, PLEASE_CHOOSE), None)
        for outcome in Outcome:
            self.outcome_box.addItem(f"{label(outcome)}    {OUTCOME_SHORTCUTS[outcome]}", outcome)
        self.outcome_box.currentIndexChanged.connect(self._on_changed)

        self.meaning_label = QLabel("", self)
        self.meaning_label.setWordWrap(True)
        self.meaning_label.setStyleSheet("color: palette(mid);")
        self.forbidden_label = QLabel("", self)
        self.forbidden_label.setWordWrap(True)
        self.forbidden_label.setStyleSheet("color: #b3261e;")
        self.forbidden_label.setVisible(False)

        self.remark_edit = QLineEdit(self)
        self.remark_edit.setPlaceholderText(translate(CONTEXT, REMARK_PLACEHOLDER))
        self.remark_edit.setAccessibleName(translate(CONTEXT, "审核备注"))
        self.remark_edit.setClearButtonEnabled(True)
        completer = QCompleter(list(COMMON_REMARKS), self.remark_edit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.remark_edit.setCompleter(completer)
        self.remark_edit.textChanged.connect(self._on_changed)

        self.remarks_box = remarks_box = QGroupBox(translate(CONTEXT, "常用备注（点击添加）"), self)
        grid = QGridLayout(remarks_box)
        grid.setSpacing(4)
        self.remark_buttons: list[QPushButton] = []
        # The usual remarks are what is written into 审核备注 and sent to the server: they stay Chinese.
        for index, remark in enumerate(COMMON_REMARKS):
            button = QPushButton(remark, remarks_box)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setToolTip(translate(CONTEXT, "在审核备注中加入“{remark}”").format(remark=remark))
            button.clicked.connect(lambda _checked=False, text=remark: self.add_remark(text))
            grid.addWidget(button, index // 3, index % 3)
            self.remark_buttons.append(button)

        self.suggested: list[str] = []
        self.suggestion_label = QLabel("", remarks_box)
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setStyleSheet("color: #a35f00;")
        self.suggestion_label.setVisible(False)
        grid.addWidget(self.suggestion_label, grid.rowCount(), 0, 1, 3)

        self._form = form = QFormLayout()
        form.addRow(translate(CONTEXT, "审核状态:"), self.outcome_box)
        form.addRow("", self.meaning_label)
        form.addRow("", self.forbidden_label)
        form.addRow(translate(CONTEXT, "审核备注:"), self.remark_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(remarks_box)

        for outcome, keys in OUTCOME_SHORTCUTS.items():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda o=outcome: self.set_outcome(o))
        self.set_allowed(allowed or dict.fromkeys(Outcome))

    # -- state ----------------------------------------------------------------------------------
    def set_allowed(self, allowed: Mapping[Outcome, str | None]) -> None:
        """Disable the outcomes the rules forbid, with the reason as tooltip and visible text.

        ``allowed`` holds the rules' reasons as they come (Chinese, from the domain); they are shown
        through :func:`reason_text` and kept as they are for :meth:`allowed` and :meth:`blocking_reason`.
        """
        self._allowed = {outcome: allowed.get(outcome) for outcome in Outcome}
        model = self.outcome_box.model()
        assert isinstance(model, QStandardItemModel)
        for row, outcome in enumerate(Outcome, start=1):
            item = model.item(row)
            reason = self._allowed[outcome]
            item.setEnabled(reason is None)
            if reason is None:
                item.setText(f"{label(outcome)}    {OUTCOME_SHORTCUTS[outcome]}")
                item.setToolTip(outcome_meaning(outcome))
            else:
                item.setText(translate(CONTEXT, "{outcome}（不可选）").format(outcome=label(outcome)))
                item.setToolTip(translate(CONTEXT, "不可选：{reason}").format(reason=reason_text(reason)))
        reasons = {reason for reason in self._allowed.values() if reason}
        if len(reasons) == 1 and all(self._allowed.values()):
            text = translate(CONTEXT, "该考生当前不能审核：{reason}").format(
                reason=reason_text(reasons.pop())
            )
        else:
            text = "\n".join(
                translate(CONTEXT, "{outcome}不可选：{reason}").format(
                    outcome=label(outcome), reason=reason_text(reason)
                )
                for outcome, reason in self._allowed.items()
                if reason
            )
        self.forbidden_label.setText(text)
        self._form.setRowVisible(self.forbidden_label, bool(text))
        # A record no one may review now: no remark to write, so no empty form and remark buttons
        # around the one sentence that matters (a large blank gap in the dialog).
        blocked = all(self._allowed.values())
        self._form.setRowVisible(self.remark_edit, not blocked)
        self.remarks_box.setVisible(not blocked)
        current = self.outcome()
        if current is not None and self._allowed[current] is not None:
            self.outcome_box.setCurrentIndex(0)
        self._on_changed()

    def allowed(self) -> dict[Outcome, str | None]:
        return dict(self._allowed)

    def outcome(self) -> Outcome | None:
        value = self.outcome_box.currentData()
        return Outcome(value) if value else None

    def set_outcome(self, outcome: Outcome | None) -> bool:
        """Choose ``outcome`` (False, and nothing changes, when the rules forbid it)."""
        if outcome is not None and self._allowed.get(outcome) is not None:
            return False
        self.outcome_box.setCurrentIndex(0 if outcome is None else list(Outcome).index(outcome) + 1)
        return True

    def remark(self) -> str:
        return self.remark_edit.text().strip()

    def set_remark(self, text: str) -> None:
        self.remark_edit.setText(text)

    def suggest(self, remarks: Sequence[str]) -> None:
        """Mark the usual remarks the record's 预审提示 point to (the reviewer still chooses: nothing is
        filled in)."""
        self.suggested = [r for r in remarks if r in COMMON_REMARKS]
        for button in self.remark_buttons:
            on = button.text() in self.suggested
            button.setStyleSheet(SUGGESTED_STYLE if on else "")
        self.suggestion_label.setText(
            translate(CONTEXT, "预审提示建议（请自行判断）：{remarks}").format(
                remarks=translate(CONTEXT, "、").join(self.suggested)
            )
            if self.suggested
            else ""
        )
        self.suggestion_label.setVisible(bool(self.suggested))

    def add_remark(self, text: str) -> None:
        """Append one of the usual remarks (once), separated by ；."""
        parts = [p for p in self.remark_edit.text().strip().split(REMARK_SEPARATOR) if p.strip()]
        if text not in parts:
            parts.append(text)
        self.remark_edit.setText(REMARK_SEPARATOR.join(parts))
        self.remark_edit.setFocus()

    def blocking_reason(self) -> str | None:
        """Why 提交 is not possible yet (in the current language, for a tooltip or label), or None."""
        outcome = self.outcome()
        if all(self._allowed.values()):
            return self.forbidden_label.text()
        if outcome is None:
            return translate(CONTEXT, CHOOSE_OUTCOME)
        if self._allowed[outcome]:
            return reason_text(self._allowed[outcome])
        if outcome is not Outcome.PASS and not self.remark():
            return reason_text(REMARK_REQUIRED)
        return None

    def _on_changed(self, *_args: object) -> None:
        outcome = self.outcome()
        self.meaning_label.setText(outcome_meaning(outcome) if outcome else "")
        self._form.setRowVisible(self.meaning_label, outcome is not None)  # no empty row under 请选择
        required = outcome is not None and outcome is not Outcome.PASS
        self.remark_edit.setPlaceholderText(
            translate(CONTEXT, "请输入审核备注（必填）")
            if required
            else translate(CONTEXT, REMARK_PLACEHOLDER)
        )
        self.changed.emit()


class ReviewDialog(QDialog):
    """Review one record: ``exec()``; then ``outcome()`` and ``remark()`` hold the decision."""

    def __init__(
        self,
        subject: str,
        allowed: Mapping[Outcome, str | None],
        parent: QWidget | None = None,
        *,
        initial: Outcome | None = None,
        remark: str = "",
        suggested: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(CONTEXT, "材料审核"))
        self.setMinimumWidth(680)
        self.subject_label = QLabel(subject, self)
        self.subject_label.setWordWrap(True)
        self.subject_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = ReviewForm(allowed, self)
        self.form.set_remark(remark)
        self.form.suggest(suggested)
        self.reason_label = QLabel("", self)
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("color: #b3261e;")

        self.buttons = QDialogButtonBox(self)
        self.submit_button = self.buttons.addButton(
            translate(CONTEXT, "提交"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            translate(CONTEXT, "取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.submit_button.setDefault(True)
        self.submit_button.setToolTip(translate(CONTEXT, "提交 (Enter / Ctrl+Enter)"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._submit)

        layout = QVBoxLayout(self)
        layout.addWidget(self.subject_label)
        layout.addWidget(self.form)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._update)
        if initial is not None:
            self.form.set_outcome(initial)
        self._update()
        self.adjustSize()
        # Keyboard flow: a pass needs nothing more (Enter submits); the others need a remark first.
        if self.form.outcome() is None:
            self.form.outcome_box.setFocus()
        elif self.form.outcome() is Outcome.PASS:
            self.submit_button.setFocus()
        else:
            self.form.remark_edit.setFocus()

    def outcome(self) -> Outcome | None:
        return self.form.outcome()

    def remark(self) -> str:
        return self.form.remark()

    def _update(self) -> None:
        reason = self.form.blocking_reason()
        self.submit_button.setEnabled(reason is None)
        self.submit_button.setToolTip(reason or translate(CONTEXT, "提交 (Enter / Ctrl+Enter)"))
        shown = "" if reason is None or reason == self.form.forbidden_label.text() else reason
        self.reason_label.setText(shown)
        self.reason_label.setVisible(bool(shown))

    def _submit(self) -> None:
        if self.form.blocking_reason() is not None:
            return
        if self.outcome() is Outcome.REJECT and not confirm_reject(self):
            return
        self.accept()
