"""Review several selected records at once: what will change and what the rules refuse, before applying.

Why a preview: a bulk 审核通过 over 300 rows where 12 were already reported up must not surprise the
reviewer. ``Workspace.preview_decision`` answers with the ids that will change and the refused ones
with their Chinese reasons; the refusals are grouped by reason with a count, each reason shown in the
current language (:func:`reason_text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from reviewdesk.domain.enums import Outcome
from reviewdesk.views.common.i18n import label, translate
from reviewdesk.views.common.workflow_texts import reason_text
from reviewdesk.views.review.review_dialog import CHOOSE_OUTCOME, ReviewForm, confirm_reject
from reviewdesk.views.review.review_dialog import CONTEXT as REVIEW_CONTEXT


class BulkReviewDialog(QDialog):
    """``exec()``; then ``outcome()``/``remark()``; the summary follows the chosen outcome and remark."""

    def __init__(
        self,
        workspace: Any,
        record_ids: Sequence[int],
        parent: QWidget | None = None,
        *,
        initial: Outcome | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.record_ids = [int(i) for i in record_ids]
        self.preview: Any = None
        self.setWindowTitle(self.tr("批量审核（已选 {n} 条）").format(n=len(self.record_ids)))
        self.setMinimumWidth(600)
        self.form = ReviewForm(None, self)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.refusals = QListWidget(self)
        self.refusals.setMaximumHeight(160)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(self.tr("提交"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            self.tr("对选中的 {n} 名考生统一设置审核状态：").format(n=len(self.record_ids)), self
        )
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.refusals)
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._update)
        if initial is not None:
            self.form.set_outcome(initial)
        self._update()

    def outcome(self) -> Outcome | None:
        return self.form.outcome()

    def remark(self) -> str:
        return self.form.remark()

    def _update(self) -> None:
        outcome = self.outcome()
        self.refusals.clear()
        if outcome is None:
            self.preview = None
            self.summary.setText(translate(REVIEW_CONTEXT, CHOOSE_OUTCOME))
            self.apply_button.setEnabled(False)
            return
        self.preview = self.workspace.preview_decision(self.record_ids, outcome, self.remark() or "-")
        allowed, refused = len(self.preview.allowed), len(self.preview.refused)
        self.summary.setText(
            self.tr("将更改 {allowed} 条；{refused} 条不能{outcome}（原因如下）").format(
                allowed=allowed, refused=refused, outcome=label(outcome)
            )
            if refused
            else self.tr("将更改 {allowed} 条").format(allowed=allowed)
        )
        for reason, count in Counter(self.preview.refused.values()).most_common():
            self.refusals.addItem(
                self.tr("{count} 条：{reason}").format(count=count, reason=reason_text(reason))
            )
        self.refusals.setVisible(bool(refused))
        blocking = self.form.blocking_reason()
        self.apply_button.setEnabled(allowed > 0 and blocking is None)
        self.apply_button.setToolTip(blocking or "")

    def _submit(self) -> None:
        if not self.apply_button.isEnabled():
            return
        if self.outcome() is Outcome.REJECT and not confirm_reject(self, len(self.preview.allowed)):
            return
        self.accept()
