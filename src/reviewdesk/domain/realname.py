"""实名认证 (seed 001 §二): the candidate's verification methods, their states and the rules that hold
on both sides (the candidate's phone pages on the server, the administrators' queue in the workstation).

Why a module of its own: the five methods, "若三次未认证成功，该证件当日不可操作" and what a typed
name + number must look like are facts of the domain, said once so the server's pages and the
workstation's queue say the same sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from reviewdesk.domain.beijing import BEIJING
from reviewdesk.domain.candidate_info import name_problem, normalize_name
from reviewdesk.domain.enums import IdType, LabelledEnum
from reviewdesk.domain.identity import validate_id


class VerifyMethod(LabelledEnum):
    """The five methods of 个人中心 → 实名认证, in the seed's order (automatic first, preferred)."""

    __title__ = "认证方式"

    ID_AUTO = "id_auto", "身份证(自动核验)"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳通行证"
    HMT_RESIDENCE = "hmt_residence", "港澳台居民居住证"
    ID_MANUAL = "id_manual", "身份证(人工审核)"

    @property
    def automatic(self) -> bool:
        """Decided by the server at once (registry + OCR); every other method waits for an administrator."""
        return self is VerifyMethod.ID_AUTO

    @property
    def id_types(self) -> tuple[IdType, ...]:
        """The 证件类型 the method accepts, the default first (港澳通行证 covers both travel permits)."""
        return _METHOD_ID_TYPES[self]


_METHOD_ID_TYPES: dict[VerifyMethod, tuple[IdType, ...]] = {
    VerifyMethod.ID_AUTO: (IdType.RESIDENT_ID,),
    VerifyMethod.PASSPORT: (IdType.PASSPORT,),
    VerifyMethod.HK_MACAO: (IdType.HK_MACAO_PERMIT, IdType.TAIWAN_PERMIT),
    VerifyMethod.HMT_RESIDENCE: (IdType.HMT_RESIDENCE,),
    VerifyMethod.ID_MANUAL: (IdType.RESIDENT_ID,),
}


class RealNameStatus(LabelledEnum):
    """A candidate's 实名认证 state as 个人中心 shows it."""

    __title__ = "实名认证"

    NONE = "none", "未认证"
    PENDING = "pending", "待认证"
    VERIFIED = "verified", "认证成功"
    REJECTED = "rejected", "认证未通过"


class SubmissionStatus(LabelledEnum):
    """One 实名认证 submission: filled in (信息填写 done), waiting (待认证), or decided."""

    __title__ = "认证状态"

    DRAFT = "draft", "待扫描证件"
    PENDING = "pending", "待认证"
    APPROVED = "approved", "认证成功"
    REJECTED = "rejected", "认证未通过"
    FAILED = "failed", "自动核验未通过"
    WITHDRAWN = "withdrawn", "已撤回"

    @property
    def decided(self) -> bool:
        return self in {SubmissionStatus.APPROVED, SubmissionStatus.REJECTED, SubmissionStatus.FAILED}


class QueueOutcome(LabelledEnum):
    """An administrator's answer in the 实名认证审核 queue."""

    __title__ = "审核结果"

    APPROVE = "approve", "通过"
    REJECT = "reject", "不通过"


#: seed 001 §二.4 提示 2: "若三次未认证成功，该证件当日不可操作".
MAX_DAILY_FAILURES = 3

ID_TYPE_WRONG = "该认证方式不支持所选证件类型"
LOCKED_TODAY = "该证件今日已三次未认证成功，当日不可操作，请明天再试或选择“身份证(人工审核)”"
REJECT_NEEDS_REASON = "不通过时请填写原因，考生会看到该原因"
PROMPT = "当前用户并未进行身份认证工作，是否立即进行认证操作？"
TIPS = (
    "请用户严格按照示例要求进行证件拍照",
    "若三次未认证成功，该证件当日不可操作",
    "上传证件信息仅供实名认证流程使用，平台不会泄露和留存用户证件图片信息",
)


@dataclass(frozen=True)
class InfoCheck:
    """信息填写 checked: the normalised values, or the first problem per field (Chinese)."""

    name: str
    id_type: IdType
    id_number: str
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_info(
    method: VerifyMethod, name: str, id_type: IdType, number: str, *, today: date | None = None
) -> InfoCheck:
    """信息填写 (真实姓名, 证件类型, 证件编号) validated for the chosen method; the number by
    :func:`reviewdesk.domain.identity.validate_id` for its kind."""
    errors: dict[str, str] = {}
    name = normalize_name(name)
    if problem := name_problem(name):
        errors["name"] = problem
    if id_type not in method.id_types:
        errors["id_type"] = ID_TYPE_WRONG
    checked = validate_id(id_type, number, today=today)
    if not checked.ok:
        errors["id_number"] = checked.message
    return InfoCheck(name, id_type, checked.normalized, errors)


def china_day(at: datetime) -> date:
    """The calendar day in China at ``at`` (aware)."""
    return at.astimezone(BEIJING).date()  # the candidate's calendar day, whatever the server's zone


def day_start_utc(at: datetime) -> datetime:
    """When ``at``'s China day began, in UTC: failures since then count toward today's lock."""
    day = china_day(at)
    return datetime(day.year, day.month, day.day, tzinfo=BEIJING).astimezone(UTC)


def locked(failures_today: int) -> bool:
    return failures_today >= MAX_DAILY_FAILURES


def mask_id(number: str) -> str:
    """A number shown on a page without giving it away: first 3 and last 4 characters."""
    if len(number) <= 7:
        return number[:1] + "*" * max(0, len(number) - 1)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
