"""Storing the server's answers: one push answer stored at once (``complete_many``, the fast path the sync
engine uses, and its one-by-one fallback when a record appears twice) leaves exactly the store that
storing each answer on its own (``complete``) leaves — every table, row for row — for a mix of every
answer kind of decisions AND 核验; bad answers are refused before anything is written; a 材料上报's
per-record answers are stored as conflicts where not applied.

Added for the survivors of mutation testing (docs/MUTATION.md): the store tests never answered a 核验
through ``complete_many``, never reached its fallback, and never sent it a malformed answer."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from test_store_outbox import server_after

from reviewdesk.domain.enums import Outcome, VerifyStatus
from reviewdesk.store import conflicts, outbox
from reviewdesk.store.testing import filled_store, make_review, make_snapshot
from reviewdesk.store.workspace import Workspace

NOW = "2026-12-05T10:00:00+08:00"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Conflicts are stamped with the time: the same in both runs compared."""
    monkeypatch.setattr(outbox, "now_iso", lambda: NOW)
    monkeypatch.setattr(conflicts, "now_iso", lambda: NOW)


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(path)) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


def _queued(tmp_path: Path, twice: bool) -> tuple[Path, list[dict[str, Any]]]:
    """A store with decisions on records 1–5 and 核验 on the 学历 of 6 and 7 queued (and, when
    ``twice``, a second decision on record 1), and the server's answer to all of them (record 1 twice
    in one answer sends ``complete_many`` down its one-by-one fallback)."""
    ws = filled_store(tmp_path / "base.sqlite", 8)
    for record_id, outcome in (
        (1, Outcome.PASS),
        (2, Outcome.PASS),
        (3, Outcome.HOLD),
        (4, Outcome.REJECT),
        (5, Outcome.PASS),
    ):
        ws.decide([record_id], outcome, "" if outcome is Outcome.PASS else "图片不清晰")
    ws.verify([61], VerifyStatus.VERIFIED, "")
    ws.verify([71], VerifyStatus.FAILED, "证书编号不符")
    if twice:
        ws.decide([1], Outcome.HOLD, "再核实")
    entries = outbox.pending(ws)
    ws.close()
    by_record: dict[tuple[str, int | None], str] = {}
    for e in entries:
        by_record.setdefault((e.kind, e.record_id), e.action_id)  # the first decision of a record
    checks = [e.action_id for e in entries if e.kind == "verification"]
    passed = make_review({"unit": "passed"})
    answers: list[dict[str, Any]] = [
        {"decision_id": by_record[("decision", 1)], "status": "applied",
         "record": server_after(make_snapshot(1), by_record[("decision", 1)], Outcome.PASS)},
        {"decision_id": by_record[("decision", 2)], "status": "duplicate", "first_status": "applied",
         "record": server_after(make_snapshot(2), by_record[("decision", 2)], Outcome.PASS)},
        {"decision_id": by_record[("decision", 3)], "status": "conflict", "reason": "stale",
         "message": "该考生的报名在您审核后已被他人修改", "record": make_snapshot(3, version=4, review=passed)},
        {"decision_id": by_record[("decision", 4)], "status": "duplicate", "first_status": "rejected",
         "reason": "not_found", "message": "记录不存在或不在您的权限范围内"},
        {"decision_id": by_record[("decision", 5)], "status": "duplicate", "first_status": "conflict",
         "reason": "withdrawn", "message": "考生已撤回报名", "record": make_snapshot(5, version=3, review=make_review(submit_status="not_submitted", at_tier=None))},
        {"action_id": checks[0], "status": "applied", "record": make_snapshot(6, version=2)},
        {"action_id": checks[1], "status": "conflict", "reason": "resubmitted",
         "message": "考生已修改该材料并重新提交", "record": make_snapshot(7, version=5)},
    ]  # fmt: skip
    if twice:  # record 1 answered twice in one answer: stored one by one
        hold = next(e.action_id for e in entries if e.record_id == 1 and e.payload["outcome"] == "on_hold")
        after_pass = answers[0]["record"]
        answers.append(
            {"decision_id": hold, "status": "applied", "record": server_after(after_pass, hold, Outcome.HOLD)}
        )
    return tmp_path / "base.sqlite", answers


def _copy(base: Path, name: str) -> Path:
    target = base.with_name(name)
    shutil.copyfile(base, target)
    return target


