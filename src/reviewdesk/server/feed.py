"""The change feed: sequence numbers, cursors, reading pages, compaction.

Writers call :func:`log_change` as the *last* step of their transaction: it rewrites the record's cached
snapshot (``snapshot_cache``), bumps ``feed_head`` with
``UPDATE feed_head SET seq = seq + 1`` and inserts the change row. The update holds the row's lock
until commit (PostgreSQL row lock; SQLite's single writer), so transactions commit in sequence order
and a reader that sees ``seq`` N has seen every change below N. That is what makes a keyset cursor on
``seq`` safe: nothing can later appear behind it.

Cursors are opaque to clients: ``base64url("<server_id>:<seq>")``. A cursor of another database, or
one below the compaction floor, or above the head (a restored backup) is answered with 410.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session, aliased

from reviewdesk.server import snapshot_cache
from reviewdesk.server.errors import ApiError
from reviewdesk.server.models import SINGLETON_ID, ChangeLog, FeedHead, Record, ServerMeta
from reviewdesk.server.records import record_tiers_mask

CURSOR_EXPIRED = "同步游标已失效，请重新下载全部数据"
CURSOR_INVALID = "同步游标格式无效"


@dataclass(frozen=True)
class Visibility:
    """Who could see a record: its unit's path and the tiers it had reached (``tiers_mask``)."""

    org_path: str
    tiers: int

    @classmethod
    def of(cls, record: Record) -> Visibility:
        return cls(record.org_path, record_tiers_mask(record))


def server_meta(session: Session) -> ServerMeta:
    return session.get_one(ServerMeta, SINGLETON_ID)


def feed_head(session: Session) -> int:
    return int(session.scalar(select(FeedHead.seq).where(FeedHead.id == SINGLETON_ID)) or 0)


def feed_state(session: Session) -> tuple[ServerMeta, int]:
    """``server_meta`` and the feed head in one query (two single rows): a sync with nothing new reads
    nothing else, and each round trip to PostgreSQL counts under load (docs/PERFORMANCE.md, *Load*).
    The meta row stays in the session, so later :func:`server_meta` calls do not query again."""
    meta, head = session.execute(
        select(ServerMeta, FeedHead.seq)
        .join(FeedHead, FeedHead.id == ServerMeta.id)  # both single rows have id SINGLETON_ID
        .where(ServerMeta.id == SINGLETON_ID)
    ).one()
    return meta, int(head or 0)


def _advance_head(session: Session, count: int) -> int:
    """Moves ``feed_head`` on by ``count`` and returns the new head. The update takes the row's lock
    until commit, so every round trip from here to the commit lengthens the line of writers behind it
    (pushes are serialized on it): where the database can say the new value in the same statement
    (``UPDATE … RETURNING``: PostgreSQL, SQLite ≥ 3.35) it does, one round trip fewer under the lock."""
    statement = update(FeedHead).where(FeedHead.id == SINGLETON_ID).values(seq=FeedHead.seq + count)
    if session.get_bind().dialect.update_returning:
        return int(session.execute(statement.returning(FeedHead.seq)).scalar_one())
    session.execute(statement)
    return feed_head(session)


def log_change(
    session: Session,
    record: Record,
    before: Visibility | None = None,
    snapshot: dict[str, Any] | None = None,
) -> int:
    """Append the record's change to the log and return its seq. Call last, just before commit.

    Every change of a record comes through here, so this is also where the record's serialized
    snapshot is rewritten (``snapshot_cache``), in the same transaction as the change. ``snapshot``:
    the RecordSnapshot the caller has just built of the changed record for its answer
    (``mutations.snapshot``), stored as is instead of being built a second time."""
    session.flush()
    if snapshot is None:
        snapshot_cache.refresh(session, [record.id])
    else:
        snapshot_cache.store(session, record.id, record.version, snapshot)
    seq = _advance_head(session, 1)
    after = Visibility.of(record)
    moved = before is not None and before != after
    session.add(
        ChangeLog(
            seq=seq,
            record_id=record.id,
            org_path=after.org_path,
            tiers=after.tiers,
            prev_org_path=before.org_path if moved and before else None,
            prev_tiers=before.tiers if moved and before else None,
            changed_at=datetime.now(UTC),
        )
    )
    session.flush()
    return seq


def log_changes(
    session: Session,
    changes: Sequence[tuple[int, Visibility | None, Visibility]],
    snapshots: Mapping[int, dict[str, Any]],
) -> list[int]:
    """:func:`log_change` for many changes of one transaction (a decision batch), in their order:
    ``changes`` are (record_id, visibility before, visibility after) per change (a record may repeat),
    ``snapshots`` the final RecordSnapshot of each changed record, cached as is. One ``feed_head``
    update hands out the whole run of seqs (same lock, same commit-order guarantee); the rows go in
    with one statement. Call last, just before commit; returns the seqs."""
    if not changes:
        return []
    session.flush()
    snapshot_cache.store_many(session, [(rid, snap["version"], snap) for rid, snap in snapshots.items()])
    at = datetime.now(UTC)
    rows = []
    for record_id, before, after in changes:
        moved = before is not None and before != after
        rows.append(
            {
                "record_id": record_id,
                "org_path": after.org_path,
                "tiers": after.tiers,
                "prev_org_path": before.org_path if moved and before else None,
                "prev_tiers": before.tiers if moved and before else None,
                "changed_at": at,
            }
        )
    if session.get_bind().dialect.name == "postgresql":
        return _head_and_rows_at_once(session, rows, at)
    first = _advance_head(session, len(rows)) - len(rows) + 1
    for offset, row in enumerate(rows):
        row["seq"] = first + offset
    session.execute(insert(ChangeLog.__table__), rows)
    return [row["seq"] for row in rows]


