"""The main window's status bar and 同步: who is logged in, 在线/离线, 未同步/冲突 counts, the last sync,
and a running sync's progress with its 取消 button.

Why a sync lives in the status bar and not in a modal dialog: a full download of a province takes
minutes and the reviewer keeps working meanwhile (``SyncWorker`` runs in a thread; the window only
shows its progress and reacts to its end). A part of ``MainWindow`` (a mixin): it uses the window's
``workspace``, ``client``, ``me``, ``settings``, ``filter_panel``, ``detail`` and ``requery``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QToolButton

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import Tier
from reviewdesk.views.common.i18n import label, translate, translate_noop
from reviewdesk.views.review.report_dialog import report_blocked_reason
from reviewdesk.views.shell.sync_texts import PHASE_TEXT, sync_error_text, sync_summary
from reviewdesk.views.shell.sync_worker import SyncWorker

log = logging.getLogger(__name__)

CONTEXT = "MainWindow"

APP_TITLE = translate_noop(CONTEXT, "卫生专业技术资格考试 报名材料审核")
OFFLINE = translate_noop(CONTEXT, "离线")
ONLINE = translate_noop(CONTEXT, "在线")


class MainWindowSync:
    """Status bar and sync of :class:`reviewdesk.views.review.window.MainWindow`."""

    _sync_worker: SyncWorker | None

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel(self)
        self.online_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.conflicts_label = QLabel(self)
        self.last_sync_label = QLabel(self)
        # A running 同步 shows here (not in a modal dialog): the reviewer keeps working meanwhile.
        self.sync_label = QLabel(self)
        self.sync_progress = QProgressBar(self)
        self.sync_progress.setMaximumWidth(160)
        self.sync_progress.setMaximumHeight(16)
        self.sync_cancel_button = QToolButton(self)
        self.sync_cancel_button.setText(translate(CONTEXT, "取消"))
        self.sync_cancel_button.setToolTip(
            translate(CONTEXT, "取消同步（已上传的不受影响，未上传的留待下次同步）")
        )
        for widget in (self.sync_label, self.sync_progress, self.sync_cancel_button):
            bar.addWidget(widget)
            widget.hide()
        for widget in (
            self.user_label,
            self.online_label,
            self.pending_label,
            self.conflicts_label,
            self.last_sync_label,
        ):
            bar.addPermanentWidget(widget)

    def set_client(self, client: Any | None) -> None:
        self.client = client
        self.offline = client is None
        page = self.pages.get("code")
        if page is not None and hasattr(page, "set_client"):
            page.set_client(client)  # refreshes the code from the server when online
        self.update_status()
        self._update_title()

    def start_sync(self) -> SyncWorker | None:
        """同步 (F5): push, pull, images, in a worker thread; progress and 取消 in the status bar, the
        window stays usable. Returns the running worker (the same one if a sync is already running)."""
        if self.client is None:
            QMessageBox.information(
                self,
                translate(CONTEXT, "同步"),
                translate(CONTEXT, "当前为离线模式，无法连接服务器。请重新登录后再同步。"),
            )
            return None
        if self._sync_worker is not None:
            return self._sync_worker
        worker = SyncWorker(self.workspace, self.client, parent=self)
        worker.progress.connect(self._sync_progress)
        worker.finished.connect(self._sync_done)
        self.sync_cancel_button.clicked.connect(worker.cancel)
        self._sync_worker = worker
        self._set_syncing(True)
        worker.start()
        return worker

    def sync(self) -> Any:
        """:meth:`start_sync` and wait for its end (events keep flowing); returns the SyncReport."""
        worker = self.start_sync()
        if worker is None:
            return None
        loop = QEventLoop()
        self.sync_finished.connect(loop.quit)
        try:
            if self._sync_worker is worker:
                loop.exec()
        finally:
            self.sync_finished.disconnect(loop.quit)
        return worker.report

    def is_syncing(self) -> bool:
        return self._sync_worker is not None

    def _set_syncing(self, running: bool) -> None:
        """While a sync runs: no second sync, no account switch (it would close the workspace)."""
        self.sync_action.setEnabled(not running)
        if self.demo_menu is not None:
            self.demo_menu.setEnabled(not running)
        self.sync_label.setText(translate(CONTEXT, "正在连接服务器…"))
        self.sync_progress.setRange(0, 0)
        self.sync_cancel_button.setEnabled(True)
        for widget in (self.sync_label, self.sync_progress, self.sync_cancel_button):
            widget.setVisible(running and self.show_sync_dialog)

    def _sync_progress(self, phase: str, done: int, total: int) -> None:
        text = PHASE_TEXT.get(phase, phase)
        if total:
            self.sync_label.setText(
                translate(CONTEXT, "{phase}：{done}/{total}").format(phase=text, done=done, total=total)
            )
        else:
            self.sync_label.setText(f"{text}…")
        self.sync_progress.setRange(0, max(total, 0))
        self.sync_progress.setValue(min(done, total) if total else 0)

    def _sync_done(self) -> None:
        worker, self._sync_worker = self._sync_worker, None
        if worker is None:
            return
        worker.wait()
        self.sync_cancel_button.clicked.disconnect(worker.cancel)
        worker.deleteLater()
        self._set_syncing(False)
        report = worker.report
        self.last_report = report
        self._after_sync(report)
        self.sync_finished.emit(report)

    def _after_sync(self, report: Any) -> None:
        from reviewdesk.sync.errors import AuthError, Offline

        error = getattr(report, "exception", None)
        title = translate(CONTEXT, "同步")
        if isinstance(error, AuthError):
            self.statusBar().showMessage(translate(CONTEXT, "登录已过期，请重新登录"), 8000)
            QMessageBox.warning(self, title, translate(CONTEXT, "登录已过期或被撤销，请重新登录。"))
            self.relogin_requested.emit()
        elif isinstance(error, Offline):
            self.offline = True
            self.statusBar().showMessage(
                translate(CONTEXT, "{offline}：{error}").format(
                    offline=translate(CONTEXT, OFFLINE), error=sync_error_text(report.error)
                ),
                8000,
            )
        elif report is not None and report.error:
            QMessageBox.warning(self, title, sync_summary(report))
        else:
            self.offline = False
            if report is not None:
                self.statusBar().showMessage(
                    translate(CONTEXT, "同步完成：{summary}").format(summary=sync_summary(report)), 8000
                )
        self.requery()
        self.detail.reload()
        self.update_status()
        self._update_title()
        if report is not None and (report.conflicts or report.rejected):
            self.statusBar().showMessage(
                translate(CONTEXT, "同步完成：{n} 项冲突或被拒绝，请在 审核→冲突 中处理").format(
                    n=report.conflicts + report.rejected
                ),
                10000,
            )

    def update_status(self) -> None:
        me = self.me
        self.user_label.setText(
            translate(CONTEXT, "当前用户：{name}（{username}） {org} {tier}").format(
                name=me.display_name, username=me.username, org=me.org_name, tier=label(Tier(me.tier))
            )
        )
        self.online_label.setText(translate(CONTEXT, OFFLINE if self.offline else ONLINE))
        self.online_label.setStyleSheet(
            "color: #c62828; font-weight: bold;" if self.offline else "color: #1b7f3b;"
        )
        pending = self.workspace.pending_actions()
        self.pending_label.setText(translate(CONTEXT, "未同步 {n}").format(n=pending))
        conflicts = len(self.workspace.conflicts())
        self.conflicts_label.setText(translate(CONTEXT, "冲突 {n}").format(n=conflicts))
        self.conflicts_label.setStyleSheet("color: #c62828; font-weight: bold;" if conflicts else "")
        last = self.workspace.meta("last_sync_at") or ""
        when = beijing.text(last) if last else translate(CONTEXT, "从未同步")
        self.last_sync_label.setText(translate(CONTEXT, "上次同步：{when}").format(when=when))
        self._update_undo_action()
        reason = report_blocked_reason(Tier(me.tier), 1)
        self.filter_panel.report_button.setEnabled(reason is None)
        self.filter_panel.report_button.setToolTip(
            reason or translate(CONTEXT, "把所有审核通过的考生材料上报至上级")
        )
        self.report_action.setEnabled(reason is None)

    def _update_title(self) -> None:
        suffix = f" [{translate(CONTEXT, OFFLINE)}]" if self.offline else ""
        self.setWindowTitle(
            f"{translate(CONTEXT, APP_TITLE)} - {self.me.org_name} {self.me.display_name}{suffix}"
        )
