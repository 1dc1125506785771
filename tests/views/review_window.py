"""Helpers of the main window's tests (``tests/views`` is on pytest's ``pythonpath``): expected answers
read from the store file itself, and the review dialogs answered without a modal ``exec()``."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.domain.workflow import allowed_outcomes
from reviewdesk.views.review.bulk_dialog import BulkReviewDialog
from reviewdesk.views.review.review_dialog import ReviewDialog
from reviewdesk.views.review.window import MainWindow


def stored_ids(window: MainWindow, where: str) -> list[int]:
    """The ids of the stored records matching a plain SQL condition, read from the store file itself:
    an expected answer that does not come from the index (or the query code) under test."""
    with window.workspace.engine.connect() as conn:
        return [row[0] for row in conn.exec_driver_sql(f"SELECT id FROM records WHERE {where} ORDER BY id")]


def reviewable(window: MainWindow) -> list[int]:
    ws = window.workspace
    tier = Tier(ws.me.tier)
    return [
        int(i)
        for i in window.model.ids
        if allowed_outcomes(ws.record(int(i)).review, tier)[Outcome.PASS] is None
    ]


def answer(monkeypatch, outcome: Outcome | None, remark: str = "", seen: list | None = None) -> None:
    def fake_exec(dialog: QDialog) -> int:
        if seen is not None:
            seen.append(dialog)
        form = dialog.form
        if outcome is not None:
            form.set_outcome(outcome)
        form.set_remark(remark)
        dialog._update() if hasattr(dialog, "_update") else None
        button = getattr(dialog, "submit_button", None) or dialog.apply_button
        if not button.isEnabled():
            return QDialog.DialogCode.Rejected
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReviewDialog, "exec", fake_exec)
    monkeypatch.setattr(BulkReviewDialog, "exec", fake_exec)
