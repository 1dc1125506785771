"""Issue 12 (trust): 审核进度 entries name the client action that made them (``history.action_id``),
and failed logins are looked up by client address (login throttling per address, see
``reviewdesk.server.throttle``).

A decision's entry carried its ``decision_id``; a 核验's or a 材料上报's carried nothing, so a client
that re-sent one after a crash (answered ``duplicate``) could not tell that the record's current
version was its own action's, and its later queued actions came back as false ``stale`` conflicts.
Now every entry made by a client action carries that action's id (decision_id, 核验 action_id,
report_id); decisions' existing entries get theirs copied. The serialized snapshots are dropped here
and rebuilt by ``reviewdesk.server.db.migrate`` (``snapshot_cache.fill_missing``) in the new shape.

``login_failures`` gets indexes on (ip, username, at) — the throttle's two keys — and on ``at``, which
the deletion of rows older than the window uses.

Revision ID: 0012_trust
Revises: 0016_candidate_app
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_trust"
down_revision: str | None = "0016_candidate_app"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("history", sa.Column("action_id", sa.String(length=36), nullable=True))
    op.execute("UPDATE history SET action_id = decision_id WHERE decision_id IS NOT NULL")
    op.execute("DELETE FROM snapshot_cache")
    op.create_index("ix_login_failures_ip_username_at", "login_failures", ["ip", "username", "at"])
    op.create_index("ix_login_failures_at", "login_failures", ["at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_at", table_name="login_failures")
    op.drop_index("ix_login_failures_ip_username_at", table_name="login_failures")
    op.execute("DELETE FROM snapshot_cache")
    with op.batch_alter_table("history") as batch:
        batch.drop_column("action_id")
