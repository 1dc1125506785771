"""What the GUI start adds around the review windows: crash dialog, languages, one instance, menus.

Why one object: ``app.main()`` should say "start the desktop shell" once (and stop if another
reviewdesk already has this data folder), and every main window — the login's, a 切换账号 window, the
demo's — should get the same 设置/帮助 entries and be the one brought forward when the program is
started a second time. :func:`attach_current_shell` is what a new main window calls; it does nothing
when no shell runs (tests, ``--self-test``), so windows built outside ``main()`` stay as they are.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow

from reviewdesk.logs import current_log_file
from reviewdesk.paths import AppPaths
from reviewdesk.views.common.i18n import install_translators, remove_translators
from reviewdesk.views.shell.app_icon import application_icon
from reviewdesk.views.shell.crash import CrashHandler, install_crash_handler
from reviewdesk.views.shell.help_menu import DesktopActions, install_desktop_menus
from reviewdesk.views.shell.settings import AppSettings
from reviewdesk.views.shell.single_instance import SingleInstance, bring_to_front

log = logging.getLogger(__name__)

_ATTACHED_PROPERTY = "reviewdesk_desktop_actions"
_current: DesktopShell | None = None


def _server_url_of(window: QMainWindow) -> str | None:
    client = getattr(window, "client", None)
    return getattr(client, "base_url", None)


class DesktopShell(QObject):
    """Owns the crash handler and the single-instance guard of one GUI run; attaches main windows."""

    def __init__(
        self,
        app: QApplication,
        paths: AppPaths,
        settings: AppSettings,
        crash_handler: CrashHandler | None = None,
        instance: SingleInstance | None = None,
    ) -> None:
        super().__init__(app)
        self.paths = paths
        self.settings = settings
        self.crash_handler = crash_handler
        self.instance = instance
        self._windows: list[weakref.ReferenceType[QMainWindow]] = []
        self.actions: dict[int, DesktopActions] = {}
        if instance is not None:
            instance.raise_requested.connect(self.raise_window)

    @classmethod
    def start(
        cls,
        app: QApplication,
        paths: AppPaths,
        settings: AppSettings,
        *,
        install_hooks: bool = True,
    ) -> DesktopShell | None:
        """Crash hooks, translators, the window icon and the data folder's lock, in that order.

        Returns None when another process already runs on ``paths.data_dir``: it has been asked to
        come to the front, and this process should exit (status 0) without opening any store.
        """
        global _current
        crash_handler = install_crash_handler(current_log_file, app) if install_hooks else None
        install_translators(app, settings.language)
        app.setWindowIcon(application_icon())  # every window and dialog, in every size of the .ico
        instance = SingleInstance(paths.data_dir, app)
        if not instance.acquire():
            log.info("another reviewdesk uses %s; it was asked to come to the front", paths.data_dir)
            if crash_handler is not None:
                crash_handler.uninstall()
            return None
        shell = cls(app, paths, settings, crash_handler, instance)
        app.aboutToQuit.connect(shell.close)
        _current = shell
        return shell

    def attach(self, window: QMainWindow) -> DesktopActions:
        """Add 设置 and the 帮助 entries to ``window`` (once) and make it the window a second start raises."""
        existing = window.property(_ATTACHED_PROPERTY)
        if existing and id(window) in self.actions:
            return self.actions[id(window)]
        actions = install_desktop_menus(
            window, self.paths, self.settings, server_url=lambda: _server_url_of(window)
        )
        window.setProperty(_ATTACHED_PROPERTY, True)
        self.actions[id(window)] = actions
        self._windows.append(weakref.ref(window))
        window.destroyed.connect(lambda *_: self.actions.pop(id(window), None))
        return actions

    def current_window(self) -> QMainWindow | None:
        """The most recently attached window that still exists and is not closed."""
        for ref in reversed(self._windows):
            window = ref()
            if window is None:
                continue
            try:
                if window.isVisible() or window.isMinimized():
                    return window
            except RuntimeError:  # the C++ object is gone
                continue
        return None

    def raise_window(self) -> None:
        window = self.current_window()
        if window is not None:
            bring_to_front(window)

    def close(self) -> None:
        """Release what :meth:`start` took — the data folder, the hooks, the translators
        (``aboutToQuit``); safe to call twice."""
        global _current
        remove_translators()
        if self.instance is not None:
            self.instance.release()
        if self.crash_handler is not None:
            self.crash_handler.uninstall()
            self.crash_handler = None
        if _current is self:
            _current = None


def current_shell() -> DesktopShell | None:
    return _current


def attach_current_shell(window: QMainWindow) -> DesktopActions | None:
    """Called by a new main window: join the running shell, if any (see the module docstring)."""
    return _current.attach(window) if _current is not None else None
