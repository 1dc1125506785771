"""Identity document numbers (证件号码): validation, normalisation and the facts a number carries.

Why: a reviewer pastes or types numbers into filters and reads them off photos; the desktop flags a
registration whose number cannot be right before anyone looks at the images, and the demo generator
must only produce numbers that pass. Each kind of error has its own Chinese message, because "证件号码
错误" alone makes a reviewer re-type the whole number to find one wrong digit.

Rules (GB 11643-1999 and the published formats of the other documents):

* 居民身份证: 18 characters — 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male),
  check character (ISO 7064 MOD 11-2 over the first 17 digits).
* 港澳台居民居住证: the same format and checksum, address code 810000 (港), 820000 (澳), 830000 (台).
* 港澳居民来往内地通行证: H or M followed by 8 digits (older cards) or 10 digits (newer cards).
* 台湾居民来往大陆通行证: 8 digits.
* 护照: Chinese passports are E + 8 digits or E + letter + 7 digits. Foreign passports have no common
  format, so any other 5–17 letters/digits are accepted (a *soft* check: it only catches obvious typing
  accidents such as punctuation or a number that is far too short or long).

Input is normalised first: NFKC (full-width ``１２３Ｘ`` → ``123X``), every whitespace removed, letters
upper-cased (a lower-case check character ``x`` becomes ``X``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from reviewdesk.domain.divisions import HUBEI_PREFECTURE_PREFIXES, PROVINCE_CODES
from reviewdesk.domain.enums import IdType

Gender = Literal["male", "female"]

WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
HMT_PREFIXES: dict[str, str] = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
#: The standard's own example (440524188001010014) is born in 1880, so that is the floor; ages that are
#: merely implausible for a candidate are the eligibility pre-check's business, not a format error.
EARLIEST_BIRTH = date(1880, 1, 1)

# Messages, each said once so tests and the UI agree to the letter.
EMPTY = "请输入证件号码"
LENGTH_18 = "证件号码长度应为18位"
FORMAT_18 = "证件号码前17位应为数字，第18位应为数字或X"
ADDRESS_INVALID = "地址码无效"
ADDRESS_IS_HMT = (
    "地址码无效：810000/820000/830000开头的是港澳台居民居住证号码，请选择证件类型“港澳台居民居住证”"
)
HMT_PREFIX = "港澳台居民居住证号码应以810000、820000或830000开头"
BIRTH_INVALID = "出生日期无效"
BIRTH_FUTURE = "出生日期无效：不能晚于今天"
BIRTH_TOO_EARLY = "出生日期无效：不能早于1880年"
CHECKSUM_TEMPLATE = "校验位错误，应为{expected}"
HK_MACAO_FORMAT = "港澳居民来往内地通行证号码应为H或M加8位或10位数字"
TAIWAN_FORMAT = "台湾居民来往大陆通行证号码应为8位数字"
PASSPORT_FORMAT = "护照号码应为5至17位字母或数字"

_EIGHTEEN = re.compile(r"\d{17}[\dX]")
_HK_MACAO = re.compile(r"[HM](\d{8}|\d{10})")
_TAIWAN = re.compile(r"\d{8}")
_CHINESE_PASSPORT = re.compile(r"E(\d{8}|[A-Z]\d{7})")
_ANY_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")


@dataclass(frozen=True)
class IdCheck:
    """The verdict on one number: ``ok`` with ``message == ""``, or the first problem found, in Chinese.

    ``normalized`` is always filled (what the number looks like after normalisation) so a caller can
    store or search it even when the number is wrong. Birth date, gender and region code are known only
    for the 18-character documents, and only when the number is valid.
    """

    ok: bool
    message: str
    normalized: str
    birth_date: date | None = None
    gender: Gender | None = None
    region_code: str | None = None


def normalize_id(number: str) -> str:
    """Full-width to half-width, whitespace removed, upper case."""
    text = unicodedata.normalize("NFKC", number)
    return "".join(text.split()).upper()


def resident_id_check_char(first17: str) -> str:
    """The 18th character of a 身份证/居住证 number whose first 17 digits are ``first17``."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise ValueError("first17 must be 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def make_resident_id(region6: str, birth: date, seq3: int) -> str:
    """A valid 18-character number (used by the demo generator and tests)."""
    if len(region6) != 6 or not region6.isdigit():
        raise ValueError("region6 must be 6 digits")
    if not 0 <= seq3 <= 999:
        raise ValueError("seq3 must be 0..999")
    first17 = f"{region6}{birth:%Y%m%d}{seq3:03d}"
    return first17 + resident_id_check_char(first17)


def _address_ok(code: str) -> bool:
    province = code[:2]
    if province not in PROVINCE_CODES or province in {"71", "81", "82"} or code[2:] == "0000":
        return False
    return province != "42" or code[:4] in HUBEI_PREFECTURE_PREFIXES


def _parse_birth(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _check_eighteen(number: str, hmt: bool, today: date) -> IdCheck:
    if len(number) != 18:
        return IdCheck(False, LENGTH_18, number)
    if not _EIGHTEEN.fullmatch(number):
        return IdCheck(False, FORMAT_18, number)
    region = number[:6]
    if hmt:
        if region not in HMT_PREFIXES:
            return IdCheck(False, HMT_PREFIX, number)
    elif region in HMT_PREFIXES:
        return IdCheck(False, ADDRESS_IS_HMT, number)
    elif not _address_ok(region):
        return IdCheck(False, ADDRESS_INVALID, number)
    birth = _parse_birth(number[6:14])
    if birth is None:
        return IdCheck(False, BIRTH_INVALID, number)
    if birth > today:
        return IdCheck(False, BIRTH_FUTURE, number)
    if birth < EARLIEST_BIRTH:
        return IdCheck(False, BIRTH_TOO_EARLY, number)
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        return IdCheck(False, CHECKSUM_TEMPLATE.format(expected=expected), number)
    gender: Gender = "male" if int(number[16]) % 2 else "female"
    return IdCheck(True, "", number, birth, gender, region)


def validate_id(id_type: IdType, number: str, *, today: date | None = None) -> IdCheck:
    """Check ``number`` as a document of ``id_type``; ``today`` bounds birth dates (default: today)."""
    normalized = normalize_id(number)
    if not normalized:
        return IdCheck(False, EMPTY, normalized)
    today = today or date.today()
    match id_type:
        case IdType.RESIDENT_ID:
            return _check_eighteen(normalized, hmt=False, today=today)
        case IdType.HMT_RESIDENCE:
            return _check_eighteen(normalized, hmt=True, today=today)
        case IdType.HK_MACAO_PERMIT:
            ok = bool(_HK_MACAO.fullmatch(normalized))
            return IdCheck(ok, "" if ok else HK_MACAO_FORMAT, normalized)
        case IdType.TAIWAN_PERMIT:
            ok = bool(_TAIWAN.fullmatch(normalized))
            return IdCheck(ok, "" if ok else TAIWAN_FORMAT, normalized)
        case IdType.PASSPORT:
            ok = bool(_CHINESE_PASSPORT.fullmatch(normalized) or _ANY_PASSPORT.fullmatch(normalized))
            return IdCheck(ok, "" if ok else PASSPORT_FORMAT, normalized)
    raise ValueError(f"unknown id type {id_type!r}")  # pragma: no cover - the match is exhaustive


def is_chinese_passport(number: str) -> bool:
    """Whether a (normalised) passport number has a Chinese passport's format (the strict check)."""
    return bool(_CHINESE_PASSPORT.fullmatch(normalize_id(number)))
