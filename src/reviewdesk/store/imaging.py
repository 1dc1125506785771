"""Decoding certificate scans for display: fast, bounded in memory, and honest about broken files.

Why here (store/) and without Qt: reading the file is the store's business and runs on worker threads;
the decoding itself is ``reviewdesk.domain.scan_rules.decode_for_display`` — the one image policy the
server applies at upload too (PNG/JPEG by content, at most ``MAX_PIXELS``, bounded decoding, modes
converted before any resize). The viewer only turns the finished ``PIL.Image`` into a ``QImage``.

Speed: a phone or scanner JPEG is 3000–4000 px wide, and a full decode plus resize takes ~190 ms;
``draft()`` decodes it at viewport size in ~30–45 ms (``benchmarks/image_bench.py``).

A file that is missing, unreadable, larger than ``MAX_DISPLAY_BYTES``, not a PNG/JPEG, cut short,
corrupt or with too many pixels raises :class:`ImageLoadError` with a Chinese message fit to show in
place of the image, so the rest of the record stays usable. No other exception leaves this module.

Memory: :class:`ImageCache` keeps the most recently decoded images up to a byte budget (LRU), and
``prefetch`` decodes the next record's scans on a background thread so moving on is instant. Failures
are cached too: a broken file is not decoded again on every visit.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from reviewdesk.domain.scan_rules import (
    MAX_DISPLAY_BYTES,
    ORIGINAL_SIZE,
    ScanRefused,
    check_size,
    decode_for_display,
)

log = logging.getLogger(__name__)

__all__ = ["ORIGINAL_SIZE", "ImageCache", "ImageLoadError", "load_for_display", "prefetch", "shared_cache"]

MISSING = "找不到图片文件：{name}"
NO_PERMISSION = "没有权限读取图片文件：{name}"
UNREADABLE = "无法读取图片文件：{name}（错误码 {errno}）"
#: A refusal of ``domain.scan_rules`` and the file it is about.
WITH_NAME = "{reason}：{name}"


class ImageLoadError(Exception):
    """A scan that cannot be shown. ``str(error)`` is the Chinese message the viewer shows instead.

    ``template`` and ``fields`` are what it was made of (one of the constants above, or a refusal's of
    ``domain.scan_rules``), so a view can show it in another language
    (``views.common.image_errors.image_error_text``) while this layer stays free of Qt. ``code`` is the
    refusal's code (``image_truncated`` …) or ``file_missing``/``file_permission``/``file_unreadable``.
    """

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        template: str = "",
        fields: dict[str, str] | None = None,
        code: str = "",
        named: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.template = template
        self.fields = fields or {}
        self.code = code
        #: ``template`` is a refusal's reason only; the file's name follows it (``WITH_NAME``)
        self.named = named


def _fail(template: str, code: str, path: Path, **extra: object) -> ImageLoadError:
    fields = {"name": path.name, **{key: str(value) for key, value in extra.items()}}
    return ImageLoadError(template.format(**fields), path, template, fields, code)


def _refused(refusal: ScanRefused, path: Path) -> ImageLoadError:
    """The policy's reason and the file's name (the views show the reason and keep the name, a sha256,
    for the tooltip): ``template`` is the reason's, ``WITH_NAME`` joins the two in a view."""
    if refusal.detail:
        log.info("scan %s refused: %s (%s)", path.name, refusal.code, refusal.detail)
    message = WITH_NAME.format(reason=refusal.reason, name=path.name)
    return ImageLoadError(message, path, refusal.template, {**refusal.fields}, refusal.code, named=True)


