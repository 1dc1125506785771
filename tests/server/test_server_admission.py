"""Overload answers 503 with Retry-After, never a 500 or a hang: admission control of a server process
(``server.admission``), the password-verification gate (``server.security``), and the round trips of a
sync with nothing new (docs/PERFORMANCE.md, *Load*)."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
from sqlalchemy import event
from sqlalchemy.engine import Engine

from reviewdesk.server import security
from reviewdesk.server.admission import BUSY_MESSAGE, RETRY_AFTER_SECONDS, Admission, write_limit_for
from reviewdesk.server.app import app_from_environment, settings_to_environment
from reviewdesk.server.cli import build_parser
from reviewdesk.server.db import Database
from reviewdesk.server.errors import API_HEADER
from reviewdesk.server.models import LoginFailure
from reviewdesk.server.settings import ServerSettings
from reviewdesk.server.testing import SeededServer


def _held_app(release: asyncio.Event, started: list[str]) -> Any:
    """An ASGI app whose requests to /slow stay in progress until ``release`` is set."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        started.append(scope["path"])
        if scope["path"] == "/slow":
            await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


def test_requests_beyond_the_limit_wait_their_turn_then_are_refused_with_retry_after() -> None:
    async def scenario() -> None:
        release = asyncio.Event()
        started: list[str] = []
        gate = Admission(_held_app(release, started), limit=2, wait_seconds=0.3)
        transport = httpx.ASGITransport(app=gate)
        async with httpx.AsyncClient(transport=transport, base_url="http://server") as client:
            busy = [asyncio.create_task(client.get("/slow")) for _ in range(2)]
            while len(started) < 2:
                await asyncio.sleep(0.01)
            waited_at = time.monotonic()
            refused = await client.get("/v1/sync/changes")
            waited = time.monotonic() - waited_at
            assert refused.status_code == 503
            assert refused.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
            assert refused.headers[API_HEADER]
            assert refused.json() == {"detail": BUSY_MESSAGE, "code": "unavailable"}
            assert 0.25 <= waited < 3
            assert started == ["/slow", "/slow"]  # the refused request never reached the app

            health = await client.get("/v1/health")  # never held back
            assert health.status_code == 200

            waiting = asyncio.create_task(client.get("/v1/me"))  # gets a slot once one is free
            await asyncio.sleep(0.05)
            release.set()
            assert [r.status_code for r in await asyncio.gather(*busy, waiting)] == [200, 200, 200]

    asyncio.run(scenario())


def _gated_app(releases: dict[str, asyncio.Event], started: list[str]) -> Any:
    """An ASGI app whose request to ``/<name>`` stays in progress until ``releases[name]`` is set."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        name = scope["path"].strip("/")
        started.append(f"{scope['method']} {name}")
        if name in releases:
            await releases[name].wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


async def _until(condition: Any) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.005)


def test_writes_hold_a_quarter_of_the_places_and_at_least_one() -> None:
    """Pushes beyond a few at once only queue at the feed head's lock and the GIL (admission docstring)."""
    assert [write_limit_for(limit) for limit in (1, 2, 4, 8, 16, 32)] == [1, 1, 1, 2, 4, 8]
    assert Admission(_gated_app({}, []), limit=16).write_limit == 4


def test_waiting_reads_go_before_waiting_writes_and_writes_hold_at_most_their_share() -> None:
    """A sync must not queue behind pushes (docs/PERFORMANCE.md, *Load*, third pass): with 4 places
    of which writes may hold 2, a read that arrives after waiting writes starts first; a waiting write
    starts once no read waits."""

    async def scenario() -> None:
        releases = {name: asyncio.Event() for name in ("w1", "w2", "w3", "r1", "r2", "r3")}
        started: list[str] = []
        gate = Admission(
            _gated_app(releases, started), limit=4, wait_seconds=5, write_patience=60, write_limit=2
        )
        assert gate.write_limit == 2
        transport = httpx.ASGITransport(app=gate)
        async with httpx.AsyncClient(transport=transport, base_url="http://server") as client:
            tasks = [asyncio.create_task(client.post("/w1")), asyncio.create_task(client.post("/w2"))]
            await _until(lambda: len(started) == 2)
            tasks.append(asyncio.create_task(client.post("/w3")))  # writes' share is full: it waits
            await asyncio.sleep(0.05)
            assert started == ["POST w1", "POST w2"]
            tasks += [asyncio.create_task(client.get("/r1")), asyncio.create_task(client.get("/r2"))]
            await _until(lambda: len(started) == 4)  # the two free places go to the reads
            assert started[2:] == ["GET r1", "GET r2"]
            tasks.append(asyncio.create_task(client.get("/r3")))  # all 4 places taken: waits
            await asyncio.sleep(0.05)
            releases["w1"].set()  # a write's place is free: the waiting read gets it, not w3
            await _until(lambda: len(started) == 5)
            assert started[4] == "GET r3"
            releases["r1"].set()  # no read waits now: the waiting write starts
            await _until(lambda: len(started) == 6)
            assert started[5] == "POST w3"
            for release in releases.values():
                release.set()
            assert [r.status_code for r in await asyncio.gather(*tasks)] == [200] * 6
            assert (gate.in_progress, gate.writes_in_progress) == (0, 0)

    asyncio.run(scenario())


