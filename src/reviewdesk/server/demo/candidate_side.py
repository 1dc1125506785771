"""The candidate side of the demo: the identity registry filled with the demo's people, two 通知公告
(the seed's), and one demo candidate account, with specimen card photos to verify it with.

The demo candidate is the first demo person of 武汉市江岸区人民医院 with a 居民身份证, so after
实名认证 and binding to that unit (its 确认码 is on the workstation's 本单位确认码 page) the
information-confirmation page shows what the unit entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import Connection, func, insert, select

from reviewdesk.domain.enums import IdType
from reviewdesk.server.candidate_models import CandidateAccount, IdentityRegistryEntry, Notice
from reviewdesk.server.demo import id_cards
from reviewdesk.server.models import Organisation, Record

DEMO_PHONE = "13900000001"
DEMO_UNIT_NAME = "武汉市江岸区人民医院"
NOTICES = (
    ("关于延期举行2020年度卫生专业技术资格考试湖北考区有关事项和考务工作安排的通知", "2020-07-02"),
    ("关于新冠肺炎疫情防控一线医务人员报考2020年度卫生专业技术资格考试有关问题的通知", "2020-07-02"),
)


@dataclass(frozen=True)
class DemoCandidate:
    """What the demo prints: the account and the person it belongs to."""

    phone: str
    password: str
    name: str
    id_number: str
    unit_name: str
    unit_code: str


def seed_candidate_side(connection: Connection, hasher: PasswordHasher, password: str) -> None:
    """Registry = every demo person (name, type, number); the notices; the demo candidate account."""
    connection.execute(
        insert(IdentityRegistryEntry).from_select(
            ["id_type", "id_number", "name"],
            select(Record.id_type, Record.id_number, func.min(Record.name)).group_by(
                Record.id_type, Record.id_number
            ),
        )
    )
    for title, day in NOTICES:
        posted = datetime.fromisoformat(day + "T09:00:00+08:00").astimezone(UTC)
        connection.execute(
            insert(Notice).values(title=title, body=title + "。", posted_at=posted, posted_by="省级管理员")
        )
    connection.execute(
        insert(CandidateAccount).values(
            phone=DEMO_PHONE,
            password_hash=hasher.hash(password),
            created_at=datetime.now(UTC),
            prompted=False,
            realname_status="none",
        )
    )


def demo_candidate(connection: Connection, password: str) -> DemoCandidate:
    row = connection.execute(
        select(Record.name, Record.id_number, Organisation.name, Organisation.confirmation_code)
        .join(Organisation, Organisation.id == Record.unit_id)
        .where(Organisation.name == DEMO_UNIT_NAME, Record.id_type == IdType.RESIDENT_ID.value)
        .order_by(Record.id)
        .limit(1)
    ).one()
    return DemoCandidate(DEMO_PHONE, password, row[0], row[1], row[2], row[3] or "")


def write_cards(directory: Path, person: DemoCandidate) -> tuple[Path, Path]:
    """Specimen photos of the demo candidate's card (front, back) for the 证件扫描 step."""
    directory.mkdir(parents=True, exist_ok=True)
    front = directory / "身份证正面-样本.jpg"
    back = directory / "身份证反面-样本.jpg"
    front.write_bytes(id_cards.front(person.name, person.id_number))
    back.write_bytes(id_cards.back())
    return front, back


def demo_notice(db_url: str, cards_dir: Path, server_url: str) -> str:
    """What the demo prints about the candidates' phone pages: their address, the demo candidate's
    account, whose card it is, and where specimen photos of that card are (for 证件扫描)."""
    from sqlalchemy import create_engine

    from reviewdesk.server.demo.records import DEMO_PASSWORD

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            person = demo_candidate(connection, DEMO_PASSWORD)
    finally:
        engine.dispose()
    front, back = write_cards(cards_dir, person)
    return "\n".join(
        (
            f"考生端（手机网页，湖北卫生人才）：{server_url}/m/",
            f"  演示考生账号：手机号 {person.phone}  密码 {person.password}",
            f"  实名认证：真实姓名 {person.name}  证件编号 {person.id_number}",
            f"  证件扫描用的样本照片：{front}  {back}",
            f"  工作单位：{person.unit_name}  单位确认码 {person.unit_code}",
            "  注册新账号时验证码写入服务器日志（演示服务器未接短信网关）。",
        )
    )
