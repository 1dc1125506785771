"""预审提示, reused scans: each stored scan's print (``blobs.scan_print``), what confirms that two scans
sharing a look-up key are one scan rather than two certificates of one template.

Plain DDL. The scans' hashes change format with it (rules version 2): ``reviewdesk-server reflag``, run
after the upgrade, fingerprints every scan again (its ``scan_version`` is older), rebuilds the keys and
re-flags every record. Until then the old hashes give no look-up keys, so no reused scan is flagged
rather than a wrong one.

Revision ID: 0017_scan_prints
Revises: 0018_load_indexes
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_scan_prints"
down_revision: str | None = "0018_load_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("blobs", sa.Column("scan_print", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    op.drop_column("blobs", "scan_print")
