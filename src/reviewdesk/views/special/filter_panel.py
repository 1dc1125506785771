"""The filter bar of one 专项信息 view (seed 000 §2.7): 核验状态, 学历层级, 专业类型, 入学时间, 毕业学校,
毕业时间, 数据层级, 审核状态, with 搜索 / 重置 / 批量核验 / 收起.

It only reads and fills a ``store.material_query.MaterialFilter``; the page decides what a search does.
The 学历信息-only fields hide on the other tabs, where they would match nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import DataScope, EducationLevel, MaterialKind, ReviewStatus, VerifyStatus
from reviewdesk.store.material_query import EDUCATION_ONLY_FILTERS, MaterialFilter
from reviewdesk.views.common.date_field import DateField
from reviewdesk.views.common.i18n import label, translate, translate_noop

CONTEXT = "MaterialFilterPanel"

#: Kept in Chinese (the source text); shown through ``translate(CONTEXT, …)``.
ALL = translate_noop(CONTEXT, "全部")
UNLIMITED = translate_noop(CONTEXT, "不限")

#: key, label of the seed's filter fields, in the seed's order (four per row).
FILTER_FIELDS: tuple[tuple[str, str], ...] = (
    ("verify_status", translate_noop(CONTEXT, "核验状态")),
    ("education_level", translate_noop(CONTEXT, "学历层级")),
    ("major_type", translate_noop(CONTEXT, "专业类型")),
    ("enrolled", translate_noop(CONTEXT, "入学时间")),
    ("school", translate_noop(CONTEXT, "毕业学校")),
    ("graduated", translate_noop(CONTEXT, "毕业时间")),
    ("data_scope", translate_noop(CONTEXT, "数据层级")),
    ("review_status", translate_noop(CONTEXT, "审核状态")),
)
_FIELD_LABELS = dict(FILTER_FIELDS)


def field_label(key: str) -> str:
    """A filter field's label in the current language."""
    return translate(CONTEXT, _FIELD_LABELS[key])


class DateRange(QWidget):
    """起 … 至 … 止: two optional dates, each bound left open when 不限."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = DateField(translate(CONTEXT, UNLIMITED), self)
        self.end = DateField(translate(CONTEXT, UNLIMITED), self)
        self.start.setAccessibleName(translate(CONTEXT, "{name}起").format(name=name))
        self.end.setAccessibleName(translate(CONTEXT, "{name}止").format(name=name))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.start, 1)
        layout.addWidget(QLabel(translate(CONTEXT, "至"), self))
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
        every = translate(CONTEXT, ALL)
        self.verify_status = _choice(
            self, field_label("verify_status"), [(every, None)] + [(label(s), s) for s in VerifyStatus]
        )
        self.education_level = _choice(
            self, field_label("education_level"), [(every, None)] + [(label(e), e) for e in EducationLevel]
        )
        self.major_type = _choice(self, field_label("major_type"), [(every, "")])
        self.enrolled = DateRange(field_label("enrolled"), self)
        self.school = QLineEdit(self)
        self.school.setPlaceholderText(translate(CONTEXT, "请输入"))
        self.school.setAccessibleName(field_label("school"))
        self.school.setClearButtonEnabled(True)
        self.school.returnPressed.connect(self.search_requested)
        self.graduated = DateRange(field_label("graduated"), self)
        self.data_scope = _choice(self, field_label("data_scope"), [(label(s), s) for s in DataScope])
        _select_data(self.data_scope, DataScope.ALL)
        self.review_status = _choice(
            self, field_label("review_status"), [(every, None)] + [(label(s), s) for s in ReviewStatus]
        )

        self.search_button = QPushButton(translate(CONTEXT, "搜索"), self)
        self.search_button.setDefault(True)
        self.reset_button = QPushButton(translate(CONTEXT, "重置"), self)
        self.batch_button = QPushButton(translate(CONTEXT, "批量核验"), self)
        self.collapse_button = QPushButton(translate(CONTEXT, "收起"), self)
        self.search_button.clicked.connect(self.search_requested)
        self.reset_button.clicked.connect(self.reset_requested)
        self.batch_button.clicked.connect(self.batch_requested)
        self.collapse_button.clicked.connect(self.toggle_collapsed)

        self._fields = QWidget(self)
        grid = QGridLayout(self._fields)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self._widgets: dict[str, QWidget] = {
            "verify_status": self.verify_status,
            "education_level": self.education_level,
            "major_type": self.major_type,
            "enrolled": self.enrolled,
            "school": self.school,
            "graduated": self.graduated,
            "data_scope": self.data_scope,
            "review_status": self.review_status,
        }
        self._labels: dict[str, QLabel] = {}
        for i, (key, _source) in enumerate(FILTER_FIELDS):
            row, column = divmod(i, 4)
            widget = self._widgets[key]
            caption = QLabel(f"{field_label(key)}:", self._fields)
            caption.setBuddy(widget)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(caption, row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
            grid.setColumnStretch(column * 2 + 1, 1)
            self._labels[key] = caption

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
        """The 专业类型 values and 毕业学校 names found in the store (data: shown as they are)."""
        current = self.major_type.currentData()
        self.major_type.blockSignals(True)
        self.major_type.clear()
        self.major_type.addItem(translate(CONTEXT, ALL), "")
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
        self.collapse_button.setText(translate(CONTEXT, "展开") if collapsed else translate(CONTEXT, "收起"))


assert {"education_level", "major_type", "school"} <= EDUCATION_ONLY_FILTERS
