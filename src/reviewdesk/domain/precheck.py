"""预审提示: the flags a reviewer sees before looking at a record — where to look, never a decision.

Why one function over the RecordSnapshot (API.md): the server (at every change), the desktop (offline)
and the unit's 填报 page all hold a record in that shape, so :func:`record_flags` is the one place the
record rules live, and both sides agree on the same record by construction.

What it checks (each flag: a stable ``code``, a ``severity``, a Chinese sentence in the reviewer's
words, and where it points — a material tab, a field, a scan):

* **资格条件** (``eligibility``): the *unverified* years table and licence rules of
  :mod:`reviewdesk.domain.eligibility`, plus :data:`LICENCE_REQUIRED` (a 类别 series that needs a
  licence the record lacks). Rules are data, so a corrected rule is a data change + :data:`FLAGS_VERSION`.
* **信息矛盾** (``contradiction``): 出生日期/性别 against the 身份证 number; 毕业时间 before 入学时间 or
  after today; 学制 against the two dates; 批准日期/签发日期 after today or before graduation.
* **必填项** (``required``): a field of :data:`REQUIRED_FIELDS` (seed 001's red fields) empty, or a face
  of :data:`REQUIRED_SIDES` not uploaded.

Image checks (:mod:`reviewdesk.domain.scan_checks`) and cross-candidate checks (reused scan, duplicate
certificate number) need bytes or the whole database; the server adds their flags with
:func:`scan_flag` and :func:`duplicate_flag` so every flag has one shape. 违纪考生库 hits keep their own
warning (the 对比库 tab), so they are not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from reviewdesk.domain import eligibility as el
from reviewdesk.domain import scan_checks, scan_rules
from reviewdesk.domain.catalogue import Catalogue, load_catalogue
from reviewdesk.domain.enums import (
    COMMON_REMARKS,
    EducationLevel,
    IdType,
    ImageSide,
    LabelledEnum,
    Level,
    Library,
    MaterialKind,
)
from reviewdesk.domain.identity import validate_id
from reviewdesk.domain.wording import Words, from_json, parse, say, to_json

#: Bumped whenever a record rule or threshold below changes: the server re-flags records whose flags
#: carry an older version (``reviewdesk-server reflag``), and the snapshot carries it. The image checks
#: have their own version (``scan_checks.SCAN_CHECKS_VERSION``): bumping this one decodes no scan.
#: 2: reused scans judged on the content box, looked up by text rows and confirmed by a print.
#: 3: reused scans: the page made level first, a sub-pixel content box, tiles of the print as look-up
#: keys probed on their least certain bits (hash format "3"). Until 3 this also versioned the scans.
FLAGS_VERSION = 3

Severity = Literal["alert", "warn"]
#: Flag groups, the 高级搜索 filter's "by kind", lowest bit first (the desktop index keeps a bit mask).
KINDS: tuple[str, ...] = ("eligibility", "contradiction", "required", "scan", "reused", "duplicate")
KIND_LABELS: dict[str, str] = {
    "eligibility": "资格条件",
    "contradiction": "信息矛盾",
    "required": "必填项缺失",
    "scan": "图片问题",
    "reused": "图片重复使用",
    "duplicate": "证书编号重复",
}
SEVERITY_RANK: dict[str, int] = {"warn": 1, "alert": 2}

# -- codes -------------------------------------------------------------------------------------------
BIRTH_MISMATCH = "birth_mismatch"
GENDER_MISMATCH = "gender_mismatch"
GRADUATION_BEFORE_ENTRY = "graduation_before_entry"
GRADUATION_FUTURE = "graduation_future"
STUDY_YEARS_MISMATCH = "study_years_mismatch"
DATE_FUTURE = "date_future"
DATE_BEFORE_GRADUATION = "date_before_graduation"
FIELD_MISSING = "field_missing"
SIDE_MISSING = "side_missing"
LICENCE_MISSING = "licence_missing"
SCAN_REUSED = "scan_reused"
NUMBER_DUPLICATE = "number_duplicate"

#: A scan's findings as ``scan_checks`` words them, "not an image" being the image policy's refusal
#: (``scan_rules.REASONS``, its own codes): the server keeps them as finished sentences on its ``blobs``
#: rows; :func:`scan_flag` reads their parts back.
SCAN_MESSAGES: dict[str, str] = {**scan_checks.MESSAGES, **scan_rules.REASONS}
#: Every flag sentence's code and Chinese template (``wording.Words``). A flag dict carries its
#: message's code and parts as ``"words"`` (:meth:`PrecheckFlag.to_dict`), so the desktop can say it in
#: its own language (``views.common.flag_texts``); a flag without them is shown as its ``message``.
MESSAGES: dict[str, str] = {
    **el.MESSAGES,
    "flag.licence_missing": "申报{category}须具备{material}，未见该材料",
    "flag.birth_mismatch": "出生日期{entered}与证件号码中的出生日期{said}不一致",
    "flag.gender_mismatch.male": "性别男与证件号码不一致（证件号码为女性）",
    "flag.gender_mismatch.female": "性别女与证件号码不一致（证件号码为男性）",
    "flag.graduation_future": "毕业时间{graduated}晚于今天，学历信息有误或尚未毕业",
    "flag.graduation_before_entry": "毕业时间{graduated}不晚于入学时间{entered}，学历信息有误",
    "flag.study_years_mismatch": "学制{years}年与入学、毕业时间不符（相隔约{span}年）",
    "flag.date_future": "{material}{field}{date}晚于今天",
    "flag.date_before_graduation": "{material}{field}{date}早于毕业时间{graduated}",
    "flag.field_missing": "{material}缺少必填项：{fields}",
    "flag.side_missing": "{material}证书{side}未上传",
    "flag.scan_reused": "{material}图片与其他考生（{others}）的图片相同，请核实是否冒用",
    "flag.number_duplicate": "{material}{field}{number}与其他考生（{others}）相同",
    "flag.others": "{names}",
    "flag.others_more": "{names}等{n}人",
    **SCAN_MESSAGES,
}
#: The parts of :data:`MESSAGES` that are vocabulary members (a flag dict carries their values).
VOCABULARIES: dict[str, type[LabelledEnum]] = {
    "material": MaterialKind,
    "side": ImageSide,
    "level": Level,
    "below": Level,
    "title": Level,
    "education": EducationLevel,
}

#: Every eligibility code (from domain.eligibility) is in the ``eligibility`` group, except these.
_ELIGIBILITY_GROUP_EXCEPTIONS = {el.ID_INVALID: "contradiction", el.GRADUATION_MISSING: "required"}

#: The red (required) fields of seed 001 §四 per material, as data.
REQUIRED_FIELDS: dict[MaterialKind, tuple[str, ...]] = {
    MaterialKind.EDUCATION: ("学历层级", "毕业证号", "入学时间", "毕业时间", "毕业学校", "学制", "所学专业"),
    MaterialKind.TITLE: ("资格级别", "专业", "批准日期", "证书编号"),
    MaterialKind.PHYSICIAN_QUALIFICATION: ("资格级别", "资格类别", "签发日期", "证书编码"),
    MaterialKind.PHYSICIAN_PRACTICE: ("资格级别", "资格类别", "签发日期", "证书编码"),
    MaterialKind.NURSE_PRACTICE: ("证书编码", "签发日期", "执业地点"),
    MaterialKind.RESIDENCY: ("培训专业", "结业日期", "证书编号"),
}
#: The faces each material's certificate needs (a two-sided certificate without its B面 is 证书未上传).
REQUIRED_SIDES: dict[MaterialKind, tuple[ImageSide, ...]] = {
    MaterialKind.EDUCATION: (ImageSide.A,),
    MaterialKind.DEGREE: (ImageSide.A,),
    MaterialKind.TITLE: (ImageSide.A, ImageSide.B),
    MaterialKind.PHYSICIAN_QUALIFICATION: (ImageSide.A, ImageSide.B),
    MaterialKind.PHYSICIAN_PRACTICE: (ImageSide.A, ImageSide.B),
    MaterialKind.NURSE_PRACTICE: (ImageSide.A, ImageSide.B),
    MaterialKind.RESIDENCY: (ImageSide.A,),
}
#: A 类别 series whose candidates must hold a licence (besides physicians' 医师资格, which
#: domain.eligibility checks): nurses apply with a 护士执业证 (*unverified*, DOMAIN.md).
LICENCE_REQUIRED: dict[str, MaterialKind] = {"nursing": MaterialKind.NURSE_PRACTICE}
#: Dates that must not be after today nor before graduation: (material, field).
ISSUE_DATES: tuple[tuple[MaterialKind, str], ...] = (
    (MaterialKind.TITLE, "批准日期"),
    (MaterialKind.PHYSICIAN_QUALIFICATION, "签发日期"),
    (MaterialKind.PHYSICIAN_PRACTICE, "签发日期"),
    (MaterialKind.NURSE_PRACTICE, "签发日期"),
)
#: Certificate numbers that must be unique across candidates: (material, field).
UNIQUE_NUMBERS: tuple[tuple[MaterialKind, str], ...] = (
    (MaterialKind.EDUCATION, "毕业证号"),
    (MaterialKind.TITLE, "证书编号"),
    (MaterialKind.PHYSICIAN_QUALIFICATION, "证书编码"),
    (MaterialKind.PHYSICIAN_PRACTICE, "证书编码"),
    (MaterialKind.NURSE_PRACTICE, "证书编码"),
)
#: 学制 may differ from the years between 入学 and 毕业 by this much (extended or early graduation).
STUDY_YEARS_SLACK = 1


@dataclass(frozen=True)
class PrecheckFlag:
    """One 预审提示. ``material`` is a MaterialKind value ("" = 基本信息), ``field`` a field name there,
    ``image`` the sha256 of the scan it is about and ``side`` its face; all "" when not about one."""

    code: str
    kind: str
    severity: Severity
    message: str
    material: str = ""
    field: str = ""
    image: str = ""
    side: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The snapshot's form: the fields as text, and ``"words"`` (its message's code and parts,
        ``wording.to_json``) when the message keeps them."""
        # Not dataclasses.asdict: it deep-copies every value, and the fields are all strings (a
        # 填报 page of 2,000 pending candidates spent 60 % of its flagging in it).
        data: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        if isinstance(self.message, Words):
            data["message"], data["words"] = str(self.message), to_json(self.message)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PrecheckFlag:
        """A flag from its snapshot form; its message keeps its words when they say that message."""
        flag = cls(**{key: str(data.get(key) or "") for key in cls.__dataclass_fields__})  # type: ignore[arg-type]
        words = flag_words(data)
        if words is not None and words == flag.message:
            object.__setattr__(flag, "message", words)
        return flag


