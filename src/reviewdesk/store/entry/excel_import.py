"""Batch import of candidates from Excel: the template the page hands out, the per-row report, and the
import of the rows that passed — only after the user has seen the report and confirmed.

Each row is judged by the same rule as the form (``domain.candidate_info``: 证件号码 for its 证件类型,
性别/出生日期 from an 18-character number, 手机号, 申报级别 → 申报类别), plus: a 证件号码 twice in the
file, or already a candidate of the unit. A 证件号码 Excel turned into a number (it drops the last
digits of an 18-digit number) is refused with the reason rather than guessed at; a formula cell is
refused (its text is not what the person typed). The template keeps 证件号码 and 手机号 as text, and
everything written back out (template, report) goes through the export's ``safe_text``: no cell a
person can put in a file comes back as a formula.

Reading streams the sheet (openpyxl read-only); 5,000 rows are reported in well under a second of
checks (benchmarks/entry_bench.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from reviewdesk.domain.candidate_info import CandidateInfo, InfoError, check_info
from reviewdesk.domain.enums import IdType, Level
from reviewdesk.domain.identity import normalize_id
from reviewdesk.domain.wording import say
from reviewdesk.store.entry import queue
from reviewdesk.store.entry.actions import MESSAGES as ENTRY_MESSAGES
from reviewdesk.store.entry.actions import catalogue_of, new_uid
from reviewdesk.store.entry.view import candidates
from reviewdesk.store.export import safe_text

if TYPE_CHECKING:
    from reviewdesk.store.workspace import Workspace

#: The template's columns (header text → the 基础信息 field it fills); 性别/出生日期 only for documents
#: other than the two 18-character ones.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("姓名", "name"),
    ("证件类型", "id_type"),
    ("证件号码", "id_number"),
    ("性别", "gender"),
    ("出生日期", "birth_date"),
    ("手机号", "phone"),
    ("申报级别", "level"),
    ("申报类别代码", "category_code"),
)
REQUIRED_HEADERS = ("姓名", "证件类型", "证件号码", "手机号", "申报级别", "申报类别代码")
SHEET = "考生信息"
CATALOGUE_SHEET = "申报类别目录"

MISSING_HEADERS = "表头缺少：{names}（请使用本页下载的模板）"
NOT_XLSX = "无法读取该文件：请选择 .xlsx 格式的 Excel 文件（{error}）"
DUPLICATE_IN_FILE = "与第{row}行的证件号码重复"
NUMBER_AS_NUMBER = "证件号码被 Excel 存成了数字（末位可能已丢失），请把该列设为文本后重新填写"
FORMULA = "{column}是公式，请填写内容本身"
EMPTY_ROW = "空行"
#: code → template (``domain.wording``); ``names`` and ``column`` are the sheet's own headers.
MESSAGES = {
    "excel.missing_headers": MISSING_HEADERS,
    "excel.not_xlsx": NOT_XLSX,
    "excel.duplicate_in_file": DUPLICATE_IN_FILE,
    "excel.number_as_number": NUMBER_AS_NUMBER,
    "excel.formula": FORMULA,
    "excel.empty_row": EMPTY_ROW,
}


@dataclass(frozen=True)
class RowResult:
    """One data row: its number in the sheet, the 基础信息 if it passed, else why not."""

    row: int
    values: dict[str, str]
    info: CandidateInfo | None = None
    problem: str = ""  #: Chinese (a ``domain.wording.Words``, or the 证件号码 check's message)

    @property
    def ok(self) -> bool:
        return self.info is not None


@dataclass
class ExcelReport:
    rows: list[RowResult] = field(default_factory=list)

    @property
    def good(self) -> list[RowResult]:
        return [row for row in self.rows if row.ok]

    @property
    def bad(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]


class ExcelProblem(ValueError):
    """The file as a whole cannot be read (not an .xlsx, wrong headers); the Chinese reason (its argument
    a ``domain.wording.Words``)."""


def write_template(path: Path, catalogue_codes: Sequence[tuple[str, str, str]] = ()) -> None:
    """The .xlsx template: the columns (证件号码/手机号 as text), lists for 证件类型 and 申报级别, and
    the catalogue (code, name, level) on a second sheet to look codes up."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([safe_text(header) for header, _ in COLUMNS])
    for index, (header, _key) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 22 if header == "证件号码" else 14
        if header in ("证件号码", "手机号", "申报类别代码", "出生日期"):
            sheet.column_dimensions[letter].number_format = "@"  # the whole column is text
    lists = {"证件类型": IdType.labels(), "申报级别": Level.labels(), "性别": ["男", "女"]}
    for index, (header, _key) in enumerate(COLUMNS, start=1):
        if header in lists:
            letter = sheet.cell(row=1, column=index).column_letter
            validation = DataValidation(
                type="list", formula1='"' + ",".join(lists[header]) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}2001")
            sheet.add_data_validation(validation)
    codes = book.create_sheet(CATALOGUE_SHEET)
    codes.append(["申报类别代码", "申报类别", "申报级别"])
    for code, name, level in catalogue_codes:
        codes.append([safe_text(code), safe_text(name), safe_text(level)])
    book.save(path)


