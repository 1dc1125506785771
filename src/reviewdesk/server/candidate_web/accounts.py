"""Candidate accounts: register with 手机号 + 验证码 + password, sign in (throttled like reviewers), the
cookie session and its form token (CSRF).

微信授权登录 is not available outside WeChat, so the phone number is the login. The 验证码 goes out
through a :class:`CodeSender`; the demo's (:class:`LogCodeSender`) writes it to the server log, and the
page says so, because a demo has no SMS gateway. A province plugs its gateway in by passing another
sender to ``create_app``.

Every fact lives in the database (sessions, codes, failures), so any worker serves any request.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reviewdesk.domain import candidate_info
from reviewdesk.server.candidate_models import (
    CandidateAccount,
    CandidateAttempt,
    CandidateCode,
    CandidateSession,
)
from reviewdesk.server.db import Database
from reviewdesk.server.mutations import now
from reviewdesk.server.security import hash_password, token_digest, verify_password
from reviewdesk.server.settings import ServerSettings

log = logging.getLogger("reviewdesk.server.candidate")

SESSION_TTL = timedelta(days=7)
CODE_TTL = timedelta(minutes=10)
#: At most this many 验证码 per phone per hour (an SMS costs money and can be used to pester).
CODES_PER_HOUR = 5
MIN_PASSWORD = 8

PHONE_FORMAT = "请输入11位手机号"
PASSWORD_SHORT = f"密码至少需要{MIN_PASSWORD}个字符"
PASSWORD_MISMATCH = "两次输入的密码不一致"
CODE_WRONG = "验证码错误或已过期，请重新获取"
CODE_TOO_MANY = "验证码发送过于频繁，请稍后再试"
PHONE_TAKEN = "该手机号已注册，请直接登录"
BAD_LOGIN = "手机号或密码错误"
THROTTLED = "登录失败次数过多，请{minutes}分钟后再试"


class CodeSender(Protocol):
    """Delivers a 验证码. ``shows_in_log`` tells the page to say where the demo's code went."""

    shows_in_log: bool

    def send(self, phone: str, code: str) -> None: ...


class LogCodeSender:
    """The demo's sender: the code goes to the server log (WARNING, so it shows with uvicorn's
    default level), never to the page."""

    shows_in_log = True

    def send(self, phone: str, code: str) -> None:
        log.warning("验证码 %s 已发往 %s（演示：未接短信网关，验证码写入服务器日志）", code, phone)


def normalize_phone(phone: str) -> str:
    return candidate_info.normalize_phone(phone).removeprefix("+86")


def phone_ok(phone: str) -> bool:
    return candidate_info.is_mobile(phone)


def _code_digest(phone: str, code: str) -> str:
    return hashlib.sha256(f"{phone}:{code}".encode()).hexdigest()


def send_code(db: Database, sender: CodeSender, phone: str) -> str | None:
    """Send a registration 验证码; a refusal is returned as its Chinese message."""
    phone = normalize_phone(phone)
    if not phone_ok(phone):
        return PHONE_FORMAT
    at = now()
    code = f"{secrets.randbelow(10**6):06d}"
    with db.write() as session:
        recent = session.scalar(
            select(func.count())
            .select_from(CandidateCode)
            .where(CandidateCode.phone == phone, CandidateCode.created_at > at - timedelta(hours=1))
        )
        if (recent or 0) >= CODES_PER_HOUR:
            return CODE_TOO_MANY
        session.add(
            CandidateCode(
                phone=phone,
                code_hash=_code_digest(phone, code),
                created_at=at,
                expires_at=at + CODE_TTL,
                used=False,
            )
        )
    sender.send(phone, code)
    return None


@dataclass(frozen=True)
class Registration:
    """The outcome of a registration form: the account id, or messages per field."""

    account_id: int | None
    errors: dict[str, str]


