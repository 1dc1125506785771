"""domain.scan_rules: the paths its first tests never took (found by mutation testing, issue 19).

A sideways JPEG decoded at the DCT scale that fills the box *turned*; the door's 1/8 decode of a JPEG,
however narrow; 32-bit grey and the premultiplied and paletted modes with alpha; a picture exactly as
wide as its box's height; a decoder's surprise after the pixels loaded; the byte limit the caller
gives. Every image is made here, small (the largest is 400 × 300), and every expected size and pixel
is worked out by hand from libjpeg's scales (1/1, 1/2, 1/4, 1/8: the smallest whose result is at
least the size asked for in both sides) and Pillow's rules, not taken from the code under test.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

import scan_samples as samples
from reviewdesk.domain import scan_rules
from reviewdesk.domain.scan_rules import (
    MAX_UPLOAD_BYTES,
    ORIGINAL_SIZE,
    ScanRefused,
    decode_for_display,
    inspect_and_fit,
    inspect_scan,
)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _with_chunk_before_pixels(png: bytes, chunk: bytes) -> bytes:
    at = png.index(b"IDAT") - 4
    return png[:at] + chunk + png[at:]


def _black_left_quarter(size: tuple[int, int] = (40, 30)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    image.paste((0, 0, 0), (0, 0, size[0] // 4, size[1]))
    return image


# -- the size asked of libjpeg ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("file_size", "box", "transposed", "asked"),
    [
        # stored 1000 × 750, shown turned (750 × 1000) in 225 × 300: in file terms the box is 300 × 225,
        # 0.3 of the file, less the 10 % slack: 0.27 → 270 × 202.5
        ((1000, 750), (225, 300), True, (270, 202)),
        ((1000, 750), (300, 225), False, (270, 202)),
        # a tall narrow box, turned: 1000 × 150 in file terms, the height limits (0.2) → 0.18
        ((1000, 750), (150, 1000), True, (180, 135)),
        # the width limits: 100 of 1000 → 0.1 → 0.09 (67.5 rows: 67)
        ((1000, 750), (100, 1000), False, (90, 67)),
        # a box larger than the file: never more than the file (1.0), less the slack
        ((100, 75), (1000, 1000), False, (90, 67)),
        # a box of one pixel: at least one pixel a side is asked for (0.0009 × 1000 is 0)
        ((1000, 750), (1, 1), False, (1, 1)),
    ],
    ids=["sideways", "upright", "sideways-tall-box", "width-limits", "box-larger", "one-pixel"],
)
def test_the_size_asked_of_libjpeg_is_the_file_fitted_into_the_box_less_the_slack(
    file_size: tuple[int, int], box: tuple[int, int], transposed: bool, asked: tuple[int, int]
) -> None:
    assert scan_rules._draft_request(file_size, box, transposed) == asked


def test_a_sideways_jpeg_is_decoded_at_the_scale_that_fills_the_box_it_is_shown_in() -> None:
    """Stored 400 × 300 with EXIF 6 (shown turned, 300 × 400), into a 90 × 120 box: in file terms the
    box is 120 × 90, 0.3 of the file; libjpeg's 1/2 (200 × 150) is the smallest scale that still fills
    it, turned and reduced to exactly 90 × 120. Taken untouched, the box (90 wide, against the file's
    400) asks for 1/4: 100 × 75, turned 75 × 100 — a picture smaller than its box."""
    data = samples.scan_jpeg((400, 300), orientation=6)
    shown = decode_for_display(data, (90, 120))
    assert (shown.size, shown.info[ORIGINAL_SIZE]) == ((90, 120), (300, 400))
    info, fitted = inspect_and_fit(data, (90, 120))
    assert (info.orientation, fitted.size, fitted.info[ORIGINAL_SIZE]) == (6, (90, 120), (300, 400))


@pytest.mark.parametrize(
    ("size", "decoded"),
    [((400, 300), (50, 38)), ((12, 64), (2, 8)), ((64, 12), (8, 2))],
    ids=["400x300", "12-wide", "12-high"],
)
def test_the_door_decodes_a_jpeg_at_one_eighth_however_narrow(
    size: tuple[int, int], decoded: tuple[int, int]
) -> None:
    """The door reads every byte of a JPEG's entropy-coded data but keeps 1/64 of the pixels: 1/8 a
    side, rounded up (300 / 8 = 37.5 → 38). A side under 16 pixels asks libjpeg for one pixel, not
    two: 12 // 2 is 6 and would pick 1/4 (3 × 16 of a 12 × 64 file)."""
    info, image = scan_rules._inspect(samples.scan_jpeg(size), MAX_UPLOAD_BYTES, None)
    with image:
        assert ((info.width, info.height), image.size) == (size, decoded)


