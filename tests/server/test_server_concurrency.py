"""Races against the real server: the same decision from several devices at once applies once; several
reviewers deciding on the same base give one applied and conflicts; a reader following the feed while
writers commit never misses a change (sequence numbers become visible in order)."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.server.db import Database
from reviewdesk.server.models import HistoryEntry
from reviewdesk.server.testing import ReviewerClient, SeededServer

THREADS = 6


def _base(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record[k] for k in ("version", "submission_rev", "materials_hash")}


def _pending(server: SeededServer, unit_id: int) -> list[int]:
    return server.find_records(unit_id=unit_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)


def _at_once(clients: list[ReviewerClient], call) -> list[Any]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(clients))

    def run(client: ReviewerClient) -> Any:
        barrier.wait()
        return call(client)

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(run, clients))


def test_same_decision_from_many_devices_at_once_applies_once(server: SeededServer) -> None:
    account = server.account(Tier.UNIT)
    clients = [server.reviewer(account) for _ in range(THREADS)]
    record_id = _pending(server, account.org_id)[0]
    base = _base(clients[0].record(record_id))
    decision_id = str(uuid.uuid4())

    results = _at_once(
        clients, lambda c: c.decide(record_id, Outcome.PASS, base=base, decision_id=decision_id)
    )

    statuses = sorted(r["status"] for r in results)
    assert statuses == ["applied"] + ["duplicate"] * (THREADS - 1)
    assert {r.get("first_status") for r in results if r["status"] == "duplicate"} == {"applied"}
    database = Database.open(server.db_url)
    with database.read() as session:
        decided = session.scalar(
            select(func.count()).where(
                HistoryEntry.record_id == record_id, HistoryEntry.decision_id.is_not(None)
            )
        )
    database.dispose()
    assert decided == 1


def test_same_report_and_verification_from_many_devices_at_once_apply_once(server: SeededServer) -> None:
    """材料上报 and 核验 go through the decisions' batch: a race on their id ends the same way (on
    PostgreSQL the losers' transactions are refused by the unique id and answered item by item)."""
    account = server.account(Tier.UNIT)
    clients = [server.reviewer(account) for _ in range(THREADS)]
    passed, verified = _pending(server, account.org_id)[:2]
    clients[0].decide(passed, Outcome.PASS)
    material = clients[0].record(verified)["materials"][0]
    report_id, action_id = str(uuid.uuid4()), str(uuid.uuid4())
    actions_before = _history_actions(server, passed, verified)

    reports = _at_once(clients, lambda c: c.report([passed], report_id=report_id))
    checks = _at_once(
        clients,
        lambda c: c.verify(material["id"], "verified", base_version=material["version"], action_id=action_id),
    )

    assert sorted(r["duplicate"] for r in reports) == [False] + [True] * (THREADS - 1)
    answers = {(r["results"][0]["status"], r["results"][0]["record"]["version"]) for r in reports}
    assert len(answers) == 1 and answers.pop()[0] == "applied"
    assert sorted(r["status"] for r in checks) == ["applied"] + ["duplicate"] * (THREADS - 1)
    added = _history_actions(server, passed, verified) - actions_before
    assert sorted(added.elements()) == ["reported", "verified"]


def _history_actions(server: SeededServer, *record_ids: int) -> Counter[str]:
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            return Counter(
                session.scalars(select(HistoryEntry.action).where(HistoryEntry.record_id.in_(record_ids)))
            )
    finally:
        database.dispose()


def test_colleagues_deciding_on_the_same_base_get_one_applied_rest_conflicts(server: SeededServer) -> None:
    unit_id = server.account(Tier.UNIT).org_id
    accounts = [server.account_for_org(unit_id, "reviewer"), server.account_for_org(unit_id, "admin")]
    clients = [server.reviewer(accounts[i % 2]) for i in range(THREADS)]
    record_id = _pending(server, unit_id)[0]
    base = _base(clients[0].record(record_id))

    results = _at_once(clients, lambda c: c.decide(record_id, Outcome.HOLD, "复核", base=base))

    assert sorted(r["status"] for r in results) == ["applied"] + ["conflict"] * (THREADS - 1)
    assert {r.get("reason") for r in results if r["status"] == "conflict"} == {"stale"}
    assert clients[0].record(record_id)["version"] == base["version"] + 1


def test_a_feed_reader_never_misses_concurrent_changes(server: SeededServer) -> None:
    account = server.account(Tier.UNIT)
    writers = [server.reviewer(account) for _ in range(3)]
    reader = server.reviewer(account)
    ids = _pending(server, account.org_id)
    cursor = reader.get("/v1/sync/snapshot", limit=1)["cursor"]
    latest: dict[int, dict[str, Any]] = {}
    done = threading.Event()
    errors: list[BaseException] = []

    def follow() -> None:
        nonlocal cursor
        try:
            while True:
                finished = done.is_set()
                page = reader.get("/v1/sync/changes", since=cursor, limit=3)
                for change in page["changes"]:
                    latest[change["record_id"]] = change["record"]
                cursor = page["next_cursor"]
                if finished and not page["has_more"]:
                    return
        except BaseException as error:  # surfaced below
            errors.append(error)

    def write(index: int) -> None:
        client = writers[index % len(writers)]
        record_id = ids[index % len(ids)]
        for outcome, remark in ((Outcome.HOLD, "先放一放"), (Outcome.PASS, "")):
            client.decide(record_id, outcome, remark)  # conflicts are fine; applied ones must show up

    thread = threading.Thread(target=follow)
    thread.start()
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(write, range(12)))
    done.set()
    thread.join(timeout=60)

    assert not errors and not thread.is_alive()
    for record_id in ids:
        now = reader.record(record_id)
        if now["version"] > 1:
            assert latest.get(record_id) == now, record_id
