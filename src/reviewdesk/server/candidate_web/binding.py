"""工作单位 (seed 001 §三): search the unit by name, pick it, enter its 单位确认码 → bound; change, unbind.

What binding gives the candidate is the unit's *name*, nothing of its records: the candidate's own record
is found later by their verified identity at that unit (``confirm_page``), never by the code alone.
What the unit learns is the other way round: its record of that identity says 已绑定 (the snapshot's
``binding``), and binding, changing the unit or unbinding puts those records into the change feed.
Wrong codes are counted per account (``candidate_attempts``, kind ``bind``) so the eight-character code
cannot be guessed by trying.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import Tier
from reviewdesk.domain.realname import RealNameStatus
from reviewdesk.server.candidate_models import CandidateAccount, CandidateAttempt
from reviewdesk.server.candidate_web.accounts import minutes, throttle_seconds
from reviewdesk.server.db import Database
from reviewdesk.server.feed import log_change
from reviewdesk.server.models import Organisation, Record
from reviewdesk.server.mutations import now

BIND_LIMIT = 5
BIND_WINDOW = timedelta(hours=1)
SEARCH_LIMIT = 20

NEED_REALNAME = "请先完成实名认证，再绑定工作单位"
QUERY_SHORT = "请输入至少2个字的单位名称"
NO_UNIT = "单位暂不存在，请联系单位负责人进行机构注册"
CODE_EMPTY = "请输入单位确认码"
CODE_WRONG = "单位确认码错误，请咨询本单位卫生专业技术资格考试负责人"
CODE_THROTTLED = "单位确认码错误次数过多，请{minutes}分钟后再试"
UNIT_GONE = "该单位不存在"


@dataclass(frozen=True)
class UnitHit:
    id: int
    name: str


def search(db: Database, query: str) -> list[UnitHit]:
    """Units whose name contains ``query`` (at most ``SEARCH_LIMIT``, shortest names first)."""
    text = "".join(query.split())
    if len(text) < 2:
        return []
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with db.read() as session:
        rows = session.execute(
            select(Organisation.id, Organisation.name)
            .where(Organisation.tier == Tier.UNIT.value, Organisation.name.like(f"%{escaped}%", escape="\\"))
            .order_by(Organisation.name)
            .limit(200)
        ).all()
    hits = sorted((UnitHit(r.id, r.name) for r in rows), key=lambda h: (len(h.name), h.name))
    return hits[:SEARCH_LIMIT]


def unit_name(db: Database, unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    with db.read() as session:
        return session.scalar(
            select(Organisation.name).where(Organisation.id == unit_id, Organisation.tier == Tier.UNIT.value)
        )


def bind(db: Database, account_id: int, unit_id: int, code: str, ip: str = "") -> str:
    """Bind to ``unit_id`` when ``code`` is its 确认码; returns a refusal message or ``""``."""
    code = "".join(code.split()).upper()
    at = now()
    key = str(account_id)
    with db.write() as session:
        account = session.get_one(CandidateAccount, account_id)
        if account.realname_status != RealNameStatus.VERIFIED.value:
            return NEED_REALNAME
        wait = throttle_seconds(session, "bind", key, BIND_LIMIT, BIND_WINDOW, at)
        if wait is not None:
            return CODE_THROTTLED.format(minutes=minutes(wait))
        if not code:
            return CODE_EMPTY
        unit = session.scalar(
            select(Organisation).where(Organisation.id == unit_id, Organisation.tier == Tier.UNIT.value)
        )
        if unit is None:
            return UNIT_GONE
        if not unit.confirmation_code or not hmac.compare_digest(unit.confirmation_code, code):
            session.add(CandidateAttempt(kind="bind", key=key, at=at, ip=ip))
            return CODE_WRONG
        before = account.unit_id
        account.unit_id = unit.id
        account.bound_at = at
        _tell_units(session, account, {before, unit.id})
    return ""


def unbind(db: Database, account_id: int) -> None:
    with db.write() as session:
        account = session.get_one(CandidateAccount, account_id)
        before = account.unit_id
        account.unit_id = None
        account.bound_at = None
        _tell_units(session, account, {before})


def _tell_units(session: Session, account: CandidateAccount, unit_ids: set[int | None]) -> None:
    """The candidate's records at these units changed their ``binding`` (已绑定/未绑定): each goes into
    the change feed (its snapshot rebuilt, its version kept — nothing a reviewer decided on changed,
    so no pending decision becomes stale), and the unit sees it at its next sync. Call last."""
    units = sorted(u for u in unit_ids if u is not None)
    if not units or not account.id_number:
        return
    records = session.scalars(
        select(Record)
        .where(
            Record.unit_id.in_(units),
            Record.id_type == account.id_type,
            Record.id_number == account.id_number,
        )
        .order_by(Record.id)
        .with_for_update()
    ).all()
    for record in records:
        log_change(session, record)
