"""The outbox's contract pinned value by value: what the sync engine reads (``pending``, ``count``,
``next_batch``, ``claim``) and what the reviewer finds after an answer (the conflict's every side, the
rebase of later actions, the listeners told).

Added for the survivors of mutation testing (docs/MUTATION.md, target ``outbox``): the store tests never
batched a 核验, never filled a request to API.md's 500 items, never claimed several actions, never sent
an answer without its reason or message, never replayed part of an answer through ``complete_many``, and
never answered a 材料上报 with a ``conflict`` or an older snapshot. Expected values come from API.md's
rules (≤ 500 items a request; one action per record per request; rebase on the returned version) and
from the answers written here, not from the code under test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_store_outbox import server_after

from reviewdesk.domain.enums import Outcome, VerifyStatus
from reviewdesk.store import outbox
from reviewdesk.store.testing import filled_store, make_review, make_snapshot
from reviewdesk.store.workspace import Workspace

PASSED = make_review({"unit": "passed"})
REPORTED = make_review({"unit": "passed", "county": "pending"}, at_tier="county")


def _ids(entries: list[Any]) -> list[str]:
    return [e.action_id for e in entries]


def _passed_and_reported(ws: Workspace, record_ids: list[int], version: int = 2) -> str:
    """Pass these records, have the server apply each decision (at ``version``), and queue the 材料上报;
    returns the report's id."""
    ws.decide(record_ids, Outcome.PASS, "")
    for entry in outbox.pending(ws):
        record = server_after(make_snapshot(entry.record_id), entry.action_id, Outcome.PASS, version=version)  # type: ignore[arg-type]
        outbox.complete(ws, entry.action_id, "applied", record)
    assert ws.report_up() == record_ids
    [report] = outbox.pending(ws)
    return report.action_id


# -- what the sync engine reads ---------------------------------------------------------------------------
def test_count_and_pending_by_kind_and_limit(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 7)
    assert outbox.count(ws) == 0 and outbox.pending(ws) == []
    ws.decide([1], Outcome.PASS, "")
    ws.verify([71], VerifyStatus.VERIFIED, "")
    ws.decide([2], Outcome.HOLD, "图片不清晰")
    d1, v71, d2 = outbox.pending(ws)
    assert (d1.kind, v71.kind, d2.kind) == ("decision", "verification", "decision")
    assert (d1.record_id, v71.material_id, d2.record_id) == (1, 71, 2)
    assert outbox.count(ws) == 3
    assert _ids(outbox.pending(ws, kind="decision")) == [d1.action_id, d2.action_id]
    assert _ids(outbox.pending(ws, kind="verification")) == [v71.action_id]
    assert outbox.pending(ws, kind="report") == []
    assert _ids(outbox.pending(ws, limit=2)) == [d1.action_id, v71.action_id]
    # a freshly queued action was never sent: no attempt, no error for the status bar
    assert {(e.attempts, e.last_error) for e in (d1, v71, d2)} == {(0, "")}


def test_a_request_holds_at_most_500_items(tmp_path: Path) -> None:
    """API.md: a /v1/decisions request takes ≤ 500 items."""
    ws = filled_store(tmp_path / "s.sqlite", 501)
    assert len(ws.decide(range(1, 502), Outcome.PASS, "").allowed) == 501
    batch = outbox.next_batch(ws)
    assert [e.record_id for e in batch] == list(range(1, 501))
    assert len(outbox.next_batch(ws, limit=3)) == 3


def test_next_batch_of_verifications_stops_at_the_kind_and_at_a_repeated_record(tmp_path: Path) -> None:
    """One kind per request, and one action per record (a 核验 bumps its record's version too)."""
    ws = filled_store(tmp_path / "s.sqlite", 7)
    ws.decide([1], Outcome.PASS, "")
    ws.verify([71], VerifyStatus.VERIFIED, "")
    ws.verify([61], VerifyStatus.VERIFIED, "")
    ws.verify([72], VerifyStatus.FAILED, "证书编号不符")  # record 7 again
    d1, v71, v61, v72 = outbox.pending(ws)
    assert _ids(outbox.next_batch(ws)) == [d1.action_id]  # the 核验 after it go in the next request
    outbox.complete(ws, d1.action_id, "applied", None)
    assert _ids(outbox.next_batch(ws)) == [v71.action_id, v61.action_id]
    outbox.complete(ws, v71.action_id, "applied", None)
    outbox.complete(ws, v61.action_id, "applied", None)
    assert _ids(outbox.next_batch(ws)) == [v72.action_id]


