"""核验 with a remark (seed 000 §2.7): 核验状态 + 核验备注 for one material or a batch (批量核验).

The dialog only collects the decision; the 专项信息 page hands it to ``Workspace.verify``, which applies
the same rule as the server (核验不通过 needs a 核验备注). The dialog checks that rule too, so 提交 is
only enabled when the store will accept it.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import COMMON_REMARKS, VerifyStatus
from reviewdesk.domain.workflow import VERIFY_REMARK_REQUIRED
from reviewdesk.views.common.i18n import label, translate, translate_noop

CONTEXT = "VerifyDialog"

#: The same words the store and the server refuse with (one rule, one sentence); the view shows them
#: through ``translate(CONTEXT, REMARK_REQUIRED)``.
REMARK_REQUIRED = translate_noop(CONTEXT, "请填写核验备注：核验不通过必须填写备注")
assert REMARK_REQUIRED == VERIFY_REMARK_REQUIRED, "update the translatable copy of the domain's sentence"


def remark_required() -> str:
    """The "核验不通过 needs a 核验备注" rule in the current language."""
    return translate(CONTEXT, REMARK_REQUIRED)


class VerifyDialog(QDialog):
    """核验状态 + 核验备注 for one or many materials (批量核验), with the scope to apply it to."""

    def __init__(
        self,
        selected: int,
        matching: int,
        parent: QWidget | None = None,
        *,
        status: VerifyStatus | None = None,
        single_title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(single_title or translate(CONTEXT, "批量核验"))
        self.passed = QRadioButton(label(VerifyStatus.VERIFIED), self)
        self.failed = QRadioButton(label(VerifyStatus.FAILED), self)
        statuses = QButtonGroup(self)
        statuses.addButton(self.passed)
        statuses.addButton(self.failed)
        if status is VerifyStatus.FAILED:
            self.failed.setChecked(True)
        elif status is VerifyStatus.VERIFIED:
            self.passed.setChecked(True)
        self.remark = QPlainTextEdit(self)
        self.remark.setPlaceholderText(translate(CONTEXT, "请输入核验备注"))
        self.remark.setAccessibleName(translate(CONTEXT, "核验备注"))
        self.remark.setFixedHeight(72)
        self.common = QComboBox(self)
        self.common.addItem(translate(CONTEXT, "常用备注…"), "")
        for text in COMMON_REMARKS:  # data: the remark is stored and sent in Chinese
            self.common.addItem(text, text)
        self.common.activated.connect(self._use_common)
        self.only_selected = QRadioButton(translate(CONTEXT, "所选的 {n} 条").format(n=selected), self)
        self.all_matching = QRadioButton(translate(CONTEXT, "全部符合条件的 {n} 条").format(n=matching), self)
        scope = QButtonGroup(self)
        scope.addButton(self.only_selected)
        scope.addButton(self.all_matching)
        (self.only_selected if selected else self.all_matching).setChecked(True)
        self.only_selected.setEnabled(selected > 0)
        self.all_matching.setEnabled(matching > 0)
        self.problem = QLabel("", self)
        self.problem.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(CONTEXT, "提交"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate(CONTEXT, "取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        status_row = QHBoxLayout()
        status_row.addWidget(self.passed)
        status_row.addWidget(self.failed)
        status_row.addStretch(1)
        scope_row = QVBoxLayout()
        scope_row.addWidget(self.only_selected)
        scope_row.addWidget(self.all_matching)
        form = QFormLayout()
        form.addRow(translate(CONTEXT, "核验状态:"), status_row)
        form.addRow(translate(CONTEXT, "核验备注:"), self.remark)
        form.addRow("", self.common)
        if not single_title:
            form.addRow(translate(CONTEXT, "范围:"), scope_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.passed.toggled.connect(self._check)
        self.failed.toggled.connect(self._check)
        self.remark.textChanged.connect(self._check)
        self._check()

    def status(self) -> VerifyStatus | None:
        if self.passed.isChecked():
            return VerifyStatus.VERIFIED
        if self.failed.isChecked():
            return VerifyStatus.FAILED
        return None

    def remark_text(self) -> str:
        return self.remark.toPlainText().strip()

    def applies_to_all(self) -> bool:
        return self.all_matching.isChecked()

    def problem_text(self) -> str:
        status = self.status()
        if status is None:
            return translate(CONTEXT, "请选择核验状态")
        if status is VerifyStatus.FAILED and not self.remark_text():
            return remark_required()
        return ""

    @Slot()
    def _check(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    @Slot(int)
    def _use_common(self, index: int) -> None:
        text = self.common.itemData(index)
        if text:
            current = self.remark_text()
            self.remark.setPlainText(f"{current}；{text}" if current else text)
        self.common.setCurrentIndex(0)
