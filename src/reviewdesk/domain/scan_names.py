"""Scan file names (seed 001 §4.2.1: 文件统一命名为"姓名+身份证号+证书名称+第几页"): the name a scan is stored
under, and reading the names people really type so a folder of scans can be filed by name.

Reading tolerates what people type: separators (+ - _ space 、 ， . between the parts), full-width digits
and letters (NFKC), a lower-case x in the number, 第1页 / 第一页 / 1 / p1 / (1), or no page at all (page
1), the certificate's usual short names (学历证书, 职称证, 规培证…) and the material's own name. What it
cannot read is said in Chinese (:class:`NameProblem`), and the batch import shows it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reviewdesk.domain.enums import ImageSide, MaterialKind
from reviewdesk.domain.material_forms import FORMS, TITLES
from reviewdesk.domain.wording import Words, say

EXTENSIONS = ("png", "jpg", "jpeg")

NOT_A_SCAN_NAME = "文件名不符合“姓名+身份证号+证书名称+第几页”：{why}"
NO_NAME = "开头没有姓名"
NO_NUMBER = "姓名后没有证件号码"
NO_TITLE = "无法识别证书名称“{title}”"
BAD_PAGE = "页码无效"
BAD_EXTENSION = "扩展名应为 png、jpg 或 jpeg"
#: code → template (``domain.wording``): ``why`` is one of the others, ``title`` what was typed.
MESSAGES = {
    "scan_name.invalid": NOT_A_SCAN_NAME,
    "scan_name.no_name": NO_NAME,
    "scan_name.no_number": NO_NUMBER,
    "scan_name.no_title": NO_TITLE,
    "scan_name.bad_page": BAD_PAGE,
    "scan_name.bad_extension": BAD_EXTENSION,
    "scan_name.empty": "（空）",
}

#: What people call a certificate → the seed's name it is filed under (besides the names themselves and
#: each material's label).
ALIASES: dict[str, str] = {
    "学历证书": "毕业证书",
    "毕业证": "毕业证书",
    "学历": "毕业证书",
    "学信网验证报告": "学信网学历验证报告",
    "学历验证报告": "学信网学历验证报告",
    "学信网报告": "学信网学历验证报告",
    "学历认证报告": "学信网学历验证报告",
    "学位证": "学位证书",
    "学位证书验证报告": "学位验证报告",
    "学位认证报告": "学位验证报告",
    "专业技术资格证": "专业技术资格证书",
    "职称证": "专业技术资格证书",
    "职称证书": "专业技术资格证书",
    "专技职称": "专业技术资格证书",
    "医师资格证": "医师资格证书",
    "医师执业证": "医师执业证书",
    "护士执业证": "护士执业证书",
    "规培证": "住院医师规范化培训合格证书",
    "规培证书": "住院医师规范化培训合格证书",
    "住院医师规范化培训合格证": "住院医师规范化培训合格证书",
    "补充信息": "补充材料",
}
for _kind, _form in FORMS.items():
    ALIASES.setdefault(_kind.label, _form.scans[0].title)

_SEPARATORS = re.compile(r"[\s+\-_、，,.·•()（）\[\]【】]+")
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PAGE = re.compile(r"(?:第|P|PAGE)?([0-9]{1,2}|[一二三四五六七八九十])(?:页|P)?$")
_HEAD = re.compile(r"([\u3400-\u9fff]{1,20}?)([0-9][0-9X]{7,17}|[A-Z][0-9A-Z]{4,16})")


@dataclass(frozen=True)
class ScanName:
    """What a file name says: whose scan (name, number), which certificate and page, which extension."""

    name: str
    id_number: str
    title: str
    page: int
    extension: str

    @property
    def kind(self) -> MaterialKind:
        return TITLES[self.title][0]


class NameProblem(ValueError):
    """A file name that cannot be read; ``str()`` is the Chinese reason, ``words`` the same as
    :class:`~reviewdesk.domain.wording.Words` (code and parts, for a view to translate)."""

    def __init__(self, words: Words) -> None:
        super().__init__(words)
        self.words = words


def scan_file_name(name: str, id_number: str, title: str, page: int, extension: str) -> str:
    """The name a scan is stored under: 姓名+身份证号+证书名称+第几页.ext (no separators, as the seed writes it)."""
    ext = extension.lower().lstrip(".")
    return f"{name}{id_number}{title}第{page}页.{ext}"


def side_of(title: str, page: int) -> ImageSide:
    """The side a page of a certificate is stored as: the n-th scan slot of that certificate, the last
    one for further pages (a 专业技术资格证书's page 1 is its A面, page 2 its B面)."""
    kind, _side = TITLES[title]
    slots = [slot.side for slot in FORMS[kind].scans if slot.title == title]
    return slots[min(page, len(slots)) - 1]


def _problem(why: str, **fields: str | Words) -> NameProblem:
    return NameProblem(say(MESSAGES, "scan_name.invalid", why=say(MESSAGES, why, **fields)))


def parse_scan_name(filename: str) -> ScanName:
    """Read a scan's file name (the last path part), or :class:`NameProblem` saying why not."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot or extension.lower() not in EXTENSIONS:
        raise _problem("scan_name.bad_extension")
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", stem)).upper()
    head = _HEAD.match(text)
    if head is None:
        raise _problem(
            "scan_name.no_name" if not re.match(r"[\u3400-\u9fff]", text) else "scan_name.no_number"
        )
    name, number = head.group(1), head.group(2)
    rest = text[head.end() :]
    page = 1
    page_match = _PAGE.search(rest)
    if page_match is not None and page_match.start() > 0:
        token = page_match.group(1)
        page = int(token) if token.isdigit() else _CHINESE_DIGITS[token]
        rest = rest[: page_match.start()]
    if page < 1:
        raise _problem("scan_name.bad_page")
    title = rest if rest in TITLES else ALIASES.get(rest, "")
    if not title:
        raise _problem("scan_name.no_title", title=rest or say(MESSAGES, "scan_name.empty"))
    return ScanName(name, number, title, page, "jpg" if extension.lower() == "jpeg" else extension.lower())
