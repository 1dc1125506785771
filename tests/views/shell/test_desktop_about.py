"""关于 shows version, server and data location; 快捷键 is read from the window's live actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu

from reviewdesk import __version__
from reviewdesk.paths import AppPaths
from reviewdesk.views.shell.about import AboutDialog, ShortcutsDialog, collect_shortcuts
from reviewdesk.views.shell.help_menu import install_desktop_menus
from reviewdesk.views.shell.settings import AppSettings
from reviewdesk.views.shell.settings_dialog import SettingsDialog


def _window(qtbot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    review = window.menuBar().addMenu("审核(&R)")
    for text, key in (("审核通过(&P)", "Ctrl+1"), ("审核不通过(&F)", "Ctrl+4"), ("下一条", "Alt+Down")):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(key))
        review.addAction(action)
    review.addAction(QAction("没有快捷键", window))
    shortcut = QShortcut(QKeySequence("Ctrl+F"), window)
    shortcut.setWhatsThis("搜索姓名或证件号码")
    window.menuBar().addMenu(QMenu("帮助(&H)", window))
    return window


def test_shortcuts_come_from_the_live_actions(qtbot) -> None:
    window = _window(qtbot)
    entries = {(e.section, e.action): e.keys for e in collect_shortcuts(window)}
    native = QKeySequence("Ctrl+1").toString(QKeySequence.SequenceFormat.NativeText)
    assert entries[("审核", "审核通过")] == native
    assert ("审核", "下一条") in entries
    assert ("", "搜索姓名或证件号码") in entries
    assert not any(action == "没有快捷键" for _, action in entries)

    # rebinding a key changes the reference: it cannot go stale
    window.findChildren(QAction)[0].setShortcut(QKeySequence("F5"))
    dialog = ShortcutsDialog(window)
    texts = {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    assert QKeySequence("F5").toString(QKeySequence.SequenceFormat.NativeText) in texts
    assert dialog.table.accessibleName()


def test_about_dialog_shows_version_server_and_data_location(qtbot, tmp_path: Path) -> None:
    dialog = AboutDialog("https://review.example.org", tmp_path / "data", tmp_path / "logs")
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert __version__ in texts
    assert "https://review.example.org" in texts
    assert str(tmp_path / "data") in texts and str(tmp_path / "logs") in texts
    assert __version__ in dialog.summary


def test_desktop_menus_are_added_to_the_existing_help_menu(qtbot, tmp_path: Path, monkeypatch) -> None:
    window = _window(qtbot)
    paths = AppPaths.under(tmp_path)
    settings = AppSettings.for_paths(paths)
    actions = install_desktop_menus(window, paths, settings, server_url=lambda: "https://srv.example")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.count("帮助(&H)") == 1  # reused, not duplicated
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    assert [a.objectName() for a in help_menu.actions()] == [
        "action_shortcuts",
        "action_open_log_dir",
        "action_about",
    ]
    assert titles.index("工具(&T)") < titles.index("帮助(&H)")

    opened: list[str] = []
    monkeypatch.setattr(
        "reviewdesk.views.shell.about.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    actions.open_log_dir.trigger()
    assert opened == [str(paths.log_dir)] and paths.log_dir.is_dir()

    shown: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(self) or 0)
    actions.about.trigger()
    actions.shortcuts.trigger()
    actions.settings.trigger()
    assert [type(d) for d in shown] == [AboutDialog, ShortcutsDialog, SettingsDialog]
    assert "https://srv.example" in shown[0].summary
    # the new entries are themselves in the shortcut reference
    assert any(e.action == "快捷键" for e in shown[1].entries)


@pytest.mark.parametrize("with_help", [True, False])
def test_menus_created_when_missing(qtbot, tmp_path: Path, with_help: bool) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    if with_help:
        window.menuBar().addMenu("帮助")
    paths = AppPaths.under(tmp_path)
    install_desktop_menus(window, paths, AppSettings.for_paths(paths))
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert sum(t.startswith("帮助") for t in titles) == 1
    assert sum(t.startswith("工具") for t in titles) == 1
