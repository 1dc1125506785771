"""The 审核详情 beside the list (seed 000 §2.3): 基础信息, 对比库信息, one tab per material, 审核进度.

Why a pane and not the web page's modal "查看": the reviewer reads the record while the list stays
visible and moves on with one key. It follows the table's current row, debounced (~100 ms) so holding
J/K does not build every record on the way. Thumbnails are decoded off the GUI thread
(``views.images.loading``); a broken scan shows its error in place and the rest stays usable.

Language: every text goes through :func:`translate` (context ``DetailPane``), vocabulary values through
``label``, material field names through ``field_name`` and the 证件号码 check through ``id_check_text``.
Tabs are told apart by what they show (a key per page), not by their title, so keeping the current
tab for the next record works in any language.

The tabs' parts live beside this module: ``form_rows`` (the kept rows of 基础信息 and each material),
``material_page`` and ``thumbnail`` (a certificate's fields and scans), ``library_page`` (对比库信息),
``history_table`` (审核进度). This module is the pane itself: following the table, choosing and keeping
tabs, 基础信息, and bringing a 预审提示 into view.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QStyle, QTabWidget, QWidget

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import EducationLevel, IdType, Level, Library, PayStatus, SubmitStatus, Tier
from reviewdesk.domain.identity import validate_id
from reviewdesk.views.common.i18n import (
    code_label,
    enum_title,
    label,
    translate,
    translate_count,
    translate_noop,
)
from reviewdesk.views.common.id_check_texts import id_check_text
from reviewdesk.views.detail.form_rows import FormRows
from reviewdesk.views.detail.history_table import HISTORY_TAB, HistoryTable, unsynced
from reviewdesk.views.detail.library_page import (
    FRONTLINE,
    MISCONDUCT_MARK,
    LibraryPage,
    misconduct_entries,
    yes_no,
)
from reviewdesk.views.detail.material_page import (
    MATERIAL_ORDER,
    MaterialPage,
)
from reviewdesk.views.detail.thumbnail import THUMB_HIGHLIGHT, Thumbnail
from reviewdesk.views.review.conflicts import status_text

CONTEXT = "DetailPane"
#: 性别 as the snapshot says it.
GENDERS = {"male": translate_noop(CONTEXT, "男"), "female": translate_noop(CONTEXT, "女")}
#: 基础信息 rows a 预审提示 can point at (their place in ``_fill_basic``'s rows).
BASIC_FIELD_ROWS = {"姓名": 0, "证件号码": 2, "性别": 3, "出生日期": 4}  # i18n: not UI

FOLLOW_DEBOUNCE_MS = 100
NOT_REACHED = "—"

# Chinese sources, shown through translate(CONTEXT, …) (the translator is installed after import).
MISCONDUCT_TIP = translate_noop(CONTEXT, "违纪考生库有记录，请重点关注")
BASIC_TAB = translate_noop(CONTEXT, "基础信息")
LIBRARY_TAB = translate_noop(CONTEXT, "对比库信息")


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
        self._library_page = LibraryPage()
        self._library_scroll = self._scroll(self._library_page)
        self._material_pages: list[MaterialPage] = []
        self._material_scrolls: list[QScrollArea] = []
        self._history_table = HistoryTable(self)
        self._history_table.hide()
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
            self._library_page.fill(record)
            materials = sorted(record.materials, key=lambda m: MATERIAL_ORDER.index(m.kind))
            pages: list[tuple[QWidget, str, str]] = [
                (self._basic_scroll, "basic", translate(CONTEXT, BASIC_TAB)),
                (self._library_scroll, "library", translate(CONTEXT, LIBRARY_TAB)),
            ]
            self._clear_thumbnails()
            for position, material in enumerate(materials):
                page, scroll = self._material_page(position)
                page.fill(material, self.workspace.blob_path)
                self.thumbnails.extend(page.thumbnails)
                title = label(material.kind)
                pages.append((scroll, material.kind.value, unsynced(title) if material.pending else title))
            self._history_table.fill(record)
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
            page.open_viewer.connect(self.open_viewer)
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
            (enum_title(IdType), code_label(id_type, IdType)),
            (
                translate(CONTEXT, "证件号码"),
                f"{html.escape(id_number)}  <span style='color:{colour}'>{html.escape(mark)}</span>",
            ),
            (translate(CONTEXT, "性别"), translate(CONTEXT, GENDERS.get(str(snap.get("gender") or ""), ""))),
            (translate(CONTEXT, "出生日期"), str(snap.get("birth_date") or "")),
            (enum_title(SubmitStatus), code_label(review.submit_status, SubmitStatus)),
            (translate(CONTEXT, "提交时间"), beijing.text(row.get("submitted_at"))),
            (enum_title(PayStatus), code_label(row.get("pay_status"), PayStatus)),
            (translate(CONTEXT, "申报类型"), snap.get("project") or ""),
            (enum_title(Level), code_label(row.get("level"), Level)),
            (translate(CONTEXT, "申报类别"), row.get("category_name") or ""),
            (translate(CONTEXT, "申报单位"), row.get("unit_name") or ""),
            (enum_title(EducationLevel), code_label(row.get("education_level"), EducationLevel)),
            (translate(CONTEXT, FRONTLINE), yes_no(row.get("frontline"))),
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
