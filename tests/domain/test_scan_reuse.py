"""Reused scans on real certificate images the tests draw (the demo's painter, flatbed: one background at
one place): two people's certificates of one template are not one scan; the same scan re-saved,
rescaled (½×, 2×), cropped a few % an edge, turned up to 2° or re-lit is — it looks up a key of its own text
that the original is stored under, and its print confirms it."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from datetime import date
from functools import cache

import numpy as np
import pytest
from PIL import Image, ImageEnhance

from reviewdesk.domain import scan_checks as sc
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.server.demo.scans import PERSONAL_KINDS, ScanPainter, certificate_lines

PEOPLE = [
    ("张伟", "male", date(1990, 3, 12), "本科", "临床医学", "104871201605001234", "2012-09-01", "2016-07-01"),
    (
        "李娜",
        "female",
        date(1991, 11, 2),
        "本科",
        "临床医学",
        "104871201605009876",
        "2013-09-01",
        "2017-07-01",
    ),
    ("王芳", "female", date(1988, 6, 25), "大专", "护理学", "131234201107005555", "2008-09-01", "2011-07-01"),
    ("刘强", "male", date(1993, 1, 7), "本科", "药学", "104871201706004321", "2013-09-01", "2017-07-01"),
]


#: ``benchmarks/mutation_loop.py`` keeps these memos from one mutant to the next (the demo's painter, not
#: under mutation, draws the pages); it empties ``report`` (``check_scan``'s result) before each
KEEP_ACROSS_MUTANTS = ("page",)


@cache
def page(index: int) -> Image.Image:
    name, gender, birth, level, subject, number, entered, graduated = PEOPLE[index]
    fields = {"入学时间": entered, "毕业时间": graduated, "所学专业": subject, "学制": "四年",
              "学历层级": level, "毕业学校": "湖北医药学院", "毕业证号": number}  # fmt: skip
    lines = certificate_lines(MaterialKind.EDUCATION, name, gender, birth, fields)
    return ScanPainter().page(PERSONAL_KINDS[MaterialKind.EDUCATION], lines)


def jpeg(image: Image.Image, quality: int = 80) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


@cache
def report(index: int) -> sc.ScanReport:
    return sc.check_scan(jpeg(page(index)))


PAPER = (250, 247, 240)


def _cropped(image: Image.Image) -> Image.Image:
    """A few % off each edge (a phone photo framed tighter, a screenshot cut by hand)."""
    w, h = image.size
    return image.crop((int(w * 0.035), int(h * 0.01), w - int(w * 0.02), h - int(h * 0.04)))


def _turned(image: Image.Image, degrees: float) -> Image.Image:
    return image.rotate(degrees, Image.Resampling.BICUBIC, fillcolor=PAPER)


def _relit(image: Image.Image) -> Image.Image:
    return (
        ImageEnhance.Contrast(ImageEnhance.Brightness(image).enhance(0.8))
        .enhance(1.25)
        .point(lambda v: int(255 * (v / 255) ** 1.3))
    )


def _scaled(image: Image.Image, scale: float) -> Image.Image:
    return image.resize((int(image.width * scale), int(image.height * scale)), Image.Resampling.BICUBIC)


#: What a re-upload does to a scan, at the strengths of a phone photo re-scanned or a screenshot.
TRANSFORMS: dict[str, Callable[[Image.Image], bytes]] = {
    "quality": lambda image: jpeg(image, 30),
    "half size": lambda image: jpeg(_scaled(image, 0.5), 70),
    "twice the size": lambda image: jpeg(_scaled(image, 2.0), 70),
    "crop": lambda image: jpeg(_cropped(image), 75),
    "turned 2°": lambda image: jpeg(_turned(image, 2.0), 80),
    "turned -1.3°": lambda image: jpeg(_turned(image, -1.3), 80),
    "relit": lambda image: jpeg(_relit(image), 80),
    "combined": lambda image: jpeg(_scaled(_relit(_cropped(_turned(image, -1.5))), 0.55), 50),
}


def test_certificates_of_one_template_with_other_names_and_numbers_are_not_one_scan() -> None:
    for i in range(len(PEOPLE)):
        for j in range(i + 1, len(PEOPLE)):
            difference = sc.print_difference(report(i).print, report(j).print)
            assert difference > sc.PRINT_MAX_DIFF, (i, j, difference)
            assert not sc.same_scan(report(i).print, report(j).print)


@pytest.mark.parametrize("how", list(TRANSFORMS))
def test_the_same_scan_transformed_is_found_and_confirmed(how: str) -> None:
    copy = sc.check_scan(TRANSFORMS[how](page(0)))
    assert sc.same_scan(report(0).print, copy.print), sc.print_difference(report(0).print, copy.print)
    assert sc.same_scan(copy.print, report(0).print)  # either way round
    for other in range(1, len(PEOPLE)):  # and not the template's other certificates
        assert not sc.same_scan(copy.print, report(other).print)
    # found by a key of its own text: a tile the copy looks up that its original is stored under and
    # none of the template's other certificates is (a large database skips the template's own tiles)
    others = {key for other in range(1, len(PEOPLE)) for key in sc.hash_bands(report(other).hash)}
    assert (set(sc.probe_keys(copy.hash)) & set(sc.hash_bands(report(0).hash))) - others


@pytest.mark.parametrize("how", ["crop", "combined"])
def test_three_flips_reach_tiles_of_the_originals_own_that_two_do_not(
    how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cropped copy's tile, resampled, can come out three of its least certain bits off its
    original's (``scan_checks.KEY_PROBE_FLIPS`` 3, ``KEY_PROBE_THREE_OF`` 4): such tiles of the
    original's own text — on none of the template's other certificates — are met by the copy's probes
    with three flips and not with two.
    At 10^5 scans an original has only ~11 tiles of its own; copies whose own tiles are all like
    these were missed with two flips (docs/PERFORMANCE.md "why version 5's copies are missed")."""
    copy = sc.check_scan(TRANSFORMS[how](page(0)))
    others = {key for other in range(1, len(PEOPLE)) for key in sc.hash_bands(report(other).hash)}
    own = set(sc.hash_bands(report(0).hash)) - others
    monkeypatch.setattr(sc, "KEY_PROBE_FLIPS", 2)
    two = set(sc.probe_keys(copy.hash))
    monkeypatch.setattr(sc, "KEY_PROBE_FLIPS", 3)
    three = set(sc.probe_keys(copy.hash))
    assert two < three and (three - two) & own
    bits = {tag: int(value, 16) for tag, value, _ in sc.hash_parts(copy.hash)}
    for key in (three - two) & own:  # each of them three bits off the copy's own tile at that place
        tag, value = key.split(":")
        assert (int(value, 16) ^ bits[tag]).bit_count() == 3


