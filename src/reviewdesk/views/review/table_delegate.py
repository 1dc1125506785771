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
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

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
_SELECTED = int(QStyle.StateFlag.State_Selected.value)
_ENABLED = int(QStyle.StateFlag.State_Enabled.value)
_ACTIVE = int(QStyle.StateFlag.State_Active.value)
#: States painted by Qt's own path: the focus frame, an editor.
_QT_PATH = int(QStyle.StateFlag.State_HasFocus.value) | int(QStyle.StateFlag.State_Editing.value)
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_GROUPS = (QPalette.ColorGroup.Disabled, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Normal)
#: Distinct prepared layouts kept (names and 证件号码 are one per row; labels and units repeat).
_LAYOUTS_KEPT = 20_000


class RecordItemDelegate(QStyledItemDelegate):
    """Paints a ``RecordTableModel``'s cells from its prepared rows (see the module doc); any other
    model's cells (a proxy, another view sharing the delegate) go through Qt's own path."""

    def __init__(self, model: RecordTableModel, view: QTableView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._settings: tuple[bool, bool, QFont, int, Qt.TextElideMode] | None = None
        view.viewport().installEventFilter(self)
        # Italic resolved against a view font: (view font, its italic twin, the twin's metrics).
        self._italic: tuple[QFont, QFont, QFontMetrics] | None = None
        self._brushes: dict[int, QBrush] = {}  # id of a model colour -> its brush
        # (text, italic, text width, right-aligned) -> (layout, its height, fits the width)
        self._layouts: dict[tuple[str, bool, int, bool], tuple[QTextLayout, float, bool]] = {}
        self.prepared_paints = 0  # cells painted from a prepared layout (tests, diagnostics)
        self._read_view()

    # -- the view's settings, read once per paint -----------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._read_view()
        return False

    def _read_view(self) -> None:
        """The view's settings the painting depends on: word wrap, alternating rows (``_FEATURES``),
        the font, the style's text margin (``QCommonStyle``: ``PM_FocusFrameHMargin`` + 1) and the
        elide mode. The prepared layouts depend on all but the alternating rows: dropped on a change."""
        view = self._view
        font = view.font()
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        settings = (view.wordWrap(), view.alternatingRowColors(), font, margin, view.textElideMode())
        if self._settings is None or settings[:1] + settings[2:] != self._settings[:1] + self._settings[2:]:
            self._layouts.clear()
        self._settings = settings

    # -- painting ---------------------------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = self._model
        state = option.state.value
        if index.model() is not model or state & _QT_PATH:
            super().paint(painter, option, index)
            return
        row = index.row()
        column = index.column()
        cells = model.prepared_row(row) if 0 <= row < model.row_count else None
        italic = cells is not None and cells.font is not None
        if column == model.seq_column:
            text: str | None = str(row + 1)
            right = True
        elif cells is None:
            text, right = None, False
        else:
            text, right = cells.texts[column], False
        rect = option.rect
        settings = self._settings
        assert settings is not None
        margin = settings[3]
        prepared = None
        if text:
            width = rect.width() - 2 * margin
            key = (text, italic, width, right)
            prepared = self._layouts.get(key)
            if prepared is None:
                prepared = self._prepare(key, cells.font if italic else settings[2])  # type: ignore[union-attr]
            if not prepared[2]:  # does not fit: Qt elides it
                super().paint(painter, option, index)
                return
        if state & _SELECTED:  # the highlight as the style draws it for this cell's full option
            full = QStyleOptionViewItem(option)
            self.initStyleOption(full, index)
            self._view.style().drawPrimitive(_PANEL, full, painter, self._view)
        if prepared is None:
            return
        layout, height, _fits = prepared
        group = _GROUPS[2 if state & _ACTIVE else 1] if state & _ENABLED else _GROUPS[0]
        if state & _SELECTED:
            colour = option.palette.color(group, QPalette.ColorRole.HighlightedText)
        else:
            model_colour = cells.colours[column] if cells is not None and not right else None
            colour = model_colour if model_colour is not None else option.palette.color(group, _TEXT)
        top = rect.y() + (rect.height() - int(height)) // 2
        self.prepared_paints += 1
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(colour)
        layout.draw(painter, QPointF(rect.x() + margin, top))
        painter.restore()

    def _prepare(self, key: tuple[str, bool, int, bool], font: QFont) -> tuple[QTextLayout, float, bool]:
        """What ``QCommonStyle`` lays out for a cell on every paint, once: one line of ``width``; a
        text wider than that elided as the style elides it (``QFontMetrics.elidedText`` with the view's
        elide mode) when the view does not wrap. ``fits`` False: only Qt's own path paints it."""
        text, italic, width, right = key
        if italic:
            font = font.resolve(self._view.font())
        settings = self._settings
        assert settings is not None
        wrap = settings[0]
        layout, height, fits = self._lay_out(text, font, width, right, wrap)
        if not fits and not wrap and settings[4] != Qt.TextElideMode.ElideNone:
            elided = QFontMetrics(font).elidedText(text, settings[4], width)
            layout, height, fits = self._lay_out(elided, font, width, right, wrap)
        if len(self._layouts) >= _LAYOUTS_KEPT:
            self._layouts.clear()
        prepared = self._layouts[key] = (layout, height, fits)
        return prepared

    @staticmethod
    def _lay_out(
        text: str, font: QFont, width: int, right: bool, wrap: bool
    ) -> tuple[QTextLayout, float, bool]:
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap if wrap else QTextOption.WrapMode.ManualWrap)
        option.setTextDirection(Qt.LayoutDirection.LeftToRight)
        option.setAlignment(_RIGHT if right else _LEFT)
        layout = QTextLayout(text, font)
        layout.setTextOption(option)
        layout.setCacheEnabled(True)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(width)
        line.setPosition(QPointF(0, 0))
        fits = (
            line.textLength() == len(text)
            and line.naturalTextWidth() <= width
            and not layout.createLine().isValid()
        )
        layout.endLayout()
        return layout, line.height(), fits

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
            settings = self._settings
            assert settings is not None
            option.features = _FEATURES[settings[0], settings[1] and bool(row & 1)]
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


def install(view: QTableView, model: RecordTableModel) -> RecordItemDelegate:
    """Give ``view`` (showing ``model``) the list's delegate; the view owns it."""
    delegate = RecordItemDelegate(model, view)
    view.setItemDelegate(delegate)
    return delegate
