"""Serialized snapshots (``server.snapshot_cache``): always what a live build gives, and the served pages
(gzip or not, any page size) unchanged for clients."""

from __future__ import annotations

import gzip
import socket
import uuid
from pathlib import Path
from typing import Any

import orjson
import requests
from alembic import command
from sqlalchemy import delete, inspect, select, update

from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.server import snapshot_cache
from reviewdesk.server.db import SQLITE_PAGE_SIZE, Database, alembic_config, make_engine, migrate
from reviewdesk.server.models import Record, SnapshotCache
from reviewdesk.server.records import build_snapshots, record_columns
from reviewdesk.server.testing import ReviewerClient, SeededServer


def _live(database: Database, record_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """What the builder makes from the database now, without project (the cached form)."""
    with database.read() as session:
        query = select(*record_columns()).order_by(Record.id)
        if record_ids is not None:
            query = query.where(Record.id.in_(record_ids))
        rows = session.execute(query).all()
        built = build_snapshots(session, rows, "")
    return {
        row.id: {k: v for k, v in snap.items() if k != "project"}
        for row, snap in zip(rows, built, strict=True)
    }


def _cached(database: Database) -> dict[int, tuple[int, int | None, dict[str, Any] | None]]:
    with database.read() as session:
        rows = session.execute(
            select(Record.id, Record.version, SnapshotCache.version, SnapshotCache.snapshot).outerjoin(
                SnapshotCache, SnapshotCache.record_id == Record.id
            )
        ).all()
    return {
        record_id: (version, built_at, orjson.loads(snapshot) if snapshot else None)
        for record_id, version, built_at, snapshot in rows
    }


def _assert_cache_current(database: Database) -> None:
    live = _live(database)
    cached = _cached(database)
    assert cached.keys() == live.keys()
    for record_id, (version, built_at, snapshot) in cached.items():
        assert built_at == version, record_id
        assert snapshot == live[record_id], record_id


def _page_raw(reviewer: ReviewerClient, path: str, encoding: str, **params: Any) -> requests.Response:
    return requests.get(
        f"{reviewer.url}{path}",
        params=params,
        headers={"Authorization": f"Bearer {reviewer.token}", "Accept-Encoding": encoding},
        timeout=60,
        stream=True,
    )


def test_seeded_cache_matches_a_live_build(server: SeededServer) -> None:
    _assert_cache_current(server._database)


def test_every_kind_of_change_rewrites_the_cache_in_its_transaction(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    ids = server.find_records(unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)
    passed = unit.decide(ids[0], Outcome.PASS)["record"]
    unit.decide(ids[1], Outcome.HOLD, "材料不清晰")
    unit.report([ids[0]])
    material = passed["materials"][0]
    unit.verify(material["id"], VerifyStatus.FAILED, "照片模糊", base_version=material["version"])
    stale = unit.record(ids[2])
    base = {"version": stale["version"] + 5, **{k: stale[k] for k in ("submission_rev", "materials_hash")}}
    assert unit.decide(ids[2], Outcome.PASS, base=base)["status"] == "conflict"  # changes nothing
    server.withdraw(ids[3])
    server.bind(ids[3], unit_id=next(u for u in server.units() if u != unit.account.org_id))
    server.submit(ids[3], [{"kind": "education", "fields": {"毕业学校": "武汉大学"}}])
    _assert_cache_current(server._database)

    # what clients get is the live snapshot with the project, through every endpoint
    record = unit.record(ids[0])
    assert record["project"] == server.data.project.name
    assert {k: v for k, v in record.items() if k != "project"} == _live(server._database, [ids[0]])[ids[0]]


def test_a_push_of_decisions_answers_and_caches_what_a_live_build_gives(server: SeededServer) -> None:
    """Decisions patch the cached snapshots (review state, 审核进度, version) instead of building them
    again: the answers and the cache must be byte for byte what the builder makes."""
    pending = {
        unit_id: server.find_records(unit_id=unit_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)
        for unit_id in server.units()
    }
    unit_id = max(pending, key=lambda u: len(pending[u]))
    unit = server.reviewer(server.account_for_org(unit_id))
    ids = pending[unit_id][:6]
    assert len(ids) == 6
    records = {rid: unit.record(rid) for rid in ids}
    with server._database.write() as session:  # no cache for one of them: built, as before
        session.execute(delete(SnapshotCache).where(SnapshotCache.record_id == ids[5]))
    repeated = str(uuid.uuid4())

    def item(rid: int, outcome: Outcome, remark: str = "", **base: int) -> dict[str, Any]:
        current = {k: records[rid][k] for k in ("version", "submission_rev", "materials_hash")}
        return {
            "decision_id": repeated if rid == ids[4] else str(uuid.uuid4()),
            "record_id": rid,
            "outcome": outcome.value,
            "remark": remark,
            "base": current | base,
        }

    items = [
        item(ids[0], Outcome.PASS),
        item(ids[1], Outcome.HOLD, "材料不清晰"),
        item(ids[2], Outcome.PASS, version=records[ids[2]]["version"] + 5),  # a conflict: unchanged
        item(ids[3], Outcome.HOLD, "照片模糊"),
        item(ids[4], Outcome.PASS),
        item(ids[5], Outcome.PASS),
    ]
    # ids[3] decided again in the same push, on the base its first decision left
    items.append(
        {
            **item(ids[3], Outcome.PASS),
            "base": {**items[3]["base"], "version": records[ids[3]]["version"] + 1},
        }
    )
    first = unit.post("/v1/decisions", {"items": items})["results"]
    assert [r["status"] for r in first] == [
        "applied",
        "applied",
        "conflict",
        "applied",
        "applied",
        "applied",
        "applied",
    ]
    again = unit.post("/v1/decisions", {"items": [items[4]]})["results"][0]  # a repeat replays
    assert again["status"] == "duplicate"

    _assert_cache_current(server._database)
    live = _live(server._database, ids)
    project = server.data.project.name
    for result in [*first, again]:
        record = result["record"]
        # each answer shows the record as its item left it; the last one of each record is current
        if result is first[3]:
            continue
        built: dict[str, Any] = {}  # the live build with the project where the builder puts it
        for key, value in live[record["id"]].items():
            built[key] = value
            if key == "pay_status":
                built["project"] = project
        assert orjson.dumps(record) == orjson.dumps(built), record["id"]
    assert first[3]["record"]["version"] == first[6]["record"]["version"] - 1
    assert len(first[6]["record"]["history"]) == len(first[3]["record"]["history"]) + 1


def test_missing_or_stale_cache_is_built_live(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    before = unit.records()
    ids = [r["id"] for r in before[:3]]
    with server._database.write() as session:
        session.execute(delete(SnapshotCache).where(SnapshotCache.record_id == ids[0]))
        session.execute(
            update(SnapshotCache)
            .where(SnapshotCache.record_id == ids[1])
            .values(version=SnapshotCache.version - 1)
        )
        session.execute(
            update(SnapshotCache)
            .where(SnapshotCache.record_id == ids[2])
            .values(snapshot=b'{"id":%d,"stale":true}' % ids[2])
        )
    after = {r["id"]: r for r in unit.records()}
    assert after[ids[0]] == before[0]
    assert after[ids[1]] == before[1]
    # a cache tagged with the current version is trusted: only versions guard it (every change bumps one)
    assert after[ids[2]]["stale"] is True

    engine = server._database.engine
    assert snapshot_cache.fill_missing(engine) == 2
    assert snapshot_cache.fill_missing(engine) == 0
    assert snapshot_cache.fill_missing(engine, everything=True) == len(_cached(server._database))
    migrate(engine)  # at head: nothing to fill, nothing changes
    _assert_cache_current(server._database)


def test_pages_are_the_same_gzipped_or_not_and_at_any_size(server: SeededServer) -> None:
    county = server.reviewer(Tier.COUNTY)
    plain = _page_raw(county, "/v1/sync/snapshot", "identity", limit=2000)
    assert plain.headers.get("Content-Encoding") is None
    body = plain.raw.read()
    zipped = _page_raw(county, "/v1/sync/snapshot", "gzip", limit=2000)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    compressed = zipped.raw.read(decode_content=False)
    assert len(compressed) < len(body) / 3
    whole = orjson.loads(body)
    assert orjson.loads(gzip.decompress(compressed)) == whole
    refused = _page_raw(county, "/v1/sync/snapshot", "gzip;q=0, identity", limit=2000)
    assert refused.headers.get("Content-Encoding") is None

    small: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 7}
    while True:
        page = county.get("/v1/sync/snapshot", **params)
        small += page["items"]
        if page["next_after_id"] is None:
            break
        params = {"limit": 7, "after_id": page["next_after_id"]}
    assert small == whole["items"]
    assert whole["next_after_id"] is None
    assert all(item["project"] == server.data.project.name for item in small)

    too_big = _page_raw(county, "/v1/sync/snapshot", "identity", limit=2001)
    assert too_big.status_code == 422
    assert _page_raw(county, "/v1/records", "identity", limit=501).status_code == 422


def test_upgrading_a_database_from_before_the_cache_fills_it(server: SeededServer) -> None:
    engine = server._database.engine
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    assert "snapshot_cache" not in inspect(engine).get_table_names()
    migrate(engine)
    _assert_cache_current(server._database)
    reviewer = server.reviewer(Tier.UNIT)
    assert reviewer.records() and all(r["project"] == server.data.project.name for r in reviewer.records())


def test_new_sqlite_databases_use_16k_pages(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA page_size").scalar() == SQLITE_PAGE_SIZE
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_embedded_server_socket_is_tcp_so_replies_are_not_delayed(server: SeededServer) -> None:
    # asyncio disables Nagle only for sockets whose proto is TCP; proto 0 cost ~40 ms per keep-alive
    # reply (delayed ACK). The listening socket's proto is what accepted sockets inherit.
    listener = server.server._socket
    assert listener is not None and listener.proto == socket.IPPROTO_TCP
