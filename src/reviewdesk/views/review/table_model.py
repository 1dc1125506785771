"""The 报名材料审核 list as a Qt table model that holds ids only — Anki's browser table is the model.

Why ids only: a provincial reviewer's list has up to 10^6 rows. The model keeps the current view as one
numpy array of record ids (what ``store.index.RecordIndex.query`` returns, in display order) and fetches
the rows the view actually paints, by id, a page of ~200 at a time (``Workspace.rows``: one
``id IN (…)`` query, ~1 ms), kept in a small LRU of pages. A new filter or sort is a ``set_ids`` (a
model reset: no per-row signals), a change to some records is a ``refresh(changed_ids)`` that only
touches cached rows. Nothing here walks all rows: the number of rows is ``len(ids)``, the id of a row is
``ids[row]``, the row of an id comes from a lazily built ``argsort``.

For the view (the GUI wires these): fixed row heights —
``verticalHeader().setSectionResizeMode(QHeaderView.Fixed)`` and ``setDefaultSectionSize`` —, never
``ResizeToContents`` (it would fetch every row to measure it); ``setUniformRowHeights`` where the view
has it. Header clicks: the model's :meth:`sort` emits ``sortRequested(SortKey)`` (and calls the
``sorter`` given to the model, if any); selection is kept by id across a re-sort or re-filter with
``list_selection.selected_ids`` before ``set_ids`` and ``list_selection.reselect`` after it.

Colour is never the only signal: a status cell's text is its label (审核通过 …) with a symbol before it;
the colour only repeats it. Rows with unsynced local actions are in italics and their 同步 cell says
未同步 (冲突 for open conflicts).

Language: ``store.columns`` is Qt-free, so its titles and cell texts are the seeds' Chinese. The model
shows them in the current language at render time — titles through the context ``Columns`` (computed
once per column set), vocabulary labels through ``Enums`` and the fixed cell texts (查看, 未同步, 冲突)
through ``Columns`` — with a per-model memo, so a rendered row costs one dict lookup per translated cell
and a repaint costs nothing more than before (rows are still rendered once per fetch, see ``_Cells``).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from reviewdesk.domain.enums import ReviewStatus
from reviewdesk.store.columns import COLUMNS_BY_KEY, DEFAULT_VISIBLE, SYNC_CONFLICT, SYNC_PENDING, Column
from reviewdesk.store.filters import SortKey
from reviewdesk.views.common.i18n import ENUM_CONTEXT, translate, translate_count, translate_noop

log = logging.getLogger(__name__)

#: The record id of a row (any column), without fetching the row.
RecordIdRole = Qt.ItemDataRole.UserRole + 1

#: Symbol shown before a 审核状态 label, so the status reads without colour.
STATUS_SYMBOL: dict[str, str] = {
    ReviewStatus.PENDING.value: "○",
    ReviewStatus.PASSED.value: "✓",
    ReviewStatus.ON_HOLD.value: "‖",  # ⏸ is missing from common CJK fonts (renders as a box)
    ReviewStatus.RETURNED.value: "↩",
    ReviewStatus.REJECTED.value: "✗",
}
#: Text colour of a 审核状态 cell: dark enough to stay readable on white and on a selection highlight.
STATUS_COLOUR: dict[str, str] = {
    ReviewStatus.PENDING.value: "#616161",  # grey
    ReviewStatus.PASSED.value: "#1b7f3b",  # green
    ReviewStatus.ON_HOLD.value: "#a35f00",  # amber
    ReviewStatus.RETURNED.value: "#1565c0",  # blue
    ReviewStatus.REJECTED.value: "#c62828",  # red
}

CONTEXT = "RecordTableModel"
#: ``views.common.column_titles.COLUMN_CONTEXT``, written out: the extractor reads only this module's literals.
COLUMN_CONTEXT = "Columns"

#: The fixed (non-vocabulary) cell texts of ``store.columns``, for the extractor: the 操作 column's link
#: and the 同步 column's markers (``SYNC_PENDING``, ``SYNC_CONFLICT``; a test keeps them listed).
FIXED_CELL_TEXTS: tuple[str, ...] = (
    translate_noop(COLUMN_CONTEXT, "查看"),
    translate_noop(COLUMN_CONTEXT, "未同步"),
    translate_noop(COLUMN_CONTEXT, "冲突"),
)

#: Columns whose cells are a vocabulary's labels (``store.columns._label``): shown through ``Enums``.
ENUM_COLUMNS = frozenset(
    {
        "submit_status",
        "status_province",
        "status_city",
        "status_county",
        "status_unit",
        "pay_status",
        "id_type",
        "level",
    }
)
#: Columns whose cells are fixed texts (``FIXED_CELL_TEXTS``): shown through ``Columns``.
FIXED_TEXT_COLUMNS = frozenset({"action", "sync"})

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_RECORD_ID = int(RecordIdRole.value) if hasattr(RecordIdRole, "value") else int(RecordIdRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _FONT, _ALIGNMENT, _RECORD_ID})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)

RowFetcher = Callable[[Sequence[int]], Mapping[int, Mapping[str, Any]]]
Sorter = Callable[[SortKey], Any]


class RecordTableModel(QAbstractTableModel):
    """Rows = the ids of the current view; cells fetched lazily by id in pages. See the module doc."""

    #: Emitted when the view asks to sort (a header click): the GUI runs the index query.
    sortRequested = Signal(object)  # SortKey

    def __init__(
        self,
        fetch_rows: RowFetcher,
        parent: QObject | None = None,
        *,
        columns: Sequence[str] = DEFAULT_VISIBLE,
        page_size: int = 200,
        max_pages: int = 32,
        sorter: Sorter | None = None,
    ) -> None:
        """``fetch_rows``: ``Workspace.rows`` (ids → {id: row}); ``sorter``: optional function called by
        :meth:`sort` with the requested ``SortKey`` (e.g. one that queries the index and calls
        ``set_ids``)."""
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        # Chinese source → shown text, per context; filled as cells are rendered (see the module doc).
        self._enum_texts: dict[str, str] = {}
        self._fixed_texts: dict[str, str] = {}
        self._columns: list[Column] = []
        self._titles: list[str] = []
        self._memos: list[tuple[str, dict[str, str]] | None] = []
        self._use_columns([self._column(key) for key in columns])
        self._page_size = max(1, int(page_size))
        self._max_pages = max(1, int(max_pages))
        self._sorter = sorter
        self._ids = np.zeros(0, dtype=np.int64)
        # page number -> per row: None (not fetched), the row's values (fetched), _Cells (rendered)
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._last_page = -1
        self._by_id: tuple[np.ndarray, np.ndarray | None] | None = None  # see rows_of
        self._sort_key: SortKey | None = None
        self._italic = QFont()
        self._italic.setItalic(True)
        self._colours = {code: QColor(value) for code, value in STATUS_COLOUR.items()}
        self.fetch_count = 0  # how many times rows were fetched (tests, diagnostics)
        #: Bumped whenever prepared rows may have changed (new ids, columns, refreshed rows): a
        #: painter that keeps a row's prepared cells between calls checks it.
        self.generation = 0

    # -- the view's ids --------------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int] | np.ndarray, sort: SortKey | None = None) -> None:
        """Show these record ids, in this order (a model reset). ``sort``: what they are sorted by,
        for the header's sort indicator."""
        array = np.asarray(ids, dtype=np.int64)
        self.beginResetModel()
        if array.flags.writeable or not array.flags.owndata:  # the caller may still change it
            array = array.copy()
            array.flags.writeable = False
        self._ids = array  # RecordIndex.query's answers are read-only: kept as they are (no 8 MB copy)
        self.generation += 1
        self._pages.clear()
        self._last_page = -1
        self._by_id = None
        if sort is not None:
            self._sort_key = sort
        self.endResetModel()

    @property
    def ids(self) -> np.ndarray:
        """The current view's ids in display order (read-only)."""
        return self._ids

    @property
    def row_count(self) -> int:
        """``rowCount()`` without Qt's argument conversion (the delegate asks per painted cell)."""
        return len(self._ids)

    @property
    def seq_column(self) -> int:
        """The 序号 column's position (−1 when hidden): its text is the row number, never fetched."""
        return self._seq_column

    @property
    def sort_key(self) -> SortKey | None:
        return self._sort_key

    def id_at(self, row: int) -> int | None:
        return int(self._ids[row]) if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        """The row showing ``record_id``, or None. Before ``rows_of`` has built its table for these
        ids, one comparison over them (~1 ms at 10^6) — cheaper than the table (two 4 MB arrays) when
        one row is wanted, as after each re-query (the current row)."""
        if self._by_id is None:
            hits = np.flatnonzero(self._ids == record_id)
            return int(hits[0]) if len(hits) else None
        rows = self.rows_of(np.array([record_id], dtype=np.int64))
        return int(rows[0]) if rows[0] >= 0 else None

    def rows_of(self, record_ids: np.ndarray | Sequence[int]) -> np.ndarray:
        """Rows of many ids at once (−1 where not shown).

        Record ids are dense positive integers, so the inverse is a table indexed by id (4 bytes per
        id up to the largest, built in one scatter: ~3 ms at 10^6), not an ``argsort`` of the ids
        (~100 ms at 10^6 — most of a re-sort that keeps a selection); ids too sparse for a table
        fall back to the argsort and a binary search."""
        wanted = np.asarray(record_ids, dtype=np.int64)
        if not len(wanted):  # nothing to find: the table is not worth building (~5 ms at 10^6)
            return np.zeros(0, dtype=np.int64)
        if self._by_id is None:
            self._by_id = self._inverse()
        table, order = self._by_id
        rows = np.full(len(wanted), -1, dtype=np.int64)
        if not len(table) or not len(wanted):
            return rows
        if order is None:  # table[id] = row
            inside = (wanted >= 0) & (wanted < len(table))
            rows[inside] = table[wanted[inside]]
            return rows
        at = np.minimum(np.searchsorted(table, wanted), len(table) - 1)
        found = table[at] == wanted
        rows[found] = order[at[found]]
        return rows

    def _inverse(self) -> tuple[np.ndarray, np.ndarray | None]:
        """(row of each id, None) as a table indexed by id, or (sorted ids, their rows)."""
        ids = self._ids
        if not len(ids):
            return ids, None
        low, high = int(ids.min()), int(ids.max())
        if low >= 0 and high < 4 * len(ids) + 65_536:
            table = np.full(high + 1, -1, dtype=np.int32 if len(ids) < 2**31 else np.int64)
            table[ids] = np.arange(len(ids), dtype=table.dtype)
            return table, None
        order = np.argsort(ids, kind="stable")
        return ids[order], order

    def refresh(self, changed_ids: Iterable[int]) -> None:
        """These records changed in the store: forget their cached rows and repaint the ones cached
        (a row never fetched needs nothing: it will be fetched fresh when shown)."""
        changed = np.fromiter((int(i) for i in changed_ids), dtype=np.int64)
        if not changed.size or not self._pages:
            return
        last_column = self.columnCount() - 1
        for page_no, page in self._pages.items():
            start = page_no * self._page_size
            page_ids = self._ids[start : start + self._page_size]
            hit = np.flatnonzero(np.isin(page_ids, changed))
            if not hit.size:
                continue
            self.generation += 1
            for offset in hit.tolist():
                page[offset] = None
            for first, last in row_runs(hit + start):
                self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    # -- columns ----------------------------------------------------------------------------------------
    @staticmethod
    def _column(key: str) -> Column:
        try:
            return COLUMNS_BY_KEY[key]
        except KeyError:
            raise ValueError(f"unknown column: {key}") from None

    def set_columns(self, keys: Sequence[str]) -> None:
        """Show these columns (``store.columns`` keys) in this order."""
        columns = [self._column(key) for key in keys]
        self.beginResetModel()
        self._use_columns(columns)
        self.generation += 1
        self._pages.clear()  # rendered cells follow the column order
        self._last_page = -1
        self.endResetModel()

    def _use_columns(self, columns: list[Column]) -> None:
        """Show ``columns``: their titles are translated here, once, not on every header paint."""
        self._columns = columns
        self._seq_column = next((i for i, c in enumerate(columns) if c.key == "seq"), -1)
        self._titles = [translate(COLUMN_CONTEXT, c.title) for c in columns]
        self._keyers = [_keyer(c.key) for c in columns]
        self._value_memos: list[dict[Any, tuple[str, QColor | None]]] = [{} for _ in columns]
        self._memos = [
            (ENUM_CONTEXT, self._enum_texts)
            if c.key in ENUM_COLUMNS
            else (COLUMN_CONTEXT, self._fixed_texts)
            if c.key in FIXED_TEXT_COLUMNS
            else None
            for c in columns
        ]

    def _shown(self, column: int, text: str) -> str:
        """``text`` (a cell's Chinese from ``store.columns``) as the reviewer reads it."""
        memo = self._memos[column]
        if memo is None or not text:
            return text
        context, texts = memo
        shown = texts.get(text)
        if shown is None:
            shown = texts[text] = translate(context, text)
        return shown

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    def column_key(self, column: int) -> str:
        return self._columns[column].key

    def column_of(self, key: str) -> int | None:
        for i, column in enumerate(self._columns):
            if column.key == key:
                return i
        return None

    # -- Qt model interface -------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    # flags(): not overridden. QAbstractTableModel's own (C++) answers enabled | selectable | never has
    # children for a valid index and nothing for the root — what this list needs — and Qt asks it for
    # every painted cell: a Python override cost one more Python call per cell.

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        title = self._titles[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._columns[section].sort_field:
                return translate(CONTEXT, "{title}（点击排序）").format(title=title)
            return title
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # Called ~7 times per visible cell per paint: roles nobody answers leave first, and a row's
        # texts, colours and font are computed once when its page arrives (see _Cells).
        if role not in _ROLES:
            return None
        row = index.row()
        if row < 0 or row >= len(self._ids):
            return None
        column = index.column()
        if role == _RECORD_ID:
            return int(self._ids[row])
        if column == self._seq_column:
            if role == _DISPLAY:
                return str(row + 1)  # 序号: no need to fetch the row
            if role == _ALIGNMENT:
                return _RIGHT
        elif role == _ALIGNMENT:
            return None
        cells = self.prepared_row(row)
        if cells is None:
            return None
        if role == _DISPLAY:
            return cells.texts[column]
        if role == _FOREGROUND:
            return cells.colours[column]
        if role == _FONT:
            return cells.font
        return self._tooltip(column, cells.values, cells.texts[column])

    def multiData(self, index: QModelIndex | QPersistentModelIndex, span: QModelRoleDataSpan) -> None:
        """All the roles a delegate paints with, in one call (Qt 6's ``QStyledItemDelegate`` asks for
        seven roles per cell through this): a seventh of the Python calls per painted screen. Every
        entry is set or cleared: the delegate reuses the span from cell to cell."""
        row = index.row()
        column = index.column()
        cells = self.prepared_row(row) if 0 <= row < len(self._ids) else None
        seq = column == self._seq_column
        for role_data in span:
            role = role_data.role()
            if seq and role in (_DISPLAY, _ALIGNMENT):
                value: Any = str(row + 1) if role == _DISPLAY else _RIGHT
            elif cells is None:
                value = None
            elif role == _DISPLAY:
                value = cells.texts[column]
            elif role == _FONT:
                value = cells.font
            elif role == _FOREGROUND:
                value = cells.colours[column]
            elif role == _RECORD_ID:
                value = int(self._ids[row])
            elif role == _TOOLTIP:
                value = self._tooltip(column, cells.values, cells.texts[column])
            else:
                value = None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _tooltip(self, index: int, values: Mapping[str, Any], text: str) -> str | None:
        """Asked on hover only (not by the delegate's paint), so translating here costs no repaint."""
        column = self._columns[index]
        if column.key == "sync":
            marker = column.display(values)
            if marker == SYNC_CONFLICT:
                return translate(CONTEXT, "冲突：服务器未接受本地的审核操作，请在“冲突”中查看并处理")
            if marker == SYNC_PENDING:
                pending = int(values.get("pending_actions") or 0)
                return translate_count(CONTEXT, "未同步：有 {n} 项本地操作尚未同步到服务器", pending).format(
                    n=pending
                )
            return translate(CONTEXT, "已同步")
        if column.status:
            shown = self._shown(index, column.display(values)) or translate(CONTEXT, "未到达本级")
            return translate(CONTEXT, "{title}：{status}").format(title=self._titles[index], status=shown)
        if column.key == "action":
            return translate(CONTEXT, "查看审核详情")
        if column.key == "flags" and text:
            rank = int(values.get("flag_rank") or 0)
            worst = (
                translate(CONTEXT, "有需重点核实的提示")
                if rank >= 2000
                else translate(CONTEXT, "均为一般提示")
            )
            return translate_count(
                CONTEXT, "预审提示 {n} 项，{worst}（仅供参考，不代替审核）", rank % 1000
            ).format(n=rank % 1000, worst=worst)
        return text or None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: ask for the index's order (the model never sorts rows itself)."""
        if not 0 <= column < len(self._columns) or self._columns[column].sort_field is None:
            return
        key = SortKey(self._columns[column].key, order == Qt.SortOrder.DescendingOrder)
        self._sort_key = key
        self.sortRequested.emit(key)
        if self._sorter is not None:
            self._sorter(key)

    # -- fetching --------------------------------------------------------------------------------------
    def prepared_row(self, row: int) -> _Cells | None:
        """The row's texts, colours and font as painted (fetched with its page and rendered on first
        use; None for a row the store did not return). ``table_delegate`` paints from this."""
        page_no = row // self._page_size
        page = self._pages.get(page_no)
        if page is not None and page_no != self._last_page:
            self._pages.move_to_end(page_no)
            self._last_page = page_no
        offset = row - page_no * self._page_size
        if page is None or page[offset] is None:
            page = self._fetch_page(page_no)
        cells = page[offset]
        if cells.__class__ is not _Cells:  # fetched, not rendered yet: render on first paint only
            cells = page[offset] = self._render(cells)  # type: ignore[arg-type]
        return None if cells is _MISSING else cells

    def _fetch_page(self, page_no: int) -> list[Any]:
        """Fetch the rows of this page not cached yet, in one ``rows()`` call."""
        start = page_no * self._page_size
        page_ids = self._ids[start : start + self._page_size].tolist()
        page = self._pages.get(page_no)
        if page is None:
            page = [None] * len(page_ids)
        wanted = [rid for rid, cells in zip(page_ids, page, strict=True) if cells is None]
        self.fetch_count += 1
        try:
            fetched = self._fetch_rows(wanted) if wanted else {}
        except Exception:  # a broken store must not take the whole list down with it
            log.exception("reading list rows %s..%s failed", start, start + len(page_ids))
            fetched = {}
        for offset, rid in enumerate(page_ids):
            if page[offset] is None:
                values = fetched.get(rid)
                page[offset] = _MISSING if values is None else values  # rendered when first shown
        self._pages[page_no] = page
        self._pages.move_to_end(page_no)
        self._last_page = page_no
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)
        return page

    def _render(self, values: Mapping[str, Any]) -> _Cells:
        """A fetched row's texts, colours and font, computed when it is first painted. Cells whose
        text and colour follow from one small vocabulary value (statuses, levels, 预审提示, 同步,
        操作) come from a per-column memo of that value: an enum's label, its translation and the
        status symbol are looked up once per value, not per row."""
        texts: list[str | None] = []
        colours: list[QColor | None] = []
        for index, keyer in enumerate(self._keyers):
            if keyer is None:  # 序号: the row number, never fetched
                texts.append(None)
                colours.append(None)
                continue
            if keyer.__class__ is str:
                memo = self._value_memos[index]
                value = values.get(keyer)  # type: ignore[call-overload]
                cell = memo.get(value)
                if cell is None:
                    cell = memo[value] = self._cell(index, values)
            elif keyer.__class__ is _Field:  # the row's own text (store.columns._text)
                value = values.get(keyer.name)  # type: ignore[union-attr]
                cell = ("" if value is None else str(value), None)
            elif keyer is _EVERY_ROW:
                cell = self._cell(index, values)
            else:
                memo = self._value_memos[index]
                value = keyer(values)  # type: ignore[operator]
                cell = memo.get(value)
                if cell is None:
                    cell = memo[value] = self._cell(index, values)
            texts.append(cell[0])
            colours.append(cell[1])
        return _Cells(values, texts, colours, self._italic if values.get("pending_actions") else None)

    def _cell(self, index: int, values: Mapping[str, Any]) -> tuple[str, QColor | None]:
        """One cell's shown text (translated, with its status symbol) and colour."""
        column = self._columns[index]
        text = column.display(values)
        memo = self._memos[index]
        if memo is not None and text:
            text = memo[1].get(text) or self._shown(index, text)
        status = values.get(column.key) if column.status else None
        if status in STATUS_SYMBOL and text:
            text = f"{STATUS_SYMBOL[status]} {text}"
        if column.key == "flags" and text:  # 预审提示: red with an alert, amber with hints only
            status = ReviewStatus.REJECTED.value if text[0] == "▲" else ReviewStatus.ON_HOLD.value
        return text, self._colours.get(status) if status else None


