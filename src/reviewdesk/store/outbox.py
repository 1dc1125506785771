"""The outbox: local actions waiting for the server's answer, and how the sync engine works it off.

Protocol for the sync engine (``reviewdesk.sync``)::

    while batch := outbox.next_batch(ws, limit=500):        # leading run of one kind, in outbox order
        sending = outbox.claim(ws, [e.action_id for e in batch])   # BEFORE the request; send exactly these
        try:
            answer = client.post_…([e.request_item() for e in sending])
        except (Offline, ApiError 5xx …) as error:
            for e in sending: outbox.mark_attempt(ws, e.action_id, str(error))
            break                                            # keep order: never skip ahead
        outbox.complete_many(ws, answer["results"])           # decisions / verifications: one transaction
        # (or outbox.complete(ws, action_id, status, record, reason, message, first_status=…) per result)
        # a report: outbox.complete_report(ws, report_id, answer)

Rules, and why:

* **Order.** Send in ``pending()`` order and never reorder across kinds (a 材料上报 must reach the
  server after the decisions that passed its records). ``next_batch`` returns the leading run of one kind.
* **One action per record per request.** ``complete()`` rebases later queued actions of a record on the
  version its earlier action produced; two actions of one record in one request would send the second
  with the old base and earn a ``stale`` conflict. ``next_batch`` stops at the first repeated record
  (or material), so re-read ``next_batch`` after completing a batch: the bases may have moved.
* **Claim before sending.** ``claim()`` counts the attempt in the store before any byte leaves; from
  then on ``Workspace.undo_last`` refuses the item (the server may already have applied it). Items undone
  in between are not returned: send only what ``claim`` returned.
* **Idempotent answers.** ``complete()`` for an action no longer queued does nothing, so replaying an
  answer after a crash between the request and the commit is harmless; a resend after such a crash gets
  ``duplicate`` from the server, which ``complete()`` treats as the first outcome (``first_status``).
* **Never dropped on error.** A network/5xx failure leaves the item queued (``mark_attempt`` only records
  the error text for the status bar). Only a server answer removes an item: ``applied``/``duplicate``
  silently, ``conflict``/``rejected`` into the ``conflicts`` table with both sides, for the reviewer.

Rebase (API.md: "The client then rebases its own later queued actions"): after ``applied`` (or a
``duplicate`` of an applied action, when the record's 审核进度 shows nothing happened after it), every
queued action of the same record whose base ``version`` is the completed action's base version gets the
returned snapshot's version; for a verification the material's ``material_version`` likewise. A
``duplicate`` whose record changed since (someone else acted) is not rebased: the later action then
comes back as ``stale`` and the reviewer sees it, rather than it silently overriding a colleague.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from reviewdesk.models.local import LocalBase
from reviewdesk.store.actions import DECISION, REPORT, VERIFICATION, OutboxEntry, now_iso
from reviewdesk.store.ingest import store_snapshots
from reviewdesk.store.local_view import OUTBOX, TARGETS, chunks, entry_from_row, recompute

if TYPE_CHECKING:
    from reviewdesk.store.workspace import Workspace

CONFLICTS = LocalBase.metadata.tables["conflicts"]

APPLIED = "applied"
DUPLICATE = "duplicate"
CONFLICT = "conflict"
REJECTED = "rejected"
STATUSES = (APPLIED, DUPLICATE, CONFLICT, REJECTED)


# -- reading ---------------------------------------------------------------------------------------
def pending(ws: Workspace, kind: str | None = None, limit: int | None = None) -> list[OutboxEntry]:
    """Queued actions in the order taken (optionally only one kind, only the first ``limit``)."""
    query = select(OUTBOX).order_by(OUTBOX.c.seq)
    if kind is not None:
        query = query.where(OUTBOX.c.kind == kind)
    if limit is not None:
        query = query.limit(limit)
    with ws.engine.connect() as conn:
        return [entry_from_row(row) for row in conn.execute(query).mappings()]


def count(ws: Workspace) -> int:
    with ws.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(OUTBOX)).scalar() or 0)


def next_batch(ws: Workspace, limit: int = 500) -> list[OutboxEntry]:
    """The next request's worth of actions: the leading run of one kind in outbox order, at most
    ``limit`` items, stopping before a record (or material) repeats. A report is always alone."""
    batch: list[OutboxEntry] = []
    seen_records: set[int] = set()
    seen_materials: set[int] = set()
    query = select(OUTBOX).order_by(OUTBOX.c.seq).limit(limit)
    with ws.engine.connect() as conn:
        for row in conn.execute(query).mappings():
            entry = entry_from_row(row)
            if batch and (entry.kind != batch[0].kind or entry.kind == REPORT):
                break
            if entry.record_id in seen_records and entry.kind == DECISION:
                break
            if entry.material_id is not None and entry.material_id in seen_materials:
                break
            if entry.kind == VERIFICATION and entry.record_id in seen_records:
                break  # a verification bumps the record's version too: keep the rebase exact
            batch.append(entry)
            if entry.record_id is not None:
                seen_records.add(entry.record_id)
            if entry.material_id is not None:
                seen_materials.add(entry.material_id)
            if entry.kind == REPORT:
                break
    return batch


# -- the sync engine's writes ----------------------------------------------------------------------------
def claim(ws: Workspace, action_ids: Sequence[str]) -> list[OutboxEntry]:
    """Mark these actions as being sent (attempts + 1), so undo no longer takes them back; returns the
    ones still queued, freshly read (current bases), in outbox order. Send exactly those."""
    if not action_ids:
        return []
    claimed: list[OutboxEntry] = []
    with ws.write() as tx:
        for part in chunks(list(action_ids)):
            tx.conn.execute(
                update(OUTBOX)
                .where(OUTBOX.c.action_id.in_(bindparam("ids", expanding=True)))
                .values(attempts=OUTBOX.c.attempts + 1),
                {"ids": list(part)},
            )
            claimed.extend(
                entry_from_row(row)
                for row in tx.conn.execute(
                    select(OUTBOX).where(OUTBOX.c.action_id.in_(bindparam("ids", expanding=True))),
                    {"ids": list(part)},
                ).mappings()
            )
    return sorted(claimed, key=lambda e: e.seq)


def mark_attempt(ws: Workspace, action_id: str, error: str) -> None:
    """Record why sending failed (shown in the status bar); the action stays queued for the next sync."""
    with ws.write() as tx:
        tx.conn.execute(update(OUTBOX).where(OUTBOX.c.action_id == action_id).values(last_error=error))


def complete(
    ws: Workspace,
    action_id: str,
    status: str,
    server_record: Mapping[str, Any] | None = None,
    reason: str = "",
    message: str = "",
    *,
    first_status: str | None = None,
) -> set[int]:
    """Store the server's answer to one decision or verification, in ONE transaction:

    * remove the outbox row;
    * ``conflict``/``rejected`` (or a ``duplicate`` whose ``first_status`` was one): store a Conflict
      with both sides (``local``: payload + base; ``server``: the returned snapshot or None);
    * apply ``server_record`` (unless the store already holds a newer version of it);
    * ``applied``/``duplicate``-of-applied: rebase the record's later queued actions (module doc);
    * re-derive the local view of the records concerned.

    Unknown ``action_id`` (answered before): no-op. Returns the changed record ids.
    """
    with ws.write() as tx:
        changed = _complete_one(tx.conn, ws, action_id, status, server_record, reason, message, first_status)
        tx.changed |= changed
    return changed


def complete_many(ws: Workspace, results: Sequence[Mapping[str, Any]]) -> set[int]:
    """``complete()`` for every result of one ``/v1/decisions`` or ``/v1/verifications`` answer, in
    answer order, in ONE transaction (one fsync instead of 500). Each result is the API's JSON:
    ``decision_id`` or ``action_id``, ``status``, ``record``, ``reason``, ``message``, ``first_status``.
    Safe to batch: the server has committed them all, and a crash before this commit only means the
    resend is answered ``duplicate`` with the same outcome."""
    answers = []
    for result in results:
        action_id = result.get("decision_id") or result.get("action_id")
        if not action_id:
            raise ValueError("result without decision_id/action_id")
        if str(result.get("status")) not in STATUSES:
            raise ValueError(f"unknown result status {result.get('status')!r}")
        answers.append((str(action_id), result))
    changed: set[int] = set()
    with ws.write() as tx:
        if not _complete_batch(tx.conn, ws, answers, changed):
            for action_id, result in answers:
                changed |= _complete_one(
                    tx.conn,
                    ws,
                    action_id,
                    str(result.get("status")),
                    result.get("record"),
                    str(result.get("reason") or ""),
                    str(result.get("message") or ""),
                    result.get("first_status"),
                )
        tx.changed |= changed
    return changed


def _complete_batch(
    conn: Connection, ws: Workspace, answers: Sequence[tuple[str, Mapping[str, Any]]], changed: set[int]
) -> bool:
    """``_complete_one`` for a whole answer with one statement per step instead of one per result
    (the outbox rows read and deleted at once, the snapshots stored in one ``store_snapshots``, one
    rebase query, one ``recompute`` of the records concerned): ~3 ms an answer one by one.

    The same as completing them in order only when no record appears in two results (then no result's
    rebase or snapshot can see another's), which is what ``next_batch`` sends; otherwise it returns
    False having written nothing, and the caller completes them one by one."""
    rows: dict[str, OutboxEntry] = {}
    for part in chunks([action_id for action_id, _ in answers]):
        for row in conn.execute(
            select(OUTBOX).where(OUTBOX.c.action_id.in_(bindparam("ids", expanding=True))),
            {"ids": list(part)},
        ).mappings():
            rows[row["action_id"]] = entry_from_row(row)
    work = []
    seen: set[int] = set()
    for action_id, result in answers:
        entry = rows.pop(action_id, None)
        if entry is None:
            continue  # answered before (or a repeated id in this answer): nothing to do
        if entry.kind == REPORT:
            raise ValueError("a 材料上报 is answered per record: use complete_report()")
        record = result.get("record")
        touched = set(entry.record_ids) | ({int(record["id"])} if record is not None else set())
        if touched & seen:
            return False
        seen |= touched
        work.append((entry, result, touched))
    if not work:
        return True
    for part in chunks([entry.seq for entry, _, _ in work]):
        conn.execute(
            OUTBOX.delete().where(OUTBOX.c.seq.in_(bindparam("seqs", expanding=True))), {"seqs": list(part)}
        )
    snapshots = []
    rebases = []
    for entry, result, touched in work:
        status = str(result.get("status"))
        first_status = result.get("first_status")
        effective = first_status if status == DUPLICATE and first_status in (CONFLICT, REJECTED) else status
        record = result.get("record")
        if effective in (CONFLICT, REJECTED):
            _store_conflict(
                conn,
                entry,
                effective,
                entry.record_id,
                str(result.get("reason") or ""),
                str(result.get("message") or ""),
                record,
            )
        if record is not None:
            snapshots.append(record)
            if effective in (APPLIED, DUPLICATE) and (
                status == APPLIED or _nothing_after(record, entry.action_id)
            ):
                rebases.append((entry, record))
        changed |= touched
    store_snapshots(conn, snapshots, ws.actor, only_newer=True)
    _rebase_many(conn, rebases)
    recompute(conn, changed, ws.actor)
    return True


def _complete_one(
    conn: Connection,
    ws: Workspace,
    action_id: str,
    status: str,
    server_record: Mapping[str, Any] | None,
    reason: str,
    message: str,
    first_status: str | None,
) -> set[int]:
    if status not in STATUSES:
        raise ValueError(f"unknown result status {status!r}")
    row = conn.execute(select(OUTBOX).where(OUTBOX.c.action_id == action_id)).mappings().first()
    if row is None:
        return set()
    entry = entry_from_row(row)
    if entry.kind == REPORT:
        raise ValueError("a 材料上报 is answered per record: use complete_report()")
    effective = first_status if status == DUPLICATE and first_status in (CONFLICT, REJECTED) else status
    conn.execute(OUTBOX.delete().where(OUTBOX.c.seq == entry.seq))
    if effective in (CONFLICT, REJECTED):
        _store_conflict(conn, entry, effective, entry.record_id, reason, message, server_record)
    affected = set(entry.record_ids)
    if server_record is not None:
        store_snapshots(conn, [server_record], ws.actor, only_newer=True)
        affected.add(int(server_record["id"]))
        if effective in (APPLIED, DUPLICATE) and (
            status == APPLIED or _nothing_after(server_record, action_id)
        ):
            _rebase(conn, entry, server_record)
    recompute(conn, affected, ws.actor)
    return affected


def complete_report(
    ws: Workspace,
    report: str | OutboxEntry,
    results: Sequence[Mapping[str, Any]] | Mapping[str, Any],
) -> set[int]:
    """Store the answer to a 材料上报, in ONE transaction: remove the outbox row, store a Conflict per
    record not applied (with the report's payload and that record's snapshot), apply each returned
    snapshot, re-derive the local views of every record the report named. ``report`` is the report_id
    (or its OutboxEntry); ``results`` the answer's per-record list (or the whole answer JSON).
    Unknown report: no-op."""
    report_id = report.action_id if isinstance(report, OutboxEntry) else report
    if isinstance(results, Mapping):
        results = results.get("results") or []
    with ws.write() as tx:
        conn = tx.conn
        row = conn.execute(select(OUTBOX).where(OUTBOX.c.action_id == report_id)).mappings().first()
        if row is None:
            return set()
        entry = entry_from_row(row)
        conn.execute(OUTBOX.delete().where(OUTBOX.c.seq == entry.seq))
        affected = set(entry.record_ids)
        snapshots = []
        for result in results:
            record_id = int(result["record_id"])
            affected.add(record_id)
            if result.get("status") not in (APPLIED, DUPLICATE):
                _store_conflict(
                    conn,
                    entry,
                    str(result.get("status") or REJECTED),
                    record_id,
                    str(result.get("reason") or ""),
                    str(result.get("message") or ""),
                    result.get("record"),
                )
            if result.get("record") is not None:
                snapshots.append(result["record"])
        store_snapshots(conn, snapshots, ws.actor, only_newer=True)
        tx.changed |= recompute(conn, affected, ws.actor) | affected
        return affected


# -- helpers -----------------------------------------------------------------------------------------
def _store_conflict(
    conn: Connection,
    entry: OutboxEntry,
    status: str,
    record_id: int | None,
    reason: str,
    message: str,
    server_record: Mapping[str, Any] | None,
) -> None:
    conn.execute(
        sqlite_insert(CONFLICTS)
        .values(
            action_id=entry.action_id,
            kind=entry.kind,
            status=status,
            record_id=record_id,
            material_id=entry.material_id,
            reason=reason,
            message=message,
            local={"payload": dict(entry.payload), "base": dict(entry.base), "created_at": entry.created_at},
            server=dict(server_record) if server_record is not None else None,
            created_at=now_iso(),
            resolved_at=None,
            resolution="",
        )
        .on_conflict_do_nothing()
    )


def _nothing_after(snapshot: Mapping[str, Any], action_id: str) -> bool:
    """Whether the record's 审核进度 ends with this action (so its version is the one it produced):
    the last entry's ``action_id`` (any kind of action; servers before API.md gave it to 核验 entries
    only a ``decision_id`` of decisions) names it."""
    history = snapshot.get("history") or ()
    if not history:
        return False
    last = history[-1]
    return (last.get("action_id") or last.get("decision_id")) == action_id


def _rebase(conn: Connection, done: OutboxEntry, snapshot: Mapping[str, Any]) -> None:
    """Move later queued actions of the record from the base ``done`` saw to the returned version."""
    rows = conn.execute(
        select(OUTBOX).where(OUTBOX.c.record_id == int(snapshot["id"]), OUTBOX.c.kind != REPORT)
    ).mappings()
    _rebase_rows(conn, done, snapshot, [entry_from_row(row) for row in rows])


def _rebase_many(conn: Connection, done: Sequence[tuple[OutboxEntry, Mapping[str, Any]]]) -> None:
    """``_rebase`` for completed actions of distinct records: one query for their queued actions."""
    if not done:
        return
    queued: dict[int, list[OutboxEntry]] = {}
    for part in chunks([int(snapshot["id"]) for _, snapshot in done]):
        for row in conn.execute(
            select(OUTBOX)
            .where(OUTBOX.c.record_id.in_(bindparam("ids", expanding=True)), OUTBOX.c.kind != REPORT)
            .order_by(OUTBOX.c.seq),
            {"ids": list(part)},
        ).mappings():
            queued.setdefault(int(row["record_id"]), []).append(entry_from_row(row))
    for entry, snapshot in done:
        later = queued.get(int(snapshot["id"]))
        if later:
            _rebase_rows(conn, entry, snapshot, later)


def _rebase_rows(
    conn: Connection, done: OutboxEntry, snapshot: Mapping[str, Any], queued: Sequence[OutboxEntry]
) -> None:
    old_version = done.base.get("version")
    new_version = int(snapshot["version"])
    material_versions = {int(m["id"]): int(m["version"]) for m in snapshot.get("materials") or ()}
    updates = []
    for entry in queued:
        base = dict(entry.base)
        if base.get("version") == old_version:
            base["version"] = new_version
        if (
            done.kind == VERIFICATION
            and entry.material_id == done.material_id
            and base.get("material_version") == done.base.get("material_version")
            and done.material_id in material_versions
        ):
            base["material_version"] = material_versions[done.material_id]
        if base != entry.base:
            updates.append({"b_seq": entry.seq, "base": base})
    if updates:
        conn.execute(
            update(OUTBOX).where(OUTBOX.c.seq == bindparam("b_seq")).values(base=bindparam("base")), updates
        )


def insert_actions(conn: Connection, entries: Sequence[dict[str, Any]]) -> list[int]:
    """Append actions to the outbox with their targets, in the caller's transaction (which must be a
    write transaction: seqs are handed out from ``max(seq)``). ``entries`` are dicts with the outbox
    columns (without ``seq``) plus ``record_ids``. Returns the seqs in order."""
    if not entries:
        return []
    start = int(conn.execute(select(func.coalesce(func.max(OUTBOX.c.seq), 0))).scalar() or 0) + 1
    rows = []
    targets = []
    for offset, entry in enumerate(entries):
        seq = start + offset
        record_ids = entry["record_ids"]
        rows.append(
            {
                "seq": seq,
                "action_id": entry["action_id"],
                "kind": entry["kind"],
                "record_id": entry.get("record_id"),
                "material_id": entry.get("material_id"),
                "payload": entry["payload"],
                "base": entry.get("base") or {},
                "created_at": entry["created_at"],
                "attempts": 0,
                "last_error": "",
                "batch_id": entry.get("batch_id"),
            }
        )
        targets.extend({"seq": seq, "record_id": rid} for rid in dict.fromkeys(record_ids))
    conn.execute(OUTBOX.insert(), rows)
    if targets:
        conn.execute(TARGETS.insert(), targets)
    return [start + i for i in range(len(entries))]
