"""The central server's schema: SQLAlchemy 2 declarative models with their own base.

Separate from the desktop's ``reviewdesk.models.local``: the server is the source of truth, the desktop
holds snapshots of it. Portable across SQLite and PostgreSQL (no dialect-only SQL). Enum-valued columns
hold the English codes of ``reviewdesk.domain.enums``. Every schema change goes through an Alembic
migration in ``reviewdesk.server.migrations``; ``tests/server/test_migrations.py`` checks that the models
and the migrations agree.

Notes on a few choices:

* Organisations carry a materialised path (``"/1/5/23/"``) so a subtree is one ``LIKE '/1/5/%'``.
  Records copy their unit's path (``records.org_path``) so scope queries never walk the tree.
* The review state is flat columns (one status per tier, ``at_tier``, ``chain``) so scope is an indexed
  ``IS NOT NULL`` test, and :func:`reviewdesk.server.records.review_state` rebuilds the domain object.
* ``change_log`` keeps the record's path and reached tiers *at change time* and, when the change moved
  the record out of somebody's view, the previous ones too: that is what lets the feed send tombstones.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SINGLETON_ID = 1


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC: naive UTC text on SQLite, ``timestamptz`` on PostgreSQL.

    Naive values are refused on the way in, so no local-time guess ever reaches the database.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: UtcDateTime,
        date: Date,
    }


class ServerMeta(ServerBase):
    """One row: who this database is (``server_id``, in every cursor), the feed's compaction floor and
    the exam project. A copy of the database with a new server_id is another server to clients."""

    __tablename__ = "server_meta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    server_id: Mapped[str] = mapped_column(String(36))
    feed_floor: Mapped[int] = mapped_column(BigInteger, default=0)
    project_name: Mapped[str] = mapped_column(String(128), default="")
    project_type: Mapped[str] = mapped_column(String(64), default="")
    project_year: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    #: The ``scan_checks.SCAN_CHECKS_VERSION`` under which ``reviewdesk-server reflag`` last looked every
    #: scan up and judged every candidate pair it found (``scan_verdicts``); None: never. While it is
    #: current and nothing about the scans changed, a re-flag reads the kept verdicts instead of looking
    #: every scan up again (``flags.reflag_all``).
    matches_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: The ``flags.LOOKUP_VERSION`` (which pairs of scans a look-up compares) of that same re-flag; None:
    #: never. A look-up change makes ``reflag`` look every scan up again without checking any scan again
    #: (the kept verdicts stay true: only pairs never judged are compared).
    lookup_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class FeedHead(ServerBase):
    """One row: the last change sequence number handed out. ``UPDATE … SET seq = seq + 1`` takes its
    row lock until commit, so sequence numbers become visible to readers strictly in order."""

    __tablename__ = "feed_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Organisation(ServerBase):
    """省级 → 市州 → 区县 → 单位. Units have a confirmation code (本单位确认码) candidates bind with."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    tier: Mapped[str] = mapped_column(String(16))
    division_code: Mapped[str] = mapped_column(String(32), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    path: Mapped[str] = mapped_column(String(255), index=True)
    confirmation_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    code_updated_at: Mapped[datetime | None]


class User(ServerBase):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # "reviewer" | "admin"
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class AuthToken(ServerBase):
    """A bearer token, stored as its sha256 only: a leaked database does not leak sessions."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    device_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginFailure(ServerBase):
    """Failed logins, counted per (username, client address) and per client address over a sliding
    window by every worker alike (``reviewdesk.server.throttle``)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    ip: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_ip_username_at", "ip", "username", "at"),
        Index("ix_login_failures_at", "at"),
    )


