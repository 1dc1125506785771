"""The reviewer's commands (decisions, 材料上报, 核验): one request's items judged in one transaction.

All three are commands the client makes offline and pushes later, keyed by an id it made, each acting on
one record: judged in order against the record as the items before it left it, the first outcome
stored so a repeat replays it forever (``duplicate``), an applied one changing the record (``version``,
审核进度, the change feed). :class:`CommandBatch` is that mechanism; a subclass says only what differs
— where outcomes are stored and looked up, which record an item acts on, the rule that judges it and
the answer's shape.

Why a batch: per-item transactions, queries and snapshot builds cost 4–10 ms an item (PERFORMANCE.md
"Sync"); batched, well under 1 ms. An item's outcome never depends on whether its neighbours were
applied, conflicting or rejected; only a database error rolls the batch back, and then each item is run
again in its own transaction (:func:`push_batch`), as a batch of one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, Table, insert, inspect, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from reviewdesk.domain.enums import HistoryAction, Tier
from reviewdesk.domain.precheck import FLAGS_VERSION
from reviewdesk.server import peers, snapshot_cache
from reviewdesk.server.audit import audit_row
from reviewdesk.server.db import Database
from reviewdesk.server.feed import Visibility, log_changes
from reviewdesk.server.models import AuditLog, HistoryEntry, Record
from reviewdesk.server.mutations import bump, history_row, idempotent, now
from reviewdesk.server.records import STATUS_COLUMNS, build_snapshots, reviewed_snapshot
from reviewdesk.server.schemas import canonical_id
from reviewdesk.server.scope import Caller, scope_clause

ItemT = TypeVar("ItemT")
KeyT = TypeVar("KeyT", bound=Hashable)


@dataclass(frozen=True)
class Verdict:
    """A command's outcome as stored: ``applied``, or ``conflict``/``rejected`` with why."""

    status: str
    reason: str | None = None
    message: str = ""


APPLIED = Verdict("applied")


#: The answer to a command id another user (or the same user for another record or material) used first.
ID_IN_USE = Verdict("rejected", "id_in_use", "该操作编号已被其他操作使用，请重新操作")


@dataclass(frozen=True)
class FirstOutcome:
    """What a command's id was answered the first time: the record it acted on, its verdict, and who
    used it on what (``owner``: the user; ``subject``: the record or material the item named)."""

    record_id: int | None
    verdict: Verdict
    owner: int | None = None
    subject: int | None = None


def in_scope(caller: Caller, record: Record) -> bool:
    """Python twin of ``scope.scope_clause(caller)`` for a record loaded in scope and then changed by
    this batch (a command can take a record out of the caller's view, never into it)."""
    if caller.tier is Tier.UNIT:
        return record.unit_id == caller.org_id
    reached = getattr(record, STATUS_COLUMNS[caller.tier]) is not None
    return reached and record.org_path.startswith(caller.org_path)


