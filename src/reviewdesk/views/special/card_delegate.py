"""The 专项信息 card grid's painted card delegate and its geometry.

Why a delegate, not widgets: thousands of ``QWidget`` cards make scrolling crawl and memory grow; a
``QListView`` in icon mode with uniform item sizes paints only what is visible, each card from the
:class:`~reviewdesk.views.special.cards.MaterialCardModel`'s ``CARD_ROLE``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reviewdesk.domain.enums import Level, PayStatus, VerifyStatus
from reviewdesk.store.material_query import MaterialCard
from reviewdesk.views.common.i18n import code_label, label, translate, translate_count
from reviewdesk.views.common.material_field_names import field_name, field_value_text
from reviewdesk.views.common.workflow_texts import reason_text
from reviewdesk.views.special.cards import (
    CARD_ROLE,
    CONFLICT_MARK,
    CONTEXT,
    FAIL_BUTTON,
    ID_ROLE,
    PASS_BUTTON,
    PENDING_MARK,
    flags_note,
    image_text,
    labelled,
)
from reviewdesk.views.special.thumbnail_provider import NO_IMAGE

log = logging.getLogger(__name__)

VERIFY_COLOURS: dict[VerifyStatus, str] = {
    VerifyStatus.PENDING: "#b26a00",
    VerifyStatus.VERIFIED: "#2e7d32",
    VerifyStatus.FAILED: "#c62828",
}


def _share(metrics: QFontMetrics, pairs: Sequence[tuple[str, str]], room: int) -> list[int]:
    """Widths for "label：value" pairs on one line: each its own when all fit, else ``room`` shared in
    proportion, so English labels (longer than the Chinese) elide evenly instead of the first few
    taking everything."""
    natural = [metrics.horizontalAdvance(labelled(caption, value or "—")) + 2 for caption, value in pairs]
    total = sum(natural)
    if total <= room:
        return natural
    return [max(40, width * room // total) for width in natural]


def _enum_label(enum: Any, value: str) -> str:
    """The vocabulary's label for a stored value (``code_label``: never the code itself)."""
    return code_label(value, enum)


# -- the delegate -------------------------------------------------------------------------------------
class CardGeometry:
    """Where things are on a card (relative to its top-left), shared by painting and hit-testing."""

    WIDTH = 620
    HEIGHT = 290
    MARGIN = 10
    HEADER = 68  # three lines: 姓名 证件号码 / 材料状态 缴费状态 / 申报级别 类别(专业)
    IMAGE = QRect(MARGIN, MARGIN + HEADER, 170, 200)
    FIELDS_LEFT = MARGIN + 170 + 14
    ROW = 21
    FIELD_ROWS = 6
    BUTTON_W = 86
    BUTTON_H = 26

    @classmethod
    def image_rect(cls, card: QRect) -> QRect:
        return cls.IMAGE.translated(card.topLeft())

    @classmethod
    def pass_rect(cls, card: QRect) -> QRect:
        x = card.right() - cls.MARGIN - 2 * cls.BUTTON_W - 8
        return QRect(x, card.bottom() - cls.MARGIN - cls.BUTTON_H, cls.BUTTON_W, cls.BUTTON_H)

    @classmethod
    def fail_rect(cls, card: QRect) -> QRect:
        x = card.right() - cls.MARGIN - cls.BUTTON_W
        return QRect(x, card.bottom() - cls.MARGIN - cls.BUTTON_H, cls.BUTTON_W, cls.BUTTON_H)


