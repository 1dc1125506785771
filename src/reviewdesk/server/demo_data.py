"""Realistic, deterministic demo data: Hubei's organisations, reviewers and a stream of candidates.

Why: the demo, the tests of every layer and the benchmarks all need a province's worth of believable
records — real 市州/区县 codes, valid ID numbers, materials with the seeds' field names, a spread of review
stages reached through the real :mod:`reviewdesk.domain.workflow` transitions — and need the *same*
records for the same seed, so a failure can be replayed.

Design:

* Everything comes from ``random.Random`` seeded from ``seed`` (never global random, never the clock).
  Each candidate has its own generator seeded with ``(seed, index)``, so candidate *i* is the same
  whatever the total, and :meth:`DemoData.candidates` streams: 100,000 candidates never sit in memory.
* Organisations are built once in :func:`generate`: 湖北省 → 17 市州 → their 区县 → units, plus
  province-direct and city-direct units. The 4 省直管 cities (仙桃/潜江/天门/神农架) have no 区县 level.
* Images come from a small content-addressed pool (:mod:`reviewdesk.server.demo_images` explains why),
  rendered on first use and shared by all candidates.
* About 10% of candidates do not meet the (unverified) eligibility table on purpose, so pre-check flags
  have something to find; they are also likelier to be held, returned or rejected.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cached_property

from reviewdesk.domain import workflow
from reviewdesk.domain.catalogue import Catalogue, Category, load_catalogue
from reviewdesk.domain.divisions import (
    HUBEI_CITIES,
    HUBEI_CODE,
    OTHER_PROVINCE_COUNTY_CODES,
    City,
)
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
    StudyMode,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.domain.workflow import FULL_CHAIN, ReviewState
from reviewdesk.server import demo_images
from reviewdesk.server.demo_images import PoolImage

EXAM_YEAR = 2027
PROJECT_NAME = f"{EXAM_YEAR}年{PROJECT_TYPE}"
#: Every demo user's password. Demo only: one shared, documented password lets a presenter log in as any
#: organisation, and lets the server hash it once for all users.
DEMO_PASSWORD = "Demo@2027"
CST = timezone(timedelta(hours=8))
#: Submissions start here (预报名 runs late November to mid December); review follows.
SEASON_START = datetime(EXAM_YEAR - 1, 12, 1, 8, 0, tzinfo=CST)
CONFIRMATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O/1/I

# The chain the demo accounts sit on: 湖北省 → 武汉市 → 江岸区 → 武汉市江岸区人民医院.
DEMO_CITY_CODE = "420100"
DEMO_COUNTY_CODE = "420102"
DEMO_UNIT_NAME = "武汉市江岸区人民医院"


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


# -- vocabularies for believable people ---------------------------------------------------------
_SURNAMES = (
    ("王", 70), ("李", 70), ("张", 65), ("刘", 55), ("陈", 50), ("杨", 35), ("黄", 30), ("赵", 28),
    ("吴", 27), ("周", 26), ("徐", 20), ("孙", 18), ("胡", 25), ("朱", 16), ("高", 14), ("林", 12),
    ("何", 13), ("郭", 13), ("马", 12), ("罗", 11), ("梁", 9), ("宋", 9), ("郑", 9), ("谢", 8),
    ("韩", 7), ("唐", 8), ("冯", 7), ("于", 6), ("董", 6), ("萧", 2), ("程", 9), ("曹", 7), ("袁", 6),
    ("邓", 7), ("许", 7), ("傅", 4), ("沈", 5), ("曾", 6), ("彭", 8), ("吕", 5), ("苏", 5), ("卢", 5),
    ("蒋", 5), ("蔡", 6), ("贾", 4), ("丁", 5), ("魏", 5), ("薛", 3), ("叶", 5), ("阎", 2), ("余", 9),
    ("潘", 5), ("杜", 5), ("戴", 4), ("夏", 6), ("钟", 4), ("汪", 7), ("田", 6), ("任", 4), ("姜", 3),
    ("范", 4), ("方", 5), ("石", 4), ("姚", 4), ("谭", 5), ("廖", 4), ("邹", 4), ("熊", 8), ("金", 3),
    ("陆", 3), ("郝", 2), ("孔", 2), ("白", 2), ("崔", 2), ("康", 2), ("毛", 3), ("邱", 3), ("秦", 3),
    ("江", 4), ("史", 2), ("顾", 2), ("侯", 2), ("邵", 3), ("孟", 2), ("龙", 2), ("万", 5), ("段", 2),
    ("雷", 4), ("钱", 2), ("汤", 3), ("尹", 2), ("黎", 2), ("易", 3), ("常", 2), ("武", 2), ("乔", 1),
    ("贺", 2), ("赖", 1), ("龚", 3), ("文", 2), ("向", 3), ("覃", 2), ("欧阳", 1), ("柯", 2), ("喻", 2),
)  # fmt: skip
_SURNAME_CUM = list(itertools.accumulate(w for _, w in _SURNAMES))
_GIVEN_FEMALE = "芳娟敏静丽艳娜秀英慧婷雪琳颖倩玲晶萍红燕霞蓉莉丹佳欣怡梦瑶洁露楠月琴亚蕾璐薇嘉琪思媛晓文雯"
_GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭峰龙亮成东博文武志国庆晨阳"
_GIVEN_ANY = "子一佳思梓欣雨晓小建海春秋新天宏"
_PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "177", "180", "181", "182", "186", "187", "188", "189", "199",
)  # fmt: skip

_STREETS = ("新华", "解放", "民主", "建设", "和平", "友谊", "长江", "中山", "胜利", "人民", "东风", "花园")
_STREETS += ("滨江", "工农", "向阳", "团结", "前进", "光明", "幸福", "育才")
_TOWNS = ("城关", "新店", "白果", "三里", "双河", "石桥", "杨林", "河口", "龙王", "黄土", "柳林", "长岭")
_TOWNS += ("高桥", "马坪", "青石", "太平", "李店", "花山", "桥头", "洪山", "枣林", "观音")

_SCHOOLS: dict[EducationLevel, tuple[str, ...]] = {
    EducationLevel.SECONDARY: (
        "荆州市卫生学校", "孝感市卫生学校", "十堰市医药卫生学校", "武汉市第二卫生学校", "黄冈市卫生学校",
        "襄阳市卫生学校", "宜昌市卫生学校",
    ),
    EducationLevel.COLLEGE: (
        "湖北职业技术学院", "湖北中医药高等专科学校", "襄阳职业技术学院", "鄂州职业大学", "仙桃职业学院",
        "随州职业技术学院", "湖北三峡职业技术学院", "咸宁职业技术学院", "荆州职业技术学院", "恩施职业技术学院",
    ),
    EducationLevel.BACHELOR: (
        "武汉大学", "华中科技大学", "湖北中医药大学", "湖北医药学院", "长江大学", "三峡大学", "江汉大学",
        "湖北科技学院", "湖北民族大学", "湖北文理学院", "武汉科技大学", "荆楚理工学院", "湖北理工学院",
    ),
    EducationLevel.MASTER: ("武汉大学", "华中科技大学", "湖北中医药大学", "长江大学", "三峡大学", "武汉科技大学"),
    EducationLevel.DOCTOR: ("武汉大学", "华中科技大学", "湖北中医药大学"),
}  # fmt: skip
_GRADUATION_AGE = {
    EducationLevel.SECONDARY: 18,
    EducationLevel.COLLEGE: 21,
    EducationLevel.BACHELOR: 22,
    EducationLevel.MASTER: 25,
    EducationLevel.DOCTOR: 28,
}
_STUDY_YEARS = {
    EducationLevel.SECONDARY: 3,
    EducationLevel.COLLEGE: 3,
    EducationLevel.BACHELOR: 4,
    EducationLevel.MASTER: 3,
    EducationLevel.DOCTOR: 3,
}
_AGE_RANGE = {Level.ASSISTANT: (20, 40), Level.JUNIOR: (22, 50), Level.INTERMEDIATE: (26, 55)}
_EDUCATION_WEIGHTS: dict[str, tuple[tuple[EducationLevel, int], ...]] = {
    "assistant": ((EducationLevel.SECONDARY, 45), (EducationLevel.COLLEGE, 55)),
    "junior": (
        (EducationLevel.SECONDARY, 10),
        (EducationLevel.COLLEGE, 45),
        (EducationLevel.BACHELOR, 40),
        (EducationLevel.MASTER, 5),
    ),
    "intermediate": (
        (EducationLevel.SECONDARY, 5),
        (EducationLevel.COLLEGE, 30),
        (EducationLevel.BACHELOR, 50),
        (EducationLevel.MASTER, 12),
        (EducationLevel.DOCTOR, 3),
    ),
    "physician": ((EducationLevel.BACHELOR, 60), (EducationLevel.MASTER, 30), (EducationLevel.DOCTOR, 10)),
}
# Years the rules want (DOMAIN.md, *unverified*; reviewdesk.domain.eligibility holds the checked table):
# 士: years after graduation; 师: after graduation (中专: as 士); 中级: after the 师 title.
_ASSISTANT_YEARS = {EducationLevel.SECONDARY: 1, EducationLevel.COLLEGE: 1}
_JUNIOR_YEARS = {
    EducationLevel.SECONDARY: 5,
    EducationLevel.COLLEGE: 3,
    EducationLevel.BACHELOR: 1,
    EducationLevel.MASTER: 1,
    EducationLevel.DOCTOR: 0,
}
_INTERMEDIATE_YEARS = {
    EducationLevel.SECONDARY: 7,
    EducationLevel.COLLEGE: 6,
    EducationLevel.BACHELOR: 4,
    EducationLevel.MASTER: 2,
    EducationLevel.DOCTOR: 0,
}
_MAJORS: dict[str, tuple[tuple[str, str], ...]] = {  # series → (所学专业, 专业类型)
    "nursing": (("护理学", "护理学类"), ("护理", "护理学类"), ("助产", "护理学类")),
    "pharmacy": (("药学", "药学类"), ("中药学", "中药学类"), ("临床药学", "药学类")),
    "technology": (
        ("医学检验技术", "医学技术类"),
        ("医学影像技术", "医学技术类"),
        ("康复治疗技术", "医学技术类"),
        ("口腔医学技术", "医学技术类"),
        ("卫生信息管理", "医学技术类"),
    ),
    "medicine": (("临床医学", "临床医学类"), ("口腔医学", "口腔医学类"), ("麻醉学", "临床医学类")),
    "chinese_medicine": (
        ("中医学", "中医学类"),
        ("针灸推拿学", "中医学类"),
        ("中西医临床医学", "中西医结合类"),
    ),
    "public_health": (("预防医学", "公共卫生与预防医学类"), ("卫生检验与检疫", "医学技术类")),
}
_STUDY_MODES = (
    (StudyMode.FULL_TIME, 70),
    (StudyMode.ADULT, 15),
    (StudyMode.SELF_STUDY, 5),
    (StudyMode.ONLINE, 5),
    (StudyMode.PART_TIME, 5),
)
_JUNIOR_TITLE = {  # series → the 师-level title the 中级 candidate holds
    "nursing": "护师",
    "pharmacy": "药师",
    "technology": "技师",
    "medicine": "医师",
    "chinese_medicine": "医师",
    "public_health": "医师",
}
_PHYSICIAN_CLASS = {"medicine": "临床", "chinese_medicine": "中医", "public_health": "公共卫生"}

_HOLD_REMARKS = ("待核实工作年限", "待单位补充社保证明", "学历待核实", "执业地点待核实", "工作年限证明待核实")
_RETURN_REMARKS = (
    "图片不清晰",
    "材料未上传",
    "学历信息与证书不一致",
    "申报表非最终版本",
    "照片不合规",
    "格式不符",
)
_RETURN_REMARKS += ("单位名称不完整", "执业地点与申报单位不一致", "民办机构缺人事代理档案章或社保证明")
_REJECT_REMARKS = ("学历层次不符", "工作年限不足", "所学专业与报考专业不符", "学历验证未通过")
_REJECT_REMARKS += ("非国家批准的医疗卫生机构",)
_FAILED_MATERIAL_REMARKS = ("图片不清晰", "学历信息与证书不一致", "学历验证未通过", "格式不符", "材料未上传")


# -- organisations ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Unit:
    """What generating a candidate needs to know about a unit: its chain and who reviews at each tier."""

    org: DemoOrg
    chain: tuple[Tier, ...]
    tier_orgs: dict[Tier, int]
    region_code: str  # the county-level address code of the unit's area
    city_code: str
    weight: float


def _unit_weight(name: str) -> float:
    if name.startswith("湖北省") or "华中科技大学" in name or "武汉大学" in name:
        return 60.0
    if "中心医院" in name or "第一人民医院" in name or name.endswith("人民医院"):
        return 14.0
    if "中医" in name:
        return 7.0
    if "妇幼" in name:
        return 4.0
    if "疾病预防控制" in name:
        return 1.5
    return 1.0


_PROVINCE_DIRECT_UNITS = (
    ("湖北省人民医院", "420106"),
    ("湖北省中医院", "420106"),
    ("华中科技大学同济医学院附属协和医院", "420103"),
    ("华中科技大学同济医学院附属同济医院", "420104"),
    ("武汉大学中南医院", "420106"),
    ("湖北省妇幼保健院", "420111"),
    ("湖北省肿瘤医院", "420111"),
    ("湖北省第三人民医院", "420104"),
    ("湖北省疾病预防控制中心", "420111"),
)
_WUHAN_DIRECT_UNITS = (
    ("武汉市中心医院", "420102"),
    ("武汉市第一医院", "420104"),
    ("武汉市中医医院", "420102"),
    ("武汉儿童医院", "420102"),
    ("武汉市疾病预防控制中心", "420103"),
)


class _OrgBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.orgs: list[DemoOrg] = []
        self.units: list[_Unit] = []
        self._serial: dict[str, int] = {}
        self._codes: set[str] = set()

    def add(self, name: str, tier: Tier, code: str, parent: int | None) -> DemoOrg:
        confirmation = self._confirmation_code() if tier is Tier.UNIT else None
        org = DemoOrg(len(self.orgs) + 1, name, tier, code, parent, confirmation)
        self.orgs.append(org)
        return org

    def add_unit(
        self, name: str, region: str, city: str, parent: DemoOrg, tier_orgs: dict[Tier, int]
    ) -> None:
        serial = self._serial.get(region, 0) + 1
        self._serial[region] = serial
        org = self.add(name, Tier.UNIT, f"{region}{serial:03d}", parent.id)
        tier_orgs = {**tier_orgs, Tier.UNIT: org.id}
        chain = tuple(t for t in FULL_CHAIN if t in tier_orgs)
        weight = _unit_weight(name) * (3 if name == DEMO_UNIT_NAME else 1)
        self.units.append(
            _Unit(org, chain, tier_orgs, region if region != HUBEI_CODE else "420106", city, weight)
        )

    def _confirmation_code(self) -> str:
        while True:
            code = "".join(self.rng.choices(CONFIRMATION_ALPHABET, k=6))
            if code not in self._codes:
                self._codes.add(code)
                return code


def _county_unit_names(rng: random.Random, city: City, county_name: str) -> list[str]:
    district = county_name.endswith("区")
    full = f"{city.name}{county_name}" if district else county_name
    names = [f"{full}人民医院", f"{county_name}疾病预防控制中心"]
    extras = [f"{full}中医医院", f"{county_name}妇幼保健院"]
    rng.shuffle(extras)
    names += extras[: rng.randint(1, 2)]
    if district:
        streets = rng.sample(_STREETS, rng.randint(1, 3))
        names += [f"{county_name}{s}街社区卫生服务中心" for s in streets]
    else:
        towns = rng.sample(_TOWNS, rng.randint(1, 3))
        names += [f"{county_name}{t}镇卫生院" for t in towns]
    return names


def _build_orgs(rng: random.Random) -> _OrgBuilder:
    builder = _OrgBuilder(rng)
    province = builder.add("湖北省卫生健康委员会", Tier.PROVINCE, HUBEI_CODE, None)
    cities = [
        (city, builder.add(f"{city.name}卫生健康委员会", Tier.CITY, city.code, province.id))
        for city in HUBEI_CITIES
    ]
    counties = [
        (
            city,
            city_org,
            county,
            builder.add(f"{city.name}{county.name}卫生健康局", Tier.COUNTY, county.code, city_org.id),
        )
        for city, city_org in cities
        for county in city.counties
    ]
    # Units, depth first: province-direct, city-direct, then each 区县's.
    for name, region in _PROVINCE_DIRECT_UNITS:
        builder.add_unit(name, region, "420100", province, {Tier.PROVINCE: province.id})
    for city, city_org in cities:
        tiers = {Tier.PROVINCE: province.id, Tier.CITY: city_org.id}
        if city.code == DEMO_CITY_CODE:
            direct = list(_WUHAN_DIRECT_UNITS)
        elif city.directly_administered:
            towns = rng.sample(_TOWNS, rng.randint(2, 4))
            direct = [
                (f"{city.name}{suffix}", city.code) for suffix in ("第一人民医院", "中医医院", "妇幼保健院")
            ]
            direct += [(f"{city.name}疾病预防控制中心", city.code)]
            direct += [(f"{city.name}{town}镇卫生院", city.code) for town in towns]
        else:
            seat = city.counties[0].code
            suffixes = ["中心医院", "中医医院", "妇幼保健院", "疾病预防控制中心"]
            direct = [(f"{city.name}{suffix}", seat) for suffix in suffixes[: rng.randint(2, 4)]]
        for name, region in direct:
            builder.add_unit(name, region, city.code, city_org, tiers)
    for city, city_org, county, county_org in counties:
        tiers = {Tier.PROVINCE: province.id, Tier.CITY: city_org.id, Tier.COUNTY: county_org.id}
        for name in _county_unit_names(rng, city, county.name):
            builder.add_unit(name, county.code, city.code, county_org, tiers)
    return builder


def _person_name(rng: random.Random, female: bool) -> str:
    surname = _SURNAMES[bisect.bisect_right(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])][0]
    pool = _GIVEN_FEMALE if female else _GIVEN_MALE
    if rng.random() < 0.3:
        return surname + rng.choice(pool)
    first = rng.choice(pool) if rng.random() < 0.6 else rng.choice(_GIVEN_ANY)
    return surname + first + rng.choice(pool)


# -- the generated data set ---------------------------------------------------------------------
@dataclass
class DemoData:
    """Organisations and users (in memory: hundreds) and a deterministic stream of candidates."""

    project: Project
    orgs: list[DemoOrg]
    users: list[DemoUser]
    candidate_count: int = 0
    seed: int = 0
    image_pool_size: int = 40
    catalogue: Catalogue = field(default_factory=load_catalogue, repr=False)
    _units: list[_Unit] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._unit_cum = list(itertools.accumulate(u.weight for u in self._units))
        self._reviewer_name = {u.org_id: u.display_name for u in self.users if u.role == "reviewer"}
        self._org_by_id = {o.id: o for o in self.orgs}
        self._category_tables = {
            level: _weighted_categories(self.catalogue.categories(level)) for level in Level
        }

    # -- images ------------------------------------------------------------------------------
    @cached_property
    def image_pool(self) -> list[PoolImage]:
        """The distinct images every material draws from (rendered once, on first use)."""
        return demo_images.render_pool(self.image_pool_size, self.seed)

    @cached_property
    def _images_by_title(self) -> tuple[dict[str, list[PoolImage]], list[PoolImage], list[PoolImage]]:
        normal = [p for p in self.image_pool if p.variant == demo_images.NORMAL]
        special = [p for p in self.image_pool if p.variant != demo_images.NORMAL]
        by_title: dict[str, list[PoolImage]] = {}
        for image in normal:
            by_title.setdefault(image.title, []).append(image)
        return by_title, normal or list(self.image_pool), special

    def blobs(self) -> Iterator[tuple[str, bytes, str]]:
        """(sha256, bytes, mime) of every image a candidate may reference: the whole pool."""
        for image in self.image_pool:
            yield image.sha256, image.data, image.mime

    # -- accounts ----------------------------------------------------------------------------
    def demo_accounts(self) -> list[DemoUser]:
        """Reviewers along 湖北省 → 武汉市 → 江岸区 → 武汉市江岸区人民医院 (+ that unit's admin), then a unit
        under a 省直管 city and a province-direct unit (the two shorter chains)."""
        unit = next(u for u in self._units if u.org.name == DEMO_UNIT_NAME)
        wanted = [unit.tier_orgs[t] for t in reversed(FULL_CHAIN)]
        by_org: dict[int, list[DemoUser]] = {}
        for user in self.users:
            by_org.setdefault(user.org_id, []).append(user)
        accounts = [u for org_id in wanted for u in by_org[org_id] if u.role == "reviewer"]
        accounts += [u for u in by_org[unit.org.id] if u.role == "admin"]
        short_city = next(
            u
            for u in self._units
            if u.chain == (Tier.UNIT, Tier.CITY, Tier.PROVINCE)
            and self._org_by_id[u.tier_orgs[Tier.CITY]].division_code.startswith("4290")
        )
        province_direct = next(u for u in self._units if u.chain == (Tier.UNIT, Tier.PROVINCE))
        for extra in (short_city, province_direct):
            accounts += [u for u in by_org[extra.org.id] if u.role == "reviewer"]
        return accounts

    def unit_chain(self, unit_id: int) -> tuple[Tier, ...]:
        """The chain of review of a unit's records (also derivable from the org tree)."""
        return next(u.chain for u in self._units if u.org.id == unit_id)

    # -- candidates --------------------------------------------------------------------------
    def candidates(self) -> Iterator[DemoCandidate]:
        """The candidates, generated one at a time; the same sequence for the same seed."""
        for index in range(self.candidate_count):
            yield self.candidate(index)

    def candidate(self, index: int) -> DemoCandidate:
        """Candidate number ``index`` (0-based), independent of how many are generated."""
        return _CandidateMaker(self, random.Random(f"reviewdesk-demo:{self.seed}:{index}")).make()


def _weighted_categories(categories: tuple[Category, ...]) -> tuple[list[Category], list[float]]:
    common = {
        "203",
        "368",
        "366",
        "201",
        "101",
        "102",
        "104",
        "103",
        "204",
        "205",
        "301",
        "303",
        "327",
        "335",
        "336",
    }
    weights = []
    for category in categories:
        weight = {"nursing": 3.0, "pharmacy": 2.0, "technology": 1.0, "medicine": 0.6}.get(
            category.series, 0.4
        )
        if category.code in common:
            weight *= 6
        if category.code == "368" or category.code == "203":
            weight *= 4
        weights.append(weight)
    return list(categories), list(itertools.accumulate(weights))


def _pick(rng: random.Random, weighted: tuple[tuple[object, int], ...]) -> object:
    total = sum(w for _, w in weighted)
    r = rng.random() * total
    for value, weight in weighted:
        r -= weight
        if r < 0:
            return value
    return weighted[-1][0]


# -- one candidate ------------------------------------------------------------------------------
_STAGES = (
    ("not_submitted", 9),
    ("withdrawn", 1),
    ("unit_pending", 30),
    ("on_hold", 5),
    ("passed_unreported", 9),
    ("pending_higher", 20),
    ("returned", 4),
    ("rejected", 2),
    ("province_passed", 18),
)
_STAGES_INELIGIBLE = (
    ("not_submitted", 9),
    ("unit_pending", 30),
    ("on_hold", 20),
    ("returned", 15),
    ("rejected", 15),
    ("pending_higher", 5),
    ("province_passed", 2),
)
_STAGES_AFTER_RESUBMIT = (("unit_pending", 40), ("passed_unreported", 15), ("pending_higher", 25))
_STAGES_AFTER_RESUBMIT += (("province_passed", 20),)


class _CandidateMaker:
    """Builds one candidate from its own generator; split into steps only for readability."""

    def __init__(self, data: DemoData, rng: random.Random) -> None:
        self.data = data
        self.rng = rng

    def make(self) -> DemoCandidate:
        rng, data = self.rng, self.data
        unit = data._units[bisect.bisect_right(data._unit_cum, rng.random() * data._unit_cum[-1])]
        level = _pick(rng, ((Level.ASSISTANT, 20), (Level.JUNIOR, 40), (Level.INTERMEDIATE, 40)))
        assert isinstance(level, Level)
        categories, cum = data._category_tables[level]
        category = categories[bisect.bisect_right(cum, rng.random() * cum[-1])]
        female_share = 0.93 if category.series == "nursing" else 0.55
        female = rng.random() < female_share
        name = _person_name(rng, female)
        eligible = rng.random() >= 0.10
        timeline = self._timeline(level, category, eligible)
        id_type, id_number, birth = self._identity(unit, timeline.birth_year, female)
        self.name, self.id_number, self.unit, self.category = name, id_number, unit, category
        libraries = self._libraries(level, category, timeline)
        materials = self._materials(level, category, timeline)
        review, history, submitted_at, rev = self._review(unit, eligible, name)
        materials = self._verify(materials, review)
        paid = review.review_ended and rng.random() < 0.5
        return DemoCandidate(
            name=name,
            gender="female" if female else "male",
            id_type=id_type,
            id_number=id_number,
            birth_date=birth,
            phone=rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}",
            unit_id=unit.org.id,
            level=level,
            category_code=category.code,
            category_name=category.name,
            education_level=timeline.education,
            frontline=rng.random() < 0.05,
            review=review,
            pay_status=PayStatus.PAID if paid else PayStatus.UNPAID,
            submitted_at=submitted_at,
            submission_rev=rev,
            libraries=libraries,
            materials=materials,
            history=history,
        )

    # -- the person's dates ------------------------------------------------------------------
    def _timeline(self, level: Level, category: Category, eligible: bool) -> _Timeline:
        rng = self.rng
        cutoff_year = EXAM_YEAR - 1
        key = "physician" if category.requires_physician_qualification else level.value
        education = _pick(rng, _EDUCATION_WEIGHTS[key])
        assert isinstance(education, EducationLevel)
        grad_age = _GRADUATION_AGE[education] + (1 if rng.random() < 0.3 else 0)
        if category.requires_physician_qualification and education is EducationLevel.BACHELOR:
            grad_age += 1  # five-year medical degrees
        # Years needed between graduation and the cutoff, and how they split around the titles.
        if level is Level.ASSISTANT:
            before_title, after_title = _ASSISTANT_YEARS.get(education, 1), 0
        elif level is Level.JUNIOR:
            if education is EducationLevel.SECONDARY:
                before_title, after_title = 1, _JUNIOR_YEARS[education]
            else:
                before_title, after_title = _JUNIOR_YEARS[education], 0
        else:
            before_title = 1 if education is not EducationLevel.DOCTOR else 0
            if education is EducationLevel.SECONDARY:
                before_title = 1 + 5  # 士 first, then 师
            after_title = _INTERMEDIATE_YEARS[education]
        needed = before_title + after_title
        low, high = _AGE_RANGE[level]
        min_age = max(low, grad_age + needed + 1)
        age = (
            rng.randint(min_age, max(min_age, high))
            if rng.random() < 0.5
            else min_age + int(rng.expovariate(1 / 5))
        )
        age = min(max(age, low), high)
        birth_year = EXAM_YEAR - age
        grad_year = birth_year + grad_age
        slack = max(0, cutoff_year - grad_year - needed)
        title_year: int | None = None
        if (level is not Level.ASSISTANT and after_title > 0) or level is Level.INTERMEDIATE:
            title_year = grad_year + before_title + rng.randint(0, slack)
        short = not eligible
        if short:
            if title_year is not None and after_title > 0:
                title_year = cutoff_year - after_title + rng.randint(1, 2)
            elif education is EducationLevel.DOCTOR:
                pass  # a 博士 without 规培: the missing residency certificate is the shortfall
            else:
                grad_year = cutoff_year - before_title + rng.randint(1, min(2, max(1, before_title)))
                grad_year = min(grad_year, cutoff_year)
        grad_year = min(grad_year, cutoff_year)
        if title_year is not None:
            title_year = max(min(title_year, cutoff_year), grad_year)
        return _Timeline(
            education=education,
            birth_year=birth_year,
            graduated_on=date(grad_year, 7, 1) if rng.random() < 0.8 else date(grad_year, 6, 30),
            title_on=(
                date(title_year, rng.choice((5, 6, 9, 12)), rng.randint(1, 28))
                if title_year is not None
                else None
            ),
            eligible=eligible,
            residency=(education is EducationLevel.DOCTOR and eligible) or rng.random() < 0.15,
        )

    # -- identity ----------------------------------------------------------------------------
    def _identity(self, unit: _Unit, birth_year: int, female: bool) -> tuple[IdType, str, date]:
        rng = self.rng
        birth = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
        roll = rng.random()
        if roll < 0.98:
            where = rng.random()
            if where < 0.6:
                region = unit.region_code
            elif where < 0.92:
                city = rng.choice([c for c in HUBEI_CITIES if c.counties])
                region = rng.choice(city.counties).code
            else:
                region = rng.choice(OTHER_PROVINCE_COUNTY_CODES)
            return IdType.RESIDENT_ID, make_resident_id(region, birth, self._sequence(female)), birth
        if roll < 0.99:
            region = rng.choice(("810000", "820000", "830000"))
            return IdType.HMT_RESIDENCE, make_resident_id(region, birth, self._sequence(female)), birth
        if roll < 0.994:
            digits = 8 if rng.random() < 0.5 else 10
            return IdType.HK_MACAO_PERMIT, rng.choice("HM") + f"{rng.randrange(10**digits):0{digits}d}", birth
        if roll < 0.997:
            return IdType.TAIWAN_PERMIT, f"{rng.randrange(10**8):08d}", birth
        if rng.random() < 0.5:
            return IdType.PASSPORT, f"E{rng.randrange(10**8):08d}", birth
        return (
            IdType.PASSPORT,
            "E" + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + f"{rng.randrange(10**7):07d}",
            birth,
        )

    def _sequence(self, female: bool) -> int:
        seq = self.rng.randrange(500) * 2  # even
        return seq if female else seq + 1

    # -- comparison libraries ----------------------------------------------------------------
    def _libraries(self, level: Level, category: Category, timeline: _Timeline) -> dict[Library, list[str]]:
        rng = self.rng
        libraries: dict[Library, list[str]] = {library: [] for library in Library}
        if timeline.title_on is not None and category.series not in {
            "medicine",
            "chinese_medicine",
            "public_health",
        }:
            title = _JUNIOR_TITLE[category.series] if level is Level.INTERMEDIATE else "士"
            number = f"{timeline.title_on.year}42{rng.randrange(10**10):010d}"
            libraries[Library.QUALIFICATION].append(
                f"{timeline.title_on.year}年 {title} 资格考试合格 管理号 {number}"
            )
        if rng.random() < 0.3:
            year = rng.randint(2019, EXAM_YEAR - 2)
            result = rng.choice(("成绩未合格", "缺考", "部分科目合格"))
            libraries[Library.PAST_CANDIDATES].append(f"{year}年 报考 {category.name} {result}")
        if timeline.title_on is not None and rng.random() < 0.2:
            libraries[Library.PAST_CANDIDATES].append(
                f"{timeline.title_on.year}年 报考 {category.name.split('(')[0]} 合格"
            )
        if (category.requires_physician_qualification and timeline.eligible) or (
            category.requires_physician_qualification and rng.random() < 0.7
        ):
            klass = _PHYSICIAN_CLASS.get(category.series, "临床")
            libraries[Library.PHYSICIAN_REGISTRY].append(
                f"执业医师 {klass} 执业地点：{self._practice_place()} 注册日期 {self._date_after(timeline.graduated_on, 1, 3)}"
            )
        if category.series == "nursing":
            registered = self._date_after(timeline.graduated_on, 0, 1)
            libraries[Library.NURSE_REGISTRY].append(
                f"护士 执业地点：{self._practice_place()} 注册有效期至 {_add_years(registered, 10)}"
            )
        if timeline.education is EducationLevel.BACHELOR and timeline.graduated_on.year >= EXAM_YEAR - 2:
            libraries[Library.GRADUATES].append(f"{timeline.graduated_on.year}届 本科毕业生")
        if rng.random() < 0.015 and self.unit.chain[1:2] == (Tier.COUNTY,):
            libraries[Library.PROVINCIAL_LINE].append(
                f"{rng.randint(2020, EXAM_YEAR - 2)}年 {category.name} 省线合格 有效期内"
            )
        if rng.random() < 0.01:
            libraries[Library.MISCONDUCT].append(
                f"{rng.randint(2021, EXAM_YEAR - 2)}年度考试违纪人员，请重点关注"
            )
        return libraries

    def _practice_place(self) -> str:
        if self.rng.random() < 0.025:  # 执业地点与申报单位不一致
            return self.data._units[self.rng.randrange(len(self.data._units))].org.name
        return self.unit.org.name

    def _date_after(self, start: date, min_years: int, max_years: int) -> date:
        days = self.rng.randint(min_years * 365, max_years * 365 + 180)
        return min(start + timedelta(days=days), date(EXAM_YEAR - 1, 11, 30))

    # -- materials ---------------------------------------------------------------------------
    def _materials(self, level: Level, category: Category, timeline: _Timeline) -> list[DemoMaterial]:
        rng = self.rng
        materials = [self._education(category, timeline)]
        graduate = timeline.education in {
            EducationLevel.BACHELOR,
            EducationLevel.MASTER,
            EducationLevel.DOCTOR,
        }
        if graduate and rng.random() < 0.4:
            materials.append(self._degree(timeline))
        if timeline.title_on is not None and (level is not Level.ASSISTANT) and rng.random() < 0.95:
            materials.append(self._title(level, category, timeline))
        if category.requires_physician_qualification and (timeline.eligible or rng.random() < 0.6):
            klass = _PHYSICIAN_CLASS.get(category.series, "临床")
            if "口腔" in category.name:
                klass = "口腔"
            issued = self._date_after(timeline.graduated_on, 1, 2)
            materials.append(
                self._material(
                    MaterialKind.PHYSICIAN_QUALIFICATION,
                    {
                        "资格级别": "执业医师",
                        "资格类别": klass,
                        "签发日期": issued.isoformat(),
                        "证书编码": f"{issued.year}42{rng.randrange(10**18):018d}",
                    },
                    demo_images.PHYSICIAN_QUALIFICATION_CERT,
                    (ImageSide.A, ImageSide.B),
                )
            )
            practice = self._date_after(issued, 0, 1)
            materials.append(
                self._material(
                    MaterialKind.PHYSICIAN_PRACTICE,
                    {
                        "资格级别": "执业医师",
                        "资格类别": klass,
                        "签发日期": practice.isoformat(),
                        "证书编码": f"1104{self.unit.region_code[:2]}{rng.randrange(10**9):09d}",
                    },
                    demo_images.PHYSICIAN_PRACTICE_CERT,
                    (ImageSide.A, ImageSide.B),
                )
            )
        if category.series == "nursing":
            issued = self._date_after(timeline.graduated_on, 0, 1)
            renewed = _add_years(issued, 5 * ((EXAM_YEAR - 1 - issued.year) // 5))
            materials.append(
                self._material(
                    MaterialKind.NURSE_PRACTICE,
                    {
                        "证书编码": f"{issued.year}42{rng.randrange(10**6):06d}",
                        "签发日期": issued.isoformat(),
                        "执业地点": self._practice_place(),
                        "有效期至": _add_years(renewed, 5).isoformat(),
                    },
                    demo_images.NURSE_PRACTICE_CERT,
                    (ImageSide.A, ImageSide.B),
                )
            )
        if timeline.residency:
            finished = self._date_after(timeline.graduated_on, 3, 3)
            materials.append(
                self._material(
                    MaterialKind.RESIDENCY,
                    {
                        "培训专业": category.name.split("(")[0],
                        "培训基地": rng.choice(_PROVINCE_DIRECT_UNITS)[0],
                        "结业日期": finished.isoformat(),
                        "证书编号": f"{finished.year}42{rng.randrange(10**6):06d}",
                    },
                    demo_images.RESIDENCY_CERT,
                    (ImageSide.A,),
                )
            )
        if rng.random() < 0.08:
            materials.append(
                self._material(
                    MaterialKind.SUPPLEMENT,
                    {
                        "补充说明": rng.choice(
                            ("工作年限证明", "社保缴费证明", "人事代理证明", "单位更名说明")
                        )
                    },
                    demo_images.SUPPLEMENT_DOC,
                    (ImageSide.A,),
                )
            )
        return materials

    def _education(self, category: Category, timeline: _Timeline) -> DemoMaterial:
        rng = self.rng
        majors = _MAJORS.get(category.series, _MAJORS["medicine"])
        if rng.random() < 0.02:  # 所学专业与报考专业不符
            majors = _MAJORS[rng.choice(sorted(_MAJORS))]
        major, major_type = rng.choice(majors)
        schools = _SCHOOLS[timeline.education]
        school_index = rng.randrange(len(schools))
        years = _STUDY_YEARS[timeline.education] + (
            1
            if timeline.education is EducationLevel.BACHELOR and major in {"临床医学", "口腔医学", "中医学"}
            else 0
        )
        grad = timeline.graduated_on
        mode = (
            _pick(rng, _STUDY_MODES)
            if timeline.education is not EducationLevel.SECONDARY
            else StudyMode.FULL_TIME
        )
        assert isinstance(mode, StudyMode)
        fields = {
            "学历层级": timeline.education.label,
            "毕业证号": f"{10500 + school_index:05d}{1 + timeline.education.rank}{grad.year}{rng.randrange(10**8):08d}",
            "入学时间": date(grad.year - years, 9, 1).isoformat(),
            "毕业时间": grad.isoformat(),
            "毕业学校": schools[school_index],
            "学制": f"{years}年",
            "专业类型": major_type,
            "所学专业": major,
            "学习形式": mode.label,
            "学历认证报告编号": "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=16))
            if rng.random() < 0.9
            else "",
        }
        return self._material(
            MaterialKind.EDUCATION,
            fields,
            demo_images.EDUCATION_CERT,
            (ImageSide.A, ImageSide.REPORT),
            report_title=demo_images.EDUCATION_REPORT,
        )

    def _degree(self, timeline: _Timeline) -> DemoMaterial:
        degree = {
            EducationLevel.BACHELOR: "学士",
            EducationLevel.MASTER: "硕士",
            EducationLevel.DOCTOR: "博士",
        }[timeline.education]
        return self._material(
            MaterialKind.DEGREE,
            {
                "学位名称": f"医学{degree}",
                "学位证号": f"{self.rng.randrange(10**16):016d}",
                "授予单位": self.rng.choice(_SCHOOLS[timeline.education]),
                "授予日期": timeline.graduated_on.isoformat(),
            },
            demo_images.DEGREE_CERT,
            (ImageSide.A,),
        )

    def _title(self, level: Level, category: Category, timeline: _Timeline) -> DemoMaterial:
        rng = self.rng
        assert timeline.title_on is not None
        physician = category.series in _PHYSICIAN_CLASS
        held_level = Level.JUNIOR if level is Level.INTERMEDIATE else Level.ASSISTANT
        appointed = self._date_after(timeline.title_on, 0, 1) if rng.random() < 0.8 else None
        provincial = rng.random() < 0.02
        fields = {
            "资格系列": self.data.catalogue.series_label(category.code),
            "资格级别": held_level.label,
            "专业": category.name.split("(")[0] if not physician else "临床医学",
            "取得方式": "认定" if physician else "考试",
            "取得途径": "单位认定" if physician else "全国统考",
            "批准日期": timeline.title_on.isoformat(),
            "证书编号": f"{timeline.title_on.year}42{rng.randrange(10**10):010d}",
            "是否为省线证": "是" if provincial else "否",
            "是否基卫高": "否",
            "聘任日期": appointed.isoformat() if appointed else "",
        }
        return self._material(MaterialKind.TITLE, fields, demo_images.TITLE_CERT, (ImageSide.A, ImageSide.B))

    def _material(
        self,
        kind: MaterialKind,
        fields: dict[str, str],
        title: str,
        sides: tuple[ImageSide, ...],
        report_title: str | None = None,
    ) -> DemoMaterial:
        images: list[DemoImage] = []
        if self.rng.random() >= 0.03:  # ~3% of materials have no image at all (暂无图片)
            for page, side in enumerate(sides, start=1):
                image_title = report_title if side is ImageSide.REPORT and report_title else title
                pooled = self._pool_image(image_title)
                images.append(
                    DemoImage(
                        side=side,
                        sha256=pooled.sha256,
                        mime=pooled.mime,
                        size=pooled.size,
                        filename=f"{self.name}{self.id_number}{image_title}第{page}页.{pooled.extension}",
                    )
                )
        return DemoMaterial(kind, fields, images, VerifyStatus.PENDING, "")

    def _pool_image(self, title: str) -> PoolImage:
        by_title, normal, special = self.data._images_by_title
        if special and self.rng.random() < 0.015:
            return self.rng.choice(special)
        choices = by_title.get(title) or normal
        return choices[self.rng.randrange(len(choices))]

    def _verify(self, materials: list[DemoMaterial], review: ReviewState) -> list[DemoMaterial]:
        """Materials of records a unit has decided on are mostly 核验通过; returned/rejected ones fail one."""
        rng = self.rng
        unit_status = review.status_at(Tier.UNIT)
        decided = (unit_status is not None and unit_status.value != "pending") or len(review.statuses) > 1
        if not decided:
            return materials
        failing = rng.randrange(len(materials)) if review.rejected or _returned(review) else -1
        result = []
        for index, material in enumerate(materials):
            if index == failing:
                status, remark = VerifyStatus.FAILED, rng.choice(_FAILED_MATERIAL_REMARKS)
            elif rng.random() < 0.92:
                status, remark = VerifyStatus.VERIFIED, ""
            else:
                status, remark = VerifyStatus.PENDING, ""
            if not material.images and status is VerifyStatus.VERIFIED:
                status, remark = VerifyStatus.FAILED, "材料未上传"
            result.append(DemoMaterial(material.kind, material.fields, material.images, status, remark))
        return result

    # -- review history ----------------------------------------------------------------------
    def _review(
        self, unit: _Unit, eligible: bool, name: str
    ) -> tuple[ReviewState, list[DemoEvent], datetime | None, int]:
        rng = self.rng
        story = _Story(self.data, unit, rng, name)
        stage = _pick(rng, _STAGES if eligible else _STAGES_INELIGIBLE)
        if stage == "not_submitted":
            return story.state, story.events, None, 0
        story.submit()
        if stage == "withdrawn":
            story.withdraw()
            return story.state, story.events, None, 1
        if stage == "returned":
            story.walk_to(rng.randrange(len(unit.chain)))
            story.decide(Outcome.RETURN, rng.choice(_RETURN_REMARKS))
            if rng.random() < 0.4:
                return story.state, story.events, None, story.submissions
            story.submit()
            stage = _pick(rng, _STAGES_AFTER_RESUBMIT)
        chain = unit.chain
        top = len(chain) - 1
        if stage == "unit_pending":
            pass
        elif stage == "on_hold":
            story.walk_to(rng.randrange(len(chain)) if rng.random() < 0.4 else 0)
            story.decide(Outcome.HOLD, rng.choice(_HOLD_REMARKS))
        elif stage == "passed_unreported":
            story.walk_to(rng.randrange(top) if rng.random() < 0.4 else 0)
            story.decide(Outcome.PASS, "")
        elif stage == "pending_higher":
            story.walk_to(rng.randint(1, top))
        elif stage == "rejected":
            story.walk_to(rng.randrange(len(chain)) if rng.random() < 0.3 else 0)
            story.decide(Outcome.REJECT, rng.choice(_REJECT_REMARKS))
        elif stage == "province_passed":
            story.walk_to(top)
            story.decide(Outcome.PASS, "")
        return story.state, story.events, story.submitted_at, story.submissions


def _add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _returned(review: ReviewState) -> bool:
    return any(status.value == "returned" for status in review.statuses.values())


@dataclass(frozen=True)
class _Timeline:
    education: EducationLevel
    birth_year: int
    graduated_on: date
    title_on: date | None
    eligible: bool
    residency: bool


class _Story:
    """Applies real workflow transitions in time order, recording a DemoEvent for each."""

    def __init__(self, data: DemoData, unit: _Unit, rng: random.Random, name: str) -> None:
        self.data, self.unit, self.rng, self.name = data, unit, rng, name
        self.state = ReviewState(chain=unit.chain)
        self.events: list[DemoEvent] = []
        self.submissions = 0
        self.submitted_at: datetime | None = None
        self.now = SEASON_START + timedelta(minutes=rng.randrange(15 * 24 * 60))

    def _tick(self, max_hours: float) -> datetime:
        self.now += timedelta(minutes=self.rng.randint(20, int(max_hours * 60)))
        if self.now.hour >= 18 or self.now.hour < 8:  # reviewers work office hours
            next_day = self.now + timedelta(days=1) if self.now.hour >= 18 else self.now
            self.now = next_day.replace(hour=8, minute=self.rng.randrange(60))
        return self.now

    def submit(self) -> None:
        self.state = workflow.submit(self.state)
        self.submissions += 1
        self.submitted_at = self._tick(72 if self.submissions > 1 else 1)
        self.events.append(DemoEvent(HistoryAction.SUBMITTED, None, None, self.name, None, "", self.now))

    def withdraw(self) -> None:
        self.state = workflow.withdraw(self.state)
        self.submitted_at = None
        self.events.append(
            DemoEvent(HistoryAction.WITHDRAWN, None, None, self.name, None, "", self._tick(48))
        )

    def _actor(self, tier: Tier) -> tuple[int, str]:
        org_id = self.unit.tier_orgs[tier]
        return org_id, self.data._reviewer_name[org_id]

    def decide(self, outcome: Outcome, remark: str) -> None:
        tier = self.state.at_tier
        assert tier is not None
        self.state = workflow.decide(self.state, tier, outcome, remark)
        org_id, actor = self._actor(tier)
        self.events.append(
            DemoEvent(HistoryAction.DECIDED, tier, org_id, actor, outcome, remark, self._tick(96))
        )
        if outcome is Outcome.RETURN:
            self.submitted_at = None

    def walk_to(self, index: int) -> None:
        """Pass and report up at every tier below chain[index]; the record then waits there (待审核)."""
        for tier in self.unit.chain[:index]:
            self.decide(Outcome.PASS, "" if self.rng.random() < 0.85 else "材料齐全")
            self.state = workflow.report_up(self.state, tier)
            org_id, actor = self._actor(tier)
            self.events.append(
                DemoEvent(HistoryAction.REPORTED, tier, org_id, actor, None, "", self._tick(48))
            )


# -- entry point --------------------------------------------------------------------------------
def generate(candidates: int, seed: int, image_pool_size: int = 40) -> DemoData:
    """Hubei's organisations and users now; ``candidates`` candidates streamed on demand; images on first use."""
    rng = random.Random(f"reviewdesk-demo-orgs:{seed}")
    builder = _build_orgs(rng)
    users: list[DemoUser] = []
    for org in builder.orgs:
        code = org.division_code
        if org.tier is Tier.UNIT:
            handle = f"{code[:6]}_{code[6:]}"
            users.append(
                DemoUser(
                    f"unit_{handle}", DEMO_PASSWORD, _person_name(rng, rng.random() < 0.6), org.id, "reviewer"
                )
            )
            users.append(
                DemoUser(
                    f"admin_{handle}", DEMO_PASSWORD, _person_name(rng, rng.random() < 0.5), org.id, "admin"
                )
            )
        else:
            users.append(
                DemoUser(
                    f"{org.tier.value}_{code}",
                    DEMO_PASSWORD,
                    _person_name(rng, rng.random() < 0.5),
                    org.id,
                    "reviewer",
                )
            )
    return DemoData(
        project=Project(PROJECT_NAME, PROJECT_TYPE, EXAM_YEAR),
        orgs=builder.orgs,
        users=users,
        candidate_count=candidates,
        seed=seed,
        image_pool_size=image_pool_size,
        _units=builder.units,
    )


__all__ = [
    "CST",
    "DEMO_PASSWORD",
    "EXAM_YEAR",
    "DemoCandidate",
    "DemoData",
    "DemoEvent",
    "DemoImage",
    "DemoMaterial",
    "DemoOrg",
    "DemoUser",
    "Project",
    "generate",
]