def test_a_print_of_another_page_size_or_none_is_not_a_match() -> None:
    blank = sc.check_scan(jpeg(Image.new("L", (1400, 990), 245)))
    assert not sc.same_scan(report(0).print, blank.print)
    assert sc.print_difference(report(0).print, b"") == 1.0


def test_a_page_whose_ink_runs_to_the_edges_has_a_print() -> None:
    """A photo cropped into its frame (ink in the first and last rows and columns): the content box
    stays inside the picture (it once reached half a pixel beyond it, and the checks raised)."""
    inked = page(0).crop((40, 40, 1360, 950))
    inked.paste((30, 30, 30), (0, 0, inked.width, 3))
    inked.paste((30, 30, 30), (0, 0, 3, inked.height))
    inked.paste((30, 30, 30), (inked.width - 3, 0, inked.width, inked.height))
    inked.paste((30, 30, 30), (0, inked.height - 3, inked.width, inked.height))
    report = sc.check_scan(jpeg(inked))
    grey, _ = sc.working_copy(jpeg(inked))
    left, top, right, bottom = sc.content_box(grey)
    assert 0 <= left < 2 and grey.shape[1] - 2 < right <= grey.shape[1]  # the frame is the page's ink
    assert 0 <= top < 2 and grey.shape[0] - 2 < bottom <= grey.shape[0]
    assert report.print and sc.hash_bands(report.hash)


