"""The 证件号码 check's messages (``reviewdesk.domain.identity``) in the current language.

Why a copy of the Chinese here: the domain is Qt-free and says its verdicts in the seeds' Chinese, as
plain constants the translation extractor cannot see. Listing them with :func:`translate_noop` puts them
in the catalogue under the context ``IdCheck``; :func:`id_check_text` shows one through it (the
checksum message carries the expected character, so it goes through its template). A test keeps this
list equal to the domain's constants.
"""

from __future__ import annotations

from reviewdesk.domain import identity
from reviewdesk.views.common.i18n import translate, translate_noop

CONTEXT = "IdCheck"

#: Every message ``validate_id`` gives (same order as in ``domain.identity``).
MESSAGES: tuple[str, ...] = (
    translate_noop(CONTEXT, "请输入证件号码"),
    translate_noop(CONTEXT, "证件号码长度应为18位"),
    translate_noop(CONTEXT, "证件号码前17位应为数字，第18位应为数字或X"),
    translate_noop(CONTEXT, "地址码无效"),
    translate_noop(
        CONTEXT,
        "地址码无效：810000/820000/830000开头的是港澳台居民居住证号码，请选择证件类型“港澳台居民居住证”",
    ),
    translate_noop(CONTEXT, "港澳台居民居住证号码应以810000、820000或830000开头"),
    translate_noop(CONTEXT, "出生日期无效"),
    translate_noop(CONTEXT, "出生日期无效：不能晚于今天"),
    translate_noop(CONTEXT, "出生日期无效：不能早于1880年"),
    translate_noop(CONTEXT, "校验位错误，应为{expected}"),
    translate_noop(CONTEXT, "港澳居民来往内地通行证号码应为H或M加8位或10位数字"),
    translate_noop(CONTEXT, "台湾居民来往大陆通行证号码应为8位数字"),
    translate_noop(CONTEXT, "护照号码应为5至17位字母或数字"),
)

_CHECKSUM_PREFIX = identity.CHECKSUM_TEMPLATE.split("{", 1)[0]


def id_check_text(message: str) -> str:
    """``IdCheck.message`` in the current language ("" stays "", an unknown message as it came)."""
    if not message:
        return ""
    if message.startswith(_CHECKSUM_PREFIX) and message not in MESSAGES:
        expected = message[len(_CHECKSUM_PREFIX) :]
        return translate(CONTEXT, identity.CHECKSUM_TEMPLATE).format(expected=expected)
    return translate(CONTEXT, message)
