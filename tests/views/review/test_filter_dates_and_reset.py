"""The list's filters (issue 14): 提交时间 can be typed, picked and cleared, its calendar opens near the
data (item 5); 重置 resets 数据层级 too (item 6)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from reviewdesk.domain.enums import DataScope
from reviewdesk.store.filters import RecordFilter
from reviewdesk.store.testing import filled_store, make_snapshot
from reviewdesk.views.common.date_field import INVALID_STYLE, parse_date
from reviewdesk.views.review.window import MainWindow

SNAPSHOTS = [make_snapshot(i) for i in range(1, 41)]


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[MainWindow]:
    workspace = filled_store(tmp_path / "ws.sqlite", SNAPSHOTS)
    win = MainWindow(workspace, None, show_sync_dialog=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL))
    win.filter_panel.advanced_button.setChecked(True)
    qtbot.waitUntil(lambda: win.model.rowCount() == len(SNAPSHOTS), timeout=10_000)
    yield win
    win.shutdown()
    workspace.close()


def _submitted_on_or_after(day: date) -> list[int]:
    return sorted(s["id"] for s in SNAPSHOTS if s["submitted_at"][:10] >= day.isoformat())


def test_typing_a_date_filters_and_clearing_it_undoes(window: MainWindow, qtbot: Any) -> None:
    field = window.filter_panel.from_date
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "2026-12-10")
    assert field.edit.text() == "2026-12-10"  # not "全部2022222261210"
    assert window.filter_panel.filter().submitted_from == date(2026, 12, 10)
    expected = _submitted_on_or_after(date(2026, 12, 10))
    assert 0 < len(expected) < len(SNAPSHOTS)
    qtbot.waitUntil(lambda: sorted(window.model.ids.tolist()) == expected)

    field.edit.clear()  # the ✕ (or deleting the text) clears the bound at once
    assert window.filter_panel.filter().submitted_from is None
    qtbot.waitUntil(lambda: window.model.rowCount() == len(SNAPSHOTS))

    qtbot.keyClicks(field.edit, "20261210")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.edit.text() == "2026-12-10" and field.value() == date(2026, 12, 10)


def test_a_wrong_date_is_marked_and_kept(window: MainWindow, qtbot: Any) -> None:
    field = window.filter_panel.to_date
    qtbot.keyClicks(field.edit, "2026-13-40")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.edit.text() == "2026-13-40"  # what was typed is not thrown away
    assert field.value() is None and field.edit.styleSheet() == INVALID_STYLE
    assert "2026-12-10" in field.edit.toolTip()
    assert parse_date("2026/12/10") == parse_date("2026年12月10日") == date(2026, 12, 10)


def test_picking_from_a_calendar_that_opens_near_the_data(window: MainWindow) -> None:
    field = window.filter_panel.to_date
    latest = max(s["submitted_at"][:10] for s in SNAPSHOTS)
    field.open_calendar()
    assert field.calendar.selectedDate().toString("yyyy-MM-dd") == latest  # not 一月 2000
    assert (field.calendar.yearShown(), field.calendar.monthShown()) == (2026, 12)
    field.calendar.clicked.emit(QDate(2026, 12, 5))
    assert field.value() == date(2026, 12, 5) and field.edit.text() == "2026-12-05"
    assert window.filter_panel.filter().submitted_to == date(2026, 12, 5)


def test_reset_resets_the_data_scope_too(window: MainWindow) -> None:
    panel = window.filter_panel
    assert panel.filter().data_scope is DataScope.ALL
    panel.from_date.set_value(date(2026, 12, 10))
    panel.reset()
    assert panel.filter() == RecordFilter(data_scope=DataScope.DIRECT)  # the seed's 本级直属
    assert panel.from_date.edit.text() == ""
