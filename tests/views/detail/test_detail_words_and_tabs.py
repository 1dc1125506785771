"""The 审核详情 pane (issue 14): no enum code on screen (item 3), long 审核备注 readable (item 7), the
tab kept by what it shows, not by position (item 9)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QTableWidget

from reviewdesk.domain.enums import HistoryAction, MaterialKind, Outcome, ReviewStatus, VerifyStatus
from reviewdesk.store.testing import filled_store, make_snapshot
from reviewdesk.views.detail.history_table import HISTORY_TAB
from reviewdesk.views.detail.pane import DetailPane

CODES = sorted({m.value for m in (*Outcome, *VerifyStatus, *ReviewStatus)})
LONG_REMARK = "学历证书照片模糊，毕业证号与学信网不符，" * 20  # 400 characters


def _history() -> list[dict[str, Any]]:
    entries = []
    for action in HistoryAction:
        for code in [None, *CODES]:
            entries.append(
                {
                    "at": "2026-12-03T10:12:00+08:00",
                    "action": action.value,
                    "tier": "unit",
                    "org_name": "武汉市江岸区人民医院",
                    "actor": "张审核",
                    "outcome": code,
                    "remark": "",
                    "decision_id": None,
                }
            )
    entries.append({**entries[0], "action": "decided", "outcome": "on_hold", "remark": LONG_REMARK})
    return entries


def _materials(record_id: int, kinds: list[MaterialKind]) -> list[dict[str, Any]]:
    template = make_snapshot(2)["materials"][-1]  # a 专技职称 (record 2 is not 初级(士))
    assert template["kind"] == MaterialKind.TITLE.value
    return [{**template, "id": record_id * 10 + n, "kind": kind.value} for n, kind in enumerate(kinds, 1)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    snapshots = [
        make_snapshot(1, history=_history()),
        make_snapshot(
            2,
            materials=_materials(
                2,
                [
                    MaterialKind.EDUCATION,
                    MaterialKind.DEGREE,
                    MaterialKind.TITLE,
                    MaterialKind.NURSE_PRACTICE,
                ],
            ),
        ),
        make_snapshot(
            3,
            materials=_materials(
                3, [MaterialKind.EDUCATION, MaterialKind.PHYSICIAN_QUALIFICATION, MaterialKind.NURSE_PRACTICE]
            ),
        ),
    ]
    ws = filled_store(tmp_path / "ws.sqlite", snapshots)
    yield ws
    ws.close()


@pytest.fixture
def pane(qtbot: Any, store: Any) -> DetailPane:
    widget = DetailPane(store)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _history_table(pane: DetailPane) -> QTableWidget:
    table = pane.findChild(QTableWidget, "history")
    assert table is not None
    return table


def test_no_code_reaches_the_history_table(pane: DetailPane) -> None:
    pane.show_record(1)
    table = _history_table(pane)
    assert table.rowCount() == len(HistoryAction) * (len(CODES) + 1) + 1
    ascii_word = re.compile(r"[A-Za-z_]")
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            text = table.item(row, column).text()
            assert not ascii_word.search(text), (row, column, text)
    # what the reviewer reported: a 材料核验 entry's 结果 read "verified"
    verified_rows = [
        r
        for r in range(table.rowCount())
        if table.item(r, 4).text() == "材料核验" and table.item(r, 5).text() == "核验通过"
    ]
    assert verified_rows


def test_a_long_remark_wraps_and_is_whole_on_hover(pane: DetailPane, qtbot: Any) -> None:
    pane.show_record(1)
    assert pane.select_tab(HISTORY_TAB)
    table = _history_table(pane)
    row = table.rowCount() - 1
    item = table.item(row, 6)
    assert item.text() == LONG_REMARK and item.toolTip() == LONG_REMARK
    width = table.viewport().width()
    assert table.columnViewportPosition(6) + table.columnWidth(6) <= width + 1  # no need to scroll sideways
    line = table.fontMetrics().height()
    assert table.rowHeight(row) >= 3 * line  # wrapped on several lines


def test_the_tab_is_kept_by_what_it_shows(pane: DetailPane) -> None:
    pane.show_record(2)
    assert pane.select_tab("专技职称")
    pane.show_record(3)  # no 专技职称: 基础信息, never the 护士执业证 that took its position
    assert pane.tabText(pane.currentIndex()) == "基础信息"
    pane.show_record(2)  # back on a record that has it: the reviewer's tab again
    assert pane.tabText(pane.currentIndex()) == "专技职称"
    assert pane.select_tab("护士执业证")
    pane.show_record(3)
    assert pane.tabText(pane.currentIndex()) == "护士执业证"
