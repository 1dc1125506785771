"""An uncaught exception shows a dialog saying what happened and where the log is, instead of vanishing.

Why: a windowed Windows program has no console. Without a hook, an exception in a slot is printed to a
stderr nobody sees and the reviewer is left with a button that did nothing; an exception in a worker
thread silently kills the sync. With :class:`CrashHandler` installed, ``sys.excepthook`` (the GUI thread
and PySide's slots) and ``threading.excepthook`` (worker threads) both log the full traceback (redacted
by :mod:`reviewdesk.logs`) and show :class:`CrashDialog` on the GUI thread — a worker's exception is
carried there by a queued signal, since widgets may only be touched from the GUI thread.

Why "继续" is safe, and why nothing is "saved" here: the local store is never left half-written, by
construction rather than by a rescue attempt at crash time. Every change to the store — a decision and
its outbox row, a page of pulled changes and the advanced cursor — is written in one SQLite transaction
(``with engine.begin():`` in ``reviewdesk.store``); an exception inside rolls the transaction back, and
a process that dies mid-transaction leaves a journal that SQLite rolls back when the store is next
opened. Images are downloaded to a temporary file, hash-checked, then renamed into place (atomic). So a
crash loses at most the action that was being made, never a decision already shown as saved, and the
handler need not (and must not) write anything to the store from a state it no longer trusts.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reviewdesk.logs import redact
from reviewdesk.views.common.i18n import translate

log = logging.getLogger(__name__)
CONTEXT = "CrashDialog"
#: After this many dialogs in one session only the log gets further exceptions: an exception raised on
#: every paint must not bury the reviewer under dialogs.
MAX_DIALOGS = 3

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def describe(exc_type: type[BaseException], exc: BaseException) -> str:
    """One line for a person: the exception's type and message, redacted."""
    message = str(exc).strip()
    return redact(f"{exc_type.__name__}: {message}" if message else exc_type.__name__)


def format_details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    return redact("".join(traceback.format_exception(exc_type, exc, tb)))


class CrashDialog(QMessageBox):
    """The dialog: what happened, that decisions already saved are safe, where the log is."""

    def __init__(self, summary: str, details: str, log_file: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(translate(CONTEXT, "程序出错"))
        self.setText(translate(CONTEXT, "reviewdesk 遇到了一个意外错误。"))
        where = str(log_file) if log_file is not None else translate(CONTEXT, "（未设置日志文件）")
        self.setInformativeText(
            translate(CONTEXT, "错误：{summary}").format(summary=summary)
            + "\n\n"
            + translate(
                CONTEXT,
                "已保存的审核结果不会丢失：本地数据的每次修改都在一个事务中完成，"
                "未同步的操作会在下次同步时上传。正在进行的那一步操作可能没有完成，请检查后重做。",
            )
            + "\n\n"
            + translate(CONTEXT, "日志文件：{path}").format(path=where)
            + "\n"
            + translate(CONTEXT, "如需帮助，请把日志文件发给技术支持。")
        )
        self.setDetailedText(details)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_file = log_file
        self.open_log_button = self.addButton(
            translate(CONTEXT, "打开日志目录"), QMessageBox.ButtonRole.ActionRole
        )
        self.open_log_button.setEnabled(log_file is not None)
        self.quit_button = self.addButton(
            translate(CONTEXT, "退出程序"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.continue_button = self.addButton(translate(CONTEXT, "继续"), QMessageBox.ButtonRole.AcceptRole)
        self.setDefaultButton(self.continue_button)
        self.setEscapeButton(self.continue_button)
        # Keep the dialog open after "open log folder": disconnect its default close-on-click.
        self.open_log_button.clicked.disconnect()
        self.open_log_button.clicked.connect(self.open_log_folder)

    @Slot()
    def open_log_folder(self) -> None:
        if self.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))

    def wants_quit(self) -> bool:
        return self.clickedButton() is self.quit_button


class CrashHandler(QObject):
    """Installs the hooks; shows at most :data:`MAX_DIALOGS` dialogs, one at a time, on the GUI thread.

    ``log_file`` may be a callable so the dialog names the file in use at crash time. ``dialog_factory``
    is there for tests (and for a future "send report" dialog).
    """

    exception_caught = Signal(str, str)  # summary, details (redacted); queued to the GUI thread

    def __init__(
        self,
        log_file: Path | Callable[[], Path | None] | None,
        parent: QObject | None = None,
        dialog_factory: Callable[[str, str, Path | None], CrashDialog] | None = None,
    ) -> None:
        super().__init__(parent)
        self._log_file = log_file
        self._dialog_factory = dialog_factory or (
            lambda summary, details, path: CrashDialog(summary, details, path, QApplication.activeWindow())
        )
        self._previous_excepthook: Callable[..., object] | None = None
        self._previous_threading_hook: Callable[..., object] | None = None
        self._showing = False
        self.dialogs_shown = 0
        self.exceptions_seen = 0
        # Queued even within the GUI thread: PySide calls sys.excepthook from inside the failing slot;
        # the dialog's nested event loop is safer started from the event loop afterwards.
        self.exception_caught.connect(self._show, Qt.ConnectionType.QueuedConnection)

    @property
    def log_file(self) -> Path | None:
        return self._log_file() if callable(self._log_file) else self._log_file

    def install(self) -> CrashHandler:
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        sys.excepthook = self.handle_exception
        threading.excepthook = self._handle_thread_exception
        return self

    def uninstall(self) -> None:
        if self._previous_excepthook is not None:
            sys.excepthook = self._previous_excepthook
        if self._previous_threading_hook is not None:
            threading.excepthook = self._previous_threading_hook
        self._previous_excepthook = self._previous_threading_hook = None

    def handle_exception(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """``sys.excepthook``: log it, then ask the GUI thread to show the dialog."""
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            (self._previous_excepthook or sys.__excepthook__)(exc_type, exc, tb)
            return
        self.exceptions_seen += 1
        thread = threading.current_thread().name
        log.critical("uncaught exception in thread %s", thread, exc_info=(exc_type, exc, tb))
        # RuntimeError: the handler's QObject is already gone (interpreter shutting down).
        with contextlib.suppress(RuntimeError):
            self.exception_caught.emit(describe(exc_type, exc), format_details(exc_type, exc, tb))

    def _handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle_exception(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        if self._showing or self.dialogs_shown >= MAX_DIALOGS or QGuiApplication.instance() is None:
            return
        self._showing = True
        self.dialogs_shown += 1
        try:
            dialog = self._dialog_factory(summary, details, self.log_file)
            dialog.exec()
            if dialog.wants_quit():
                log.info("user chose to quit after an uncaught exception")
                QApplication.exit(1)
        finally:
            self._showing = False


def install_crash_handler(
    log_file: Path | Callable[[], Path | None] | None, parent: QObject | None = None
) -> CrashHandler:
    """Create and install the handler; keep the returned object alive (parent it to the app)."""
    return CrashHandler(log_file, parent or QApplication.instance()).install()
