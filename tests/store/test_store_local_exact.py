"""The reviewer's local actions pinned value by value: what a preview promises (allowed, refused and why,
left unchanged, overturned, the counts before), what 核验 and 材料上报 queue, what undo offers and who
hears about it, and the list columns every review state gives.

Added for the survivors of mutation testing (docs/MUTATION.md, target ``local_actions``): the store tests
never previewed a bulk decision, never bulk-verified, never verified materials of several records at
once (a refusal in the middle, a material not held first), never asked what undo offers for a single or
a partly sent action, and never listened to a 材料上报 or an undo. Expected values are worked out by hand
from the seeds' rules (DOMAIN.md: each tier's 审核状态; a bulk action leaves settled items alone) and the
states written here.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.store import local_view, outbox
from reviewdesk.store.local_view import review_columns
from reviewdesk.store.testing import filled_store, make_review, make_snapshot
from reviewdesk.store.types import MATERIAL_NOT_HELD, NOT_HELD

PASSED = make_review({"unit": "passed"})
ON_HOLD = make_review({"unit": "on_hold"})
REPORTED = make_review({"unit": "passed", "county": "pending"}, at_tier="county")


@pytest.fixture(autouse=True)
def _cold_caches() -> Iterator[None]:
    """The local view memoizes review states and their columns by content (a bulk action meets only a
    handful of states). Start cold, so every column here is computed in this test, not recalled from
    another one."""
    cached = (
        local_view._state_for,
        local_view._decided,
        local_view._review_columns_for,
        local_view.education_code,
    )
    for function in cached:
        function.cache_clear()
    yield


def _with_materials(record_id: int, *statuses: str, **overrides: Any) -> dict[str, Any]:
    """``make_snapshot(record_id)`` with its materials' 核验状态 set to ``statuses``, in order."""
    snapshot = make_snapshot(record_id)
    materials = [
        {**m, "verify_status": s, "verify_remark": "证书编号不符" if s == "failed" else ""}
        for m, s in zip(snapshot["materials"], statuses, strict=True)
    ]
    return make_snapshot(record_id, materials=materials, **overrides)


# -- the list columns of a review state ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("review", "expected"),
    [
        (
            make_review(),
            ("submitted", "pending", None, None, None, "unit"),
        ),
        (
            make_review({"unit": "passed", "county": "passed", "city": "passed", "province": "on_hold"}, at_tier="province"),
            ("submitted", "passed", "passed", "passed", "on_hold", "province"),
        ),
        (
            make_review({"unit": "passed", "county": "rejected"}, at_tier="county"),
            ("submitted", "passed", "rejected", None, None, "county"),
        ),
        (
            make_review({"unit": "returned"}, at_tier=None, submit_status="not_submitted"),
            ("not_submitted", "returned", None, None, None, None),
        ),
    ],
    ids=["new", "at-province", "rejected-by-county", "returned"],
)  # fmt: skip
def test_each_state_gives_its_list_columns(review: dict[str, Any], expected: tuple[Any, ...]) -> None:
    names = ("submit_status", "status_unit", "status_county", "status_city", "status_province", "at_tier")
    assert review_columns(ReviewState.from_dict(review)) == {
        **dict(zip(names, expected, strict=True)),
        "review": review,
    }


# -- 审核 previews ----------------------------------------------------------------------------------------
def test_a_decision_preview_acts_as_asked_unless_bulk(tmp_path: Path) -> None:
    """A single 审核 takes every record the rules allow; 批量审核 leaves a record already 审核通过 alone
    and overturns another result (暂不审核) only when asked to."""
    snapshots = [make_snapshot(1), make_snapshot(2, review=PASSED), make_snapshot(3, review=ON_HOLD)]
    ws = filled_store(tmp_path / "s.sqlite", snapshots)
    single = ws.preview_decision([1, 2, 3], Outcome.PASS, "")
    assert (single.allowed, single.refused, single.unchanged, single.overturns) == ([1, 2, 3], {}, [], {})
    assert single.before == {"pending": 1, "passed": 1, "on_hold": 1}
    bulk = ws.preview_decision([1, 2, 3], Outcome.PASS, "", bulk=True)
    assert (bulk.allowed, bulk.unchanged, bulk.overturns) == ([1], [2], {3: "on_hold"})
    overturning = ws.preview_decision([1, 2, 3], Outcome.PASS, "", bulk=True, overturn=True)
    assert (overturning.allowed, overturning.unchanged, overturning.overturns) == (
        [1, 3],
        [2],
        {3: "on_hold"},
    )
    assert ws.pending_actions() == 0  # previews write nothing