class MaterialCardDelegate(QStyledItemDelegate):
    """Paints a card as in the seed: the scan beside the candidate and the material's fields, with
    核验通过 / 核验不通过 buttons. Clicks on the image or a button are reported by signal."""

    image_clicked = Signal(int)  # material id
    verify_clicked = Signal(int, object)  # material id, VerifyStatus

    KEEP_PIXMAPS = 60

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._label_colour = QColor("#6b7280")
        self._pixmaps: OrderedDict[int, tuple[MaterialCard, tuple[Any, ...], QPixmap]] = OrderedDict()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(CardGeometry.WIDTH, CardGeometry.HEIGHT)

    # -- painting ----------------------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Blit the card from a small pixmap cache; render it only when something it shows changed.

        Scrolling repaints the same few cards again and again; text layout of ~20 label/value pairs
        per card costs about a millisecond in Python, a blit almost nothing.
        """
        card: MaterialCard | None = index.data(CARD_ROLE)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        size = option.rect.size()
        thumbnail: QPixmap | str | None = translate(CONTEXT, NO_IMAGE)
        model = index.model()
        provider = getattr(model, "thumbnails", None)
        image = card.first_image if card is not None else None
        if image is not None and provider is not None and image.get("sha256"):
            thumbnail = provider.pixmap(str(image["sha256"]))
        thumb_key = thumbnail.cacheKey() if isinstance(thumbnail, QPixmap) else thumbnail
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        state = (selected, focused, size.width(), size.height(), thumb_key, ratio, option.font.key())
        material_id = index.data(ID_ROLE)
        cached = self._pixmaps.get(material_id) if card is not None else None
        if cached is not None and cached[0] is card and cached[1] == state:
            self._pixmaps.move_to_end(material_id)
            painter.drawPixmap(option.rect.topLeft(), cached[2])
            return
        pixmap = QPixmap(int(size.width() * ratio), int(size.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        local = QPainter(pixmap)
        try:
            self._paint_card(
                local, QRect(0, 0, size.width(), size.height()), option, card, thumbnail, selected, focused
            )
        finally:
            local.end()
        painter.drawPixmap(option.rect.topLeft(), pixmap)
        if card is not None:
            self._pixmaps[material_id] = (card, state, pixmap)
            while len(self._pixmaps) > self.KEEP_PIXMAPS:
                self._pixmaps.popitem(last=False)

    def _paint_card(
        self,
        painter: QPainter,
        area: QRect,
        option: QStyleOptionViewItem,
        card: MaterialCard | None,
        thumbnail: QPixmap | str | None,
        selected: bool,
        focused: bool,
    ) -> None:
        rect = area.adjusted(2, 2, -2, -2)
        palette = option.palette
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        background = QColor("#eef5ff") if selected else palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Highlight) if selected or focused else QColor("#d0d7de")
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 6, 6)
        if card is None:
            painter.setPen(self._label_colour)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignCenter, translate(CONTEXT, "该材料已不在本地数据中，请重新搜索")
            )
            return
        base_font = QFont(option.font)
        self._paint_header(painter, rect, card, base_font, palette)
        self._paint_image(painter, CardGeometry.image_rect(rect), card, thumbnail, base_font)
        self._paint_fields(painter, rect, card, base_font, palette)
        self._paint_buttons(painter, rect, card, base_font)

    def _pair(
        self,
        painter: QPainter,
        x: int,
        y: int,
        width: int,
        caption: str,
        value: str,
        font: QFont,
        colour: QColor,
    ) -> int:
        """Draw "caption：value" elided to ``width``; returns the x after it."""
        metrics = QFontMetrics(font)
        label_text = labelled(caption, "")
        label_w = metrics.horizontalAdvance(label_text)
        painter.setPen(self._label_colour)
        painter.drawText(QRect(x, y, label_w, metrics.height()), Qt.AlignmentFlag.AlignVCenter, label_text)
        painter.setPen(colour)
        room = max(0, width - label_w)
        shown = metrics.elidedText(value or "—", Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRect(x + label_w, y, room, metrics.height()), Qt.AlignmentFlag.AlignVCenter, shown)
        return x + label_w + metrics.horizontalAdvance(shown)

    def _paint_header(
        self, painter: QPainter, rect: QRect, card: MaterialCard, font: QFont, palette: QPalette
    ) -> None:
        text_colour = palette.color(QPalette.ColorRole.Text)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        x, y = rect.left() + CardGeometry.MARGIN, rect.top() + CardGeometry.MARGIN
        name, id_number = translate(CONTEXT, "姓名"), translate(CONTEXT, "证件号码")
        x = self._pair(painter, x, y, 150, name, card.name, bold, text_colour) + 18
        self._pair(painter, x, y, 260, id_number, card.id_number, bold, text_colour)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        y2 = y + metrics.height() + 6
        level = _enum_label(Level, card.level)
        pay = _enum_label(PayStatus, card.pay_status)
        state = label(card.review_status, "—")
        x = rect.left() + CardGeometry.MARGIN
        pairs = [
            (translate(CONTEXT, "材料状态"), state),
            (translate(CONTEXT, "缴费状态"), pay),
            (translate(CONTEXT, "申报级别"), level),
            (translate(CONTEXT, "类别(专业)"), card.category_name),
        ]
        # Two pairs a line: four on one line cut English values to "Pending revi…", "Junior (practitio…".
        room = rect.width() - 2 * CardGeometry.MARGIN - 14
        for line, two in enumerate((pairs[:2], pairs[2:])):
            x, top = rect.left() + CardGeometry.MARGIN, y2 + line * (metrics.height() + 4)
            for (caption, value), width in zip(two, _share(metrics, two, room), strict=True):
                end = self._pair(painter, x, top, width, caption, value, font, text_colour)
                x = max(end, x) + 14
        # markers, top right
        marks = []
        if card.conflict:
            marks.append((translate(CONTEXT, CONFLICT_MARK), QColor("#c62828")))
        if card.pending:
            marks.append((translate(CONTEXT, PENDING_MARK), QColor("#b26a00")))
        right = rect.right() - CardGeometry.MARGIN
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        for text, colour in marks:
            width = small_metrics.horizontalAdvance(text) + 12
            box = QRect(right - width, y, width, small_metrics.height() + 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            right = box.left() - 6
        painter.setFont(font)

    def _paint_image(
        self, painter: QPainter, box: QRect, card: MaterialCard, thumbnail: QPixmap | str | None, font: QFont
    ) -> None:
        painter.setPen(QColor("#d0d7de"))
        painter.setBrush(QColor("#f6f8fa"))
        painter.drawRect(box)
        if isinstance(thumbnail, QPixmap):
            scaled = thumbnail.size().scaled(box.size() - QSize(6, 6), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawPixmap(target, thumbnail)
            if len(card.images) > 1:
                self._corner_note(
                    painter,
                    box,
                    translate_count(CONTEXT, "共{n}张", len(card.images)).format(n=len(card.images)),
                    font,
                )
            return
        message = image_text(card, thumbnail)
        painter.setPen(self._label_colour)
        painter.setFont(font)
        painter.drawText(
            box.adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, message
        )

    def _corner_note(self, painter: QPainter, box: QRect, text: str, font: QFont) -> None:
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(text) + 10
        note = QRect(
            box.right() - width - 2, box.bottom() - metrics.height() - 4, width, metrics.height() + 2
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 140))
        painter.drawRect(note)
        painter.setPen(QColor("white"))
        painter.drawText(note, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_fields(
        self, painter: QPainter, rect: QRect, card: MaterialCard, font: QFont, palette: QPalette
    ) -> None:
        """The material's fields in two columns, then 核验备注 across, 核验状态 beside the buttons."""
        text_colour = palette.color(QPalette.ColorRole.Text)
        left = rect.left() + CardGeometry.FIELDS_LEFT
        top = rect.top() + CardGeometry.MARGIN + CardGeometry.HEADER
        width = rect.right() - CardGeometry.MARGIN - left
        column_w = width // 2
        fields = card.card_fields[: CardGeometry.FIELD_ROWS * 2]
        rows = max(1, (len(fields) + 1) // 2)
        painter.setFont(font)
        for i, (name, value) in enumerate(fields):
            column, row = divmod(i, rows)
            x = left + column * column_w
            self._pair(
                painter,
                x,
                top + row * CardGeometry.ROW,
                column_w - 8,
                field_name(name),
                field_value_text(value),
                font,
                text_colour,
            )
        y = top + CardGeometry.FIELD_ROWS * CardGeometry.ROW + 4
        remark = translate(CONTEXT, "核验备注")
        self._pair(painter, left, y, width, remark, card.verify_remark, font, text_colour)
        note = (
            labelled(translate(CONTEXT, "冲突"), reason_text(card.conflict))
            if card.conflict
            else (labelled(translate(CONTEXT, "不能核验"), reason_text(card.refusal)) if card.refusal else "")
        )
        colour = QColor("#c62828") if card.conflict else self._label_colour
        if not note and card.flags:  # 预审提示 about this material (a scan's first)
            note = flags_note(card)
            colour = QColor("#c62828" if any(f.get("severity") == "alert" for f in card.flags) else "#a35f00")
        if note:
            small = QFont(font)
            small.setPointSizeF(max(7.0, font.pointSizeF() - 1))
            painter.setFont(small)
            painter.setPen(colour)
            metrics = QFontMetrics(small)
            text = metrics.elidedText(note, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRect(left, y + CardGeometry.ROW, width, metrics.height()),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            painter.setFont(font)
        bold = QFont(font)
        bold.setBold(True)
        status_y = rect.bottom() - CardGeometry.MARGIN - CardGeometry.BUTTON_H + 4
        colour = QColor(VERIFY_COLOURS[card.verify_status])
        status = translate(CONTEXT, "核验状态")
        self._pair(painter, left, status_y, column_w, status, label(card.verify_status), bold, colour)
        painter.setFont(font)

    def _paint_buttons(self, painter: QPainter, rect: QRect, card: MaterialCard, font: QFont) -> None:
        enabled = not card.refusal
        for box, text, status in (
            (CardGeometry.pass_rect(rect), PASS_BUTTON, VerifyStatus.VERIFIED),
            (CardGeometry.fail_rect(rect), FAIL_BUTTON, VerifyStatus.FAILED),
        ):
            colour = QColor(VERIFY_COLOURS[status])
            current = card.verify_status is status
            if not enabled:
                colour = QColor("#9ca3af")
            painter.setPen(QPen(colour, 1))
            painter.setBrush(colour if current else QColor("white"))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("white") if current else colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, translate(CONTEXT, text))

    # -- clicks --------------------------------------------------------------------------------------
    def editorEvent(
        self,
        event: QEvent,
        model: Any,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if event.button() != Qt.MouseButton.LeftButton:
                return False
            rect = option.rect.adjusted(2, 2, -2, -2)
            point = event.position().toPoint()
            material_id = index.data(ID_ROLE)
            if material_id is None:
                return False
            if CardGeometry.pass_rect(rect).contains(point):
                self.verify_clicked.emit(int(material_id), VerifyStatus.VERIFIED)
                return True
            if CardGeometry.fail_rect(rect).contains(point):
                self.verify_clicked.emit(int(material_id), VerifyStatus.FAILED)
                return True
            if CardGeometry.image_rect(rect).contains(point):
                self.image_clicked.emit(int(material_id))
                return True
        return super().editorEvent(event, model, option, index)


def card_view_defaults(view: QWidget) -> None:
    """Settings that keep a QListView of cards fast: icon mode, uniform sizes, static layout."""
    from PySide6.QtWidgets import QAbstractItemView, QListView

    assert isinstance(view, QListView)
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setFlow(QListView.Flow.LeftToRight)
    view.setWrapping(True)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Static)
    view.setUniformItemSizes(True)
    view.setSpacing(6)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.verticalScrollBar().setSingleStep(24)
    view.setMouseTracking(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