class Record(ServerBase):
    """One candidate registration (API.md RecordSnapshot) and where it stands in review."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    submission_rev: Mapped[int] = mapped_column(Integer, default=0)
    materials_hash: Mapped[str] = mapped_column(String(64))

    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(16), default="")
    id_type: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(32), index=True)
    birth_date: Mapped[date | None]
    phone: Mapped[str] = mapped_column(String(32), default="")
    level: Mapped[str] = mapped_column(String(16))
    category_code: Mapped[str] = mapped_column(String(8))
    category_name: Mapped[str] = mapped_column(String(64))
    education_level: Mapped[str] = mapped_column(String(16))
    frontline: Mapped[bool] = mapped_column(Boolean, default=False)
    pay_status: Mapped[str] = mapped_column(String(16))

    unit_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))  # indexed with id, below
    org_path: Mapped[str] = mapped_column(String(255))  # indexed for LIKE 'prefix%', below

    submit_status: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None]
    status_unit: Mapped[str | None] = mapped_column(String(16))
    status_county: Mapped[str | None] = mapped_column(String(16))
    status_city: Mapped[str | None] = mapped_column(String(16))
    status_province: Mapped[str | None] = mapped_column(String(16))
    at_tier: Mapped[str | None] = mapped_column(String(16))
    chain: Mapped[str] = mapped_column(String(64))  # tiers, lowest first, comma-separated

    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    # 单位填报 (issue 15): a candidate the unit entered carries the client-made id it was created under
    # (materials entered offline refer to it before the server has numbered the record), and
    # ``info_version`` moves with each change of its 基础信息 (the base an offline edit is judged on).
    client_uid: Mapped[str | None] = mapped_column(String(36))
    info_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # 信息确认 (seed 001 §4.2.2, ``domain.enums.ConfirmationStatus``; ``server.confirmation``).
    # Records that existed before entry was possible were confirmed on the central system: the default.
    # ``confirmation_rev`` counts the candidate's confirmation actions, so a unit's edit made offline
    # before the candidate confirmed or objected is a conflict, never a silent overwrite.
    confirmation_status: Mapped[str] = mapped_column(
        String(16), default="confirmed", server_default="confirmed"
    )
    confirmation_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    confirmed_at: Mapped[datetime | None]
    confirmation_rev: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        Index("uq_records_client_uid", "client_uid", unique=True),
        # a unit's keyset pages (unit_id = ? ORDER BY id) and a county's scope (org_path LIKE 'prefix%',
        # which a plain B-tree serves on PostgreSQL only under the C collation): migration 0018
        Index("ix_records_unit_id_id", "unit_id", "id"),
        Index("ix_records_org_path", "org_path", postgresql_ops={"org_path": "varchar_pattern_ops"}),
    )


class SnapshotCache(ServerBase):
    """A record's RecordSnapshot serialized (compact JSON without ``"project"``), rewritten in the
    transaction of every change, tagged with the record ``version`` it was built at: see
    ``server.snapshot_cache``. Beside ``records`` rather than in it so the rows that scope queries scan
    stay a few hundred bytes (a 4 KB snapshot inline made every scan read ten times as much)."""

    __tablename__ = "snapshot_cache"

    record_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)


class Material(ServerBase):
    """One 证明材料. ``version`` moves on verification and on the candidate's change; ``content_version``
    is the version of the candidate's last change (so a verification conflict can say which it was)."""

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_version: Mapped[int] = mapped_column(Integer, default=1)
    fields: Mapped[dict[str, Any]]
    verify_status: Mapped[str] = mapped_column(String(16), default="pending")
    verify_remark: Mapped[str] = mapped_column(Text, default="")
    verified_by: Mapped[str | None] = mapped_column(String(64))
    verified_at: Mapped[datetime | None]


class Blob(ServerBase):
    """An image file in the blob directory (``<blob_dir>/ab/abcdef…``), addressed by its sha256."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    #: A shared sample picture (the demo's image pool), not one candidate's scan: never "reused".
    sample: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: What ``domain.scan_checks`` found when the scan was stored, under ``scan_version`` (its
    #: ``SCAN_CHECKS_VERSION``, not the record rules'): ``[[code, message], …]``, and its fingerprint (``scan_checks.fingerprint``; None when not
    #: decodable): the look-up hash (text, its tiles are ``scan_tiles`` rows) and the print that confirms a
    #: reused scan (~5 KB, read only for scans that share a key).
    scan_version: Mapped[int | None] = mapped_column(Integer)
    scan_flags: Mapped[list[Any] | None]
    scan_hash: Mapped[str | None] = mapped_column(Text)
    scan_print: Mapped[bytes | None] = mapped_column(LargeBinary)


class FlagKey(ServerBase):
    """What the cross-candidate checks look up by text: a record's certificate numbers
    (``n:kind:field:number``) and the exact files of its scans (``x:sha``, with the scan's ``sha256``;
    one row per record and scan — its ``id`` is the scan's number in ``scan_tiles``). A few rows a
    record; the scans' tiles, ~580 a scan, are :class:`ScanTile` rows."""

    __tablename__ = "flag_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(160), index=True)
    sha256: Mapped[str] = mapped_column(String(64), default="")


class ScanTile(ServerBase):
    """One look-up tile of a record's scan (``server.scan_tiles``: ``position << 48 | bits``) and the
    scan it is on: the ``id`` of the record's ``x:`` row in ``flag_keys``, which says the record and
    the sha (a scan removed from the record takes its tiles with it).

    Why this shape: ~580 tiles a scan make this the server's largest table (~1.4 × 10^8 rows for 10^5
    records × 2.4 scans). Two integers, no surrogate id: the primary key (tile, scan) is what a look-up
    asks (``tile IN …``, and "has a tile a row past the 20th", ``flag_keys.common_tiles``), and the one
    index, on ``scan``, what rebuilding a scan's tiles reads and deletes by. SQLite: ``WITHOUT ROWID``
    (the key is the table, not a copy of it beside a rowid B-tree). ~30–40 bytes a row with its index
    where text rows of ``flag_keys`` were ~136 (docs/PERFORMANCE.md)."""

    __tablename__ = "scan_tiles"
    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_with_rowid": False}

    tile: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    scan: Mapped[int] = mapped_column(
        ForeignKey("flag_keys.id", ondelete="CASCADE"), primary_key=True, autoincrement=False, index=True
    )


class ScanVerdict(ServerBase):
    """Whether two stored scans are one scan (``scan_checks.same_scan`` on their prints), judged under
    the image checks' version ``scan_version``; ``sha_a`` < ``sha_b``. A fact about two files, whoever
    holds them: kept so that a pair is compared once per scan-checks version (~8 ms a pair; a re-flag
    compared every candidate pair of the database again, ~1,600 s for 10^5 scans), and so that both
    records of a pair judged the same are flagged whichever side's look-up found the other
    (``server.scan_verdicts``). A scan removed from a record stops flagging with its ``flag_keys``; rows
    of another ``scan_version`` and rows on a scan no image holds are deleted by ``reviewdesk-server
    reflag`` (``scan_verdicts.prune``)."""

    __tablename__ = "scan_verdicts"

    sha_a: Mapped[str] = mapped_column(String(64), primary_key=True)
    sha_b: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    scan_version: Mapped[int] = mapped_column(Integer)
    same: Mapped[bool] = mapped_column(Boolean)


class Image(ServerBase):
    """One page of a material: which blob, which side, the candidate's file name."""

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    side: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    mime: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(255))