def flag_words(flag: Mapping[str, Any]) -> Words | None:
    """A flag dict's message as :class:`Words` (its ``"words"``), None for a flag without them (a
    snapshot from before they were carried) or with a code this version does not know."""
    return from_json(flag.get("words"), MESSAGES, VOCABULARIES)


def sort_flags(flags: Iterable[PrecheckFlag]) -> list[PrecheckFlag]:
    """Alerts first, then in the order the tabs show (基本信息, then materials), stable otherwise."""
    order = {kind.value: index + 1 for index, kind in enumerate(MaterialKind)}
    return sorted(flags, key=lambda f: (-SEVERITY_RANK[f.severity], order.get(f.material, 0)))


def worst_severity(flags: Iterable[PrecheckFlag | Mapping[str, Any]]) -> int:
    """0 (none), 1 (warn) or 2 (alert): what the 预审提示 column sorts by after the count."""
    ranks = [SEVERITY_RANK.get(f.severity if isinstance(f, PrecheckFlag) else str(f.get("severity")), 0)
             for f in flags]  # fmt: skip
    return max(ranks, default=0)


def kinds_mask(flags: Iterable[PrecheckFlag | Mapping[str, Any]]) -> int:
    """Bit ``KINDS.index(kind)`` set for each kind present (the desktop index filters on it)."""
    mask = 0
    for flag in flags:
        kind = flag.kind if isinstance(flag, PrecheckFlag) else str(flag.get("kind"))
        if kind in KINDS:
            mask |= 1 << KINDS.index(kind)
    return mask


