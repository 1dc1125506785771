"""Synthetic but realistic API-shaped data and ready-made stores, for tests and benchmarks without a server.

* ``make_snapshot(id, **overrides)`` — one API.md ``RecordSnapshot`` dict, deterministic per id.
* ``make_me(tier=…)`` — a ``Me`` for a reviewer at that tier.
* ``build_store(path, n, seed)`` — a store holding ``n`` records, filled by direct bulk inserts of the flat
  columns and compact snapshots (≥ 50,000 rows/s: the fast index is measured at 10^6 rows).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reviewdesk.domain.enums import (
    EducationLevel,
    IdType,
    Library,
    MaterialKind,
    ReviewStatus,
    SubmitStatus,
    Tier,
)
from reviewdesk.domain.workflow import FULL_CHAIN, ReviewState

SERVER_URL = "https://review.example.cn"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "芳伟娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红飞鹏辉斌宇浩凯健俊帆帅旭宁琳琴雪梅婷倩"
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("assistant", "102", "中药学(士)"),
    ("assistant", "104", "护理学(士)"),
    ("junior", "201", "药学(师)"),
    ("junior", "203", "护理学(师)"),
    ("junior", "206", "放射医学技术(师)"),
    ("junior", "207", "临床医学检验技术(师)"),
    ("intermediate", "303", "内科学(中级)"),
    ("intermediate", "366", "主管药师"),
    ("intermediate", "367", "主管中药师"),
    ("intermediate", "368", "护理学(中级)"),
)
UNITS: tuple[tuple[int, str, int], ...] = (
    (17, "武汉市江岸区人民医院", 12),
    (18, "武汉市江汉区妇幼保健院", 13),
    (19, "武汉大学人民医院", 11),
    (21, "华中科技大学同济医学院附属协和医院", 11),
    (23, "宜昌市中心人民医院", 14),
    (24, "襄阳市第一人民医院", 15),
    (25, "荆州市第二人民医院", 16),
    (26, "黄石市疾病预防控制中心", 17),
)
SCHOOLS = ("湖北中医药大学", "武汉大学", "华中科技大学", "湖北医药学院", "长江大学", "三峡大学", "江汉大学")
MAJORS = ("护理学", "临床医学", "药学", "中药学", "医学检验技术", "医学影像技术")
ORG_PATH_ROOT = (1, 2)


def id_number_for(n: int, birth: str, female: bool) -> str:
    """A 居民身份证 number with a valid GB 11643 check character (武汉 address codes)."""
    area = ("420102", "420103", "420106", "420111", "420502", "420602")[n % 6]
    seq = (n * 7) % 1000
    seq = seq - seq % 2 + (0 if female else 1)
    body = f"{area}{birth.replace('-', '')}{seq:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def materials_hash(materials: list[Mapping[str, Any]]) -> str:
    """API.md: sha256 of the canonical JSON of ``[[kind, fields, [image sha256 …]] …]`` in id order."""
    canonical = [
        [m["kind"], m["fields"], [image["sha256"] for image in m.get("images") or ()]]
        for m in sorted(materials, key=lambda m: m["id"])
    ]
    return hashlib.sha256(
        json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()


def _education(material_id: int, rng: random.Random, name: str, id_number: str) -> dict[str, Any]:
    level = rng.choice((EducationLevel.COLLEGE, EducationLevel.BACHELOR, EducationLevel.BACHELOR))
    start = rng.randint(2000, 2018)
    years = 4 if level is EducationLevel.BACHELOR else 3
    sha = hashlib.sha256(f"edu-{material_id}".encode()).hexdigest()
    return {
        "id": material_id,
        "kind": MaterialKind.EDUCATION.value,
        "version": 1,
        "fields": {
            "学历层级": level.label,
            "毕业证号": f"1{rng.randint(10**15, 10**16 - 1)}",
            "入学时间": f"{start}-09-01",
            "毕业时间": f"{start + years}-07-01",
            "毕业学校": rng.choice(SCHOOLS),
            "学制": f"{years}年",
            "专业类型": "医学",
            "所学专业": rng.choice(MAJORS),
            "学习形式": "全日制",
            "学历认证报告编号": f"A{rng.randint(10**14, 10**15 - 1)}",
        },
        "images": [
            {
                "side": "A",
                "sha256": sha,
                "size": 400_000 + material_id % 400_000,
                "mime": "image/jpeg",
                "filename": f"{name}{id_number}学历证书第1页.jpg",
            }
        ],
        "verify_status": "pending",
        "verify_remark": "",
        "verified_by": None,
        "verified_at": None,
    }


def _title(material_id: int, rng: random.Random, name: str, id_number: str) -> dict[str, Any]:
    sha = hashlib.sha256(f"title-{material_id}".encode()).hexdigest()
    return {
        "id": material_id,
        "kind": MaterialKind.TITLE.value,
        "version": 1,
        "fields": {
            "资格系列": "卫生系列",
            "资格级别": "初级(师)",
            "专业": rng.choice(MAJORS),
            "取得方式": "考试",
            "取得途径": "全国卫生专业技术资格考试",
            "批准日期": f"{rng.randint(2010, 2022)}-06-01",
            "证书编号": f"{rng.randint(10**9, 10**10 - 1)}",
            "是否为省线证": "否",
            "是否基卫高": "否",
            "聘任日期": f"{rng.randint(2012, 2023)}-01-01",
        },
        "images": [
            {
                "side": side,
                "sha256": hashlib.sha256(f"{sha}{side}".encode()).hexdigest(),
                "size": 300_000,
                "mime": "image/jpeg",
                "filename": f"{name}{id_number}专技职称第{page}页.jpg",
            }
            for page, side in ((1, "A"), (2, "B"))
        ],
        "verify_status": "pending",
        "verify_remark": "",
        "verified_by": None,
        "verified_at": None,
    }


def make_review(
    statuses: Mapping[Tier | str, ReviewStatus | str] | None = None,
    at_tier: Tier | str | None = Tier.UNIT,
    submit_status: SubmitStatus | str = SubmitStatus.SUBMITTED,
    chain: tuple[Tier, ...] = FULL_CHAIN,
) -> dict[str, Any]:
    """A ``review`` dict (ReviewState.to_dict()); default: submitted, 待审核 at the unit."""
    state = ReviewState(
        submit_status=SubmitStatus(submit_status),
        statuses={
            Tier(t): ReviewStatus(s) for t, s in (statuses or {Tier.UNIT: ReviewStatus.PENDING}).items()
        },
        at_tier=Tier(at_tier) if at_tier else None,
        chain=chain,
    )
    return state.to_dict()


def make_snapshot(record_id: int, **overrides: Any) -> dict[str, Any]:
    """One API.md RecordSnapshot, deterministic per ``record_id``. ``overrides`` replace top-level keys
    (``review`` may be a dict or a ReviewState); ``materials_hash`` follows the materials unless given,
    and ``submit_status`` follows ``review``."""
    rng = random.Random(record_id)
    female = rng.random() < 0.7
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    birth = f"{rng.randint(1970, 2001)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    id_number = id_number_for(record_id, birth, female)
    level, code, category = rng.choice(CATEGORIES)
    unit_id, unit_name, parent_id = rng.choice(UNITS)
    materials = [_education(record_id * 10 + 1, rng, name, id_number)]
    if level != "assistant":
        materials.append(_title(record_id * 10 + 2, rng, name, id_number))
    libraries = [{"library": lib.value, "entries": []} for lib in Library]
    if rng.random() < 0.3:
        libraries[0]["entries"] = [f"{rng.randint(2015, 2023)}年 {category} 合格"]
    if rng.random() < 0.02:
        libraries[-1]["entries"] = ["2021年度考试违纪人员，请重点关注"]
    submitted_at = (
        f"2026-12-{rng.randint(1, 20):02d}T{rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}:00+08:00"
    )
    snapshot: dict[str, Any] = {
        "id": record_id,
        "version": 1,
        "submission_rev": 1,
        "materials_hash": "",
        "name": name,
        "id_type": IdType.RESIDENT_ID.value,
        "id_number": id_number,
        "gender": "female" if female else "male",
        "birth_date": birth,
        "phone": f"138{rng.randint(10**7, 10**8 - 1)}",
        "submit_status": SubmitStatus.SUBMITTED.value,
        "submitted_at": submitted_at,
        "pay_status": "unpaid",
        "project": "2027年卫生专业技术资格考试",
        "level": level,
        "category_code": code,
        "category_name": category,
        "education_level": rng.choice(("college", "bachelor", "bachelor", "master")),
        "frontline": rng.random() < 0.1,
        "unit_id": unit_id,
        "unit_name": unit_name,
        "unit_parent_id": parent_id,
        "org_path": [*ORG_PATH_ROOT, parent_id, unit_id],
        "review": make_review(),
        "libraries": libraries,
        "materials": materials,
        "history": [
            {
                "at": submitted_at,
                "action": "submitted",
                "tier": None,
                "org_name": "",
                "actor": name,
                "outcome": None,
                "remark": "",
                "decision_id": None,
                "action_id": None,
            }
        ],
        "updated_at": submitted_at,
    }
    for key, value in overrides.items():
        snapshot[key] = value.to_dict() if isinstance(value, ReviewState) else value
    if "materials_hash" not in overrides:
        snapshot["materials_hash"] = materials_hash(snapshot["materials"])
    if "submit_status" not in overrides:
        snapshot["submit_status"] = snapshot["review"]["submit_status"]
    return snapshot


def make_me(tier: Tier = Tier.UNIT, *, username: str | None = None, server_id: str = "srv-test") -> Any:
    """A ``workspace.Me`` for a reviewer at ``tier``."""
    from reviewdesk.store.workspace import Me

    names = {
        Tier.UNIT: (17, "武汉市江岸区人民医院", "420102001"),
        Tier.COUNTY: (12, "江岸区卫生健康局", "420102"),
        Tier.CITY: (11, "武汉市卫生健康委员会", "420100"),
        Tier.PROVINCE: (1, "湖北省卫生健康委员会", "420000"),
    }
    org_id, org_name, org_code = names[tier]
    return Me(
        user_id=3,
        username=username or f"{tier.value}_reviewer",
        display_name="张审核",
        role="reviewer",
        org_id=org_id,
        org_name=org_name,
        org_code=org_code,
        tier=tier,
        project="2027年卫生专业技术资格考试",
        project_type="卫生专业技术资格考试",
        server_id=server_id,
    )


def create_store(path: Path, tier: Tier = Tier.UNIT) -> Any:
    """An empty ``Workspace`` for a reviewer at ``tier``."""
    from reviewdesk.store.workspace import Workspace

    return Workspace.create(Path(path), SERVER_URL, make_me(tier))


def filled_store(path: Path, snapshots: int | list[dict[str, Any]], tier: Tier = Tier.UNIT) -> Any:
    """A ``Workspace`` at ``tier`` holding these snapshots (or ``make_snapshot(1..n)``), ingested
    through the sync engine's API (``ingest.apply_snapshots``) with a cursor."""
    from reviewdesk.store import ingest

    ws = create_store(path, tier)
    items = [make_snapshot(i) for i in range(1, snapshots + 1)] if isinstance(snapshots, int) else snapshots
    ingest.apply_snapshots(ws, items, (), "cursor-0")
    return ws


