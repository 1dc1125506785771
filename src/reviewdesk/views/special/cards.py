"""The 专项信息 card grid's Qt side: a list model holding material ids only, a painted card delegate,
and thumbnails made off the GUI thread.

Why ids and a delegate, not widgets: a unit may verify thousands of 学历 cards in one sitting. Thousands
of ``QWidget`` cards make scrolling crawl and memory grow; a ``QListView`` in icon mode with uniform
item sizes lays out a million ids instantly and paints only what is visible. Cards are fetched from
the store by id in small pages as they come into view (``store.material_query.load_cards``) and kept
in a bounded cache, like Anki's browser table.

The delegate that paints a card is ``card_delegate``; the thumbnails are made by ``thumbnail_provider``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from sqlalchemy import Engine

from reviewdesk.domain.enums import Tier
from reviewdesk.store.material_query import MaterialCard, load_cards
from reviewdesk.views.common.flag_texts import flag_text
from reviewdesk.views.common.i18n import label, translate, translate_noop
from reviewdesk.views.common.material_field_names import field_name, field_value_text
from reviewdesk.views.common.workflow_texts import reason_text
from reviewdesk.views.images.loading import without_file_name
from reviewdesk.views.special.thumbnail_provider import ThumbnailProvider

log = logging.getLogger(__name__)

CONTEXT = "MaterialCards"
FIELD_CONTEXT = "MaterialFields"

#: Kept in Chinese (the source text); painted through ``translate(CONTEXT, …)``.
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


def flags_note(card: MaterialCard) -> str:
    """预审提示 about this material in one line ("预审提示：▲ … ；△ …"): the server's flags in the current
    language, pointers only."""
    marks = translate(CONTEXT, "；").join(
        f"{'▲' if flag.get('severity') == 'alert' else '△'} {flag_text(flag)}" for flag in card.flags
    )
    return labelled(translate(CONTEXT, "预审提示"), marks) if card.flags else ""


CARD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


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
        # A copy: a slot of dataChanged may read a card, which moves it in the LRU order.
        for material_id, card in list(self._cards.items()):
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
        lines += [
            labelled(field_name(name), field_value_text(value) or "—") for name, value in card.card_fields
        ]
        lines.append(labelled(translate(CONTEXT, "核验状态"), label(card.verify_status)))
        if card.verify_remark:
            lines.append(labelled(translate(CONTEXT, "核验备注"), card.verify_remark))
        if card.refusal:
            lines.append(labelled(translate(CONTEXT, "不能核验"), reason_text(card.refusal)))
        if card.conflict:
            lines.append(labelled(translate(CONTEXT, "冲突"), reason_text(card.conflict)))
        if card.flags:
            lines.append(flags_note(card))
        return "\n".join(lines)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
