"""The Excel export, written for real and read back with openpyxl."""

from __future__ import annotations

import tempfile
import threading
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from export_fakes import FakeRows, make_row

from reviewdesk.domain.enums import DataScope, Level, Library, ReviewStatus, Tier
from reviewdesk.store.columns import COLUMNS_BY_KEY, DEFAULT_VISIBLE
from reviewdesk.store.export import (
    DATETIME_FORMAT,
    INFO_SHEET_TITLE,
    ExportError,
    export_records,
    mask_id_number,
    safe_text,
)
from reviewdesk.store.export_cells import excel_length
from reviewdesk.store.filters import NOT_REACHED, RecordFilter, SortKey

DATA_KEYS = [k for k in DEFAULT_VISIBLE if k != "action"]


@pytest.fixture
def source() -> FakeRows:
    rows = {i: make_row(i) for i in range(1, 2501)}
    rows[7] = make_row(7, name='=HYPERLINK("http://x","点我")', unit_name="+1+1")
    rows[8] = make_row(8, name="王\x01芳\x1f", unit_name="-2+3", category_name="@SUM(A1)")
    rows[9] = make_row(9, name="\t=1+1", unit_name="\r=cmd", submitted_at=None, submit_status="not_submitted")
    rows[10] = make_row(10, name=" 李四 ", unit_name="武汉\u2212=1")
    return FakeRows(rows)


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """openpyxl writes scratch files to the system temp dir; give it one we can inspect."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def _read(path: Path) -> list[tuple]:
    book = openpyxl.load_workbook(path)
    return [tuple(c.value for c in row) for row in book.worksheets[0].iter_rows()]


@pytest.mark.parametrize("fast", [True, False], ids=["row-writer", "plain-append"])
def test_every_row_and_column_matches_the_list(tmp_path: Path, source: FakeRows, fast: bool) -> None:
    # The view: a filtered subset, in a sort order that is not id order.
    ids = sorted((i for i in range(1, 2501) if i % 4 != 1), key=lambda i: (i % 7, -i))
    keys = ["seq", "name", "id_number", "submitted_at", "status_unit", "status_county", "category", "sync"]
    target = tmp_path / "审核列表.xlsx"
    result = export_records(target, source, ids, keys, RecordFilter(), fast=fast)

    assert result.rows == len(ids) and not result.cancelled and result.path == target
    book = openpyxl.load_workbook(target)
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == [COLUMNS_BY_KEY[k].title for k in keys]
    assert all(sheet.column_dimensions[letter].width >= 6 for letter in "ABCDEFGH")
    for position, (record_id, row) in enumerate(zip(ids, sheet.iter_rows(min_row=2), strict=True), 1):
        shown = source.rows([record_id])[record_id]
        seq, name, id_number, submitted, unit, county, category, sync = row
        assert seq.value == position
        assert name.value == safe_text(COLUMNS_BY_KEY["name"].display(shown))
        assert id_number.value == shown["id_number"] and id_number.number_format == "@"
        assert isinstance(id_number.value, str)
        if shown["submitted_at"]:
            assert submitted.value == datetime.fromisoformat(shown["submitted_at"]).replace(tzinfo=None)
            assert submitted.number_format == DATETIME_FORMAT and submitted.is_date
        else:
            assert submitted.value is None
        for cell, key in (
            (unit, "status_unit"),
            (county, "status_county"),
            (category, "category"),
            (sync, "sync"),
        ):
            assert (cell.value or "") == safe_text(COLUMNS_BY_KEY[key].display(shown))
    assert sheet.max_row == len(ids) + 1


def test_row_writer_and_plain_append_write_the_same_workbook(tmp_path: Path, source: FakeRows) -> None:
    ids = list(range(1, 400))
    fast = export_records(tmp_path / "a.xlsx", source, ids, DATA_KEYS, RecordFilter(), fast=True)
    plain = export_records(tmp_path / "b.xlsx", source, ids, DATA_KEYS, RecordFilter(), fast=False)
    assert _read(fast.path) == _read(plain.path)
    for path in (fast.path, plain.path):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None


def test_formula_looking_text_is_inert_and_control_characters_are_removed(
    tmp_path: Path, source: FakeRows
) -> None:
    target = tmp_path / "out.xlsx"
    export_records(target, source, [7, 8, 9, 10], ["name", "unit_name", "category"], RecordFilter())

    book = openpyxl.load_workbook(target)
    rows = list(book.worksheets[0].iter_rows(min_row=2))
    values = [[c.value for c in row] for row in rows]
    assert values[0] == ['\'=HYPERLINK("http://x","点我")', "'+1+1", "护理学(中级)"]
    assert values[1] == ["王芳", "'-2+3", "'@SUM(A1)"]
    assert values[2] == ["'\t=1+1", "'\r=cmd", "护理学(中级)"]
    assert values[3] == [" 李四 ", "武汉\u2212=1", "护理学(中级)"]
    for row in rows:
        for cell in row:
            assert cell.data_type == "s" and isinstance(cell.value, str)
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    with zipfile.ZipFile(target) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_masking_hides_the_middle_of_id_numbers_in_rows_and_filters(tmp_path: Path, source: FakeRows) -> None:
    assert mask_id_number("420105199001011234") == "420105********1234"
    assert mask_id_number("E12345678") == "E1*****78"
    assert mask_id_number("H1") == "**"
    full = source.rows([3])[3]["id_number"]
    target = tmp_path / "masked.xlsx"
    export_records(
        target, source, [3, 4], ["name", "id_number"], RecordFilter(id_number=full), mask_id_numbers=True
    )
    book = openpyxl.load_workbook(target)
    cells = [row[1] for row in book.worksheets[0].iter_rows(min_row=2)]
    assert cells[0].value == full[:6] + "********" + full[-4:]
    assert all(full not in str(c.value) for c in cells)
    info = {row[0]: row[1] for row in book[INFO_SHEET_TITLE].iter_rows(values_only=True) if row and row[0]}
    assert info["证件号码"] == mask_id_number(full)
    assert info["证件号码脱敏"] == "是"


def test_info_sheet_names_the_filters_account_and_time(tmp_path: Path, source: FakeRows) -> None:
    chosen = RecordFilter(
        level=Level.INTERMEDIATE,
        category_code="368",
        name="=王",
        data_scope=DataScope.DIRECT,
        tier_status={Tier.UNIT: ReviewStatus.PASSED, Tier.COUNTY: NOT_REACHED},
        submitted_from=date(2026, 12, 1),
        library_hits=frozenset({Library.MISCONDUCT}),
    )
    before = datetime.now().replace(microsecond=0)
    target = tmp_path / "out.xlsx"
    export_records(target, source, [3, 6], DATA_KEYS, chosen, sort=SortKey("name", descending=True))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["报名材料审核", INFO_SHEET_TITLE]
    info = {row[0]: row[1] for row in book[INFO_SHEET_TITLE].iter_rows(values_only=True) if row and row[0]}
    assert info["申报级别"] == "中级"
    assert info["类别(专业)"] == "368 护理学(中级)"
    assert info["姓名"] == "'=王"
    assert info["数据层级"] == "本级直属"
    assert info["单位审核状态"] == "审核通过"
    assert info["区县审核状态"].startswith("（空）")
    assert info["市州审核状态"] == "全部"
    assert info["提交时间"] == "2026-12-01 至 不限"
    assert info["对比库"] == "有记录：违纪考生库"
    assert info["排序"] == "姓名 降序"
    assert info["导出账号"] == "张审核（unit_420102_001），武汉市江岸区人民医院"
    assert info["记录数"] == 2
    assert isinstance(info["导出时间"], datetime) and info["导出时间"] >= before


def test_cancelled_export_leaves_nothing_behind(
    tmp_path: Path, source: FakeRows, private_tempdir: Path
) -> None:
    target = tmp_path / "out" / "审核列表.xlsx"
    target.parent.mkdir()
    cancel = threading.Event()
    source.on_page = lambda page: cancel.set() if page == 2 else None
    seen: list[tuple[int, int]] = []
    result = export_records(
        target,
        source,
        list(range(1, 2501)),
        DATA_KEYS,
        RecordFilter(),
        progress=lambda d, t: seen.append((d, t)),
        cancel=cancel,
        page_size=500,
    )
    assert result.cancelled
    assert seen[0] == (0, 2500) and seen[-1][0] < 2500
    assert list(target.parent.iterdir()) == []
    assert list(private_tempdir.iterdir()) == []


def test_cancel_does_not_touch_an_existing_file(tmp_path: Path, source: FakeRows) -> None:
    target = tmp_path / "old.xlsx"
    target.write_bytes(b"previous export")
    cancel = threading.Event()
    cancel.set()
    assert export_records(target, source, [1, 2], DATA_KEYS, RecordFilter(), cancel=cancel).cancelled
    assert target.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.xlsx", "scratch"]


def test_failure_while_reading_leaves_nothing_and_keeps_the_old_file(
    tmp_path: Path, private_tempdir: Path
) -> None:
    source = FakeRows({i: make_row(i) for i in range(1, 3001)}, fail_after=2)
    target = tmp_path / "old.xlsx"
    target.write_bytes(b"previous export")
    with pytest.raises(ExportError, match="导出失败：读取记录时出错"):
        export_records(target, source, list(range(1, 3001)), DATA_KEYS, RecordFilter(), page_size=1000)
    assert target.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.xlsx", "scratch"]
    assert list(private_tempdir.iterdir()) == []


def test_unwritable_target_is_reported_clearly(tmp_path: Path, source: FakeRows) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(ExportError, match="导出失败：保存位置不是文件夹"):
        export_records(not_a_folder / "out.xlsx", source, [1], DATA_KEYS, RecordFilter())
    with pytest.raises(ExportError, match="导出失败：文件夹不存在"):
        export_records(tmp_path / "missing" / "out.xlsx", source, [1], DATA_KEYS, RecordFilter())
    with pytest.raises(ExportError, match="是一个文件夹"):
        export_records(tmp_path, source, [1], DATA_KEYS, RecordFilter())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "scratch"]


def test_missing_records_are_skipped_and_reported(tmp_path: Path, source: FakeRows) -> None:
    result = export_records(tmp_path / "o.xlsx", source, [1, 99999, 2], ["seq", "name"], RecordFilter())
    assert result.rows == 2 and result.missing == (99999,)
    assert _read(result.path)[1:] == [(1, "王芳1"), (3, "王芳2")]


def test_no_data_columns_is_an_error(tmp_path: Path, source: FakeRows) -> None:
    with pytest.raises(ExportError, match="没有可导出的列"):
        export_records(tmp_path / "o.xlsx", source, [1], ["action"], RecordFilter())
    with pytest.raises(ExportError, match="未知的列"):
        export_records(tmp_path / "o.xlsx", source, [1], ["nope"], RecordFilter())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scratch"]


def test_safe_text_limits_and_cleans() -> None:
    assert safe_text("a" * 40000) == "a" * 32767
    assert safe_text("\x00\x08ok\x0b") == "ok"
    assert safe_text("line\nbreak") == "line\nbreak"
    assert safe_text("\n=1") == "'\n=1"


PASTED_FORMULAS = [
    '＝HYPERLINK("http://x","点我")',  # full-width equals sign (Chinese IME)
    "＋1＋1",
    "－2＋3",
    "＠SUM(A1)",
    "﹦1+1",  # small form variants
    "﹢1",
    "﹣1",
    "﹫SUM(A1)",
    " =1+1",  # pasted with a leading space…
    "\u3000＝1+1",  # …an ideographic space
    "\u00a0+1",  # …a no-break space
    "\ufeff=1+1",  # …a byte-order mark
    "\u200b\u3000-1",  # …zero-width and ideographic spaces
    "\t=1+1",
    "\r\n=cmd|' /C calc'!A0",
    "\u2212=1",
]


def test_full_width_and_pasted_formula_variants_are_inert(tmp_path: Path) -> None:
    """What a reviewer may paste from a Chinese document: full-width signs, leading blanks, CR/tab."""
    rows = {i: make_row(i, name=text, unit_name=text) for i, text in enumerate(PASTED_FORMULAS, 1)}
    target = tmp_path / "pasted.xlsx"
    ids = list(rows)
    export_records(target, FakeRows(rows), ids, ["name", "unit_name"], RecordFilter(name=PASTED_FORMULAS[0]))

    book = openpyxl.load_workbook(target)
    for text, (name, unit) in zip(PASTED_FORMULAS, book.worksheets[0].iter_rows(min_row=2), strict=True):
        for cell in (name, unit):
            assert cell.data_type == "s" and cell.value == "'" + text, repr(text)
    info = {row[0]: row[1] for row in book[INFO_SHEET_TITLE].iter_rows(values_only=True) if row and row[0]}
    assert info["姓名"] == "'" + PASTED_FORMULAS[0]
    with zipfile.ZipFile(target) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    # Text that merely contains such signs, or starts with a blank before ordinary text, is unchanged.
    for plain in ("王＝芳", "武汉\u3000＋1", " 李四", "\u3000张三", "１２３", "（＝）", "", "   "):
        assert safe_text(plain) == plain, repr(plain)


def test_characters_xml_cannot_hold_do_not_fail_the_export(tmp_path: Path) -> None:
    """U+FFFE/U+FFFF (valid UTF-8, refused by XML 1.0) in a record must not make the whole export fail."""
    rows = {
        1: make_row(1, name="王\ufffe芳\uffff", unit_name="武汉\x0b医院\x7f"),
        2: make_row(2, name="李\x00四", unit_name="=\ufffe1+1"),
    }
    target = tmp_path / "odd.xlsx"
    for fast in (True, False):
        result = export_records(
            target, FakeRows(rows), [1, 2], ["name", "unit_name"], RecordFilter(), fast=fast
        )
        assert result.rows == 2
        assert _read(target)[1:] == [("王芳", "武汉医院\x7f"), ("李四", "'=1+1")]
    assert safe_text("a\ud800b") == "ab"


def test_changed_cells_are_counted_and_said_on_the_info_sheet(tmp_path: Path) -> None:
    """A name of \\x01 became an empty cell, and long text lost its end, without a word: now both are
    counted per cell and written on 导出条件 (the dialog says the same, test_export_dialog)."""
    emoji = "😀" * 20_003  # 20,003 characters of Python, 40,006 UTF-16 units of Excel
    rows = {
        1: make_row(1, name="\x01", unit_name="武汉\x00医院"),
        2: make_row(2, name="王\ufffe芳", unit_name=emoji),
        3: make_row(3, name="李四", unit_name="a" * 40_000),
        4: make_row(4, name="张三", unit_name="普通医院"),
    }
    target = tmp_path / "changed.xlsx"
    for fast in (True, False):
        result = export_records(
            target, FakeRows(rows), [1, 2, 3, 4], ["name", "unit_name"], RecordFilter(), fast=fast
        )
        assert (result.changes.controls_removed, result.changes.emptied, result.changes.cut) == (3, 1, 2)
        book = openpyxl.load_workbook(target)
        cells = [[c.value for c in row] for row in book.worksheets[0].iter_rows(min_row=2)]
        assert cells[0] == [None, "武汉医院"] and cells[1][0] == "王芳"
        assert cells[1][1] == "😀" * 16_383  # 32,766 units: the next emoji would not fit whole
        assert len(cells[2][1]) == 32_767 and cells[3] == ["张三", "普通医院"]
        info = {
            row[0]: row[1] for row in book[INFO_SHEET_TITLE].iter_rows(values_only=True) if row and row[0]
        }
        assert info["删除了无法保存的控制字符的单元格"] == "3 个（其中 1 个因此变为空）"
        assert info["超过 Excel 单元格上限（32,767 个字符）被截断的单元格"] == "2 个"
    plain = export_records(target, FakeRows({4: rows[4]}), [4], ["name"], RecordFilter())
    assert plain.changes.total == 0
    info = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(target)[INFO_SHEET_TITLE].iter_rows(values_only=True)
        if row and row[0]
    }
    assert info["修改的单元格"] == "无"


def test_excel_length_counts_utf16_units_and_cuts_never_split_a_pair() -> None:
    assert excel_length("a😀中") == 4
    assert safe_text("😀" * 20_003) == "😀" * 16_383
    assert safe_text("a" + "😀" * 16_383) == "a" + "😀" * 16_383  # exactly 32,767 units: kept whole
    assert safe_text("ab" + "😀" * 16_383) == "ab" + "😀" * 16_382  # one unit over: the last pair goes
    assert safe_text("中" * 32_768) == "中" * 32_767
