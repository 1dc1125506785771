"""The 导出 dialog over a real store: background export with progress, 取消, failures, responsiveness."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from english import english  # noqa: F401 (a fixture)

from reviewdesk.domain.enums import Level, Tier
from reviewdesk.store.columns import COLUMNS_BY_KEY, DEFAULT_VISIBLE, ROW_FIELDS
from reviewdesk.store.export import safe_text
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.testing import build_store
from reviewdesk.views.review.export_dialog import ExportDialog, default_export_path

N = 2500


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    ws = build_store(tmp_path_factory.mktemp("export-store") / "ws.sqlite", N, seed=3, tier=Tier.CITY)
    yield ws
    ws.close()


class GatedRows:
    """The workspace, except that page ``gate_page`` waits until released: a slow disk, on demand."""

    def __init__(self, workspace: Any, gate_page: int) -> None:
        self.workspace = workspace
        self.me = workspace.me
        self.gate_page = gate_page
        self.pages = 0
        self.waiting = threading.Event()
        self.release = threading.Event()

    def rows(self, ids: Sequence[int], fields: Sequence[str] = ROW_FIELDS) -> dict[int, dict[str, Any]]:
        self.pages += 1
        if self.pages == self.gate_page:
            self.waiting.set()
            assert self.release.wait(30)
        return self.workspace.rows(ids, fields)


def _dialog(
    qtbot: Any, workspace: Any, ids: list[int], path: Path, keys: Sequence[str] = DEFAULT_VISIBLE
) -> ExportDialog:
    dialog = ExportDialog(
        workspace, ids, keys, RecordFilter(level=Level.INTERMEDIATE), SortKey("name", True), path=path
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_export_runs_in_the_background_and_matches_the_list(qtbot: Any, store: Any, tmp_path: Path) -> None:
    ids = list(reversed(store.record_ids()))[:2000]
    gated = GatedRows(store, gate_page=2)
    dialog = _dialog(qtbot, gated, ids, tmp_path / "列表")  # no suffix: .xlsx is added
    dialog.export_button.click()
    # The worker is stuck on its second page, yet the GUI thread keeps processing events.
    qtbot.waitUntil(gated.waiting.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.progress.value() == 1000, timeout=10_000)
    assert dialog.is_running() and not dialog.export_button.isEnabled()
    gated.release.set()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.error == "" and dialog.result_ is not None and dialog.result_.rows == 2000
    target = tmp_path / "列表.xlsx"
    assert dialog.result_.path == target and "导出完成" in dialog.status.text()
    assert dialog.open_button.isVisible() and dialog.cancel_button.text() == "关闭"

    keys = [k for k in DEFAULT_VISIBLE if k != "action"]
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert [c.value for c in sheet[1]] == [COLUMNS_BY_KEY[k].title for k in keys]
    rows = store.rows(ids)
    for position, (record_id, cells) in enumerate(zip(ids, sheet.iter_rows(min_row=2), strict=True), 1):
        row = {**rows[record_id], "_seq": position}
        for key, cell in zip(keys, cells, strict=True):
            if key == "seq":
                assert cell.value == position
            elif key == "submitted_at":
                shown = COLUMNS_BY_KEY[key].display(row)
                assert (cell.value.strftime("%Y-%m-%d %H:%M") if cell.value else "") == shown
            else:
                assert (cell.value or "") == safe_text(COLUMNS_BY_KEY[key].display(row)), key
    info = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(target)["导出条件"].iter_rows(values_only=True)
        if r and r[0]
    }
    assert info["申报级别"] == "中级" and info["排序"] == "姓名 降序"


def test_cancel_leaves_no_file(qtbot: Any, store: Any, tmp_path: Path) -> None:
    gated = GatedRows(store, gate_page=2)
    dialog = _dialog(qtbot, gated, store.record_ids(), tmp_path / "out.xlsx")
    dialog.export_button.click()
    qtbot.waitUntil(gated.waiting.is_set, timeout=10_000)
    dialog.cancel_button.click()
    assert dialog.status.text() == "正在取消…"
    gated.release.set()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.result_ is not None and dialog.result_.cancelled
    assert "已取消导出" in dialog.status.text()
    assert list(tmp_path.iterdir()) == []
    # The dialog can export again after a cancel.
    assert dialog.export_button.isEnabled() and dialog.export_button.text() == "导出"


def test_failure_is_reported_clearly_and_leaves_nothing(qtbot: Any, store: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    dialog = _dialog(qtbot, store, store.record_ids()[:10], blocker / "out.xlsx")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.error.startswith("导出失败：保存位置不是文件夹")
    assert dialog.status.text() == dialog.error and not dialog.open_button.isVisible()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_masked_export_and_empty_list(qtbot: Any, store: Any, tmp_path: Path) -> None:
    ids = store.record_ids()[:5]
    dialog = _dialog(qtbot, store, ids, tmp_path / "masked.xlsx", ["name", "id_number"])
    dialog.mask_box.setChecked(True)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    values = [
        r[1]
        for r in openpyxl.load_workbook(tmp_path / "masked.xlsx")
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    ]
    full = [store.rows(ids)[i]["id_number"] for i in ids]
    assert values == [n[:6] + "*" * (len(n) - 10) + n[-4:] for n in full]

    import numpy as np

    as_array = _dialog(qtbot, store, np.array(ids, dtype=np.int64), tmp_path / "array.xlsx", ["name"])
    as_array.export_button.click()  # the fast index hands over numpy id arrays
    qtbot.waitUntil(lambda: not as_array.is_running(), timeout=30_000)
    assert as_array.result_ is not None and as_array.result_.rows == 5

    empty = _dialog(qtbot, store, [], tmp_path / "empty.xlsx")
    assert not empty.export_button.isEnabled() and "没有记录" in empty.status.text()
    assert default_export_path(tmp_path).name.startswith("报名材料审核_")


def test_visible_columns_follow_the_header(qtbot: Any, store: Any) -> None:
    from PySide6.QtWidgets import QTableView

    from reviewdesk.views.review.export_dialog import visible_column_keys
    from reviewdesk.views.review.table_model import RecordTableModel

    model = RecordTableModel(store.rows, columns=["seq", "name", "id_number", "unit_name"])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    header = view.horizontalHeader()
    header.moveSection(3, 1)  # 申报单位 dragged next to 序号
    header.hideSection(2)  # 证件号码 hidden
    assert visible_column_keys(view) == ["seq", "unit_name", "name"]


def test_main_window_export_writes_exactly_the_list(qtbot: Any, store: Any, tmp_path: Path) -> None:
    from reviewdesk.views.review.window import MainWindow

    window = MainWindow(store, None, show_sync_dialog=False)
    qtbot.addWidget(window)
    window.apply_filter(RecordFilter(level=Level.INTERMEDIATE))
    window.sort_by(SortKey("name", descending=True))
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < N, timeout=10_000)
    header = window.table.horizontalHeader()
    header.hideSection(window.model.column_of("unit_name"))
    dialog = window.export()
    dialog.path_edit.setText(str(tmp_path / "from-window.xlsx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.result_ is not None and not dialog.result_.cancelled, dialog.error
    sheet = openpyxl.load_workbook(tmp_path / "from-window.xlsx").worksheets[0]
    titles = [c.value for c in sheet[1]]
    assert "申报单位" not in titles and "操作" not in titles and titles[0] == "序号"
    ids = [int(i) for i in window.model.ids]
    name_column = titles.index("姓名")
    names = [row[name_column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    rows = store.rows(ids)
    assert names == [safe_text(rows[i]["name"]) for i in ids]  # the list's filter and sort order
    dialog.close()
    window.shutdown()


@pytest.mark.usefixtures("english")
def test_dialog_in_english_file_in_chinese(qtbot: Any, store: Any, tmp_path: Path) -> None:
    """Issue 7: the dialog speaks English; the .xlsx keeps the office document's Chinese headers."""
    ids = store.record_ids()[:10]
    dialog = _dialog(qtbot, store, ids, tmp_path / "english.xlsx", ["seq", "name", "id_number"])
    assert dialog.windowTitle() == "Export"
    assert dialog.summary.text() == (
        "Exports the 10 records of the current list (with its filters and sort order),"
        " 3 columns: No., Name, ID number"
    )
    assert dialog.export_button.text() == "Export" and dialog.cancel_button.text() == "Cancel"
    assert dialog.mask_box.text().startswith("Mask ID numbers")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.status.text().startswith("Export finished: 10 records saved to ")
    assert dialog.cancel_button.text() == "Close" and dialog.export_button.text() == "Export again"
    sheet = openpyxl.load_workbook(tmp_path / "english.xlsx").worksheets[0]
    assert [c.value for c in sheet[1]] == ["序号", "姓名", "证件号码"]

    empty = _dialog(qtbot, store, [], tmp_path / "empty.xlsx")
    assert empty.status.text() == "The current list has no records to export"


