"""Admission control: a server process works on at most ``limit`` requests at once; the rest wait in
line for up to ``wait_seconds`` and are then answered 503 with ``Retry-After``.

Without it, an overloaded process accepted every request: its threads all waited for a database
connection (the pool's timeout then raised a 500) and latencies grew until clients timed out
(docs/PERFORMANCE.md, *Load*). With it, the work in progress matches the connection pool
(``reviewdesk-server serve --db-pool``), a request that cannot start soon is refused at once in the
API's error shape, and the workstations' clients wait ``Retry-After`` and try again (``sync.client``).
``/v1/health`` is never held back, so a load balancer keeps seeing a live process.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

from reviewdesk.server.errors import error_response

BUSY_MESSAGE = "服务器繁忙，请稍后重试"
#: Seconds a refused client is asked to wait before it tries again.
RETRY_AFTER_SECONDS = 2
#: Seconds a request may wait for its turn before it is refused.
DEFAULT_WAIT_SECONDS = 5.0
UNGATED_PATHS = frozenset({"/v1/health"})


class Admission:
    """Pure ASGI middleware (streamed blob responses pass through untouched; a request holds its place
    until its last body byte is sent)."""

    def __init__(self, app: ASGIApp, limit: int, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.app = app
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in UNGATED_PATHS:
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait_seconds)
        except TimeoutError:
            refusal = error_response(
                503, "unavailable", BUSY_MESSAGE, {"Retry-After": str(RETRY_AFTER_SECONDS)}
            )
            await refusal(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()
