"""导出 (seed 000 §2.2): the list as shown, to Excel, in the background with a progress bar and 取消.

The dialog takes what the list shows — the ids of the current view in order, the visible columns, the
filters and the sort — and hands them to ``store.export.export_records`` on a ``QThread``; the window
stays responsive, and 取消 stops the export between pages (nothing is left where the reviewer asked for
the file: see ``store.export``). Failures are shown in the dialog with the reason.

:func:`open_export_dialog` is the main window's hook for the 导出 button.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain import beijing
from reviewdesk.store.columns import COLUMNS_BY_KEY
from reviewdesk.store.export import NON_DATA_COLUMNS, ExportError, ExportResult, export_records
from reviewdesk.store.export_cells import MAX_CELL_TEXT, CellChanges
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.views.common.column_titles import column_title
from reviewdesk.views.common.i18n import translate, translate_count, translate_noop

log = logging.getLogger(__name__)

CONTEXT = "ExportDialog"

#: The file dialog's filter (Chinese source, shown through ``translate(CONTEXT, XLSX_FILTER)``).
XLSX_FILTER = translate_noop(CONTEXT, "Excel 工作簿 (*.xlsx)")


def default_export_path(folder: Path | None = None) -> Path:
    """``报名材料审核_20261203_1012.xlsx`` in the reviewer's Documents folder (or home)."""
    if folder is None:
        documents = Path.home() / "Documents"
        folder = documents if documents.is_dir() else Path.home()
    stem = translate(CONTEXT, "报名材料审核")
    return folder / f"{stem}_{beijing.now():%Y%m%d_%H%M}.xlsx"


def changed_cells_text(changes: CellChanges) -> str:
    """What the export had to change in cells, for the completion message ("" when nothing): the file
    never differs from the list without a word (the 导出条件 sheet says the same)."""
    parts = []
    if changes.controls_removed:
        part = translate_count(
            CONTEXT, "{n} 个单元格删除了无法保存的控制字符", changes.controls_removed
        ).format(n=changes.controls_removed)
        if changes.emptied:
            part += translate(CONTEXT, "（其中 {n} 个因此变为空）").format(n=changes.emptied)
        parts.append(part)
    if changes.cut:
        parts.append(
            translate_count(
                CONTEXT, "{n} 个单元格超过 Excel 上限（{limit} 个字符）被截断", changes.cut
            ).format(n=changes.cut, limit=f"{MAX_CELL_TEXT:,}")
        )
    if not parts:
        return ""
    return translate(CONTEXT, "。注意：{changes}，详见“导出条件”工作表").format(
        changes=translate(CONTEXT, "；").join(parts)
    )


class ExportWorker(QObject):
    """Runs one export on its thread; reports through signals (queued to the dialog)."""

    progress = Signal(int, int)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)

    def __init__(
        self,
        path: Path,
        workspace: Any,
        ids: Sequence[int],
        column_keys: Sequence[str],
        filter: RecordFilter,
        sort: SortKey | None,
        mask_id_numbers: bool,
    ) -> None:
        super().__init__()
        self.path = path
        self.workspace = workspace
        self.ids = ids
        self.column_keys = list(column_keys)
        self.filter = filter
        self.sort = sort
        self.mask_id_numbers = mask_id_numbers
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = export_records(
                self.path,
                self.workspace,
                self.ids,
                self.column_keys,
                self.filter,
                sort=self.sort,
                mask_id_numbers=self.mask_id_numbers,
                progress=self.progress.emit,
                cancel=self.cancel,
            )
        except ExportError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # never let the worker die silently
            log.exception("export failed")
            self.failed.emit(translate(CONTEXT, "导出失败：{error}").format(error=error))
            return
        self.finished.emit(result)


