"""The review domain's vocabularies, each with its zh_CN label in the seeds' own words.

Values are short English codes: they are what the server's API, both databases and the code use.
Labels are what a reviewer reads. ``Enum.label`` gives the Chinese; ``Enum.from_label`` parses it back
(for filters typed or pasted by a person, and for imports).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label as their second tuple element."""

    _label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return self._label

    @property
    def rank(self) -> int:
        """Declaration order (lowest first): tiers and education levels are ordered vocabularies.

        Cached on the member because the workflow and bulk seeding call it millions of times.
        """
        rank = self.__dict__.get("_rank")
        if rank is None:
            rank = list(type(self)).index(self)
            self.__dict__["_rank"] = rank
        return rank

    @classmethod
    def from_label(cls, label: str) -> Self:
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(f"{label!r} 不是有效的{cls.title()}")

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]

    @classmethod
    def title(cls) -> str:
        """The Chinese name of the vocabulary itself (used in messages and column headers)."""
        return getattr(cls, "__title__", cls.__name__)


class Level(LabelledEnum):
    """申报级别 of this exam. 副高/正高 are a separate assessment and only appear as existing titles."""

    __title__ = "申报级别"

    ASSISTANT = "assistant", "初级(士)"
    JUNIOR = "junior", "初级(师)"
    INTERMEDIATE = "intermediate", "中级"


class ReviewStatus(LabelledEnum):
    """审核状态 of a record at one tier: 待审核 until the tier decides, then one of the four outcomes."""

    __title__ = "审核状态"

    PENDING = "pending", "待审核"
    PASSED = "passed", "审核通过"
    ON_HOLD = "on_hold", "暂不审核"
    RETURNED = "returned", "允许修改"
    REJECTED = "rejected", "审核不通过"


class Outcome(LabelledEnum):
    """审核结果 a reviewer can set (seed 000 §2.4). Each maps onto the ReviewStatus of the same name."""

    __title__ = "审核结果"

    PASS = "passed", "审核通过"
    HOLD = "on_hold", "暂不审核"
    RETURN = "returned", "允许修改"
    REJECT = "rejected", "审核不通过"

    @property
    def status(self) -> ReviewStatus:
        return ReviewStatus(self.value)


class SubmitStatus(LabelledEnum):
    """提交状态: only a submitted registration can be reviewed."""

    __title__ = "提交状态"

    NOT_SUBMITTED = "not_submitted", "未提交"
    SUBMITTED = "submitted", "已提交"


class PayStatus(LabelledEnum):
    """缴费状态: the candidate pays once the province has passed the registration."""

    __title__ = "缴费状态"

    UNPAID = "unpaid", "待缴费"
    PAID = "paid", "已缴费"


class IdType(LabelledEnum):
    """证件类型 accepted at real-name verification (seed 001)."""

    __title__ = "证件类型"

    RESIDENT_ID = "resident_id", "身份证"
    HMT_RESIDENCE = "hmt_residence", "港澳台居民居住证"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    PASSPORT = "passport", "护照"


class EducationLevel(LabelledEnum):
    """学历层级, lowest first (the order matters for eligibility checks)."""

    __title__ = "学历层级"

    SECONDARY = "secondary", "中专"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


class StudyMode(LabelledEnum):
    """学习形式 of a degree."""

    __title__ = "学习形式"

    FULL_TIME = "full_time", "全日制"
    PART_TIME = "part_time", "非全日制"
    ADULT = "adult", "成人教育"
    SELF_STUDY = "self_study", "自学考试"
    ONLINE = "online", "网络教育"


class VerifyStatus(LabelledEnum):
    """核验状态 of one material (证明材料)."""

    __title__ = "核验状态"

    PENDING = "pending", "待核验"
    VERIFIED = "verified", "核验通过"
    FAILED = "failed", "核验不通过"


