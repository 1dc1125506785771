"""The 报名材料审核 screens in English (issue 7): navigation, filter bar, list headers and cells, the
detail pane, the status bar and the 冲突 view — built after the English catalogue is installed, against
the same real seeded server as ``test_main_window``; Chinese (the source) again afterwards."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

from english import english  # noqa: F401 (a fixture)
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton
from review_window import answer, reviewable

from reviewdesk.domain import identity
from reviewdesk.domain.enums import DataScope, Outcome, ReviewStatus, VerifyStatus
from reviewdesk.store.columns import COLUMNS, COLUMNS_BY_KEY, SYNC_CONFLICT, SYNC_PENDING
from reviewdesk.store.filters import RecordFilter
from reviewdesk.store.local_actions import ActionSummary
from reviewdesk.views.common.i18n import install_translators, remove_translators, translate
from reviewdesk.views.common.id_check_texts import MESSAGES, id_check_text
from reviewdesk.views.common.workflow_texts import action_summary_text
from reviewdesk.views.review.table_model import FIXED_CELL_TEXTS, STATUS_SYMBOL
from reviewdesk.views.review.window import MainWindow
from reviewdesk.views.shell.settings import AppSettings

ROOT = Path(__file__).resolve().parents[3]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _english_window(qtbot: Any, env: dict[str, Any]) -> MainWindow:
    settings = AppSettings.at_file(env["tmp"] / "settings.ini")
    window = MainWindow(env["workspace"], env["client"], settings=settings, show_sync_dialog=False)
    qtbot.addWidget(window)
    window.show()
    window.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL))
    return window


def _chinese(text: str) -> bool:
    return bool(CJK.search(text))


def test_the_review_list_reads_in_english(qtbot, english, env: dict[str, Any]) -> None:  # noqa: F811
    window = _english_window(qtbot, env)
    try:
        # navigation, menus, count
        assert window.nav.item(0).text() == "Application review"
        assert window.menuBar().actions()[0].text() == "&File"
        assert window.review_actions[Outcome.PASS].text() == "Approved…"
        assert window.count_label.text() == f"{window.model.rowCount()} records"
        assert window.online_label.text() == "Online"
        assert window.last_sync_label.text().startswith("Last sync: ")

        # filter bar: every caption, button, check box and fixed choice (catalogue categories and
        # saved-search names are data)
        panel = window.filter_panel
        captions = {label.text() for label in panel.findChildren(QLabel)}
        assert {"Level applied for:", "Name:", "ID number:", "Unit review status:"} <= captions
        assert panel.search_button.text() == "Search" and panel.advanced_button.text() == "Advanced search"
        assert panel.name_edit.placeholderText() == "Type here"
        assert panel.category_box.currentText() == "Choose a level first"
        texts = [w.text() for w in panel.findChildren(QLabel) + panel.findChildren(QPushButton)]
        texts += [w.text() for w in panel.findChildren(QCheckBox)]
        for box in panel.findChildren(QComboBox):
            if box not in (panel.category_box, panel.saved_box):
                texts += [box.itemText(i) for i in range(box.count())]
        assert not [t for t in texts if _chinese(t)]

        # the list: headers, a status cell, the 操作 and tooltip texts
        model = window.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers[model.column_of("status_unit")] == "Unit review status"
        assert headers[model.column_of("name")] == "Name"
        assert not [h for h in headers if _chinese(h)]
        unit = model.column_of("status_unit")
        row = next(r for r in range(model.rowCount()) if model.index(r, unit).data())
        status = window.workspace.rows([model.id_at(row)])[model.id_at(row)]["status_unit"]
        english_label = translate("Enums", ReviewStatus(status).label)
        assert model.index(row, unit).data() == f"{STATUS_SYMBOL[status]} {english_label}"
        assert not _chinese(english_label)
        assert model.index(row, model.column_of("action")).data() == "View"
        assert model.index(row, unit).data(Qt.ItemDataRole.ToolTipRole).startswith("Unit review status: ")

        # the detail pane: tab titles and the basic form's captions
        window.table.setFocus()
        window.move(1)
        window.detail.flush()
        record = window.detail.record
        titles = window.detail.tab_titles()
        assert titles[:2] == ["Basic information", "Comparison libraries"]
        assert titles[-1] == "Review history"
        assert not [t for t in titles if _chinese(t)]
        assert len(titles) == len(record.materials) + 3
        form = window.detail._basic_form
        captions = [form.captions[i].text() for i in range(len(form.captions)) if form.isRowVisible(i)]
        assert "Name:" in captions and not [c for c in captions if _chinese(c)]
        assert window.detail.select_tab("审核进度")  # the Chinese source still finds the tab
        window.move(1)
        window.detail.flush()
        assert window.detail.tabText(window.detail.currentIndex()) == "Review history"
    finally:
        window.shutdown()


def test_a_decision_a_conflict_and_undo_in_english(
    qtbot,
    monkeypatch,
    english,  # noqa: F811
    env: dict[str, Any],
) -> None:
    window = _english_window(qtbot, env)
    try:
        record_id = reviewable(window)[0]
        window.select_id(record_id)
        answer(monkeypatch, Outcome.PASS, "")
        assert window.review(Outcome.PASS)
        assert window.undo_action.text() == "Undo Approved (1)"
        assert window.pending_label.text() == "Not synced 1"
        sync = window.model.column_of("sync")
        assert window.model.index(window.model.row_of(record_id), sync).data() == "Not synced"
        env["server"].reviewer(env["account"]).decide(record_id, "on_hold", remark="另一台电脑")
        report = window.sync()
        assert report.conflicts + report.rejected == 1
        assert window.conflicts_label.text() == "Conflicts 1"
        record_name = window.workspace.record(record_id).row["name"]
        dialog = window.show_conflicts()
        view = dialog.view
        qtbot.waitExposed(dialog)
        assert dialog.windowTitle() == "Conflicts"
        assert view.local_label.text().startswith("My action: Approved")
        assert "Unit review status: On hold" in view.server_label.text()
        assert not _chinese(view.message_label.text())  # the server's reason, in English
        status = "Conflict" if view.current().status == "conflict" else "Refused"
        assert view.message_label.text().startswith(f"{status}: ")  # one action: not the title's plural
        assert not _chinese(view.list.item(0).text().replace(record_name, ""))
        # the server's side is shown whole (it was cut below the latest action: no 版本 line)
        area = getattr(view, "detail_area", None)  # scrolled to it, if the view scrolls
        if area is not None:
            area.ensureWidgetVisible(view.server_label)
        label = view.server_label
        assert label.height() >= label.heightForWidth(label.width())
        assert label.visibleRegion().boundingRect().height() >= label.heightForWidth(label.width())
        assert view.review_button.text() == "Review again" and view.ack_button.text() == "Got it"
        view.ack_button.click()
        assert window.conflicts_label.text() == "Conflicts 0"
        dialog.close()
    finally:
        window.shutdown()


def _clipped_titles(window: MainWindow) -> list[str]:
    header = window.table.horizontalHeader()
    metrics = header.fontMetrics()
    return [
        str(window.model.headerData(c, Qt.Orientation.Horizontal))
        for c in range(window.model.columnCount())
        if not header.isSectionHidden(c)
        and header.sectionSize(c)
        < metrics.horizontalAdvance(str(window.model.headerData(c, Qt.Orientation.Horizontal)))
    ]


def test_a_layout_saved_in_chinese_shows_whole_english_titles(
    qtbot,
    qapp,
    env: dict[str, Any],
) -> None:
    """设置 → 语言 → English after working in Chinese: the saved column widths were made for the
    Chinese titles; the English ones must not be cut ("mission sta…"), and back in Chinese the columns
    are the Chinese widths again (not the wide English ones). Within one language a width is kept."""
    chinese = _english_window(qtbot, env)  # no translator yet: Chinese
    name = chinese.model.column_of("name")
    chinese.table.setColumnWidth(name, 150)  # a width the reviewer chose
    chinese.close()  # saves the layout
    again = _english_window(qtbot, env)
    assert again.table.columnWidth(name) == 150  # same language: kept
    again.close()
    install_translators(qapp, "en")
    try:
        window = _english_window(qtbot, env)
        try:
            assert window.model.headerData(name, Qt.Orientation.Horizontal) == "Name"
            assert _clipped_titles(window) == []
            window.close()
        finally:
            window.shutdown()
    finally:
        remove_translators(qapp)
        QLocale.setDefault(QLocale.c())
    back = _english_window(qtbot, env)  # Chinese again, with the layout the English window saved
    try:
        assert _clipped_titles(back) == []
        widths = [back.table.columnWidth(c) for c in range(back.model.columnCount())]
        assert widths == [back.default_column_width(c) for c in range(back.model.columnCount())]
    finally:
        back.shutdown()


def test_store_texts_are_translated_through_their_lists(english) -> None:  # noqa: F811
    assert action_summary_text(ActionSummary(Outcome.PASS, 120)) == "Approved (120)"
    assert action_summary_text(ActionSummary(VerifyStatus.VERIFIED, 3)) == "Verified (3)"
    assert action_summary_text(ActionSummary(None, 35)) == "Report up (35)"
    assert action_summary_text("something new") == "something new"
    assert id_check_text(identity.LENGTH_18) == "An ID number has 18 characters"
    assert id_check_text(identity.CHECKSUM_TEMPLATE.format(expected="X")) == (
        "Wrong check character, should be X"
    )


def test_every_store_text_shown_is_listed_for_translation() -> None:
    """The Qt-free layers' Chinese reaches the catalogue only through these lists: keep them complete."""
    domain_messages = [
        value
        for name, value in vars(identity).items()
        if name.isupper() and isinstance(value, str) and _chinese(value)
    ]
    assert list(MESSAGES) == domain_messages
    assert {SYNC_PENDING, SYNC_CONFLICT, COLUMNS_BY_KEY["action"].display({})} == set(FIXED_CELL_TEXTS)
    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "scripts" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # dataclasses look their module up there
    try:
        spec.loader.exec_module(script)
    finally:
        del sys.modules[spec.name]
    assert set(script.column_messages()) == {("Columns", c.title, "") for c in COLUMNS}


