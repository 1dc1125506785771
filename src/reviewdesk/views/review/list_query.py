"""The list's index queries off the GUI thread on a large scope, the latest one winning (issue 18).

Why: at 10^6 records a filter or a re-sort costs the index 10–140 ms — most of it the gather of the
answer's 8 MB of ids into fresh memory, whose first touch costs 3 ms on a quiet machine and up to
60 ms on a busy one — and run on the GUI thread that was the event loop's longest stall (issue 18's
goal: none over 100 ms). numpy's sorts and gathers release the GIL, so in a worker thread they run
while the event loop keeps painting and taking keys; the GUI thread only shows the answer
(``list_selection.replace_ids``: the model reset and the selection carried by id, a few ms).

Correctness, what the tests hold it to:

* **Latest wins.** Every request gets a ticket; a request still queued when a newer one comes is
  never run, a running one's answer is dropped when it arrives after a newer request (so typing a
  filter never shows the answer to an earlier keystroke after a later one).
* **Changes are not lost.** A decision is written to the store and the index (``RecordIndex.update``,
  under the index's lock) before the window asks again, so the answer to the request made after it
  includes it; a query already running on the state before it is superseded by that request. The
  rows the change touched are repainted at once from the store (``RecordTableModel.refresh``), not
  when the answer comes.
* **What is shown is what was asked** where it matters: :meth:`ListQueries.settle` waits for the
  answer in flight and shows it (an export writes the list as filtered, not the list before).

Small scopes (below ``BACKGROUND_FROM_ROWS`` records: a unit, a county) are queried on the GUI
thread, as before: every query there costs under ~5 ms, and the answer is in the list before the
click's handler returns — what the window's own code after a decision (the next record to review)
and everything that reads the list right after a filter may rely on. No Qt in the worker: it only
calls the index and hands the ids over with a queued signal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal

from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.views.common.worker_signals import emit_unless_gone

#: From this many records on, the window's queries run in a worker (the slowest query at 5×10^4
#: records costs a few ms; at 10^6 up to 140 ms).
BACKGROUND_FROM_ROWS = 50_000


@dataclass(frozen=True)
class Answer:
    """One request's answer: the ids of ``filter`` in ``sort`` order (or the error the index raised)."""

    ticket: int
    filter: RecordFilter
    sort: SortKey
    ids: np.ndarray | None
    error: Exception | None = None


class ListQueries(QObject):
    """Runs the list's queries (:meth:`submit`) and hands the latest answer to ``show`` on the GUI
    thread. ``background_from``: the index size from which queries run in a worker (see module doc)."""

    _answered = Signal(object)  # Answer, emitted by the worker

    def __init__(
        self,
        index: RecordIndex,
        org_id: int,
        show: Callable[[Answer], None],
        parent: QObject | None = None,
        *,
        background_from: int = BACKGROUND_FROM_ROWS,
    ) -> None:
        super().__init__(parent)
        self._index = index
        self._org_id = org_id
        self._show = show
        self.background_from = background_from
        self._latest = 0  # the ticket of the last request (only the GUI thread changes it)
        self._shown = 0  # the ticket of the last answer shown
        self._pool: ThreadPoolExecutor | None = None
        self._future: Future[Answer | None] | None = None
        self._closed = False
        self._here = False
        self._answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """A request's answer has not been shown yet."""
        return self._shown != self._latest

    def submit(self, flt: RecordFilter, sort: SortKey) -> int:
        """Ask for ``flt`` in ``sort`` order; returns its ticket. On a small scope (or after
        :meth:`close`) the answer is shown before this returns; otherwise when the worker has it."""
        self._latest += 1
        ticket = self._latest
        if self._here or self._closed or len(self._index) < self.background_from:
            self._deliver(self._answer(ticket, flt, sort))
            return ticket
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="list-query")
        self._future = self._pool.submit(self._work, ticket, flt, sort)
        return ticket

    @contextmanager
    def here(self) -> Iterator[None]:
        """Requests made inside are answered on this thread whatever the scope (the window's first
        query: nothing is on screen yet that a worker would keep responsive)."""
        self._here = True
        try:
            yield
        finally:
            self._here = False

    def settle(self) -> None:
        """Wait for the answer in flight, if any, and show it now (a few ms to ~0.1 s at 10^6)."""
        future = self._future
        if not self.busy or future is None:
            return
        answer = future.result()
        if answer is not None:
            self._deliver(answer)

    def close(self) -> None:
        """Drop what is queued and wait for a running query (the index is closed after this); later
        requests run on the calling thread."""
        self._closed = True
        self._latest += 1  # whatever is still running is stale now
        self._shown = self._latest
        pool, self._pool, self._future = self._pool, None, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    # -- internals ---------------------------------------------------------------------------------------
    def _answer(self, ticket: int, flt: RecordFilter, sort: SortKey) -> Answer:
        return Answer(ticket, flt, sort, self._index.query(flt, sort, self._org_id))

    def _work(self, ticket: int, flt: RecordFilter, sort: SortKey) -> Answer | None:
        """In the worker: skip a request already superseded, answer the others."""
        if ticket != self._latest:
            return None
        try:
            answer = self._answer(ticket, flt, sort)
        except Exception as error:  # shown on the GUI thread, where a synchronous query would raise
            answer = Answer(ticket, flt, sort, None, error)
        if ticket == self._latest:
            emit_unless_gone(self._answered, answer)  # the window may be closing
        return answer

    def _deliver(self, answer: Answer) -> None:
        """On the GUI thread: show ``answer`` unless a newer request was made or it is shown already."""
        if answer.ticket != self._latest or answer.ticket <= self._shown:
            return
        self._shown = answer.ticket
        if answer.error is not None:
            raise answer.error
        self._show(answer)