def test_a_write_that_waited_past_its_patience_goes_before_waiting_reads() -> None:
    """Reads first must not hold a push back until it is refused: once a write has waited
    ``write_patience``, the next free place is its, even though reads wait too."""

    async def scenario() -> None:
        releases = {name: asyncio.Event() for name in ("r1", "r2", "r3", "w1")}
        started: list[str] = []
        gate = Admission(_gated_app(releases, started), limit=2, wait_seconds=5, write_patience=0.2)
        transport = httpx.ASGITransport(app=gate)
        async with httpx.AsyncClient(transport=transport, base_url="http://server") as client:
            tasks = [asyncio.create_task(client.get("/r1")), asyncio.create_task(client.get("/r2"))]
            await _until(lambda: len(started) == 2)
            tasks.append(asyncio.create_task(client.post("/w1")))
            await asyncio.sleep(0.02)
            tasks.append(asyncio.create_task(client.get("/r3")))
            await asyncio.sleep(0.3)  # w1 has now waited longer than its patience
            releases["r1"].set()
            await _until(lambda: len(started) == 3)
            assert started[2] == "POST w1"
            releases["r2"].set()
            await _until(lambda: len(started) == 4)
            assert started[3] == "GET r3"
            for release in releases.values():
                release.set()
            assert [r.status_code for r in await asyncio.gather(*tasks)] == [200] * 4
            assert (gate.in_progress, gate.writes_in_progress, gate._write_since) == (0, 0, {})

    asyncio.run(scenario())


def test_a_write_that_waits_past_the_limit_is_refused_and_a_cancelled_wait_gives_back_nothing() -> None:
    async def scenario() -> None:
        releases = {"w1": asyncio.Event(), "r1": asyncio.Event()}
        started: list[str] = []
        gate = Admission(_gated_app(releases, started), limit=1, wait_seconds=0.2)
        assert gate.write_limit == 1
        transport = httpx.ASGITransport(app=gate)
        async with httpx.AsyncClient(transport=transport, base_url="http://server") as client:
            holder = asyncio.create_task(client.post("/w1"))
            await _until(lambda: len(started) == 1)
            refused = await client.post("/w2")
            assert refused.status_code == 503
            assert refused.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
            gone = asyncio.create_task(client.get("/r1"))  # a client that goes away while waiting
            await asyncio.sleep(0.05)
            gone.cancel()
            with pytest.raises(asyncio.CancelledError):
                await gone
            releases["w1"].set()
            assert (await holder).status_code == 200
            assert (gate.in_progress, gate.writes_in_progress) == (0, 0)
            assert (await client.get("/v1/me")).status_code == 200  # the place is free again
            assert started == ["POST w1", "GET v1/me"]

    asyncio.run(scenario())


def test_the_limit_and_the_wait_come_from_serve_and_reach_every_worker(
    tmp_path: Path, monkeypatch: Any
) -> None:
    args = build_parser().parse_args(
        ["serve", "--db", f"sqlite:///{tmp_path / 'a.db'}", "--db-pool", "7", "--queue-seconds", "1.5"]
    )
    assert (args.db_pool, args.queue_seconds) == (7, 1.5)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--db", "sqlite:///x.db", "--db-pool", "0"])
    settings = ServerSettings(db_url=f"sqlite:///{tmp_path / 'a.db'}", db_pool=7, queue_seconds=1.5)
    monkeypatch.setenv("REVIEWDESK_SERVER_SETTINGS", settings_to_environment(settings))
    monkeypatch.setattr("reviewdesk.server.app.SETTINGS_ENV", "REVIEWDESK_SERVER_SETTINGS")
    from reviewdesk.server.db import migrate_url

    migrate_url(settings.db_url)
    app = app_from_environment()
    assert (app.state.settings.db_pool, app.state.settings.queue_seconds) == (7, 1.5)
    gate = next(m for m in app.user_middleware if m.cls is Admission)
    assert gate.kwargs == {"limit": 7, "wait_seconds": 1.5}


def test_password_gate_runs_one_per_slot_lets_a_few_wait_and_refuses_the_rest() -> None:
    gate = security._Gate(slots=1, waiting=1)
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with gate:
            holding.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    waiter_done: list[bool] = []

    def wait_for_slot() -> None:
        with gate:
            waiter_done.append(True)

    waiter = threading.Thread(target=wait_for_slot)
    waiter.start()
    deadline = time.monotonic() + 5
    while gate._waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(security.PasswordCheckBusy), gate:  # the queue is full: refused at once
        pass
    release.set()
    holder.join(5)
    waiter.join(5)
    assert waiter_done == [True]
    with gate:  # free again
        pass


def test_a_login_during_a_storm_is_answered_503_with_retry_after_and_counts_no_failure(
    server: SeededServer, monkeypatch: Any
) -> None:
    storm = security._Gate(slots=1, waiting=0)
    monkeypatch.setattr(security, "_VERIFY_GATE", storm)
    account = server.accounts[0]
    with storm:  # every slot busy verifying other passwords
        reply = requests.post(
            f"{server.url}/v1/auth/login",
            json={"username": account.username, "password": account.password},
            timeout=10,
        )
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "2"
    assert reply.json()["code"] == "unavailable"
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            assert session.query(LoginFailure).filter_by(username=account.username).count() == 0
    finally:
        database.dispose()
    again = requests.post(
        f"{server.url}/v1/auth/login",
        json={"username": account.username, "password": account.password},
        timeout=10,
    )
    assert again.status_code == 200


def test_a_sync_with_nothing_new_is_one_query(server: SeededServer) -> None:
    reviewer = server.reviewer(server.accounts[0])
    cursor = reviewer.get("/v1/sync/snapshot", limit=2000)["cursor"]
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        page = reviewer.get("/v1/sync/changes", since=cursor)
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert page["changes"] == [] and page["has_more"] is False
    # the token's caller, server_meta and feed_head in one statement; no change-log query at the head
    assert len(statements) == 1, statements
    assert all(table in statements[0] for table in ("auth_tokens", "server_meta", "feed_head"))
    assert "change_log" not in statements[0]