#: A column whose cell is worked out for every row (its text is the row's own: 姓名, 证件号码 …).
_EVERY_ROW = object()


class _Field:
    """A column whose text is one field's value as it is (``store.columns._text``)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


#: Such columns, by key, and the field they show (a test holds them to store.columns' display).
TEXT_FIELDS = {
    "name": "name",
    "id_number": "id_number",
    "category": "category_name",
    "unit_name": "unit_name",
}


def _keyer(key: str) -> Any:
    """What a column's cell follows from, for ``_render``'s memo: a field name (the cell follows from
    that value alone), a function of the row, ``_EVERY_ROW`` or None (序号: no cell to render)."""
    if key == "seq":
        return None
    if key in ENUM_COLUMNS:
        return key  # store.columns._label: the label of row[key]
    if key == "flags":
        return "flag_rank"  # store.columns.flag_summary
    if key == "action":
        return _constant
    if key == "sync":
        return _sync_state
    if key in TEXT_FIELDS:
        return _Field(TEXT_FIELDS[key])
    return _EVERY_ROW


def _constant(values: Mapping[str, Any]) -> None:
    return None


def _sync_state(values: Mapping[str, Any]) -> tuple[bool, bool]:
    """What store.columns._sync_marker reads."""
    return bool(values.get("open_conflicts")), bool(values.get("pending_actions"))


class _Cells:
    """One fetched row as the view paints it (computed once per fetch, not per paint)."""

    __slots__ = ("colours", "font", "texts", "values")

    def __init__(
        self,
        values: Mapping[str, Any],
        texts: list[str | None],
        colours: list[QColor | None],
        font: QFont | None,
    ) -> None:
        self.values = values
        self.texts = texts
        self.colours = colours
        self.font = font


#: A row the store did not return (deleted since the query): shown blank, not fetched again.
_MISSING = _Cells({}, [], [], None)


def row_runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    if not len(rows):
        return []
    values = np.sort(rows)
    breaks = np.flatnonzero(np.diff(values) != 1)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(values) - 1]))
    return [(int(values[s]), int(values[e])) for s, e in zip(starts, ends, strict=True)]
