"""Eligibility pre-checks: flags that point a reviewer at what to look at — never decisions.

Why flags only: the rules below come from secondary sources (DOMAIN.md marks them *unverified*), and
real cases have exceptions the data cannot see (a relevant major under another name, years worked
before a degree, policy changes). So the checks *say where to look*, with a Chinese message in the
reviewer's words, and the reviewer decides. The numbers live in one table (:data:`YEARS_REQUIRED`) so a
corrected rule is a one-line data change.

Years are counted in full years up to 12-31 of the year before the exam (DOMAIN.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from reviewdesk.domain.catalogue import Catalogue, load_catalogue
from reviewdesk.domain.enums import EducationLevel, IdType, Level, Library, MaterialKind
from reviewdesk.domain.identity import validate_id
from reviewdesk.domain.wording import say

Severity = Literal["warn", "alert"]
CountedFrom = Literal["graduation", "title"]


@dataclass(frozen=True)
class YearsRule:
    """Applying at ``level`` with ``education`` needs ``years`` full years since ``counted_from``.

    ``title`` means the title one step below the level applied for: 士 for 师, 师 (or, for physicians,
    practice registration) for 中级.
    """

    level: Level
    education: EducationLevel
    years: int
    counted_from: CountedFrom


_E = EducationLevel
#: The *unverified* table of DOMAIN.md "Eligibility". 士 lists only 中专/专科; higher degrees are treated
#: like 专科 (one year). 博士 applying for 中级 needs no years but, for physicians, 规培 (see below).
YEARS_REQUIRED: tuple[YearsRule, ...] = (
    YearsRule(Level.ASSISTANT, _E.SECONDARY, 1, "graduation"),
    YearsRule(Level.ASSISTANT, _E.COLLEGE, 1, "graduation"),
    YearsRule(Level.ASSISTANT, _E.BACHELOR, 1, "graduation"),
    YearsRule(Level.ASSISTANT, _E.MASTER, 1, "graduation"),
    YearsRule(Level.ASSISTANT, _E.DOCTOR, 1, "graduation"),
    YearsRule(Level.JUNIOR, _E.SECONDARY, 5, "title"),
    YearsRule(Level.JUNIOR, _E.COLLEGE, 3, "graduation"),
    YearsRule(Level.JUNIOR, _E.BACHELOR, 1, "graduation"),
    YearsRule(Level.JUNIOR, _E.MASTER, 1, "graduation"),
    YearsRule(Level.JUNIOR, _E.DOCTOR, 0, "graduation"),
    YearsRule(Level.INTERMEDIATE, _E.SECONDARY, 7, "title"),
    YearsRule(Level.INTERMEDIATE, _E.COLLEGE, 6, "title"),
    YearsRule(Level.INTERMEDIATE, _E.BACHELOR, 4, "title"),
    YearsRule(Level.INTERMEDIATE, _E.MASTER, 2, "title"),
    YearsRule(Level.INTERMEDIATE, _E.DOCTOR, 0, "title"),
)
_RULES = {(r.level, r.education): r for r in YEARS_REQUIRED}
#: The title a rule counted from "title" is counted from.
TITLE_BELOW: dict[Level, Level] = {Level.JUNIOR: Level.ASSISTANT, Level.INTERMEDIATE: Level.JUNIOR}
_LEVEL_ORDER: tuple[Level, ...] = tuple(Level)  # 士 < 师 < 中级
#: Ages (at the cutoff) outside this range are implausible for any candidate: probably a wrong number.
PLAUSIBLE_AGE = (18, 60)

# Flag codes (stable, for programs) and the exact messages of the fixed ones.
ID_INVALID = "id_invalid"
AGE_IMPLAUSIBLE = "age_implausible"
GRADUATION_MISSING = "graduation_missing"
YEARS_SHORT = "years_short"
TITLE_MISSING = "title_missing"
TITLE_LEVEL_LOW = "title_level_low"
PHYSICIAN_QUALIFICATION_MISSING = "physician_qualification_missing"
RESIDENCY_MISSING = "residency_missing"
NO_JUNIOR_RECORD = "no_junior_record"
PRACTICE_PLACE_MISMATCH = "practice_place_mismatch"
MISCONDUCT = "misconduct"

MISCONDUCT_MESSAGE = "违纪考生库有记录，请重点关注"
PHYSICIAN_QUALIFICATION_MESSAGE = "申报医师类中级专业须具备医师资格，未见医师资格证或医师注册库记录"
RESIDENCY_MESSAGE = "博士研究生学历申报医师类中级专业，未见住院医师规范化培训合格证书"
NO_JUNIOR_RECORD_MESSAGE = "资格库、历史考生库均无初级资格记录，请核对专技职称"
GRADUATION_MISSING_MESSAGE = "缺少毕业时间，无法核对工作年限"

#: Every message's code and Chinese template (``wording.Words``: the desktop says them in English;
#: the parts are numbers, vocabulary members and the ID check's own message).
MESSAGES: dict[str, str] = {
    "flag.misconduct": MISCONDUCT_MESSAGE,
    "flag.id_invalid": "证件号码有误：{reason}",
    "flag.age_implausible": "年龄{age}岁，不在常见报考年龄范围内，请核对证件号码",
    "flag.physician_qualification_missing": PHYSICIAN_QUALIFICATION_MESSAGE,
    "flag.residency_missing": RESIDENCY_MESSAGE,
    "flag.no_junior_record": NO_JUNIOR_RECORD_MESSAGE,
    "flag.graduation_missing": GRADUATION_MISSING_MESSAGE,
    "flag.practice_place_mismatch": "执业地点与申报单位不一致：{place}",
    "flag.title_level_low": "现有专技职称为{title}，申报{level}需具备{below}资格",
    "flag.title_missing": "未见{below}资格取得时间，无法核对工作年限",
    "flag.years_short.graduation": (
        "工作年限不足：{education}学历申报{level}需毕业后满{years}年（计算至{year}年12月31日），现为{have}年"
    ),
    "flag.years_short.title": (
        "工作年限不足：{education}学历申报{level}需取得{below}资格后满{years}年（计算至{year}年12月31日），"
        "现为{have}年"
    ),
    "flag.years_short.physician": (
        "工作年限不足：{education}学历申报{level}需取得医师资格或执业注册后满{years}年"
        "（计算至{year}年12月31日），现为{have}年"
    ),
}


@dataclass(frozen=True)
class Flag:
    """One thing worth a look. ``alert`` stands out (red); ``warn`` is a hint."""

    code: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class CandidateFacts:
    """What the pre-checks read. ``title_*`` is the candidate's existing 专技职称 (or, for physicians, the
    practice registration); ``material_kinds`` the kinds of material on file; ``practice_places`` the
    执业地点 values of the candidate's practice certificates, compared with ``unit_name``."""

    level: Level
    category_code: str
    education_level: EducationLevel
    graduated_on: date | None
    exam_year: int
    id_type: IdType
    id_number: str
    title_level: Level | None = None
    title_obtained_on: date | None = None
    libraries: Mapping[Library, Sequence[str]] = field(default_factory=dict)
    material_kinds: frozenset[MaterialKind] = frozenset()
    unit_name: str = ""
    practice_places: tuple[str, ...] = ()


