"""The 专项信息 card grid's Qt side: a list model holding material ids only, a painted card delegate,
and thumbnails made off the GUI thread.

Why ids and a delegate, not widgets: a unit may verify thousands of 学历 cards in one sitting. Thousands
of ``QWidget`` cards make scrolling crawl and memory grow; a ``QListView`` in icon mode with uniform
item sizes lays out a million ids instantly and paints only what is visible. Cards are fetched from
the store by id in small pages as they come into view (``store.material_query.load_cards``) and kept
in a bounded cache, like Anki's browser table.

Thumbnails: the first paint of a card asks :class:`ThumbnailProvider` for its scan; a worker makes (or
finds) the on-disk thumbnail (``store.thumbnails``) and loads it as a ``QImage``; the GUI thread turns
it into a ``QPixmap`` and repaints that card. Newer requests run first and a backlog left behind by
fast scrolling is dropped, so what is on screen is always served next.
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QMouseEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget
from sqlalchemy import Engine

from reviewdesk.domain.enums import Level, PayStatus, Tier, VerifyStatus
from reviewdesk.store.imaging import ImageLoadError
from reviewdesk.store.material_query import MaterialCard, load_cards
from reviewdesk.store.thumbnails import ThumbnailCache
from reviewdesk.views.i18n import label, translate, translate_noop
from reviewdesk.views.image_loading import cannot_show_message, image_error_text, without_file_name
from reviewdesk.views.material_field_names import field_name
from reviewdesk.views.workflow_texts import reason_text

log = logging.getLogger(__name__)

CONTEXT = "MaterialCards"
FIELD_CONTEXT = "MaterialFields"

#: Kept in Chinese (the source text); painted through ``translate(CONTEXT, …)``.
NO_IMAGE = translate_noop(CONTEXT, "暂无图片")
LOADING = translate_noop(CONTEXT, "加载中…")
PENDING_MARK = translate_noop(CONTEXT, "未同步")
CONFLICT_MARK = translate_noop(CONTEXT, "冲突")
PASS_BUTTON = translate_noop(CONTEXT, "核验通过")
FAIL_BUTTON = translate_noop(CONTEXT, "核验不通过")
#: ``store.thumbnails``' own refusal (a fixed sentence, so it can be translated here).
STORE_NOT_DOWNLOADED = translate_noop(CONTEXT, "图片尚未下载，请先同步")


def image_text(card: MaterialCard, thumbnail: str | None) -> str:
    """What a card's image box says instead of a scan (加载中…, 暂无图片, why the scan cannot be shown)."""
    message = translate(CONTEXT, LOADING) if thumbnail is None else thumbnail
    return without_file_name(message, str((card.first_image or {}).get("sha256") or ""))


def labelled(name: str, value: str) -> str:
    """``name：value`` with the language's own separator (a full-width colon in Chinese)."""
    return translate(CONTEXT, "{label}：{value}").format(label=name, value=value)


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
    """The vocabulary's label for a stored value, or the value itself when it is not one of them."""
    try:
        return label(enum(value))
    except ValueError:
        return value


CARD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

VERIFY_COLOURS: dict[VerifyStatus, str] = {
    VerifyStatus.PENDING: "#b26a00",
    VerifyStatus.VERIFIED: "#2e7d32",
    VerifyStatus.FAILED: "#c62828",
}


# -- thumbnails --------------------------------------------------------------------------------------
class _ThumbRelay(QObject):
    done = Signal(str, object, str)  # sha256, QImage | None, error message


