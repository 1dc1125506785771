"""专项信息 page: filters, card grid, single and batch 核验 with undo, thumbnails, the viewer.

Local tests use a real store (SQLite in tmp_path, real scan files in its blob folder); the last test runs
the whole loop against the embedded seeded server: download, verify in a batch, sync, and the server
holds the 核验.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from english import english  # noqa: F401 (a fixture)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QMessageBox
from view_fixtures import make_scan

from reviewdesk.domain.enums import (
    DataScope,
    EducationLevel,
    MaterialKind,
    ReviewStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.store import ingest
from reviewdesk.store.material_query import MaterialFilter, find_materials, load_cards
from reviewdesk.store.testing import create_store, make_review, make_snapshot
from reviewdesk.views.special.card_delegate import CardGeometry
from reviewdesk.views.special.cards import image_text
from reviewdesk.views.special.page import SpecialInfoPage
from reviewdesk.views.special.verify_dialog import REMARK_REQUIRED, VerifyDialog

N_RECORDS = 60


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    """A unit reviewer's store: 60 candidates, the first 10 with real scans downloaded, record 5 reported
    up (locked for the unit), every 学历 of record 7 from a 大专 in 江汉大学."""
    ws = create_store(tmp_path / "data" / "ws.sqlite", Tier.UNIT)
    snapshots = [make_snapshot(i) for i in range(1, N_RECORDS + 1)]
    for snap in snapshots[:10]:
        scan = make_scan(tmp_path / f"scan{snap['id']}.jpg", (1200, 900))
        sha = hashlib.sha256(scan.read_bytes()).hexdigest()
        snap["materials"][0]["images"][0]["sha256"] = sha
        ws.add_blob(sha, scan, "image/jpeg")
    snapshots[4]["review"] = make_review(
        {Tier.UNIT: ReviewStatus.PASSED, Tier.COUNTY: ReviewStatus.PENDING}, Tier.COUNTY
    )
    snapshots[6]["materials"][0]["fields"].update({"学历层级": "大专", "毕业学校": "江汉大学"})
    ingest.apply_snapshots(ws, snapshots)
    yield ws
    ws.close()


@pytest.fixture
def page(qtbot: Any, store: Any, tmp_path: Path) -> Iterator[SpecialInfoPage]:
    widget = SpecialInfoPage(store)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def _verify_states(store: Any, material_ids: list[int]) -> dict[int, str]:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT id, verify_status FROM materials WHERE id IN ({','.join(map(str, material_ids))})")
        )
        return dict(rows.all())


def test_filters_search_reset_and_collapse(page: SpecialInfoPage, store: Any) -> None:
    assert page.kind() is MaterialKind.EDUCATION
    assert len(page.ids()) == N_RECORDS
    assert page.summary.text().startswith(f"学历信息 共 {N_RECORDS} 条")

    page.filters.set_filter(MaterialFilter(education_level=EducationLevel.COLLEGE, school="江汉"))
    page.filters.search_button.click()
    expected = find_materials(
        store.engine,
        MaterialKind.EDUCATION,
        MaterialFilter(education_level=EducationLevel.COLLEGE, school="江汉"),
        tier=Tier.UNIT,
        org_id=store.me.org_id,
    )
    assert page.ids() == expected and 71 in expected
    assert all(page.card(i).fields["毕业学校"].find("江汉") >= 0 for i in page.ids())

    page.filters.set_filter(MaterialFilter(review_status=ReviewStatus.PASSED))
    page.search()
    assert page.ids() == [51]  # record 5, passed at the unit (and reported up)
    page.filters.set_filter(MaterialFilter(data_scope=DataScope.DIRECT))
    page.search()
    org = store.me.org_id
    direct = {
        i * 10 + 1
        for i in range(1, N_RECORDS + 1)
        if org in (make_snapshot(i)["unit_id"], make_snapshot(i)["unit_parent_id"])
    }
    assert set(page.ids()) == direct and len(direct) < N_RECORDS

    page.filters.reset_button.click()
    assert len(page.ids()) == N_RECORDS and page.filters.filter() == MaterialFilter()

    assert not page.filters.is_collapsed()
    page.filters.collapse_button.click()
    assert page.filters.is_collapsed() and page.filters.collapse_button.text() == "展开"
    page.filters.collapse_button.click()
    assert not page.filters.is_collapsed()


def test_tabs_switch_kind_and_keep_each_kinds_filters(page: SpecialInfoPage) -> None:
    page.filters.set_filter(MaterialFilter(school="武汉"))
    page.search()
    education = page.ids()
    page.tabs.setCurrentIndex(4)  # 专技职称
    assert page.kind() is MaterialKind.TITLE
    assert page.ids() and all(i % 10 == 2 for i in page.ids())
    assert page.filters.school.isHidden() and page.filters.education_level.isHidden()
    assert not page.filters.verify_status.isHidden()
    page.set_kind(MaterialKind.EDUCATION)
    assert page.filters.school.text() == "武汉" and page.ids() == education
    page.set_kind(MaterialKind.NURSE_PRACTICE)
    assert page.ids() == [] and "共 0 条" in page.summary.text()


def test_batch_verification_applies_to_selection_or_all_matching_and_undoes(
    page: SpecialInfoPage, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))

    def accept_pass(dialog: VerifyDialog) -> int:
        dialog.passed.setChecked(True)
        return QDialog.DialogCode.Accepted

    page.select_ids([11, 21, 31])
    assert "已选 3 条" in page.summary.text()
    monkeypatch.setattr(VerifyDialog, "exec", accept_pass)
    page.filters.batch_button.click()
    assert _verify_states(store, [11, 21, 31, 41]) == {
        11: "verified",
        21: "verified",
        31: "verified",
        41: "pending",
    }
    card = page.card(11)
    assert card is not None and card.pending and card.verify_status is VerifyStatus.VERIFIED
    assert "核验通过 3" in page.summary.text()
    assert store.record(1).materials[0].verify_status is VerifyStatus.VERIFIED  # the record shows it

    assert page.undo_button.isEnabled() and "核验通过" in page.undo_button.toolTip()
    assert page.undo() is not None
    assert _verify_states(store, [11, 21, 31]) == dict.fromkeys([11, 21, 31], "pending")
    assert not page.undo_button.isEnabled()
    assert not page.card(11).pending

    def accept_fail_all(dialog: VerifyDialog) -> int:
        dialog.failed.setChecked(True)
        assert dialog.problem_text() == REMARK_REQUIRED  # 提交 stays disabled without a remark
        dialog.remark.setPlainText("学历信息与证书不一致")
        dialog.all_matching.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(VerifyDialog, "exec", accept_fail_all)
    page.open_batch_dialog()
    states = _verify_states(store, page.ids())
    assert states[51] == "pending"  # record 5 was reported up: the unit may no longer verify it
    assert sum(1 for s in states.values() if s == "failed") == N_RECORDS - 1
    assert warnings and "已材料上报至上级" in warnings[-1] and "1 条不能核验" in warnings[-1]
    assert page.card(51).refusal
    assert store.record(2).materials[0].verify_remark == "学历信息与证书不一致"


def test_failed_verification_needs_a_remark(page: SpecialInfoPage, store: Any) -> None:
    assert page.verify([11], VerifyStatus.FAILED, "  ") is None
    assert page.message.text() == REMARK_REQUIRED
    assert _verify_states(store, [11]) == {11: "pending"}
    dialog = VerifyDialog(1, 0, page, status=VerifyStatus.FAILED, single_title="核验不通过")
    from PySide6.QtWidgets import QDialogButtonBox

    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.common.activated.emit(1)  # a common remark, one click away
    assert dialog.remark_text() and ok.isEnabled()


def test_single_verification_from_the_card_buttons_and_the_keyboard(
    page: SpecialInfoPage, store: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page.view
    rect = view.visualRect(page.model.index(0))
    first = page.ids()[0]
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=CardGeometry.pass_rect(rect.adjusted(2, 2, -2, -2)).center(),
    )
    assert _verify_states(store, [first]) == {first: "verified"}

    def fail_with_remark(dialog: VerifyDialog) -> int:
        dialog.remark.setPlainText("图片不清晰")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(VerifyDialog, "exec", fail_with_remark)
    second = page.ids()[1]
    rect2 = view.visualRect(page.model.index(1)).adjusted(2, 2, -2, -2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=CardGeometry.fail_rect(rect2).center())
    assert _verify_states(store, [second]) == {second: "failed"}
    assert page.card(second).verify_remark == "图片不清晰"

    third = page.ids()[2]
    page.select_ids([third])
    view.setCurrentIndex(page.model.index(2))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Y)
    assert _verify_states(store, [third]) == {third: "verified"}
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _verify_states(store, [third]) == {third: "pending"}


def test_thumbnails_are_made_off_thread_and_the_viewer_opens(
    page: SpecialInfoPage, store: Any, qtbot: Any, tmp_path: Path
) -> None:
    page.filters.set_filter(MaterialFilter(school=page.card(11).fields["毕业学校"]))
    page.search()  # brings record 1 (with a downloaded scan) near the top
    row = page.model.row_of(11)
    page.view.scrollTo(page.model.index(row))
    card = page.card(11)
    assert card is not None and card.first_image is not None
    sha = card.first_image["sha256"]
    page.view.viewport().update()
    qtbot.waitUntil(lambda: isinstance(page.thumbnails.pixmap(sha), QPixmap), timeout=15_000)
    assert (tmp_path / "data" / "thumbnails").is_dir()
    # A card whose scan is not downloaded says so instead of an image.
    missing = load_cards(store.engine, [601], tier=Tier.UNIT)[601]  # record 60: scan not downloaded
    qtbot.waitUntil(
        lambda: isinstance(page.thumbnails.pixmap(missing.first_image["sha256"]), str), timeout=15_000
    )
    assert "尚未下载" in page.thumbnails.pixmap(missing.first_image["sha256"])

    rect = page.view.visualRect(page.model.index(row)).adjusted(2, 2, -2, -2)
    qtbot.mouseClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=CardGeometry.image_rect(rect).center()
    )
    viewer = page._viewer
    assert viewer is not None and viewer.isVisible()
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 1, timeout=15_000)
    assert card.name in viewer.windowTitle()
    viewer.close()


def test_a_broken_scan_card_says_why_without_the_files_hash(store: Any, qtbot: Any) -> None:
    card = load_cards(store.engine, [21], tier=Tier.UNIT)[21]  # record 2: its scan is downloaded
    assert card.first_image is not None
    sha = card.first_image["sha256"]
    path = store.blob_path(sha)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 4])  # cut short, like an interrupted download
    page = SpecialInfoPage(store)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    try:
        qtbot.waitUntil(lambda: isinstance(page.thumbnails.pixmap(sha), str), timeout=15_000)
        shown = image_text(card, page.thumbnails.pixmap(sha))
        assert shown.startswith("图片文件不完整")
        assert sha not in shown  # its 64 characters ran out of the image box
        assert image_text(card, None) == "加载中…"
    finally:
        page.shutdown()


def test_grid_scrolls_through_thousands_without_loading_them_all(qtbot: Any, tmp_path: Path) -> None:
    ws = create_store(tmp_path / "big" / "ws.sqlite", Tier.UNIT)
    ingest.apply_snapshots(ws, [make_snapshot(i) for i in range(1, 3001)])
    page = SpecialInfoPage(ws)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() == 3000
    page.view.scrollToBottom()
    page.view.viewport().repaint()
    assert len(page.model._cards) < 200  # only the cards near what was painted were loaded
    last = page.model.card(2999)
    assert last is not None and last.material_id == page.ids()[-1]
    page.select_all()
    assert len(page.selected_ids()) == 3000
    page.shutdown()
    ws.close()


# -- against the embedded server -----------------------------------------------------------------------
def test_batch_verification_syncs_to_the_server(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewdesk.server.testing import seeded_server
    from reviewdesk.sync.engine import SyncEngine
    from reviewdesk.sync.session import connect

    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    with seeded_server(tmp_path / "server", candidates=200) as server:
        # The unit with the most submitted records still waiting at the unit: plenty of 学历 to verify.
        waiting = {
            unit_id: len(
                server.find_records(unit_id=unit_id, submit_status="submitted", status=("unit", "pending"))
            )
            for unit_id in server.units()
        }
        account = server.account_for_org(max(waiting, key=lambda u: waiting[u]))
        workspace, client = connect(server.url, account.username, account.password, tmp_path / "desk")
        engine = SyncEngine(workspace, client)
        first = engine.sync()
        assert first.error is None and first.downloaded > 0 and first.blobs > 0
        page = SpecialInfoPage(workspace)
        qtbot.addWidget(page)
        page.resize(1400, 900)
        page.show()
        page.filters.set_filter(MaterialFilter(verify_status=VerifyStatus.PENDING))
        page.search()
        open_ids = [i for i in page.ids() if not page.card(i).refusal]
        assert len(open_ids) >= 3, "the demo unit has pending 学历 to verify"
        passed, failed = open_ids[:2], open_ids[2]

        page.select_ids(passed)
        page.verify(page.selected_ids(), VerifyStatus.VERIFIED, "")
        assert all(page.card(i).pending for i in passed)
        assert page.undo() is not None  # one gesture, one undo: the whole batch comes back
        assert not any(page.card(i).pending for i in passed)
        page.verify(passed, VerifyStatus.VERIFIED, "")
        page.verify([failed], VerifyStatus.FAILED, "学历信息与证书不一致")
        assert all(page.card(i).pending for i in [*passed, failed])
        record_of = {i: page.card(i).record_id for i in [*passed, failed]}

        report = engine.sync()
        assert report.error is None and report.pushed == 3 and report.conflicts == 0 and report.rejected == 0
        qtbot.waitUntil(lambda: not any(page.card(i).pending for i in [*passed, failed]), timeout=10_000)

        reviewer = server.reviewer(account)
        try:
            for material_id, status, remark in (
                (passed[0], "verified", ""),
                (passed[1], "verified", ""),
                (failed, "failed", "学历信息与证书不一致"),
            ):
                snapshot = reviewer.record(record_of[material_id])
                material = next(m for m in snapshot["materials"] if m["id"] == material_id)
                assert (material["verify_status"], material["verify_remark"]) == (status, remark)
                assert material["verified_by"]
        finally:
            reviewer.close()
        # The candidate's record (detail pane) shows its materials' states from the local view too.
        view = workspace.record(record_of[failed])
        assert next(m for m in view.materials if m.id == failed).verify_status is VerifyStatus.FAILED

        # Real demo scans: thumbnails are made from the downloaded blobs.
        page.set_kind(MaterialKind.EDUCATION)
        page.reset()
        page.view.viewport().update()
        visible = [page.card(i) for i in page.ids()[:6] if page.card(i).first_image is not None]
        assert visible
        qtbot.waitUntil(
            lambda: all(
                isinstance(page.thumbnails.pixmap(c.first_image["sha256"]), QPixmap) for c in visible
            ),
            timeout=30_000,
        )
        page.select_ids([passed[0]])
        page.view.scrollTo(page.model.index(page.model.row_of(passed[0])))
        page.repaint()
        out = _screenshot_path(tmp_path, "screenshot-special-info.png")
        assert page.grab().save(str(out)) and out.stat().st_size > 20_000
        page.shutdown()
        workspace.close()


def _screenshot_path(tmp_path: Path, name: str) -> Path:
    """docs/<name> when REVIEWDESK_SCREENSHOTS=1 (refreshing the documentation), else a temp file: an
    ordinary test run must not rewrite tracked files (the code differs on every run)."""
    import os

    if os.environ.get("REVIEWDESK_SCREENSHOTS") == "1":
        return Path(__file__).resolve().parents[3] / "docs" / name
    return tmp_path / name


@pytest.mark.usefixtures("english")
def test_page_in_english(qtbot: Any, store: Any, monkeypatch: Any) -> None:
    """With English installed the page, its cards and the 核验 dialog speak English (issue 7)."""
    page = SpecialInfoPage(store)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    try:
        assert page.tabs.tabText(0) == "Education"
        assert page.summary.text().startswith(f"Education: {N_RECORDS} in total · Not verified ")
        assert page.filters.search_button.text() == "Search"
        assert page.filters.batch_button.text() == "Batch verify"
        assert page.filters._labels["verify_status"].text() == "Verification status:"
        assert page.filters.verify_status.itemText(0) == "All"
        assert page.pass_button.text() == "Verified" and page.undo_button.text() == "Undo"
        tooltip = page.model.data(page.model.index(0), Qt.ItemDataRole.ToolTipRole)
        assert "School: " in tooltip and "Verification: Not verified" in tooltip
        locked = next(r for r in range(page.model.rowCount()) if page.model.card(r).record_id == 5)
        card = page.model.card(locked)
        assert card.refusal  # reported up: the unit may not verify it now
        tooltip = page.model.data(page.model.index(locked), Qt.ItemDataRole.ToolTipRole)
        assert "Reported up to the superior tier" in tooltip and card.refusal not in tooltip
        warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warnings.append(text))
        page.verify([card.material_id], VerifyStatus.VERIFIED, "")
        assert "Reported up to the superior tier" in warnings[0] and card.refusal not in warnings[0]
        page.filters.collapse_button.click()
        assert page.filters.collapse_button.text() == "Expand"

        page.verify([], VerifyStatus.VERIFIED, "")
        assert page.message.text().startswith("Select the materials to verify first")
        dialog = VerifyDialog(2, 10, page)
        assert dialog.windowTitle() == "Batch verify"
        assert dialog.only_selected.text() == "The 2 selected"
        assert dialog.problem.text() == "Choose a verification status"
        dialog.failed.setChecked(True)
        assert dialog.problem.text().startswith("Please enter a verification remark")
    finally:
        page.shutdown()


def test_every_card_field_name_is_translatable() -> None:
    from reviewdesk.store.material_query import CARD_FIELDS, FIELD_ALIASES
    from reviewdesk.views.common.material_field_names import FIELD_NAMES

    names = {name for fields in CARD_FIELDS.values() for name in fields}
    names |= {alias for aliases in FIELD_ALIASES.values() for alias in aliases}
    assert names == set(FIELD_NAMES)


def test_hidden_page_counts_again_only_when_shown(qtbot: Any, page: SpecialInfoPage, store: Any) -> None:
    """A sync or another page changing the store while 专项信息 is hidden costs it no recount; the
    counts are right again as soon as the reviewer comes back."""
    assert "核验通过 0" in page.summary.text()
    page.hide()
    store.verify([11, 21], VerifyStatus.VERIFIED, "")  # e.g. verified from the main list, or a sync
    qtbot.waitUntil(lambda: page._counts_stale)
    assert "核验通过 0" in page.summary.text()  # not recounted while hidden
    page.show()
    qtbot.waitUntil(lambda: "核验通过 2" in page.summary.text())
    assert not page._counts_stale
