"""The 报名材料审核 list's selection kept by id (issue 5): which records are selected, read from the
selection's ranges without walking rows, and the same records selected again after ``set_ids`` gave
them new rows (a re-sort, a wider filter). Split from ``table_model``: the model holds ids and rows,
this reads and writes a view's selection of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QItemSelectionRange,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
)
from PySide6.QtWidgets import QAbstractItemView

from reviewdesk.store.filters import SortKey
from reviewdesk.views.review.table_model import RecordIdRole, RecordTableModel, row_runs


def selected_rows(selection_model: QItemSelectionModel) -> np.ndarray:
    """Selected row numbers, ascending, built from the selection's ranges (Ctrl+A on 10^6 rows is one
    range: one ``arange``, no walk over rows or indexes)."""
    spans = sorted({(r.top(), r.bottom()) for r in selection_model.selection() if r.isValid()})
    if not spans:
        return np.zeros(0, dtype=np.int64)
    merged: list[list[int]] = []
    for top, bottom in spans:
        if merged and top <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return np.concatenate([np.arange(top, bottom + 1, dtype=np.int64) for top, bottom in merged])


def selected_ids(selection_model: QItemSelectionModel) -> np.ndarray:
    """Ids of the selected rows, in display order (numpy int64; see :func:`selected_rows`)."""
    if isinstance(selection_model, IdSelectionModel):
        return selection_model.selected_ids()
    model = selection_model.model()
    ids = model.ids if isinstance(model, RecordTableModel) else None
    rows = selected_rows(selection_model)
    if ids is None:
        return np.array([model.index(int(r), 0).data(RecordIdRole) for r in rows], dtype=np.int64)
    return ids[rows[rows < len(ids)]]


def selected_count(selection_model: QItemSelectionModel) -> int:
    """How many rows are selected (the window's 已选 label), without listing them on the list's
    :class:`IdSelectionModel`."""
    if isinstance(selection_model, IdSelectionModel):
        return selection_model.selected_count()
    return len(selected_ids(selection_model))


def current_id(view: QAbstractItemView) -> int | None:
    index = view.currentIndex()
    return int(index.data(RecordIdRole)) if index.isValid() else None


def reselect(view: QAbstractItemView, ids: np.ndarray | Sequence[int], current: int | None) -> None:
    """After ``set_ids``: select again the rows showing ``ids`` and make ``current`` the current row,
    scrolled into view. On the list's :class:`IdSelectionModel` (the window's) that is one scatter into
    its row array; on Qt's own selection model, one range per run of consecutive rows, as follows.

    The ranges already span every column, so the ``Rows`` flag is not passed: Qt's row expansion
    checks each range against all ranges expanded before it, quadratic in the runs — a selection of
    10,000 rows scattered by a new sort or a wider filter took 0.3 s, 50,000 took 6 s; without it 1 ms.
    The rows come from ``rows_of``'s table (no argsort of the new order) and the ranges are made in
    one list (issue 18: a re-sort keeping 10,000 scattered rows within the 100 ms stall goal).
    """
    model = view.model()
    assert isinstance(model, RecordTableModel)
    selection_model = view.selectionModel()
    if isinstance(selection_model, IdSelectionModel):
        selection_model.select_ids(ids)
    else:
        _reselect_ranges(view, model, selection_model, ids)
    row = model.row_of(current) if current is not None else None
    if row is not None:
        index = model.index(row, max(0, view.currentIndex().column()))
        selection_model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        view.scrollTo(index)


def replace_ids(view: QAbstractItemView, ids: np.ndarray, sort: SortKey | None = None) -> bool:
    """Show ``ids`` (a new filter's or sort's answer) in ``view``'s list keeping the selected and the
    current records by id, as the window does after every query (a re-sort, a wider filter, a
    decision that moved rows). Nothing happens when the list already shows exactly these ids.
    Returns False when the current record is no longer in the list (the detail pane lets it go)."""
    model = view.model()
    assert isinstance(model, RecordTableModel)
    if len(ids) == len(model.ids) and bool(np.array_equal(ids, model.ids)):
        return True
    chosen = selected_ids(view.selectionModel())
    current = current_id(view)
    model.set_ids(ids, sort)
    reselect(view, chosen, current)
    return current is None or model.row_of(current) is not None


def _reselect_ranges(
    view: QAbstractItemView,
    model: RecordTableModel,
    selection_model: QItemSelectionModel,
    ids: np.ndarray | Sequence[int],
) -> None:
    """``reselect`` on Qt's own selection model (a view without :func:`install`)."""
    rows = model.rows_of(np.asarray(ids, dtype=np.int64))
    rows = rows[rows >= 0]
    last_column = model.columnCount() - 1
    # One range per run of rows; indexes made by createIndex (model.index() would ask rowCount and
    # columnCount of the Python model for each), the list converted in one call: 10,000 scattered
    # rows cost ~25 ms this way, ~60 ms range by range.
    make = model.createIndex
    selection = QItemSelection()
    selection.append(
        [QItemSelectionRange(make(first, 0), make(last, last_column)) for first, last in row_runs(rows)]
    )
    # Told of a new selection, Qt's view works out the on-screen region of every range to repaint it
    # (~30 ms for 10,000 scattered rows). After ``set_ids`` the whole viewport repaints anyway, so the
    # selection is set quietly, the viewport repainted, and listeners (the window's count) told that
    # the selection changed — without the ranges.
    selection_model.blockSignals(True)
    try:
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    finally:
        selection_model.blockSignals(False)
    view.viewport().update()
    selection_model.selectionChanged.emit(QItemSelection(), QItemSelection())


