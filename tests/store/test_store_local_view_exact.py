"""The local view's building blocks compared whole, against values written out by hand: the list columns
a snapshot gives (with every field missing too), a material's row, an outbox row read back, the 审核进度
entries a pending action adds, and what ``recompute`` stores.

Added for the survivors of mutation testing (docs/MUTATION.md, target ``local_actions``): the local-view
tests checked a few keys of each result, so a dropped default, a misspelt key or a lost field passed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.store import local_view, outbox
from reviewdesk.store.actions import DECISION, REPORT, VERIFICATION, Actor, OutboxEntry
from reviewdesk.store.local_view import (
    entry_from_row,
    fold,
    material_row,
    open_conflict_counts,
    pending_by_record,
    plain_columns,
    recompute,
    review_state,
    server_columns,
    verify_summary,
)
from reviewdesk.store.testing import filled_store, make_review, make_snapshot

UNIT = Actor(Tier.UNIT, "武汉市江岸区人民医院", "张审核")
AT = "2026-12-05T09:00:00+08:00"


@pytest.fixture(autouse=True)
def _cold_caches() -> Iterator[None]:
    """Review states and their columns are memoized by content: compute them in this test."""
    for cached in (
        local_view._state_for,
        local_view._decided,
        local_view._review_columns_for,
        local_view.education_code,
    ):
        cached.cache_clear()
    yield


# -- a snapshot's own columns ------------------------------------------------------------------------------
def test_a_full_snapshot_gives_its_columns() -> None:
    snapshot = {
        "id": 42,
        "version": 7,
        "submission_rev": 3,
        "materials_hash": "ab" * 32,
        "name": "王芳",
        "id_type": "resident_id",
        "id_number": "42010219900101002X",
        "gender": "female",
        "birth_date": "1990-01-01",
        "submitted_at": "2026-12-01T10:00:00+08:00",
        "pay_status": "paid",
        "project": "2027年卫生专业技术资格考试",
        "level": "junior",
        "category_code": "203",
        "category_name": "护理学(师)",
        "education_level": "bachelor",
        "frontline": True,
        "unit_id": 17,
        "unit_name": "武汉市江岸区人民医院",
        "unit_parent_id": 12,
        "libraries": [
            {"library": "nurse_registry", "entries": ["护士执业证书 2015"]},
            {"library": "graduates", "entries": []},
            {"library": "misconduct", "entries": ["2021年度考试违纪人员"]},
            {"library": "unknown_library", "entries": ["?"]},
        ],
        "flags": [
            {"code": "x", "kind": "scan", "severity": "warn", "message": "m"},
            {"code": "y", "kind": "eligibility", "severity": "alert", "message": "m"},
        ],
        "updated_at": "2026-12-02T08:00:00+08:00",
    }
    assert server_columns(snapshot) == {
        "id": 42,
        "version": 7,
        "submission_rev": 3,
        "materials_hash": "ab" * 32,
        "name": "王芳",
        "id_type": "resident_id",
        "id_number": "42010219900101002X",
        "gender": "female",
        "birth_date": "1990-01-01",
        "submitted_at": "2026-12-01T10:00:00+08:00",
        "pay_status": "paid",
        "project": "2027年卫生专业技术资格考试",
        "level": "junior",
        "category_code": "203",
        "category_name": "护理学(师)",
        "education_level": "bachelor",
        "frontline": True,
        "unit_id": 17,
        "unit_name": "武汉市江岸区人民医院",
        "unit_parent_id": 12,
        "library_hits": 1 << 3 | 1 << 6,  # 护士注册库 (4th) and 违纪考生库 (7th); none for an empty one
        "misconduct_hit": True,
        "flag_rank": 2002,  # worst is an alert (2) × 1000 + two flags
        "flag_kinds": 1 << 3 | 1 << 0,  # scan is the 4th kind, eligibility the 1st
        "updated_at": "2026-12-02T08:00:00+08:00",
    }


def test_a_bare_snapshot_gives_empty_columns_not_none() -> None:
    """A snapshot with only its identity and versions: every text column empty, 未缴费, no hits."""
    bare = {"id": "5", "version": "2", "submission_rev": "1", "materials_hash": "h"}
    assert server_columns(bare) == {
        "id": 5,
        "version": 2,
        "submission_rev": 1,
        "materials_hash": "h",
        "name": "",
        "id_type": "",
        "id_number": "",
        "gender": "",
        "birth_date": "",
        "submitted_at": None,
        "pay_status": "unpaid",
        "project": "",
        "level": "",
        "category_code": "",
        "category_name": "",
        "education_level": "",
        "frontline": False,
        "unit_id": 0,
        "unit_name": "",
        "unit_parent_id": None,
        "library_hits": 0,
        "misconduct_hit": False,
        "flag_rank": 0,
        "flag_kinds": 0,
        "updated_at": "",
    }


def test_a_materials_row() -> None:
    education = {
        "id": 61,
        "kind": "education",
        "version": 3,
        "fields": {
            "学历层级": "本科",
            "专业类型": "护理学类",
            "毕业学校": "湖北中医药大学",
            "入学时间": "2008-09-01",
            "毕业时间": "2012-07-01",
        },
        "images": [{"sha256": "0" * 64}],
        "verify_status": "failed",
        "verify_remark": "证书编号不符",
    }
    assert material_row(6, education) == {
        "id": 61,
        "record_id": 6,
        "kind": "education",
        "version": 3,
        "fields": education["fields"],
        "images": [{"sha256": "0" * 64}],
        "verify_status": "failed",
        "verify_remark": "证书编号不符",
        "education_level": "bachelor",
        "major_type": "护理学类",
        "school": "湖北中医药大学",
        "enrolled_on": "2008-09-01",
        "graduated_on": "2012-07-01",
    }
    older_form = {"id": 62, "kind": "education", "fields": {"学历层次": "大专"}}
    assert material_row(6, older_form)["education_level"] == "college"
    unknown = {"id": 63, "kind": "education", "fields": {"学历层级": "函授"}}
    assert material_row(6, unknown)["education_level"] == "函授"  # kept as written, not lost
    assert material_row(6, {"id": "64", "kind": "title"}) == {
        "id": 64,
        "record_id": 6,
        "kind": "title",
        "version": 0,
        "fields": {},
        "images": [],
        "verify_status": "pending",
        "verify_remark": "",
        "education_level": "",
        "major_type": "",
        "school": "",
        "enrolled_on": "",
        "graduated_on": "",
    }


def test_the_verify_summary_of_materials_without_a_status() -> None:
    assert verify_summary([{"verify_status": None}, {"verify_status": "verified"}]) == "pending"
    assert verify_summary([{}]) == "pending"
    assert verify_summary([{"verify_status": "failed"}, {"verify_status": "pending"}]) == "failed"


# -- outbox rows and pending actions ---------------------------------------------------------------------
def test_an_outbox_row_read_back() -> None:
    row = {
        "seq": 9,
        "action_id": "a-1",
        "kind": DECISION,
        "record_id": 4,
        "material_id": None,
        "payload": {"decision_id": "a-1", "outcome": "passed"},
        "base": {"version": 2},
        "batch_id": "b-1",
        "created_at": AT,
        "attempts": 2,
        "last_error": "无法连接服务器",
    }
    assert entry_from_row(row) == OutboxEntry(
        seq=9,
        action_id="a-1",
        kind=DECISION,
        record_id=4,
        material_id=None,
        payload={"decision_id": "a-1", "outcome": "passed"},
        base={"version": 2},
        batch_id="b-1",
        created_at=AT,
        attempts=2,
        last_error="无法连接服务器",
    )
    report = entry_from_row({**row, "kind": REPORT, "base": None, "last_error": None})
    assert (report.record_id, report.base, report.last_error) == (None, {}, "")


def _action(kind: str, seq: int, **payload: Any) -> OutboxEntry:
    material_id = payload.get("material_id")
    return OutboxEntry(seq, f"a{seq}", kind, 7, material_id, payload, created_at=AT)


def test_the_history_entries_pending_actions_add() -> None:
    snapshot = make_snapshot(7)
    actions = [
        _action(VERIFICATION, 1, material_id=71, status="failed", remark="证书编号不符"),
        _action(DECISION, 2, outcome="passed", remark=""),
        _action(REPORT, 3, record_ids=[7]),
        _action(DECISION, 4, outcome="returned", remark="照片不合规"),  # refused: reported, locked
    ]
    view = fold(snapshot, actions, UNIT)
    common = {
        "at": AT,
        "tier": "unit",
        "org_name": "武汉市江岸区人民医院",
        "actor": "张审核",
        "pending": True,
    }
    assert view.history[len(snapshot["history"]) :] == [
        {**common, "action": "verified", "decision_id": "a1", "action_id": "a1", "outcome": "failed",
         "remark": "证书编号不符", "material_id": 71},
        {**common, "action": "decided", "decision_id": "a2", "action_id": "a2", "outcome": "passed", "remark": ""},
        {**common, "action": "reported", "decision_id": "a3", "action_id": "a3", "outcome": None, "remark": ""},
        {**common, "action": "decided", "decision_id": "a4", "action_id": "a4", "outcome": "returned",
         "remark": "照片不合规", "refused": workflow.REPORTED_LOCKED},
    ]  # fmt: skip
    assert view.refused == {"a4": workflow.REPORTED_LOCKED}
    first, second = view.materials
    assert (first["verify_status"], first["verify_remark"], first["pending"]) == (
        "failed",
        "证书编号不符",
        True,
    )
    assert (second["verify_status"], second["verify_remark"], second["pending"]) == ("pending", "", False)
    assert view.columns() == {
        "submit_status": "submitted",
        "status_unit": "passed",
        "status_county": "pending",
        "status_city": None,
        "status_province": None,
        "at_tier": "county",
        "review": make_review({"unit": "passed", "county": "pending"}, at_tier="county"),
        "verify_summary": "failed",
        "pending_actions": 4,
    }


def test_a_snapshot_without_pending_actions_is_its_own_view() -> None:
    for snapshot in (
        make_snapshot(3, review=make_review({"unit": "passed", "county": "on_hold"}, at_tier="county")),
        make_snapshot(4, materials=[]),
    ):
        assert plain_columns(snapshot) == fold(snapshot, [], UNIT).columns()
    assert plain_columns(make_snapshot(4, materials=[]))["verify_summary"] == "pending"
    checked = make_snapshot(7)
    checked["materials"] = [{**m, "verify_status": "verified"} for m in checked["materials"]]
    assert plain_columns(checked)["verify_summary"] == "verified"
    checked["materials"][1]["verify_status"] = "failed"
    assert plain_columns(checked)["verify_summary"] == "failed"


def test_states_differing_in_one_part_are_told_apart() -> None:
    """The memo key holds every part of a review: two reviews differing only in the chain, the tier
    holding it or the submit status are different states."""
    base = make_review({"unit": "passed", "county": "pending"}, at_tier="county")
    short_chain = make_review({"unit": "passed"}, at_tier="unit", chain=(Tier.UNIT, Tier.COUNTY))
    assert review_state(base).at_tier is Tier.COUNTY
    assert review_state(short_chain).chain == (Tier.UNIT, Tier.COUNTY)
    assert review_state(make_review({"unit": "passed"})).superior_of(Tier.UNIT) is Tier.COUNTY
    assert review_state(short_chain).superior_of(Tier.COUNTY) is None
    withdrawn = make_review(submit_status="not_submitted", at_tier=None)
    assert review_state(withdrawn).at_tier is None and review_state(make_review()).at_tier is Tier.UNIT


# -- recompute and what it reads ---------------------------------------------------------------------------
def test_recompute_stores_the_fold_with_its_counts(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1], Outcome.HOLD, "图片不清晰")
    ws.verify([12], VerifyStatus.VERIFIED, "")
    ws.decide([2], Outcome.PASS, "")
    d2 = outbox.pending(ws)[-1]
    outbox.complete(ws, d2.action_id, "conflict", make_snapshot(2, version=3), "stale", "记录已被他人修改")
    with ws.engine.connect() as conn:
        assert {k: [e.action_id for e in v] for k, v in pending_by_record(conn, [1, 2, 3, 99]).items()} == {
            1: [e.action_id for e in outbox.pending(ws)],
        }
        assert open_conflict_counts(conn, [1, 2, 3]) == {2: 1}
    with ws.write() as tx:
        # the columns are set wrong on purpose: recompute must put back what the fold says
        tx.conn.exec_driver_sql(
            "UPDATE records SET status_unit = 'rejected', pending_actions = 9, open_conflicts = 5"
        )
        tx.conn.exec_driver_sql("UPDATE materials SET verify_status = 'failed', verify_remark = 'x'")
        assert recompute(tx.conn, [3, 1, 2, 99, 1], ws.actor) == {1, 2, 3}
    rows = ws.rows([1, 2, 3], ["status_unit", "pending_actions", "open_conflicts", "verify_summary"])
    assert rows == {
        1: {"id": 1, "status_unit": "on_hold", "pending_actions": 2, "open_conflicts": 0, "verify_summary": "pending"},
        2: {"id": 2, "status_unit": "pending", "pending_actions": 0, "open_conflicts": 1, "verify_summary": "pending"},
        3: {"id": 3, "status_unit": "pending", "pending_actions": 0, "open_conflicts": 0, "verify_summary": "pending"},
    }  # fmt: skip
    ws.resolve_conflict(ws.conflicts()[0].id, "已重新审核")
    with ws.engine.connect() as conn:
        assert open_conflict_counts(conn, [2]) == {}
    with ws.engine.connect() as conn:
        materials = conn.exec_driver_sql(
            "SELECT id, verify_status, verify_remark FROM materials WHERE record_id IN (1, 2) ORDER BY id"
        ).all()
    assert [tuple(m) for m in materials] == [
        (11, "pending", ""),
        (12, "verified", ""),
        (21, "pending", ""),
        (22, "pending", ""),
    ]


def test_recompute_reaches_records_past_a_chunk_of_ids_not_held(tmp_path: Path) -> None:
    """Ids go to SQLite 5,000 at a time: a first chunk holding none of the records must not end the
    work (a record deleted from scope, then a selection of 6,000 ids)."""
    ws = filled_store(tmp_path / "s.sqlite", [make_snapshot(6000)])
    with ws.write() as tx:
        tx.conn.exec_driver_sql("UPDATE records SET status_unit = 'rejected' WHERE id = 6000")
        assert recompute(tx.conn, range(1, 6001), ws.actor) == {6000}
    assert ws.rows([6000], ["status_unit"])[6000]["status_unit"] == "pending"


def test_a_check_of_a_material_gone_from_the_registration_says_so() -> None:
    """The candidate removed the material since: the pending 核验 stays, refused with the reason shown."""
    action = _action(VERIFICATION, 1, material_id=79, status="verified", remark="")
    view = fold(make_snapshot(7), [action], UNIT)
    assert view.refused == {"a1": "该材料已不在考生的报名材料中"}
    assert view.history[-1]["refused"] == "该材料已不在考生的报名材料中" and view.pending == 1
    assert [m["pending"] for m in view.materials] == [False, False]
