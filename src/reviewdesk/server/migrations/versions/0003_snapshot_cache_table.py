"""Serialized snapshots move from ``records`` columns (0002) to their own table ``snapshot_cache``.

Inline, a 4 KB snapshot filled a database page per record, and the scope queries that scan
``records`` (a county's or a unit's pages) read ten times as many bytes. The cache is rebuilt by
``reviewdesk.server.db.migrate`` right after this step (``snapshot_cache.fill_missing``), so this stays
plain DDL; until then readers build snapshots live.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "snapshot_cache",
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_snapshot_cache_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_snapshot_cache")),
    )
    op.drop_column("records", "snapshot_version")
    op.drop_column("records", "snapshot_json")


def downgrade() -> None:
    op.add_column("records", sa.Column("snapshot_json", sa.LargeBinary(), nullable=True))
    op.add_column("records", sa.Column("snapshot_version", sa.Integer(), nullable=True))
    op.drop_table("snapshot_cache")
