"""Every local write path killed at every statement: the store is always exactly as before the action or
exactly as after it — never in between. Deterministic, unlike the random-timing SIGKILL test
(``test_store_crash_kill``), which caught a write split into two transactions in only 2 runs of 3.

For each write path (a single and a bulk decision, 核验, 材料上报, undo of a bulk decision and of a 核验,
recording the server's answers, resolving a conflict, a page of the full download, a page of the change
feed, the end of a full download), a forked child opens the store file and runs the action with an
SQLite trace hook that counts the statements SQLite starts (``BEGIN IMMEDIATE``, every read and write,
``COMMIT``); at statement ``n`` the hook ends the process on the spot (``os._exit``: no rollback, no
``finally``, no Python clean-up — SQLite recovers the file on the next open, as after a real kill). The
parent then checks, for every ``n`` from 1 to the last statement:

* ``PRAGMA integrity_check`` passes and the store opens again;
* every table's rows equal either the state before the action or the state after it ran to the end
  (new action ids and clock readings are made deterministic in the children, so the two runs agree).

``test_a_write_split_in_two_transactions_is_caught`` shows the check failing on purpose: a bulk
decision written as two ``decide`` calls leaves in-between states at the crash points between them.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from reviewdesk.domain.enums import Outcome, VerifyStatus
from reviewdesk.store import conflicts, ingest, local_actions, outbox, workspace
from reviewdesk.store.testing import filled_store, make_review, make_snapshot
from reviewdesk.store.workspace import Workspace

RECORDS = 60
CRASHED = 86  # the child's exit status when the hook ended it
FINISHED = 0

Tables = dict[str, list[tuple[Any, ...]]]
Action = Callable[[Workspace], Any]


@dataclass(frozen=True)
class WritePath:
    """``setup`` prepares the store (in the parent, once) and returns the action to crash."""

    name: str
    setup: Callable[[Workspace], Action]


def _decide_one(ws: Workspace) -> Action:
    return lambda w: w.decide([7], Outcome.REJECT, "图片不清晰")


def _decide_bulk(ws: Workspace) -> Action:
    return lambda w: w.decide(list(range(1, 13)), Outcome.PASS, "")


def _verify(ws: Workspace) -> Action:
    return lambda w: w.verify([31, 41], VerifyStatus.FAILED, "证书编号与学信网不符")


def _report_up(ws: Workspace) -> Action:
    ws.decide([1, 2, 3, 4], Outcome.PASS, "")
    assert ws.preview_report(), "nothing to report: the path would not be exercised"
    return lambda w: w.report_up()


def _undo_bulk(ws: Workspace) -> Action:
    ws.decide([9], Outcome.PASS, "")
    ws.decide(list(range(10, 18)), Outcome.HOLD, "学历信息与证书不一致")
    return lambda w: w.undo_last()


def _undo_verify(ws: Workspace) -> Action:
    ws.verify([51], VerifyStatus.VERIFIED, "")
    return lambda w: w.undo_last()


def _answers(ws: Workspace) -> Action:
    """The server's answers to a pushed batch: applied, a duplicate of a conflict, rejected."""
    ws.decide([1], Outcome.PASS, "")
    ws.decide([2], Outcome.PASS, "")
    ws.decide([3], Outcome.RETURN, "请补充学位证书")
    one, two, three = outbox.pending(ws)
    passed = make_review({"unit": "passed"}, at_tier="unit")
    results = [
        {"decision_id": one.action_id, "status": "applied", "record": make_snapshot(1, version=2, review=passed)},
        {
            "decision_id": two.action_id,
            "status": "duplicate",
            "first_status": "conflict",
            "reason": "stale",
            "message": "该考生的报名在您审核后已被他人修改",
            "record": make_snapshot(2, version=3),
        },
        {"decision_id": three.action_id, "status": "rejected", "reason": "not_found", "message": "记录不存在"},
    ]  # fmt: skip
    return lambda w: outbox.complete_many(w, results)


def _resolve(ws: Workspace) -> Action:
    ws.decide([5], Outcome.REJECT, "工作年限不足")
    [entry] = outbox.pending(ws)
    outbox.complete(ws, entry.action_id, "rejected", None, "not_found", "记录不存在")
    [conflict] = ws.conflicts()
    return lambda w: w.resolve_conflict(conflict.id, "已电话确认")


def _download_page(ws: Workspace) -> Action:
    ws.decide([3], Outcome.HOLD, "待补充")  # a queued action the new snapshots are folded under
    ingest.begin_full_download(ws)
    page = [make_snapshot(i, version=2) for i in range(1, 11)]
    return lambda w: ingest.apply_download_page(w, page)


