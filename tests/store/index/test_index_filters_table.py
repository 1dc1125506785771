"""Each of the list's 17 filter fields, alone and in small combinations, on a hand-made store of six
records, against answers worked out by hand from the table below — not from the SQL reference, so a
filter that both the index and ``sql_query`` ignored (疫情一线, 申报级别 …) is caught too. Every answer
is checked for the index (under each way it plans queries) and for the SQL reference, and again after
the index followed an update.

The store (reviewer's organisation 17 = 武汉市江岸区人民医院, under 12 = 江岸区卫生健康局)::

    id 姓名      证件号码            级别          类别 单位(上级)  提交/时间              缴费   学历      一线 单位/区县/市州       对比库                  核验        待同步 冲突
    1  王芳      420102199001011234  assistant     102  17(12)  已提交 2026-12-01 09:30  paid   bachelor  是   passed/pending/—      —                       pending     0      0
    2  李伟      42010219850202123X  junior        203  17(12)  已提交 2026-12-02 23:59  unpaid college   否   passed/passed/pending 资格库                  verified    1      0
    3  张娜      420103199203034321  intermediate  368  18(12)  未提交 —                  unpaid master    否   —/—/—                 —                       pending     0      0
    4  Wang Min  H12345678           junior        203  19(11)  已提交 2026-11-30 00:00  paid   doctor    是   rejected/—/—          违纪考生库              failed      0      1
    5  王敏      420102198812121111  assistant     303  12(—)   已提交 2026-12-31 12:00  paid   secondary 否   on_hold/—/—           省线库, 护士注册库      pending     2      0
    6  李娜      420102199506060000  intermediate  102  17(12)  已提交 2027-01-01 00:00  unpaid bachelor  是   returned/—/—          —                       verified    0      1
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from index_rows import PLANS, fresh_store, planned, write_rows

from reviewdesk.domain.enums import (
    DataScope,
    EducationLevel,
    Level,
    Library,
    PayStatus,
    ReviewStatus,
    SubmitStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.precheck import KINDS
from reviewdesk.store import sql_query
from reviewdesk.store.filters import NOT_REACHED, RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex

ORG = 17


def _row(
    record_id: int,
    name: str,
    id_number: str,
    level: str,
    category: str,
    unit: tuple[int, str, int | None],
    submitted_at: str | None,
    pay: str,
    education: str,
    frontline: int,
    statuses: tuple[str | None, str | None, str | None],
    library_hits: int,
    verify: str,
    pending: int,
    conflicts: int,
) -> dict[str, Any]:
    unit_id, unit_name, parent = unit
    return {
        "id": record_id,
        "name": name,
        "id_type": "resident_id",
        "id_number": id_number,
        "submit_status": "submitted" if submitted_at else "not_submitted",
        "submitted_at": submitted_at,
        "pay_status": pay,
        "level": level,
        "category_code": category,
        "education_level": education,
        "frontline": frontline,
        "unit_id": unit_id,
        "unit_name": unit_name,
        "unit_parent_id": parent,
        "status_unit": statuses[0],
        "status_county": statuses[1],
        "status_city": statuses[2],
        "status_province": None,
        "library_hits": library_hits,
        "verify_summary": verify,
        "pending_actions": pending,
        "open_conflicts": conflicts,
    }


HOSPITAL = (17, "武汉市江岸区人民医院", 12)
MATERNITY = (18, "江汉区妇幼保健院", 12)
CLINIC = (19, "Wuhan Clinic", 11)
COUNTY = (12, "江岸区卫生健康局", None)
# 对比库 bits in Library order: 资格库 1, 省线库 2, 医师注册库 4, 护士注册库 8, … 违纪考生库 64
ROWS = [
    _row(1, "王芳", "420102199001011234", "assistant", "102", HOSPITAL, "2026-12-01T09:30:00+08:00",
         "paid", "bachelor", 1, ("passed", "pending", None), 0, "pending", 0, 0),
    _row(2, "李伟", "42010219850202123X", "junior", "203", HOSPITAL, "2026-12-02T23:59:59+08:00",
         "unpaid", "college", 0, ("passed", "passed", "pending"), 1, "verified", 1, 0),
    _row(3, "张娜", "420103199203034321", "intermediate", "368", MATERNITY, None,
         "unpaid", "master", 0, (None, None, None), 0, "pending", 0, 0),
    _row(4, "Wang Min", "H12345678", "junior", "203", CLINIC, "2026-11-30T00:00:00+08:00",
         "paid", "doctor", 1, ("rejected", None, None), 64, "failed", 0, 1),
    _row(5, "王敏", "420102198812121111", "assistant", "303", COUNTY, "2026-12-31T12:00:00+08:00",
         "paid", "secondary", 0, ("on_hold", None, None), 2 | 8, "pending", 2, 0),
    _row(6, "李娜", "420102199506060000", "intermediate", "102", HOSPITAL, "2027-01-01T00:00:00+08:00",
         "unpaid", "bachelor", 1, ("returned", None, None), 0, "verified", 0, 1),
]  # fmt: skip
# 预审提示 kinds (bits in domain.precheck.KINDS order): 资格条件 1, 信息矛盾 2, 必填项缺失 4, 图片问题 8,
# 图片重复使用 16, 证书编号重复 32; the rank is worst severity × 1000 + count
FLAGS = {2: (0b1, 1001), 3: (0b11000, 2002), 4: (0b100000, 2001), 6: (0b100, 1003)}
for _flagged in ROWS:
    _flagged["flag_kinds"], _flagged["flag_rank"] = FLAGS.get(_flagged["id"], (0, 0))

#: (filter, reviewer's organisation, the ids it selects — read off the table by hand)
CASES: list[tuple[str, RecordFilter, int, set[int]]] = [
    ("no filter", RecordFilter(), ORG, {1, 2, 3, 4, 5, 6}),
    # 申报级别, 类别
    ("level assistant", RecordFilter(level=Level.ASSISTANT), ORG, {1, 5}),
    ("level junior", RecordFilter(level=Level.JUNIOR), ORG, {2, 4}),
    ("level intermediate", RecordFilter(level=Level.INTERMEDIATE), ORG, {3, 6}),
    ("category 203", RecordFilter(category_code="203"), ORG, {2, 4}),
    ("level + category", RecordFilter(level=Level.INTERMEDIATE, category_code="102"), ORG, {6}),
    ("category unknown", RecordFilter(category_code="999"), ORG, set()),
    # 姓名, 证件号码, 申报单位 (substrings; ASCII letters in any case)
    ("name wang hanzi", RecordFilter(name="王"), ORG, {1, 5}),
    ("name wang", RecordFilter(name="wang"), ORG, {4}),
    ("name li padded", RecordFilter(name=" 李 "), ORG, {2, 6}),
    ("id number x", RecordFilter(id_number="x"), ORG, {2}),
    ("id number 420102", RecordFilter(id_number="420102"), ORG, {1, 2, 5, 6}),
    ("unit jiang-an", RecordFilter(unit_name="江岸"), ORG, {1, 2, 5, 6}),
    ("unit CLINIC", RecordFilter(unit_name="CLINIC"), ORG, {4}),
    # 提交状态, 学历, 缴费状态, 核验状态
    ("not submitted", RecordFilter(submit_status=SubmitStatus.NOT_SUBMITTED), ORG, {3}),
    ("submitted", RecordFilter(submit_status=SubmitStatus.SUBMITTED), ORG, {1, 2, 4, 5, 6}),
    ("bachelor", RecordFilter(education_level=EducationLevel.BACHELOR), ORG, {1, 6}),
    ("paid", RecordFilter(pay_status=PayStatus.PAID), ORG, {1, 4, 5}),
    ("unpaid", RecordFilter(pay_status=PayStatus.UNPAID), ORG, {2, 3, 6}),
    ("verify pending", RecordFilter(verify_status=VerifyStatus.PENDING), ORG, {1, 3, 5}),
    ("verify failed", RecordFilter(verify_status=VerifyStatus.FAILED), ORG, {4}),
    # 数据层级: 本级直属 = the organisation's own records and those of units directly under it
    ("direct of 17", RecordFilter(data_scope=DataScope.DIRECT), 17, {1, 2, 6}),
    ("direct of 12", RecordFilter(data_scope=DataScope.DIRECT), 12, {1, 2, 3, 5, 6}),
    ("direct of 11", RecordFilter(data_scope=DataScope.DIRECT), 11, {4}),
    # 审核状态 per tier
    ("unit passed", RecordFilter(tier_status={Tier.UNIT: ReviewStatus.PASSED}), ORG, {1, 2}),
    ("county not reached", RecordFilter(tier_status={Tier.COUNTY: NOT_REACHED}), ORG, {3, 4, 5, 6}),
    ("city pending", RecordFilter(tier_status={Tier.CITY: ReviewStatus.PENDING}), ORG, {2}),
    (
        "unit and county passed",
        RecordFilter(tier_status={Tier.UNIT: ReviewStatus.PASSED, Tier.COUNTY: ReviewStatus.PASSED}),
        ORG,
        {2},
    ),
    # 提交时间 (inclusive days; never submitted is excluded once a bound is set)
    ("from 12-01", RecordFilter(submitted_from=date(2026, 12, 1)), ORG, {1, 2, 5, 6}),
    ("to 12-01", RecordFilter(submitted_to=date(2026, 12, 1)), ORG, {1, 4}),
    ("12-01 to 12-02", RecordFilter(submitted_from=date(2026, 12, 1), submitted_to=date(2026, 12, 2)), ORG, {1, 2}),
    ("to 12-31", RecordFilter(submitted_to=date(2026, 12, 31)), ORG, {1, 2, 4, 5}),
    ("to the last day", RecordFilter(submitted_to=date.max), ORG, {1, 2, 4, 5, 6}),
    # 对比库: entries in ANY of the chosen libraries
    ("library qualification", RecordFilter(library_hits=frozenset({Library.QUALIFICATION})), ORG, {2}),
    ("library misconduct", RecordFilter(library_hits=frozenset({Library.MISCONDUCT})), ORG, {4}),
    (
        "library nurse or qualification",
        RecordFilter(library_hits=frozenset({Library.NURSE_REGISTRY, Library.QUALIFICATION})),
        ORG,
        {2, 5},
    ),
    ("library graduates", RecordFilter(library_hits=frozenset({Library.GRADUATES})), ORG, set()),
    # 预审提示: a flag of ANY of the chosen kinds (all of them: 有提示)
    ("any flag", RecordFilter(flag_kinds=frozenset(KINDS)), ORG, {2, 3, 4, 6}),
    ("flag scan", RecordFilter(flag_kinds=frozenset({"scan"})), ORG, {3}),
    ("flag eligibility or duplicate", RecordFilter(flag_kinds=frozenset({"eligibility", "duplicate"})), ORG, {2, 4}),
    ("flag contradiction", RecordFilter(flag_kinds=frozenset({"contradiction"})), ORG, set()),
    # 是否为抗击新冠肺炎疫情一线人员
    ("frontline yes", RecordFilter(frontline=True), ORG, {1, 4, 6}),
    ("frontline no", RecordFilter(frontline=False), ORG, {2, 3, 5}),
    # 未同步, 有冲突
    ("pending only", RecordFilter(pending_only=True), ORG, {2, 5}),
    ("conflicts only", RecordFilter(conflicts_only=True), ORG, {4, 6}),
    # small combinations
    ("frontline + junior", RecordFilter(frontline=True, level=Level.JUNIOR), ORG, {4}),
    ("not frontline + unpaid", RecordFilter(frontline=False, pay_status=PayStatus.UNPAID), ORG, {2, 3}),
    ("frontline + direct", RecordFilter(frontline=True, data_scope=DataScope.DIRECT), ORG, {1, 6}),
    ("assistant + wang + paid", RecordFilter(level=Level.ASSISTANT, name="王", pay_status=PayStatus.PAID), ORG, {1, 5}),
    # two text searches after a narrowing one: the second must still be tested (over masks, both test the
    # rows left: 王 keeps 1 and 5, "1111" only 5)
    ("assistant + wang + id 1111", RecordFilter(level=Level.ASSISTANT, name="王", id_number="1111"), ORG, {5}),
    ("conflicts + verified", RecordFilter(conflicts_only=True, verify_status=VerifyStatus.VERIFIED), ORG, {6}),
    ("pending + provincial line", RecordFilter(pending_only=True, library_hits=frozenset({Library.PROVINCIAL_LINE})), ORG, {5}),
    # a rarer condition drives and 本级直属 / 对比库 / 预审提示 only test its candidates
    ("conflicts + direct", RecordFilter(conflicts_only=True, data_scope=DataScope.DIRECT), ORG, {6}),
    ("assistant + nurse or qualification", RecordFilter(level=Level.ASSISTANT, library_hits=frozenset({Library.NURSE_REGISTRY, Library.QUALIFICATION})), ORG, {5}),
    ("category 102 + any flag", RecordFilter(category_code="102", flag_kinds=frozenset(KINDS)), ORG, {6}),
    ("pending + name wang", RecordFilter(pending_only=True, name="王"), ORG, {5}),
    ("category 203 + to 12-01", RecordFilter(category_code="203", submitted_to=date(2026, 12, 1)), ORG, {4}),
    ("category 203 + from 12-01", RecordFilter(category_code="203", submitted_from=date(2026, 12, 1)), ORG, {2}),
    ("conflicts + unit jiang-an", RecordFilter(conflicts_only=True, unit_name="江岸"), ORG, {6}),
    # the driver's candidates run out before the last condition: nothing, not an error (助理 1 and 5
    # drive; neither has a conflict; 姓名 is never asked)
    ("assistant + conflicts + wang", RecordFilter(level=Level.ASSISTANT, conflicts_only=True, name="王"), ORG, set()),
]  # fmt: skip


def test_every_filter_field_has_a_case_that_selects_rows() -> None:
    """The table pins each of the 17 fields (alone) to a non-empty, non-total answer."""
    pinned = set()
    for _title, flt, _org, expected in CASES:
        changed = [name for name, value in vars(flt).items() if value != getattr(RecordFilter(), name)]
        if len(changed) == 1 and 0 < len(expected) < len(ROWS):
            pinned.add(changed[0])
    assert pinned == set(vars(RecordFilter()))


@pytest.fixture(scope="module")
def store() -> Iterator[Path]:
    with fresh_store() as path:
        write_rows(path, ROWS)
        yield path


def _answers(index: RecordIndex, path: Path, flt: RecordFilter, org: int) -> tuple[set[int], set[int], int]:
    sort = SortKey("name")
    with sqlite3.connect(path) as conn:
        reference = set(sql_query.query_ids(conn, flt, sort, org).tolist())
        assert sql_query.count(conn, flt, org) == len(reference)
    return set(index.query(flt, sort, org).tolist()), reference, index.count(flt, org)


@pytest.mark.parametrize("plan", sorted(PLANS))
@pytest.mark.parametrize(("flt", "org", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_filter_field_selects_the_hand_computed_records(
    store: Path, plan: str, flt: RecordFilter, org: int, expected: set[int]
) -> None:
    with planned(plan):
        index = RecordIndex.build(store)
        got, reference, count = _answers(index, store, flt, org)
    assert got == expected, "index"
    assert reference == expected, "SQL reference"
    assert count == len(expected)


def test_after_an_update_the_filters_see_the_new_values() -> None:
    """Record 3 becomes a 疫情一线, paid 初级(士) record with a 医师注册库 hit, submitted on 2026-12-02."""
    changed = {
        **ROWS[2],
        "frontline": 1,
        "pay_status": "paid",
        "level": "assistant",
        "library_hits": 4,
        "submit_status": "submitted",
        "submitted_at": "2026-12-02T08:00:00+08:00",
    }
    expected = [
        (RecordFilter(frontline=True), {1, 3, 4, 6}),
        (RecordFilter(frontline=False), {2, 5}),
        (RecordFilter(level=Level.ASSISTANT), {1, 3, 5}),
        (RecordFilter(level=Level.INTERMEDIATE), {6}),
        (RecordFilter(pay_status=PayStatus.PAID), {1, 3, 4, 5}),
        (RecordFilter(library_hits=frozenset({Library.PHYSICIAN_REGISTRY})), {3}),
        (RecordFilter(submitted_from=date(2026, 12, 2), submitted_to=date(2026, 12, 2)), {2, 3}),
        (RecordFilter(frontline=True, level=Level.ASSISTANT), {1, 3}),
    ]
    for plan in sorted(PLANS):
        with fresh_store() as path, planned(plan):
            write_rows(path, ROWS)
            index = RecordIndex.build(path)
            for flt, _ in expected:  # answered once before, so cached orders and postings must follow
                index.query(flt, SortKey("name"), ORG)
            write_rows(path, [changed])
            index.update({3})
            for flt, ids in expected:
                got, reference, count = _answers(index, path, flt, ORG)
                assert (got, reference, count) == (ids, ids, len(ids)), (plan, flt)
