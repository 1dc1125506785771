"""The 报名材料审核 list's filter and sort as one plain SQL query: the reference meaning of a
``RecordFilter`` + ``SortKey``.

Two jobs, one definition:

* **the oracle**: ``store.index.RecordIndex.query`` must return exactly the ids, in exactly the order,
  that :func:`query_ids` returns (a hypothesis property test holds them to it);
* **the benchmark baseline**: ``SELECT id … WHERE … ORDER BY …`` on the same (indexed) SQLite file is
  what the in-memory index is measured against.

The semantics, written down once (the index docstring points here):

* Text filters (姓名, 证件号码, 申报单位) match a substring, case-insensitively for ASCII letters only —
  what SQLite's ``LIKE`` does, so ``x`` finds the check character ``X`` of an ID number while Chinese
  text matches exactly. Surrounding whitespace is ignored; an empty text means "any".
* Choice filters compare the stored code; ``None`` means 全部. ``category_code`` applies whenever it is
  set (the filter bar only offers it after a level is chosen).
* A tier-status filter ``NOT_REACHED`` matches records that have not reached that tier (``NULL``).
* 数据层级 本级直属: the record's unit is the reviewer's organisation or directly under it
  (``unit_parent_id = org OR unit_id = org``); 下级所有: no restriction (the store holds only the scope).
* 提交时间 from/to are inclusive calendar dates compared on the stored ISO text, so a record submitted at
  any time on the ``to`` day is included; records never submitted are excluded once either bound is set.
* 对比库: records with entries in ANY of the chosen libraries (bit ``i`` = ``Library`` #i).
* Sorting: by the column's ``sort_field`` (``store.columns``), ties by record id ascending, in both
  directions. Enum-valued fields (提交状态, the four 审核状态, 缴费状态, 证件类型, 申报级别) sort in their
  vocabulary's order (待审核, 审核通过, 暂不审核, 允许修改, 审核不通过; 初级(士), 初级(师), 中级 …) — the order
  a reviewer reads, not the alphabetical order of the English codes — with "not reached" (NULL) first and
  any unknown code after the known ones. Text fields sort by Unicode code point (SQLite ``BINARY``), NULL
  first. Descending reverses the groups, never the id order inside a group of equal values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import Enum
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine

from reviewdesk.domain.enums import (
    DataScope,
    EducationLevel,
    IdType,
    Level,
    Library,
    PayStatus,
    ReviewStatus,
    SubmitStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.precheck import KINDS
from reviewdesk.store.columns import COLUMNS_BY_KEY
from reviewdesk.store.filters import NOT_REACHED, RecordFilter, SortKey

#: Record fields whose values come from one vocabulary, in the order the list sorts them. Rank 0 is NULL
#: (not reached), 1..k the vocabulary's members, k+1 any other code.
ENUM_FIELDS: dict[str, tuple[str, ...]] = {
    "level": tuple(m.value for m in Level),
    "submit_status": tuple(m.value for m in SubmitStatus),
    "pay_status": tuple(m.value for m in PayStatus),
    "education_level": tuple(m.value for m in EducationLevel),
    "id_type": tuple(m.value for m in IdType),
    "verify_summary": tuple(m.value for m in VerifyStatus),
    **{f"status_{t.value}": tuple(m.value for m in ReviewStatus) for t in Tier},
}

#: Bit of each 预审提示 kind in ``records.flag_kinds`` (``domain.precheck.KINDS`` order).
FLAG_KIND_BIT: dict[str, int] = {kind: 1 << i for i, kind in enumerate(KINDS)}

#: Bit of each 对比库 in ``records.library_hits`` (enum order).
LIBRARY_BIT: dict[Library, int] = {lib: 1 << i for i, lib in enumerate(Library)}


def enum_rank(field: str, value: str | None) -> int:
    """The sort rank of a stored value of an enum field (0 NULL, 1..k members, k+1 unknown)."""
    order = ENUM_FIELDS[field]
    if value is None:
        return 0
    try:
        return order.index(value) + 1
    except ValueError:
        return len(order) + 1


def needle(text: str) -> str:
    """A text filter as matched: surrounding whitespace removed ("" means any)."""
    return text.strip()


def fold_ascii(text: str) -> str:
    """Lower-case ASCII letters only, like SQLite's ``LIKE`` and ``lower()``."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards escaped (``ESCAPE '\\'``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def date_bounds(start: date | None, end: date | None) -> tuple[str | None, str | None]:
    """Inclusive dates as half-open text bounds on ISO timestamps: ``[start, end + 1 day)``."""
    low = start.isoformat() if start else None
    high: str | None = None
    if end is not None:
        try:
            high = (end + timedelta(days=1)).isoformat()
        except OverflowError:  # 9999-12-31: no upper bound left
            high = None
    return low, high


def sort_field(sort: SortKey) -> str:
    """The ``records`` column a list column sorts by; a clear error for unknown or unsortable keys."""
    column = COLUMNS_BY_KEY.get(sort.column)
    if column is None:
        raise ValueError(f"未知的排序列：{sort.column}")
    if column.sort_field is None:
        raise ValueError(f"该列不能排序：{column.title}")
    return column.sort_field