def test_a_tile_is_looked_up_with_its_uncertain_bits_either_way_unless_it_is_common() -> None:
    # bits 0x800000000001: cells 0 and 47 set; uncertain cells 0, 1, 2, 45, 46, 47 (from the first cell)
    text = f"{sc.HASH_FORMAT}:0.3.4:800000000001:0001022d2e2f 1.0.0:ffffff000000:000102030405"
    assert sc.hash_bands(text) == ["0.3.4:800000000001", "1.0.0:ffffff000000"]
    first = [key for key in sc.probe_keys(text) if key.startswith("0.3.4:")]
    # as stored, one flipped, two flipped, three of the four least certain (cells 0, 1, 2 and 45)
    assert len(first) == len(set(first)) == 1 + 6 + 15 + 4
    variants = {"0.3.4:800000000001", "0.3.4:000000000001", "0.3.4:c00000000001", "0.3.4:000000000000",
                "0.3.4:a00000000003", "0.3.4:800000000007"}  # fmt: skip
    assert variants <= set(first)
    assert {"0.3.4:600000000001", "0.3.4:e00000000005"} <= set(first)  # cells 0, 1, 2; cells 1, 2, 45
    assert "0.3.4:e00000000003" not in first  # three with the fifth least certain (cell 46): not asked
    assert "0.3.4:e00000000007" not in first  # four at once: not asked (another person's, more likely)
    assert all(int(key.split(":")[1], 16) & 0x1FFFFFFFFFF8 == 0 for key in first)  # only those six cells move
    assert all(bin(int(key.split(":")[1], 16) ^ 0x800000000001).count("1") <= 3 for key in first)
    common = sc.probe_keys(text, skip={"1.0.0:ffffff000000"})
    assert [key for key in common if key.startswith("1.0.0:")] == ["1.0.0:ffffff000000"]
    # a common tile first: looked up as stored, and the tiles after it still with their variants
    common_first = sc.probe_keys(text, skip={"0.3.4:800000000001"})
    assert common_first[0] == "0.3.4:800000000001"
    assert len([key for key in common_first if key.startswith("1.0.0:")]) == 26


def test_a_hash_of_an_older_format_gives_no_keys() -> None:
    """Version 2's row hashes ("2:…") are not tiles: until ``reflag`` fingerprints the scan again, it is
    found by nothing rather than by the wrong thing."""
    assert sc.hash_bands("2:00ff.00ff.00ff") == [] and sc.probe_keys("2:00ff.00ff.00ff") == []
    assert sc.hash_bands("") == [] and sc.probe_keys("") == []


def test_the_look_up_keys_stored_are_the_keys_of_the_print_stored() -> None:
    """A scan's hash is its print's tiles (``print_keys`` of the stored print read back on 0–1): what
    a copy is looked up by and what confirms it are one picture, not two versions of it."""
    stored = report(0)
    width, height = sc.PRINT_SIZE
    levels = np.frombuffer(zlib.decompress(stored.print), np.uint8).reshape(height, width) / 255
    assert stored.hash == f"{sc.HASH_FORMAT}:" + " ".join(sc.print_keys(levels.astype(np.float32)))


def test_specks_too_faint_for_a_key_are_left_out_of_the_stored_keys_as_of_the_print() -> None:
    """A tile with a little ink (specks of dust on a blank band: its mean under ``KEY_MIN_INK``) is no
    key, whether the keys are made while fingerprinting or from the stored print read back: a scan is
    looked up by the picture that confirms it. (Mutation testing found the test above passing with the
    fingerprint's keys made on levels 255× too high: no tile of that page has a little ink.)"""
    page = np.full((600, 800), 255, dtype=np.uint8)
    for row in range(80, 300, 40):  # lines of "text"
        page[row : row + 14, 80:720:3] = 0
    for column in range(100, 700, 60):  # specks below them
        page[420:424, column : column + 4] = 0
    lookup, stored = sc.fingerprint(page)
    width, height = sc.PRINT_SIZE
    levels = np.frombuffer(zlib.decompress(stored), np.uint8).reshape(height, width).astype(np.float32) / 255
    rows, columns = sc.KEY_TILE
    inside = levels[sc.KEY_BORDER : sc.KEY_BORDER + 22 * rows, sc.KEY_BORDER : sc.KEY_BORDER + 11 * columns]
    means = inside.reshape(22, rows, 11, columns).mean(axis=(1, 3))
    assert ((means > 0) & (means < sc.KEY_MIN_INK)).any()  # the page has such tiles
    assert lookup == f"{sc.HASH_FORMAT}:" + " ".join(sc.print_keys(levels))


def test_a_picture_two_pixels_high_has_a_print_and_one_pixel_high_none() -> None:
    line = np.full((2, 50), 255, dtype=np.uint8)
    line[:, 10:20] = 0
    lookup, thumbnail = sc.fingerprint(line)
    assert lookup.startswith(f"{sc.HASH_FORMAT}:0.") and len(zlib.decompress(thumbnail)) == 192 * 144
    assert sc.fingerprint(line[:1]) == ("", b"")
