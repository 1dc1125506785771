"""The candidates' phone pages (seed 001): accounts, sessions, 验证码, throttles, 通知公告, the identity
registry, 实名认证 submissions, their photos and the administrators' answers.

Revision ID: 0016_candidate_app
Revises: 0015_unit_entry
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_candidate_app"
down_revision: str | None = "0015_unit_entry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "candidate_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_attempts")),
    )
    with op.batch_alter_table("candidate_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_candidate_attempts_kind_key_at", ["kind", "key", "at"], unique=False)

    op.create_table(
        "candidate_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_codes")),
    )
    with op.batch_alter_table("candidate_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_codes_phone"), ["phone"], unique=False)

    op.create_table(
        "identity_registry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_type", sa.String(length=32), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_registry")),
    )
    with op.batch_alter_table("identity_registry", schema=None) as batch_op:
        batch_op.create_index("uq_identity_registry_type_number", ["id_type", "id_number"], unique=True)

    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_table(
        "candidate_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("prompted", sa.Boolean(), nullable=False),
        sa.Column("realname_status", sa.String(length=16), nullable=False),
        sa.Column("real_name", sa.String(length=64), nullable=True),
        sa.Column("id_type", sa.String(length=32), nullable=True),
        sa.Column("id_number", sa.String(length=32), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["organisations.id"], name=op.f("fk_candidate_accounts_unit_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_accounts")),
        sa.UniqueConstraint("phone", name=op.f("uq_candidate_accounts_phone")),
    )
    with op.batch_alter_table("candidate_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_accounts_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidate_accounts_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "candidate_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["candidate_accounts.id"],
            name=op.f("fk_candidate_sessions_account_id_candidate_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_candidate_sessions_token_hash")),
    )
    with op.batch_alter_table("candidate_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_sessions_account_id"), ["account_id"], unique=False)

    op.create_table(
        "identity_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=36), nullable=False),
        sa.Column("submission_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_identity_decisions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_decisions")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_identity_decisions_decision_id")),
    )
    with op.batch_alter_table("identity_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_identity_decisions_submission_id"), ["submission_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_identity_decisions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "identity_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("real_name", sa.String(length=64), nullable=False),
        sa.Column("id_type", sa.String(length=32), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["candidate_accounts.id"],
            name=op.f("fk_identity_submissions_account_id_candidate_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_submissions")),
    )
    with op.batch_alter_table("identity_submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_submissions_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_identity_submissions_status"), ["status"], unique=False)

    op.create_table(
        "identity_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=32), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["identity_submissions.id"],
            name=op.f("fk_identity_photos_submission_id_identity_submissions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_photos")),
    )
    with op.batch_alter_table("identity_photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_photos_submission_id"), ["submission_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("identity_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_photos_submission_id"))

    op.drop_table("identity_photos")
    with op.batch_alter_table("identity_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_submissions_status"))
        batch_op.drop_index(batch_op.f("ix_identity_submissions_account_id"))

    op.drop_table("identity_submissions")
    with op.batch_alter_table("identity_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_decisions_user_id"))
        batch_op.drop_index(batch_op.f("ix_identity_decisions_submission_id"))

    op.drop_table("identity_decisions")
    with op.batch_alter_table("candidate_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_sessions_account_id"))

    op.drop_table("candidate_sessions")
    with op.batch_alter_table("candidate_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_accounts_unit_id"))
        batch_op.drop_index(batch_op.f("ix_candidate_accounts_id_number"))

    op.drop_table("candidate_accounts")
    op.drop_table("notices")
    with op.batch_alter_table("identity_registry", schema=None) as batch_op:
        batch_op.drop_index("uq_identity_registry_type_number")

    op.drop_table("identity_registry")
    with op.batch_alter_table("candidate_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_codes_phone"))

    op.drop_table("candidate_codes")
    with op.batch_alter_table("candidate_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_candidate_attempts_kind_key_at")

    op.drop_table("candidate_attempts")
