"""Decoding certificate scans for display: fast, bounded in memory, and honest about broken files.

Why here (store/) and without Qt: decoding is plain Pillow work that runs on worker threads; the viewer
only turns the finished ``PIL.Image`` into a ``QImage``. Keeping it Qt-free also lets benchmarks and the
export use it.

Speed: a phone or scanner JPEG is 3000–4000 px wide, and a full decode plus resize takes ~190 ms.
``Image.draft()`` asks libjpeg to decode at 1/2, 1/4 or 1/8 scale directly (DCT scaling), so a
4000×3000 scan decodes at viewport size in ~30–45 ms (see ``_draft_request``; measured against a full
decode + resize by ``benchmarks/image_bench.py``). Other formats are decoded whole and then reduced.

Correctness: scans carry an EXIF orientation; ``ImageOps.exif_transpose`` shows them the way the
camera held them. A file that is missing, unreadable, not an image, cut short (a download interrupted
before the hash check existed, a disk error) or absurdly large raises :class:`ImageLoadError` with a
Chinese message fit to show in place of the image, so the rest of the record stays usable.

Memory: :class:`ImageCache` keeps the most recently decoded images up to a byte budget (LRU), and
``prefetch`` decodes the next record's scans on a background thread so moving on is instant.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

#: ``image.info`` key holding the full (upright) size of the file, before any reduction.
ORIGINAL_SIZE = "reviewdesk.original_size"

#: EXIF orientations that turn the picture by 90° or 270° (width and height swap).
_TRANSPOSED_ORIENTATIONS = frozenset({5, 6, 7, 8})
_EXIF_ORIENTATION = 0x0112

MISSING = "找不到图片文件：{name}"
NO_PERMISSION = "没有权限读取图片文件：{name}"
EMPTY = "图片文件为空（0 字节）：{name}"
NOT_AN_IMAGE = "无法识别的图片文件，可能已损坏或不是 png/jpg/jpeg 图片：{name}"
TRUNCATED = "图片文件不完整或已损坏，无法显示：{name}"
TOO_LARGE = "图片尺寸过大（{pixels} 像素），为安全起见不予显示：{name}"
UNREADABLE = "无法读取图片文件：{name}（{detail}）"


class ImageLoadError(Exception):
    """A scan that cannot be shown. ``str(error)`` is the Chinese message the viewer shows instead.

    ``template`` and ``fields`` are what it was made of (one of the constants above and its
    ``{name}``, ``{pixels}``, ``{detail}``), so a view can show it in another language
    (``views.images.loading.image_error_text``) while this layer stays free of Qt.
    """

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        template: str = "",
        fields: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.template = template
        self.fields = fields or {}


def _fail(template: str, path: Path, **extra: object) -> ImageLoadError:
    fields = {"name": path.name, **{key: str(value) for key, value in extra.items()}}
    return ImageLoadError(template.format(**fields), path, template, fields)


def load_for_display(path: Path | str, max_size: tuple[int, int] | None = None) -> Image.Image:
    """Decode ``path`` upright and no larger than ``max_size`` (aspect kept); ``None`` = full size.

    The result is RGB (RGBA when the file has transparency); ``result.info[ORIGINAL_SIZE]`` is the
    upright size of the whole file, so a viewer knows what "1:1" means and when to ask for more pixels.
    Raises :class:`ImageLoadError` for anything that cannot be shown.
    """
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            raise _fail(EMPTY, path)
        with warnings.catch_warnings():
            # A DecompressionBombWarning (between 1× and 2× the limit) is only a warning; treat the
            # image as displayable, the limit above it is enforced by Pillow as an error.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                image = _decode(opened, max_size)
    except ImageLoadError:
        raise
    except FileNotFoundError as error:
        raise _fail(MISSING, path) from error
    except PermissionError as error:
        raise _fail(NO_PERMISSION, path) from error
    except Image.DecompressionBombError as error:
        raise _fail(TOO_LARGE, path, pixels=_pixels_of(path)) from error
    except UnidentifiedImageError as error:
        raise _fail(NOT_AN_IMAGE, path) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        # Pillow reports truncated and corrupt data as OSError ("image file is truncated",
        # "broken data stream"), some decoders as SyntaxError/ValueError/EOFError.
        if isinstance(error, OSError) and error.errno is not None and error.filename is not None:
            raise _fail(UNREADABLE, path, detail=error.strerror or error) from error
        raise _fail(TRUNCATED, path) from error
    return image


def _decode(opened: Image.Image, max_size: tuple[int, int] | None) -> Image.Image:
    width, height = opened.size
    orientation = opened.getexif().get(_EXIF_ORIENTATION, 1)
    transposed = orientation in _TRANSPOSED_ORIENTATIONS
    original = (height, width) if transposed else (width, height)
    if max_size is not None and opened.format == "JPEG":
        opened.draft("RGB", _draft_request((width, height), max_size, transposed))
    opened.load()
    image = ImageOps.exif_transpose(opened) if orientation != 1 else opened
    if max_size is not None and (image.width > max_size[0] or image.height > max_size[1]):
        image = image.copy() if image is opened else image
        image.thumbnail(max_size, Image.Resampling.BICUBIC, reducing_gap=2.0)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    wanted = "RGBA" if has_alpha else "RGB"
    result = image.convert(wanted) if image.mode != wanted else image.copy()
    result.info[ORIGINAL_SIZE] = original
    return result


#: A DCT-scaled decode up to this much smaller than the fitted size is taken as it is: a 4000×3000
#: scan fitted into 1280×768 needs 1024×768, and libjpeg's 1/4 scale gives 1000×750 in ~30 ms, while
#: insisting on ≥ 1024 means the 1/2 scale (2000×1500) plus a resize: ~3× the time for 2 % more pixels.
DRAFT_SLACK = 0.9


def _draft_request(file_size: tuple[int, int], box: tuple[int, int], transposed: bool) -> tuple[int, int]:
    """The size to ask ``Image.draft`` for: the file fitted into ``box`` (aspect kept), less the slack.

    ``draft`` picks the smallest DCT scale whose result is at least the request in *both* sides, so the
    request must be the fitted size, not the box: a square box asked as it is would keep a landscape
    scan at full size (3000 / 2 < 1536). ``draft`` works in file coordinates, so a box for a scan
    stored sideways (EXIF 90°/270°) is turned first.
    """
    box_w, box_h = (box[1], box[0]) if transposed else box
    width, height = file_size
    scale = min(box_w / width, box_h / height, 1.0) * DRAFT_SLACK
    return (max(1, int(width * scale)), max(1, int(height * scale)))


def _pixels_of(path: Path) -> str:
    try:
        with Image.open(path) as image:
            return f"{image.width}×{image.height}"
    except Exception:  # only for the message
        return "未知"


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
