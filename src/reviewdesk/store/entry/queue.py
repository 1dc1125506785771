"""The entry outbox: 单位填报 commands kept locally first and worked off by the sync, like decisions.

What the unit's staff enter (a candidate's 基础信息, a material with its scans) is written in one local
transaction as an ``entry_outbox`` row — the change is visible at once on the 考生信息填报 page, marked
未同步 — and leaves the outbox only with the server's answer. Rules, as for decisions
(``store.outbox``):

* **Base.** A command carries what its author saw: the 基础信息's ``info_version`` or the material's
  ``version`` (null: creating it) and the candidate's ``confirmation_rev``; queued behind an unanswered
  command on the same thing, it shares that one's base and is rebased when it is applied
  (:func:`complete`). So the server judges every command against what the user really saw — a change by
  a colleague or an answer of the candidate in between is a conflict, never overwritten.
* **Order.** Sent in the order made; a request stops before a second command on the same thing
  (:func:`next_batch`), so the rebase is exact.
* **Undo until synced.** :func:`undo_last` takes back the last command not yet sent (``attempts`` 0).
* **Answers.** ``applied``/``duplicate``: the returned snapshot is stored (the candidate then lives in
  ``records`` like every other); ``conflict``/``rejected``: kept in ``entry_conflicts`` with what was
  entered and the server's reason, for the page to show.

A candidate is known by its ``candidate_uid``: made here for a new one; for a record the unit already
has it is the record's ``client_uid`` or, when it has none, derived from the server and record id
(:func:`uid_for_record`), so every workstation of the unit names it alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from reviewdesk.domain import scan_checks
from reviewdesk.models.local import LocalBase
from reviewdesk.store.actions import now_iso
from reviewdesk.store.entry.scans import PreparedScan
from reviewdesk.store.ingest import store_snapshots

if TYPE_CHECKING:
    from reviewdesk.store.workspace import Workspace

ENTRY_OUTBOX = LocalBase.metadata.tables["entry_outbox"]
ENTRY_SCANS = LocalBase.metadata.tables["entry_scans"]
ENTRY_CONFLICTS = LocalBase.metadata.tables["entry_conflicts"]
BLOBS = LocalBase.metadata.tables["blobs"]

CANDIDATE = "candidate"
MATERIAL = "material"
_UID_NAMESPACE = uuid.UUID("5b0c8f0e-4d1a-4c6e-9a57-7b0f1e2d3c4a")


@dataclass(frozen=True)
class EntryCommand:
    """One queued command as the sync sends it (``request_item``)."""

    seq: int
    entry_id: str
    candidate_uid: str
    kind: str
    target: str
    payload: Mapping[str, Any]
    base: Mapping[str, Any]
    created_at: str = ""
    attempts: int = 0
    last_error: str = ""

    def request_item(self) -> dict[str, Any]:
        return {**self.payload, "base": dict(self.base)}


@dataclass(frozen=True)
class ScanRef:
    """A scan in the blob folder: what ``entry_scans`` needs of it. ``findings``: the image checks'
    (code, message) pairs on its bytes, None when not checked yet (then checked when first needed)."""

    sha256: str
    mime: str
    size: int
    findings: tuple[tuple[str, str], ...] | None = None


def uid_for_record(server_id: str, record_id: int) -> str:
    """The candidate uid of a record the unit did not enter here (no ``client_uid``)."""
    return str(uuid.uuid5(_UID_NAMESPACE, f"{server_id}:{record_id}"))


def _command(row: Mapping[str, Any]) -> EntryCommand:
    return EntryCommand(
        row["seq"],
        row["entry_id"],
        row["candidate_uid"],
        row["kind"],
        row["target"],
        row["payload"],
        row["base"],
        row["created_at"],
        row["attempts"],
        row["last_error"],
    )


def pending(ws: Workspace, candidate_uid: str | None = None) -> list[EntryCommand]:
    """Queued commands in the order made (of one candidate, or all)."""
    with ws.engine.connect() as conn:
        return pending_in(conn, candidate_uid)


def pending_in(conn: Connection, candidate_uid: str | None = None) -> list[EntryCommand]:
    query = select(ENTRY_OUTBOX).order_by(ENTRY_OUTBOX.c.seq)
    if candidate_uid is not None:
        query = query.where(ENTRY_OUTBOX.c.candidate_uid == candidate_uid)
    return [_command(row) for row in conn.execute(query).mappings()]


# -- making commands -------------------------------------------------------------------------------
def add_scans(conn: Connection, ws: Workspace, scans: Sequence[PreparedScan]) -> None:
    """Put prepared scans in the blob folder (content-addressed files: an interrupted run leaves only
    files nothing refers to) and note them in this transaction as waiting for upload."""
    for scan in scans:
        ws.blobs.put_bytes(scan.data, scan.sha256)
    add_scan_refs(conn, [ScanRef(scan.sha256, scan.mime, len(scan.data), scan.findings) for scan in scans])


def add_scan_refs(conn: Connection, scans: Sequence[ScanRef]) -> None:
    """Note scans already in the blob folder in this transaction as waiting for upload (the batch
    import moved them there itself), with the image checks' findings when known."""
    at = now_iso()
    for scan in scans:
        checked = {}
        if scan.findings is not None:
            checked = {
                "scan_flags": [list(pair) for pair in scan.findings],
                "scan_version": scan_checks.SCAN_CHECKS_VERSION,
            }
        conn.execute(
            sqlite_insert(BLOBS)
            .values(sha256=scan.sha256, size=scan.size, mime=scan.mime, fetched_at=at)
            .on_conflict_do_nothing()
        )
        conn.execute(
            sqlite_insert(ENTRY_SCANS)
            .values(
                sha256=scan.sha256, size=scan.size, mime=scan.mime, uploaded=False, created_at=at, **checked
            )
            .on_conflict_do_nothing()
        )


