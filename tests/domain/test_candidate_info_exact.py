"""基础信息's check compared whole: the record as stored (``to_dict``), and each refusal's input, Chinese
sentence and the parts the English desktop fills it with, at the edges of each rule (a birth date of
today, a phone number's second digit, an empty category). ``test_candidate_info`` has the main cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_candidate_info import BASE, CATALOGUE

from reviewdesk.domain.candidate_info import InfoError, check_info, normalize_name, normalize_phone
from reviewdesk.domain.wording import Words, to_json

TODAY = date(2026, 12, 5)
PASSPORT = dict(BASE, id_type="passport", id_number="E12345678")


def refused(**change: Any) -> tuple[str, str, dict | None]:  # type: ignore[type-arg]
    with pytest.raises(InfoError) as caught:
        check_info(CATALOGUE, **(BASE | change), today=TODAY)
    message = caught.value.message
    assert str(caught.value) == str(message)
    return caught.value.field, str(message), to_json(message) if isinstance(message, Words) else None


def test_the_record_as_stored() -> None:
    assert check_info(CATALOGUE, **BASE).to_dict() == {
        "name": "王 芳", "id_type": "resident_id", "id_number": "11010519491231002X", "gender": "female",
        "birth_date": "1949-12-31", "phone": "13912345678", "level": "junior", "category_code": "201",
    }  # fmt: skip
    info = check_info(CATALOGUE, **(BASE | {"level": "junior", "phone": "139-1234-5678"}))
    assert (info.level.value, info.phone) == ("junior", "13912345678")


def test_names_and_phones_are_normalised() -> None:
    assert normalize_name("  欧阳•娜娜 ") == "欧阳·娜娜"
    assert normalize_name("Li　 Na") == "Li Na"
    assert normalize_phone(" １３９-1234 5678 ") == "13912345678"


def test_each_refusal_whole() -> None:
    assert refused(name="  ") == ("name", "请输入姓名", {"code": "info.name_empty", "parts": {}})
    assert refused(phone="12912345678") == (
        "phone",
        "手机号应为11位数字，以1开头",
        {"code": "info.phone_format", "parts": {}},
    )
    assert refused(level="专家") == ("level", "请选择申报级别", {"code": "info.level_unknown", "parts": {}})
    assert refused(category_code=" ") == (
        "category_code", "申报类别代码 （空） 不在本年度类别目录中",
        {"code": "info.category_unknown", "parts": {"code": {"code": "info.empty", "parts": {}}}},
    )  # fmt: skip
    assert refused(category_code="368") == (
        "category_code", "申报类别 护理学(中级) 不属于申报级别 初级(师)",
        {"code": "info.category_level", "parts": {"name": "护理学(中级)", "level": "junior"}},
    )  # fmt: skip
    assert refused(id_type="驾驶证")[2] == {
        "code": "info.id_type_unknown",
        "parts": {"types": ["resident_id", "hmt_residence", "hk_macao_permit", "taiwan_permit", "passport"]},
    }


def test_a_document_without_them_needs_gender_and_a_birth_date_not_after_today() -> None:
    def passport(**change: str) -> tuple[str, str]:
        with pytest.raises(InfoError) as caught:
            check_info(CATALOGUE, **(PASSPORT | change), today=TODAY)
        return caught.value.field, str(caught.value.message)

    assert passport(gender="未知") == ("gender", "请选择性别")
    assert passport(gender="女") == ("birth_date", "请输入出生日期（年-月-日）")
    assert passport(gender="女", birth_date="1990-02-30") == ("birth_date", "出生日期无效")
    assert passport(gender="female", birth_date="2026-12-06") == ("birth_date", "出生日期无效")
    today = check_info(CATALOGUE, **PASSPORT, gender=" female ", birth_date=" 2026-12-05 ", today=TODAY)
    assert (today.gender, today.birth_date) == ("female", "2026-12-05")


def test_the_number_is_checked_on_the_day_given() -> None:
    from reviewdesk.domain.identity import make_resident_id

    born_2021 = dict(BASE, id_number=make_resident_id("110105", date(2021, 3, 7), 2))
    with pytest.raises(InfoError) as caught:
        check_info(CATALOGUE, **born_2021, today=date(2020, 1, 1))
    assert (caught.value.field, str(caught.value.message)) == ("id_number", "出生日期无效：不能晚于今天")
    assert check_info(CATALOGUE, **born_2021, today=TODAY).birth_date == "2021-03-07"
