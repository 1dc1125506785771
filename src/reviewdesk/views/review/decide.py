"""The main window's review actions: 审核 one record or many, 撤销, 材料上报, 导出 and the 冲突 dialog.

Why they write locally and at once: ``Workspace.decide`` records a decision in the local store and
queues it for the server, so a reviewer goes through a list at the speed of the keyboard and a sync
later carries the decisions up (refusals come back as 冲突). A part of ``MainWindow`` (a mixin): it uses
the window's ``workspace``, ``me``, ``model``, ``table``, ``detail``, ``requery``, ``settle_list`` and
``select_id``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.domain.precheck import suggested_remarks
from reviewdesk.domain.workflow import allowed_outcomes, awaits
from reviewdesk.store.local_view import review_state
from reviewdesk.views.common.i18n import label, translate, translate_count
from reviewdesk.views.common.workflow_texts import action_summary_text, reason_text
from reviewdesk.views.review.bulk_dialog import BulkReviewDialog, decision_report
from reviewdesk.views.review.conflicts import ConflictsDialog
from reviewdesk.views.review.report_dialog import run_report
from reviewdesk.views.review.review_dialog import ReviewDialog

log = logging.getLogger(__name__)

CONTEXT = "MainWindow"
#: Rows read at a time while looking for the next record to review.
_ADVANCE_PAGE = 200

#: The note a conflict is closed with when the reviewer decided again: stored data, not UI text.
REVIEWED_AGAIN = "重新审核"  # i18n: not UI


class MainWindowReview:
    """Review, undo, report up, export and conflicts of :class:`reviewdesk.views.review.window.MainWindow`."""

    def _set_auto_advance(self, on: bool) -> None:
        self.auto_advance = on
        if self.settings is not None:
            try:
                self.settings.auto_advance = on
            except Exception:
                log.exception("saving auto-advance failed")

    def review(self, outcome: Outcome | None) -> bool:
        """Review the selected record(s) (opens the review dialog, or the bulk dialog for several)."""
        ids = self.selected_record_ids()
        if not ids:
            self.statusBar().showMessage(translate(CONTEXT, "请先在列表中选择考生"), 3000)
            return False
        if len(ids) > 1:
            return self._review_many(ids, outcome)
        return self.review_record(ids[0], outcome)

    def review_record(self, record_id: int, outcome: Outcome | None = None) -> bool:
        record = self.workspace.record(record_id)
        if record is None:
            return False
        allowed = allowed_outcomes(record.review, Tier(self.me.tier))
        row = record.row
        subject = f"{row.get('name', '')}  {row.get('id_number', '')}  {row.get('category_name', '')}"
        suggested = suggested_remarks(record.snapshot.get("flags") or ())
        dialog = ReviewDialog(subject, allowed, self, initial=outcome, suggested=suggested)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome() is None:
            return False
        next_id = self._next_to_review(record_id) if self.auto_advance else None
        result = self.workspace.decide([record_id], dialog.outcome(), dialog.remark())
        if result.refused:
            reasons = translate(CONTEXT, "；").join(reason_text(r) for r in result.refused.values())
            QMessageBox.warning(self, translate(CONTEXT, "审核"), reasons)
            return False
        message = translate(CONTEXT, "已{outcome}：{name}（未同步）").format(
            outcome=label(dialog.outcome()), name=row.get("name", "")
        )
        if self.auto_advance and next_id is None:
            message += translate(CONTEXT, "；列表中其后没有待本级审核的考生")
        self.statusBar().showMessage(message, 8000)
        self.requery({record_id})
        self.detail.reload()
        if next_id is not None:
            self.select_id(next_id)
        self.update_status()
        return True

    def _neighbour(self, record_id: int) -> int | None:
        """The next row's record (what the viewer prefetches)."""
        row = self.model.row_of(record_id)
        if row is None:
            return None
        if row + 1 < self.model.rowCount():
            return self.model.id_at(row + 1)
        return None

    def _next_to_review(self, record_id: int) -> int | None:
        """The next record below ``record_id`` in the list's current order and filter that waits for
        this tier's decision (``workflow.awaits``), or None. Read a page of rows at a time."""
        row = self.model.row_of(record_id)
        if row is None:
            return None
        tier = Tier(self.me.tier)
        total = self.model.rowCount()
        start = row + 1
        while start < total:
            ids = [self.model.id_at(r) for r in range(start, min(start + _ADVANCE_PAGE, total))]
            ids = [i for i in ids if i is not None]
            reviews = self.workspace.rows(ids, ["review"])
            for candidate in ids:
                found = reviews.get(candidate)
                if found is not None and awaits(review_state(found["review"]), tier):
                    return candidate
            start += _ADVANCE_PAGE
        return None

    def _review_many(self, ids: list[int], outcome: Outcome | None) -> bool:
        dialog = BulkReviewDialog(self.workspace, ids, self, initial=outcome)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome() is None:
            return False
        result = self.workspace.decide(
            ids, dialog.outcome(), dialog.remark(), bulk=True, overturn=dialog.overturns()
        )
        self.statusBar().showMessage(decision_report(result, dialog.outcome()), 10000)
        self.requery(set(ids))
        self.detail.reload()
        self.update_status()
        return True

    def undo(self) -> None:
        description = self.workspace.undo_last()
        if description:
            self.statusBar().showMessage(
                translate(CONTEXT, "已撤销：{what}").format(what=action_summary_text(description)), 4000
            )
        else:
            self.statusBar().showMessage(
                translate(CONTEXT, "没有可以撤销的操作（已同步的操作不能撤销）"), 4000
            )
        self.requery()
        self.detail.reload()
        self.update_status()

    def _update_undo_action(self) -> None:
        """The 撤销 entry says what it would take back (and is off when there is nothing)."""
        text = self.workspace.undo_available()
        self.undo_action.setEnabled(bool(text))
        if text:
            self.undo_action.setText(translate(CONTEXT, "撤销 {what}").format(what=action_summary_text(text)))
        else:
            self.undo_action.setText(translate(CONTEXT, "撤销"))

    def report_up(self) -> list[int] | None:
        ids = run_report(self, self.workspace)
        if ids:
            self.statusBar().showMessage(
                translate_count(CONTEXT, "已加入材料上报：{n} 条（同步时上传）", len(ids)).format(n=len(ids)),
                6000,
            )
            self.requery(set(ids))
            self.detail.reload()
        self.update_status()
        return ids

    def export(self) -> Any:
        from reviewdesk.views.review.export_dialog import open_export_dialog

        self.settle_list()  # the list as last filtered, not the one before its answer came
        header = self.table.horizontalHeader()
        keys = self.model.column_keys()
        visible = [
            keys[header.logicalIndex(v)]
            for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        return open_export_dialog(self, self.workspace, self.model.ids, visible, self._filter, self._sort)

    def show_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self.workspace, self)
        dialog.view.review_requested.connect(lambda rid: self._review_conflict(dialog, rid))
        dialog.view.changed.connect(self.update_status)
        dialog.show()
        self._conflicts_dialog = dialog
        return dialog

    def _review_conflict(self, dialog: ConflictsDialog, record_id: int) -> None:
        self.select_id(record_id)
        if self.review_record(record_id, None):
            conflict = dialog.view.current()
            if conflict is not None:
                self.workspace.resolve_conflict(conflict.id, REVIEWED_AGAIN)
            dialog.view.refresh()
            self.update_status()
