"""基础信息 of a candidate: 姓名, 证件类型 (the five kinds), 证件号码 (checked as typed, with its Chinese
message), 性别 and 出生日期 (read from a 身份证/居住证 number, entered for the others), 手机号, 申报级别 →
申报类别 (the catalogue's categories of that level)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.candidate_info import GENDERS
from reviewdesk.domain.catalogue import Catalogue
from reviewdesk.domain.enums import ConfirmationStatus, IdType, Level
from reviewdesk.domain.identity import validate_id
from reviewdesk.views.common.i18n import label, translate, translate_noop
from reviewdesk.views.common.id_check_texts import id_check_text
from reviewdesk.views.detail.form_rows import HIGHLIGHT

CONTEXT = "EntryPage"
EIGHTEEN = (IdType.RESIDENT_ID, IdType.HMT_RESIDENCE)
RED = "color: #c0392b;"
GENDER_TEXTS = {"male": translate_noop(CONTEXT, "男"), "female": translate_noop(CONTEXT, "女")}


def required(text: str) -> QLabel:
    """A field label marked red with a ``*``, as the candidate's 信息确认 page marks required fields."""
    widget = QLabel(f"* {text}")
    widget.setStyleSheet(RED)
    return widget


def add_row(form: QFormLayout, text: str, field: QWidget, *, red: bool) -> None:
    """A row of ``form``: the label (red ``*`` when required) is the field's buddy and its accessible
    name, so the keyboard and a screen reader find it."""
    caption = required(text) if red else QLabel(text)
    caption.setBuddy(field)
    field.setAccessibleName(text)
    form.addRow(caption, field)


