"""The category catalogue: the packaged yearly file, lookups, and loading what the server served."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from reviewdesk.domain.catalogue import load_catalogue
from reviewdesk.domain.enums import Level


def test_packaged_catalogue_has_the_known_codes_and_a_believable_size() -> None:
    catalogue = load_catalogue()
    assert catalogue.year == 2027 and catalogue.project == "2027年卫生专业技术资格考试"
    assert "未核实" in catalogue.note
    known = {
        "102": "中药学(士)",
        "201": "药学(师)",
        "303": "内科学(中级)",
        "366": "主管药师",
        "367": "主管中药师",
        "368": "护理学(中级)",
    }
    for code, name in known.items():
        assert catalogue.name_of(code) == name
    sizes = {level: len(catalogue.categories(level)) for level in Level}
    assert 12 <= sizes[Level.ASSISTANT] <= 20
    assert 15 <= sizes[Level.JUNIOR] <= 25
    assert 70 <= sizes[Level.INTERMEDIATE] <= 100


def test_code_pattern_levels_and_physician_rule() -> None:
    catalogue = load_catalogue()
    prefix = {Level.ASSISTANT: "1", Level.JUNIOR: "2", Level.INTERMEDIATE: "3"}
    for level in Level:
        for category in catalogue.categories(level):
            assert category.code.startswith(prefix[level]) and len(category.code) == 3
            assert catalogue.level_of(category.code) is level
            physician = 301 <= int(category.code) <= 365
            assert catalogue.requires_physician_qualification(category.code) is physician
    assert catalogue.series_label("368") == "卫生技术人员(护理)"
    assert catalogue.series_label("303") == "卫生技术人员(医疗)"
    for name in ("放射医学技术", "临床医学检验技术", "康复医学治疗技术", "口腔医学技术", "病案信息技术"):
        assert f"{name}(士)" in {c.name for c in catalogue.categories(Level.ASSISTANT)}
    for name in ("全科医学(中级)", "外科学", "妇产科学(中级)", "儿科学(中级)"):
        assert any(name in c.name for c in catalogue.categories(Level.INTERMEDIATE)), name


def test_unknown_codes_raise_key_error() -> None:
    catalogue = load_catalogue()
    assert "999" not in catalogue and "368" in catalogue
    with pytest.raises(KeyError):
        catalogue.name_of("999")


def test_loads_from_the_served_dict_and_from_a_file(tmp_path: Path) -> None:
    served = json.loads((files("reviewdesk.resources") / "catalogue.json").read_text(encoding="utf-8"))
    from_dict = load_catalogue(served)
    assert from_dict == load_catalogue()
    assert load_catalogue(from_dict.to_dict()) == from_dict
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(served, ensure_ascii=False), encoding="utf-8")
    assert load_catalogue(path) == from_dict
    assert load_catalogue(str(path)).categories(Level.JUNIOR) == from_dict.categories(Level.JUNIOR)


def test_physician_flag_defaults_to_the_code_pattern_when_absent() -> None:
    catalogue = load_catalogue(
        {
            "year": 2028,
            "project": "2028年卫生专业技术资格考试",
            "levels": {
                "intermediate": [{"code": "310", "name": "X(中级)"}, {"code": "370", "name": "Y(中级)"}]
            },
        }
    )
    assert catalogue.requires_physician_qualification("310")
    assert not catalogue.requires_physician_qualification("370")
    assert catalogue.categories(Level.ASSISTANT) == ()


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"year": 2027, "project": "x"},
        {"year": 2027, "project": "x", "levels": {"expert": []}},
        {"year": 2027, "project": "x", "levels": {"junior": [{"name": "no code"}]}},
        {"year": "soon", "project": "x", "levels": {}},
        {
            "year": 2027,
            "project": "x",
            "levels": {"junior": [{"code": "201", "name": "a"}, {"code": "201", "name": "b"}]},
        },
    ],
)
def test_malformed_catalogues_say_so_in_chinese(bad: dict) -> None:
    with pytest.raises(ValueError, match="类别目录格式错误"):
        load_catalogue(bad)