class _ThumbTask(QRunnable):
    def __init__(
        self, relay: _ThumbRelay, cache: ThumbnailCache, sha256: str, source_of: Callable[[str], Path | None]
    ) -> None:
        super().__init__()
        self._relay = relay
        self._cache = cache
        self._sha = sha256
        self._source_of = source_of

    def _source(self, sha256: str) -> Path | None:
        try:
            return self._source_of(sha256)
        except Exception:  # a bad hash or a closed store: shown as not downloaded
            log.debug("no source for %s", sha256, exc_info=True)
            return None

    def run(self) -> None:
        try:
            # The source is looked up here, off the GUI thread: the store checks a blob's hash on first
            # use, and a thumbnail made earlier needs no source at all.
            path = self._cache.cached(self._sha) or self._cache.get_or_make(
                self._sha, self._source(self._sha)
            )
            image = QImage(str(path))
            if image.isNull():
                raise ImageLoadError(translate(CONTEXT, "缩略图无法读取"))
            self._relay.done.emit(self._sha, image, "")
        except ImageLoadError as error:
            # a decoding error of store.imaging carries its template; a fixed message of the thumbnail
            # cache (图片尚未下载，请先同步) is listed under this view's context
            text = image_error_text(error) if error.template else translate(CONTEXT, error.message)
            self._relay.done.emit(self._sha, None, text)
        except Exception as error:  # a worker must never die silently
            log.exception("thumbnail of %s failed", self._sha)
            self._relay.done.emit(self._sha, None, cannot_show_message(error))


class ThumbnailProvider(QObject):
    """Pixmaps of scans by sha256, made on a small thread pool; ``ready(sha)`` when one arrives."""

    ready = Signal(str)

    #: Requests waiting beyond this many are stale (the cards scrolled away): drop them.
    MAX_BACKLOG = 48

    def __init__(
        self,
        cache: ThumbnailCache,
        source_of: Callable[[str], Path | None],
        parent: QObject | None = None,
        keep: int = 400,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self._source_of = source_of
        self._keep = keep
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._errors: dict[str, str] = {}
        self._pending: set[str] = set()
        self._priority = itertools.count(1)
        self._relay = _ThumbRelay()
        self._relay.done.connect(self._arrived)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)

    def pixmap(self, sha256: str) -> QPixmap | str | None:
        """The pixmap, an error message, or None while it is being made (a request is queued)."""
        pixmap = self._pixmaps.get(sha256)
        if pixmap is not None:
            self._pixmaps.move_to_end(sha256)
            return pixmap
        error = self._errors.get(sha256)
        if error is not None:
            return error
        if sha256 not in self._pending:
            if len(self._pending) >= self.MAX_BACKLOG:
                self._pool.clear()  # not-yet-started tasks only; visible cards ask again on paint
                self._pending.clear()
            self._pending.add(sha256)
            # Newest first: the cards on screen now matter more than those scrolled past.
            priority = min(next(self._priority), 2**30)
            self._pool.start(_ThumbTask(self._relay, self._cache, sha256, self._source_of), priority)
        return None

    def forget(self, sha256s: Sequence[str] | None = None) -> None:
        """Drop remembered errors (after a sync may have downloaded the scans), all or some."""
        if sha256s is None:
            self._errors.clear()
            self._cache.forget_failures()
        else:
            for sha in sha256s:
                self._errors.pop(sha, None)

    def pending(self) -> int:
        return len(self._pending)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)

    @Slot(str, object, str)
    def _arrived(self, sha256: str, image: QImage | None, error: str) -> None:
        self._pending.discard(sha256)
        if image is None:
            self._errors[sha256] = error or translate(CONTEXT, NO_IMAGE)
        else:
            self._pixmaps[sha256] = QPixmap.fromImage(image)
            while len(self._pixmaps) > self._keep:
                self._pixmaps.popitem(last=False)
        self.ready.emit(sha256)