def register(db: Database, phone: str, code: str, password: str, password2: str) -> Registration:
    phone = normalize_phone(phone)
    errors: dict[str, str] = {}
    if not phone_ok(phone):
        errors["phone"] = PHONE_FORMAT
    if len(password) < MIN_PASSWORD:
        errors["password"] = PASSWORD_SHORT
    elif password != password2:
        errors["password2"] = PASSWORD_MISMATCH
    if errors:
        return Registration(None, errors)
    password_hash = hash_password(password)  # slow on purpose: outside the write transaction
    at = now()
    with db.write() as session:
        if session.scalar(select(CandidateAccount.id).where(CandidateAccount.phone == phone)) is not None:
            return Registration(None, {"phone": PHONE_TAKEN})
        stored = session.scalar(
            select(CandidateCode)
            .where(
                CandidateCode.phone == phone,
                CandidateCode.code_hash == _code_digest(phone, code.strip()),
                CandidateCode.used.is_(False),
                CandidateCode.expires_at > at,
            )
            .limit(1)
        )
        if stored is None:
            return Registration(None, {"code": CODE_WRONG})
        stored.used = True
        account = CandidateAccount(
            phone=phone, password_hash=password_hash, created_at=at, realname_status="none"
        )
        session.add(account)
        session.flush()
        return Registration(account.id, {})


def throttle_seconds(
    session: Session, kind: str, key: str, limit: int, window: timedelta, at: datetime
) -> int | None:
    """Seconds until ``key`` may try again when ``limit`` failures of ``kind`` fell within ``window``."""
    failures = list(
        session.scalars(
            select(CandidateAttempt.at)
            .where(
                CandidateAttempt.kind == kind, CandidateAttempt.key == key, CandidateAttempt.at > at - window
            )
            .order_by(CandidateAttempt.at)
        )
    )
    if len(failures) < limit:
        return None
    frees_at = failures[len(failures) - limit] + window
    return max(1, math.ceil((frees_at - at).total_seconds()))


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


@dataclass(frozen=True)
class SignIn:
    """A new session (cookie token) or the Chinese reason there is none."""

    token: str | None
    error: str = ""


def sign_in(db: Database, settings: ServerSettings, phone: str, password: str, ip: str) -> SignIn:
    phone = normalize_phone(phone)
    at = now()
    with db.read() as session:
        wait = throttle_seconds(
            session, "login", phone, settings.login_failure_limit, settings.login_failure_window, at
        )
        account = session.scalar(select(CandidateAccount).where(CandidateAccount.phone == phone))
    if wait is not None:
        return SignIn(None, THROTTLED.format(minutes=minutes(wait)))
    if not verify_password(account.password_hash if account else None, password) or account is None:
        with db.write() as session:
            session.add(CandidateAttempt(kind="login", key=phone, at=at, ip=ip))
        return SignIn(None, BAD_LOGIN)
    token = secrets.token_urlsafe(32)
    with db.write() as session:
        session.add(
            CandidateSession(
                token_hash=token_digest(token),
                account_id=account.id,
                csrf_token=secrets.token_urlsafe(32),
                created_at=at,
                expires_at=at + SESSION_TTL,
            )
        )
        session.execute(
            delete(CandidateAttempt).where(CandidateAttempt.kind == "login", CandidateAttempt.key == phone)
        )
        session.execute(
            delete(CandidateSession).where(
                CandidateSession.account_id == account.id, CandidateSession.expires_at < at
            )
        )
        session.execute(
            update(CandidateAccount).where(CandidateAccount.id == account.id).values(last_login_at=at)
        )
    return SignIn(token)


@dataclass(frozen=True)
class Signed:
    """The signed-in candidate of a request: their account row (detached) and the form token."""

    account: CandidateAccount
    csrf_token: str
    session_id: int


def signed_in(db: Database, token: str | None) -> Signed | None:
    if not token:
        return None
    with db.read() as session:
        row = session.execute(
            select(CandidateSession, CandidateAccount)
            .join(CandidateAccount, CandidateAccount.id == CandidateSession.account_id)
            .where(CandidateSession.token_hash == token_digest(token))
        ).one_or_none()
    if row is None or row[0].expires_at <= now():
        return None
    return Signed(row[1], row[0].csrf_token, row[0].id)


def sign_out(db: Database, session_id: int) -> None:
    with db.write() as session:
        session.execute(delete(CandidateSession).where(CandidateSession.id == session_id))


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of form tokens; an empty one never matches."""
    return bool(given) and bool(expected) and hmac.compare_digest(str(given), str(expected))
