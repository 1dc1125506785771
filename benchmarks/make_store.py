"""Write a realistic local store of N records straight into SQLite, fast (≥ 50k records/s).

    python3 benchmarks/make_store.py --rows 1000000 --out /tmp/store_1m.sqlite [--seed 1]

Why a direct bulk writer instead of syncing from a demo server: the scale benchmarks need 10^6 records in
seconds, and what they measure (the list's index, SQL queries, paging) only depends on the ``records``
table's flat columns, which ``models.local`` defines. The store is a valid local store for a 省级 reviewer
(made by ``store.testing.create_store``: schema, ``meta``, ``me``) with snapshots and one 学历信息 material
per record, so ``Workspace.open`` and ``Workspace.record`` work on it.

Distributions follow the season a provincial reviewer sees: 湖北's 市州 and 区县, ~1,500 units (most under
a 区县, some directly under a 市州, eight 省直 under the province), category codes from ``resources/catalogue.json`` weighted towards
nursing, statuses that obey ``domain.workflow`` (a tier is reached only when the tier below passed and
reported), valid 身份证 numbers, a few other documents, 1 % of rows with unsynced actions and 0.1 % with
conflicts. Names repeat (as real names do), which exercises tie-breaking by id.

The SQL baseline deserves a fair chance, so (unless ``--no-baseline-indexes``) every filterable and
sortable column gets an index and ``ANALYZE`` runs: the benchmark compares the in-memory index with an
*indexed* SQLite file, not a bare table.
"""

from __future__ import annotations

import argparse
import json
import queue
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_FEMALE = "芳娜敏静丽艳娟秀霞桂英玉萍红玲雪梅琳丹婷慧颖佳欣怡涵琪思雨诗晓燕蕾倩春兰莉洁清璐瑶萱"
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚华平文辉建国志斌宇浩凯鹏飞晨阳博睿嘉俊峰鑫帅坤毅龙海波亮成林"
UNIT_KINDS = (
    "人民医院",
    "中医医院",
    "妇幼保健院",
    "疾病预防控制中心",
    "第二人民医院",
    "中心医院",
    "社区卫生服务中心",
    "卫生院",
    "康复医院",
    "口腔医院",
    "精神卫生中心",
    "血站",
)
TOWN_PREFIXES = "城关新集长岭白沙柏泉龙王花园杨店三河双桥石门汉源东湖金山凤凰黄龙青山桥头古城永安"
PROVINCIAL_UNITS = (
    "湖北省人民医院",
    "湖北省中医院",
    "湖北省妇幼保健院",
    "华中科技大学同济医学院附属协和医院",
    "华中科技大学同济医学院附属同济医院",
    "武汉大学中南医院",
    "湖北省肿瘤医院",
    "湖北省疾病预防控制中心",
)
OTHER_ID_TYPES = ("hmt_residence", "hk_macao_permit", "taiwan_permit", "passport")
REVIEW_OUTCOMES = ("pending", "passed", "on_hold", "returned", "rejected")
LIBRARIES = (
    "qualification",
    "provincial_line",
    "physician_registry",
    "nurse_registry",
    "graduates",
    "past_candidates",
    "misconduct",
)
EDUCATION_BY_LEVEL = {
    "assistant": (("secondary", 0.55), ("college", 0.4), ("bachelor", 0.05)),
    "junior": (("secondary", 0.1), ("college", 0.45), ("bachelor", 0.4), ("master", 0.05)),
    "intermediate": (("college", 0.25), ("bachelor", 0.55), ("master", 0.17), ("doctor", 0.03)),
}
PROJECT = "2027年卫生专业技术资格考试"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    parent_id: int
    region: str  # 6-digit address code, for ID numbers
    chain: int  # 0: 单位→区县→市州→省级, 1: 单位→市州→省级 (under a city), 2: 单位→省级 (省直)


