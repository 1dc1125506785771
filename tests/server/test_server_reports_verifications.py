"""材料上报 (POST /v1/reports) and 核验 (POST /v1/verifications)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.server.db import Database
from reviewdesk.server.models import ReportItem
from reviewdesk.server.testing import SeededServer


def _unit_pending(server: SeededServer, unit_id: int) -> list[int]:
    return server.find_records(unit_id=unit_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)


def test_report_moves_passed_records_up_and_refuses_the_rest(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    passed, held = _unit_pending(server, unit.account.org_id)[:2]
    versions = {passed: unit.decide(passed, Outcome.PASS)["record"]["version"]}
    unit.decide(held, Outcome.HOLD, "再看看")
    report_id = str(uuid.uuid4())

    reply = unit.report([passed, held, passed], report_id=report_id)

    assert reply["report_id"] == report_id and reply["duplicate"] is False
    results = {r["record_id"]: r for r in reply["results"]}
    assert [r["record_id"] for r in reply["results"]] == [passed, held]  # repeats count once
    assert results[passed]["status"] == "applied" and "reason" not in results[passed]
    moved = results[passed]["record"]
    assert moved["version"] == versions[passed] + 1
    assert moved["review"]["at_tier"] == "county" and moved["review"]["statuses"]["county"] == "pending"
    assert moved["history"][-1]["action"] == "reported"
    assert (results[held]["status"], results[held]["reason"]) == ("rejected", "report_not_passed")
    assert results[held]["message"] == workflow.REPORT_NOT_PASSED
    county = server.reviewer(Tier.COUNTY)
    assert county.record(passed)["review"]["statuses"]["county"] == "pending"


def test_repeated_report_replays_and_applies_once(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    record_id = _unit_pending(server, unit.account.org_id)[0]
    unit.decide(record_id, Outcome.PASS)
    report_id = str(uuid.uuid4())

    first = unit.report([record_id], report_id=report_id)
    again = unit.report([record_id], report_id=report_id)

    assert again["duplicate"] is True
    assert [(r["record_id"], r["status"]) for r in again["results"]] == [(record_id, "applied")]
    assert again["results"][0]["record"]["version"] == first["results"][0]["record"]["version"]
    database = Database.open(server.db_url)
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(ReportItem)) == 1
    database.dispose()


def test_report_all_passed_when_record_ids_is_null(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    ids = _unit_pending(server, unit.account.org_id)[:2]
    for record_id in ids:
        unit.decide(record_id, Outcome.PASS)
    already = server.find_records(
        unit_id=unit.account.org_id, at_tier=Tier.UNIT, status=(Tier.UNIT, "passed")
    )

    reply = unit.report(None)

    assert sorted(r["record_id"] for r in reply["results"]) == sorted(already)
    assert {r["status"] for r in reply["results"]} == {"applied"}
    assert unit.report(None)["results"] == []


def test_verification_applies_conflicts_and_is_idempotent(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    record = unit.record(_unit_pending(server, unit.account.org_id)[0])
    material = record["materials"][0]
    action_id = str(uuid.uuid4())

    applied = unit.verify(material["id"], "verified", base_version=material["version"], action_id=action_id)
    again = unit.verify(material["id"], "verified", base_version=material["version"], action_id=action_id)
    stale = unit.verify(material["id"], "failed", "学历验证未通过", base_version=material["version"])
    no_remark = unit.verify(material["id"], "failed", "  ", base_version=material["version"] + 1)

    assert applied["action_id"] == action_id and applied["status"] == "applied"
    after = applied["record"]
    changed = next(m for m in after["materials"] if m["id"] == material["id"])
    assert changed["verify_status"] == "verified" and changed["version"] == material["version"] + 1
    assert changed["verified_by"] == unit.account.display_name and changed["verified_at"]
    assert after["version"] == record["version"] + 1
    assert after["materials_hash"] == record["materials_hash"]  # 核验 is not a change of evidence
    assert (again["status"], again["first_status"]) == ("duplicate", "applied")
    assert (stale["status"], stale["reason"]) == ("conflict", "stale")
    assert (no_remark["status"], no_remark["reason"]) == ("rejected", "remark_required")
    assert no_remark["message"] == workflow.VERIFY_REMARK_REQUIRED


def test_verification_conflict_when_the_candidate_changed_the_material(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    record_id = _unit_pending(server, unit.account.org_id)[0]
    material = unit.record(record_id)["materials"][0]
    server.withdraw(record_id)
    server.submit(record_id, materials=[{"kind": material["kind"], "fields": {"备注": "补充说明"}}])

    result = unit.verify(material["id"], "verified", base_version=material["version"])

    assert (result["status"], result["reason"]) == ("conflict", "resubmitted")
    now = next(m for m in result["record"]["materials"] if m["id"] == material["id"])
    assert now["version"] == material["version"] + 1 and now["verify_status"] == "pending"


def test_only_the_tier_holding_the_record_verifies(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    record_id = _unit_pending(server, unit.account.org_id)[0]
    unit.decide(record_id, Outcome.PASS)
    reported = unit.report([record_id])["results"][0]["record"]
    material = reported["materials"][0]

    locked = unit.verify(material["id"], "verified", base_version=material["version"])
    county = server.reviewer(Tier.COUNTY).verify(material["id"], "verified", base_version=material["version"])

    assert (locked["status"], locked["reason"]) == ("rejected", "reported_locked")
    assert county["status"] == "applied"
