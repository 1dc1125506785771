"""专项信息 (seed 000 §2.7): one kind of 证明材料 across many candidates, filtered, for batch 核验.

Reads the local view (the ``materials`` and ``records`` tables, which already include the reviewer's
unsynced actions) through the workspace's engine, read-only: verifying goes through
``Workspace.verify`` like every other local action. Two steps, like the main list: :func:`find_materials`
returns only the matching material ids in display order (cheap even for tens of thousands), and
:func:`load_cards` fetches the few cards the grid is about to paint, by id.

The filters are the seed's: 核验状态, 学历层级, 专业类型, 入学时间 (range), 毕业学校, 毕业时间 (range), 数据层级,
审核状态. 学历层级/专业类型/毕业学校/入学时间/毕业时间 exist for 学历信息 only (the store copies them from
its fields into columns); :data:`EDUCATION_ONLY_FILTERS` says so to the filter panel. 审核状态 is the
record's status at the reviewer's own tier — what the card shows as 材料状态.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from reviewdesk.domain.enums import (
    DataScope,
    EducationLevel,
    MaterialKind,
    ReviewStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.workflow import ReviewState, WorkflowError, check_can_act
from reviewdesk.models.local import Conflict, Material, OutboxItem, Record, ServerSnapshot

#: The six views of 专项信息, in the seed's order.
SPECIAL_KINDS: tuple[MaterialKind, ...] = (
    MaterialKind.EDUCATION,
    MaterialKind.NURSE_PRACTICE,
    MaterialKind.PHYSICIAN_PRACTICE,
    MaterialKind.PHYSICIAN_QUALIFICATION,
    MaterialKind.TITLE,
    MaterialKind.SUPPLEMENT,
)

#: MaterialFilter fields that only 学历信息 has.
EDUCATION_ONLY_FILTERS = frozenset(
    {
        "education_level",
        "major_type",
        "enrolled_from",
        "enrolled_to",
        "school",
        "graduated_from",
        "graduated_to",
    }
)

#: The fields a card shows per kind, in the seed's order (others present in ``fields`` follow).
CARD_FIELDS: dict[MaterialKind, tuple[str, ...]] = {
    MaterialKind.EDUCATION: (
        "学历层次",
        "毕业时间",
        "毕业学校",
        "学历认证报告编号",
        "学习形式",
        "专业类型",
        "学制",
        "入学时间",
        "所学专业",
        "毕业证号",
    ),
    MaterialKind.TITLE: (
        "资格系列",
        "资格级别",
        "专业",
        "取得方式",
        "取得途径",
        "批准日期",
        "证书编号",
        "是否为省线证",
        "是否基卫高",
        "聘任日期",
    ),
    MaterialKind.PHYSICIAN_QUALIFICATION: ("资格级别", "资格类别", "签发日期", "证书编码"),
    MaterialKind.PHYSICIAN_PRACTICE: ("资格级别", "资格类别", "签发日期", "证书编码"),
    MaterialKind.NURSE_PRACTICE: ("证书编码", "签发日期", "执业地点", "有效期至"),
    MaterialKind.DEGREE: ("学位名称", "学位证号", "授予单位", "授予日期"),
    MaterialKind.RESIDENCY: ("培训专业", "培训基地", "结业日期", "证书编号"),
    MaterialKind.SUPPLEMENT: ("补充说明",),
}

#: The seed calls the same field 学历层次 on the card and 学历层级 in the data.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {"学历层次": ("学历层次", "学历层级")}


@dataclass(frozen=True)
class MaterialFilter:
    """The filter bar of one 专项信息 view. ``None``/empty means 全部; date ranges are inclusive."""

    verify_status: VerifyStatus | None = None
    education_level: EducationLevel | None = None
    major_type: str = ""  # exact value of 专业类型 (a choice list built from the data)
    enrolled_from: date | None = None
    enrolled_to: date | None = None
    school: str = ""  # 毕业学校: substring, case-insensitive
    graduated_from: date | None = None
    graduated_to: date | None = None
    data_scope: DataScope = DataScope.ALL  # the seed's default here is 下级所有
    review_status: ReviewStatus | None = None  # 审核状态 at the reviewer's tier

    def for_kind(self, kind: MaterialKind) -> MaterialFilter:
        """This filter without the 学历信息-only parts when ``kind`` has no such columns."""
        if kind is MaterialKind.EDUCATION:
            return self
        return replace(
            self,
            education_level=None,
            major_type="",
            enrolled_from=None,
            enrolled_to=None,
            school="",
            graduated_from=None,
            graduated_to=None,
        )

    def is_empty(self) -> bool:
        return self == MaterialFilter(data_scope=self.data_scope)


@dataclass(frozen=True)
class MaterialCard:
    """Everything one card shows: the candidate, the material's fields, its 核验 state and images."""

    material_id: int
    record_id: int
    kind: MaterialKind
    fields: dict[str, str]
    images: list[dict[str, Any]]
    verify_status: VerifyStatus
    verify_remark: str
    # the candidate
    name: str
    id_number: str
    review_status: ReviewStatus | None  # 材料状态: the record's 审核状态 at the reviewer's tier
    pay_status: str
    level: str
    category_name: str
    # sync and rules
    pending: bool = False  # an unsynced 核验 of this material is in the outbox
    conflict: str = ""  # message of an open conflict/rejection of a 核验 of this material
    refusal: str = ""  # why this tier may not verify it now ("" when it may)
    card_fields: tuple[tuple[str, str], ...] = field(default=())
    #: 预审提示 about this material (its scans first): the record's snapshot's flag dicts as they came
    #: (``severity``, ``message`` and ``words``, so a view can say them in its own language)
    flags: tuple[Mapping[str, Any], ...] = field(default=())

    @property
    def first_image(self) -> dict[str, Any] | None:
        return self.images[0] if self.images else None


