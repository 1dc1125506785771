"""domain.scan_rules: one image policy for the desktop and the server, on crafted hostile scans.

Each case is one issue 13 found: what plain Pillow does with the file is asserted first where it was
the defect (an escape, gigabytes of memory, a clipped image), then what the policy does with it.
"""

from __future__ import annotations

import io
import re
import warnings
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import scan_samples as samples
from reviewdesk.domain import scan_rules
from reviewdesk.domain.scan_rules import (
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    ORIGINAL_SIZE,
    ScanRefused,
    check_size,
    decode_for_display,
    inspect_scan,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
BOTH = pytest.mark.parametrize("check", [inspect_scan, lambda data: decode_for_display(data, (200, 150))])


def _refusal(check, data: bytes) -> ScanRefused:
    with pytest.raises(ScanRefused) as info:
        check(data)
    refusal = info.value
    assert CJK.search(refusal.reason) and str(refusal) == refusal.reason
    assert refusal.reason == refusal.template.format(**refusal.fields)
    assert scan_rules.REASONS[refusal.code] == refusal.template
    return refusal


@BOTH
def test_a_dds_texture_pillow_cannot_decode_is_refused_for_its_format(check) -> None:
    data = samples.dds_texture()
    with pytest.raises(NotImplementedError):  # what escaped before: Pillow's English, a traceback
        Image.open(io.BytesIO(data)).load()
    refusal = _refusal(check, data)
    assert refusal.code == "image_format"
    assert refusal.reason == "图片格式不符：文件内容是 DDS 格式，仅支持 png、jpg、jpeg"


@BOTH
@pytest.mark.parametrize(
    ("data", "kind"),
    [(samples.renamed_pdf(), "PDF"), (samples.eps(), "EPS"), (samples.sixteen_bit_tiff(), "TIFF")],
    ids=["pdf", "eps", "tiff16"],
)
def test_other_formats_are_refused_by_content_and_named(check, data: bytes, kind: str) -> None:
    refusal = _refusal(check, data)
    assert (refusal.code, refusal.fields) == ("image_format", {"kind": kind})


@BOTH
def test_bytes_that_are_no_image_at_all(check) -> None:
    refusal = _refusal(check, "王芳的毕业证书".encode() * 20)
    assert refusal.reason == "图片格式不符：文件内容不是 png、jpg、jpeg 图片"


@BOTH
@pytest.mark.parametrize("make", [samples.huge_png, samples.huge_jpeg], ids=["png", "jpeg"])
def test_13000_square_is_refused_with_its_real_size_and_the_limit(check, make) -> None:
    data = make()
    assert len(data) < 700_000  # a few hundred KB: the byte limit alone would have let it in
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(io.BytesIO(data)) as plain:
            assert plain.size == (13000, 13000)  # Pillow's own guard only warns at this size
    refusal = _refusal(check, data)
    assert refusal.code == "image_too_many_pixels"
    assert refusal.reason == "图片像素过多（13000×13000，共 169,000,000 像素），不能超过 36,000,000 像素"


@BOTH
def test_the_pixel_limit_is_checked_before_any_pixel_is_decoded(check) -> None:
    # only the header is valid: a decode would have said "truncated"; the refusal names the pixels
    assert _refusal(check, samples.huge_png(7000, 6000, complete=False)).fields["pixels"] == "42,000,000"


@BOTH
def test_pillows_own_bomb_error_becomes_the_same_refusal_with_the_size(check) -> None:
    data = samples.huge_png(15000, 15000, complete=False)  # 225 million: above Pillow's 2 × 89 million
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(data))
    refusal = _refusal(check, data)
    assert (refusal.fields["width"], refusal.fields["height"]) == ("15000", "15000")


def test_the_limit_fits_an_a4_page_at_600_dpi_and_small_images_are_never_too_large() -> None:
    assert 4961 * 7016 <= MAX_PIXELS < 48_000_000
    for size in ((256, 256), (1, 1), (6000, 6000)):
        assert inspect_scan(samples.encode(Image.new("L", size, 255), "PNG")).upright_size == size


@BOTH
def test_a_jpeg_cut_short_is_refused_as_truncated(check) -> None:
    refusal = _refusal(check, samples.truncated_jpeg())
    assert (refusal.code, refusal.reason) == ("image_truncated", "图片文件不完整（数据被截断），无法解码")
    assert "truncated" in refusal.detail  # Pillow's words kept for the log, never shown


