"""The names of material fields (学历层次, 毕业学校, 证书编号…) in the current language.

A material's ``fields`` come from the server keyed by the seed's Chinese names, and stay keyed so:
they are data. Only what is shown goes through :func:`field_name`; the names listed here are the
ones cards show (``store.material_query.CARD_FIELDS``, plus the data's spelling 学历层级). A field the
server adds later is shown under its Chinese name until it is listed here.
"""

from __future__ import annotations

from reviewdesk.views.common.i18n import ENUM_CONTEXT, translate, translate_noop

#: Context of the field names in the .ts (other views showing material fields can use it too).
FIELD_CONTEXT = "MaterialFields"

#: Every name a card shows (a test keeps this equal to ``CARD_FIELDS`` and its aliases).
FIELD_NAMES: tuple[str, ...] = (
    translate_noop(FIELD_CONTEXT, "学历层次"),
    translate_noop(FIELD_CONTEXT, "学历层级"),
    translate_noop(FIELD_CONTEXT, "毕业时间"),
    translate_noop(FIELD_CONTEXT, "毕业学校"),
    translate_noop(FIELD_CONTEXT, "学历认证报告编号"),
    translate_noop(FIELD_CONTEXT, "学习形式"),
    translate_noop(FIELD_CONTEXT, "专业类型"),
    translate_noop(FIELD_CONTEXT, "学制"),
    translate_noop(FIELD_CONTEXT, "入学时间"),
    translate_noop(FIELD_CONTEXT, "所学专业"),
    translate_noop(FIELD_CONTEXT, "毕业证号"),
    translate_noop(FIELD_CONTEXT, "资格系列"),
    translate_noop(FIELD_CONTEXT, "资格级别"),
    translate_noop(FIELD_CONTEXT, "专业"),
    translate_noop(FIELD_CONTEXT, "取得方式"),
    translate_noop(FIELD_CONTEXT, "取得途径"),
    translate_noop(FIELD_CONTEXT, "批准日期"),
    translate_noop(FIELD_CONTEXT, "证书编号"),
    translate_noop(FIELD_CONTEXT, "是否为省线证"),
    translate_noop(FIELD_CONTEXT, "是否基卫高"),
    translate_noop(FIELD_CONTEXT, "聘任日期"),
    translate_noop(FIELD_CONTEXT, "资格类别"),
    translate_noop(FIELD_CONTEXT, "签发日期"),
    translate_noop(FIELD_CONTEXT, "证书编码"),
    translate_noop(FIELD_CONTEXT, "执业地点"),
    translate_noop(FIELD_CONTEXT, "有效期至"),
    translate_noop(FIELD_CONTEXT, "学位名称"),
    translate_noop(FIELD_CONTEXT, "学位证号"),
    translate_noop(FIELD_CONTEXT, "授予单位"),
    translate_noop(FIELD_CONTEXT, "授予日期"),
    translate_noop(FIELD_CONTEXT, "培训专业"),
    translate_noop(FIELD_CONTEXT, "培训基地"),
    translate_noop(FIELD_CONTEXT, "结业日期"),
    translate_noop(FIELD_CONTEXT, "补充说明"),
)


#: The 填报 forms' choices that are no vocabulary's labels (those are extracted with the enums): 是/否,
#: 学制, 资格系列, 取得方式… — stored and sent as these Chinese words, shown through
#: :func:`field_value_text` (a test keeps this equal to ``domain.material_forms``' choices).
FIELD_VALUES: tuple[str, ...] = (
    translate_noop(ENUM_CONTEXT, "是"),
    translate_noop(ENUM_CONTEXT, "否"),
    translate_noop(ENUM_CONTEXT, "副高"),
    translate_noop(ENUM_CONTEXT, "正高"),
    translate_noop(ENUM_CONTEXT, "卫生技术人员(医疗)"),
    translate_noop(ENUM_CONTEXT, "卫生技术人员(药剂)"),
    translate_noop(ENUM_CONTEXT, "卫生技术人员(护理)"),
    translate_noop(ENUM_CONTEXT, "卫生技术人员(技师)"),
    translate_noop(ENUM_CONTEXT, "考试"),
    translate_noop(ENUM_CONTEXT, "评审"),
    translate_noop(ENUM_CONTEXT, "认定"),
    translate_noop(ENUM_CONTEXT, "全国统考"),
    translate_noop(ENUM_CONTEXT, "省级评审"),
    translate_noop(ENUM_CONTEXT, "单位认定"),
    translate_noop(ENUM_CONTEXT, "其他"),
    translate_noop(ENUM_CONTEXT, "执业医师"),
    translate_noop(ENUM_CONTEXT, "执业助理医师"),
    translate_noop(ENUM_CONTEXT, "临床"),
    translate_noop(ENUM_CONTEXT, "口腔"),
    translate_noop(ENUM_CONTEXT, "中医"),
    translate_noop(ENUM_CONTEXT, "公共卫生"),
    translate_noop(ENUM_CONTEXT, "2年"),
    translate_noop(ENUM_CONTEXT, "3年"),
    translate_noop(ENUM_CONTEXT, "4年"),
    translate_noop(ENUM_CONTEXT, "5年"),
    translate_noop(ENUM_CONTEXT, "6年"),
    translate_noop(ENUM_CONTEXT, "7年"),
    translate_noop(ENUM_CONTEXT, "8年"),
)


def field_name(name: str) -> str:
    """A material field's name in the current language (the name itself when it has no translation)."""
    return translate(FIELD_CONTEXT, name)


def field_value_text(value: str) -> str:
    """A material field's value as shown: a vocabulary word (大专, 全日制, 本科…) in the current
    language, anything else (schools, numbers, dates) as it is — the same on the 审核详情 pages and
    the 专项信息 cards (the cards once kept 大专 while 基础信息 said "Junior college")."""
    return translate(ENUM_CONTEXT, value) if value else value
