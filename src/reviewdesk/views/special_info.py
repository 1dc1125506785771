"""专项信息 (seed 000 §2.7): verify one kind of certificate across many candidates.

One tab per kind (学历信息, 护士执业证, 医师执业证, 医师资格证, 专技职称, 补充信息), the seed's filter bar
(核验状态, 学历层级, 专业类型, 入学时间, 毕业学校, 毕业时间, 数据层级, 审核状态; 搜索 / 重置 / 批量核验 /
收起), and a grid of cards (``views.material_cards``). 核验 is a local action like a decision:
``Workspace.verify`` validates it with the same rules as the server, writes it with its outbox row,
shows it at once as 未同步, and the sync engine pushes it; 撤销 takes back the newest unsent action.

Keys in the grid: Y 核验通过, N 核验不通过 (asks for the 核验备注), Enter/Space 查看大图, Ctrl+A 全选,
Ctrl+Z 撤销. Filters are kept per kind, so switching tabs does not lose a half-built search.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QDate, QItemSelection, QItemSelectionModel, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import (
    COMMON_REMARKS,
    DataScope,
    EducationLevel,
    ImageSide,
    MaterialKind,
    ReviewStatus,
    VerifyStatus,
)
from reviewdesk.domain.workflow import VERIFY_REMARK_REQUIRED
from reviewdesk.store.material_query import (
    EDUCATION_ONLY_FILTERS,
    SPECIAL_KINDS,
    MaterialCard,
    MaterialFilter,
    count_by_status,
    find_materials,
    major_types,
    schools,
)
from reviewdesk.store.thumbnails import ThumbnailCache
from reviewdesk.views.material_cards import (
    ID_ROLE,
    MaterialCardDelegate,
    MaterialCardModel,
    ThumbnailProvider,
    card_view_defaults,
)

log = logging.getLogger(__name__)

ALL = "全部"
UNLIMITED = "不限"
# The same words the store and the server refuse with (one rule, one sentence).
REMARK_REQUIRED = VERIFY_REMARK_REQUIRED
NOTHING_SELECTED = "请先选择要核验的材料（单击卡片选择，Ctrl/Shift 多选，Ctrl+A 全选）"
NOTHING_TO_UNDO = "没有可撤销的操作（已同步的操作不能撤销）"
_NO_DATE = QDate(1900, 1, 1)


class VerifyingWorkspace(Protocol):
    """What this page needs of ``store.workspace.Workspace``."""

    engine: Any
    me: Any
    path: Path
    blob_dir: Path

    def verify(self, material_ids: Sequence[int], status: VerifyStatus, remark: str) -> Any: ...
    def undo_last(self) -> str | None: ...
    def subscribe(self, callback: Callable[[set[int]], None]) -> Callable[[], None]: ...


def blob_path_of(workspace: Any, sha256: str) -> Path | None:
    """The local file of a scan, or None when not (yet) downloaded."""
    finder = getattr(workspace, "blob_path", None)
    if finder is not None:
        return finder(sha256)
    from reviewdesk.store.blobs import BlobStore

    path = BlobStore(Path(workspace.blob_dir)).path(sha256)
    return path if path.is_file() else None


# -- small widgets ------------------------------------------------------------------------------------
class DateEdit(QDateEdit):
    """A date field that may be empty (不限): the minimum date stands for "no bound"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText(UNLIMITED)
        self.setDate(_NO_DATE)

    def value(self) -> date | None:
        current = self.date()
        return None if current == _NO_DATE else date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(_NO_DATE if value is None else QDate(value.year, value.month, value.day))


class DateRange(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = DateEdit(self)
        self.end = DateEdit(self)
        self.start.setAccessibleName(f"{name}起")
        self.end.setAccessibleName(f"{name}止")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.start, 1)
        layout.addWidget(QLabel("至", self))
        layout.addWidget(self.end, 1)


def _choice(parent: QWidget, name: str, items: Sequence[tuple[str, Any]]) -> QComboBox:
    """A combo box whose item data are plain strings ("" = 全部): Qt turns enums into str anyway."""
    box = QComboBox(parent)
    box.setAccessibleName(name)
    for text, value in items:
        box.addItem(text, "" if value is None else str(value))
    return box


