"""预审提示's ground truth: the demo plants each kind of problem on purpose and says where.

Why: a flag is only worth showing if it finds what is there and stays quiet where nothing is. The
benchmark (``benchmarks/precheck_bench.py``) seeds the demo, reads every record's flags and compares
them with :func:`truth` — recall per kind and false flags on clean records — so the numbers in
docs/PERFORMANCE.md are measured, not asserted.

How: whether candidate ``index`` gets a planted problem is decided by its own generator
(``reviewdesk-demo-plant:<seed>:<index>``), apart from the candidate's, so every other candidate stays
exactly as before, and the planted scans' bytes are known before any candidate is generated (the seed
stores blobs first). Problems the demo already had on purpose count too: ~10 % ineligible timelines,
materials without pictures, a missing 专技职称, 执业地点 elsewhere, and the pool's awkward scans.
Reused scans and duplicate numbers are planted on pairs: the candidate and the next one.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import timedelta

from reviewdesk.domain import precheck
from reviewdesk.domain.eligibility import rule_for
from reviewdesk.domain.enums import EducationLevel, IdType, ImageSide, Level, MaterialKind
from reviewdesk.server.demo import images as demo_images
from reviewdesk.server.demo import planted_scans as scans
from reviewdesk.server.demo.records import DemoCandidate, DemoImage, DemoMaterial

#: Planted on this share of candidates each (one problem per candidate at most).
RECORD_PLANTS: tuple[str, ...] = (
    precheck.BIRTH_MISMATCH,
    precheck.GENDER_MISMATCH,
    precheck.GRADUATION_BEFORE_ENTRY,
    precheck.STUDY_YEARS_MISMATCH,
    precheck.DATE_FUTURE,
    precheck.FIELD_MISSING,
    precheck.SIDE_MISSING,
)
SCAN_PLANTS: tuple[str, ...] = scans.PLANTED_SCANS
PAIR_PLANTS: tuple[str, ...] = (precheck.SCAN_REUSED, precheck.NUMBER_DUPLICATE)
#: Documents whose number carries the birth date and sex (GB 11643).
ID_WITH_BIRTH = (IdType.RESIDENT_ID, IdType.HMT_RESIDENCE)
RATE = 0.008
#: Drawn scans are 1800 px wide and cost ~0.1 s each: scan problems and pairs are planted only among the
#: first DRAWN_WITHIN candidates (~25 of each there), record problems everywhere.
DRAWN_WITHIN = 3200

#: Where a date after today is planted: licences first (the years are counted from 专技职称, so a
#: future 批准日期 would make them short too, a second flag of another kind).
FUTURE_DATES: tuple[tuple[MaterialKind, str], ...] = (
    (MaterialKind.NURSE_PRACTICE, "签发日期"),
    (MaterialKind.PHYSICIAN_QUALIFICATION, "签发日期"),
    (MaterialKind.TITLE, "批准日期"),
)
#: The pool's awkward variants and the scan check each one should trip.
POOL_VARIANT_CODES = {
    demo_images.CORRUPT: "scan_not_image",
    demo_images.TINY: "scan_small",
    demo_images.ROTATED_90: "scan_sideways",
    demo_images.ROTATED_180: "scan_upside_down",
    demo_images.BLURRED: "scan_blurred",
}
KIND_OF_CODE: dict[str, str] = {
    **dict.fromkeys(RECORD_PLANTS[:5], "contradiction"),
    precheck.FIELD_MISSING: "required",
    precheck.SIDE_MISSING: "required",
    **dict.fromkeys(SCAN_PLANTS, "scan"),
    precheck.SCAN_REUSED: "reused",
    precheck.NUMBER_DUPLICATE: "duplicate",
    "ineligible": "eligibility",
    "title_omitted": "eligibility",
    "practice_elsewhere": "eligibility",
    "title_date_future": "eligibility",
}


def plant_of(seed: int, index: int) -> str:
    """The problem planted on candidate ``index`` ("" for none), before pairing (:func:`planted_on`)."""
    if index < 0:
        return ""
    draw = random.Random(f"reviewdesk-demo-plant:{seed}:{index}").random()
    every = (*RECORD_PLANTS, *SCAN_PLANTS, *PAIR_PLANTS)
    slot = int(draw / RATE)
    if slot >= len(every):
        return ""
    code = every[slot]
    if code not in RECORD_PLANTS and index >= DRAWN_WITHIN:
        return ""  # drawn scans and pairs only among the first candidates (bounded cost)
    if code in PAIR_PLANTS and index % 2:
        return ""  # pairs start at even numbers, so a partner never starts a pair of its own
    return code


def planted_on(seed: int, index: int) -> tuple[str, int]:
    """(code, index of the pair's first candidate) planted on ``index``: its own, or, as the second of
    a pair, the previous candidate's reuse or duplicate (which then wins over its own)."""
    previous = plant_of(seed, index - 1)
    if previous in PAIR_PLANTS:
        return previous, index - 1
    own = plant_of(seed, index)
    return own, index


def _scan_seed(seed: int, index: int) -> int:
    return seed * 1_000_003 + index


def drawn_scan(seed: int, index: int) -> bytes | None:
    """The bytes of the scan planted on candidate ``index``, if one is."""
    code, first = planted_on(seed, index)
    if code in SCAN_PLANTS:
        return scans.planted_scan(code, _scan_seed(seed, index))
    if code == precheck.SCAN_REUSED:
        page = _scan_seed(seed, first)
        return scans.planted_scan("clean", page) if index == first else scans.reused_copy(page)
    return None


def blobs(seed: int, count: int) -> Iterator[tuple[str, bytes, str]]:
    """(sha256, bytes, mime) of every drawn scan of the first ``count`` candidates."""
    for index in range(count):
        data = drawn_scan(seed, index)
        if data is not None:
            yield hashlib.sha256(data).hexdigest(), data, demo_images.JPEG


def apply(
    candidate: DemoCandidate,
    seed: int,
    index: int,
    *,
    today_year: int,
    unit_name: str,
    pool_codes: Mapping[str, str],
    physician: bool = False,
    drawn_allowed: bool = True,
) -> DemoCandidate:
    """``candidate`` with its planted problem (if any) and ``planted`` naming every problem it has on
    purpose (the truth the benchmark compares with). ``pool_codes``: the pool's awkward images (sha256
    → the scan check each should trip)."""
    truth: set[str] = set()
    code, first = planted_on(seed, index)
    materials = list(candidate.materials)
    changes: dict[str, object] = {}

    def material(kind: MaterialKind) -> int | None:
        return next((i for i, m in enumerate(materials) if m.kind is kind), None)

    def set_field(position: int, name: str, value: str) -> None:
        m = materials[position]
        materials[position] = replace(m, fields={**m.fields, name: value})

    education = material(MaterialKind.EDUCATION)
    if code not in RECORD_PLANTS and not drawn_allowed:
        code = ""
    if code in (precheck.BIRTH_MISMATCH, precheck.GENDER_MISMATCH) and candidate.id_type not in ID_WITH_BIRTH:
        code = ""  # only an 18-character number says birth date and sex
    if code == precheck.BIRTH_MISMATCH:
        changes["birth_date"] = candidate.birth_date + timedelta(days=1)
    elif code == precheck.GENDER_MISMATCH:
        changes["gender"] = "male" if candidate.gender == "female" else "female"
    elif code == precheck.GRADUATION_BEFORE_ENTRY and education is not None:
        graduated = materials[education].fields.get("毕业时间", "")
        set_field(education, "入学时间", f"{int(graduated[:4]) + 1}{graduated[4:]}" if graduated else "")
    elif code == precheck.STUDY_YEARS_MISMATCH and education is not None:
        set_field(education, "学制", "8年")
    elif code == precheck.DATE_FUTURE:
        dated = next(((i, f) for kind, f in FUTURE_DATES if (i := material(kind)) is not None), None)
        if dated is None:
            code = ""
        else:
            set_field(dated[0], dated[1], f"{today_year + 1}-06-01")
            rule = rule_for(candidate.level, candidate.education_level)
            if (
                materials[dated[0]].kind is MaterialKind.TITLE
                and rule is not None
                and rule.counted_from == "title"
            ):
                truth.add("title_date_future")  # the years counted from it are short too
    elif code == precheck.FIELD_MISSING and education is not None:
        set_field(education, "毕业证号", "")
    elif code == precheck.SIDE_MISSING:
        two_sided = next(
            (
                i
                for i, m in enumerate(materials)
                if len(m.images) == 2 and m.kind is not MaterialKind.EDUCATION
            ),
            None,
        )
        if two_sided is None:
            code = ""
        else:
            m = materials[two_sided]
            materials[two_sided] = replace(m, images=[i for i in m.images if i.side is not ImageSide.B])
    elif code in (*SCAN_PLANTS, precheck.SCAN_REUSED) and education is not None:
        data = drawn_scan(seed, index)
        assert data is not None
        m = materials[education]
        image = DemoImage(
            side=ImageSide.A,
            sha256=hashlib.sha256(data).hexdigest(),
            mime=demo_images.JPEG,
            size=len(data),
            filename=f"{candidate.name}{candidate.id_number}毕业证书第1页.jpg",
        )
        materials[education] = replace(m, images=[image, *[i for i in m.images if i.side is not ImageSide.A]])
    elif code == precheck.NUMBER_DUPLICATE and education is not None:
        set_field(education, "毕业证号", f"DEMO{seed:04d}{first:09d}")
    elif code:
        code = ""  # no education material to plant on (never in the demo: every candidate has one)
    if code:
        truth.add(code)
    planted = replace(candidate, materials=materials, **changes)  # type: ignore[arg-type]
    truth.update(
        _existing(planted, unit_name, pool_codes, physician)
    )  # judged on what is left after planting
    return replace(planted, planted=tuple(sorted(truth)))


def _pool_codes(material: DemoMaterial, pool_codes: Mapping[str, str]) -> list[str]:
    return [pool_codes[i.sha256] for i in material.images if i.sha256 in pool_codes]


def _existing(
    candidate: DemoCandidate, unit_name: str, pool_codes: Mapping[str, str], physician: bool
) -> Iterator[str]:
    """Problems the demo generator already made on purpose."""
    doctor = candidate.level is Level.INTERMEDIATE and candidate.education_level is EducationLevel.DOCTOR
    if not candidate.eligible and (physician or not doctor):
        # (the generator makes a 博士 ineligible by leaving out 规培, which the rules ask of physicians only)
        yield "ineligible"
    kinds = {m.kind for m in candidate.materials}
    rule = rule_for(candidate.level, candidate.education_level)
    counted_from_title = rule is not None and rule.counted_from == "title"
    if counted_from_title and not kinds & {MaterialKind.TITLE, MaterialKind.PHYSICIAN_PRACTICE}:
        yield "title_omitted"  # the years cannot be counted: the generator left the 专技职称 out
    for m in candidate.materials:
        if not m.images and m.kind in precheck.REQUIRED_SIDES:
            yield precheck.SIDE_MISSING
        if m.kind is MaterialKind.NURSE_PRACTICE and m.fields.get("执业地点", "") not in ("", unit_name):
            yield "practice_elsewhere"
        yield from _pool_codes(m, pool_codes)
    for entries in candidate.libraries.values():
        for entry in entries:
            place = entry.split("执业地点：", 1)[1].split()[0] if "执业地点：" in entry else unit_name
            if place != unit_name:
                yield "practice_elsewhere"


def truth(candidate: DemoCandidate) -> dict[str, set[str]]:
    """kind → the planted codes of that kind on this candidate."""
    found: dict[str, set[str]] = {}
    for code in candidate.planted:
        found.setdefault(KIND_OF_CODE[code], set()).add(code)
    return found
