"""专项信息 (seed 000 §2.7): verify one kind of certificate across many candidates.

One tab per kind (学历信息, 护士执业证, 医师执业证, 医师资格证, 专技职称, 补充信息), the seed's filter bar
(核验状态, 学历层级, 专业类型, 入学时间, 毕业学校, 毕业时间, 数据层级, 审核状态; 搜索 / 重置 / 批量核验 /
收起), and a grid of cards (``views.special.cards``). 核验 is a local action like a decision:
``Workspace.verify`` validates it with the same rules as the server, writes it with its outbox row,
shows it at once as 未同步, and the sync engine pushes it; 撤销 takes back the newest unsent action.
Asking what to verify, doing it and wording the answer is ``views.special.verification``; this module
is the page around it (tabs, filters, cards, selection, the viewer).

Keys in the grid: Y 核验通过, N 核验不通过 (asks for the 核验备注), Enter/Space 查看大图, Ctrl+A 全选,
Ctrl+Z 撤销. Filters are kept per kind, so switching tabs does not lose a half-built search.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import MaterialKind, VerifyStatus
from reviewdesk.store.material_query import (
    SPECIAL_KINDS,
    MaterialCard,
    MaterialFilter,
    count_by_status,
    find_materials,
    major_types,
    schools,
)
from reviewdesk.store.thumbnails import ThumbnailCache
from reviewdesk.views.common.i18n import label, translate
from reviewdesk.views.common.worker_signals import emit_unless_gone
from reviewdesk.views.common.workflow_texts import action_summary_text
from reviewdesk.views.images.certificates import certificate_of
from reviewdesk.views.shell.about import SECTION_PROPERTY
from reviewdesk.views.shell.navigation import SPECIAL_PAGE, page_title
from reviewdesk.views.special import verification
from reviewdesk.views.special.card_delegate import MaterialCardDelegate, card_view_defaults
from reviewdesk.views.special.cards import ID_ROLE, MaterialCardModel
from reviewdesk.views.special.filter_panel import MaterialFilterPanel
from reviewdesk.views.special.thumbnail_provider import ThumbnailProvider
from reviewdesk.views.special.verification import NOTHING_SELECTED, NOTHING_TO_UNDO, VerifyingWorkspace

log = logging.getLogger(__name__)

CONTEXT = "SpecialInfoPage"


def blob_path_of(workspace: Any, sha256: str) -> Path | None:
    """The local file of a scan, or None when not (yet) downloaded."""
    finder = getattr(workspace, "blob_path", None)
    if finder is not None:
        return finder(sha256)
    from reviewdesk.store.blobs import BlobStore

    path = BlobStore(Path(workspace.blob_dir)).path(sha256)
    return path if path.is_file() else None


#: Disk budget of the thumbnail cache (about 30,000 thumbnails).
THUMBNAIL_BUDGET = 512 * 1024 * 1024


def _prune_quietly(cache: ThumbnailCache) -> None:
    try:
        cache.prune(THUMBNAIL_BUDGET)
    except OSError:
        log.debug("pruning thumbnails failed", exc_info=True)


class _ChangeRelay(QWidget):
    """Carries workspace change notifications (from any thread) to the GUI thread."""

    changed = Signal(object)


# -- the page -----------------------------------------------------------------------------------------
class SpecialInfoPage(QWidget):
    """The 专项信息 page: tabs per kind, filters, card grid, 批量核验 and 撤销."""

    verified = Signal(object)  # the DecisionPreview of the last verification

    def __init__(
        self,
        workspace: VerifyingWorkspace,
        parent: QWidget | None = None,
        *,
        thumbnail_cache: ThumbnailCache | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._kind = SPECIAL_KINDS[0]
        self._filters: dict[MaterialKind, MaterialFilter] = {}
        self._viewer: QWidget | None = None
        self._counts: dict[VerifyStatus, int] = {}
        self._counts_stale = False  # the store changed while the page was hidden
        self._message_says_undoable = False
        cache = thumbnail_cache or ThumbnailCache(Path(workspace.path).parent / "thumbnails")
        # Keep the thumbnail folder bounded; they are remade on demand. Off the GUI thread.
        QThreadPool.globalInstance().start(lambda: _prune_quietly(cache))
        self.thumbnails = ThumbnailProvider(cache, lambda sha: blob_path_of(self.workspace, sha), self)

        self.tabs = QTabBar(self)
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(True)
        for kind in SPECIAL_KINDS:
            self.tabs.addTab(label(kind))
        self.tabs.currentChanged.connect(self._on_tab)

        self.filters = MaterialFilterPanel(self)
        self.filters.search_requested.connect(self.search)
        self.filters.reset_requested.connect(self.reset)
        self.filters.batch_requested.connect(self.open_batch_dialog)

        self.summary = QLabel("", self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.undo_button = QPushButton(translate(CONTEXT, "撤销"), self)
        self.undo_button.setToolTip(translate(CONTEXT, "撤销最近一次尚未同步的操作 (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        self.select_all_button = QPushButton(translate(CONTEXT, "全选"), self)
        self.select_all_button.setToolTip(translate(CONTEXT, "选择全部符合条件的材料 (Ctrl+A)"))
        self.pass_button = QPushButton(label(VerifyStatus.VERIFIED), self)
        self.pass_button.setToolTip(translate(CONTEXT, "将所选材料设为核验通过 (Y)"))
        self.fail_button = QPushButton(translate(CONTEXT, "核验不通过…"), self)
        self.fail_button.setToolTip(translate(CONTEXT, "将所选材料设为核验不通过，须填写核验备注 (N)"))

        self.model = MaterialCardModel(workspace.engine, workspace.me.tier, self.thumbnails, self)
        self.delegate = MaterialCardDelegate(self)
        self.view = QListView(self)
        self.view.setAccessibleName(translate(CONTEXT, "专项信息材料"))
        card_view_defaults(self.view)
        self.view.setModel(self.model)
        self.view.setItemDelegate(self.delegate)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(lambda index: self.open_viewer(int(index.data(ID_ROLE))))
        self.view.selectionModel().selectionChanged.connect(self._update_summary)
        self.delegate.image_clicked.connect(self.open_viewer)
        self.delegate.verify_clicked.connect(self._card_verify)
        self.select_all_button.clicked.connect(self.select_all)
        self.pass_button.clicked.connect(lambda: self.verify_selected_interactive(VerifyStatus.VERIFIED))
        self.fail_button.clicked.connect(lambda: self.verify_selected_interactive(VerifyStatus.FAILED))

        self._add_view_action(
            label(VerifyStatus.VERIFIED), "Y", lambda: self.verify_selected_interactive(VerifyStatus.VERIFIED)
        )
        self._add_view_action(
            label(VerifyStatus.FAILED), "N", lambda: self.verify_selected_interactive(VerifyStatus.FAILED)
        )
        self._add_view_action(translate(CONTEXT, "查看大图"), "Return", self._open_current)
        self._add_view_action(translate(CONTEXT, "查看大图"), "Space", self._open_current)
        self._add_view_action(translate(CONTEXT, "全选"), "Ctrl+A", self.select_all)
        undo = QAction(translate(CONTEXT, "撤销"), self)
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.setProperty(SECTION_PROPERTY, page_title(SPECIAL_PAGE))
        undo.triggered.connect(self.undo)
        self.addAction(undo)

        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.select_all_button)
        actions.addWidget(self.pass_button)
        actions.addWidget(self.fail_button)
        actions.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        layout.addWidget(self.filters)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        # The current card's every value in full, wrapped: a card elides a long 毕业学校 to fit its
        # column, and a tooltip alone is no way to read 40 cards in a row.
        self.details = QLabel("", self)
        self.details.setObjectName("card_details")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(translate(CONTEXT, "当前材料的全部信息"))
        details_area = QScrollArea(self)
        details_area.setWidgetResizable(True)
        details_area.setWidget(self.details)
        details_area.setMinimumWidth(240)
        details_area.setMaximumWidth(340)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(details_area)
        layout.addLayout(body, 1)
        self.view.selectionModel().currentChanged.connect(self._show_details)
        self.view.selectionModel().selectionChanged.connect(self._show_details)
        self.model.dataChanged.connect(self._card_changed)
        self.model.modelReset.connect(self._show_details)

        self._relay = _ChangeRelay(self)
        self._relay.hide()
        self._relay.changed.connect(self._store_changed)
        self._unsubscribe = workspace.subscribe(self._changed_from_any_thread)
        self.destroyed.connect(lambda *_: self._safe_unsubscribe())
        self.filters.set_kind(self._kind)
        self._refresh_choices()
        self.search()

    # -- helpers -------------------------------------------------------------------------------------
    def _add_view_action(self, text: str, key: str, slot: Callable[[], None]) -> None:
        action = QAction(text, self.view)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setProperty(
            SECTION_PROPERTY, page_title(SPECIAL_PAGE)
        )  # where 帮助 → 快捷键 says the key works
        action.triggered.connect(slot)
        self.view.addAction(action)

    def _safe_unsubscribe(self) -> None:
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()

    def shutdown(self) -> None:
        """Stop listening to the store (call before closing the workspace)."""
        self._safe_unsubscribe()
        self.thumbnails.wait_idle(5000)

    def _changed_from_any_thread(self, record_ids: set[int]) -> None:
        if not emit_unless_gone(self._relay.changed, set(record_ids)):  # the page is gone
            self._safe_unsubscribe()

    @Slot(object)
    def _store_changed(self, record_ids: set[int]) -> None:
        self.model.refresh_records(record_ids)
        if not self.isVisible():
            # A sync lands page after page while the reviewer is on 报名材料审核: counting every kind's
            # materials per 核验状态 each time cost ~170 ms of the GUI thread per page. Count on return.
            self._counts_stale = True
            return
        self._recount()
        self._update_summary()
        pending = getattr(self.workspace, "pending_actions", None)
        if pending is not None and self._message_says_undoable and pending() == 0:
            self._say(translate(CONTEXT, "核验已同步到服务器"))

    def _refresh_choices(self) -> None:
        engine = self.workspace.engine
        self.filters.set_choices(major_types(engine), schools(engine))

    # -- kind and search ---------------------------------------------------------------------------------
    def kind(self) -> MaterialKind:
        return self._kind

    def set_kind(self, kind: MaterialKind) -> None:
        self.tabs.setCurrentIndex(SPECIAL_KINDS.index(kind))

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        self._filters[self._kind] = self.filters.filter()
        self._kind = SPECIAL_KINDS[index]
        self.filters.set_kind(self._kind)
        self.filters.set_filter(self._filters.get(self._kind, MaterialFilter()))
        self.search()

    def current_filter(self) -> MaterialFilter:
        return self.filters.filter().for_kind(self._kind)

    @Slot()
    def search(self) -> None:
        me = self.workspace.me
        ids = find_materials(
            self.workspace.engine, self._kind, self.current_filter(), tier=me.tier, org_id=me.org_id
        )
        self.model.set_ids(ids)
        self.view.scrollToTop()
        self._recount()
        self._update_summary()

    @Slot()
    def reset(self) -> None:
        self.filters.set_filter(MaterialFilter())
        self.search()

    def ids(self) -> list[int]:
        return self.model.ids()

    def _update_undo(self) -> None:
        """撤销 names what it would take back (the newest unsent action, from any page), or is disabled."""
        available = getattr(self.workspace, "undo_available", None)
        text = available() if available is not None else translate(CONTEXT, "可撤销")
        self.undo_button.setEnabled(bool(text))
        self.undo_button.setToolTip(
            translate(CONTEXT, "撤销：{action} (Ctrl+Z)").format(action=action_summary_text(text))
            if text
            else translate(CONTEXT, NOTHING_TO_UNDO)
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._counts_stale:
            self._recount()
            self._update_summary()

    def _recount(self) -> None:
        """Count the search's materials per 核验状态 (after a search or a change in the store)."""
        self._counts_stale = False
        self._update_undo()
        self._counts = count_by_status(self.workspace.engine, self.model.ids())

    @Slot()
    def _update_summary(self, *_: Any) -> None:
        counts = self._counts
        parts = [
            translate(CONTEXT, "{kind} 共 {n} 条").format(kind=label(self._kind), n=self.model.rowCount())
        ]
        parts += [f"{label(status)} {counts.get(status, 0)}" for status in VerifyStatus]
        selected = self.selected_count()
        if selected:
            parts.append(translate(CONTEXT, "已选 {n} 条").format(n=selected))
        self.summary.setText(" · ".join(parts))

    def _card_changed(self, top: Any, bottom: Any, roles: Any = ()) -> None:
        current = self.view.currentIndex()
        if Qt.ItemDataRole.DecorationRole in (roles or ()) or not current.isValid():
            return  # a thumbnail arrived: the texts did not change
        if top.row() <= current.row() <= bottom.row():
            self._show_details()

    @Slot()
    def _show_details(self, *_: Any) -> None:
        """Every value of the current card, whole and wrapped (the card itself elides long ones)."""
        current = self.view.currentIndex()
        if not current.isValid() or not self.view.selectionModel().isSelected(current):
            # a card chosen by select_ids (a click also makes it current); the first of a selection
            ranges = self.view.selectionModel().selection()
            current = self.model.index(min(r.top() for r in ranges)) if len(ranges) else current
        text = current.data(Qt.ItemDataRole.ToolTipRole) if current.isValid() else ""
        self.details.setText(text or translate(CONTEXT, "选择一张卡片，在此查看它的全部信息"))

    # -- selection ------------------------------------------------------------------------------------
    def _selected_rows(self) -> list[int]:
        # Ranges, not indexes: selecting all of 20,000 cards is one range.
        rows: list[int] = []
        for selection_range in self.view.selectionModel().selection():
            rows.extend(range(selection_range.top(), selection_range.bottom() + 1))
        return sorted(set(rows))

    def selected_count(self) -> int:
        return sum(r.height() for r in self.view.selectionModel().selection())

    def selected_ids(self) -> list[int]:
        return [self.model.id_at(row) for row in self._selected_rows()]

    def select_ids(self, material_ids: Sequence[int]) -> None:
        selection = QItemSelection()
        for material_id in material_ids:
            row = self.model.row_of(material_id)
            if row is not None:
                index = self.model.index(row)
                selection.select(index, index)
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._update_summary()

    @Slot()
    def select_all(self) -> None:
        self.view.selectAll()
        self._update_summary()

    # -- verification (``views.special.verification`` asks, does and words it) ---------------------------
    def verify(
        self,
        material_ids: Sequence[int],
        status: VerifyStatus,
        remark: str,
        *,
        bulk: bool = False,
        overturn: bool = False,
    ) -> Any:
        """Verify ``material_ids`` now (a local action, synced later). Shows and returns what happened.

        ``bulk``: several materials at once — the store leaves those already in ``status`` alone and
        overturns other results only with ``overturn``; the message counts exactly what changed.
        """
        request = verification.Request(list(material_ids), status, remark, bulk, overturn)
        return self._apply(request)

    def _apply(self, request: verification.Request | None) -> Any:
        if request is None:
            return None
        outcome = verification.apply(self, self.workspace, request)
        self._say(outcome.text, undoable=outcome.undoable)
        if outcome.result is None:
            return None
        self.model.refresh_records(self._records_of(request.ids))
        self._recount()
        self._update_summary()
        self.verified.emit(outcome.result)
        return outcome.result

    def _records_of(self, material_ids: Sequence[int]) -> set[int]:
        records: set[int] = set()
        for material_id in material_ids:
            card = self.model.cached_card(material_id)
            if card is not None:
                records.add(card.record_id)
        return records

    def verify_selected_interactive(self, status: VerifyStatus) -> Any:
        ids = self.selected_ids()
        if not ids:
            current = self.view.currentIndex()
            ids = [int(current.data(ID_ROLE))] if current.isValid() else []
        if not ids:
            self._say(translate(CONTEXT, NOTHING_SELECTED))
            return None
        preview = verification.preview_for(self.workspace, ids, self.model.ids)
        return self._apply(verification.ask(self, self.workspace, ids, status, preview))

    @Slot(int, object)
    def _card_verify(self, material_id: int, status: VerifyStatus) -> None:
        self.select_ids([material_id])
        self.verify_selected_interactive(status)

    @Slot()
    def open_batch_dialog(self) -> Any:
        selected = self.selected_ids()
        matching = self.model.rowCount()
        if not selected and not matching:
            self._say(translate(CONTEXT, "没有符合条件的材料"))
            return None
        preview = verification.preview_for(self.workspace, selected, self.model.ids)
        return self._apply(verification.ask_batch(self, selected, self.model.ids, matching, preview))

    @Slot()
    def undo(self) -> str | None:
        description = self.workspace.undo_last()
        self._say(
            translate(CONTEXT, "已撤销：{action}").format(action=action_summary_text(description))
            if description
            else translate(CONTEXT, NOTHING_TO_UNDO)
        )
        self.model.refresh_all()
        self._recount()
        self._update_summary()
        return description

    def _say(self, text: str, *, undoable: bool = False) -> None:
        """Show ``text`` under the buttons; ``undoable``: it reports an unsent 核验 (see _store_changed)."""
        self._message_says_undoable = undoable
        self.message.setText(text)

    # -- viewer and menu -------------------------------------------------------------------------------
    def _open_current(self) -> None:
        current = self.view.currentIndex()
        if current.isValid():
            self.open_viewer(int(current.data(ID_ROLE)))

    @Slot(int)
    def open_viewer(self, material_id: int) -> QWidget | None:
        """Open the certificate viewer on this material's scans (A面/B面/验证报告)."""
        row = self.model.row_of(material_id)
        card = self.model.card(row) if row is not None else None
        if card is None:
            return None
        from reviewdesk.views.images.viewer import CertificateViewer

        if self._viewer is None:
            self._viewer = CertificateViewer(None, window=True)
            self._viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        viewer = self._viewer
        assert isinstance(viewer, CertificateViewer)
        viewer.show_certificates(
            [certificate_of(card.kind, card.images, lambda sha: blob_path_of(self.workspace, sha))],
            card.kind.value,
            title=f"{card.name} {card.id_number}",
        )
        viewer.show()
        viewer.raise_()
        viewer.activateWindow()
        return viewer

    @Slot(object)
    def _context_menu(self, position: Any) -> None:
        index = self.view.indexAt(position)
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.select_ids([int(index.data(ID_ROLE))])
        menu = QMenu(self)
        menu.addAction(
            translate(CONTEXT, "{action} (Y)").format(action=label(VerifyStatus.VERIFIED)),
            lambda: self.verify_selected_interactive(VerifyStatus.VERIFIED),
        )
        menu.addAction(
            translate(CONTEXT, "核验不通过… (N)"),
            lambda: self.verify_selected_interactive(VerifyStatus.FAILED),
        )
        menu.addSeparator()
        if index.isValid():
            material_id = int(index.data(ID_ROLE))
            menu.addAction(translate(CONTEXT, "查看大图"), lambda: self.open_viewer(material_id))
        menu.addAction(translate(CONTEXT, "批量核验…"), self.open_batch_dialog)
        menu.exec(self.view.viewport().mapToGlobal(position))

    def card(self, material_id: int) -> MaterialCard | None:
        row = self.model.row_of(material_id)
        return self.model.card(row) if row is not None else None
