"""The materials a unit enters (单位填报), with exactly the seeds' fields: what each field is (text, date,
choice), whether the candidate sees it marked red (required), and which scans a material has.

Why data in the domain: the workstation's 考生信息填报 page draws its forms from it, the server checks
what is pushed against it, the Excel template and the batch scan import name certificates by it, and
the candidate's 信息确认 pages mark the same fields red. One table, so all of them agree.

Sources: seed 001 §4.2.2 (专技职称 and 执业医师 / 执业助理医师 blocks with their ``*``), seed 001 §4.2.1 (the
scans a candidate brings), DOMAIN.md "Materials". Dates are ISO ``YYYY-MM-DD``; choices are stored as
their Chinese text (the material's ``fields`` are keyed and valued in the seeds' words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewdesk.domain.enums import EducationLevel, ImageSide, MaterialKind, StudyMode
from reviewdesk.domain.wording import say


class FieldType(StrEnum):
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True)
class FormField:
    """One field of a material's form."""

    name: str
    type: FieldType = FieldType.TEXT
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int = 64


@dataclass(frozen=True)
class ScanSlot:
    """A scan a material has: the side it is stored as and the certificate's name in the file name
    ("姓名+身份证号+证书名称+第几页")."""

    side: ImageSide
    title: str
    required: bool = True


@dataclass(frozen=True)
class MaterialForm:
    kind: MaterialKind
    fields: tuple[FormField, ...]
    scans: tuple[ScanSlot, ...]

    def field(self, name: str) -> FormField:
        return next(f for f in self.fields if f.name == name)

    @property
    def titles(self) -> tuple[str, ...]:
        """The certificate names its scans are filed under (the batch import matches on them)."""
        return tuple(dict.fromkeys(slot.title for slot in self.scans))


YES_NO = ("是", "否")
TITLE_LEVELS = ("初级(士)", "初级(师)", "中级", "副高", "正高")
TITLE_SERIES = (
    "卫生技术人员(医疗)",
    "卫生技术人员(药剂)",
    "卫生技术人员(护理)",
    "卫生技术人员(技师)",
)
OBTAINED_BY = ("考试", "评审", "认定")
OBTAINED_THROUGH = ("全国统考", "省级评审", "单位认定", "其他")
PHYSICIAN_LEVELS = ("执业医师", "执业助理医师")
PHYSICIAN_CLASSES = ("临床", "口腔", "中医", "公共卫生")
STUDY_LENGTHS = ("2年", "3年", "4年", "5年", "6年", "7年", "8年")


def _date(name: str, required: bool = True) -> FormField:
    return FormField(name, FieldType.DATE, required)


def _choice(name: str, choices: tuple[str, ...], required: bool = True) -> FormField:
    return FormField(name, FieldType.CHOICE, required, choices)


A, B, REPORT = ImageSide.A, ImageSide.B, ImageSide.REPORT

