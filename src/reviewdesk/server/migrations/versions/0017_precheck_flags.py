"""预审提示: what a stored scan's image checks found (on ``blobs``), and the keys cross-candidate checks
look up (``flag_keys``: certificate numbers and perceptual-hash bands of each record).

Plain DDL. Existing scans and records are checked by ``reviewdesk-server reflag`` (run after the
upgrade): it checks every scan whose ``scan_version`` is not the current rules' version, rebuilds the
keys and re-flags every record whose flags changed.

Revision ID: 0017_precheck_flags
Revises: 0012_trust
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_precheck_flags"
down_revision: str | None = "0012_trust"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild: ``images`` points at ``blobs``).
    op.add_column("blobs", sa.Column("sample", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("blobs", sa.Column("scan_version", sa.Integer(), nullable=True))
    op.add_column("blobs", sa.Column("scan_flags", sa.JSON(), nullable=True))
    op.add_column("blobs", sa.Column("scan_hash", sa.Text(), nullable=True))
    op.create_table(
        "flag_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_flag_keys_record_id_records"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_keys")),
    )
    op.create_index(op.f("ix_flag_keys_record_id"), "flag_keys", ["record_id"], unique=False)
    op.create_index(op.f("ix_flag_keys_key"), "flag_keys", ["key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_flag_keys_key"), table_name="flag_keys")
    op.drop_index(op.f("ix_flag_keys_record_id"), table_name="flag_keys")
    op.drop_table("flag_keys")
    for column in ("scan_hash", "scan_flags", "scan_version", "sample"):
        op.drop_column("blobs", column)