class BasicsForm(QGroupBox):
    """The 基础信息 inputs. ``save_requested`` carries the values (keys of ``check_info``)."""

    save_requested = Signal(dict)

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(translate(CONTEXT, "基础信息"), parent)
        self.catalogue = catalogue
        self.name = QLineEdit(self)
        self.name.setObjectName("entry_name")
        self.id_type = QComboBox(self)
        for kind in IdType:
            self.id_type.addItem(label(kind), kind.value)
        self.id_number = QLineEdit(self)
        self.id_number.setObjectName("entry_id_number")
        self.id_message = QLabel(self)
        self.id_message.setStyleSheet(RED)
        self.id_message.setWordWrap(True)
        self.gender = QComboBox(self)
        self.gender.addItem("", "")
        for code in GENDERS:
            self.gender.addItem(translate(CONTEXT, GENDER_TEXTS[code]), code)
        self.birth = QDateEdit(self)
        self.birth.setDisplayFormat("yyyy-MM-dd")
        self.birth.setCalendarPopup(True)
        self.birth.setMinimumDate(QDate(1900, 1, 1))
        self.birth.setSpecialValueText(translate(CONTEXT, "未填"))
        self.birth.setDate(self.birth.minimumDate())
        self.phone = QLineEdit(self)
        self.phone.setObjectName("entry_phone")
        self.level = QComboBox(self)
        for level in Level:
            self.level.addItem(label(level), level.value)
        self.category = QComboBox(self)
        self.category.setObjectName("entry_category")
        self.confirmation = QLabel(self)
        self.confirmation.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setStyleSheet(RED)
        self.problem.setWordWrap(True)
        self.save = QPushButton(translate(CONTEXT, "保存基础信息"), self)
        self.save.setObjectName("entry_save_basics")

        form = QFormLayout()
        add_row(form, translate(CONTEXT, "姓名"), self.name, red=True)
        add_row(form, translate(CONTEXT, "证件类型"), self.id_type, red=True)
        add_row(form, translate(CONTEXT, "证件号码"), self.id_number, red=True)
        form.addRow("", self.id_message)
        add_row(form, translate(CONTEXT, "性别"), self.gender, red=True)
        add_row(form, translate(CONTEXT, "出生日期"), self.birth, red=True)
        add_row(form, translate(CONTEXT, "手机号"), self.phone, red=True)
        add_row(form, translate(CONTEXT, "申报级别"), self.level, red=True)
        add_row(form, translate(CONTEXT, "申报类别"), self.category, red=True)
        form.addRow(translate(CONTEXT, "信息确认"), self.confirmation)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.save)

        self.id_type.currentIndexChanged.connect(self._check_number)
        self.id_number.textChanged.connect(self._check_number)
        self.level.currentIndexChanged.connect(self._fill_categories)
        self.save.clicked.connect(lambda: self.save_requested.emit(self.values()))
        self._fill_categories()

    # -- showing ---------------------------------------------------------------------------------
    def _fill_categories(self) -> None:
        current = self.category.currentData()
        self.category.clear()
        level = Level(self.level.currentData())
        for category in self.catalogue.categories(level):
            self.category.addItem(f"{category.code} {category.name}", category.code)
        index = self.category.findData(current)
        if index >= 0:
            self.category.setCurrentIndex(index)

    def _check_number(self) -> None:
        """Say what is wrong with the number as it is typed; fill 性别/出生日期 from a valid 18-character
        one (and lock them: the number decides)."""
        kind = IdType(self.id_type.currentData())
        text = self.id_number.text()
        check = validate_id(kind, text) if text.strip() else None
        self.id_message.setText(id_check_text(check.message) if check is not None and not check.ok else "")
        derived = kind in EIGHTEEN
        self.gender.setEnabled(not derived)
        self.birth.setEnabled(not derived)
        if check is not None and check.ok and check.gender and check.birth_date:
            self.gender.setCurrentIndex(self.gender.findData(check.gender))
            born = check.birth_date
            self.birth.setDate(QDate(born.year, born.month, born.day))

    def show_values(self, info: Mapping[str, str], confirmation: Mapping[str, object] | None) -> None:
        self.name.setText(info.get("name", ""))
        self.id_type.setCurrentIndex(
            max(0, self.id_type.findData(info.get("id_type") or IdType.RESIDENT_ID.value))
        )
        self.id_number.setText(info.get("id_number", ""))
        self.phone.setText(info.get("phone", ""))
        self.level.setCurrentIndex(max(0, self.level.findData(info.get("level") or Level.JUNIOR.value)))
        self._fill_categories()
        self.category.setCurrentIndex(max(0, self.category.findData(info.get("category_code", ""))))
        if info.get("gender"):
            self.gender.setCurrentIndex(max(0, self.gender.findData(info["gender"])))
        if info.get("birth_date"):
            self.birth.setDate(QDate.fromString(info["birth_date"], "yyyy-MM-dd"))
        self.problem.setText("")
        self._check_number()
        self.show_confirmation(confirmation)

    def show_confirmation(self, confirmation: Mapping[str, object] | None) -> None:
        if not confirmation:
            self.confirmation.setText(label(ConfirmationStatus.PENDING))
            return
        status = ConfirmationStatus(str(confirmation.get("status") or "pending"))
        text = label(status)
        note = str(confirmation.get("note") or "")
        if status is ConfirmationStatus.DISPUTED and note:
            text = translate(CONTEXT, "{status}：{note}").format(status=text, note=note)
            self.confirmation.setStyleSheet(RED)
        else:
            self.confirmation.setStyleSheet("")
        self.confirmation.setText(text)

    def highlight(self, field: str | None) -> QWidget | None:
        """Mark the input a 预审提示 points at (its field as the flag names it: 证件号码, 性别, …), or none;
        returns it."""
        names = ("姓名", "证件号码", "性别", "出生日期")  # i18n: not UI (the flags' field names)
        inputs: dict[str, QWidget] = dict(
            zip(names, (self.name, self.id_number, self.gender, self.birth), strict=True)
        )
        for widget in inputs.values():
            widget.setStyleSheet("")
        target = inputs.get(field or "")
        if target is not None:
            target.setStyleSheet(HIGHLIGHT)
        return target

    def values(self) -> dict[str, str]:
        born = self.birth.date()
        return {
            "name": self.name.text(),
            "id_type": str(self.id_type.currentData()),
            "id_number": self.id_number.text(),
            "gender": str(self.gender.currentData() or ""),
            "birth_date": "" if born == self.birth.minimumDate() else born.toString("yyyy-MM-dd"),
            "phone": self.phone.text(),
            "level": str(self.level.currentData()),
            "category_code": str(self.category.currentData() or ""),
        }