# -- build_store: many records, fast ------------------------------------------------------------------
#: (weight, review dict, pay_status) of the states a season's records are in, lowest tier first.
_STATE_MIX: tuple[tuple[float, dict[str, Any]], ...] = (
    (0.05, make_review(submit_status="not_submitted", at_tier=None)),
    (0.28, make_review()),
    (0.10, make_review({"unit": "passed"})),
    (0.05, make_review({"unit": "on_hold"})),
    (0.03, make_review({"unit": "returned"}, at_tier=None, submit_status="not_submitted")),
    (0.02, make_review({"unit": "rejected"})),
    (0.15, make_review({"unit": "passed", "county": "pending"}, at_tier="county")),
    (0.05, make_review({"unit": "passed", "county": "passed"}, at_tier="county")),
    (0.01, make_review({"unit": "passed", "county": "rejected"}, at_tier="county")),
    (0.10, make_review({"unit": "passed", "county": "passed", "city": "pending"}, at_tier="city")),
    (0.03, make_review({"unit": "passed", "county": "passed", "city": "passed"}, at_tier="city")),
    (
        0.08,
        make_review(
            {"unit": "passed", "county": "passed", "city": "passed", "province": "pending"},
            at_tier="province",
        ),
    ),
    (
        0.05,
        make_review(
            {"unit": "passed", "county": "passed", "city": "passed", "province": "passed"}, at_tier=None
        ),
    ),
)


