"""Login (good, bad, throttled), tokens (expired, revoked, garbage → 401), /v1/me."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import select, update

from reviewdesk.domain.enums import Tier
from reviewdesk.server.db import Database
from reviewdesk.server.models import AuditLog, AuthToken, User
from reviewdesk.server.testing import SeededServer


def _login(server: SeededServer, username: str, password: str) -> requests.Response:
    return requests.post(
        f"{server.url}/v1/auth/login", json={"username": username, "password": password}, timeout=30
    )


def test_good_login_returns_token_and_me(server: SeededServer) -> None:
    account = server.account(Tier.UNIT)

    response = _login(server, account.username, account.password)

    assert response.status_code == 200
    assert response.headers["X-Reviewdesk-Api"] == "1"
    body = response.json()
    assert body["token"] and body["expires_at"].endswith("+08:00")
    me = body["user"]
    assert me["user"]["username"] == account.username
    assert me["org"] == {**me["org"], "id": account.org_id, "name": account.org_name, "tier": "unit"}
    assert me["tier"] == "unit" and me["api_version"] == 1 and me["server_id"]
    assert me["project"]["name"] == server.data.project.name
    reply = requests.get(
        f"{server.url}/v1/me", headers={"Authorization": f"Bearer {body['token']}"}, timeout=30
    )
    assert reply.json() == me
    database = Database.open(server.db_url)
    with database.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == account.username))
    database.dispose()
    assert stored is not None and stored.startswith("$argon2id$") and account.password not in stored


def test_bad_password_and_unknown_user_look_the_same(server: SeededServer) -> None:
    account = server.account(Tier.COUNTY)

    wrong = _login(server, account.username, "not-the-password")
    unknown = _login(server, "nobody_at_all", "whatever")

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "用户名或密码错误", "code": "bad_credentials"}


def test_success_resets_the_failure_count(server: SeededServer) -> None:
    account = server.account(Tier.UNIT)
    for _ in range(4):
        _login(server, account.username, "wrong")
    assert _login(server, account.username, account.password).status_code == 200
    for _ in range(4):
        _login(server, account.username, "wrong")
    assert _login(server, account.username, account.password).status_code == 200


def test_missing_garbage_expired_and_revoked_tokens_are_401(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    me_url = f"{server.url}/v1/me"

    missing = requests.get(me_url, timeout=30)
    garbage = requests.get(me_url, headers={"Authorization": "Bearer nonsense"}, timeout=30)
    not_bearer = requests.get(me_url, headers={"Authorization": f"Basic {reviewer.token}"}, timeout=30)
    assert [r.status_code for r in (missing, garbage, not_bearer)] == [401, 401, 401]
    assert missing.json()["code"] == "unauthorized" and garbage.json()["code"] == "invalid_token"
    assert missing.headers["X-Reviewdesk-Api"] == "1"

    database = Database.open(server.db_url)
    with database.write() as session:
        session.execute(update(AuthToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    expired = requests.get(me_url, headers={"Authorization": f"Bearer {reviewer.token}"}, timeout=30)
    assert (expired.status_code, expired.json()["code"]) == (401, "token_expired")

    fresh = server.reviewer(Tier.UNIT)
    assert fresh.post("/v1/auth/logout", {}) == {"status": "ok"}
    revoked = requests.get(me_url, headers={"Authorization": f"Bearer {fresh.token}"}, timeout=30)
    assert (revoked.status_code, revoked.json()["code"]) == (401, "invalid_token")

    with database.read() as session:
        actions = list(session.scalars(select(AuditLog.action)))
    database.dispose()
    assert {"login", "logout"} <= set(actions)


def test_tokens_work_across_a_restart(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.PROVINCE)
    server.restart()
    assert reviewer.get("/v1/me")["user"]["username"] == reviewer.account.username
