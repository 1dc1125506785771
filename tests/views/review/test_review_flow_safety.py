"""Deciding in the main window (issue 14): auto-advance lands on the next record that waits for this
reviewer (item 2), and bulk 审核 leaves what is settled alone and says exactly what it changed (item 1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from reviewdesk.domain.enums import DataScope, Outcome, Tier
from reviewdesk.store.filters import RecordFilter
from reviewdesk.store.testing import filled_store, make_review, make_snapshot
from reviewdesk.views.review.bulk_dialog import BulkReviewDialog
from reviewdesk.views.review.review_dialog import ReviewDialog
from reviewdesk.views.review.window import MainWindow

#: record id → its unit 审核状态 (or reported up / final); only "pending" ones wait for the unit.
STATES: dict[int, dict[str, Any]] = {
    1: make_review({"unit": "pending"}),
    2: make_review({"unit": "passed"}),
    3: make_review({"unit": "on_hold"}),
    4: make_review({"unit": "passed", "county": "pending"}, at_tier="county"),
    5: make_review({"unit": "rejected"}),
    6: make_review({"unit": "pending"}),
    7: make_review({"unit": "passed"}),
    8: make_review({"unit": "pending"}),
}
WAITING = {1, 6, 8}


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[MainWindow]:
    workspace = filled_store(
        tmp_path / "ws.sqlite", [make_snapshot(i, review=STATES[i]) for i in STATES], Tier.UNIT
    )
    win = MainWindow(workspace, None, show_sync_dialog=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.apply_filter(RecordFilter(data_scope=DataScope.ALL))
    qtbot.waitUntil(lambda: win.model.rowCount() == len(STATES), timeout=10_000)
    yield win
    win.shutdown()
    workspace.close()


def _pass(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_exec(dialog: ReviewDialog) -> int:
        dialog.form.set_outcome(Outcome.PASS)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReviewDialog, "exec", fake_exec)


def test_auto_advance_skips_decided_reported_and_final_records(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window._set_auto_advance(True)
    _pass(monkeypatch)
    order = [window.model.id_at(r) for r in range(window.model.rowCount())]
    waiting_in_order = [i for i in order if i in WAITING]
    first = waiting_in_order[0]
    window.select_id(first)
    assert window.review(None)
    expected = waiting_in_order[1]
    assert window.current_record_id() == expected
    # the last waiting record: nothing after it waits; the window stays and says so
    last = waiting_in_order[-1]
    window.select_id(last)
    assert window.review(None)
    assert window.current_record_id() == last
    assert "其后没有待本级审核的考生" in window.statusBar().currentMessage()


def test_bulk_review_keeps_settled_records_and_counts_exactly(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[BulkReviewDialog] = []

    def fake_exec(dialog: BulkReviewDialog) -> int:
        seen.append(dialog)
        dialog.form.set_outcome(Outcome.PASS)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BulkReviewDialog, "exec", fake_exec)
    window.table.selectAll()
    assert window.review(None)
    dialog = seen[0]
    assert dialog.states.text() == (
        "所选 8 名考生的单位审核状态现为：待审核 3 · 审核通过 3 · 暂不审核 1 · 审核不通过 1"
    )
    assert dialog.summary.text().startswith(
        "将更改 3 条；2 条已是审核通过，不改动；1 条已有其他审核结果（暂不审核 1），保留不改"
    )
    assert not dialog.overturn.isHidden()
    assert window.workspace.pending_actions() == 3
    message = window.statusBar().currentMessage()
    assert message.startswith(
        "已审核通过 3 条；2 条已是审核通过，未改动；1 条已有其他审核结果（暂不审核 1），已保留"
    )
    assert window.workspace.rows([3], ["status_unit"])[3]["status_unit"] == "on_hold"


def test_bulk_review_overturns_only_after_a_separate_yes(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_exec(dialog: BulkReviewDialog) -> int:
        dialog.form.set_outcome(Outcome.PASS)
        dialog.overturn.setChecked(True)
        dialog.buttons.accepted.emit()
        return dialog.result()

    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(BulkReviewDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "question", question)
    window.table.selectAll()
    assert window.review(None)
    assert asked and "暂不审核" in asked[0]
    assert window.workspace.pending_actions() == 4
    assert window.workspace.rows([3], ["status_unit"])[3]["status_unit"] == "passed"
    assert "其中 1 条改写了原有审核结果" in window.statusBar().currentMessage()
