"""核验 with a remark (seed 000 §2.7): 核验状态 + 核验备注 for one material or a batch (批量核验).

The dialog only collects the decision; the 专项信息 page hands it to ``Workspace.verify``, which applies
the same rule as the server (核验不通过 needs a 核验备注). The dialog checks that rule too, so 提交 is
only enabled when the store will accept it.

In a batch it says, before anything changes, how many of the chosen materials are in which 核验状态 now
and what 提交 will do (``Workspace.preview_verification(bulk=True)``): materials already in the chosen
state are left alone, and another result (a colleague's 核验不通过) is only overturned when the reviewer
ticks it and confirms it separately — a bulk 核验通过 once silently undid other reviewers' 核验不通过.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import COMMON_REMARKS, VerifyStatus
from reviewdesk.domain.workflow import VERIFY_REMARK_REQUIRED
from reviewdesk.views.common.i18n import label, translate, translate_count, translate_noop
from reviewdesk.views.common.workflow_texts import counted

CONTEXT = "VerifyDialog"

#: The same words the store and the server refuse with (one rule, one sentence); the view shows them
#: through ``translate(CONTEXT, REMARK_REQUIRED)``.
REMARK_REQUIRED = translate_noop(CONTEXT, "请填写核验备注：核验不通过必须填写备注")
assert REMARK_REQUIRED == VERIFY_REMARK_REQUIRED, "update the translatable copy of the domain's sentence"


def remark_required() -> str:
    """The "核验不通过 needs a 核验备注" rule in the current language."""
    return translate(CONTEXT, REMARK_REQUIRED)


def status_counts_text(before: dict[str, int]) -> str:
    """ "待核验 800 · 核验通过 30 · 核验不通过 13": a batch's materials per 核验状态 now."""
    return " · ".join(f"{label(status)} {before.get(status.value, 0)}" for status in VerifyStatus)


def overturn_labels(overturns: dict[int, str]) -> str:
    """The results a batch would overturn, with counts ("核验不通过 1")."""
    return counted(overturns.values(), lambda code: label(VerifyStatus(code)))


def confirm_overturn(parent: QWidget, count: int, what: str, status: VerifyStatus) -> bool:
    """The separate confirmation an overturn of other results needs (default: keep them)."""
    answer = QMessageBox.question(
        parent,
        translate(CONTEXT, "改写已有核验结果"),
        translate_count(
            CONTEXT, "确定将 {n} 条已有核验结果（{what}）的材料改为{status}？这会覆盖之前的核验结果。", count
        ).format(n=count, what=what, status=label(status)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def verification_report(result: Any, status: VerifyStatus) -> str:
    """What a 核验 did, exactly: the count changed (= actions queued), then what was left alone."""
    allowed = len(result.allowed)
    done = translate_count(CONTEXT, "已将 {n} 条材料设为{status}（未同步，可撤销）", allowed)
    parts = [
        done.format(n=allowed, status=label(status)) if allowed else translate(CONTEXT, "没有材料被核验")
    ]
    overturned = result.overturned
    if overturned:
        parts.append(translate(CONTEXT, "其中 {n} 条改写了原有核验结果").format(n=len(overturned)))
    if result.unchanged:
        parts.append(
            translate(CONTEXT, "{n} 条已是{status}，未改动").format(
                n=len(result.unchanged), status=label(status)
            )
        )
    kept = {i: code for i, code in result.overturns.items() if i not in set(overturned)}
    if kept:
        parts.append(
            translate(CONTEXT, "{n} 条已有其他核验结果（{what}），已保留").format(
                n=len(kept), what=overturn_labels(kept)
            )
        )
    return translate(CONTEXT, "；").join(parts)


#: (all matching?, status) → the store's bulk preview of that choice.
Preview = Callable[[bool, VerifyStatus], Any]


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
        preview: Preview | None = None,
    ) -> None:
        super().__init__(parent)
        self._preview_of = preview
        self.preview: Any = None
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
        self.states = QLabel("", self)  # what the chosen materials are now
        self.states.setWordWrap(True)
        self.effect = QLabel("", self)  # what 提交 will change
        self.effect.setWordWrap(True)
        self.overturn = QCheckBox("", self)
        self.overturn.setVisible(False)
        self.problem = QLabel("", self)
        self.problem.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(CONTEXT, "提交"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate(CONTEXT, "取消"))
        self.buttons.accepted.connect(self._submit)
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
        layout.addWidget(self.states)
        layout.addWidget(self.effect)
        layout.addWidget(self.overturn)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.passed.toggled.connect(self._check)
        self.failed.toggled.connect(self._check)
        self.remark.textChanged.connect(self._check)
        self.only_selected.toggled.connect(self._check)
        self.all_matching.toggled.connect(self._check)
        self.overturn.toggled.connect(self._check)
        self.states.setVisible(preview is not None)
        self.effect.setVisible(preview is not None)
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

    def overturns(self) -> bool:
        """Whether the reviewer chose (and confirmed) to overturn the other results too."""
        return not self.overturn.isHidden() and self.overturn.isChecked()

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
        self._show_preview()
        nothing = self.preview is not None and not self.preview.allowed
        if not problem and nothing and not (self.preview.overturns and self.overturn.isChecked()):
            problem = translate(CONTEXT, "没有需要更改的材料")
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def _show_preview(self) -> None:
        """The chosen materials' 核验状态 now, and what 提交 would change (nothing changes yet)."""
        status = self.status()
        if self._preview_of is None:
            return
        if status is None:
            self.preview = None
            self.effect.setText("")
            self.overturn.setVisible(False)
            return
        self.preview = preview = self._preview_of(self.applies_to_all(), status)
        chosen = sum(preview.before.values())
        self.states.setText(
            translate_count(CONTEXT, "所选 {n} 条材料现为：{counts}", chosen).format(
                n=chosen, counts=status_counts_text(preview.before)
            )
        )
        parts = [translate(CONTEXT, "将更改 {n} 条").format(n=len(preview.allowed))]
        if preview.unchanged:
            parts.append(
                translate(CONTEXT, "{n} 条已是{status}，不改动").format(
                    n=len(preview.unchanged), status=label(status)
                )
            )
        if preview.overturns:
            parts.append(
                translate_count(
                    CONTEXT, "{n} 条已有其他核验结果（{what}），保留不改", len(preview.overturns)
                ).format(n=len(preview.overturns), what=overturn_labels(preview.overturns))
            )
        if preview.refused:
            parts.append(translate(CONTEXT, "{n} 条不能核验").format(n=len(preview.refused)))
        self.effect.setText(translate(CONTEXT, "；").join(parts))
        self.overturn.setText(
            translate(CONTEXT, "也改写这 {n} 条已有的核验结果（{what}）").format(
                n=len(preview.overturns), what=overturn_labels(preview.overturns)
            )
        )
        self.overturn.setVisible(bool(preview.overturns))

    @Slot()
    def _submit(self) -> None:
        """提交: an overturn of other results asks once more, on its own (default: keep them)."""
        status = self.status()
        preview = self.preview
        if (
            self.overturns()
            and preview is not None
            and status is not None
            and not confirm_overturn(self, len(preview.overturns), overturn_labels(preview.overturns), status)
        ):
            self.overturn.setChecked(False)
            self._check()
            return
        self.accept()

    @Slot(int)
    def _use_common(self, index: int) -> None:
        text = self.common.itemData(index)
        if text:
            current = self.remark_text()
            self.remark.setPlainText(f"{current}；{text}" if current else text)
        self.common.setCurrentIndex(0)
