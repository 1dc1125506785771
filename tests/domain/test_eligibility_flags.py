"""Eligibility pre-checks: each flag, the years table's edges, and building facts from a record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reviewdesk.domain import eligibility as el
from reviewdesk.domain.eligibility import YEARS_REQUIRED, CandidateFacts, facts_from_record, precheck
from reviewdesk.domain.enums import EducationLevel, IdType, Level, Library, MaterialKind

E = EducationLevel
TODAY = date(2026, 12, 1)
ID = "420102199003070029"  # valid, born 1990 (the API example's 42010219900307002X has a wrong check character)


def nurse(**changes: object) -> CandidateFacts:
    """An eligible 护理学(中级) candidate: 本科, 护师 since 2018."""
    base = CandidateFacts(
        level=Level.INTERMEDIATE,
        category_code="368",
        education_level=E.BACHELOR,
        graduated_on=date(2012, 7, 1),
        exam_year=2027,
        id_type=IdType.RESIDENT_ID,
        id_number=ID,
        title_level=Level.JUNIOR,
        title_obtained_on=date(2018, 5, 20),
        libraries={Library.QUALIFICATION: ["2018年 护师 资格考试合格"]},
        material_kinds=frozenset({MaterialKind.EDUCATION, MaterialKind.TITLE, MaterialKind.NURSE_PRACTICE}),
        unit_name="武汉市江岸区人民医院",
        practice_places=("武汉市江岸区人民医院",),
    )
    return replace(base, **changes)


def codes(facts: CandidateFacts) -> list[str]:
    return [f.code for f in precheck(facts, today=TODAY)]


def test_an_eligible_candidate_has_no_flags() -> None:
    assert precheck(nurse(), today=TODAY) == []


def test_the_table_covers_every_level_and_education_once() -> None:
    pairs = [(r.level, r.education) for r in YEARS_REQUIRED]
    assert sorted(pairs) == sorted({(lv, ed) for lv in Level for ed in E})
    assert {(r.level, r.education): r.years for r in YEARS_REQUIRED if r.level is Level.INTERMEDIATE} == {
        (Level.INTERMEDIATE, E.SECONDARY): 7,
        (Level.INTERMEDIATE, E.COLLEGE): 6,
        (Level.INTERMEDIATE, E.BACHELOR): 4,
        (Level.INTERMEDIATE, E.MASTER): 2,
        (Level.INTERMEDIATE, E.DOCTOR): 0,
    }


@pytest.mark.parametrize("rule", YEARS_REQUIRED, ids=lambda r: f"{r.level.value}-{r.education.value}")
def test_years_are_counted_to_the_end_of_the_year_before_the_exam(rule: el.YearsRule) -> None:
    """Exactly enough years passes; one day short is flagged."""
    category = {Level.ASSISTANT: "101", Level.JUNIOR: "201", Level.INTERMEDIATE: "366"}[rule.level]
    enough = date(2026 - rule.years, 12, 31)
    short = date(2027 - rule.years, 1, 1)

    def facts(start: date) -> CandidateFacts:
        return nurse(
            level=rule.level,
            category_code=category,
            education_level=rule.education,
            graduated_on=start if rule.counted_from == "graduation" else date(2000, 7, 1),
            title_level=el.TITLE_BELOW.get(rule.level),
            title_obtained_on=start if rule.counted_from == "title" else None,
        )

    assert el.YEARS_SHORT not in codes(facts(enough))
    assert el.YEARS_SHORT in codes(facts(short))


def test_years_short_message_says_what_and_how_many() -> None:
    (flag,) = precheck(nurse(title_obtained_on=date(2024, 5, 20)), today=TODAY)
    assert flag.code == el.YEARS_SHORT and flag.severity == "warn"
    assert (
        flag.message
        == "工作年限不足：本科学历申报中级需取得初级(师)资格后满4年（计算至2026年12月31日），现为2年"
    )


def test_a_future_graduation_counts_as_zero_years() -> None:
    facts = nurse(
        level=Level.ASSISTANT, category_code="101", education_level=E.COLLEGE, graduated_on=date(2027, 7, 1)
    )
    (flag,) = [f for f in precheck(facts, today=TODAY) if f.code == el.YEARS_SHORT]
    assert flag.message.endswith("现为0年")


def test_missing_dates_and_low_titles() -> None:
    assert codes(nurse(title_obtained_on=None)) == [el.TITLE_MISSING]
    assert el.TITLE_LEVEL_LOW in codes(nurse(title_level=Level.ASSISTANT))
    junior = nurse(level=Level.JUNIOR, category_code="203", graduated_on=None)
    assert codes(junior) == [el.GRADUATION_MISSING]
    assert precheck(junior, today=TODAY)[0].message == "缺少毕业时间，无法核对工作年限"


def test_physician_intermediate_needs_a_qualification() -> None:
    physician = nurse(category_code="303", libraries={}, material_kinds=frozenset({MaterialKind.EDUCATION}))
    flags = precheck(physician, today=TODAY)
    assert flags[0].code == el.PHYSICIAN_QUALIFICATION_MISSING and flags[0].severity == "alert"
    assert flags[0].message == "申报医师类中级专业须具备医师资格，未见医师资格证或医师注册库记录"
    with_material = replace(physician, material_kinds=frozenset({MaterialKind.PHYSICIAN_QUALIFICATION}))
    with_registry = replace(physician, libraries={Library.PHYSICIAN_REGISTRY: ["执业医师 临床"]})
    assert el.PHYSICIAN_QUALIFICATION_MISSING not in codes(with_material)
    assert el.PHYSICIAN_QUALIFICATION_MISSING not in codes(with_registry)
    assert el.NO_JUNIOR_RECORD not in codes(with_material)  # physicians' 初级 comes from another exam


def test_doctor_physician_needs_residency_certificate() -> None:
    doctor = nurse(
        category_code="303",
        education_level=E.DOCTOR,
        title_obtained_on=date(2026, 9, 1),
        material_kinds=frozenset({MaterialKind.PHYSICIAN_QUALIFICATION}),
    )
    assert codes(doctor) == [el.RESIDENCY_MISSING]
    assert codes(replace(doctor, material_kinds=doctor.material_kinds | {MaterialKind.RESIDENCY})) == []


def test_misconduct_is_an_alert_and_comes_first() -> None:
    facts = nurse(
        libraries={Library.MISCONDUCT: ["2021年度考试违纪人员，请重点关注"], Library.QUALIFICATION: ["x"]},
        title_obtained_on=date(2025, 1, 1),
    )
    flags = precheck(facts, today=TODAY)
    assert flags[0] == el.Flag("misconduct", "alert", "违纪考生库有记录，请重点关注")
    assert [f.severity for f in flags] == ["alert", "warn"]
    assert el.MISCONDUCT not in codes(
        nurse(libraries={Library.MISCONDUCT: ["无"], Library.QUALIFICATION: ["x"]})
    )


def test_invalid_id_and_implausible_age() -> None:
    flags = precheck(nurse(id_number="420102199003070021"), today=TODAY)
    assert flags[0].code == el.ID_INVALID and flags[0].severity == "alert"
    assert flags[0].message == "证件号码有误：校验位错误，应为9"
    assert codes(nurse(id_number="11010519491231002X")) == [el.AGE_IMPLAUSIBLE]  # 77 at the cutoff
    passport = nurse(id_type=IdType.PASSPORT, id_number="E12345678")
    assert codes(passport) == []  # no birth date to judge


def test_no_junior_record_and_practice_place() -> None:
    assert codes(nurse(libraries={})) == [el.NO_JUNIOR_RECORD]
    assert codes(nurse(libraries={Library.PAST_CANDIDATES: ["2018年 报考 护理学 合格"]})) == []
    moved = nurse(
        libraries={
            Library.QUALIFICATION: ["x"],
            Library.NURSE_REGISTRY: ["护士 执业地点：武汉市中心医院 注册有效期至 2030-01-01"],
        }
    )
    (flag,) = precheck(moved, today=TODAY)
    assert flag.message == "执业地点与申报单位不一致：武汉市中心医院"
    assert codes(nurse(practice_places=("黄石市中心医院", "黄石市中心医院"))) == [el.PRACTICE_PLACE_MISMATCH]


def test_facts_from_record_reads_the_seeds_field_names() -> None:
    facts = facts_from_record(
        level=Level.INTERMEDIATE,
        category_code="303",
        education_level=E.BACHELOR,
        exam_year=2027,
        id_type=IdType.RESIDENT_ID,
        id_number=ID,
        materials=[
            (MaterialKind.EDUCATION, {"毕业时间": "2012-07-01", "学历层级": "本科"}),
            (MaterialKind.PHYSICIAN_QUALIFICATION, {"资格级别": "执业医师", "签发日期": "2013-12-30"}),
            (MaterialKind.PHYSICIAN_PRACTICE, {"资格级别": "执业医师", "签发日期": "2014-03-20"}),
        ],
        libraries={},
        unit_name="武汉市江岸区人民医院",
    )
    assert facts.graduated_on == date(2012, 7, 1)
    assert (facts.title_level, facts.title_obtained_on) == (Level.JUNIOR, date(2014, 3, 20))
    assert precheck(facts, today=TODAY) == []
    nurse_facts = facts_from_record(
        level=Level.INTERMEDIATE,
        category_code="368",
        education_level=E.COLLEGE,
        exam_year=2027,
        id_type=IdType.RESIDENT_ID,
        id_number=ID,
        materials=[
            (MaterialKind.EDUCATION, {"毕业时间": "不详"}),
            (MaterialKind.TITLE, {"资格级别": "初级(师)", "批准日期": "2021-05-20"}),
            (MaterialKind.NURSE_PRACTICE, {"执业地点": "武汉市第一医院"}),
        ],
        libraries={Library.QUALIFICATION: ["2019年 护师"]},
        unit_name="武汉市江岸区人民医院",
    )
    assert nurse_facts.graduated_on is None  # unreadable dates are left out, not guessed
    assert codes(nurse_facts) == [el.YEARS_SHORT, el.PRACTICE_PLACE_MISMATCH]
