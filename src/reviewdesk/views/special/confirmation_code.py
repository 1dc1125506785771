"""本单位确认码 (seed 000 §2.6): 当前项目, 项目类型, 机构名称, 当前用户, 机构确认码.

Candidates enter the code in the 湖北卫生人才 mini program to bind themselves to the unit (seed 001 §3),
so the page makes the code easy to hand on: large and selectable, a 复制 button, and a printable notice
(打印… / 保存为PDF…) with the binding steps in the candidates' own guide's words.

Offline: the last code fetched is kept in the workspace meta (``confirmation_code``) with the time it
was fetched, and shown marked "数据更新于 …（离线显示）" when the server cannot be reached. Network calls
run on a worker thread; the page never blocks. A unit administrator may 重新生成 the code (online
only, after a confirmation: the old code stops working at once); everyone else sees why they cannot.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from PySide6.QtCore import QMarginsF, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import PROJECT_TYPE, Tier
from reviewdesk.views.common.i18n import label, translate, translate_noop
from reviewdesk.views.common.worker_signals import emit_unless_gone

log = logging.getLogger(__name__)

CONTEXT = "ConfirmationCodePage"

META_KEY = "confirmation_code"
#: Kept in Chinese (the source text); shown through ``translate(CONTEXT, …)``.
NO_CODE_YET = translate_noop(CONTEXT, "尚未获取确认码，请联网后点击“刷新”")
UNITS_ONLY = translate_noop(CONTEXT, "本单位确认码仅适用于单位账号；当前账号属于{tier}级机构，没有确认码")
OFFLINE_NOTE = translate_noop(CONTEXT, "数据更新于 {when}（离线显示，可能不是最新）")
FRESH_NOTE = translate_noop(CONTEXT, "数据更新于 {when}")
REGENERATE_QUESTION = translate_noop(
    CONTEXT,
    "重新生成后，原确认码立即失效：尚未绑定单位的考生须使用新确认码。\n\n确定要重新生成本单位确认码吗？",
)
ADMIN_ONLY = translate_noop(CONTEXT, "只有单位管理员可以重新生成确认码")
NEEDS_SERVER = translate_noop(CONTEXT, "重新生成确认码需要连接服务器")


@dataclass(frozen=True)
class CodeInfo:
    """The server's ``GET /v1/org/confirmation-code`` reply plus when it was fetched."""

    project: str
    project_type: str
    org_name: str
    user: str
    code: str
    can_regenerate: bool
    fetched_at: str  # ISO 8601, local time

    @classmethod
    def from_reply(cls, reply: dict[str, Any], fetched_at: datetime | None = None) -> CodeInfo:
        when = (fetched_at or beijing.now()).replace(microsecond=0)
        return cls(
            project=str(reply.get("project") or ""),
            project_type=str(reply.get("project_type") or ""),
            org_name=str(reply.get("org_name") or ""),
            user=str(reply.get("user") or ""),
            code=str(reply.get("code") or ""),
            can_regenerate=bool(reply.get("can_regenerate")),
            fetched_at=when.isoformat(),
        )

    @property
    def fetched_text(self) -> str:
        return beijing.text(self.fetched_at)


def cached_code(workspace: Any) -> CodeInfo | None:
    """The code kept in the workspace meta, or None."""
    raw = workspace.meta(META_KEY)
    if not raw:
        return None
    try:
        return CodeInfo(**json.loads(raw))
    except (TypeError, ValueError):
        log.warning("ignoring an unreadable cached confirmation code")
        return None


def store_code(workspace: Any, info: CodeInfo) -> None:
    workspace.set_meta(META_KEY, json.dumps(asdict(info), ensure_ascii=False))


#: The printed notice's template (``resources/confirmation_notice.txt``, HTML for QTextDocument). It is
#: a document for candidates, who bind themselves in the Chinese mini program, so like the exported
#: .xlsx it stays in the guide's Chinese whatever language the app is in; only the page is translated.
NOTICE_TEMPLATE = "confirmation_notice.txt"
_PRINTED_BY = re.compile(r"<!--printed_by-->(.*?)<!--/printed_by-->", re.DOTALL)


