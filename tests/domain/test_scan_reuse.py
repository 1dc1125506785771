"""Reused scans on real certificate images the tests draw (the demo's painter, flatbed: one background at
one place): two people's certificates of one template are not one scan; the same scan re-saved,
rescaled, cropped or re-lit is — it shares look-up keys with the original and its print confirms it."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from functools import cache

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


def _cropped(image: Image.Image) -> Image.Image:
    w, h = image.size
    return image.crop((int(w * 0.015), int(h * 0.01), w - int(w * 0.005), h - int(h * 0.02)))


def _relit(image: Image.Image) -> Image.Image:
    return (
        ImageEnhance.Contrast(ImageEnhance.Brightness(image).enhance(0.8))
        .enhance(1.25)
        .point(lambda v: int(255 * (v / 255) ** 1.3))
    )


def _scaled(image: Image.Image, scale: float) -> Image.Image:
    return image.resize((int(image.width * scale), int(image.height * scale)), Image.Resampling.BICUBIC)


TRANSFORMS: dict[str, Callable[[Image.Image], bytes]] = {
    "quality": lambda image: jpeg(image, 30),
    "resize": lambda image: jpeg(_scaled(image, 0.6), 70),
    "crop": lambda image: jpeg(_cropped(image), 75),
    "relit": lambda image: jpeg(_relit(image), 80),
    "combined": lambda image: jpeg(_scaled(_relit(_cropped(image)), 0.6), 50),
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
    # found: it shares look-up keys with the original (how often only by keys of its own text, which a
    # database where the template's lines are common needs, reuse_bench.py measures: a known limit)
    assert set(sc.hash_bands(report(0).hash)) & set(sc.hash_bands(copy.hash))


def test_a_print_of_another_page_size_or_none_is_not_a_match() -> None:
    blank = sc.check_scan(jpeg(Image.new("L", (1400, 990), 245)))
    assert not sc.same_scan(report(0).print, blank.print)
    assert sc.print_difference(report(0).print, b"") == 1.0
