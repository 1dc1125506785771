"""The local view of a record: its last server snapshot with the reviewer's pending actions folded in.

``fold(snapshot, actions, actor)`` is pure (no I/O) and is the single definition of what a pending
action does to what the reviewer sees; ``recompute(conn, ids, actor)`` stores its result in the flat
columns of ``records``/``materials`` (what the list, the filters, the fast index and the export read).
Local actions update those columns incrementally with the same step functions, so "fold from scratch"
and "apply one more action" always agree (tested).

An action the fold cannot apply any more (a pull brought a snapshot under which the rules refuse it,
e.g. the candidate withdrew meanwhile) is not dropped: it stays in the outbox, is still counted as
pending, its 审核进度 entry carries ``"refused": <reason>``, and the server will answer it as a
conflict/rejection that the reviewer then sees with both sides.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from reviewdesk.domain import precheck, workflow
from reviewdesk.domain.enums import (
    EducationLevel,
    HistoryAction,
    Library,
    Outcome,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.workflow import ReviewState, WorkflowError
from reviewdesk.models.local import LocalBase
from reviewdesk.store.actions import DECISION, REPORT, VERIFICATION, Actor, OutboxEntry

RECORDS = LocalBase.metadata.tables["records"]
SNAPSHOTS = LocalBase.metadata.tables["snapshots"]
MATERIALS = LocalBase.metadata.tables["materials"]
OUTBOX = LocalBase.metadata.tables["outbox"]
TARGETS = LocalBase.metadata.tables["outbox_targets"]

#: Chunk size for ``id IN (...)`` lists (SQLite allows 32,766 variables).
CHUNK = 5000


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# -- the rules each kind of action follows ------------------------------------------------------------
# A bulk action over 10,000 records meets only a handful of distinct review states, and building a
# ReviewState is the costly part (it validates and sorts): states and transitions are memoized by the
# review dict's content. ReviewState is immutable, so sharing one is safe.
StateKey = tuple[Any, ...]


def state_key(review: Mapping[str, Any]) -> StateKey:
    statuses = review.get("statuses") or {}
    return (
        review.get("submit_status"),
        tuple(statuses.items()),
        review.get("at_tier"),
        tuple(review.get("chain") or ()),
    )


@lru_cache(maxsize=4096)
def _state_for(key: StateKey) -> ReviewState:
    submit_status, statuses, at_tier, chain = key
    data: dict[str, Any] = {"submit_status": submit_status, "statuses": dict(statuses), "at_tier": at_tier}
    if chain:
        data["chain"] = list(chain)
    return ReviewState.from_dict(data)


def review_state(review: Mapping[str, Any]) -> ReviewState:
    """``ReviewState.from_dict`` with memoization (see above)."""
    return _state_for(state_key(review))


@lru_cache(maxsize=4096)
def _decided(key: StateKey, tier: Tier, outcome: Outcome, remark: str) -> ReviewState | WorkflowError:
    try:
        return workflow.decide(_state_for(key), tier, outcome, remark)
    except WorkflowError as error:
        return error


def decided(review: Mapping[str, Any], tier: Tier, outcome: Outcome, remark: str) -> ReviewState:
    """``workflow.decide`` on a review dict, memoized; raises its WorkflowError."""
    result = _decided(state_key(review), tier, outcome, remark)
    if isinstance(result, WorkflowError):
        raise result
    return result


def verify_summary(materials: Iterable[Mapping[str, Any]]) -> str:
    """The record's worst 核验状态 (failed > pending > verified); pending when it has no material."""
    statuses = {m.get("verify_status") or VerifyStatus.PENDING.value for m in materials}
    if VerifyStatus.FAILED.value in statuses:
        return VerifyStatus.FAILED.value
    if not statuses or VerifyStatus.PENDING.value in statuses:
        return VerifyStatus.PENDING.value
    return VerifyStatus.VERIFIED.value


def review_columns(state: ReviewState) -> dict[str, Any]:
    """The list columns that follow from the local ReviewState (a fresh dict each call)."""
    return dict(_review_columns(state))


@lru_cache(maxsize=4096)
def _review_columns_for(key: StateKey) -> dict[str, Any]:
    return _compute_review_columns(_state_for(key))