def test_next_batch_never_sends_one_material_twice(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 7)
    ws.verify([71], VerifyStatus.VERIFIED, "")
    ws.verify([71], VerifyStatus.FAILED, "图片不清晰")  # the reviewer changed their mind
    first, _second = outbox.pending(ws)
    assert _ids(outbox.next_batch(ws)) == [first.action_id]


def test_claim_returns_what_it_claimed_in_outbox_order(tmp_path: Path) -> None:
    """Action ids whose alphabetical order is the reverse of the outbox order, claimed in a third order:
    the engine must send them in the order they were taken."""
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ids = {1: "c-first", 2: "b-second", 3: "a-third"}
    entries = [
        {
            "action_id": action_id,
            "kind": "decision",
            "record_id": record_id,
            "payload": {"decision_id": action_id, "record_id": record_id, "outcome": "passed", "remark": ""},
            "base": {"version": 1, "submission_rev": 1, "materials_hash": "h"},
            "created_at": "2026-12-05T09:00:00+08:00",
            "record_ids": (record_id,),
        }
        for record_id, action_id in ids.items()
    ]
    with ws.write() as tx:
        seqs = outbox.insert_actions(tx.conn, entries)
    assert seqs == [e.seq for e in outbox.pending(ws)]
    assert _ids(outbox.pending(ws)) == ["c-first", "b-second", "a-third"]
    claimed = outbox.claim(ws, ["b-second", "a-third", "c-first"])
    assert _ids(claimed) == ["c-first", "b-second", "a-third"]
    assert [e.attempts for e in claimed] == [1, 1, 1]


# -- the conflict the reviewer reads ------------------------------------------------------------------
@pytest.mark.parametrize("path", ["complete", "batch", "fallback"])
def test_a_rejection_without_reason_or_message_is_stored_with_both_sides(tmp_path: Path, path: str) -> None:
    """A 核验 the server rejects with no reason or message: the conflict holds the material, the
    reviewer's side (payload, base, when) and empty texts — never a placeholder — and is open."""
    ws = filled_store(tmp_path / "s.sqlite", 7)
    ws.verify([71], VerifyStatus.FAILED, "证书编号不符")
    ws.verify([72], VerifyStatus.VERIFIED, "")
    v71, v72 = outbox.pending(ws)
    if path == "complete":
        outbox.complete(ws, v71.action_id, "rejected")
    elif path == "batch":
        outbox.complete_many(ws, [{"action_id": v71.action_id, "status": "rejected"}])
    else:  # record 7 twice in one answer: stored one by one
        outbox.complete_many(
            ws,
            [
                {"action_id": v71.action_id, "status": "rejected"},
                {"action_id": v72.action_id, "status": "rejected"},
            ],
        )
    conflict = next(c for c in ws.conflicts() if c.action_id == v71.action_id)
    assert (conflict.kind, conflict.status, conflict.record_id, conflict.material_id) == (
        "verification",
        "rejected",
        7,
        71,
    )
    assert (conflict.reason, conflict.message, conflict.server) == ("", "", None)
    assert conflict.local == {
        "payload": {"action_id": v71.action_id, "material_id": 71, "status": "failed", "remark": "证书编号不符"},
        "base": {"version": 1, "submission_rev": 1, "materials_hash": make_snapshot(7)["materials_hash"], "material_version": 1},
        "created_at": v71.created_at,
    }  # fmt: skip
    assert (conflict.resolved_at, conflict.resolution) == (None, "")


@pytest.mark.parametrize("via", ["complete", "complete_many"])
def test_the_status_decides_and_first_status_only_qualifies_a_duplicate(tmp_path: Path, via: str) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.PASS, "")
    [d1] = outbox.pending(ws)
    record = server_after(make_snapshot(1), d1.action_id, Outcome.PASS)
    if via == "complete":
        outbox.complete(ws, d1.action_id, "applied", record, first_status="conflict")
    else:
        outbox.complete_many(
            ws,
            [
                {
                    "decision_id": d1.action_id,
                    "status": "applied",
                    "first_status": "conflict",
                    "record": record,
                }
            ],
        )
    assert ws.conflicts() == []
    assert ws.rows([1], ["status_unit", "open_conflicts"])[1] == {
        "id": 1,
        "status_unit": "passed",
        "open_conflicts": 0,
    }


