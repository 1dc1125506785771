"""Eligibility flags compared whole — code, severity AND message — for each kind of flag, the age limits
on both sides, alerts sorted before warnings whatever order they were found in, and ``today`` honoured.
Added for the survivors of mutation testing (docs/MUTATION.md): the flag tests mostly looked at codes,
so a warning turned into something else, a message dropped, the 18/60 bounds moved by one, an alert left
behind a warning or ``today`` ignored all passed."""

from __future__ import annotations

from datetime import date

import pytest
from test_eligibility_flags import TODAY, E, nurse

from reviewdesk.domain import eligibility as el
from reviewdesk.domain.eligibility import CandidateFacts, Flag, facts_from_record, full_years, precheck
from reviewdesk.domain.enums import IdType, Level, MaterialKind
from reviewdesk.domain.identity import make_resident_id

PHYSICIAN = frozenset({MaterialKind.PHYSICIAN_QUALIFICATION})
CASES: list[tuple[str, CandidateFacts, list[Flag]]] = [
    ("title date missing", nurse(title_obtained_on=None),
     [Flag("title_missing", "warn", "未见初级(师)资格取得时间，无法核对工作年限")]),
    ("graduation missing", nurse(level=Level.JUNIOR, category_code="203", graduated_on=None),
     [Flag("graduation_missing", "warn", "缺少毕业时间，无法核对工作年限")]),
    ("title too low", nurse(title_level=Level.ASSISTANT),
     [Flag("title_level_low", "warn", "现有专技职称为初级(士)，申报中级需具备初级(师)资格")]),
    ("years since graduation", nurse(level=Level.JUNIOR, category_code="203", graduated_on=date(2026, 7, 1)),
     [Flag("years_short", "warn", "工作年限不足：本科学历申报初级(师)需毕业后满1年（计算至2026年12月31日），现为0年")]),
    ("physician years", nurse(category_code="303", title_obtained_on=date(2024, 5, 20), material_kinds=PHYSICIAN),
     [Flag("years_short", "warn", "工作年限不足：本科学历申报中级需取得医师资格或执业注册后满4年（计算至2026年12月31日），现为2年")]),
    ("doctor without residency", nurse(category_code="303", education_level=E.DOCTOR,
                                       title_obtained_on=date(2026, 9, 1), material_kinds=PHYSICIAN),
     [Flag("residency_missing", "warn", "博士研究生学历申报医师类中级专业，未见住院医师规范化培训合格证书")]),
    ("no junior record", nurse(libraries={}),
     [Flag("no_junior_record", "warn", "资格库、历史考生库均无初级资格记录，请核对专技职称")]),
    ("practice place", nurse(practice_places=("黄石市中心医院",)),
     [Flag("practice_place_mismatch", "warn", "执业地点与申报单位不一致：黄石市中心医院")]),
    # the age warning is found first, the missing qualification (an alert) later: alerts come first
    ("alert before warning", nurse(category_code="303", libraries={}, material_kinds=frozenset({MaterialKind.EDUCATION}),
                                   id_number="11010519491231002X"),
     [Flag("physician_qualification_missing", "alert", "申报医师类中级专业须具备医师资格，未见医师资格证或医师注册库记录"),
      Flag("age_implausible", "warn", "年龄77岁，不在常见报考年龄范围内，请核对证件号码")]),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_flag_whole(facts: CandidateFacts, expected: list[Flag]) -> None:
    assert precheck(facts, today=TODAY) == expected


@pytest.mark.parametrize(
    ("born", "age", "flagged"),
    [(date(2008, 12, 31), 18, False), (date(2009, 12, 31), 17, True), (date(1966, 12, 31), 60, False),
     (date(1965, 12, 31), 61, True)],
    ids=["18", "17", "60", "61"],
)  # fmt: skip
def test_ages_18_to_60_at_the_cutoff_are_plausible(born: date, age: int, flagged: bool) -> None:
    flags = precheck(nurse(id_number=make_resident_id("110105", born, 2)), today=TODAY)
    warning = Flag("age_implausible", "warn", f"年龄{age}岁，不在常见报考年龄范围内，请核对证件号码")
    assert flags == ([warning] if flagged else [])


def test_a_birth_date_after_the_given_today_is_an_invalid_number() -> None:
    """``today`` reaches the ID check: born 3 December, checked on 1 December (the real today is later)."""
    flags = precheck(nurse(id_number=make_resident_id("110105", date(2026, 12, 3), 2)), today=TODAY)
    assert flags == [Flag("id_invalid", "alert", "证件号码有误：出生日期无效：不能晚于今天")]


def test_full_years_counts_completed_years_only() -> None:
    assert full_years(date(2000, 6, 1), date(2026, 5, 31)) == 25
    assert full_years(date(2000, 6, 1), date(2026, 6, 1)) == 26
    assert el.cutoff_for(2027) == date(2026, 12, 31)


def test_facts_from_a_record_without_a_unit_name_or_a_title_level() -> None:
    facts = facts_from_record(
        level=Level.INTERMEDIATE,
        category_code="368",
        education_level=E.BACHELOR,
        exam_year=2027,
        id_type=IdType.RESIDENT_ID,
        id_number="420102199003070029",
        materials=[(MaterialKind.TITLE, {"资格级别": "初级(师)", "批准日期": " 2018-05-20 "})],
        libraries={},
    )
    assert facts.unit_name == ""
    assert (facts.title_level, facts.title_obtained_on) == (Level.JUNIOR, date(2018, 5, 20))


def test_facts_read_only_the_fields_that_mean_something() -> None:
    """Missing fields are left out; only a 护士执业证's 执业地点 is a practice place; a 专技职称's date
    wins over a 医师执业证's."""
    facts = facts_from_record(
        level=Level.INTERMEDIATE,
        category_code="303",
        education_level=E.BACHELOR,
        exam_year=2027,
        id_type=IdType.RESIDENT_ID,
        id_number="420102199003070029",
        materials=[
            (MaterialKind.EDUCATION, {}),
            (MaterialKind.TITLE, {"批准日期": "2018-05-20"}),
            (MaterialKind.PHYSICIAN_PRACTICE, {"签发日期": "2020-01-01", "执业地点": "武汉市中心医院"}),
            (MaterialKind.DEGREE, {"执业地点": "黄石市中心医院"}),
            (MaterialKind.NURSE_PRACTICE, {}),
        ],
        libraries={},
        unit_name="武汉市江岸区人民医院",
    )
    assert facts.graduated_on is None and facts.title_level is None
    assert facts.title_obtained_on == date(2018, 5, 20)
    assert facts.practice_places == ()