@BOTH
def test_a_png_with_damaged_pixel_data_is_refused(check) -> None:
    assert _refusal(check, samples.broken_png()).code == "image_corrupt"


def test_the_door_refuses_a_png_cut_after_its_last_row_which_display_still_shows() -> None:
    whole = samples.encode(Image.linear_gradient("L"), "PNG")
    with Image.open(io.BytesIO(whole[:-12])) as plain:
        plain.load()  # no IEND chunk, yet Pillow decodes it without a word
    assert _refusal(inspect_scan, whole[:-12]).code == "image_truncated"
    assert decode_for_display(whole[:-12]).size == (256, 256)  # display shows what decodes


@BOTH
def test_empty_and_oversized_files_say_the_real_size_and_the_limit(check) -> None:
    assert _refusal(check, b"").reason == "图片文件为空（0 字节）"
    big = samples.scan_jpeg() + bytes(40 * 1024 * 1024)
    refusal = _refusal(check, big)
    assert refusal.code == "image_too_large" and refusal.fields["size"].endswith("MB")
    with pytest.raises(ScanRefused) as info:
        check_size(3 * 1024 * 1024 + 512 * 1024)
    assert info.value.reason == "图片文件过大（3.5 MB），不能超过 3 MB"
    check_size(MAX_UPLOAD_BYTES)  # exactly 3 MB is allowed


def test_sixteen_bit_grey_png_is_scaled_to_8_bits_not_clipped_and_thumbnails() -> None:
    data = samples.scan_png((300, 200), "I;16")  # every pixel 40000 of 65535
    with Image.open(io.BytesIO(data)) as plain:
        assert plain.mode == "I;16" and plain.convert("L").getpixel((1, 1)) == 255  # clipped to white
    info = inspect_scan(data)
    assert (info.format, info.mime, info.mode) == ("PNG", "image/png", "I;16")
    for size in (None, (100, 100)):
        image = decode_for_display(data, size)
        assert image.mode == "RGB" and image.getpixel((1, 1)) == (156, 156, 156)  # 40000 / 256
    assert decode_for_display(data, (100, 100)).size == (100, 67)


def test_modes_become_rgb_before_any_resize() -> None:
    cases = {
        "CMYK": (samples.encode(Image.new("CMYK", (400, 300), (0, 0, 0, 0)), "JPEG"), "RGB"),
        "L": (samples.encode(Image.new("L", (400, 300), 90), "JPEG"), "RGB"),
        "1": (samples.encode(Image.new("1", (400, 300), 1), "PNG"), "RGB"),
        "LA": (samples.encode(Image.new("LA", (400, 300), (90, 128)), "PNG"), "RGB"),
        "RGBA": (samples.encode(Image.new("RGBA", (400, 300), (9, 9, 9, 0)), "PNG"), "RGB"),
        "P": (samples.encode(Image.new("P", (400, 300), 3), "PNG"), "RGB"),
    }
    for mode, (data, wanted) in cases.items():
        for size in (None, (100, 100)):
            assert decode_for_display(data, size).mode == wanted, mode


def test_jpeg_is_decoded_with_draft_at_every_size_asked_for() -> None:
    # libjpeg's 1/8, 1/4 and 1/2 scales taken as they are (a resize would have filled each box)
    data = samples.scan_jpeg((4000, 3000))
    for box, decoded in (((560, 400), (500, 375)), ((1280, 768), (1000, 750)), ((2200, 1650), (2000, 1500))):
        image = decode_for_display(data, box)
        assert image.size == decoded and image.info[ORIGINAL_SIZE] == (4000, 3000)


def test_the_content_decides_the_format_and_the_exif_orientation_the_upright_size() -> None:
    info = inspect_scan(samples.scan_jpeg((1600, 1200), orientation=6))
    assert (info.format, info.mime, info.orientation, info.upright_size) == (
        "JPEG",
        "image/jpeg",
        6,
        (1200, 1600),
    )
    image = decode_for_display(samples.scan_jpeg((1600, 1200), orientation=6), (600, 800))
    assert image.size == (600, 800) and image.getpixel((image.width - 5, 5))[0] > 200  # turned upright


#: ``benchmarks/mutation_loop.py`` keeps this memo from one mutant to the next: the samples are drawn by
#: Pillow and ``scan_samples``, not by the code under mutation (drawn again for each case, they were
#: two thirds of the file's time)
KEEP_ACROSS_MUTANTS = ("_one_decode_cases",)


