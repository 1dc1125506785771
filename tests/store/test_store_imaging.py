"""store.imaging: reduced decoding, EXIF orientation, clear messages for broken files, the LRU."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from reviewdesk.domain.scan_rules import DRAFT_SLACK, ORIGINAL_SIZE, _draft_request
from reviewdesk.store import imaging
from reviewdesk.store.imaging import ImageCache, ImageLoadError, load_for_display


def _jpeg(path: Path, size: tuple[int, int] = (4000, 3000), orientation: int | None = None) -> Path:
    image = Image.new("RGB", size, (200, 180, 150))
    # A marker in the top-left corner tells which way up the decoded image is.
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def test_big_jpeg_decodes_at_the_requested_size_and_remembers_the_original(tmp_path: Path) -> None:
    path = _jpeg(tmp_path / "scan.jpg")
    image = load_for_display(path, (800, 600))
    assert image.width <= 800 and image.height <= 600
    assert max(image.size) >= 700  # reduced, not shrunk to a thumbnail
    assert image.mode == "RGB"
    assert image.info[ORIGINAL_SIZE] == (4000, 3000)


def test_full_size_when_no_limit(tmp_path: Path) -> None:
    path = _jpeg(tmp_path / "scan.jpg", (640, 480))
    assert load_for_display(path).size == (640, 480)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # Orientation 6: stored sideways, shown turned 90° clockwise, so width and height swap.
    path = _jpeg(tmp_path / "sideways.jpg", (1200, 800), orientation=6)
    image = load_for_display(path, (600, 600))
    assert image.height > image.width
    assert image.info[ORIGINAL_SIZE] == (800, 1200)
    # The red corner was top-left in the file; after turning clockwise it is top-right.
    r, g, _b = image.getpixel((image.width - 5, 5))
    assert r > 200 and g < 80


def test_png_with_transparency_is_shown_on_white_paper(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    scan = Image.new("RGBA", (300, 200), (0, 0, 0, 0))  # transparent, black text in the middle
    scan.paste((0, 0, 0, 255), (100, 80, 200, 120))
    scan.save(path)
    for size in ((100, 100), None):
        image = load_for_display(path, size)
        assert image.mode == "RGB" and image.getpixel((2, 2)) == (255, 255, 255)
        assert image.getpixel((image.width // 2, image.height // 2)) == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "图片文件为空"),
        (b"this is not an image at all" * 10, "文件内容不是 png、jpg、jpeg 图片"),
    ],
)
def test_broken_files_raise_a_clear_message(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageLoadError) as info:
        load_for_display(path, (400, 300))
    assert expected in str(info.value)
    assert info.value.path == path


def test_truncated_jpeg_is_reported(tmp_path: Path) -> None:
    path = _jpeg(tmp_path / "cut.jpg", (1600, 1200))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ImageLoadError) as info:
        load_for_display(path, (400, 300))
    assert str(info.value) == "图片文件不完整（数据被截断），无法解码：cut.jpg"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImageLoadError) as info:
        load_for_display(tmp_path / "nope.jpg")
    assert "找不到图片文件" in str(info.value)


def test_cache_hits_evicts_by_budget_and_sees_changed_files(tmp_path: Path) -> None:
    paths = [_jpeg(tmp_path / f"{i}.jpg", (400, 300)) for i in range(3)]
    one_image = 400 * 300 * 3
    cache = ImageCache(budget_bytes=2 * one_image)
    try:
        first = cache.get(paths[0])
        assert cache.get(paths[0]) is first and cache.hits == 1
        cache.get(paths[1])
        cache.get(paths[2])  # evicts paths[0], the least recently used
        assert len(cache) == 2 and not cache.contains(paths[0])
        assert cache.used_bytes <= 2 * one_image
        _jpeg(paths[1], (200, 100))  # the file changes on disk (re-downloaded)
        assert cache.get(paths[1]).size == (200, 100)
    finally:
        cache.close()


def test_cache_remembers_failures(tmp_path: Path) -> None:
    path = tmp_path / "bad.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    cache = ImageCache()
    try:
        for _ in range(2):
            with pytest.raises(ImageLoadError):
                cache.get(path)
        assert cache.misses == 1 and cache.hits == 1
    finally:
        cache.close()


def test_prefetch_decodes_in_the_background(tmp_path: Path) -> None:
    good = _jpeg(tmp_path / "good.jpg", (2000, 1500))
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"garbage")
    cache = ImageCache()
    try:
        futures = cache.prefetch([good, bad], (500, 500))
        assert len(futures) == 2
        for future in futures:
            future.exception(timeout=30)
        assert cache.contains(good, (500, 500)) and cache.contains(bad, (500, 500))
        assert cache.prefetch([good], (500, 500)) == []  # already there
        assert cache.get(good, (500, 500)).width <= 500
    finally:
        cache.close()


def test_shared_cache_is_one_object() -> None:
    assert imaging.shared_cache() is imaging.shared_cache()


# -- the DCT scale asked of libjpeg (``_draft_request``) --------------------------------------------------
# What a reviewer sees: a 4000×3000 phone photo of a certificate appears at once, sharp at "fit"; zooming
# in asks for the full file (test_image_viewer.py). Sizes, not times: the time is benchmarks/image_bench.py.


def test_landscape_scan_in_a_viewport_box_is_decoded_at_a_quarter_without_resizing(tmp_path: Path) -> None:
    image = load_for_display(_jpeg(tmp_path / "a.jpg", (4000, 3000)), (1280, 768))
    assert image.size == (1000, 750)  # libjpeg's 1/4 scale as it is: within 10 % of the fitted 1024×768
    assert image.info[ORIGINAL_SIZE] == (4000, 3000)


def test_square_box_does_not_keep_a_landscape_scan_at_full_size(tmp_path: Path) -> None:
    # 3000 / 2 < 1536: asking draft() for the box itself would have decoded all 12 million pixels
    image = load_for_display(_jpeg(tmp_path / "b.jpg", (4000, 3000)), (1536, 1536))
    assert image.size == (1536, 1152)
    assert _draft_request((4000, 3000), (1536, 1536), transposed=False) == (1382, 1036)


def test_sideways_scan_turns_the_box_before_asking(tmp_path: Path) -> None:
    # stored 4000×3000 with EXIF orientation 6: shown 3000×4000, fitted into a portrait box
    image = load_for_display(_jpeg(tmp_path / "c.jpg", (4000, 3000), orientation=6), (768, 1280))
    assert image.size == (750, 1000)
    assert image.getpixel((image.width - 5, 5))[0] > 200  # the marker turned to the top-right


@pytest.mark.parametrize("box", [(512, 512), (1024, 768), (1920, 1080), (5000, 5000)])
def test_result_never_exceeds_the_box_and_fills_it_within_the_slack(tmp_path: Path, box) -> None:
    path = tmp_path / "d.jpg"
    if not path.exists():
        _jpeg(path, (3264, 2448))
    image = load_for_display(path, box)
    fitted = min(box[0] / 3264, box[1] / 2448, 1.0)
    assert image.width <= box[0] and image.height <= box[1]
    assert image.width >= int(3264 * fitted * DRAFT_SLACK) - 1