# -- the record rules -------------------------------------------------------------------------------
def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text).strip()) if text and str(text).strip() else None
    except ValueError:
        return None


def _years(text: Any) -> int | None:
    digits = "".join(ch for ch in str(text or "") if ch.isdigit())
    return int(digits) if digits and len(digits) <= 2 else None


def _materials(snapshot: Mapping[str, Any]) -> list[tuple[MaterialKind, Mapping[str, Any], list[Any]]]:
    found = []
    for material in snapshot.get("materials") or ():
        try:
            kind = MaterialKind(material.get("kind"))
        except ValueError:
            continue
        found.append((kind, material.get("fields") or {}, list(material.get("images") or ())))
    return found


def _libraries(snapshot: Mapping[str, Any]) -> dict[Library, Sequence[str]]:
    libraries: dict[Library, Sequence[str]] = {}
    for entry in snapshot.get("libraries") or ():
        try:
            libraries[Library(entry.get("library"))] = list(entry.get("entries") or ())
        except ValueError:
            continue
    return libraries


def _first_fields(materials: Sequence[tuple[MaterialKind, Mapping[str, Any], list[Any]]]) -> dict:
    first: dict[MaterialKind, Mapping[str, Any]] = {}
    for kind, fields, _images in materials:
        first.setdefault(kind, fields)
    return first


