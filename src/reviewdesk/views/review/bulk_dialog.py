"""Review several selected records at once: what will change and what the rules refuse, before applying.

Why a preview: a bulk 审核通过 over 300 rows where 12 were already reported up must not surprise the
reviewer. ``Workspace.preview_decision`` answers with the ids that will change and the refused ones
with their Chinese reasons; the refusals are grouped by reason with a count, each reason shown in the
current language (:func:`reason_text`).

Like 批量核验, it first says what the chosen records are now at this tier (待审核 / 审核通过 / 暂不审核 …),
leaves those already in the chosen state alone, and keeps another result (a 暂不审核 or 审核通过 set
before) unless the reviewer ticks "also change them" and confirms that separately: the store's
``bulk=True`` rule, so the message's count is exactly the records changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import Outcome, ReviewStatus, Tier
from reviewdesk.views.common.column_titles import column_title
from reviewdesk.views.common.i18n import label, translate, translate_count
from reviewdesk.views.common.workflow_texts import counted, reason_text
from reviewdesk.views.review.review_dialog import CHOOSE_OUTCOME, ReviewForm, confirm_reject
from reviewdesk.views.review.review_dialog import CONTEXT as REVIEW_CONTEXT

CONTEXT = "BulkReviewDialog"


def review_status_text(code: str) -> str:
    """A tier's 审核状态 code in words ("" → 未到本级: the record has not reached this tier)."""
    return label(ReviewStatus(code)) if code else translate(CONTEXT, "未到本级")


def status_counts(before: dict[str, int]) -> str:
    """ "待审核 12 · 审核通过 3 · 暂不审核 1": the chosen records per 审核状态 now (the states they are in)."""
    order = ["", *(status.value for status in ReviewStatus)]
    return " · ".join(f"{review_status_text(code)} {before[code]}" for code in order if before.get(code))


def kept_results(overturns: dict[int, str]) -> str:
    """The results a bulk 审核 keeps or would overturn, with counts ("暂不审核 1")."""
    return counted(overturns.values(), review_status_text)


def decision_report(result: Any, outcome: Outcome) -> str:
    """What a bulk 审核 did, exactly: records changed (= actions queued), then what was left alone."""
    parts = [translate(CONTEXT, "已{outcome} {n} 条").format(outcome=label(outcome), n=len(result.allowed))]
    if result.overturned:
        parts.append(translate(CONTEXT, "其中 {n} 条改写了原有审核结果").format(n=len(result.overturned)))
    if result.unchanged:
        parts.append(
            translate(CONTEXT, "{n} 条已是{outcome}，未改动").format(
                n=len(result.unchanged), outcome=label(outcome)
            )
        )
    kept = {i: c for i, c in result.overturns.items() if i not in set(result.overturned)}
    if kept:
        parts.append(
            translate(CONTEXT, "{n} 条已有其他审核结果（{what}），已保留").format(
                n=len(kept), what=kept_results(kept)
            )
        )
    if result.refused:
        parts.append(translate(CONTEXT, "{n} 条不能审核").format(n=len(result.refused)))
    return translate(CONTEXT, "；").join(parts)


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
        tier = Tier(workspace.me.tier)
        self.states = QLabel("", self)  # the records' 审核状态 at my tier now
        self.states.setWordWrap(True)
        self._tier = tier
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.overturn = QCheckBox("", self)
        self.overturn.hide()
        self.overturn.toggled.connect(self._update)
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
        layout.addWidget(self.states)
        layout.addWidget(self.summary)
        layout.addWidget(self.overturn)
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

    def overturns(self) -> bool:
        """Whether the reviewer chose (and confirmed) to change the records holding another result."""
        return not self.overturn.isHidden() and self.overturn.isChecked()

    def _update(self) -> None:
        outcome = self.outcome()
        self.refusals.clear()
        if outcome is None:
            self.preview = None
            self.summary.setText(translate(REVIEW_CONTEXT, CHOOSE_OUTCOME))
            self.apply_button.setEnabled(False)
            return
        self.preview = preview = self.workspace.preview_decision(
            self.record_ids, outcome, self.remark() or "-", bulk=True, overturn=self.overturns()
        )
        self.states.setText(
            self.tr("所选 {n} 名考生的{status}现为：{counts}").format(
                n=len(self.record_ids),
                status=column_title(f"status_{self._tier.value}"),
                counts=status_counts(preview.before),
            )
        )
        allowed, refused = len(preview.allowed), len(preview.refused)
        parts = [self.tr("将更改 {allowed} 条").format(allowed=allowed)]
        if preview.unchanged:
            parts.append(
                self.tr("{n} 条已是{outcome}，不改动").format(
                    n=len(preview.unchanged), outcome=label(outcome)
                )
            )
        kept = {i: c for i, c in preview.overturns.items() if i not in set(preview.allowed)}
        if kept:
            parts.append(
                translate_count(CONTEXT, "{n} 条已有其他审核结果（{what}），保留不改", len(kept)).format(
                    n=len(kept), what=kept_results(kept)
                )
            )
        if refused:
            parts.append(
                self.tr("{refused} 条不能{outcome}（原因如下）").format(
                    refused=refused, outcome=label(outcome)
                )
            )
        self.summary.setText(self.tr("；").join(parts))
        self.overturn.setText(
            self.tr("也改写这 {n} 条已有的审核结果（{what}）").format(
                n=len(preview.overturns), what=kept_results(preview.overturns)
            )
        )
        self.overturn.setVisible(bool(preview.overturns))
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
        if self.overturns() and not self._confirm_overturn():
            self.overturn.setChecked(False)
            return
        if self.outcome() is Outcome.REJECT and not confirm_reject(self, len(self.preview.allowed)):
            return
        self.accept()

    def _confirm_overturn(self) -> bool:
        """Changing other results is asked on its own (default: keep them)."""
        overturns = self.preview.overturns
        answer = QMessageBox.question(
            self,
            self.tr("改写已有审核结果"),
            translate_count(
                CONTEXT,
                "确定将 {n} 名已有审核结果（{what}）的考生改为{outcome}？这会覆盖之前的审核结果。",
                len(overturns),
            ).format(n=len(overturns), what=kept_results(overturns), outcome=label(self.outcome())),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
