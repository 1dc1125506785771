"""The 报名材料审核 list's cell delegate: paints each cell from the row's prepared texts, colours and font,
and each distinct text from a text layout prepared once.

Why (issue 18, "repaint of one screen ≤ 1.3× Qt's floor", the floor being Qt painting the same texts from
a C++ ``QStandardItemModel``): measured per painted cell at 10^6 rows (416 cells a screen, one CPU),
Qt's floor is ~14 µs, ~10 of them laying out the text (``QStyle`` builds a ``QTextLayout`` — itemizing
and shaping the Chinese — for every cell on every paint); ``QStyledItemDelegate`` over this Python
model added ~11 µs more: one ``multiData`` call, then seven ``QModelRoleData`` wrappers and fourteen
``role()``/``setData`` calls across the Python/C++ boundary. Serving the roles from prepared values
(``initStyleOption`` below, one Python call and four field writes) still left ×1.5: the calls
themselves are the cost, so no cheaper data path reaches ×1.3. A cell's text, though, is the same on
every paint, and most texts repeat (statuses, levels, units): here the layout is made once per distinct
(text, font, width, alignment) and drawn, which costs less than Qt's own per-paint layout and leaves
room for the Python call (×0.8 of the floor in the same measurement).

What is drawn is what ``QCommonStyle`` draws for the same option: the item panel (the selection
highlight) through the style itself; the text with the pen the style picks (HighlightedText when
selected, else the row's colour — 审核状态, 预审提示 — or the palette's Text), inset by the style's text
margin, vertically centred, right-aligned for 序号, italic for unsynced rows. Anything else goes through
Qt's own path (``super().paint``, which still gets its roles from ``initStyleOption`` below): the focused
cell (its focus frame), a cell being edited, and a text that does not fit its column (Qt elides it).
``tests/views/review/test_table_delegate.py`` grabs the same screens painted by Qt's delegate and by
this one — selected rows, alternating colours, italic rows, status colours, a too-narrow column — and
compares the pixels.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from reviewdesk.views.review.list_selection import IdSelectionModel
from reviewdesk.views.review.table_model import RecordTableModel

_Feature = QStyleOptionViewItem.ViewItemFeature
_TEXT = QPalette.ColorRole.Text
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
#: The option's features, by (word wrap, alternate row): QTableView sets WrapText from ``wordWrap()`` and
#: Alternate on every other row (``alternatingRowColors()``); this adds HasDisplay. Reading
#: ``option.features`` back costs ~2.5 µs per cell in PySide (a Python ``enum.Flag`` is built), so the
#: delegate writes the whole value, from the view's settings read once per paint (``eventFilter``).
_FEATURES: dict[tuple[bool, bool], _Feature] = {
    (wrap, alternate): (_Feature.WrapText if wrap else _Feature(0))
    | (_Feature.Alternate if alternate else _Feature(0))
    | _Feature.HasDisplay
    for wrap in (False, True)
    for alternate in (False, True)
}
#: The events QAbstractItemView takes the hovered index from (some styles, Windows' among them, paint a
#: hover background: that cell goes through Qt's own path).
_SELECTED = int(QStyle.StateFlag.State_Selected.value)
_HOVER_EVENTS = frozenset({QEvent.Type.HoverEnter, QEvent.Type.HoverMove, QEvent.Type.HoverLeave})
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_GROUPS = (QPalette.ColorGroup.Disabled, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Normal)
#: Distinct prepared layouts kept (names and 证件号码 are one per row; labels and units repeat).
_LAYOUTS_KEPT = 20_000
#: Styles whose item painting this reproduces pixel for pixel (``test_table_delegate`` compares each);
#: under any other (Windows 11's, macOS', a proxy) every cell goes through Qt's own path, with its
#: roles from ``initStyleOption`` below.
VERIFIED_STYLES = frozenset({"fusion", "windows"})
#: A prepared cell only Qt's own path paints right.
_QT_PAINTS = None
#: A prepared cell text: the static text, its x offset, its line's height, italic.
_Prepared = tuple[QStaticText, float, int, bool]


class RecordItemDelegate(QStyledItemDelegate):
    """Paints a ``RecordTableModel``'s cells from its prepared rows (see the module doc); any other
    model's cells (a proxy, another view sharing the delegate) go through Qt's own path."""

    def __init__(self, model: RecordTableModel, view: QTableView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._layout_settings: tuple[bool, QFont, int, Qt.TextElideMode] | None = None
        view.viewport().installEventFilter(self)
        # Italic resolved against a view font: (view font, its italic twin, the twin's metrics).
        self._italic: tuple[QFont, QFont, QFontMetrics] | None = None
        self._brushes: dict[int, QBrush] = {}  # id of a model colour -> its brush
        # (text, italic, text width, right-aligned) -> (prepared text, its x offset) or _QT_PAINTS
        self._layouts: dict[tuple[str, bool, int, bool], _Prepared | None] = {}
        self._row, self._generation, self._cells = -1, -1, None  # the row being painted
        self._row_selected = False
        self._hover: tuple[int, int] | None = None
        self.prepared_paints = 0  # cells painted from a prepared layout (tests, diagnostics)
        self._read_view()

    # -- the view's settings, read once per paint -----------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint:
            self._read_view()
        elif kind in _HOVER_EVENTS:  # what QAbstractItemView.viewportEvent takes its hover index from
            point = event.position().toPoint() if kind != QEvent.Type.HoverLeave else None
            at = self._view.indexAt(point) if point is not None else None
            self._hover = (at.row(), at.column()) if at is not None and at.isValid() else None
        return False

    def _read_view(self) -> None:
        """What the painting takes from the view, read once per paint: word wrap and alternating rows
        (``_FEATURES``), the font (and its italic twin for unsynced rows), the
        style's text margin (``QCommonStyle``: ``PM_FocusFrameHMargin`` + 1), the elide mode and the
        palette's text colours per colour group. Prepared layouts are dropped when what they depend on
        changes."""
        view = self._view
        self._wrap = view.wordWrap()
        self._alternate = view.alternatingRowColors()
        font = view.font()
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        elide = view.textElideMode()
        if (self._wrap, font, margin, elide) != self._layout_settings:
            self._layouts.clear()
            self._layout_settings = (self._wrap, font, margin, elide)
            self._font = QFont(font)
            italic = QFont()
            italic.setItalic(True)
            self._italic_font = italic.resolve(font)
        self._margin = margin
        self._elide = elide
        # What QTableView's drawCell puts in a cell's state, per paint rather than read back from each
        # option (``option.state`` costs ~2 µs per cell in PySide): whether anything is selected (then
        # a cell's option is read), the focused current cell, enabled and active.
        # Anything this could get wrong goes through Qt's own path: the current and hovered cells,
        # every cell while an editor is open, the view shows another model or a style not verified.
        selection = view.selectionModel()
        # The list's IdSelectionModel answers per row from its array (Qt's isSelected sees nothing and
        # QTableView leaves State_Selected out of the option); Qt's own is read back from the option.
        self._by_row = selection if isinstance(selection, IdSelectionModel) else None
        self._any_selected = selection is not None and selection.hasSelection()
        self._row = -1  # the selection may have changed since the last paint
        current = view.currentIndex()
        self._current = (current.row(), current.column()) if current.isValid() else None
        self._ours = (
            view.model() is self._model
            and view.state() != QAbstractItemView.State.EditingState
            and view.style().name().lower() in VERIFIED_STYLES
        )
        self._group = (2 if view.isActiveWindow() else 1) if view.isEnabled() else 0
        palette = view.palette()
        self._text = [palette.color(group, _TEXT) for group in _GROUPS]
        self._highlighted_text = [
            palette.color(group, QPalette.ColorRole.HighlightedText) for group in _GROUPS
        ]

    # -- painting ---------------------------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = self._model
        row = index.row()
        column = index.column()
        if row != self._row or model.generation != self._generation:  # cells are painted row by row
            self._row, self._generation = row, model.generation
            by_row = self._by_row
            self._row_selected = by_row is not None and self._any_selected and by_row.row_selected(row)
            ours = self._ours and index.model() is model
            self._cells = model.prepared_row(row) if ours and 0 <= row < model.row_count else None
        if self._row_selected:
            option.state = option.state | QStyle.StateFlag.State_Selected
        if not self._ours or (row, column) == self._current or (row, column) == self._hover:
            super().paint(painter, option, index)
            return
        cells = self._cells
        italic = cells is not None and cells.font is not None
        if column == model.seq_column:
            text: str | None = str(row + 1)
            right = True
        elif cells is None:
            text, right = None, False
        else:
            text, right = cells.texts[column], False
        x, y, width, height = option.rect.getRect()
        margin = self._margin
        prepared = None
        if text:
            key = (text, italic, width - 2 * margin, right)
            prepared = self._layouts.get(key)
            if prepared is None:
                prepared = self._prepare(key)
            if prepared is _QT_PAINTS or height < prepared[2]:  # Qt wraps, elides or clips it
                super().paint(painter, option, index)
                return
        # QTableView put State_Selected in the option when the selection is Qt's (asking the selection
        # model, whose answer is a walk over its ranges): read it back, only when something is selected.
        if self._by_row is not None:
            selected = self._row_selected
        else:
            selected = self._any_selected and bool(option.state.value & _SELECTED)
        if selected:  # the highlight as the style draws it for this cell's full option
            full = QStyleOptionViewItem(option)
            self.initStyleOption(full, index)
            self._view.style().drawPrimitive(_PANEL, full, painter, self._view)
        if prepared is None:
            return
        group = self._group
        if selected:
            colour = self._highlighted_text[group]
        else:
            model_colour = cells.colours[column] if cells is not None and not right else None
            colour = model_colour if model_colour is not None else self._text[group]
        self.prepared_paints += 1
        # No save()/restore(): what follows a cell sets its own pen (Qt's style, the grid) and never
        # draws with the painter's font.
        painter.setPen(colour)
        painter.setFont(self._italic_font if italic else self._font)
        static, offset, line_height, _italic = prepared
        top = y + (height - line_height) // 2
        if offset:
            painter.drawStaticText(QPointF(x + margin + offset, top), static)
        else:
            painter.drawStaticText(x + margin, top, static)

    def _prepare(self, key: tuple[str, bool, int, bool]) -> _Prepared | None:
        """What ``QCommonStyle`` lays out for a cell on every paint, once, as a ``QStaticText``: the
        text on one line of ``width`` (right-aligned: shifted by what is left of the width), or
        elided as the style elides it (``QFontMetrics.elidedText`` with the view's elide mode) when
        the view does not wrap. A static text's size is the style's line: its natural width and the
        height of the fonts the text falls back to (digits and Chinese differ).
        ``_QT_PAINTS``: only Qt's own path lays it out right (a wrapped or multi-line text)."""
        text, italic, width, right = key
        font = self._italic_font if italic else self._font
        prepared = _QT_PAINTS
        if "\n" not in text and "\r" not in text and "\u2028" not in text:
            static = _static_text(text, font)
            size = static.size()
            if size.width() > width and not self._wrap and self._elide != Qt.TextElideMode.ElideNone:
                static = _static_text(QFontMetrics(font).elidedText(text, self._elide, width), font)
                size = static.size()
            if size.width() <= width:
                prepared = (static, width - size.width() if right else 0.0, int(size.height()), italic)
        if len(self._layouts) >= _LAYOUTS_KEPT:
            self._layouts.clear()
        self._layouts[key] = prepared
        return prepared

    # -- the roles, for Qt's own path and sizeHint ----------------------------------------------------
    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """``QStyledItemDelegate.initStyleOption`` from the prepared row: the same option, without the
        seven-role ``multiData`` round trip."""
        model = self._model
        if index.model() is not model:
            super().initStyleOption(option, index)
            return
        row = index.row()
        column = index.column()
        option.index = index
        cells = model.prepared_row(row) if 0 <= row < model.row_count else None
        if cells is not None and cells.font is not None:
            self._use_italic(option, cells.font)
        if column == model.seq_column:
            option.displayAlignment = _RIGHT
            text: str | None = str(row + 1)
        elif cells is None:
            return
        else:
            colour = cells.colours[column]
            if colour is not None:
                option.palette.setBrush(_TEXT, self._brush(colour))
            text = cells.texts[column]
        if text is not None:
            option.features = _FEATURES[self._wrap, self._alternate and bool(row & 1)]
            option.text = text

    def _use_italic(self, option: QStyleOptionViewItem, font: QFont) -> None:
        """``QStyledItemDelegate``: the role's font resolved against the option's, and its metrics
        (computed once per view font, not per cell)."""
        cached = self._italic
        if cached is None or cached[0] != option.font:
            resolved = font.resolve(option.font)
            cached = self._italic = (QFont(option.font), resolved, QFontMetrics(resolved))
        option.font = cached[1]
        option.fontMetrics = cached[2]

    def _brush(self, colour: QColor) -> QBrush:
        """The model's colours are a few shared ``QColor`` objects: one brush each."""
        brush = self._brushes.get(id(colour))
        if brush is None or brush.color() != colour:
            brush = self._brushes[id(colour)] = QBrush(colour)
        return brush


_IDENTITY = QTransform()
_PLAIN = Qt.TextFormat.PlainText


def _static_text(text: str, font: QFont) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(_PLAIN)
    static.prepare(_IDENTITY, font)
    return static


def install(view: QTableView, model: RecordTableModel) -> RecordItemDelegate:
    """Give ``view`` (showing ``model``) the list's delegate; the view owns it."""
    delegate = RecordItemDelegate(model, view)
    view.setItemDelegate(delegate)
    return delegate