def queue(
    conn: Connection,
    candidate_uid: str,
    kind: str,
    target: str,
    payload: Mapping[str, Any],
    server_base: Mapping[str, Any],
) -> str:
    """Queue one command in the caller's transaction; returns its ``entry_id``. ``server_base`` is the
    base read from the candidate's server snapshot; an unanswered command on the same target lends its
    own instead (it is rebased when answered)."""
    earlier = conn.execute(
        select(ENTRY_OUTBOX.c.base)
        .where(ENTRY_OUTBOX.c.candidate_uid == candidate_uid, ENTRY_OUTBOX.c.target == target)
        .order_by(ENTRY_OUTBOX.c.seq.desc())
        .limit(1)
    ).scalar()
    base = dict(earlier) if earlier is not None else dict(server_base)
    entry_id = str(uuid.uuid4())
    conn.execute(
        ENTRY_OUTBOX.insert().values(
            entry_id=entry_id,
            candidate_uid=candidate_uid,
            kind=kind,
            target=target,
            payload={**payload, "entry_id": entry_id, "candidate_uid": candidate_uid, "kind": kind},
            base=base,
            created_at=now_iso(),
            attempts=0,
            last_error="",
        )
    )
    return entry_id


def undo_last(ws: Workspace) -> EntryCommand | None:
    """Take back the last command not yet sent; None when there is none (sent ones may be applied)."""
    with ws.write() as tx:
        row = (
            tx.conn.execute(select(ENTRY_OUTBOX).order_by(ENTRY_OUTBOX.c.seq.desc()).limit(1))
            .mappings()
            .first()
        )
        if row is None or row["attempts"] > 0:
            return None
        tx.conn.execute(delete(ENTRY_OUTBOX).where(ENTRY_OUTBOX.c.seq == row["seq"]))
        return _command(row)


# -- the sync's side -------------------------------------------------------------------------------
def scans_to_upload(ws: Workspace) -> list[str]:
    """Hashes of added scans the server does not have yet, oldest first."""
    with ws.engine.connect() as conn:
        query = (
            select(ENTRY_SCANS.c.sha256)
            .where(ENTRY_SCANS.c.uploaded.is_(False))
            .order_by(ENTRY_SCANS.c.created_at)
        )
        return list(conn.execute(query).scalars())


def mark_uploaded(ws: Workspace, sha256: str) -> None:
    with ws.write() as tx:
        tx.conn.execute(update(ENTRY_SCANS).where(ENTRY_SCANS.c.sha256 == sha256).values(uploaded=True))


def next_batch(ws: Workspace, limit: int = 500) -> list[EntryCommand]:
    """The next request's commands: in order, stopping before a target repeats."""
    batch: list[EntryCommand] = []
    seen: set[tuple[str, str]] = set()
    for command in pending(ws)[: limit * 2]:
        key = (command.candidate_uid, command.target)
        if key in seen or len(batch) >= limit:
            break
        seen.add(key)
        batch.append(command)
    return batch


