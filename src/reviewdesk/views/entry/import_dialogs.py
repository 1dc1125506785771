"""批量导入: scans by file name (a preview table before anything is filed, on a worker thread with
progress and cancel) and candidates from an Excel file (the per-row report, imported on confirmation)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.store.entry import excel_import, scan_import
from reviewdesk.store.entry.scan_import import MATCHED, REFUSED, UNMATCHED, ImportPreview
from reviewdesk.store.workspace import Workspace
from reviewdesk.views.common.flag_texts import findings_text
from reviewdesk.views.common.i18n import translate, translate_count, translate_noop
from reviewdesk.views.detail.flags_banner import WARN_COLOUR
from reviewdesk.views.entry.messages import import_row_text, message_text

CONTEXT = "EntryPage"
STATUS_TEXT = {
    MATCHED: translate_noop(CONTEXT, "匹配"),
    UNMATCHED: translate_noop(CONTEXT, "未匹配"),
    REFUSED: translate_noop(CONTEXT, "拒绝"),
}
STATUS_COLOUR = {MATCHED: "#1e8449", UNMATCHED: "#b9770e", REFUSED: "#c0392b"}
#: The preview's columns: the file, 结果, 考生, 证书名称, 页, the scan's 预审提示, 原因或说明 (the last:
#: it stretches).
WARNINGS, REASON = 5, 6
WARNINGS_WIDTH = 220


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _text_cell(text: str) -> QTableWidgetItem:
    """A cell whose whole sentence is its tooltip too (the column may be narrower)."""
    cell = QTableWidgetItem(text)
    cell.setToolTip(text)
    return cell


def _warnings_cell(row: scan_import.ImportRow) -> QTableWidgetItem:
    """A matched scan's 预审提示 (blurred, too small, sideways…): a warning, the file is still filed."""
    cell = _text_cell(findings_text(row.findings) if row.status == MATCHED else "")
    cell.setForeground(QColor(WARN_COLOUR))
    return cell


