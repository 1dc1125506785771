"""考生信息填报 page on a real local store, with scans and folders the test makes: a candidate added
through the form (bad 证件号码 refused in Chinese, 性别/出生日期 read from the number), a material
saved with its scans (required fields red, 未同步 until synced), undo, the batch scan import's preview
table (worker thread, then 全部归档), and the Excel report dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from english import english  # noqa: F401 (a fixture)
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from tests import entry_scans

from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.store.entry import excel_import, queue, view
from reviewdesk.store.entry.scans import prepare
from reviewdesk.store.testing import create_store
from reviewdesk.store.workspace import Workspace
from reviewdesk.views.entry.import_dialogs import REASON, ExcelImportDialog, ScanImportDialog
from reviewdesk.views.entry.page import SYNC, EntryPage

NUMBER = make_resident_id("420102", date(1996, 8, 9), 124)


def _page(qtbot: Any, ws: Workspace) -> EntryPage:
    page = EntryPage(ws)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def _fill_basics(page: EntryPage, number: str) -> None:
    basics = page.basics
    basics.name.setText("孙悦")
    basics.id_number.setText(number)
    basics.phone.setText("13512345678")
    basics.level.setCurrentIndex(basics.level.findData("junior"))
    basics.category.setCurrentIndex(basics.category.findData("201"))


def test_a_candidate_and_a_material_entered_through_the_page(qtbot: Any, tmp_path: Path) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    page = _page(qtbot, ws)
    page.new_candidate()
    _fill_basics(page, NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"))
    assert page.basics.id_message.text().startswith("校验位错误")
    page.basics.save.click()
    assert page.basics.problem.text().startswith("校验位错误")
    assert queue.pending(ws) == []

    page.basics.id_number.setText(NUMBER.lower())
    assert page.basics.id_message.text() == ""
    assert page.basics.gender.currentData() == "female"  # sequence 124 is even
    assert page.basics.birth.date() == QDate(1996, 8, 9)
    assert not page.basics.birth.isEnabled()
    page.basics.save.click()
    assert page.basics.problem.text() == ""
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "孙悦"
    assert page.table.item(0, SYNC).text() == "未同步"

    form = page.materials[MaterialKind.TITLE]
    assert form.missing.text().startswith("未填必填项：资格系列")
    form.inputs["专业"].setText("药学")  # type: ignore[attr-defined]
    form.inputs["批准日期"].setDate(QDate(2019, 6, 30))  # type: ignore[attr-defined]
    form.inputs["是否基卫高"].setCurrentText("否")  # type: ignore[attr-defined]
    form.place(prepare(entry_scans.good_jpeg()), "专业技术资格证书", 1)
    form.place(prepare(entry_scans.sideways_jpeg()), "专业技术资格证书", 2)
    assert form.scans.count() == 2
    form.save.click()
    uid = page.current_uid
    assert uid is not None
    entered = view.candidate(ws, uid)
    assert entered is not None
    title = entered.materials[MaterialKind.TITLE]
    assert title.fields["专业"] == "药学" and title.fields["批准日期"] == "2019-06-30"
    assert [(i.title, i.page) for i in title.images] == [("专业技术资格证书", 1), ("专业技术资格证书", 2)]
    assert all(ws.blob_path(i.sha256) is not None for i in title.images)
    assert len(queue.pending(ws)) == 2

    page.undo()
    assert len(queue.pending(ws)) == 1
    again = view.candidate(ws, uid)
    assert again is not None and MaterialKind.TITLE not in again.materials
    ws.close()


def test_scan_import_preview_then_filing(qtbot: Any, tmp_path: Path) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    page = _page(qtbot, ws)
    page.new_candidate()
    _fill_basics(page, NUMBER)
    page.basics.save.click()
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / f"孙悦{NUMBER}毕业证书第1页.jpg").write_bytes(entry_scans.good_jpeg())
    (folder / f"孙悦 {NUMBER.lower()} 学信网验证报告 1.png").write_bytes(entry_scans.good_png())
    (folder / f"孙悦{NUMBER}学位证书第1页.jpg").write_bytes(entry_scans.renamed_pdf())
    (folder / f"赵六{NUMBER}毕业证书第2页.jpg").write_bytes(entry_scans.good_jpeg())
    dialog = ScanImportDialog(ws, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start([folder])
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.result is not None, timeout=30_000)
    table = dialog.table
    results = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert sorted(results.values()) == ["匹配", "匹配", "拒绝", "未匹配"]
    assert dialog.file_button.isEnabled() and dialog.file_button.text() == "全部归档（2 个）"
    assert len(queue.pending(ws)) == 1  # nothing filed before the button
    first = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "匹配")
    before = dialog.result.rows[first].sha256
    table.selectRow(first)
    dialog.turn_selected()
    assert table.item(first, REASON).text() == "已旋转90°"
    assert dialog.result.rows[first].sha256 != before
    dialog.file_button.click()
    assert dialog.filed == 2
    assert len(queue.pending(ws)) == 2
    dialog.close()
    ws.close()


def test_excel_report_dialog_imports_on_confirmation(qtbot: Any, tmp_path: Path) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    template = tmp_path / "t.xlsx"
    excel_import.write_template(template)
    book = load_workbook(template)
    sheet = book[excel_import.SHEET]
    sheet.append(["周七", "身份证", NUMBER, None, None, "13512345678", "初级(师)", "201"])
    sheet.append(["吴八", "身份证", "123", None, None, "13512345678", "初级(师)", "201"])
    book.save(template)
    dialog = ExcelImportDialog(ws, template)
    qtbot.addWidget(dialog)
    assert dialog.import_button.text() == "导入 1 人"
    assert queue.pending(ws) == []
    dialog.import_button.click()
    assert dialog.imported == 1
    assert [c.name for c in view.candidates(ws)] == ["周七"]
    ws.close()


def test_the_list_follows_changes_made_elsewhere(qtbot: Any, tmp_path: Path) -> None:
    """Records a sync stores (on its worker thread in the app) show on the page after the store's
    notification, without the page being asked."""
    from reviewdesk.store import ingest
    from reviewdesk.store.testing import make_snapshot

    ws = create_store(tmp_path / "store.sqlite")
    page = _page(qtbot, ws)
    assert page.table.rowCount() == 0
    snapshot = make_snapshot(7)
    ingest.apply_snapshots(ws, [snapshot], (), "cursor-1")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5_000)
    assert page.table.item(0, 0).text() == snapshot["name"]
    assert page.table.item(0, SYNC).text() == "已同步"
    ws.close()


def test_refusals_read_in_english(qtbot: Any, english: Any, tmp_path: Path) -> None:  # noqa: F811
    from reviewdesk.domain.scan_rules import ScanRefused
    from reviewdesk.views.entry.scan_dialog import refusal_text

    assert "PDF" in refusal_text(ScanRefused("image_format", kind="PDF"))
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in refusal_text(ScanRefused("image_format", kind="PDF")))
    ws = create_store(tmp_path / "store.sqlite")
    page = _page(qtbot, ws)
    page.new_candidate()
    _fill_basics(page, NUMBER[:17])
    assert page.basics.id_message.text() == "An ID number has 18 characters"
    page.basics.save.click()
    assert page.basics.problem.text() == "An ID number has 18 characters"
    ws.close()