def exam_year(project_year: int, today: date) -> int:
    """The exam's year the rules count to (12-31 of the year before): the project's, else next year.
    The server (its project, as ``/v1/me`` reports it) and the desktop (that report) both call this."""
    return project_year or today.year + 1


def record_flags(
    snapshot: Mapping[str, Any],
    *,
    exam_year: int,
    today: date | None = None,
    catalogue: Catalogue | None = None,
) -> list[PrecheckFlag]:
    """The record rules' flags for one RecordSnapshot-shaped mapping, alerts first.

    ``exam_year`` is the exam's year (years are counted to 12-31 of the year before); ``today`` bounds
    dates that cannot be in the future. Unknown codes or unparsable values never raise: a record a
    rule cannot read is simply not flagged by that rule (other rules still run).
    """
    today = today or date.today()
    catalogue = catalogue or load_catalogue()
    materials = _materials(snapshot)
    flags = [*_eligibility(snapshot, materials, exam_year, today, catalogue)]
    flags += _identity(snapshot, today)
    flags += _dates(materials, today)
    flags += _required(materials)
    return sort_flags(flags)


def _eligibility(
    snapshot: Mapping[str, Any],
    materials: Sequence[tuple[MaterialKind, Mapping[str, Any], list[Any]]],
    exam_year: int,
    today: date,
    catalogue: Catalogue,
) -> list[PrecheckFlag]:
    try:
        level = Level(snapshot.get("level"))
        education = EducationLevel(snapshot.get("education_level"))
        id_type = IdType(snapshot.get("id_type"))
    except ValueError:
        return []
    category = str(snapshot.get("category_code") or "")
    facts = el.facts_from_record(
        level=level,
        category_code=category,
        education_level=education,
        exam_year=exam_year,
        id_type=id_type,
        id_number=str(snapshot.get("id_number") or ""),
        materials=[(kind, {k: str(v) for k, v in fields.items()}) for kind, fields, _ in materials],
        libraries=_libraries(snapshot),
        unit_name=str(snapshot.get("unit_name") or ""),
    )
    where = {
        el.YEARS_SHORT: (MaterialKind.EDUCATION.value, "毕业时间"),
        el.GRADUATION_MISSING: (MaterialKind.EDUCATION.value, "毕业时间"),
        el.TITLE_MISSING: (MaterialKind.TITLE.value, "批准日期"),
        el.TITLE_LEVEL_LOW: (MaterialKind.TITLE.value, "资格级别"),
        el.PHYSICIAN_QUALIFICATION_MISSING: (MaterialKind.PHYSICIAN_QUALIFICATION.value, ""),
        el.RESIDENCY_MISSING: (MaterialKind.RESIDENCY.value, ""),
        el.PRACTICE_PLACE_MISMATCH: (MaterialKind.NURSE_PRACTICE.value, "执业地点"),
        el.ID_INVALID: ("", "证件号码"),
        el.AGE_IMPLAUSIBLE: ("", "证件号码"),
    }
    flags = []
    for flag in el.precheck(facts, catalogue, today=today):
        if flag.code == el.MISCONDUCT:
            continue  # the 对比库 tab's own warning
        material, field = where.get(flag.code, ("", ""))
        if flag.code == el.YEARS_SHORT and facts.level is not Level.ASSISTANT:
            rule = el.rule_for(facts.level, facts.education_level)
            if rule is not None and rule.counted_from == "title":
                material, field = MaterialKind.TITLE.value, "批准日期"
        kind = _ELIGIBILITY_GROUP_EXCEPTIONS.get(flag.code, "eligibility")
        flags.append(PrecheckFlag(flag.code, kind, flag.severity, flag.message, material, field))
    have = {kind for kind, _, _ in materials}
    series = catalogue.category(category).series if category in catalogue else ""
    needed = LICENCE_REQUIRED.get(series)
    if needed is not None and needed not in have:
        flags.append(
            PrecheckFlag(
                LICENCE_MISSING,
                "eligibility",
                "warn",
                say(MESSAGES, "flag.licence_missing", category=catalogue.name_of(category), material=needed),
                needed.value,
            )
        )
    return flags