class Tier(LabelledEnum):
    """审核层级: the chain of review, lowest first. Each organisation acts at exactly one tier."""

    __title__ = "审核层级"

    UNIT = "unit", "单位"
    COUNTY = "county", "区县"
    CITY = "city", "市州"
    PROVINCE = "province", "省级"

    @property
    def status_column(self) -> str:
        """The list column that shows this tier's status, e.g. 单位审核状态."""
        return f"{self.label}审核状态"


class DataScope(LabelledEnum):
    """数据层级 filter: records of units directly under this organisation, or everything below it."""

    __title__ = "数据层级"

    DIRECT = "direct", "本级直属"
    ALL = "all", "下级所有"


class MaterialKind(LabelledEnum):
    """证明材料 kinds, in the order the detail tabs and 专项信息 show them."""

    __title__ = "证明材料"

    EDUCATION = "education", "学历信息"
    DEGREE = "degree", "学位证书"
    TITLE = "title", "专技职称"
    PHYSICIAN_QUALIFICATION = "physician_qualification", "医师资格证"
    PHYSICIAN_PRACTICE = "physician_practice", "医师执业证"
    NURSE_PRACTICE = "nurse_practice", "护士执业证"
    RESIDENCY = "residency", "住院医师规范化培训合格证书"
    SUPPLEMENT = "supplement", "补充信息"


class Library(LabelledEnum):
    """对比库: read-only comparison libraries of the central system, in the seed's order."""

    __title__ = "对比库"

    QUALIFICATION = "qualification", "资格库"
    PROVINCIAL_LINE = "provincial_line", "省线库"
    PHYSICIAN_REGISTRY = "physician_registry", "医师注册库"
    NURSE_REGISTRY = "nurse_registry", "护士注册库"
    GRADUATES = "graduates", "本科应届生库"
    PAST_CANDIDATES = "past_candidates", "历史考生库"
    MISCONDUCT = "misconduct", "违纪考生库"


class ImageSide(LabelledEnum):
    """Which face of a certificate an image shows."""

    __title__ = "证书页面"

    A = "A", "A面"
    B = "B", "B面"
    REPORT = "report", "验证报告"


class ConfirmationStatus(LabelledEnum):
    """信息确认 (seed 001 §4.2.2): the candidate checks what the unit entered.

    待确认 until the candidate looks; 信息无误 when they confirm; 信息有误 (with their note) sends it back to
    the unit. A material the unit changes after a confirmation makes it 待确认 again.
    """

    __title__ = "信息确认状态"

    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "信息无误"
    DISPUTED = "disputed", "信息有误"


class BindingStatus(LabelledEnum):
    """工作单位 (seed 001 §三): whether the candidate, verified (实名认证), has bound their account to the
    unit that holds the record, by the unit's 确认码 — they can change the unit or unbind again."""

    __title__ = "工作单位绑定"

    BOUND = "bound", "已绑定"
    UNBOUND = "unbound", "未绑定"


class HistoryAction(LabelledEnum):
    """审核进度 entry kinds: what happened to a registration, by whom."""

    __title__ = "操作"

    SUBMITTED = "submitted", "考生提交"
    WITHDRAWN = "withdrawn", "考生撤回"
    DECIDED = "decided", "审核"
    REPORTED = "reported", "材料上报"
    VERIFIED = "verified", "材料核验"
    ENTERED = "entered", "单位填报"
    CONFIRMED = "confirmed", "考生确认"


#: 审核备注 reviewers type again and again (DOMAIN.md), offered one click away in the review dialog.
COMMON_REMARKS: tuple[str, ...] = (
    "学历层次不符",
    "学历信息与证书不一致",
    "工作年限不足",
    "所学专业与报考专业不符",
    "非国家批准的医疗卫生机构",
    "单位名称不完整",
    "执业地点与申报单位不一致",
    "申报表非最终版本",
    "民办机构缺人事代理档案章或社保证明",
    "照片不合规",
    "材料未上传",
    "图片不清晰",
    "格式不符",
    "学历验证未通过",
)

#: The exam project reviewers work on this season (shown on 本单位确认码 and in 申报类型).
PROJECT_TYPE = "卫生专业技术资格考试"
