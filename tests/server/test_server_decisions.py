"""POST /v1/decisions: applied, duplicate (replayed, applied once), conflicts, rejections."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.server.db import Database
from reviewdesk.server.models import ChangeLog, Decision, HistoryEntry, Record
from reviewdesk.server.testing import SeededServer


def _base(record: dict) -> dict:
    return {k: record[k] for k in ("version", "submission_rev", "materials_hash")}


def _pending_at(server: SeededServer, tier: Tier, unit_id: int | None = None) -> list[int]:
    return server.find_records(at_tier=tier, status=(tier, "pending"), unit_id=unit_id)


def _history_count(server: SeededServer, record_id: int) -> int:
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            return session.scalar(select(func.count()).where(HistoryEntry.record_id == record_id)) or 0
    finally:
        database.dispose()


def _change_count(server: SeededServer, record_id: int) -> int:
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            return session.scalar(select(func.count()).where(ChangeLog.record_id == record_id)) or 0
    finally:
        database.dispose()


def test_applied_decision_bumps_version_and_writes_history(server: SeededServer) -> None:
    unit = server.account(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, unit.org_id)[0]
    reviewer = server.reviewer(unit)
    before = reviewer.record(record_id)

    result = reviewer.decide(record_id, Outcome.PASS, base=_base(before))

    assert result["status"] == "applied"
    after = result["record"]
    assert after["version"] == before["version"] + 1
    assert after["review"]["statuses"]["unit"] == "passed"
    assert after["history"][-1]["action"] == "decided"
    assert after["history"][-1]["actor"] == unit.display_name
    assert after["history"][-1]["org_name"] == unit.org_name
    assert after["history"][-1]["decision_id"] is not None
    assert reviewer.record(record_id) == after


def test_same_decision_twice_applies_once_and_replays(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    base = _base(reviewer.record(record_id))
    decision_id = str(uuid.uuid4())
    history_before = _history_count(server, record_id)

    first = reviewer.decide(record_id, Outcome.HOLD, "图片不清晰", base=base, decision_id=decision_id)
    second = reviewer.decide(record_id, Outcome.HOLD, "图片不清晰", base=base, decision_id=decision_id)
    # the same id from the same user on another device, in another spelling, is still the same decision
    other_device = server.reviewer(reviewer.account)
    third = other_device.decide(
        record_id, Outcome.HOLD, "图片不清晰", base=base, decision_id=decision_id.upper()
    )
    # a colleague's use of it is refused (ids belong to whoever used them first: test_server_action_ids)
    colleague = server.reviewer(server.account_for_org(reviewer.account.org_id, role="admin"))
    fourth = colleague.decide(record_id, Outcome.HOLD, "图片不清晰", base=base, decision_id=decision_id)

    assert first["status"] == "applied"
    assert second["status"] == third["status"] == "duplicate"
    assert (fourth["status"], fourth["reason"], fourth["record"]) == ("rejected", "id_in_use", None)
    assert second["first_status"] == "applied"
    assert "reason" not in second
    assert second["decision_id"] == decision_id and third["decision_id"] == decision_id.upper()
    assert second["record"]["version"] == first["record"]["version"]
    assert _history_count(server, record_id) == history_before + 1


def test_duplicate_of_a_conflict_replays_the_conflict(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    stale = _base(reviewer.record(record_id))
    reviewer.decide(record_id, Outcome.HOLD, "先放一放")
    decision_id = str(uuid.uuid4())

    first = reviewer.decide(record_id, Outcome.PASS, base=stale, decision_id=decision_id)
    again = reviewer.decide(record_id, Outcome.PASS, base=stale, decision_id=decision_id)

    assert first["status"] == "conflict" and first["reason"] == "stale"
    assert again == {**again, "status": "duplicate", "first_status": "conflict", "reason": "stale"}
    assert again["message"] == first["message"]


def test_stale_base_is_a_conflict_and_changes_nothing(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    seen = reviewer.record(record_id)
    colleague = server.reviewer(server.account_for_org(reviewer.account.org_id, role="admin"))
    colleague_result = colleague.decide(record_id, Outcome.HOLD, "材料未上传")

    result = reviewer.decide(record_id, Outcome.PASS, base=_base(seen))

    assert result["status"] == "conflict"
    assert result["reason"] == "stale"
    assert result["message"]
    assert result["record"] == colleague_result["record"]
    assert reviewer.record(record_id) == colleague_result["record"]


def test_resubmitted_conflict_when_the_candidate_changed_materials(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    reviewer.decide(record_id, Outcome.RETURN, "学历信息与证书不一致")
    seen = reviewer.record(record_id)  # returned: the reviewer's view before the candidate acts
    kind = seen["materials"][0]["kind"]
    server.submit(record_id, materials=[{"kind": kind, "fields": {"毕业学校": "武汉大学（更正）"}}])

    result = reviewer.decide(record_id, Outcome.PASS, base=_base(seen))

    assert result["status"] == "conflict"
    assert result["reason"] == "resubmitted"
    assert result["record"]["materials_hash"] != seen["materials_hash"]
    assert result["record"]["submission_rev"] == seen["submission_rev"] + 1


def test_withdrawn_conflict(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    seen = reviewer.record(record_id)
    server.withdraw(record_id)

    result = reviewer.decide(record_id, Outcome.PASS, base=_base(seen))

    assert (result["status"], result["reason"]) == ("conflict", "withdrawn")
    assert result["record"]["submit_status"] == "not_submitted"


def test_superseded_conflict_after_a_colleague_reported_it_up(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    passed = reviewer.decide(record_id, Outcome.PASS)["record"]
    colleague = server.reviewer(server.account_for_org(reviewer.account.org_id, role="admin"))
    assert colleague.report([record_id])["results"][0]["status"] == "applied"

    result = reviewer.decide(record_id, Outcome.HOLD, "再看看", base=_base(passed))

    assert (result["status"], result["reason"]) == ("conflict", "superseded")
    assert result["record"]["review"]["at_tier"] != "unit"


@pytest.mark.parametrize(
    ("outcome", "remark", "code"),
    [(Outcome.HOLD, "", "remark_required"), (Outcome.REJECT, "   ", "remark_required")],
)
def test_rejected_by_the_workflow_rules(
    server: SeededServer, outcome: Outcome, remark: str, code: str
) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    before = reviewer.record(record_id)

    result = reviewer.decide(record_id, outcome, remark, base=_base(before))

    assert (result["status"], result["reason"]) == ("rejected", code)
    assert result["message"] == workflow.REMARK_REQUIRED
    assert reviewer.record(record_id) == before


def test_final_rejection_is_final(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    rejected = reviewer.decide(record_id, Outcome.REJECT, "工作年限不足")["record"]

    result = reviewer.decide(record_id, Outcome.PASS, base=_base(rejected))

    assert (result["status"], result["reason"], result["message"]) == (
        "rejected",
        "final_rejected",
        workflow.FINAL_REJECTED,
    )


def test_out_of_scope_and_missing_records_are_rejected_alike(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    elsewhere = next(
        r
        for r in server.find_records(at_tier=Tier.UNIT)
        if r not in server.find_records(unit_id=reviewer.account.org_id)
    )
    base = {"version": 1, "submission_rev": 1, "materials_hash": "0" * 64}

    foreign = reviewer.decide(elsewhere, Outcome.PASS, base=base)
    missing = reviewer.decide(10**9, Outcome.PASS, base=base)

    for result in (foreign, missing):
        assert (result["status"], result["reason"], result["record"]) == ("rejected", "not_found", None)
    assert foreign["message"] == missing["message"]


def test_batch_answers_in_order_each_in_its_own_transaction(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    ids = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[:2]
    records = [reviewer.record(i) for i in ids]
    items = [
        {
            "decision_id": str(uuid.uuid4()),
            "record_id": ids[0],
            "outcome": "passed",
            "remark": "",
            "base": _base(records[0]),
        },
        {
            "decision_id": str(uuid.uuid4()),
            "record_id": ids[1],
            "outcome": "on_hold",
            "remark": "",
            "base": _base(records[1]),
        },
        {
            "decision_id": str(uuid.uuid4()),
            "record_id": ids[0],
            "outcome": "on_hold",
            "remark": "复查",
            "base": _base(records[0]),
        },
    ]

    results = reviewer.post("/v1/decisions", {"items": items})["results"]

    assert [r["decision_id"] for r in results] == [i["decision_id"] for i in items]
    assert [r["status"] for r in results] == ["applied", "rejected", "conflict"]
    assert [r.get("reason") for r in results] == [None, "remark_required", "stale"]
    database = Database.open(server.db_url)
    with database.read() as session:
        stored = {d.decision_id: d.status for d in session.scalars(select(Decision))}
        assert session.get_one(Record, ids[0]).status_unit == "passed"
    database.dispose()
    assert [stored[i["decision_id"]] for i in items] == ["applied", "rejected", "conflict"]


def test_batch_touching_one_record_twice_answers_each_item_with_the_state_it_left(
    server: SeededServer,
) -> None:
    """One batch: decide a record, decide it again on the version the first produced, repeat the
    first decision_id. Each answer shows the record as that item left it; the feed has both changes."""
    reviewer = server.reviewer(Tier.UNIT)
    record_id = _pending_at(server, Tier.UNIT, reviewer.account.org_id)[0]
    before = reviewer.record(record_id)
    first_id = str(uuid.uuid4())
    second_base = _base(before) | {"version": before["version"] + 1}
    items = [
        {
            "decision_id": first_id,
            "record_id": record_id,
            "outcome": "on_hold",
            "remark": "复查",
            "base": _base(before),
        },
        {
            "decision_id": str(uuid.uuid4()),
            "record_id": record_id,
            "outcome": "passed",
            "remark": "",
            "base": second_base,
        },
        {
            "decision_id": first_id,
            "record_id": record_id,
            "outcome": "on_hold",
            "remark": "复查",
            "base": _base(before),
        },
    ]
    changes_before = _change_count(server, record_id)

    results = reviewer.post("/v1/decisions", {"items": items})["results"]

    assert [r["status"] for r in results] == ["applied", "applied", "duplicate"]
    assert results[2]["first_status"] == "applied"
    assert [r["record"]["version"] for r in results] == [before["version"] + i for i in (1, 2, 2)]
    assert results[0]["record"]["review"]["statuses"]["unit"] == "on_hold"
    assert results[0]["record"]["history"][-1]["decision_id"] == first_id
    assert results[1]["record"]["review"]["statuses"]["unit"] == "passed"
    assert reviewer.record(record_id) == results[1]["record"]
    assert _history_count(server, record_id) == len(before["history"]) + 2
    assert _change_count(server, record_id) == changes_before + 2
