"""Cached serialized snapshots: ``records.snapshot_json`` and ``records.snapshot_version``.

Superseded by 0003, which moves them to a table of their own (inline they made ``records`` scans read
ten times as much); kept so databases that ran it upgrade in order. Plain DDL, nullable columns.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch table copy): both SQLite and PostgreSQL add a nullable column in place.
    op.add_column("records", sa.Column("snapshot_json", sa.LargeBinary(), nullable=True))
    op.add_column("records", sa.Column("snapshot_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    # In place too (SQLite ≥ 3.35 drops columns), not a batch copy of a table others point at.
    op.drop_column("records", "snapshot_version")
    op.drop_column("records", "snapshot_json")
