"""EmbeddedServer (start, restart on the same port, stop) and the audit log of every kind of change."""

from __future__ import annotations

import socket
from pathlib import Path

import requests
from sqlalchemy import select

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.server.db import Database
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.models import AuditLog
from reviewdesk.server.testing import SeededServer


def test_embedded_server_starts_restarts_and_stops(tmp_path: Path) -> None:
    server = EmbeddedServer(f"sqlite:///{tmp_path / 'e.db'}", tmp_path / "blobs")
    with server:
        port = server.port
        assert port > 0 and server.url == f"http://127.0.0.1:{port}"
        health = requests.get(f"{server.url}/v1/health", timeout=10)
        assert health.json() == {"status": "ok", "api_version": 1, "server_version": "0.1.0"}
        assert health.headers["X-Reviewdesk-Api"] == "1"
        openapi = requests.get(f"{server.url}/openapi.json", timeout=10).json()
        assert "/v1/sync/changes" in openapi["paths"] and "/v1/candidate/submit" in openapi["paths"]
        blob = openapi["paths"]["/v1/blobs/{sha256}"]
        assert (blob["get"]["operationId"], blob["head"]["operationId"]) == ("get_blob", "head_blob")

        server.restart()
        assert server.port == port
        assert requests.get(f"{server.url}/v1/health", timeout=10).ok
        server.restart(graceful=False)
        assert requests.get(f"{server.url}/v1/health", timeout=10).ok
    assert not server.running
    with socket.socket() as sock:  # the port is free again
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    assert (tmp_path / "blobs").is_dir()


def test_every_change_is_audited_with_device_and_address(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT, device_id="device-under-test")
    record_id = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    material = unit.record(record_id)["materials"][0]
    unit.verify(material["id"], "verified", base_version=material["version"])
    unit.decide(record_id, Outcome.PASS)
    unit.report([record_id])
    other = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    server.withdraw(other)
    server.submit(other)
    requests.post(
        f"{server.url}/v1/auth/login", json={"username": unit.account.username, "password": "x"}, timeout=30
    )

    database = Database.open(server.db_url)
    with database.read() as session:
        rows = list(session.scalars(select(AuditLog).order_by(AuditLog.id)))
    database.dispose()
    mine = [r for r in rows if r.device_id == "device-under-test"]
    assert [r.action for r in mine] == ["login", "verification", "decision", "report"]
    assert {r.user_id for r in mine} == {unit.me["user"]["id"]}
    assert all(r.ip == "127.0.0.1" and r.at is not None for r in mine)
    decision = next(r for r in mine if r.action == "decision")
    assert decision.target == str(record_id) and decision.detail["status"] == "applied"
    actions = [r.action for r in rows]
    assert {"candidate_withdraw", "candidate_submit", "login_failed"} <= set(actions)