class PreviewWorker(QObject):
    """Runs ``scan_import.preview`` off the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)  # ImportPreview
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, ws: Workspace, paths: list[Path], shrink: bool) -> None:
        super().__init__()
        self.ws, self.paths, self.shrink = ws, paths, shrink
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = scan_import.preview(
                self.ws, self.paths, shrink=self.shrink, progress=self.progress.emit, cancel=self.cancel
            )
        except scan_import.ImportCancelled:
            self.cancelled.emit()
        except Exception as error:  # disk trouble: say it, keep the page
            self.failed.emit(str(error))
        else:
            self.finished.emit(result)


class ScanImportDialog(QDialog):
    """Choose a folder or drop files → the preview table → 全部归档."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.result: ImportPreview | None = None
        self.filed = 0
        self._thread: QThread | None = None
        self._worker: PreviewWorker | None = None
        self.setWindowTitle(translate(CONTEXT, "批量导入扫描件"))
        self.setAcceptDrops(True)
        self.resize(1100, 560)
        intro = QLabel(
            translate(
                CONTEXT,
                "选择文件夹或把扫描件拖到这里。文件名按“姓名+身份证号+证书名称+第几页”匹配本单位的考生；"
                "归档前先列出每个文件的匹配结果。不是正向的扫描件：选中后按 R 旋转。",
            ),
            self,
        )
        intro.setWordWrap(True)
        self.shrink = QCheckBox(translate(CONTEXT, "把超过3MB的照片压缩到3MB以内"), self)
        choose = QPushButton(translate(CONTEXT, "选择文件夹…"), self)
        choose.clicked.connect(self.choose_folder)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(translate(CONTEXT, "取消"), self)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.summary = QLabel(self)
        self.table = _table(
            self,
            [
                translate(CONTEXT, "文件"),
                translate(CONTEXT, "结果"),
                translate(CONTEXT, "考生"),
                translate(CONTEXT, "证书名称"),
                translate(CONTEXT, "页"),
                translate(CONTEXT, "预审提示"),
                translate(CONTEXT, "原因或说明"),
            ],
        )
        self.table.setObjectName("scan_import_table")
        turn = QShortcut(QKeySequence("R"), self.table, activated=self.turn_selected)
        turn.setWhatsThis(translate(CONTEXT, "向右旋转所选扫描件"))
        self.file_button = QPushButton(translate(CONTEXT, "全部归档"), self)
        self.file_button.setObjectName("scan_import_file")
        self.file_button.setEnabled(False)
        self.file_button.clicked.connect(self.file_all)
        close = QPushButton(translate(CONTEXT, "关闭"), self)
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.shrink)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.file_button)
        bottom.addWidget(close)
        progress = QHBoxLayout()
        progress.addWidget(self.progress, 1)
        progress.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addLayout(progress)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # -- input -------------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate(CONTEXT, "选择扫描件所在的文件夹"), "", QFileDialog.Option.DontUseNativeDialog
        )
        if folder:
            self.start([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.start(paths)

    # -- preview -----------------------------------------------------------------------------------
    def start(self, paths: list[Path]) -> None:
        if self._thread is not None:
            return
        if self.result is not None:
            self.result.discard()
            self.result = None
        self.table.setRowCount(0)
        self.file_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.cancel_button.setVisible(True)
        self.summary.setText(translate(CONTEXT, "正在检查…"))
        thread = QThread(self)
        worker = PreviewWorker(self.ws, paths, self.shrink.isChecked())
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.cancelled.connect(self._on_cancelled)
        worker.failed.connect(self._on_failed)
        for signal in (worker.finished, worker.cancelled, worker.failed):
            signal.connect(thread.quit)
        thread.finished.connect(self._on_thread_done)
        self._thread, self._worker = thread, worker
        thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel.set()

    def busy(self) -> bool:
        return self._thread is not None

    def turn_selected(self) -> None:
        """R: the selected matched scans a quarter turn clockwise before they are filed."""
        if self.result is None:
            return
        for index in sorted({item.row() for item in self.table.selectedItems()}):
            row = scan_import.turn(self.result, index, shrink=self.shrink.isChecked())
            self.table.setItem(index, REASON, _text_cell(import_row_text(row)))
            self.table.setItem(index, WARNINGS, _warnings_cell(row))

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    @Slot(object)
    def _on_finished(self, result: ImportPreview) -> None:
        self.result = result
        self.table.setRowCount(len(result.rows))
        for index, row in enumerate(result.rows):
            status = QTableWidgetItem(translate(CONTEXT, STATUS_TEXT[row.status]))
            status.setForeground(QColor(STATUS_COLOUR[row.status]))
            cells = [
                QTableWidgetItem(row.path.name),
                status,
                QTableWidgetItem(row.candidate_name or (row.name.name if row.name else "")),
                QTableWidgetItem(row.name.title if row.name else ""),
                QTableWidgetItem(str(row.name.page) if row.name else ""),
                _warnings_cell(row),
                _text_cell(import_row_text(row)),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(index, column, cell)
        self.table.resizeColumnsToContents()
        # the sentences are in the cells' tooltips: leave the reason room
        self.table.setColumnWidth(WARNINGS, min(self.table.columnWidth(WARNINGS), WARNINGS_WIDTH))
        matched = result.count(MATCHED)
        warned = sum(1 for row in result.rows if row.status == MATCHED and row.findings)
        self.summary.setText(
            translate(
                CONTEXT, "共 {total} 个文件：匹配 {matched}，未匹配 {unmatched}，拒绝 {refused}"
            ).format(
                total=len(result.rows),
                matched=matched,
                unmatched=result.count(UNMATCHED),
                refused=result.count(REFUSED),
            )
            + (translate(CONTEXT, "；其中 {n} 个有预审提示（可以归档）").format(n=warned) if warned else "")
        )
        self.file_button.setText(translate(CONTEXT, "全部归档（{n} 个）").format(n=matched))
        self.file_button.setEnabled(matched > 0)

    @Slot()
    def _on_cancelled(self) -> None:
        self.summary.setText(translate(CONTEXT, "已取消，未归档任何文件"))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.summary.setText(translate(CONTEXT, "检查失败：{message}").format(message=message))

    @Slot()
    def _on_thread_done(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        if self._thread is not None:
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread, self._worker = None, None

    def file_all(self) -> None:
        if self.result is None:
            return
        self.filed = scan_import.file_scans(self.ws, self.result)
        self.result = None
        self.file_button.setEnabled(False)
        self.summary.setText(
            translate_count(CONTEXT, "已归档 {n} 个扫描件（未同步）", self.filed).format(n=self.filed)
        )

    def done(self, code: int) -> None:
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(30_000)
        if self.result is not None:
            self.result.discard()
        super().done(code)


class ExcelImportDialog(QDialog):
    """The per-row report of an Excel file; 导入 enters the good rows."""

    def __init__(self, ws: Workspace, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.imported = 0
        self.setWindowTitle(translate(CONTEXT, "批量导入考生"))
        self.resize(860, 520)
        self.report = excel_import.read_report(ws, path)
        table = _table(
            self,
            [
                translate(CONTEXT, "行号"),
                translate(CONTEXT, "姓名"),
                translate(CONTEXT, "证件号码"),
                translate(CONTEXT, "检查结果"),
            ],
        )
        table.setObjectName("excel_import_table")
        table.setRowCount(len(self.report.rows))
        for index, row in enumerate(self.report.rows):
            verdict = QTableWidgetItem(
                message_text(row.problem) if row.problem else translate(CONTEXT, "可导入")
            )
            verdict.setForeground(QColor("#c0392b" if row.problem else "#1e8449"))
            for column, cell in enumerate(
                [QTableWidgetItem(str(row.row)), QTableWidgetItem(row.values.get("name", "")),
                 QTableWidgetItem(row.values.get("id_number", "")), verdict]
            ):  # fmt: skip
                table.setItem(index, column, cell)
        table.resizeColumnsToContents()
        good, bad = len(self.report.good), len(self.report.bad)
        summary = QLabel(
            translate(CONTEXT, "可导入 {good} 人，有问题 {bad} 行（不导入）").format(good=good, bad=bad), self
        )
        self.import_button = QPushButton(translate(CONTEXT, "导入 {n} 人").format(n=good), self)
        self.import_button.setObjectName("excel_import_confirm")
        self.import_button.setEnabled(good > 0)
        self.import_button.clicked.connect(self.import_good)
        save = QPushButton(translate(CONTEXT, "保存检查结果…"), self)
        save.clicked.connect(self.save_report)
        close = QPushButton(translate(CONTEXT, "关闭"), self)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(summary, 1)
        bottom.addWidget(save)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addLayout(bottom)

    def import_good(self) -> None:
        self.imported = len(excel_import.import_rows(self.ws, self.report))
        self.accept()

    def save_report(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, translate(CONTEXT, "保存检查结果"), translate(CONTEXT, "导入检查结果") + ".xlsx", "Excel (*.xlsx)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )  # fmt: skip
        if target:
            excel_import.write_report(Path(target), self.report)


def open_excel(ws: Workspace, parent: QWidget | None, path: Path) -> ExcelImportDialog | None:
    """The report dialog for ``path``, or None after saying why the file cannot be read."""
    try:
        return ExcelImportDialog(ws, path, parent)
    except excel_import.ExcelProblem as problem:
        QMessageBox.warning(parent, translate(CONTEXT, "批量导入考生"), message_text(problem))
        return None
