"""Scope: each tier sees exactly its subtree's records that reached it; everything else is a 404.

The expected sets are computed here from the raw rows (org tree walked in Python), independently of the
server's SQL, for every demo account, for 下级所有 and 本级直属.
"""

from __future__ import annotations

import base64
import uuid

import pytest
import requests
from sqlalchemy import select

from reviewdesk.domain.enums import Tier
from reviewdesk.server.db import Database
from reviewdesk.server.models import Organisation, Record
from reviewdesk.server.testing import Account, ReviewerClient, SeededServer

STATUS = {
    Tier.UNIT: "status_unit",
    Tier.COUNTY: "status_county",
    Tier.CITY: "status_city",
    Tier.PROVINCE: "status_province",
}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def expected_scope(server: SeededServer, account: Account, direct: bool = False) -> set[int]:
    database = Database.open(server.db_url)
    with database.read() as session:
        parents = {
            org_id: parent
            for org_id, parent in session.execute(select(Organisation.id, Organisation.parent_id))
        }
        rows = session.execute(
            select(Record.id, Record.unit_id, *(getattr(Record, c) for c in STATUS.values()))
        ).all()
    database.dispose()

    def ancestors(org_id: int) -> list[int]:
        chain = [org_id]
        while parents[chain[-1]] is not None:
            chain.append(parents[chain[-1]])
        return chain

    column = list(STATUS).index(account.tier)
    seen = set()
    for row in rows:
        record_id, unit_id, statuses = row[0], row[1], row[2:]
        if account.org_id not in ancestors(unit_id):
            continue
        if account.tier is not Tier.UNIT and statuses[column] is None:
            continue
        if direct and account.org_id not in (unit_id, parents[unit_id]):
            continue
        seen.add(record_id)
    return seen


@pytest.mark.parametrize("index", range(7))
def test_each_demo_account_sees_exactly_its_scope(server: SeededServer, index: int) -> None:
    account = server.accounts[index]
    reviewer = server.reviewer(account)

    all_ids = [r["id"] for r in reviewer.records("all")]
    direct_ids = {r["id"] for r in reviewer.records("direct")}
    snapshot_ids: list[int] = []
    page = reviewer.get("/v1/sync/snapshot", limit=50)
    while True:
        snapshot_ids += [r["id"] for r in page["items"]]
        if page["next_after_id"] is None:
            break
        page = reviewer.get("/v1/sync/snapshot", after_id=page["next_after_id"], limit=50)

    assert all_ids == sorted(all_ids)
    assert set(all_ids) == expected_scope(server, account)
    assert direct_ids == expected_scope(server, account, direct=True)
    assert snapshot_ids == all_ids
    if account.tier is not Tier.PROVINCE:
        assert all_ids, f"the demo data should give {account.username} some records"


def test_direct_scope_is_narrower_for_the_province(server: SeededServer) -> None:
    province = server.account(Tier.PROVINCE)
    everything = expected_scope(server, province)
    direct = expected_scope(server, province, direct=True)
    assert direct < everything and direct  # province-direct units' records only


def _out_of_scope_for(server: SeededServer, account: Account, case: str) -> int:
    """A submitted record still pending at its unit (so a candidate may withdraw and re-submit it) that
    ``account`` must not see: in another subtree at the same tier, or in its subtree below its tier."""
    pending = server.find_records(status=(Tier.UNIT, "pending"), submit_status="submitted", at_tier=Tier.UNIT)
    mine = set(server.find_records(under_org=account.org_id, limit=10**6))
    if case == "wrong_tier":
        return next(r for r in pending if r in mine)
    return next(r for r in pending if r not in mine)


