"""Thumbnails on disk, made from real image files."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from PIL import Image

from reviewdesk.store.imaging import ImageLoadError
from reviewdesk.store.thumbnails import ThumbnailCache


def _scan(path: Path, size: tuple[int, int] = (2400, 1800), mode: str = "RGB", fmt: str = "JPEG") -> str:
    colour = (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30)
    Image.new(mode, size, colour).save(path, fmt)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_thumbnail_is_made_once_small_and_upright(tmp_path: Path) -> None:
    source = tmp_path / "scan.jpg"
    sha = _scan(source)
    cache = ThumbnailCache(tmp_path / "thumbs", size=(240, 300))
    assert cache.cached(sha) is None
    made = cache.get_or_make(sha, source)
    assert made == cache.path_for(sha) and made.is_file()
    with Image.open(made) as thumb:
        assert thumb.format == "JPEG" and thumb.width <= 240 and thumb.height <= 300
        assert thumb.width == 240  # aspect kept: 2400×1800 → 240×180
    mtime = made.stat().st_mtime_ns
    source.unlink()  # a cached thumbnail needs no source any more
    assert cache.get_or_make(sha, source) == made and made.stat().st_mtime_ns == mtime
    assert [p.name for p in made.parent.iterdir()] == [made.name]  # no temp files left


def test_transparent_png_is_flattened_on_white(tmp_path: Path) -> None:
    source = tmp_path / "scan.png"
    sha = _scan(source, (600, 800), "RGBA", "PNG")
    made = ThumbnailCache(tmp_path / "thumbs").get_or_make(sha, source)
    with Image.open(made) as thumb:
        red, green, _ = thumb.convert("RGB").getpixel((10, 10))
        assert red > 200 and green > 100  # half-transparent red on white: pink, not dark


def test_broken_and_missing_scans_raise_chinese_errors_and_are_remembered(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    sha = hashlib.sha256(broken.read_bytes()).hexdigest()
    cache = ThumbnailCache(tmp_path / "thumbs")
    with pytest.raises(ImageLoadError, match="图片"):
        cache.get_or_make(sha, broken)
    assert cache.failure(sha) is not None
    good = tmp_path / "good.jpg"
    _scan(good, (100, 100))
    with pytest.raises(ImageLoadError):  # remembered: not decoded again this session
        cache.get_or_make(sha, good)
    cache.forget_failures()
    assert cache.get_or_make(sha, good).is_file()
    with pytest.raises(ImageLoadError, match="尚未下载"):
        cache.get_or_make("a" * 64, None)
    with pytest.raises(ValueError):
        cache.path_for("../../etc/passwd")


def test_concurrent_workers_agree_and_prune_bounds_the_folder(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbs", size=(120, 150))
    sources = []
    for i in range(6):
        path = tmp_path / f"s{i}.jpg"
        Image.new("RGB", (800 + i, 600), (i * 30, 100, 100)).save(path, "JPEG")
        sources.append((hashlib.sha256(path.read_bytes()).hexdigest(), path))
    results: list[Path] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for sha, path in sources:
                results.append(cache.get_or_make(sha, path))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors and len(results) == 18
    files = sorted((tmp_path / "thumbs").rglob("*"))
    assert len([f for f in files if f.suffix == ".jpg"]) == 6
    assert not [f for f in files if f.suffix == ".part"]
    one = cache.path_for(sources[0][0]).stat().st_size
    assert cache.prune(one * 2 + one // 2) >= 3
    assert sum(p.stat().st_size for p in (tmp_path / "thumbs").rglob("*.jpg")) <= one * 3
