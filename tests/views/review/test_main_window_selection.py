"""Issue 5 in the real main window: the selection and the current record are kept by id across a
re-filter and a re-sort, and Ctrl+A on a very long list never walks its rows through the model —
neither row reads nor Qt's per-row ``flags()`` calls (its header's ``isColumnSelected`` did, on every
repaint: 6.7 s frozen after Ctrl+A on 2×10^5 rows)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QTest

from reviewdesk.domain.enums import DataScope, Level
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.testing import build_store
from reviewdesk.views.review import window as main_window_module
from reviewdesk.views.review.list_selection import selected_ids
from reviewdesk.views.review.table_model import RecordTableModel
from reviewdesk.views.review.window import MainWindow


class CountingModel(RecordTableModel):
    """The list's model, counting what Qt asks of it per cell."""

    flag_calls = 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        CountingModel.flag_calls += 1
        return super().flags(index)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(main_window_module, "RecordTableModel", CountingModel)
    workspace = build_store(tmp_path / "ws.sqlite", 3000, seed=4)
    win = MainWindow(workspace, None, show_sync_dialog=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.apply_filter(RecordFilter(data_scope=DataScope.ALL))
    qtbot.waitUntil(lambda: win.model.rowCount() == 3000, timeout=10_000)
    yield win
    win.shutdown()
    workspace.close()


def test_selection_and_current_record_survive_refilter_and_resort(qtbot: Any, window: MainWindow) -> None:
    window.sort_by(SortKey("submitted_at"))
    chosen = [window.model.id_at(row) for row in (2, 3, 4, 700, 1500)]
    current = chosen[3]
    window.select_id(current)
    table = window.table
    for record_id in chosen:  # Ctrl+click each
        row = window.model.row_of(record_id)
        rect = table.visualRect(window.model.index(row, 1))
        if record_id != current:
            table.scrollTo(window.model.index(row, 1))
            rect = table.visualRect(window.model.index(row, 1))
            QTest.mouseClick(
                table.viewport(),
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.ControlModifier,
                rect.center(),
            )
    table.selectionModel().setCurrentIndex(
        window.model.index(window.model.row_of(current), 1), table.selectionModel().SelectionFlag.NoUpdate
    )
    assert sorted(window.selected_record_ids()) == sorted(chosen)

    window.sort_by(SortKey("name", descending=True))  # every row moves
    assert sorted(window.selected_record_ids()) == sorted(chosen)
    assert window.current_record_id() == current
    qtbot.waitUntil(lambda: window.detail.record_id == current, timeout=5_000)

    rows = window.workspace.rows(chosen, ["id", "level"])
    level = Level(rows[current]["level"])
    window.apply_filter(RecordFilter(data_scope=DataScope.ALL, level=level))  # hides some of them
    kept = sorted(i for i in chosen if rows[i]["level"] == level.value)
    assert sorted(window.selected_record_ids()) == kept and current in kept
    assert window.current_record_id() == current

    window.apply_filter(RecordFilter(data_scope=DataScope.ALL))  # shown again: not reselected by magic,
    assert sorted(window.selected_record_ids()) == kept  # the selection is what was visible


def test_ctrl_a_on_a_long_list_does_not_walk_its_rows(qtbot: Any, window: MainWindow) -> None:
    n = 200_000
    window.model.set_ids(np.arange(1, n + 1, dtype=np.int64))  # ids beyond the store show blank rows
    window.table.viewport().repaint()
    qtbot.wait(0)
    CountingModel.flag_calls = 0
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    window.grab()  # the whole window painted once, header included
    qtbot.waitUntil(lambda: window.selection_label.text() != "", timeout=10_000)
    assert len(selected_ids(window.table.selectionModel())) == n
    assert str(n) in window.selection_label.text()
    visible_cells = 40 * window.model.columnCount()
    assert CountingModel.flag_calls < 20 * visible_cells, CountingModel.flag_calls  # not ~n × columns