def _units() -> list[tuple[int, str, int]]:
    """(unit_id, name, parent org id): five institutions per 湖北 区县, ids stable."""
    from reviewdesk.domain.divisions import HUBEI_CITIES

    kinds = ("人民医院", "中医医院", "妇幼保健院", "疾病预防控制中心", "第二人民医院")
    units = []
    for city in HUBEI_CITIES:
        for county in city.counties or ():
            for k, kind in enumerate(kinds):
                units.append(
                    (int(county.code) * 10 + k, f"{city.short_name}{county.name}{kind}", int(county.code))
                )
    return units


def build_store(
    path: Path, n: int, seed: int = 0, *, tier: Tier = Tier.CITY, materials: bool = True, batch: int = 20_000
) -> Any:
    """A ``Workspace`` at ``tier`` holding ``n`` synthetic records (ids 1..n) in a realistic mix of
    review states, units across 湖北, levels, categories and library hits, each with one 学历信息
    material (none with ``materials=False``: a third of the bytes, for benchmarks of the list only),
    no pending actions. Bulk-inserted straight into the flat columns with compact snapshots
    (no 审核进度, one material; ``materials_hash`` is a stand-in), in one transaction with the indexes
    built at the end and ``synchronous=OFF`` on the builder's own connection: ≥ 50,000 records/s."""
    import numpy as np

    create_store(path, tier).close()
    rng = np.random.default_rng(seed)
    units = _units()
    states = [s for _, s in _STATE_MIX]
    weights = np.array([w for w, _ in _STATE_MIX])
    state_of = rng.choice(len(states), size=n, p=weights / weights.sum()).tolist()
    unit_of = rng.integers(0, len(units), size=n).tolist()
    category_of = rng.integers(0, len(CATEGORIES), size=n).tolist()
    female = (rng.random(n) < 0.7).tolist()
    surname = rng.integers(0, len(SURNAMES), size=n).tolist()
    given1 = rng.integers(0, len(GIVEN), size=n).tolist()
    given2 = rng.integers(-len(GIVEN) // 2, len(GIVEN), size=n).tolist()  # < 0: one-character given name
    education_of = rng.choice(4, size=n, p=[0.05, 0.35, 0.5, 0.1]).tolist()
    frontline = (rng.random(n) < 0.1).tolist()
    library_hits = np.where(rng.random(n) < 0.3, 1, 0) | np.where(rng.random(n) < 0.02, 1 << 6, 0)
    library_hits = library_hits.tolist()
    paid = (rng.random(n) < 0.5).tolist()
    day = rng.integers(1, 21, size=n).tolist()
    minute = rng.integers(8 * 60, 21 * 60, size=n).tolist()

    # 居民身份证 numbers with valid check characters, computed for all rows at once.
    areas = np.array([int(u[2]) for u in units], dtype=np.int64)[np.array(unit_of)] if n else np.array([])
    birth = (
        rng.integers(1970, 2002, size=n) * 10000
        + rng.integers(1, 13, size=n) * 100
        + rng.integers(1, 29, size=n)
    )
    seq = (np.arange(n) % 500) * 2 + np.where(np.array(female, dtype=bool), 0, 1)
    body = areas * 10**11 + birth * 1000 + seq  # 6 + 8 + 3 digits
    weights17 = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
    digits = (body[:, None] // (10 ** np.arange(16, -1, -1, dtype=np.int64))) % 10 if n else np.zeros((0, 17))
    checks = ((digits * weights17).sum(axis=1) % 11).tolist()
    body = body.tolist()
    birth = birth.tolist()

    review_json = [dumps_compact(s) for s in states]
    state_columns = [
        (
            s["submit_status"],
            s["statuses"].get("unit"),
            s["statuses"].get("county"),
            s["statuses"].get("city"),
            s["statuses"].get("province"),
            s["at_tier"],
        )
        for s in states
    ]
    education = [
        e.value
        for e in (
            EducationLevel.SECONDARY,
            EducationLevel.COLLEGE,
            EducationLevel.BACHELOR,
            EducationLevel.MASTER,
        )
    ]
    times = [
        None if state == 0 else f"2026-12-{d:02d}T{m // 60:02d}:{m % 60:02d}:00+08:00"
        for state, d, m in zip(state_of, day, minute, strict=True)
    ]
    record_sql = (
        "INSERT INTO records (id, version, submission_rev, materials_hash, name, id_type, id_number, gender, "
        "birth_date, submit_status, submitted_at, pay_status, project, level, category_code, category_name, "
        "education_level, frontline, unit_id, unit_name, unit_parent_id, status_unit, status_county, "
        "status_city, status_province, at_tier, review, library_hits, misconduct_hit, verify_summary, "
        "pending_actions, open_conflicts, updated_at) VALUES "
        "(?, 1, 1, ?, ?, 'resident_id', ?, ?, ?, ?, ?, ?, '2027年卫生专业技术资格考试', ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?)"
    )
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA journal_mode=OFF")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-200000")
        cursor.execute("BEGIN IMMEDIATE")
        indexes = cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('records', 'materials', 'snapshots')"
        ).fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Flat columns from Python (numpy-drawn choices, plain tuples) …
        for start in range(0, n, batch):
            rows = []
            for i in range(start, min(n, start + batch)):
                state = state_of[i]
                s_submit, s_unit, s_county, s_city, s_province, s_at = state_columns[state]
                unit_id, unit_name, parent = units[unit_of[i]]
                level, code, category_name = CATEGORIES[category_of[i]]
                b = birth[i]
                hits = library_hits[i]
                rows.append(
                    (
                        i + 1,
                        f"{(i + 1) * 0x9E3779B97F4A7C15F39CC0605CEDC8341082276BF3A27251F86C6A11D0C18E95 % (1 << 256):064x}",
                        SURNAMES[surname[i]]
                        + GIVEN[given1[i]]
                        + (GIVEN[given2[i]] if given2[i] >= 0 else ""),
                        f"{body[i]}{'10X98765432'[checks[i]]}",
                        "female" if female[i] else "male",
                        f"{b // 10000}-{b // 100 % 100:02d}-{b % 100:02d}",
                        s_submit,
                        times[i],
                        "paid" if s_province == "passed" and paid[i] else "unpaid",
                        level,
                        code,
                        category_name,
                        education[education_of[i]],
                        frontline[i],
                        unit_id,
                        unit_name,
                        parent,
                        s_unit,
                        s_county,
                        s_city,
                        s_province,
                        s_at,
                        review_json[state],
                        hits,
                        hits >> 6 & 1,
                        times[i] or "",
                    )
                )
            cursor.executemany(record_sql, rows)
        # 预审提示 on ~15 % of the records (list column and 高级搜索 filter at scale; the synthetic
        # snapshots carry no flags list, only these columns).
        cursor.execute(
            "UPDATE records SET flag_kinds = 1 << (id % 6), "
            "flag_rank = CASE WHEN id % 3 = 0 THEN 2001 ELSE 1001 + id % 2 END "
            "WHERE (id * 2654435761) % 100 < 15"
        )
        # … and the JSON (materials, snapshots) built by SQLite itself, in C.
        cursor.execute("CREATE TEMP TABLE pool_school (i INTEGER PRIMARY KEY, name TEXT)")
        cursor.executemany("INSERT INTO pool_school VALUES (?, ?)", list(enumerate(SCHOOLS)))
        cursor.execute("CREATE TEMP TABLE pool_major (i INTEGER PRIMARY KEY, name TEXT)")
        cursor.executemany("INSERT INTO pool_major VALUES (?, ?)", list(enumerate(MAJORS)))
        cursor.execute("CREATE TEMP TABLE pool_education (code TEXT PRIMARY KEY, label TEXT)")
        cursor.executemany(
            "INSERT INTO pool_education VALUES (?, ?)", [(e.value, e.label) for e in EducationLevel]
        )
        cursor.execute("CREATE TEMP TABLE pool_libraries (hits INTEGER PRIMARY KEY, libraries TEXT)")
        cursor.executemany(
            "INSERT INTO pool_libraries VALUES (?, ?)",
            [
                (
                    hits,
                    dumps_compact(
                        [
                            {
                                "library": lib.value,
                                "entries": (
                                    ["2019年 合格"] if i == 0 else ["2021年度考试违纪人员，请重点关注"]
                                )
                                if hits >> i & 1
                                else [],
                            }
                            for i, lib in enumerate(Library)
                        ]
                    ),
                )
                for hits in (0, 1, 1 << 6, 1 | 1 << 6)
            ],
        )
        cursor.execute(
            (
                "INSERT INTO materials (id, record_id, kind, version, fields, images, verify_status, verify_remark, "
                "education_level, major_type, school, enrolled_on, graduated_on) "
                "SELECT r.id * 10 + 1, r.id, 'education', 1, json_object("
                "'学历层级', e.label, '毕业证号', printf('1%015d', r.id), "
                "'入学时间', (2000 + r.id % 19) || '-09-01', '毕业时间', (2004 + r.id % 19) || '-07-01', "
                "'毕业学校', s.name, '学制', '4年', '专业类型', '医学', '所学专业', mj.name, '学习形式', '全日制', "
                "'学历认证报告编号', printf('A%014d', r.id)), "
                "json_array(json_object('side', 'A', 'sha256', printf('%016x%016x%016x%016x', r.id * 2654435761, "
                "r.id * 40503, r.id * 2246822519, r.id * 3266489917), 'size', 512000, 'mime', 'image/jpeg', "
                "'filename', r.name || r.id_number || '学历证书第1页.jpg')), 'pending', '', "
                "r.education_level, '医学', s.name, (2000 + r.id % 19) || '-09-01', (2004 + r.id % 19) || '-07-01' "
                "FROM records r JOIN pool_education e ON e.code = r.education_level "
                "JOIN pool_school s ON s.i = r.id % 7 JOIN pool_major mj ON mj.i = r.id % 6"
            )
            if materials
            else "SELECT 1"
        )
        cursor.execute(_SNAPSHOTS_SQL)
        for _, sql in indexes:
            cursor.execute(sql)
        cursor.execute(
            "INSERT INTO meta(key, value) VALUES ('cursor', 'built') "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        )
        cursor.execute("COMMIT")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
    finally:
        raw.close()
    from reviewdesk.store.workspace import Workspace

    return Workspace.open(path)


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _json_concat(*parts: str) -> str:
    """A SQL ``printf`` building JSON text: even parts are literal JSON text, odd parts SQL values.
    One ``printf`` writes the row in one pass (chained ``||`` copies the growing text at every step)."""
    template = "".join(part.replace("%", "%%") if i % 2 == 0 else "%s" for i, part in enumerate(parts))
    values = [part for i, part in enumerate(parts) if i % 2]
    return f"printf({_sql_text(template)}, {', '.join(values)})"


