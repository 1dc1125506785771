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
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyle,
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
MISCONDUCT_TIP = "违纪考生库有记录，请重点关注"

BASIC_TAB = "基础信息"
LIBRARY_TAB = "对比库信息"
HISTORY_TAB = "审核进度"
NO_HISTORY = "暂无审核记录"
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


def _base_title(title: str) -> str:
    """A tab's title without its markers (（未同步）…), to find the same tab for the next record."""
    return title.split("（")[0].strip()


def misconduct_entries(record: Any) -> list[str]:
    """The record's 违纪考生库 entries (empty when it has none)."""
    for item in record.snapshot.get("libraries") or []:
        if item.get("library") == Library.MISCONDUCT.value:
            return [str(entry) for entry in item.get("entries") or []]
    return []


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
        self.kind = ""
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setFixedSize(THUMB_SIZE[0] + 16, THUMB_SIZE[1] + 40)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_image(caption, path)

    def show_image(self, caption: str, path: Path | None) -> None:
        """Show another scan in this button (reused across records: a new widget costs a polish)."""
        self.cancel()
        self.caption, self.path, self.message = caption, path, ""
        self.setIcon(QIcon())
        self.setIconSize(self.size() - self.size() / 4)
        self.setToolTip("")
        if self.styleSheet():
            self.setStyleSheet("")
        if path is None:
            self._show_message(NOT_DOWNLOADED)
        else:
            self.setText(f"{caption}\n加载中…")
            self.ticket = image_loader().request(path, THUMB_SIZE, self._loaded)

    def _show_message(self, message: str) -> None:
        self.message = message
        self.setText(f"{self.caption}\n{message}")
        self.setToolTip(message)
        style = "QToolButton { color: #c62828; }" if message != NOT_DOWNLOADED else ""
        if self.styleSheet() != style:
            self.setStyleSheet(style)

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
        if self.ticket is not None:
            image_loader().cancel(self.ticket)
        self.ticket = None


class FormRows(QFormLayout):
    """A form whose rows are kept and re-filled: label widgets are created once, grown on demand,
    extra rows hidden. Re-filling a shown record costs a few ``setText`` calls instead of building,
    polishing and laying out dozens of new widgets (that was ~30 ms of the 50 ms budget)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.captions: list[QLabel] = []
        self.values: list[QLabel] = []
        self._styles: list[str] = []

    def set_rows(self, rows: list[tuple[str, str]], styles: dict[int, str] | None = None) -> None:
        styles = styles or {}
        host = self.parentWidget()
        while len(self.values) < len(rows):
            value = _selectable("", host)  # type: ignore[arg-type]
            value.setTextFormat(Qt.TextFormat.PlainText)
            caption = QLabel(host)
            self.addRow(caption, value)
            self.captions.append(caption)
            self.values.append(value)
            self._styles.append("")
        for i, value in enumerate(self.values):
            visible = i < len(rows)
            self.setRowVisible(i, visible)
            if not visible:
                continue
            name, text = rows[i]
            caption_text = f"{name}：" if name else ""
            if self.captions[i].text() != caption_text:
                self.captions[i].setText(caption_text)
            if value.text() != text:
                value.setText(text)
            style = styles.get(i, "")
            if self._styles[i] != style:  # a style sheet re-polishes the widget: set only on change
                value.setStyleSheet(style)
                self._styles[i] = style

    def value(self, row: int) -> QLabel:
        return self.values[row]


class MaterialPage(QWidget):
    """One material tab: its fields in the seed's order, 核验状态/备注, and the scans' thumbnails.
    Pages are pooled by position and re-filled for the next record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.form = FormRows()
        layout.addLayout(self.form)
        self.images = QHBoxLayout()
        self.no_image = QLabel(NO_IMAGE, self)
        self.no_image.setObjectName("no_image")
        self.images.addWidget(self.no_image)
        self.images.addStretch(1)
        layout.addLayout(self.images)
        layout.addStretch(1)
        self.thumbnails: list[Thumbnail] = []  # the current material's, in order
        self._thumb_pool: list[Thumbnail] = []
        self._kind = ""

    def fill(self, material: Any, pane: DetailPane) -> None:
        rows = ordered_fields(material.kind, material.fields)
        rows.append(("核验状态", material.verify_status.label))
        rows.append(("核验备注", material.verify_remark or ""))
        styles: dict[int, str] = {}
        if material.pending:
            styles[len(rows)] = "color: #a35f00;"
            rows.append(("", "未同步：本地核验结果尚未上传"))
        self.form.set_rows(rows, styles)
        self._kind = material.kind.value
        self.no_image.setVisible(not material.images)
        self.thumbnails = []
        for position, image in enumerate(material.images):
            side = _label(ImageSide, image.get("side")) or str(image.get("side", ""))
            path = pane.workspace.blob_path(str(image.get("sha256", "")))
            if position < len(self._thumb_pool):
                thumb = self._thumb_pool[position]
                thumb.show_image(side, path)
            else:
                thumb = Thumbnail(side, path, self)
                thumb.clicked.connect(lambda _c=False: pane.open_viewer.emit(self._kind))
                self.images.insertWidget(1 + position, thumb)
                self._thumb_pool.append(thumb)
            thumb.setVisible(True)
            self.thumbnails.append(thumb)
        for thumb in self._thumb_pool[len(material.images) :]:
            thumb.cancel()
            thumb.setVisible(False)