def _divisions() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(city code, city name, [(county code, county name)]) — the real tree when domain.divisions exists."""
    try:
        from reviewdesk.domain.divisions import HUBEI_CITIES  # type: ignore[import-not-found]

        return [(c.code, c.name, [(k.code, k.name) for k in c.counties]) for c in HUBEI_CITIES]
    except ImportError:  # pragma: no cover - the module came later than this script
        return [
            ("420100", "武汉市", [("420102", "江岸区"), ("420103", "江汉区"), ("420106", "武昌区")]),
            ("420500", "宜昌市", [("420502", "西陵区"), ("420503", "伍家岗区")]),
            ("429004", "仙桃市", []),
        ]


def make_units(rng: np.random.Generator, units_per_county: int = 14) -> tuple[list[Unit], int]:
    """Organisations: province id 1, cities and counties, then units. Returns (units, province id)."""
    next_id = 2
    units: list[Unit] = []
    # 省直 institutions report straight to the province (chain 单位→省级): the province's 本级直属.
    for name in PROVINCIAL_UNITS:
        units.append(Unit(next_id, name, 1, "420100", 2))
        next_id += 1
    for city_code, city_name, counties in _divisions():
        city_id = next_id
        next_id += 1
        # A few city-level hospitals sit directly under the city (chain 单位→市州→省级).
        for kind in UNIT_KINDS[:3]:
            units.append(Unit(next_id, f"{city_name}{kind}", city_id, city_code, 1))
            next_id += 1
        for county_code, county_name in counties or [(city_code, "")]:
            county_id = next_id
            next_id += 1
            for k in range(units_per_county):
                if k < len(UNIT_KINDS):
                    name = f"{city_name}{county_name}{UNIT_KINDS[k]}"
                else:
                    town = TOWN_PREFIXES[(k * 2) % len(TOWN_PREFIXES) : (k * 2) % len(TOWN_PREFIXES) + 2]
                    name = f"{city_name}{county_name}{town}镇卫生院"
                units.append(Unit(next_id, name, county_id, county_code, 0))
                next_id += 1
    return units, 1


def _categories() -> dict[str, list[tuple[str, str]]]:
    try:
        from importlib.resources import files

        data = json.loads(files("reviewdesk.resources").joinpath("catalogue.json").read_text("utf-8"))
        levels = data.get("levels") or {}
        found = {lv: [(c["code"], c["name"]) for c in items] for lv, items in levels.items() if items}
        if found:
            return found
    except (OSError, ValueError, KeyError, ModuleNotFoundError):  # pragma: no cover
        pass
    return {
        "assistant": [("101", "药学(士)"), ("102", "中药学(士)"), ("103", "放射医学技术(士)")],
        "junior": [("201", "药学(师)"), ("203", "护理学(师)"), ("205", "临床医学检验技术(师)")],
        "intermediate": [("303", "内科学(中级)"), ("366", "主管药师"), ("368", "护理学(中级)")],
    }


def _check_char(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _iso(epoch_seconds: int) -> str:
    """``2026-12-03T10:12:00+08:00`` for a wall-clock second count (the province's offset)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(epoch_seconds))


def _review(rng: np.random.Generator, n: int, chains: np.ndarray, submitted: np.ndarray) -> list[tuple]:
    """(status_unit, status_county, status_city, status_province, at_tier, review JSON) per record,
    following the workflow: a tier is reached only after the tier below passed and reported up."""
    out: list[tuple] = []
    unit_p = np.array([0.30, 0.50, 0.06, 0.07, 0.07])
    up_p = np.array([0.35, 0.52, 0.05, 0.04, 0.04])
    s_unit = rng.choice(5, n, p=unit_p)
    s2 = rng.choice(5, n, p=up_p)
    s3 = rng.choice(5, n, p=up_p)
    s4 = rng.choice(5, n, p=up_p)
    reported = rng.random((n, 3)) < 0.8
    cache: dict[tuple, str] = {}
    chain_kinds = (["unit", "county", "city", "province"], ["unit", "city", "province"], ["unit", "province"])
    chains_l, submitted_l = chains.tolist(), submitted.tolist()
    codes_l = np.stack([s_unit, s2, s3, s4], axis=1).tolist()
    reported_l = reported.tolist()
    for i in range(n):
        chain = chain_kinds[chains_l[i]]
        if not submitted_l[i]:
            statuses = {"unit": "pending"}
            at = None
            sub = "not_submitted"
        else:
            sub = "submitted"
            codes = codes_l[i]
            statuses = {}
            at = None
            for depth, tier in enumerate(chain):
                outcome = REVIEW_OUTCOMES[codes[depth]]
                statuses[tier] = outcome
                if outcome == "returned":
                    at = None
                    break
                at = tier
                if outcome != "passed" or depth + 1 == len(chain) or not reported_l[i][min(depth, 2)]:
                    if outcome == "passed" and depth + 1 == len(chain):
                        at = None  # 省级审核通过: review has ended
                    break
        key = (sub, tuple(statuses.items()), at, len(chain))
        review_json = cache.get(key)
        if review_json is None:
            review = {"submit_status": sub, "statuses": statuses, "at_tier": at, "chain": chain}
            review_json = cache[key] = json.dumps(review, separators=(",", ":"))
        out.append(
            (
                statuses.get("unit"),
                statuses.get("county"),
                statuses.get("city"),
                statuses.get("province"),
                at,
                review_json,
            )
        )
    return out


RECORD_COLUMNS = (
    "id",
    "version",
    "submission_rev",
    "materials_hash",
    "name",
    "id_type",
    "id_number",
    "gender",
    "birth_date",
    "submit_status",
    "submitted_at",
    "pay_status",
    "project",
    "level",
    "category_code",
    "category_name",
    "education_level",
    "frontline",
    "unit_id",
    "unit_name",
    "unit_parent_id",
    "status_unit",
    "status_county",
    "status_city",
    "status_province",
    "at_tier",
    "review",
    "library_hits",
    "misconduct_hit",
    "verify_summary",
    "pending_actions",
    "open_conflicts",
    "updated_at",
)
MATERIAL_COLUMNS = (
    "id",
    "record_id",
    "kind",
    "version",
    "fields",
    "images",
    "verify_status",
    "verify_remark",
    "education_level",
    "major_type",
    "school",
    "enrolled_on",
    "graduated_on",
)
SCHOOLS = (
    "湖北中医药大学",
    "武汉大学",
    "华中科技大学",
    "湖北医药学院",
    "长江大学",
    "三峡大学",
    "江汉大学",
    "湖北职业技术学院",
)
EDUCATION_LABELS = {
    "secondary": "中专",
    "college": "大专",
    "bachelor": "本科",
    "master": "硕士研究生",
    "doctor": "博士研究生",
}

#: Indexes the SQL baseline deserves: every column the list filters or sorts by (``id`` is the rowid,
#: so each index is effectively ``(column, id)`` and serves ``ORDER BY column, id`` too).
BASELINE_INDEXED = (
    "level",
    "category_code",
    "submit_status",
    "submitted_at",
    "education_level",
    "pay_status",
    "status_unit",
    "status_county",
    "status_city",
    "status_province",
    "unit_id",
    "unit_parent_id",
    "unit_name",
    "verify_summary",
    "pending_actions",
    "open_conflicts",
    "id_type",
)


def generate_rows(n: int, seed: int, first_id: int = 1) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Records as tuples in ``RECORD_COLUMNS`` order, their snapshots ``(id, json)`` and one 学历信息
    material each (tuples in ``MATERIAL_COLUMNS`` order)."""
    rng = np.random.default_rng(seed)
    units, _province = make_units(rng)
    categories = _categories()
    levels = ("assistant", "junior", "intermediate")
    level_idx = rng.choice(3, n, p=[0.2, 0.45, 0.35])
    # Larger units (city hospitals) get more candidates: a Zipf-like weight over units.
    weights = 1.0 / (1.0 + np.arange(len(units)) % 37)
    weights /= weights.sum()
    unit_idx = rng.choice(len(units), n, p=weights)
    female = rng.random(n) < 0.72
    # Surname frequency is steep (王/李/张 ≈ 7 % each): square a uniform to skew towards the front.
    sur = (rng.random(n) ** 2 * len(SURNAMES)).astype(np.int64)
    given_len = rng.choice((1, 2), n, p=(0.3, 0.7))
    g1 = rng.integers(0, 10**6, n)
    g2 = rng.integers(0, 10**6, n)
    id_kind = rng.random(n)
    birth_year = rng.integers(1966, 2004, n)
    birth_month = rng.integers(1, 13, n)
    birth_day = rng.integers(1, 29, n)
    seq = rng.integers(0, 1000, n)
    submitted = rng.random(n) < 0.92
    # Submissions over the three weeks of 预报名, in seconds.
    t0 = np.datetime64("2026-11-25T08:00:00")
    offsets = rng.integers(0, 21 * 86400, n)
    frontline = rng.random(n) < 0.1
    lib_bits = np.zeros(n, dtype=np.int64)
    for bit, p in enumerate((0.35, 0.2, 0.15, 0.3, 0.05, 0.4, 0.005)):
        lib_bits |= (rng.random(n) < p).astype(np.int64) << bit
    verify = rng.choice(np.array(["pending", "verified", "failed"]), n, p=[0.6, 0.35, 0.05])
    pending = np.where(rng.random(n) < 0.01, rng.integers(1, 3, n), 0)
    conflicts = (rng.random(n) < 0.001).astype(np.int64)
    paid_draw = rng.random(n) < 0.9
    chains = np.array([units[u].chain for u in unit_idx])
    reviews = _review(rng, n, chains, submitted)
    cat_choice = rng.random(n)
    edu_draw = rng.random(n)

    # Plain Python lists: indexing numpy arrays one scalar at a time is several times slower.
    unit_idx_l, level_l, female_l = unit_idx.tolist(), level_idx.tolist(), female.tolist()
    sur_l, glen_l, g1_l, g2_l = sur.tolist(), given_len.tolist(), g1.tolist(), g2.tolist()
    kind_l, seq_l, submitted_l, offsets_l = (
        id_kind.tolist(),
        seq.tolist(),
        submitted.tolist(),
        offsets.tolist(),
    )
    year_l, month_l, day_l = birth_year.tolist(), birth_month.tolist(), birth_day.tolist()
    frontline_l, libs_l, verify_l = frontline.tolist(), lib_bits.tolist(), verify.tolist()
    pending_l, conflicts_l, paid_l = pending.tolist(), conflicts.tolist(), paid_draw.tolist()
    cat_l, edu_l = cat_choice.tolist(), edu_draw.tolist()
    base_time = int(t0.astype("datetime64[s]").astype(np.int64))
    library_json = [
        json.dumps(
            [
                {"library": lib, "entries": ["有记录"] if bits >> b & 1 else []}
                for b, lib in enumerate(LIBRARIES)
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for bits in range(128)
    ]
    # Nursing dominates the 师 and 中级 levels: give 护理学 a third of them.
    nursing_by_level = {lv: [c for c in cats if "护理" in c[1]] for lv, cats in categories.items()}
    # 身份证 check characters for every row at once (GB 11643: weighted digit sum mod 11).
    region_l = [int(units[u].region) for u in unit_idx_l]
    parity = np.where(female, 0, 1)
    seq_even = seq // 2 * 2 + parity
    first17 = (
        np.array(region_l, dtype=np.int64) * 10**11
        + (birth_year * 10000 + birth_month * 100 + birth_day) * 1000
        + seq_even
    )
    digits = (first17[:, None] // 10 ** np.arange(16, -1, -1, dtype=np.int64)) % 10
    check_l = np.array(list("10X98765432"))[(digits @ np.array(_WEIGHTS)) % 11].tolist()
    first17_l = first17.tolist()
    rows: list[tuple] = []
    snapshots: list[tuple] = []
    materials: list[tuple] = []
    for i in range(n):
        rid = first_id + i
        unit = units[unit_idx_l[i]]
        level = levels[level_l[i]]
        cats = categories[level]
        nursing = nursing_by_level[level]
        if nursing and cat_l[i] < 0.33:
            code, cat_name = nursing[0]
        else:
            code, cat_name = cats[int(cat_l[i] * 7919) % len(cats)]
        acc = 0.0
        education = EDUCATION_BY_LEVEL[level][-1][0]
        for edu, p in EDUCATION_BY_LEVEL[level]:
            acc += p
            if edu_l[i] < acc:
                education = edu
                break
        is_female = female_l[i]
        pool = GIVEN_FEMALE if is_female else GIVEN_MALE
        name = (
            SURNAMES[sur_l[i]]
            + pool[g1_l[i] % len(pool)]
            + (pool[g2_l[i] % len(pool)] if glen_l[i] == 2 else "")
        )
        birth8 = f"{year_l[i]:04d}{month_l[i]:02d}{day_l[i]:02d}"
        birth = f"{birth8[:4]}-{birth8[4:6]}-{birth8[6:]}"
        k = kind_l[i]
        if k < 0.985:
            id_type = "resident_id"
            id_number = f"{first17_l[i]:017d}{check_l[i]}"
        else:
            id_type = OTHER_ID_TYPES[int(k * 1000) % 4]
            id_number = {
                "hmt_residence": f"810000{birth8}{seq_l[i]:03d}X",
                "hk_macao_permit": f"H{rid % 100000000:08d}",
                "taiwan_permit": f"{rid % 100000000:08d}",
                "passport": f"E{rid % 100000000:08d}",
            }[id_type]
        s_unit, s_county, s_city, s_prov, at_tier, review_json = reviews[i]
        sub = "submitted" if submitted_l[i] else "not_submitted"
        submitted_at = _iso(base_time + offsets_l[i]) if submitted_l[i] else None
        submitted_json = f'"{submitted_at}"' if submitted_at else "null"
        pay = "paid" if s_prov == "passed" and paid_l[i] else "unpaid"
        libs = libs_l[i]
        gender = "female" if is_female else "male"
        front = frontline_l[i]
        school = SCHOOLS[rid % len(SCHOOLS)]
        enrolled = f"{year_l[i] + 18}-09-01"
        graduated = f"{year_l[i] + 22}-07-01"
        edu_label = EDUCATION_LABELS[education]
        fields = (
            f'{{"学历层级":"{edu_label}","毕业证号":"1{rid:015d}","入学时间":"{enrolled}",'
            f'"毕业时间":"{graduated}","毕业学校":"{school}","学制":"4年","专业类型":"医学",'
            f'"所学专业":"{cat_name}","学习形式":"全日制","学历认证报告编号":"A{rid:014d}"}}'
        )
        images = (
            f'[{{"side":"A","sha256":"{rid:064x}","size":{400_000 + rid % 400_000},'
            f'"mime":"image/jpeg","filename":"{name}{id_number}学历证书第1页.jpg"}}]'
        )
        # The snapshot as JSON text straight away (every value here is plain, nothing to escape).
        snapshot = (
            f'{{"id":{rid},"version":1,"submission_rev":1,"name":"{name}","id_type":"{id_type}",'
            f'"id_number":"{id_number}","gender":"{gender}","birth_date":"{birth}",'
            f'"submit_status":"{sub}","submitted_at":{submitted_json},"pay_status":"{pay}",'
            f'"project":"{PROJECT}","level":"{level}","category_code":"{code}","category_name":"{cat_name}",'
            f'"education_level":"{education}","frontline":{"true" if front else "false"},'
            f'"unit_id":{unit.id},"unit_name":"{unit.name}","unit_parent_id":{unit.parent_id},'
            f'"review":{review_json},"libraries":{library_json[libs]},'
            f'"materials":[{{"id":{rid * 10 + 1},"kind":"education","version":1,"fields":{fields},'
            f'"images":{images},"verify_status":"{verify_l[i]}","verify_remark":"","verified_by":null,'
            f'"verified_at":null}}],"history":[],'
            f'"updated_at":"2026-12-16T08:00:00+08:00"}}'
        )
        rows.append(
            (
                rid,
                1,
                1,
                f"{rid:064x}",
                name,
                id_type,
                id_number,
                gender,
                birth,
                sub,
                submitted_at,
                pay,
                PROJECT,
                level,
                code,
                cat_name,
                education,
                int(front),
                unit.id,
                unit.name,
                unit.parent_id,
                s_unit,
                s_county,
                s_city,
                s_prov,
                at_tier,
                review_json,
                libs,
                libs >> 6 & 1,
                verify_l[i],
                pending_l[i],
                conflicts_l[i],
                "2026-12-16T08:00:00+08:00",
            )
        )
        snapshots.append((rid, snapshot))
        materials.append(
            (
                rid * 10 + 1,
                rid,
                "education",
                1,
                fields,
                images,
                verify_l[i],
                "",
                education,
                "医学",
                school,
                enrolled,
                graduated,
            )
        )
    return rows, snapshots, materials


def create_empty_store(path: Path) -> None:
    """A new local store for a 省级 reviewer (org id 1), exactly as the app creates one."""
    from reviewdesk.domain.enums import Tier
    from reviewdesk.store.testing import create_store

    create_store(path, Tier.PROVINCE).close()


def insert_records(
    conn: sqlite3.Connection, rows: list[tuple], snapshots: list[tuple], materials: list[tuple]
) -> None:
    placeholders = ",".join("?" * len(RECORD_COLUMNS))
    conn.executemany(f"INSERT INTO records ({','.join(RECORD_COLUMNS)}) VALUES ({placeholders})", rows)
    conn.executemany("INSERT INTO snapshots (id, snapshot) VALUES (?, ?)", snapshots)
    if materials:
        marks = ",".join("?" * len(MATERIAL_COLUMNS))
        conn.executemany(f"INSERT INTO materials ({','.join(MATERIAL_COLUMNS)}) VALUES ({marks})", materials)


def add_baseline_indexes(conn: sqlite3.Connection) -> None:
    for column in BASELINE_INDEXED:
        conn.execute(f"CREATE INDEX IF NOT EXISTS ix_bench_records_{column} ON records ({column})")
    conn.execute("ANALYZE")


#: Share of records with a 预审提示 of each kind (``domain.precheck.KINDS`` order: eligibility,
#: contradiction, required, scan, reused, duplicate), about what the demo's planted ground truth flags
#: (docs/PERFORMANCE.md, 预审提示); kinds drawn independently, so ~30 % of records have one.
FLAG_SHARES = (0.14, 0.04, 0.09, 0.05, 0.008, 0.007)
#: Kinds whose flags are alerts (the rest warn): reused scans and duplicate numbers, and the 身份证
#: contradictions among 信息矛盾 (half of them, drawn).
ALERT_KINDS = 1 << 4 | 1 << 5


def fill_flags(conn: sqlite3.Connection, seed: int = 1) -> int:
    """Draw ``records.flag_rank`` / ``flag_kinds`` (what the 预审提示 column sorts by and its filter
    tests, ``store.local_view``) for every record of the store, so the index and SQL filter and sort
    on a realistic spread rather than on zeros. Also upgrades a store written before the columns were
    drawn (``scale_bench.ensure_store``). Returns how many records got flags."""
    ids = np.array([row[0] for row in conn.execute("SELECT id FROM records ORDER BY id")], dtype=np.int64)
    rng = np.random.default_rng(seed + 17)
    kinds = np.zeros(ids.size, dtype=np.int64)
    for bit, share in enumerate(FLAG_SHARES):
        kinds |= (rng.random(ids.size) < share).astype(np.int64) << bit
    counts = np.array([bin(k).count("1") for k in kinds.tolist()]) + rng.integers(0, 2, ids.size)
    alert = ((kinds & ALERT_KINDS) != 0) | (((kinds >> 1) & 1) == 1) & (rng.random(ids.size) < 0.5)
    rank = np.where(kinds != 0, np.where(alert, 2000, 1000) + counts, 0)
    flagged = np.nonzero(kinds)[0]
    conn.execute("BEGIN")
    conn.executemany(
        "UPDATE records SET flag_rank = ?, flag_kinds = ? WHERE id = ?",
        zip(rank[flagged].tolist(), kinds[flagged].tolist(), ids[flagged].tolist(), strict=True),
    )
    conn.execute("COMMIT")
    return int(flagged.size)


def build_store(
    path: Path,
    rows: int,
    seed: int = 1,
    *,
    baseline_indexes: bool = True,
    materials: bool = True,
    chunk: int = 20_000,
) -> dict[str, float]:
    """Write a fresh store at ``path``; returns timings and the reviewer's org id (``my_org_id``)."""
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    create_empty_store(path)
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    # Index maintenance during a bulk load is slower than building the index once afterwards.
    schema_indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name IN ('records', 'materials') "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in schema_indexes:
        conn.execute(f"DROP INDEX {name}")
    # Generating rows (Python) and inserting them (SQLite, which releases the GIL while it writes) overlap
    # on two cores: a producer thread hands chunks to this thread through a short queue.
    chunks: queue.Queue[tuple[list[tuple], list[tuple], list[tuple]] | None] = queue.Queue(maxsize=2)

    def produce() -> None:
        for start in range(0, rows, chunk):
            records, snapshots, mats = generate_rows(
                min(chunk, rows - start), seed + start, first_id=start + 1
            )
            chunks.put((records, snapshots, mats if materials else []))
        chunks.put(None)

    producer = threading.Thread(target=produce, name="make_store-generate", daemon=True)
    producer.start()
    conn.execute("BEGIN")
    while (batch := chunks.get()) is not None:
        insert_records(conn, *batch)
    conn.execute("COMMIT")
    producer.join()
    province_id = 1
    inserted = time.perf_counter()
    for _name, sql in schema_indexes:
        conn.execute(sql)
    if baseline_indexes:
        add_baseline_indexes(conn)
    fill_flags(conn, seed)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    done = time.perf_counter()
    return {
        "rows": rows,
        "insert_s": inserted - started,
        "rows_per_s": rows / max(inserted - started, 1e-9),
        "indexes_s": done - inserted,
        "my_org_id": province_id,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-baseline-indexes", action="store_true")
    parser.add_argument("--no-materials", action="store_true", help="no 学历信息 material per record")
    args = parser.parse_args(argv)
    report = build_store(
        args.out,
        args.rows,
        args.seed,
        baseline_indexes=not args.no_baseline_indexes,
        materials=not args.no_materials,
    )
    print(
        f"wrote {report['rows']:,} records to {args.out} in {report['insert_s']:.1f} s "
        f"({report['rows_per_s']:,.0f} records/s), indexes + ANALYZE {report['indexes_s']:.1f} s; "
        f"reviewer org id {report['my_org_id']}",
        file=sys.stderr,
    )
    # No goal: this is the benchmarks' own store writer, not the product (issue 18). The product's
    # way of filling a store is the download, measured in download_bench.py / sync_bench.py.
    print(f"make_store_rate {report['rows_per_s']:.0f} records/s - INFO")
    return 0


if __name__ == "__main__":
    sys.exit(main())
