"""Issue 18: the window's list queries in a worker on a large scope (``views.review.list_query``).

The window here runs on a real SQLite store of 3,000 records with ``background_from = 0``, so every
query after the first goes through the worker as at 10^6. Expected answers come from SQL
(``store.sql_query``, the plain ``SELECT … WHERE … ORDER BY``), not from the index or the worker. The
races are made certain with a gate the test opens: a query held in the worker *after* the index
answered it (its answer is of the state before whatever the test does meanwhile)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reviewdesk.domain.enums import DataScope, Outcome, ReviewStatus, Tier
from reviewdesk.domain.workflow import allowed_outcomes
from reviewdesk.store import sql_query
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.testing import build_store
from reviewdesk.views.review import export_dialog
from reviewdesk.views.review.list_selection import selected_ids
from reviewdesk.views.review.window import MainWindow

ALL = RecordFilter(data_scope=DataScope.ALL)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[MainWindow]:
    workspace = build_store(tmp_path / "ws.sqlite", 3000, seed=7)
    win = MainWindow(workspace, None, show_sync_dialog=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.list_queries.background_from = 0  # as at 10^6: every query in the worker
    win.apply_filter(ALL)
    settled(qtbot, win)
    yield win
    win.shutdown()
    workspace.close()


def settled(qtbot: Any, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: not win.list_queries.busy, timeout=10_000)


def expected(win: MainWindow, flt: RecordFilter, sort: SortKey) -> list[int]:
    return sql_query.query_ids(win.workspace.engine, flt, sort, win.me.org_id).tolist()


class Gate:
    """Wraps the index's ``query``: records each call and its thread; a call whose filter is in
    ``held`` answers, then waits for :meth:`open` before handing the answer back."""

    def __init__(self, win: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real: Callable[..., np.ndarray] = win.index.query
        self.calls: list[tuple[RecordFilter, SortKey, str]] = []
        self.held: list[RecordFilter] = []
        self.answered = threading.Event()
        self._open = threading.Event()
        monkeypatch.setattr(win.index, "query", self.query)

    def query(self, flt: RecordFilter, sort: SortKey, org: int) -> np.ndarray:
        self.calls.append((flt, sort, threading.current_thread().name))
        ids = self.real(flt, sort, org)
        if any(flt == held for held in self.held):
            self.answered.set()
            assert self._open.wait(10), "the test never opened the gate"
        return ids

    def open(self) -> None:
        self._open.set()


def shown_lists(win: MainWindow) -> list[list[int]]:
    """Every id list the model is given from now on."""
    shown: list[list[int]] = []
    win.model.modelReset.connect(lambda: shown.append(win.model.ids.tolist()))
    return shown


def test_background_answers_equal_sql_and_run_in_the_worker(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(window, monkeypatch)
    cases = [
        (ALL, SortKey("name", descending=True)),
        (ALL.with_(tier_status={Tier.CITY: ReviewStatus.PENDING}), SortKey("id_number")),
        (ALL.with_(name="王"), SortKey("submitted_at", descending=True)),
        (ALL.with_(frontline=True), SortKey("unit_name")),
        (ALL, SortKey()),
    ]
    for flt, sort in cases:
        window.sort_by(sort)
        window.apply_filter(flt)
        assert window.list_queries.busy  # answered later, by the worker
        settled(qtbot, window)
        want = expected(window, flt, sort)
        assert window.model.ids.tolist() == want
        assert window.count_label.text() == f"共 {len(want)} 条"
    assert len(gate.calls) >= len(cases)
    assert all(name.startswith("list-query") for _f, _s, name in gate.calls)


def test_a_stale_answer_is_never_shown(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(window, monkeypatch)
    first = ALL.with_(frontline=True)
    second = ALL.with_(name="李")
    last = ALL.with_(tier_status={Tier.CITY: ReviewStatus.PASSED})
    gate.held.append(first)
    shown = shown_lists(window)
    window.apply_filter(first)
    assert gate.answered.wait(10)  # the worker holds the answer to the first filter
    window.apply_filter(second)  # typed on: queued behind it …
    window.apply_filter(last)  # … and superseded before it ever runs
    gate.open()
    settled(qtbot, window)
    qtbot.wait(50)  # let any late queued answer arrive: it must be dropped
    want = expected(window, last, window._sort)
    assert window.model.ids.tolist() == want
    assert shown == [want]  # neither the first nor the second answer reached the list
    assert [call[0] for call in gate.calls] == [first, last]  # the second never ran


def test_an_answer_already_queued_is_dropped_after_a_newer_request(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(window, monkeypatch)
    first = ALL.with_(frontline=True)
    last = ALL.with_(name="李")
    gate.held.append(first)
    shown = shown_lists(window)
    window.apply_filter(first)
    assert gate.answered.wait(10)
    gate.open()
    # The worker hands its answer over (a queued event) while the GUI thread is busy elsewhere:
    # waited for without running the event loop, so that the answer is still queued …
    worker = window.list_queries._future
    assert worker is not None
    worker.result(timeout=10)
    window.apply_filter(last)  # … when a newer request is made
    settled(qtbot, window)
    qtbot.wait(50)
    want = expected(window, last, window._sort)
    assert shown == [want]


def test_a_decision_made_while_a_query_runs_is_not_lost(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    tier = Tier(window.me.tier)
    waiting = ALL.with_(tier_status={tier: ReviewStatus.PENDING})
    window.apply_filter(waiting)
    settled(qtbot, window)
    ws = window.workspace
    candidates = [int(i) for i in window.model.ids[:50]]
    decided = next(i for i in candidates if allowed_outcomes(ws.record(i).review, tier)[Outcome.PASS] is None)
    gate = Gate(window, monkeypatch)
    resorted = SortKey("name")
    gate.held.append(waiting)
    window.sort_by(resorted)  # answered by the worker from the index before the decision …
    assert gate.answered.wait(10)
    ws.decide([decided], Outcome.PASS, "")  # … which lands now (index updated, window told)
    window.requery({decided})  # what the window's review action does after deciding
    gate.open()
    settled(qtbot, window)
    qtbot.waitUntil(lambda: len(gate.calls) >= 2, timeout=5_000)
    settled(qtbot, window)
    want = expected(window, waiting, resorted)
    assert decided not in want  # SQL: no longer waiting at this tier
    assert window.model.ids.tolist() == want
    assert window.count_label.text() == f"共 {len(want)} 条"


def test_the_decided_row_is_repainted_at_once_while_the_query_runs(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    tier = Tier(window.me.tier)
    ws = window.workspace
    column = window.model.column_of(f"status_{tier.value}")
    assert column is not None
    decided = next(
        int(i)
        for i in window.model.ids[:200]
        if allowed_outcomes(ws.record(int(i)).review, tier)[Outcome.PASS] is None
    )
    row = window.model.row_of(decided)
    before = window.model.index(row, column).data()
    gate = Gate(window, monkeypatch)
    gate.held.append(ALL)
    ws.decide([decided], Outcome.PASS, "")
    window.requery({decided})
    assert gate.answered.wait(10)
    assert window.list_queries.busy
    after = window.model.index(window.model.row_of(decided), column).data()
    assert after != before and "审核通过" in after  # from the store, before the answer came
    gate.open()
    settled(qtbot, window)


def test_selection_and_current_row_follow_the_answer(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.sort_by(SortKey("submitted_at"))
    settled(qtbot, window)
    gate = Gate(window, monkeypatch)
    gate.held.append(ALL)
    window.sort_by(SortKey("name", descending=True))
    assert gate.answered.wait(10)
    picked = int(window.model.ids[40])  # chosen while the answer is on its way
    window.select_id(picked)
    gate.open()
    settled(qtbot, window)
    assert window.model.ids.tolist() == expected(window, ALL, SortKey("name", descending=True))
    assert [int(i) for i in selected_ids(window.table.selectionModel())] == [picked]
    assert window.current_record_id() == picked
    qtbot.waitUntil(lambda: window.detail.record_id == picked, timeout=5_000)


def held_then_opened(window: MainWindow, monkeypatch: pytest.MonkeyPatch, flt: RecordFilter) -> Gate:
    """``flt`` applied and its answer held in the worker; the gate opens 0.2 s later from another thread
    (while the GUI thread waits for the worker)."""
    gate = Gate(window, monkeypatch)
    gate.held.append(flt)
    window.apply_filter(flt)
    assert gate.answered.wait(10)
    threading.Timer(0.2, gate.open).start()
    return gate


def test_export_writes_the_list_as_last_filtered(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported: list[list[int]] = []
    monkeypatch.setattr(
        export_dialog, "open_export_dialog", lambda _parent, _ws, ids, *_rest: exported.append(ids.tolist())
    )
    narrow = ALL.with_(frontline=True)
    held_then_opened(window, monkeypatch, narrow)
    window.export()  # while the worker still holds the answer
    assert exported == [expected(window, narrow, window._sort)]
    assert not window.list_queries.busy


def test_closing_with_a_query_running_shows_nothing_late(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window.model.ids.tolist()
    held_then_opened(window, monkeypatch, ALL.with_(frontline=True))
    window.list_queries.close()  # waits for the running query, drops its answer
    qtbot.wait(50)
    assert window.model.ids.tolist() == before


def test_a_small_scope_is_answered_before_the_call_returns(qtbot: Any, tmp_path: Path) -> None:
    workspace = build_store(tmp_path / "small.sqlite", 300, seed=3)
    win = MainWindow(workspace, None, show_sync_dialog=False)
    qtbot.addWidget(win)
    try:
        assert len(win.index) < win.list_queries.background_from
        flt = ALL.with_(name="张")
        win.apply_filter(flt)
        assert not win.list_queries.busy
        assert win.model.ids.tolist() == expected(win, flt, win._sort)
    finally:
        win.shutdown()
        workspace.close()
