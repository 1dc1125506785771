"""The desktop's local store: one SQLite file per (server, account), SQLAlchemy 2 declarative models.

Two layers of truth live side by side, so that nothing decided offline is ever lost or misreported:

* ``ServerSnapshot.snapshot`` (table ``snapshots``, one row per record) is the record exactly as the
  server last sent it (API.md RecordSnapshot). It lives beside ``records`` rather than in it so the flat
  columns stay a few hundred bytes a row: a snapshot with its materials and 审核进度 is 2–4 KB, which
  would leave one record per page and make every scan of the list's columns (the fast index loads
  10^6 of them at start) read gigabytes.
* The flat columns of ``Record`` and ``Material`` are the *local view*: the snapshot with the reviewer's
  pending (unsynced) actions from ``OutboxItem`` applied in order. They are what the list, the filters,
  the fast index and the export read. ``reviewdesk.store`` recomputes them whenever the snapshot or the
  outbox of a record changes (pull, local action, undo, push answer) — never edited by hand.

Enum-valued columns hold the English codes of ``reviewdesk.domain.enums``; labels are for display.
Times are ISO 8601 strings (sortable as text in one time zone offset); dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Bumped with every change of the tables below; ``reviewdesk.store.db`` migrates older files forward
#: (``store.db.MIGRATIONS``). 2: outbox.batch_id, outbox_targets, conflicts unique per (action, record),
#: download_seen, snapshots split out of records. 3: 单位填报 (entry_outbox, entry_scans, entry_conflicts).
#: 4: 预审提示 (records.flag_rank, records.flag_kinds). 5: the 预审提示 of scans added here
#: (entry_scans.scan_flags, entry_scans.scan_version).
SCHEMA_VERSION = 5


class LocalBase(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Meta(LocalBase):
    """Key/value facts about this store: server_url, server_id, username, me (JSON), cursor,
    last_sync_at, last_sync_error, schema_version, catalogue (JSON), device_id."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Record(LocalBase):
    """One registration in the reviewer's scope: the server's snapshot plus the local view's columns."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # Base of the last server snapshot: what a decision made now is bound to.
    version: Mapped[int] = mapped_column(Integer)
    submission_rev: Mapped[int] = mapped_column(Integer)
    materials_hash: Mapped[str] = mapped_column(String(64))

    name: Mapped[str] = mapped_column(String(64), index=True)
    id_type: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(32), index=True)
    gender: Mapped[str] = mapped_column(String(8), default="")
    birth_date: Mapped[str] = mapped_column(String(10), default="")
    submit_status: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    pay_status: Mapped[str] = mapped_column(String(16))
    project: Mapped[str] = mapped_column(String(64), default="")
    level: Mapped[str] = mapped_column(String(16))
    category_code: Mapped[str] = mapped_column(String(8))
    category_name: Mapped[str] = mapped_column(String(64))
    education_level: Mapped[str] = mapped_column(String(16))
    frontline: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_id: Mapped[int] = mapped_column(Integer)
    unit_name: Mapped[str] = mapped_column(String(128))
    unit_parent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    # 审核状态 per tier in the local view: a ReviewStatus code, or None where not reached (shown blank).
    status_unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status_county: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status_city: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status_province: Mapped[str | None] = mapped_column(String(16), nullable=True)
    at_tier: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # The local view's whole ReviewState.to_dict(), for the workflow checks.
    review: Mapped[dict[str, Any]] = mapped_column(JSON)

    # Derived for filters: bit i set when Library #i (enum order) has entries for this person.
    library_hits: Mapped[int] = mapped_column(Integer, default=0)
    misconduct_hit: Mapped[bool] = mapped_column(Boolean, default=False)
    # 预审提示 from the snapshot's ``flags``: worst severity × 1000 + count (the list column's sort key;
    # 0 = none), and bit i set when a flag of ``domain.precheck.KINDS[i]`` is present (高级搜索).
    flag_rank: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    flag_kinds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Worst 核验状态 over the record's materials in the local view (failed > pending > verified).
    verify_summary: Mapped[str] = mapped_column(String(16), default="pending")

    # Sync markers: unsynced local actions on this record, and open conflicts/rejections.
    pending_actions: Mapped[int] = mapped_column(Integer, default=0)
    open_conflicts: Mapped[int] = mapped_column(Integer, default=0)

    updated_at: Mapped[str] = mapped_column(String(32), default="")

    materials: Mapped[list[Material]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Material.id"
    )


class ServerSnapshot(LocalBase):
    """The server's last RecordSnapshot of a record, as JSON (goes with its record)."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class Material(LocalBase):
    """One 证明材料 of a record in the local view (verification state includes pending actions)."""

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    # [{"side", "sha256", "size", "mime", "filename"}]
    images: Mapped[list[Any]] = mapped_column(JSON)
    verify_status: Mapped[str] = mapped_column(String(16), default="pending")
    verify_remark: Mapped[str] = mapped_column(Text, default="")

    # Columns for 专项信息's filters (copied from ``fields`` for the kinds that have them, else "").
    education_level: Mapped[str] = mapped_column(String(16), default="")
    major_type: Mapped[str] = mapped_column(String(32), default="")
    school: Mapped[str] = mapped_column(String(128), default="")
    enrolled_on: Mapped[str] = mapped_column(String(10), default="")
    graduated_on: Mapped[str] = mapped_column(String(10), default="")

    record: Mapped[Record] = relationship(back_populates="materials")

    __table_args__ = (Index("ix_materials_kind_status", "kind", "verify_status"),)


