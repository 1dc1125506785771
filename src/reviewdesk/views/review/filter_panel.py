"""The 报名材料审核 filter bar (seed 000 §2.2) and its 高级搜索 part, producing a ``RecordFilter``.

Why it filters as you type: the list is filtered in memory by ``store.index`` in milliseconds, so
there is no reason to make a reviewer press 搜索 after typing a name (the button stays, as in the web
page). Typing is debounced (~150 ms) so a fast typist does not query on every key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import (
    DataScope,
    EducationLevel,
    Level,
    Library,
    PayStatus,
    ReviewStatus,
    SubmitStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.precheck import KINDS
from reviewdesk.store.filters import NOT_REACHED, RecordFilter
from reviewdesk.views.common.date_field import DateField, Near
from reviewdesk.views.common.i18n import enum_title, label, translate, translate_noop

CONTEXT = "FilterPanel"

#: Fixed texts of the bar, Chinese source (shown through ``translate(CONTEXT, …)``).
ALL = translate_noop(CONTEXT, "全部")
PLEASE_INPUT = translate_noop(CONTEXT, "请输入")
CHOOSE_LEVEL_FIRST = translate_noop(CONTEXT, "请先选择申报级别")
NOT_REACHED_LABEL = translate_noop(CONTEXT, "未到达（空白）")
#: 预审提示 filter: any kind, or one (``domain.precheck.KIND_LABELS``, written out for the extractor).
ANY_FLAG = translate_noop(CONTEXT, "有提示")
FLAG_KIND_LABELS: dict[str, str] = {
    "eligibility": translate_noop(CONTEXT, "资格条件"),
    "contradiction": translate_noop(CONTEXT, "信息矛盾"),
    "required": translate_noop(CONTEXT, "必填项缺失"),
    "scan": translate_noop(CONTEXT, "图片问题"),
    "reused": translate_noop(CONTEXT, "图片重复使用"),
    "duplicate": translate_noop(CONTEXT, "证书编号重复"),
}
TYPING_DEBOUNCE_MS = 150


def _choice(items: list[tuple[str, Any]], name: str, parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    for text, data in items:
        box.addItem(text, data)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _enum_items(enum: Any) -> list[tuple[str, Any]]:
    return [(translate(CONTEXT, ALL), None)] + [(label(member), member) for member in enum]


def _caption(text: str) -> str:
    """A field's caption: its name and a colon ("申报级别:" / "Level applied for:")."""
    return translate(CONTEXT, "{name}:").format(name=text)


def _enum(box: QComboBox, enum: Any) -> Any:
    """The chosen member (Qt hands a StrEnum back as a plain str), None for 全部."""
    value = box.currentData()
    return enum(value) if value not in (None, "") else None


def _select(box: QComboBox, value: Any) -> None:
    for i in range(box.count()):
        if box.itemData(i) == value:
            box.setCurrentIndex(i)
            return
    box.setCurrentIndex(0)


#: 数据层级 as the page opens and after 重置 (seed 000 §2.2: 数据层级:本级直属).
DEFAULT_SCOPE = DataScope.DIRECT


