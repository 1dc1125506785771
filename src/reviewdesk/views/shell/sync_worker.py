"""Long work off the GUI thread: a sync (or first download) and any other slow call, with a progress dialog.

Why a QThread with signals rather than calling ``SyncEngine.sync`` directly: a province download or a
thousand images takes minutes, and the window must keep painting (and the reviewer keep reading) while
it runs. The worker never touches a widget; it reports through queued signals, and the cancel button
sets a ``threading.Event`` the engine checks between steps.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from reviewdesk.views.common.i18n import translate
from reviewdesk.views.shell.sync_texts import (
    PHASE_TEXT as PHASE_TEXT,  # the main window's status bar reads it here
)
from reviewdesk.views.shell.sync_texts import phase_text

log = logging.getLogger(__name__)
CONTEXT = "SyncWorker"


#: Pages and batches of a sync run behind a window the reviewer keeps using. Parsing one reply (orjson,
#: one C call) holds the GIL the GUI thread needs: a 1,000-record page of changes held it for up to
#: ~60 ms, and the event loop stalled 120-140 ms (benchmarks/stall_bench.py); 250 / 200 keep it under
#: the 100 ms goal for a little more round trips. The first download (``download=True``) keeps the
#: engine's large snapshot pages: it runs behind its own progress dialog, where throughput matters.
INTERACTIVE_PULL_LIMIT = 250
INTERACTIVE_PUSH_BATCH = 200


class SyncWorker(QThread):
    """Runs ``SyncEngine(workspace, client).sync()`` (or ``download_scope()``) once, in its own thread.

    ``build_index`` (default: on a first download): afterwards, still in this thread, open the list's
    ``RecordIndex`` (built from SQLite when there is no snapshot yet: 3-8 s at 10^6 records) and write
    its snapshot, so the window opens on ``self.index`` instead of building it on the GUI thread.
    """

    progress = Signal(str, int, int)  # phase, done, total
    report_ready = Signal(object)  # SyncReport

    def __init__(
        self,
        workspace: Any,
        client: Any,
        *,
        download: bool = False,
        build_index: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.client = client
        self.download = download
        self.build_index = download if build_index is None else build_index
        self.cancel_event = threading.Event()
        self.report: Any = None
        self.index: Any = None  # a followed RecordIndex when build_index (the caller owns it)

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        from reviewdesk.sync.engine import SyncEngine, SyncReport

        def progress(phase: str, done: int, total: int) -> None:
            self.progress.emit(phase, int(done), int(total or 0))

        try:
            engine = SyncEngine(
                self.workspace,
                self.client,
                pull_limit=INTERACTIVE_PULL_LIMIT,
                push_batch=INTERACTIVE_PUSH_BATCH,
            )
            if self.download:
                report = engine.download_scope(progress=progress, cancel=self.cancel_event)
            else:
                report = engine.sync(progress=progress, cancel=self.cancel_event)
        except Exception as error:  # the engine reports errors itself; this is a last resort
            log.exception("sync failed")
            report = SyncReport(
                error=translate(CONTEXT, "同步失败：{error}").format(error=error), exception=error
            )
        if self.build_index:
            self.index = self._open_index()
        self.report = report
        self.report_ready.emit(report)

    def _open_index(self) -> Any:
        """The list index, ready (snapshot written): whatever the sync did is in the store by now."""
        from reviewdesk.store.index import RecordIndex

        self.progress.emit("index", 0, 0)
        try:
            index = RecordIndex.open(self.workspace)
            index.save()  # the next start loads it in ~0.2 s (a no-op if the background save won)
            return index
        except Exception:  # the window then opens the index itself
            log.exception("building the list index after the download failed")
            return None


class CallWorker(QThread):
    """Runs one function in a thread; ``result``/``error`` hold what it returned or raised."""

    progress = Signal(int, int)  # done, total (the function may call ``report(done, total)``)
    done = Signal()

    def __init__(self, function: Callable[[Callable[[int, int], None]], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._function = function
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._function(lambda done, total: self.progress.emit(int(done), int(total)))
        except BaseException as error:  # handed back to the GUI thread, which shows it
            log.exception("background task failed")
            self.error = error
        self.done.emit()


def _dialog(parent: QWidget | None, title: str, label: str, cancellable: bool) -> QProgressDialog:
    dialog = QProgressDialog(label, translate(CONTEXT, "取消") if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)
    dialog.setMinimumWidth(420)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    return dialog


def run_with_progress(
    parent: QWidget | None,
    title: str,
    label: str,
    function: Callable[[Callable[[int, int], None]], Any],
    *,
    show_dialog: bool = True,
) -> Any:
    """Run ``function(report)`` in a thread while a progress dialog shows; return its result or raise
    its exception. The GUI keeps painting (a local event loop waits for the thread)."""
    worker = CallWorker(function)
    dialog = _dialog(parent, title, label, cancellable=False) if show_dialog else None
    loop = QEventLoop()

    def on_progress(done: int, total: int) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)

    worker.progress.connect(on_progress)
    worker.done.connect(loop.quit)
    worker.start()
    if worker.isRunning():
        loop.exec()
    worker.wait()
    if dialog is not None:
        dialog.close()
        dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result


def run_sync_with_progress(
    parent: QWidget | None,
    workspace: Any,
    client: Any,
    *,
    download: bool = False,
    show_dialog: bool = True,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> Any:
    """Run one sync (or the first download) with a cancellable progress dialog; returns the SyncReport."""
    return _run_worker(
        parent, SyncWorker(workspace, client, download=download, build_index=False), show_dialog, on_progress
    ).report


def run_download_with_progress(
    parent: QWidget | None,
    workspace: Any,
    client: Any,
    *,
    download: bool = True,
    show_dialog: bool = True,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> tuple[Any, Any]:
    """Before a window opens: sync (``download``: the first full download) and then open the list's
    ``RecordIndex`` in the same worker thread. Returns ``(SyncReport, RecordIndex or None)``; pass the
    index to ``MainWindow(index=...)``, which then owns it."""
    worker = _run_worker(
        parent, SyncWorker(workspace, client, download=download, build_index=True), show_dialog, on_progress
    )
    return worker.report, worker.index


def _run_worker(
    parent: QWidget | None,
    worker: SyncWorker,
    show_dialog: bool,
    on_progress: Callable[[str, int, int], None] | None,
) -> SyncWorker:
    download = worker.download
    title = translate(CONTEXT, "下载数据") if download else translate(CONTEXT, "同步")
    connecting = translate(CONTEXT, "正在连接服务器…")
    dialog = _dialog(parent, title, connecting, cancellable=True) if show_dialog else None
    loop = QEventLoop()

    def progress(phase: str, done: int, total: int) -> None:
        text = phase_text(phase)
        if dialog is not None:
            dialog.setLabelText(
                translate(CONTEXT, "{phase}：{done}/{total}").format(phase=text, done=done, total=total)
                if total
                else translate(CONTEXT, "{phase}…").format(phase=text)
            )
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
        if on_progress is not None:
            on_progress(phase, done, total)

    worker.progress.connect(progress)
    worker.finished.connect(loop.quit)
    if dialog is not None:
        dialog.canceled.connect(worker.cancel)
    worker.start()
    if worker.isRunning():
        loop.exec()
    worker.wait()
    if dialog is not None:
        dialog.close()
        dialog.deleteLater()
    return worker
