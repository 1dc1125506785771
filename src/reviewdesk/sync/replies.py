"""The shapes of the server's replies (docs/API.md), checked before anything reaches the local store.

Why validate at all: the store applies snapshots as the truth and drops outbox rows on the strength of
the answers. A reply with a missing key or a string where a version number belongs must stop the sync
with a clear message (:class:`~reviewdesk.sync.errors.MalformedReply`), not corrupt a reviewer's store.

The models are strict about what the desktop relies on (ids, versions, hashes, statuses, the review
state) and allow extra keys, so a newer server adding fields within API version 1 still works. The
client returns the original JSON dicts after validation: the store keeps snapshots as the server sent
them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Reply(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class ImageReply(_Reply):
    sha256: Sha256
    size: int = Field(ge=0)
    mime: str
    side: str
    filename: str


class MaterialReply(_Reply):
    id: int
    kind: str
    version: int
    fields: dict[str, str]
    images: list[ImageReply]
    verify_status: str
    verify_remark: str | None = ""


class ReviewReply(_Reply):
    submit_status: str
    statuses: dict[str, str]
    at_tier: str | None
    chain: list[str]


class RecordReply(_Reply):
    id: int
    version: int
    submission_rev: int
    materials_hash: str
    name: str
    id_number: str
    submit_status: str
    unit_id: int
    unit_parent_id: int | None
    review: ReviewReply
    materials: list[MaterialReply]
    history: list[dict[str, Any]]


class UserReply(_Reply):
    id: int
    username: str
    display_name: str
    role: str


class OrgReply(_Reply):
    id: int
    name: str
    tier: str
    code: str | None = ""
    parent_id: int | None


class ProjectReply(_Reply):
    name: str
    type: str


class MeReply(_Reply):
    user: UserReply
    org: OrgReply
    tier: str
    project: ProjectReply
    api_version: int
    server_id: str


class LoginReply(_Reply):
    token: Annotated[str, StringConstraints(min_length=1)]
    expires_at: str
    user: MeReply | dict[str, Any]


class RecordPage(_Reply):
    items: list[RecordReply]
    next_after_id: int | None


class SnapshotPage(RecordPage):
    cursor: str | None = None


class ChangeReply(_Reply):
    seq: int
    record_id: int
    deleted: bool
    record: RecordReply | None


class ChangesPage(_Reply):
    changes: list[ChangeReply]
    next_cursor: str
    has_more: bool


class ItemResult(_Reply):
    """One answer of POST /v1/decisions or /v1/verifications."""

    status: Literal["applied", "duplicate", "conflict", "rejected"]
    first_status: str | None = None
    reason: str | None = None
    message: str | None = None
    record: RecordReply | None = None


class DecisionResult(ItemResult):
    decision_id: str


class DecisionResults(_Reply):
    results: list[DecisionResult]


class VerificationResult(ItemResult):
    action_id: str


class VerificationResults(_Reply):
    results: list[VerificationResult]


class ReportItemResult(_Reply):
    record_id: int
    status: Literal["applied", "rejected", "duplicate", "conflict"]
    reason: str | None = None
    message: str | None = None
    record: RecordReply | None = None


class ReportResults(_Reply):
    results: list[ReportItemResult]
    duplicate: bool = False


class HealthReply(_Reply):
    status: str
    api_version: int