def rule_for(level: Level, education: EducationLevel) -> YearsRule | None:
    """The years rule for applying at ``level`` with ``education`` (None outside the table)."""
    return _RULES.get((level, education))


def cutoff_for(exam_year: int) -> date:
    """The day years are counted to: 12-31 of the year before the exam."""
    return date(exam_year - 1, 12, 31)


def full_years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (negative when ``start`` is later)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _entries(facts: CandidateFacts, library: Library) -> list[str]:
    return [e for e in facts.libraries.get(library, ()) if e.strip() and e.strip() != "无"]


_PRACTICE_PLACE = re.compile(r"执业地点[：:]\s*(\S+)")


def precheck(
    facts: CandidateFacts, catalogue: Catalogue | None = None, *, today: date | None = None
) -> list[Flag]:
    """The flags for one candidate, alerts first. ``catalogue`` defaults to the packaged one; ``today``
    bounds birth dates in ID numbers (default: today)."""
    catalogue = catalogue or load_catalogue()
    flags: list[Flag] = []
    cutoff = cutoff_for(facts.exam_year)

    if _entries(facts, Library.MISCONDUCT):
        flags.append(Flag(MISCONDUCT, "alert", say(MESSAGES, "flag.misconduct")))

    id_check = validate_id(facts.id_type, facts.id_number, today=today)
    if not id_check.ok:
        flags.append(Flag(ID_INVALID, "alert", say(MESSAGES, "flag.id_invalid", reason=id_check.message)))
    elif id_check.birth_date is not None:
        age = full_years(id_check.birth_date, cutoff)
        if not PLAUSIBLE_AGE[0] <= age <= PLAUSIBLE_AGE[1]:
            flags.append(Flag(AGE_IMPLAUSIBLE, "warn", say(MESSAGES, "flag.age_implausible", age=age)))

    physician = facts.category_code in catalogue and catalogue.requires_physician_qualification(
        facts.category_code
    )
    if physician and not (
        MaterialKind.PHYSICIAN_QUALIFICATION in facts.material_kinds
        or _entries(facts, Library.PHYSICIAN_REGISTRY)
    ):
        flags.append(
            Flag(
                PHYSICIAN_QUALIFICATION_MISSING,
                "alert",
                say(MESSAGES, "flag.physician_qualification_missing"),
            )
        )

    flags.extend(_years_flags(facts, cutoff, physician))

    if (
        facts.level is Level.INTERMEDIATE
        and not physician
        and not _entries(facts, Library.QUALIFICATION)
        and not _entries(facts, Library.PAST_CANDIDATES)
    ):
        flags.append(Flag(NO_JUNIOR_RECORD, "warn", say(MESSAGES, "flag.no_junior_record")))

    if facts.unit_name:
        places = list(facts.practice_places)
        for library in (Library.PHYSICIAN_REGISTRY, Library.NURSE_REGISTRY):
            places += [m.group(1) for e in _entries(facts, library) for m in _PRACTICE_PLACE.finditer(e)]
        for place in dict.fromkeys(p.strip() for p in places if p.strip()):
            if place != facts.unit_name.strip():
                flags.append(
                    Flag(
                        PRACTICE_PLACE_MISMATCH,
                        "warn",
                        say(MESSAGES, "flag.practice_place_mismatch", place=place),
                    )
                )
    return sorted(flags, key=lambda f: f.severity != "alert")


