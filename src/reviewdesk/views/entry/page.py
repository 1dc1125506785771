"""考生信息填报 (申报管理 → 考生信息填报; issue 15): the unit's staff enter their candidates and scans.

Left, the unit's candidates as entered (``store.entry.view``: the server's snapshot with what was
entered offline laid over it), each marked 未同步 until the server has answered, with the candidate's
信息确认 (待确认 / 信息无误 / 信息有误) and any entry the server did not apply. Right, the chosen
candidate: 基础信息 and one tab per material of the seeds with its scans. Everything is saved locally
first (the entry outbox) and synced with the rest; 撤销 (Ctrl+Z) takes back the last entry not synced.
批量导入扫描件 files a folder of scans by name; 批量导入考生 reads an Excel list made from the template.

预审提示 (issue 17) show while the data is entered, so problems are fixed before review: the list's
预审提示 column (▲ alert / △ hints and how many, as in the review list) and, above the chosen
candidate, the review pane's banner — each flag a link to the tab, field or scan it is about. They are
the server's flags, or, while entries are pending, the same rules run here (``store.entry.flags``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.candidate_info import InfoError
from reviewdesk.domain.enums import ConfirmationStatus, MaterialKind
from reviewdesk.store.columns import flag_summary
from reviewdesk.store.entry import actions, excel_import, queue, view
from reviewdesk.store.entry import flags as entry_flags
from reviewdesk.store.entry.view import EntryCandidate
from reviewdesk.store.workspace import Workspace
from reviewdesk.views.common.i18n import label, translate, translate_count
from reviewdesk.views.detail.flags_banner import FlagsBanner, colour_of, tooltip
from reviewdesk.views.entry.basics_form import RED, BasicsForm
from reviewdesk.views.entry.import_dialogs import ScanImportDialog, open_excel
from reviewdesk.views.entry.material_form import MaterialForm
from reviewdesk.views.entry.messages import message_text
from reviewdesk.views.shell.about import SECTION_PROPERTY
from reviewdesk.views.shell.navigation import ENTRY_PAGE, page_title

log = logging.getLogger(__name__)
CONTEXT = "EntryPage"
REFRESH_DELAY_MS = 200
#: The candidate list's columns, in order.
NAME, ID_NUMBER, CATEGORY, CONFIRMATION, BINDING, FLAGS, SYNC = range(7)


class EntryPage(QWidget):
    """The page; ``changed_from_worker`` moves store notifications (any thread) onto the GUI thread."""

    changed_from_worker = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.catalogue = actions.catalogue_of(workspace)
        self.current_uid: str | None = None
        self.rows: list[EntryCandidate] = []
        self.flags: dict[str, list[dict[str, str]]] = {}

        self.add_button = QPushButton(translate(CONTEXT, "新增考生"), self)
        self.add_button.clicked.connect(self.new_candidate)
        scans = QPushButton(translate(CONTEXT, "批量导入扫描件…"), self)
        scans.clicked.connect(self.import_scans)
        people = QPushButton(translate(CONTEXT, "批量导入考生…"), self)
        people.clicked.connect(self.import_excel)
        template = QPushButton(translate(CONTEXT, "下载Excel模板…"), self)
        template.clicked.connect(self.save_template)
        self.undo_button = QPushButton(translate(CONTEXT, "撤销"), self)
        self.undo_button.clicked.connect(self.undo)
        undo = QAction(translate(CONTEXT, "撤销"), self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.setProperty(SECTION_PROPERTY, page_title(ENTRY_PAGE))
        undo.triggered.connect(self.undo)
        self.addAction(undo)
        self.status = QLabel(self)

        self.table = QTableWidget(0, SYNC + 1, self)
        self.table.setObjectName("entry_candidates")
        self.table.setAccessibleName(translate(CONTEXT, "本单位考生"))
        self.table.setHorizontalHeaderLabels(
            [
                translate(CONTEXT, "姓名"),
                translate(CONTEXT, "证件号码"),
                translate(CONTEXT, "申报类别"),
                translate(CONTEXT, "信息确认"),
                translate(CONTEXT, "工作单位"),
                translate(CONTEXT, "预审提示"),
                translate(CONTEXT, "同步"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_selected)

        self.flags_banner = FlagsBanner(self)
        self.flags_banner.jump.connect(self.show_flag)
        self.basics = BasicsForm(self.catalogue, self)
        self.basics.save_requested.connect(self.save_basics)
        self.conflicts = QLabel(self)
        self.conflicts.setStyleSheet(RED)
        self.conflicts.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.materials: dict[MaterialKind, MaterialForm] = {}
        for kind in MaterialKind:
            form = MaterialForm(kind, self.ws.blob_path, self)
            form.save_requested.connect(self.save_material)
            self.materials[kind] = form
            self.tabs.addTab(form, label(kind))
        editor = QWidget(self)
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.flags_banner)
        editor_layout.addWidget(self.conflicts)
        editor_layout.addWidget(self.basics)
        editor_layout.addWidget(self.tabs, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(editor)
        self.editor, self.scroll = editor, scroll

        buttons = QHBoxLayout()
        for button in (self.add_button, scans, people, template, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setSizes([420, 780])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        # A sync sends a notification per page it stores: refresh once after they settle, and only
        # while the page is shown (it reads every candidate of the unit).
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh_if_shown)
        self._stale = False
        self.changed_from_worker.connect(self._refresh_timer.start, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = workspace.subscribe(lambda _ids: self.changed_from_worker.emit())
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self.refresh()
        self._show_candidate(None)

    # -- the list ------------------------------------------------------------------------------------
    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the unit's candidates as entered; keep the chosen one."""
        self._stale = False
        self.rows = view.candidates(self.ws)
        self.flags = entry_flags.flags_of(self.ws, self.rows, self.catalogue)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for index, candidate in enumerate(self.rows):
            status = ConfirmationStatus(str(candidate.confirmation.get("status") or "pending"))
            sync = translate(CONTEXT, "未同步") if candidate.pending else translate(CONTEXT, "已同步")
            cells = [
                QTableWidgetItem(candidate.name),
                QTableWidgetItem(candidate.info.get("id_number", "")),
                QTableWidgetItem(
                    candidate.category_name or self._category_name(candidate.info.get("category_code", ""))
                ),
                QTableWidgetItem(label(status)),
                QTableWidgetItem(label(candidate.binding) if candidate.binding else ""),
                self._flags_cell(self.flags.get(candidate.uid, [])),
                QTableWidgetItem(sync),
            ]
            if status is ConfirmationStatus.DISPUTED:
                cells[CONFIRMATION].setForeground(QColor("#c0392b"))
            if candidate.pending:
                cells[SYNC].setForeground(QColor("#b9770e"))
            for column, cell in enumerate(cells):
                self.table.setItem(index, column, cell)
        self.table.blockSignals(False)
        pending = len(queue.pending(self.ws))
        self.status.setText(
            translate_count(CONTEXT, "共 {n} 人，未同步 {p} 项", len(self.rows)).format(
                n=len(self.rows), p=pending
            )
        )
        self.undo_button.setEnabled(pending > 0)
        self.select(self.current_uid)

    @staticmethod
    def _flags_cell(flags: list[dict[str, str]]) -> QTableWidgetItem:
        """▲/△ and how many, like the review list's 预审提示; the sentences as its tooltip."""
        cell = QTableWidgetItem(flag_summary(entry_flags.summary(flags)))
        if flags:
            cell.setForeground(QColor(colour_of(flags)))
            cell.setToolTip(tooltip(flags))
        return cell

    def _category_name(self, code: str) -> str:
        """A category's name from the catalogue (a candidate entered here, not yet synced)."""
        return self.catalogue.name_of(code) if code in self.catalogue else code

    def select(self, uid: str | None) -> None:
        for index, candidate in enumerate(self.rows):
            if candidate.uid == uid:
                self.table.selectRow(index)
                self._show_candidate(candidate)
                return
        self._show_candidate(None if uid is None else view.candidate(self.ws, uid))

    def _on_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            candidate = self.rows[rows[0].row()]
            self.current_uid = candidate.uid
            self._show_candidate(candidate)

    def _show_candidate(self, candidate: EntryCandidate | None) -> None:
        self.tabs.setEnabled(candidate is not None)
        self._clear_highlights()
        if candidate is None:
            self.flags_banner.set_flags([])
            self.basics.show_values({}, None)
            for form in self.materials.values():
                form.show_material(None)
                form.set_flags([])
            self._mark_tabs([])
            self.conflicts.setText("")
            return
        flags = self.flags.get(candidate.uid)
        if flags is None:  # not in the list (yet): one candidate's
            flags = entry_flags.candidate_flags(self.ws, candidate, self.catalogue)
        self.flags_banner.set_flags(flags)
        self.basics.show_values(candidate.info, candidate.confirmation)
        for kind, form in self.materials.items():
            form.show_material(candidate.materials.get(kind))
            form.set_flags(flags)
        self._mark_tabs(flags)
        problems = queue.open_conflicts(self.ws, candidate.uid)
        self.conflicts.setText(
            "\n".join(
                translate(CONTEXT, "未被服务器接受：{message}").format(message=p["message"]) for p in problems
            )
        )

    def _mark_tabs(self, flags: list[dict[str, str]]) -> None:
        """A material tab with flags is coloured like its worst one, its sentences as the tooltip."""
        for index, kind in enumerate(self.materials):
            its = [f for f in flags if f.get("material") == kind.value]
            self.tabs.tabBar().setTabTextColor(index, QColor(colour_of(its)) if its else QColor())
            self.tabs.setTabToolTip(index, tooltip(its))

    def show_flag(self, flag: dict[str, str]) -> None:
        """A banner link: the flag's tab, its field marked, its scan selected (基础信息 when it is about
        the candidate)."""
        self._clear_highlights()
        target: QWidget | None
        try:
            kind = MaterialKind(flag.get("material") or "")
        except ValueError:
            target = self.basics.highlight(flag.get("field") or "") or self.basics
        else:
            self.tabs.setCurrentWidget(self.materials[kind])
            target = self.materials[kind].highlight(flag.get("field") or "", flag.get("image") or "")
            target = target or self.tabs
        self.scroll.ensureWidgetVisible(target)
        target.setFocus()

    def _clear_highlights(self) -> None:
        self.basics.highlight(None)
        for form in self.materials.values():
            form.highlight("", "")

    # -- entering ------------------------------------------------------------------------------------
    def new_candidate(self) -> None:
        self.current_uid = None
        self.table.clearSelection()
        self._show_candidate(None)
        self.basics.name.setFocus()

    def save_basics(self, values: dict[str, str]) -> None:
        try:
            self.current_uid = actions.enter_candidate(self.ws, values, self.current_uid)
        except InfoError as error:
            self.basics.problem.setText(message_text(error))
            return
        self.basics.problem.setText("")
        self.refresh()

    def save_material(
        self, kind: MaterialKind, fields: dict[str, str], images: list[Any], scans: list[Any]
    ) -> None:
        if self.current_uid is None:
            QMessageBox.information(
                self, translate(CONTEXT, "保存材料"), translate(CONTEXT, "请先保存考生的基础信息")
            )
            return
        try:
            actions.enter_material(self.ws, self.current_uid, kind, fields, images, scans)
        except ValueError as error:
            QMessageBox.warning(self, translate(CONTEXT, "保存材料"), message_text(error))
            return
        self.refresh()

    def undo(self) -> None:
        undone = queue.undo_last(self.ws)
        if undone is None:
            self.status.setText(translate(CONTEXT, "没有可撤销的填报（已同步的不能撤销）"))
            return
        self.refresh()

    # -- batch ---------------------------------------------------------------------------------------
    def import_scans(self) -> None:
        dialog = ScanImportDialog(self.ws, self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    def import_excel(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, translate(CONTEXT, "选择考生名单"), "", "Excel (*.xlsx)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )  # fmt: skip
        if not chosen:
            return
        dialog = open_excel(self.ws, self, Path(chosen))
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()
        self.refresh()

    def save_template(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, translate(CONTEXT, "保存Excel模板"), translate(CONTEXT, "考生信息导入模板") + ".xlsx", "Excel (*.xlsx)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )  # fmt: skip
        if target:
            codes = [(c.code, c.name, c.level.label) for c in self.catalogue.all_categories()]
            excel_import.write_template(Path(target), codes)