def _select_data(box: QComboBox, value: Any) -> None:
    index = box.findData("" if value is None else str(value))
    box.setCurrentIndex(max(index, 0))


def _enum_data(box: QComboBox, enum: Any) -> Any:
    value = box.currentData()
    return enum(value) if value else None


class MaterialFilterPanel(QFrame):
    """The seed's filter bar for one 专项信息 view; ``filter()`` reads it, ``set_filter`` fills it."""

    search_requested = Signal()
    reset_requested = Signal()
    batch_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.verify_status = _choice(self, "核验状态", [(ALL, None)] + [(s.label, s) for s in VerifyStatus])
        self.education_level = _choice(
            self, "学历层级", [(ALL, None)] + [(e.label, e) for e in EducationLevel]
        )
        self.major_type = _choice(self, "专业类型", [(ALL, "")])
        self.enrolled = DateRange("入学时间", self)
        self.school = QLineEdit(self)
        self.school.setPlaceholderText("请输入")
        self.school.setAccessibleName("毕业学校")
        self.school.setClearButtonEnabled(True)
        self.school.returnPressed.connect(self.search_requested)
        self.graduated = DateRange("毕业时间", self)
        self.data_scope = _choice(self, "数据层级", [(s.label, s) for s in DataScope])
        _select_data(self.data_scope, DataScope.ALL)
        self.review_status = _choice(self, "审核状态", [(ALL, None)] + [(s.label, s) for s in ReviewStatus])

        self.search_button = QPushButton("搜索", self)
        self.search_button.setDefault(True)
        self.reset_button = QPushButton("重置", self)
        self.batch_button = QPushButton("批量核验", self)
        self.collapse_button = QPushButton("收起", self)
        self.search_button.clicked.connect(self.search_requested)
        self.reset_button.clicked.connect(self.reset_requested)
        self.batch_button.clicked.connect(self.batch_requested)
        self.collapse_button.clicked.connect(self.toggle_collapsed)

        self._fields = QWidget(self)
        grid = QGridLayout(self._fields)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self._labels: dict[str, QLabel] = {}
        entries: list[tuple[str, str, QWidget]] = [
            ("verify_status", "核验状态", self.verify_status),
            ("education_level", "学历层级", self.education_level),
            ("major_type", "专业类型", self.major_type),
            ("enrolled", "入学时间", self.enrolled),
            ("school", "毕业学校", self.school),
            ("graduated", "毕业时间", self.graduated),
            ("data_scope", "数据层级", self.data_scope),
            ("review_status", "审核状态", self.review_status),
        ]
        self._widgets: dict[str, QWidget] = {}
        for i, (key, text, widget) in enumerate(entries):
            row, column = divmod(i, 4)
            label = QLabel(f"{text}:", self._fields)
            label.setBuddy(widget)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
            grid.setColumnStretch(column * 2 + 1, 1)
            self._labels[key] = label
            self._widgets[key] = widget

        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.batch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.collapse_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self._fields)
        layout.addLayout(buttons)

    # -- state ---------------------------------------------------------------------------------------
    def filter(self) -> MaterialFilter:
        return MaterialFilter(
            verify_status=_enum_data(self.verify_status, VerifyStatus),
            education_level=_enum_data(self.education_level, EducationLevel),
            major_type=self.major_type.currentData() or "",
            enrolled_from=self.enrolled.start.value(),
            enrolled_to=self.enrolled.end.value(),
            school=self.school.text().strip(),
            graduated_from=self.graduated.start.value(),
            graduated_to=self.graduated.end.value(),
            data_scope=_enum_data(self.data_scope, DataScope) or DataScope.ALL,
            review_status=_enum_data(self.review_status, ReviewStatus),
        )

    def set_filter(self, value: MaterialFilter) -> None:
        _select_data(self.verify_status, value.verify_status)
        _select_data(self.education_level, value.education_level)
        if value.major_type and self.major_type.findData(value.major_type) < 0:
            self.major_type.addItem(value.major_type, value.major_type)
        _select_data(self.major_type, value.major_type)
        self.enrolled.start.set_value(value.enrolled_from)
        self.enrolled.end.set_value(value.enrolled_to)
        self.school.setText(value.school)
        self.graduated.start.set_value(value.graduated_from)
        self.graduated.end.set_value(value.graduated_to)
        _select_data(self.data_scope, value.data_scope)
        _select_data(self.review_status, value.review_status)

    def set_choices(self, major_type_values: Sequence[str], school_values: Sequence[str]) -> None:
        current = self.major_type.currentData()
        self.major_type.blockSignals(True)
        self.major_type.clear()
        self.major_type.addItem(ALL, "")
        for value in major_type_values:
            self.major_type.addItem(value, value)
        _select_data(self.major_type, current or "")
        self.major_type.blockSignals(False)
        completer = QCompleter(list(school_values), self.school)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.school.setCompleter(completer)

    def set_kind(self, kind: MaterialKind) -> None:
        """Show the 学历信息-only filters only where they mean something."""
        education = kind is MaterialKind.EDUCATION
        for key in ("education_level", "major_type", "enrolled", "school", "graduated"):
            self._widgets[key].setVisible(education)
            self._labels[key].setVisible(education)

    def is_collapsed(self) -> bool:
        return self._fields.isHidden()

    @Slot()
    def toggle_collapsed(self) -> None:
        collapsed = not self.is_collapsed()
        self._fields.setVisible(not collapsed)
        self.collapse_button.setText("展开" if collapsed else "收起")