def _review_columns(state: ReviewState) -> dict[str, Any]:
    return _review_columns_for(state_key(state.to_dict()))


def _compute_review_columns(state: ReviewState) -> dict[str, Any]:
    return {
        "submit_status": state.submit_status.value,
        "status_unit": _status(state, Tier.UNIT),
        "status_county": _status(state, Tier.COUNTY),
        "status_city": _status(state, Tier.CITY),
        "status_province": _status(state, Tier.PROVINCE),
        "at_tier": state.at_tier.value if state.at_tier else None,
        "review": state.to_dict(),
    }


def _status(state: ReviewState, tier: Tier) -> str | None:
    status = state.status_at(tier)
    return status.value if status else None


# -- the fold ---------------------------------------------------------------------------------------
@dataclass
class LocalView:
    """What the reviewer sees of one record: server snapshot + pending actions."""

    review: ReviewState
    #: MaterialSnapshot dicts with the local 核验状态/备注 and ``"pending": bool``.
    materials: list[dict[str, Any]]
    #: Server history, then one entry per pending action with ``"pending": True``.
    history: list[dict[str, Any]]
    pending: int = 0
    #: action_id → reason for pending actions the rules refuse against this snapshot.
    refused: dict[str, str] = field(default_factory=dict)

    def columns(self) -> dict[str, Any]:
        """The flat ``records`` columns that depend on the pending actions."""
        return {
            **review_columns(self.review),
            "verify_summary": verify_summary(self.materials),
            "pending_actions": self.pending,
        }


def _pending_entry(action: OutboxEntry, actor: Actor, what: str, **extra: Any) -> dict[str, Any]:
    return {
        "at": action.created_at,
        "action": what,
        "tier": actor.tier.value,
        "org_name": actor.org_name,
        "actor": actor.display_name,
        "decision_id": action.action_id,
        "action_id": action.action_id,
        "pending": True,
        **extra,
    }


def fold(snapshot: Mapping[str, Any], actions: Sequence[OutboxEntry], actor: Actor) -> LocalView:
    """The local view of ``snapshot`` after ``actions`` (in outbox order), each applied as
    ``reviewdesk.domain.workflow`` would at ``actor.tier``. Pure: the snapshot is not modified."""
    state = review_state(snapshot["review"])
    # Shallow copies: the fold only replaces top-level keys of a material, never nested values.
    materials = [{**m, "pending": False} for m in snapshot.get("materials") or ()]
    by_id = {m["id"]: m for m in materials}
    history = [dict(h) for h in snapshot.get("history") or ()]
    view = LocalView(state, materials, history, pending=len(actions))
    for action in actions:
        payload = action.payload
        try:
            if action.kind == DECISION:
                outcome = Outcome(payload["outcome"])
                entry = _pending_entry(
                    action,
                    actor,
                    HistoryAction.DECIDED.value,
                    outcome=outcome.value,
                    remark=payload["remark"],
                )
                view.review = decided(view.review.to_dict(), actor.tier, outcome, payload["remark"])
            elif action.kind == REPORT:
                entry = _pending_entry(action, actor, HistoryAction.REPORTED.value, outcome=None, remark="")
                view.review = workflow.report_up(view.review, actor.tier)
            elif action.kind == VERIFICATION:
                status = VerifyStatus(payload["status"])
                entry = _pending_entry(
                    action,
                    actor,
                    HistoryAction.VERIFIED.value,
                    outcome=status.value,
                    remark=payload["remark"],
                    material_id=action.material_id,
                )
                material = by_id.get(action.material_id)
                if material is None:
                    raise WorkflowError("该材料已不在考生的报名材料中", "not_found")
                workflow.check_verification(view.review, actor.tier, status, payload["remark"])
                material.update(verify_status=status.value, verify_remark=payload["remark"], pending=True)
            else:  # pragma: no cover - the outbox only holds the three kinds
                raise ValueError(f"unknown action kind {action.kind!r}")
        except WorkflowError as error:
            entry["refused"] = error.reason
            view.refused[action.action_id] = error.reason
        view.history.append(entry)
    return view


