"""The main window: 申报管理 navigation, the 报名材料审核 list with its detail pane, review, sync.

Why it is built this way: the web page it replaces shows ten rows at a time and needs a round trip for
every click. Here the whole scope is local: the list is filtered and sorted in memory by
``store.index.RecordIndex`` (``RecordTableModel`` holds ids only), decisions are written locally at
once (``Workspace.decide``, queued for the server) and a sync runs in a worker thread. Everything a
reviewer does a thousand times a day has a key: Ctrl+1..4 review, J/K move, Ctrl+Z undo, F5 sync.

Change notification: the index follows the workspace (``RecordIndex.open(..., follow=True)``) and calls
back on whichever thread wrote; the window marshals that to the GUI thread with a queued signal, then
re-queries and keeps the selection by id (``reselect``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from PySide6.QtCore import QEventLoop, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.domain.workflow import allowed_outcomes
from reviewdesk.store.columns import COLUMNS_BY_KEY, DEFAULT_VISIBLE
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.views.bulk_review_dialog import BulkReviewDialog
from reviewdesk.views.conflicts_view import ConflictsDialog
from reviewdesk.views.desktop_shell import attach_current_shell
from reviewdesk.views.detail_pane import DetailPane, certificates_of
from reviewdesk.views.filter_panel import FilterPanel
from reviewdesk.views.i18n import translate  # menus translatable (English via Qt Linguist)
from reviewdesk.views.record_table_model import (
    RecordTableModel,
    current_id,
    reselect,
    selected_ids,
)
from reviewdesk.views.report_dialog import report_blocked_reason, run_report
from reviewdesk.views.review_dialog import OUTCOME_SHORTCUTS, ReviewDialog
from reviewdesk.views.sync_worker import PHASE_TEXT, SyncWorker

log = logging.getLogger(__name__)

APP_TITLE = "卫生专业技术资格考试 报名材料审核"
OFFLINE = "离线"
ONLINE = "在线"
ROW_HEIGHT = 24
TABLE_LAYOUT = "review_list"


def _prefetch_scans(workspace: Any, record_id: int, sizes: Sequence[tuple[int, int]]) -> None:
    """Worker: find the record's downloaded scans and queue their decoding (``store.imaging``)."""
    from reviewdesk.store.imaging import prefetch

    try:
        record = workspace.record(record_id)
        if record is None:
            return
        paths = [
            path
            for material in record.materials
            for image in material.images
            if (path := workspace.blob_path(str(image.get("sha256", "")))) is not None
        ]
    except Exception:  # the workspace closed meanwhile (account switch, exit): nothing to prefetch
        log.debug("prefetch of record %s skipped", record_id, exc_info=True)
        return
    for size in sizes:
        prefetch(paths, size)


class _Relay(QObject):
    """Carries change notifications from any thread to the GUI thread (queued)."""

    changed = Signal(object)


def _settings_or_none(settings: Any) -> Any:
    if settings is not None:
        return settings
    try:
        from reviewdesk.views.settings import AppSettings

        return AppSettings()
    except Exception:  # the desktop settings module is optional here
        return None


