"""导出: the 报名材料审核 list, exactly as shown, to an Excel workbook (.xlsx).

What is exported is what the reviewer sees: the ids of the current view in the current sort order,
the chosen columns in the chosen order, each cell the column's own ``display`` text
(``store.columns``), so the file and the screen never disagree. Two columns get real Excel types
because people sort and compute with them: 序号 is a number and 提交时间 a date-time with a number
format. 证件号码 stays text (number format ``@``, a string value) so Excel never shows 4.2E+17. The
操作 column is a button ("查看"), not data, and is left out.

A second sheet, 导出条件, says what the file holds: the filters in the list's Chinese words, the sort,
the account and organisation, the time of export and whether 证件号码 was masked.

Safety of the contents:

* Characters an .xlsx cannot hold are removed: the C0 control characters (openpyxl's
  ``ILLEGAL_CHARACTERS_RE``), and what XML 1.0 forbids besides — the noncharacters U+FFFE/U+FFFF and
  lone surrogates — which would otherwise make lxml refuse the whole export. Text longer than Excel's
  32,767 characters (UTF-16 units, as Excel counts) is cut. Both are counted per cell
  (``store.export_cells.CellChanges``) and said on 导出条件 and in ``ExportResult.changes``: the file
  never differs from the store without a word.
* Text that a spreadsheet would run as a formula — starting with ``=``, ``+``, ``-``, ``@``, a tab, a
  carriage return or a line feed (OWASP "CSV injection"), the Unicode minus ``−``, and the full-width
  and small forms a Chinese input method types (``＝＋－＠``, ``﹦﹢﹣﹫``), also behind leading spaces
  (ASCII, no-break, ideographic ``\u3000``) or zero-width characters pasted along with them — gets a
  leading apostrophe (``'=1+1``) and is written as an inline *string* cell, never as ``<f>``. The
  apostrophe is visible on purpose: unlike Excel's hidden quote-prefix style it survives "save as CSV"
  and copy/paste into another sheet, which is where a neutralised formula would come alive again.
* ``mask_id_numbers`` replaces the middle of every 证件号码 with ``*`` (``420105********1234``) for
  files that leave the office; a 证件号码 typed into the filters is masked the same way on 导出条件.

Failure and cancel leave nothing behind: the workbook is written to a hidden temporary file in the
target's own folder (so the final ``os.replace`` is an atomic rename on one file system) and only
renamed over the target once complete; on cancel or error the temporary file, and openpyxl's own
scratch file, are deleted. Errors are raised as :class:`ExportError` with a Chinese message.

Speed: openpyxl's write-only mode with lxml streams rows, but spends most of its time in per-cell
Python (a ``Cell`` object, type inference, one lxml context manager per cell). Our values are already
typed and cleaned, so on the openpyxl versions we test (3.1) the worksheet uses :class:`_RowWriter`, a
subclass of openpyxl's own worksheet writer that builds each ``<row>`` as one lxml element. Everything
else — the package, styles, column widths, frozen panes — is openpyxl's. ``benchmarks/export_bench.py``
compares it with XlsxWriter's constant-memory mode; other openpyxl versions use the plain ``append``
path (same file, slower).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import openpyxl
from lxml.etree import Element, SubElement, xmlfile
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import Library, Tier
from reviewdesk.store.columns import COLUMNS_BY_KEY, ROW_FIELDS, Column, Row
from reviewdesk.store.export_cells import FORMULA_TRIGGERS as FORMULA_TRIGGERS
from reviewdesk.store.export_cells import ILLEGAL_XML_RE as ILLEGAL_XML_RE
from reviewdesk.store.export_cells import MAX_CELL_TEXT as MAX_CELL_TEXT
from reviewdesk.store.export_cells import CellChanges, mask_id_number, safe_text
from reviewdesk.store.filters import NOT_REACHED, RecordFilter, SortKey

log = logging.getLogger(__name__)

#: Rows fetched from the workspace per ``rows()`` call (one ``id IN (…)`` query each).
PAGE_SIZE = 1000
#: List columns that are controls, not data.
NON_DATA_COLUMNS = frozenset({"action"})
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"
DATA_SHEET_TITLE = "报名材料审核"
INFO_SHEET_TITLE = "导出条件"

ALL = "全部"


class RowSource(Protocol):
    """What the export reads: the Workspace, or anything with the same ``rows``."""

    def rows(self, ids: Sequence[int], fields: Sequence[str] = ...) -> Mapping[int, Mapping[str, Any]]: ...


class Cancelled(Protocol):
    def is_set(self) -> bool: ...


Progress = Callable[[int, int], None]


class ExportError(Exception):
    """The export failed; ``str(error)`` says why in Chinese, fit to show. Nothing was left behind."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int  # data rows written (without the header)
    columns: tuple[str, ...]  # column keys, in file order
    cancelled: bool = False
    seconds: float = 0.0
    missing: tuple[int, ...] = field(default=())  # ids the store no longer had (deleted meanwhile)
    #: cells changed so Excel can hold them (control characters removed, text cut), said on 导出条件
    changes: CellChanges = field(default_factory=CellChanges)


