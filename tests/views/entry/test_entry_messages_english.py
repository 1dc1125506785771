"""The 填报 messages in English: a material's field refused, the batch scan import's reasons and notes,
an Excel row's problems — each checked against English written here by hand, on a real local store
with files the test makes; and in Chinese they stay the seeds' sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from english import english  # noqa: F401 (a fixture)
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox, QTableWidget
from tests import entry_scans

from reviewdesk.domain import candidate_info, material_forms, scan_names
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.domain.material_forms import check_fields
from reviewdesk.domain.scan_names import NameProblem, parse_scan_name
from reviewdesk.store.entry import actions, excel_import, scan_import
from reviewdesk.store.testing import create_store
from reviewdesk.store.workspace import Workspace
from reviewdesk.views.entry.import_dialogs import REASON, ExcelImportDialog, ScanImportDialog
from reviewdesk.views.entry.messages import TEMPLATES, message_text
from reviewdesk.views.entry.page import EntryPage

NUMBER = make_resident_id("420102", date(1996, 8, 9), 124)
OTHER = make_resident_id("420104", date(1991, 1, 1), 3)
BASICS = {"id_type": "身份证", "phone": "13800000000", "level": "初级(师)", "category_code": "201"}


def test_every_code_of_the_rules_and_the_store_is_listed_with_its_template() -> None:
    said = {}
    for module in (candidate_info, material_forms, scan_names, scan_import, excel_import, actions):
        said.update(module.MESSAGES)
    assert said == TEMPLATES


def _refusal(kind: MaterialKind, fields: dict[str, str]) -> ValueError:
    with pytest.raises(ValueError) as refused:
        check_fields(kind, fields)
    return refused.value


def test_material_field_refusals_in_english(english: Any) -> None:  # noqa: F811
    cases = [
        (
            {"毕业时间": "2020/6/30"},
            "毕业时间应为日期（年-月-日），如 2020-06-30",
            "Graduated must be a date (year-month-day), e.g. 2020-06-30",
        ),
        (
            {"学习形式": "函授"},
            "学习形式应为以下之一：全日制、非全日制、成人教育、自学考试、网络教育",
            "Mode of study must be one of: Full-time, Part-time, Adult education, Self-study exam, Online education",
        ),
        ({"毕业学校": "医" * 129}, "毕业学校不能超过128字", "School cannot be longer than 128 characters"),
        ({"颜色": "红"}, "学历信息没有“颜色”这一项", "Education has no field “颜色”"),
    ]
    for fields, chinese, english_text in cases:
        refusal = _refusal(MaterialKind.EDUCATION, fields)
        assert (str(refusal), message_text(refusal)) == (chinese, english_text)


def test_candidate_and_file_name_refusals_in_english(english: Any) -> None:  # noqa: F811
    with pytest.raises(NameProblem) as unread:
        parse_scan_name(f"孙悦{NUMBER}驾驶证第1页.jpg")
    assert message_text(unread.value) == (
        "The file name is not “name + ID number + certificate name + page”: unknown certificate name “驾驶证”"
    )
    with pytest.raises(NameProblem) as no_title:
        parse_scan_name(f"孙悦{NUMBER}.jpg")
    assert message_text(no_title.value).endswith(": unknown certificate name “(empty)”")
    assert message_text(candidate_info.name_problem("王芳1")) == (
        "A name may contain only Chinese characters, letters, the middle dot (·) and spaces, at most 30 characters"
    )


def _page(qtbot: Any, ws: Workspace) -> EntryPage:
    page = EntryPage(ws)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def test_the_page_says_a_refused_material_in_english(
    qtbot: Any,
    english: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a, **_k: warnings.append(text))
    ws = create_store(tmp_path / "store.sqlite")
    page = _page(qtbot, ws)
    page.current_uid = actions.enter_candidate(ws, {**BASICS, "name": "孙悦", "id_number": NUMBER})
    page.save_material(MaterialKind.EDUCATION, {"学制": "9年"}, [], [])
    assert warnings == [
        "Length of study must be one of: 2 years, 3 years, 4 years, 5 years, 6 years, 7 years, 8 years"
    ]
    page.save_basics({**BASICS, "name": "孙悦", "id_number": NUMBER, "phone": "2391234567"})
    assert page.basics.problem.text() == "A mobile number has 11 digits and starts with 1"
    ws.close()


def test_a_materials_choices_are_shown_in_english_and_kept_in_the_seeds_words(
    qtbot: Any,
    english: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    page = _page(qtbot, ws)
    page.select(actions.enter_candidate(ws, {**BASICS, "name": "孙悦", "id_number": NUMBER}))
    title = page.materials[MaterialKind.TITLE]
    obtained = title.inputs["取得途径"]
    shown = [obtained.itemText(i) for i in range(obtained.count())]  # type: ignore[attr-defined]
    assert shown == ["", "National exam", "Provincial assessment", "Recognised by the employer", "Other"]
    obtained.setCurrentIndex(3)  # type: ignore[attr-defined]
    title.inputs["是否为省线证"].setCurrentIndex(2)  # type: ignore[attr-defined]
    assert title.inputs["是否为省线证"].currentText() == "No"  # type: ignore[attr-defined]
    values = title.values()
    assert (values["取得途径"], values["是否为省线证"]) == ("单位认定", "否")  # stored as the seeds' words
    title.show_material(None)
    assert title.values()["取得途径"] == ""
    ws.close()


def test_the_scan_import_preview_in_english(qtbot: Any, english: Any, tmp_path: Path) -> None:  # noqa: F811
    ws = create_store(tmp_path / "store.sqlite")
    actions.enter_candidate(ws, {**BASICS, "name": "孙悦", "id_number": NUMBER})
    page = _page(qtbot, ws)
    folder = tmp_path / "scans"
    folder.mkdir()
    files = {
        f"孙悦{NUMBER}毕业证书第1页.jpg": entry_scans.good_jpeg(),
        f"孙悦 {NUMBER} 学信网验证报告.jpg": entry_scans.sideways_jpeg(),
        f"孙悦{NUMBER}学位证书第1页.jpg": entry_scans.renamed_pdf(),
        f"赵六{NUMBER}毕业证书第2页.jpg": entry_scans.good_jpeg(colour=(3, 3, 3)),
        f"张三{OTHER}毕业证书第1页.jpg": entry_scans.good_jpeg(colour=(4, 4, 4)),
        "孙悦毕业证书.pdf": entry_scans.good_jpeg(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    dialog = ScanImportDialog(ws, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start([folder])
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.result is not None, timeout=30_000)
    table = dialog.table
    said = {table.item(r, 0).text(): table.item(r, REASON).text() for r in range(table.rowCount())}
    assert said == {
        f"孙悦{NUMBER}毕业证书第1页.jpg": "",
        f"孙悦 {NUMBER} 学信网验证报告.jpg": "Turned upright by the photo's orientation tag",
        f"孙悦{NUMBER}学位证书第1页.jpg": (
            "Wrong image format: the file's content is PDF; only png, jpg and jpeg are accepted"
        ),
        f"赵六{NUMBER}毕业证书第2页.jpg": (
            "The name does not match the ID number: your unit's candidate with this ID number is “孙悦”"
        ),
        f"张三{OTHER}毕业证书第1页.jpg": f"Your unit has no candidate with ID number {OTHER}",
        "孙悦毕业证书.pdf": (
            "The file name is not “name + ID number + certificate name + page”: "
            "the extension must be png, jpg or jpeg"
        ),
    }
    first = next(r for r in range(table.rowCount()) if table.item(r, 0).text().endswith("毕业证书第1页.jpg"))
    table.selectRow(first)
    dialog.turn_selected()
    assert table.item(first, REASON).text() == "Turned 90°"
    row = next(r for r in range(table.rowCount()) if "学信网" in table.item(r, 0).text())
    table.selectRow(row)
    dialog.turn_selected()
    assert table.item(row, REASON).text() == "Turned upright by the photo's orientation tag; Turned 90°"
    assert dialog.result.rows[row].note == "已按照片方向自动转正；已旋转90°"  # the store keeps the Chinese
    dialog.result.discard()
    dialog.close()
    ws.close()


def test_the_excel_report_in_english(qtbot: Any, english: Any, tmp_path: Path) -> None:  # noqa: F811
    ws = create_store(tmp_path / "store.sqlite")
    actions.enter_candidate(ws, {**BASICS, "name": "孙悦", "id_number": NUMBER})
    template = tmp_path / "t.xlsx"
    excel_import.write_template(template)
    book = load_workbook(template)
    sheet = book[excel_import.SHEET]
    sheet.append(["周七", "身份证", OTHER, None, None, "2391234567", "初级(师)", "201"])
    sheet.append(["吴八", "身份证", "123", None, None, "13512345678", "初级(师)", "201"])
    sheet.append(["孙悦", "身份证", NUMBER, None, None, "13512345678", "初级(师)", "201"])
    sheet.append(["郑九", "驾驶证", OTHER, None, None, "13512345678", "初级(师)", "201"])
    book.save(template)
    dialog = ExcelImportDialog(ws, template)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "excel_import_table")
    verdicts = {table.item(r, 1).text(): table.item(r, 3).text() for r in range(table.rowCount())}
    assert verdicts == {
        "周七": "A mobile number has 11 digits and starts with 1",
        "吴八": "An ID number has 18 characters",
        "孙悦": "Your unit already has a candidate with this ID number",
        "郑九": (
            "The ID type must be one of: Resident ID card, Residence permit for HK/Macao/Taiwan residents, "
            "Mainland travel permit for HK/Macao residents, Mainland travel permit for Taiwan residents, Passport"
        ),
    }
    ws.close()