def _years_flags(facts: CandidateFacts, cutoff: date, physician: bool) -> list[Flag]:
    rule = _RULES.get((facts.level, facts.education_level))
    if rule is None:  # pragma: no cover - the table covers every level × education
        return []
    flags: list[Flag] = []
    doctor_applying = facts.level is Level.INTERMEDIATE and facts.education_level is _E.DOCTOR
    if doctor_applying and physician and MaterialKind.RESIDENCY not in facts.material_kinds:
        flags.append(Flag(RESIDENCY_MISSING, "warn", say(MESSAGES, "flag.residency_missing")))
    below = TITLE_BELOW.get(facts.level, facts.level)
    if rule.counted_from == "graduation":
        start, counted = facts.graduated_on, "flag.years_short.graduation"
        if start is None:
            return [*flags, Flag(GRADUATION_MISSING, "warn", say(MESSAGES, "flag.graduation_missing"))]
    else:
        counted = "flag.years_short.physician" if physician else "flag.years_short.title"
        if facts.title_level is not None and _LEVEL_ORDER.index(facts.title_level) < _LEVEL_ORDER.index(
            below
        ):
            flags.append(
                Flag(
                    TITLE_LEVEL_LOW,
                    "warn",
                    say(
                        MESSAGES,
                        "flag.title_level_low",
                        title=facts.title_level,
                        level=facts.level,
                        below=below,
                    ),
                )
            )
        start = facts.title_obtained_on
        if start is None:
            return [*flags, Flag(TITLE_MISSING, "warn", say(MESSAGES, "flag.title_missing", below=below))]
    have = full_years(start, cutoff)
    if have < rule.years:
        parts = {"education": facts.education_level, "level": facts.level, "years": rule.years}
        parts |= {"year": cutoff.year, "have": max(have, 0)}
        if counted == "flag.years_short.title":
            parts["below"] = below
        flags.append(Flag(YEARS_SHORT, "warn", say(MESSAGES, counted, **parts)))
    return flags


# -- building facts from what a record holds ----------------------------------------------------------
def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text and text.strip() else None
    except ValueError:
        return None


def _parse_level(text: str | None) -> Level | None:
    try:
        return Level.from_label(text.strip()) if text else None
    except ValueError:
        return None


def facts_from_record(
    *,
    level: Level,
    category_code: str,
    education_level: EducationLevel,
    exam_year: int,
    id_type: IdType,
    id_number: str,
    materials: Iterable[tuple[MaterialKind, Mapping[str, str]]],
    libraries: Mapping[Library, Sequence[str]],
    unit_name: str = "",
) -> CandidateFacts:
    """CandidateFacts from a record's materials (fields keyed by the seeds' Chinese names).

    The server and the desktop both hold records in this shape; this is the one place that knows which
    field means what: 学历信息.毕业时间, 专技职称.资格级别/批准日期, physicians' 医师执业证.签发日期 (when
    there is no 专技职称), and 执业地点 of 护士执业证.
    """
    graduated_on: date | None = None
    title_level: Level | None = None
    title_on: date | None = None
    practice_on: date | None = None
    kinds: set[MaterialKind] = set()
    places: list[str] = []
    for kind, fields in materials:
        kinds.add(kind)
        if kind is MaterialKind.EDUCATION:
            graduated_on = _parse_date(fields.get("毕业时间")) or graduated_on
        elif kind is MaterialKind.TITLE:
            title_level = _parse_level(fields.get("资格级别")) or title_level
            title_on = _parse_date(fields.get("批准日期")) or title_on
        elif kind is MaterialKind.PHYSICIAN_PRACTICE:
            practice_on = _parse_date(fields.get("签发日期")) or practice_on
        elif kind is MaterialKind.NURSE_PRACTICE and fields.get("执业地点", "").strip():
            places.append(fields["执业地点"].strip())
    if title_on is None and practice_on is not None:
        title_level, title_on = Level.JUNIOR, practice_on
    return CandidateFacts(
        level=level,
        category_code=category_code,
        education_level=education_level,
        graduated_on=graduated_on,
        exam_year=exam_year,
        id_type=id_type,
        id_number=id_number,
        title_level=title_level,
        title_obtained_on=title_on,
        libraries=libraries,
        material_kinds=frozenset(kinds),
        unit_name=unit_name,
        practice_places=tuple(places),
    )
