"""Batch import of candidates from Excel: the template downloads and reads back, each bad row says
why (bad 证件号码, unknown 类别, duplicate in the file or already in the unit, a number Excel mangled,
a formula), good rows are entered only when imported, and the report written back is formula-safe."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reviewdesk.domain.identity import make_resident_id
from reviewdesk.store.entry import actions, excel_import, queue, view
from reviewdesk.store.testing import create_store

A = make_resident_id("420102", date(1990, 1, 1), 11)
B = make_resident_id("420102", date(1991, 2, 2), 12)
C = make_resident_id("420102", date(1992, 3, 3), 13)
HELD = make_resident_id("420102", date(1993, 4, 4), 14)


def _fill(path: Path, rows: list[list[object]]) -> None:
    book = load_workbook(path)
    sheet = book[excel_import.SHEET]
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_template_report_and_import(tmp_path: Path) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    base = {"id_type": "身份证", "phone": "13800000000", "level": "初级(师)", "category_code": "201"}
    actions.enter_candidate(ws, {**base, "name": "已有", "id_number": HELD})
    template = tmp_path / "template.xlsx"
    excel_import.write_template(template, [("201", "药学(师)", "初级(师)")])
    assert load_workbook(template)[excel_import.SHEET].column_dimensions["C"].number_format == "@"
    bad_check = A[:-1] + ("0" if A[-1] != "0" else "1")
    _fill(
        template,
        [
            ["王芳", "身份证", A, None, None, "13912345678", "初级(师)", "201"],
            ["李强", "身份证", B.lower(), None, None, "139 1234 5679", "初级(师)", "201"],
            ["错号", "身份证", bad_check, None, None, "13912345670", "初级(师)", "201"],
            ["错类", "身份证", C, None, None, "13912345671", "初级(师)", "999"],
            ["重复", "身份证", A, None, None, "13912345672", "初级(师)", "201"],
            ["已有", "身份证", HELD, None, None, "13912345673", "初级(师)", "201"],
            ["数字", "身份证", float(C), None, None, "13912345674", "初级(师)", "201"],
            ["公式", "身份证", '=HYPERLINK("http://x")', None, None, "13912345675", "初级(师)", "201"],
            [None, None, None, None, None, None, None, None],
            ["外籍", "护照", "E12345678", "女", date(1990, 5, 6), "13912345676", "中级", "368"],
        ],
    )
    report = excel_import.read_report(ws, template)
    problems = {row.values.get("name"): row.problem for row in report.bad}
    assert [row.values["name"] for row in report.good] == ["王芳", "李强", "外籍"]
    assert problems["错号"].startswith("校验位错误")
    assert problems["错类"] == "申报类别代码 999 不在本年度类别目录中"
    assert problems["重复"] == "与第2行的证件号码重复"
    assert problems["已有"] == "本单位已有该证件号码的考生"
    assert problems["数字"] == excel_import.NUMBER_AS_NUMBER
    assert problems["公式"] == "证件号码是公式，请填写内容本身"
    assert [row.row for row in report.rows] == [2, 3, 4, 5, 6, 7, 8, 9, 11]
    assert len(queue.pending(ws)) == 1  # nothing entered before the user confirms

    uids = excel_import.import_rows(ws, report)
    assert len(uids) == 3
    entered = {c.name: c for c in view.candidates(ws)}
    assert entered["李强"].info["id_number"] == B.upper()
    assert entered["外籍"].info["birth_date"] == "1990-05-06"

    out = tmp_path / "report.xlsx"
    excel_import.write_report(out, report)
    sheet = load_workbook(out).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x")' not in cells  # a formula cell was refused before it was read
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in cells)
    ws.close()


def test_a_file_that_is_not_the_template_is_refused_with_the_reason(tmp_path: Path) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    not_excel = tmp_path / "list.xlsx"
    not_excel.write_bytes(b"%PDF-1.4")
    with pytest.raises(excel_import.ExcelProblem, match="无法读取该文件"):
        excel_import.read_report(ws, not_excel)
    from openpyxl import Workbook

    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.append(["名字", "号码"])
    book.save(other)
    with pytest.raises(excel_import.ExcelProblem, match="表头缺少：姓名、证件类型、证件号码"):
        excel_import.read_report(ws, other)
    ws.close()