# -- 核验 -------------------------------------------------------------------------------------------
def test_a_verification_preview_judges_each_material_on_its_own_record(tmp_path: Path) -> None:
    """Materials of three records in one request: one not held, one of a record already reported (locked
    at the unit), then three the unit may verify — a refusal never stops the ones after it, and each
    material is judged by its own record's state."""
    snapshots = [
        make_snapshot(8, review=REPORTED),
        _with_materials(7, "verified", "failed"),
        make_snapshot(6),
    ]
    ws = filled_store(tmp_path / "s.sqlite", snapshots)
    preview = ws.preview_verification([999, 81, 71, 72, 61], VerifyStatus.VERIFIED, "")
    assert preview.refused == {999: MATERIAL_NOT_HELD, 81: workflow.REPORTED_LOCKED}
    assert preview.allowed == [71, 72, 61]
    assert (preview.unchanged, preview.overturns) == ([], {})
    assert preview.before == {"pending": 2, "verified": 1, "failed": 1}  # 81 and 61 pending; 999 unknown


def test_bulk_verification_leaves_settled_materials_alone(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", [_with_materials(7, "verified", "failed"), make_snapshot(6)])
    preview = ws.preview_verification([71, 72, 61], VerifyStatus.VERIFIED, "", bulk=True)
    assert (preview.allowed, preview.unchanged, preview.overturns) == ([61], [71], {72: "failed"})
    preview = ws.preview_verification([71, 72, 61], VerifyStatus.VERIFIED, "", bulk=True, overturn=True)
    assert (preview.allowed, preview.unchanged, preview.overturns) == ([72, 61], [71], {72: "failed"})
    done = ws.verify([71, 72, 61], VerifyStatus.VERIFIED, "", bulk=True)
    assert (done.allowed, done.unchanged, done.overturns, done.batch_id) == ([61], [71], {72: "failed"}, None)
    [entry] = outbox.pending(ws)
    assert entry.material_id == 61 and entry.payload["status"] == "verified"


# -- 材料上报 ---------------------------------------------------------------------------------------
def test_each_report_has_its_own_uuid_and_listeners_hear_its_records(tmp_path: Path) -> None:
    """API.md: report_id is a uuid, the idempotency key: two reports must never share one."""
    ws = filled_store(
        tmp_path / "s.sqlite", [make_snapshot(1, review=PASSED), make_snapshot(2, review=PASSED)]
    )
    heard: list[set[int]] = []
    ws.subscribe(heard.append)
    assert ws.report_up() == [1, 2]
    assert heard == [{1, 2}]
    [first] = outbox.pending(ws)
    assert first.payload["report_id"] == first.action_id
    assert uuid.UUID(first.action_id).version == 4
    assert ws.undo_last() == "材料上报（2 条）"
    assert heard[-1] == {1, 2}
    assert ws.report_up() == [1, 2]
    [second] = outbox.pending(ws)
    assert second.action_id != first.action_id and uuid.UUID(second.action_id).version == 4


# -- undo -------------------------------------------------------------------------------------------
def test_undo_offers_only_what_was_never_sent(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", 4)
    ws.decide([1], Outcome.PASS, "")
    assert ws.undo_available() == "审核通过（1 条）"
    [single] = outbox.pending(ws)
    outbox.claim(ws, [single.action_id])
    assert ws.undo_available() is None and ws.undo_last() is None
    ws.decide([2, 3], Outcome.HOLD, "图片不清晰")
    assert ws.undo_available() == "暂不审核（2 条）"
    _, first_of_batch, _ = outbox.pending(ws)
    outbox.claim(ws, [first_of_batch.action_id])  # half the batch may be on the server: none of it is undone
    assert ws.undo_available() is None and ws.undo_last() is None
    assert ws.pending_actions() == 3
    ws.decide([4], Outcome.PASS, "")
    heard: list[set[int]] = []
    ws.subscribe(heard.append)
    assert ws.undo_available() == "审核通过（1 条）" and ws.undo_last() == "审核通过（1 条）"
    assert heard == [{4}]
    assert ws.rows([4], ["status_unit", "pending_actions"])[4] == {
        "id": 4,
        "status_unit": "pending",
        "pending_actions": 0,
    }


def _material_rows(path: Path) -> dict[int, tuple[str, str]]:
    """The 核验状态 and 备注 of each material as the 材料核验 page reads them (the ``materials`` table)."""
    with closing(sqlite3.connect(path)) as conn:
        return {
            i: (s, r) for i, s, r in conn.execute("SELECT id, verify_status, verify_remark FROM materials")
        }


def test_a_verification_writes_its_material_and_no_other(tmp_path: Path) -> None:
    """The 材料核验 page's rows, the record's 核验 summary (failed > pending > verified), the queued
    action's record (what the rebase and the one-action-per-record rule go by) and the listeners."""
    ws = filled_store(tmp_path / "s.sqlite", [make_snapshot(6), make_snapshot(7)])
    heard: list[set[int]] = []
    ws.subscribe(heard.append)
    ws.verify([71], VerifyStatus.VERIFIED, "")
    assert heard == [{7}]
    assert ws.rows([7], ["verify_summary"])[7]["verify_summary"] == "pending"  # 72 not yet verified
    assert ws.preview_verification([72], VerifyStatus.FAILED, "图片不清晰").allowed == [72]
    ws.verify([72], VerifyStatus.FAILED, "图片不清晰")
    assert ws.rows([7], ["verify_summary"])[7]["verify_summary"] == "failed"
    assert _material_rows(tmp_path / "s.sqlite") == {
        61: ("pending", ""),
        62: ("pending", ""),
        71: ("verified", ""),
        72: ("failed", "图片不清晰"),
    }
    assert [(e.record_id, e.material_id) for e in outbox.pending(ws)] == [(7, 71), (7, 72)]


def test_a_single_card_is_verified_as_asked_and_a_bulk_one_as_chosen(tmp_path: Path) -> None:
    """One card: the reviewer's 核验 is queued even when it repeats the material's state. 批量核验 with
    "overturn" chosen: every material not already in that state, as one batch that undo takes back whole;
    a second batch is undone on its own."""
    snapshots = [_with_materials(7, "verified", "failed"), make_snapshot(6), make_snapshot(5)]
    ws = filled_store(tmp_path / "s.sqlite", snapshots)
    assert ws.verify([71], VerifyStatus.VERIFIED, "").allowed == [71]
    assert ws.undo_last() == "核验通过（1 项）"
    first = ws.verify([71, 72, 61], VerifyStatus.VERIFIED, "", bulk=True, overturn=True)
    assert (first.allowed, first.unchanged, first.overturns) == ([72, 61], [71], {72: "failed"})
    second = ws.verify([51, 52], VerifyStatus.VERIFIED, "", bulk=True)
    assert first.batch_id and second.batch_id and first.batch_id != second.batch_id
    assert [(e.material_id, e.batch_id) for e in outbox.pending(ws)] == [
        (72, first.batch_id),
        (61, first.batch_id),
        (51, second.batch_id),
        (52, second.batch_id),
    ]
    assert ws.undo_last() == "核验通过（2 项）"
    assert [e.material_id for e in outbox.pending(ws)] == [72, 61]
    assert ws.undo_last() == "核验通过（2 项）"
    assert ws.pending_actions() == 0


def test_bulk_decisions_queue_what_they_promise_each_as_its_own_batch(tmp_path: Path) -> None:
    """批量审核 queues exactly the records its preview allowed, one outbox row per record naming it; two
    bulk actions are two batches, and undo takes back only the newer one."""
    snapshots = [
        make_snapshot(1),
        make_snapshot(2, review=PASSED),
        make_snapshot(3, review=ON_HOLD),
        make_snapshot(4),
    ]
    ws = filled_store(tmp_path / "s.sqlite", snapshots)
    first = ws.decide([1, 2, 3, 4], Outcome.PASS, "", bulk=True)
    assert (first.allowed, first.unchanged, first.overturns) == ([1, 4], [2], {3: "on_hold"})
    assert [(e.record_id, e.batch_id) for e in outbox.pending(ws)] == [
        (1, first.batch_id),
        (4, first.batch_id),
    ]
    second = ws.decide([3], Outcome.PASS, "", bulk=True, overturn=True)
    assert second.allowed == [3] and second.batch_id is None  # one record: no batch
    third = ws.decide([2, 3], Outcome.HOLD, "再核实", bulk=True, overturn=True)
    assert third.allowed == [2, 3] and third.batch_id and third.batch_id != first.batch_id
    assert ws.undo_last() == "暂不审核（2 条）"
    assert [e.record_id for e in outbox.pending(ws)] == [1, 4, 3]


def test_a_preview_counts_each_state_and_goes_past_every_refusal(tmp_path: Path) -> None:
    """What the bulk dialog shows before anything changes (待审核 2 · 审核通过 1 …, records not yet at this
    tier under the empty code), and a record not held, one the rules refuse or one left alone never
    stops the records after it."""
    rejected = make_review({"unit": "rejected"})
    snapshots = [
        make_snapshot(1),
        make_snapshot(2, review=PASSED),
        make_snapshot(3),
        make_snapshot(5, review=rejected),
    ]
    ws = filled_store(tmp_path / "s.sqlite", snapshots)
    preview = ws.preview_decision([99, 5, 2, 1, 3], Outcome.PASS, "", bulk=True)
    assert preview.refused == {99: NOT_HELD, 5: workflow.FINAL_REJECTED}
    assert (preview.allowed, preview.unchanged) == ([1, 3], [2])
    assert preview.before == {"rejected": 1, "passed": 1, "pending": 2}
    county = filled_store(
        tmp_path / "county.sqlite", [make_snapshot(1), make_snapshot(2, review=REPORTED)], tier=Tier.COUNTY
    )
    preview = county.preview_decision([1, 2], Outcome.PASS, "")
    assert preview.before == {"": 1, "pending": 1}  # record 1 has not reached the county
    assert preview.allowed == [2] and preview.refused == {1: workflow.NOT_REACHED}
