"""The main window: 申报管理 navigation, the 报名材料审核 list with its detail pane, review, sync.

Why it is built this way: the web page it replaces shows ten rows at a time and needs a round trip for
every click. Here the whole scope is local: the list is filtered and sorted in memory by
``store.index.RecordIndex`` (``RecordTableModel`` holds ids only), decisions are written locally at
once (``Workspace.decide``, queued for the server) and a sync runs in a worker thread. Everything a
reviewer does a thousand times a day has a key: Ctrl+1..4 review, J/K move, Ctrl+Z undo, F5 sync.

The window is put together from parts, one idea each: ``main_window_menus`` (menus and keys),
``main_window_columns`` (column chooser, saved layout), ``main_window_review`` (审核, 撤销, 材料上报,
导出, 冲突), ``main_window_viewer`` (the certificate viewer and prefetching) and ``main_window_sync``
(status bar and 同步). This module builds the window and runs the list.

Change notification: the index follows the workspace (``RecordIndex.open(..., follow=True)``) and calls
back on whichever thread wrote; the window marshals that to the GUI thread with a queued signal, then
re-queries and keeps the selection by id (``reselect``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import Tier
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.views.common.i18n import translate, translate_count
from reviewdesk.views.detail.flags_banner import FlagsBanner
from reviewdesk.views.detail.pane import DetailPane
from reviewdesk.views.review import list_selection, table_delegate
from reviewdesk.views.review.columns import TABLE_LAYOUT, MainWindowColumns
from reviewdesk.views.review.decide import MainWindowReview
from reviewdesk.views.review.filter_panel import FilterPanel
from reviewdesk.views.review.list_query import Answer, ListQueries
from reviewdesk.views.review.list_selection import current_id, replace_ids, reselect, selected_ids
from reviewdesk.views.review.menus import MainWindowMenus
from reviewdesk.views.review.sync import APP_TITLE, OFFLINE, ONLINE, MainWindowSync
from reviewdesk.views.review.table_model import RecordTableModel
from reviewdesk.views.review.viewer import MainWindowViewer
from reviewdesk.views.shell.desktop import attach_current_shell
from reviewdesk.views.shell.navigation import (
    CODE_PAGE,
    ENTRY_PAGE,
    IDENTITY_PAGE,
    REVIEW_PAGE,
    SPECIAL_PAGE,
    page_title,
)
from reviewdesk.views.shell.sync_worker import SyncWorker

log = logging.getLogger(__name__)

CONTEXT = "MainWindow"


def count_text(n: int) -> str:
    """ "共 n 条" under the list; English needs its singular ("1 record", not "1 records")."""
    return translate_count(CONTEXT, "共 {n} 条", n).format(n=n)


ROW_HEIGHT = 24


__all__ = ["APP_TITLE", "OFFLINE", "ONLINE", "TABLE_LAYOUT", "MainWindow"]


class _Relay(QObject):
    """Carries change notifications from any thread to the GUI thread (queued)."""

    changed = Signal(object)


def _settings_or_none(settings: Any) -> Any:
    if settings is not None:
        return settings
    try:
        from reviewdesk.views.shell.settings import AppSettings

        return AppSettings()
    except Exception:  # the desktop settings module is optional here
        return None


class MainWindow(
    MainWindowMenus, MainWindowColumns, MainWindowReview, MainWindowViewer, MainWindowSync, QMainWindow
):
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

        #: The list's queries: in a worker on a large scope, the latest winning (issue 18).
        self.list_queries = ListQueries(self.index, self.me.org_id, self._show_answer, self)
        self._build_review_page()
        self._build_navigation()
        self._build_actions()
        self._build_status_bar()
        self._add_other_pages()
        if demo_accounts:
            self._build_demo_menu(demo_accounts)
        self._restore_layout()
        with self.list_queries.here():  # the first query: answered before the window is shown
            self.filter_panel.set_filter(self.filter_panel.filter())
        # What the next first queries would build on first touch (posting lists, sort orders), in a
        # worker now, so that no filter or header click stalls the list (issue 18).
        self.index.warm_in_background()
        self.update_status()
        self._update_title()
        self.resize(1600, 950)
        attach_current_shell(self)  # 设置/帮助 entries when run by app.main() (views/shell/desktop.py)

    # ------------------------------------------------------------------ construction
    def _build_review_page(self) -> None:
        page = QWidget(self)
        self.filter_panel = FilterPanel(self.workspace.catalogue(), page)
        self.filter_panel.filter_changed.connect(self.apply_filter)
        self.filter_panel.set_near_date(self.workspace.latest_submission)
        self.filter_panel.report_requested.connect(self.report_up)
        self.filter_panel.export_requested.connect(self.export)
        self.filter_panel.save_button.clicked.connect(self._save_search)
        self.filter_panel.delete_button.clicked.connect(self._delete_search)
        self.filter_panel.saved_box.activated.connect(self._load_search)
        self._refresh_saved_searches()

        self.model = RecordTableModel(self.workspace.rows, self, sorter=self.sort_by)
        self.table = QTableView(page)
        self.table.setAccessibleName(translate(CONTEXT, "考生列表"))
        self.table.setModel(self.model)
        list_selection.install(self.table, self.model)  # the selection as a row array (issue 18)
        table_delegate.install(self.table, self.model)  # cells painted from prepared texts (issue 18)
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
        # The header gets a selection model of its own, always empty. Qt's header asks
        # isColumnSelected() of its sections on every repaint (for the selected-position style option,
        # whether highlighting is on or not), and on the list's selection model that walks every
        # selected row through the Python model: Ctrl+A on 2×10^5 rows froze the window 6.7 s. Sorting
        # is on, so a header click never selects a column; the header has nothing to show selected.
        header.setSelectionModel(QItemSelectionModel(self.model, header))
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, self.default_column_width(column))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(lambda _index: self.review(None))

        header.setSortIndicatorShown(True)
        self.count_label = QLabel(count_text(0), page)
        self.count_label.setObjectName("count")
        self.selection_label = QLabel("", page)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.detail = DetailPane(self.workspace, page)
        header.blockSignals(True)
        header.setSortIndicator(self.model.column_of("submitted_at") or 0, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        self.detail.open_viewer.connect(self.open_viewer)
        self.detail.record_shown.connect(self._on_record_shown)
        # 预审提示 of the shown record above its tabs; a click brings its field or scan into view
        self.flags_banner = FlagsBanner(page)
        self.flags_banner.jump.connect(self.detail.show_flag)
        self.detail.record_shown.connect(
            lambda record: self.flags_banner.set_flags(record.snapshot.get("flags") or [] if record else [])
        )
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
        detail_box = QWidget(page)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.setSpacing(2)
        detail_layout.addWidget(self.flags_banner)
        detail_layout.addWidget(self.detail, 1)
        self.splitter.addWidget(detail_box)
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
        self.nav.setAccessibleName(translate(CONTEXT, "申报管理"))
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget(self)
        self._page_keys: list[str] = []
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        left = QVBoxLayout()
        heading = QLabel("  " + translate(CONTEXT, "申报管理"), central)
        heading.setStyleSheet("font-weight: bold; padding: 6px 0;")
        left.addWidget(heading)
        left.addWidget(self.nav, 1)
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.add_page("review", page_title(REVIEW_PAGE), self.review_page)
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
            from reviewdesk.views.special.page import SpecialInfoPage

            self.add_page("special", page_title(SPECIAL_PAGE), SpecialInfoPage(self.workspace, self))
        except Exception:
            log.exception("专项信息 page unavailable")
        if Tier(self.me.tier) is Tier.UNIT:
            try:
                from reviewdesk.views.entry.page import EntryPage

                self.add_page("entry", page_title(ENTRY_PAGE), EntryPage(self.workspace, self))
            except Exception:
                log.exception("考生信息填报 page unavailable")
            try:
                from reviewdesk.views.special.confirmation_code import ConfirmationCodePage

                page = ConfirmationCodePage(self.workspace, self.client, self)
                self.add_page("code", page_title(CODE_PAGE), page)
            except Exception:
                log.exception("本单位确认码 page unavailable")
        if Tier(self.me.tier) is Tier.PROVINCE and self.client is not None:
            try:
                from reviewdesk.views.identity.page import IdentityQueuePage

                queue = IdentityQueuePage(self.client, Path(self.workspace.path).parent, self)
                self.add_page("identity", page_title(IDENTITY_PAGE), queue)
                self.sync_finished.connect(lambda _report: queue.sync())  # 同步 (F5) takes the queue along
            except Exception:
                log.exception("实名认证审核 page unavailable")

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
        """Query the index for the current filter and sort and show the answer keeping the selection
        and the current row (at once on a small scope, when the worker has it on a large one:
        ``list_query``). ``changed``: records written since the last query — their rows are repainted
        from the store now, whatever the answer."""
        if changed:
            self.model.refresh(changed)
        self.list_queries.submit(self._filter, self._sort)

    def settle_list(self) -> None:
        """Make the list show the answer to the last filter and sort before reading it (an export)."""
        self.list_queries.settle()

    def _show_answer(self, answer: Answer) -> None:
        assert answer.ids is not None
        if not replace_ids(self.table, answer.ids, answer.sort):
            self.detail.follow(None)
        self.count_label.setText(count_text(len(answer.ids)))

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
        count = list_selection.selected_count(self.table.selectionModel())
        self.selection_label.setText(translate(CONTEXT, "已选 {n} 条").format(n=count) if count > 1 else "")

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
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._close_viewer()
        self.list_queries.close()
        try:
            self.index.save()
        except Exception:
            log.exception("saving the index snapshot failed")
        self.index.close()
