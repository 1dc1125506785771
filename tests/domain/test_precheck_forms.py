"""预审提示 in the forms other layers read: a flag's snapshot dict and back (with the sentence's parts), the
summary of dict flags (worst severity, kinds, the remarks offered), the order the tabs show, the flags
the server adds, the certificate numbers compared across candidates, and the day the rules count to —
each compared with values worked out by hand. (The record rules' edges: ``test_precheck_exact``.)"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from test_precheck_flags import EXAM_YEAR, TODAY, changed, clean, flags_of, image, material

from reviewdesk.domain import precheck as pc
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.domain.precheck import PrecheckFlag
from reviewdesk.domain.wording import Words

SCAN = 8  # the 图片问题 bit: KINDS is 资格条件 1, 信息矛盾 2, 必填项缺失 4, 图片问题 8, …


def test_a_flag_dict_carries_its_sentence_and_parts_and_comes_back_as_words() -> None:
    (birth,) = flags_of(changed(("birth_date",), "1990-03-08"))
    data = birth.to_dict()
    assert data == {
        "code": "birth_mismatch", "kind": "contradiction", "severity": "alert",
        "message": "出生日期1990-03-08与证件号码中的出生日期1990-03-07不一致", "material": "", "field": "出生日期",
        "image": "", "side": "",
        "words": {"code": "flag.birth_mismatch", "parts": {"entered": "1990-03-08", "said": "1990-03-07"}},
    }  # fmt: skip
    back = PrecheckFlag.from_dict(data)
    assert back == birth
    assert isinstance(back.message, Words) and back.message.code == "flag.birth_mismatch"
    assert back.message.fields == {"entered": "1990-03-08", "said": "1990-03-07"}
    assert pc.flag_words(data) == "出生日期1990-03-08与证件号码中的出生日期1990-03-07不一致"


def test_a_flag_dict_without_words_or_with_words_of_another_sentence_keeps_its_text() -> None:
    data = {
        "code": "birth_mismatch",
        "kind": "contradiction",
        "severity": "alert",
        "message": "出生日期不一致",
    }
    plain = PrecheckFlag.from_dict(data)
    assert plain.message == "出生日期不一致" and not isinstance(plain.message, Words)
    assert (plain.material, plain.field, plain.image, plain.side) == ("", "", "", "")
    assert pc.flag_words(data) is None
    edited = {**data, "words": {"code": "flag.birth_mismatch", "parts": {"entered": "1", "said": "2"}}}
    kept = PrecheckFlag.from_dict(edited)
    assert kept.message == "出生日期不一致" and not isinstance(kept.message, Words)


def test_the_worst_severity_and_the_kinds_of_dict_flags() -> None:
    assert pc.worst_severity([{"severity": "warn"}]) == 1
    assert pc.worst_severity([{"severity": "warn"}, {"severity": "alert"}]) == 2
    assert pc.worst_severity([{"severity": "unknown"}, {}]) == 0
    scan = PrecheckFlag("scan_blurred", "scan", "warn", "图片不清晰（模糊）")
    assert pc.kinds_mask([scan]) == SCAN
    assert pc.kinds_mask([{"kind": "scan"}, {"kind": "unknown"}, {}]) == SCAN


def test_the_remarks_offered_come_once_each_in_the_usual_order() -> None:
    flags = [
        PrecheckFlag("scan_blurred", "scan", "warn", "m"),
        PrecheckFlag("years_short", "eligibility", "warn", "m"),
        PrecheckFlag("birth_mismatch", "contradiction", "alert", "m"),  # none: a reviewer words it
        PrecheckFlag("scan_small", "scan", "warn", "m"),
    ]
    assert pc.suggested_remarks(flags) == ["工作年限不足", "图片不清晰"]
    assert pc.suggested_remarks([f.to_dict() for f in flags]) == ["工作年限不足", "图片不清晰"]
    assert pc.suggested_remarks([{"code": "side_missing"}, {"code": "scan_not_image"}]) == [
        "材料未上传",
        "格式不符",
    ]
    assert pc.suggested_remarks([]) == []


def test_flags_are_ordered_alerts_first_then_basic_information_then_the_tabs() -> None:
    def warn(material: str) -> PrecheckFlag:
        return PrecheckFlag("x", "required", "warn", material, material)

    given = [warn("nurse_practice"), warn("title"), warn("education"), warn(""), warn("unknown"),
             PrecheckFlag("y", "contradiction", "alert", "a", "title")]  # fmt: skip
    assert [(f.severity, f.material) for f in pc.sort_flags(given)] == [
        ("alert", "title"), ("warn", ""), ("warn", "unknown"), ("warn", "education"), ("warn", "title"),
        ("warn", "nurse_practice"),
    ]  # fmt: skip


def test_a_scan_flag_keeps_the_findings_words_and_not_an_image_is_an_alert() -> None:
    small = pc.scan_flag(
        "scan_small", "图片分辨率过低（800×600），证书文字可能无法看清", "title", "c" * 64, "B"
    )
    assert small.to_dict() == {
        "code": "scan_small", "kind": "scan", "severity": "warn",
        "message": "图片分辨率过低（800×600），证书文字可能无法看清", "material": "title", "field": "",
        "image": "c" * 64, "side": "B",
        "words": {"code": "flag.scan_small", "parts": {"width": "800", "height": "600"}},
    }  # fmt: skip
    assert pc.scan_flag("scan_not_image", "不是图片", "title", "c" * 64, "A").severity == "alert"
    assert pc.scan_flag("scan_blurred", "图片不清晰（模糊）", "title", "c" * 64, "A").severity == "warn"
    words = Words(
        "flag.scan_small", "图片分辨率过低（{width}×{height}），证书文字可能无法看清", width=800, height=600
    )
    assert pc.parse_scan_message(words) is words  # checked here: itself, its numbers still numbers


def test_server_flags_compared_whole() -> None:
    reused = pc.reused_flag("title", "b" * 64, "A", ["张三", "李四", "王五"])
    assert reused.to_dict() == {
        "code": "scan_reused", "kind": "reused", "severity": "alert",
        "message": "专技职称图片与其他考生（张三、李四、王五）的图片相同，请核实是否冒用", "material": "title",
        "field": "", "image": "b" * 64, "side": "A",
        "words": {"code": "flag.scan_reused",
                  "parts": {"material": "title", "others": {"code": "flag.others", "parts": {"names": ["张三", "李四", "王五"]}}}},
    }  # fmt: skip
    assert (
        pc.reused_flag("unknown", "b" * 64, "A", ["张三"]).message
        == "图片与其他考生（张三）的图片相同，请核实是否冒用"
    )


def test_image_flags_follow_the_snapshots_images_and_an_image_without_a_hash_has_none() -> None:
    record = {"materials": [{"kind": "title", "images": [{"side": "A"}, {"side": "B", "sha256": "d" * 64}]}]}
    findings = {
        "": [("scan_blurred", "图片不清晰（模糊）")],
        "d" * 64: [("scan_blurred", "图片不清晰（模糊）")],
    }
    assert [(f.material, f.image, f.side) for f in pc.image_flags(record, findings)] == [
        ("title", "", "A"),
        ("title", "d" * 64, "B"),
    ]


def test_numbers_compared_across_candidates_need_four_characters() -> None:
    record = copy.deepcopy(clean())
    material(record, "education")["fields"]["毕业证号"] = " 12 34 "
    material(record, "title")["fields"]["证书编号"] = "123"
    material(record, "nurse_practice")["fields"]["证书编码"] = ""
    record["materials"].insert(0, {"kind": "degree", "fields": {"证书编号": "99999"}, "images": []})
    assert pc.unique_numbers(record) == [("education", "毕业证号", "1234")]


def test_the_exam_year_is_the_projects_or_next_year() -> None:
    assert pc.exam_year(2027, date(2026, 12, 1)) == 2027
    assert pc.exam_year(0, date(2026, 12, 1)) == 2027
    assert pc.exam_year(0, date(2027, 1, 1)) == 2028


def test_without_a_day_given_the_rules_count_to_the_real_today() -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    record = changed(("education", "fields", "毕业时间"), tomorrow)
    found = pc.record_flags(record, exam_year=EXAM_YEAR)
    assert [f.message for f in found if f.code == pc.GRADUATION_FUTURE] == [
        f"毕业时间{tomorrow}晚于今天，学历信息有误或尚未毕业"
    ]


def test_the_identity_rules_count_to_the_day_given() -> None:
    # born 2021-03-07: on 2020-01-01 that number cannot be valid yet (so no contradiction is read from it)
    record = changed(("id_number",), make_resident_id("420102", date(2021, 3, 7), 2))
    record["birth_date"] = "2021-03-08"
    on = date(2020, 1, 1)
    assert [
        f.code for f in pc.record_flags(record, exam_year=EXAM_YEAR, today=on) if f.code == pc.BIRTH_MISMATCH
    ] == []
    later = date(2026, 12, 1)
    assert [
        f.code
        for f in pc.record_flags(record, exam_year=EXAM_YEAR, today=later)
        if f.code == pc.BIRTH_MISMATCH
    ] == [pc.BIRTH_MISMATCH]


def test_a_woman_whose_number_says_male_is_flagged() -> None:
    record = changed(("id_number",), make_resident_id("420102", date(1990, 3, 7), 1))  # sequence 001: male
    assert [(f.code, f.message) for f in flags_of(record)] == [
        ("gender_mismatch", "性别女与证件号码不一致（证件号码为男性）")
    ]


def test_unknown_libraries_and_materials_are_skipped_not_the_end() -> None:
    record = copy.deepcopy(clean())
    record["libraries"].insert(0, {"library": "unknown", "entries": ["x"]})
    record["materials"].insert(0, {"kind": "unknown", "fields": {}, "images": []})
    assert flags_of(record) == []


def test_missing_fields_are_named_whole_and_a_missing_graduation_alone_is_not_a_missing_field() -> None:
    record = changed(("education", "fields", "毕业证号"), "")
    material(record, "education")["fields"]["毕业学校"] = " "
    assert [f.to_dict() for f in flags_of(record) if f.code == pc.FIELD_MISSING] == [
        {"code": "field_missing", "kind": "required", "severity": "warn",
         "message": "学历信息缺少必填项：毕业证号、毕业学校", "material": "education", "field": "毕业证号",
         "image": "", "side": "",
         "words": {"code": "flag.field_missing", "parts": {"material": "education", "fields": ["毕业证号", "毕业学校"]}}}
    ]  # fmt: skip
    only_graduation = changed(("education", "fields", "毕业时间"), "")
    assert [f for f in flags_of(only_graduation) if f.code == pc.FIELD_MISSING] == []


def test_a_missing_face_is_flagged_whole_and_materials_without_rules_are_fine() -> None:
    record = changed(("title", "images"), [image("A")])
    record["materials"] += [{"kind": "degree", "fields": {}, "images": [image("A")]},
                            {"kind": "supplement", "fields": {}, "images": []}]  # fmt: skip
    assert [f.to_dict() for f in flags_of(record)] == [
        {"code": "side_missing", "kind": "required", "severity": "warn", "message": "专技职称证书B面未上传",
         "material": "title", "field": "", "image": "", "side": "B",
         "words": {"code": "flag.side_missing", "parts": {"material": "title", "side": "B"}}}
    ]  # fmt: skip


def test_study_years_are_one_or_two_digits() -> None:
    def mismatch(years: str) -> list[str]:
        record = changed(("education", "fields", "学制"), years)
        return [f.message for f in flags_of(record) if f.code == pc.STUDY_YEARS_MISMATCH]

    assert mismatch("10年") == ["学制10年与入学、毕业时间不符（相隔约4年）"]
    assert mismatch("100年") == []  # not a number of years: not compared
    assert mismatch("四年") == []  # no digits: not compared


def test_dates_and_names_the_record_does_not_say() -> None:
    assert TODAY.isoformat() == "2026-12-01"
    record: dict[str, Any] = changed(("gender",), None)
    record.pop("birth_date")
    assert flags_of(record) == []