assert {"education_level", "major_type", "school"} <= EDUCATION_ONLY_FILTERS


class VerifyDialog(QDialog):
    """核验状态 + 核验备注 for one or many materials (批量核验), with the scope to apply it to."""

    def __init__(
        self,
        selected: int,
        matching: int,
        parent: QWidget | None = None,
        *,
        status: VerifyStatus | None = None,
        single_title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(single_title or "批量核验")
        self.passed = QRadioButton(VerifyStatus.VERIFIED.label, self)
        self.failed = QRadioButton(VerifyStatus.FAILED.label, self)
        statuses = QButtonGroup(self)
        statuses.addButton(self.passed)
        statuses.addButton(self.failed)
        if status is VerifyStatus.FAILED:
            self.failed.setChecked(True)
        elif status is VerifyStatus.VERIFIED:
            self.passed.setChecked(True)
        self.remark = QPlainTextEdit(self)
        self.remark.setPlaceholderText("请输入核验备注")
        self.remark.setAccessibleName("核验备注")
        self.remark.setFixedHeight(72)
        self.common = QComboBox(self)
        self.common.addItem("常用备注…", "")
        for text in COMMON_REMARKS:
            self.common.addItem(text, text)
        self.common.activated.connect(self._use_common)
        self.only_selected = QRadioButton(f"所选的 {selected} 条", self)
        self.all_matching = QRadioButton(f"全部符合条件的 {matching} 条", self)
        scope = QButtonGroup(self)
        scope.addButton(self.only_selected)
        scope.addButton(self.all_matching)
        (self.only_selected if selected else self.all_matching).setChecked(True)
        self.only_selected.setEnabled(selected > 0)
        self.all_matching.setEnabled(matching > 0)
        self.problem = QLabel("", self)
        self.problem.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("提交")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        status_row = QHBoxLayout()
        status_row.addWidget(self.passed)
        status_row.addWidget(self.failed)
        status_row.addStretch(1)
        scope_row = QVBoxLayout()
        scope_row.addWidget(self.only_selected)
        scope_row.addWidget(self.all_matching)
        form = QFormLayout()
        form.addRow("核验状态:", status_row)
        form.addRow("核验备注:", self.remark)
        form.addRow("", self.common)
        if not single_title:
            form.addRow("范围:", scope_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.passed.toggled.connect(self._check)
        self.failed.toggled.connect(self._check)
        self.remark.textChanged.connect(self._check)
        self._check()

    def status(self) -> VerifyStatus | None:
        if self.passed.isChecked():
            return VerifyStatus.VERIFIED
        if self.failed.isChecked():
            return VerifyStatus.FAILED
        return None

    def remark_text(self) -> str:
        return self.remark.toPlainText().strip()

    def applies_to_all(self) -> bool:
        return self.all_matching.isChecked()

    def problem_text(self) -> str:
        status = self.status()
        if status is None:
            return "请选择核验状态"
        if status is VerifyStatus.FAILED and not self.remark_text():
            return REMARK_REQUIRED
        return ""

    @Slot()
    def _check(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    @Slot(int)
    def _use_common(self, index: int) -> None:
        text = self.common.itemData(index)
        if text:
            current = self.remark_text()
            self.remark.setPlainText(f"{current}；{text}" if current else text)
        self.common.setCurrentIndex(0)


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
        cache = thumbnail_cache or ThumbnailCache(Path(workspace.path).parent / "thumbnails")
        # Keep the thumbnail folder bounded; they are remade on demand. Off the GUI thread.
        QThreadPool.globalInstance().start(lambda: _prune_quietly(cache))
        self.thumbnails = ThumbnailProvider(cache, lambda sha: blob_path_of(self.workspace, sha), self)

        self.tabs = QTabBar(self)
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(True)
        for kind in SPECIAL_KINDS:
            self.tabs.addTab(kind.label)
        self.tabs.currentChanged.connect(self._on_tab)

        self.filters = MaterialFilterPanel(self)
        self.filters.search_requested.connect(self.search)
        self.filters.reset_requested.connect(self.reset)
        self.filters.batch_requested.connect(self.open_batch_dialog)

        self.summary = QLabel("", self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.undo_button = QPushButton("撤销", self)
        self.undo_button.setToolTip("撤销最近一次尚未同步的操作 (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.select_all_button = QPushButton("全选", self)
        self.select_all_button.setToolTip("选择全部符合条件的材料 (Ctrl+A)")
        self.pass_button = QPushButton("核验通过", self)
        self.pass_button.setToolTip("将所选材料设为核验通过 (Y)")
        self.fail_button = QPushButton("核验不通过…", self)
        self.fail_button.setToolTip("将所选材料设为核验不通过，须填写核验备注 (N)")

        self.model = MaterialCardModel(workspace.engine, workspace.me.tier, self.thumbnails, self)
        self.delegate = MaterialCardDelegate(self)
        self.view = QListView(self)
        self.view.setAccessibleName("专项信息材料")
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
            "核验通过", "Y", lambda: self.verify_selected_interactive(VerifyStatus.VERIFIED)
        )
        self._add_view_action(
            "核验不通过", "N", lambda: self.verify_selected_interactive(VerifyStatus.FAILED)
        )
        self._add_view_action("查看大图", "Return", self._open_current)
        self._add_view_action("查看大图", "Space", self._open_current)
        self._add_view_action("全选", "Ctrl+A", self.select_all)
        undo = QAction("撤销", self)
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
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
        layout.addWidget(self.view, 1)

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
        try:
            self._relay.changed.emit(set(record_ids))
        except RuntimeError:  # the page is gone
            self._safe_unsubscribe()

    @Slot(object)
    def _store_changed(self, record_ids: set[int]) -> None:
        self.model.refresh_records(record_ids)
        self._recount()
        self._update_summary()
        pending = getattr(self.workspace, "pending_actions", None)
        if pending is not None and "可撤销" in self.message.text() and pending() == 0:
            self.message.setText("核验已同步到服务器")

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
        text = available() if available is not None else "可撤销"
        self.undo_button.setEnabled(bool(text))
        self.undo_button.setToolTip(f"撤销：{text} (Ctrl+Z)" if text else NOTHING_TO_UNDO)

    def _recount(self) -> None:
        """Count the search's materials per 核验状态 (after a search or a change in the store)."""
        self._update_undo()
        me = self.workspace.me
        self._counts = count_by_status(
            self.workspace.engine, self._kind, self.current_filter(), tier=me.tier, org_id=me.org_id
        )

    @Slot()
    def _update_summary(self, *_: Any) -> None:
        counts = self._counts
        parts = [f"{self._kind.label} 共 {self.model.rowCount()} 条"]
        parts += [f"{status.label} {counts.get(status, 0)}" for status in VerifyStatus]
        selected = self.selected_count()
        if selected:
            parts.append(f"已选 {selected} 条")
        self.summary.setText(" · ".join(parts))

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

    # -- verification ---------------------------------------------------------------------------------------
    def verify(self, material_ids: Sequence[int], status: VerifyStatus, remark: str) -> Any:
        """Verify ``material_ids`` now (a local action, synced later). Shows and returns what happened."""
        remark = remark.strip()
        if not material_ids:
            self._say(NOTHING_SELECTED)
            return None
        if status is VerifyStatus.FAILED and not remark:
            self._say(REMARK_REQUIRED)
            return None
        result = self.workspace.verify(list(material_ids), status, remark)
        allowed = len(result.allowed)
        text = f"已将 {allowed} 条材料设为{status.label}（未同步，可撤销）" if allowed else "没有材料被核验"
        if result.refused:
            reasons = Counter(result.refused.values())
            details = "；".join(f"{reason}（{n} 条）" for reason, n in reasons.most_common())
            text += f"；{len(result.refused)} 条不能核验：{details}"
            QMessageBox.warning(self, "部分材料不能核验", text)
        self._say(text)
        self.model.refresh_records(self._records_of(material_ids))
        self._recount()
        self._update_summary()
        self.verified.emit(result)
        return result

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
            self._say(NOTHING_SELECTED)
            return None
        if status is VerifyStatus.VERIFIED:
            return self.verify(ids, status, "")
        dialog = VerifyDialog(len(ids), 0, self, status=status, single_title=f"核验不通过（{len(ids)} 条）")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.verify(ids, dialog.status() or status, dialog.remark_text())

    @Slot(int, object)
    def _card_verify(self, material_id: int, status: VerifyStatus) -> None:
        self.select_ids([material_id])
        self.verify_selected_interactive(status)

    @Slot()
    def open_batch_dialog(self) -> Any:
        selected = self.selected_ids()
        matching = self.model.rowCount()
        if not selected and not matching:
            self._say("没有符合条件的材料")
            return None
        dialog = VerifyDialog(len(selected), matching, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        status = dialog.status()
        if status is None:
            return None
        ids = self.model.ids() if dialog.applies_to_all() or not selected else selected
        return self.verify(ids, status, dialog.remark_text())

    @Slot()
    def undo(self) -> str | None:
        description = self.workspace.undo_last()
        self._say(f"已撤销：{description}" if description else NOTHING_TO_UNDO)
        self.model.refresh_all()
        self._recount()
        self._update_summary()
        return description

    def _say(self, text: str) -> None:
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
        from reviewdesk.views.image_viewer import Certificate, CertificateImage, CertificateViewer

        faces = []
        for image in card.images:
            try:
                label = ImageSide(image.get("side")).label
            except ValueError:
                label = str(image.get("side") or "")
            sha = str(image.get("sha256") or "")
            path = blob_path_of(self.workspace, sha) if sha else None
            faces.append(CertificateImage(label, path))
        if self._viewer is None:
            self._viewer = CertificateViewer(None, window=True)
            self._viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        viewer = self._viewer
        assert isinstance(viewer, CertificateViewer)
        viewer.show_certificates(
            [Certificate(card.kind.value, card.kind.label, tuple(faces))],
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
        menu.addAction("核验通过 (Y)", lambda: self.verify_selected_interactive(VerifyStatus.VERIFIED))
        menu.addAction("核验不通过… (N)", lambda: self.verify_selected_interactive(VerifyStatus.FAILED))
        menu.addSeparator()
        if index.isValid():
            material_id = int(index.data(ID_ROLE))
            menu.addAction("查看大图", lambda: self.open_viewer(material_id))
        menu.addAction("批量核验…", self.open_batch_dialog)
        menu.exec(self.view.viewport().mapToGlobal(position))

    def card(self, material_id: int) -> MaterialCard | None:
        row = self.model.row_of(material_id)
        return self.model.card(row) if row is not None else None
