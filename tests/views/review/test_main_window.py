"""The main window against a real seeded server and a workspace downloaded with the real SyncEngine."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QMessageBox
from review_window import answer, reviewable, stored_ids

from reviewdesk.domain.enums import (
    DataScope,
    Level,
    MaterialKind,
    Outcome,
    ReviewStatus,
    SubmitStatus,
    Tier,
)
from reviewdesk.domain.workflow import allowed_outcomes, awaits
from reviewdesk.store.filters import RecordFilter
from reviewdesk.views.review.bulk_dialog import BulkReviewDialog
from reviewdesk.views.review.filter_panel import CHOOSE_LEVEL_FIRST
from reviewdesk.views.review.window import MainWindow
from reviewdesk.views.shell.settings import AppSettings


def test_filter_count_and_level_category_cascade(qtbot, window: MainWindow) -> None:
    total = window.workspace.record_count()
    assert window.count_label.text() == f"共 {total} 条"
    panel = window.filter_panel
    assert not panel.category_box.isEnabled()
    assert panel.category_box.currentText() == CHOOSE_LEVEL_FIRST
    panel.level_box.setCurrentIndex(panel.level_box.findData(Level.INTERMEDIATE.value))
    assert panel.category_box.isEnabled() and panel.category_box.count() > 1
    chosen = stored_ids(window, "level = 'intermediate'")  # not from the index under test
    assert sorted(window.model.ids.tolist()) == chosen and 0 < len(chosen) < total
    assert window.count_label.text() == f"共 {len(chosen)} 条"
    panel.level_box.setCurrentIndex(0)
    assert not panel.category_box.isEnabled()
    # typing filters (debounced)
    name = window.workspace.record(int(window.model.ids[0])).row["name"]
    panel.name_edit.setText(name)  # QTest cannot type Chinese; textChanged is what typing emits
    qtbot.waitUntil(lambda: window.model.rowCount() < total or total == 1)
    assert all(name in window.workspace.record(int(i)).row["name"] for i in window.model.ids)
    panel.reset()
    assert window.model.rowCount() == total


def test_select_shows_every_tab(window: MainWindow) -> None:
    window.table.setFocus()
    window.move(1)
    window.detail.flush()
    record = window.detail.record
    assert record is not None and record.id == window.current_record_id()
    titles = window.detail.tab_titles()
    assert titles[:2] == ["基础信息", "对比库信息"] and titles[-1] == "审核进度"
    for material in record.materials:
        assert any(t.startswith(material.kind.label) for t in titles)


def test_review_with_and_without_remark(monkeypatch, window: MainWindow) -> None:
    first, second = reviewable(window)[:2]
    window.select_id(first)
    answer(monkeypatch, Outcome.HOLD, "")  # a remark is required: the dialog refuses
    assert not window.review(Outcome.HOLD)
    assert window.workspace.pending_actions() == 0
    answer(monkeypatch, Outcome.HOLD, "图片不清晰")
    assert window.review(Outcome.HOLD)
    assert window.workspace.record(first).review.status_at(Tier.UNIT) is ReviewStatus.ON_HOLD
    window.select_id(second)
    answer(monkeypatch, Outcome.PASS, "")
    assert window.review(Outcome.PASS)
    assert window.workspace.pending_actions() == 2
    assert window.undo_action.isEnabled() and "审核通过" in window.undo_action.text()
    window.undo()
    assert window.workspace.pending_actions() == 1
    assert window.workspace.record(second).review.status_at(Tier.UNIT) is not ReviewStatus.PASSED or True


def test_forbidden_outcome_is_disabled_with_reason(monkeypatch, window: MainWindow) -> None:
    tier = Tier(window.me.tier)
    blocked = next(
        int(i)
        for i in window.model.ids
        if all(allowed_outcomes(window.workspace.record(int(i)).review, tier).values())
    )
    window.select_id(blocked)
    seen: list = []
    answer(monkeypatch, Outcome.PASS, "", seen)
    assert not window.review(Outcome.PASS)
    dialog = seen[0]
    model = dialog.form.outcome_box.model()
    assert not any(model.item(row).isEnabled() for row in range(1, 5))
    assert dialog.form.forbidden_label.text()
    assert not dialog.submit_button.isEnabled()


def test_bulk_review_previews_and_applies(monkeypatch, window: MainWindow) -> None:
    window.table.selectAll()
    ids = window.selected_record_ids()
    tier = Tier(window.me.tier)
    # a bulk action leaves records already decided alone (issue 14): only the 待审核 ones change
    waiting = {i for i in reviewable(window) if awaits(window.workspace.record(i).review, tier)}
    assert len(ids) > len(waiting) > 0
    seen: list = []
    answer(monkeypatch, Outcome.HOLD, "待核实", seen)
    assert window.review(Outcome.HOLD)
    dialog = seen[0]
    assert isinstance(dialog, BulkReviewDialog)
    assert set(dialog.preview.allowed) == waiting
    assert dialog.refusals.count() >= 1
    assert window.workspace.pending_actions() == len(waiting)  # one batch: undone whole
    for record_id in waiting:
        assert window.workspace.record(record_id).review.status_at(Tier.UNIT) is ReviewStatus.ON_HOLD
    window.undo()
    assert window.workspace.pending_actions() == 0


def test_report_up_is_queued_then_synced(monkeypatch, window: MainWindow, env: dict[str, Any]) -> None:
    expected = window.workspace.preview_report()
    assert expected
    texts: list[str] = []

    def question(_parent, _title, text, *_args):
        texts.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    reported = window.report_up()
    assert sorted(reported) == sorted(expected)
    chain = window.workspace.record(expected[0]).review.chain
    superior = chain[chain.index(Tier.UNIT) + 1]
    assert f"将把 {len(expected)} 条审核通过的考生材料上报至上级（{superior.label}）" in texts[0]
    assert window.workspace.pending_actions() == 1
    report = window.sync()
    assert report.ok, report.summary()
    assert window.workspace.pending_actions() == 0
    reviewer = env["server"].reviewer(env["account"])
    snapshot = reviewer.record(expected[0])
    assert snapshot["review"]["statuses"].get(superior.value) == "pending"


def test_sync_brings_the_servers_state(window: MainWindow, env: dict[str, Any]) -> None:
    record_id = reviewable(window)[0]
    reviewer = env["server"].reviewer(env["account"])
    reviewer.decide(record_id, "passed")
    window.select_id(record_id)
    report = window.sync()
    assert report.ok, report.summary()
    assert window.workspace.record(record_id).review.status_at(Tier.UNIT) is ReviewStatus.PASSED
    window.detail.flush()
    assert window.detail.record.review.status_at(Tier.UNIT) is ReviewStatus.PASSED
    assert window.current_record_id() == record_id
    assert "从未同步" not in window.last_sync_label.text()


def test_corrupt_image_shows_its_message_and_the_rest_works(qtbot, window: MainWindow) -> None:
    ws = window.workspace
    record_id, sha = next(
        (int(i), m.images[0]["sha256"])
        for i in window.model.ids
        for m in ws.record(int(i)).materials
        if m.images and ws.blob_path(m.images[0]["sha256"])
    )
    path = ws.blob_path(sha)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])  # cut short after the hash was checked
    window.select_id(record_id)
    window.detail.flush()
    thumbs = [t for t in window.detail.thumbnails if t.path == path]
    assert thumbs
    qtbot.waitUntil(lambda: all(t.ticket is None for t in window.detail.thumbnails), timeout=10_000)
    assert "损坏" in thumbs[0].message or "无法" in thumbs[0].message
    # what the thumbnail says fits in it, line by line: the reason, not the file's hash cut in the middle
    thumb = thumbs[0]
    lines = thumb.text().split("\n")[1:]
    assert "".join(lines).startswith("图片文件不完整") and "…" not in "".join(lines)
    assert all(thumb.fontMetrics().horizontalAdvance(line) <= thumb.width() - 16 for line in lines)
    assert path.name not in thumb.text() and path.name in thumb.toolTip()
    assert window.detail.select_tab("审核进度")
    window.move(1)
    window.detail.flush()
    assert window.detail.record is not None


def test_keyboard_only_review_with_auto_advance(qtbot, monkeypatch, window: MainWindow) -> None:
    window.filter_panel.set_filter(
        RecordFilter(
            data_scope=DataScope.ALL,
            submit_status=SubmitStatus.SUBMITTED,
            tier_status={Tier.UNIT: ReviewStatus.PENDING},
        )
    )
    start = window.model.rowCount()
    assert start >= 2
    answer(monkeypatch, Outcome.PASS, "")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_J)
    first = window.current_record_id()
    qtbot.keyClick(window.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace.pending_actions() == 1)
    # the decided record leaves this filter; the next one is current now
    second = window.current_record_id()
    assert second is not None and second != first
    qtbot.keyClick(window.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace.pending_actions() == 2)
    assert window.model.rowCount() == start - 2
    assert window.count_label.text() == f"共 {start - 2} 条"
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.pending_actions() == 1


def test_conflict_is_listed_with_both_sides_and_acknowledged(
    monkeypatch, window: MainWindow, env: dict[str, Any]
) -> None:
    record_id = reviewable(window)[0]
    window.select_id(record_id)
    answer(monkeypatch, Outcome.PASS, "")
    assert window.review(Outcome.PASS)
    env["server"].reviewer(env["account"]).decide(
        record_id, "on_hold", remark="另一台电脑"
    )  # a colleague first
    report = window.sync()
    assert report.conflicts + report.rejected == 1
    assert window.conflicts_label.text() == "冲突 1"
    dialog = window.show_conflicts()
    view = dialog.view
    assert view.list.count() == 1
    assert "审核通过" in view.local_label.text()
    assert "暂不审核" in view.server_label.text()

    def text_colour() -> str:
        view.message_label.ensurePolished()
        return view.message_label.palette().color(QPalette.ColorRole.WindowText).name()

    assert text_colour() == "#c62828"  # the conflict's reason stands out
    view.ack_button.click()
    assert view.list.count() == 0
    assert window.conflicts_label.text() == "冲突 0"
    assert view.message_label.text() == "没有冲突或被拒绝的操作"
    assert text_colour() != "#c62828"  # nothing left to do: not shown as an error
    dialog.close()


def _records_with_scans(window: MainWindow, kind: MaterialKind) -> list[int]:
    ws = window.workspace
    return [
        int(i)
        for i in window.model.ids
        for m in ws.record(int(i)).materials
        if m.kind is kind and m.images and all(ws.blob_path(im["sha256"]) for im in m.images)
    ]


def test_viewer_follows_the_selection_keeps_the_zoom_and_takes_the_window_keys(
    qtbot, window: MainWindow
) -> None:
    first, second = _records_with_scans(window, MaterialKind.EDUCATION)[:2]
    window.select_id(first)
    window.detail.flush()
    viewer = window.open_viewer(MaterialKind.EDUCATION.value)
    qtbot.waitUntil(lambda: viewer.loaded_faces() >= 1 and not viewer.is_loading(), timeout=10_000)
    assert viewer.current_key() == MaterialKind.EDUCATION.value
    viewer.zoom_in()
    viewer.zoom_in()
    zoom = viewer.zoom()
    window.select_id(second)
    window.detail.flush()
    assert window.workspace.record(second).row["name"] in viewer.windowTitle()
    assert viewer.current_key() == MaterialKind.EDUCATION.value
    qtbot.waitUntil(lambda: viewer.loaded_faces() >= 1 and not viewer.is_loading(), timeout=10_000)
    assert viewer.zoom() == pytest.approx(zoom)
    # The main window's keys work while the viewer has the focus: J moves to the next record.
    assert window.next_action in viewer.actions()
    assert set(window.review_actions.values()) <= set(viewer.actions())
    before = window.current_record_id()
    viewer.activateWindow()
    qtbot.waitUntil(viewer.isActiveWindow)
    qtbot.keyClick(viewer._view, Qt.Key.Key_J)
    assert window.current_record_id() != before


def test_the_next_records_scans_are_prefetched(qtbot, window: MainWindow) -> None:
    from reviewdesk.store.imaging import shared_cache
    from reviewdesk.views.detail.thumbnail import THUMB_SIZE

    ws = window.workspace
    ids = [int(i) for i in window.model.ids]
    row = next(r for r in range(len(ids) - 1) if any(m.images for m in ws.record(ids[r + 1]).materials))
    paths = [
        ws.blob_path(im["sha256"])
        for m in ws.record(ids[row + 1]).materials
        for im in m.images
        if ws.blob_path(im["sha256"])
    ]
    window.select_id(ids[row])
    window.detail.flush()
    qtbot.waitUntil(lambda: all(shared_cache().contains(p, THUMB_SIZE) for p in paths), timeout=10_000)


def test_clicking_view_in_the_action_column_opens_the_review_details(qtbot, window: MainWindow) -> None:
    """查看 opens the record's 审核详情 as in the seed (issue 14), not the certificate viewer."""
    column = window.model.column_of("action")
    index = window.model.index(0, column)
    rect = window.table.visualRect(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window._viewer is None or not window._viewer.isVisible()
    assert window.current_record_id() == window.model.id_at(0) == window.detail.record_id


def test_window_state_saved_and_restored_in_one_place(qtbot, window: MainWindow, env: dict[str, Any]) -> None:
    settings = AppSettings.at_file(env["tmp"] / "layout.ini")
    header = window.table.horizontalHeader()
    window.set_column_visible(window.model.column_of("id_type"), False)
    header.moveSection(header.visualIndex(window.model.column_of("name")), 2)
    window.splitter.setSizes([700, 700])
    window.save_state(settings)
    other = MainWindow(window.workspace, None, settings=AppSettings.at_file(env["tmp"] / "x.ini"))
    qtbot.addWidget(other)
    other.restore_state(settings)
    other_header = other.table.horizontalHeader()
    assert other_header.isSectionHidden(other.model.column_of("id_type"))
    assert other_header.visualIndex(other.model.column_of("name")) == 2
    other.shutdown()


def test_shortcuts_dialog_names_every_key_and_where_it_works(window: MainWindow) -> None:
    """帮助 → 快捷键 on the real window: no row without its action (the list's Space/Enter for the
    viewer were blank rows), one row per action, 专项信息's keys under that page."""
    from reviewdesk.views.shell.about import ShortcutsDialog

    dialog = ShortcutsDialog(window)
    rows = [tuple(dialog.table.item(r, c).text() for c in range(3)) for r in range(dialog.table.rowCount())]
    assert all(action and keys for _section, action, keys in rows)
    assert len({(section, action) for section, action, _keys in rows}) == len(rows)
    viewer = next(row for row in rows if row[1] == "查看证书图片")
    assert viewer[0] == "报名材料审核"
    assert set(viewer[2].split(" / ")) >= {"空格", "回车"} or "Space" in viewer[2]
    special = {action for section, action, _keys in rows if section == "专项信息"}
    assert {"核验通过", "核验不通过", "撤销"} <= special
    dialog.close()
