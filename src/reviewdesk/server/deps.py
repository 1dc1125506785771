"""FastAPI dependencies: the database of this app, the project, and the authenticated caller.

The caller is looked up from the bearer token on every request (one indexed query): no session
state in the process, so any worker can serve any request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import Tier
from reviewdesk.server.db import Database
from reviewdesk.server.errors import ApiError
from reviewdesk.server.models import SINGLETON_ID, AuthToken, FeedHead, Organisation, ServerMeta, User
from reviewdesk.server.project import project_in
from reviewdesk.server.scope import Caller
from reviewdesk.server.security import token_digest
from reviewdesk.server.settings import ProjectInfo, ServerSettings

_bearer = HTTPBearer(auto_error=False, description="POST /v1/auth/login 返回的 token")
_DEVICE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

LOGIN_REQUIRED = "请先登录"
LOGIN_EXPIRED = "登录已过期，请重新登录"
LOGIN_INVALID = "登录已失效，请重新登录"


# The dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency on a
# worker thread, and a request of the no-change sync paid four thread hand-offs (database, settings,
# device id, caller) before its endpoint's own (docs/PERFORMANCE.md, *Load*).
async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def project_of(session: Session, settings: ServerSettings) -> ProjectInfo:
    """The project from the settings, else the one ``seed`` stored in the database — the same one the
    预审提示 count years by (``server.project.project_in``: ``create_app`` puts the settings' project on
    the engine)."""
    return settings.project if settings.project is not None else project_in(session)


async def device_id(x_device_id: Annotated[str | None, Header()] = None) -> str:
    """The workstation id for the audit log; anything odd is dropped rather than refused."""
    return device_of(x_device_id)


def device_of(x_device_id: str | None) -> str:
    """:func:`device_id` of a header's value."""
    return x_device_id if x_device_id and _DEVICE_ID.match(x_device_id) else ""


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


#: What a bearer token says of its caller, as columns (not entities: every request reads them, and
#: loading three ORM objects into an identity map cost more than the query — docs/PERFORMANCE.md, *Load*).
_CALLER_COLUMNS = (
    AuthToken.id,
    AuthToken.revoked_at,
    AuthToken.expires_at,
    User.id,
    User.username,
    User.display_name,
    User.role,
    User.active,
    Organisation.id,
    Organisation.name,
    Organisation.path,
    Organisation.tier,
)


def _caller_query(*more: Any) -> Select[Any]:
    """The caller of the token ``:digest`` (and ``more`` columns). Built once per shape at import: a
    statement object reused keeps its compilation cache key memoized."""
    return (
        select(*_CALLER_COLUMNS, *more)
        .join(User, User.id == AuthToken.user_id)
        .join(Organisation, Organisation.id == User.org_id)
        .where(AuthToken.token_hash == bindparam("digest"))
    )


_CALLER_QUERY = _caller_query()
#: The caller and ``server_meta`` (the project) in one round trip: the reviewer's commands.
_CALLER_AND_META_QUERY = _caller_query(ServerMeta).join(ServerMeta, ServerMeta.id == SINGLETON_ID)
#: The caller and the feed's state (``server_meta``, the head) in one round trip: the sync feed.
_CALLER_AND_FEED_QUERY = (
    _caller_query(ServerMeta, FeedHead.seq)
    .join(ServerMeta, ServerMeta.id == SINGLETON_ID)
    .join(FeedHead, FeedHead.id == ServerMeta.id)
)


def authenticate(
    session: Session, credentials: HTTPAuthorizationCredentials | None, device: str, ip: str
) -> Caller:
    """The caller of a bearer token, or ApiError 401. One indexed query on ``session``."""
    row = _token_row(session, _CALLER_QUERY, credentials)
    return _caller(row[: len(_CALLER_COLUMNS)], device, ip)


def authenticate_with_feed_state(
    session: Session, credentials: HTTPAuthorizationCredentials | None, device: str, ip: str
) -> tuple[Caller, ServerMeta, int]:
    """:func:`authenticate` and ``feed.feed_state`` in one query: most requests of a deadline day are
    syncs with nothing new, and this is all they read. The meta row stays in the session (later
    ``feed.server_meta`` calls do not query again)."""
    row = _token_row(session, _CALLER_AND_FEED_QUERY, credentials)
    *columns, meta, head = row
    return _caller(columns, device, ip), meta, int(head or 0)


def _token_row(
    session: Session, query: Select[Any], credentials: HTTPAuthorizationCredentials | None
) -> Row[Any]:
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "unauthorized", LOGIN_REQUIRED, {"WWW-Authenticate": "Bearer"})
    row = session.execute(query, {"digest": token_digest(credentials.credentials)}).one_or_none()
    if row is None:
        raise ApiError(401, "invalid_token", LOGIN_INVALID, {"WWW-Authenticate": "Bearer"})
    return row


def _caller(columns: Sequence[Any], device: str, ip: str) -> Caller:
    token_id, revoked_at, expires_at, user_id, username, display_name, role, active, *org = columns
    if revoked_at is not None or not active:
        raise ApiError(401, "invalid_token", LOGIN_INVALID, {"WWW-Authenticate": "Bearer"})
    if expires_at <= datetime.now(UTC):
        raise ApiError(401, "token_expired", LOGIN_EXPIRED, {"WWW-Authenticate": "Bearer"})
    org_id, org_name, org_path, tier = org
    return Caller(
        user_id=user_id,
        username=username,
        display_name=display_name,
        role=role,
        org_id=org_id,
        org_name=org_name,
        org_path=org_path,
        tier=Tier(tier),
        token_id=token_id,
        device_id=device,
        ip=ip,
    )


def current_caller(
    request: Request,
    db: Annotated[Database, Depends(get_db)],
    device: Annotated[str, Depends(device_id)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    with db.read() as session:
        return authenticate(session, credentials, device, client_ip(request))


def current_caller_and_project(
    request: Request,
    db: Annotated[Database, Depends(get_db)],
    settings: Annotated[ServerSettings, Depends(get_settings)],
    device: Annotated[str, Depends(device_id)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> tuple[Caller, str]:
    """The caller and the project's name in one query (the token's row joined to ``server_meta``).
    For the reviewer's commands, which need both: a push of decisions read them in two sessions, one
    round trip more per push (docs/PERFORMANCE.md, *Load*)."""
    with db.read() as session:
        *columns, _meta = _token_row(session, _CALLER_AND_META_QUERY, credentials)
        caller = _caller(columns, device, client_ip(request))
        return caller, project_of(session, settings).name  # the meta row is in the session already


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
CallerDep = Annotated[Caller, Depends(current_caller)]
CallerProjectDep = Annotated[tuple[Caller, str], Depends(current_caller_and_project)]
#: The bearer token unchecked, for an endpoint that calls :func:`authenticate` in its own worker thread
#: (the no-change sync: one thread hand-off per request instead of two).
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
DeviceDep = Annotated[str, Depends(device_id)]
