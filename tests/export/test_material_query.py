"""专项信息's query over a real local store (SQLite file in tmp_path, filled through the ingest API)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reviewdesk.domain.enums import (
    DataScope,
    EducationLevel,
    MaterialKind,
    ReviewStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.store import ingest
from reviewdesk.store.material_query import (
    MaterialFilter,
    card_fields,
    count_by_status,
    find_materials,
    load_cards,
    major_types,
    schools,
)
from reviewdesk.store.testing import create_store, make_review, make_snapshot


def _snapshot(record_id: int, **edu: str) -> dict[str, Any]:
    snap = make_snapshot(record_id)
    for material in snap["materials"]:
        if material["kind"] == "education":
            material["fields"].update(edu)
    return snap


@pytest.fixture
def store(tmp_path: Path) -> Any:
    ws = create_store(tmp_path / "ws.sqlite", Tier.UNIT)
    snaps = [
        _snapshot(
            1,
            学历层级="本科",
            毕业学校="湖北中医药大学",
            专业类型="医学",
            入学时间="2008-09-01",
            毕业时间="2012-07-01",
        ),
        _snapshot(
            2,
            学历层级="大专",
            毕业学校="武汉大学",
            专业类型="医学",
            入学时间="2010-09-01",
            毕业时间="2013-07-01",
        ),
        _snapshot(
            3,
            学历层级="本科",
            毕业学校="江汉大学",
            专业类型="理学",
            入学时间="2015-09-01",
            毕业时间="2019-07-01",
        ),
        _snapshot(
            4, 学历层级="硕士研究生", 毕业学校="湖北医药学院", 专业类型="医学", 入学时间="", 毕业时间=""
        ),
    ]
    snaps[0]["unit_id"], snaps[0]["unit_parent_id"] = 17, 12
    snaps[1]["unit_id"], snaps[1]["unit_parent_id"] = 40, 17
    snaps[2]["unit_id"], snaps[2]["unit_parent_id"] = 41, 99
    snaps[3]["unit_id"], snaps[3]["unit_parent_id"] = 42, 98
    snaps[2]["review"] = make_review({Tier.UNIT: ReviewStatus.PASSED})
    snaps[3]["materials"][0]["verify_status"] = "verified"
    ingest.apply_snapshots(ws, snaps)
    yield ws
    ws.close()


def _find(ws: Any, kind: MaterialKind = MaterialKind.EDUCATION, **filters: Any) -> list[int]:
    return find_materials(ws.engine, kind, MaterialFilter(**filters), tier=Tier.UNIT, org_id=17)


def test_each_filter_narrows_the_education_view(store: Any) -> None:
    assert _find(store) == sorted(_find(store), key=lambda i: _find(store).index(i))
    assert set(_find(store)) == {11, 21, 31, 41}
    assert set(_find(store, verify_status=VerifyStatus.VERIFIED)) == {41}
    assert set(_find(store, verify_status=VerifyStatus.PENDING)) == {11, 21, 31}
    assert set(_find(store, education_level=EducationLevel.BACHELOR)) == {11, 31}
    assert set(_find(store, major_type="理学")) == {31}
    assert set(_find(store, school="大学")) == {11, 21, 31}
    assert set(_find(store, school="湖北")) == {11, 41}
    assert set(_find(store, school="100%")) == set()
    assert set(_find(store, enrolled_from=date(2010, 1, 1))) == {21, 31}
    assert set(_find(store, enrolled_to=date(2010, 9, 1))) == {11, 21}
    assert set(_find(store, graduated_from=date(2013, 1, 1), graduated_to=date(2013, 12, 31))) == {21}
    assert set(_find(store, data_scope=DataScope.DIRECT)) == {11, 21}
    assert set(_find(store, review_status=ReviewStatus.PASSED)) == {31}
    assert set(_find(store, review_status=ReviewStatus.PENDING)) == {11, 21, 41}


def test_education_only_filters_do_not_empty_other_kinds(store: Any) -> None:
    titles = _find(store, MaterialKind.TITLE)
    assert all(i % 10 == 2 for i in titles)
    assert _find(store, MaterialKind.TITLE, school="湖北", education_level=EducationLevel.DOCTOR) == titles


def test_counts_summaries_and_choice_lists(store: Any) -> None:
    listed = _find(store, MaterialKind.EDUCATION)
    counts = count_by_status(store.engine, listed)
    assert counts == {VerifyStatus.PENDING: 3, VerifyStatus.VERIFIED: 1, VerifyStatus.FAILED: 0}
    assert major_types(store.engine) == ["医学", "理学"]
    assert "江汉大学" in schools(store.engine)


def test_cards_carry_candidate_fields_and_verification_rules(store: Any) -> None:
    cards = load_cards(store.engine, [11, 31, 41, 999], tier=Tier.UNIT)
    assert set(cards) == {11, 31, 41}
    card = cards[11]
    snap = make_snapshot(1)
    assert (card.record_id, card.name, card.id_number) == (1, snap["name"], snap["id_number"])
    assert card.review_status is ReviewStatus.PENDING and card.category_name == snap["category_name"]
    labels = dict(card.card_fields)
    assert labels["学历层次"] == "本科" and labels["毕业学校"] == "湖北中医药大学"
    assert [label for label, _ in card.card_fields][:4] == [
        "学历层次",
        "毕业时间",
        "毕业学校",
        "学历认证报告编号",
    ]
    assert card.refusal == "" and not card.pending and card.first_image is not None
    assert cards[41].verify_status is VerifyStatus.VERIFIED
    # Passed at the unit and still held there: the unit may still verify; a county reviewer may not.
    assert cards[31].refusal == ""
    county = load_cards(store.engine, [31], tier=Tier.COUNTY)[31]
    assert county.refusal and county.review_status is None


def test_card_fields_keep_unknown_fields_after_the_known_ones() -> None:
    shown = card_fields(MaterialKind.SUPPLEMENT, {"补充说明": "工作年限证明", "备注": "见附件"})
    assert shown == (("补充说明", "工作年限证明"), ("备注", "见附件"))
    assert card_fields(MaterialKind.NURSE_PRACTICE, {})[0] == ("证书编码", "")
