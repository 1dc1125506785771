"""What the 报名材料审核 list is filtered and sorted by: plain data, shared by the filter panel (views),
the fast index (``store.index``), the SQL baseline and the Excel export, so all four agree.

Text filters match case-insensitively as substrings (a prefix is a substring); empty means "any".
Control characters in them are dropped (``domain.text_rules``: they are no part of a value, and the store
holds none in the columns searched), so the index and SQL — whose ``LIKE`` stops at a NUL — agree.
``None`` in a choice filter means 全部 (any).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

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
from reviewdesk.domain.text_rules import without_control_characters

#: Value for a tier-status filter that matches records which have not reached that tier (shown blank).
NOT_REACHED = "not_reached"


@dataclass(frozen=True)
class RecordFilter:
    """The filters of seed 000 §2.2 (the list's bar) and of 高级搜索."""

    # The list's bar
    level: Level | None = None
    category_code: str | None = None  # only meaningful with a level (请先选择申报级别)
    name: str = ""
    id_number: str = ""
    unit_name: str = ""  # 申报单位
    submit_status: SubmitStatus | None = None
    education_level: EducationLevel | None = None
    data_scope: DataScope = DataScope.ALL
    # 高级搜索
    tier_status: dict[Tier, ReviewStatus | str] = field(default_factory=dict)  # str: NOT_REACHED
    pay_status: PayStatus | None = None
    submitted_from: date | None = None  # inclusive
    submitted_to: date | None = None  # inclusive
    library_hits: frozenset[Library] = frozenset()  # records with entries in ANY of these libraries
    #: 预审提示: records with a flag of ANY of these kinds (``domain.precheck.KINDS``; all of them = 有提示)
    flag_kinds: frozenset[str] = frozenset()
    frontline: bool | None = None  # 是否为抗击新冠肺炎疫情一线人员
    verify_status: VerifyStatus | None = None  # the record's worst 核验状态 (Record.verify_summary)
    pending_only: bool = False  # not yet synced
    conflicts_only: bool = False

    def __post_init__(self) -> None:
        for key in ("name", "id_number", "unit_name"):
            value = getattr(self, key)
            if isinstance(value, str) and not value.isprintable():
                object.__setattr__(self, key, without_control_characters(value))

    def is_empty(self) -> bool:
        return self == RecordFilter(data_scope=self.data_scope)

    def with_(self, **changes: Any) -> RecordFilter:
        return replace(self, **changes)

    # -- persistence (saved searches, settings) ---------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["tier_status"] = {t.value: str(s) for t, s in self.tier_status.items()}
        data["library_hits"] = sorted(lib.value for lib in self.library_hits)
        data["flag_kinds"] = sorted(self.flag_kinds)
        for key in ("submitted_from", "submitted_to"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        return {k: (str(v) if hasattr(v, "label") else v) for k, v in data.items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RecordFilter:
        def opt(enum: Any, key: str) -> Any:
            value = data.get(key)
            return enum(value) if value else None

        def opt_date(key: str) -> date | None:
            value = data.get(key)
            return date.fromisoformat(value) if value else None

        tier_status: dict[Tier, ReviewStatus | str] = {}
        for t, s in (data.get("tier_status") or {}).items():
            tier_status[Tier(t)] = s if s == NOT_REACHED else ReviewStatus(s)
        return cls(
            level=opt(Level, "level"),
            category_code=data.get("category_code") or None,
            name=data.get("name", ""),
            id_number=data.get("id_number", ""),
            unit_name=data.get("unit_name", ""),
            submit_status=opt(SubmitStatus, "submit_status"),
            education_level=opt(EducationLevel, "education_level"),
            data_scope=DataScope(data.get("data_scope") or DataScope.ALL.value),
            tier_status=tier_status,
            pay_status=opt(PayStatus, "pay_status"),
            submitted_from=opt_date("submitted_from"),
            submitted_to=opt_date("submitted_to"),
            library_hits=frozenset(Library(v) for v in data.get("library_hits") or ()),
            flag_kinds=frozenset(k for k in data.get("flag_kinds") or () if k in KINDS),
            frontline=data.get("frontline"),
            verify_status=opt(VerifyStatus, "verify_status"),
            pending_only=bool(data.get("pending_only")),
            conflicts_only=bool(data.get("conflicts_only")),
        )


@dataclass(frozen=True)
class SortKey:
    """Sort by one list column (a ``store.columns`` key), ties broken by record id ascending."""

    column: str = "submitted_at"
    descending: bool = False
