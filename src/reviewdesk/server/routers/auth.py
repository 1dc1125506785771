"""POST /v1/auth/login, POST /v1/auth/logout, GET /v1/me.

Throttling (``reviewdesk.server.throttle``) counts failed logins per (username, client address) and
per client address in the database (``login_failures``), so every worker sees the same counts. The password is verified outside any transaction: argon2 is slow on purpose and
must not hold SQLite's write lock.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from reviewdesk import API_VERSION, __version__
from reviewdesk.server.audit import audit
from reviewdesk.server.deps import CallerDep, DbDep, DeviceDep, SettingsDep, client_ip, project_of
from reviewdesk.server.errors import ApiError
from reviewdesk.server.feed import server_meta
from reviewdesk.server.models import AuthToken, Organisation, User
from reviewdesk.server.records import iso
from reviewdesk.server.schemas import ErrorOut, LoginIn, LoginOut, MeOut
from reviewdesk.server.security import PasswordCheckBusy, new_token, token_digest, verify_password
from reviewdesk.server.settings import ServerSettings
from reviewdesk.server.throttle import forget_failures, record_failure, retry_after

router = APIRouter(prefix="/v1", tags=["auth"])

BAD_CREDENTIALS = "用户名或密码错误"
THROTTLED = "登录失败次数过多，请{wait}后再试"


def wait_text(seconds: int) -> str:
    """A wait as a reviewer reads it: seconds under a minute, else whole minutes (rounded up)."""
    return f"{seconds}秒" if seconds < 60 else f"{math.ceil(seconds / 60)}分钟"


LOGIN_BUSY = "同时登录的人数过多，请稍后重试"
LOGIN_BUSY_RETRY_AFTER = 2


def me_payload(session: Session, user: User, org: Organisation, settings: ServerSettings) -> dict[str, Any]:
    project = project_of(session, settings)
    return {
        "user": {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
        },
        "org": {
            "id": org.id,
            "name": org.name,
            "tier": org.tier,
            "code": org.division_code,
            "parent_id": org.parent_id,
        },
        "tier": org.tier,
        "project": {"name": project.name, "type": project.type, "year": project.year},
        "server_version": __version__,
        "api_version": API_VERSION,
        "server_id": server_meta(session).server_id,
    }


@router.post(
    "/auth/login",
    response_model=LoginOut,
    responses={401: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
def login(
    body: LoginIn, request: Request, db: DbDep, settings: SettingsDep, device: DeviceDep
) -> dict[str, Any]:
    ip = client_ip(request)
    now = datetime.now(UTC)
    rule = settings.throttle_rule
    with db.read() as session:
        wait = retry_after(session, body.username, ip, rule, now)
        row = session.execute(
            select(User, Organisation)
            .join(Organisation, Organisation.id == User.org_id)
            .where(User.username == body.username)
        ).one_or_none()
    if wait is not None:
        with db.write() as session:
            audit(session, "login_throttled", username=body.username, device_id=device, ip=ip)
        raise ApiError(429, "throttled", THROTTLED.format(wait=wait_text(wait)), {"Retry-After": str(wait)})

    user, org = row if row is not None else (None, None)
    try:
        ok = verify_password(user.password_hash if user else None, body.password)
    except PasswordCheckBusy as error:  # a login storm: nothing was checked, nothing is counted
        raise ApiError(
            503, "unavailable", LOGIN_BUSY, {"Retry-After": str(LOGIN_BUSY_RETRY_AFTER)}
        ) from error
    if not ok or user is None or org is None or not user.active:
        with db.write() as session:
            # the failure's time is when it was known (argon2 took a while): the wait counts from here
            record_failure(session, body.username, ip, rule, datetime.now(UTC))
            audit(session, "login_failed", username=body.username, device_id=device, ip=ip)
        raise ApiError(401, "bad_credentials", BAD_CREDENTIALS)

    token = new_token()
    expires_at = now + settings.token_ttl
    with db.write() as session:
        session.add(
            AuthToken(
                token_hash=token_digest(token),
                user_id=user.id,
                device_id=device,
                created_at=now,
                expires_at=expires_at,
                revoked_at=None,
            )
        )
        forget_failures(session, body.username, ip)
        session.execute(delete(AuthToken).where(AuthToken.user_id == user.id, AuthToken.expires_at < now))
        audit(session, "login", username=user.username, user_id=user.id, device_id=device, ip=ip)
        me = me_payload(session, user, org, settings)
    return {"token": token, "expires_at": iso(expires_at), "user": me}


@router.post("/auth/logout")
def logout(caller: CallerDep, db: DbDep) -> dict[str, str]:
    """Revokes the token at once, for every worker (it is checked in the database on each request)."""
    with db.write() as session:
        session.execute(
            update(AuthToken).where(AuthToken.id == caller.token_id).values(revoked_at=datetime.now(UTC))
        )
        audit(session, "logout", caller=caller)
    return {"status": "ok"}


@router.get("/me", response_model=MeOut)
def me(caller: CallerDep, db: DbDep, settings: SettingsDep) -> dict[str, Any]:
    with db.read() as session:
        user = session.get_one(User, caller.user_id)
        org = session.get_one(Organisation, caller.org_id)
        return me_payload(session, user, org, settings)
