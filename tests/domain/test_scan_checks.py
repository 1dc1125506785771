"""Image pre-checks on real JPEG/PNG files the tests draw: each finding, and none on a good scan."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image, ImageFilter

from reviewdesk.domain import scan_checks as sc
from reviewdesk.domain import scan_rules
from reviewdesk.server.demo.planted_scans import document


def jpeg(image: Image.Image, quality: int = 85, exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_good_scan_has_no_findings_as_jpeg_and_png() -> None:
    for data in (jpeg(document(1)), png(document(2))):
        report = sc.check_scan(data)
        assert report.codes == (), report.measures
        assert (report.width, report.height) in ((1800, 1272),)
        assert report.hash.startswith(f"{sc.HASH_FORMAT}:") and sc.hash_bands(report.hash)
        assert len(report.print) > 500  # a compressed print of the page


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: document(1).resize((520, 367)), sc.SCAN_SMALL),
        (lambda: document(1).filter(ImageFilter.GaussianBlur(6)), sc.SCAN_BLURRED),
        (lambda: document(1).transpose(Image.Transpose.ROTATE_90), sc.SCAN_SIDEWAYS),
        (lambda: document(1).transpose(Image.Transpose.ROTATE_270), sc.SCAN_SIDEWAYS),
        (lambda: document(1).transpose(Image.Transpose.ROTATE_180), sc.SCAN_UPSIDE_DOWN),
        (lambda: document(1).point(lambda v: v // 8), sc.SCAN_EXPOSURE),
        (lambda: document(1).point(lambda v: 235 + v // 30), sc.SCAN_EXPOSURE),
    ],
    ids=["small", "blurred", "sideways-90", "sideways-270", "upside-down", "black", "white"],
)
def test_each_problem_is_found_alone(make, code: str) -> None:  # type: ignore[no-untyped-def]
    report = sc.check_scan(jpeg(make()))
    assert report.codes == (code,), report.measures
    assert report.findings[0].message


def test_the_exposure_message_says_black_or_white() -> None:
    assert sc.check_scan(jpeg(document(1).point(lambda v: v // 8))).findings[0].message == sc.DARK
    assert sc.check_scan(jpeg(document(1).point(lambda v: 235 + v // 30))).findings[0].message == sc.BLANK


def test_a_scan_turned_by_its_exif_orientation_is_upright_as_shown() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90° clockwise: the stored pixels lie on their side
    stored = document(1).transpose(Image.Transpose.ROTATE_90)
    report = sc.check_scan(jpeg(stored, exif=exif))
    assert report.codes == (), report.measures
    assert (report.width, report.height) == (1800, 1272)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "图片文件为空（0 字节）"),
        (b"%PDF-1.7 not an image", "图片格式不符：文件内容是 PDF 格式，仅支持 png、jpg、jpeg"),
        (b"GIF89a" + b"\0" * 100, "图片格式不符：文件内容是 GIF 格式，仅支持 png、jpg、jpeg"),
        (jpeg(document(1))[:20_000], "图片文件不完整（数据被截断），无法解码"),
    ],
    ids=["empty", "pdf", "gif", "cut-short"],
)
def test_not_an_image_says_why_in_the_image_policys_words(data: bytes, reason: str) -> None:
    report = sc.check_scan(data)
    assert report.codes == (sc.SCAN_NOT_IMAGE,)
    assert report.findings[0].message == reason and report.hash == ""


def test_too_many_pixels_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_rules, "MAX_PIXELS", 1000 * 1000)
    report = sc.check_scan(jpeg(document(1)))
    assert report.codes == (sc.SCAN_NOT_IMAGE,)
    assert (
        report.findings[0].message == "图片像素过多（1800×1272，共 2,289,600 像素），不能超过 1,000,000 像素"
    )


def test_a_rescaled_recompressed_copy_is_the_same_scan_and_another_page_is_not() -> None:
    original = sc.check_scan(jpeg(document(seed=7)))
    copy = sc.check_scan(jpeg(document(seed=7).resize((1100, 777)), quality=55))
    other = sc.check_scan(jpeg(document(seed=8)))
    assert sc.same_scan(original.print, copy.print)
    assert not sc.same_scan(original.print, other.print)
    # the copy is found by a key of its own text, one the other page of the template does not share
    assert (set(sc.hash_bands(original.hash)) & set(sc.hash_bands(copy.hash))) - set(
        sc.hash_bands(other.hash)
    )
    assert not sc.same_scan(b"", copy.print)
    assert not sc.same_scan(b"not a print", copy.print)
    assert sc.hash_bands("0123abcd" * 128) == []  # a hash of the first format: no keys until re-hashed


@pytest.mark.parametrize("size", [(1, 1), (2, 9), (3, 3), (40, 2)])
def test_a_few_pixels_are_small_and_blank_without_numpy_warnings(size: tuple[int, int]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = sc.check_scan(png(Image.new("L", size, 0)))
    assert report.codes == (sc.SCAN_SMALL, sc.SCAN_EXPOSURE)