def _code(value: Any) -> str:
    return value.value if isinstance(value, Enum) else str(value)


def where_clause(flt: RecordFilter, my_org_id: int) -> tuple[list[str], dict[str, Any]]:
    """The WHERE conditions (ANDed) and their parameters."""
    conditions: list[str] = []
    params: dict[str, Any] = {}

    def equals(field: str, value: Any) -> None:
        conditions.append(f"{field} = :{field}")
        params[field] = _code(value)

    if flt.level is not None:
        equals("level", flt.level)
    if flt.category_code is not None:
        equals("category_code", flt.category_code)
    for field in ("name", "id_number", "unit_name"):
        text = needle(getattr(flt, field))
        if text:
            conditions.append(f"{field} LIKE :{field} ESCAPE '\\'")
            params[field] = like_pattern(text)
    if flt.submit_status is not None:
        equals("submit_status", flt.submit_status)
    if flt.education_level is not None:
        equals("education_level", flt.education_level)
    if DataScope(flt.data_scope) is DataScope.DIRECT:
        conditions.append("(unit_parent_id = :my_org_id OR unit_id = :my_org_id)")
        params["my_org_id"] = int(my_org_id)
    for tier, status in sorted(flt.tier_status.items(), key=lambda kv: Tier(kv[0]).rank):
        field = f"status_{Tier(tier).value}"
        if status == NOT_REACHED:
            conditions.append(f"{field} IS NULL")
        else:
            equals(field, ReviewStatus(status))
    if flt.pay_status is not None:
        equals("pay_status", flt.pay_status)
    low, high = date_bounds(flt.submitted_from, flt.submitted_to)
    if flt.submitted_from is not None:
        conditions.append("submitted_at >= :submitted_from")
        params["submitted_from"] = low
    if flt.submitted_to is not None:
        if high is None:
            conditions.append("submitted_at IS NOT NULL")
        else:
            conditions.append("submitted_at < :submitted_to")
            params["submitted_to"] = high
    if flt.library_hits:
        conditions.append("(library_hits & :library_mask) != 0")
        params["library_mask"] = sum(LIBRARY_BIT[Library(lib)] for lib in flt.library_hits)
    if flt.flag_kinds:
        conditions.append("(flag_kinds & :flag_mask) != 0")
        params["flag_mask"] = sum(FLAG_KIND_BIT[kind] for kind in flt.flag_kinds)
    if flt.frontline is not None:
        conditions.append("frontline = :frontline")
        params["frontline"] = 1 if flt.frontline else 0
    if flt.verify_status is not None:
        equals("verify_summary", flt.verify_status)
    if flt.pending_only:
        conditions.append("pending_actions > 0")
    if flt.conflicts_only:
        conditions.append("open_conflicts > 0")
    return conditions, params


def order_by_clause(sort: SortKey) -> str:
    """``ORDER BY <field or its vocabulary rank> ASC|DESC, id ASC``."""
    field = sort_field(sort)
    direction = "DESC" if sort.descending else "ASC"
    if field in ENUM_FIELDS:
        order = ENUM_FIELDS[field]
        whens = " ".join(f"WHEN '{code}' THEN {i + 1}" for i, code in enumerate(order))
        expression = (
            f"CASE WHEN {field} IS NULL THEN 0 ELSE (CASE {field} {whens} ELSE {len(order) + 1} END) END"
        )
    else:
        expression = field
    return f"ORDER BY {expression} {direction}, id ASC"


def build_sql(flt: RecordFilter, sort: SortKey, my_org_id: int) -> tuple[str, dict[str, Any]]:
    """The whole ``SELECT id FROM records WHERE … ORDER BY …`` and its named parameters."""
    conditions, params = where_clause(flt, my_org_id)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"SELECT id FROM records{where} {order_by_clause(sort)}", params


def build_count_sql(flt: RecordFilter, my_org_id: int) -> tuple[str, dict[str, Any]]:
    conditions, params = where_clause(flt, my_org_id)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"SELECT count(*) FROM records{where}", params


def query_ids(
    source: Engine | Connection | Any, flt: RecordFilter, sort: SortKey, my_org_id: int
) -> np.ndarray:
    """Run the query; the record ids in display order as int64. ``source``: an Engine, a SQLAlchemy
    Connection, an object with ``.engine`` (a Workspace), or a DB-API (sqlite3) connection."""
    sql, params = build_sql(flt, sort, my_org_id)
    rows = _execute(source, sql, params)
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


def count(source: Engine | Connection | Any, flt: RecordFilter, my_org_id: int) -> int:
    sql, params = build_count_sql(flt, my_org_id)
    return int(_execute(source, sql, params)[0][0])


def _execute(source: Any, sql: str, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
    if isinstance(source, Connection):
        return source.exec_driver_sql(sql, params).fetchall()
    engine = getattr(source, "engine", source)
    if isinstance(engine, Engine):
        raw = engine.raw_connection()
        try:
            return raw.cursor().execute(sql, params).fetchall()
        finally:
            raw.close()
    return source.execute(sql, params).fetchall()  # a DB-API connection
