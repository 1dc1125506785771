"""Bulk 核验 and bulk 审核 leave what is settled alone (issue 14 item 1).

A province reviewer's 批量核验 over every matching material turned another reviewer's 核验不通过 into
核验通过 and queued an action for materials already 核验通过. In bulk, the store now queues exactly the
items that change, reports the rest, and overturns another result only when asked to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.store import outbox
from reviewdesk.store.testing import filled_store, make_review, make_snapshot


def _with_verify_states(record_id: int, states: list[str]) -> dict[str, Any]:
    """A record whose materials another reviewer already verified as ``states`` (server side)."""
    snapshot = make_snapshot(record_id, review=make_review({"unit": "pending"}))
    materials = []
    for material, state in zip(snapshot["materials"], states, strict=False):
        remark = "毕业证号与学信网不符" if state == "failed" else ""
        materials.append(
            {**material, "verify_status": state, "verify_remark": remark, "verified_by": "李核验"}
        )
    return make_snapshot(record_id, review=make_review({"unit": "pending"}), materials=materials)


def _store(tmp_path: Path) -> tuple[Any, dict[str, list[int]]]:
    # Records with level != assistant have two materials; keep the ones that do.
    snapshots = []
    for record_id in range(1, 40):
        snapshot = make_snapshot(record_id)
        if len(snapshot["materials"]) == 2:
            snapshots.append(record_id)
        if len(snapshots) == 3:
            break
    a, b, c = snapshots
    items = [
        _with_verify_states(a, ["failed", "verified"]),
        _with_verify_states(b, ["pending", "verified"]),
        _with_verify_states(c, ["pending", "pending"]),
    ]
    ws = filled_store(tmp_path / "s.sqlite", items)
    by_state: dict[str, list[int]] = {"failed": [], "verified": [], "pending": []}
    for snapshot in items:
        for material in snapshot["materials"]:
            by_state[material["verify_status"]].append(material["id"])
    return ws, by_state


def _status_of(ws: Any, material_id: int) -> VerifyStatus:
    for record_id in range(1, 40):
        view = ws.record(record_id)
        if view is None:
            continue
        for material in view.materials:
            if material.id == material_id:
                return material.verify_status
    raise AssertionError(f"material {material_id} not held")


def test_bulk_verify_changes_only_pending_and_keeps_failed(tmp_path: Path) -> None:
    ws, by_state = _store(tmp_path)
    every = by_state["failed"] + by_state["verified"] + by_state["pending"]
    preview = ws.preview_verification(every, VerifyStatus.VERIFIED, "", bulk=True)
    assert preview.before == {"failed": 1, "verified": 2, "pending": 3}
    assert sorted(preview.allowed) == sorted(by_state["pending"])
    assert sorted(preview.unchanged) == sorted(by_state["verified"])
    assert preview.overturns == {by_state["failed"][0]: "failed"}

    result = ws.verify(every, VerifyStatus.VERIFIED, "", bulk=True)
    assert sorted(result.allowed) == sorted(by_state["pending"])
    assert len(outbox.pending(ws)) == len(by_state["pending"]) == 3  # count = actions queued = changed
    assert _status_of(ws, by_state["failed"][0]) is VerifyStatus.FAILED  # another reviewer's result kept
    for material_id in by_state["pending"]:
        assert _status_of(ws, material_id) is VerifyStatus.VERIFIED


def test_bulk_verify_overturns_a_failed_result_only_when_asked(tmp_path: Path) -> None:
    ws, by_state = _store(tmp_path)
    failed = by_state["failed"][0]
    result = ws.verify([failed, *by_state["pending"]], VerifyStatus.VERIFIED, "", bulk=True, overturn=True)
    assert failed in result.allowed and result.overturned == [failed]
    assert _status_of(ws, failed) is VerifyStatus.VERIFIED
    assert len(outbox.pending(ws)) == 1 + len(by_state["pending"])


def test_a_single_card_is_verified_as_asked(tmp_path: Path) -> None:
    ws, by_state = _store(tmp_path)
    failed = by_state["failed"][0]
    assert ws.verify([failed], VerifyStatus.VERIFIED, "").allowed == [failed]


def test_bulk_decision_leaves_same_and_other_results_alone(tmp_path: Path) -> None:
    snapshots = [
        make_snapshot(1, review=make_review({"unit": "pending"})),
        make_snapshot(2, review=make_review({"unit": "passed"})),
        make_snapshot(3, review=make_review({"unit": "on_hold"})),
        make_snapshot(4, review=make_review({"unit": "rejected"})),
    ]
    ws = filled_store(tmp_path / "s.sqlite", snapshots, Tier.UNIT)
    preview = ws.preview_decision([1, 2, 3, 4], Outcome.PASS, "", bulk=True)
    assert preview.before == {"pending": 1, "passed": 1, "on_hold": 1, "rejected": 1}
    assert preview.allowed == [1] and preview.unchanged == [2] and preview.overturns == {3: "on_hold"}
    assert list(preview.refused) == [4]
    result = ws.decide([1, 2, 3, 4], Outcome.PASS, "", bulk=True)
    assert result.allowed == [1] and len(outbox.pending(ws)) == 1
    assert ws.rows([3], ["status_unit"])[3]["status_unit"] == "on_hold"
    again = ws.decide([3], Outcome.PASS, "", bulk=True, overturn=True)
    assert again.allowed == [3] and again.overturned == [3]
    assert ws.rows([3], ["status_unit"])[3]["status_unit"] == "passed"
