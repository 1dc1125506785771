"""The change feed: paging, collapse, tombstones, 410/400 cursors, the snapshot's cursor."""

from __future__ import annotations

import uuid
from typing import Any

import requests
from sqlalchemy import event
from sqlalchemy.engine import Engine

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.server.db import Database
from reviewdesk.server.feed import compact, encode_cursor, feed_head
from reviewdesk.server.testing import ReviewerClient, SeededServer


def _cursor(reviewer: ReviewerClient) -> str:
    return reviewer.get("/v1/sync/snapshot", limit=1)["cursor"]


def _all_changes(reviewer: ReviewerClient, since: str, limit: int = 1000) -> tuple[list[dict], str, int]:
    changes: list[dict] = []
    pages = 0
    while True:
        page = reviewer.get("/v1/sync/changes", since=since, limit=limit)
        pages += 1
        changes += page["changes"]
        since = page["next_cursor"]
        if not page["has_more"]:
            return changes, since, pages


def _feed_status(reviewer: ReviewerClient, since: str, **params: object) -> requests.Response:
    return requests.get(
        f"{reviewer.url}/v1/sync/changes",
        params={"since": since, **params},
        headers={"Authorization": f"Bearer {reviewer.token}"},
        timeout=30,
    )


def test_pages_in_seq_order_and_collapses_repeats(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    ids = server.find_records(
        unit_id=reviewer.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[:3]
    cursor = _cursor(reviewer)
    reviewer.decide(ids[0], Outcome.HOLD, "先放一放")
    reviewer.decide(ids[1], Outcome.PASS)
    last = reviewer.decide(ids[0], Outcome.PASS)["record"]  # second change of ids[0]
    reviewer.decide(ids[2], Outcome.PASS)

    one_page = reviewer.get("/v1/sync/changes", since=cursor, limit=1000)
    assert [c["record_id"] for c in one_page["changes"]] == [ids[1], ids[0], ids[2]]
    assert one_page["changes"][1]["record"] == last
    seqs = [c["seq"] for c in one_page["changes"]]
    assert seqs == sorted(seqs) and not one_page["has_more"]

    small_pages, end_cursor, pages = _all_changes(reviewer, cursor, limit=1)
    assert pages == 4  # one row per page
    assert [c["record_id"] for c in small_pages] == [ids[0], ids[1], ids[0], ids[2]]
    assert end_cursor == one_page["next_cursor"]
    assert reviewer.get("/v1/sync/changes", since=end_cursor)["changes"] == []


def test_higher_tier_only_sees_changes_of_records_that_reached_it(server: SeededServer) -> None:
    county = server.reviewer(Tier.COUNTY)
    unit = server.reviewer(server.account_for_org(server.account(Tier.UNIT).org_id))
    record_id = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    cursor = _cursor(county)

    unit.decide(record_id, Outcome.PASS)
    assert county.get("/v1/sync/changes", since=cursor)["changes"] == []  # no noise below its tier

    unit.report([record_id])
    changes = county.get("/v1/sync/changes", since=cursor)["changes"]
    assert [(c["record_id"], c["deleted"]) for c in changes] == [(record_id, False)]
    assert changes[0]["record"]["review"]["statuses"]["county"] == "pending"


def test_tombstone_when_a_candidate_rebinds_to_another_unit(server: SeededServer) -> None:
    old_unit = server.reviewer(Tier.UNIT)
    record_id = server.find_records(
        unit_id=old_unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    new_unit_id = next(u for u in server.units() if u != old_unit.account.org_id)
    new_unit = server.reviewer(server.account_for_org(new_unit_id))
    old_cursor, new_cursor = _cursor(old_unit), _cursor(new_unit)

    server.withdraw(record_id)
    moved = server.bind(record_id, unit_id=new_unit_id)

    assert moved["unit_id"] == new_unit_id and moved["review"]["statuses"] == {"unit": "pending"}
    old_changes = old_unit.get("/v1/sync/changes", since=old_cursor)["changes"]
    assert [(c["record_id"], c["deleted"], c["record"]) for c in old_changes] == [(record_id, True, None)]
    new_changes = new_unit.get("/v1/sync/changes", since=new_cursor)["changes"]
    assert [(c["record_id"], c["deleted"]) for c in new_changes] == [(record_id, False)]
    assert new_changes[0]["record"] == moved
    assert (
        requests.get(
            f"{server.url}/v1/records/{record_id}",
            headers={"Authorization": f"Bearer {old_unit.token}"},
            timeout=30,
        ).status_code
        == 404
    )


def test_tombstone_when_resubmission_takes_it_out_of_the_county(server: SeededServer) -> None:
    county = server.reviewer(Tier.COUNTY)
    record_id = server.find_records(
        under_org=county.account.org_id, at_tier=Tier.COUNTY, status=(Tier.COUNTY, "pending")
    )[0]
    returned = county.decide(record_id, Outcome.RETURN, "学历信息与证书不一致")["record"]
    assert returned["review"]["statuses"]["county"] == "returned"
    cursor = _cursor(county)
    assert record_id in {r["id"] for r in county.records()}  # 允许修改 keeps it visible as returned

    server.submit(record_id)  # back to the unit; the county no longer holds it

    changes = county.get("/v1/sync/changes", since=cursor)["changes"]
    assert [(c["record_id"], c["deleted"]) for c in changes] == [(record_id, True)]
    assert record_id not in {r["id"] for r in county.records()}


def test_foreign_compacted_future_and_garbage_cursors(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    ids = server.find_records(
        unit_id=reviewer.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[:2]
    server_id = reviewer.get("/v1/me")["server_id"]
    old_cursor = _cursor(reviewer)
    reviewer.decide(ids[0], Outcome.HOLD, "再看看")
    reviewer.decide(ids[0], Outcome.PASS)
    reviewer.decide(ids[1], Outcome.PASS)

    foreign = _feed_status(reviewer, encode_cursor(str(uuid.uuid4()), 1))
    future = _feed_status(reviewer, encode_cursor(server_id, 10**9))
    assert (foreign.status_code, foreign.json()["code"]) == (410, "cursor_expired")
    assert (future.status_code, future.json()["code"]) == (410, "cursor_expired")
    for garbage in ("0", "abc", "!!!"):  # not even shaped like a cursor: malformed (the schema's pattern)
        response = _feed_status(reviewer, garbage)
        assert (response.status_code, response.json()["code"]) == (422, "invalid_request"), garbage
    for garbage in (encode_cursor(server_id, -1).replace("LTE", "x"), "A" * 60):  # shaped like one, is not
        response = _feed_status(reviewer, garbage)
        assert (response.status_code, response.json()["code"]) == (400, "invalid_cursor"), garbage
    assert _feed_status(reviewer, old_cursor).status_code == 200

    database = Database.open(server.db_url)
    with database.write() as session:
        dropped, floor = compact(session)
    database.dispose()
    assert dropped >= 1 and floor > 0

    expired = _feed_status(reviewer, old_cursor)
    assert (expired.status_code, expired.json()["code"]) == (410, "cursor_expired")
    fresh = _cursor(reviewer)  # a re-download gives a cursor the server serves again
    assert _feed_status(reviewer, fresh).status_code == 200


def test_snapshot_cursor_sees_changes_made_during_the_download(server: SeededServer) -> None:
    province = server.reviewer(Tier.PROVINCE)
    colleague = server.reviewer(server.account_for_org(province.account.org_id))
    pending = server.find_records(at_tier=Tier.PROVINCE, status=(Tier.PROVINCE, "pending"))
    first = province.get("/v1/sync/snapshot", limit=20)
    cursor = first["cursor"]
    early = next(r["id"] for r in first["items"] if r["id"] in pending)  # already downloaded
    late = pending[-1]  # still to come
    assert first["items"][-1]["id"] < late

    changed_early = colleague.decide(early, Outcome.PASS)["record"]
    changed_late = colleague.decide(late, Outcome.HOLD, "照片不合规")["record"]
    downloaded: dict[int, dict] = {r["id"]: r for r in first["items"]}
    page = first
    while page["next_after_id"] is not None:
        page = province.get("/v1/sync/snapshot", after_id=page["next_after_id"], limit=50)
        assert "cursor" not in page
        downloaded.update({r["id"]: r for r in page["items"]})

    assert downloaded[late] == changed_late  # seen by the later page...
    assert downloaded[early] != changed_early  # ...but the early page was read before the change
    changes = {c["record_id"]: c for c in province.get("/v1/sync/changes", since=cursor)["changes"]}
    assert changes[early]["record"] == changed_early and changes[late]["record"] == changed_late


def test_a_decision_moves_the_feed_head_in_one_statement_and_its_change_gets_the_next_seq(
    server: SeededServer,
) -> None:
    """The head's row lock is held from its update to the commit and pushes queue behind it: the new
    head comes back with the update (``UPDATE … RETURNING``), no second read under the lock, and on
    PostgreSQL the change rows go in with that same statement."""
    reviewer = server.reviewer(Tier.UNIT)
    record_id = server.find_records(
        unit_id=reviewer.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    cursor = _cursor(reviewer)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "feed_head" in statement:
            statements.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        reviewer.decide(record_id, Outcome.PASS)
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert len(statements) == 1, statements
    statement = statements[0].upper()
    if server.db_url.startswith("postgresql"):  # the change row goes in with it (feed.log_changes)
        assert (
            statement.startswith("WITH HEAD AS ( UPDATE FEED_HEAD") and "INSERT INTO CHANGE_LOG" in statement
        )
    else:
        assert statement.startswith("UPDATE FEED_HEAD")
    assert "RETURNING" in statement
    changes, _, _ = _all_changes(reviewer, cursor)
    assert [c["record_id"] for c in changes] == [record_id]
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            assert changes[0]["seq"] == feed_head(session)
    finally:
        database.dispose()
