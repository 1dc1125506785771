"""Image pre-checks on real JPEG/PNG files the tests draw: each finding, and none on a good scan."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw, ImageFilter

from reviewdesk.domain import scan_checks as sc


def document(seed: int = 1, width: int = 1800) -> Image.Image:
    """A certificate-like page: a frame, a heading, and lines of 'characters' (dark blocks) whose
    lengths and gaps vary with ``seed`` — different text on the same template."""
    rng = random.Random(seed)
    height = int(width / 1.414)
    page = Image.new("L", (width, height), 242)
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, width - 40, height - 40), outline=50, width=8)
    char = width // 42
    x0 = width // 2 - 3 * char * 2
    for k in range(6):  # heading: six big characters, centred near the top
        draw.rectangle(
            (x0 + k * char * 2, height // 8, x0 + k * char * 2 + char * 2 - 12, height // 8 + char * 2),
            fill=40,
        )
    y = height // 8 + char * 4
    for _line in range(7):
        x = width // 8
        for _ in range(rng.randrange(14, 26)):
            if rng.random() < 0.15:
                x += char  # a space
                continue
            w = char - rng.randrange(2, 10)
            draw.rectangle(
                (x, y + rng.randrange(0, 5), x + w, y + char - rng.randrange(0, 5)),
                fill=rng.randrange(20, 70),
            )
            x += char + 4
        y += int(char * 1.9)
    return page


def jpeg(image: Image.Image, quality: int = 85, exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_good_scan_has_no_findings_as_jpeg_and_png() -> None:
    for data in (jpeg(document()), png(document(2))):
        report = sc.check_scan(data)
        assert report.codes == (), report.measures
        assert (report.width, report.height) in ((1800, 1272),)
        assert len(report.hash) == 64 and len(report.fine_hash) == 1024


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: document().resize((520, 367)), sc.SCAN_SMALL),
        (lambda: document().filter(ImageFilter.GaussianBlur(6)), sc.SCAN_BLURRED),
        (lambda: document().transpose(Image.Transpose.ROTATE_90), sc.SCAN_SIDEWAYS),
        (lambda: document().transpose(Image.Transpose.ROTATE_270), sc.SCAN_SIDEWAYS),
        (lambda: document().transpose(Image.Transpose.ROTATE_180), sc.SCAN_UPSIDE_DOWN),
        (lambda: document().point(lambda v: v // 8), sc.SCAN_EXPOSURE),
        (lambda: document().point(lambda v: 235 + v // 30), sc.SCAN_EXPOSURE),
    ],
    ids=["small", "blurred", "sideways-90", "sideways-270", "upside-down", "black", "white"],
)
def test_each_problem_is_found_alone(make, code: str) -> None:  # type: ignore[no-untyped-def]
    report = sc.check_scan(jpeg(make()))
    assert report.codes == (code,), report.measures
    assert report.findings[0].message


def test_the_exposure_message_says_black_or_white() -> None:
    assert sc.check_scan(jpeg(document().point(lambda v: v // 8))).findings[0].message == sc.DARK
    assert sc.check_scan(jpeg(document().point(lambda v: 235 + v // 30))).findings[0].message == sc.BLANK


def test_a_scan_turned_by_its_exif_orientation_is_upright_as_shown() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90° clockwise: the stored pixels lie on their side
    stored = document().transpose(Image.Transpose.ROTATE_90)
    report = sc.check_scan(jpeg(stored, exif=exif))
    assert report.codes == (), report.measures
    assert (report.width, report.height) == (1800, 1272)


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7 not an image", b"GIF89a" + b"\0" * 100, jpeg(document())[:20_000]],
    ids=["empty", "pdf", "gif", "cut-short"],
)
def test_not_an_image(data: bytes) -> None:
    report = sc.check_scan(data)
    assert report.codes == (sc.SCAN_NOT_IMAGE,)
    assert report.findings[0].message == sc.NOT_IMAGE and report.hash == ""


def test_too_many_pixels_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sc, "MAX_PIXELS", 1000 * 1000)
    report = sc.check_scan(jpeg(document()))
    assert report.codes == (sc.SCAN_NOT_IMAGE,)
    assert report.findings[0].message == "图片尺寸过大（2289600像素），无法检查"


def test_a_rescaled_recompressed_copy_is_the_same_scan_and_another_page_is_not() -> None:
    original = sc.check_scan(jpeg(document(seed=7)))
    copy = sc.check_scan(jpeg(document(seed=7).resize((1100, 777)), quality=55))
    other = sc.check_scan(jpeg(document(seed=8)))
    assert sc.same_scan(original.fine_hash, copy.fine_hash)
    assert not sc.same_scan(original.fine_hash, other.fine_hash)
    assert set(sc.hash_bands(original.hash)) & set(sc.hash_bands(copy.hash))
    assert not sc.same_scan("", copy.fine_hash)
