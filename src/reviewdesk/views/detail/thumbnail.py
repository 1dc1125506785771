"""One scan, small, in a 审核详情 material tab: decoded off the GUI thread, its error shown in place.

A broken scan must say what is wrong where the picture would be (the rest of the record stays usable),
so the button wraps the error over a few lines instead of Qt's one line cut in the middle.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QIcon, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from reviewdesk.views.common.i18n import translate
from reviewdesk.views.images.certificates import CONTEXT as VIEWER_CONTEXT
from reviewdesk.views.images.certificates import NOT_DOWNLOADED
from reviewdesk.views.images.loading import LoadedImage, image_loader, without_file_name

CONTEXT = "DetailPane"
THUMB_SIZE = (200, 150)
#: The scan a 预审提示 points at: framed in red.
THUMB_HIGHLIGHT = "border: 3px solid #c62828;"

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