class ExportDialog(QDialog):
    """Choose the file and options, then export with progress; 取消 stops it."""

    def __init__(
        self,
        workspace: Any,
        ids: Sequence[int],
        column_keys: Sequence[str],
        filter: RecordFilter,
        sort: SortKey | None = None,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(CONTEXT, "导出"))
        self.setMinimumWidth(560)
        self.workspace = workspace
        self.ids = ids
        self.column_keys = list(column_keys)
        self.filter = filter
        self.sort = sort
        self.result_: ExportResult | None = None
        self.error: str = ""
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None

        titles = [
            column_title(k) for k in self.column_keys if k in COLUMNS_BY_KEY and k not in NON_DATA_COLUMNS
        ]
        summary = translate_count(
            CONTEXT,
            "将导出当前列表的 {rows} 条记录（按当前筛选条件和排序），共 {columns} 列：{titles}",
            len(ids),
        )
        self.summary = QLabel(
            summary.format(rows=len(ids), columns=len(titles), titles=translate(CONTEXT, "、").join(titles)),
            self,
        )
        self.summary.setWordWrap(True)
        self.path_edit = QLineEdit(str(path or default_export_path()), self)
        self.path_edit.setAccessibleName(translate(CONTEXT, "保存位置"))
        self.browse_button = QPushButton(translate(CONTEXT, "浏览…"), self)
        self.browse_button.clicked.connect(self.browse)
        self.mask_box = QCheckBox(
            translate(CONTEXT, "证件号码脱敏（如 420105********1234，用于发往单位以外的文件）"), self
        )
        self.progress = QProgressBar(self)
        self.progress.setRange(0, max(1, len(ids)))
        self.progress.setValue(0)
        self.progress.setFormat("%v / %m")
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(translate(CONTEXT, "导出"), self)
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(translate(CONTEXT, "取消"), self)
        self.open_button = QPushButton(translate(CONTEXT, "打开文件"), self)
        self.folder_button = QPushButton(translate(CONTEXT, "打开所在文件夹"), self)
        self.open_button.hide()
        self.folder_button.hide()
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.open_button.clicked.connect(self._open_file)
        self.folder_button.clicked.connect(self._open_folder)
        if len(ids) == 0:
            self.export_button.setEnabled(False)
            self.status.setText(translate(CONTEXT, "当前列表没有记录，无需导出"))

        path_row = QHBoxLayout()
        path_row.addWidget(QLabel(translate(CONTEXT, "保存到:"), self))
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(path_row)
        layout.addWidget(self.mask_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # -- state ---------------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._thread is not None

    def target(self) -> Path:
        text = self.path_edit.text().strip()
        path = Path(text).expanduser()
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        return path

    @Slot()
    def browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, translate(CONTEXT, "导出为 Excel"), str(self.target()), translate(CONTEXT, XLSX_FILTER)
        )
        if chosen:
            self.path_edit.setText(chosen)

    # -- running -------------------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        if self.is_running() or len(self.ids) == 0:
            return
        if not self.path_edit.text().strip():
            self.status.setText(translate(CONTEXT, "请选择保存位置"))
            return
        target = self.target()
        self.path_edit.setText(str(target))
        self.result_ = None
        self.error = ""
        self.progress.setValue(0)
        self.status.setText(translate(CONTEXT, "正在导出…"))
        for widget in (self.export_button, self.browse_button, self.path_edit, self.mask_box):
            widget.setEnabled(False)
        self.open_button.hide()
        self.folder_button.hide()
        self.cancel_button.setText(translate(CONTEXT, "取消"))

        thread = QThread(self)
        worker = ExportWorker(
            target,
            self.workspace,
            self.ids,
            self.column_keys,
            self.filter,
            self.sort,
            self.mask_box.isChecked(),
        )
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(self._on_thread_done)
        self._thread, self._worker = thread, worker
        thread.start()

    @Slot()
    def cancel_or_close(self) -> None:
        if self._worker is not None:
            self._worker.cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(translate(CONTEXT, "正在取消…"))
        else:
            self.reject()

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the worker thread has ended (tests, and closing while running)."""
        thread = self._thread
        return True if thread is None else thread.wait(msecs)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    @Slot(object)
    def _on_finished(self, result: ExportResult) -> None:
        self.result_ = result
        if result.cancelled:
            self.status.setText(translate(CONTEXT, "已取消导出，未生成文件"))
            return
        self.progress.setValue(self.progress.maximum())
        text = translate_count(CONTEXT, "导出完成：{rows} 条记录，已保存到 {path}", result.rows).format(
            rows=result.rows, path=result.path
        )
        if result.missing:
            text += translate_count(
                CONTEXT, "（{n} 条记录已不在本地数据中，未导出）", len(result.missing)
            ).format(n=len(result.missing))
        text += changed_cells_text(result.changes)
        self.status.setText(text)
        self.open_button.show()
        self.folder_button.show()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.error = message
        self.status.setText(message)

    @Slot()
    def _on_thread_done(self) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if worker is not None:
            worker.deleteLater()
        if thread is not None:
            thread.deleteLater()
        for widget in (
            self.export_button,
            self.browse_button,
            self.path_edit,
            self.mask_box,
            self.cancel_button,
        ):
            widget.setEnabled(True)
        done = self.result_ is not None and not self.result_.cancelled
        self.export_button.setText(translate(CONTEXT, "再次导出") if done else translate(CONTEXT, "导出"))
        self.cancel_button.setText(translate(CONTEXT, "关闭"))

    def _open_file(self) -> None:
        if self.result_ is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_.path)))

    def _open_folder(self) -> None:
        if self.result_ is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_.path.parent)))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._worker is not None:
            self._worker.cancel.set()
            self.wait()
        super().closeEvent(event)

    def reject(self) -> None:
        if self._worker is not None:  # Esc while running: cancel first, never leave a thread behind
            self._worker.cancel.set()
            self.wait()
        super().reject()


def visible_column_keys(view: QTableView) -> list[str]:
    """The list's columns as the reviewer sees them: in the header's visual order, hidden ones left out.

    The table model names each column by its ``store.columns`` key (``column_key(logical)``).
    """
    model = view.model()
    header = view.horizontalHeader()
    keys: list[str] = []
    for visual in range(header.count()):
        logical = header.logicalIndex(visual)
        if logical < 0 or header.isSectionHidden(logical):
            continue
        keys.append(model.column_key(logical))  # type: ignore[attr-defined]
    return keys


def open_export_dialog(
    parent: QWidget | None,
    workspace: Any,
    ids: Sequence[int],
    column_keys: Sequence[str],
    filter: RecordFilter,
    sort: SortKey | None = None,
) -> ExportDialog:
    """Show the export dialog (non-modal: the reviewer may keep working while it exports)."""
    dialog = ExportDialog(workspace, ids, column_keys, filter, sort, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog
