"""The 报名材料审核 list's selection kept by id (issue 5): which records are selected, read from the
selection's ranges without walking rows, and the same records selected again after ``set_ids`` gave
them new rows (a re-sort, a wider filter). Split from ``table_model``: the model holds ids and rows,
this reads and writes a view's selection of them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QItemSelectionRange
from PySide6.QtWidgets import QAbstractItemView

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
    model = selection_model.model()
    ids = model.ids if isinstance(model, RecordTableModel) else None
    rows = selected_rows(selection_model)
    if ids is None:
        return np.array([model.index(int(r), 0).data(RecordIdRole) for r in rows], dtype=np.int64)
    return ids[rows[rows < len(ids)]]


def current_id(view: QAbstractItemView) -> int | None:
    index = view.currentIndex()
    return int(index.data(RecordIdRole)) if index.isValid() else None


def reselect(view: QAbstractItemView, ids: np.ndarray | Sequence[int], current: int | None) -> None:
    """After ``set_ids``: select again the rows showing ``ids`` (whole rows, one range per run of
    consecutive rows) and make ``current`` the current row, scrolled into view.

    The ranges already span every column, so the ``Rows`` flag is not passed: Qt's row expansion
    checks each range against all ranges expanded before it, quadratic in the runs — a selection of
    10,000 rows scattered by a new sort or a wider filter took 0.3 s, 50,000 took 6 s; without it 1 ms.
    The rows come from ``rows_of``'s table (no argsort of the new order) and the ranges are made in
    one list (issue 18: a re-sort keeping 10,000 scattered rows within the 100 ms stall goal).
    """
    model = view.model()
    assert isinstance(model, RecordTableModel)
    selection_model = view.selectionModel()
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
    row = model.row_of(current) if current is not None else None
    if row is not None:
        index = model.index(row, max(0, view.currentIndex().column()))
        selection_model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        view.scrollTo(index)
