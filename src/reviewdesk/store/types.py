"""What the workspace hands to the GUI: plain, immutable-ish data, no database handles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reviewdesk.domain.enums import MaterialKind, Outcome, VerifyStatus
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.store.actions import DECISION, REPORT, VERIFICATION

#: Reason given for ids the store does not hold (left the scope, or never in it).
NOT_HELD = "该考生不在本地数据中（可能已不属于本级审核范围），请先同步"
MATERIAL_NOT_HELD = "该材料不在本地数据中，请先同步"


@dataclass
class DecisionPreview:
    """What an action would do (``preview_*``) or did (``decide``/``verify``): the ids it applies to,
    and for each refused id the reason in Chinese (the server's words)."""

    allowed: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)
    #: Shared by the outbox rows of one bulk action (undo takes them back together); None for a preview.
    batch_id: str | None = None
    #: A bulk action's ids already in the chosen state: left alone, nothing queued for them.
    unchanged: list[int] = field(default_factory=list)
    #: A bulk action's ids holding another result (核验不通过, 暂不审核, … — another reviewer's or an
    #: earlier one): id → that status code. Overturned only when asked (``overturn=True``; then they are
    #: in ``allowed`` too), else left alone.
    overturns: dict[int, str] = field(default_factory=dict)
    #: Every chosen id's state now (a 核验状态 or my tier's 审核状态 code; "" when it has none) → count,
    #: so a dialog can say what the reviewer is about to act on before anything changes.
    before: dict[str, int] = field(default_factory=dict)

    @property
    def overturned(self) -> list[int]:
        """The overturns that were applied (or would be): in ``allowed`` too."""
        allowed = set(self.allowed)
        return [i for i in self.overturns if i in allowed]


@dataclass(frozen=True)
class MaterialView:
    """One 证明材料 in the local view (its 核验状态 includes a pending verification)."""

    id: int
    kind: MaterialKind
    version: int
    fields: dict[str, str]
    images: list[dict[str, Any]]
    verify_status: VerifyStatus
    verify_remark: str
    pending: bool
    verified_by: str | None = None
    verified_at: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MaterialView:
        return cls(
            id=int(data["id"]),
            kind=MaterialKind(data["kind"]),
            version=int(data.get("version") or 0),
            fields=dict(data.get("fields") or {}),
            images=list(data.get("images") or []),
            verify_status=VerifyStatus(data.get("verify_status") or "pending"),
            verify_remark=data.get("verify_remark") or "",
            pending=bool(data.get("pending")),
            verified_by=data.get("verified_by"),
            verified_at=data.get("verified_at"),
        )


@dataclass(frozen=True)
class ConflictView:
    """An action the server did not apply, with both sides, until the reviewer acknowledges it."""

    id: int
    action_id: str
    kind: str  # "decision" | "report" | "verification"
    status: str  # "conflict" | "rejected"
    record_id: int | None
    material_id: int | None
    reason: str  # the API's code: stale, resubmitted, superseded, withdrawn, not_found, remark_required…
    message: str  # the server's Chinese explanation
    local: dict[str, Any]  # {"payload", "base", "created_at"}: what the reviewer did and saw
    server: dict[str, Any] | None  # the server's RecordSnapshot at the time (None: not found)
    created_at: str
    resolved_at: str | None
    resolution: str

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def status_label(self) -> str:
        return "冲突" if self.status == "conflict" else "被拒绝"

    @property
    def local_description(self) -> str:
        """What the reviewer did, in words: "审核通过（备注：…）", "材料上报", "核验不通过（备注：…）"."""
        payload = self.local.get("payload") or {}
        if self.kind == DECISION:
            text = Outcome(payload["outcome"]).label
        elif self.kind == VERIFICATION:
            text = VerifyStatus(payload["status"]).label
        elif self.kind == REPORT:
            return "材料上报"
        else:  # pragma: no cover
            return self.kind
        remark = payload.get("remark") or ""
        return f"{text}（备注：{remark}）" if remark else text

    @property
    def server_review(self) -> ReviewState | None:
        return ReviewState.from_dict(self.server["review"]) if self.server else None


@dataclass(frozen=True)
class RecordView:
    """Everything the detail pane shows of one record."""

    id: int
    row: dict[str, Any]  # the flat local-view columns
    snapshot: dict[str, Any]  # the server's RecordSnapshot (API.md)
    review: ReviewState  # local view
    materials: list[MaterialView]
    history: list[dict[str, Any]]  # server history + pending local entries ("pending": True)
    pending: int
    conflicts: list[ConflictView]