class FilterPanel(QFrame):
    """Emits ``filter_changed(RecordFilter)`` whenever what is chosen changes (typing: debounced)."""

    filter_changed = Signal(object)
    search_requested = Signal()
    reset_requested = Signal()
    report_requested = Signal()  # 材料上报
    export_requested = Signal()  # 导出

    def __init__(self, catalogue: Mapping[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._catalogue = dict(catalogue or {})
        self._silent = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)

        names = {
            "level": enum_title(Level),
            "category": translate(CONTEXT, "类别(专业)"),
            "name": translate(CONTEXT, "姓名"),
            "id_number": translate(CONTEXT, "证件号码"),
            "unit": translate(CONTEXT, "申报单位"),
            "submit": enum_title(SubmitStatus),
            "education": enum_title(EducationLevel),
            "scope": enum_title(DataScope),
        }
        self.level_box = _choice(_enum_items(Level), names["level"], self)
        choose_level = translate(CONTEXT, CHOOSE_LEVEL_FIRST)
        self.category_box = _choice([(choose_level, None)], names["category"], self)
        self.category_box.setEnabled(False)
        self.category_box.setMinimumWidth(180)
        self.name_edit = self._text(names["name"])
        self.id_edit = self._text(names["id_number"])
        self.unit_edit = self._text(names["unit"])
        self.submit_box = _choice(_enum_items(SubmitStatus), names["submit"], self)
        self.education_box = _choice(_enum_items(EducationLevel), names["education"], self)
        scopes = [(label(s), s) for s in (DataScope.DIRECT, DataScope.ALL)]
        self.scope_box = _choice(scopes, names["scope"], self)

        self.report_button = QPushButton(translate(CONTEXT, "材料上报"), self)
        self.export_button = QPushButton(translate(CONTEXT, "导出"), self)
        self.advanced_button = QPushButton(translate(CONTEXT, "高级搜索"), self)
        self.advanced_button.setCheckable(True)
        self.search_button = QPushButton(translate(CONTEXT, "搜索"), self)
        self.search_button.setDefault(True)
        self.reset_button = QPushButton(translate(CONTEXT, "重置"), self)
        self.report_button.clicked.connect(self.report_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.search_button.clicked.connect(self._search)
        self.reset_button.clicked.connect(self.reset)
        self.advanced_button.toggled.connect(self._toggle_advanced)

        # saved searches
        self.saved_box = QComboBox(self)
        saved_searches = translate(CONTEXT, "常用搜索")
        self.saved_box.setAccessibleName(saved_searches)
        self.saved_box.setMinimumWidth(120)
        self.save_button = QPushButton(translate(CONTEXT, "保存"), self)
        self.delete_button = QPushButton(translate(CONTEXT, "删除"), self)
        self.save_button.setToolTip(translate(CONTEXT, "把当前条件保存为常用搜索"))
        self.delete_button.setToolTip(translate(CONTEXT, "删除选中的常用搜索"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        row0 = [
            (names["level"], self.level_box),
            (names["category"], self.category_box),
            (names["name"], self.name_edit),
            (names["id_number"], self.id_edit),
        ]
        row1 = [
            (names["unit"], self.unit_edit),
            (names["submit"], self.submit_box),
            (names["education"], self.education_box),
            (names["scope"], self.scope_box),
        ]
        for r, row in enumerate((row0, row1)):
            for c, (name, widget) in enumerate(row):
                grid.addWidget(QLabel(_caption(name), self), r, 2 * c, Qt.AlignmentFlag.AlignRight)
                grid.addWidget(widget, r, 2 * c + 1)

        buttons = QHBoxLayout()
        for button in (self.report_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(_caption(saved_searches), self))
        buttons.addWidget(self.saved_box)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(12)
        for button in (self.advanced_button, self.search_button, self.reset_button):
            buttons.addWidget(button)

        self.advanced = self._build_advanced()
        self.advanced.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(self.advanced)
        layout.addLayout(buttons)

        self.level_box.currentIndexChanged.connect(self._on_level)
        for box in (
            self.category_box,
            self.submit_box,
            self.education_box,
            self.scope_box,
            *self.tier_boxes.values(),
            self.pay_box,
            self.frontline_box,
            self.verify_box,
            self.flag_box,
        ):
            box.currentIndexChanged.connect(self._changed_now)
        for check in (*self.library_checks.values(), self.pending_check, self.conflicts_check):
            check.toggled.connect(self._changed_now)
        for edit in (self.from_date, self.to_date):
            edit.changed.connect(self._changed_now)
        _select(self.scope_box, DEFAULT_SCOPE)

    # -- construction ---------------------------------------------------------------------------------
    def _text(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(translate(CONTEXT, PLEASE_INPUT))
        edit.setAccessibleName(name)
        edit.setClearButtonEnabled(True)
        edit.setMinimumWidth(140)
        edit.textChanged.connect(lambda _text: self._timer.start())
        edit.returnPressed.connect(self._search)
        return edit

    def _build_advanced(self) -> QWidget:
        box = QFrame(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 4, 0, 4)
        every = translate(CONTEXT, ALL)
        tier_items = [(every, None), (translate(CONTEXT, NOT_REACHED_LABEL), NOT_REACHED)] + [
            (label(s), s) for s in ReviewStatus
        ]
        self.tier_boxes: dict[Tier, QComboBox] = {}
        for c, tier in enumerate((Tier.PROVINCE, Tier.CITY, Tier.COUNTY, Tier.UNIT)):
            name = translate(CONTEXT, "{tier}审核状态").format(tier=label(tier))
            box_ = _choice(tier_items, name, box)
            self.tier_boxes[tier] = box_
            grid.addWidget(QLabel(_caption(name), box), 0, 2 * c, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(box_, 0, 2 * c + 1)
        pay, frontline, verify = (
            enum_title(PayStatus),
            translate(CONTEXT, "疫情一线"),
            enum_title(VerifyStatus),
        )
        self.pay_box = _choice(_enum_items(PayStatus), pay, box)
        self.from_date = DateField(translate(CONTEXT, ALL), box)
        self.to_date = DateField(translate(CONTEXT, ALL), box)
        self.from_date.setAccessibleName(translate(CONTEXT, "提交时间 起"))
        self.to_date.setAccessibleName(translate(CONTEXT, "提交时间 止"))
        answers = [(every, None), (translate(CONTEXT, "是"), True), (translate(CONTEXT, "否"), False)]
        self.frontline_box = _choice(answers, frontline, box)
        self.verify_box = _choice(_enum_items(VerifyStatus), verify, box)
        dates = QHBoxLayout()
        dates.addWidget(self.from_date)
        dates.addWidget(QLabel(translate(CONTEXT, "至"), box))
        dates.addWidget(self.to_date)
        grid.addWidget(QLabel(_caption(pay), box), 1, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.pay_box, 1, 1)
        submitted = translate(CONTEXT, "提交时间")
        grid.addWidget(QLabel(_caption(submitted), box), 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.addLayout(dates, 1, 3)
        grid.addWidget(QLabel(_caption(frontline), box), 1, 4, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.frontline_box, 1, 5)
        grid.addWidget(QLabel(_caption(verify), box), 1, 6, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.verify_box, 1, 7)
        libraries = QHBoxLayout()
        self.library_checks: dict[Library, QCheckBox] = {}
        for library in Library:
            check = QCheckBox(label(library), box)
            if library is Library.MISCONDUCT:
                check.setStyleSheet("color: #c62828; font-weight: bold;")
            self.library_checks[library] = check
            libraries.addWidget(check)
        libraries.addStretch(1)
        hits = _caption(translate(CONTEXT, "对比库命中"))
        grid.addWidget(QLabel(hits, box), 2, 0, Qt.AlignmentFlag.AlignRight)
        grid.addLayout(libraries, 2, 1, 1, 7)
        precheck_title = translate(CONTEXT, "预审提示")
        # item data: the kinds, comma-separated (有提示: all of them)
        flag_items: list[tuple[str, Any]] = [(every, None), (translate(CONTEXT, ANY_FLAG), ",".join(KINDS))]
        flag_items += [(translate(CONTEXT, text), kind) for kind, text in FLAG_KIND_LABELS.items()]
        self.flag_box = _choice(flag_items, precheck_title, box)
        grid.addWidget(QLabel(_caption(precheck_title), box), 3, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.flag_box, 3, 1)
        self.pending_check = QCheckBox(translate(CONTEXT, "仅未同步"), box)
        self.conflicts_check = QCheckBox(translate(CONTEXT, "仅冲突"), box)
        flags = QHBoxLayout()
        flags.addWidget(self.pending_check)
        flags.addWidget(self.conflicts_check)
        flags.addStretch(1)
        grid.addLayout(flags, 3, 2, 1, 6)
        return box

    # -- the catalogue cascade -----------------------------------------------------------------------
    def set_catalogue(self, catalogue: Mapping[str, Any] | None) -> None:
        self._catalogue = dict(catalogue or {})
        self._fill_categories()

    def _categories(self, level: Level) -> list[tuple[str, str]]:
        levels = self._catalogue.get("levels") or {}
        return [(str(c.get("name", "")), str(c.get("code", ""))) for c in levels.get(level.value, [])]

    def _fill_categories(self) -> None:
        level = _enum(self.level_box, Level)
        self.category_box.blockSignals(True)
        self.category_box.clear()
        if level is None:
            choose_level = translate(CONTEXT, CHOOSE_LEVEL_FIRST)
            self.category_box.addItem(choose_level, None)
            self.category_box.setEnabled(False)
            self.category_box.setToolTip(choose_level)
        else:
            self.category_box.addItem(translate(CONTEXT, ALL), None)
            for name, code in self._categories(level):
                self.category_box.addItem(name, code)
            self.category_box.setEnabled(True)
            self.category_box.setToolTip("")
        self.category_box.blockSignals(False)

    def _on_level(self) -> None:
        self._fill_categories()
        self._changed_now()

    # -- state ------------------------------------------------------------------------------------------
    def filter(self) -> RecordFilter:
        tier_status: dict[Tier, ReviewStatus | str] = {}
        for tier, box in self.tier_boxes.items():
            value = box.currentData()
            if value:
                tier_status[tier] = NOT_REACHED if value == NOT_REACHED else ReviewStatus(value)
        level = _enum(self.level_box, Level)
        return RecordFilter(
            level=level,
            category_code=(self.category_box.currentData() or None) if level else None,
            name=self.name_edit.text().strip(),
            id_number=self.id_edit.text().strip(),
            unit_name=self.unit_edit.text().strip(),
            submit_status=_enum(self.submit_box, SubmitStatus),
            education_level=_enum(self.education_box, EducationLevel),
            data_scope=_enum(self.scope_box, DataScope) or DataScope.ALL,
            tier_status=tier_status,
            pay_status=_enum(self.pay_box, PayStatus),
            submitted_from=self.from_date.value(),
            submitted_to=self.to_date.value(),
            library_hits=frozenset(lib for lib, check in self.library_checks.items() if check.isChecked()),
            flag_kinds=frozenset((self.flag_box.currentData() or "").split(",")) - {""},
            frontline=self.frontline_box.currentData(),
            verify_status=_enum(self.verify_box, VerifyStatus),
            pending_only=self.pending_check.isChecked(),
            conflicts_only=self.conflicts_check.isChecked(),
        )

    def set_filter(self, flt: RecordFilter) -> None:
        """Show ``flt`` (a saved search, a restored session) and emit it once."""
        self._silent = True
        try:
            _select(self.level_box, flt.level)
            self._fill_categories()
            _select(self.category_box, flt.category_code)
            self.name_edit.setText(flt.name)
            self.id_edit.setText(flt.id_number)
            self.unit_edit.setText(flt.unit_name)
            _select(self.submit_box, flt.submit_status)
            _select(self.education_box, flt.education_level)
            _select(self.scope_box, flt.data_scope)
            for tier, box in self.tier_boxes.items():
                _select(box, flt.tier_status.get(tier))
            _select(self.pay_box, flt.pay_status)
            self.from_date.set_value(flt.submitted_from)
            self.to_date.set_value(flt.submitted_to)
            for library, check in self.library_checks.items():
                check.setChecked(library in flt.library_hits)
            _select(self.frontline_box, flt.frontline)
            _select(self.flag_box, ",".join(k for k in KINDS if k in flt.flag_kinds) or None)
            _select(self.verify_box, flt.verify_status)
            self.pending_check.setChecked(flt.pending_only)
            self.conflicts_check.setChecked(flt.conflicts_only)
        finally:
            self._silent = False
        self._timer.stop()
        advanced = bool(
            flt.tier_status
            or flt.pay_status
            or flt.submitted_from
            or flt.submitted_to
            or flt.library_hits
            or flt.flag_kinds
            or flt.frontline is not None
            or flt.verify_status
            or flt.pending_only
            or flt.conflicts_only
        )
        if advanced:
            self.advanced_button.setChecked(True)
        self._emit()

    def reset(self) -> None:
        """重置: every field back to what the page opens with — 全部, and 数据层级 本级直属 (the seed's
        default: a reset that kept 下级所有 left the reviewer in a wider list than they thought)."""
        self.set_filter(RecordFilter(data_scope=DEFAULT_SCOPE))
        self.reset_requested.emit()

    def set_near_date(self, near: Near) -> None:
        """Where the 提交时间 calendars open while empty: near the data (its latest submission)."""
        self.from_date.set_near(near)
        self.to_date.set_near(near)

    def focus_name(self) -> None:
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    # -- saved searches ---------------------------------------------------------------------------------
    def set_saved_searches(self, names: list[str], current: str = "") -> None:
        self.saved_box.blockSignals(True)
        self.saved_box.clear()
        self.saved_box.addItem(translate(CONTEXT, "（选择常用搜索）"), None)
        for name in names:
            self.saved_box.addItem(name, name)
        _select(self.saved_box, current or None)
        self.saved_box.blockSignals(False)
        self.delete_button.setEnabled(bool(names))

    @staticmethod
    def ask_search_name(parent: QWidget) -> str:
        name, ok = QInputDialog.getText(
            parent, translate(CONTEXT, "保存常用搜索"), _caption(translate(CONTEXT, "名称"))
        )
        return name.strip() if ok else ""

    # -- signals ----------------------------------------------------------------------------------------
    def _toggle_advanced(self, on: bool) -> None:
        self.advanced.setVisible(on)
        self.advanced_button.setText(translate(CONTEXT, "收起") if on else translate(CONTEXT, "高级搜索"))

    def _changed_now(self, *_args: object) -> None:
        if not self._silent:
            self._timer.stop()
            self._emit()

    def _search(self) -> None:
        self._timer.stop()
        self._emit()
        self.search_requested.emit()

    def _emit(self) -> None:
        if not self._silent:
            self.filter_changed.emit(self.filter())

    def flush(self) -> None:
        """Emit a pending (debounced) change now (tests, 搜索)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()