class CommandBatch(ABC, Generic[ItemT, KeyT]):
    """One request's items judged in order inside one transaction, with the per-item queries done in
    bulk: the stored first outcomes and the records (locked ``FOR UPDATE`` in id order, so two batches
    cannot deadlock; before ``feed_head``, like every writer) are read up front, items are judged in
    Python against the records as earlier items left them, and outcome, 审核进度, audit and change rows
    go in with executemany at the end. Answer snapshots are built in one ``build_snapshots`` call at
    the end, except for an item whose record a later item of the batch touches again: that answer is
    built when the item is judged, so it shows the record as that item left it."""

    #: Where this kind of command's outcomes are stored (one row per command id), with the columns
    #: ``record_id``, ``status``, ``reason``, ``message``.
    table: ClassVar[Table]
    #: The column of ``table`` holding the key (:meth:`key`).
    key_column: ClassVar[str]
    #: The answer's field naming the client's command id (decisions and verifications).
    id_field: ClassVar[str] = ""
    #: The audit log's ``action`` for one judged item ("" if items are not audited one by one).
    audit_action: ClassVar[str] = ""
    #: The column of ``table`` naming the item's subject (the record or material it acts on), checked
    #: with ``user_id`` on a repeat: an id belongs to whoever used it first, on what it was used for
    #: ("" when the rows are owned elsewhere, as a report's items are by their report).
    subject_column: ClassVar[str] = ""
    #: Whether an item may change a record's materials or identity (单位填报): then the cross-candidate
    #: 预审提示 (``server.flags``) are brought up to date for the changed records and the others they
    #: share a scan or certificate number with. Decisions and verifications never do.
    changes_materials: ClassVar[bool] = False
    #: Whether an applied item changes only a record's review state and 审核进度 (decisions): then the
    #: snapshots of the answers and the cache are the cached ones patched (``records.reviewed_snapshot``)
    #: instead of built again; records without a current cache are built.
    review_only: ClassVar[bool] = False

    def __init__(self, session: Session, caller: Caller, project: str) -> None:
        self.session = session
        self.caller = caller
        self.project = project
        self.at = now()
        self.rows: dict[Table, list[dict[str, Any]]] = {
            self.table: [],
            HistoryEntry.__table__: [],
            AuditLog.__table__: [],
        }
        self.changes: list[tuple[int, Visibility | None, Visibility]] = []
        #: the 审核进度 rows this batch added, per record (``review_only``'s patches)
        self.added_history: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.changed: set[int] = set()

    @classmethod
    def push(cls, db: Database, caller: Caller, items: Sequence[ItemT], project: str) -> list[dict[str, Any]]:
        """Answers in order, the batch in one transaction (see :func:`push_batch`)."""
        return push_batch(db, items, lambda session: cls(session, caller, project))

    # -- what a kind of command says -------------------------------------------------------------
    def key(self, item: ItemT) -> KeyT:
        """The item's idempotency key, as stored: the client's id (``id_field``) in canonical form."""
        return canonical_id(getattr(item, self.id_field))  # type: ignore[return-value]

    def stored_here(self) -> ColumnElement[bool]:
        """Which rows of ``table`` this batch's keys are looked up in (all: keys are unique)."""
        return true()

    def first_outcomes(self, keys: Sequence[KeyT]) -> dict[KeyT, FirstOutcome]:
        """The stored outcomes of those of ``keys`` answered before (one query)."""
        columns = self.table.c
        key = columns[self.key_column]
        owned = [columns.user_id, columns[self.subject_column]] if self.subject_column else []
        query = select(key, columns.record_id, columns.status, columns.reason, columns.message, *owned).where(
            key.in_(keys), self.stored_here()
        )
        return {
            row[0]: FirstOutcome(
                row.record_id, Verdict(row.status, row.reason, row.message), *(tuple(row[5:]) or (None, None))
            )
            for row in self.session.execute(query)
        }

    def subject(self, item: ItemT) -> int | None:
        """What the item acts on, as stored in ``subject_column`` (None: ownership is checked elsewhere)."""
        return int(getattr(item, self.subject_column)) if self.subject_column else None

    def owns(self, first: FirstOutcome, item: ItemT) -> bool:
        """Whether a repeated id is the owner's replay: the same user, for the same record or material.
        Anything else is refused with ``id_in_use`` and learns nothing of the first use (the IETF
        Idempotency-Key draft's and Stripe's rule: a key is scoped to whoever sent it)."""
        if not self.subject_column:
            return True
        return first.owner == self.caller.user_id and first.subject == self.subject(item)

    @abstractmethod
    def targets(self, items: Sequence[ItemT]) -> list[int | None]:
        """The record each item acts on (None: nothing the item names exists), read before locking."""

    def locked(self, records: dict[int, Record]) -> None:
        """Called with the records once they are locked: lock and load what else the items change."""

    @abstractmethod
    def judge(self, key: KeyT, item: ItemT, record: Record | None) -> Verdict:
        """The item's verdict on ``record`` (None: not in scope) as earlier items left it; an applied
        item changes the record in place, calls :meth:`record_changed` and buffers its rows."""

    def answer(self, item: ItemT, verdict: Verdict, *, duplicate: bool) -> dict[str, Any]:
        """The item's answer but its ``record``: ``duplicate`` replays the first status and reason."""
        answer: dict[str, Any] = {self.id_field: getattr(item, self.id_field)}
        if duplicate:
            answer |= {"status": "duplicate", "first_status": verdict.status}
        else:
            answer["status"] = verdict.status
        if verdict.reason:
            answer |= {"reason": verdict.reason, "message": verdict.message}
        return answer

    # -- what a judged item leaves ---------------------------------------------------------------
    def buffer(self, table: Table, row: dict[str, Any]) -> None:
        """A row to insert with its table's executemany."""
        self.rows.setdefault(table, []).append(row)

    def audit(self, target: str | int, detail: dict[str, Any]) -> None:
        """The judged item's audit row (the same transaction as its change, like ``audit.audit``)."""
        row = audit_row(self.audit_action, caller=self.caller, target=target, detail=detail)
        self.buffer(AuditLog.__table__, row)

    def record_changed(
        self, record: Record, before: Visibility, action: HistoryAction, **history: Any
    ) -> None:
        """An applied item changed ``record`` (visible to ``before`` until now): bump its version, write
        its 审核进度 row as the caller (``history``: more fields of ``mutations.history_row``), and log
        the change."""
        bump(record, self.at)
        self.changes.append((record.id, before, Visibility.of(record)))
        self.changed.add(record.id)
        caller = self.caller
        row = history_row(
            record,
            action,
            self.at,
            tier=caller.tier,
            org_id=caller.org_id,
            actor=caller.display_name,
            **history,
        )
        self.buffer(HistoryEntry.__table__, row)
        self.added_history[record.id].append(row)

    # -- the mechanism ---------------------------------------------------------------------------
    def run(self, items: Sequence[ItemT]) -> list[dict[str, Any]]:
        """Answers in the items' order."""
        if not items:
            return []
        keys = [self.key(item) for item in items]
        known = self.first_outcomes(list(dict.fromkeys(keys)))
        acting: dict[KeyT, int | None] = {}  # a key repeated in this batch acts where it first did
        shown = [
            self._shown(known[key], item) if key in known else acting.setdefault(key, target)
            for key, item, target in zip(keys, items, self.targets(items), strict=True)
        ]
        records = self._lock({rid for rid in shown if rid is not None})
        versions = {rid: record.version for rid, record in records.items()}  # before this batch
        self.locked(records)
        remaining = Counter(shown)
        answers: list[dict[str, Any]] = []
        deferred: list[tuple[int, int]] = []  # (answer index, record id) built at the end
        for key, item, record_id in zip(keys, items, shown, strict=True):
            remaining[record_id] -= 1
            record = self._visible(records, record_id)
            first = known.get(key)
            if first is not None and not self.owns(first, item):
                answers.append(self.answer(item, ID_IN_USE, duplicate=False) | {"record": None})
                continue
            if first is not None:
                answer = self.answer(item, first.verdict, duplicate=True)
            else:
                verdict = self.judge(key, item, record)
                known[key] = FirstOutcome(record_id, verdict, self.caller.user_id, self.subject(item))
                answer = self.answer(item, verdict, duplicate=False)
            answer["record"] = None
            answers.append(answer)
            if record is None:
                continue
            if remaining[record_id] > 0:  # touched again later in this batch: its state now
                self._write()
                answer["record"] = build_snapshots(self.session, [record], self.project)[0]
            else:
                deferred.append((len(answers) - 1, record.id))
        self._write()
        wanted = sorted({rid for _, rid in deferred} | self.changed)

        def build() -> dict[int, dict[str, Any]]:
            cached = (
                snapshot_cache.current(self.session, {rid: versions[rid] for rid in wanted})
                if self.review_only
                else {}
            )
            cached = {rid: snap for rid, snap in cached.items() if snap.get("flags_version") == FLAGS_VERSION}
            rebuilt = [rid for rid in wanted if rid not in cached]
            snapshots = dict(
                zip(
                    rebuilt,
                    build_snapshots(self.session, [records[rid] for rid in rebuilt], self.project),
                    strict=True,
                )
            )
            names = {
                self.caller.org_id: self.caller.org_name
            }  # the only organisation this batch wrote history as
            for rid, before in cached.items():
                added = self.added_history.get(rid, ())
                snapshots[rid] = reviewed_snapshot(before, records[rid], added, names, self.project)
            return snapshots

        # 预审提示 across candidates: the changed records' keys first (their snapshots are judged
        # against them), then the others that share (or shared) a scan or number with them
        change = peers.store_keys(self.session, self.changed) if self.changes_materials else None
        built = build()
        for index, record_id in deferred:
            answers[index]["record"] = built[record_id]
        log_changes(self.session, self.changes, {rid: built[rid] for rid in sorted(self.changed)})
        if change is not None:
            peers.reflag_peers(self.session, peers.sharing(self.session, change))
        return answers

    def _shown(self, first: FirstOutcome, item: ItemT) -> int | None:
        """The record a repeated id's answer shows: where it first acted, but nothing for someone
        else's id (an ``id_in_use`` answer carries no data)."""
        return first.record_id if self.owns(first, item) else None

    def _lock(self, record_ids: set[int]) -> dict[int, Record]:
        if not record_ids:
            return {}
        query = (
            select(Record)
            .where(Record.id.in_(sorted(record_ids)), scope_clause(self.caller))
            .order_by(Record.id)
            .with_for_update()
        )
        return {record.id: record for record in self.session.scalars(query)}

    def _visible(self, records: dict[int, Record], record_id: int | None) -> Record | None:
        record = records.get(record_id) if record_id is not None else None
        if record is not None and record.id in self.changed and not in_scope(self.caller, record):
            return None
        return record

    def _write(self) -> None:
        """Send what is buffered: record updates (ORM flush), then the rows (one executemany each)."""
        same_columns(self.session)
        self.session.flush()
        for table, rows in self.rows.items():
            if rows:
                self.session.execute(insert(table), rows)
                rows.clear()