def plain_columns(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """``fold(snapshot, [], actor).columns()`` without the fold: the columns of a record with no
    pending action (every record of a first download). The fold copies every material and history
    entry to overlay actions; with none to overlay the snapshot's own values are the view's."""
    return {
        **_review_columns_for(state_key(snapshot["review"])),
        "verify_summary": verify_summary(snapshot.get("materials") or ()),
        "pending_actions": 0,
    }


# -- flat columns from a server snapshot ----------------------------------------------------------------
#: Library code → its bit (enum order), built once: iterating the enum per record was a visible cost.
_LIBRARY_BITS = {lib.value: 1 << i for i, lib in enumerate(Library)}
_MISCONDUCT_BIT = _LIBRARY_BITS[Library.MISCONDUCT.value]


def library_bits(snapshot: Mapping[str, Any]) -> int:
    """Bit i set when Library #i (enum order) has entries for this person."""
    bits = 0
    for lib in snapshot.get("libraries") or ():
        if lib.get("entries"):
            bits |= _LIBRARY_BITS.get(lib["library"], 0)
    return bits


def flag_columns(snapshot: Mapping[str, Any]) -> dict[str, int]:
    """``flag_rank`` (worst severity × 1000 + count) and ``flag_kinds`` (bit mask over
    ``domain.precheck.KINDS``) of the snapshot's 预审提示."""
    flags = snapshot.get("flags") or ()
    return {
        "flag_rank": precheck.worst_severity(flags) * 1000 + len(flags) if flags else 0,
        "flag_kinds": precheck.kinds_mask(flags),
    }


def server_columns(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The ``records`` columns that come from the snapshot alone."""
    hits = library_bits(snapshot)
    return {
        "id": int(snapshot["id"]),
        "version": int(snapshot["version"]),
        "submission_rev": int(snapshot["submission_rev"]),
        "materials_hash": snapshot["materials_hash"],
        "name": snapshot.get("name") or "",
        "id_type": snapshot.get("id_type") or "",
        "id_number": snapshot.get("id_number") or "",
        "gender": snapshot.get("gender") or "",
        "birth_date": snapshot.get("birth_date") or "",
        "submitted_at": snapshot.get("submitted_at"),
        "pay_status": snapshot.get("pay_status") or "unpaid",
        "project": snapshot.get("project") or "",
        "level": snapshot.get("level") or "",
        "category_code": snapshot.get("category_code") or "",
        "category_name": snapshot.get("category_name") or "",
        "education_level": snapshot.get("education_level") or "",
        "frontline": bool(snapshot.get("frontline")),
        "unit_id": int(snapshot.get("unit_id") or 0),
        "unit_name": snapshot.get("unit_name") or "",
        "unit_parent_id": snapshot.get("unit_parent_id"),
        "library_hits": hits,
        "misconduct_hit": bool(hits & _MISCONDUCT_BIT),
        **flag_columns(snapshot),
        "updated_at": snapshot.get("updated_at") or "",
    }


@lru_cache(maxsize=256)
def education_code(value: str) -> str:
    """学历层级's code for its label (the label itself when unknown). Memoized: a handful of distinct
    labels, looked up for every material of a download and every pending 填报 entry."""
    try:
        return EducationLevel.from_label(value).value
    except ValueError:
        return value


def material_row(record_id: int, material: Mapping[str, Any]) -> dict[str, Any]:
    """A ``materials`` row from a local-view material dict (the filter columns copied from fields)."""
    fields = material.get("fields") or {}
    return {
        "id": int(material["id"]),
        "record_id": record_id,
        "kind": material["kind"],
        "version": int(material.get("version") or 0),
        "fields": fields,
        "images": material.get("images") or [],
        "verify_status": material.get("verify_status") or VerifyStatus.PENDING.value,
        "verify_remark": material.get("verify_remark") or "",
        "education_level": education_code(fields.get("学历层级") or fields.get("学历层次") or ""),
        "major_type": fields.get("专业类型") or "",
        "school": fields.get("毕业学校") or "",
        "enrolled_on": fields.get("入学时间") or "",
        "graduated_on": fields.get("毕业时间") or "",
    }


def record_row(snapshot: Mapping[str, Any], view: LocalView, open_conflicts: int) -> dict[str, Any]:
    """The whole ``records`` row: server columns + local-view columns."""
    return {**server_columns(snapshot), **view.columns(), "open_conflicts": open_conflicts}


# -- database side -----------------------------------------------------------------------------------
def pending_by_record(conn: Connection, record_ids: Sequence[int]) -> dict[int, list[OutboxEntry]]:
    """Each record's queued actions in outbox order (through ``outbox_targets``)."""
    result: dict[int, list[OutboxEntry]] = {}
    query = (
        select(TARGETS.c.record_id, OUTBOX)
        .join(OUTBOX, OUTBOX.c.seq == TARGETS.c.seq)
        .where(TARGETS.c.record_id.in_(bindparam("ids", expanding=True)))
        .order_by(OUTBOX.c.seq)
    )
    for part in chunks(list(record_ids)):
        for row in conn.execute(query, {"ids": list(part)}).mappings():
            result.setdefault(row["record_id"], []).append(entry_from_row(row))
    return result


def entry_from_row(row: Mapping[str, Any]) -> OutboxEntry:
    return OutboxEntry(
        seq=row["seq"],
        action_id=row["action_id"],
        kind=row["kind"],
        record_id=row["record_id"] if row["kind"] != REPORT else None,
        material_id=row["material_id"],
        payload=row["payload"],
        base=row["base"] or {},
        batch_id=row["batch_id"],
        created_at=row["created_at"],
        attempts=row["attempts"],
        last_error=row["last_error"] or "",
    )


def open_conflict_counts(conn: Connection, record_ids: Sequence[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    query = text(
        "SELECT record_id, count(*) FROM conflicts WHERE resolved_at IS NULL AND record_id IN :ids "
        "GROUP BY record_id"
    ).bindparams(bindparam("ids", expanding=True))
    for part in chunks(list(record_ids)):
        counts.update(conn.execute(query, {"ids": list(part)}).all())
    return counts


_LIGHT_SNAPSHOTS = text(
    "SELECT r.id, json_extract(r.snapshot, '$.review'), "
    "(SELECT json_group_array(json_object('id', json_extract(m.value, '$.id'), "
    "'kind', json_extract(m.value, '$.kind'), "
    "'verify_status', json_extract(m.value, '$.verify_status'), "
    "'verify_remark', json_extract(m.value, '$.verify_remark'))) "
    "FROM json_each(r.snapshot, '$.materials') m) "
    "FROM snapshots r WHERE r.id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def recompute(conn: Connection, record_ids: Iterable[int], actor: Actor) -> set[int]:
    """Re-derive the local-view columns of these records (those still held) from their snapshot,
    their pending actions and their open conflicts. Returns the ids that exist."""
    ids = sorted(set(record_ids))
    done: set[int] = set()
    for part in chunks(ids):
        # Only what the columns depend on, extracted by SQLite's JSON functions (in C) instead of
        # decoding whole snapshots in Python: undoing a 10,000-record batch re-folds 10,000 records.
        snapshots = {
            record_id: {"review": json.loads(review), "materials": json.loads(materials)}
            for record_id, review, materials in conn.execute(_LIGHT_SNAPSHOTS, {"ids": list(part)})
        }
        if not snapshots:
            continue
        pending = pending_by_record(conn, list(snapshots))
        conflicts = open_conflict_counts(conn, list(snapshots))
        record_updates = []
        material_updates = []
        for record_id, snapshot in snapshots.items():
            view = fold(snapshot, pending.get(record_id, []), actor)
            record_updates.append(
                {"b_id": record_id, **view.columns(), "open_conflicts": conflicts.get(record_id, 0)}
            )
            material_updates.extend(
                {"b_id": m["id"], "verify_status": m["verify_status"], "verify_remark": m["verify_remark"]}
                for m in view.materials
            )
        columns = [k for k in record_updates[0] if k != "b_id"]
        conn.execute(
            RECORDS.update()
            .where(RECORDS.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in columns}),
            record_updates,
        )
        if material_updates:
            conn.execute(
                MATERIALS.update()
                .where(MATERIALS.c.id == bindparam("b_id"))
                .values(verify_status=bindparam("verify_status"), verify_remark=bindparam("verify_remark")),
                material_updates,
            )
        done.update(snapshots)
    return done
