"""The sync engine's side of the outbox: batches, claims, answers, conflicts with both sides, rebase."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.store import outbox
from reviewdesk.store.testing import filled_store, make_review, make_snapshot


def server_after(
    snapshot: dict[str, Any], action_id: str, outcome: Outcome | None = None, version: int | None = None
) -> dict[str, Any]:
    """What the server answers after applying a decision (or just a newer version of the record)."""
    review = ReviewState.from_dict(snapshot["review"])
    if outcome is not None:
        review = workflow.decide(review, Tier.UNIT, outcome, "备注")
    history = [
        *snapshot["history"],
        {
            "at": "t",
            "action": "decided",
            "tier": "unit",
            "org_name": "",
            "actor": "张审核",
            "outcome": outcome,
            "remark": "",
            "decision_id": action_id,
        },
    ]
    return {
        **snapshot,
        "version": version or snapshot["version"] + 1,
        "review": review.to_dict(),
        "submit_status": review.submit_status.value,
        "history": history,
    }


def test_next_batch_runs_one_kind_and_never_repeats_a_record(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 5)
    ws.decide([1, 2], Outcome.HOLD, "图片不清晰")
    ws.decide([3], Outcome.PASS, "")
    ws.decide([1], Outcome.PASS, "")  # record 1 again: must wait for the answer to its first action
    ws.decide([2], Outcome.PASS, "")
    ws.report_up()
    batch = outbox.next_batch(ws)
    assert [e.record_id for e in batch] == [1, 2, 3]
    assert len(outbox.next_batch(ws, limit=2)) == 2
    material = make_snapshot(4)["materials"][0]["id"]
    for entry in outbox.pending(ws):
        outbox.complete(ws, entry.action_id, "applied", None) if entry.kind == "decision" else None
    ws.verify([material], VerifyStatus.VERIFIED, "")
    [report] = outbox.next_batch(ws)
    assert report.kind == "report"


def test_applied_removes_the_row_applies_the_snapshot_and_rebases_later_actions(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.HOLD, "图片不清晰")
    ws.decide([1], Outcome.PASS, "")
    first, second = outbox.pending(ws)
    assert first.base["version"] == second.base["version"] == 1
    heard: list[set[int]] = []
    ws.subscribe(heard.append)
    answer = server_after(make_snapshot(1), first.action_id, Outcome.HOLD)
    assert outbox.complete(ws, first.action_id, "applied", answer) == {1}
    assert heard == [{1}]
    [rest] = outbox.pending(ws)
    assert rest.action_id == second.action_id and rest.base["version"] == 2
    assert rest.request_item()["base"]["version"] == 2
    row = ws.rows([1], ["version", "status_unit", "pending_actions"])[1]
    assert row == {"id": 1, "version": 2, "status_unit": "passed", "pending_actions": 1}
    view = ws.record(1)
    assert view is not None
    assert [h.get("pending", False) for h in view.history[-2:]] == [False, True]
    # Replaying the same answer (a crash after the commit) changes nothing.
    assert outbox.complete(ws, first.action_id, "applied", answer) == set()
    assert ws.pending_actions() == 1


def test_conflict_is_stored_with_both_sides_and_marks_the_record(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.PASS, "")
    [entry] = outbox.pending(ws)
    resubmitted = {**make_snapshot(1), "version": 5, "submission_rev": 2, "materials_hash": "0" * 64}
    outbox.complete(ws, entry.action_id, "conflict", resubmitted, "resubmitted", "考生已重新提交，材料已变更")
    assert ws.pending_actions() == 0
    row = ws.rows([1], ["version", "status_unit", "pending_actions", "open_conflicts"])[1]
    assert row == {"id": 1, "version": 5, "status_unit": "pending", "pending_actions": 0, "open_conflicts": 1}
    [conflict] = ws.conflicts()
    assert conflict.status == "conflict" and conflict.reason == "resubmitted" and conflict.record_id == 1
    assert conflict.message == "考生已重新提交，材料已变更" and conflict.status_label == "冲突"
    assert conflict.local["payload"]["outcome"] == "passed" and conflict.local["base"]["version"] == 1
    assert conflict.server is not None and conflict.server["submission_rev"] == 2
    assert conflict.local_description == "审核通过"
    view = ws.record(1)
    assert view is not None and [c.id for c in view.conflicts] == [conflict.id]
    ws.resolve_conflict(conflict.id, "已重新审核")
    assert ws.conflicts() == [] and ws.conflicts(include_resolved=True)[0].resolution == "已重新审核"
    assert ws.rows([1], ["open_conflicts"])[1]["open_conflicts"] == 0


def test_rejected_without_a_record_keeps_the_local_record(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([2], Outcome.REJECT, "工作年限不足")
    [entry] = outbox.pending(ws)
    outbox.complete(ws, entry.action_id, "rejected", None, "not_found", "记录不存在")
    [conflict] = ws.conflicts()
    assert conflict.server is None and conflict.status_label == "被拒绝"
    assert conflict.local_description == "审核不通过（备注：工作年限不足）"
    assert ws.rows([2], ["status_unit", "open_conflicts"])[2] == {
        "id": 2,
        "status_unit": "pending",
        "open_conflicts": 1,
    }


def test_duplicate_replays_the_first_outcome(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1], Outcome.PASS, "")
    ws.decide([2], Outcome.PASS, "")
    one, two = outbox.pending(ws)
    results = [
        {
            "decision_id": one.action_id,
            "status": "duplicate",
            "first_status": "applied",
            "record": server_after(make_snapshot(1), one.action_id, Outcome.PASS),
        },
        {
            "decision_id": two.action_id,
            "status": "duplicate",
            "first_status": "conflict",
            "reason": "stale",
            "message": "记录已被他人修改",
            "record": {**make_snapshot(2), "version": 3},
        },
    ]
    assert outbox.complete_many(ws, results) == {1, 2}
    assert ws.pending_actions() == 0
    [conflict] = ws.conflicts()
    assert conflict.record_id == 2 and conflict.reason == "stale"
    assert ws.rows([1], ["status_unit"])[1]["status_unit"] == "passed"


def test_duplicate_whose_record_moved_on_is_not_rebased(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 1)
    ws.decide([1], Outcome.HOLD, "图片不清晰")
    ws.decide([1], Outcome.PASS, "")
    first, _ = outbox.pending(ws)
    answered = server_after(make_snapshot(1), first.action_id, Outcome.HOLD)
    moved_on = server_after(answered, "someone-else", None, version=4)  # a colleague acted after it
    outbox.complete(ws, first.action_id, "duplicate", moved_on, first_status="applied")
    [rest] = outbox.pending(ws)
    assert rest.base["version"] == 1  # the server will answer it 'stale': the reviewer sees it


def test_an_older_answer_does_not_overwrite_a_newer_snapshot(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", [make_snapshot(1, version=9)])
    ws.decide([1], Outcome.PASS, "")
    [entry] = outbox.pending(ws)
    outbox.complete(ws, entry.action_id, "conflict", make_snapshot(1, version=3), "stale", "记录已被他人修改")
    assert ws.rows([1], ["version"])[1]["version"] == 9


def test_verification_answer_rebases_the_material_and_the_record(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", [make_snapshot(7)])
    snapshot = make_snapshot(7)
    material = snapshot["materials"][0]["id"]
    ws.verify([material], VerifyStatus.FAILED, "图片不清晰")
    ws.verify([material], VerifyStatus.VERIFIED, "")
    ws.decide([7], Outcome.PASS, "")
    first, second, third = outbox.pending(ws)
    answer = {**snapshot, "version": 2}
    answer["materials"] = [
        {**snapshot["materials"][0], "version": 2, "verify_status": "failed", "verify_remark": "图片不清晰"},
        snapshot["materials"][1],
    ]
    answer["history"] = [*snapshot["history"], {"action": "verified", "decision_id": first.action_id}]
    outbox.complete(ws, first.action_id, "applied", answer)
    second, third = outbox.pending(ws)
    assert second.base["material_version"] == 2 and second.base["version"] == 2
    assert second.request_item()["base"] == {"version": 2}
    assert third.base["version"] == 2
    view = ws.record(7)
    assert view is not None and view.materials[0].verify_status is VerifyStatus.VERIFIED
    assert view.materials[0].pending


def test_report_answer_per_record(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1, 2], Outcome.PASS, "")
    for entry in outbox.pending(ws):
        record = make_snapshot(entry.record_id)  # type: ignore[arg-type]
        outbox.complete(ws, entry.action_id, "applied", server_after(record, entry.action_id, Outcome.PASS))
    assert ws.report_up() == [1, 2]
    [report] = outbox.pending(ws)
    reported = {
        **make_snapshot(1),
        "version": 3,
        "review": make_review({"unit": "passed", "county": "pending"}, at_tier="county"),
    }
    withdrawn = {
        **make_snapshot(2),
        "version": 3,
        "review": make_review(submit_status="not_submitted", at_tier=None),
    }
    answer = {
        "report_id": report.action_id,
        "results": [
            {"record_id": 1, "status": "applied", "record": reported},
            {
                "record_id": 2,
                "status": "rejected",
                "reason": "report_not_passed",
                "message": workflow.REPORT_NOT_PASSED,
                "record": withdrawn,
            },
        ],
    }
    assert outbox.complete_report(ws, report, answer) == {1, 2}
    assert ws.pending_actions() == 0
    rows = ws.rows([1, 2], ["at_tier", "status_county", "open_conflicts", "submit_status"])
    assert rows[1]["at_tier"] == "county" and rows[1]["open_conflicts"] == 0
    assert rows[2]["submit_status"] == "not_submitted" and rows[2]["open_conflicts"] == 1
    [conflict] = ws.conflicts()
    assert conflict.kind == "report" and conflict.local_description == "材料上报"


def test_a_failed_send_keeps_the_action(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 1)
    ws.decide([1], Outcome.PASS, "")
    [entry] = outbox.claim(ws, [e.action_id for e in outbox.pending(ws)])
    outbox.mark_attempt(ws, entry.action_id, "无法连接服务器")
    [again] = outbox.pending(ws)
    assert again.attempts == 1 and again.last_error == "无法连接服务器"
    assert outbox.claim(ws, [again.action_id])[0].attempts == 2
