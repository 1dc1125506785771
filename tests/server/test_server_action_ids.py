"""Action ids (``decision_id``, ``report_id``, 核验 ``action_id``) belong to whoever used them first.

The three attacks of issue 12, over HTTP between two units of the seeded server: another unit's
``report_id`` must not leak its records and outcomes, must not run its unfinished part in the wrong
scope, and a ``decision_id`` used first elsewhere must not silently swallow the owner's decision. The
same id from its owner is still a replay (``duplicate``) and an interrupted report still resumes.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.server.db import Database
from reviewdesk.server.models import Organisation, ReportItem, User
from reviewdesk.server.mutations import idempotent
from reviewdesk.server.reports import _claim
from reviewdesk.server.schemas import ReportIn
from reviewdesk.server.scope import Caller
from reviewdesk.server.testing import ReviewerClient, SeededServer, ServerError

ID_IN_USE = "id_in_use"


def _pending(server: SeededServer, unit_id: int) -> list[int]:
    return server.find_records(unit_id=unit_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)


def _two_units(server: SeededServer) -> tuple[ReviewerClient, ReviewerClient]:
    """The demo unit's reviewer and a reviewer of another unit that has pending records."""
    first = server.reviewer(Tier.UNIT)
    other = next(u for u in server.units() if u != first.account.org_id and len(_pending(server, u)) >= 2)
    return first, server.reviewer(server.account_for_org(other))


def _refused(error: pytest.ExceptionInfo[ServerError]) -> None:
    """409 ``id_in_use`` with the error shape and nothing else: no results, no record ids."""
    assert error.value.status == 409
    assert error.value.body["code"] == ID_IN_USE
    assert set(error.value.body) == {"detail", "code"}


def test_another_units_report_id_is_refused_and_leaks_nothing(server: SeededServer) -> None:
    owner, other = _two_units(server)
    record_id = _pending(server, owner.account.org_id)[0]
    owner.decide(record_id, Outcome.PASS)
    report_id = str(uuid.uuid4())
    owner.report([record_id], report_id=report_id)

    with pytest.raises(ServerError) as refused:
        other.report([], report_id=report_id)

    _refused(refused)
    assert str(record_id) not in str(refused.value.body)
    replay = owner.report([record_id], report_id=report_id)  # the owner's replay is still a replay
    assert replay["duplicate"] is True
    assert [(r["record_id"], r["status"]) for r in replay["results"]] == [(record_id, "applied")]


def _caller(database: Database, account_username: str) -> Caller:
    with database.read() as session:
        user, org = session.execute(
            select(User, Organisation)
            .join(Organisation, Organisation.id == User.org_id)
            .where(User.username == account_username)
        ).one()
        return Caller(
            user.id,
            user.username,
            user.display_name,
            user.role,
            org.id,
            org.name,
            org.path,
            Tier(org.tier),
            0,
        )


def test_another_unit_cannot_run_an_unfinished_report_in_its_own_scope(server: SeededServer) -> None:
    owner, other = _two_units(server)
    record_ids = _pending(server, owner.account.org_id)[:2]
    for record_id in record_ids:
        owner.decide(record_id, Outcome.PASS)
    report_id = str(uuid.uuid4())
    body = ReportIn(report_id=report_id, record_ids=record_ids, reported_at=datetime.now(UTC))
    database = Database.open(server.db_url)
    try:
        # The owner's report is claimed (the server's own first step) and not yet run: a large
        # report still running, or one cut off by a crash.
        idempotent(database, lambda session: _claim(session, _caller(database, owner.account.username), body))

        with pytest.raises(ServerError) as refused:
            other.report(record_ids, report_id=report_id)

        _refused(refused)
        with database.read() as session:
            assert session.scalars(select(ReportItem.record_id)).all() == []  # nothing judged for them
    finally:
        database.dispose()
    resumed = owner.report(record_ids, report_id=report_id)
    assert resumed["duplicate"] is True
    assert [(r["record_id"], r["status"]) for r in resumed["results"]] == [
        (rid, "applied") for rid in record_ids
    ]
    assert owner.report(record_ids, report_id=report_id)["results"] == resumed["results"]


def test_a_decision_id_used_first_by_another_unit_is_refused_not_swallowed(server: SeededServer) -> None:
    owner, other = _two_units(server)
    decision_id = str(uuid.uuid4())
    theirs = _pending(server, other.account.org_id)[0]
    mine = _pending(server, owner.account.org_id)[0]
    assert other.decide(theirs, Outcome.PASS, decision_id=decision_id)["status"] == "applied"
    before = owner.record(mine)

    answer = owner.decide(mine, Outcome.PASS, decision_id=decision_id)

    assert (answer["status"], answer["reason"]) == ("rejected", ID_IN_USE)
    assert answer["record"] is None and "first_status" not in answer
    assert owner.record(mine)["version"] == before["version"]  # nothing happened, and it says so
    # the same id for another record of the same user is refused too; the owner's replay is a replay
    second = _pending(server, other.account.org_id)[1]
    assert other.decide(second, Outcome.PASS, decision_id=decision_id)["reason"] == ID_IN_USE
    replay = other.decide(theirs, Outcome.PASS, decision_id=decision_id)
    assert (replay["status"], replay["first_status"]) == ("duplicate", "applied")
    assert replay["record"]["id"] == theirs


def test_a_verification_action_id_belongs_to_its_first_user_and_material(server: SeededServer) -> None:
    owner, other = _two_units(server)
    action_id = str(uuid.uuid4())
    theirs = next(
        materials
        for record_id in _pending(server, other.account.org_id)
        if len(materials := other.record(record_id)["materials"]) >= 2
    )
    mine = owner.record(_pending(server, owner.account.org_id)[0])
    material = mine["materials"][0]
    first = other.verify(
        theirs[0]["id"], VerifyStatus.VERIFIED, base_version=theirs[0]["version"], action_id=action_id
    )
    assert first["status"] == "applied"

    answer = owner.verify(
        material["id"], VerifyStatus.VERIFIED, base_version=material["version"], action_id=action_id
    )

    assert (answer["status"], answer["reason"], answer["record"]) == ("rejected", ID_IN_USE, None)
    assert owner.record(mine["id"]) == mine  # nothing happened to the owner's material
    again = other.verify(
        theirs[1]["id"], VerifyStatus.VERIFIED, base_version=theirs[1]["version"], action_id=action_id
    )
    assert again["reason"] == ID_IN_USE  # the first user, another material: refused as well
    replay = other.verify(
        theirs[0]["id"], VerifyStatus.VERIFIED, base_version=theirs[0]["version"], action_id=action_id
    )
    assert (replay["status"], replay["first_status"]) == ("duplicate", "applied")


def test_in_one_batch_a_repeated_id_for_another_record_is_refused(server: SeededServer) -> None:
    owner, _ = _two_units(server)
    first, second = _pending(server, owner.account.org_id)[:2]
    decision_id = str(uuid.uuid4())
    items = []
    for record_id in (first, second):
        record = owner.record(record_id)
        items.append(
            {
                "decision_id": decision_id,
                "record_id": record_id,
                "outcome": "passed",
                "base": {k: record[k] for k in ("version", "submission_rev", "materials_hash")},
            }
        )

    results = owner.post("/v1/decisions", {"items": items})["results"]

    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert results[1]["reason"] == ID_IN_USE and results[1]["record"] is None
    assert owner.record(second)["review"]["statuses"]["unit"] == "pending"
