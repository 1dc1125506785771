"""Small previews of certificate scans for the 专项信息 grid, made once and kept on disk.

Why on disk: a grid of thousands of cards is scrolled back and forth, every session. Decoding a 3 MB
scan takes 30–200 ms even with ``draft()``; reading a 15 KB JPEG thumbnail takes about 1 ms. Blobs are
immutable and named by their sha256, so the thumbnail is keyed by the same hash and the size and never
goes stale (``<cache>/<w>x<h>/ab/<sha256>.jpg``).

No Qt: thumbnails are made on worker threads with Pillow (``store.imaging.load_for_display`` does the
fast, upright, bounded decode); the view turns the finished file into a ``QImage``. Files are written to
a temporary name and renamed into place, so two workers racing on one hash, or a crash, never leave a
half-written thumbnail. A scan that cannot be decoded raises ``imaging.ImageLoadError`` (a Chinese
message to show in the card) and is remembered for this session so it is not decoded again and again.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from pathlib import Path

from PIL import Image

from reviewdesk.store.imaging import ImageLoadError, load_for_display

DEFAULT_SIZE = (240, 300)
_SHA256 = re.compile(r"[0-9a-f]{64}")


class ThumbnailCache:
    """Thumbnails by (sha256, size) under ``root``; safe to use from several threads."""

    def __init__(self, root: Path | str, size: tuple[int, int] = DEFAULT_SIZE, quality: int = 82) -> None:
        self.root = Path(root)
        self.size = size
        self.quality = quality
        self._failures: dict[str, ImageLoadError] = {}
        self._lock = threading.Lock()

    def path_for(self, sha256: str) -> Path:
        """Where the thumbnail of ``sha256`` lives (whether or not it exists yet)."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        width, height = self.size
        return self.root / f"{width}x{height}" / sha256[:2] / f"{sha256}.jpg"

    def cached(self, sha256: str) -> Path | None:
        """The thumbnail if it was made before, else None (cheap: one ``stat``)."""
        path = self.path_for(sha256)
        return path if path.is_file() else None

    def failure(self, sha256: str) -> ImageLoadError | None:
        with self._lock:
            return self._failures.get(sha256)

    def get_or_make(self, sha256: str, source: Path | str | None) -> Path:
        """The thumbnail of ``sha256``, made from ``source`` now if needed (call on a worker thread).

        Raises ``ImageLoadError`` when there is no source file or it cannot be decoded.
        """
        existing = self.cached(sha256)
        if existing is not None:
            return existing
        known = self.failure(sha256)
        if known is not None:
            raise known
        if source is None:
            raise ImageLoadError("图片尚未下载，请先同步")
        try:
            image = load_for_display(source, self.size)
        except ImageLoadError as error:
            with self._lock:
                self._failures[sha256] = error
            raise
        return self._save(sha256, image)

    def _save(self, sha256: str, image: Image.Image) -> Path:
        target = self.path_for(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        if image.mode != "RGB":
            # JPEG has no alpha: flatten onto white, as the scan would look on paper.
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
            image = background
        handle, temp_name = tempfile.mkstemp(prefix=".", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                image.save(out, "JPEG", quality=self.quality, optimize=False)
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
            raise
        return target

    def forget_failures(self) -> None:
        """Try broken scans again (after a sync may have fetched a good copy)."""
        with self._lock:
            self._failures.clear()

    def prune(self, max_bytes: int) -> int:
        """Delete the least recently written thumbnails until the cache holds at most ``max_bytes``.

        Returns the number of files deleted. They are remade on demand, so this is always safe.
        """
        files: list[tuple[float, int, Path]] = []
        for path in self.root.rglob("*.jpg"):
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in files)
        deleted = 0
        for _, size, path in sorted(files):
            if total <= max_bytes:
                break
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            deleted += 1
        return deleted
