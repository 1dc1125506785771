"""Local actions as plain data: what an outbox row holds, who acts, and the API item each one sends.

Separate from ``outbox`` (the database side) so the pure local-view fold can take the same objects the
sync engine sends, without importing any database code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import Tier

DECISION: Final = "decision"
REPORT: Final = "report"
VERIFICATION: Final = "verification"
KINDS: Final = (DECISION, REPORT, VERIFICATION)

#: The id field of each kind's API item (API.md): the idempotency key the server deduplicates on.
ID_FIELD: Final = {DECISION: "decision_id", REPORT: "report_id", VERIFICATION: "action_id"}


def now_iso() -> str:
    """北京时间, ISO 8601 with its offset (API.md's format): a local action's time reads the same as
    the server's beside it, whatever the PC's zone (``domain.beijing``)."""
    return beijing.now_iso()


@dataclass(frozen=True)
class Actor:
    """Who the local actions are by: the account's tier (for the workflow checks) and the names the
    pending 审核进度 entries show."""

    tier: Tier
    org_name: str = ""
    display_name: str = ""


@dataclass(frozen=True)
class OutboxEntry:
    """One queued local action, as ``outbox.pending()`` hands it to the sync engine.

    ``payload`` is the API item without its base (decision: ``decision_id, record_id, outcome, remark,
    decided_at``; verification: ``action_id, material_id, status, remark``; report: ``report_id,
    record_ids, reported_at``). ``base`` is the record's base when the reviewer acted: ``version``,
    ``submission_rev``, ``materials_hash`` of its last server snapshot, plus ``material_version`` for a
    verification (``{}`` for a report, which the API sends without a base). ``complete()`` rebases it when
    an earlier action of the same record was applied, so always send a freshly read entry.
    """

    seq: int
    action_id: str
    kind: str
    record_id: int | None
    material_id: int | None
    payload: Mapping[str, Any]
    base: Mapping[str, Any] = field(default_factory=dict)
    batch_id: str | None = None
    created_at: str = ""
    attempts: int = 0
    last_error: str = ""

    @property
    def record_ids(self) -> tuple[int, ...]:
        """The records this action changes in the local view."""
        if self.kind == REPORT:
            return tuple(int(i) for i in self.payload.get("record_ids") or ())
        return (self.record_id,) if self.record_id is not None else ()

    def request_item(self) -> dict[str, Any]:
        """The exact JSON the API takes for this action (API.md): a ``/v1/decisions`` or
        ``/v1/verifications`` item, or the whole ``/v1/reports`` body."""
        item = dict(self.payload)
        if self.kind == DECISION:
            item["base"] = {
                "version": self.base["version"],
                "submission_rev": self.base["submission_rev"],
                "materials_hash": self.base["materials_hash"],
            }
        elif self.kind == VERIFICATION:
            item["base"] = {"version": self.base["material_version"]}
        return item
