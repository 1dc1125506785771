"""The pure local-view fold: server snapshot + pending actions → what the reviewer sees."""

from __future__ import annotations

import copy
from typing import Any

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Library, ReviewStatus, Tier
from reviewdesk.store.actions import DECISION, REPORT, VERIFICATION, Actor, OutboxEntry
from reviewdesk.store.local_view import fold, library_bits, record_row, server_columns, verify_summary
from reviewdesk.store.testing import make_review, make_snapshot

UNIT = Actor(Tier.UNIT, "武汉市江岸区人民医院", "张审核")
COUNTY = Actor(Tier.COUNTY, "江岸区卫生健康局", "李审核")


def decision(seq: int, record_id: int, outcome: str, remark: str = "") -> OutboxEntry:
    action_id = f"d{seq}"
    return OutboxEntry(
        seq=seq,
        action_id=action_id,
        kind=DECISION,
        record_id=record_id,
        material_id=None,
        payload={
            "decision_id": action_id,
            "record_id": record_id,
            "outcome": outcome,
            "remark": remark,
            "decided_at": "2026-12-10T09:00:00+08:00",
        },
        base={"version": 1, "submission_rev": 1, "materials_hash": "h"},
        created_at="2026-12-10T09:00:00+08:00",
    )


def report(seq: int, record_ids: list[int]) -> OutboxEntry:
    return OutboxEntry(
        seq,
        f"r{seq}",
        REPORT,
        None,
        None,
        {"report_id": f"r{seq}", "record_ids": record_ids, "reported_at": "x"},
    )


def verification(seq: int, record_id: int, material_id: int, status: str, remark: str = "") -> OutboxEntry:
    return OutboxEntry(
        seq,
        f"v{seq}",
        VERIFICATION,
        record_id,
        material_id,
        {"action_id": f"v{seq}", "material_id": material_id, "status": status, "remark": remark},
        {"version": 1, "submission_rev": 1, "materials_hash": "h", "material_version": 1},
    )


def test_no_actions_is_the_snapshot() -> None:
    snapshot = make_snapshot(1)
    view = fold(snapshot, [], UNIT)
    assert view.review.to_dict() == snapshot["review"]
    assert view.pending == 0 and view.refused == {}
    assert view.history == snapshot["history"]
    assert [m["verify_status"] for m in view.materials] == [m["verify_status"] for m in snapshot["materials"]]
    assert view.columns()["status_unit"] == "pending" and view.columns()["status_county"] is None


def test_decision_sets_the_tier_status_and_adds_a_pending_history_entry() -> None:
    snapshot = make_snapshot(1)
    before = copy.deepcopy(snapshot)
    view = fold(snapshot, [decision(1, 1, "passed")], UNIT)
    assert snapshot == before  # pure
    columns = view.columns()
    assert columns["status_unit"] == "passed" and columns["at_tier"] == "unit"
    assert columns["pending_actions"] == 1
    entry = view.history[-1]
    assert entry["pending"] is True and entry["action"] == "decided" and entry["outcome"] == "passed"
    assert (
        entry["actor"] == "张审核"
        and entry["org_name"] == "武汉市江岸区人民医院"
        and entry["decision_id"] == "d1"
    )


def test_return_gives_the_record_back_to_the_candidate() -> None:
    view = fold(make_snapshot(1), [decision(1, 1, "returned", "照片不合规")], UNIT)
    columns = view.columns()
    assert columns["status_unit"] == "returned"
    assert columns["submit_status"] == "not_submitted" and columns["at_tier"] is None


def test_actions_fold_in_order() -> None:
    actions = [decision(1, 1, "on_hold", "学历信息与证书不一致"), decision(2, 1, "passed"), report(3, [1, 2])]
    view = fold(make_snapshot(1), actions, UNIT)
    assert view.review.status_at(Tier.UNIT) is ReviewStatus.PASSED
    assert view.review.status_at(Tier.COUNTY) is ReviewStatus.PENDING
    assert view.review.at_tier is Tier.COUNTY
    assert [h.get("action") for h in view.history[-3:]] == ["decided", "decided", "reported"]
    assert view.pending == 3 and view.refused == {}


def test_report_of_a_record_not_passed_is_kept_but_refused_in_the_view() -> None:
    view = fold(make_snapshot(1), [report(1, [1])], UNIT)
    assert view.review.at_tier is Tier.UNIT
    assert view.refused == {"r1": workflow.REPORT_NOT_PASSED}
    assert view.history[-1]["refused"] == workflow.REPORT_NOT_PASSED and view.pending == 1


