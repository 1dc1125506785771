"""关于 (version, server, where the data and the log are) and 快捷键 (every keyboard shortcut).

Why the shortcut list is read from the window's QActions instead of written here: a hand-kept list goes
stale the day someone rebinds a key. :func:`collect_shortcuts` walks the main window's actions (menus,
toolbars, and actions added straight to the window or its children) and its ``QShortcut`` objects, so
the reference always shows what the keys really do.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk import __version__
from reviewdesk.views.common.i18n import translate

CONTEXT = "AboutDialog"
SHORTCUTS_CONTEXT = "ShortcutsDialog"


def open_folder(path: Path) -> bool:
    """Open a folder in Explorer / the file manager (creating it first, so the click never fails)."""
    path.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _path_row(path: Path | None, button_text: str) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(str(path) if path is not None else "—")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    layout.addWidget(label, 1)
    if path is not None:
        button = QPushButton(button_text)
        button.setAccessibleName(button_text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: open_folder(path))
        layout.addWidget(button)
    return row


class AboutDialog(QDialog):
    """关于 reviewdesk: what a support call asks first."""

    def __init__(
        self,
        server_url: str | None,
        data_dir: Path | None,
        log_dir: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(translate(CONTEXT, "关于 reviewdesk"))
        title = QLabel(
            "<b>reviewdesk</b><br>" + translate(CONTEXT, "卫生专业技术资格考试报名资格审核工作台（湖北考区）")
        )
        title.setTextFormat(Qt.TextFormat.RichText)
        form = QFormLayout()
        self.version_label = QLabel(__version__)
        self.version_label.setObjectName("versionLabel")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.server_label = QLabel(server_url or translate(CONTEXT, "未连接"))
        self.server_label.setObjectName("serverLabel")
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        runtime = QLabel(
            f"Python {platform.python_version()} · Qt {PySide6.QtCore.qVersion()} · PySide6 {PySide6.__version__}"
            + (" · frozen" if getattr(sys, "frozen", False) else "")
        )
        runtime.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(translate(CONTEXT, "版本："), self.version_label)
        form.addRow(translate(CONTEXT, "服务器："), self.server_label)
        form.addRow(translate(CONTEXT, "数据位置："), _path_row(data_dir, translate(CONTEXT, "打开")))
        form.addRow(translate(CONTEXT, "日志位置："), _path_row(log_dir, translate(CONTEXT, "打开")))
        form.addRow(translate(CONTEXT, "运行环境："), runtime)
        self.summary = "\n".join(
            [
                f"reviewdesk {__version__}",
                f"server: {server_url or '-'}",
                f"data: {data_dir or '-'}",
                f"logs: {log_dir or '-'}",
                runtime.text(),
                platform.platform(),
            ]
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy_button = buttons.addButton(
            translate(CONTEXT, "复制信息"), QDialogButtonBox.ButtonRole.ActionRole
        )
        copy_button.setAccessibleName(translate(CONTEXT, "复制信息"))
        copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.summary))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)


@dataclass(frozen=True)
class ShortcutEntry:
    section: str  # the menu the action sits in ("" when none)
    action: str  # the action's text, without & and trailing dots
    keys: str  # platform-native text, several bindings joined with " / "


def _clean(text: str) -> str:
    text = text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    for suffix in ("...", "…"):
        text = text.removesuffix(suffix)
    # "设置(S)" style mnemonics in Chinese menus: drop the trailing "(X)"
    if len(text) > 3 and text.endswith(")") and text[-3] == "(" and text[-2].isascii():
        text = text[:-3]
    return text.strip()


def _keys(sequences: Iterable[QKeySequence]) -> str:
    texts = [seq.toString(QKeySequence.SequenceFormat.NativeText) for seq in sequences if not seq.isEmpty()]
    return " / ".join(dict.fromkeys(t for t in texts if t))


def _menu_of(action: QAction) -> str:
    for widget in action.associatedObjects():
        title = getattr(widget, "title", None)
        if callable(title) and title():
            return _clean(title())
    return ""


#: Dynamic property naming where a key works when it is not on a menu ("专项信息", "报名材料审核").
SECTION_PROPERTY = "shortcut_section"


def _section_of(item: QAction | QShortcut) -> str:
    return str(item.property(SECTION_PROPERTY) or "")


def _merged(entries: list[ShortcutEntry]) -> list[ShortcutEntry]:
    """One row per (section, action): several keys for one thing (空格, 回车…) joined with " / "."""
    keys: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        keys.setdefault((entry.section, entry.action), []).extend(entry.keys.split(" / "))
    return [
        ShortcutEntry(section, action, " / ".join(dict.fromkeys(found)))
        for (section, action), found in keys.items()
    ]


def collect_shortcuts(window: QWidget) -> list[ShortcutEntry]:
    """Every action with a shortcut and every QShortcut under ``window``, in menu order."""
    entries: list[ShortcutEntry] = []
    seen: set[int] = set()
    actions = [*window.actions(), *window.findChildren(QAction)]
    for action in actions:
        if id(action) in seen:
            continue
        seen.add(id(action))
        keys = _keys(action.shortcuts())
        if not keys or action.isSeparator():
            continue
        text = _clean(action.text()) or _clean(action.toolTip()) or action.objectName()
        entries.append(ShortcutEntry(_menu_of(action) or _section_of(action), text, keys))
    for shortcut in window.findChildren(QShortcut):
        keys = _keys([shortcut.key()])
        if not keys:
            continue
        text = shortcut.whatsThis() or str(shortcut.property("description") or "") or shortcut.objectName()
        entries.append(ShortcutEntry(_section_of(shortcut), _clean(text), keys))
    return _merged(entries)


class ShortcutsDialog(QDialog):
    """快捷键: a searchable-by-eye table of 菜单 / 操作 / 快捷键, built from the live window."""

    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(translate(SHORTCUTS_CONTEXT, "快捷键"))
        self.entries = collect_shortcuts(window)
        self.table = QTableWidget(len(self.entries), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(translate(SHORTCUTS_CONTEXT, "快捷键列表"))
        self.table.setHorizontalHeaderLabels(
            [
                translate(SHORTCUTS_CONTEXT, "菜单"),
                translate(SHORTCUTS_CONTEXT, "操作"),
                translate(SHORTCUTS_CONTEXT, "快捷键"),
            ]
        )
        for row, entry in enumerate(self.entries):
            for column, text in enumerate((entry.section, entry.action, entry.keys)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.table.verticalHeader().setVisible(False)
        # 菜单 and 快捷键 as wide as their longest text, header included ("eyboard shortcu" in English
        # at a fixed width); 操作 takes the rest.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(max(560, header.length() + 40), 480)
