"""The GUI start's shell: 设置/帮助 entries on every main window, one instance per data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow

from reviewdesk.paths import AppPaths
from reviewdesk.views.shell import desktop as desktop_shell
from reviewdesk.views.shell.desktop import DesktopShell, attach_current_shell, current_shell
from reviewdesk.views.shell.settings import AppSettings
from reviewdesk.views.shell.single_instance import SingleInstance


@pytest.fixture
def shell(qapp: QApplication, tmp_path: Path) -> Iterator[DesktopShell]:
    paths = AppPaths.under(tmp_path / "data").ensure()
    settings = AppSettings.at_file(paths.settings_file)
    started = DesktopShell.start(qapp, paths, settings, install_hooks=False)
    assert started is not None
    try:
        yield started
    finally:
        started.close()


def _menu_action_names(window: QMainWindow) -> set[str]:
    names = set()
    for top in window.menuBar().actions():
        if top.menu() is not None:
            names.update(action.objectName() for action in top.menu().actions())
    return names


def test_a_new_main_window_gets_settings_and_help_entries_once(qtbot, shell: DesktopShell) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    assert current_shell() is shell
    first = attach_current_shell(window)
    second = attach_current_shell(window)
    assert first is second
    names = _menu_action_names(window)
    assert {"action_settings", "action_shortcuts", "action_open_log_dir", "action_about"} <= names
    help_entries = [a for top in window.menuBar().actions() if top.menu() for a in top.menu().actions()]
    assert sum(a.objectName() == "action_about" for a in help_entries) == 1


def test_without_a_shell_windows_are_left_alone(qtbot) -> None:
    assert desktop_shell.current_shell() is None
    window = QMainWindow()
    qtbot.addWidget(window)
    assert attach_current_shell(window) is None
    assert window.menuBar().actions() == []


def test_a_second_start_on_the_same_folder_brings_the_latest_window_forward(
    qtbot, shell: DesktopShell, monkeypatch
) -> None:
    old, new = QMainWindow(), QMainWindow()
    for window in (old, new):
        qtbot.addWidget(window)
        shell.attach(window)
        window.show()
    old.close()
    raised: list[QMainWindow] = []
    monkeypatch.setattr(desktop_shell, "bring_to_front", raised.append)
    second = SingleInstance(shell.paths.data_dir)
    try:
        assert second.acquire() is False  # the second process would exit here
        qtbot.waitUntil(lambda: raised == [new], timeout=5000)
    finally:
        second.release()


def test_close_releases_the_data_folder(qapp: QApplication, tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "data").ensure()
    settings = AppSettings.at_file(paths.settings_file)
    first = DesktopShell.start(qapp, paths, settings, install_hooks=False)
    assert first is not None
    first.close()
    assert current_shell() is None
    again = SingleInstance(paths.data_dir)
    try:
        assert again.acquire()
    finally:
        again.release()
