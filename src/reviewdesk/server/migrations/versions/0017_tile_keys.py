"""预审提示, reused scans: the scans' look-up tiles move from text rows of ``flag_keys``
(``s:grid.row.column:bits`` with the scan's sha, ~136 bytes a row with its indexes) to ``scan_tiles``:
two integers a row — the tile (``server.scan_tiles``: ``position << 48 | bits``) and the ``id`` of its
scan's ``x:`` row — keyed (tile, scan), indexed by scan, ``WITHOUT ROWID`` on SQLite (~30–40 bytes a
row; docs/PERFORMANCE.md). Certificate numbers and exact files (``n:``, ``x:``) stay in ``flag_keys``.

The rows are moved, not re-made: each ``s:`` row becomes the tile of its record's ``x:`` row for the
same sha, so the upgraded database looks up and flags as before with no ``reviewdesk-server reflag``.
A row that cannot be moved — a tile of another size (an older scan checks' key, which no current
look-up asks) or without its scan's ``x:`` row — is dropped; such a scan is under older scan checks
and the next ``reflag`` re-checks and re-keys it anyway. SQLite keeps the freed pages in the file
until ``VACUUM`` (run it after the upgrade to give the disk back).

Revision ID: 0017_tile_keys
Revises: 0017_scan_verdicts
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reviewdesk.server import scan_tiles

revision: str = "0017_tile_keys"
down_revision: str | None = "0017_scan_verdicts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Rows read and written per statement while moving.
BATCH = 50_000
_TEXT_KEYS = "SELECT record_id, key, sha256 FROM flag_keys WHERE key >= 's:' AND key < 't'"


def upgrade() -> None:
    op.create_table(
        "scan_tiles",
        sa.Column("tile", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("scan", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(
            ["scan"], ["flag_keys.id"], name=op.f("fk_scan_tiles_scan_flag_keys"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tile", "scan", name=op.f("pk_scan_tiles")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_scan_tiles_scan"), "scan_tiles", ["scan"], unique=False)
    bind = op.get_bind()
    scans = {
        (record_id, key[2:]): row_id
        for row_id, record_id, key in bind.execute(
            sa.text("SELECT id, record_id, key FROM flag_keys WHERE key >= 'x:' AND key < 'y'")
        )
        if key.startswith("x:")
    }
    # a duplicate s: row (two writers once) is one tile: not an error that stops the upgrade
    insert = sa.text("INSERT INTO scan_tiles (tile, scan) VALUES (:tile, :scan) ON CONFLICT DO NOTHING")
    # streamed (a server-side cursor on PostgreSQL): 10^8 rows are not held at once; this statement's
    # option only (a connection's would stream the DELETE below too)
    result = bind.execute(sa.text(_TEXT_KEYS).execution_options(stream_results=True, yield_per=BATCH))
    for rows in result.partitions():
        batch = []
        for record_id, key, sha in rows:
            scan = scans.get((record_id, sha))
            tile = _tile(key)
            if scan is not None and tile is not None:
                batch.append({"tile": tile, "scan": scan})
        if batch:
            bind.execute(insert, batch)
    bind.execute(sa.text("DELETE FROM flag_keys WHERE key >= 's:' AND key < 't'"))


def _tile(key: str) -> int | None:
    """The integer of an ``s:`` key as ``scan_tiles`` stores it, or None where it holds none."""
    tag, _, bits = key[2:].partition(":")
    try:
        return scan_tiles.tile_of(tag, bits) if key.startswith("s:") else None
    except ValueError:
        return None


def downgrade() -> None:
    bind = op.get_bind()
    insert = sa.text("INSERT INTO flag_keys (record_id, key, sha256) VALUES (:record_id, :key, :sha256)")
    query = sa.text(
        "SELECT scan_tiles.tile, flag_keys.record_id, flag_keys.sha256 FROM scan_tiles "
        "JOIN flag_keys ON flag_keys.id = scan_tiles.scan"
    )
    rows = bind.execute(query).all()  # read whole before writing the table it joins
    for start in range(0, len(rows), BATCH):
        chosen = rows[start : start + BATCH]
        keys = [{"record_id": r, "key": f"s:{scan_tiles.text_of(t)}", "sha256": s} for t, r, s in chosen]
        bind.execute(insert, keys)
    op.drop_index(op.f("ix_scan_tiles_scan"), table_name="scan_tiles")
    op.drop_table("scan_tiles")
