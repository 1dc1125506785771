"""The desktop-integration menu entries: 设置, and 帮助 → 快捷键 / 打开日志目录 / 关于.

Why a function that adds them to an existing window, instead of lines in the main window: the main
window is about reviewing; these entries are about the program on a PC. :func:`install_desktop_menus`
finds the window's 帮助 menu (or adds one at the end), and a 工具 menu for 设置 (or reuses one with the
object name ``menu_tools``), so the main window needs no knowledge of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from reviewdesk.paths import AppPaths
from reviewdesk.views.common.i18n import translate
from reviewdesk.views.shell.about import AboutDialog, ShortcutsDialog, open_folder
from reviewdesk.views.shell.settings import AppSettings
from reviewdesk.views.shell.settings_dialog import SettingsDialog

CONTEXT = "MainWindow"


@dataclass
class DesktopActions:
    settings: QAction
    shortcuts: QAction
    open_log_dir: QAction
    about: QAction


def _find_menu(window: QMainWindow, object_name: str, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and (
            menu.objectName() == object_name or menu.title().replace("&", "").startswith(title)
        ):
            return menu
    return None


def _menu(window: QMainWindow, object_name: str, title: str, label: str, before_help: bool) -> QMenu:
    menu = _find_menu(window, object_name, title)
    if menu is not None:
        return menu
    menu = QMenu(label, window)
    menu.setObjectName(object_name)
    help_menu = _find_menu(window, "menu_help", translate(CONTEXT, "帮助"))
    if before_help and help_menu is not None:
        window.menuBar().insertMenu(help_menu.menuAction(), menu)
    else:
        window.menuBar().addMenu(menu)
    return menu


def install_desktop_menus(
    window: QMainWindow,
    paths: AppPaths,
    settings: AppSettings,
    server_url: Callable[[], str | None] = lambda: None,
    on_language_changed: Callable[[str], None] | None = None,
    on_layout_reset: Callable[[], None] | None = None,
) -> DesktopActions:
    """Add the four entries to ``window``'s menu bar and return their actions."""
    help_menu = _menu(window, "menu_help", translate(CONTEXT, "帮助"), translate(CONTEXT, "帮助(&H)"), False)
    tools_menu = _menu(window, "menu_tools", translate(CONTEXT, "工具"), translate(CONTEXT, "工具(&T)"), True)

    settings_action = QAction(translate(CONTEXT, "设置(&P)..."), window)
    settings_action.setObjectName("action_settings")
    settings_action.setShortcut(QKeySequence("Ctrl+,"))
    settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def show_settings() -> None:
        dialog = SettingsDialog(settings, window)
        if on_language_changed is not None:
            dialog.language_changed.connect(on_language_changed)
        if on_layout_reset is not None:
            dialog.layout_reset_requested.connect(on_layout_reset)
        dialog.exec()

    settings_action.triggered.connect(show_settings)
    tools_menu.addAction(settings_action)

    shortcuts_action = QAction(translate(CONTEXT, "快捷键(&K)"), window)
    shortcuts_action.setObjectName("action_shortcuts")
    shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
    shortcuts_action.triggered.connect(lambda: ShortcutsDialog(window).exec())

    log_action = QAction(translate(CONTEXT, "打开日志目录(&L)"), window)
    log_action.setObjectName("action_open_log_dir")
    log_action.triggered.connect(lambda: open_folder(paths.log_dir))

    about_action = QAction(translate(CONTEXT, "关于(&A)"), window)
    about_action.setObjectName("action_about")
    about_action.setMenuRole(QAction.MenuRole.AboutRole)
    about_action.triggered.connect(
        lambda: AboutDialog(server_url(), paths.data_dir, paths.log_dir, window).exec()
    )

    if help_menu.actions():
        help_menu.addSeparator()
    for action in (shortcuts_action, log_action, about_action):
        help_menu.addAction(action)
    return DesktopActions(settings_action, shortcuts_action, log_action, about_action)
