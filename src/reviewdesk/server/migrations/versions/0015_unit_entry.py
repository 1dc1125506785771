"""单位填报 (issue 15): candidates entered by their unit, their commands, uploaded blobs' owners, and the
candidate's 信息确认 state on the record.

Plain ``ADD COLUMN`` with server defaults (records that existed before were confirmed on the central
system) and new tables. The cached snapshots are emptied: they lack the new ``confirmation`` part, and
``reviewdesk.server.db.migrate`` refills them right after (``snapshot_cache.fill_missing``).

Revision ID: 0015_unit_entry
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_unit_entry"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("records", sa.Column("client_uid", sa.String(length=36), nullable=True))
    op.add_column("records", sa.Column("info_version", sa.Integer(), server_default="1", nullable=False))
    op.add_column(
        "records",
        sa.Column("confirmation_status", sa.String(length=16), server_default="confirmed", nullable=False),
    )
    op.add_column("records", sa.Column("confirmation_note", sa.Text(), server_default="", nullable=False))
    op.add_column("records", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("records", sa.Column("confirmation_rev", sa.Integer(), server_default="0", nullable=False))
    op.create_index("uq_records_client_uid", "records", ["client_uid"], unique=True)
    op.create_table(
        "blob_owners",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_blob_owners_sha256_blobs")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_blob_owners_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("sha256", "org_id", name=op.f("pk_blob_owners")),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=36), nullable=False),
        sa.Column("record_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_entries_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_entries_entry_id")),
    )
    op.create_index(op.f("ix_entries_subject"), "entries", ["subject"], unique=False)
    op.create_index(op.f("ix_entries_record_id"), "entries", ["record_id"], unique=False)
    op.create_index(op.f("ix_entries_user_id"), "entries", ["user_id"], unique=False)
    op.execute("DELETE FROM snapshot_cache")


def downgrade() -> None:
    op.drop_index(op.f("ix_entries_user_id"), table_name="entries")
    op.drop_index(op.f("ix_entries_record_id"), table_name="entries")
    op.drop_index(op.f("ix_entries_subject"), table_name="entries")
    op.drop_table("entries")
    op.drop_table("blob_owners")
    op.drop_index("uq_records_client_uid", table_name="records")
    for column in (
        "confirmation_rev",
        "confirmed_at",
        "confirmation_note",
        "confirmation_status",
        "info_version",
        "client_uid",
    ):
        op.drop_column("records", column)
    op.execute("DELETE FROM snapshot_cache")