def test_every_column_title_is_translated(english) -> None:  # noqa: F811
    from reviewdesk.store.columns import COLUMNS
    from reviewdesk.views.common.column_titles import column_title

    titles = [column_title(c.key) for c in COLUMNS]
    assert all(t.isascii() for t in titles), titles  # build_translations.py extracts store.columns


def test_the_completion_message_says_which_cells_were_changed(qtbot: Any, tmp_path: Path) -> None:
    """Cells the .xlsx cannot hold as stored (text from before the server refused control characters):
    the message counts them by how they changed, as the 导出条件 sheet does (test_export_records)."""
    from sqlalchemy import text

    ws = build_store(tmp_path / "ws.sqlite", 20, seed=5, tier=Tier.CITY)
    try:
        ids = ws.record_ids()[:3]
        with ws.engine.begin() as conn:
            conn.execute(text("UPDATE records SET name = char(1) WHERE id = :i"), {"i": ids[0]})
            conn.execute(
                text("UPDATE records SET unit_name = :u WHERE id = :i"), {"u": "院" * 40_000, "i": ids[1]}
            )
        dialog = _dialog(qtbot, ws, ids, tmp_path / "cells.xlsx", ["seq", "name", "unit_name"])
        dialog.export_button.click()
        qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
        assert dialog.status.text().endswith(
            "。注意：1 个单元格删除了无法保存的控制字符（其中 1 个因此变为空）；"
            "1 个单元格超过 Excel 上限（32,767 个字符）被截断，详见“导出条件”工作表"
        )
    finally:
        ws.close()
