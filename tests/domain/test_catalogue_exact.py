"""The 类别目录 read from its JSON form, written back and read again unchanged; defaults a hand-written
entry may leave out; a repeated code refused with its own words. Added for the survivors of mutation
testing (docs/MUTATION.md): the JSON form's key for 需医师资格 could be misspelt, a missing series read
as "None", and the packaged catalogue's round trip was never checked."""

from __future__ import annotations

import pytest

from reviewdesk.domain.catalogue import load_catalogue
from reviewdesk.domain.enums import LabelledEnum, Level

HAND_MADE = {
    "year": 2027,
    "project": "卫生专业技术资格考试",
    "series_labels": {"nursing": "护理"},
    "levels": {
        "intermediate": [
            {"code": "368", "name": "护理学", "series": "nursing"},
            {"code": "303", "name": "内科学"},  # no series; 301–365 need 医师资格 unless said otherwise
            {"code": "399", "name": "某专业", "requires_physician_qualification": True},
        ]
    },
}


def test_the_packaged_catalogue_survives_its_round_trip() -> None:
    catalogue = load_catalogue()
    again = load_catalogue(catalogue.to_dict())
    assert again == catalogue and again.to_dict() == catalogue.to_dict()
    assert len(again.all_categories()) == sum(len(c) for c in catalogue.levels.values()) > 0


def test_a_hand_made_catalogue_fills_what_it_leaves_out() -> None:
    catalogue = load_catalogue(HAND_MADE)
    assert [c.code for c in catalogue.all_categories()] == ["368", "303", "399"]
    assert catalogue.category("303").series == "" and catalogue.note == ""
    assert catalogue.series_label("368") == "护理" and catalogue.series_label("303") == ""
    assert [catalogue.requires_physician_qualification(c) for c in ("368", "303", "399")] == [
        False,
        True,
        True,
    ]
    written = catalogue.to_dict()["levels"]["intermediate"]
    assert written[1] == {
        "code": "303",
        "name": "内科学",
        "series": "",
        "requires_physician_qualification": True,
    }
    assert catalogue.level_of("399") is Level.INTERMEDIATE and catalogue.name_of("399") == "某专业"


def test_a_repeated_code_is_refused_with_the_code() -> None:
    twice = {**HAND_MADE, "levels": {"junior": [{"code": "203", "name": "a"}, {"code": "203", "name": "b"}]}}
    with pytest.raises(ValueError, match=r"^类别目录格式错误：类别代码重复：203$"):
        load_catalogue(twice)


def test_a_vocabulary_without_a_title_is_named_by_its_class() -> None:
    class Plain(LabelledEnum):
        ONE = "one", "一"

    assert Plain.title() == "Plain"
    assert Level.title() != "Level"  # the seeds' name, 申报级别
