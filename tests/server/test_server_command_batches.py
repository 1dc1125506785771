"""材料上报 and 核验 answered as one batch (``commands.CommandBatch``, the decisions' mechanism), and the
item-by-item fallback a batch takes when its transaction is refused."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.server.commands import one_by_one
from reviewdesk.server.db import Database
from reviewdesk.server.models import AuditLog, ChangeLog, HistoryEntry, Organisation, Report, User
from reviewdesk.server.schemas import MAX_BATCH, VerificationIn
from reviewdesk.server.scope import Caller
from reviewdesk.server.testing import ReviewerClient, SeededServer
from reviewdesk.server.verifications import VerificationCommands


def _count(server: SeededServer, *where: Any) -> int:
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            return session.scalar(select(func.count()).where(*where)) or 0
    finally:
        database.dispose()


def _verification(material_id: int, status: str, version: int, remark: str = "") -> dict:
    return {
        "action_id": str(uuid.uuid4()),
        "material_id": material_id,
        "status": status,
        "remark": remark,
        "base": {"version": version},
    }


def _unit_with_record(server: SeededServer) -> tuple[ReviewerClient, dict[str, Any]]:
    unit = server.reviewer(Tier.UNIT)
    pending = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )
    return unit, unit.record(pending[0])


def test_verification_batch_judges_items_in_order_each_answer_showing_the_state_it_left(
    server: SeededServer,
) -> None:
    unit, record = _unit_with_record(server)
    material = record["materials"][0]
    first = _verification(material["id"], "verified", material["version"])
    items = [
        first,
        _verification(material["id"], "failed", material["version"] + 1, "图片不清晰"),
        _verification(material["id"], "verified", material["version"]),  # the version moved: stale
        first,
        _verification(10**9, "verified", 1),
    ]
    changes = _count(server, ChangeLog.record_id == record["id"])
    audited = _count(server, AuditLog.action == "verification")

    results = unit.post("/v1/verifications", {"items": items})["results"]

    assert [r["action_id"] for r in results] == [i["action_id"] for i in items]
    assert [r["status"] for r in results] == ["applied", "applied", "conflict", "duplicate", "rejected"]
    assert [r.get("reason") for r in results] == [None, None, "stale", None, "not_found"]
    assert results[3]["first_status"] == "applied" and results[4]["record"] is None
    versions = [r["record"]["version"] for r in results[:4]]
    assert versions == [record["version"] + step for step in (1, 2, 2, 2)]
    shown = [next(m for m in r["record"]["materials"] if m["id"] == material["id"]) for r in results[:2]]
    assert [m["verify_status"] for m in shown] == ["verified", "failed"]
    assert unit.record(record["id"]) == results[1]["record"]
    assert _count(server, ChangeLog.record_id == record["id"]) == changes + 2
    assert _count(server, HistoryEntry.record_id == record["id"]) == len(record["history"]) + 2
    assert _count(server, AuditLog.action == "verification") == audited + 4  # not the duplicate


def test_report_answers_every_record_in_order_across_runs_of_a_batch(server: SeededServer) -> None:
    unit, record = _unit_with_record(server)
    unit.decide(record["id"], Outcome.PASS)
    other_unit = next(u for u in server.units() if u != unit.account.org_id)
    foreign = server.find_records(unit_id=other_unit, limit=1)  # out of scope: answered as missing
    report_id = str(uuid.uuid4())
    audited = _count(server, AuditLog.action == "report")

    missing = [10**9 + i for i in range(MAX_BATCH + 10)]  # more than one run

    reply = unit.report([record["id"], *foreign, *missing], report_id=report_id)
    again = unit.report([record["id"]], report_id=report_id)

    statuses = [(r["record_id"], r["status"], r.get("reason")) for r in reply["results"]]
    assert [status[0] for status in statuses] == [record["id"], *foreign, *missing]
    assert statuses[0] == (record["id"], "applied", None)
    assert all(status[1:] == ("rejected", "not_found") for status in statuses[1:])
    assert [r["record"] is None for r in reply["results"]] == [False] + [True] * len(statuses[1:])
    assert again["duplicate"] is True and again["results"] == reply["results"]
    assert _count(server, AuditLog.action == "report") == audited + 1
    assert _count(server, Report.report_id == report_id, Report.completed.is_(True)) == 1


def _caller(server: SeededServer, client: ReviewerClient) -> Caller:
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            user, org = session.execute(
                select(User, Organisation)
                .join(Organisation, Organisation.id == User.org_id)
                .where(User.username == client.account.username)
            ).one()
            return Caller(
                user_id=user.id,
                username=user.username,
                display_name=user.display_name,
                role=user.role,
                org_id=org.id,
                org_name=org.name,
                org_path=org.path,
                tier=Tier(org.tier),
                token_id=0,
                device_id="fallback-test",
            )
    finally:
        database.dispose()


def _one_by_one(server: SeededServer, caller: Caller, items: list[dict]) -> list[dict[str, Any]]:
    database = Database.open(server.db_url)
    try:
        parsed = [VerificationIn.model_validate(item) for item in items]
        return one_by_one(database, parsed, lambda session: VerificationCommands(session, caller, "项目"))
    finally:
        database.dispose()


def test_item_by_item_fallback_answers_like_the_batch(server: SeededServer) -> None:
    """What a batch refused by a constraint runs instead: each item a batch of one, in its own
    transaction; outcomes stored by the batch replay, new ones are judged the same way."""
    unit, record = _unit_with_record(server)
    material = record["materials"][0]
    batched = _verification(material["id"], "verified", material["version"])
    unit.post("/v1/verifications", {"items": [batched]})
    caller = _caller(server, unit)
    items = [
        batched,
        _verification(material["id"], "failed", material["version"] + 1, "学历验证未通过"),
        _verification(material["id"], "verified", material["version"] + 1),
    ]

    results = _one_by_one(server, caller, items)

    assert [r["status"] for r in results] == ["duplicate", "applied", "conflict"]
    assert results[0]["first_status"] == "applied" and results[2]["reason"] == "stale"
    assert [r["record"]["version"] for r in results] == [record["version"] + step for step in (1, 2, 2)]
    assert unit.record(record["id"])["version"] == record["version"] + 2
    assert _count(server, HistoryEntry.record_id == record["id"]) == len(record["history"]) + 2
