"""预审提示 sentences in the current language: the banner's lines, the list's and the 填报 page's
tooltips, the 专项信息 cards' notes, a scan's warnings (in ``views.common``: every screen shows them).

The flags come from ``domain.precheck`` (on the server, in the record's snapshot, or on this desktop
for a record edited here). Each flag dict carries its message's code and parts (``"words"``,
``precheck.flag_words`` rebuilds them); here each code has its Chinese template, listed with
:func:`translate_noop` (context ``FlagMessages``; a test keeps this table equal to
``precheck.MESSAGES``), filled by ``views.common.wording`` with the parts in the current language: a
material, face or level by its label, a field by its name, the ID check's message by its own
catalogue. A scan that is not an image is flagged with the image policy's refusal, which reads through
the image errors' catalogue (``views.common.image_errors``). A flag without words (a snapshot from an
older server) is shown as its Chinese message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reviewdesk.domain.precheck import flag_words, parse_scan_message
from reviewdesk.domain.scan_rules import REASONS
from reviewdesk.domain.wording import Words
from reviewdesk.views.common.i18n import translate, translate_noop
from reviewdesk.views.common.id_check_texts import id_check_text
from reviewdesk.views.common.image_errors import refusal_text
from reviewdesk.views.common.material_field_names import field_name
from reviewdesk.views.common.wording import fill

CONTEXT = "FlagMessages"

#: code → its Chinese template (``precheck.MESSAGES`` but the image policy's refusals).
TEMPLATES: dict[str, str] = {
    "flag.misconduct": translate_noop(CONTEXT, "违纪考生库有记录，请重点关注"),
    "flag.id_invalid": translate_noop(CONTEXT, "证件号码有误：{reason}"),
    "flag.age_implausible": translate_noop(
        CONTEXT,
        "年龄{age}岁，不在常见报考年龄范围内，请核对证件号码",
    ),
    "flag.physician_qualification_missing": translate_noop(
        CONTEXT,
        "申报医师类中级专业须具备医师资格，未见医师资格证或医师注册库记录",
    ),
    "flag.residency_missing": translate_noop(
        CONTEXT,
        "博士研究生学历申报医师类中级专业，未见住院医师规范化培训合格证书",
    ),
    "flag.no_junior_record": translate_noop(
        CONTEXT,
        "资格库、历史考生库均无初级资格记录，请核对专技职称",
    ),
    "flag.graduation_missing": translate_noop(CONTEXT, "缺少毕业时间，无法核对工作年限"),
    "flag.practice_place_mismatch": translate_noop(
        CONTEXT,
        "执业地点与申报单位不一致：{place}",
    ),
    "flag.title_level_low": translate_noop(
        CONTEXT,
        "现有专技职称为{title}，申报{level}需具备{below}资格",
    ),
    "flag.title_missing": translate_noop(
        CONTEXT,
        "未见{below}资格取得时间，无法核对工作年限",
    ),
    "flag.years_short.graduation": translate_noop(
        CONTEXT,
        "工作年限不足：{education}学历申报{level}需毕业后满{years}年（计算至{year}年12月31日），现为{have}年",
    ),
    "flag.years_short.title": translate_noop(
        CONTEXT,
        "工作年限不足：{education}学历申报{level}需取得{bel"
        "ow}资格后满{years}年（计算至{year}年12月31日），现为"
        "{have}年",
    ),
    "flag.years_short.physician": translate_noop(
        CONTEXT,
        "工作年限不足：{education}学历申报{level}需取得医师资格"
        "或执业注册后满{years}年（计算至{year}年12月31日），现为"
        "{have}年",
    ),
    "flag.licence_missing": translate_noop(
        CONTEXT,
        "申报{category}须具备{material}，未见该材料",
    ),
    "flag.birth_mismatch": translate_noop(
        CONTEXT,
        "出生日期{entered}与证件号码中的出生日期{said}不一致",
    ),
    "flag.gender_mismatch.male": translate_noop(
        CONTEXT,
        "性别男与证件号码不一致（证件号码为女性）",
    ),
    "flag.gender_mismatch.female": translate_noop(
        CONTEXT,
        "性别女与证件号码不一致（证件号码为男性）",
    ),
    "flag.graduation_future": translate_noop(
        CONTEXT,
        "毕业时间{graduated}晚于今天，学历信息有误或尚未毕业",
    ),
    "flag.graduation_before_entry": translate_noop(
        CONTEXT,
        "毕业时间{graduated}不晚于入学时间{entered}，学历信息有误",
    ),
    "flag.study_years_mismatch": translate_noop(
        CONTEXT,
        "学制{years}年与入学、毕业时间不符（相隔约{span}年）",
    ),
    "flag.date_future": translate_noop(
        CONTEXT,
        "{material}{field}{date}晚于今天",
    ),
    "flag.date_before_graduation": translate_noop(
        CONTEXT,
        "{material}{field}{date}早于毕业时间{graduated}",
    ),
    "flag.field_missing": translate_noop(
        CONTEXT,
        "{material}缺少必填项：{fields}",
    ),
    "flag.side_missing": translate_noop(CONTEXT, "{material}证书{side}未上传"),
    "flag.scan_reused": translate_noop(
        CONTEXT,
        "{material}图片与其他考生（{others}）的图片相同，请核实是否冒用",
    ),
    "flag.number_duplicate": translate_noop(
        CONTEXT,
        "{material}{field}{number}与其他考生（{others}）相同",
    ),
    "flag.others": translate_noop(CONTEXT, "{names}"),
    "flag.others_more": translate_noop(CONTEXT, "{names}等{n}人"),
    "flag.scan_small": translate_noop(
        CONTEXT,
        "图片分辨率过低（{width}×{height}），证书文字可能无法看清",
    ),
    "flag.scan_blurred": translate_noop(CONTEXT, "图片不清晰（模糊）"),
    "flag.scan_dark": translate_noop(CONTEXT, "图片几乎全黑，看不到证书内容"),
    "flag.scan_blank": translate_noop(CONTEXT, "图片几乎全白，看不到证书内容"),
    "flag.scan_sideways": translate_noop(CONTEXT, "图片横置（未摆正），请核对是否为证书正面"),
    "flag.scan_upside_down": translate_noop(CONTEXT, "图片倒置（上下颠倒）"),
}

_PART_WORDS = {"field": field_name, "fields": field_name, "reason": id_check_text}


def words_text(words: Words) -> str:
    """A flag sentence's Words in the current language (the Chinese for a code not listed)."""
    if words.code in REASONS:
        return refusal_text(words)
    if words.code not in TEMPLATES:
        return str(words)
    return fill(words, CONTEXT, TEMPLATES[words.code], _PART_WORDS, words_text)


def flag_text(flag: Mapping[str, Any]) -> str:
    """A flag dict's sentence in the current language; its Chinese ``message`` when it has no words (a
    scan's flag then reads its parts back from the sentence: a server cached "not an image" flags
    without words before their refusals had codes)."""
    words = flag_words(flag)
    if words is None and flag.get("kind") == "scan":
        words = parse_scan_message(str(flag.get("message") or ""))
    return words_text(words) if words is not None else str(flag.get("message") or "")


def finding_text(message: str) -> str:
    """A scan check's finding (its Words, or the finished Chinese sentence the server kept) in the
    current language."""
    words = parse_scan_message(message)
    return words_text(words) if words is not None else message


def findings_text(findings: Sequence[tuple[str, str]]) -> str:
    """A prepared scan's findings, (code, message) pairs, one after another as the batch preview shows
    them ("" when the scan looks fine)."""
    return translate(CONTEXT, "；").join(finding_text(message) for _code, message in findings)
