"""A material's form (seed 001 §四) checks what a unit enters field by field: each refusal compared whole —
the Chinese sentence, its code and the parts the English desktop fills it with — and the fields kept as
the form orders them. (Which fields each form has: ``test_candidate_info``.)"""

from __future__ import annotations

import pytest

from reviewdesk.domain import material_forms as mf
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.wording import Words, to_json

TITLE, EDUCATION = MaterialKind.TITLE, MaterialKind.EDUCATION


def refusal(kind: MaterialKind, fields: dict[str, str]) -> tuple[str, dict]:  # type: ignore[type-arg]
    with pytest.raises(ValueError) as caught:
        mf.check_fields(kind, fields)
    words = caught.value.args[0]
    assert isinstance(words, Words)
    return str(words), to_json(words)


def test_each_refusal_says_which_field_and_why() -> None:
    assert refusal(TITLE, {"颜色": "红"}) == (
        "专技职称没有“颜色”这一项",
        {"code": "field.unknown", "parts": {"kind": "title", "field": "颜色"}},
    )
    assert refusal(TITLE, {"专业": "药\x01学"}) == (
        "专业含有不可见的控制字符",
        {"code": "field.control", "parts": {"field": "专业"}},
    )
    assert refusal(TITLE, {"证书编号": "1" * 65}) == (
        "证书编号不能超过64字",
        {"code": "field.too_long", "parts": {"field": "证书编号", "limit": 64}},
    )
    assert refusal(TITLE, {"批准日期": "2020/02/03"}) == (
        "批准日期应为日期（年-月-日），如 2020-06-30",
        {"code": "field.date", "parts": {"field": "批准日期"}},
    )
    assert refusal(TITLE, {"资格级别": "高级"}) == (
        "资格级别应为以下之一：初级(士)、初级(师)、中级、副高、正高",
        {"code": "field.choice", "parts": {"field": "资格级别", "choices": ["初级(士)", "初级(师)", "中级", "副高", "正高"]}},
    )  # fmt: skip


def test_the_limits_of_length_dates_and_choices() -> None:
    assert mf.check_fields(TITLE, {"证书编号": "1" * 64}) == {"证书编号": "1" * 64}
    assert mf.check_fields(EDUCATION, {"毕业学校": "学" * 128}) == {"毕业学校": "学" * 128}
    assert refusal(EDUCATION, {"毕业学校": "学" * 129})[0] == "毕业学校不能超过128字"
    assert refusal(TITLE, {"批准日期": "2020-02-30"})[0] == "批准日期应为日期（年-月-日），如 2020-06-30"
    assert refusal(TITLE, {"批准日期": "2020-2-3"})[0] == "批准日期应为日期（年-月-日），如 2020-06-30"
    assert mf.check_fields(TITLE, {"批准日期": " 2020-02-29 ", "资格级别": "中级"}) == {
        "资格级别": "中级", "批准日期": "2020-02-29"
    }  # fmt: skip
    # empty is allowed (the form marks it red), not checked as a date or a choice
    assert mf.check_fields(TITLE, {"批准日期": " ", "资格级别": ""}) == {"资格级别": "", "批准日期": ""}
    assert refusal(EDUCATION, {"学制": "九年"})[0] == "学制应为以下之一：2年、3年、4年、5年、6年、7年、8年"


def test_the_first_problem_is_the_one_said() -> None:
    assert refusal(TITLE, {"专业": "药学", "批准日期": "昨天", "资格级别": "高级"})[0] == (
        "批准日期应为日期（年-月-日），如 2020-06-30"
    )


def test_required_fields_still_empty_are_listed_in_the_forms_order() -> None:
    assert mf.missing_required(TITLE, {"专业": "药学", "资格级别": " "}) == [
        "资格系列", "资格级别", "取得方式", "取得途径", "批准日期", "证书编号", "是否为省线证", "是否基卫高"
    ]  # fmt: skip
    assert mf.missing_required(EDUCATION, {"学历认证报告编号": ""})[:3] == [
        "学历层级",
        "毕业证号",
        "入学时间",
    ]
    assert "学历认证报告编号" not in mf.missing_required(EDUCATION, {})