def _feed_page(ws: Workspace) -> Action:
    ws.decide([4], Outcome.PASS, "")
    changed = [make_snapshot(i, version=3, review=make_review({"unit": "passed"})) for i in range(1, 9)]
    return lambda w: ingest.apply_snapshots(w, changed, [55, 56, 999], "cursor-1")


def _finish_download(ws: Workspace) -> Action:
    ingest.begin_full_download(ws)
    ingest.apply_download_page(ws, [make_snapshot(i) for i in range(1, 41)])
    return lambda w: ingest.finish_full_download(w, "cursor-2")


PATHS = [
    WritePath("decide one", _decide_one),
    WritePath("decide bulk", _decide_bulk),
    WritePath("verify", _verify),
    WritePath("report up", _report_up),
    WritePath("undo bulk", _undo_bulk),
    WritePath("undo verify", _undo_verify),
    WritePath("server answers", _answers),
    WritePath("resolve conflict", _resolve),
    WritePath("download page", _download_page),
    WritePath("feed page", _feed_page),
    WritePath("finish download", _finish_download),
]


# -- the harness ---------------------------------------------------------------------------------------
def _deterministic() -> None:
    """New action ids and clock readings the same in every child, so 'after' is one state."""
    rng = random.Random(19)
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)  # type: ignore[assignment]
    for module in (local_actions, outbox, conflicts, ingest, workspace):
        if hasattr(module, "now_iso"):
            module.now_iso = lambda: "2026-12-05T10:00:00+08:00"  # type: ignore[attr-defined]


def _child(path: Path, action: Action, crash_at: int, count_file: Path) -> int:
    """Run ``action`` on the store, ending the process at SQLite statement ``crash_at`` (0: never)."""
    _deterministic()
    ws = Workspace.open(path)
    started = 0
    armed = False

    def hook(_statement: str) -> None:
        nonlocal started
        if armed:
            started += 1
            if started == crash_at:
                os._exit(CRASHED)

    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.set_trace_callback(hook)

    event.listen(ws.engine, "checkout", on_checkout)
    armed = True
    action(ws)
    armed = False
    count_file.write_text(str(started))
    ws.close()
    return FINISHED


def _run(path: Path, action: Action, crash_at: int, count_file: Path) -> int:
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        status = 1
        try:
            status = _child(path, action, crash_at, count_file)
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _tables(path: Path) -> Tables:
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in sorted(names)}


def _differs(state: Tables, other: Tables) -> list[str]:
    return [name for name in state if state[name] != other.get(name)]


def torn_points(write_path: WritePath, tmp_path: Path) -> tuple[int, list[tuple[int, list[str]]]]:
    """(statements the action runs, [(crash point, tables neither before nor after)])."""
    base = tmp_path / f"{write_path.name}.sqlite"
    ws = filled_store(base, RECORDS)
    action = write_path.setup(ws)
    ws.close()
    before = _tables(base)
    count_file = tmp_path / "count"
    work = tmp_path / "work.sqlite"

    def fresh() -> Path:
        for suffix in ("-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(base, work)
        return work

    assert _run(fresh(), action, 0, count_file) == FINISHED
    after = _tables(work)
    assert _differs(after, before), "the action changed nothing"
    total = int(count_file.read_text())
    torn = []
    for point in range(1, total + 1):
        assert _run(fresh(), action, point, count_file) == CRASHED, f"statement {point} never started"
        state = _tables(work)
        Workspace.open(work).close()  # the program starts again on this file
        if _differs(state, before) and _differs(state, after):
            torn.append((point, _differs(state, before)))
    return total, torn


@pytest.mark.parametrize("write_path", PATHS, ids=[p.name for p in PATHS])
def test_a_kill_at_any_statement_leaves_the_store_before_or_after(
    write_path: WritePath, tmp_path: Path
) -> None:
    total, torn = torn_points(write_path, tmp_path)
    print(f"{write_path.name}: crashed at each of its {total} statements")
    assert total >= 3  # BEGIN, at least one write, COMMIT
    assert not torn, (
        f"{write_path.name}: killed at statement {torn[0][0]} of {total}, tables in between: {torn[0][1]}"
    )


def test_a_write_split_in_two_transactions_is_caught(tmp_path: Path) -> None:
    """The harness itself: a bulk decision committed as two transactions is torn at the points between."""

    def split(ws: Workspace) -> Action:
        def act(w: Workspace) -> None:
            w.decide(list(range(1, 7)), Outcome.PASS, "")
            w.decide(list(range(7, 13)), Outcome.PASS, "")

        return act

    total, torn = torn_points(WritePath("split bulk", split), tmp_path)
    assert torn and {"outbox", "records"} <= set(torn[0][1])
    print(f"split bulk decision: torn at {len(torn)} of {total} crash points")
