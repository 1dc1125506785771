"""Admission control: a server process works on at most ``limit`` requests at once; the rest wait in
line for up to ``wait_seconds`` and are then answered 503 with ``Retry-After``.

Without it, an overloaded process accepted every request: its threads all waited for a database
connection (the pool's timeout then raised a 500) and latencies grew until clients timed out
(docs/PERFORMANCE.md, *Load*). With it, the work in progress matches the connection pool
(``reviewdesk-server serve --db-pool``), a request that cannot start soon is refused at once in the
API's error shape, and the workstations' clients wait ``Retry-After`` and try again (``sync.client``).
``/v1/health`` is never held back, so a load balancer keeps seeing a live process.

Reads go first, and writes fill at most a quarter of the places. Measured under the deadline-day mix
(docs/PERFORMANCE.md, *Load*, third pass), a push of decisions holds its place ~20 times as long as a
sync with nothing new (dozens of round trips to the database against one); with one first-come line,
pushes filled the places and every sync waited behind them — 85 % of the requests queued for the
slowest 8 %. A waiting read (``GET``/``HEAD``) is therefore let in before any waiting write, and
writes never hold more than ``write_limit`` places, so reads always find room soon; within each kind
the line is first come, first served, and a write still starts whenever no read is waiting. So that a
steady stream of reads cannot hold a push back until it is refused, a write that has waited
``write_patience`` seconds (default half a second) takes the next free place of its share before the
reads.

Why a quarter (4 of the default 16) rather than half: pushes in progress beyond a few do not finish
sooner — they queue at the database for the ``feed_head`` row lock and inside the process for its GIL,
slowing every sync on the way — while a push waiting here costs nothing. With the push's statements
cut (``feed.log_changes``), a quarter left ~0.02 backends waiting on that lock against ~0.1 with half,
and the syncs' tail shorter (docs/PERFORMANCE.md, *Load*, fourth pass).
"""

from __future__ import annotations

import asyncio
from collections import deque

from starlette.types import ASGIApp, Receive, Scope, Send

from reviewdesk.server.errors import error_response

BUSY_MESSAGE = "服务器繁忙，请稍后重试"
#: Seconds a refused client is asked to wait before it tries again.
RETRY_AFTER_SECONDS = 2
#: Seconds a request may wait for its turn before it is refused.
DEFAULT_WAIT_SECONDS = 5.0
UNGATED_PATHS = frozenset({"/v1/health"})
#: Seconds a write waits behind reads at most; then it goes first (module docstring).
DEFAULT_WRITE_PATIENCE = 0.5
#: Methods that only read: they go before waiting writes.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def write_limit_for(limit: int) -> int:
    """Places writes may hold at once: a quarter of them (at least one; module docstring)."""
    return max(1, limit // 4)


class Admission:
    """Pure ASGI middleware (streamed blob responses pass through untouched; a request holds its place
    until its last body byte is sent). All its state lives in the server's one event loop."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
        write_patience: float = DEFAULT_WRITE_PATIENCE,
        write_limit: int | None = None,
    ) -> None:
        """``write_limit``: places writes may hold (default :func:`write_limit_for` ``limit``)."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.app = app
        self.limit = limit
        self.write_limit = write_limit_for(limit) if write_limit is None else min(limit, max(1, write_limit))
        self.wait_seconds = wait_seconds
        self.write_patience = write_patience
        self.in_progress = 0
        self.writes_in_progress = 0
        self._reads: deque[asyncio.Future[None]] = deque()
        self._writes: deque[asyncio.Future[None]] = deque()
        self._write_since: dict[asyncio.Future[None], float] = {}  # when each waiting write arrived

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in UNGATED_PATHS:
            await self.app(scope, receive, send)
            return
        write = scope.get("method") not in READ_METHODS
        if not await self._enter(write):
            refusal = error_response(
                503, "unavailable", BUSY_MESSAGE, {"Retry-After": str(RETRY_AFTER_SECONDS)}
            )
            await refusal(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._leave(write)

    def _free_for(self, write: bool) -> bool:
        if self.in_progress >= self.limit:
            return False
        return not write or self.writes_in_progress < self.write_limit

    def _take(self, write: bool) -> None:
        self.in_progress += 1
        if write:
            self.writes_in_progress += 1

    async def _enter(self, write: bool) -> bool:
        """Takes a place (True), waiting in its kind's line up to ``wait_seconds`` (False: refused)."""
        line = self._writes if write else self._reads
        # a read may pass waiting writes, never waiting reads; a write waits behind both
        ahead = bool(self._reads or self._writes) if write else bool(self._reads)
        if not ahead and self._free_for(write):
            self._take(write)
            return True
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        line.append(turn)
        if write:
            self._write_since[turn] = asyncio.get_running_loop().time()
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.wait_seconds)
        except TimeoutError:
            if turn.done():  # handed a place in the same instant: keep it
                return True
            self._drop(line, turn)
            return False
        except BaseException:  # the client went away (task cancelled): give back a place handed over
            if turn.done() and not turn.cancelled():
                self._leave(write)
            elif not turn.done():
                self._drop(line, turn)
            raise
        return True

    def _drop(self, line: deque[asyncio.Future[None]], turn: asyncio.Future[None]) -> None:
        line.remove(turn)
        self._write_since.pop(turn, None)
        turn.cancel()

    def _leave(self, write: bool) -> None:
        self.in_progress -= 1
        if write:
            self.writes_in_progress -= 1
        self._hand_over()

    def _hand_over(self) -> None:
        """Gives free places to overdue writes, then to waiting reads, then to waiting writes (writes
        within their share)."""
        overdue = asyncio.get_running_loop().time() - self.write_patience
        while self._writes and self._write_since[self._writes[0]] <= overdue and self._free_for(True):
            self._start_write()
        while self._reads and self._free_for(False):
            self._take(False)
            self._reads.popleft().set_result(None)
        while self._writes and not self._reads and self._free_for(True):
            self._start_write()

    def _start_write(self) -> None:
        self._take(True)
        turn = self._writes.popleft()
        del self._write_since[turn]
        turn.set_result(None)
