"""预审提示 on the 考生信息填报 page, on a real local store (offline: nothing synced) with scans the test
draws: the list's marker, the banner above the candidate and its links, the scans' marks, the warning
when a scan is added, and the batch preview's column — what the staff see while they enter data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from english import english  # noqa: F401 (a fixture)
from PIL import Image, ImageFilter
from PySide6.QtCore import QDate

from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.server.demo.planted_scans import document, jpeg
from reviewdesk.store.entry import actions
from reviewdesk.store.entry.scans import prepare
from reviewdesk.store.testing import create_store
from reviewdesk.store.workspace import Workspace
from reviewdesk.views.detail.form_rows import HIGHLIGHT
from reviewdesk.views.entry.import_dialogs import WARNINGS, ScanImportDialog
from reviewdesk.views.entry.page import FLAGS, EntryPage
from reviewdesk.views.entry.scan_dialog import ScanDialog

NUMBER = make_resident_id("420102", date(1996, 8, 9), 124)
PERSON = {"name": "孙悦", "id_type": "身份证", "id_number": NUMBER, "phone": "13512345678",
          "level": "初级(师)", "category_code": "201"}  # fmt: skip


def _page(qtbot: Any, ws: Workspace) -> EntryPage:
    page = EntryPage(ws)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    return page


def _blurred() -> bytes:
    return jpeg(document(21).filter(ImageFilter.GaussianBlur(7)))


def test_flags_show_and_follow_what_is_typed(qtbot: Any, tmp_path: Path) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    uid = actions.enter_candidate(ws, PERSON)
    page = _page(qtbot, ws)
    page.select(uid)
    banner = page.flags_banner
    before = len(banner.flags)

    form = page.materials[MaterialKind.EDUCATION]
    form.inputs["学历层级"].setCurrentText("本科")  # type: ignore[attr-defined]
    form.inputs["入学时间"].setDate(QDate(2016, 9, 1))  # type: ignore[attr-defined]
    form.inputs["毕业时间"].setDate(QDate(2015, 7, 1))  # type: ignore[attr-defined]  # before entry
    form.inputs["学制"].setCurrentText("4年")  # type: ignore[attr-defined]
    blurred = prepare(_blurred())
    form.place(blurred, "毕业证书", 1)
    assert form.scans.item(0).text().startswith("⚠")  # marked as soon as it is added
    form.save.click()

    codes = [f["code"] for f in banner.flags]
    assert "graduation_before_entry" in codes and "scan_blurred" in codes
    assert banner.isVisible() and banner.title.text().startswith(f"预审提示（{len(banner.flags)} 项")
    assert len(banner.flags) != before
    cell = page.table.item(0, FLAGS)
    assert cell.text() == f"△ {len(banner.flags)}"  # hints only: no alert
    assert "毕业时间2015-07-01不晚于入学时间2016-09-01，学历信息有误" in cell.toolTip()
    assert "⚠" in form.scans.item(0).text() and "图片不清晰（模糊）" in form.scans.item(0).toolTip()

    # the banner's link: the 学历信息 tab, 毕业时间 marked
    index = codes.index("graduation_before_entry")
    banner.lines[index].linkActivated.emit(str(index))
    assert page.tabs.currentWidget() is form
    assert form.inputs["毕业时间"].styleSheet() == HIGHLIGHT
    # the scan's link selects the scan
    scan_index = codes.index("scan_blurred")
    banner.lines[scan_index].linkActivated.emit(str(scan_index))
    assert form.inputs["毕业时间"].styleSheet() == ""
    assert [item.text() for item in form.scans.selectedItems()] == [form.scans.item(0).text()]

    # fixed: the contradiction is gone before any sync
    form.inputs["毕业时间"].setDate(QDate(2020, 7, 1))  # type: ignore[attr-defined]
    form.save.click()
    assert "graduation_before_entry" not in [f["code"] for f in banner.flags]
    page.grab().save(str(tmp_path / "entry_flags.png"))


def test_a_flag_about_the_candidate_marks_its_field_in_the_basics(qtbot: Any, tmp_path: Path) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    uid = actions.enter_candidate(ws, PERSON)
    page = _page(qtbot, ws)
    page.select(uid)
    page.show_flag({"code": "birth_mismatch", "material": "", "field": "出生日期"})
    assert page.basics.birth.styleSheet() == HIGHLIGHT
    page.show_flag({"code": "field_missing", "material": "title", "field": "证书编号"})
    assert page.basics.birth.styleSheet() == ""
    assert page.tabs.currentWidget() is page.materials[MaterialKind.TITLE]


def test_adding_a_scan_warns_of_its_problem_and_still_adds_it(qtbot: Any) -> None:
    data = jpeg(document(22).transpose(Image.Transpose.ROTATE_90))
    dialog = ScanDialog(data, prepare(data), ("毕业证书",), 1)
    qtbot.addWidget(dialog)
    assert dialog.warning.text().startswith("预审提示：图片横置（未摆正）")
    dialog.turn()  # R: a quarter clockwise, upright now
    assert dialog.scan.findings == () and dialog.warning.text() == ""
    good = jpeg(document(23))
    clean = ScanDialog(good, prepare(good), ("毕业证书",), 1)
    qtbot.addWidget(clean)
    assert clean.warning.text() == "" and clean.warning.isHidden()


def test_the_import_preview_says_each_scans_problem(qtbot: Any, tmp_path: Path) -> None:
    ws = create_store(tmp_path / "store.sqlite")
    actions.enter_candidate(ws, PERSON)
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / f"孙悦{NUMBER}毕业证书第1页.jpg").write_bytes(_blurred())
    (folder / f"孙悦{NUMBER}专业技术资格证书第1页.jpg").write_bytes(jpeg(document(24)))
    dialog = ScanImportDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start([folder])
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.busy(), timeout=30_000)
    table = dialog.table
    by_file = {table.item(r, 0).text(): table.item(r, WARNINGS).text() for r in range(table.rowCount())}
    assert by_file == {
        f"孙悦{NUMBER}毕业证书第1页.jpg": "图片不清晰（模糊）",
        f"孙悦{NUMBER}专业技术资格证书第1页.jpg": "",
    }
    assert dialog.summary.text().endswith("其中 1 个有预审提示（可以归档）")
    assert dialog.file_button.isEnabled()  # a warning, not a refusal
    dialog.grab().save(str(tmp_path / "import_flags.png"))


def test_the_flags_frame_reads_in_english(qtbot: Any, english: Any, tmp_path: Path) -> None:  # noqa: F811
    ws = create_store(tmp_path / "store.sqlite")
    uid = actions.enter_candidate(ws, PERSON)
    page = _page(qtbot, ws)
    page.select(uid)
    headers = [page.table.horizontalHeaderItem(i).text() for i in range(page.table.columnCount())]
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in header) for header in headers), headers
    data = jpeg(document(25).filter(ImageFilter.GaussianBlur(7)))
    dialog = ScanDialog(data, prepare(data), ("毕业证书",), 1)
    qtbot.addWidget(dialog)
    frame = dialog.warning.text().replace("图片不清晰（模糊）", "")
    assert frame and not any("\u4e00" <= ch <= "\u9fff" for ch in frame), frame
