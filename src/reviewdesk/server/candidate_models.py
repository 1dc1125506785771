"""The candidate's side of the server's schema (seed 001): phone accounts and their sessions, the
identity registry, 实名认证 submissions and the administrators' answers to them, 通知公告.

Beside ``models.py`` (same ``ServerBase``, same migrations) because it is one idea: the second face of
the server, the candidates' phone pages. Nothing here is kept in process memory: sessions, CSRF
tokens, throttles and locks are rows, so any worker serves any request.

ID photos: ``identity_photos`` holds the sha256 of a manual submission's front/back photo, whose bytes
are in ``<blob_dir>/identity/``; both go when the submission is decided or withdrawn
("平台不会泄露和留存用户证件图片信息"). Automatic verification never stores a photo at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reviewdesk.server.models import ServerBase


class CandidateAccount(ServerBase):
    """A candidate who signed up with 手机号 + password. The verified identity (name, type, number) is
    set by a successful 实名认证 and is what links the account to its registration record."""

    __tablename__ = "candidate_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]
    prompted: Mapped[bool] = mapped_column(Boolean, default=False)
    realname_status: Mapped[str] = mapped_column(String(16), default="none")
    real_name: Mapped[str | None] = mapped_column(String(64))
    id_type: Mapped[str | None] = mapped_column(String(32))
    id_number: Mapped[str | None] = mapped_column(String(32), index=True)
    verified_at: Mapped[datetime | None]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    bound_at: Mapped[datetime | None]


class CandidateSession(ServerBase):
    """A signed-in browser: the cookie holds a random token, the database its sha256 and the form
    token (CSRF) every POST must carry."""

    __tablename__ = "candidate_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("candidate_accounts.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class CandidateCode(ServerBase):
    """A 验证码 sent to a phone for registration, stored hashed; used once."""

    __tablename__ = "candidate_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class CandidateAttempt(ServerBase):
    """A failure that counts toward a throttle or a lock: a wrong password (``login``, key = phone), a
    failed automatic verification (``realname``, key = account:id_type), a wrong 单位确认码
    (``bind``, key = account)."""

    __tablename__ = "candidate_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    ip: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (Index("ix_candidate_attempts_kind_key_at", "kind", "key", "at"),)


class Notice(ServerBase):
    """通知公告 on the candidates' 首页, posted by the server's administrator."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    posted_at: Mapped[datetime]
    posted_by: Mapped[str] = mapped_column(String(64), default="")


class IdentityRegistryEntry(ServerBase):
    """The identity registry automatic verification checks name + number against (loaded by the
    administrator: ``reviewdesk-server load-identities``; the demo seeds it with its people)."""

    __tablename__ = "identity_registry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_type: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("uq_identity_registry_type_number", "id_type", "id_number", unique=True),)


class IdentitySubmission(ServerBase):
    """One 实名认证 attempt: 信息填写 (draft), then photos (automatic: decided at once; manual:
    待认证 until an administrator answers), or 撤回. ``version`` moves on every change, so an
    administrator's answer made on an older version is a conflict."""

    __tablename__ = "identity_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("candidate_accounts.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    real_name: Mapped[str] = mapped_column(String(64))
    id_type: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))


class IdentityPhoto(ServerBase):
    """A manual submission's photo (``side``: front | back) until the submission is decided."""

    __tablename__ = "identity_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("identity_submissions.id"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    mime: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(BigInteger)


class IdentityDecision(ServerBase):
    """Every answer an administrator pushed from the queue, applied or not, by its client-made id
    (replayed on a repeat; never pruned, like ``decisions``)."""

    __tablename__ = "identity_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[str] = mapped_column(String(36), unique=True)
    submission_id: Mapped[int] = mapped_column(BigInteger, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    base_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # applied | conflict | rejected
    code: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
