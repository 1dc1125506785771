"""Bad input to the store: each kind gets a clear error, and nothing is lost or half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.domain.enums import Outcome
from reviewdesk.store import outbox
from reviewdesk.store.conflicts import ConflictNotFound
from reviewdesk.store.filters import RecordFilter
from reviewdesk.store.testing import filled_store


def test_empty_and_unknown_selections(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    assert ws.decide([], Outcome.PASS, "").allowed == []
    assert ws.verify([], "verified", "").allowed == []  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ws.decide([1], "maybe", "")  # type: ignore[arg-type]
    assert ws.pending_actions() == 0 and ws.rows([1], ["status_unit"])[1]["status_unit"] == "pending"


def test_bad_field_names_and_search_names(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 1)
    with pytest.raises(ValueError, match="unknown record fields"):
        ws.rows([1], ["name", "password; DROP TABLE records"])
    with pytest.raises(ValueError, match="请填写查询名称"):
        ws.save_search("  ", RecordFilter())
    with pytest.raises(ValueError, match="64"):
        ws.save_search("名" * 65, RecordFilter())
    assert ws.saved_searches() == {}
    with pytest.raises(ConflictNotFound, match="不存在"):
        ws.resolve_conflict(12345)


def test_bad_answers_change_nothing(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 2)
    ws.decide([1], Outcome.PASS, "")
    ws.report_up()
    decision, report = outbox.pending(ws)
    with pytest.raises(ValueError, match="unknown result status"):
        outbox.complete(ws, decision.action_id, "accepted")
    with pytest.raises(ValueError, match="complete_report"):
        outbox.complete(ws, report.action_id, "applied")
    with pytest.raises(ValueError, match="decision_id"):
        outbox.complete_many(
            ws, [{"decision_id": decision.action_id, "status": "applied", "record": None}, {}]
        )
    assert [e.action_id for e in outbox.pending(ws)] == [decision.action_id, report.action_id]


def test_a_failing_listener_does_not_fail_the_action(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 1)
    heard: list[set[int]] = []

    def broken(_: set[int]) -> None:
        raise RuntimeError("GUI bug")

    ws.subscribe(broken)
    unsubscribe = ws.subscribe(heard.append)
    assert ws.decide([1], Outcome.PASS, "").allowed == [1]
    assert heard == [{1}]
    unsubscribe()
    ws.undo_last()
    assert heard == [{1}]


def test_nested_writes_fail_fast(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 1)
    with ws.write(), pytest.raises(RuntimeError, match="nested"):
        ws.decide([1], Outcome.PASS, "")
    assert ws.pending_actions() == 0