def _parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 time from the store as its 北京时间 wall-clock time (Excel has no zones).

    The list shows the same digits (``columns._submitted_at``, ``domain.beijing``), so cell and screen agree.
    """
    if not value:
        return None
    return beijing.wall_clock(str(value))


CellMaker = Callable[[Row], Any]


def _cell_maker(column: Column, mask_id_numbers: bool, changes: CellChanges | None = None) -> CellMaker:
    display = column.display
    if column.key == "seq":
        return lambda row: row.get("_seq")
    if column.key == "submitted_at":

        def submitted_at(row: Row) -> Any:
            parsed = _parse_datetime(row.get("submitted_at"))
            if parsed is not None:
                return parsed
            text = display(row)
            return safe_text(text, changes) if text else None

        return submitted_at
    if column.key == "id_number" and mask_id_numbers:

        def masked(row: Row) -> str | None:
            text = display(row)
            return safe_text(mask_id_number(text), changes) if text else None

        return masked

    def text(row: Row) -> str | None:
        value = display(row)
        return safe_text(value, changes) if value else None

    return text


def export_columns(column_keys: Iterable[str]) -> list[Column]:
    """The list's chosen columns that hold data, in the list's order. Unknown keys are an error."""
    columns: list[Column] = []
    for key in column_keys:
        if key in NON_DATA_COLUMNS:
            continue
        try:
            columns.append(COLUMNS_BY_KEY[key])
        except KeyError:
            raise ExportError(f"导出失败：未知的列“{key}”") from None
    if not columns:
        raise ExportError("导出失败：没有可导出的列，请至少显示一列")
    return columns


def row_values(
    columns: Sequence[Column], rows: Iterable[Row], *, mask_id_numbers: bool = False
) -> Iterable[list[Any]]:
    """Each row's cell values as the export writes them (also used by the benchmark's baseline)."""
    makers = [_cell_maker(c, mask_id_numbers) for c in columns]
    for row in rows:
        yield [make(row) for make in makers]


# -- the fast row writer -------------------------------------------------------------------------
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _fast_path_supported() -> bool:
    """The row writer relies on openpyxl 3.1's write-only internals; other versions use ``append``."""
    return openpyxl.__version__.startswith("3.1.") and hasattr(WriteOnlyWorksheet, "_values_to_row")


class _RowWriter(WorksheetWriter):
    """openpyxl's worksheet writer, writing each row of plain values as one lxml ``<row>`` element.

    Values are ``None`` (no cell), ``str`` (already cleaned by :func:`safe_text`; an inline string),
    ``datetime``/``date`` (a serial number) or ``int``/``float``. ``styles[i]`` is the style id of
    column ``i`` (or None); the header row uses ``header_styles``.
    """

    def __init__(
        self, ws: WriteOnlyWorksheet, styles: Sequence[int | None], header_styles: Sequence[int | None]
    ):
        super().__init__(ws)
        width = max(len(styles), len(header_styles))
        self._letters = [get_column_letter(i) for i in range(1, width + 1)]
        self._styles = [None if s is None else str(s) for s in styles]
        self._header_styles = [None if s is None else str(s) for s in header_styles]
        self._epoch = ws.parent.epoch

    def get_stream(self) -> Any:
        """openpyxl's stream, but UTF-8: Chinese text as bytes, not as ``&#22995;`` references."""
        with xmlfile(self.out, encoding="utf-8") as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
            try:
                while True:
                    el = yield
                    if el is True:
                        yield xf
                    elif el is not None:
                        xf.write(el)
            except GeneratorExit:
                pass

    def write_row(self, xf: Any, row: Sequence[Any], row_idx: int) -> None:
        r = str(row_idx)
        styles = self._header_styles if row_idx == 1 else self._styles
        letters = self._letters
        row_el = Element("row", r=r)
        for i, value in enumerate(row):
            if value is None:
                continue
            style = styles[i]
            if type(value) is str:
                if not value:
                    continue
                cell = SubElement(row_el, "c", r=letters[i] + r, t="inlineStr")
                text = SubElement(SubElement(cell, "is"), "t")
                text.text = value
                if value[0].isspace() or value[-1].isspace():
                    text.set(_XML_SPACE, "preserve")
            elif isinstance(value, date):
                cell = SubElement(row_el, "c", r=letters[i] + r, t="n")
                SubElement(cell, "v").text = repr(to_excel(value, self._epoch))
            elif isinstance(value, bool):
                cell = SubElement(row_el, "c", r=letters[i] + r, t="b")
                SubElement(cell, "v").text = "1" if value else "0"
            else:
                cell = SubElement(row_el, "c", r=letters[i] + r, t="n")
                SubElement(cell, "v").text = repr(value)
            if style is not None:
                cell.set("s", style)
        xf.write(row_el)


