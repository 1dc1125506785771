"""Hubei's organisations for the demo: 湖北省 → 17 市州 → their 区县 → units, and their accounts.

Built once per seed in :func:`build_orgs`: province-direct and city-direct units besides each 区县's, the
4 省直管 cities (仙桃/潜江/天门/神农架) without a 区县 level. Each unit knows its chain of review and who
reviews at each tier (:class:`DemoUnit`), and is weighted by size: a 省人民医院 has far more candidates
than a 镇卫生院.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from reviewdesk.domain.divisions import HUBEI_CITIES, HUBEI_CODE, City
from reviewdesk.domain.enums import Tier
from reviewdesk.domain.workflow import FULL_CHAIN
from reviewdesk.server.demo.people import person_name
from reviewdesk.server.demo.records import DEMO_PASSWORD, DemoOrg, DemoUser

CONFIRMATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O/1/I

# The chain the demo accounts sit on: 湖北省 → 武汉市 → 江岸区 → 武汉市江岸区人民医院.
DEMO_CITY_CODE = "420100"
DEMO_COUNTY_CODE = "420102"
DEMO_UNIT_NAME = "武汉市江岸区人民医院"


_STREETS = ("新华", "解放", "民主", "建设", "和平", "友谊", "长江", "中山", "胜利", "人民", "东风", "花园")
_STREETS += ("滨江", "工农", "向阳", "团结", "前进", "光明", "幸福", "育才")
_TOWNS = ("城关", "新店", "白果", "三里", "双河", "石桥", "杨林", "河口", "龙王", "黄土", "柳林", "长岭")
_TOWNS += ("高桥", "马坪", "青石", "太平", "李店", "花山", "桥头", "洪山", "枣林", "观音")


@dataclass(frozen=True)
class DemoUnit:
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


PROVINCE_DIRECT_UNITS = (
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
    """Numbers organisations in the order they are added and gives units unique confirmation codes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.orgs: list[DemoOrg] = []
        self.units: list[DemoUnit] = []
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
            DemoUnit(org, chain, tier_orgs, region if region != HUBEI_CODE else "420106", city, weight)
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


def build_orgs(rng: random.Random) -> tuple[list[DemoOrg], list[DemoUnit]]:
    """The organisations (ids in order, depth first) and, for the units among them, their DemoUnit."""
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
    for name, region in PROVINCE_DIRECT_UNITS:
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
    return builder.orgs, builder.units


def make_users(rng: random.Random, orgs: list[DemoOrg]) -> list[DemoUser]:
    """A reviewer for every organisation, and an admin for every unit (all with ``DEMO_PASSWORD``)."""
    users: list[DemoUser] = []
    for org in orgs:
        code = org.division_code
        if org.tier is Tier.UNIT:
            handle = f"{code[:6]}_{code[6:]}"
            users.append(
                DemoUser(
                    f"unit_{handle}", DEMO_PASSWORD, person_name(rng, rng.random() < 0.6), org.id, "reviewer"
                )
            )
            users.append(
                DemoUser(
                    f"admin_{handle}", DEMO_PASSWORD, person_name(rng, rng.random() < 0.5), org.id, "admin"
                )
            )
        else:
            users.append(
                DemoUser(
                    f"{org.tier.value}_{code}",
                    DEMO_PASSWORD,
                    person_name(rng, rng.random() < 0.5),
                    org.id,
                    "reviewer",
                )
            )
    return users


def practice_place(rng: random.Random, unit: DemoUnit, units: list[DemoUnit]) -> str:
    """Where a candidate of ``unit`` is registered to practise: the unit, or (执业地点与申报单位不一致) another."""
    if rng.random() < 0.025:
        return units[rng.randrange(len(units))].org.name
    return unit.org.name
