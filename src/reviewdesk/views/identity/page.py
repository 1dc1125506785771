"""实名认证审核: the 省级 administrators' queue of manual 实名认证 submissions (seed 001 §二.6).

The waiting submissions on the left; the typed data and the card photos side by side (the certificate
viewer) on the right; 通过 / 不通过 (a reason the candidate reads). Keyboard-driven like the review list:
↑/↓ choose, Ctrl+1 通过, Ctrl+4 不通过 (the review dialog's keys for 审核通过 / 审核不通过), Ctrl+R the
reason; the window's 同步 (F5) syncs the queue after the records. An answer is queued locally at once (the next submission comes up) and sent by the
sync (``sync.identity_sync``) with a client-made id; answers the server did not apply are listed
under the queue with the server's reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import IdType
from reviewdesk.domain.realname import QueueOutcome, VerifyMethod
from reviewdesk.store.identity_queue import IdentityQueueStore, QueueRefusal, Waiting
from reviewdesk.sync.identity_sync import IdentitySyncReport, sync_identity_queue
from reviewdesk.views.common.i18n import code_label, translate, translate_noop
from reviewdesk.views.common.worker_signals import emit_unless_gone
from reviewdesk.views.images.certificates import Certificate, CertificateImage
from reviewdesk.views.images.viewer import CertificateViewer

log = logging.getLogger(__name__)
CONTEXT = "IdentityQueuePage"

TITLE = translate_noop(CONTEXT, "实名认证审核")
COUNTS = translate_noop(CONTEXT, "待审核 {waiting} 条 · 未同步 {unsent} 条")
EMPTY = translate_noop(CONTEXT, "暂无待审核的实名认证申请")
SYNC_FAILED = translate_noop(CONTEXT, "同步失败：{error}")
PROBLEM = translate_noop(CONTEXT, "{who}：{outcome}未生效 — {message}")
REASON_HINT = translate_noop(CONTEXT, "不通过原因（考生可见）")
NO_PHOTO = translate_noop(CONTEXT, "照片未下载，请同步")
APPROVE_KEYS = "Ctrl+1"
REJECT_KEYS = "Ctrl+4"

FIELDS = (
    ("real_name", translate_noop(CONTEXT, "真实姓名")),
    ("id_type", translate_noop(CONTEXT, "证件类型")),
    ("id_number", translate_noop(CONTEXT, "证件编号")),
    ("method", translate_noop(CONTEXT, "认证方式")),
    ("phone", translate_noop(CONTEXT, "手机号")),
    ("submitted_at", translate_noop(CONTEXT, "提交时间")),
)
SIDES = (("front", translate_noop(CONTEXT, "正面")), ("back", translate_noop(CONTEXT, "反面")))
OUTCOME_TEXT = {
    QueueOutcome.APPROVE: translate_noop(CONTEXT, "通过"),
    QueueOutcome.REJECT: translate_noop(CONTEXT, "不通过"),
}


def _method(data: dict[str, Any]) -> str:
    """The submission's 认证方式 in the current language (the server's code; its Chinese label when an
    older server sent only that)."""
    return code_label(data.get("method"), VerifyMethod) or str(data.get("method_label") or "")


def _value(data: dict[str, Any], key: str) -> str:
    """One of :data:`FIELDS` as shown: codes as words in the current language, times in 北京时间."""
    if key == "method":
        return _method(data)
    if key == "id_type":
        return code_label(data.get("id_type"), IdType) or str(data.get("id_type_label") or "")
    value = str(data.get(key) or "")
    return beijing.text(value) if key == "submitted_at" else value


class _SyncSignals(QObject):
    done = Signal(object)


class _SyncJob(QRunnable):
    def __init__(self, work: Callable[[], IdentitySyncReport], signals: _SyncSignals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        emit_unless_gone(self.signals.done, self.work())


class IdentityQueuePage(QWidget):
    """The page; ``client`` is the signed-in ``ApiClient``, ``folder`` the workspace's folder."""

    synced = Signal(object)  # IdentitySyncReport

    def __init__(self, client: object, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identity_queue_page")
        self.client = client
        self.store = IdentityQueueStore(folder)
        self._signals = _SyncSignals(self)
        self._signals.done.connect(self._synced)
        self._syncing = False
        self._error = ""

        self.list = QListWidget(self)
        self.list.setObjectName("identity_list")
        self.list.currentRowChanged.connect(self._show_current)
        self.counts = QLabel(self)
        self.problems = QLabel(self)
        self.problems.setObjectName("identity_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b71c1c")
        self.sync_button = QPushButton(translate(CONTEXT, "同步 (F5)"), self)
        self.sync_button.clicked.connect(self.sync)

        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, name in FIELDS:
            value = QLabel(self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"identity_{key}")
            self.values[key] = value
            form.addRow(translate(CONTEXT, name), value)
        self.viewer = CertificateViewer(self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("identity_reason")
        self.reason.setPlaceholderText(translate(CONTEXT, REASON_HINT))
        self.approve_button = QPushButton(f"{translate(CONTEXT, '通过')} ({APPROVE_KEYS})", self)
        self.reject_button = QPushButton(f"{translate(CONTEXT, '不通过')} ({REJECT_KEYS})", self)
        self.approve_button.clicked.connect(lambda: self.decide(QueueOutcome.APPROVE))
        self.reject_button.clicked.connect(lambda: self.decide(QueueOutcome.REJECT))
        for keys, slot in (
            (APPROVE_KEYS, lambda: self.decide(QueueOutcome.APPROVE)),
            (REJECT_KEYS, lambda: self.decide(QueueOutcome.REJECT)),
            ("Ctrl+R", self.reason.setFocus),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        left = QVBoxLayout()
        heading = QLabel(f"<b>{translate(CONTEXT, TITLE)}</b>", self)
        left.addWidget(heading)
        left.addWidget(self.counts)
        left.addWidget(self.list, 1)
        left.addWidget(self.problems)
        left.addWidget(self.sync_button)
        left_box = QWidget(self)
        left_box.setLayout(left)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.viewer, 1)
        right.addLayout(buttons)
        right_box = QWidget(self)
        right_box.setLayout(right)
        splitter = QSplitter(self)
        splitter.addWidget(left_box)
        splitter.addWidget(right_box)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._items: list[Waiting] = []
        self.refresh()

    # -- showing -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the queue as the local store has it, keeping the selection by submission id."""
        current = self.current()
        self._items = self.store.waiting()
        self.list.blockSignals(True)
        self.list.clear()
        for item in self._items:
            text = f"{item.data.get('real_name', '')} · {_method(item.data)}"
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            self.list.addItem(row)
        self.list.blockSignals(False)
        ids = [item.id for item in self._items]
        row = ids.index(current.id) if current is not None and current.id in ids else (0 if ids else -1)
        self.list.setCurrentRow(row)
        self._show_current(row)
        counts = translate(CONTEXT, COUNTS).format(waiting=len(self._items), unsent=self.store.unsent())
        if self._error:
            counts += "\n" + translate(CONTEXT, SYNC_FAILED).format(error=self._error)
        self.counts.setText(counts)
        self.problems.setText(
            "\n".join(
                translate(CONTEXT, PROBLEM).format(
                    who=p.summary, outcome=translate(CONTEXT, OUTCOME_TEXT[p.outcome]), message=p.message
                )
                for p in self.store.problems()[:5]
            )
        )

    def current(self) -> Waiting | None:
        row = self.list.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def _show_current(self, _row: int = -1) -> None:
        item = self.current()
        for key, label in self.values.items():
            label.setText(_value(item.data, key) if item else "")
        enabled = item is not None
        for widget in (self.approve_button, self.reject_button, self.reason):
            widget.setEnabled(enabled)
        if item is None:
            self.values["real_name"].setText(translate(CONTEXT, EMPTY))
            self.viewer.show_certificates([])
            return
        images = tuple(
            CertificateImage(translate(CONTEXT, label), item.photos.get(side), translate(CONTEXT, NO_PHOTO))
            for side, label in SIDES
        )
        self.viewer.show_certificates(
            [Certificate("identity", translate(CONTEXT, "证件照片"), images)], title=item.summary
        )

    # -- answering and syncing ----------------------------------------------------------------------------
    def decide(self, outcome: QueueOutcome) -> str | None:
        """Queue the answer for the current submission and move on; the decision id, or None if refused."""
        item = self.current()
        if item is None:
            return None
        try:
            decision_id = self.store.decide(item.id, outcome, self.reason.text())
        except QueueRefusal as refusal:
            QMessageBox.warning(self, translate(CONTEXT, TITLE), str(refusal))
            self.reason.setFocus()
            return None
        self.reason.clear()
        self.refresh()
        self.list.setFocus()
        return decision_id

    def sync(self) -> None:
        """Send the queued answers and fetch the queue, on a worker thread."""
        if self._syncing:
            return
        self._syncing = True
        self.sync_button.setEnabled(False)
        QThreadPool.globalInstance().start(
            _SyncJob(lambda: sync_identity_queue(self.client, self.store), self._signals)  # type: ignore[arg-type]
        )

    @Slot(object)
    def _synced(self, report: IdentitySyncReport) -> None:
        self._syncing = False
        self.sync_button.setEnabled(True)
        self._error = report.error
        self.refresh()
        self.synced.emit(report)

    @property
    def syncing(self) -> bool:
        return self._syncing
