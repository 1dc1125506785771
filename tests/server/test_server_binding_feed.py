"""工作单位 in the change feed: a verified candidate binding to a unit, changing to another unit and
unbinding reach each unit concerned as a change of its record of that identity (``binding``), with
the record's version kept; a unit never hears of a binding to another unit's record."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from reviewdesk.domain.enums import IdType, Tier
from reviewdesk.server import snapshot_cache
from reviewdesk.server.db import Database
from reviewdesk.server.demo import id_cards
from reviewdesk.server.models import Record
from reviewdesk.server.testing import CandidatePhone, ReviewerClient, SeededServer


def _two_records_of_one_person(server: SeededServer) -> tuple[dict[str, Any], int]:
    """A record with a 身份证, and another unit (which holds a record of the same person after the test
    copies it there)."""
    database = Database.open(server.db_url)
    try:
        with database.write() as session:
            record = session.scalars(
                select(Record).where(Record.id_type == IdType.RESIDENT_ID.value).order_by(Record.id).limit(1)
            ).one()
            other_unit = session.scalars(
                select(Record.unit_id).where(Record.unit_id != record.unit_id).order_by(Record.id).limit(1)
            ).one()
            person = {
                "id": record.id,
                "unit": record.unit_id,
                "name": record.name,
                "number": record.id_number,
            }
            twin = session.scalars(
                select(Record).where(Record.unit_id == other_unit).order_by(Record.id).limit(1)
            ).one()
            twin.name, twin.id_type, twin.id_number = record.name, record.id_type, record.id_number
            person["twin"] = twin.id
        snapshot_cache.fill_missing(database.engine, everything=True)  # changed behind the API's back
    finally:
        database.dispose()
    return person, other_unit


def _changes(client: ReviewerClient, since: str) -> tuple[dict[int, dict[str, Any]], str]:
    page = client.get("/v1/sync/changes", since=since, limit=1000)
    return {c["record_id"]: c["record"] for c in page["changes"] if c["record"]}, page["next_cursor"]


def _cursor(client: ReviewerClient) -> str:
    return client.get("/v1/sync/snapshot", limit=1)["cursor"]


def test_binding_changing_the_unit_and_unbinding_reach_the_units_feeds(server: SeededServer) -> None:
    person, other_unit = _two_records_of_one_person(server)
    first = server.reviewer(server.account_for_org(person["unit"]))
    second = server.reviewer(server.account_for_org(other_unit))
    since_first, since_second = _cursor(first), _cursor(second)
    version = first.record(person["id"])["version"]
    assert first.record(person["id"])["binding"] == {"status": "unbound", "at": None}

    phone = CandidatePhone(server.url, "13600000061")
    phone.submit_identity(
        "id_manual",
        person["name"],
        person["number"],
        id_cards.front(person["name"], person["number"]),
        id_cards.back(),
    )
    admin = server.reviewer(Tier.PROVINCE)
    item = next(
        i for i in admin.get("/v1/identity/submissions")["items"] if i["id_number"] == person["number"]
    )
    decision = {
        "decision_id": str(uuid.uuid4()),
        "submission_id": item["id"],
        "outcome": "approve",
        "reason": "",
        "base": {"version": item["version"]},
    }
    assert admin.post("/v1/identity/decisions", {"items": [decision]})["results"][0]["status"] == "applied"

    phone.post("/unit/bind", {"unit": person["unit"], "code": server.confirmation_code(person["unit"])})
    changed, since_first = _changes(first, since_first)
    assert changed[person["id"]]["binding"]["status"] == "bound"
    assert changed[person["id"]]["version"] == version
    changed, since_second = _changes(second, since_second)
    assert person["twin"] not in changed  # the other unit's record of the person: not bound there

    phone.post("/unit/bind", {"unit": other_unit, "code": server.confirmation_code(other_unit)})
    changed, since_first = _changes(first, since_first)
    assert changed[person["id"]]["binding"] == {"status": "unbound", "at": None}
    changed, since_second = _changes(second, since_second)
    assert changed[person["twin"]]["binding"]["status"] == "bound"
    assert person["id"] not in changed  # scope: the first unit's record stays the first unit's

    phone.post("/unit/unbind", {})
    changed, since_second = _changes(second, since_second)
    assert changed[person["twin"]]["binding"] == {"status": "unbound", "at": None}
    changed, _ = _changes(first, since_first)
    assert person["id"] not in changed