def test_misuse_is_refused_with_its_exact_reason(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    report_id = _passed_and_reported(ws, [1])
    message = r"^a 材料上报 is answered per record: use complete_report\(\)$"
    with pytest.raises(ValueError, match=message):
        outbox.complete(ws, report_id, "applied")
    with pytest.raises(ValueError, match=message):
        outbox.complete_many(ws, [{"decision_id": report_id, "status": "applied"}])
    with pytest.raises(ValueError, match=r"^unknown result status 'weird'$"):
        outbox.complete(ws, report_id, "weird")
    assert _ids(outbox.pending(ws)) == [report_id]


# -- answers stored at once -----------------------------------------------------------------------------
def test_replaying_part_of_an_answer_stores_only_what_is_new(tmp_path: Path) -> None:
    """A crash after the first answer's commit: the resend's answer names that action again, first."""
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1], Outcome.PASS, "")
    ws.decide([2], Outcome.PASS, "")
    d1, d2 = outbox.pending(ws)
    one = {
        "decision_id": d1.action_id,
        "status": "applied",
        "record": server_after(make_snapshot(1), d1.action_id, Outcome.PASS),
    }
    two = {"decision_id": d2.action_id, "status": "applied", "record": server_after(make_snapshot(2), d2.action_id, Outcome.PASS)}  # fmt: skip
    assert outbox.complete_many(ws, [one]) == {1}
    assert outbox.complete_many(ws, [one, two]) == {2}
    assert outbox.pending(ws) == []
    assert ws.rows([1, 2], ["version"]) == {1: {"id": 1, "version": 2}, 2: {"id": 2, "version": 2}}


def test_listeners_hear_every_record_an_answer_changed(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1], Outcome.PASS, "")
    ws.decide([2], Outcome.PASS, "")
    d1, d2 = outbox.pending(ws)
    heard: list[set[int]] = []
    ws.subscribe(heard.append)
    outbox.complete_many(
        ws,
        [
            {"decision_id": d1.action_id, "status": "applied", "record": server_after(make_snapshot(1), d1.action_id, Outcome.PASS)},
            {"decision_id": d2.action_id, "status": "rejected", "reason": "not_found", "message": "记录不存在"},
        ],
    )  # fmt: skip
    assert heard == [{1, 2}]
    ws.decide([3], Outcome.PASS, "")
    [d3] = outbox.pending(ws)
    outbox.complete(ws, d3.action_id, "applied", server_after(make_snapshot(3), d3.action_id, Outcome.PASS))
    assert ws.report_up() == [1, 3]
    [report] = outbox.pending(ws)
    heard.clear()
    outbox.complete_report(ws, report.action_id, {"results": [{"record_id": 1, "status": "applied"}, {"record_id": 3, "status": "applied"}]})  # fmt: skip
    assert heard == [{1, 3}]


def test_an_older_snapshot_in_an_answer_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    """A push answer racing a pull: the store keeps the newer version, through every answer path."""
    ws = filled_store(tmp_path / "s.sqlite", [make_snapshot(1, version=9), make_snapshot(2, version=9)])
    ws.decide([1], Outcome.PASS, "")
    [d1] = outbox.pending(ws)
    outbox.complete_many(
        ws,
        [{"decision_id": d1.action_id, "status": "conflict", "reason": "stale", "message": "记录已被他人修改", "record": make_snapshot(1, version=3)}],
    )  # fmt: skip
    assert ws.rows([1], ["version"])[1]["version"] == 9
    ws.decide([2], Outcome.PASS, "")
    [d2] = outbox.pending(ws)
    outbox.complete(ws, d2.action_id, "applied", make_snapshot(2, version=10, review=PASSED))
    assert ws.report_up() == [2]
    [report] = outbox.pending(ws)
    old = make_snapshot(2, version=4)
    outbox.complete_report(
        ws,
        report.action_id,
        {"results": [{"record_id": 2, "status": "rejected", "reason": "stale", "record": old}]},
    )
    assert ws.rows([2], ["version"])[2]["version"] == 10


def test_one_record_twice_in_an_answer_is_stored_as_if_answered_in_order(tmp_path: Path) -> None:
    """Record 1's two decisions in one answer, not side by side: the second is stored after the first
    moved it onto version 2 (API.md's rebase), so its conflict shows the base it would have been sent
    with after that answer."""
    ws = filled_store(tmp_path / "s.sqlite", 3)
    ws.decide([1], Outcome.PASS, "")
    ws.decide([2], Outcome.PASS, "")
    ws.decide([1], Outcome.HOLD, "再核实")
    d1, d2, d3 = outbox.pending(ws)
    assert d3.base["version"] == 1
    outbox.complete_many(
        ws,
        [
            {"decision_id": d1.action_id, "status": "applied", "record": server_after(make_snapshot(1), d1.action_id, Outcome.PASS)},
            {"decision_id": d2.action_id, "status": "applied", "record": server_after(make_snapshot(2), d2.action_id, Outcome.PASS)},
            {"decision_id": d3.action_id, "status": "conflict", "reason": "stale", "message": "记录已被他人修改", "record": make_snapshot(1, version=5, review=PASSED)},
        ],
    )  # fmt: skip
    [conflict] = ws.conflicts()
    assert conflict.action_id == d3.action_id and conflict.local["base"]["version"] == 2


