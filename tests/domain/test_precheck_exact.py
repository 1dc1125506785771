"""预审提示's record rules compared whole — each flag's snapshot form (``to_dict``: code, kind, severity,
the Chinese sentence, where it points, and the sentence's parts the desktop words in English) — at the
edges of each date rule, with every expected value worked out by hand from the record.

Why beside ``test_precheck_flags``: that file checks which flag appears and where it points; a flag's
parts (the dates and years a translated sentence is filled with) and the rules' edges (a date equal to
today, a certificate issued on the graduation day) were not compared, so a part dropped or an edge
moved by a day passed (mutation testing, docs/MUTATION.md)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from test_precheck_flags import TODAY, changed, clean, flags_of, material

from reviewdesk.domain import precheck as pc
from reviewdesk.domain.identity import make_resident_id


def dicts(record: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f.to_dict() for f in flags_of(record) if f.code == code]


def flag(code: str, message: str, where: str, at: str, words: str, **parts: Any) -> dict[str, Any]:
    return {"code": code, "kind": "contradiction", "severity": "warn", "message": message,
            "material": where, "field": at, "image": "", "side": "",
            "words": {"code": words, "parts": parts}}  # fmt: skip


def test_a_graduation_after_today_is_flagged_and_one_on_today_is_not() -> None:
    assert TODAY.isoformat() == "2026-12-01"
    assert dicts(changed(("education", "fields", "毕业时间"), "2026-12-02"), pc.GRADUATION_FUTURE) == [
        flag("graduation_future", "毕业时间2026-12-02晚于今天，学历信息有误或尚未毕业", "education", "毕业时间",
             "flag.graduation_future", graduated="2026-12-02")
    ]  # fmt: skip
    assert dicts(changed(("education", "fields", "毕业时间"), "2026-12-01"), pc.GRADUATION_FUTURE) == []


def test_certificates_issued_before_a_graduation_of_today_are_flagged_with_their_dates() -> None:
    # graduated today (not in the future): both issue dates of the clean record are before it
    assert dicts(changed(("education", "fields", "毕业时间"), "2026-12-01"), pc.DATE_BEFORE_GRADUATION) == [
        flag("date_before_graduation", "专技职称批准日期2018-05-20早于毕业时间2026-12-01", "title", "批准日期",
             "flag.date_before_graduation", material="title", field="批准日期", date="2018-05-20",
             graduated="2026-12-01"),
        flag("date_before_graduation", "护士执业证签发日期2012-09-01早于毕业时间2026-12-01", "nurse_practice",
             "签发日期", "flag.date_before_graduation", material="nurse_practice", field="签发日期",
             date="2012-09-01", graduated="2026-12-01"),
    ]  # fmt: skip


def test_a_licence_issued_on_the_graduation_day_is_not_before_it() -> None:
    record = changed(("nurse_practice", "fields", "签发日期"), "2012-07-01")  # 毕业时间 2012-07-01
    assert dicts(record, pc.DATE_BEFORE_GRADUATION) == []


def test_an_issue_date_after_today_is_flagged_and_one_of_today_is_not() -> None:
    assert dicts(changed(("title", "fields", "批准日期"), "2026-12-02"), pc.DATE_FUTURE) == [
        flag("date_future", "专技职称批准日期2026-12-02晚于今天", "title", "批准日期", "flag.date_future",
             material="title", field="批准日期", date="2026-12-02")
    ]  # fmt: skip
    assert dicts(changed(("title", "fields", "批准日期"), "2026-12-01"), pc.DATE_FUTURE) == []


def test_a_graduation_on_the_entry_day_is_not_after_it() -> None:
    assert dicts(changed(("education", "fields", "毕业时间"), "2008-09-01"), pc.GRADUATION_BEFORE_ENTRY) == [
        flag("graduation_before_entry", "毕业时间2008-09-01不晚于入学时间2008-09-01，学历信息有误", "education",
             "毕业时间", "flag.graduation_before_entry", graduated="2008-09-01", entered="2008-09-01")
    ]  # fmt: skip


def test_study_years_off_by_more_than_one_year_are_flagged_with_both_numbers() -> None:
    # 2008-09-01 to 2012-07-01: 1,399 days, 3.83 years, about 4
    assert dicts(changed(("education", "fields", "学制"), "2年"), pc.STUDY_YEARS_MISMATCH) == [
        flag("study_years_mismatch", "学制2年与入学、毕业时间不符（相隔约4年）", "education", "学制",
             "flag.study_years_mismatch", years=2, span=4)
    ]  # fmt: skip
    assert (
        dicts(changed(("education", "fields", "学制"), "3年"), pc.STUDY_YEARS_MISMATCH) == []
    )  # one off: fine
    assert dicts(changed(("education", "fields", "学制"), "5年"), pc.STUDY_YEARS_MISMATCH) == []


def test_years_between_entry_and_graduation_count_julian_years() -> None:
    # 2008-09-01 to 2012-03-03: 1,279 days = 3.502 years of 365.25 days, about 4 (not 3)
    record = changed(("education", "fields", "毕业时间"), "2012-03-03")
    material(record, "education")["fields"]["学制"] = "2年"
    assert [d["message"] for d in dicts(record, pc.STUDY_YEARS_MISMATCH)] == [
        "学制2年与入学、毕业时间不符（相隔约4年）"
    ]


def test_a_record_without_an_education_material_has_no_date_contradictions() -> None:
    record = copy.deepcopy(clean())
    record["materials"] = [m for m in record["materials"] if m["kind"] != "education"]
    assert [f.code for f in flags_of(record) if f.kind == "contradiction"] == []


def test_a_practice_place_other_than_the_unit_is_flagged_on_the_licence() -> None:
    found = [f for f in flags_of(changed(("nurse_practice", "fields", "执业地点"), "江汉区妇幼保健院"))]
    assert [(f.code, f.message, f.material, f.field) for f in found] == [
        (
            "practice_place_mismatch",
            "执业地点与申报单位不一致：江汉区妇幼保健院",
            "nurse_practice",
            "执业地点",
        )
    ]


def test_a_physician_category_without_a_qualification_is_flagged() -> None:
    record = changed(("category_code",), "303")  # 内科学(中级): 需医师资格
    found = [(f.code, f.kind, f.message, f.material, f.field) for f in flags_of(record)]
    assert ("physician_qualification_missing", "eligibility",
            "申报医师类中级专业须具备医师资格，未见医师资格证或医师注册库记录", "physician_qualification", "") in found  # fmt: skip
    assert not [f for f in flags_of(record) if f.code == pc.LICENCE_MISSING]  # a nurse's licence is not asked


def test_an_unknown_category_asks_for_no_licence_and_does_not_raise() -> None:
    record = changed(("category_code",), "999")
    record["materials"] = [m for m in record["materials"] if m["kind"] != "nurse_practice"]
    assert [f for f in flags_of(record) if f.code == pc.LICENCE_MISSING] == []


def placed(record: dict[str, Any], **when: Any) -> list[tuple[str, str, str, str]]:
    """(code, kind, material, field) of the eligibility and identity flags (dates left out)."""
    found = pc.record_flags(record, exam_year=2027, **when) if when else flags_of(record)
    return [
        (f.code, f.kind, f.material, f.field) for f in found if f.kind != "contradiction" or not f.material
    ]


def graduated(record: dict[str, Any], entered: str, on: str) -> dict[str, Any]:
    material(record, "education")["fields"].update({"入学时间": entered, "毕业时间": on})
    return record


def test_years_counted_from_graduation_are_flagged_on_the_graduation_date() -> None:
    # 初级(士) and 大专 → 初级(师) count from graduation (to 2026-12-31): not the title's 批准日期
    assistant = graduated(changed(("level",), "assistant"), "2022-09-01", "2026-07-01")
    assistant["category_code"] = "102"
    assert placed(assistant) == [("years_short", "eligibility", "education", "毕业时间")]
    junior = graduated(changed(("level",), "junior"), "2022-09-01", "2025-07-01")
    junior.update(category_code="201", education_level="college")
    assert placed(junior) == [("years_short", "eligibility", "education", "毕业时间")]
    assistant_unknown = changed(("level",), "assistant")
    assistant_unknown["category_code"] = "102"
    material(assistant_unknown, "education")["fields"]["毕业时间"] = ""
    assert placed(assistant_unknown) == [("graduation_missing", "required", "education", "毕业时间")]


def test_eligibility_flags_point_at_the_material_to_look_at() -> None:
    no_title = copy.deepcopy(clean())
    no_title["materials"] = [m for m in no_title["materials"] if m["kind"] != "title"]
    assert placed(no_title) == [("title_missing", "eligibility", "title", "批准日期")]
    doctor = changed(("category_code",), "303")
    doctor["education_level"] = "doctor"
    assert placed(doctor) == [
        ("physician_qualification_missing", "eligibility", "physician_qualification", ""),
        ("residency_missing", "eligibility", "residency", ""),
    ]
    no_junior = copy.deepcopy(clean())
    no_junior["libraries"] = []  # 资格库 and 历史考生库 say nothing of a 初级 title
    assert placed(no_junior) == [("no_junior_record", "eligibility", "", "")]


def test_an_implausible_age_points_at_the_id_number() -> None:
    record = changed(("id_number",), make_resident_id("420102", date(2010, 3, 7), 2))
    record["birth_date"] = "2010-03-07"
    assert [(f.code, f.material, f.field, f.message) for f in flags_of(record)] == [
        ("age_implausible", "", "证件号码", "年龄16岁，不在常见报考年龄范围内，请核对证件号码")
    ]


def test_an_id_number_born_after_the_day_given_is_invalid() -> None:
    record = changed(("id_number",), make_resident_id("420102", date(2021, 3, 7), 2))
    assert [(f.code, f.message) for f in pc.record_flags(record, exam_year=2027, today=date(2020, 1, 1))
            if f.code == "id_invalid"] == [("id_invalid", "证件号码有误：出生日期无效：不能晚于今天")]  # fmt: skip
    assert [f for f in flags_of(record) if f.code == "id_invalid"] == []  # on 2026-12-01 it is


def test_a_misconduct_entry_does_not_hide_the_flags_after_it() -> None:
    record = changed(("title", "fields", "资格级别"), "初级(士)")
    record["libraries"].insert(0, {"library": "misconduct", "entries": ["2021年度考试违纪人员"]})
    assert placed(record) == [("title_level_low", "eligibility", "title", "资格级别")]


def test_a_record_without_number_or_unit_says_so_and_invents_nothing() -> None:
    no_number = copy.deepcopy(clean())
    no_number.pop("id_number")
    assert [(f.code, f.message) for f in flags_of(no_number)] == [
        ("id_invalid", "证件号码有误：请输入证件号码")
    ]
    no_unit = copy.deepcopy(clean())
    no_unit.pop("unit_name")  # no unit to compare the 执业地点 with
    assert flags_of(no_unit) == []


def test_the_catalogue_given_decides_which_categories_need_a_physician_qualification() -> None:
    from reviewdesk.domain.catalogue import load_catalogue

    nursing_as_medicine = load_catalogue().to_dict()
    for category in nursing_as_medicine["levels"]["intermediate"]:
        if category["code"] == "368":
            category["requires_physician_qualification"] = True
    given = pc.record_flags(
        clean(), exam_year=2027, today=TODAY, catalogue=load_catalogue(nursing_as_medicine)
    )
    assert [f.code for f in given] == ["physician_qualification_missing"]
    assert flags_of(clean()) == []  # the packaged catalogue: 护理学(中级) needs none
