"""The 审核详情 beside the list (seed 000 §2.3): 基础信息, 对比库信息, one tab per material, 审核进度.

Why a pane and not the web page's modal "查看": the reviewer reads the record while the list stays
visible and moves on with one key. It follows the table's current row, debounced (~100 ms) so holding
J/K does not build every record on the way. Thumbnails are decoded off the GUI thread
(``views.image_loading``); a broken scan shows its Chinese error in place and the rest stays usable.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import (
    EducationLevel,
    HistoryAction,
    IdType,
    ImageSide,
    Level,
    Library,
    MaterialKind,
    Outcome,
    PayStatus,
    SubmitStatus,
    Tier,
)
from reviewdesk.domain.identity import validate_id
from reviewdesk.store.material_query import CARD_FIELDS, FIELD_ALIASES
from reviewdesk.views.image_loading import LoadedImage, image_loader
from reviewdesk.views.image_viewer import NO_IMAGE, NOT_DOWNLOADED, Certificate, CertificateImage

FOLLOW_DEBOUNCE_MS = 100
THUMB_SIZE = (200, 150)
NO_ENTRIES = "无"
NOT_REACHED = "—"
MISCONDUCT_MARK = "⚠"

BASIC_TAB = "基础信息"
LIBRARY_TAB = "对比库信息"
HISTORY_TAB = "审核进度"
HISTORY_HEADERS = ("时间", "层级", "机构", "审核人", "操作", "结果", "备注")

#: The detail pane's order of material tabs (the seed's: 学历信息 first, 补充信息 last).
MATERIAL_ORDER: tuple[MaterialKind, ...] = (
    MaterialKind.EDUCATION,
    MaterialKind.DEGREE,
    MaterialKind.TITLE,
    MaterialKind.PHYSICIAN_QUALIFICATION,
    MaterialKind.PHYSICIAN_PRACTICE,
    MaterialKind.NURSE_PRACTICE,
    MaterialKind.RESIDENCY,
    MaterialKind.SUPPLEMENT,
)


def _label(enum: Any, value: Any) -> str:
    try:
        return enum(value).label if value else ""
    except ValueError:
        return str(value)


def _time(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else ""


def _selectable(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def field_value(fields: dict[str, str], name: str) -> str:
    for alias in FIELD_ALIASES.get(name, (name,)):
        if fields.get(alias):
            return fields[alias]
    return ""


def ordered_fields(kind: MaterialKind, fields: dict[str, str]) -> list[tuple[str, str]]:
    """The material's fields in the seed's order, then any others the record carries."""
    names = list(CARD_FIELDS.get(kind, ()))
    shown = {alias for name in names for alias in FIELD_ALIASES.get(name, (name,))}
    result = [(name, field_value(fields, name)) for name in names]
    result += [(name, value) for name, value in fields.items() if name not in shown]
    return result


def certificates_of(record: Any, blob_path: Callable[[str], Path | None]) -> list[Certificate]:
    """The record's materials as the viewer's certificates (faces: A面/B面/验证报告)."""
    result = []
    for material in sorted(record.materials, key=lambda m: MATERIAL_ORDER.index(m.kind)):
        faces = []
        for image in material.images:
            side = _label(ImageSide, image.get("side")) or str(image.get("side", ""))
            faces.append(CertificateImage(side, blob_path(str(image.get("sha256", "")))))
        result.append(Certificate(material.kind.value, material.kind.label, tuple(faces)))
    return result


class Thumbnail(QToolButton):
    """One scan, small: click opens the viewer. Shows 暂无图片 / 尚未下载 / the decode error instead."""

    def __init__(self, caption: str, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.path = path
        self.message = ""
        self.ticket: int | None = None
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setFixedSize(THUMB_SIZE[0] + 16, THUMB_SIZE[1] + 40)
        self.setIconSize(self.size() - self.size() / 4)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        if path is None:
            self._show_message(NOT_DOWNLOADED)
        else:
            self.setText(f"{caption}\n加载中…")
            self.ticket = image_loader().request(path, THUMB_SIZE, self._loaded)

    def _show_message(self, message: str) -> None:
        self.message = message
        self.setText(f"{self.caption}\n{message}")
        self.setToolTip(message)
        self.setStyleSheet("QToolButton { color: #c62828; }" if message != NOT_DOWNLOADED else "")

    def _loaded(self, result: LoadedImage) -> None:
        self.ticket = None
        if not result.ok or result.image is None:
            self._show_message(result.error)
            return
        pixmap = QPixmap.fromImage(result.image)
        self.setIcon(pixmap)
        self.setIconSize(pixmap.size().boundedTo(self.size()))
        self.setText(self.caption)
        self.setToolTip(f"{self.caption}（点击查看大图）")

    def cancel(self) -> None:
        image_loader().cancel(self.ticket)
        self.ticket = None


class DetailPane(QTabWidget):
    """Shows one record (``show_record``); ``open_viewer(kind)`` is emitted when a thumbnail is clicked."""

    open_viewer = Signal(str)  # MaterialKind value

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.record: Any = None
        self.record_id: int | None = None
        self.thumbnails: list[Thumbnail] = []
        self._pending_id: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FOLLOW_DEBOUNCE_MS)
        self._timer.timeout.connect(self._load_pending)
        self.setDocumentMode(True)
        self.setUsesScrollButtons(True)
        self._empty()

    # -- following the table -----------------------------------------------------------------------
    def follow(self, record_id: int | None) -> None:
        """Show ``record_id`` soon (debounced), keeping the current tab."""
        self._pending_id = record_id
        self._timer.start()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._load_pending()

    def _load_pending(self) -> None:
        self.show_record(self._pending_id)

    def reload(self) -> None:
        """The shown record changed (a decision, a sync): show it again."""
        self.show_record(self.record_id)

    def show_record(self, record_id: int | None) -> None:
        current_tab = self.tabText(self.currentIndex()) if self.count() else ""
        for thumb in self.thumbnails:
            thumb.cancel()
        self.thumbnails = []
        record = self.workspace.record(record_id) if record_id is not None else None
        self.record, self.record_id = record, (record.id if record else None)
        self.setUpdatesEnabled(False)
        try:
            while self.count():
                widget = self.widget(0)
                self.removeTab(0)
                widget.deleteLater()
            if record is None:
                self._empty()
                return
            self.addTab(self._scroll(self._basic(record)), BASIC_TAB)
            self.addTab(self._scroll(self._libraries(record)), LIBRARY_TAB)
            for material in sorted(record.materials, key=lambda m: MATERIAL_ORDER.index(m.kind)):
                title = material.kind.label + ("（未同步）" if material.pending else "")
                self.addTab(self._scroll(self._material(material)), title)
            self.addTab(self._history(record), HISTORY_TAB)
            for i in range(self.count()):
                if self.tabText(i) == current_tab:
                    self.setCurrentIndex(i)
                    break
        finally:
            self.setUpdatesEnabled(True)

    def tab_titles(self) -> list[str]:
        return [self.tabText(i) for i in range(self.count())]

    def select_tab(self, title: str) -> bool:
        for i in range(self.count()):
            if self.tabText(i).startswith(title):
                self.setCurrentIndex(i)
                return True
        return False

    # -- tabs ------------------------------------------------------------------------------------------
    def _empty(self) -> None:
        label = QLabel("请在左侧列表中选择一名考生", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addTab(label, BASIC_TAB)

    def _scroll(self, widget: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(widget)
        return area

    def _basic(self, record: Any) -> QWidget:
        snap, row = record.snapshot, record.row
        page = QWidget()
        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        id_type = row.get("id_type") or snap.get("id_type")
        id_number = str(row.get("id_number") or "")
        try:
            check = validate_id(IdType(id_type), id_number)
            mark = "✓ 证件号码校验通过" if check.ok else f"✗ {check.message}"
            colour = "#1b7f3b" if check.ok else "#c62828"
        except ValueError:
            mark, colour = "", "black"
        id_label = _selectable(
            f"{html.escape(id_number)}  <span style='color:{colour}'>{html.escape(mark)}</span>", page
        )
        id_label.setTextFormat(Qt.TextFormat.RichText)
        id_label.setObjectName("id_number")
        review = record.review
        rows: list[tuple[str, QWidget | str]] = [
            ("姓名", row.get("name") or ""),
            ("证件类型", _label(IdType, id_type)),
            ("证件号码", id_label),
            ("提交状态", _label(SubmitStatus, record.review.submit_status)),
            ("提交时间", _time(row.get("submitted_at"))),
            ("缴费状态", _label(PayStatus, row.get("pay_status"))),
            ("申报类型", snap.get("project") or ""),
            ("申报级别", _label(Level, row.get("level"))),
            ("申报类别", row.get("category_name") or ""),
            ("申报单位", row.get("unit_name") or ""),
            ("学历层级", _label(EducationLevel, row.get("education_level"))),
            ("是否为抗击新冠肺炎疫情一线人员", "是" if row.get("frontline") else "否"),
        ]
        for tier in (Tier.PROVINCE, Tier.CITY, Tier.COUNTY, Tier.UNIT):
            status = review.status_at(tier)
            rows.append((f"{tier.label}审核状态", status.label if status else NOT_REACHED))
        if record.pending:
            rows.append(("同步", f"未同步（{record.pending} 项本地操作待上传）"))
        if record.conflicts:
            rows.append(("冲突", "；".join(f"{c.status_label}：{c.message}" for c in record.conflicts)))
        for name, value in rows:
            widget = value if isinstance(value, QWidget) else _selectable(str(value), page)
            if name == "冲突":
                widget.setStyleSheet("color: #c62828; font-weight: bold;")
            form.addRow(f"{name}：", widget)
        return page

    def _libraries(self, record: Any) -> QWidget:
        entries = {
            str(item.get("library")): list(item.get("entries") or [])
            for item in record.snapshot.get("libraries") or []
        }
        page = QWidget()
        layout = QVBoxLayout(page)
        for library in Library:
            items = entries.get(library.value, [])
            title = QLabel(f"{library.label}信息" if library.label.endswith("库") else library.label, page)
            title.setStyleSheet("font-weight: bold;")
            layout.addWidget(title)
            text = "\n".join(items) if items else NO_ENTRIES
            body = _selectable(text, page)
            body.setObjectName(f"library_{library.value}")
            if library is Library.MISCONDUCT and items:
                body.setText(f"{MISCONDUCT_MARK} " + text)
                body.setStyleSheet("color: #c62828; font-weight: bold;")
                title.setStyleSheet("color: #c62828; font-weight: bold;")
            layout.addWidget(body)
        frontline = QLabel("是否为抗击新冠肺炎疫情一线人员", page)
        frontline.setStyleSheet("font-weight: bold;")
        layout.addWidget(frontline)
        layout.addWidget(_selectable("是" if record.row.get("frontline") else "否", page))
        layout.addStretch(1)
        return page

    def _material(self, material: Any) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name, value in ordered_fields(material.kind, material.fields):
            form.addRow(f"{name}：", _selectable(value, page))
        form.addRow("核验状态：", _selectable(material.verify_status.label, page))
        form.addRow("核验备注：", _selectable(material.verify_remark or "", page))
        if material.pending:
            pending = _selectable("未同步：本地核验结果尚未上传", page)
            pending.setStyleSheet("color: #a35f00;")
            form.addRow("", pending)
        layout.addLayout(form)
        images = QHBoxLayout()
        if not material.images:
            none = QLabel(NO_IMAGE, page)
            none.setObjectName("no_image")
            images.addWidget(none)
        for image in material.images:
            side = _label(ImageSide, image.get("side")) or str(image.get("side", ""))
            thumb = Thumbnail(side, self.workspace.blob_path(str(image.get("sha256", ""))), page)
            thumb.clicked.connect(lambda _c=False, kind=material.kind.value: self.open_viewer.emit(kind))
            self.thumbnails.append(thumb)
            images.addWidget(thumb)
        images.addStretch(1)
        layout.addLayout(images)
        layout.addStretch(1)
        return page

    def _history(self, record: Any) -> QWidget:
        table = QTableWidget(len(record.history), len(HISTORY_HEADERS), self)
        table.setObjectName("history")
        table.setHorizontalHeaderLabels(list(HISTORY_HEADERS))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        for r, entry in enumerate(record.history):
            action = _label(HistoryAction, entry.get("action"))
            outcome = _label(Outcome, entry.get("outcome"))
            if entry.get("pending"):
                action = f"{action}（未同步）"
            values = (
                _time(entry.get("at")),
                _label(Tier, entry.get("tier")),
                entry.get("org_name") or "",
                entry.get("actor") or "",
                action,
                outcome,
                entry.get("remark") or "",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if entry.get("pending"):
                    item.setForeground(Qt.GlobalColor.darkYellow)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        return table
