"""Believable people: names by Hubei's surname frequencies, ID numbers with valid check digits, phones.

Why: names, ID numbers and phones are what a reviewer reads first; they must look like a province's
candidates (and ID numbers must pass ``reviewdesk.domain.identity``), while staying deterministic.
"""

from __future__ import annotations

import itertools
import random
from datetime import date

from reviewdesk.domain.divisions import HUBEI_CITIES, OTHER_PROVINCE_COUNTY_CODES
from reviewdesk.domain.enums import IdType
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.server.demo.draws import pick_cumulative

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


def person_name(rng: random.Random, female: bool) -> str:
    surname = pick_cumulative(rng, _SURNAMES, _SURNAME_CUM)[0]
    pool = _GIVEN_FEMALE if female else _GIVEN_MALE
    if rng.random() < 0.3:
        return surname + rng.choice(pool)
    first = rng.choice(pool) if rng.random() < 0.6 else rng.choice(_GIVEN_ANY)
    return surname + first + rng.choice(pool)


def phone_number(rng: random.Random) -> str:
    return rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def identity(rng: random.Random, home_region: str, birth_year: int, female: bool) -> tuple[IdType, str, date]:
    """(kind of ID, its number, birth date): mostly a 居民身份证 of the unit's area (``home_region``),
    else of elsewhere in Hubei or China; a few HMT residence permits, travel permits and passports."""
    birth = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    roll = rng.random()
    if roll < 0.98:
        where = rng.random()
        if where < 0.6:
            region = home_region
        elif where < 0.92:
            city = rng.choice([c for c in HUBEI_CITIES if c.counties])
            region = rng.choice(city.counties).code
        else:
            region = rng.choice(OTHER_PROVINCE_COUNTY_CODES)
        return IdType.RESIDENT_ID, make_resident_id(region, birth, _sequence(rng, female)), birth
    if roll < 0.99:
        region = rng.choice(("810000", "820000", "830000"))
        return IdType.HMT_RESIDENCE, make_resident_id(region, birth, _sequence(rng, female)), birth
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


def _sequence(rng: random.Random, female: bool) -> int:
    seq = rng.randrange(500) * 2  # even
    return seq if female else seq + 1
