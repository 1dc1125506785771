"""Thumbnails of scans for the 专项信息 cards, made off the GUI thread.

The first paint of a card asks :class:`ThumbnailProvider` for its scan; a worker makes (or finds) the
on-disk thumbnail (``store.thumbnails``) and loads it as a ``QImage``; the GUI thread turns it into a
``QPixmap`` and repaints that card. Newer requests run first and a backlog left behind by fast scrolling is
dropped, so what is on screen is always served next.
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QPixmap

from reviewdesk.store.imaging import ImageLoadError
from reviewdesk.store.thumbnails import ThumbnailCache
from reviewdesk.views.common.i18n import translate, translate_noop
from reviewdesk.views.common.image_errors import image_error_text
from reviewdesk.views.common.worker_signals import emit_unless_gone
from reviewdesk.views.images.loading import cannot_show_message

log = logging.getLogger(__name__)

CONTEXT = "MaterialCards"

#: Kept in Chinese (the source text); painted through ``translate(CONTEXT, …)``.
NO_IMAGE = translate_noop(CONTEXT, "暂无图片")


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
            emit_unless_gone(self._relay.done, self._sha, image, "")
        except ImageLoadError as error:
            # a decoding error of store.imaging carries its template; a fixed message of the thumbnail
            # cache (图片尚未下载，请先同步) is listed under this view's context
            text = image_error_text(error) if error.template else translate(CONTEXT, error.message)
            emit_unless_gone(self._relay.done, self._sha, None, text)
        except Exception as error:  # a worker must never die silently
            log.exception("thumbnail of %s failed", self._sha)
            emit_unless_gone(self._relay.done, self._sha, None, cannot_show_message(error))


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