FORMS: dict[MaterialKind, MaterialForm] = {
    form.kind: form
    for form in (
        MaterialForm(
            MaterialKind.EDUCATION,
            (
                _choice("学历层级", tuple(EducationLevel.labels())),
                FormField("毕业证号"),
                _date("入学时间"),
                _date("毕业时间"),
                FormField("毕业学校", max_length=128),
                _choice("学制", STUDY_LENGTHS),
                FormField("专业类型"),
                FormField("所学专业"),
                _choice("学习形式", tuple(StudyMode.labels())),
                FormField("学历认证报告编号", required=False),
            ),
            (ScanSlot(A, "毕业证书"), ScanSlot(REPORT, "学信网学历验证报告")),
        ),
        MaterialForm(
            MaterialKind.DEGREE,
            (
                FormField("学位名称"),
                FormField("学位证号"),
                FormField("授予单位", max_length=128),
                _date("授予日期"),
            ),
            (ScanSlot(A, "学位证书"), ScanSlot(REPORT, "学位验证报告", required=False)),
        ),
        MaterialForm(
            MaterialKind.TITLE,
            (
                _choice("资格系列", TITLE_SERIES),
                _choice("资格级别", TITLE_LEVELS),
                FormField("专业"),
                _choice("取得方式", OBTAINED_BY),
                _choice("取得途径", OBTAINED_THROUGH),
                _date("批准日期"),
                FormField("证书编号"),
                _choice("是否为省线证", YES_NO),
                _choice("是否基卫高", YES_NO),
                _date("聘任日期", required=False),
            ),
            (ScanSlot(A, "专业技术资格证书"), ScanSlot(B, "专业技术资格证书")),
        ),
        MaterialForm(
            MaterialKind.PHYSICIAN_QUALIFICATION,
            (
                _choice("资格级别", PHYSICIAN_LEVELS),
                _choice("资格类别", PHYSICIAN_CLASSES),
                _date("签发日期"),
                FormField("证书编码"),
            ),
            (ScanSlot(A, "医师资格证书"), ScanSlot(B, "医师资格证书")),
        ),
        MaterialForm(
            MaterialKind.PHYSICIAN_PRACTICE,
            (
                _choice("资格级别", PHYSICIAN_LEVELS),
                _choice("资格类别", PHYSICIAN_CLASSES),
                _date("签发日期"),
                FormField("证书编码"),
            ),
            (ScanSlot(A, "医师执业证书"), ScanSlot(B, "医师执业证书")),
        ),
        MaterialForm(
            MaterialKind.NURSE_PRACTICE,
            (
                FormField("证书编码"),
                _date("签发日期"),
                FormField("执业地点", max_length=128),
                _date("有效期至"),
            ),
            (ScanSlot(A, "护士执业证书"), ScanSlot(B, "护士执业证书")),
        ),
        MaterialForm(
            MaterialKind.RESIDENCY,
            (
                FormField("培训专业"),
                FormField("培训基地", max_length=128),
                _date("结业日期"),
                FormField("证书编号"),
            ),
            (ScanSlot(A, "住院医师规范化培训合格证书"),),
        ),
        MaterialForm(
            MaterialKind.SUPPLEMENT,
            (FormField("补充说明", max_length=500),),
            (ScanSlot(A, "补充材料", required=False),),
        ),
    )
}

#: Every certificate name a scan can be filed under → (material kind, side of its first page).
TITLES: dict[str, tuple[MaterialKind, ImageSide]] = {}
for _form in FORMS.values():
    for _slot in _form.scans:
        TITLES.setdefault(_slot.title, (_form.kind, _slot.side))

#: More scans than a material's slots (further pages) are kept, up to this many a material.
MAX_PAGES = 10

DATE_FORMAT = "{field}应为日期（年-月-日），如 2020-06-30"
NOT_A_CHOICE = "{field}应为以下之一：{choices}"
TOO_LONG = "{field}不能超过{limit}字"
UNKNOWN_FIELD = "{kind}没有“{field}”这一项"
CONTROL_CHARS = "{field}含有不可见的控制字符"
#: code → template (``domain.wording``); ``field`` is always a field's name, ``kind`` a MaterialKind.
MESSAGES = {
    "field.date": DATE_FORMAT,
    "field.choice": NOT_A_CHOICE,
    "field.too_long": TOO_LONG,
    "field.unknown": UNKNOWN_FIELD,
    "field.control": CONTROL_CHARS,
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]")


def check_fields(kind: MaterialKind, fields: dict[str, str]) -> dict[str, str]:
    """The fields as stored (trimmed; unknown names refused), or ``ValueError`` with the first problem in
    Chinese (its argument a :class:`~reviewdesk.domain.wording.Words`). Required fields may still be empty: a unit saves what it has and the form marks what is
    missing red (:func:`missing_required`); types are never loose (a date is a date, a choice one of
    its choices)."""
    form = FORMS[kind]
    known = {f.name: f for f in form.fields}
    out: dict[str, str] = {}
    for name, raw in fields.items():
        spec = known.get(name)
        if spec is None:
            raise ValueError(say(MESSAGES, "field.unknown", kind=kind, field=name))
        value = str(raw).strip()
        if _CONTROL.search(value):
            raise ValueError(say(MESSAGES, "field.control", field=name))
        if len(value) > spec.max_length:
            raise ValueError(say(MESSAGES, "field.too_long", field=name, limit=spec.max_length))
        if value and spec.type is FieldType.DATE and not _is_date(value):
            raise ValueError(say(MESSAGES, "field.date", field=name))
        if value and spec.type is FieldType.CHOICE and value not in spec.choices:
            raise ValueError(say(MESSAGES, "field.choice", field=name, choices=spec.choices))
        out[name] = value
    return {f.name: out.get(f.name, "") for f in form.fields if f.name in out}


def missing_required(kind: MaterialKind, fields: dict[str, str]) -> list[str]:
    """The required fields (red in the candidate's view) still empty, in the form's order."""
    return [f.name for f in FORMS[kind].fields if f.required and not str(fields.get(f.name, "")).strip()]


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
