"""The desktop's decoding paths (store.imaging, store.thumbnails) under the one image policy.

Real files on disk, made by the tests (``scan_samples``): every hostile scan becomes an ImageLoadError
with the policy's Chinese reason, is remembered (not decoded again on the next visit), and nothing else
escapes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image

import scan_samples as samples
from reviewdesk.domain import scan_rules
from reviewdesk.store import imaging
from reviewdesk.store.imaging import ImageCache, ImageLoadError, load_for_display
from reviewdesk.store.thumbnails import ThumbnailCache


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data"), list(samples.hostile_samples().items()))
def test_every_crafted_scan_is_shown_or_refused_in_chinese(tmp_path: Path, name: str, data: bytes) -> None:
    path = _write(tmp_path, name, data)
    for size in ((240, 300), (1280, 768), None):
        try:
            image = load_for_display(path, size)
        except ImageLoadError as error:
            assert error.code in scan_rules.REASONS
            assert error.message == f"{scan_rules.REASONS[error.code].format(**error.fields)}：{name}"
        else:
            assert name.startswith(("fine", "grey16.png")), name
            assert image.mode == "RGB"


def test_a_dds_failure_is_remembered_not_decoded_on_every_visit(tmp_path: Path, monkeypatch) -> None:
    path = _write(tmp_path, "a.jpg", samples.dds_texture())
    decodes: list[int] = []
    real = imaging.decode_for_display
    monkeypatch.setattr(imaging, "decode_for_display", lambda *a, **k: decodes.append(1) or real(*a, **k))
    cache = ImageCache()
    try:
        for _ in range(3):
            with pytest.raises(ImageLoadError, match="DDS 格式"):
                cache.get(path, (800, 600))
        assert (len(decodes), cache.misses, cache.hits) == (1, 1, 2)
    finally:
        cache.close()


def test_a_16_bit_grey_scan_makes_a_thumbnail_and_a_tiff_is_refused_and_remembered(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbs", size=(120, 120))
    grey = _write(tmp_path, "grey.png", samples.scan_png((300, 200), "I;16"))
    made = cache.get_or_make(hashlib.sha256(grey.read_bytes()).hexdigest(), grey)
    with Image.open(made) as thumb:
        assert thumb.size == (120, 80) and abs(thumb.getpixel((60, 40))[0] - 156) <= 3  # 40000/256
    tiff = _write(tmp_path, "grey.tif", samples.sixteen_bit_tiff())
    sha = hashlib.sha256(tiff.read_bytes()).hexdigest()
    with pytest.raises(ImageLoadError) as info:
        cache.get_or_make(sha, tiff)
    assert info.value.code == "image_format" and "TIFF" in info.value.message
    tiff.write_bytes(samples.scan_jpeg())  # even a good file now: the failure is remembered this session
    with pytest.raises(ImageLoadError):
        cache.get_or_make(sha, tiff)


def test_the_huge_png_is_refused_with_its_size_before_decoding(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.png", samples.huge_png())
    with pytest.raises(ImageLoadError) as info:
        ThumbnailCache(tmp_path / "thumbs").get_or_make("b" * 64, path)
    assert info.value.message.startswith(
        "图片像素过多（13000×13000，共 169,000,000 像素），不能超过 36,000,000 像素"
    )


def test_a_file_above_the_display_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    with path.open("wb") as out:
        out.write(samples.scan_jpeg((64, 48)))
        out.truncate(scan_rules.MAX_DISPLAY_BYTES + 1024 * 1024)  # sparse: nothing written
    with pytest.raises(ImageLoadError) as info:
        load_for_display(path)
    assert info.value.message == "图片文件过大（33 MB），不能超过 32 MB：huge.jpg"


def test_an_unreadable_path_says_so_in_chinese_with_the_error_number(tmp_path: Path) -> None:
    folder = tmp_path / "scan.jpg"
    folder.mkdir()  # a folder where the scan should be: reading it fails with EISDIR
    with pytest.raises(ImageLoadError) as info:
        load_for_display(folder)
    assert info.value.code == "file_unreadable"
    assert (
        info.value.message.startswith("无法读取图片文件：scan.jpg（错误码 ")
        and info.value.message.isascii() is False
    )
