"""Request bodies (validated) and response shapes (documented in OpenAPI) of API.md, as pydantic v2.

Inputs are bounded everywhere a database could choke: integers fit in 63 bits, strings have maximum
lengths and may not hold control characters (``domain.text_rules``: PostgreSQL refuses NUL, UTF-8
refuses lone surrogates, and the list's index and its SQL disagree on NUL and \x01; passwords only
refuse NUL and lone surrogates),
batches have maximum sizes, times must carry an offset that converts to UTC. Anything else is a 422
with a readable message, never a 500. Unknown keys are ignored so newer clients keep working.

Responses are built as plain dicts (RecordSnapshots are large and built in bulk); the models below
describe them for ``/openapi.json``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from reviewdesk.domain.enums import ImageSide, MaterialKind, Outcome, VerifyStatus
from reviewdesk.domain.text_rules import CONTROL_CHARACTERS, control_character_reason, first_control_character

#: The largest id, version or count accepted: 2^53 - 1, the largest integer every JSON reader holds
#: exactly (2^62 was published as 4.611686018427388e+18 to clients reading numbers as doubles, so a
#: value just above it looked valid). Far beyond any real id or version.
MAX_ID = 2**53 - 1
MAX_BATCH = 500
MAX_REPORT_RECORDS = 100_000


def _clean_text(value: str) -> str:
    """No control characters (``domain.text_rules``: they have no meaning in a value, and NUL, \\x01 and
    lone surrogates break the database, the list's index or UTF-8)."""
    found = first_control_character(value)
    if found is not None:
        raise ValueError(control_character_reason(found))
    return value


def _encodable_text(value: str) -> str:
    """A password may hold any character it was set with, except what the database cannot store."""
    if "\x00" in value:
        raise ValueError(control_character_reason("\x00"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("包含无效的字符") from error
    return value


def _utc_convertible(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("时间必须带时区，例如 2026-12-01T09:30:00+08:00")
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError) as error:
        raise ValueError("时间超出范围") from error


#: What ``_clean_text`` and ``_encodable_text`` refuse, published in the schema (``domain.text_rules``;
#: checked by them, not by the pattern, so the refusal names the character in Chinese).
#: Written with escapes (``\\x00``, ``\\ud800``): the document itself must be valid UTF-8.
#: Lone surrogates are left out of the published class: no UTF-8 text holds one, and regex engines
#: disagree about them in a class (the validators still refuse them).
NO_CONTROL_PATTERN = (
    "^[^"
    + CONTROL_CHARACTERS.pattern[1:-1].replace("\ud800-\udfff", "").encode("unicode_escape").decode("ascii")
    + "]*$"
)
ENCODABLE_PATTERN = r"^[^\x00]*$"


def text(max_length: int, min_length: int = 0, *, check: Any = _clean_text) -> Any:
    pattern = ENCODABLE_PATTERN if check is _encodable_text else NO_CONTROL_PATTERN
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(check),
        Field(json_schema_extra={"pattern": pattern}),
    ]


def _uuid_text(value: str) -> str:
    try:
        uuid.UUID(value)
    except ValueError as error:
        raise ValueError("必须是 UUID") from error
    return value


Username = text(64, 1)
Password = text(256, 1, check=_encodable_text)
HashText = text(64)
Remark = text(1000)
Code = text(32, 1)
FileName = text(255)
FieldName = text(64, 1)
FieldValue = text(500)


def _json_integer(value: Any) -> Any:
    """JSON Schema's ``integer`` includes ``7.0``; strict pydantic would refuse it. Anything else but a
    real integer (``"7"``, ``true``, ``7.5``) is still refused by the strict check after this."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: A client-made id (decision_id, report_id, 核验 action_id…): a UUID written with or without hyphens,
#: as the schema publishes it (``uuid.UUID`` alone also took braces and ``urn:uuid:``).
UUID_PATTERN = r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"


def integer(ge: int, le: int) -> Any:
    """A JSON integer from ``ge`` to ``le``: ``7`` or ``7.0``, never ``"7"``, ``true`` or ``7.5`` (the
    Field first: after a validator pydantic would publish ``ge``/``le`` as unknown keys, not limits)."""
    return Annotated[int, Field(ge=ge, le=le, strict=True), BeforeValidator(_json_integer)]


RecordId = integer(1, MAX_ID)
Count = integer(0, MAX_ID)
ActionId = Annotated[
    str, StringConstraints(min_length=32, max_length=36, pattern=UUID_PATTERN), AfterValidator(_uuid_text)
]


def _iso_text(value: Any) -> Any:
    """A time must be written as ISO 8601 text: pydantic would take a bare number as seconds since
    1970 (``decided_at: 0`` became 1970-01-01), which the schema (a date-time string) does not allow."""
    if value is not None and not isinstance(value, str | datetime):
        raise ValueError("时间必须是 ISO 8601 文本，例如 2026-12-01T09:30:00+08:00")
    return value


Timestamp = Annotated[datetime | None, BeforeValidator(_iso_text), AfterValidator(_utc_convertible)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def canonical_id(action_id: str) -> str:
    """The form an action id is stored in: repeats in another spelling are still repeats."""
    return str(uuid.UUID(action_id))


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


# -- requests -----------------------------------------------------------------------------------------
class LoginIn(Body):
    username: Username
    password: Password


class DecisionBase(Body):
    version: Count
    submission_rev: Count
    materials_hash: HashText


class DecisionIn(Body):
    decision_id: ActionId
    record_id: RecordId
    outcome: Outcome
    remark: Remark = ""
    decided_at: Timestamp = None
    base: DecisionBase


class DecisionBatch(Body):
    items: list[DecisionIn] = Field(max_length=MAX_BATCH)


class ReportIn(Body):
    report_id: ActionId
    record_ids: list[RecordId] | None = Field(default=None, max_length=MAX_REPORT_RECORDS)
    reported_at: Timestamp = None


class VerificationBase(Body):
    version: Count


class VerificationIn(Body):
    action_id: ActionId
    material_id: RecordId
    status: VerifyStatus
    remark: Remark = ""
    base: VerificationBase


class VerificationBatch(Body):
    items: list[VerificationIn] = Field(max_length=MAX_BATCH)


class CandidateRecordIn(Body):
    record_id: RecordId


class BindIn(CandidateRecordIn):
    code: Code


class ImageInput(Body):
    """A page of a material: new bytes (``data_base64``) or an image the server already has (``sha256``)."""

    side: ImageSide
    filename: FileName = ""
    mime: Annotated[str, StringConstraints(pattern=r"^image/(jpeg|png)$")] = "image/jpeg"
    sha256: Sha256 | None = None
    # Longer than 3 MB of base64 on purpose: oversize images get the clear 图片文件过大（…），不能超过 3 MB, not a length error.
    data_base64: Annotated[str, StringConstraints(max_length=6_000_000)] | None = None


class MaterialInput(Body):
    """A candidate's change of one material of ``kind``: field values merged in, images replaced."""

    kind: MaterialKind
    fields: dict[FieldName, FieldValue] | None = Field(default=None, max_length=64)
    images: list[ImageInput] | None = Field(default=None, max_length=20)


class SubmitIn(CandidateRecordIn):
    materials: list[MaterialInput] | None = Field(default=None, max_length=20)


# -- 单位填报 (unit data entry) ------------------------------------------------------------------------------
class EntryBase(Body):
    """What the entry's author saw: ``version`` of the 基础信息 (``info_version``) or of the material
    (null: creating it), and the candidate's ``confirmation_rev`` (their answers so far)."""

    version: Count | None = None
    confirmation_rev: Count = 0


class CandidateFields(Body):
    """基础信息 (``domain.candidate_info.check_info`` judges it; ``gender``/``birth_date`` are read from an
    18-character number and needed only for the other documents)."""

    name: text(64)
    id_type: text(32)
    id_number: text(32)
    phone: text(32) = ""
    level: text(32)
    category_code: text(8)
    gender: text(16) = ""
    birth_date: text(10) = ""


class EntryImage(Body):
    """A page of a material: bytes uploaded before (``PUT /v1/uploads/{sha256}``) named by their hash.
    The server names it "姓名+身份证号+证书名称+第几页" itself from ``title`` and ``page``."""

    sha256: Sha256
    title: text(64, 1)
    page: integer(1, 99) = 1  # type: ignore[valid-type]


class MaterialFields(Body):
    kind: MaterialKind
    fields: dict[FieldName, FieldValue] = Field(default_factory=dict, max_length=64)
    images: list[EntryImage] = Field(default_factory=list, max_length=20)


class EntryIn(Body):
    """One 单位填报 command. ``candidate_uid`` is the candidate's client-made id (made when the unit first
    enters or first edits the candidate; ``record_id`` binds it to a record the unit already has)."""

    entry_id: ActionId
    candidate_uid: ActionId
    record_id: RecordId | None = None
    kind: Annotated[str, StringConstraints(pattern=r"^(candidate|material)$")]
    base: EntryBase = Field(default_factory=EntryBase)
    candidate: CandidateFields | None = None
    material: MaterialFields | None = None


class EntryBatch(Body):
    items: list[EntryIn] = Field(max_length=MAX_BATCH)


# -- responses (documentation) -------------------------------------------------------------------------
class BoundOut(BaseModel):
    """POST /v1/candidate/bind (test/demo servers): which record now belongs to which unit."""

    record_id: int
    unit_id: int
    version: int


class ErrorItemOut(BaseModel):
    """One problem of a malformed request (422): where (``loc``), what (``msg``), its kind (``type``)."""

    loc: list[str]
    msg: str
    type: str


class ErrorOut(BaseModel):
    """The API's one error shape (every 4xx and 5xx): a Chinese ``detail`` for people, an English
    ``code`` for programs, and for a malformed request (422 ``invalid_request``) the ``errors``."""

    detail: str
    code: str
    errors: list[ErrorItemOut] | None = None


class HealthOut(BaseModel):
    status: str
    api_version: int
    server_version: str


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str


class OrgOut(BaseModel):
    id: int
    name: str
    tier: str
    code: str
    parent_id: int | None


class ProjectOut(BaseModel):
    name: str
    type: str
    year: int


class MeOut(BaseModel):
    user: UserOut
    org: OrgOut
    tier: str
    project: ProjectOut
    server_version: str
    api_version: int
    server_id: str


class LoginOut(BaseModel):
    token: str
    expires_at: str
    user: MeOut


class ImageOut(BaseModel):
    side: str
    sha256: str
    size: int
    mime: str
    filename: str


class MaterialOut(BaseModel):
    id: int
    kind: str
    version: int
    fields: dict[str, str]
    images: list[ImageOut]
    verify_status: str
    verify_remark: str
    verified_by: str | None
    verified_at: str | None


class HistoryOut(BaseModel):
    at: str
    action: str
    tier: str | None
    org_name: str
    actor: str
    outcome: str | None
    remark: str
    decision_id: str | None
    #: The client action that made the entry (decision_id, 核验 action_id or report_id), else null.
    action_id: str | None = None


class ReviewOut(BaseModel):
    submit_status: str
    statuses: dict[str, str]
    at_tier: str | None
    chain: list[str]


class LibraryOut(BaseModel):
    library: str
    entries: list[str]


class ConfirmationOut(BaseModel):
    """信息确认: ``status`` pending (待确认) / confirmed (信息无误) / disputed (信息有误, with ``note``);
    ``rev`` counts the candidate's answers."""

    status: str
    note: str
    at: str | None
    rev: int


class BindingOut(BaseModel):
    """工作单位: ``status`` bound (已绑定: the verified candidate bound their account to the record's unit)
    / unbound (未绑定); ``at`` when they bound it."""

    status: str
    at: str | None


class FlagOut(BaseModel):
    """预审提示 (API.md): where to look, never a decision. ``material``/``field``/``image``/``side`` say
    what it points at ("" when not about one)."""

    code: str
    kind: str
    severity: str
    message: str
    material: str = ""
    field: str = ""
    image: str = ""
    side: str = ""
    words: dict[str, Any] | None = Field(
        default=None,
        description='the message\'s code and parts ({"code", "parts"}, API.md) for a client that words it in '
        "another language; absent on flags of older snapshots",
    )


class RecordOut(BaseModel):
    """API.md RecordSnapshot."""

    id: int
    version: int
    submission_rev: int
    materials_hash: str
    name: str
    id_type: str
    id_number: str
    gender: str
    birth_date: str
    phone: str
    submit_status: str
    submitted_at: str | None
    pay_status: str
    project: str
    level: str
    category_code: str
    category_name: str
    education_level: str
    frontline: bool
    unit_id: int
    unit_name: str
    unit_parent_id: int | None
    org_path: list[int]
    review: ReviewOut
    libraries: list[LibraryOut]
    materials: list[MaterialOut]
    history: list[HistoryOut]
    updated_at: str
    client_uid: str | None = None
    info_version: int = 1
    confirmation: ConfirmationOut | None = None
    binding: BindingOut | None = None
    flags: list[FlagOut] = []
    flags_version: int = 0


class RecordPageOut(BaseModel):
    items: list[RecordOut]
    next_after_id: int | None


class SnapshotPageOut(RecordPageOut):
    cursor: str | None = None


class ChangeOut(BaseModel):
    seq: int
    record_id: int
    deleted: bool
    record: RecordOut | None


class ChangesOut(BaseModel):
    changes: list[ChangeOut]
    next_cursor: str
    has_more: bool


class ItemResultOut(BaseModel):
    status: str
    first_status: str | None = None
    reason: str | None = None
    message: str | None = None
    record: RecordOut | None = None


class DecisionResultOut(ItemResultOut):
    decision_id: str


class DecisionResultsOut(BaseModel):
    results: list[DecisionResultOut]


class VerificationResultOut(ItemResultOut):
    action_id: str


class EntryResultOut(ItemResultOut):
    entry_id: str
    candidate_uid: str


class EntryResultsOut(BaseModel):
    results: list[EntryResultOut]


class UploadOut(BaseModel):
    """``status``: ``stored`` (complete, checked, yours to attach) or ``incomplete`` (send from ``offset``)."""

    sha256: str
    status: str
    offset: int
    size: int | None = None
    mime: str | None = None


class VerificationResultsOut(BaseModel):
    results: list[VerificationResultOut]


class ReportItemOut(BaseModel):
    record_id: int
    status: str
    reason: str | None = None
    message: str | None = None
    record: RecordOut | None = None


class ReportResultsOut(BaseModel):
    report_id: str
    duplicate: bool
    results: list[ReportItemOut]


class ConfirmationCodeOut(BaseModel):
    project: str
    project_type: str
    org_name: str
    user: str
    code: str
    can_regenerate: bool


class CandidateOut(BaseModel):
    record: RecordOut