def test_screenshot(qtbot, english, env: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    """The main window with data in English (docs/screenshot-main-en.png with REVIEWDESK_SCREENSHOTS=1)."""
    window = _english_window(qtbot, env)
    try:
        window.resize(1600, 950)
        window.filter_panel.set_filter(RecordFilter(data_scope=DataScope.DIRECT))
        shown = [int(i) for i in window.model.ids]
        record_id = next(i for i in shown[5:] if any(m.images for m in window.workspace.record(i).materials))
        window.select_id(record_id)
        window.detail.flush()
        record = window.detail.record
        kind = next(m.kind for m in sorted(record.materials, key=lambda m: m.kind.value) if m.images)
        window.detail.select_tab(translate("Enums", kind.label))
        qtbot.waitUntil(lambda: all(t.ticket is None for t in window.detail.thumbnails), timeout=10_000)
        window.repaint()
        out = _screenshot_path(tmp_path, "screenshot-main-en.png")
        assert window.grab().save(str(out)) and out.stat().st_size > 20_000
    finally:
        window.shutdown()


def _screenshot_path(tmp_path: Path, name: str) -> Path:
    """docs/<name> when REVIEWDESK_SCREENSHOTS=1 (refreshing the documentation), else a temp file: an
    ordinary test run must not rewrite tracked files."""
    import os

    if os.environ.get("REVIEWDESK_SCREENSHOTS") == "1":
        return ROOT / "docs" / name
    return tmp_path / name