def _notice_template() -> str:
    return resources.files("reviewdesk.resources").joinpath(NOTICE_TEMPLATE).read_text(encoding="utf-8")


def notice_title() -> str:
    """The notice's own name (its ``<title>``): the printed document's name and the PDF's."""
    found = re.search(r"<title>(.*?)</title>", _notice_template(), re.DOTALL)
    return found.group(1).strip() if found else "notice"


def notice_html(info: CodeInfo, printed_by: str = "") -> str:
    """The printable notice for candidates (QTextDocument's subset of HTML)."""
    e = html.escape
    template = _PRINTED_BY.sub(lambda m: m.group(1) if printed_by else "", _notice_template())
    return Template(template).safe_substitute(
        project=e(info.project),
        project_type=e(info.project_type),
        org_name=e(info.org_name),
        code=e(info.code),
        printed=e(beijing.text(beijing.now())),
        printed_by=e(printed_by),
        fetched=e(info.fetched_text),
    )


def print_notice(printer: QPrinter, info: CodeInfo, printed_by: str = "") -> None:
    """Render the notice onto ``printer`` (a real printer, or a PDF file)."""
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(notice_html(info, printed_by))
    document.print_(printer)


def save_notice_pdf(path: Path | str, info: CodeInfo, printed_by: str = "") -> Path:
    """Write the notice as a PDF file (also what the tests check)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(notice_title())
    print_notice(printer, info, printed_by)
    return Path(path)


class _CallRelay(QObject):
    done = Signal(int, object, str)  # call number, reply or None, error message


class _ApiCall(QRunnable):
    def __init__(self, relay: _CallRelay, number: int, call: Callable[[], Any]) -> None:
        super().__init__()
        self._relay = relay
        self._number = number
        self._call = call

    def run(self) -> None:
        try:
            reply = self._call()
        except Exception as error:
            message = getattr(error, "message", "") or str(error) or type(error).__name__
            status = getattr(error, "status", None)
            emit_unless_gone(
                self._relay.done, self._number, {"status": status, "offline": _is_offline(error)}, message
            )
            return
        emit_unless_gone(self._relay.done, self._number, reply, "")


def _is_offline(error: BaseException) -> bool:
    try:
        from reviewdesk.sync.errors import Offline
    except ImportError:  # pragma: no cover - the sync package is part of the app
        return False
    return isinstance(error, Offline)


class ConfirmationCodePage(QWidget):
    """The 本单位确认码 page. ``client`` is the sync's ``ApiClient`` (None while offline)."""

    code_changed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, workspace: Any, client: Any | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.client = client
        self.info: CodeInfo | None = cached_code(workspace)
        self.online = False
        self._busy = False
        self._calls = 0
        self._relay = _CallRelay()
        self._relay.done.connect(self._call_done)
        self._handlers: dict[int, Callable[[Any, str], None]] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

        title = QLabel(translate(CONTEXT, "本单位确认码"), self)
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() + 5)
        title_font.setBold(True)
        title.setFont(title_font)
        hint = QLabel(
            translate(CONTEXT, "管理员可以通过本单位确认码查看机构当前确认码，提供给考生进行绑定申报。"), self
        )
        hint.setWordWrap(True)

        self.project = self._value_label(translate(CONTEXT, "当前项目"))
        self.project_type = self._value_label(translate(CONTEXT, "项目类型"))
        self.org_name = self._value_label(translate(CONTEXT, "机构名称"))
        self.user = self._value_label(translate(CONTEXT, "当前用户"))
        self.code = QLabel("—", self)
        self.code.setAccessibleName(translate(CONTEXT, "机构确认码"))
        self.code.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.code.setCursor(Qt.CursorShape.IBeamCursor)
        code_font = QFont("monospace")
        code_font.setStyleHint(QFont.StyleHint.Monospace)
        code_font.setPointSize(34)
        code_font.setBold(True)
        code_font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 6)
        self.code.setFont(code_font)
        self.code.setStyleSheet(
            "QLabel { color: #0b5394; background: #f3f8ff; border: 1px solid #9ec5fe;"
            " border-radius: 6px; padding: 10px 24px; }"
        )
        self.copy_button = QPushButton(translate(CONTEXT, "复制"), self)
        self.copy_button.setToolTip(translate(CONTEXT, "复制确认码到剪贴板"))
        self.copy_button.clicked.connect(self.copy_code)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code)
        code_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignVCenter)
        code_row.addStretch(1)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(12)
        form.addRow(translate(CONTEXT, "当前项目:"), self.project)
        form.addRow(translate(CONTEXT, "项目类型:"), self.project_type)
        form.addRow(translate(CONTEXT, "机构名称:"), self.org_name)
        form.addRow(translate(CONTEXT, "当前用户:"), self.user)
        form.addRow(translate(CONTEXT, "机构确认码:"), code_row)

        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(translate(CONTEXT, "状态"))
        self.refresh_button = QPushButton(translate(CONTEXT, "刷新"), self)
        self.print_button = QPushButton(translate(CONTEXT, "打印告知单…"), self)
        self.pdf_button = QPushButton(translate(CONTEXT, "保存为PDF…"), self)
        self.regenerate_button = QPushButton(translate(CONTEXT, "重新生成…"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.pdf_button.clicked.connect(self.save_pdf_with_dialog)
        self.regenerate_button.clicked.connect(self.regenerate)
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.print_button, self.pdf_button, self.regenerate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        panel = QFrame(self)
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(24, 20, 24, 20)
        panel_layout.addLayout(form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(panel)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._show()
        if self.client is not None and self.is_unit:
            self.refresh()

    def _value_label(self, name: str) -> QLabel:
        label = QLabel("", self)
        label.setAccessibleName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # -- state ---------------------------------------------------------------------------------------
    @property
    def is_unit(self) -> bool:
        return self.workspace.me.tier is Tier.UNIT

    def is_busy(self) -> bool:
        return self._busy

    def set_client(self, client: Any | None) -> None:
        """The app logged in (or went offline): refresh from the server when there is one."""
        self.client = client
        self.online = False
        self._show()
        if client is not None and self.is_unit:
            self.refresh()

    def _show(self, error: str = "") -> None:
        me = self.workspace.me
        info = self.info
        self.project.setText(info.project if info and info.project else me.project)
        self.project_type.setText(
            info.project_type if info and info.project_type else (me.project_type or PROJECT_TYPE)
        )
        self.org_name.setText(info.org_name if info and info.org_name else me.org_name)
        self.user.setText(me.display_name or me.username)
        if not self.is_unit:
            self.code.setText("—")
            self.status.setText(translate(CONTEXT, UNITS_ONLY).format(tier=label(me.tier)))
        elif info is None or not info.code:
            self.code.setText("—")
            self.status.setText(error or translate(CONTEXT, NO_CODE_YET))
        else:
            self.code.setText(info.code)
            note = translate(CONTEXT, FRESH_NOTE if self.online else OFFLINE_NOTE).format(
                when=info.fetched_text
            )
            self.status.setText(f"{error}　{note}" if error else note)
        has_code = self.is_unit and info is not None and bool(info.code)
        self.copy_button.setEnabled(has_code)
        self.print_button.setEnabled(has_code)
        self.pdf_button.setEnabled(has_code)
        self.refresh_button.setEnabled(self.is_unit and self.client is not None and not self._busy)
        can = self.is_unit and info is not None and info.can_regenerate
        self.regenerate_button.setEnabled(can and self.online and not self._busy)
        if not self.is_unit or (info is not None and not info.can_regenerate):
            self.regenerate_button.setToolTip(translate(CONTEXT, ADMIN_ONLY))
        elif not self.online:
            self.regenerate_button.setToolTip(translate(CONTEXT, NEEDS_SERVER))
        else:
            self.regenerate_button.setToolTip(translate(CONTEXT, "生成新的确认码，原确认码立即失效"))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    # -- network ------------------------------------------------------------------------------------
    def _start(self, call: Callable[[], Any], handler: Callable[[Any, str], None], busy_text: str) -> None:
        self._calls += 1
        self._handlers[self._calls] = handler
        self._set_busy(True)
        self._show()
        self.status.setText(busy_text)
        self._pool.start(_ApiCall(self._relay, self._calls, call))

    @Slot(int, object, str)
    def _call_done(self, number: int, reply: Any, error: str) -> None:
        handler = self._handlers.pop(number, None)
        self._set_busy(bool(self._handlers))
        if handler is not None:
            handler(reply, error)

    @Slot()
    def refresh(self) -> None:
        """Fetch the code from the server (in the background)."""
        client = self.client
        if client is None or not self.is_unit:
            self._show()
            return
        self._start(client.confirmation_code, self._fetched, translate(CONTEXT, "正在获取确认码…"))

    def _fetched(self, reply: Any, error: str) -> None:
        if error:
            self.online = not (isinstance(reply, dict) and reply.get("offline"))
            if isinstance(reply, dict) and reply.get("status") == 404:
                self.online = True
            self._show(translate(CONTEXT, "获取确认码失败：{error}").format(error=error))
            return
        self.online = True
        self.info = CodeInfo.from_reply(reply)
        store_code(self.workspace, self.info)
        self._show()
        self.code_changed.emit(self.info.code)

    @Slot()
    def regenerate(self) -> None:
        """Ask, then have the server make a new code (administrators of a unit, online only)."""
        if self.info is None or not self.info.can_regenerate:
            self.status.setText(translate(CONTEXT, ADMIN_ONLY))
            return
        if self.client is None or not self.online:
            self.status.setText(translate(CONTEXT, NEEDS_SERVER))
            return
        answer = QMessageBox.question(
            self,
            translate(CONTEXT, "重新生成确认码"),
            translate(CONTEXT, REGENERATE_QUESTION),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._start(
            self.client.regenerate_confirmation_code,
            self._regenerated,
            translate(CONTEXT, "正在重新生成确认码…"),
        )

    def _regenerated(self, reply: Any, error: str) -> None:
        if error:
            failed = translate(CONTEXT, "重新生成失败：{error}").format(error=error)
            self._show(failed)
            QMessageBox.warning(self, translate(CONTEXT, "重新生成确认码"), failed)
            return
        self._fetched(reply, "")
        done = translate(CONTEXT, "已生成新的确认码，原确认码已失效。")
        self.status.setText(f"{done}{self.status.text()}")

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)

    # -- copy and print ------------------------------------------------------------------------------------
    @Slot()
    def copy_code(self) -> None:
        if self.info is None or not self.info.code:
            return
        QGuiApplication.clipboard().setText(self.info.code)
        self.status.setText(translate(CONTEXT, "已复制确认码 {code}").format(code=self.info.code))

    def print_to(self, printer: QPrinter) -> None:
        if self.info is None:
            return
        me = self.workspace.me
        print_notice(printer, self.info, me.display_name or me.username)

    def save_pdf(self, path: Path | str) -> Path | None:
        if self.info is None or not self.info.code:
            return None
        me = self.workspace.me
        saved = save_notice_pdf(path, self.info, me.display_name or me.username)
        self.status.setText(translate(CONTEXT, "告知单已保存：{path}").format(path=saved))
        return saved

    @Slot()
    def print_with_dialog(self) -> None:
        if self.info is None or not self.info.code:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(translate(CONTEXT, "打印单位确认码告知单"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)
            self.status.setText(translate(CONTEXT, "告知单已发送到打印机"))

    @Slot()
    def save_pdf_with_dialog(self) -> None:
        if self.info is None or not self.info.code:
            return
        # The file is the notice itself (Chinese, see NOTICE_TEMPLATE): named by its own title.
        stem = notice_title()
        name = f"{stem}-{self.info.org_name}.pdf" if self.info.org_name else f"{stem}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate(CONTEXT, "保存为PDF"),
            str(Path.home() / name),
            translate(CONTEXT, "PDF 文件 (*.pdf)"),
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            try:
                self.save_pdf(path)
            except OSError as error:
                QMessageBox.warning(
                    self,
                    translate(CONTEXT, "保存为PDF"),
                    translate(CONTEXT, "保存失败：{error}").format(error=error),
                )