class DetailPane(QTabWidget):
    """Shows one record (``show_record``); ``open_viewer(kind)`` is emitted when a thumbnail is clicked.

    Its pages are built once and re-filled for each record (texts updated in place, material pages
    pooled, the history table's rows re-used), with updates off while filling: selecting a record
    then costs label updates and one layout pass rather than a hundred new widgets.
    """

    open_viewer = Signal(str)  # MaterialKind value
    #: After a record (or nothing: None) was shown: the main window moves the viewer along and
    #: prefetches the next record's scans.
    record_shown = Signal(object)

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
        self._placeholder = QLabel("请在左侧列表中选择一名考生", self)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._basic_page = QWidget()
        self._basic_form = FormRows(self._basic_page)
        self._basic_scroll = self._scroll(self._basic_page)
        self._library_page, self._library_labels = self._build_libraries()
        self._library_scroll = self._scroll(self._library_page)
        self._material_pages: list[MaterialPage] = []
        self._material_scrolls: list[QScrollArea] = []
        self._history_table = self._build_history()
        self._pages: list[QWidget] = []
        self._set_pages([(self._placeholder, BASIC_TAB)])

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
        record = self.workspace.record(record_id) if record_id is not None else None
        self.record, self.record_id = record, (record.id if record else None)
        self.setUpdatesEnabled(False)
        try:
            if record is None:
                self._clear_thumbnails()
                self._set_pages([(self._placeholder, BASIC_TAB)])
                return
            self._fill_basic(record)
            self._fill_libraries(record)
            materials = sorted(record.materials, key=lambda m: MATERIAL_ORDER.index(m.kind))
            pages: list[tuple[QWidget, str]] = [
                (self._basic_scroll, BASIC_TAB),
                (self._library_scroll, LIBRARY_TAB),
            ]
            self._clear_thumbnails()
            for position, material in enumerate(materials):
                page, scroll = self._material_page(position)
                page.fill(material, self)
                self.thumbnails.extend(page.thumbnails)
                pages.append((scroll, material.kind.label + ("（未同步）" if material.pending else "")))
            self._fill_history(record)
            pages.append((self._history_table, HISTORY_TAB))
            self._set_pages(pages)
            self._flag_library_tab(record)
            wanted = _base_title(current_tab)
            if _base_title(self.tabText(self.currentIndex())) != wanted:
                for i in range(self.count()):
                    if _base_title(self.tabText(i)) == wanted:
                        self.setCurrentIndex(i)
                        break
        finally:
            self.setUpdatesEnabled(True)
            self.record_shown.emit(self.record)

    def _flag_library_tab(self, record: Any) -> None:
        """A 违纪考生库 hit must be seen from any tab: the 对比库信息 tab turns red with a warning icon."""
        alarm = bool(misconduct_entries(record))
        bar = self.tabBar()
        index = 1  # 对比库信息 always follows 基础信息
        if bool(bar.tabData(index)) == alarm:
            return
        bar.setTabData(index, alarm)
        bar.setTabTextColor(index, QColor("#c62828") if alarm else QColor())
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if alarm else QIcon()
        bar.setTabIcon(index, icon)
        bar.setTabToolTip(index, MISCONDUCT_TIP if alarm else "")

    def tab_titles(self) -> list[str]:
        return [self.tabText(i) for i in range(self.count())]

    def select_tab(self, title: str) -> bool:
        for i in range(self.count()):
            if self.tabText(i).startswith(title):
                self.setCurrentIndex(i)
                return True
        return False

    # -- pages -----------------------------------------------------------------------------------------
    def _set_pages(self, pages: list[tuple[QWidget, str]]) -> None:
        """Show these pages with these titles, touching the tab bar only where it differs."""
        widgets = [widget for widget, _ in pages]
        if widgets != self._pages:
            keep = 0
            while keep < min(len(widgets), len(self._pages)) and widgets[keep] is self._pages[keep]:
                keep += 1
            while self.count() > keep:
                self.removeTab(self.count() - 1)  # the page is kept (pooled), not deleted
            for widget, title in pages[keep:]:
                self.addTab(widget, title)
            self._pages = widgets
        for i, (_, title) in enumerate(pages):
            if self.tabText(i) != title:
                self.setTabText(i, title)

    def _clear_thumbnails(self) -> None:
        for thumb in self.thumbnails:
            thumb.cancel()
        self.thumbnails = []

    def _scroll(self, widget: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(widget)
        area.hide()
        return area

    def _material_page(self, position: int) -> tuple[MaterialPage, QScrollArea]:
        while len(self._material_pages) <= position:
            page = MaterialPage()
            self._material_pages.append(page)
            self._material_scrolls.append(self._scroll(page))
        return self._material_pages[position], self._material_scrolls[position]

    def _fill_basic(self, record: Any) -> None:
        snap, row = record.snapshot, record.row
        id_type = row.get("id_type") or snap.get("id_type")
        id_number = str(row.get("id_number") or "")
        try:
            check = validate_id(IdType(id_type), id_number)
            mark = "✓ 证件号码校验通过" if check.ok else f"✗ {check.message}"
            colour = "#1b7f3b" if check.ok else "#c62828"
        except ValueError:
            mark, colour = "", "black"
        review = record.review
        rows: list[tuple[str, str]] = [
            ("姓名", row.get("name") or ""),
            ("证件类型", _label(IdType, id_type)),
            (
                "证件号码",
                f"{html.escape(id_number)}  <span style='color:{colour}'>{html.escape(mark)}</span>",
            ),
            ("提交状态", _label(SubmitStatus, review.submit_status)),
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
        styles: dict[int, str] = {}
        misconduct = misconduct_entries(record)
        if misconduct:
            styles[len(rows)] = "color: #c62828; font-weight: bold;"
            rows.append((Library.MISCONDUCT.label, f"{MISCONDUCT_MARK} " + "；".join(misconduct)))
        if record.pending:
            rows.append(("同步", f"未同步（{record.pending} 项本地操作待上传）"))
        if record.conflicts:
            styles[len(rows)] = "color: #c62828; font-weight: bold;"
            rows.append(("冲突", "；".join(f"{c.status_label}：{c.message}" for c in record.conflicts)))
        form = self._basic_form
        form.set_rows(rows, styles)
        id_label = form.value(2)
        if id_label.objectName() != "id_number":  # row 2 is always 证件号码 (with its check mark)
            id_label.setObjectName("id_number")
            id_label.setTextFormat(Qt.TextFormat.RichText)

    def _build_libraries(self) -> tuple[QWidget, dict[str, tuple[QLabel, QLabel]]]:
        page = QWidget()
        layout = QVBoxLayout(page)
        labels: dict[str, tuple[QLabel, QLabel]] = {}
        for library in Library:
            title = QLabel(f"{library.label}信息" if library.label.endswith("库") else library.label, page)
            title.setStyleSheet("font-weight: bold;")
            body = _selectable(NO_ENTRIES, page)
            body.setObjectName(f"library_{library.value}")
            layout.addWidget(title)
            layout.addWidget(body)
            labels[library.value] = (title, body)
        frontline = QLabel("是否为抗击新冠肺炎疫情一线人员", page)
        frontline.setStyleSheet("font-weight: bold;")
        layout.addWidget(frontline)
        answer = _selectable("否", page)
        layout.addWidget(answer)
        labels["frontline"] = (frontline, answer)
        layout.addStretch(1)
        return page, labels

    def _fill_libraries(self, record: Any) -> None:
        entries = {
            str(item.get("library")): list(item.get("entries") or [])
            for item in record.snapshot.get("libraries") or []
        }
        for library in Library:
            items = entries.get(library.value, [])
            title, body = self._library_labels[library.value]
            text = "\n".join(items) if items else NO_ENTRIES
            alarm = library is Library.MISCONDUCT and bool(items)
            if alarm:
                text = f"{MISCONDUCT_MARK} " + text
            if body.text() != text:
                body.setText(text)
            if body.property("alarm") != alarm:  # a style sheet re-polishes: only on change
                body.setProperty("alarm", alarm)
                body.setStyleSheet("color: #c62828; font-weight: bold;" if alarm else "")
                title.setStyleSheet("color: #c62828; font-weight: bold;" if alarm else "font-weight: bold;")
        answer = "是" if record.row.get("frontline") else "否"
        if self._library_labels["frontline"][1].text() != answer:
            self._library_labels["frontline"][1].setText(answer)

    def _build_history(self) -> QTableWidget:
        table = QTableWidget(0, len(HISTORY_HEADERS), self)
        table.setObjectName("history")
        table.setHorizontalHeaderLabels(list(HISTORY_HEADERS))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        # An empty table reads like a failure to load: say there is nothing yet (e.g. 未提交).
        self._no_history = QLabel(NO_HISTORY, table.viewport())
        self._no_history.setObjectName("no_history")
        self._no_history.move(12, 12)
        self._no_history.adjustSize()
        table.hide()
        return table

    def _fill_history(self, record: Any) -> None:
        table = self._history_table
        table.clearContents()
        table.setRowCount(len(record.history))
        self._no_history.setVisible(not record.history)
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
