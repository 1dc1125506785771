"""The export's cell values: text an .xlsx can hold and a spreadsheet never runs, and a count of
what had to change so the file can say so (导出条件 and the completion message).

Why count: a name of ``"\x01"`` became an empty cell and a 40,000-character remark lost its end, both
without a word. Now each cell changed is counted by how (:class:`CellChanges`), and the export reports
it. Excel's limit of 32,767 characters per cell counts UTF-16 code units (what Excel calls a
character): an emoji outside the Basic Multilingual Plane is two, so a string of 20,003 emoji is
40,006 units and is cut at the last whole character within 32,767 units, never inside a pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: First characters that make Excel, LibreOffice or Google Sheets treat text as a formula: the ASCII
#: ones, tab/CR/LF, the Unicode minus, and the full-width (U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠)
#: and small (U+FE66 ﹦, U+FE62 ﹢, U+FE63 ﹣, U+FE6B ﹫) forms that East Asian Excel turns into ASCII.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\u2212\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
#: Leading characters a pasted value may carry before a trigger (spaces of every width, zero-width
#: characters, the byte-order mark): ``" =1+1"`` and ``"\u3000＝1+1"`` are neutralised too.
_INVISIBLE_LEAD = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
#: What an .xlsx (XML 1.0) cannot hold: openpyxl's C0 controls, lone surrogates, U+FFFE and U+FFFF.
ILLEGAL_XML_RE = re.compile(ILLEGAL_CHARACTERS_RE.pattern + "|[\ud800-\udfff\ufffe\uffff]")
#: Excel's limit for one cell's text.
MAX_CELL_TEXT = 32767


@dataclass
class CellChanges:
    """How many cells :func:`safe_text` changed, by how (one export's count; not thread-safe)."""

    #: cells from which characters an .xlsx cannot hold (control characters, U+FFFE/U+FFFF, lone
    #: surrogates) were removed
    controls_removed: int = 0
    #: of those, cells that held nothing else and are now empty
    emptied: int = 0
    #: cells cut at Excel's limit of 32,767 UTF-16 units
    cut: int = 0

    @property
    def total(self) -> int:
        return self.controls_removed + self.cut

    def describe(self) -> list[tuple[str, str]]:
        """(what, how many) rows for the 导出条件 sheet, in Chinese; "无" when nothing changed."""
        if not self.total:
            return [("修改的单元格", "无")]
        rows = []
        if self.controls_removed:
            text = f"{self.controls_removed} 个"
            if self.emptied:
                text += f"（其中 {self.emptied} 个因此变为空）"
            rows.append(("删除了无法保存的控制字符的单元格", text))
        if self.cut:
            rows.append(
                (f"超过 Excel 单元格上限（{MAX_CELL_TEXT:,} 个字符）被截断的单元格", f"{self.cut} 个")
            )
        return rows


def excel_length(value: str) -> int:
    """``value``'s length as Excel counts it: UTF-16 code units."""
    if value.isascii():
        return len(value)
    return len(value.encode("utf-16-le", "surrogatepass")) // 2


def _cut_for_excel(value: str) -> str:
    """The longest start of ``value`` within ``MAX_CELL_TEXT`` UTF-16 units, never half a pair."""
    if value.isascii():
        return value[:MAX_CELL_TEXT]
    units = value.encode("utf-16-le", "surrogatepass")[: 2 * MAX_CELL_TEXT]
    return units.decode("utf-16-le", "ignore")  # a high surrogate left without its partner is dropped


def safe_text(value: str, changes: CellChanges | None = None) -> str:
    """``value`` as text Excel can hold and will never evaluate (see ``store.export``'s docstring).

    ``changes``, when given, counts what was changed (removed characters, cut at Excel's limit)."""
    if not value.isprintable():  # fast path: every character removed here is non-printable
        cleaned = ILLEGAL_XML_RE.sub("", value)
        if changes is not None and len(cleaned) != len(value):
            changes.controls_removed += 1
            changes.emptied += not cleaned
        value = cleaned
    if value:
        first = value[0]
        if first in FORMULA_TRIGGERS or (
            first in _INVISIBLE_LEAD and value.lstrip(_INVISIBLE_LEAD)[:1] in FORMULA_TRIGGERS
        ):
            value = "'" + value
    # ≤ 16,383 characters are ≤ 32,766 UTF-16 units: only longer text is measured
    if len(value) > MAX_CELL_TEXT // 2 and excel_length(value) > MAX_CELL_TEXT:
        value = _cut_for_excel(value)
        if changes is not None:
            changes.cut += 1
    return value


def mask_id_number(number: str) -> str:
    """Hide the middle of a 证件号码: 18/15-digit IDs keep the area code (6) and the last 4."""
    number = number.strip()
    n = len(number)
    if n >= 15:
        keep_head, keep_tail = 6, 4
    elif n >= 8:
        keep_head, keep_tail = 2, 2
    elif n >= 3:
        keep_head, keep_tail = 1, 1
    else:
        return "*" * n
    return number[:keep_head] + "*" * (n - keep_head - keep_tail) + number[n - keep_tail :]