@pytest.mark.parametrize("twice", [False, True], ids=["batch", "fallback"])
def test_one_answer_stored_at_once_equals_each_result_stored_alone(tmp_path: Path, twice: bool) -> None:
    base, answers = _queued(tmp_path, twice)
    at_once, alone = _copy(base, "at_once.sqlite"), _copy(base, "alone.sqlite")
    ws = Workspace.open(at_once)
    changed = outbox.complete_many(ws, answers)
    assert changed == {1, 2, 3, 4, 5, 6, 7}
    # what the reviewer sees, worked out from the answers above
    assert ws.pending_actions() == 0
    found = {(c.record_id, c.kind, c.status, c.reason) for c in ws.conflicts()}
    assert found == {
        (3, "decision", "conflict", "stale"),
        (4, "decision", "rejected", "not_found"),
        (5, "decision", "conflict", "withdrawn"),
        (7, "verification", "conflict", "resubmitted"),
    }
    rows = ws.rows([1, 2, 3, 5], ["status_unit", "submit_status", "open_conflicts"])
    assert rows[2]["status_unit"] == "passed" and rows[2]["open_conflicts"] == 0
    assert rows[3]["status_unit"] == "passed" and rows[3]["open_conflicts"] == 1  # the server's side
    assert rows[5]["submit_status"] == "not_submitted"
    assert rows[1]["status_unit"] == ("on_hold" if twice else "passed")
    ws.close()
    ws = Workspace.open(alone)
    for result in answers:
        outbox.complete(
            ws,
            result.get("decision_id") or result["action_id"],
            result["status"],
            result.get("record"),
            result.get("reason", ""),
            result.get("message", ""),
            first_status=result.get("first_status"),
        )
    ws.close()
    assert _tables(at_once) == _tables(alone)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"status": "applied"}, "^result without decision_id/action_id$"),
        ({"decision_id": "x", "status": "weird"}, "^unknown result status 'weird'$"),
    ],
    ids=["no id", "unknown status"],
)
def test_a_malformed_answer_is_refused_before_anything_is_stored(
    tmp_path: Path, bad: dict[str, Any], message: str
) -> None:
    base, answers = _queued(tmp_path, False)
    before = _tables(base)
    ws = Workspace.open(base)
    with pytest.raises(ValueError, match=message):
        outbox.complete_many(ws, [answers[0], bad])
    ws.close()
    assert _tables(base) == before


def test_a_report_is_not_answered_item_by_item(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1], Outcome.PASS, "")
    [decision] = outbox.pending(ws)
    outbox.complete(
        ws, decision.action_id, "applied", server_after(make_snapshot(1), decision.action_id, Outcome.PASS)
    )
    ws.report_up()
    [report] = outbox.pending(ws)
    with pytest.raises(ValueError, match="use complete_report"):
        outbox.complete_many(ws, [{"decision_id": report.action_id, "status": "applied"}])
    with pytest.raises(ValueError, match="use complete_report"):
        outbox.complete(ws, report.action_id, "applied")
    assert [e.action_id for e in outbox.pending(ws)] == [report.action_id]


def test_a_report_answer_stores_a_conflict_for_each_record_not_applied(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 4)
    ws.decide([1, 2, 3], Outcome.PASS, "")
    for entry in outbox.pending(ws):
        record = server_after(make_snapshot(entry.record_id), entry.action_id, Outcome.PASS)
        outbox.complete(ws, entry.action_id, "applied", record)
    ws.report_up()
    [report] = outbox.pending(ws)
    reported = make_review({"unit": "passed", "county": "pending"}, at_tier="county")
    answer = {
        "results": [
            {"record_id": 1, "status": "applied", "record": make_snapshot(1, version=3, review=reported)},
            {"record_id": 2, "status": "rejected", "reason": "report_not_passed", "message": "只有本级审核通过的考生才能材料上报"},
            {"record_id": 3},  # no status at all: kept as rejected, not lost
        ]
    }  # fmt: skip
    assert outbox.complete_report(ws, report.action_id, answer) == {1, 2, 3}
    assert outbox.complete_report(ws, report.action_id, answer) == set()  # answered before: no-op
    assert ws.pending_actions() == 0
    found = sorted((c.record_id, c.kind, c.status, c.reason) for c in ws.conflicts())
    assert found == [(2, "report", "rejected", "report_not_passed"), (3, "report", "rejected", "")]
    rows = ws.rows([1, 2], ["at_tier", "status_county", "open_conflicts"])
    assert rows[1]["at_tier"] == "county" and rows[1]["status_county"] == "pending"
    assert rows[2]["open_conflicts"] == 1


@pytest.mark.parametrize("status", ["applied", "duplicate"])
def test_an_answer_rebases_the_records_later_actions_not_in_it(tmp_path: Path, status: str) -> None:
    """The batch path: the answer applies record 1's first decision; its later, unsent HOLD is moved
    onto the server's new version (else its next push would be a false stale conflict) — for a
    duplicate only when the server's history shows nothing after the action."""
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1], Outcome.PASS, "")
    ws.decide([2], Outcome.PASS, "")
    first, other = outbox.pending(ws)
    ws.decide([1], Outcome.HOLD, "再核实")
    record = server_after(make_snapshot(1), first.action_id, Outcome.PASS)  # version 2, history ends with it
    answer = {"decision_id": first.action_id, "status": status, "record": record}
    if status == "duplicate":
        answer["first_status"] = "applied"
    outbox.complete_many(ws, [answer, {"decision_id": other.action_id, "status": "conflict", "reason": "stale",
                                       "message": "x", "record": make_snapshot(2, version=5)}])  # fmt: skip
    [later] = outbox.pending(ws)
    assert later.payload["outcome"] == "on_hold" and later.base["version"] == 2
    assert ws.rows([1], ["status_unit"])[1]["status_unit"] == "on_hold"


def test_a_duplicate_with_a_later_change_on_the_server_does_not_rebase(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1], Outcome.PASS, "")
    [first] = outbox.pending(ws)
    ws.decide([1], Outcome.HOLD, "再核实")
    record = server_after(
        server_after(make_snapshot(1), first.action_id, Outcome.PASS), "someone-else", Outcome.RETURN
    )
    outbox.complete_many(ws, [{"decision_id": first.action_id, "status": "duplicate", "first_status": "applied", "record": record}])  # fmt: skip
    [later] = outbox.pending(ws)
    assert later.base["version"] == 1  # left on what the reviewer saw: the push will meet a real conflict
