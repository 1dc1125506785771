"""Local actions through the Workspace: checks with the workflow's reasons, outbox rows, local view, undo."""

from __future__ import annotations

from pathlib import Path

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.store import outbox
from reviewdesk.store.local_view import recompute
from reviewdesk.store.testing import filled_store, make_review, make_snapshot
from reviewdesk.store.types import MATERIAL_NOT_HELD, NOT_HELD
from reviewdesk.store.workspace import Workspace

VIEW_FIELDS = [
    "submit_status",
    "status_unit",
    "status_county",
    "status_city",
    "status_province",
    "at_tier",
    "verify_summary",
    "pending_actions",
    "open_conflicts",
]


def assert_view_is_the_fold(ws: Workspace, ids: list[int]) -> None:
    """The incrementally updated columns equal a fold from scratch."""
    before = ws.rows(ids, [*VIEW_FIELDS, "review"])
    with ws.write() as tx:
        recompute(tx.conn, ids, ws.actor)
    assert ws.rows(ids, [*VIEW_FIELDS, "review"]) == before


def test_decide_queues_one_action_with_its_base_and_shows_it_at_once(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    heard: list[set[int]] = []
    ws.subscribe(heard.append)
    result = ws.decide([2], Outcome.PASS, "")
    assert result.allowed == [2] and result.refused == {} and result.batch_id is None
    assert heard == [{2}]
    [entry] = outbox.pending(ws)
    snapshot = make_snapshot(2)
    item = entry.request_item()
    assert item["decision_id"] == entry.action_id and item["record_id"] == 2 and item["outcome"] == "passed"
    assert item["base"] == {"version": 1, "submission_rev": 1, "materials_hash": snapshot["materials_hash"]}
    assert set(item) == {"decision_id", "record_id", "outcome", "remark", "decided_at", "base"}
    row = ws.rows([2], VIEW_FIELDS)[2]
    assert row["status_unit"] == "passed" and row["pending_actions"] == 1
    view = ws.record(2)
    assert view is not None and view.pending == 1
    assert view.history[-1]["pending"] is True and view.history[-1]["decision_id"] == entry.action_id
    assert ws.pending_actions() == 1
    assert_view_is_the_fold(ws, [1, 2, 3])


def test_refusals_carry_the_workflow_reason_and_write_nothing(tmp_path: Path) -> None:
    snapshots = [make_snapshot(1), make_snapshot(2, review=make_review({"unit": "rejected"}, at_tier="unit"))]
    ws = filled_store(tmp_path / "s.sqlite", snapshots)
    result = ws.decide([1, 2, 99], Outcome.HOLD, "")
    assert result.allowed == [] and result.refused == {
        1: workflow.REMARK_REQUIRED,
        2: workflow.FINAL_REJECTED,
        99: NOT_HELD,
    }
    assert ws.pending_actions() == 0
    preview = ws.preview_decision([1, 2], Outcome.HOLD, "学历信息与证书不一致")
    assert preview.allowed == [1] and preview.refused == {2: workflow.FINAL_REJECTED}
    assert ws.pending_actions() == 0  # a preview writes nothing


def test_bulk_decision_is_one_batch_and_undo_takes_it_back_whole(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 50)
    ws.decide([1], Outcome.HOLD, "图片不清晰")
    result = ws.decide(range(1, 51), Outcome.PASS, "")
    assert len(result.allowed) == 50 and result.batch_id
    assert {e.batch_id for e in outbox.pending(ws)} == {None, result.batch_id}
    assert ws.undo_available() == "审核通过（50 条）"
    assert ws.undo_last() == "审核通过（50 条）"
    assert ws.pending_actions() == 1
    rows = ws.rows(range(1, 51), VIEW_FIELDS)
    assert rows[1]["status_unit"] == "on_hold" and rows[1]["pending_actions"] == 1
    assert all(rows[i]["status_unit"] == "pending" and rows[i]["pending_actions"] == 0 for i in range(2, 51))
    assert ws.undo_last() == "暂不审核（1 条）"
    assert ws.rows([1], VIEW_FIELDS)[1]["status_unit"] == "pending"
    assert ws.undo_last() is None and ws.undo_available() is None


def test_undo_refuses_an_action_already_handed_to_the_server(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.PASS, "")
    [entry] = outbox.pending(ws)
    assert [e.action_id for e in outbox.claim(ws, [entry.action_id])] == [entry.action_id]
    assert ws.undo_last() is None
    assert ws.pending_actions() == 1 and ws.rows([1], VIEW_FIELDS)[1]["status_unit"] == "passed"


def test_an_undone_action_is_not_claimed(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.PASS, "")
    [entry] = outbox.pending(ws)
    assert ws.undo_last() is not None
    assert outbox.claim(ws, [entry.action_id]) == []


def test_report_up_takes_every_passed_record_of_my_tier_and_locks_them(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 5)
    assert ws.report_up() == [] and ws.pending_actions() == 0  # nothing passed yet: nothing queued
    ws.decide([1, 2, 3], Outcome.PASS, "")
    ws.decide([4], Outcome.HOLD, "工作年限不足")
    assert ws.preview_report() == [1, 2, 3]
    assert ws.report_up() == [1, 2, 3]
    [*_, entry] = outbox.pending(ws)
    assert entry.kind == "report" and entry.record_ids == (1, 2, 3)
    assert set(entry.request_item()) == {"report_id", "record_ids", "reported_at"}
    rows = ws.rows([1, 4], VIEW_FIELDS)
    assert rows[1]["status_county"] == "pending" and rows[1]["at_tier"] == "county"
    assert rows[1]["pending_actions"] == 2 and rows[4]["status_county"] is None
    refused = ws.decide([1], Outcome.RETURN, "照片不合规")
    assert refused.refused == {1: workflow.REPORTED_LOCKED}
    assert ws.record(1).history[-1]["action"] == "reported"  # type: ignore[union-attr]
    assert_view_is_the_fold(ws, [1, 2, 3, 4, 5])
    assert ws.undo_last() == "材料上报（3 条）"
    assert ws.rows([1], VIEW_FIELDS)[1]["at_tier"] == "unit"


def test_verify_marks_materials_and_the_record_summary(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", [make_snapshot(7)])
    first, second = (m["id"] for m in make_snapshot(7)["materials"])
    assert ws.verify([first], VerifyStatus.FAILED, "").refused == {first: workflow.VERIFY_REMARK_REQUIRED}
    assert ws.verify([123456], VerifyStatus.VERIFIED, "").refused == {123456: MATERIAL_NOT_HELD}
    result = ws.verify([first, second], VerifyStatus.VERIFIED, "")
    assert result.allowed == [first, second] and result.batch_id
    row = ws.rows([7], VIEW_FIELDS)[7]
    assert row["verify_summary"] == "verified" and row["pending_actions"] == 2
    view = ws.record(7)
    assert view is not None and all(
        m.pending and m.verify_status is VerifyStatus.VERIFIED for m in view.materials
    )
    entry = outbox.pending(ws)[0]
    assert entry.request_item()["base"] == {"version": 1}
    assert set(entry.request_item()) == {"action_id", "material_id", "status", "remark", "base"}
    assert_view_is_the_fold(ws, [7])
    ws.verify([second], VerifyStatus.FAILED, "图片不清晰")
    assert ws.rows([7], VIEW_FIELDS)[7]["verify_summary"] == "failed"
    assert ws.undo_last() == "核验不通过（1 项）"
    assert ws.rows([7], VIEW_FIELDS)[7]["verify_summary"] == "verified"


def test_a_county_reviewer_acts_on_what_reached_the_county(tmp_path: Path) -> None:
    reached = make_snapshot(1, review=make_review({"unit": "passed", "county": "pending"}, at_tier="county"))
    ws = filled_store(tmp_path / "s.sqlite", [reached, make_snapshot(2)], tier=Tier.COUNTY)
    result = ws.decide([1, 2], Outcome.PASS, "")
    assert result.allowed == [1] and result.refused == {2: workflow.NOT_REACHED}
    assert ws.report_up() == [1]
    assert ws.rows([1], VIEW_FIELDS)[1]["status_city"] == "pending"


def test_saved_searches_round_trip(tmp_path: Path) -> None:
    from reviewdesk.domain.enums import Level, ReviewStatus
    from reviewdesk.store.filters import RecordFilter

    ws = filled_store(tmp_path / "s.sqlite", 1)
    search = RecordFilter(level=Level.INTERMEDIATE, name="王", tier_status={Tier.UNIT: ReviewStatus.PASSED})
    ws.save_search("中级 已通过", search)
    ws.save_search("中级 已通过", search.with_(name="李"))
    assert ws.saved_searches() == {"中级 已通过": search.with_(name="李")}
    ws.delete_search("中级 已通过")
    assert ws.saved_searches() == {}
