"""The ordinary sync's short way through the server: ``GET /v1/sync/changes`` answered before FastAPI's
routing, request object, dependency solving and parameter validation, when the request is plain.

Why: on a deadline day most requests are a workstation's sync with nothing new (85 % of the mix in
docs/PERFORMANCE.md, *Load*). Its own work is one indexed query; profiled, FastAPI's machinery around
that query (middleware layers, route matching, the ``Request``, solving four dependencies, validating
two query parameters) cost more CPU than the query and the answer together.

What it answers itself — nothing else: a ``GET`` of exactly that path whose query holds ``since`` in the
cursor's shape and at most a ``limit`` of plain digits 1–1000, each once, with one
``Authorization: Bearer <token>`` header. Everything else goes on to the app untouched, and so does a
request whose token or cursor is refused (401/410): every error keeps the route's code, shape and
headers. The answer is built by the route's own code (``routers.records.changes_parts``, the token
checked by ``deps.authenticate_with_feed_state``) and sent as the route sends it
(``replies.bytes_response``), so the bytes are the same either way (tests/server/test_server_quick_sync.py).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from reviewdesk.server.db import Database
from reviewdesk.server.deps import authenticate_with_feed_state, device_of
from reviewdesk.server.errors import ApiError
from reviewdesk.server.feed import CURSOR_PATTERN
from reviewdesk.server.replies import bytes_response, gzip_accepted
from reviewdesk.server.routers.records import CHANGES_LIMIT_DEFAULT, CHANGES_LIMIT_MAX, changes_parts
from reviewdesk.server.settings import ServerSettings

PATH = "/v1/sync/changes"
_CURSOR = re.compile(CURSOR_PATTERN)
_LIMIT = re.compile(r"^[1-9][0-9]{0,3}$")
_BEARER = re.compile(r"^[Bb][Ee][Aa][Rr][Ee][Rr] ([^\s]+)$")


class QuickSync:
    """Pure ASGI middleware in front of the app (module docstring)."""

    def __init__(self, app: ASGIApp, db: Database, settings: ServerSettings) -> None:
        self.app = app
        self.db = db
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        plain = (
            self._plain(scope)
            if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == PATH
            else None
        )
        if plain is None:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        try:
            response = await run_in_threadpool(self._answer, *plain, client[0] if client else "")
        except ApiError:  # a refused token or cursor: the route answers it, in its own words
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)

    @staticmethod
    def _plain(scope: Scope) -> tuple[str, int, str, str, bool] | None:
        """(since, limit, token, device id, gzip accepted) of a plain request, else None."""
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        params = dict(query)
        if len(params) != len(query) or not params.keys() <= {"since", "limit"}:
            return None
        since, limit = params.get("since", ""), params.get("limit", str(CHANGES_LIMIT_DEFAULT))
        if not _CURSOR.match(since) or not _LIMIT.match(limit) or int(limit) > CHANGES_LIMIT_MAX:
            return None
        authorization: list[str] = []
        device: str | None = None
        accept_encoding: str | None = None
        for name, value in scope["headers"]:  # the first of each, as Starlette's Headers.get reads them
            if name == b"authorization":
                authorization.append(value.decode("latin-1"))
            elif name == b"x-device-id" and device is None:
                device = value.decode("latin-1")
            elif name == b"accept-encoding" and accept_encoding is None:
                accept_encoding = value.decode("latin-1")
        bearer = _BEARER.match(authorization[0]) if len(authorization) == 1 else None
        if bearer is None:
            return None
        return since, int(limit), bearer.group(1), device_of(device), gzip_accepted(accept_encoding or "")

    def _answer(self, since: str, limit: int, token: str, device: str, gzip_ok: bool, ip: str) -> Response:
        credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
        with self.db.read() as session:
            caller, meta, head = authenticate_with_feed_state(session, credentials, device, ip)
            parts = changes_parts(session, self.settings, caller, meta, head, since, limit)
        return bytes_response(gzip_ok, parts)
