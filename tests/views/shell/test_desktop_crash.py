"""An uncaught exception (GUI thread or worker thread) shows the crash dialog and lands in the log."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from reviewdesk.logs import setup_logging
from reviewdesk.views.shell.crash import MAX_DIALOGS, CrashDialog, CrashHandler

ID_NUMBER = "11010519491231002X"


class Shown:
    """Replaces CrashDialog.exec: records each dialog instead of blocking in a modal loop."""

    def __init__(self) -> None:
        self.dialogs: list[CrashDialog] = []
        self.threads: list[str] = []

    def __call__(self, dialog: CrashDialog) -> int:
        self.dialogs.append(dialog)
        self.threads.append(threading.current_thread().name)
        return 0


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    recorder = Shown()
    monkeypatch.setattr(CrashDialog, "exec", lambda dialog: recorder(dialog))
    return recorder


@pytest.fixture
def handler(qapp, tmp_path: Path):
    setup = setup_logging(tmp_path / "logs", fault_handler=False)
    crash = CrashHandler(lambda: setup.log_file).install()
    yield crash
    crash.uninstall()
    setup.close()


def _flush_logs() -> None:
    for h in logging.getLogger().handlers:
        h.flush()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_the_dialog_with_the_log_location(
    qtbot, handler, shown, tmp_path: Path
) -> None:
    def broken_slot() -> None:
        raise ValueError(f"证件号码 {ID_NUMBER} 无法解析")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: len(shown.dialogs) == 1)
    dialog = shown.dialogs[0]
    log_file = tmp_path / "logs" / "reviewdesk.log"
    assert str(log_file) in dialog.informativeText()
    assert "ValueError" in dialog.informativeText()
    assert "事务" in dialog.informativeText()  # it says why saved decisions are safe
    assert "broken_slot" in dialog.detailedText()  # where it happened
    assert ID_NUMBER not in dialog.informativeText() + dialog.detailedText()
    assert dialog.defaultButton() is dialog.continue_button
    _flush_logs()
    text = log_file.read_text(encoding="utf-8")
    assert "uncaught exception" in text and "broken_slot" in text and ID_NUMBER not in text


def test_exception_in_a_worker_thread_is_shown_on_the_gui_thread(qtbot, handler, shown) -> None:
    def worker() -> None:
        raise RuntimeError("sync worker died")

    thread = threading.Thread(target=worker, name="sync-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown.dialogs) == 1)
    assert shown.threads == [threading.main_thread().name]
    assert "sync worker died" in shown.dialogs[0].informativeText()


def test_direct_hook_call_and_dialog_limit(qtbot, handler, shown) -> None:
    for i in range(MAX_DIALOGS + 2):
        try:
            raise OSError(f"disk full {i}")
        except OSError:
            sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: handler.exceptions_seen == MAX_DIALOGS + 2 and len(shown.dialogs) == MAX_DIALOGS)
    assert handler.dialogs_shown == MAX_DIALOGS


def test_keyboard_interrupt_is_passed_on(qtbot, handler, shown, monkeypatch: pytest.MonkeyPatch) -> None:
    passed: list[type[BaseException]] = []
    monkeypatch.setattr(handler, "_previous_excepthook", lambda t, v, tb: passed.append(t))
    handler.handle_exception(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert passed == [KeyboardInterrupt] and handler.exceptions_seen == 0


def test_quit_button_exits_the_event_loop(qtbot, handler, monkeypatch: pytest.MonkeyPatch, qapp) -> None:
    def choose_quit(dialog: CrashDialog) -> int:
        dialog.quit_button.click()
        return 0

    monkeypatch.setattr(CrashDialog, "exec", choose_quit)
    exits: list[int] = []
    monkeypatch.setattr("reviewdesk.views.shell.crash.QApplication.exit", lambda code=0: exits.append(code))
    handler.handle_exception(ValueError, ValueError("x"), None)
    qtbot.waitUntil(lambda: exits == [1])


def test_uninstall_restores_previous_hooks(qapp) -> None:
    before = (sys.excepthook, threading.excepthook)
    crash = CrashHandler(None).install()
    assert sys.excepthook == crash.handle_exception
    crash.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_dialog_buttons(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "reviewdesk.views.shell.crash.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    dialog = CrashDialog("ValueError: x", "Traceback…", tmp_path / "logs" / "reviewdesk.log")
    qtbot.addWidget(dialog)
    dialog.open_log_button.click()
    assert opened == [str(tmp_path / "logs")]
    assert dialog.icon() == QMessageBox.Icon.Critical
