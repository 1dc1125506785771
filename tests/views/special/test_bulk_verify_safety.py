"""批量核验 shows what the chosen materials are now and never silently overturns (issue 14 item 1).

The reviewer's report: 批量核验 → 核验通过 over all matching turned other reviewers' 核验不通过 into 核验通过,
said "343 materials set" while 37 changed, and queued 343 actions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from reviewdesk.domain.enums import Tier, VerifyStatus
from reviewdesk.store import ingest, outbox
from reviewdesk.store.testing import create_store, make_snapshot
from reviewdesk.views.special import verification
from reviewdesk.views.special.page import SpecialInfoPage
from reviewdesk.views.special.verify_dialog import VerifyDialog

N = 12


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    """12 records; 学历 of record 1 is 核验不通过 and of records 2–3 核验通过 (another reviewer's)."""
    ws = create_store(tmp_path / "data" / "ws.sqlite", Tier.UNIT)
    snapshots = [make_snapshot(i) for i in range(1, N + 1)]
    for record_id, state in ((1, "failed"), (2, "verified"), (3, "verified")):
        material = snapshots[record_id - 1]["materials"][0]
        material.update(
            verify_status=state,
            verify_remark="毕业证号与学信网不符" if state == "failed" else "",
            verified_by="李核验",
        )
    ingest.apply_snapshots(ws, snapshots)
    yield ws
    ws.close()


@pytest.fixture
def page(qtbot: Any, store: Any) -> Iterator[SpecialInfoPage]:
    widget = SpecialInfoPage(store)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def _state(page: SpecialInfoPage, material_id: int) -> VerifyStatus:
    card = page.card(material_id)
    assert card is not None
    return card.verify_status


def test_batch_pass_over_all_keeps_failed_and_counts_what_changed(
    page: SpecialInfoPage, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: dict[str, str] = {}

    def pass_all(dialog: VerifyDialog) -> int:
        dialog.passed.setChecked(True)
        dialog.all_matching.setChecked(True)
        shown["states"], shown["effect"] = dialog.states.text(), dialog.effect.text()
        shown["overturn"] = dialog.overturn.text() if not dialog.overturn.isHidden() else ""
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(VerifyDialog, "exec", pass_all)
    result = page.open_batch_dialog()
    assert shown["states"] == f"所选 {N} 条材料现为：待核验 {N - 3} · 核验通过 2 · 核验不通过 1"
    assert shown["effect"] == (
        f"将更改 {N - 3} 条；2 条已是核验通过，不改动；1 条已有其他核验结果（核验不通过 1），保留不改"
    )
    assert shown["overturn"] == "也改写这 1 条已有的核验结果（核验不通过 1）"
    assert len(result.allowed) == N - 3 == len(outbox.pending(store))
    assert _state(page, 11) is VerifyStatus.FAILED  # record 1's 学历: the other reviewer's result stays
    assert page.message.text().startswith(f"已将 {N - 3} 条材料设为核验通过（未同步，可撤销）")
    assert "2 条已是核验通过，未改动" in page.message.text()
    assert "1 条已有其他核验结果（核验不通过 1），已保留" in page.message.text()


def test_overturning_a_failed_result_needs_the_tick_and_a_separate_yes(
    page: SpecialInfoPage, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def ask(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        questions.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", ask)
    page.select_ids([11, 21, 41])

    dialog = VerifyDialog(
        3, N, page, preview=verification.preview_for(page.workspace, [11, 21, 41], page.ids)
    )
    dialog.passed.setChecked(True)
    assert not dialog.overturn.isHidden() and not dialog.overturns()
    dialog.overturn.setChecked(True)
    dialog.buttons.accepted.emit()  # 提交 → "确定…？" → 否: the tick is taken back, nothing accepted
    assert questions and "核验不通过" in questions[0]
    assert dialog.result() != QDialog.DialogCode.Accepted and not dialog.overturn.isChecked()
    dialog.overturn.setChecked(True)
    dialog.buttons.accepted.emit()  # → 是
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.overturns()
    result = page.verify([11, 21, 41], VerifyStatus.VERIFIED, "", bulk=True, overturn=dialog.overturns())
    assert sorted(result.allowed) == [11, 41] and result.overturned == [11]
    assert _state(page, 11) is VerifyStatus.VERIFIED
    assert "其中 1 条改写了原有核验结果" in page.message.text()


def test_y_on_a_selection_asks_before_overturning(
    page: SpecialInfoPage, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    page.select_ids([11, 21, 41])
    result = page.verify_selected_interactive(VerifyStatus.VERIFIED)
    assert result.allowed == [41] and len(outbox.pending(store)) == 1
    assert _state(page, 11) is VerifyStatus.FAILED
