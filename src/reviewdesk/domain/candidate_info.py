"""A candidate's 基础信息 as a unit enters it (单位填报): checked and normalised the same way on the
workstation (as the user types, and for every row of an Excel import) and on the server.

姓名, 证件类型 (the five kinds of ``IdType``), 证件号码 (``domain.identity`` for that kind, with its own
Chinese message), 性别 and 出生日期 (read from the number for the two 18-character documents, else
entered), 手机号 (a mainland mobile number), 申报级别 → 申报类别 from the catalogue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from reviewdesk.domain.catalogue import Catalogue
from reviewdesk.domain.enums import IdType, Level
from reviewdesk.domain.identity import validate_id
from reviewdesk.domain.wording import say

NAME_EMPTY = "请输入姓名"
NAME_FORMAT = "姓名只能包含汉字、字母、间隔号（·）和空格，不超过30个字"
PHONE_FORMAT = "手机号应为11位数字，以1开头"
GENDER_REQUIRED = "请选择性别"
BIRTH_REQUIRED = "请输入出生日期（年-月-日）"
BIRTH_INVALID = "出生日期无效"
LEVEL_UNKNOWN = "请选择申报级别"
CATEGORY_UNKNOWN = "申报类别代码 {code} 不在本年度类别目录中"
CATEGORY_LEVEL = "申报类别 {name} 不属于申报级别 {level}"
ID_TYPE_UNKNOWN = "证件类型应为以下之一：{types}"
#: code → template (``domain.wording``: the desktop says each in the current language).
MESSAGES = {
    "info.name_empty": NAME_EMPTY,
    "info.name_format": NAME_FORMAT,
    "info.phone_format": PHONE_FORMAT,
    "info.gender_required": GENDER_REQUIRED,
    "info.birth_required": BIRTH_REQUIRED,
    "info.birth_invalid": BIRTH_INVALID,
    "info.level_unknown": LEVEL_UNKNOWN,
    "info.category_unknown": CATEGORY_UNKNOWN,
    "info.category_level": CATEGORY_LEVEL,
    "info.id_type_unknown": ID_TYPE_UNKNOWN,
    "info.empty": "（空）",
}

GENDERS = {"male": "男", "female": "女"}
_NAME = re.compile(r"[\u3400-\u9fffA-Za-z·• ]{1,30}")
_PHONE = re.compile(r"1[3-9]\d{9}")


@dataclass(frozen=True)
class CandidateInfo:
    """基础信息 as stored (``gender``: "male"/"female"; ``birth_date``: ISO)."""

    name: str
    id_type: IdType
    id_number: str
    gender: str
    birth_date: str
    phone: str
    level: Level
    category_code: str
    category_name: str

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "id_type": self.id_type.value,
            "id_number": self.id_number,
            "gender": self.gender,
            "birth_date": self.birth_date,
            "phone": self.phone,
            "level": self.level.value,
            "category_code": self.category_code,
        }


class InfoError(ValueError):
    """The first problem of a 基础信息, in Chinese (:class:`~reviewdesk.domain.wording.Words`, or the
    证件号码 check's message); ``field`` names the input it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalize_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip()
    return re.sub(r"\s+", " ", text).replace("•", "·")


def normalize_phone(phone: str) -> str:
    return "".join(unicodedata.normalize("NFKC", phone).split()).replace("-", "")


def name_problem(clean_name: str) -> str:
    """Why a (normalised) name cannot be a person's name, or ``""`` (the same rule wherever a name is
    typed: the unit's 填报 and the candidate's 实名认证)."""
    if not clean_name:
        return say(MESSAGES, "info.name_empty")
    return "" if _NAME.fullmatch(clean_name) else say(MESSAGES, "info.name_format")


def is_mobile(clean_phone: str) -> bool:
    """A mainland mobile number (normalised with :func:`normalize_phone`)."""
    return bool(_PHONE.fullmatch(clean_phone))


def check_info(
    catalogue: Catalogue,
    *,
    name: str,
    id_type: str,
    id_number: str,
    phone: str,
    level: str,
    category_code: str,
    gender: str = "",
    birth_date: str = "",
    today: date | None = None,
) -> CandidateInfo:
    """The 基础信息 normalised, or :class:`InfoError` with the first problem (in the form's order)."""
    clean_name = normalize_name(name)
    if problem := name_problem(clean_name):
        raise InfoError("name", problem)
    kind = _id_type(id_type)
    check = validate_id(kind, id_number, today=today)
    if not check.ok:
        raise InfoError("id_number", check.message)
    if check.gender is not None and check.birth_date is not None:
        the_gender, born = check.gender, check.birth_date.isoformat()
    else:
        the_gender = {"男": "male", "女": "female"}.get(gender.strip(), gender.strip())
        if the_gender not in GENDERS:
            raise InfoError("gender", say(MESSAGES, "info.gender_required"))
        born = birth_date.strip()
        if not born:
            raise InfoError("birth_date", say(MESSAGES, "info.birth_required"))
        try:
            if date.fromisoformat(born) > (today or date.today()):
                raise InfoError("birth_date", say(MESSAGES, "info.birth_invalid"))
        except ValueError as error:
            raise InfoError("birth_date", say(MESSAGES, "info.birth_invalid")) from error
    clean_phone = normalize_phone(phone)
    if not is_mobile(clean_phone):
        raise InfoError("phone", say(MESSAGES, "info.phone_format"))
    the_level = _level(level)
    code = category_code.strip()
    if code not in catalogue:
        raise InfoError(
            "category_code", say(MESSAGES, "info.category_unknown", code=code or say(MESSAGES, "info.empty"))
        )
    category = catalogue.category(code)
    if category.level is not the_level:
        raise InfoError(
            "category_code", say(MESSAGES, "info.category_level", name=category.name, level=the_level)
        )
    return CandidateInfo(
        clean_name, kind, check.normalized, the_gender, born, clean_phone, the_level, code, category.name
    )


def _id_type(value: str) -> IdType:
    text = value.strip()
    for kind in IdType:
        if text in (kind.value, kind.label):
            return kind
    raise InfoError("id_type", say(MESSAGES, "info.id_type_unknown", types=tuple(IdType)))


def _level(value: str) -> Level:
    text = value.strip()
    for level in Level:
        if text in (level.value, level.label):
            return level
    raise InfoError("level", say(MESSAGES, "info.level_unknown"))