#: build_store's snapshots, made by SQLite from the flat rows by plain concatenation rather than
#: json_object(json(…)): every value is known to need no escaping, and re-parsing the embedded JSON
#: documents would cost more than everything else. Records without a material get "materials": [].
_MATERIAL_JSON = _json_concat(
    '[{"id":', "m.id",
    ',"kind":"education","version":1,"fields":', "m.fields",
    ',"images":', "m.images",
    ',"verify_status":"pending","verify_remark":"","verified_by":null,"verified_at":null}]',
)  # fmt: skip
_SNAPSHOTS_SQL = "INSERT INTO snapshots (id, snapshot) SELECT r.id, " + _json_concat(
    '{"id":', "r.id",
    ',"version":1,"submission_rev":1,"materials_hash":"', "r.materials_hash",
    '","name":"', "r.name",
    '","id_type":"resident_id","id_number":"', "r.id_number",
    '","gender":"', "r.gender",
    '","birth_date":"', "r.birth_date",
    '","phone":"","submit_status":"', "r.submit_status",
    '","submitted_at":', "coalesce('\"' || r.submitted_at || '\"', 'null')",
    ',"pay_status":"', "r.pay_status",
    '","project":"', "r.project",
    '","level":"', "r.level",
    '","category_code":"', "r.category_code",
    '","category_name":"', "r.category_name",
    '","education_level":"', "r.education_level",
    '","frontline":', "CASE WHEN r.frontline THEN 'true' ELSE 'false' END",
    ',"unit_id":', "r.unit_id",
    ',"unit_name":"', "r.unit_name",
    '","unit_parent_id":', "r.unit_parent_id",
    ',"org_path":[1,', "r.unit_parent_id / 100 * 100",
    ",", "r.unit_parent_id",
    ",", "r.unit_id",
    '],"review":', "r.review",
    ',"libraries":', "l.libraries",
    ',"materials":', f"CASE WHEN m.id IS NULL THEN '[]' ELSE {_MATERIAL_JSON} END",
    ',"history":[],"updated_at":"', "coalesce(r.submitted_at, '2026-12-01T08:00:00+08:00')",
    '"}',
) + (
    " FROM records r LEFT JOIN materials m ON m.id = r.id * 10 + 1"
    " JOIN pool_libraries l ON l.hits = r.library_hits"
)  # fmt: skip


def dumps_compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