@cache
def _one_decode_cases() -> dict[str, bytes]:
    return {
        **samples.hostile_samples(),
        "sideways-exif.jpg": samples.scan_jpeg((1600, 1200), orientation=6),
        "4000x3000.jpg": samples.scan_jpeg((4000, 3000)),
        "grey.jpg": samples.encode(Image.linear_gradient("L").resize((900, 1300)), "JPEG"),
        "cmyk.jpg": samples.encode(Image.new("CMYK", (700, 500), (0, 30, 60, 10)), "JPEG"),
        "rgba.png": samples.scan_png((640, 480), "RGBA"),
        "cut-after-last-row.png": samples.encode(Image.linear_gradient("L"), "PNG")[:-12],
    }


@pytest.mark.parametrize("name", sorted(_one_decode_cases()))
def test_one_decode_gives_the_doors_verdict_and_the_display_picture(name: str) -> None:
    """``inspect_and_fit`` (the 填报 preview's single decode) judges as ``inspect_scan`` and shows as
    ``decode_for_display``: the same refusal, or the same info and the same pixels."""
    data, box = _one_decode_cases()[name], (1000, 1000)
    try:
        expected = (inspect_scan(data), decode_for_display(data, box))  # the door refuses, display may not
    except ScanRefused as refusal:
        with pytest.raises(ScanRefused) as raised:
            scan_rules.inspect_and_fit(data, box)
        assert (raised.value.code, raised.value.reason) == (refusal.code, refusal.reason)
        return
    info, picture = scan_rules.inspect_and_fit(data, box)
    assert info == expected[0]
    assert (picture.mode, picture.size, picture.info[ORIGINAL_SIZE]) == (
        expected[1].mode,
        expected[1].size,
        expected[1].info[ORIGINAL_SIZE],
    )
    assert picture.tobytes() == expected[1].tobytes()


def _valid() -> list[bytes]:
    return [samples.scan_jpeg((96, 64)), samples.scan_png((96, 64)), samples.scan_png((40, 30), "I;16")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(_valid()),
    cut=st.integers(min_value=0, max_value=4000),
    flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(1, 255)), max_size=6),
)
def test_damaged_scans_are_accepted_or_refused_never_anything_else(base: bytes, cut: int, flips) -> None:
    data = bytearray(base[: max(cut, 1)] if cut < len(base) else base)
    for at, mask in flips:
        if at < len(data):
            data[at] ^= mask
    for check in (inspect_scan, lambda d: decode_for_display(d, (50, 50)), decode_for_display):
        try:
            check(bytes(data))
        except ScanRefused as refusal:
            assert CJK.search(refusal.reason)


@BOTH
def test_pillows_bomb_error_on_a_jpeg_is_the_same_refusal_with_its_size(check) -> None:
    data = samples.huge_jpeg(15000, 15000)  # a JPEG header of 225 million pixels
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(data))
    refusal = _refusal(check, data)
    assert (refusal.code, refusal.fields["width"], refusal.fields["height"]) == (
        "image_too_many_pixels",
        "15000",
        "15000",
    )


def test_a_refusal_keeps_the_decoders_own_words_for_the_log() -> None:
    """``detail`` (logs only, never shown): the exception's type and Pillow's message as they were."""
    assert _refusal(inspect_scan, samples.truncated_jpeg()).detail == (
        "OSError: image file is truncated (5 bytes not processed)"
    )
    assert _refusal(inspect_scan, samples.broken_png()).detail == (
        "SyntaxError: broken PNG file (bad header checksum in b'IDAT')"
    )


def _half_transparent(mode: str) -> bytes:
    """A 40 × 30 picture: its left half opaque black, its right half black but fully transparent."""
    image = Image.new(mode, (40, 30), (0, 0) if mode == "LA" else (0, 0, 0, 0))
    image.paste((0, 255) if mode == "LA" else (0, 0, 0, 255), (0, 0, 20, 30))
    return samples.encode(image, "PNG")


def _paletted_with_a_transparent_colour() -> bytes:
    image = Image.new("P", (40, 30), 1)
    image.putpalette([0, 0, 0, 0, 0, 0])  # both entries black; entry 1 is transparent
    image.paste(0, (0, 0, 20, 30))
    out = io.BytesIO()
    image.save(out, "PNG", transparency=1)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [_half_transparent("LA"), _half_transparent("RGBA"), _paletted_with_a_transparent_colour()],
    ids=["LA", "RGBA", "P-transparency"],
)
def test_transparent_pixels_are_shown_as_white_paper_and_opaque_ones_as_they_are(data: bytes) -> None:
    """A transparent scan on the viewer's dark background would lose its black text: flattened onto
    white, every pixel in place (the corners of both halves)."""
    image = decode_for_display(data, None)
    assert image.mode == "RGB" and image.size == (40, 30)
    black, white = (0, 0, 0), (255, 255, 255)
    corners = [image.getpixel(xy) for xy in ((0, 0), (19, 29), (20, 0), (39, 29))]
    assert corners == [black, black, white, white]