#: PostgreSQL: the head moved and the change rows written by one statement. A data-modifying CTE
#: hands its ``RETURNING`` to the insert; ``unnest … WITH ORDINALITY`` numbers the rows in the order
#: given, and arrays keep the statement's parameters at seven however many rows a batch has.
_HEAD_AND_ROWS = text(
    """
    WITH head AS (
        UPDATE feed_head SET seq = seq + :count WHERE id = :head_id RETURNING seq
    )
    INSERT INTO change_log (seq, record_id, org_path, tiers, prev_org_path, prev_tiers, changed_at)
    SELECT head.seq - :count + c.ord, c.record_id, c.org_path, c.tiers, c.prev_org_path, c.prev_tiers,
           CAST(:changed_at AS timestamptz)
    FROM head,
         unnest(CAST(:record_ids AS integer[]), CAST(:org_paths AS varchar[]), CAST(:tiers AS integer[]),
                CAST(:prev_org_paths AS varchar[]), CAST(:prev_tiers AS integer[]))
             WITH ORDINALITY AS c(record_id, org_path, tiers, prev_org_path, prev_tiers, ord)
    RETURNING seq
    """
)


def _head_and_rows_at_once(session: Session, rows: list[dict[str, Any]], at: datetime) -> list[int]:
    """The rows of :func:`log_changes` with their seqs, in one round trip on PostgreSQL.

    Why: every push of the province waits for the ``feed_head`` row lock that this takes until commit
    (module docstring). Moving the head and then inserting the rows were two round trips inside the
    lock, and between them the pushing thread had to win its process's GIL back from the other
    requests' threads — measured under the deadline-day mix, ~1 backend always waited on that lock
    (docs/PERFORMANCE.md, *Load*). One statement leaves only the commit inside it."""
    seqs = session.execute(
        _HEAD_AND_ROWS,
        {
            "count": len(rows),
            "head_id": SINGLETON_ID,
            "changed_at": at,
            "record_ids": [row["record_id"] for row in rows],
            "org_paths": [row["org_path"] for row in rows],
            "tiers": [row["tiers"] for row in rows],
            "prev_org_paths": [row["prev_org_path"] for row in rows],
            "prev_tiers": [row["prev_tiers"] for row in rows],
        },
    ).scalars()
    return sorted(int(seq) for seq in seqs)


# -- cursors ----------------------------------------------------------------------------------------
#: What a cursor looks like (unpadded base64url of "<server uuid>:<seq>", at least 51 characters):
#: published in the schema, so "0"-style values are refused as malformed (422) before any look-up.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{51,200}$"


def encode_cursor(server_id: str, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{server_id}:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    """(server_id, seq) or ApiError 400 for something that was never a cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        server_id, seq_text = raw.split(":")
        uuid.UUID(server_id)
        seq = int(seq_text)
    except (ValueError, binascii.Error, UnicodeError) as error:
        raise ApiError(400, "invalid_cursor", CURSOR_INVALID) from error
    if seq < 0 or not seq_text.isdigit():
        raise ApiError(400, "invalid_cursor", CURSOR_INVALID)
    return server_id, seq


def check_cursor(session: Session, cursor: str, head: int | None = None) -> int:
    """The seq a cursor stands for, if this server can still serve changes after it; else 410.
    ``head``: the feed head the caller has just read (else it is read here)."""
    server_id, seq = decode_cursor(cursor)
    meta = server_meta(session)
    if (
        server_id != meta.server_id
        or seq < meta.feed_floor
        or seq > (feed_head(session) if head is None else head)
    ):
        raise ApiError(410, "cursor_expired", CURSOR_EXPIRED)
    return seq


# -- compaction -------------------------------------------------------------------------------------
def compact(session: Session, up_to_seq: int | None = None) -> tuple[int, int]:
    """Drop change rows superseded by a later row of the same record (only rows ≤ ``up_to_seq``).

    A cursor below a dropped row could miss a tombstone that row carried, so the floor rises to the
    highest dropped seq: older cursors get 410 and re-download. Returns (rows dropped, new floor).
    """
    # Only rows up to a fixed bound, superseded by rows up to that bound: rows committed meanwhile
    # cannot change which rows are dropped, so the floor computed here stays right.
    bound = feed_head(session) if up_to_seq is None else min(up_to_seq, feed_head(session))
    later = aliased(ChangeLog)
    superseded = select(ChangeLog.seq).where(
        ChangeLog.seq <= bound,
        select(later.seq)
        .where(later.record_id == ChangeLog.record_id, later.seq > ChangeLog.seq, later.seq <= bound)
        .exists(),
    )
    highest = session.scalar(select(func.max(superseded.subquery().c.seq)))
    meta = server_meta(session)
    if highest is None:
        return 0, meta.feed_floor
    dropped = session.execute(
        delete(ChangeLog)
        .where(ChangeLog.seq.in_(superseded.scalar_subquery()))
        .execution_options(synchronize_session=False)
    ).rowcount
    meta.feed_floor = max(meta.feed_floor, int(highest))
    return int(dropped or 0), meta.feed_floor
