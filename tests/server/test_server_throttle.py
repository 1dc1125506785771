"""Login throttling (issue 12, OWASP's authentication guidance): per (username, client address) and per
client address across usernames, growing delays instead of a lock, nobody locked out from elsewhere,
old failure rows cleaned, and the client address from the socket unless a named proxy forwarded it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import select

from reviewdesk.domain.enums import Tier
from reviewdesk.server.db import Database
from reviewdesk.server.models import AuditLog, LoginFailure
from reviewdesk.server.routers.auth import wait_text
from reviewdesk.server.settings import ServerSettings
from reviewdesk.server.testing import SeededServer, seeded_server

CANDIDATES = 1000  # the server tests' template (conftest.CANDIDATES)


class FromAddress(HTTPAdapter):
    """Connects from another loopback address (127.0.0.2 …): another workstation, as the socket sees it."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def _login(
    server: SeededServer, username: str, password: str, *, source: str = "", forwarded: str = ""
) -> requests.Response:
    with requests.Session() as session:
        if source:
            session.mount("http://", FromAddress(source))
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        return session.post(
            f"{server.url}/v1/auth/login",
            json={"username": username, "password": password},
            headers=headers,
            timeout=30,
        )


def _rows(server: SeededServer, query: Any) -> list[Any]:
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            return list(session.execute(query))
    finally:
        database.dispose()


def _shift_failures(server: SeededServer, back: timedelta) -> None:
    """Time passing for the stored failures: each is moved ``back`` into the past (the server keeps no count
    in memory: it reads these rows at every login)."""
    database = Database.open(server.db_url)
    try:
        with database.write() as session:  # row by row: SQLite has no date arithmetic in SQL
            for failure in session.scalars(select(LoginFailure)):
                failure.at = failure.at - back
    finally:
        database.dispose()


@pytest.fixture
def few_per_address(tmp_path: Path) -> Iterator[SeededServer]:
    """A server that lets one address fail 6 times across usernames before it waits — a minute, so the
    wait cannot run out while a loaded machine hashes the next try (with the 1 s default it did)."""
    with seeded_server(
        tmp_path, candidates=CANDIDATES, login_address_failure_limit=6, login_base_delay=timedelta(seconds=60)
    ) as running:
        yield running


@pytest.fixture
def short_window(tmp_path: Path) -> Iterator[SeededServer]:
    """A server whose failures count for a minute — long enough that two failures a starved machine hashes
    seconds apart are both still counted (with a 3-second window the second one's clean-up deleted the
    first)."""
    with seeded_server(tmp_path, candidates=CANDIDATES, login_failure_window=timedelta(minutes=1)) as running:
        yield running


@pytest.fixture
def minute_delay(tmp_path: Path) -> Iterator[SeededServer]:
    """A server whose first wait is a minute, so no wait runs out while a loaded machine hashes the next try
    (with the 1 s default, a starved second between two requests made the test's answer depend on timing):
    time passes by moving the stored failures back (:func:`_shift_failures`), not by sleeping."""
    with seeded_server(tmp_path, candidates=CANDIDATES, login_base_delay=timedelta(minutes=1)) as running:
        yield running


def _within(seconds: int, wait: int) -> bool:
    """A Retry-After of a ``seconds`` wait, counted down by at most the 10 s a starved machine may take."""
    return seconds - 10 <= wait <= seconds


def test_failures_slow_that_username_from_that_address_with_growing_delays(
    minute_delay: SeededServer,
) -> None:
    server = minute_delay
    account = server.account(Tier.CITY)
    for _ in range(5):
        assert _login(server, account.username, "wrong").status_code == 401

    throttled = _login(server, account.username, account.password)  # even the right password waits

    assert throttled.status_code == 429
    first = int(throttled.headers["Retry-After"])
    assert _within(60, first)
    in_words = "1分钟" if first == 60 else f"{first}秒"  # under a minute left: said in seconds
    assert throttled.json() == {"detail": f"登录失败次数过多，请{in_words}后再试", "code": "throttled"}
    waits = []
    for wait in (60, 120):  # each further failure doubles the wait: a delay, never a lock
        _shift_failures(server, timedelta(seconds=wait))  # that wait has passed
        assert _login(server, account.username, "wrong").status_code == 401
        waits.append(int(_login(server, account.username, account.password).headers["Retry-After"]))
    assert _within(120, waits[0]) and _within(240, waits[1]), waits
    # the owner at another workstation is not slowed by these failures
    assert _login(server, account.username, account.password, source="127.0.0.2").status_code == 200
    server.restart()  # the counts live in the database, not in the process
    assert _login(server, account.username, account.password).status_code == 429


