"""The demo data's records: what ``demo_data.generate`` yields and ``seed`` writes, and the season.

Plain frozen values, so the generator's modules and the seeder share one vocabulary; a record's
``repr`` is part of the demo data's fingerprint (tests/server/test_server_demo_fingerprint.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from reviewdesk.domain.beijing import BEIJING
from reviewdesk.domain.enums import (
    PROJECT_TYPE,
    EducationLevel,
    HistoryAction,
    IdType,
    ImageSide,
    Level,
    Library,
    MaterialKind,
    Outcome,
    PayStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.workflow import ReviewState

EXAM_YEAR = 2027
PROJECT_NAME = f"{EXAM_YEAR}年{PROJECT_TYPE}"
#: Every demo user's password. Demo only: one shared, documented password lets a presenter log in as any
#: organisation, and lets the server hash it once for all users.
DEMO_PASSWORD = "Demo@2027"
CST = BEIJING  # domain.beijing's zone: the demo's times are 北京时间 like the server's
#: 医师资格 class (执业类别) of a 类别 series, shared by the materials and the libraries.
PHYSICIAN_CLASS = {"medicine": "临床", "chinese_medicine": "中医", "public_health": "公共卫生"}

#: How long before the day it is seeded the demo's season began: submissions open in its first
#: :data:`SUBMISSION_DAYS` days, and the reviews that follow fit in the rest, ending before that day.
SEASON_DAYS = 42
SUBMISSION_DAYS = 12


def beijing_today() -> date:
    """Today in 北京时间 (the exam's zone), whatever the zone of the machine that seeds."""
    return datetime.now(CST).date()


def season_bounds(today: date) -> tuple[datetime, datetime]:
    """(first submission may be at, every event is before) for a demo seeded on ``today``: the history
    lies wholly in the past, so a reviewer's first real action is also its newest event."""
    start = datetime.combine(today - timedelta(days=SEASON_DAYS), time(8, 0), tzinfo=CST)
    return start, datetime.combine(today, time(0, 0), tzinfo=CST)


# -- public records ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Project:
    name: str
    type: str
    year: int


@dataclass(frozen=True)
class DemoOrg:
    id: int
    name: str
    tier: Tier
    division_code: str
    parent_id: int | None
    confirmation_code: str | None  # units only: 6 chars, digits + upper case, no 0/O/1/I


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    display_name: str
    org_id: int
    role: str  # "reviewer" | "admin"


@dataclass(frozen=True)
class DemoImage:
    side: ImageSide
    sha256: str
    mime: str
    size: int
    filename: str  # 姓名+证件号码+证书名称+第N页.jpg


@dataclass(frozen=True)
class DemoMaterial:
    kind: MaterialKind
    fields: dict[str, str]
    images: list[DemoImage]
    verify_status: VerifyStatus
    verify_remark: str


@dataclass(frozen=True)
class DemoEvent:
    action: HistoryAction
    tier: Tier | None
    org_id: int | None
    actor: str
    outcome: Outcome | None
    remark: str
    at: datetime  # tz-aware +08:00


@dataclass(frozen=True)
class ScanMismatch:
    """Ground truth of one planted disagreement between a record and its scan (``scans.py``)."""

    id_number: str
    name: str
    material: str  # the material's label (学历信息, 专技职称)
    field: str
    on_record: str
    on_scan: str


@dataclass(frozen=True)
class PersonalScan:
    """A scan painted from its candidate's own record (``scans.py``): its bytes go to the blob store."""

    sha256: str
    data: bytes
    mime: str


@dataclass(frozen=True)
class DemoCandidate:
    name: str
    gender: str
    id_type: IdType
    id_number: str
    birth_date: date
    phone: str
    unit_id: int
    level: Level
    category_code: str
    category_name: str
    education_level: EducationLevel
    frontline: bool
    review: ReviewState
    pay_status: PayStatus
    submitted_at: datetime | None
    submission_rev: int
    libraries: dict[Library, list[str]]
    materials: list[DemoMaterial]
    history: list[DemoEvent]
    #: Scans painted from this record (empty where the pool serves) and the planted disagreement, if any.
    #: Not part of the candidate's identity: the record's rows are the same with or without them.
    scans: tuple[PersonalScan, ...] = field(default=(), repr=False, compare=False)
    scan_mismatch: ScanMismatch | None = field(default=None, repr=False, compare=False)
    #: Whether the timeline meets the (unverified) eligibility table (about 10 % do not, on purpose).
    eligible: bool = True
    #: Every problem planted on purpose (``demo.plants``: 预审提示's ground truth).
    planted: tuple[str, ...] = ()