def _identity(snapshot: Mapping[str, Any], today: date) -> list[PrecheckFlag]:
    """出生日期 and 性别 as entered against what the 18-character number says (when it is valid)."""
    try:
        id_type = IdType(snapshot.get("id_type"))
    except ValueError:
        return []
    if id_type not in (IdType.RESIDENT_ID, IdType.HMT_RESIDENCE):
        return []
    check = validate_id(id_type, str(snapshot.get("id_number") or ""), today=today)
    if not check.ok:
        return []  # id_invalid already says so
    flags = []
    birth = _date(snapshot.get("birth_date"))
    if birth is not None and check.birth_date is not None and birth != check.birth_date:
        flags.append(
            PrecheckFlag(
                BIRTH_MISMATCH,
                "contradiction",
                "alert",
                say(
                    MESSAGES,
                    "flag.birth_mismatch",
                    entered=birth.isoformat(),
                    said=check.birth_date.isoformat(),
                ),
                "",
                "出生日期",
            )
        )
    gender = str(snapshot.get("gender") or "")
    if gender in ("male", "female") and check.gender is not None and gender != check.gender:
        flags.append(
            PrecheckFlag(
                GENDER_MISMATCH,
                "contradiction",
                "alert",
                say(MESSAGES, f"flag.gender_mismatch.{gender}"),
                "",
                "性别",
            )
        )
    return flags


