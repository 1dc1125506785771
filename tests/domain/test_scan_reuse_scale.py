"""Reused scans among many people's certificates of one template (real pages the demo's painter draws):
a copy — re-saved, rescaled, cropped, turned, re-lit, all at once — still finds its original by a key of
its own text that none of 300 other people's certificates is stored under. What a large database
needs: there every key of a template's frame, heading and common words (a school, a subject, a date
many share) is on more than ``MAX_SHARED_BAND`` records and skipped, so only such keys find a copy
(docs/PERFORMANCE.md "Reused scans"; ``benchmarks/reuse_bench.py`` measures it on thousands)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from functools import cache

import pytest
from tests.domain.test_scan_reuse import TRANSFORMS, jpeg, page, report

from reviewdesk.domain import scan_checks as sc
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.server.demo.scans import PERSONAL_KINDS, ScanPainter, certificate_lines

OTHERS = 300
NAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋"


@cache
def others() -> list[set[str]]:
    """The stored keys of 300 other people's 毕业证书 of the template: names and numbers of their own,
    schools, subjects and dates from short lists (as many people share them)."""
    rng = random.Random(17)
    painter, keys = ScanPainter(), []
    for _ in range(OTHERS):
        name = rng.choice(NAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        graduated = rng.randrange(2008, 2020)
        fields = {"入学时间": f"{graduated - 4}-09-01", "毕业时间": f"{graduated}-07-01",
                  "所学专业": rng.choice(("临床医学", "护理学", "药学")), "学制": "四年", "学历层级": "本科",
                  "毕业学校": rng.choice(("湖北医药学院", "江汉大学")),
                  "毕业证号": "".join(str(rng.randrange(10)) for _ in range(18))}  # fmt: skip
        birth = date(rng.randrange(1980, 1998), rng.randrange(1, 13), rng.randrange(1, 29))
        lines = certificate_lines(MaterialKind.EDUCATION, name, rng.choice(("male", "female")), birth, fields)
        picture = painter.page(PERSONAL_KINDS[MaterialKind.EDUCATION], lines)
        keys.append(set(sc.hash_bands(sc.check_scan(jpeg(picture)).hash)))
    return keys


@pytest.mark.parametrize("how", list(TRANSFORMS))
@pytest.mark.parametrize("original", [0, 1, 3])
def test_a_copy_finds_its_original_by_a_key_no_other_certificate_has(how: str, original: int) -> None:
    stored = set(sc.hash_bands(report(original).hash))
    elsewhere = Counter(key for keys in others() for key in keys)
    copy = sc.check_scan(TRANSFORMS[how](page(original)))
    asked = set(sc.probe_keys(copy.hash, {key for key, n in elsewhere.items() if n > 1}))
    own = {key for key in asked & stored if key not in elsewhere}
    assert own, f"none of the copy's {len(asked)} keys is its original's alone"
    assert sc.same_scan(report(original).print, copy.print)


def test_the_other_certificates_have_keys_of_their_own_and_share_the_template_s() -> None:
    """The set-up is what the test above needs: the template's keys are on every page (common in any
    large database), each page also has keys no other page has (its person's text)."""
    elsewhere = Counter(key for keys in others() for key in keys)
    assert sum(n == OTHERS for n in elsewhere.values()) >= 20  # frame, heading, fixed words
    assert all(any(elsewhere[key] == 1 for key in keys) for keys in others())
