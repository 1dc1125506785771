"""预审提示 record rules on RecordSnapshot-shaped records: each kind, where it points, and clean records."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from reviewdesk.domain import eligibility as el
from reviewdesk.domain import precheck as pc
from reviewdesk.domain.precheck import PrecheckFlag, kinds_mask, record_flags, worst_severity

TODAY = date(2026, 12, 1)
EXAM_YEAR = 2027
ID = "420102199003070029"  # female (sequence 002), born 1990-03-07


def image(side: str, sha: str = "a" * 64) -> dict[str, Any]:
    return {"side": side, "sha256": sha, "size": 1, "mime": "image/jpeg", "filename": "x.jpg"}


def clean() -> dict[str, Any]:
    """An eligible 护理学(中级) nurse whose data agrees with itself."""
    return {
        "id": 1,
        "name": "王芳",
        "id_type": "resident_id",
        "id_number": ID,
        "gender": "female",
        "birth_date": "1990-03-07",
        "level": "intermediate",
        "category_code": "368",
        "education_level": "bachelor",
        "unit_name": "武汉市江岸区人民医院",
        "libraries": [{"library": "qualification", "entries": ["2018年 护师 资格考试合格"]}],
        "materials": [
            {
                "kind": "education",
                "fields": {
                    "学历层级": "本科", "毕业证号": "105201201234", "入学时间": "2008-09-01",
                    "毕业时间": "2012-07-01", "毕业学校": "武汉大学", "学制": "4年", "所学专业": "护理学",
                },
                "images": [image("A"), image("report")],
            },
            {
                "kind": "title",
                "fields": {"资格级别": "初级(师)", "专业": "护理学", "批准日期": "2018-05-20", "证书编号": "20184200001"},
                "images": [image("A"), image("B")],
            },
            {
                "kind": "nurse_practice",
                "fields": {"证书编码": "201242000001", "签发日期": "2012-09-01", "执业地点": "武汉市江岸区人民医院"},
                "images": [image("A"), image("B")],
            },
        ],
    }  # fmt: skip


def flags_of(record: dict[str, Any]) -> list[PrecheckFlag]:
    return record_flags(record, exam_year=EXAM_YEAR, today=TODAY)


def material(record: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(m for m in record["materials"] if m["kind"] == kind)


def test_a_clean_record_has_no_flags() -> None:
    assert flags_of(clean()) == []


def changed(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    record = copy.deepcopy(clean())
    target: Any = record
    for key in path[:-1]:
        target = material(record, key) if key in {"education", "title", "nurse_practice"} else target[key]
    if value is None:
        target.pop(path[-1])
    else:
        target[path[-1]] = value
    return record


CASES = [
    # (what changes, value, code, kind, severity, material, field)
    (("birth_date",), "1990-03-08", pc.BIRTH_MISMATCH, "contradiction", "alert", "", "出生日期"),
    (("gender",), "male", pc.GENDER_MISMATCH, "contradiction", "alert", "", "性别"),
    (("id_number",), "420102199003070028", el.ID_INVALID, "contradiction", "alert", "", "证件号码"),
    (("education", "fields", "毕业时间"), "2008-06-01", pc.GRADUATION_BEFORE_ENTRY, "contradiction", "warn",
     "education", "毕业时间"),
    (("education", "fields", "毕业时间"), "2027-07-01", pc.GRADUATION_FUTURE, "contradiction", "warn",
     "education", "毕业时间"),
    (("education", "fields", "学制"), "2年", pc.STUDY_YEARS_MISMATCH, "contradiction", "warn", "education", "学制"),
    (("title", "fields", "批准日期"), "2027-01-05", pc.DATE_FUTURE, "contradiction", "warn", "title", "批准日期"),
    (("nurse_practice", "fields", "签发日期"), "2011-01-05", pc.DATE_BEFORE_GRADUATION, "contradiction", "warn",
     "nurse_practice", "签发日期"),
    (("education", "fields", "毕业证号"), "", pc.FIELD_MISSING, "required", "warn", "education", "毕业证号"),
    (("title", "images"), [image("A")], pc.SIDE_MISSING, "required", "warn", "title", ""),
    (("title", "fields", "批准日期"), "2024-05-20", el.YEARS_SHORT, "eligibility", "warn", "title", "批准日期"),
    (("title", "fields", "资格级别"), "初级(士)", el.TITLE_LEVEL_LOW, "eligibility", "warn", "title", "资格级别"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "code", "kind", "severity", "where", "field"), CASES,
                         ids=[c[2] + "-" + "/".join(c[0]) for c in CASES])  # fmt: skip
def test_each_flag_points_at_its_field(
    path: tuple[str, ...], value: Any, code: str, kind: str, severity: str, where: str, field: str
) -> None:
    found = [f for f in flags_of(changed(path, value)) if f.code == code]
    assert len(found) == 1, flags_of(changed(path, value))
    flag = found[0]
    assert (flag.kind, flag.severity, flag.material, flag.field) == (kind, severity, where, field)
    assert flag.message


def test_messages_say_what_is_wrong_in_the_reviewers_words() -> None:
    (birth,) = flags_of(changed(("birth_date",), "1990-03-08"))
    assert birth.message == "出生日期1990-03-08与证件号码中的出生日期1990-03-07不一致"
    (side,) = flags_of(changed(("title", "images"), [image("A")]))
    assert (side.message, side.side) == ("专技职称证书B面未上传", "B")
    (short,) = flags_of(changed(("title", "fields", "批准日期"), "2024-05-20"))
    assert short.message.startswith("工作年限不足：本科学历申报中级需取得初级(师)资格后满4年")


def test_a_nurse_without_a_practice_licence_is_flagged() -> None:
    record = clean()
    record["materials"] = [m for m in record["materials"] if m["kind"] != "nurse_practice"]
    (flag,) = flags_of(record)
    assert (flag.code, flag.kind, flag.material) == (pc.LICENCE_MISSING, "eligibility", "nurse_practice")
    assert flag.message == "申报护理学(中级)须具备护士执业证，未见该材料"


def test_misconduct_keeps_its_own_warning_and_is_not_repeated() -> None:
    record = clean()
    record["libraries"].append({"library": "misconduct", "entries": ["2021年度考试违纪人员"]})
    assert flags_of(record) == []


def test_unreadable_values_never_raise() -> None:
    record = changed(("level",), "专家")
    record["materials"][0]["fields"]["入学时间"] = "去年"
    record["materials"].append({"kind": "unknown", "fields": None, "images": None})
    assert all(f.kind != "eligibility" for f in flags_of(record))


def test_alerts_come_first_and_the_summary_counts_them() -> None:
    record = changed(("gender",), "male")
    material(record, "title")["images"] = []
    flags = flags_of(record)
    assert [f.severity for f in flags] == ["alert", "warn", "warn"]
    assert worst_severity(flags) == 2 and worst_severity(flags[1:]) == 1 and worst_severity([]) == 0
    dicts = [f.to_dict() for f in flags]
    assert [PrecheckFlag.from_dict(d) for d in dicts] == flags
    assert kinds_mask(dicts) == (1 << pc.KINDS.index("contradiction")) | (1 << pc.KINDS.index("required"))


def test_certificate_numbers_to_compare_across_candidates_are_normalized() -> None:
    record = changed(("title", "fields", "证书编号"), " 2018 42ab ")
    assert ("title", "证书编号", "201842AB") in pc.unique_numbers(record)
    assert {n[0] for n in pc.unique_numbers(clean())} == {"education", "title", "nurse_practice"}


def test_server_added_flags_have_the_same_shape() -> None:
    reused = pc.reused_flag("title", "b" * 64, "A", ["张三", "李四", "王五", "赵六"])
    assert reused.message == "专技职称图片与其他考生（张三、李四、王五等4人）的图片相同，请核实是否冒用"
    assert (reused.kind, reused.severity, reused.image) == ("reused", "alert", "b" * 64)
    duplicate = pc.duplicate_flag("education", "毕业证号", "105201201234", ["张三"])
    assert duplicate.message == "学历信息毕业证号105201201234与其他考生（张三）相同"