def test_the_shipped_waits_start_at_a_second_and_double() -> None:
    """The shipped settings: five free tries per username and address, then 1 s, 2 s, 4 s … up to 15 minutes
    (docs/API.md, 登录限制); the growth itself is exercised over HTTP above."""
    rule = ServerSettings(db_url="sqlite://").throttle_rule

    waits = [rule.delay(failures, rule.per_user_address).total_seconds() for failures in (4, 5, 6, 7, 20)]

    assert waits == [0, 1, 2, 4, 900]
    # and how a wait is said: seconds under a minute, whole minutes (rounded up) from then on
    assert [wait_text(seconds) for seconds in (1, 59, 60, 61, 900)] == [
        "1秒",
        "59秒",
        "1分钟",
        "2分钟",
        "15分钟",
    ]


def test_one_address_trying_many_usernames_is_slowed_and_others_are_not(
    few_per_address: SeededServer,
) -> None:
    server = few_per_address
    account = server.account(Tier.UNIT)
    for n in range(6):
        assert _login(server, f"unit_420102_{900 + n:03d}", "wrong", source="127.0.0.3").status_code == 401

    for username in ("nobody_else", account.username):  # every username from that address waits
        answer = _login(server, username, account.password, source="127.0.0.3")
        assert answer.status_code == 429 and int(answer.headers["Retry-After"]) >= 1
    assert _login(server, account.username, account.password).status_code == 200  # another address


def test_stale_failure_rows_are_deleted(short_window: SeededServer) -> None:
    server = short_window
    for _ in range(2):
        _login(server, "someone", "wrong")
    assert len(_rows(server, select(LoginFailure.id))) == 2
    _shift_failures(server, timedelta(minutes=1, seconds=1))  # the window has passed for both

    _login(server, "someone_else", "wrong")

    assert [row.username for row in _rows(server, select(LoginFailure.username))] == ["someone_else"]


def test_forwarded_for_is_ignored_unless_the_proxy_is_named(few_per_address: SeededServer) -> None:
    server = few_per_address
    _login(server, "spoofer", "wrong", forwarded="203.0.113.9")

    (ip,) = _rows(server, select(AuditLog.ip).where(AuditLog.username == "spoofer"))[0]
    assert ip == "127.0.0.1"  # the socket's address, not the header's
    for _ in range(5):
        _login(server, "spoofer", "wrong", forwarded=f"203.0.113.{_}")
    assert _login(server, "spoofer", "wrong", forwarded="198.51.100.1").status_code == 429  # no dodging


def test_a_named_proxy_forwards_the_client_address(tmp_path: Path) -> None:
    with seeded_server(
        tmp_path,
        candidates=CANDIDATES,
        forwarded_allow_ips=("127.0.0.1",),
        login_base_delay=timedelta(seconds=30),
    ) as server:
        account = server.account(Tier.COUNTY)
        for _ in range(5):
            _login(server, account.username, "wrong", forwarded="203.0.113.9")

        assert _login(server, account.username, account.password, forwarded="203.0.113.9").status_code == 429
        assert _login(server, account.username, account.password, forwarded="198.51.100.7").status_code == 200
        ips = {
            row.ip for row in _rows(server, select(AuditLog.ip).where(AuditLog.username == account.username))
        }
        assert ips == {"203.0.113.9", "198.51.100.7"}
        # a proxy that is not named (another loopback address) cannot forward anything
        _login(server, "via_unknown_proxy", "wrong", source="127.0.0.4", forwarded="203.0.113.50")
        (ip,) = _rows(server, select(AuditLog.ip).where(AuditLog.username == "via_unknown_proxy"))[0]
        assert ip == "127.0.0.4"
