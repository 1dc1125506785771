"""What the comparison libraries (比对库) know about a candidate: past exams, registries, misconduct.

Why: the review screen's 比对库 panel must have entries that agree with the materials (a 护士 has a
nurse registry line) and a few that should catch a reviewer's eye (违纪, another 执业地点).
"""

from __future__ import annotations

import random

from reviewdesk.domain.catalogue import Category
from reviewdesk.domain.enums import EducationLevel, Level, Library, Tier
from reviewdesk.server.demo.orgs import DemoUnit, practice_place
from reviewdesk.server.demo.records import EXAM_YEAR, PHYSICIAN_CLASS
from reviewdesk.server.demo.timeline import Timeline, add_years, date_after

_JUNIOR_TITLE = {  # series → the 师-level title the 中级 candidate holds
    "nursing": "护师",
    "pharmacy": "药师",
    "technology": "技师",
    "medicine": "医师",
    "chinese_medicine": "医师",
    "public_health": "医师",
}


def libraries(
    rng: random.Random,
    units: list[DemoUnit],
    unit: DemoUnit,
    level: Level,
    category: Category,
    timeline: Timeline,
) -> dict[Library, list[str]]:
    """The lines each 比对库 holds about the candidate (most empty; a few 违纪 or 省线 entries)."""
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
        klass = PHYSICIAN_CLASS.get(category.series, "临床")
        libraries[Library.PHYSICIAN_REGISTRY].append(
            f"执业医师 {klass} 执业地点：{practice_place(rng, unit, units)} 注册日期 {date_after(rng, timeline.graduated_on, 1, 3)}"
        )
    if category.series == "nursing":
        registered = date_after(rng, timeline.graduated_on, 0, 1)
        libraries[Library.NURSE_REGISTRY].append(
            f"护士 执业地点：{practice_place(rng, unit, units)} 注册有效期至 {add_years(registered, 10)}"
        )
    if timeline.education is EducationLevel.BACHELOR and timeline.graduated_on.year >= EXAM_YEAR - 2:
        libraries[Library.GRADUATES].append(f"{timeline.graduated_on.year}届 本科毕业生")
    if rng.random() < 0.015 and unit.chain[1:2] == (Tier.COUNTY,):
        libraries[Library.PROVINCIAL_LINE].append(
            f"{rng.randint(2020, EXAM_YEAR - 2)}年 {category.name} 省线合格 有效期内"
        )
    if rng.random() < 0.01:
        libraries[Library.MISCONDUCT].append(
            f"{rng.randint(2021, EXAM_YEAR - 2)}年度考试违纪人员，请重点关注"
        )
    return libraries