_Flag = QItemSelectionModel.SelectionFlag
#: Above this many runs of changed rows, ``selectionChanged`` carries one range spanning them all
#: (the view repaints that band; listeners read the selection itself): a QItemSelection of 10,000
#: scattered ranges costs ~20 ms to build and the view ~30 ms to turn into a repaint region.
EXACT_RUNS = 32


class IdSelectionModel(QItemSelectionModel):
    """The list's selection as a boolean array over its rows, not Qt's ranges (issue 18).

    Why: Qt's view asks ``QItemSelectionModel::isSelected`` of every cell it paints, and that walks
    every selected range — 10,000 scattered rows (a selection after a re-sort) are 10,000 ranges, so
    each repaint of one screen cost 35–90 ms, and building those ranges of persistent indexes ~20 ms
    more. Here the selection is one ``bool`` per row: a painted row asks one element
    (``table_delegate`` puts ``State_Selected`` in the cell's option from it), the selected ids are one
    gather, and a re-sort or a wider filter carries the selection across ``set_ids`` by id (the ids
    read before the model reset, their new rows found with ``rows_of`` after it) — O(n) numpy work,
    ~5 ms at 10^6 rows however scattered, with no Python per row.

    Qt's own ranges hold at most two rows (see ``_mirror_current``): every change goes through the
    virtual ``select`` (clicks, Shift and
    Ctrl clicks, keys, Ctrl+A, ``setCurrentIndex`` with a command), which applies Qt's semantics —
    Clear, then the pending "current" selection committed unless ``Current`` is given, then the new
    one pending with its Select/Deselect/Toggle — to the arrays. The non-virtual readers
    (``isSelected``, ``hasSelection``, ``selection``, ``selectedRows``, ``selectedIndexes``,
    ``clearSelection``) are answered here for Python callers; Qt's C++ code sees an empty selection
    (the view's paint — hence the delegate —, and the press that would defer a click on an already
    selected row to its release for a drag, which the list does not start)."""

    def __init__(self, model: RecordTableModel, parent: QObject | None = None) -> None:
        super().__init__(model, parent)
        self._table = model
        self._base = np.zeros(model.row_count, dtype=bool)  # committed
        self._pending: np.ndarray | None = None  # rows of Qt's "current selection" (a drag, Shift)
        self._pending_command = _Flag.NoUpdate
        self._effective: np.ndarray | None = None  # base with pending applied (cached)
        self._carried: np.ndarray | None = None  # ids selected just before a model reset
        self._carried_count = 0
        self._reset_for: np.ndarray | None = None  # the id array the last reset placed them in
        self._mirrored: tuple[int, ...] = ()  # the rows held in Qt's own ranges (_mirror_current)
        model.modelAboutToBeReset.connect(self._before_reset)

    def _qt_select(self, selection: QItemSelection, command: Any = _Flag.Select) -> None:
        """Qt's own ranges, changed quietly (they are not the selection: see the class doc)."""
        self.blockSignals(True)
        try:
            QItemSelectionModel.select(self, selection, command)
        finally:
            self.blockSignals(False)

    # -- reading --------------------------------------------------------------------------------------
    def selected_mask(self) -> np.ndarray:
        """One bool per row of the model (read-only view; do not keep it across a change)."""
        rows = self._table.row_count
        if len(self._base) != rows:  # rows came or went without a reset: keep what still exists
            base = np.zeros(rows, dtype=bool)
            keep = min(rows, len(self._base))
            base[:keep] = self._base[:keep]
            self._base, self._pending, self._effective = base, None, None
        if self._effective is None:
            self._effective = _merged(self._base, self._pending, self._pending_command)
        return self._effective

    def selected_rows(self) -> np.ndarray:
        return np.flatnonzero(self.selected_mask()).astype(np.int64)

    def selected_ids(self) -> np.ndarray:
        """Ids of the selected rows, in display order (read-only). One run of rows — Ctrl+A, a
        shift-click — is a slice of the model's ids, no copy (10^6 ids copied: 8 MB)."""
        mask = self.selected_mask()
        ids = self._table.ids
        if len(ids) != len(mask):
            return np.zeros(0, dtype=np.int64)
        count = int(np.count_nonzero(mask))
        first = int(mask.argmax()) if count else 0
        if mask[first : first + count].all():
            return ids[first : first + count]
        return ids[mask]

    def selected_count(self) -> int:
        return int(np.count_nonzero(self.selected_mask()))

    def row_selected(self, row: int) -> bool:
        mask = self.selected_mask()
        return 0 <= row < len(mask) and bool(mask[row])

    def hasSelection(self) -> bool:
        return bool(self.selected_mask().any())

    def isSelected(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return index.isValid() and index.model() is self._table and self.row_selected(index.row())

    def isRowSelected(
        self,
        row: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> bool:
        return self.row_selected(row)

    def selection(self) -> QItemSelection:
        """Qt's form (one range per run of rows): for small selections; lists use ``selected_ids``."""
        return self._ranges(self.selected_rows())

    def selectedRows(self, column: int = 0) -> list[QModelIndex]:
        make = self._table.createIndex
        return [make(int(row), column) for row in self.selected_rows()]

    def selectedIndexes(self) -> list[QModelIndex]:
        make = self._table.createIndex
        columns = range(self._table.columnCount())
        return [make(int(row), column) for row in self.selected_rows() for column in columns]

    # -- changing ---------------------------------------------------------------------------------------
    def select(self, selection: Any, command: Any) -> None:
        """Qt's ``select`` (both overloads: an index or a selection) on the arrays; see the class doc."""
        command = _Flag(command)
        self._carried = None
        if command == _Flag.NoUpdate:
            return
        rows = self._table.row_count
        chosen = np.zeros(rows, dtype=bool)
        if isinstance(selection, QModelIndex | QPersistentModelIndex):
            spans = [(selection.row(), selection.row())] if selection.isValid() else []
        else:
            spans = [(r.top(), r.bottom()) for r in selection if r.isValid()]
        for top, bottom in spans:
            chosen[max(0, top) : min(rows, bottom + 1)] = True
        before = self.selected_mask().copy()
        if command & _Flag.Clear:
            self._base = np.zeros(rows, dtype=bool)
            self._pending = None
        if not command & _Flag.Current:  # commit the pending selection, start a new one
            self._base = _merged(self._base, self._pending, self._pending_command)
            self._pending = None
        if command & (_Flag.Toggle | _Flag.Select | _Flag.Deselect):
            self._pending, self._pending_command = chosen, command
        self._effective = None
        self._mirror_current()
        self._announce(before)

    def setCurrentIndex(self, index: QModelIndex | QPersistentModelIndex, command: Any) -> None:
        super().setCurrentIndex(index, command)
        self._mirror_current()

    def _mirror_current(self) -> None:
        """Keep in Qt's own ranges the current row when it is selected, and the first selected row
        (two ranges at most: nothing to walk). Qt's C++ asks its non-virtual readers in two places
        that matter: a Ctrl+click makes the pressed row current and then asks ``isSelected`` of it to
        choose between Select and Deselect (with the row there, a selected row is deselected, as with
        Qt's own model); and ``clearSelection`` does nothing when Qt's ranges are empty (with a
        selected row there, it reaches :meth:`select` and clears everything)."""
        mask = self.selected_mask()
        wanted: set[int] = set()
        current = self.currentIndex()
        if current.isValid() and self.row_selected(current.row()):
            wanted.add(current.row())
        if len(mask) and mask.any():
            wanted.add(int(mask.argmax()))
        rows = tuple(sorted(wanted))
        if rows == self._mirrored:
            return
        self._qt_select(QItemSelection(), _Flag.Clear)
        last = self._table.columnCount() - 1
        for row in rows:
            make = self._table.createIndex
            self._qt_select(QItemSelection(make(row, 0), make(row, last)))
        self._mirrored = rows

    def select_ids(self, ids: np.ndarray | Sequence[int]) -> None:
        """Exactly the rows showing these ids, committed (ids not shown are ignored)."""
        wanted = np.asarray(ids, dtype=np.int64)
        if self._carries(wanted):  # MainWindow.requery: the reset already placed exactly these
            self._carried = None
            self.selectionChanged.emit(QItemSelection(), QItemSelection())  # the count may differ
            return
        self._carried = None
        before = self.selected_mask().copy()
        rows = self._table.rows_of(wanted)
        base = np.zeros(self._table.row_count, dtype=bool)
        base[rows[rows >= 0]] = True
        self._base, self._pending, self._effective = base, None, None
        self._mirror_current()
        self._announce(before)

    def _carries(self, ids: np.ndarray) -> bool:
        """The selection carried across the last reset (a table by id) is exactly ``ids`` (distinct,
        as ``selected_ids`` gives them): one gather of ``len(ids)``, no table of rows."""
        carried = self._carried
        if carried is None or carried.dtype != bool or len(ids) != self._carried_count or not len(ids):
            return False
        if int(ids.min()) < 0 or int(ids.max()) >= len(carried):
            return False
        return bool(carried[ids].all())

    def clear(self) -> None:
        self.clearSelection()
        self.clearCurrentIndex()

    def clearSelection(self) -> None:
        self.select(QItemSelection(), _Flag.Clear)

    def reset(self) -> None:
        """After the model's reset (``set_ids``): the ids selected before it, at their new rows."""
        # Qt's reset is clear() with signals blocked, and clear() would drop the carried ids: its two
        # parts here instead — Qt's own ranges and the current index, quietly.
        self._mirrored = ()
        self._qt_select(QItemSelection(), _Flag.Clear)
        self.blockSignals(True)
        try:
            self.clearCurrentIndex()
        finally:
            self.blockSignals(False)
        # Qt calls this more than once per model reset (the model's signal, the view's own reset):
        # the ids stay carried until the next reset or selection change, and the rows are found once
        # per id array (a 10^6 gather each time otherwise).
        ids = self._table.ids
        if self._reset_for is ids and len(self._base) == len(ids):
            self._mirror_current()
            return
        self._reset_for = ids
        carried = self._carried
        self._base = np.zeros(self._table.row_count, dtype=bool)
        self._pending, self._effective = None, None
        if carried is not None and carried.dtype == bool:  # a table by id
            inside = ids < len(carried)
            if inside.all():
                self._base = carried[ids]
            else:
                self._base[inside] = carried[ids[inside]]
        elif carried is not None and len(carried):
            rows = self._table.rows_of(carried)
            self._base[rows[rows >= 0]] = True
        self._mirror_current()

    def _before_reset(self) -> None:
        """Carry the selection across the model's reset by id: as a table by id when the ids are
        dense (one scatter, no list of ids: Ctrl+A on 10^6 rows would be 8 MB), else the ids."""
        mask = self.selected_mask()
        ids = self._table.ids
        self._reset_for = None
        if len(ids) != len(mask) or not mask.any():
            self._carried = None
            return
        self._carried_count = int(np.count_nonzero(mask))
        high = int(ids.max())
        if int(ids.min()) >= 0 and high < 4 * len(ids) + 65_536:
            by_id = np.zeros(high + 1, dtype=bool)
            by_id[ids] = mask
            self._carried = by_id
        else:
            self._carried = self.selected_ids().copy()

    def _announce(self, before: np.ndarray) -> None:
        """``selectionChanged`` with the rows that changed: exact when they are few runs, else one
        range spanning them (see ``EXACT_RUNS``)."""
        after = self.selected_mask()
        if len(before) != len(after):
            before = np.zeros(len(after), dtype=bool)
        # per row: 0 unchanged, 1 lost, 2 gained; runs of one state found from its edges (O(n) over
        # bytes, nothing allocated per changed row: Ctrl+A on 10^6 rows is two edges)
        state = (before != after).view(np.int8) * (after.view(np.int8) + 1)
        edges = np.flatnonzero(state[1:] != state[:-1]) + 1
        starts = np.concatenate(([0], edges)) if len(state) else edges
        ends = np.concatenate((edges, [len(state)])) if len(state) else edges
        kinds = state[starts] if len(starts) else state[:0]
        runs = [(int(a), int(b) - 1, int(k)) for a, b, k in zip(starts, ends, kinds, strict=True) if k]
        if not runs:
            return
        make, last = self._table.createIndex, self._table.columnCount() - 1
        if len(runs) > EXACT_RUNS:
            band = QItemSelection(make(runs[0][0], 0), make(runs[-1][1], last))
            self.selectionChanged.emit(band, band)
            return
        gained, lost = QItemSelection(), QItemSelection()
        for first, final, kind in runs:
            (gained if kind == 2 else lost).append(QItemSelectionRange(make(first, 0), make(final, last)))
        self.selectionChanged.emit(gained, lost)

    def _ranges(self, rows: np.ndarray) -> QItemSelection:
        selection = QItemSelection()
        if len(rows):
            make, last = self._table.createIndex, self._table.columnCount() - 1
            selection.append(
                [QItemSelectionRange(make(a, 0), make(b, last)) for a, b in row_runs(np.sort(rows))]
            )
        return selection


def _merged(base: np.ndarray, pending: np.ndarray | None, command: Any) -> np.ndarray:
    """Qt's ``QItemSelection::merge`` of the pending selection into the committed one."""
    if pending is None or len(pending) != len(base):
        return base
    if command & _Flag.Deselect:
        return base & ~pending
    if command & _Flag.Toggle:
        return base ^ pending
    if command & _Flag.Select:
        return base | pending
    return base


def install(view: QAbstractItemView, model: RecordTableModel) -> IdSelectionModel:
    """Give ``view`` (showing ``model``) the list's selection model; the view's old one is deleted."""
    selection = IdSelectionModel(model, view)
    view.setSelectionModel(selection)
    return selection