def test_a_decision_the_new_snapshot_forbids_stays_pending_and_shows_why() -> None:
    withdrawn = make_snapshot(1, review=make_review(submit_status="not_submitted", at_tier=None))
    view = fold(withdrawn, [decision(1, 1, "passed")], UNIT)
    assert view.columns()["status_unit"] == "pending"
    assert view.refused == {"d1": workflow.NOT_SUBMITTED}
    assert view.pending == 1


def test_decision_at_a_higher_tier() -> None:
    reached = make_snapshot(5, review=make_review({"unit": "passed", "county": "pending"}, at_tier="county"))
    view = fold(reached, [decision(1, 5, "rejected", "工作年限不足")], COUNTY)
    columns = view.columns()
    assert columns["status_unit"] == "passed" and columns["status_county"] == "rejected"


def test_verification_changes_the_material_and_the_summary() -> None:
    snapshot = make_snapshot(7)  # 学历 + 职称: both pending
    first, second = (m["id"] for m in snapshot["materials"])
    view = fold(snapshot, [verification(1, 7, first, "verified")], UNIT)
    by_id = {m["id"]: m for m in view.materials}
    assert by_id[first]["verify_status"] == "verified" and by_id[first]["pending"] is True
    assert by_id[second]["pending"] is False
    assert view.columns()["verify_summary"] == "pending"
    view = fold(
        snapshot, [verification(1, 7, first, "verified"), verification(2, 7, second, "verified")], UNIT
    )
    assert view.columns()["verify_summary"] == "verified"
    view = fold(snapshot, [verification(1, 7, first, "failed", "图片不清晰")], UNIT)
    assert view.columns()["verify_summary"] == "failed"
    assert view.history[-1]["action"] == "verified" and view.history[-1]["material_id"] == first
    assert snapshot["materials"][0]["verify_status"] == "pending"  # pure


def test_verification_of_a_material_no_longer_submitted_is_refused_in_the_view() -> None:
    view = fold(make_snapshot(7), [verification(1, 7, 999, "verified")], UNIT)
    assert "v1" in view.refused and view.pending == 1


def test_verification_needs_a_remark_to_fail() -> None:
    snapshot = make_snapshot(7)
    material = snapshot["materials"][0]["id"]
    view = fold(snapshot, [verification(1, 7, material, "failed", " ")], UNIT)
    assert view.refused == {"v1": workflow.VERIFY_REMARK_REQUIRED}


def test_verify_summary_order() -> None:
    assert verify_summary([]) == "pending"
    assert verify_summary([{"verify_status": "verified"}, {"verify_status": "pending"}]) == "pending"
    assert verify_summary([{"verify_status": "verified"}, {"verify_status": "failed"}]) == "failed"
    assert verify_summary([{"verify_status": "verified"}]) == "verified"


def test_server_columns_from_the_snapshot() -> None:
    libraries: list[dict[str, Any]] = [{"library": lib.value, "entries": []} for lib in Library]
    libraries[0]["entries"] = ["2019年 护理学(师) 合格"]
    libraries[6]["entries"] = ["2021年度考试违纪人员，请重点关注"]
    snapshot = make_snapshot(3, libraries=libraries, version=9)
    columns = server_columns(snapshot)
    assert columns["version"] == 9 and columns["name"] == snapshot["name"]
    assert columns["library_hits"] == library_bits(snapshot) == (1 | 1 << 6)
    assert columns["misconduct_hit"] is True
    row = record_row(snapshot, fold(snapshot, [], UNIT), open_conflicts=2)
    assert row["open_conflicts"] == 2 and row["id"] == 3 and "server_snapshot" not in row


def test_the_flag_columns_summarize_the_snapshots_flags() -> None:
    from reviewdesk.store.local_view import flag_columns

    def flag(kind: str, severity: str) -> dict[str, str]:
        return {"code": "x", "kind": kind, "severity": severity, "message": "m"}

    assert flag_columns({}) == {"flag_rank": 0, "flag_kinds": 0}
    assert flag_columns({"flags": [flag("eligibility", "warn")]}) == {"flag_rank": 1001, "flag_kinds": 0b1}
    three = [flag("required", "warn"), flag("duplicate", "alert"), flag("required", "warn")]
    assert flag_columns({"flags": three}) == {"flag_rank": 2003, "flag_kinds": 0b100100}
