"""Regression test for the PySide6-Essentials 6.12.0 / CPython 3.11 hazard.

That build decrements ``None``'s refcount on every void-returning Qt call (``widget.resize()``,
``beginResetModel()``…) until the interpreter aborts with "deallocating None". pyproject.toml pins
around it; this test fails loudly if a broken build slips back in.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex
from PySide6.QtWidgets import QWidget


class _EmptyModel(QAbstractListModel):
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0

    def data(self, index: QModelIndex, role: int = 0) -> None:
        return None


def test_void_qt_calls_do_not_leak_none_references(qapp) -> None:
    widget = QWidget()
    model = _EmptyModel()
    before = sys.getrefcount(None)
    for i in range(10_000):
        widget.resize(100 + i % 7, 80)
        model.beginResetModel()
        model.endResetModel()
    after = sys.getrefcount(None)
    # Other threads and the interpreter may take or drop a handful of references meanwhile; the bug
    # loses one per call (20,000 here), so a small tolerance cannot hide it.
    assert abs(after - before) < 100, f"None refcount moved by {after - before} over 20,000 void calls"
