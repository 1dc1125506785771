"""Decoding scans off the GUI thread and handing ``QImage``s back to it.

Why a single relay object: a worker must never touch a widget, and a widget may be closed while its
image is still being decoded. Results travel through one long-lived ``QObject`` living in the GUI
thread (a queued signal), and are delivered by ticket to whoever asked — or dropped if that requester
cancelled or went away. Pillow work (``store.imaging``) and the ``QImage`` conversion run on a small
thread pool of their own, so a burst of thumbnails never starves other background work.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage

from reviewdesk.store.imaging import ORIGINAL_SIZE, ImageLoadError, shared_cache
from reviewdesk.views.common.i18n import translate
from reviewdesk.views.common.image_errors import image_error_text
from reviewdesk.views.common.worker_signals import emit_unless_gone

log = logging.getLogger(__name__)

CONTEXT = "ImageLoader"


def without_file_name(message: str, name: str) -> str:
    """``message`` without the stored file's name at its end: a scan's file is named by its sha256,
    which says nothing to a reviewer in a thumbnail or a card (the tooltip keeps the whole message)."""
    trimmed = message.rstrip()
    if name and trimmed.endswith(name):
        return trimmed.removesuffix(name).rstrip(" ：:") or message
    return message


def cannot_show_message(error: BaseException) -> str:
    """What a reviewer reads where an image failed in an unexpected way (safe on a worker thread)."""
    return translate(CONTEXT, "无法显示图片：{error}").format(error=error)


@dataclass(frozen=True)
class LoadedImage:
    """What a requester receives: a QImage and the file's full upright size, or an error to show in its place."""

    image: QImage | None
    original_size: tuple[int, int]
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.image is not None


def pil_to_qimage(image: Image.Image) -> QImage:
    """Copy a Pillow RGB/RGBA image into a QImage that owns its pixels (safe on any thread)."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    if image.mode == "RGBA":
        fmt, channels = QImage.Format.Format_RGBA8888, 4
    else:
        fmt, channels = QImage.Format.Format_RGB888, 3
    data = image.tobytes("raw", image.mode)
    return QImage(data, image.width, image.height, image.width * channels, fmt).copy()


class _Relay(QObject):
    done = Signal(int, object)  # ticket, LoadedImage


class _DecodeTask(QRunnable):
    def __init__(self, relay: _Relay, ticket: int, path: Path, max_size: tuple[int, int] | None) -> None:
        super().__init__()
        self._relay = relay
        self._ticket = ticket
        self._path = path
        self._max_size = max_size

    def run(self) -> None:
        try:
            image = shared_cache().get(self._path, self._max_size)
            result = LoadedImage(pil_to_qimage(image), tuple(image.info.get(ORIGINAL_SIZE, image.size)))
        except ImageLoadError as error:
            result = LoadedImage(None, (0, 0), image_error_text(error))
        except Exception as error:  # never let a worker die silently
            log.exception("decoding %s failed", self._path)
            result = LoadedImage(None, (0, 0), cannot_show_message(error))
        emit_unless_gone(self._relay.done, self._ticket, result)


class ImageLoader(QObject):
    """Process-wide: ``request(path, size, callback)`` decodes on a worker, calls back on the GUI thread.

    Use :func:`image_loader` to get it. Requesters keep the returned ticket and ``cancel`` it when what
    they asked for is no longer wanted (another record was selected), so stale images never appear.
    """

    def __init__(self) -> None:
        super().__init__()
        self._relay = _Relay()
        self._relay.done.connect(self._deliver)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(2)
        self._tickets = itertools.count(1)
        self._callbacks: dict[int, Callable[[LoadedImage], None]] = {}

    def request(
        self, path: Path, max_size: tuple[int, int] | None, callback: Callable[[LoadedImage], None]
    ) -> int:
        ticket = next(self._tickets)
        self._callbacks[ticket] = callback
        self._pool.start(_DecodeTask(self._relay, ticket, Path(path), max_size))
        return ticket

    def cancel(self, ticket: int | None) -> None:
        if ticket is not None:
            self._callbacks.pop(ticket, None)

    def pending(self) -> int:
        return len(self._callbacks)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Block until the workers are idle (tests and shutdown only)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object)
    def _deliver(self, ticket: int, result: LoadedImage) -> None:
        callback = self._callbacks.pop(ticket, None)
        if callback is None:
            return
        try:
            callback(result)
        except RuntimeError as error:  # the requesting widget was deleted meanwhile
            log.debug("image callback dropped: %s", error)


_loader: ImageLoader | None = None


def image_loader() -> ImageLoader:
    """The shared loader (created on first use, in the GUI thread)."""
    global _loader
    if _loader is None:
        _loader = ImageLoader()
    return _loader