def _assert_invisible(reviewer: ReviewerClient, record_id: int, material_id: int, sha256: str) -> None:
    headers = {"Authorization": f"Bearer {reviewer.token}"}
    url = reviewer.url
    response = requests.get(f"{url}/v1/records/{record_id}", headers=headers, timeout=30)
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    missing = requests.get(f"{url}/v1/records/999999999", headers=headers, timeout=30)
    assert response.json() == missing.json()

    blob = requests.get(f"{url}/v1/blobs/{sha256}", headers=headers, timeout=30)
    assert (blob.status_code, blob.json()["code"]) == (404, "not_found")
    head = requests.head(f"{url}/v1/blobs/{sha256}", headers=headers, timeout=30)
    assert head.status_code == 404 and "Content-Range" not in head.headers
    ranged = requests.get(f"{url}/v1/blobs/{sha256}", headers={**headers, "Range": "bytes=0-"}, timeout=30)
    assert ranged.status_code == 404

    base = {"version": 1, "submission_rev": 1, "materials_hash": "0" * 64}
    decision = reviewer.post(
        "/v1/decisions",
        {
            "items": [
                {"decision_id": str(uuid.uuid4()), "record_id": record_id, "outcome": "passed", "base": base}
            ]
        },
    )["results"][0]
    assert (decision["status"], decision["reason"], decision["record"]) == ("rejected", "not_found", None)

    verification = reviewer.post(
        "/v1/verifications",
        {
            "items": [
                {
                    "action_id": str(uuid.uuid4()),
                    "material_id": material_id,
                    "status": "verified",
                    "base": {"version": 1},
                }
            ]
        },
    )["results"][0]
    assert (verification["status"], verification["reason"], verification["record"]) == (
        "rejected",
        "not_found",
        None,
    )

    report = reviewer.post("/v1/reports", {"report_id": str(uuid.uuid4()), "record_ids": [record_id]})
    assert [(r["status"], r["reason"], r["record"]) for r in report["results"]] == [
        ("rejected", "not_found", None)
    ]

    assert record_id not in {r["id"] for r in reviewer.records()}


@pytest.mark.parametrize(
    ("tier", "case"),
    [
        (Tier.UNIT, "wrong_subtree"),
        (Tier.COUNTY, "wrong_subtree"),
        (Tier.COUNTY, "wrong_tier"),
        (Tier.CITY, "wrong_subtree"),
        (Tier.CITY, "wrong_tier"),
        (Tier.PROVINCE, "wrong_tier"),
    ],
)
def test_every_endpoint_answers_not_found_out_of_scope(server: SeededServer, tier: Tier, case: str) -> None:
    account = server.account(tier)
    record_id = _out_of_scope_for(server, account, case)
    owner = server.reviewer(server.account_for_org(_unit_of(server, record_id)))
    outsider = server.reviewer(account)
    cursor = outsider.get("/v1/sync/snapshot", limit=1)["cursor"]
    owner_cursor = owner.get("/v1/sync/snapshot", limit=1)["cursor"]
    sha256 = _private_image(server, owner, record_id)  # pooled demo images are shared by many records
    material = owner.record(record_id)["materials"][0]

    _assert_invisible(outsider, record_id, material["id"], sha256)
    # the feed: the withdrawal and re-submission just made are not among the outsider's changes
    changes = outsider.get("/v1/sync/changes", since=cursor, limit=1000)
    assert record_id not in {c["record_id"] for c in changes["changes"]} and not changes["has_more"]
    owner_changes = owner.get("/v1/sync/changes", since=owner_cursor, limit=1000)["changes"]
    assert record_id in {c["record_id"] for c in owner_changes}  # (the owner's feed does carry them)

    # the record's own unit sees all of it, the image too
    assert owner.record(record_id)["id"] == record_id
    blob = requests.get(
        f"{server.url}/v1/blobs/{sha256}", headers={"Authorization": f"Bearer {owner.token}"}, timeout=30
    )
    assert blob.status_code == 200


def _unit_of(server: SeededServer, record_id: int) -> int:
    database = Database.open(server.db_url)
    with database.read() as session:
        unit_id = session.get_one(Record, record_id).unit_id
    database.dispose()
    return unit_id


def _private_image(server: SeededServer, owner: ReviewerClient, record_id: int) -> str:
    """Withdraw, re-submit with a new image, return its sha256 (the record stays at the unit)."""
    server.withdraw(record_id)
    kind = owner.record(record_id)["materials"][0]["kind"]
    data = PNG + uuid.uuid4().bytes  # trailing bytes keep it a PNG by signature and make it unique
    record = server.submit(
        record_id,
        materials=[
            {
                "kind": kind,
                "images": [
                    {
                        "side": "A",
                        "filename": "新图.png",
                        "mime": "image/png",
                        "data_base64": base64.b64encode(data).decode(),
                    }
                ],
            }
        ],
    )
    return next(m for m in record["materials"] if m["kind"] == kind)["images"][0]["sha256"]