def card_fields(kind: MaterialKind, fields: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs for a card: the kind's fields in the seed's order, then any others."""
    shown: list[tuple[str, str]] = []
    used: set[str] = set()
    for label in CARD_FIELDS.get(kind, ()):
        value = ""
        for key in FIELD_ALIASES.get(label, (label,)):
            used.add(key)
            if fields.get(key):
                value = str(fields[key])
                break
        shown.append((label, value))
    for key, value in fields.items():
        if key not in used:
            shown.append((key, "" if value is None else str(value)))
    return tuple(shown)


def _status_column(tier: Tier) -> Any:
    return Record.__table__.c[f"status_{tier.value}"]


def _conditions(kind: MaterialKind, filter: MaterialFilter, tier: Tier, org_id: int) -> list[Any]:
    m, r = Material.__table__.c, Record.__table__.c
    filter = filter.for_kind(kind)
    conditions: list[Any] = [m.kind == kind.value]
    if filter.verify_status is not None:
        conditions.append(m.verify_status == filter.verify_status.value)
    if filter.education_level is not None:
        conditions.append(m.education_level == filter.education_level.value)
    if filter.major_type:
        conditions.append(m.major_type == filter.major_type)
    if filter.school.strip():
        conditions.append(m.school.contains(filter.school.strip(), autoescape=True))
    for column, start, end in (
        (m.enrolled_on, filter.enrolled_from, filter.enrolled_to),
        (m.graduated_on, filter.graduated_from, filter.graduated_to),
    ):
        if start is not None:
            conditions.append(column >= start.isoformat())
        if end is not None:
            conditions.append(and_(column != "", column <= end.isoformat()))
    if filter.data_scope is DataScope.DIRECT:
        conditions.append(or_(r.unit_id == org_id, r.unit_parent_id == org_id))
    if filter.review_status is not None:
        conditions.append(_status_column(tier) == filter.review_status.value)
    return conditions


def find_materials(
    engine: Engine, kind: MaterialKind, filter: MaterialFilter, *, tier: Tier, org_id: int
) -> list[int]:
    """Ids of the ``kind`` materials matching ``filter``, in display order (candidate by 提交时间, then
    material id, so one person's cards stay together and the order is stable across refreshes)."""
    m, r = Material.__table__.c, Record.__table__.c
    query = (
        select(m.id)
        .select_from(Material.__table__.join(Record.__table__, m.record_id == r.id))
        .where(*_conditions(kind, filter, tier, org_id))
        .order_by(r.submitted_at.is_(None), r.submitted_at, m.id)
    )
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def count_by_status(engine: Engine, material_ids: Sequence[int]) -> dict[VerifyStatus, int]:
    """How many of these materials (the 专项信息 page's list) are in each 核验状态 now.

    Counted over exactly the listed materials, so the header's parts add up to its 共 N 条: it once
    mixed the listed count with counts that ignored the 核验状态 condition ("共 14 条 · 待核验 14 ·
    核验通过 14 · 核验不通过 4"), and a 核验 made inside a 待核验 search keeps its cards listed.
    """
    from sqlalchemy import bindparam, func

    m = Material.__table__.c
    query = (
        select(m.verify_status, func.count())
        .where(m.id.in_(bindparam("ids", expanding=True)))
        .group_by(m.verify_status)
    )
    counts = dict.fromkeys(VerifyStatus, 0)
    with engine.connect() as conn:
        for chunk in _chunks([int(i) for i in material_ids]):
            for status, n in conn.execute(query, {"ids": list(chunk)}):
                try:
                    counts[VerifyStatus(status)] += n
                except ValueError:
                    continue
    return counts


def major_types(engine: Engine, kind: MaterialKind = MaterialKind.EDUCATION) -> list[str]:
    """The 专业类型 values present in the store, for the filter's choice list."""
    m = Material.__table__.c
    query = (
        select(m.major_type).where(m.kind == kind.value, m.major_type != "").distinct().order_by(m.major_type)
    )
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def schools(engine: Engine, kind: MaterialKind = MaterialKind.EDUCATION) -> list[str]:
    """The 毕业学校 values present in the store, for the text field's completer."""
    m = Material.__table__.c
    query = select(m.school).where(m.kind == kind.value, m.school != "").distinct().order_by(m.school)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def _refusal(review: Any, tier: Tier) -> str:
    try:
        check_can_act(ReviewState.from_dict(review), tier)
    except WorkflowError as error:
        return error.reason
    except (KeyError, ValueError, TypeError, AssertionError):
        return "该考生的审核状态无法识别，请先同步"
    return ""


def _chunks(values: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_cards(engine: Engine, ids: Sequence[int], *, tier: Tier) -> dict[int, MaterialCard]:
    """The cards of ``ids`` (material ids) that the store still holds, keyed by id."""
    m, r = Material.__table__.c, Record.__table__.c
    o, c = OutboxItem.__table__.c, Conflict.__table__.c
    status_column = _status_column(tier)
    cards: dict[int, MaterialCard] = {}
    with engine.connect() as conn:
        for chunk in _chunks([int(i) for i in ids]):
            rows = (
                conn.execute(
                    select(
                        m.id,
                        m.record_id,
                        m.kind,
                        m.fields,
                        m.images,
                        m.verify_status,
                        m.verify_remark,
                        r.name,
                        r.id_number,
                        status_column.label("review_status"),
                        r.pay_status,
                        r.level,
                        r.category_name,
                        r.review,
                        r.flag_rank,
                    )
                    .select_from(Material.__table__.join(Record.__table__, m.record_id == r.id))
                    .where(m.id.in_(chunk))
                )
                .mappings()
                .all()
            )
            pending = set(
                conn.execute(
                    select(o.material_id).where(o.kind == "verification", o.material_id.in_(chunk))
                ).scalars()
            )
            conflicts = dict(
                conn.execute(
                    select(c.material_id, c.message).where(
                        c.kind == "verification", c.resolved_at.is_(None), c.material_id.in_(chunk)
                    )
                ).all()
            )
            flagged = _material_flags(conn, {row["record_id"] for row in rows if row["flag_rank"]})
            for row in rows:
                kind = MaterialKind(row["kind"])
                fields = {str(k): "" if v is None else str(v) for k, v in (row["fields"] or {}).items()}
                try:
                    verify_status = VerifyStatus(row["verify_status"])
                except ValueError:
                    verify_status = VerifyStatus.PENDING
                review_status = row["review_status"]
                cards[row["id"]] = MaterialCard(
                    material_id=row["id"],
                    record_id=row["record_id"],
                    kind=kind,
                    fields=fields,
                    images=list(row["images"] or []),
                    verify_status=verify_status,
                    verify_remark=row["verify_remark"] or "",
                    name=row["name"],
                    id_number=row["id_number"],
                    review_status=ReviewStatus(review_status) if review_status else None,
                    pay_status=row["pay_status"],
                    level=row["level"],
                    category_name=row["category_name"],
                    pending=row["id"] in pending,
                    conflict=conflicts.get(row["id"], ""),
                    refusal=_refusal(row["review"], tier),
                    card_fields=card_fields(kind, fields),
                    flags=flagged.get((row["record_id"], kind.value), ()),
                )
    return cards


def _material_flags(conn: Any, record_ids: set[int]) -> dict[tuple[int, str], tuple[Mapping[str, Any], ...]]:
    """(record id, material kind) → its 预审提示 (the snapshot's flag dicts), scans' first, read from the
    held snapshots of the records that have any (``records.flag_rank`` > 0)."""
    found: dict[tuple[int, str], list[tuple[int, Mapping[str, Any]]]] = {}
    if not record_ids:
        return {}
    s = ServerSnapshot.__table__.c
    query = select(s.id, func.json_extract(s.snapshot, "$.flags")).where(s.id.in_(sorted(record_ids)))
    for record_id, text in conn.execute(query):
        for flag in json.loads(text or "[]"):
            material = str(flag.get("material") or "")
            if material:
                order = 0 if flag.get("kind") in ("scan", "reused") else 1
                found.setdefault((record_id, material), []).append((order, flag))
    return {
        key: tuple(flag for _o, flag in sorted(items, key=lambda i: i[0])) for key, items in found.items()
    }
