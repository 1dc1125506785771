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
