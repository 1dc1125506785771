"""The list's column layout: which columns show (the header's context menu, 视图 → 列…), 恢复默认列, and
the window's geometry, splitter and columns kept across runs in the settings.

Why one place reads and writes the layout (:meth:`restore_state` / :meth:`save_state`): a reviewer
arranges the list once; reading it from several places is how layouts get half-restored. A part of
``MainWindow`` (a mixin): it uses the window's ``table``, ``model``, ``splitter`` and ``settings``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from reviewdesk.store.columns import COLUMNS_BY_KEY, DEFAULT_VISIBLE
from reviewdesk.views.common.column_titles import column_title
from reviewdesk.views.common.i18n import translate

log = logging.getLogger(__name__)

CONTEXT = "MainWindow"
#: The settings' name of the list's layout (columns and splitter).
TABLE_LAYOUT = "review_list"
#: Room around a header's title (section margins), in pixels.
TITLE_PADDING = 16


class MainWindowColumns:
    """Column chooser and saved layout of :class:`reviewdesk.views.review.window.MainWindow`."""

    def default_column_width(self, column: int) -> int:
        """``store.columns``' width, widened to the header's title when it does not fit: the widths
        were chosen for the Chinese titles, and the English ones are longer."""
        header = self.table.horizontalHeader()
        title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = COLUMNS_BY_KEY[self.model.column_key(column)].width
        return max(width, header.fontMetrics().horizontalAdvance(title) + TITLE_PADDING)

    def _header_menu(self, position: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.addSection(translate(CONTEXT, "显示的列"))
        for column, key in enumerate(self.model.column_keys()):
            action = menu.addAction(column_title(key))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.set_column_visible(c, on))
        menu.popup(header.mapToGlobal(position))
        self._column_menu = menu

    def set_column_visible(self, column: int, visible: bool) -> None:
        header = self.table.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return
        header.setSectionHidden(column, not visible)

    def _reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column, key in enumerate(self.model.column_keys()):
            header.setSectionHidden(column, key not in DEFAULT_VISIBLE)
            header.moveSection(header.visualIndex(column), column)
            self.table.setColumnWidth(column, self.default_column_width(column))

    def restore_state(self, settings: Any = None) -> None:
        """Window geometry, splitter and list columns (order, widths, hidden, sort) from ``settings``
        (the ``views.shell.settings`` QSettings wrapper; default: the window's own). The one place they are read."""
        if settings is not None:
            self.settings = settings
        self._restore_layout()

    def save_state(self, settings: Any = None) -> None:
        """The counterpart of :meth:`restore_state`; called on close. The one place they are written."""
        if settings is not None:
            self.settings = settings
        self.save_layout()

    def _column_titles(self) -> list[str]:
        return [
            str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            for column in range(self.model.columnCount())
        ]

    def _widen_to_titles(self) -> None:
        """Widen the shown columns narrower than their title (never narrows one)."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for column, title in enumerate(self._column_titles()):
            needed = metrics.horizontalAdvance(title) + TITLE_PADDING
            if not header.isSectionHidden(column) and self.table.columnWidth(column) < needed:
                self.table.setColumnWidth(column, needed)

    def _default_widths(self) -> None:
        """Every shown column at its default width for the current titles (order and hiding kept)."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if not header.isSectionHidden(column):
                self.table.setColumnWidth(column, self.default_column_width(column))

    def _restore_layout(self) -> None:
        if self.settings is None:
            return
        try:
            restored = self.settings.restore_columns(
                self.table.horizontalHeader(), TABLE_LAYOUT, self.model.column_keys()
            )
            saved_titles = self.settings.saved_column_titles(TABLE_LAYOUT)
            if restored and saved_titles is None:  # saved before the titles were kept
                self._widen_to_titles()
            elif restored and saved_titles != self._column_titles():
                # Saved in another language (设置 → 语言): those widths were made for other titles
                # (English ones are cut at Chinese widths; Chinese ones float in English widths).
                self._default_widths()
            self.settings.restore_splitter(self.splitter, TABLE_LAYOUT)
            self.settings.restore_window(self, "main")
        except Exception:
            log.exception("restoring the layout failed")

    def save_layout(self) -> None:
        if self.settings is None:
            return
        try:
            self.settings.save_columns(
                self.table.horizontalHeader(), TABLE_LAYOUT, self.model.column_keys(), self._column_titles()
            )
            self.settings.save_splitter(self.splitter, TABLE_LAYOUT)
            self.settings.save_window(self, "main")
        except Exception:
            log.exception("saving the layout failed")