def read_scan(path: Path | str, max_bytes: int = MAX_DISPLAY_BYTES) -> bytes:
    """The bytes of the scan at ``path``, refused before reading when larger than ``max_bytes``.

    Raises :class:`ImageLoadError` (missing, no permission, unreadable, too large).
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            check_size(os.fstat(stream.fileno()).st_size, max_bytes)
            data = stream.read(max_bytes + 1)
        check_size(len(data), max_bytes)  # grew while being read
    except ScanRefused as refusal:
        raise _refused(refusal, path) from refusal
    except FileNotFoundError as error:
        raise _fail(MISSING, "file_missing", path) from error
    except PermissionError as error:
        raise _fail(NO_PERMISSION, "file_permission", path) from error
    except OSError as error:
        raise _fail(UNREADABLE, "file_unreadable", path, errno=error.errno or "?") from error
    return data


def load_for_display(path: Path | str, max_size: tuple[int, int] | None = None) -> Image.Image:
    """Decode ``path`` upright and no larger than ``max_size`` (aspect kept); ``None`` = full size.

    The result is RGB (transparency flattened onto white); ``result.info[ORIGINAL_SIZE]`` is the
    upright size of the whole file, so a viewer knows what "1:1" means and when to ask for more pixels.
    Raises :class:`ImageLoadError` for anything that cannot be shown, and nothing else.
    """
    path = Path(path)
    data = read_scan(path)
    try:
        return decode_for_display(data, max_size)
    except ScanRefused as refusal:
        raise _refused(refusal, path) from refusal


def _image_bytes(image: Image.Image) -> int:
    return image.width * image.height * len(image.getbands())


CacheKey = tuple[str, int, int, tuple[int, int] | None]


class ImageCache:
    """An LRU of decoded images, bounded by their pixel bytes, safe to use from several threads.

    Keyed by path, file size, modification time and requested size, so a re-downloaded file is never
    served stale. Failures are remembered as well (a corrupt file is not decoded again and again while
    the reviewer moves back and forth); they are cheap and count as one byte.
    """

    def __init__(self, budget_bytes: int = 256 * 1024 * 1024, prefetch_workers: int = 1) -> None:
        self.budget_bytes = budget_bytes
        self._entries: OrderedDict[CacheKey, Image.Image | ImageLoadError] = OrderedDict()
        self._sizes: dict[CacheKey, int] = {}
        self._used = 0
        self._lock = threading.Lock()
        self._inflight: dict[CacheKey, Future[Image.Image]] = {}
        self._executor = ThreadPoolExecutor(max_workers=prefetch_workers, thread_name_prefix="image-prefetch")
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _key(path: Path, max_size: tuple[int, int] | None) -> CacheKey:
        try:
            stat = path.stat()
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        return (os.fspath(path), size, mtime, max_size)

    def get(self, path: Path | str, max_size: tuple[int, int] | None = None) -> Image.Image:
        """The decoded image from the cache, decoding it now (on this thread) if needed.

        Raises :class:`ImageLoadError` like :func:`load_for_display`. Callers must not modify the result
        (it is shared); ``copy()`` it first if needed.
        """
        path = Path(path)
        key = self._key(path, max_size)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                if isinstance(entry, ImageLoadError):
                    raise entry
                return entry
            pending = self._inflight.get(key)
        if pending is not None:
            # A prefetch is decoding this very file: wait for it rather than decoding twice.
            return pending.result()
        return self._decode_into_cache(path, max_size, key)

    def _decode_into_cache(self, path: Path, max_size: tuple[int, int] | None, key: CacheKey) -> Image.Image:
        """Decode a cache miss and keep the result — the image, or the error so a broken file is
        reported again without decoding it again."""
        with self._lock:
            self.misses += 1
        try:
            image = load_for_display(path, max_size)
        except ImageLoadError as error:
            self._store(key, error, 1)
            raise
        self._store(key, image, _image_bytes(image))
        return image

    def contains(self, path: Path | str, max_size: tuple[int, int] | None = None) -> bool:
        key = self._key(Path(path), max_size)
        with self._lock:
            return key in self._entries

    def _store(self, key: CacheKey, entry: Image.Image | ImageLoadError, size: int) -> None:
        with self._lock:
            if key in self._entries:
                self._used -= self._sizes.pop(key)
                del self._entries[key]
            if size > self.budget_bytes:
                return  # larger than the whole cache: use once, never keep
            self._entries[key] = entry
            self._sizes[key] = size
            self._used += size
            while self._used > self.budget_bytes and self._entries:
                old_key, _ = self._entries.popitem(last=False)
                self._used -= self._sizes.pop(old_key)

    def prefetch(
        self, paths: Iterable[Path | str], max_size: tuple[int, int] | None = None
    ) -> list[Future[Image.Image]]:
        """Decode ``paths`` into the cache on the background thread; returns one future per new path.

        Paths already cached or already being decoded are skipped. Failures are kept in the cache (the
        future then holds the ImageLoadError) and never raised on the caller's thread.
        """
        futures: list[Future[Image.Image]] = []
        for raw in paths:
            path = Path(raw)
            key = self._key(path, max_size)
            with self._lock:
                if key in self._entries or key in self._inflight:
                    continue
                future = self._executor.submit(self._prefetch_one, path, max_size, key)
                self._inflight[key] = future
            futures.append(future)
        return futures

    def _prefetch_one(self, path: Path, max_size: tuple[int, int] | None, key: CacheKey) -> Image.Image:
        try:
            return self._decode_into_cache(path, max_size, key)
        finally:
            with self._lock:
                self._inflight.pop(key, None)

    @property
    def used_bytes(self) -> int:
        with self._lock:
            return self._used

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()
            self._used = 0

    def close(self) -> None:
        """Stop the prefetch thread (pending prefetches are dropped)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


_shared: ImageCache | None = None
_shared_lock = threading.Lock()


def shared_cache() -> ImageCache:
    """The process-wide cache the viewer, the thumbnails and prefetching share."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ImageCache()
        return _shared


def prefetch(paths: Sequence[Path | str], max_size: tuple[int, int] | None = None) -> None:
    """Decode ``paths`` into the shared cache in the background (the next record's scans)."""
    shared_cache().prefetch(paths, max_size)
