"""A material's field values in English: the 填报 forms' choices that are no vocabulary's labels (是/否,
学制, 资格系列, 取得方式, 取得途径, 医师级别/类别) were shown in Chinese on the 专项信息 cards and the 审核详情
pages in English mode. Each is listed for the catalogue, and reads in English written here by hand."""

from __future__ import annotations

import re
from typing import Any

from english import english  # noqa: F401 (a fixture)

from reviewdesk.domain import enums, material_forms
from reviewdesk.views.common.material_field_names import FIELD_VALUES, field_value_text

CJK = re.compile(r"[\u4e00-\u9fff]")


def _choices() -> set[str]:
    return {
        choice for form in material_forms.FORMS.values() for f in form.fields for choice in f.choices or ()
    }


def _labels() -> set[str]:
    vocabularies = [
        v for v in vars(enums).values() if isinstance(v, type) and issubclass(v, enums.LabelledEnum)
    ]
    return {label for vocabulary in vocabularies for label in vocabulary.labels()}


def test_every_choice_that_is_no_vocabulary_label_is_listed() -> None:
    assert set(FIELD_VALUES) == _choices() - _labels()
    assert len(FIELD_VALUES) == len(set(FIELD_VALUES))


def test_every_choice_reads_in_english(english: Any) -> None:  # noqa: F811
    assert {
        value: field_value_text(value)
        for value in ("否", "是", "4年", "卫生技术人员(技师)", "单位认定", "中医")
    } == {
        "否": "No",
        "是": "Yes",
        "4年": "4 years",
        "卫生技术人员(技师)": "Health professional (medical technology)",
        "单位认定": "Recognised by the employer",
        "中医": "Traditional Chinese medicine",
    }
    assert [c for c in sorted(_choices()) if CJK.search(field_value_text(c))] == []
    assert field_value_text("华中科技大学") == "华中科技大学"  # not a choice: as it is


def test_choices_stay_chinese_in_chinese() -> None:
    assert {c: field_value_text(c) for c in _choices()} == {c: c for c in _choices()}