def _text(value: Any, header: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_report(ws: Workspace, path: Path) -> ExcelReport:
    """Judge every row of the file (nothing is stored)."""
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # zip, XML, or not an Excel file at all: the reason, not a traceback
        raise ExcelProblem(say(MESSAGES, "excel.not_xlsx", error=type(error).__name__)) from error
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        # values only: no Cell object per cell (half the reading time); a formula comes through as
        # its text, which starts with "=" (Excel cannot hold typed text starting with "=" unquoted).
        rows = sheet.iter_rows(values_only=True)
        headers = [_text(value, "") for value in next(rows, ())]
        missing = [name for name in REQUIRED_HEADERS if name not in headers]
        if missing:
            raise ExcelProblem(say(MESSAGES, "excel.missing_headers", names=tuple(missing)))
        where = {key: headers.index(header) for header, key in COLUMNS if header in headers}
        catalogue = catalogue_of(ws)
        held = {normalize_id(c.info.get("id_number", "")) for c in candidates(ws)}
        seen: dict[str, int] = {}
        report = ExcelReport()
        for number, cells in enumerate(rows, start=2):
            report.rows.append(_judge_row(number, cells, where, catalogue, held, seen))
        report.rows = [row for row in report.rows if row.problem != EMPTY_ROW]
        return report
    finally:
        book.close()


def _judge_row(
    number: int,
    cells: Sequence[Any],
    where: dict[str, int],
    catalogue: Any,
    held: set[str],
    seen: dict[str, int],
) -> RowResult:
    values: dict[str, str] = {}
    for header, key in COLUMNS:
        index = where.get(key)
        raw = cells[index] if index is not None and index < len(cells) else None
        if isinstance(raw, str) and raw.startswith("="):
            return RowResult(number, values, problem=say(MESSAGES, "excel.formula", column=header))
        if key == "id_number" and isinstance(raw, float) and abs(raw) >= 1e15:
            return RowResult(number, values, problem=say(MESSAGES, "excel.number_as_number"))
        values[key] = _text(raw, header)
    if not any(values.values()):
        return RowResult(number, values, problem=say(MESSAGES, "excel.empty_row"))
    try:
        info = check_info(catalogue, **values)
    except InfoError as error:
        return RowResult(number, values, problem=error.message)
    if info.id_number in seen:
        duplicate = say(MESSAGES, "excel.duplicate_in_file", row=seen[info.id_number])
        return RowResult(number, values, problem=duplicate)
    seen[info.id_number] = number
    if info.id_number in held:
        return RowResult(number, values, problem=say(ENTRY_MESSAGES, "entry.duplicate_here"))
    return RowResult(number, values, info=info)


def import_rows(ws: Workspace, report: ExcelReport) -> list[str]:
    """Enter every row that passed as a new candidate, in one local transaction; their uids."""
    uids = []
    with ws.write() as tx:
        for row in report.good:
            assert row.info is not None
            uid = new_uid()
            queue.queue(
                tx.conn,
                uid,
                queue.CANDIDATE,
                queue.CANDIDATE,
                {"candidate": row.info.to_dict()},
                {"version": None, "confirmation_rev": 0},
            )
            uids.append(uid)
    return uids


def write_report(path: Path, report: ExcelReport) -> None:
    """The per-row report as an .xlsx (行号, the row's values, 结果), every cell made safe."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("导入检查结果")
    sheet.append(["行号", *[header for header, _ in COLUMNS], "检查结果"])
    for row in report.rows:
        sheet.append(
            [
                row.row,
                *[safe_text(row.values.get(key, "")) for _, key in COLUMNS],
                safe_text(row.problem or "可导入"),
            ]
        )
    book.save(path)