def claim(ws: Workspace, entry_ids: Sequence[str]) -> list[EntryCommand]:
    """Count the attempt before sending (undo no longer takes them back); the ones still queued."""
    with ws.write() as tx:
        tx.conn.execute(
            update(ENTRY_OUTBOX)
            .where(ENTRY_OUTBOX.c.entry_id.in_(list(entry_ids)))
            .values(attempts=ENTRY_OUTBOX.c.attempts + 1)
        )
        rows = tx.conn.execute(
            select(ENTRY_OUTBOX)
            .where(ENTRY_OUTBOX.c.entry_id.in_(list(entry_ids)))
            .order_by(ENTRY_OUTBOX.c.seq)
        ).mappings()
        return [_command(row) for row in rows]


def mark_attempt(ws: Workspace, entry_ids: Sequence[str], error: str) -> None:
    with ws.write() as tx:
        tx.conn.execute(
            update(ENTRY_OUTBOX)
            .where(ENTRY_OUTBOX.c.entry_id.in_(list(entry_ids)))
            .values(last_error=error[:500])
        )


def complete(
    ws: Workspace, sent: Sequence[EntryCommand], results: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """Apply the server's answers to ``sent`` (same order) in one transaction; counts by status."""
    counts: dict[str, int] = {}
    snapshots: list[Mapping[str, Any]] = []
    with ws.write() as tx:
        conn = tx.conn
        for command, result in zip(sent, results, strict=True):
            if (
                conn.execute(select(ENTRY_OUTBOX.c.seq).where(ENTRY_OUTBOX.c.seq == command.seq)).first()
                is None
            ):
                continue  # answered before (a replay after a crash)
            status = result["status"]
            effective = result.get("first_status") or status if status == "duplicate" else status
            counts[status] = counts.get(status, 0) + 1
            conn.execute(delete(ENTRY_OUTBOX).where(ENTRY_OUTBOX.c.seq == command.seq))
            record = result.get("record")
            if record is not None:
                snapshots.append(record)
            if effective == "applied" and record is not None:
                _rebase(conn, command, record)
            elif effective in ("conflict", "rejected"):
                conn.execute(
                    ENTRY_CONFLICTS.insert().values(
                        entry_id=command.entry_id,
                        candidate_uid=command.candidate_uid,
                        status=effective,
                        reason=result.get("reason") or "",
                        message=result.get("message") or "",
                        local={"payload": dict(command.payload), "base": dict(command.base)},
                        created_at=now_iso(),
                        resolved_at=None,
                    )
                )
        if snapshots:
            tx.changed |= store_snapshots(conn, snapshots, ws.actor, only_newer=True)
    return counts


def _rebase(conn: Connection, command: EntryCommand, record: Mapping[str, Any]) -> None:
    """Later commands on the same target that shared ``command``'s base now stand on its result."""
    rev = int((record.get("confirmation") or {}).get("rev", 0))
    if command.kind == CANDIDATE:
        version: int | None = int(record.get("info_version", 1))
    else:
        version = next(
            (int(m["version"]) for m in record.get("materials") or () if m["kind"] == command.target), None
        )
    later = conn.execute(
        select(ENTRY_OUTBOX.c.seq, ENTRY_OUTBOX.c.target, ENTRY_OUTBOX.c.base).where(
            ENTRY_OUTBOX.c.candidate_uid == command.candidate_uid
        )
    ).all()
    for seq, target, base in later:
        new_base = dict(base)
        if target == command.target and base.get("version") == command.base.get("version"):
            new_base["version"] = version
        if base.get("confirmation_rev") == command.base.get("confirmation_rev"):
            new_base["confirmation_rev"] = rev
        if new_base != base:
            conn.execute(update(ENTRY_OUTBOX).where(ENTRY_OUTBOX.c.seq == seq).values(base=new_base))


def open_conflicts(ws: Workspace, candidate_uid: str | None = None) -> list[dict[str, Any]]:
    """Unread 单位填报 conflicts and rejections (of one candidate, or all), newest last."""
    query = (
        select(ENTRY_CONFLICTS).where(ENTRY_CONFLICTS.c.resolved_at.is_(None)).order_by(ENTRY_CONFLICTS.c.id)
    )
    if candidate_uid is not None:
        query = query.where(ENTRY_CONFLICTS.c.candidate_uid == candidate_uid)
    with ws.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def resolve_conflict(ws: Workspace, conflict_id: int) -> None:
    with ws.write() as tx:
        tx.conn.execute(
            update(ENTRY_CONFLICTS).where(ENTRY_CONFLICTS.c.id == conflict_id).values(resolved_at=now_iso())
        )
