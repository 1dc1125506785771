"""The list's delegate (issue 18): cells painted from prepared texts and layouts look exactly like Qt's
own delegate painting the model's roles — pixel for pixel, with selected, alternating, italic
(unsynced) and coloured rows, the focused cell and an elided column — and what it paints follows a
change of the store (refresh), a re-sort and a re-filter."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCommonStyle,
    QHeaderView,
    QStyledItemDelegate,
    QStyleFactory,
    QStyleOptionViewItem,
    QTableView,
)

from reviewdesk.domain.enums import Tier
from reviewdesk.store.testing import build_store
from reviewdesk.views.review import list_selection
from reviewdesk.views.review.table_delegate import VERIFIED_STYLES, RecordItemDelegate, install
from reviewdesk.views.review.table_model import RecordTableModel

N = 400


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = build_store(tmp_path_factory.mktemp("delegate") / "store.sqlite", N, seed=5, tier=Tier.CITY)
    yield workspace
    workspace.close()


def _set_row(store: Any, record_id: int, **values: Any) -> None:
    with sqlite3.connect(store.path) as conn:
        assignments = ", ".join(f"{k} = ?" for k in values)
        conn.execute(f"UPDATE records SET {assignments} WHERE id = ?", [*values.values(), record_id])


def _names(store: Any, ids: list[int]) -> list[str]:
    """The 姓名 of these ids straight from SQLite (not through the model)."""
    with sqlite3.connect(store.path) as conn:
        by_id = dict(
            conn.execute(f"SELECT id, name FROM records WHERE id IN ({','.join('?' * len(ids))})", ids)
        )
    return [by_id[i] for i in ids]


def _view(
    qtbot: Any,
    model: RecordTableModel,
    *,
    ours: bool,
    alternate: bool,
    wrap: bool,
    point_size: float = 0,
    style: str = "",
) -> QTableView:
    view = QTableView()
    if style:
        view.setStyle(QStyleFactory.create(style))
    if point_size:  # a line height that leaves an odd number of pixels to centre in
        font = view.font()
        font.setPointSizeF(point_size)
        view.setFont(font)
    view.setModel(model)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(alternate)
    view.setWordWrap(wrap)
    if ours:  # the list's selection model too: selected rows painted from its row array
        list_selection.install(view, model)
        install(view, model)
    view.resize(1280, 600)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.setColumnWidth(model.column_of("unit_name") or 0, 70)  # too narrow: Qt elides these
    selection = view.selectionModel()
    for row in (1, 2, 9):
        selection.select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    selection.setCurrentIndex(model.index(5, 4), QItemSelectionModel.SelectionFlag.NoUpdate)
    return view


def _screen(view: QTableView) -> QImage:
    view.activateWindow()
    view.setFocus()  # the current cell with its focus frame, where the platform gives focus
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def _pair(qtbot: Any, store: Any, ids: list[int], **kw: Any) -> tuple[QTableView, QTableView]:
    theirs = RecordTableModel(store.rows)
    ours = RecordTableModel(store.rows)
    theirs.set_ids(ids)
    ours.set_ids(ids)
    return _view(qtbot, theirs, ours=False, **kw), _view(qtbot, ours, ours=True, **kw)


@pytest.mark.parametrize(
    ("alternate", "wrap", "point_size", "style"),
    [
        (True, False, 0, "Fusion"),
        (False, True, 0, "Fusion"),
        (True, False, 10.5, "Fusion"),
        (True, False, 0, "Windows"),
    ],
)
def test_prepared_cells_paint_the_same_pixels_as_qts_delegate(
    qtbot: Any, store: Any, alternate: bool, wrap: bool, point_size: float, style: str
) -> None:
    _set_row(store, 2, pending_actions=1, status_unit="passed")  # italic, green
    _set_row(store, 3, open_conflicts=1, status_county="rejected")  # 冲突, red
    _set_row(store, 5, pending_actions=2, status_unit="on_hold", flag_rank=2002)  # italic, selected, ▲
    theirs, ours = _pair(
        qtbot,
        store,
        list(range(1, N + 1)),
        alternate=alternate,
        wrap=wrap,
        point_size=point_size,
        style=style,
    )
    assert isinstance(ours.itemDelegate(), RecordItemDelegate)
    assert type(theirs.itemDelegate()) is QStyledItemDelegate
    for position in (0, 37):  # the first screen, then one further down
        for view in (theirs, ours):
            view.verticalScrollBar().setValue(position)
        delegate = ours.itemDelegate()
        before = delegate.prepared_paints
        expected, got = _screen(theirs), _screen(ours)
        assert got == expected
        painted = delegate.prepared_paints - before
        rows = ours.viewport().height() // 24
        assert painted >= rows * 6  # most non-blank cells took the prepared path, not Qt's


def test_what_is_painted_follows_a_decision_a_resort_and_a_refilter(qtbot: Any, store: Any) -> None:
    ids = list(range(1, 61))
    theirs, ours = _pair(qtbot, store, ids, alternate=True, wrap=False)
    model = ours.model()
    assert isinstance(model, RecordTableModel)
    delegate = ours.itemDelegate()
    unit = model.column_of("status_unit")
    name = model.column_of("name")
    assert unit is not None and name is not None

    def shown(row: int, column: int) -> str:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index(row, column))
        return option.text

    _set_row(store, 8, status_unit="pending", pending_actions=0)
    for view in (theirs, ours):
        view.model().refresh({8})
    assert shown(7, unit) == "○ 待审核"
    assert _screen(ours) == _screen(theirs)

    _set_row(store, 8, status_unit="passed", pending_actions=1)  # a decision, stored locally
    for view in (theirs, ours):
        view.model().refresh({8})
    assert shown(7, unit) == "✓ 审核通过"
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, model.index(7, name))
    assert option.font.italic()
    assert _screen(ours) == _screen(theirs)

    flipped = ids[::-1]  # a re-sort: every row shows another record
    for view in (theirs, ours):
        view.model().set_ids(flipped)
    assert [shown(row, name) for row in range(5)] == _names(store, flipped[:5])
    assert _screen(ours) == _screen(theirs)

    narrow = [i for i in ids if i % 7 == 0]  # a re-filter
    for view in (theirs, ours):
        view.model().set_ids(np.asarray(narrow))
    assert [shown(row, name) for row in range(len(narrow))] == _names(store, narrow)
    assert shown(0, model.seq_column) == "1"
    assert _screen(ours) == _screen(theirs)


def test_prepared_texts_are_the_stores_values_and_labels(qtbot: Any, store: Any) -> None:
    """Rows are rendered from per-column memos (a vocabulary value's label once, a field's text as it
    is): what the delegate paints is the store's value or its label, computed here from SQLite."""
    _set_row(store, 21, status_unit="returned", pending_actions=0, open_conflicts=0)
    _set_row(store, 22, status_unit="returned", pending_actions=3, open_conflicts=0)
    _set_row(store, 23, status_unit=None, pending_actions=0, open_conflicts=2)
    ids = list(range(1, 81))
    _theirs, ours = _pair(qtbot, store, ids, alternate=True, wrap=False)
    model = ours.model()
    assert isinstance(model, RecordTableModel)
    delegate = ours.itemDelegate()

    def shown(row: int, key: str) -> str:
        option = QStyleOptionViewItem()
        column = model.column_of(key)
        assert column is not None
        delegate.initStyleOption(option, model.index(row, column))
        return option.text

    levels = {"assistant": "初级(士)", "junior": "初级(师)", "intermediate": "中级"}  # seed 000's words
    statuses = {
        "pending": "○ 待审核",
        "passed": "✓ 审核通过",
        "on_hold": "‖ 暂不审核",
        "returned": "↩ 允许修改",
        "rejected": "✗ 审核不通过",
    }
    fields = (
        "id, name, id_number, category_name, unit_name, level, status_unit, pending_actions, open_conflicts"
    )
    with sqlite3.connect(store.path) as conn:
        rows = conn.execute(f"SELECT {fields} FROM records WHERE id <= 80 ORDER BY id").fetchall()
    for row, (rid, name, id_number, category, unit, level, status, pending, conflicts) in enumerate(rows):
        assert model.id_at(row) == rid
        assert shown(row, "name") == name
        assert shown(row, "id_number") == id_number
        assert shown(row, "category") == (category or "")
        assert shown(row, "unit_name") == unit
        assert shown(row, "level") == levels[level]
        assert shown(row, "status_unit") == (statuses[status] if status else "")
        assert shown(row, "sync") == ("冲突" if conflicts else "未同步" if pending else "")
        assert shown(row, "action") == "查看"


def test_a_style_not_verified_is_painted_by_qts_own_path(qtbot: Any, store: Any) -> None:
    """Only styles whose item painting was compared pixel for pixel take the prepared path."""
    theirs, ours = _pair(qtbot, store, list(range(1, 61)), alternate=True, wrap=False)
    plain = QCommonStyle()  # QStyle's own base: not one of VERIFIED_STYLES
    for view in (theirs, ours):
        view.setStyle(plain)
    delegate = ours.itemDelegate()
    assert isinstance(delegate, RecordItemDelegate)
    before = delegate.prepared_paints
    assert _screen(ours) == _screen(theirs)
    assert delegate.prepared_paints == before
    assert "fusion" in VERIFIED_STYLES and plain.name().lower() not in VERIFIED_STYLES