class _FastSheet(WriteOnlyWorksheet):
    """A write-only sheet whose appended rows go to :class:`_RowWriter` as they are (no Cell objects)."""

    _row_styles: Sequence[int | None] = ()
    _header_row_styles: Sequence[int | None] = ()

    def _get_writer(self) -> None:
        if self._writer is None:
            self._writer = _RowWriter(self, self._row_styles, self._header_row_styles)
            self._writer.write_top()

    def _values_to_row(self, values: Any, row_idx: int) -> Any:
        return values


def _style_id(ws: WriteOnlyWorksheet, **style: Any) -> int:
    """Register a cell style with the workbook and return its id (what ``<c s="…">`` refers to)."""
    cell = WriteOnlyCell(ws)
    for name, value in style.items():
        setattr(cell, name, value)
    return cell.style_id


# -- the export ----------------------------------------------------------------------------------
def _column_width(column: Column) -> float:
    """Excel width (in '0' characters) from the list's pixel width, never narrower than the title."""
    from_pixels = column.width / 7.0 + 2
    title = sum(2 if ord(ch) > 0x2E7F else 1 for ch in column.title) + 2
    return round(max(from_pixels, title, 6), 1)


def _describe_filter(
    filter: RecordFilter,
    sort: SortKey | None,
    category_names: Mapping[str, str],
    mask_id_numbers: bool,
) -> list[tuple[str, str]]:
    """The filters in the list's own words, every one of them (全部 where not narrowed)."""

    def label(value: Any) -> str:
        return value.label if value is not None else ALL

    def text(value: str) -> str:
        return value if value else ALL

    id_number = filter.id_number
    if id_number and mask_id_numbers:
        id_number = mask_id_number(id_number)
    category = ALL
    if filter.category_code:
        name = category_names.get(filter.category_code)
        category = f"{filter.category_code} {name}" if name else filter.category_code
    if filter.submitted_from or filter.submitted_to:
        start = filter.submitted_from.isoformat() if filter.submitted_from else "不限"
        end = filter.submitted_to.isoformat() if filter.submitted_to else "不限"
        submitted = f"{start} 至 {end}"
    else:
        submitted = ALL
    lines: list[tuple[str, str]] = [
        ("申报级别", label(filter.level)),
        ("类别(专业)", category),
        ("姓名", text(filter.name)),
        ("证件号码", text(id_number)),
        ("申报单位", text(filter.unit_name)),
        ("提交状态", label(filter.submit_status)),
        ("学历层级", label(filter.education_level)),
        ("数据层级", filter.data_scope.label),
    ]
    for tier in sorted(Tier, key=lambda t: -t.rank):
        status = filter.tier_status.get(tier)
        if status is None:
            shown = ALL
        elif status == NOT_REACHED:
            shown = "（空）尚未上报至本级"
        else:
            shown = status.label  # type: ignore[union-attr]
        lines.append((tier.status_column, shown))
    libraries = [lib.label for lib in Library if lib in filter.library_hits]
    frontline = ALL if filter.frontline is None else ("是" if filter.frontline else "否")
    lines += [
        ("缴费状态", label(filter.pay_status)),
        ("提交时间", submitted),
        ("对比库", "有记录：" + "、".join(libraries) if libraries else ALL),
        ("是否为抗击新冠肺炎疫情一线人员", frontline),
        ("核验状态", label(filter.verify_status)),
        ("仅未同步", "是" if filter.pending_only else "否"),
        ("仅冲突", "是" if filter.conflicts_only else "否"),
    ]
    if sort is not None and sort.column in COLUMNS_BY_KEY:
        lines.append(("排序", f"{COLUMNS_BY_KEY[sort.column].title} {'降序' if sort.descending else '升序'}"))
    return lines


