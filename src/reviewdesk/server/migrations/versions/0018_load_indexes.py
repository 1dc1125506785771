"""Indexes the first downloads' scope queries need on PostgreSQL (docs/PERFORMANCE.md, *Load*).

* ``records (unit_id, id)`` replaces ``records (unit_id)``: a unit's snapshot page is ``unit_id = ?
  ORDER BY id LIMIT n``; with the one-column index PostgreSQL walked the primary key in id order and
  filtered on ``unit_id`` (257 ms for the largest unit of the 100,000-candidate seed). SQLite already
  had the order (its index entries end in the rowid, which is ``id``).
* ``records (org_path)`` becomes a ``varchar_pattern_ops`` index on PostgreSQL: a county's or city's
  scope is ``org_path LIKE '/1/2/19/%'``, and a plain B-tree serves ``LIKE`` only under the C
  collation, so every county download was a sequential scan of ``records`` (186 ms). The pattern
  operator class serves ``LIKE 'prefix%'`` and equality under any collation; nothing orders records by
  ``org_path``. SQLite keeps its plain index.

Revision ID: 0018_load_indexes
Revises: 0017_precheck_flags
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018_load_indexes"
down_revision: str | None = "0017_precheck_flags"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PATTERN_OPS = {"org_path": "varchar_pattern_ops"}


def upgrade() -> None:
    op.drop_index("ix_records_unit_id", table_name="records")
    op.create_index("ix_records_unit_id_id", "records", ["unit_id", "id"], unique=False)
    op.drop_index("ix_records_org_path", table_name="records")
    op.create_index("ix_records_org_path", "records", ["org_path"], unique=False, postgresql_ops=PATTERN_OPS)


def downgrade() -> None:
    op.drop_index("ix_records_org_path", table_name="records")
    op.create_index("ix_records_org_path", "records", ["org_path"], unique=False)
    op.drop_index("ix_records_unit_id_id", table_name="records")
    op.create_index("ix_records_unit_id", "records", ["unit_id"], unique=False)
