"""The columns of the 报名材料审核 list (seed 000 §2.2, plus 申报级别, 类别(专业), 申报单位 and a sync
marker): one definition shared by the table model, the column chooser, the fast index's sort keys and
the Excel export, so what is exported is exactly what is shown.

A row is a mapping of ``Record`` column names (``models.local.Record``) to values; ``display`` turns
it into the text a reviewer reads (Chinese labels, blank for a tier not reached).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import IdType, Level, PayStatus, ReviewStatus, SubmitStatus

Row = Mapping[str, Any]

SYNC_PENDING = "未同步"
SYNC_CONFLICT = "冲突"


def _label(enum: Any, key: str) -> Callable[[Row], str]:
    def display(row: Row) -> str:
        value = row.get(key)
        return enum(value).label if value else ""

    return display


def _text(key: str) -> Callable[[Row], str]:
    return lambda row: "" if row.get(key) is None else str(row[key])


def _submitted_at(row: Row) -> str:
    # ISO 8601 with offset → "2026-12-03 10:12" in 北京时间 (the web page's format); blank until submitted.
    return beijing.text(row.get("submitted_at"))


def _sync_marker(row: Row) -> str:
    if row.get("open_conflicts"):
        return SYNC_CONFLICT
    if row.get("pending_actions"):
        return SYNC_PENDING
    return ""


def flag_summary(row: Row) -> str:
    """预审提示: how many, marked by the worst (▲ an alert, △ hints only); blank without any. The
    numbers and marks read the same in every language."""
    rank = int(row.get("flag_rank") or 0)
    if rank <= 0:
        return ""
    return f"{'▲' if rank >= 2000 else '△'} {rank % 1000}"


@dataclass(frozen=True)
class Column:
    key: str  # stable id, used in settings, saved layouts and SortKey
    title: str  # header text (Chinese, the seed's word)
    display: Callable[[Row], str]
    sort_field: str | None  # Record column the index sorts by (None: not sortable)
    width: int = 100  # default width in pixels (and a hint for the export's column width)
    status: bool = False  # a 审核状态 cell: colour-coded in the table


COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", lambda row: str(row.get("_seq", "")), None, 56),
    Column("action", "操作", lambda row: "查看", None, 48),
    # 预审提示 right after 操作: the pointers are read before the row is opened
    Column("flags", "预审提示", flag_summary, "flag_rank", 72),
    Column("submit_status", "提交状态", _label(SubmitStatus, "submit_status"), "submit_status", 72),
    Column("submitted_at", "提交时间", _submitted_at, "submitted_at", 128),
    Column(
        "status_province",
        "省级审核状态",
        _label(ReviewStatus, "status_province"),
        "status_province",
        96,
        True,
    ),
    Column("status_city", "市州审核状态", _label(ReviewStatus, "status_city"), "status_city", 96, True),
    Column("status_county", "区县审核状态", _label(ReviewStatus, "status_county"), "status_county", 96, True),
    Column("status_unit", "单位审核状态", _label(ReviewStatus, "status_unit"), "status_unit", 96, True),
    Column("pay_status", "缴费状态", _label(PayStatus, "pay_status"), "pay_status", 72),
    Column("name", "姓名", _text("name"), "name", 80),
    Column("id_type", "证件类型", _label(IdType, "id_type"), "id_type", 96),
    Column("id_number", "证件号码", _text("id_number"), "id_number", 160),
    Column("level", "申报级别", _label(Level, "level"), "level", 72),
    Column("category", "类别(专业)", _text("category_name"), "category_code", 150),
    Column("unit_name", "申报单位", _text("unit_name"), "unit_name", 220),
    Column("sync", "同步", _sync_marker, "pending_actions", 56),
)

COLUMNS_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}

#: Columns shown by default, in the seed's order (the reviewer can hide and reorder them).
DEFAULT_VISIBLE: tuple[str, ...] = tuple(c.key for c in COLUMNS)

#: The Record columns a list row needs (what the table model fetches per page).
ROW_FIELDS: tuple[str, ...] = (
    "id",
    "submit_status",
    "submitted_at",
    "status_province",
    "status_city",
    "status_county",
    "status_unit",
    "pay_status",
    "name",
    "id_type",
    "id_number",
    "level",
    "category_code",
    "category_name",
    "unit_name",
    "pending_actions",
    "open_conflicts",
    "flag_rank",
)