def _dates(
    materials: Sequence[tuple[MaterialKind, Mapping[str, Any], list[Any]]], today: date
) -> list[PrecheckFlag]:
    flags: list[PrecheckFlag] = []
    fields_of = _first_fields(materials)
    education = fields_of.get(MaterialKind.EDUCATION, {})
    entered, graduated = _date(education.get("入学时间")), _date(education.get("毕业时间"))
    edu = MaterialKind.EDUCATION.value
    if graduated is not None and graduated > today:
        flags.append(
            PrecheckFlag(
                GRADUATION_FUTURE, "contradiction", "warn",
                say(MESSAGES, "flag.graduation_future", graduated=graduated.isoformat()), edu, "毕业时间",
            )
        )  # fmt: skip
    if entered is not None and graduated is not None:
        if graduated <= entered:
            flags.append(
                PrecheckFlag(
                    GRADUATION_BEFORE_ENTRY, "contradiction", "warn",
                    say(MESSAGES, "flag.graduation_before_entry", graduated=graduated.isoformat(),
                        entered=entered.isoformat()), edu, "毕业时间",
                )
            )  # fmt: skip
        else:
            years = _years(education.get("学制"))
            span = round((graduated - entered).days / 365.25)
            if years is not None and abs(span - years) > STUDY_YEARS_SLACK:
                flags.append(
                    PrecheckFlag(
                        STUDY_YEARS_MISMATCH, "contradiction", "warn",
                        say(MESSAGES, "flag.study_years_mismatch", years=years, span=span), edu, "学制",
                    )
                )  # fmt: skip
    for kind, field in ISSUE_DATES:
        issued = _date(fields_of.get(kind, {}).get(field))
        if issued is None:
            continue
        if issued > today:
            flags.append(
                PrecheckFlag(
                    DATE_FUTURE, "contradiction", "warn",
                    say(MESSAGES, "flag.date_future", material=kind, field=field, date=issued.isoformat()),
                    kind.value, field,
                )
            )  # fmt: skip
        elif graduated is not None and graduated <= today and issued < graduated:
            flags.append(
                PrecheckFlag(
                    DATE_BEFORE_GRADUATION, "contradiction", "warn",
                    say(MESSAGES, "flag.date_before_graduation", material=kind, field=field,
                        date=issued.isoformat(), graduated=graduated.isoformat()),
                    kind.value, field,
                )
            )  # fmt: skip
    return flags


def _required(materials: Sequence[tuple[MaterialKind, Mapping[str, Any], list[Any]]]) -> list[PrecheckFlag]:
    flags: list[PrecheckFlag] = []
    for kind, fields, images in materials:
        missing = [name for name in REQUIRED_FIELDS.get(kind, ()) if not str(fields.get(name) or "").strip()]
        if missing and not (kind is MaterialKind.EDUCATION and missing == ["毕业时间"]):
            flags.append(
                PrecheckFlag(
                    FIELD_MISSING, "required", "warn",
                    say(MESSAGES, "flag.field_missing", material=kind, fields=tuple(missing)), kind.value,
                    missing[0],
                )
            )  # fmt: skip
        sides = {str(image.get("side")) for image in images}
        for side in REQUIRED_SIDES.get(kind, ()):
            if side.value not in sides:
                flags.append(
                    PrecheckFlag(
                        SIDE_MISSING, "required", "warn", say(MESSAGES, "flag.side_missing", material=kind, side=side),
                        kind.value, "", "", side.value,
                    )
                )  # fmt: skip
    return flags


# -- flags the server adds (bytes or the whole database) ---------------------------------------------
def scan_flag(code: str, message: str, material: str, sha256: str, side: str) -> PrecheckFlag:
    """A scan's own problem (scan_checks) placed on the material and face that shows it."""
    severity: Severity = "alert" if code == "scan_not_image" else "warn"
    return PrecheckFlag(
        code, "scan", severity, parse_scan_message(message) or message, material, "", sha256, side
    )


def parse_scan_message(message: str) -> Words | None:
    """A scan finding's sentence as Words: itself when it still is one (checked in this process), else
    (a finished sentence: the server keeps them so) its parts read back, so the desktop can say it in
    English; None for one not in SCAN_MESSAGES."""
    if isinstance(message, Words) and message.code in SCAN_MESSAGES:
        return message
    return parse(SCAN_MESSAGES, message)


#: A scan's findings: (code, Chinese message) pairs, as ``scan_checks.ScanReport.findings`` gives them
#: and as the server keeps them on its ``blobs`` rows.
Findings = Sequence[tuple[str, str]]


def image_flags(snapshot: Mapping[str, Any], findings: Mapping[str, Findings]) -> list[PrecheckFlag]:
    """Each image's findings (by sha256) as flags on the material and face that show it, in the
    snapshot's order (a scan shown twice is flagged twice: each place needs a look)."""
    flags: list[PrecheckFlag] = []
    for material in snapshot.get("materials") or ():
        for image in material.get("images") or ():
            sha = str(image.get("sha256") or "")
            for code, message in findings.get(sha, ()):
                kind, side = str(material.get("kind")), str(image.get("side"))
                flags.append(scan_flag(code, message, kind, sha, side))
    return flags


