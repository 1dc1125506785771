"""基础信息 as a unit enters it: normalised, read from the number where it can be, and each problem said
in Chinese; material fields typed by the seeds' forms."""

from __future__ import annotations

from datetime import date

import pytest

from reviewdesk.domain import material_forms
from reviewdesk.domain.candidate_info import (
    CATEGORY_LEVEL,
    GENDER_REQUIRED,
    NAME_FORMAT,
    PHONE_FORMAT,
    InfoError,
    check_info,
)
from reviewdesk.domain.catalogue import load_catalogue
from reviewdesk.domain.enums import IdType, Level, MaterialKind

CATALOGUE = load_catalogue()
BASE = {
    "name": " 王　芳 ",
    "id_type": "身份证",
    "id_number": "１１０１０５１９４９１２３１００２x",
    "phone": "139 1234 5678",
    "level": "初级(师)",
    "category_code": "201",
}


def test_a_resident_id_gives_gender_and_birth_date() -> None:
    info = check_info(CATALOGUE, **BASE)
    assert info.name == "王 芳"
    assert info.id_type is IdType.RESIDENT_ID
    assert info.id_number == "11010519491231002X"
    assert (info.gender, info.birth_date) == ("female", "1949-12-31")
    assert info.phone == "13912345678"
    assert info.level is Level.JUNIOR
    assert info.category_name == CATALOGUE.name_of("201")


def test_other_documents_need_gender_and_birth_date() -> None:
    passport = dict(BASE, id_type="passport", id_number="E12345678")
    with pytest.raises(InfoError) as missing:
        check_info(CATALOGUE, **passport)
    assert (missing.value.field, missing.value.message) == ("gender", GENDER_REQUIRED)
    info = check_info(CATALOGUE, **passport, gender="男", birth_date="1990-01-02")
    assert (info.gender, info.birth_date) == ("male", "1990-01-02")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "王芳1"}, "name", NAME_FORMAT),
        ({"id_number": "11010519491231002"}, "id_number", "证件号码长度应为18位"),
        ({"id_number": "110105194912310021"}, "id_number", "校验位错误，应为X"),
        ({"phone": "2391234567"}, "phone", PHONE_FORMAT),
        (
            {"category_code": "368"},
            "category_code",
            CATEGORY_LEVEL.format(name=CATALOGUE.name_of("368"), level="初级(师)"),
        ),
        ({"category_code": "999"}, "category_code", "申报类别代码 999 不在本年度类别目录中"),
        (
            {"id_type": "驾驶证"},
            "id_type",
            "证件类型应为以下之一：身份证、港澳台居民居住证、港澳居民来往内地通行证、台湾居民来往大陆通行证、护照",
        ),
    ],
)
def test_each_problem_is_said_in_chinese(change: dict[str, str], field: str, message: str) -> None:
    with pytest.raises(InfoError) as problem:
        check_info(CATALOGUE, **(BASE | change), today=date(2026, 12, 5))
    assert (problem.value.field, problem.value.message) == (field, message)


def test_material_fields_follow_the_seeds_forms() -> None:
    title = material_forms.FORMS[MaterialKind.TITLE]
    assert [f.name for f in title.fields if f.required] == [
        "资格系列", "资格级别", "专业", "取得方式", "取得途径", "批准日期", "证书编号", "是否为省线证", "是否基卫高",
    ]  # fmt: skip
    assert title.field("聘任日期").type is material_forms.FieldType.DATE
    assert not title.field("聘任日期").required
    physician = material_forms.FORMS[MaterialKind.PHYSICIAN_PRACTICE]
    assert physician.field("资格级别").choices == ("执业医师", "执业助理医师")
    assert material_forms.check_fields(MaterialKind.TITLE, {"专业": " 药学 "}) == {"专业": "药学"}
    assert material_forms.missing_required(MaterialKind.RESIDENCY, {"培训专业": "内科"}) == [
        "培训基地", "结业日期", "证书编号",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="批准日期应为日期"):
        material_forms.check_fields(MaterialKind.TITLE, {"批准日期": "2020-02-30"})