def _account(workspace: Any) -> str:
    me = getattr(workspace, "me", None)
    if me is None:
        return ""
    name = getattr(me, "display_name", "") or ""
    username = getattr(me, "username", "") or ""
    org = getattr(me, "org_name", "") or ""
    who = f"{name}（{username}）" if name and username else (name or username)
    return f"{who}，{org}" if org else who


def _error_message(error: BaseException, target: Path) -> str:
    folder = target.parent
    if isinstance(error, FileNotFoundError):
        return f"导出失败：文件夹不存在：{folder}"
    if isinstance(error, NotADirectoryError):
        return f"导出失败：保存位置不是文件夹：{folder}"
    if isinstance(error, IsADirectoryError):
        return f"导出失败：{target} 是一个文件夹，请换一个文件名"
    if isinstance(error, PermissionError):
        return f"导出失败：没有权限写入 {target}。请确认该文件没有在 Excel 中打开，或另选保存位置"
    if isinstance(error, OSError) and error.errno == 28:  # ENOSPC
        return f"导出失败：磁盘空间不足，无法写入 {folder}"
    detail = str(error) or type(error).__name__
    return f"导出失败：{detail}"


def _discard(workbook: Workbook) -> None:
    """Close and delete openpyxl's scratch files of an abandoned write-only workbook."""
    for ws in workbook.worksheets:
        writer = getattr(ws, "_writer", None)
        rows = getattr(ws, "_rows", None)
        try:
            if rows is not None:
                rows.close()
        except Exception:  # best effort: the file is deleted below either way
            log.debug("closing rows of an abandoned export", exc_info=True)
        if writer is None:
            continue
        try:
            writer.close()
        except Exception:
            log.debug("closing writer of an abandoned export", exc_info=True)
        try:
            writer.cleanup()
        except (OSError, ValueError):
            log.debug("removing openpyxl scratch file", exc_info=True)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        log.warning("could not remove temporary export file %s", path, exc_info=True)