def reused_flag(material: str, sha256: str, side: str, others: Sequence[str]) -> PrecheckFlag:
    """The same (or a nearly identical) scan is on other candidates' records: a fraud signal."""
    return PrecheckFlag(
        SCAN_REUSED, "reused", "alert",
        say(MESSAGES, "flag.scan_reused", material=_label(material), others=_others(others)),
        material, "", sha256, side,
    )  # fmt: skip


def duplicate_flag(material: str, field: str, number: str, others: Sequence[str]) -> PrecheckFlag:
    """The same certificate number is on other candidates' records."""
    return PrecheckFlag(
        NUMBER_DUPLICATE, "duplicate", "alert",
        say(MESSAGES, "flag.number_duplicate", material=_label(material), field=field, number=number,
            others=_others(others)),
        material, field,
    )  # fmt: skip


def _label(material: str) -> MaterialKind | str:
    try:
        return MaterialKind(material)
    except ValueError:
        return ""


def _others(names: Sequence[str]) -> Words:
    """Who else has it: up to three names, and how many in all when there are more."""
    if len(names) > 3:
        return say(MESSAGES, "flag.others_more", names=tuple(names[:3]), n=len(names))
    return say(MESSAGES, "flag.others", names=tuple(names))


#: The 审核备注 (``enums.COMMON_REMARKS``) a flag's code points to: offered, never chosen, by the review
#: dialog. Identity contradictions and the fraud signals (reused scan, duplicate number) have none: those
#: a reviewer words themselves.
REMARK_FOR_CODE: dict[str, str] = {
    el.YEARS_SHORT: "工作年限不足",
    el.TITLE_MISSING: "工作年限不足",
    el.TITLE_LEVEL_LOW: "工作年限不足",
    el.GRADUATION_MISSING: "工作年限不足",
    el.PRACTICE_PLACE_MISMATCH: "执业地点与申报单位不一致",
    el.PHYSICIAN_QUALIFICATION_MISSING: "材料未上传",
    el.RESIDENCY_MISSING: "材料未上传",
    LICENCE_MISSING: "材料未上传",
    SIDE_MISSING: "材料未上传",
    GRADUATION_BEFORE_ENTRY: "学历信息与证书不一致",
    GRADUATION_FUTURE: "学历信息与证书不一致",
    STUDY_YEARS_MISMATCH: "学历信息与证书不一致",
    "scan_blurred": "图片不清晰",
    "scan_small": "图片不清晰",
    "scan_exposure": "图片不清晰",
    "scan_sideways": "照片不合规",
    "scan_upside_down": "照片不合规",
    "scan_not_image": "格式不符",
}


def suggested_remarks(flags: Iterable[PrecheckFlag | Mapping[str, Any]]) -> list[str]:
    """The usual remarks the flags point to, once each, in the order of ``COMMON_REMARKS``."""
    codes = {f.code if isinstance(f, PrecheckFlag) else str(f.get("code")) for f in flags}
    wanted = {REMARK_FOR_CODE[c] for c in codes if c in REMARK_FOR_CODE}
    return [remark for remark in COMMON_REMARKS if remark in wanted]


def unique_numbers(snapshot: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(material, field, normalized number) of the record's certificate numbers that must be unique."""
    found = []
    for material in snapshot.get("materials") or ():
        fields = material.get("fields") or {}
        for field in _UNIQUE_FIELDS.get(str(material.get("kind")), ()):
            number = "".join(str(fields.get(field) or "").split()).upper()
            if field in fields and len(number) >= 4:
                found.append((str(material.get("kind")), field, number))
    return found


#: :data:`UNIQUE_NUMBERS` by material kind (a re-flag looks at every record's materials twice).
_UNIQUE_FIELDS: dict[str, tuple[str, ...]] = {
    kind.value: tuple(f for k, f in UNIQUE_NUMBERS if k is kind) for kind, _ in UNIQUE_NUMBERS
}