# -- rebase ---------------------------------------------------------------------------------------------
def test_an_applied_answer_rebases_whatever_its_history_shows(tmp_path: Path) -> None:
    """``applied`` means the returned version is the one this action made: rebase, even when the
    snapshot's 审核进度 does not end with the action (an older server's history)."""
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.PASS, "")
    ws.decide([1], Outcome.HOLD, "再核实")
    d1, _ = outbox.pending(ws)
    outbox.complete(ws, d1.action_id, "applied", make_snapshot(1, version=2, review=PASSED))
    [later] = outbox.pending(ws)
    assert later.base["version"] == 2


def test_a_duplicate_with_no_history_is_not_rebased(tmp_path: Path) -> None:
    """Nothing shows the action was the last one: leave the later action on what the reviewer saw."""
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.PASS, "")
    ws.decide([1], Outcome.HOLD, "再核实")
    d1, _ = outbox.pending(ws)
    outbox.complete(ws, d1.action_id, "duplicate", make_snapshot(1, version=2, review=PASSED, history=[]), first_status="applied")  # fmt: skip
    [later] = outbox.pending(ws)
    assert later.base["version"] == 1


def test_a_duplicate_verification_named_by_action_id_rebases_only_the_record(tmp_path: Path) -> None:
    """API.md's history names a 核验 by ``action_id`` (no ``decision_id``). The duplicate of an applied
    核验 of 学历 (material 71 → version 2) moves the record's later 核验 of 职称 (material 72) to
    record version 2, and leaves 职称's own material version (1) alone."""
    ws = filled_store(tmp_path / "s.sqlite", 7)
    ws.verify([71], VerifyStatus.VERIFIED, "")
    ws.verify([72], VerifyStatus.VERIFIED, "")
    v71, _ = outbox.pending(ws)
    snapshot = make_snapshot(7)
    education, title = snapshot["materials"]
    answer = {
        **snapshot,
        "version": 2,
        "materials": [{**education, "version": 2, "verify_status": "verified"}, title],
        "history": [
            *snapshot["history"],
            {"action": "verified", "action_id": v71.action_id, "decision_id": None},
        ],
    }
    outbox.complete(ws, v71.action_id, "duplicate", answer, first_status="applied")
    [v72] = outbox.pending(ws)
    assert (v72.base["version"], v72.base["material_version"]) == (2, 1)
    assert v72.request_item()["base"] == {"version": 1}


# -- 材料上报 answers -----------------------------------------------------------------------------------
def test_a_report_conflict_keeps_the_servers_status_message_and_snapshot(tmp_path: Path) -> None:
    """Record 2 withdrawn meanwhile (a conflict with the server's words and side); record 3 refused with
    no reason or message at all (kept with empty texts, never a placeholder)."""
    ws = filled_store(tmp_path / "s.sqlite", 3)
    report_id = _passed_and_reported(ws, [1, 2, 3])
    withdrawn = make_snapshot(2, version=3, review=make_review(submit_status="not_submitted", at_tier=None))
    outbox.complete_report(
        ws,
        report_id,
        {
            "results": [
                {"record_id": 1, "status": "applied", "record": make_snapshot(1, version=3, review=REPORTED)},
                {"record_id": 2, "status": "conflict", "reason": "withdrawn", "message": "考生已撤回报名", "record": withdrawn},
                {"record_id": 3, "status": "rejected"},
            ]
        },
    )  # fmt: skip
    conflict, bare = ws.conflicts()
    assert (conflict.kind, conflict.status, conflict.record_id, conflict.reason, conflict.message) == (
        "report",
        "conflict",
        2,
        "withdrawn",
        "考生已撤回报名",
    )
    assert conflict.server == withdrawn
    assert conflict.material_id is None and conflict.local["payload"]["record_ids"] == [1, 2, 3]
    assert (bare.record_id, bare.status, bare.reason, bare.message, bare.server) == (
        3,
        "rejected",
        "",
        "",
        None,
    )
