"""The certificate viewer's scene: a certificate's faces (A面, B面…) side by side or one at a time.

Why apart from the viewer: how the scans, their captions and the messages in place of a scan sit in
the scene is one idea (scene units, rotation, wrapping), the viewer's toolbar, keys, zoom memory and
loading another. Each face is a pixmap item scaled so that one scene unit is one pixel of the
*original* file, whatever size it was decoded at; a face not shown yet (加载中…, a broken file's error)
is a block of text the size of a scan, so the layout does not jump when it arrives.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QFont, QTextOption
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsTextItem

from reviewdesk.views.images.certificates import CertificateImage

GAP = 32.0  # scene units between side-by-side scans
#: A face's message (加载中…, a broken file's error) beside a caption's size (a twentieth of the scan).
PLACEHOLDER_TEXT_SCALE = 0.7
TEXT_COLOUR = "#f0f0f0"
ERROR_COLOUR = "#ffb4a8"


@dataclass
class Face:
    """One scan of the certificate shown: its item once decoded, else the message in its place."""

    spec: CertificateImage
    item: QGraphicsPixmapItem | None = None
    message: str = ""
    original: tuple[int, int] = (0, 0)
    decoded_width: int = 0
    full_requested: bool = False
    ticket: int | None = None
    rotation: int = 0
    caption: QGraphicsSimpleTextItem | None = None
    placeholder: QGraphicsTextItem | None = field(default=None)


def display_size_for(viewport: QSize, ratio: float = 1.0) -> tuple[int, int]:
    """The box scans are first decoded into for a viewport: its device pixels, each side rounded up to
    256 px steps (at least 512).

    A fitted scan needs no more than the viewport; zooming in past the decoded resolution asks for the
    full file (the viewer's ``_maybe_upgrade``). Rounding makes prefetches and later views of the same
    file hit the same cache entry.
    """
    scale = max(ratio, 1.0)

    def bucket(side: int) -> int:
        return int(math.ceil(max(side * scale, 512) / 256.0) * 256)

    return (bucket(viewport.width()), bucket(viewport.height()))


def message_item(scene: QGraphicsScene, text: str, font: QFont, point_size: int) -> QGraphicsSimpleTextItem:
    """``text`` alone in the scene (暂无图片…), the same size on screen whatever the zoom."""
    item = scene.addSimpleText(text)
    sized = QFont(font)
    sized.setPointSize(point_size)
    item.setFont(sized)
    item.setBrush(QColor(TEXT_COLOUR))
    item.setFlag(QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
    return item


def _placeholder_item(scene: QGraphicsScene, font: QFont) -> QGraphicsTextItem:
    """The text shown instead of a face (加载中…, a broken file's error), wrapped to its block."""
    item = QGraphicsTextItem()
    sized = QFont(font)
    sized.setPixelSize(20)
    item.setFont(sized)
    option = item.document().defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    item.document().setDefaultTextOption(option)
    scene.addItem(item)
    return item


def lay_out(
    scene: QGraphicsScene,
    faces: Sequence[Face],
    visible: Sequence[Face],
    font: QFont,
    placeholder_size: tuple[float, float],
    loading_text: str,
) -> None:
    """Place the ``visible`` faces left to right, each turned by its rotation, captions above; hide
    the others. A face not decoded shows its message (else ``loading_text``) in a block of
    ``placeholder_size``.

    Captions live in scene units (a twentieth of the tallest face), so they sit above their scan at any
    zoom instead of being painted over it."""
    x = 0.0
    tallest = 0.0
    for face in faces:
        for item in (face.item, face.caption, face.placeholder):
            if item is not None:
                item.setVisible(False)
    lefts: list[float] = []
    blocks: list[tuple[QGraphicsTextItem, float, float, float]] = []
    for face in visible:
        if face.item is not None:
            item = face.item
            item.setVisible(True)
            item.setScale(face.original[0] / max(face.decoded_width, 1))
            item.setRotation(face.rotation)
            item.setPos(0, 0)
            rect = item.sceneBoundingRect()
            item.setPos(x - rect.left(), -rect.top())
            width, height = rect.width(), rect.height()
            if face.placeholder is not None:
                face.placeholder.setVisible(False)
        else:
            if face.placeholder is None:
                face.placeholder = _placeholder_item(scene, font)
            face.placeholder.setPlainText(face.message or loading_text)
            face.placeholder.setDefaultTextColor(
                QColor(ERROR_COLOUR) if face.message and face.spec.path else QColor(TEXT_COLOUR)
            )
            face.placeholder.setVisible(True)
            # A fixed-size block in scene units, similar to a small scan, so the layout is stable.
            width, height = placeholder_size
            blocks.append((face.placeholder, x, width, height))
        lefts.append(x)
        x += width + GAP
        tallest = max(tallest, height)
    unit = max(tallest / 20.0, 12.0)
    for text_item, left, width, height in blocks:
        # Like the captions, in scene units, and wrapped inside the face's own block: a long message
        # (a broken file's name) never runs over the scan beside it.
        scale = unit * PLACEHOLDER_TEXT_SCALE / 20.0
        text_item.setScale(scale)
        text_item.setTextWidth(max((width - 2 * unit) / scale, 1.0))
        text_height = text_item.boundingRect().height() * scale
        text_item.setPos(left + unit, max((height - text_height) / 2, 0.0))
    for face, left in zip(visible, lefts, strict=True):
        if face.caption is None:
            face.caption = scene.addSimpleText(face.spec.label)
            sized = QFont(font)
            sized.setPixelSize(20)
            face.caption.setFont(sized)
            face.caption.setBrush(QColor(TEXT_COLOUR))
        face.caption.setScale(unit / 20.0)
        face.caption.setPos(left, -unit * 1.5)
        face.caption.setVisible(True)
    if visible:
        top = -unit * 1.5 - GAP
        scene.setSceneRect(QRectF(-GAP, top, x + GAP, tallest - top + GAP))
