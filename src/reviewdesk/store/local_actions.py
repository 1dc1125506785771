"""The reviewer's local actions: 审核 (decide), 材料上报 (report up), 核验 (verify), and undo.

Each action is checked with ``reviewdesk.domain.workflow`` against the record's *local view* at the
account's tier, so what the server would refuse is refused offline with the same Chinese reason. The
accepted ones are written with their outbox rows in ONE write transaction (``Workspace.write``), so a
crash at any point keeps both or neither, and the local view shows them at once as not yet synced.

Speed: a bulk decision over 10,000 records is one transaction of three ``executemany`` statements
(outbox rows, their targets, the records' view columns). The view columns are updated incrementally
with the same ``workflow`` step the fold uses (``local_view.fold``), so no record is re-folded.

Undo takes back the newest unsent action — or the whole batch when it was a bulk action — and
re-derives the local views by folding again. An action claimed by the sync engine (``outbox.claim``:
it may already be on the server) can no longer be undone.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, select, text

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.domain.workflow import ReviewState, WorkflowError
from reviewdesk.store.actions import DECISION, REPORT, VERIFICATION, now_iso
from reviewdesk.store.local_view import (
    MATERIALS,
    OUTBOX,
    RECORDS,
    TARGETS,
    chunks,
    decided,
    entry_from_row,
    recompute,
    review_columns,
    review_state,
)
from reviewdesk.store.outbox import insert_actions
from reviewdesk.store.types import MATERIAL_NOT_HELD, NOT_HELD, DecisionPreview

if TYPE_CHECKING:
    from reviewdesk.store.workspace import Workspace

_BASE_COLUMNS = (
    RECORDS.c.id,
    RECORDS.c.version,
    RECORDS.c.submission_rev,
    RECORDS.c.materials_hash,
    RECORDS.c.review,
)


def _unique(ids: Sequence[int]) -> list[int]:
    return list(dict.fromkeys(int(i) for i in ids))


def _load_bases(conn: Connection, record_ids: Sequence[int]) -> dict[int, Any]:
    rows: dict[int, Any] = {}
    query = select(*_BASE_COLUMNS).where(RECORDS.c.id.in_(bindparam("ids", expanding=True)))
    for part in chunks(list(record_ids)):
        for row in conn.execute(query, {"ids": list(part)}):
            rows[row.id] = row
    return rows


def _base(row: Any) -> dict[str, Any]:
    return {
        "version": row.version,
        "submission_rev": row.submission_rev,
        "materials_hash": row.materials_hash,
    }


# -- bulk: what is settled stays settled -----------------------------------------------------------
def _bulk_takes(
    preview: DecisionPreview, item_id: int, current: str, target: str, *, bulk: bool, overturn: bool
) -> bool:
    """Whether the action is queued for an item whose state is ``current`` (already allowed by the rules).

    A bulk action over 843 materials must not silently turn another reviewer's 核验不通过 into 核验通过,
    nor queue an action for an item already in the chosen state (the reviewer read "343 set" while 37
    changed). So in bulk: the same state → ``unchanged``; another result → ``overturns``, taken only with
    ``overturn`` (the reviewer's separate, explicit choice). A single record or card is acted on as asked.
    """
    if not bulk:
        return True
    if current == target:
        preview.unchanged.append(item_id)
        return False
    if current not in ("", "pending"):
        preview.overturns[item_id] = current
        return overturn
    return True


# -- 审核 -----------------------------------------------------------------------------------------
def _plan_decision(
    conn: Connection,
    record_ids: Sequence[int],
    tier: Tier,
    outcome: Outcome,
    remark: str,
    *,
    bulk: bool = False,
    overturn: bool = False,
) -> tuple[DecisionPreview, dict[int, tuple[Any, ReviewState]]]:
    preview = DecisionPreview()
    accepted: dict[int, tuple[Any, ReviewState]] = {}
    ids = _unique(record_ids)
    rows = _load_bases(conn, ids)
    before: Counter[str] = Counter()
    for record_id in ids:
        row = rows.get(record_id)
        if row is None:
            preview.refused[record_id] = NOT_HELD
            continue
        status = review_state(row.review).status_at(tier)
        current = status.value if status is not None else ""
        before[current] += 1
        try:
            after = decided(row.review, tier, outcome, remark)
        except WorkflowError as error:
            preview.refused[record_id] = error.reason
            continue
        if not _bulk_takes(preview, record_id, current, outcome.value, bulk=bulk, overturn=overturn):
            continue
        preview.allowed.append(record_id)
        accepted[record_id] = (row, after)
    preview.before = dict(before)
    return preview, accepted


def preview_decision(
    ws: Workspace,
    record_ids: Sequence[int],
    outcome: Outcome,
    remark: str,
    *,
    bulk: bool = False,
    overturn: bool = False,
) -> DecisionPreview:
    with ws.engine.connect() as conn:
        preview, _ = _plan_decision(
            conn, record_ids, ws.me.tier, Outcome(outcome), remark, bulk=bulk, overturn=overturn
        )
    return preview


def decide(
    ws: Workspace,
    record_ids: Sequence[int],
    outcome: Outcome,
    remark: str,
    *,
    bulk: bool = False,
    overturn: bool = False,
) -> DecisionPreview:
    """Queue the decision for every record the rules allow; one outbox row per record, sharing a
    ``batch_id`` when there are several. Returns what was applied and what was refused, and why.

    ``bulk``: leave records already in that state alone and overturn another result only with
    ``overturn`` (see :func:`_bulk_takes`); ``allowed`` is then exactly the records changed.
    """
    outcome = Outcome(outcome)
    with ws.write() as tx:
        preview, accepted = _plan_decision(
            tx.conn, record_ids, ws.me.tier, outcome, remark, bulk=bulk, overturn=overturn
        )
        if not accepted:
            return preview
        batch_id = str(uuid.uuid4()) if len(accepted) > 1 else None
        now = now_iso()
        entries = []
        updates = []
        for record_id, (row, after) in accepted.items():
            action_id = str(uuid.uuid4())
            entries.append(
                {
                    "action_id": action_id,
                    "kind": DECISION,
                    "record_id": record_id,
                    "payload": {
                        "decision_id": action_id,
                        "record_id": record_id,
                        "outcome": outcome.value,
                        "remark": remark,
                        "decided_at": now,
                    },
                    "base": _base(row),
                    "created_at": now,
                    "batch_id": batch_id,
                    "record_ids": (record_id,),
                }
            )
            updates.append({"b_id": record_id, **review_columns(after)})
        insert_actions(tx.conn, entries)
        _update_review_columns(tx.conn, updates)
        preview.batch_id = batch_id
        tx.changed |= set(accepted)
    return preview


def _update_review_columns(conn: Connection, updates: list[dict[str, Any]]) -> None:
    """The view columns a decision or report changes, plus one more pending action per record."""
    conn.execute(
        RECORDS.update()
        .where(RECORDS.c.id == bindparam("b_id"))
        .values(
            submit_status=bindparam("submit_status"),
            status_unit=bindparam("status_unit"),
            status_county=bindparam("status_county"),
            status_city=bindparam("status_city"),
            status_province=bindparam("status_province"),
            at_tier=bindparam("at_tier"),
            review=bindparam("review"),
            pending_actions=RECORDS.c.pending_actions + 1,
        ),
        updates,
    )


# -- 材料上报 -------------------------------------------------------------------------------------
def _reportable(conn: Connection, tier: Tier) -> list[tuple[Any, ReviewState]]:
    status_column = RECORDS.c[f"status_{tier.value}"]
    rows = conn.execute(
        select(*_BASE_COLUMNS)
        .where(RECORDS.c.at_tier == tier.value, status_column == "passed")
        .order_by(RECORDS.c.id)
    )
    result = []
    for row in rows:
        state = review_state(row.review)
        if workflow.reportable(state, tier):
            result.append((row, workflow.report_up(state, tier)))
    return result


def preview_report(ws: Workspace) -> list[int]:
    """The records 材料上报 would take now: every 审核通过 record of my tier in the local view."""
    with ws.engine.connect() as conn:
        return [row.id for row, _ in _reportable(conn, ws.me.tier)]


def report_up(ws: Workspace) -> list[int]:
    """Queue one 材料上报 of every 审核通过 record of my tier (works offline); the records are shown
    reported and locked at once. Returns their ids ([] and nothing queued when there are none)."""
    with ws.write() as tx:
        plan = _reportable(tx.conn, ws.me.tier)
        if not plan:
            return []
        report_id = str(uuid.uuid4())
        now = now_iso()
        record_ids = [row.id for row, _ in plan]
        insert_actions(
            tx.conn,
            [
                {
                    "action_id": report_id,
                    "kind": REPORT,
                    "record_id": None,
                    "payload": {"report_id": report_id, "record_ids": record_ids, "reported_at": now},
                    "base": {},
                    "created_at": now,
                    "record_ids": record_ids,
                }
            ],
        )
        _update_review_columns(tx.conn, [{"b_id": row.id, **review_columns(after)} for row, after in plan])
        tx.changed |= set(record_ids)
    return record_ids


# -- 核验 -----------------------------------------------------------------------------------------
def _plan_verification(
    conn: Connection,
    material_ids: Sequence[int],
    tier: Tier,
    status: VerifyStatus,
    remark: str,
    *,
    bulk: bool = False,
    overturn: bool = False,
) -> tuple[DecisionPreview, list[Any]]:
    preview = DecisionPreview()
    ids = _unique(material_ids)
    found: dict[int, Any] = {}
    query = (
        select(
            MATERIALS.c.id.label("material_id"),
            MATERIALS.c.version.label("material_version"),
            MATERIALS.c.verify_status.label("verify_status"),
            *_BASE_COLUMNS,
        )
        .join(RECORDS, RECORDS.c.id == MATERIALS.c.record_id)
        .where(MATERIALS.c.id.in_(bindparam("ids", expanding=True)))
    )
    for part in chunks(ids):
        for row in conn.execute(query, {"ids": list(part)}):
            found[row.material_id] = row
    accepted = []
    states: dict[int, ReviewState] = {}
    before: Counter[str] = Counter()
    for material_id in ids:
        row = found.get(material_id)
        if row is None:
            preview.refused[material_id] = MATERIAL_NOT_HELD
            continue
        current = row.verify_status or VerifyStatus.PENDING.value
        before[current] += 1
        state = states.get(row.id) or states.setdefault(row.id, review_state(row.review))
        try:
            workflow.check_verification(state, tier, status, remark)
        except WorkflowError as error:
            preview.refused[material_id] = error.reason
            continue
        if not _bulk_takes(preview, material_id, current, status.value, bulk=bulk, overturn=overturn):
            continue
        preview.allowed.append(material_id)
        accepted.append(row)
    preview.before = dict(before)
    return preview, accepted


def preview_verification(
    ws: Workspace,
    material_ids: Sequence[int],
    status: VerifyStatus,
    remark: str,
    *,
    bulk: bool = False,
    overturn: bool = False,
) -> DecisionPreview:
    with ws.engine.connect() as conn:
        preview, _ = _plan_verification(
            conn, material_ids, ws.me.tier, VerifyStatus(status), remark, bulk=bulk, overturn=overturn
        )
    return preview


def verify(
    ws: Workspace,
    material_ids: Sequence[int],
    status: VerifyStatus,
    remark: str,
    *,
    bulk: bool = False,
    overturn: bool = False,
) -> DecisionPreview:
    """Queue a 核验 for every material the rules allow (one outbox row each, one batch when several);
    the materials show the new 核验状态 at once and their records' 核验 summary follows.

    ``bulk`` (批量核验, several cards): materials already in ``status`` are left alone and another
    result (核验不通过 when passing) is overturned only with ``overturn`` (:func:`_bulk_takes`)."""
    status = VerifyStatus(status)
    with ws.write() as tx:
        preview, accepted = _plan_verification(
            tx.conn, material_ids, ws.me.tier, status, remark, bulk=bulk, overturn=overturn
        )
        if not accepted:
            return preview
        batch_id = str(uuid.uuid4()) if len(accepted) > 1 else None
        now = now_iso()
        entries = []
        for row in accepted:
            action_id = str(uuid.uuid4())
            entries.append(
                {
                    "action_id": action_id,
                    "kind": VERIFICATION,
                    "record_id": row.id,
                    "material_id": row.material_id,
                    "payload": {
                        "action_id": action_id,
                        "material_id": row.material_id,
                        "status": status.value,
                        "remark": remark,
                    },
                    "base": {**_base(row), "material_version": row.material_version},
                    "created_at": now,
                    "batch_id": batch_id,
                    "record_ids": (row.id,),
                }
            )
        insert_actions(tx.conn, entries)
        tx.conn.execute(
            MATERIALS.update()
            .where(MATERIALS.c.id == bindparam("b_id"))
            .values(verify_status=status.value, verify_remark=remark),
            [{"b_id": row.material_id} for row in accepted],
        )
        per_record = Counter(row.id for row in accepted)
        tx.conn.execute(
            RECORDS.update()
            .where(RECORDS.c.id == bindparam("b_id"))
            .values(pending_actions=RECORDS.c.pending_actions + bindparam("n")),
            [{"b_id": rid, "n": n} for rid, n in per_record.items()],
        )
        _refresh_verify_summary(tx.conn, list(per_record))
        preview.batch_id = batch_id
        tx.changed |= set(per_record)
    return preview


def _refresh_verify_summary(conn: Connection, record_ids: Sequence[int]) -> None:
    """records.verify_summary from the materials' local 核验状态 (failed > pending > verified), in SQL."""
    statement = text(
        "UPDATE records SET verify_summary = COALESCE((SELECT CASE "
        "WHEN SUM(m.verify_status = 'failed') > 0 THEN 'failed' "
        "WHEN SUM(m.verify_status = 'pending') > 0 THEN 'pending' "
        "ELSE 'verified' END FROM materials m WHERE m.record_id = records.id), 'pending') "
        "WHERE id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    for part in chunks(list(record_ids)):
        conn.execute(statement, {"ids": list(part)})


# -- undo -----------------------------------------------------------------------------------------
def _newest_unit(conn: Connection) -> list[Any]:
    """The newest outbox row, or the whole batch it belongs to (in outbox order)."""
    newest = conn.execute(select(OUTBOX).order_by(OUTBOX.c.seq.desc()).limit(1)).mappings().first()
    if newest is None:
        return []
    if newest["batch_id"] is None:
        return [newest]
    return list(
        conn.execute(
            select(OUTBOX).where(OUTBOX.c.batch_id == newest["batch_id"]).order_by(OUTBOX.c.seq)
        ).mappings()
    )


class ActionSummary(str):
    """ "审核通过（120 条）", "材料上报（35 条）", "核验通过（3 项）": what an undo takes back.

    A ``str`` (what the CLI and the logs show), that also keeps what it is made of — ``action`` (the
    outcome or 核验状态, or None for 材料上报), ``count`` and whether it counts records (条) or
    materials (项) — so a view can say it in the reviewer's language without parsing the Chinese.
    """

    action: Outcome | VerifyStatus | None
    count: int

    def __new__(cls, action: Outcome | VerifyStatus | None, count: int) -> ActionSummary:
        what = "材料上报" if action is None else action.label
        unit = "项" if isinstance(action, VerifyStatus) else "条"
        summary = super().__new__(cls, f"{what}（{count} {unit}）")
        summary.action, summary.count = action, count
        return summary

    @property
    def counts_materials(self) -> bool:
        return isinstance(self.action, VerifyStatus)


def describe(rows: Sequence[Any]) -> ActionSummary:
    """What an undo of ``rows`` (one unit of the outbox) takes back."""
    return _describe_unit(rows[0], len(rows))


def _describe_unit(first: Any, count: int) -> ActionSummary:
    entry = entry_from_row(first)
    if entry.kind == DECISION:
        return ActionSummary(Outcome(entry.payload["outcome"]), count)
    if entry.kind == REPORT:
        return ActionSummary(None, len(entry.record_ids))
    return ActionSummary(VerifyStatus(entry.payload["status"]), count)


def undo_available(ws: Workspace) -> ActionSummary | None:
    """What ``undo_last`` would take back (for the menu text), or None.

    Asked after every change (the 撤销 menu text, the status bar), so it reads one row and a count, not
    the whole newest batch: a bulk decision of 5,000 records made it parse 5,000 payloads (60 ms on the
    GUI thread, each time a sync page landed).
    """
    with ws.engine.connect() as conn:
        newest = conn.execute(select(OUTBOX).order_by(OUTBOX.c.seq.desc()).limit(1)).mappings().first()
        if newest is None:
            return None
        if newest["batch_id"] is None:
            first, count, attempted = newest, 1, bool(newest["attempts"])
        else:
            in_batch = OUTBOX.c.batch_id == newest["batch_id"]
            count, most_attempts = conn.execute(
                select(func.count(), func.max(OUTBOX.c.attempts)).where(in_batch)
            ).one()
            first = (
                conn.execute(select(OUTBOX).where(in_batch).order_by(OUTBOX.c.seq).limit(1)).mappings().one()
            )
            attempted = bool(most_attempts)
    return None if attempted else _describe_unit(first, int(count))


def undo_last(ws: Workspace) -> ActionSummary | None:
    """Take back the newest action not yet sent (a bulk action as one unit) and re-derive the local
    views. Returns its description, or None when there is nothing to undo (empty outbox, or the newest
    action was already handed to the server by a sync)."""
    with ws.write() as tx:
        rows = _newest_unit(tx.conn)
        if not rows or any(row["attempts"] for row in rows):
            return None
        description = describe(rows)
        seqs = [row["seq"] for row in rows]
        affected: set[int] = set()
        for part in chunks(seqs):
            affected.update(
                tx.conn.execute(
                    select(TARGETS.c.record_id).where(TARGETS.c.seq.in_(bindparam("s", expanding=True))),
                    {"s": list(part)},
                ).scalars()
            )
            tx.conn.execute(
                OUTBOX.delete().where(OUTBOX.c.seq.in_(bindparam("s", expanding=True))), {"s": list(part)}
            )
        tx.changed |= recompute(tx.conn, affected, ws.actor)
    return description
