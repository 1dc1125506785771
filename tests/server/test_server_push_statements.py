"""What a push of decisions sends to the database: few statements, the same outcomes.

Every round trip of a push lengthens the time it holds its records' locks and (at the end) the feed
head's, which the whole province's pushes queue behind (docs/PERFORMANCE.md, *Load*). These tests pin
the statement shapes that keep it short — one query for the caller and the project, one ``UPDATE`` for
all decided records, one upsert for their cached snapshots — and that the answers and the stored state
stay what the rules say.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.server.testing import ReviewerClient, SeededServer


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every statement sent to a database while the block runs (an executemany counts once), with its
    whitespace collapsed and in upper case."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()).upper())

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def _item(record: dict[str, Any], outcome: Outcome) -> dict[str, Any]:
    return {
        "decision_id": str(uuid.uuid4()),
        "record_id": record["id"],
        "outcome": outcome.value,
        "remark": "材料待补充" if outcome is Outcome.HOLD else "",
        "base": {k: record[k] for k in ("version", "submission_rev", "materials_hash")},
    }


def _alternating_push(server: SeededServer) -> tuple[ReviewerClient, list[dict[str, Any]], list[Outcome]]:
    """A unit reviewer and a push whose records' statuses alternate between staying and changing:
    records already 审核通过 decided 审核通过 again, between pending ones decided 暂不审核 or 审核通过
    (the ORM would send an ``UPDATE`` for each run of equal column sets: four here)."""
    reviewer = server.reviewer(Tier.UNIT)
    pending = server.find_records(
        unit_id=reviewer.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )
    assert len(pending) >= 4, "the seed gives the demo unit pending records"
    again, fresh = pending[:2], pending[2:4]
    for record_id in again:
        assert reviewer.decide(record_id, Outcome.PASS)["status"] == "applied"
    order = [again[0], fresh[0], again[1], fresh[1]]
    outcomes = [Outcome.PASS, Outcome.HOLD, Outcome.PASS, Outcome.PASS]
    return reviewer, [reviewer.record(record_id) for record_id in order], outcomes


def test_a_push_updates_its_records_in_one_statement_and_each_ends_as_decided(server: SeededServer) -> None:
    reviewer, records, outcomes = _alternating_push(server)
    items = [_item(record, outcome) for record, outcome in zip(records, outcomes, strict=True)]

    with statements() as sent:
        results = reviewer.post("/v1/decisions", {"items": items})["results"]

    updates = [s for s in sent if s.startswith("UPDATE RECORDS")]
    assert len(updates) == 1, updates
    expected_status = {Outcome.PASS: "passed", Outcome.HOLD: "on_hold"}
    for record, outcome, result in zip(records, outcomes, results, strict=True):
        assert result["status"] == "applied"
        stored = reviewer.record(record["id"])
        assert stored == result["record"]
        assert stored["version"] == record["version"] + 1
        assert stored["review"]["statuses"]["unit"] == expected_status[outcome]
        # what the decision does not touch is as it was
        assert stored["materials_hash"] == record["materials_hash"]
        assert stored["review"]["submit_status"] == record["review"]["submit_status"]
        assert stored["history"][:-1] == record["history"]
        assert server.snapshot(record["id"]) == stored  # the cache is what a live build gives


def test_a_push_reads_caller_and_project_once_and_upserts_the_cache(server: SeededServer) -> None:
    reviewer, records, outcomes = _alternating_push(server)
    items = [_item(record, outcome) for record, outcome in zip(records, outcomes, strict=True)]

    with statements() as sent:
        reviewer.post("/v1/decisions", {"items": items})

    reads_of_meta = [s for s in sent if "FROM SERVER_META" in s or "JOIN SERVER_META" in s]
    assert len(reads_of_meta) == 1 and "AUTH_TOKENS" in reads_of_meta[0], reads_of_meta
    cache_writes = [s for s in sent if "SNAPSHOT_CACHE" in s and not s.startswith("SELECT")]
    assert len(cache_writes) == 1 and "ON CONFLICT (RECORD_ID) DO UPDATE" in cache_writes[0], cache_writes


def test_a_repeated_push_replays_every_answer_and_writes_nothing_again(server: SeededServer) -> None:
    reviewer, records, outcomes = _alternating_push(server)
    items = [_item(record, outcome) for record, outcome in zip(records, outcomes, strict=True)]
    first = reviewer.post("/v1/decisions", {"items": items})["results"]
    states = [reviewer.record(record["id"]) for record in records]

    again = reviewer.post("/v1/decisions", {"items": items})["results"]

    assert [a["status"] for a in again] == ["duplicate"] * len(items)
    assert [a["first_status"] for a in again] == [f["status"] for f in first]
    assert [a["record"] for a in again] == states
    assert [reviewer.record(record["id"]) for record in records] == states
