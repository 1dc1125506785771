"""Every control of the workstation can be reached with the keyboard and has a name a screen reader
reads (issue 7: keyboard navigation everywhere, accessible names on controls).

Walks the real main window on a seeded server through its three pages (报名材料审核, 专项信息,
本单位确认码) with the 高级搜索 panel open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QWidget,
)

from reviewdesk.views.review.window import MainWindow

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own widgets (a table's corner button, a spin box's line edit, a line
    edit's clear button, a combo box's popup list, the header views): named by their owner."""
    parent = widget.parent()
    return (
        widget.objectName().startswith("qt_")
        or isinstance(widget, QHeaderView)
        or isinstance(parent, QLineEdit | QAbstractSpinBox)
        or (parent is not None and parent.inherits("QComboBoxPrivateContainer"))
    )


def _name(widget: QWidget, buddies: dict[int, str]) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and (widget.text() or widget.toolTip()):
        return widget.text() or widget.toolTip()
    return buddies.get(id(widget), "")


def _controls(main: MainWindow) -> list[QWidget]:
    return [w for w in main.findChildren(QWidget) if isinstance(w, CONTROLS) and not _qt_internal(w)]


def test_every_control_has_a_name_and_takes_the_keyboard(window: MainWindow) -> None:
    window.filter_panel.advanced_button.click()  # 高级搜索 open: its controls too
    unnamed: list[str] = []
    unreachable: list[str] = []
    checked = 0
    for key in window.pages:
        window.show_page(key)
        buddies = {id(label.buddy()): label.text() for label in window.findChildren(QLabel) if label.buddy()}
        for widget in _controls(window):
            checked += 1
            where = f"{key}: {type(widget).__name__} {widget.objectName()!r}"
            if not _name(widget, buddies):
                unnamed.append(where)
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(widget, QAbstractButton):
                unreachable.append(where)
    assert checked > 60  # the filters, buttons, lists and tables of the three pages
    assert sorted(set(unnamed)) == []
    assert sorted(set(unreachable)) == []


def test_the_list_and_the_navigation_are_named_for_screen_readers(window: MainWindow) -> None:
    names = {w.accessibleName() for w in (window.table, window.nav)}
    assert names == {"考生列表", "申报管理"}
