"""预审提示, reused scans: the look-up's version under which a re-flag last judged every candidate pair
(``server_meta.lookup_version``, beside ``matches_version``, the scan checks' version).

Why a column of its own: the look-up (which pairs of scans are compared: ``flags.LOOKUP_VERSION``) can
change while the scan checks do not — the kept verdicts are then still true (facts about two files) and
no scan needs decoding again, but pairs the new look-up compares were never judged. Plain DDL; NULL on
upgrade: the next ``reviewdesk-server reflag`` looks every scan up once (judging only pairs without a
kept verdict) and sets it.

Revision ID: 0017_lookup_version
Revises: 0017_tile_keys
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_lookup_version"
down_revision: str | None = "0017_tile_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("server_meta", sa.Column("lookup_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("server_meta", "lookup_version")
