"""One material's form: exactly the seeds' fields (required ones red; dates as dates, choices as lists)
and its scans (证书A面/B面, 学信网验证报告, further pages), added one by one through the upload rules
and stored with the material when it is saved. A scan with a 预审提示 (blurred, too small, sideways…:
found on its bytes before upload, or by the server) is marked ⚠ with the problem as its tooltip."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.material_forms import FORMS, FieldType, FormField, missing_required
from reviewdesk.store.entry.scans import PreparedScan
from reviewdesk.store.entry.view import EntryImage, EntryMaterial
from reviewdesk.views.common.flag_texts import finding_text, flag_text
from reviewdesk.views.common.i18n import translate
from reviewdesk.views.common.material_field_names import field_name, field_value_text
from reviewdesk.views.detail.flags_banner import WARN_COLOUR
from reviewdesk.views.detail.form_rows import HIGHLIGHT
from reviewdesk.views.entry.basics_form import RED, add_row
from reviewdesk.views.entry.scan_dialog import ScanDialog, load_scan

CONTEXT = "EntryPage"
THUMB = QSize(120, 90)
EMPTY_DATE = QDate(1900, 1, 1)


class MaterialForm(QWidget):
    """``save_requested(kind, fields, images, new_scans)`` when 保存材料 is pressed."""

    save_requested = Signal(object, dict, list, list)

    def __init__(self, kind: MaterialKind, blob_path: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.form = FORMS[kind]
        self.blob_path = blob_path  # callable sha256 -> Path | None
        self.inputs: dict[str, QWidget] = {}
        self.images: list[EntryImage] = []
        self.new_scans: dict[str, PreparedScan] = {}
        #: 预审提示 sentences of this material's scans, by sha256 (the candidate's flags).
        self.scan_warnings: dict[str, list[str]] = {}
        fields = QFormLayout()
        for spec in self.form.fields:
            widget = self._input(spec)
            self.inputs[spec.name] = widget
            add_row(fields, field_name(spec.name), widget, red=spec.required)
        self.missing = QLabel(self)
        self.missing.setStyleSheet(RED)
        self.missing.setWordWrap(True)
        self.scans = QListWidget(self)
        self.scans.setObjectName(f"scans_{kind.value}")
        self.scans.setViewMode(QListView.ViewMode.IconMode)
        self.scans.setIconSize(THUMB)
        self.scans.setFixedHeight(150)
        self.scans.setAccessibleName(translate(CONTEXT, "扫描件"))
        add = QPushButton(translate(CONTEXT, "添加扫描件…"), self)
        add.clicked.connect(self.add_scan)
        remove = QPushButton(translate(CONTEXT, "删除所选页"), self)
        remove.clicked.connect(self.remove_selected)
        self.save = QPushButton(translate(CONTEXT, "保存材料"), self)
        self.save.setObjectName(f"save_{kind.value}")
        self.save.clicked.connect(self._save)
        slots = "、".join(
            f"{slot.title}（{slot.side.label}）" + ("" if slot.required else translate(CONTEXT, "，可选"))
            for slot in self.form.scans
        )
        hint = QLabel(
            translate(CONTEXT, "扫描件：{slots}。png、jpg、jpeg，不超过3MB，正向。").format(slots=slots), self
        )
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.missing)
        layout.addWidget(hint)
        layout.addWidget(self.scans)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _input(self, spec: FormField) -> QWidget:
        if spec.type is FieldType.DATE:
            edit = QDateEdit(self)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setMinimumDate(EMPTY_DATE)
            edit.setSpecialValueText(translate(CONTEXT, "未填"))
            edit.setDate(EMPTY_DATE)
            return edit
        if spec.type is FieldType.CHOICE:
            box = QComboBox(self)  # shown in the current language, kept as the seeds' words
            box.addItem("", "")
            for choice in spec.choices:
                box.addItem(field_value_text(choice), choice)
            return box
        line = QLineEdit(self)
        line.setMaxLength(spec.max_length)
        return line

    # -- values ------------------------------------------------------------------------------------
    def show_material(self, material: EntryMaterial | None) -> None:
        values: Mapping[str, str] = material.fields if material is not None else {}
        for name, widget in self.inputs.items():
            value = values.get(name, "")
            if isinstance(widget, QDateEdit):
                widget.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else EMPTY_DATE)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QLineEdit):
                widget.setText(value)
        self.images = list(material.images) if material is not None else []
        self.new_scans = {}
        self._show_scans()
        self._show_missing(values)

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QDateEdit):
                out[name] = "" if widget.date() == EMPTY_DATE else widget.date().toString("yyyy-MM-dd")
            elif isinstance(widget, QComboBox):
                out[name] = str(widget.currentData() or "")
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text()
        return out

    def _show_missing(self, values: Mapping[str, str]) -> None:
        missing = missing_required(self.kind, dict(values))
        names = "、".join(field_name(name) for name in missing)
        self.missing.setText(translate(CONTEXT, "未填必填项：{names}").format(names=names) if missing else "")

    def set_flags(self, flags: Sequence[Mapping[str, Any]]) -> None:
        """The candidate's 预审提示 about this material: its scans' problems mark their thumbnails."""
        warnings: dict[str, list[str]] = {}
        for flag in flags:
            if flag.get("material") == self.kind.value and flag.get("image"):
                warnings.setdefault(str(flag["image"]), []).append(flag_text(flag))
        if warnings != self.scan_warnings:  # thumbnails are decoded again: only when marks change
            self.scan_warnings = warnings
            self._show_scans()

    def warnings_of(self, sha256: str) -> list[str]:
        """A scan's problems: found on the bytes just added, else the candidate's flags."""
        if sha256 in self.new_scans:
            return [finding_text(message) for _code, message in self.new_scans[sha256].findings]
        return self.scan_warnings.get(sha256, [])

    def highlight(self, field: str, sha256: str) -> QWidget | None:
        """Mark the field and the scan a 预审提示 points at (or clear the marks: ""); returns what to
        scroll to."""
        for widget in self.inputs.values():
            widget.setStyleSheet("")
        self.scans.clearSelection()
        target = self.inputs.get(field)
        if target is not None:
            target.setStyleSheet(HIGHLIGHT)
        for row in range(self.scans.count()):
            item = self.scans.item(row)
            if sha256 and item.data(Qt.ItemDataRole.UserRole + 1) == sha256:
                item.setSelected(True)
                self.scans.scrollToItem(item)
                target = target or self.scans
        return target

    def _show_scans(self) -> None:
        self.scans.clear()
        for image in self.images:
            text = translate(CONTEXT, "{title} 第{page}页").format(title=image.title, page=image.page)
            warnings = self.warnings_of(image.sha256)
            item = QListWidgetItem(f"⚠ {text}" if warnings else text)
            if warnings:
                item.setForeground(QColor(WARN_COLOUR))
                item.setToolTip(
                    translate(CONTEXT, "预审提示：{problems}").format(problems="；".join(warnings))
                )
            path = self.blob_path(image.sha256)  # type: ignore[operator]
            if path is not None:
                item.setIcon(QIcon(QPixmap(str(path)).scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio)))
            elif image.sha256 in self.new_scans:
                pixmap = QPixmap()
                pixmap.loadFromData(self.new_scans[image.sha256].data)
                item.setIcon(QIcon(pixmap.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio)))
            item.setData(Qt.ItemDataRole.UserRole, (image.title, image.page))
            item.setData(Qt.ItemDataRole.UserRole + 1, image.sha256)
            self.scans.addItem(item)

    # -- actions -------------------------------------------------------------------------------------
    def add_scan(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                translate(CONTEXT, "选择扫描件"),
                "",
                translate(CONTEXT, "图片 (*.png *.jpg *.jpeg);;所有文件 (*)"),
                options=QFileDialog.Option.DontUseNativeDialog,
            )
            if not chosen:
                return
            path = Path(chosen)
        loaded = load_scan(self, path)
        if loaded is None:
            return
        data, scan = loaded
        next_page = 1 + sum(1 for image in self.images if image.title == self.form.titles[0])
        dialog = ScanDialog(data, scan, self.form.titles, next_page, self)
        try:
            if dialog.exec() != ScanDialog.DialogCode.Accepted:
                return
            self.place(dialog.scan, dialog.title.currentText(), dialog.page.value())
        finally:
            dialog.deleteLater()

    def place(self, scan: PreparedScan, title: str, page: int) -> None:
        """Put a prepared scan at (certificate, page), replacing what was there (stored on 保存材料)."""
        self.new_scans[scan.sha256] = scan
        self.images = [i for i in self.images if (i.title, i.page) != (title, page)]
        self.images.append(EntryImage(scan.sha256, title, page))
        order = {t: n for n, t in enumerate(self.form.titles)}
        self.images.sort(key=lambda i: (order.get(i.title, 99), i.page))
        self._show_scans()

    def remove_selected(self) -> None:
        chosen = {item.data(Qt.ItemDataRole.UserRole) for item in self.scans.selectedItems()}
        self.images = [i for i in self.images if (i.title, i.page) not in chosen]
        self._show_scans()

    def _save(self) -> None:
        wanted = {i.sha256 for i in self.images}
        scans = [scan for sha, scan in self.new_scans.items() if sha in wanted]
        self.save_requested.emit(self.kind, self.values(), list(self.images), scans)
