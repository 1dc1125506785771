"""The 填报 rules' and the local store's messages in the current language: a 基础信息 or material field
refused, a scan's file name unread, a batch import's reasons and notes, an Excel row's problem.

The rules (``domain.candidate_info``, ``domain.material_forms``, ``domain.scan_names``) and the store
(``store.entry``) say them as :class:`~reviewdesk.domain.wording.Words`: the Chinese sentence, with its
code and parts. Here each code has its Chinese template, listed with :func:`translate_noop` so the
extractor puts it in the catalogue (context ``EntryMessages``; a test keeps this table equal to every
``MESSAGES`` of those modules), and :func:`message_text` fills the translated template with the parts
in the current language: a field's name through ``field_name``, a choice through ``field_value_text``,
a vocabulary member through its label, a nested message in turn. The image policy's refusals use the
image errors' catalogue (``views.common.image_errors``); the 证件号码 check's messages ``id_check_text``.
Anything else is shown as it came.
"""

from __future__ import annotations

from collections.abc import Callable

from reviewdesk.domain.scan_rules import REASONS as IMAGE_REASONS
from reviewdesk.domain.wording import Words
from reviewdesk.store.entry.scan_import import ImportRow
from reviewdesk.views.common.i18n import translate, translate_noop
from reviewdesk.views.common.id_check_texts import id_check_text
from reviewdesk.views.common.image_errors import refusal_text
from reviewdesk.views.common.material_field_names import field_name, field_value_text
from reviewdesk.views.common.wording import fill

CONTEXT = "EntryMessages"

#: code → its Chinese template (the same as the rule's or the store's ``MESSAGES``).
TEMPLATES: dict[str, str] = {
    # domain.candidate_info
    "info.name_empty": translate_noop(CONTEXT, "请输入姓名"),
    "info.name_format": translate_noop(CONTEXT, "姓名只能包含汉字、字母、间隔号（·）和空格，不超过30个字"),
    "info.phone_format": translate_noop(CONTEXT, "手机号应为11位数字，以1开头"),
    "info.gender_required": translate_noop(CONTEXT, "请选择性别"),
    "info.birth_required": translate_noop(CONTEXT, "请输入出生日期（年-月-日）"),
    "info.birth_invalid": translate_noop(CONTEXT, "出生日期无效"),
    "info.level_unknown": translate_noop(CONTEXT, "请选择申报级别"),
    "info.category_unknown": translate_noop(CONTEXT, "申报类别代码 {code} 不在本年度类别目录中"),
    "info.category_level": translate_noop(CONTEXT, "申报类别 {name} 不属于申报级别 {level}"),
    "info.id_type_unknown": translate_noop(CONTEXT, "证件类型应为以下之一：{types}"),
    "info.empty": translate_noop(CONTEXT, "（空）"),
    # domain.material_forms
    "field.date": translate_noop(CONTEXT, "{field}应为日期（年-月-日），如 2020-06-30"),
    "field.choice": translate_noop(CONTEXT, "{field}应为以下之一：{choices}"),
    "field.too_long": translate_noop(CONTEXT, "{field}不能超过{limit}字"),
    "field.unknown": translate_noop(CONTEXT, "{kind}没有“{field}”这一项"),
    "field.control": translate_noop(CONTEXT, "{field}含有不可见的控制字符"),
    # domain.scan_names
    "scan_name.invalid": translate_noop(CONTEXT, "文件名不符合“姓名+身份证号+证书名称+第几页”：{why}"),
    "scan_name.no_name": translate_noop(CONTEXT, "开头没有姓名"),
    "scan_name.no_number": translate_noop(CONTEXT, "姓名后没有证件号码"),
    "scan_name.no_title": translate_noop(CONTEXT, "无法识别证书名称“{title}”"),
    "scan_name.bad_page": translate_noop(CONTEXT, "页码无效"),
    "scan_name.bad_extension": translate_noop(CONTEXT, "扩展名应为 png、jpg 或 jpeg"),
    "scan_name.empty": translate_noop(CONTEXT, "（空）"),
    # store.entry.scan_import
    "import.unknown_number": translate_noop(CONTEXT, "本单位没有证件号码为 {number} 的考生"),
    "import.name_mismatch": translate_noop(CONTEXT, "姓名与证件号码不符：本单位该证件号码的考生为“{name}”"),
    "import.duplicate_page": translate_noop(CONTEXT, "与 {other} 是同一考生同一证书的同一页"),
    "import.unreadable": translate_noop(CONTEXT, "无法读取文件：{error}"),
    "import.turned": translate_noop(CONTEXT, "已按照片方向自动转正"),
    "import.shrunk": translate_noop(CONTEXT, "已压缩到3MB以内"),
    "import.replaces": translate_noop(CONTEXT, "将替换已有的第{page}页"),
    "import.turned_by_user": translate_noop(CONTEXT, "已旋转{degrees}°"),
    # store.entry.excel_import
    "excel.missing_headers": translate_noop(CONTEXT, "表头缺少：{names}（请使用本页下载的模板）"),
    "excel.not_xlsx": translate_noop(CONTEXT, "无法读取该文件：请选择 .xlsx 格式的 Excel 文件（{error}）"),
    "excel.duplicate_in_file": translate_noop(CONTEXT, "与第{row}行的证件号码重复"),
    "excel.number_as_number": translate_noop(
        CONTEXT, "证件号码被 Excel 存成了数字（末位可能已丢失），请把该列设为文本后重新填写"
    ),
    "excel.formula": translate_noop(CONTEXT, "{column}是公式，请填写内容本身"),
    "excel.empty_row": translate_noop(CONTEXT, "空行"),
    # store.entry.actions
    "entry.duplicate_here": translate_noop(CONTEXT, "本单位已有该证件号码的考生"),
    "entry.unknown_candidate": translate_noop(CONTEXT, "该考生不在本地数据中，请先同步"),
}

#: A part named so is a word of the seeds and reads in the current language; other parts (numbers,
#: file names, the sheet's own headers, what the user typed) are shown as they are.
_WORDS_OF: dict[str, Callable[[str], str]] = {"field": field_name, "choices": field_value_text}


def message_text(message: object) -> str:
    """A 填报 message (a ``Words``, an exception carrying one, or a 证件号码 check's message) in the
    current language; the Chinese as it came when it is none of those or a translation is broken."""
    if isinstance(message, BaseException):
        words = getattr(message, "words", None)
        message = words if words is not None else (message.args[0] if message.args else str(message))
    if not isinstance(message, Words):
        return id_check_text(message) if isinstance(message, str) else str(message)
    if message.code in TEMPLATES:
        return fill(message, CONTEXT, TEMPLATES[message.code], _WORDS_OF, message_text)
    if message.code in IMAGE_REASONS:
        return refusal_text(message)
    return str(message)


def import_row_text(row: ImportRow) -> str:
    """A batch-import row's reason, or else its notes (what was done to its scan), in the current
    language."""
    if row.reason:
        return message_text(row.reason)
    return translate(CONTEXT, "；").join(message_text(note) for note in row.notes)