class MainWindow(QMainWindow):
    """``MainWindow(workspace, client_or_None)``. ``client=None`` means offline (marked 离线)."""

    #: Emitted when the server no longer accepts the token (the app asks for the password again).
    relogin_requested = Signal()
    #: 演示 → 切换账号: the username to switch to.
    switch_account_requested = Signal(str)
    #: A 同步 finished (its SyncReport), after the window showed its outcome.
    sync_finished = Signal(object)

    def __init__(
        self,
        workspace: Any,
        client: Any | None = None,
        parent: QWidget | None = None,
        *,
        settings: Any = None,
        index: RecordIndex | None = None,
        demo_accounts: Sequence[tuple[str, str]] = (),
        show_sync_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.client = client
        self.settings = _settings_or_none(settings)
        self.show_sync_dialog = show_sync_dialog  # the status bar's progress (a sync is never modal)
        self._sync_worker: SyncWorker | None = None
        self.demo_menu: QMenu | None = None
        self.me = workspace.me
        self.offline = client is None
        self.last_report: Any = None
        self.pages: dict[str, QWidget] = {}
        self._viewer: Any = None
        self._prefetcher: ThreadPoolExecutor | None = None
        self._filter = RecordFilter()
        self._sort = SortKey("submitted_at", descending=False)
        self.auto_advance = bool(getattr(self.settings, "auto_advance", True)) if self.settings else True

        self.index = index if index is not None else RecordIndex.open(workspace)
        self._relay = _Relay(self)
        self._relay.changed.connect(self._on_index_update, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = self.index.subscribe(self._relay.changed.emit)

        self._build_review_page()
        self._build_navigation()
        self._build_actions()
        self._build_status_bar()
        self._add_other_pages()
        if demo_accounts:
            self._build_demo_menu(demo_accounts)
        self._restore_layout()
        self.filter_panel.set_filter(self.filter_panel.filter())  # first query
        self.update_status()
        self._update_title()
        self.resize(1600, 950)
        attach_current_shell(self)  # 设置/帮助 entries when run by app.main() (views/desktop_shell.py)

    # ------------------------------------------------------------------ construction
    def _build_review_page(self) -> None:
        page = QWidget(self)
        self.filter_panel = FilterPanel(self.workspace.catalogue(), page)
        self.filter_panel.filter_changed.connect(self.apply_filter)
        self.filter_panel.report_requested.connect(self.report_up)
        self.filter_panel.export_requested.connect(self.export)
        self.filter_panel.save_button.clicked.connect(self._save_search)
        self.filter_panel.delete_button.clicked.connect(self._delete_search)
        self.filter_panel.saved_box.activated.connect(self._load_search)
        self._refresh_saved_searches()

        self.model = RecordTableModel(self.workspace.rows, self, sorter=self.sort_by)
        self.table = QTableView(page)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setHighlightSections(False)
        for column, key in enumerate(self.model.column_keys()):
            self.table.setColumnWidth(column, COLUMNS_BY_KEY[key].width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(lambda _index: self.review(None))

        header.setSortIndicatorShown(True)
        self.count_label = QLabel("共 0 条", page)
        self.count_label.setObjectName("count")
        self.selection_label = QLabel("", page)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.detail = DetailPane(self.workspace, page)
        header.blockSignals(True)
        header.setSortIndicator(self.model.column_of("submitted_at") or 0, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        self.detail.open_viewer.connect(self.open_viewer)
        self.detail.record_shown.connect(self._on_record_shown)
        self.table.clicked.connect(self._on_cell_clicked)

        list_box = QWidget(page)
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        counts = QHBoxLayout()
        counts.addWidget(self.count_label)
        counts.addSpacing(16)
        counts.addWidget(self.selection_label)
        counts.addStretch(1)
        list_layout.addLayout(counts)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, page)
        self.splitter.addWidget(list_box)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([880, 520])

        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_panel)
        layout.addWidget(self.splitter, 1)
        self.review_page = page

    def _build_navigation(self) -> None:
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget(self)
        self._page_keys: list[str] = []
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        left = QVBoxLayout()
        heading = QLabel("  申报管理", central)
        heading.setStyleSheet("font-weight: bold; padding: 6px 0;")
        left.addWidget(heading)
        left.addWidget(self.nav, 1)
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.add_page("review", "报名材料审核", self.review_page)
        self.nav.setCurrentRow(0)

    def add_page(self, key: str, title: str, widget: QWidget) -> None:
        """Add a page to the left navigation (申报管理 → …)."""
        self.pages[key] = widget
        self._page_keys.append(key)
        self.stack.addWidget(widget)
        self.nav.addItem(title)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self._page_keys.index(key))

    def _add_other_pages(self) -> None:
        try:
            from reviewdesk.views.special_info import SpecialInfoPage

            self.add_page("special", "专项信息", SpecialInfoPage(self.workspace, self))
        except Exception:
            log.exception("专项信息 page unavailable")
        if Tier(self.me.tier) is Tier.UNIT:
            try:
                from reviewdesk.views.confirmation_code import ConfirmationCodePage

                self.add_page("code", "本单位确认码", ConfirmationCodePage(self.workspace, self.client, self))
            except Exception:
                log.exception("本单位确认码 page unavailable")

    def _action(
        self, menu: QMenu, text: str, slot: Callable[[], Any], shortcuts: Sequence[str] = (), tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(translate("MainWindow", "文件(&F)"))
        file_menu.setObjectName("menu_file")
        self.sync_action = self._action(
            file_menu,
            translate("MainWindow", "同步"),
            self.start_sync,
            ["F5"],
            translate("MainWindow", "上传本地审核结果并下载更新 (F5)"),
        )
        self.export_action = self._action(file_menu, translate("MainWindow", "导出…"), self.export)
        self.report_action = self._action(file_menu, translate("MainWindow", "材料上报…"), self.report_up)
        file_menu.addSeparator()
        self._action(file_menu, translate("MainWindow", "退出"), self.close, ["Ctrl+Q"])

        review_menu = bar.addMenu(translate("MainWindow", "审核(&R)"))
        review_menu.setObjectName("menu_review")
        self.review_actions: dict[Outcome, QAction] = {}
        for outcome in Outcome:
            self.review_actions[outcome] = self._action(
                review_menu,
                f"{outcome.label}…",
                lambda o=outcome: self.review(o),
                [OUTCOME_SHORTCUTS[outcome]],
            )
        review_menu.addSeparator()
        self.undo_action = self._action(review_menu, translate("MainWindow", "撤销"), self.undo, ["Ctrl+Z"])
        review_menu.addSeparator()
        self.next_action = self._action(
            review_menu, translate("MainWindow", "下一条"), lambda: self.move(1), ["J", "Alt+Down"]
        )
        self.previous_action = self._action(
            review_menu, translate("MainWindow", "上一条"), lambda: self.move(-1), ["K", "Alt+Up"]
        )
        self.find_action = self._action(
            review_menu, translate("MainWindow", "查找姓名"), self.filter_panel.focus_name, ["Ctrl+F"]
        )
        self.viewer_action = self._action(
            review_menu, translate("MainWindow", "查看证书图片"), lambda: self.open_viewer(None)
        )
        review_menu.addSeparator()
        self.auto_advance_action = QAction(translate("MainWindow", "审核后自动跳到下一条"), self)
        self.auto_advance_action.setCheckable(True)
        self.auto_advance_action.setChecked(self.auto_advance)
        self.auto_advance_action.toggled.connect(self._set_auto_advance)
        review_menu.addAction(self.auto_advance_action)
        self.conflicts_action = self._action(
            review_menu, translate("MainWindow", "冲突…"), self.show_conflicts
        )

        view_menu = bar.addMenu(translate("MainWindow", "视图(&V)"))
        view_menu.setObjectName("menu_view")
        self._action(view_menu, translate("MainWindow", "列…"), lambda: self._header_menu(QPoint(0, 0)))
        self._action(view_menu, translate("MainWindow", "恢复默认列"), self._reset_columns)

        for keys in ("Space", "Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self.open_viewer(None))

    def _build_demo_menu(self, accounts: Sequence[tuple[str, str]]) -> None:
        menu = self.menuBar().addMenu("演示")
        menu.setObjectName("menu_demo")
        self.demo_menu = menu
        switch = menu.addMenu("切换账号")
        for username, label in accounts:
            action = switch.addAction(label)
            action.setEnabled(username != self.me.username)
            action.triggered.connect(lambda _c=False, u=username: self.switch_account_requested.emit(u))

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
        self.sync_cancel_button.setText("取消")
        self.sync_cancel_button.setToolTip("取消同步（已上传的不受影响，未上传的留待下次同步）")
        for widget in (self.sync_label, self.sync_progress, self.sync_cancel_button):
            bar.addWidget(widget)
            widget.hide()
        for label in (
            self.user_label,
            self.online_label,
            self.pending_label,
            self.conflicts_label,
            self.last_sync_label,
        ):
            bar.addPermanentWidget(label)

    # ------------------------------------------------------------------ list
    @property
    def current_filter(self) -> RecordFilter:
        return self._filter

    def visible_ids(self) -> np.ndarray:
        return self.model.ids

    def apply_filter(self, flt: RecordFilter) -> None:
        self._filter = flt
        self.requery()

    def sort_by(self, sort: SortKey) -> None:
        self._sort = sort
        self.requery()

    def requery(self, changed: set[int] | None = None) -> None:
        """Run the index query for the current filter and sort; keep the selection and current row."""
        ids = self.index.query(self._filter, self._sort, self.me.org_id)
        same = len(ids) == len(self.model.ids) and bool(np.array_equal(ids, self.model.ids))
        if same:
            if changed:
                self.model.refresh(changed)
        else:
            chosen = selected_ids(self.table.selectionModel())
            current = current_id(self.table)
            self.model.set_ids(ids, self._sort)
            reselect(self.table, chosen, current)
            if current is not None and self.model.row_of(current) is None:
                self.detail.follow(None)
        self.count_label.setText(f"共 {len(ids)} 条")

    def _on_index_update(self, update: Any) -> None:
        changed = set(update.updated) | set(update.inserted) | set(update.deleted)
        self.requery(changed)
        if self.detail.record_id is not None and (self.detail.record_id in changed or update.reloaded):
            self.detail.reload()
        self.update_status()

    def _on_current_changed(self, current: Any, _previous: Any) -> None:
        record_id = self.model.id_at(current.row()) if current.isValid() else None
        self.detail.follow(record_id)

    def _on_selection_changed(self, *_args: Any) -> None:
        count = len(selected_ids(self.table.selectionModel()))
        self.selection_label.setText(f"已选 {count} 条" if count > 1 else "")

    def select_id(self, record_id: int | None) -> bool:
        """Make ``record_id`` the current and only selected row."""
        if record_id is None or self.model.row_of(record_id) is None:
            return False
        reselect(self.table, [record_id], record_id)
        return True

    def current_record_id(self) -> int | None:
        return current_id(self.table)

    def selected_record_ids(self) -> list[int]:
        ids = [int(i) for i in selected_ids(self.table.selectionModel())]
        current = self.current_record_id()
        if not ids and current is not None:
            ids = [current]
        return ids

    def move(self, step: int) -> None:
        """Next/previous record (J/K, Alt+Down/Up)."""
        count = self.model.rowCount()
        if not count:
            return
        row = self.table.currentIndex().row()
        row = 0 if row < 0 else max(0, min(count - 1, row + step))
        record_id = self.model.id_at(row)
        self.select_id(record_id)

    # ------------------------------------------------------------------ column layout
    def _header_menu(self, position: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.addSection("显示的列")
        for column, key in enumerate(self.model.column_keys()):
            action = menu.addAction(COLUMNS_BY_KEY[key].title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.set_column_visible(c, on))
        menu.popup(header.mapToGlobal(position))
        self._column_menu = menu

    def set_column_visible(self, column: int, visible: bool) -> None:
        header = self.table.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return
        header.setSectionHidden(column, not visible)

    def _reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column, key in enumerate(self.model.column_keys()):
            header.setSectionHidden(column, key not in DEFAULT_VISIBLE)
            header.moveSection(header.visualIndex(column), column)
            self.table.setColumnWidth(column, COLUMNS_BY_KEY[key].width)

    def restore_state(self, settings: Any = None) -> None:
        """Window geometry, splitter and list columns (order, widths, hidden, sort) from ``settings``
        (the ``views.settings`` QSettings wrapper; default: the window's own). The one place they are read."""
        if settings is not None:
            self.settings = settings
        self._restore_layout()

    def save_state(self, settings: Any = None) -> None:
        """The counterpart of :meth:`restore_state`; called on close. The one place they are written."""
        if settings is not None:
            self.settings = settings
        self.save_layout()

    def _restore_layout(self) -> None:
        if self.settings is None:
            return
        try:
            self.settings.restore_columns(
                self.table.horizontalHeader(), TABLE_LAYOUT, self.model.column_keys()
            )
            self.settings.restore_splitter(self.splitter, TABLE_LAYOUT)
            self.settings.restore_window(self, "main")
        except Exception:
            log.exception("restoring the layout failed")

    def save_layout(self) -> None:
        if self.settings is None:
            return
        try:
            self.settings.save_columns(self.table.horizontalHeader(), TABLE_LAYOUT, self.model.column_keys())
            self.settings.save_splitter(self.splitter, TABLE_LAYOUT)
            self.settings.save_window(self, "main")
        except Exception:
            log.exception("saving the layout failed")

    # ------------------------------------------------------------------ saved searches
    def _refresh_saved_searches(self, current: str = "") -> None:
        self.filter_panel.set_saved_searches(sorted(self.workspace.saved_searches()), current)

    def _save_search(self) -> None:
        name = self.filter_panel.ask_search_name(self)
        if name:
            self.workspace.save_search(name, self.filter_panel.filter())
            self._refresh_saved_searches(name)

    def _delete_search(self) -> None:
        name = self.filter_panel.saved_box.currentData()
        if name:
            self.workspace.delete_search(name)
            self._refresh_saved_searches()

    def _load_search(self, _index: int) -> None:
        name = self.filter_panel.saved_box.currentData()
        searches = self.workspace.saved_searches()
        if name in searches:
            self.filter_panel.set_filter(searches[name])

    # ------------------------------------------------------------------ review
    def _set_auto_advance(self, on: bool) -> None:
        self.auto_advance = on
        if self.settings is not None:
            try:
                self.settings.auto_advance = on
            except Exception:
                log.exception("saving auto-advance failed")

    def review(self, outcome: Outcome | None) -> bool:
        """Review the selected record(s) (opens the review dialog, or the bulk dialog for several)."""
        ids = self.selected_record_ids()
        if not ids:
            self.statusBar().showMessage("请先在列表中选择考生", 3000)
            return False
        if len(ids) > 1:
            return self._review_many(ids, outcome)
        return self.review_record(ids[0], outcome)

    def review_record(self, record_id: int, outcome: Outcome | None = None) -> bool:
        record = self.workspace.record(record_id)
        if record is None:
            return False
        allowed = allowed_outcomes(record.review, Tier(self.me.tier))
        subject = f"{record.row.get('name', '')}  {record.row.get('id_number', '')}  {record.row.get('category_name', '')}"
        dialog = ReviewDialog(subject, allowed, self, initial=outcome)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome() is None:
            return False
        next_id = self._neighbour(record_id) if self.auto_advance else None
        result = self.workspace.decide([record_id], dialog.outcome(), dialog.remark())
        if result.refused:
            QMessageBox.warning(self, "审核", "；".join(result.refused.values()))
            return False
        self.statusBar().showMessage(
            f"已{dialog.outcome().label}：{record.row.get('name', '')}（未同步）", 4000
        )
        self.requery({record_id})
        self.detail.reload()
        if next_id is not None:
            self.select_id(next_id)
        self.update_status()
        return True

    def _neighbour(self, record_id: int) -> int | None:
        row = self.model.row_of(record_id)
        if row is None:
            return None
        if row + 1 < self.model.rowCount():
            return self.model.id_at(row + 1)
        return None

    def _review_many(self, ids: list[int], outcome: Outcome | None) -> bool:
        dialog = BulkReviewDialog(self.workspace, ids, self, initial=outcome)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome() is None:
            return False
        result = self.workspace.decide(ids, dialog.outcome(), dialog.remark())
        message = f"已{dialog.outcome().label} {len(result.allowed)} 条"
        if result.refused:
            message += f"，{len(result.refused)} 条未更改"
        self.statusBar().showMessage(message, 6000)
        self.requery(set(ids))
        self.detail.reload()
        self.update_status()
        return True

    def undo(self) -> None:
        description = self.workspace.undo_last()
        if description:
            self.statusBar().showMessage(f"已撤销：{description}", 4000)
        else:
            self.statusBar().showMessage("没有可以撤销的操作（已同步的操作不能撤销）", 4000)
        self.requery()
        self.detail.reload()
        self.update_status()

    def report_up(self) -> list[int] | None:
        ids = run_report(self, self.workspace)
        if ids:
            self.statusBar().showMessage(f"已加入材料上报：{len(ids)} 条（同步时上传）", 6000)
            self.requery(set(ids))
            self.detail.reload()
        self.update_status()
        return ids

    def export(self) -> Any:
        from reviewdesk.views.export_dialog import open_export_dialog

        header = self.table.horizontalHeader()
        keys = self.model.column_keys()
        visible = [
            keys[header.logicalIndex(v)]
            for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        return open_export_dialog(self, self.workspace, self.model.ids, visible, self._filter, self._sort)

    def show_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self.workspace, self)
        dialog.view.review_requested.connect(lambda rid: self._review_conflict(dialog, rid))
        dialog.view.changed.connect(self.update_status)
        dialog.show()
        self._conflicts_dialog = dialog
        return dialog

    def _review_conflict(self, dialog: ConflictsDialog, record_id: int) -> None:
        self.select_id(record_id)
        if self.review_record(record_id, None):
            conflict = dialog.view.current()
            if conflict is not None:
                self.workspace.resolve_conflict(conflict.id, "重新审核")
            dialog.view.refresh()
            self.update_status()

    # ------------------------------------------------------------------ viewer
    def open_viewer(self, kind: str | None) -> Any:
        from reviewdesk.views.image_viewer import CertificateViewer

        record = self.detail.record
        record_id = self.current_record_id()
        if record is None or (record_id is not None and record.id != record_id):
            self.detail.show_record(record_id)
            record = self.detail.record
        if record is None:
            return None
        if self._viewer is None:
            # Owned by this window (a separate top-level window all the same): closed and deleted with it.
            self._viewer = CertificateViewer(self, window=True)
            # The whole queue can be worked from the viewer too: next/previous, the four outcomes, undo.
            self._viewer.addActions(
                [self.next_action, self.previous_action, self.undo_action, *self.review_actions.values()]
            )
            if self.settings is not None:
                try:
                    self.settings.restore_window(self._viewer, "viewer")
                except Exception:
                    log.exception("restoring the viewer's geometry failed")
        self._show_in_viewer(record, kind)
        self._viewer.show()
        self._viewer.raise_()
        self._viewer.activateWindow()
        return self._viewer

    def _show_in_viewer(self, record: Any, kind: str | None) -> None:
        assert self._viewer is not None
        self._viewer.show_certificates(
            certificates_of(record, self.workspace.blob_path),
            kind,
            title=f"{record.row.get('name', '')} {record.row.get('id_number', '')}",
        )

    def _on_record_shown(self, record: Any) -> None:
        """The detail pane shows another record: the open viewer follows (same certificate kind, same
        zoom), and the next record's scans are decoded in the background."""
        if record is None:
            return
        if self._viewer is not None and self._viewer.isVisible():
            self._show_in_viewer(record, None)
        neighbour = self._neighbour(record.id)
        if neighbour is not None:
            self._prefetch(neighbour)

    def _prefetch(self, record_id: int) -> None:
        """Decode ``record_id``'s scans into the shared cache at the sizes they will be shown at.
        The record is read on a worker thread too: nothing here may slow the next keypress."""
        from reviewdesk.views.detail_pane import THUMB_SIZE

        sizes = [THUMB_SIZE]
        if self._viewer is not None and self._viewer.isVisible():
            sizes.append(self._viewer.decode_size())
        if self._prefetcher is None:
            self._prefetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="record-prefetch")
        self._prefetcher.submit(_prefetch_scans, self.workspace, record_id, sizes)

    def _on_cell_clicked(self, index: Any) -> None:
        """The 操作 column's 查看 opens the certificate viewer (like Space)."""
        keys = self.model.column_keys()
        if index.isValid() and keys[index.column()] == "action":
            self.open_viewer(None)

    # ------------------------------------------------------------------ sync and status
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
            QMessageBox.information(self, "同步", "当前为离线模式，无法连接服务器。请重新登录后再同步。")
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
        self.sync_label.setText("正在连接服务器…")
        self.sync_progress.setRange(0, 0)
        self.sync_cancel_button.setEnabled(True)
        for widget in (self.sync_label, self.sync_progress, self.sync_cancel_button):
            widget.setVisible(running and self.show_sync_dialog)

    def _sync_progress(self, phase: str, done: int, total: int) -> None:
        text = PHASE_TEXT.get(phase, phase)
        self.sync_label.setText(f"{text}：{done}/{total}" if total else f"{text}…")
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
        if isinstance(error, AuthError):
            self.statusBar().showMessage("登录已过期，请重新登录", 8000)
            QMessageBox.warning(self, "同步", "登录已过期或被撤销，请重新登录。")
            self.relogin_requested.emit()
        elif isinstance(error, Offline):
            self.offline = True
            self.statusBar().showMessage(f"{OFFLINE}：{report.error}", 8000)
        elif report is not None and report.error:
            QMessageBox.warning(self, "同步", report.summary())
        else:
            self.offline = False
            if report is not None:
                self.statusBar().showMessage(f"同步完成：{report.summary()}", 8000)
        self.requery()
        self.detail.reload()
        self.update_status()
        self._update_title()
        if report is not None and (report.conflicts or report.rejected):
            self.statusBar().showMessage(
                f"同步完成：{report.conflicts + report.rejected} 项冲突或被拒绝，请在 审核→冲突 中处理", 10000
            )

    def update_status(self) -> None:
        me = self.me
        self.user_label.setText(
            f"当前用户：{me.display_name}（{me.username}） {me.org_name} {Tier(me.tier).label}"
        )
        self.online_label.setText(OFFLINE if self.offline else ONLINE)
        self.online_label.setStyleSheet(
            "color: #c62828; font-weight: bold;" if self.offline else "color: #1b7f3b;"
        )
        pending = self.workspace.pending_actions()
        self.pending_label.setText(f"未同步 {pending}")
        conflicts = len(self.workspace.conflicts())
        self.conflicts_label.setText(f"冲突 {conflicts}")
        self.conflicts_label.setStyleSheet("color: #c62828; font-weight: bold;" if conflicts else "")
        last = self.workspace.meta("last_sync_at") or ""
        self.last_sync_label.setText(f"上次同步：{last[:19].replace('T', ' ') if last else '从未同步'}")
        text = self.workspace.undo_available()
        self.undo_action.setEnabled(bool(text))
        self.undo_action.setText(f"撤销 {text}" if text else "撤销")
        reason = report_blocked_reason(Tier(me.tier), 1)
        self.filter_panel.report_button.setEnabled(reason is None)
        self.filter_panel.report_button.setToolTip(reason or "把所有审核通过的考生材料上报至上级")
        self.report_action.setEnabled(reason is None)

    def _update_title(self) -> None:
        suffix = f" [{OFFLINE}]" if self.offline else ""
        self.setWindowTitle(f"{APP_TITLE} - {self.me.org_name} {self.me.display_name}{suffix}")

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop listening and save the index snapshot; the workspace stays open (its owner closes it)."""
        worker, self._sync_worker = self._sync_worker, None
        if worker is not None:  # cancelled between two requests; the store stays consistent
            worker.cancel()
            worker.wait()
        if self._prefetcher is not None:
            self._prefetcher.shutdown(wait=True, cancel_futures=True)
            self._prefetcher = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._viewer is not None:
            if self.settings is not None:
                try:
                    self.settings.save_window(self._viewer, "viewer")
                except Exception:
                    log.exception("saving the viewer's geometry failed")
            self._viewer.close()
            self._viewer.deleteLater()
            self._viewer = None
        try:
            self.index.save()
        except Exception:
            log.exception("saving the index snapshot failed")
        self.index.close()