#: phone formats by their container's first bytes (an ISO box "ftyp" with its brand; RIFF with "WEBP")
_PHONE = {
    "webp": (samples.encode(Image.new("RGB", (8, 8), "white"), "WEBP"), "WebP"),
    "heic": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64), "HEIC"),
    "avif": (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + bytes(64), "AVIF"),
    "avis": (b"\x00\x00\x00\x1cftypavis\x00\x00\x00\x00avismsf1" + bytes(64), "AVIF"),
}


@pytest.mark.parametrize("name", sorted(_PHONE))
def test_phone_formats_are_refused_by_content_and_named(name: str) -> None:
    data, kind = _PHONE[name]
    assert scan_rules.sniff_kind(data) == kind
    refusal = _refusal(inspect_scan, data)
    assert (refusal.code, refusal.fields, refusal.detail) == ("image_format", {"kind": kind}, "")
    assert (refusal.reason.code, refusal.reason.fields) == ("image_format", {"kind": kind})


def test_a_riff_file_that_is_not_webp_and_a_box_that_is_not_ftyp_are_no_image() -> None:
    """A WAV sound is RIFF too; "ftyp" one byte later is no ISO box: neither says an image kind."""
    assert scan_rules.sniff_kind(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(32)) == ""
    assert scan_rules.sniff_kind(b"\x00\x00\x00\x18\x00ftypheic" + bytes(32)) == ""
    assert scan_rules.sniff_kind(b"\x00\x00\x00\x18WEBPheic" + bytes(32)) == ""


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (12, "12 B"),
        (1023, "1023 B"),
        (1024, "1 KB"),
        (700_000, "684 KB"),  # 683.6
        (1024 * 1024 - 1, "1024 KB"),
        (1024 * 1024, "1 MB"),
        (1_101_005, "1.1 MB"),  # 1.05000019 MB: rounded up
        (3 * 1024 * 1024 + 512 * 1024, "3.5 MB"),
        (10 * 1024 * 1024, "10 MB"),
    ],
)
def test_a_file_size_is_said_in_the_largest_unit_it_reaches(size: int, said: str) -> None:
    """How the size refusals say a size (KB and MB of 1,024), worked out by hand."""
    assert scan_rules.format_bytes(size) == said


@pytest.mark.parametrize(("stored", "read"), [(8, 8), (1, 1), (9, 1), (0, 1)], ids=["8", "1", "9", "0"])
def test_an_exif_orientation_outside_1_to_8_is_read_as_upright(stored: int, read: int) -> None:
    """EXIF orientations are 1–8; a phone's 0 or a damaged 9 must not turn the scan."""
    assert inspect_scan(samples.scan_jpeg((64, 48), orientation=stored)).orientation == read


def test_a_phone_jpeg_with_a_second_picture_is_a_jpeg() -> None:
    """Some phones save MPO: a JPEG followed by a second picture. Pillow names it "MPO"; the scan is
    its first picture, a JPEG like any other."""
    first, second = Image.new("RGB", (64, 48), "white"), Image.new("RGB", (64, 48), "black")
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    with Image.open(io.BytesIO(out.getvalue())) as plain:
        assert plain.format == "MPO"
    info = inspect_scan(out.getvalue())
    assert (info.format, info.mime, info.width, info.height) == ("JPEG", "image/jpeg", 64, 48)
    assert info.size_bytes == len(out.getvalue())
    assert decode_for_display(out.getvalue(), None).getpixel((10, 10)) == (255, 255, 255)


def test_a_file_of_one_byte_is_not_empty_but_no_image() -> None:
    assert _refusal(inspect_scan, b"x").code == "image_not_an_image"


def test_a_picture_too_wide_for_the_box_is_shrunk_to_it_even_when_low_enough() -> None:
    """400 × 50 into 100 × 100: only its width exceeds the box; shrunk to 100 wide, keeping its 8 : 1
    (12.5 rows: Pillow takes the height whose ratio is nearest, 13)."""
    assert decode_for_display(samples.scan_png((400, 50)), (100, 100)).size == (100, 13)
