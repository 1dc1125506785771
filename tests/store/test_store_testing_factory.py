"""The test-data factory other engineers build on: API-shaped snapshots and bulk-built stores."""

from __future__ import annotations

from pathlib import Path

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.store import db
from reviewdesk.store.local_view import recompute
from reviewdesk.store.testing import build_store, make_snapshot, materials_hash

FIELDS = [
    "submit_status",
    "status_unit",
    "status_county",
    "status_city",
    "status_province",
    "at_tier",
    "review",
    "verify_summary",
    "pending_actions",
    "library_hits",
    "misconduct_hit",
    "name",
    "id_number",
]


def _id_number_ok(number: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return (
        "10X98765432"[sum(int(d) * w for d, w in zip(number[:17], weights, strict=True)) % 11] == number[17]
    )


def test_make_snapshot_is_api_shaped_and_deterministic() -> None:
    snapshot = make_snapshot(42)
    assert snapshot == make_snapshot(42) and snapshot != make_snapshot(43)
    assert {
        "id",
        "version",
        "submission_rev",
        "materials_hash",
        "review",
        "libraries",
        "materials",
        "history",
        "unit_parent_id",
        "org_path",
    } <= set(snapshot)
    assert len(snapshot["libraries"]) == 7 and _id_number_ok(snapshot["id_number"])
    assert snapshot["materials_hash"] == materials_hash(snapshot["materials"])
    ReviewState.from_dict(snapshot["review"])
    changed = make_snapshot(42, materials=snapshot["materials"][:1])
    assert changed["materials_hash"] != snapshot["materials_hash"]


def test_build_store_matches_the_fold_and_takes_local_actions(tmp_path: Path) -> None:
    ws = build_store(tmp_path / "big.sqlite", 3000, seed=5, tier=Tier.UNIT)
    assert ws.record_count() == 3000 and db.check_integrity(ws.engine) == "ok"
    ids = list(range(1, 3001))
    before = ws.rows(ids, FIELDS)
    with ws.write() as tx:
        recompute(tx.conn, ids, ws.actor)
    assert ws.rows(ids, FIELDS) == before
    assert all(_id_number_ok(row["id_number"]) for row in before.values())
    statuses = {row["status_unit"] for row in before.values()}
    assert {"pending", "passed", "on_hold", "returned", "rejected"} <= statuses
    view = ws.record(17)
    assert view is not None and len(view.materials) == 1 and view.snapshot["id"] == 17
    result = ws.decide(ids, Outcome.PASS, "")
    assert result.allowed and result.refused  # a realistic mix: some can be passed, some not
    assert ws.undo_last() is not None and ws.pending_actions() == 0
    assert build_store(tmp_path / "lean.sqlite", 10, materials=False).record(3).materials == []  # type: ignore[union-attr]