# -- the model ----------------------------------------------------------------------------------------
class MaterialCardModel(QAbstractListModel):
    """Rows are material ids (the current search); cards are loaded by id in pages when first shown."""

    PAGE = 48
    KEEP = 1500

    def __init__(
        self,
        engine: Engine,
        tier: Tier,
        thumbnails: ThumbnailProvider | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._tier = tier
        self._ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self._cards: OrderedDict[int, MaterialCard] = OrderedDict()
        self.thumbnails = thumbnails
        if thumbnails is not None:
            thumbnails.ready.connect(self._thumbnail_ready)

    # -- contents ----------------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = [int(i) for i in ids]
        self._row_of = {material_id: row for row, material_id in enumerate(self._ids)}
        self._cards.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, material_id: int) -> int | None:
        return self._row_of.get(material_id)

    def card(self, row: int) -> MaterialCard | None:
        if not 0 <= row < len(self._ids):
            return None
        material_id = self._ids[row]
        card = self._cards.get(material_id)
        if card is None:
            self._load_page_around(row)
            card = self._cards.get(material_id)
        else:
            self._cards.move_to_end(material_id)
        return card

    def cached_card(self, material_id: int) -> MaterialCard | None:
        return self._cards.get(material_id)

    def _load_page_around(self, row: int) -> None:
        start = max(0, row - self.PAGE // 4)
        wanted = [i for i in self._ids[start : start + self.PAGE] if i not in self._cards]
        for material_id, card in load_cards(self._engine, wanted, tier=self._tier).items():
            self._cards[material_id] = card
        while len(self._cards) > self.KEEP:
            self._cards.popitem(last=False)

    def refresh_records(self, record_ids: set[int]) -> None:
        """The store changed these records: reload their cards that are cached (and so maybe visible)."""
        stale = [mid for mid, card in self._cards.items() if card.record_id in record_ids]
        if not stale:
            return
        fresh = load_cards(self._engine, stale, tier=self._tier)
        for material_id in stale:
            card = fresh.get(material_id)
            if card is None:
                self._cards.pop(material_id, None)  # gone from the store: shown as removed
            else:
                self._cards[material_id] = card
            row = self._row_of.get(material_id)
            if row is not None:
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def refresh_all(self) -> None:
        self._cards.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    @Slot(str)
    def _thumbnail_ready(self, sha256: str) -> None:
        for material_id, card in self._cards.items():
            image = card.first_image
            if image is not None and image.get("sha256") == sha256:
                row = self._row_of.get(material_id)
                if row is not None:
                    index = self.index(row)
                    self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- QAbstractListModel --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == ID_ROLE:
            return self._ids[row]
        if role not in (CARD_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        card = self.card(row)
        if role == CARD_ROLE:
            return card
        if card is None:
            return translate(CONTEXT, "（已不在本地数据中）")
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{card.name} {card.id_number}"
        lines = [f"{card.name}  {card.id_number}"]
        lines += [labelled(field_name(name), value or "—") for name, value in card.card_fields]
        lines.append(labelled(translate(CONTEXT, "核验状态"), label(card.verify_status)))
        if card.verify_remark:
            lines.append(labelled(translate(CONTEXT, "核验备注"), card.verify_remark))
        if card.refusal:
            lines.append(labelled(translate(CONTEXT, "不能核验"), reason_text(card.refusal)))
        if card.conflict:
            lines.append(labelled(translate(CONTEXT, "冲突"), reason_text(card.conflict)))
        return "\n".join(lines)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# -- the delegate -------------------------------------------------------------------------------------
class CardGeometry:
    """Where things are on a card (relative to its top-left), shared by painting and hit-testing."""

    WIDTH = 620
    HEIGHT = 270
    MARGIN = 10
    HEADER = 48
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
        room = rect.width() - 2 * CardGeometry.MARGIN - 14 * (len(pairs) - 1)
        for (caption, value), width in zip(pairs, _share(metrics, pairs, room), strict=True):
            end = self._pair(painter, x, y2, width, caption, value, font, text_colour)
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
                    painter, box, translate(CONTEXT, "共{n}张").format(n=len(card.images)), font
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
                value,
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
        if note:
            small = QFont(font)
            small.setPointSizeF(max(7.0, font.pointSizeF() - 1))
            painter.setFont(small)
            painter.setPen(QColor("#c62828") if card.conflict else self._label_colour)
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
