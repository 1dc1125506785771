"""The 审核详情 beside the list (seed 000 §2.3): 基础信息, 对比库信息, one tab per material, 审核进度.

Why a pane and not the web page's modal "查看": the reviewer reads the record while the list stays
visible and moves on with one key. It follows the table's current row, debounced (~100 ms) so holding
J/K does not build every record on the way. Thumbnails are decoded off the GUI thread
(``views.images.loading``); a broken scan shows its error in place and the rest stays usable.

Language: every text goes through :func:`translate` (context ``DetailPane``), vocabulary values through
``label``, material field names through ``field_name`` and the 证件号码 check through ``id_check_text``.
Tabs are told apart by what they show (a key per page), not by their title, so keeping the current
tab for the next record works in any language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPixmap
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

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import (
    EducationLevel,
    HistoryAction,
    IdType,
    ImageSide,
    Level,
    Library,
    MaterialKind,
    PayStatus,
    SubmitStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.identity import validate_id
from reviewdesk.store.material_query import CARD_FIELDS, FIELD_ALIASES
from reviewdesk.views.common.i18n import (
    code_label,
    enum_title,
    label,
    translate,
    translate_count,
    translate_noop,
)
from reviewdesk.views.common.material_field_names import field_name, field_value_text
from reviewdesk.views.common.workflow_texts import history_result_text
from reviewdesk.views.detail.id_check_texts import id_check_text
from reviewdesk.views.images.loading import LoadedImage, image_loader, without_file_name
from reviewdesk.views.images.viewer import CONTEXT as VIEWER_CONTEXT
from reviewdesk.views.images.viewer import NO_IMAGE, NOT_DOWNLOADED, Certificate, CertificateImage
from reviewdesk.views.review.conflicts import status_text

CONTEXT = "DetailPane"
#: A row or scan a 预审提示 points at (the banner's link): a warm background, a red frame.
HIGHLIGHT = "background: #ffe082; font-weight: bold;"
THUMB_HIGHLIGHT = "border: 3px solid #c62828;"
#: 性别 as the snapshot says it.
GENDERS = {"male": translate_noop(CONTEXT, "男"), "female": translate_noop(CONTEXT, "女")}
#: 基础信息 rows a 预审提示 can point at (their place in ``_fill_basic``'s rows).
BASIC_FIELD_ROWS = {"姓名": 0, "证件号码": 2, "性别": 3, "出生日期": 4}  # i18n: not UI

FOLLOW_DEBOUNCE_MS = 100
THUMB_SIZE = (200, 150)
NOT_REACHED = "—"
MISCONDUCT_MARK = "⚠"

# Chinese sources, shown through translate(CONTEXT, …) (the translator is installed after import).
NO_ENTRIES = translate_noop(CONTEXT, "无")
MISCONDUCT_TIP = translate_noop(CONTEXT, "违纪考生库有记录，请重点关注")
BASIC_TAB = translate_noop(CONTEXT, "基础信息")
LIBRARY_TAB = translate_noop(CONTEXT, "对比库信息")
HISTORY_TAB = translate_noop(CONTEXT, "审核进度")
NO_HISTORY = translate_noop(CONTEXT, "暂无审核记录")
HISTORY_HEADERS = (
    translate_noop(CONTEXT, "时间"),
    translate_noop(CONTEXT, "层级"),
    translate_noop(CONTEXT, "机构"),
    translate_noop(CONTEXT, "审核人"),
    translate_noop(CONTEXT, "操作"),
    translate_noop(CONTEXT, "结果"),
    translate_noop(CONTEXT, "备注"),
)
FRONTLINE = translate_noop(CONTEXT, "是否为抗击新冠肺炎疫情一线人员")

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
    return code_label(value, enum)


def _yes_no(value: Any) -> str:
    return translate(CONTEXT, "是") if value else translate(CONTEXT, "否")


def _unsynced(title: str) -> str:
    """``title`` marked as not yet uploaded (a tab, a history entry)."""
    return translate(CONTEXT, "{title}（未同步）").format(title=title)


def _time(value: str | None) -> str:
    return beijing.text(value)


def _selectable(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


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
            side = _label(ImageSide, image.get("side"))
            faces.append(CertificateImage(side, blob_path(str(image.get("sha256", "")))))
        result.append(Certificate(material.kind.value, label(material.kind), tuple(faces)))
    return result


_WRAP_TOKENS = re.compile(
    r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]|[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+\s*|\s+"
)


def wrapped(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> str:
    """``text`` in lines no wider than ``width`` (between words, or between Chinese characters), at
    most ``max_lines`` of them, the last one elided: a QToolButton shows one line, cut in the middle
    (a broken scan's thumbnail said "The image file …3efa8ccb7bdeedb", not what was wrong)."""
    lines: list[str] = []
    line = ""
    for token in _WRAP_TOKENS.findall(text):
        if line and metrics.horizontalAdvance((line + token).rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return "\n".join(metrics.elidedText(t, Qt.TextElideMode.ElideRight, width) for t in lines)


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
            self.setText(f"{caption}\n{translate(CONTEXT, '加载中…')}")
            self.ticket = image_loader().request(path, THUMB_SIZE, self._loaded)

    def _show_message(self, message: str) -> None:
        """``message``: NOT_DOWNLOADED (a Chinese source, translated here) or a decode error (already in
        the current language: ``views.images.loading`` translates it)."""
        missing = message == NOT_DOWNLOADED
        if missing:
            message = translate(VIEWER_CONTEXT, NOT_DOWNLOADED)
        self.message = message
        shown = without_file_name(message, self.path.name) if self.path is not None else message
        self.setText(f"{self.caption}\n{wrapped(shown, self.fontMetrics(), self.width() - 16, 4)}")
        self.setToolTip(message)
        style = "QToolButton { color: #c62828; }" if not missing else ""
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
        self.setToolTip(translate(CONTEXT, "{caption}（点击查看大图）").format(caption=self.caption))

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
            caption_text = translate(CONTEXT, "{name}：").format(name=name) if name else ""
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

    def highlight(self, row: int | None) -> QLabel | None:
        """Mark one row's caption (预审提示 pointed at it), or none; returns the row's value label."""
        for i, caption in enumerate(self.captions):
            caption.setStyleSheet(HIGHLIGHT if i == row else "")
        return self.values[row] if row is not None and 0 <= row < len(self.values) else None


class MaterialPage(QWidget):
    """One material tab: its fields in the seed's order, 核验状态/备注, and the scans' thumbnails.
    Pages are pooled by position and re-filled for the next record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.form = FormRows()
        layout.addLayout(self.form)
        self.images = QHBoxLayout()
        self.no_image = QLabel(translate(VIEWER_CONTEXT, NO_IMAGE), self)
        self.no_image.setObjectName("no_image")
        self.images.addWidget(self.no_image)
        self.images.addStretch(1)
        layout.addLayout(self.images)
        layout.addStretch(1)
        self.thumbnails: list[Thumbnail] = []  # the current material's, in order
        self._thumb_pool: list[Thumbnail] = []
        self._kind = ""
        self.field_rows: dict[str, int] = {}  # field name (the seeds' Chinese) → its form row
        self.image_shas: list[str] = []  # the thumbnails' scans, in order

    def fill(self, material: Any, pane: DetailPane) -> None:
        # A value that is a vocabulary word (全日制, 本科…) reads in the current language; other values
        # (schools, numbers, dates) are data and shown as they are.
        fields = ordered_fields(material.kind, material.fields)
        self.field_rows = {name: i for i, (name, _value) in enumerate(fields)}
        rows = [(field_name(name), field_value_text(value)) for name, value in fields]
        rows.append((enum_title(VerifyStatus), label(material.verify_status)))
        rows.append((translate(CONTEXT, "核验备注"), material.verify_remark or ""))
        styles: dict[int, str] = {}
        if material.pending:
            styles[len(rows)] = "color: #a35f00;"
            rows.append(("", translate(CONTEXT, "未同步：本地核验结果尚未上传")))
        self.form.set_rows(rows, styles)
        self._kind = material.kind.value
        self.no_image.setVisible(not material.images)
        self.thumbnails = []
        self.image_shas = [str(image.get("sha256", "")) for image in material.images]
        for position, image in enumerate(material.images):
            side = _label(ImageSide, image.get("side"))
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
        self._placeholder = QLabel(translate(CONTEXT, "请在左侧列表中选择一名考生"), self)
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
        self._tab_keys: list[str] = []  # what each tab shows: "basic", "library", a MaterialKind, "history"
        #: The tab the reviewer chose (by what it shows): kept across records, and found again after a
        #: record without it (which shows 基础信息 rather than whatever tab took its position).
        self._wanted_tab = "basic"
        self._filling = False
        self._set_pages([(self._placeholder, "basic", translate(CONTEXT, BASIC_TAB))])
        self.currentChanged.connect(self._tab_chosen)

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

    def _tab_chosen(self, index: int) -> None:
        if not self._filling and 0 <= index < len(self._tab_keys):
            self._wanted_tab = self._tab_keys[index]

    def show_record(self, record_id: int | None) -> None:
        record = self.workspace.record(record_id) if record_id is not None else None
        self.record, self.record_id = record, (record.id if record else None)
        self.setUpdatesEnabled(False)
        self._filling = True
        try:
            if record is None:
                self._clear_thumbnails()
                self._set_pages([(self._placeholder, "basic", translate(CONTEXT, BASIC_TAB))])
                return
            self._clear_highlights()
            self._fill_basic(record)
            self._fill_libraries(record)
            materials = sorted(record.materials, key=lambda m: MATERIAL_ORDER.index(m.kind))
            pages: list[tuple[QWidget, str, str]] = [
                (self._basic_scroll, "basic", translate(CONTEXT, BASIC_TAB)),
                (self._library_scroll, "library", translate(CONTEXT, LIBRARY_TAB)),
            ]
            self._clear_thumbnails()
            for position, material in enumerate(materials):
                page, scroll = self._material_page(position)
                page.fill(material, self)
                self.thumbnails.extend(page.thumbnails)
                title = label(material.kind)
                pages.append((scroll, material.kind.value, _unsynced(title) if material.pending else title))
            self._fill_history(record)
            pages.append((self._history_table, "history", translate(CONTEXT, HISTORY_TAB)))
            self._set_pages(pages)
            self._flag_library_tab(record)
            # Kept by what it shows, never by position: a pooled material page at the same position
            # shows another certificate for a record with fewer materials (专技职称 → 护士执业证).
            wanted = self._wanted_tab if self._wanted_tab in self._tab_keys else "basic"
            if self._tab_keys[self.currentIndex()] != wanted:
                self.setCurrentIndex(self._tab_keys.index(wanted))
        finally:
            self._filling = False
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
        bar.setTabToolTip(index, translate(CONTEXT, MISCONDUCT_TIP) if alarm else "")

    def show_flag(self, flag: Any) -> bool:
        """Bring a 预审提示 into view: its tab, its field's row highlighted, its scan's thumbnail
        framed. False when the record has nothing it points at (the tab is then 基础信息)."""
        key = str(flag.get("material") or "") or "basic"
        found = key in self._tab_keys
        index = self._tab_keys.index(key if found else "basic")
        self.setCurrentIndex(index)
        self._clear_highlights()
        field, sha = str(flag.get("field") or ""), str(flag.get("image") or "")
        scroll = self._pages[index]
        target: QWidget | None = None
        if key == "basic" or not found:
            row = BASIC_FIELD_ROWS.get(field)
            target = self._basic_form.highlight(row if found else None)
        else:
            page = scroll.widget() if isinstance(scroll, QScrollArea) else None
            if isinstance(page, MaterialPage):
                if field in page.field_rows:
                    target = page.form.highlight(page.field_rows[field])
                if sha in page.image_shas:
                    thumb = page.thumbnails[page.image_shas.index(sha)]
                    thumb.setStyleSheet(THUMB_HIGHLIGHT)
                    target = thumb
        if target is not None and isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(target)
        return found

    def _clear_highlights(self) -> None:
        self._basic_form.highlight(None)
        for page in self._material_pages:
            page.form.highlight(None)
            for thumb in page.thumbnails:
                thumb.setStyleSheet("")

    def tab_titles(self) -> list[str]:
        return [self.tabText(i) for i in range(self.count())]

    def select_tab(self, title: str) -> bool:
        """Show the tab whose title starts with ``title`` (as shown, or its Chinese source)."""
        shown = translate(CONTEXT, title)
        for i in range(self.count()):
            if self.tabText(i).startswith((title, shown)):
                self.setCurrentIndex(i)
                return True
        return False

    # -- pages -----------------------------------------------------------------------------------------
    def _set_pages(self, pages: list[tuple[QWidget, str, str]]) -> None:
        """Show these pages (widget, key, title), touching the tab bar only where it differs."""
        self._tab_keys = [key for _, key, _ in pages]
        widgets = [widget for widget, _, _ in pages]
        if widgets != self._pages:
            keep = 0
            while keep < min(len(widgets), len(self._pages)) and widgets[keep] is self._pages[keep]:
                keep += 1
            while self.count() > keep:
                self.removeTab(self.count() - 1)  # the page is kept (pooled), not deleted
            for widget, _, title in pages[keep:]:
                self.addTab(widget, title)
            self._pages = widgets
        for i, (_, _, title) in enumerate(pages):
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
            mark = (
                f"✓ {translate(CONTEXT, '证件号码校验通过')}"
                if check.ok
                else f"✗ {id_check_text(check.message)}"
            )
            colour = "#1b7f3b" if check.ok else "#c62828"
        except ValueError:
            mark, colour = "", "black"
        review = record.review
        separator = translate(CONTEXT, "；")
        rows: list[tuple[str, str]] = [
            (translate(CONTEXT, "姓名"), row.get("name") or ""),
            (enum_title(IdType), _label(IdType, id_type)),
            (
                translate(CONTEXT, "证件号码"),
                f"{html.escape(id_number)}  <span style='color:{colour}'>{html.escape(mark)}</span>",
            ),
            (translate(CONTEXT, "性别"), translate(CONTEXT, GENDERS.get(str(snap.get("gender") or ""), ""))),
            (translate(CONTEXT, "出生日期"), str(snap.get("birth_date") or "")),
            (enum_title(SubmitStatus), _label(SubmitStatus, review.submit_status)),
            (translate(CONTEXT, "提交时间"), _time(row.get("submitted_at"))),
            (enum_title(PayStatus), _label(PayStatus, row.get("pay_status"))),
            (translate(CONTEXT, "申报类型"), snap.get("project") or ""),
            (enum_title(Level), _label(Level, row.get("level"))),
            (translate(CONTEXT, "申报类别"), row.get("category_name") or ""),
            (translate(CONTEXT, "申报单位"), row.get("unit_name") or ""),
            (enum_title(EducationLevel), _label(EducationLevel, row.get("education_level"))),
            (translate(CONTEXT, FRONTLINE), _yes_no(row.get("frontline"))),
        ]
        for tier in (Tier.PROVINCE, Tier.CITY, Tier.COUNTY, Tier.UNIT):
            status = review.status_at(tier)
            name = translate(CONTEXT, "{tier}审核状态").format(tier=label(tier))
            rows.append((name, label(status, NOT_REACHED)))
        styles: dict[int, str] = {}
        misconduct = misconduct_entries(record)
        if misconduct:
            styles[len(rows)] = "color: #c62828; font-weight: bold;"
            rows.append((label(Library.MISCONDUCT), f"{MISCONDUCT_MARK} " + separator.join(misconduct)))
        if record.pending:
            rows.append(
                (
                    translate(CONTEXT, "同步"),
                    translate_count(CONTEXT, "未同步（{n} 项本地操作待上传）", record.pending).format(
                        n=record.pending
                    ),
                )
            )
        if record.conflicts:
            styles[len(rows)] = "color: #c62828; font-weight: bold;"
            texts = (
                translate(CONTEXT, "{status}：{message}").format(status=status_text(c), message=c.message)
                for c in record.conflicts
            )
            rows.append((translate(CONTEXT, "冲突"), separator.join(texts)))
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
            text = label(library)
            if library.label.endswith("库"):  # i18n: not UI (a test of the source word: 违纪考生库 → …信息)
                text = translate(CONTEXT, "{library}信息").format(library=text)
            title = QLabel(text, page)
            title.setStyleSheet("font-weight: bold;")
            body = _selectable(translate(CONTEXT, NO_ENTRIES), page)
            body.setObjectName(f"library_{library.value}")
            layout.addWidget(title)
            layout.addWidget(body)
            labels[library.value] = (title, body)
        frontline = QLabel(translate(CONTEXT, FRONTLINE), page)
        frontline.setStyleSheet("font-weight: bold;")
        layout.addWidget(frontline)
        answer = _selectable(_yes_no(False), page)
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
            text = "\n".join(items) if items else translate(CONTEXT, NO_ENTRIES)
            alarm = library is Library.MISCONDUCT and bool(items)
            if alarm:
                text = f"{MISCONDUCT_MARK} " + text
            if body.text() != text:
                body.setText(text)
            if body.property("alarm") != alarm:  # a style sheet re-polishes: only on change
                body.setProperty("alarm", alarm)
                body.setStyleSheet("color: #c62828; font-weight: bold;" if alarm else "")
                title.setStyleSheet("color: #c62828; font-weight: bold;" if alarm else "font-weight: bold;")
        answer = _yes_no(record.row.get("frontline"))
        if self._library_labels["frontline"][1].text() != answer:
            self._library_labels["frontline"][1].setText(answer)

    def _build_history(self) -> QTableWidget:
        table = QTableWidget(0, len(HISTORY_HEADERS), self)
        table.setObjectName("history")
        table.setAccessibleName(translate(CONTEXT, HISTORY_TAB))
        table.setHorizontalHeaderLabels([translate(CONTEXT, header) for header in HISTORY_HEADERS])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setSectionResizeMode(
            len(HISTORY_HEADERS) - 1, QHeaderView.ResizeMode.Stretch
        )
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        # An empty table reads like a failure to load: say there is nothing yet (e.g. 未提交).
        self._no_history = QLabel(translate(CONTEXT, NO_HISTORY), table.viewport())
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
            action = code_label(entry.get("action"), HistoryAction)
            outcome = history_result_text(entry.get("action"), entry.get("outcome"))
            if entry.get("pending"):
                action = _unsynced(action)
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
                if c == len(values) - 1 and value:
                    item.setToolTip(str(value))  # a long 审核备注: wrapped below, and whole on hover
                if entry.get("pending"):
                    item.setForeground(Qt.GlobalColor.darkYellow)
                table.setItem(r, c, item)
        # Every column fits its contents except 审核备注, which takes the rest of the width and wraps:
        # a 391-character remark was cut to "学历证书照片…" with no way to read it.
        for column in range(table.columnCount() - 1):
            table.resizeColumnToContents(column)
        table.resizeRowsToContents()