def same_columns(session: Session) -> None:
    """Marks every column that changed in some dirty record as changed in all of them, so that the
    flush sends one ``UPDATE`` (an executemany) for the batch's records.

    Why: the ORM groups a flush's updates by the set of columns each object changed, and sends a
    statement for every run of equal sets. A decision leaves a record's status as it was (暂不审核 on
    a record on hold) or changes it, so a push of 25 alternated between sets and sent up to 25
    ``UPDATE``s, each a round trip inside the transaction that holds the records' locks
    (docs/PERFORMANCE.md, *Load*). Writing a column's unchanged value again costs nothing
    measurable."""
    dirty = [inspect(obj) for obj in session.dirty if isinstance(obj, Record)]
    if len(dirty) < 2:
        return
    changed = {attr.key for state in dirty for attr in state.attrs if attr.history.has_changes()}
    for state in dirty:
        for key in changed:
            if key in state.dict:
                flag_modified(state.obj(), key)


def push_batch(
    db: Database, items: Sequence[ItemT], open_batch: Callable[[Session], CommandBatch[ItemT, Any]]
) -> list[dict[str, Any]]:
    """Answers in order. The batch is judged in one write transaction; if that transaction fails on a
    constraint (another request committed one of these ids first, or an item the database refuses),
    it is rolled back and every item is run again in its own transaction (:func:`one_by_one`), so one
    item's failure never costs the others their outcome."""
    if not items:
        return []
    try:
        with db.write() as session:
            return open_batch(session).run(items)
    except IntegrityError:
        return one_by_one(db, items, open_batch)


def one_by_one(
    db: Database, items: Sequence[ItemT], open_batch: Callable[[Session], CommandBatch[ItemT, Any]]
) -> list[dict[str, Any]]:
    """Each item as a batch of one in its own transaction, retried if it loses a race on its id."""
    return [idempotent(db, lambda session, item=item: open_batch(session).run([item])[0]) for item in items]