def export_records(
    path: Path | str,
    workspace: RowSource,
    ids: Sequence[int],
    column_keys: Sequence[str],
    filter: RecordFilter,
    *,
    sort: SortKey | None = None,
    mask_id_numbers: bool = False,
    progress: Progress | None = None,
    cancel: Cancelled | None = None,
    fast: bool | None = None,
    page_size: int = PAGE_SIZE,
) -> ExportResult:
    """Write the records ``ids`` (the list's view, in its order) with ``column_keys`` to ``path``.

    ``progress(done, total)`` is called after each page from this (the worker's) thread; ``cancel`` is
    checked between pages. Returns an :class:`ExportResult` (``cancelled=True`` when cancelled: then
    ``path`` was not touched). Raises :class:`ExportError` on failure, with nothing left behind.
    ``fast=None`` picks the row writer when the installed openpyxl supports it.
    """
    started = time.perf_counter()
    target = Path(path)
    columns = export_columns(column_keys)
    total = len(ids)
    use_fast = _fast_path_supported() if fast is None else fast
    if target.is_dir():
        raise ExportError(_error_message(IsADirectoryError(str(target)), target))

    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".~{target.stem}.", suffix=".xlsx.part", dir=target.parent
        )
        os.close(handle)
    except OSError as error:
        raise ExportError(_error_message(error, target)) from error
    temp = Path(temp_name)

    workbook = Workbook(write_only=True)
    try:
        sheet = _FastSheet(workbook, DATA_SHEET_TITLE) if use_fast else None
        if sheet is not None:
            workbook._add_sheet(sheet)
        else:
            sheet = workbook.create_sheet(DATA_SHEET_TITLE)
        header_spec: dict[str, Any] = {
            "font": Font(bold=True),
            "fill": PatternFill("solid", fgColor="DDEBF7"),
            "alignment": Alignment(horizontal="center", vertical="center"),
        }
        specs: list[dict[str, Any] | None] = []
        for column in columns:
            if column.key == "submitted_at":
                specs.append({"number_format": DATETIME_FORMAT})
            elif column.key == "id_number":
                specs.append({"number_format": TEXT_FORMAT})
            else:
                specs.append(None)
        for index, column in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = _column_width(column)
        sheet.freeze_panes = "A2"
        if isinstance(sheet, _FastSheet):
            header_style = _style_id(sheet, **header_spec)
            sheet._row_styles = [None if spec is None else _style_id(sheet, **spec) for spec in specs]
            sheet._header_row_styles = [header_style] * len(columns)
            sheet.append([c.title for c in columns])
            append = sheet.append
        else:
            plain = sheet
            plain.append([_styled(plain, c.title, header_spec) for c in columns])

            def append(values: list[Any]) -> None:
                plain.append(
                    [
                        _styled(plain, v, specs[i]) if specs[i] is not None and v is not None else v
                        for i, v in enumerate(values)
                    ]
                )

        changes = CellChanges()
        makers = [_cell_maker(c, mask_id_numbers, changes) for c in columns]
        category_names: dict[str, str] = {}
        missing: list[int] = []
        written = 0
        fields = tuple(ROW_FIELDS)
        if progress is not None:
            progress(0, total)
        for start in range(0, total, page_size):
            if cancel is not None and cancel.is_set():
                _discard(workbook)
                _remove(temp)
                return ExportResult(
                    target, written, tuple(c.key for c in columns), True, time.perf_counter() - started
                )
            page = [int(i) for i in ids[start : start + page_size]]
            try:
                fetched = workspace.rows(page, fields)
            except Exception as error:
                raise ExportError(f"导出失败：读取记录时出错（{error}）") from error
            for offset, record_id in enumerate(page):
                row = fetched.get(record_id)
                if row is None:
                    missing.append(record_id)
                    continue
                row = dict(row)
                row["_seq"] = start + offset + 1
                if filter.category_code and row.get("category_code") == filter.category_code:
                    category_names.setdefault(filter.category_code, str(row.get("category_name") or ""))
                append([make(row) for make in makers])
                written += 1
            if progress is not None:
                progress(min(start + page_size, total), total)
        if cancel is not None and cancel.is_set():
            _discard(workbook)
            _remove(temp)
            return ExportResult(
                target, written, tuple(c.key for c in columns), True, time.perf_counter() - started
            )

        _write_info_sheet(
            workbook, workspace, filter, sort, category_names, mask_id_numbers, columns, written, changes
        )
        workbook.save(temp)
        os.replace(temp, target)
    except ExportError:
        _discard(workbook)
        _remove(temp)
        raise
    except Exception as error:
        _discard(workbook)
        _remove(temp)
        log.warning("export to %s failed", target, exc_info=True)
        raise ExportError(_error_message(error, target)) from error
    return ExportResult(
        target,
        written,
        tuple(c.key for c in columns),
        False,
        time.perf_counter() - started,
        tuple(missing),
        changes,
    )


def _styled(sheet: WriteOnlyWorksheet, value: Any, spec: Mapping[str, Any]) -> WriteOnlyCell:
    """A styled cell for the plain ``append`` path (the row writer uses style ids instead)."""
    cell = WriteOnlyCell(sheet, value=value)
    for name, style in spec.items():
        setattr(cell, name, style)
    return cell


def _write_info_sheet(
    workbook: Workbook,
    workspace: Any,
    filter: RecordFilter,
    sort: SortKey | None,
    category_names: Mapping[str, str],
    mask_id_numbers: bool,
    columns: Sequence[Column],
    written: int,
    changes: CellChanges,
) -> None:
    sheet = workbook.create_sheet(INFO_SHEET_TITLE)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    bold = Font(bold=True)

    def heading(text: str) -> list[WriteOnlyCell]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return [cell]

    exported_at = WriteOnlyCell(sheet, value=beijing.now().replace(tzinfo=None, microsecond=0))
    exported_at.number_format = "yyyy-mm-dd hh:mm:ss"
    sheet.append(heading("导出信息"))
    sheet.append(["导出时间", exported_at])
    sheet.append(["导出账号", safe_text(_account(workspace)) or "—"])
    sheet.append(["记录数", written])
    sheet.append(["证件号码脱敏", "是" if mask_id_numbers else "否"])
    sheet.append(["导出列", "、".join(c.title for c in columns)])
    for what, count in changes.describe():  # what the file does not hold exactly as stored
        sheet.append([what, count])
    sheet.append([])
    sheet.append(heading("筛选条件"))
    for name, value in _describe_filter(filter, sort, category_names, mask_id_numbers):
        sheet.append([name, safe_text(value)])
