"""Issue 18: the list's selection held as a row array (``list_selection.IdSelectionModel``) behaves as
Qt's own selection model under the same clicks and keys, survives a re-sort exactly (carried by id
across the model reset), drops what a narrower filter hides, and paints selected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from reviewdesk.views.review import list_selection
from reviewdesk.views.review.list_selection import IdSelectionModel, current_id, reselect, selected_ids
from reviewdesk.views.review.table_model import RecordTableModel

N = 400
_Ctrl = Qt.KeyboardModifier.ControlModifier
_Shift = Qt.KeyboardModifier.ShiftModifier
_None = Qt.KeyboardModifier.NoModifier


def rows(ids: Any) -> dict[int, dict[str, Any]]:
    return {int(i): {"id": int(i), "name": f"考生{int(i)}", "unit_name": "武汉市第一医院"} for i in ids}


def make_view(qtbot: Any, ours: bool) -> QTableView:
    view = QTableView()
    model = RecordTableModel(rows, view)  # the view keeps it: Qt's setModel does not
    model.set_ids(np.arange(1, N + 1, dtype=np.int64))
    view.setModel(model)
    if ours:
        list_selection.install(view, model)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.resize(900, 500)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def click(view: QTableView, row: int, modifier: Qt.KeyboardModifier = _None) -> None:
    model = view.model()
    rect = view.visualRect(model.index(row, 1))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def key(view: QTableView, which: Qt.Key, modifier: Qt.KeyboardModifier = _None) -> None:
    QTest.keyClick(view, which, modifier)


STEPS: list[tuple[str, Callable[[QTableView], None]]] = [
    ("click", lambda v: click(v, 3)),
    ("ctrl-click", lambda v: click(v, 7, _Ctrl)),
    ("ctrl-click another", lambda v: click(v, 1, _Ctrl)),
    ("shift-click", lambda v: click(v, 12, _Shift)),
    ("ctrl-click inside: deselect", lambda v: click(v, 9, _Ctrl)),
    ("ctrl+shift-click", lambda v: click(v, 15, _Ctrl | _Shift)),
    ("shift+down", lambda v: key(v, Qt.Key.Key_Down, _Shift)),
    ("shift+down again", lambda v: key(v, Qt.Key.Key_Down, _Shift)),
    ("down: a new selection", lambda v: key(v, Qt.Key.Key_Down)),
    ("ctrl+space: toggle", lambda v: key(v, Qt.Key.Key_Space, _Ctrl)),
    ("ctrl+A", lambda v: key(v, Qt.Key.Key_A, _Ctrl)),
    ("ctrl-click: deselect one of all", lambda v: click(v, 5, _Ctrl)),
    ("click: just one", lambda v: click(v, 2)),
    ("ctrl-click the first row", lambda v: click(v, 0, _Ctrl)),
    ("click below the last row: nothing", lambda v: below_rows(v)),
]


def below_rows(view: QTableView) -> None:
    view.model().set_ids(np.arange(1, 6, dtype=np.int64))  # five rows: the viewport's bottom is empty
    point = QPoint(20, view.viewport().height() - 3)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, _None, point)


def test_clicks_and_keys_select_what_qts_own_selection_model_selects(qtbot: Any) -> None:
    theirs, ours = make_view(qtbot, ours=False), make_view(qtbot, ours=True)
    assert isinstance(ours.selectionModel(), IdSelectionModel)
    assert not isinstance(theirs.selectionModel(), IdSelectionModel)
    sizes = []
    for label, step in STEPS:
        step(theirs)
        step(ours)
        expected = sorted(selected_ids(theirs.selectionModel()).tolist())
        sizes.append(len(expected))
        assert sorted(selected_ids(ours.selectionModel()).tolist()) == expected, label
        assert current_id(ours) == current_id(theirs), label
        model = ours.model()
        for row in (0, 1, 2, 7, 12, 13, 399):
            assert ours.selectionModel().isSelected(model.index(row, 3)) == (
                theirs.selectionModel().isSelected(theirs.model().index(row, 3))
            ), (label, row)
    assert len(set(sizes)) > 5 and N in sizes and 0 in sizes  # the steps did select and deselect


@pytest.mark.parametrize("scale", [1, 10**9])  # dense ids (carried as a table by id), sparse ids
def test_the_selection_survives_a_resort_exactly_and_a_narrower_filter_drops_what_it_hides(
    qtbot: Any, scale: int
) -> None:
    view = make_view(qtbot, ours=True)
    model = view.model()
    assert isinstance(model, RecordTableModel)
    model.set_ids(np.arange(1, N + 1, dtype=np.int64) * scale)
    selection = view.selectionModel()
    assert isinstance(selection, IdSelectionModel)
    chosen = np.arange(1, N + 1, 3, dtype=np.int64) * scale  # every third id
    reselect(view, chosen, int(chosen[4]))
    heard: list[int] = []
    selection.selectionChanged.connect(lambda *_: heard.append(selection.selected_count()))
    shuffled = np.random.default_rng(18).permutation(np.arange(1, N + 1, dtype=np.int64)) * scale
    model.set_ids(shuffled)  # a re-sort: the model resets, nothing re-selects
    kept = selected_ids(selection)
    assert kept.tolist() == [int(i) for i in shuffled if int(i) in set(chosen.tolist())]  # display order
    assert [int(shuffled[r]) for r in np.flatnonzero(selection.selected_mask())] == kept.tolist()
    even = sorted(i for i in chosen.tolist() if (i // scale) % 2 == 0)
    model.set_ids(shuffled[(shuffled // scale) % 2 == 0])  # a narrower filter
    assert sorted(selected_ids(selection).tolist()) == even
    model.set_ids(shuffled)  # widened again: what the narrower list hid stays unselected, as before
    assert sorted(selected_ids(selection).tolist()) == even
    reselect(view, chosen, int(chosen[0]))  # the window's requery after set_ids: exactly these again
    assert sorted(selected_ids(selection).tolist()) == chosen.tolist()
    assert heard and heard[-1] == len(chosen)
    assert current_id(view) == int(chosen[0])
    plain_row = next(r for r in range(N) if ((model.id_at(r) or 0) // scale) % 3 != 1)
    selection.setCurrentIndex(model.index(plain_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    assert not selection.isSelected(view.currentIndex())
    view.clearSelection()  # Qt's C++ slot: reaches the selection through Qt's non-virtual readers
    assert selected_ids(selection).tolist() == [] and not selection.hasSelection()
    view.selectAll()  # Ctrl+A, then a re-sort: everything still selected, in the new order
    model.set_ids(shuffled[::-1].copy())
    assert selected_ids(selection).tolist() == shuffled[::-1].tolist()


@pytest.mark.parametrize("count", [1, 40, 200])  # one run, a few runs, many runs (one band announced)
def test_selection_changes_are_announced_with_the_rows_that_changed(qtbot: Any, count: int) -> None:
    view = make_view(qtbot, ours=True)
    selection = view.selectionModel()
    heard: list[tuple[set[int], set[int]]] = []

    def rows_of(ranges: Any) -> set[int]:
        return {row for r in ranges for row in range(r.top(), r.bottom() + 1)}

    selection.selectionChanged.connect(lambda on, off: heard.append((rows_of(on), rows_of(off))))
    ids = np.arange(1, 2 * count + 1, 2, dtype=np.int64)  # every other row: `count` runs
    reselect(view, ids, None)
    on, _off = heard[-1]
    wanted = {int(i) - 1 for i in ids}
    assert wanted <= on  # exact, or one band spanning them (then listeners read the selection)
    assert on == wanted if count <= list_selection.EXACT_RUNS else on == set(range(0, 2 * count - 1))
    selection.select(view.model().index(0, 0), QItemSelectionModel.SelectionFlag.Deselect)
    assert 1 not in selected_ids(selection).tolist()
    assert heard[-1] == (set(), {0})