def test_a_draft_that_fails_is_a_refusal_with_the_decoders_words() -> None:
    jpeg = io.BytesIO(samples.scan_jpeg((64, 48)))
    with Image.open(jpeg) as image, pytest.raises(ScanRefused) as refused:
        scan_rules._draft(image, (0, 0))  # Pillow finds libjpeg's scale by dividing by the size asked
    assert (refused.value.code, refused.value.detail) == (
        "image_corrupt",
        "ZeroDivisionError: integer division or modulo by zero",
    )


# -- the door ---------------------------------------------------------------------------------------------
def _png_damaged_under_a_valid_checksum() -> bytes:
    """A PNG whose compressed pixels have one byte flipped, with the chunk's CRC computed again: the
    checksums pass, the pixels do not decode."""
    png = samples.encode(_black_left_quarter(), "PNG")
    at = png.index(b"IDAT")
    length = struct.unpack(">I", png[at - 4 : at])[0]
    body = bytearray(png[at + 4 : at + 4 + length])
    body[length // 2] ^= 0xFF
    return png[: at - 4] + _chunk(b"IDAT", bytes(body)) + png[at + 4 + length + 4 :]


def test_the_one_decode_refuses_a_png_whose_pixels_do_not_decode_under_valid_checksums() -> None:
    """``inspect_and_fit`` must decode the pixels before it reads a PNG's EXIF: a PNG's ``getexif()``
    decodes the image to reach an eXIf chunk, and a failure there is taken for a broken EXIF block."""
    data = _png_damaged_under_a_valid_checksum()
    with pytest.raises(ScanRefused) as door:
        inspect_scan(data)
    with pytest.raises(ScanRefused) as preview:
        inspect_and_fit(data, (20, 20))
    assert door.value.code == preview.value.code == "image_corrupt"


def test_the_byte_limit_given_is_the_one_applied() -> None:
    """A stored scan of 3.5 MB (from before the 3 MB rule) is shown; the door refuses a file one byte
    over the limit it is given."""
    padding = _chunk(b"prVt", bytes(3 * 1024 * 1024 + 512 * 1024))  # a private chunk decoders skip
    stored = _with_chunk_before_pixels(samples.encode(_black_left_quarter(), "PNG"), padding)
    assert len(stored) > MAX_UPLOAD_BYTES
    assert decode_for_display(stored, None).getpixel((0, 0)) == (0, 0, 0)
    small = samples.encode(_black_left_quarter(), "PNG")
    with pytest.raises(ScanRefused) as refused:
        inspect_scan(small, max_bytes=len(small) - 1)
    assert (refused.value.code, refused.value.fields["limit"]) == ("image_too_large", f"{len(small) - 1} B")
    assert inspect_scan(small, max_bytes=len(small)).size_bytes == len(small)


def test_a_jpeg_cut_inside_its_first_header_keeps_the_decoders_words() -> None:
    """Cut inside the APP0 header, before any pixel: Pillow's open fails reading it, and the refusal
    says truncated, with Pillow's own words for the log."""
    with pytest.raises(ScanRefused) as refused:
        inspect_scan(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    assert (refused.value.code, refused.value.detail) == ("image_truncated", "OSError: Truncated File Read")


def test_a_broken_exif_block_loses_the_rotation_not_the_scan() -> None:
    """A PNG whose eXIf chunk is no TIFF header: Pillow's ``getexif()`` raises; the scan is read as
    upright and shown as stored (its black quarter on the left)."""
    data = _with_chunk_before_pixels(samples.encode(_black_left_quarter(), "PNG"), _chunk(b"eXIf", b"X" * 8))
    with Image.open(io.BytesIO(data)) as plain, pytest.raises(SyntaxError):
        plain.getexif()
    assert inspect_scan(data).orientation == 1
    shown = decode_for_display(data, None)
    assert (shown.getpixel((0, 0)), shown.getpixel((39, 0))) == ((0, 0, 0), (255, 255, 255))


# -- the picture shown ------------------------------------------------------------------------------------
def test_thirty_two_bit_grey_keeps_its_high_byte() -> None:
    """Mode "I" (32-bit grey, what a 16-bit grey PNG decodes to in older Pillow versions) shown as
    8-bit grey, value // 256: 255 is still black, 256 the first step, 40000 is 156; past 16 bits it
    stays white and below 0 black."""
    values = [0, 255, 256, 40000, 65535, 70000, -5]
    grey = Image.new("I", (len(values), 1))
    for x, value in enumerate(values):
        grey.putpixel((x, 0), value)
    eight = scan_rules._eight_bit_grey(grey)
    assert eight.mode == "L"
    assert [eight.getpixel((x, 0)) for x in range(len(values))] == [0, 0, 1, 156, 255, 255, 0]
    shown = scan_rules._display_mode(grey)
    assert (shown.mode, shown.getpixel((3, 0))) == ("RGB", (156, 156, 156))


def _half_transparent(mode: str) -> Image.Image:
    """40 × 30, left half opaque black, right half black and fully transparent, in ``mode``."""
    rgba = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    rgba.paste((0, 0, 0, 255), (0, 0, 20, 30))
    return rgba.convert("LA").convert("La") if mode == "La" else rgba.convert(mode)


@pytest.mark.parametrize("mode", ["La", "RGBa", "PA"])
def test_premultiplied_and_paletted_alpha_are_flattened_onto_white(mode: str) -> None:
    """The modes with alpha no PNG decodes to in Pillow 13, which the display's flattening names: the
    transparent half white, the opaque half black (converted straight to RGB, both would be black)."""
    picture = _half_transparent(mode)
    assert picture.mode == mode and picture.getchannel(len(mode) - 1).getpixel((39, 29)) == 0
    shown = scan_rules._display_mode(picture)
    corners = [shown.getpixel(xy) for xy in ((0, 0), (19, 29), (20, 0), (39, 29))]
    assert shown.mode == "RGB" and corners == [(0, 0, 0), (0, 0, 0), (255, 255, 255), (255, 255, 255)]


@pytest.mark.parametrize(
    ("mode", "opaque", "key"), [("RGB", (0, 0, 0), (128, 128, 128)), ("L", 0, 128), ("1", 1, 0)]
)
def test_a_pngs_transparent_colour_is_flattened_onto_white(
    mode: str, opaque: int | tuple[int, int, int], key: int | tuple[int, int, int]
) -> None:
    """An RGB, grey or black-and-white PNG may name one colour transparent (its tRNS chunk): pixels of
    that colour are shown as paper, white, like any other transparency; the others as they are. (They
    were shown in that colour: grey, or black.)"""
    image = Image.new(mode, (40, 30), opaque)
    image.paste(key, (20, 0, 40, 30))
    shown = decode_for_display(samples.encode(image, "PNG", transparency=key), None)
    left = (0, 0, 0) if mode != "1" else (255, 255, 255)
    assert [shown.getpixel(xy) for xy in ((0, 0), (19, 29), (20, 0), (39, 29))] == [left, left] + [
        (255, 255, 255)
    ] * 2


def test_an_rgb_scan_is_handed_over_as_decoded_without_its_files_bytes() -> None:
    """An RGB scan needs no conversion: the picture is the decoded image itself, not a copy (a copy
    doubles a 36-million-pixel scan's memory: a copy is no longer the file's image and loses its
    format), and it lets the file's bytes go (no file object kept)."""
    picture = decode_for_display(samples.encode(_black_left_quarter(), "PNG"), None)
    assert (picture.mode, picture.format, picture.fp) == ("RGB", "PNG", None)


def test_a_picture_wider_than_its_box_but_lower_than_the_boxs_height_is_shrunk() -> None:
    """150 × 50 into 100 × 200: only the width exceeds the box (it is also under the box's height);
    shrunk to 100 wide, keeping 3 : 1 — 33.3 rows: Pillow takes 33, the nearer ratio."""
    shown = decode_for_display(samples.scan_png((150, 50)), (100, 200))
    assert (shown.size, shown.info[ORIGINAL_SIZE]) == ((100, 33), (150, 50))


def test_a_decoders_surprise_after_the_pixels_loaded_is_a_refusal_not_an_escape() -> None:
    """A paletted PNG whose transparency chunk (tRNS) is longer than its two-colour palette decodes,
    but Pillow's conversion to RGBA then raises: refused as damaged, with Pillow's words for the log."""
    image = Image.new("P", (4, 2), 1)
    image.putpalette([0, 0, 0, 255, 255, 255])
    data = _with_chunk_before_pixels(samples.encode(image, "PNG"), _chunk(b"tRNS", bytes([128]) * 300))
    with Image.open(io.BytesIO(data)) as plain, pytest.raises(ValueError):
        plain.convert("RGBA")
    with pytest.raises(ScanRefused) as refused:
        decode_for_display(data, None)
    assert (refused.value.code, refused.value.reason, refused.value.detail) == (
        "image_corrupt",
        "图片文件已损坏，无法解码",
        "ValueError: palette index out of range",
    )
