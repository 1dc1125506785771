"""An optional date a reviewer can type, pick from a calendar, or clear (提交时间, 入学时间, 毕业时间).

Why not ``QDateEdit``: an empty bound was its minimum date shown as a special text (全部), and typing
into that edited the hidden sections — "2026-12-10" became "全部2022222261210" and filtered nothing —
while its calendar opened at that minimum (一月 2000, or 1900). Here the text is free: any of
2026-12-10, 2026/12/10, 2026.12.10, 20261210 is read on Enter or leaving the field (and as soon as a
complete date is typed), an empty field is no bound (its placeholder says 全部 or 不限), the ✕ clears
it, and the calendar button opens at the chosen date or, when empty, near the data (:meth:`set_near`).
Anything else turns the field red with the expected form, and the bound is left open: nothing typed
is thrown away.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from reviewdesk.views.common.i18n import translate

CONTEXT = "DateField"
#: Where the calendar opens when the field is empty: a date, a function giving one, or None (today).
Near = date | Callable[[], date | None] | None
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})\s*日?\s*$")  # i18n: not UI
INVALID_STYLE = "QLineEdit { border: 1px solid #c62828; }"


def parse_date(text: str) -> date | None:
    """A date from what a reviewer types (2026-12-10, 2026/12/10, 2026.12.10, 20261210, 2026年12月10日);
    None when it is not one (or not a real day)."""
    match = _DATE.match(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


class DateField(QWidget):
    """``value()`` is the date or None (no bound); ``changed`` is emitted when it changes."""

    changed = Signal()

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: date | None = None
        self._near: Near = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(empty_text)
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(translate(CONTEXT, "输入日期，如 2026-12-10；清空则不限"))
        width = self.edit.fontMetrics().horizontalAdvance("2026-12-10") + 48
        self.edit.setMinimumWidth(max(width, self.edit.fontMetrics().horizontalAdvance(empty_text) + 48))
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(translate(CONTEXT, "从日历中选择"))
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self._menu = QMenu(self)
        action = QWidgetAction(self._menu)
        action.setDefaultWidget(self.calendar)
        self._menu.addAction(action)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.button.clicked.connect(self.open_calendar)
        self.edit.editingFinished.connect(self._typed)
        self.edit.textChanged.connect(self._typing)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    # -- value ------------------------------------------------------------------------------------------
    def value(self) -> date | None:
        return self._value

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (None: empty); emits ``changed`` when it differs."""
        self.edit.setText(value.isoformat() if value else "")
        self._mark(valid=True)
        self._set(value)

    def set_near(self, near: Near) -> None:
        """Where the calendar opens while the field is empty (the data's dates, not 2000 or 1900): a
        date, or a function asked when the calendar opens (the data change with every sync)."""
        self._near = near

    def is_valid(self) -> bool:
        """Whether the text is empty or a date."""
        text = self.edit.text().strip()
        return not text or parse_date(text) is not None

    # -- calendar ---------------------------------------------------------------------------------------
    @Slot()
    def open_calendar(self) -> None:
        near = self._near() if callable(self._near) else self._near
        shown = self._value or near or date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.setCurrentPage(shown.year, shown.month)
        self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    @Slot(QDate)
    def _picked(self, picked: QDate) -> None:
        self._menu.hide()
        self.set_value(picked.toPython())

    # -- typing -----------------------------------------------------------------------------------------
    @Slot(str)
    def _typing(self, text: str) -> None:
        """Empty (the ✕ or a deleted text) clears at once; a complete date applies at once."""
        stripped = text.strip()
        if not stripped:
            self._mark(valid=True)
            self._set(None)
            return
        parsed = parse_date(stripped)
        if parsed is not None and len(stripped) >= 8:
            self._mark(valid=True)
            self._set(parsed)

    @Slot()
    def _typed(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self._set(None)
            return
        parsed = parse_date(text)
        if parsed is None:
            self._mark(valid=False)
            self._set(None)
            return
        self._mark(valid=True)
        if self.edit.text() != parsed.isoformat():
            self.edit.setText(parsed.isoformat())
        self._set(parsed)

    def _mark(self, *, valid: bool) -> None:
        self.edit.setStyleSheet("" if valid else INVALID_STYLE)
        self.edit.setToolTip(
            translate(CONTEXT, "输入日期，如 2026-12-10；清空则不限")
            if valid
            else translate(CONTEXT, "不是有效的日期，请输入如 2026-12-10（此条件暂不生效）")
        )

    def _set(self, value: date | None) -> None:
        if value != self._value:
            self._value = value
            self.changed.emit()
