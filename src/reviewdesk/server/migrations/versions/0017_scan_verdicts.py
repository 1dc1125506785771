"""预审提示, reused scans: kept verdicts on pairs of scans (``scan_verdicts``) and the scan-checks
version under which a re-flag last judged every candidate pair (``server_meta.matches_version``).

Plain DDL. The table starts empty and ``matches_version`` NULL: the next ``reviewdesk-server reflag``
looks every scan up and judges the pairs it finds, as it did before (then keeps the verdicts); later
re-flags after a record-rule change read them instead.

Revision ID: 0017_scan_verdicts
Revises: 0017_scan_prints
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_scan_verdicts"
down_revision: str | None = "0017_scan_prints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scan_verdicts",
        sa.Column("sha_a", sa.String(length=64), nullable=False),
        sa.Column("sha_b", sa.String(length=64), nullable=False),
        sa.Column("scan_version", sa.Integer(), nullable=False),
        sa.Column("same", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("sha_a", "sha_b", name=op.f("pk_scan_verdicts")),
    )
    op.create_index(op.f("ix_scan_verdicts_sha_b"), "scan_verdicts", ["sha_b"], unique=False)
    op.add_column("server_meta", sa.Column("matches_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("server_meta", "matches_version")
    op.drop_index(op.f("ix_scan_verdicts_sha_b"), table_name="scan_verdicts")
    op.drop_table("scan_verdicts")