class OutboxItem(LocalBase):
    """A local action not yet answered by the server, in the order it was taken.

    Written in the same transaction as its effect on the local view; removed only in the transaction
    that stores the server's answer. ``action_id`` is the decision_id / report_id / verification
    action_id sent on every retry, so a resend is recognised by the server as a duplicate.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "decision" | "report" | "verification"
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    material_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The request item as API.md defines it for the kind (without base for reports).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The base the reviewer saw: {"version", "submission_rev", "materials_hash"}; rebased on own applies.
    base: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[str] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # Rows made by one gesture (a bulk decision over a selection) share it: undo takes them back together.
    batch_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class OutboxTarget(LocalBase):
    """Which records an outbox item changes in the local view: one row for a decision or a verification
    (the material's record), one per record for a 材料上报. The local-view fold of a record reads its
    pending actions through this table, so a report over 50,000 records needs no JSON scan."""

    __tablename__ = "outbox_targets"

    seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq", ondelete="CASCADE"), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class Conflict(LocalBase):
    """An action the server did not apply (``conflict`` or ``rejected``), kept until the reviewer
    resolves it, with both sides: what the reviewer decided and the server's record at that moment."""

    __tablename__ = "conflicts"
    # One action may leave several (a 材料上报 refused for some of its records): one row per record.
    __table_args__ = (UniqueConstraint("action_id", "record_id", name="uq_conflicts_action_record"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # "conflict" | "rejected"
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    material_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    local: Mapped[dict[str, Any]] = mapped_column(JSON)  # the outbox payload and base
    server: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # RecordSnapshot
    created_at: Mapped[str] = mapped_column(String(32))
    resolved_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")


class DownloadSeen(LocalBase):
    """Record ids received during a full download (``store.ingest.begin_full_download``): when it
    finishes, every held record not seen left the scope. A table, not memory, so the pages may come in
    separate transactions and a crash mid-download leaves nothing half-decided."""

    __tablename__ = "download_seen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class Blob(LocalBase):
    """A certificate image downloaded by hash into the blob folder (``<data>/blobs/ab/abcdef…``)."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(32), default="")
    fetched_at: Mapped[str] = mapped_column(String(32))


class SavedSearch(LocalBase):
    """A named set of list filters (the filter panel's state as JSON)."""

    __tablename__ = "saved_searches"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[str] = mapped_column(String(32))


class EntryOutboxItem(LocalBase):
    """A 单位填报 command (API.md EntryIn) waiting for the server's answer: the unit's staff enter
    candidates and materials offline, like decisions. ``payload`` is the command without its ``base``;
    ``attempts`` > 0 means it may have reached the server (undo no longer takes it back). Kept apart from
    ``outbox``: entries act on candidates the server may not have numbered yet (``candidate_uid``)."""

    __tablename__ = "entry_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(36), unique=True)
    candidate_uid: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "candidate" | "material"
    target: Mapped[str] = mapped_column(String(32))  # "candidate" or the material kind
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    base: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[str] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class EntryScan(LocalBase):
    """A scan the unit added (its bytes are in the blob folder, checked and upright): ``uploaded`` once
    the server has stored it (``PUT /v1/uploads``), so a sync never sends the bytes twice."""

    __tablename__ = "entry_scans"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(32))
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(32))
    # 预审提示 of the scan (``domain.scan_checks`` on these bytes before upload): [[code, message]], and the
    # ``scan_checks.SCAN_CHECKS_VERSION`` they were found under (None: not checked yet, e.g. added before version 5).
    scan_flags: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    scan_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class EntryConflict(LocalBase):
    """A 单位填报 command the server did not apply (conflict or rejected), with what was entered and
    the server's reason, shown on the candidate until the user has read it."""

    __tablename__ = "entry_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(36), index=True)
    candidate_uid: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    local: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[str] = mapped_column(String(32))
    resolved_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