class BlobOwner(ServerBase):
    """Which organisation uploaded a blob through ``PUT /v1/uploads``: only it (or someone who already
    sees an image with those bytes) may attach the blob to a material, so knowing a hash is not
    enough to pull someone else's scan into one's own scope."""

    __tablename__ = "blob_owners"

    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    created_at: Mapped[datetime]


class LibraryEntry(ServerBase):
    """What one 对比库 holds for a candidate (read-only data from the central system)."""

    __tablename__ = "library_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    library: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


class HistoryEntry(ServerBase):
    """审核进度: every action on a registration, in the order it was applied (by ``id``)."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(16))
    tier: Mapped[str | None] = mapped_column(String(16))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    actor: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str | None] = mapped_column(String(16))
    remark: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[str | None] = mapped_column(String(36))
    #: The id of the client action that made this entry (decision_id, 核验 action_id, report_id).
    action_id: Mapped[str | None] = mapped_column(String(36))


class Decision(ServerBase):
    """Every decision ever pushed, applied or not, keyed by the client's ``decision_id`` (never
    pruned: a workstation offline for weeks must still get its first answer replayed)."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[str] = mapped_column(String(36), unique=True)
    record_id: Mapped[int] = mapped_column(BigInteger, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    remark: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None]
    base: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))  # applied | conflict | rejected
    reason: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    device_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]


class Report(ServerBase):
    """One 材料上报 request; ``record_ids`` is the resolved list it covers, processed in order."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reported_at: Mapped[datetime | None]
    record_ids: Mapped[list[Any]]
    device_id: Mapped[str] = mapped_column(String(64), default="")
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class ReportItem(ServerBase):
    """The stored result for one record of a report, written in the same transaction as that record's
    change, so an interrupted report resumes where it stopped and a repeat replays exactly."""

    __tablename__ = "report_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_pk: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    record_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # applied | rejected
    reason: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("uq_report_items_report_record", "report_pk", "record_id", unique=True),)


class Verification(ServerBase):
    """Every 核验 action pushed, keyed by the client's ``action_id`` (replayed on repeats)."""

    __tablename__ = "verifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[str] = mapped_column(String(36), unique=True)
    material_id: Mapped[int] = mapped_column(BigInteger, index=True)
    record_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    verify_status: Mapped[str] = mapped_column(String(16))
    remark: Mapped[str] = mapped_column(Text, default="")
    base: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))  # applied | conflict | rejected
    reason: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    device_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]


class Entry(ServerBase):
    """Every 单位填报 command pushed (``POST /v1/entries``), applied or not, keyed by the client's
    ``entry_id`` and never pruned, like ``decisions``. ``subject`` is the candidate's client-made id
    (``candidate_uid``) the command names: an id belongs to its first user, on that candidate."""

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # candidate | material
    subject: Mapped[str] = mapped_column(String(36), index=True)
    record_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    payload: Mapped[dict[str, Any]]
    base: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))  # applied | conflict | rejected
    reason: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    device_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]


class ChangeLog(ServerBase):
    """One row per committed change of a record, in commit order (``seq`` from ``feed_head``).

    ``org_path``/``tiers`` describe who could see the record after the change, ``prev_*`` who could see it
    before (set only when that differs), so the feed can tell a reviewer the record left their view.
    ``tiers`` is a bit mask over ``Tier.rank`` of the tiers the record had reached.
    """

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    org_path: Mapped[str] = mapped_column(String(255))
    tiers: Mapped[int] = mapped_column(Integer)
    prev_org_path: Mapped[str | None] = mapped_column(String(255))
    prev_tiers: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime]


class AuditLog(ServerBase):
    """Who did what, when, from which workstation and address. Written in the change's transaction."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]]
    device_id: Mapped[str] = mapped_column(String(64), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")


# The candidates' side of the schema (seed 001) lives in its own module on the same base; importing it
# here puts its tables in ServerBase.metadata for Alembic and every importer of the models.
from reviewdesk.server import candidate_models as candidate_models  # noqa: E402
