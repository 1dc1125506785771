"""实名认证审核 in the workstation against the real server: candidates submit 身份证(人工审核) on the phone
pages (HTTP), the 省级 administrator answers with the keyboard, the sync sends the answers (owned ids,
replayed idempotently) and a colleague's earlier answer comes back as a conflict; photos leave the
workstation once decided."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from english import english  # noqa: F401 (a fixture)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reviewdesk.domain.enums import IdType, Tier
from reviewdesk.domain.realname import REJECT_NEEDS_REASON, QueueOutcome
from reviewdesk.server.demo import id_cards
from reviewdesk.server.identity_queue import DECIDED_MEANWHILE
from reviewdesk.server.testing import CandidatePhone, seeded_server
from reviewdesk.sync.client import ApiClient
from reviewdesk.views.identity.page import IdentityQueuePage


def _people(server, count: int) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from reviewdesk.server.db import Database
    from reviewdesk.server.models import Record

    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            rows = session.execute(
                select(Record.name, Record.id_number)
                .where(Record.id_type == IdType.RESIDENT_ID.value)
                .order_by(Record.id)
                .limit(count)
            ).all()
    finally:
        database.dispose()
    return [tuple(row) for row in rows]


def _synced(qtbot, page: IdentityQueuePage):
    with qtbot.waitSignal(page.synced, timeout=60_000) as blocker:
        page.sync()
    return blocker.args[0]


def test_the_queue_round_trip_through_the_workstation(qtbot, tmp_path: Path, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: warnings.append(text))
    with seeded_server(tmp_path, candidates=200) as server:
        (name_a, number_a), (name_b, number_b), (name_c, number_c) = _people(server, 3)
        phones = {}
        for phone_number, name, number in (
            ("13600000001", name_a, number_a),
            ("13600000002", name_b, number_b),
            ("13600000003", name_c, number_c),
        ):
            phone = CandidatePhone(server.url, phone_number)
            front = id_cards.front(name, number)
            assert phone.submit_identity("id_manual", name, number, front, id_cards.back()).url.endswith(
                "/m/realname"
            )
            phones[number] = phone

        client = ApiClient(server.url)
        account = server.account(Tier.PROVINCE)
        client.login(account.username, account.password)
        page = IdentityQueuePage(client, tmp_path / "workspace")
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        qtbot.waitExposed(page)

        report = _synced(qtbot, page)
        assert (report.waiting, report.error) == (3, "")
        assert page.list.count() == 3
        assert page.values["real_name"].text() == name_a
        assert page.values["id_number"].text() == number_a
        assert page.values["method"].text() == "身份证(人工审核)"
        photos = sorted(p.name for p in page.store.photo_dir.iterdir())
        assert len(photos) == 4  # three fronts, one shared back (content-addressed)
        qtbot.waitUntil(
            lambda: page.viewer.loaded_faces() == 2, timeout=30_000
        )  # front and back, side by side
        assert (
            page.values["submitted_at"].text().startswith("20")
            and "+" not in page.values["submitted_at"].text()
        )
        if os.environ.get("REVIEWDESK_SCREENSHOT_DIR"):
            page.grab().save(
                str(Path(os.environ["REVIEWDESK_SCREENSHOT_DIR"]) / "screenshot-identity-queue.png")
            )

        # A colleague approves B first, on the server.
        colleague = server.reviewer(Tier.PROVINCE)
        waiting_b = next(
            i for i in colleague.get("/v1/identity/submissions")["items"] if i["id_number"] == number_b
        )
        colleague.post(
            "/v1/identity/decisions",
            {
                "items": [
                    {
                        "decision_id": "5f0c7f3e-8a8e-4a53-9a49-1b7bb1d3c001",
                        "submission_id": waiting_b["id"],
                        "outcome": "approve",
                        "base": {"version": waiting_b["version"]},
                    }
                ]
            },
        )

        # Keyboard: 不通过 without a reason is refused; with one it is queued and B comes up.
        page.list.setFocus()
        qtbot.keyClick(page.list, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
        assert warnings == [REJECT_NEEDS_REASON]
        assert page.store.unsent() == 0
        qtbot.keyClick(page.list, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert page.reason.hasFocus()
        page.reason.setText("照片模糊，请重新拍摄")  # (QTest cannot type Chinese: an input method does)
        qtbot.keyClick(page.reason, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
        assert page.store.unsent() == 1
        assert page.list.count() == 2 and page.values["real_name"].text() == name_b
        qtbot.keyClick(page.list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # B: too late
        assert page.values["real_name"].text() == name_c

        # C: approved, and its request is "lost" after the server applied it; the sync resends it.
        decision_c = page.store.decide(page.current().id, QueueOutcome.APPROVE)
        resent = page.store.claim()
        answers = client.push_identity_decisions([i for i in resent if i["decision_id"] == decision_c])
        assert answers[0]["status"] == "applied"

        report = _synced(qtbot, page)
        assert report.error == ""
        assert (report.sent, report.applied, report.problems) == (3, 2, 1)
        assert page.store.unsent() == 0 and page.list.count() == 0
        assert page.problems.text() == f"{name_b} {number_b}：通过未生效 — {DECIDED_MEANWHILE}"
        assert list(page.store.photo_dir.iterdir()) == []  # no ID photo stays on the workstation

        assert "认证未通过：照片模糊，请重新拍摄" in phones[number_a].page("/realname")
        assert "认证成功" in phones[number_b].page("/realname")
        assert "认证成功" in phones[number_c].page("/realname")


@pytest.fixture(autouse=True)
def _no_stray_threads(qtbot):
    yield
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)


def test_the_province_window_has_the_queue_and_f5_syncs_it(qtbot, tmp_path: Path) -> None:
    from reviewdesk.sync.engine import SyncEngine
    from reviewdesk.sync.session import connect
    from reviewdesk.views.review.window import MainWindow
    from reviewdesk.views.shell.settings import AppSettings

    with seeded_server(tmp_path, candidates=200) as server:
        ((name, number),) = _people(server, 1)
        phone = CandidatePhone(server.url, "13600000009")
        phone.submit_identity("id_manual", name, number, id_cards.front(name, number), id_cards.back())
        for tier, has_page in ((Tier.UNIT, False), (Tier.PROVINCE, True)):
            account = server.account(tier)
            workspace, client = connect(server.url, account.username, account.password, tmp_path / tier.value)
            assert SyncEngine(workspace, client).sync().ok
            window = MainWindow(
                workspace,
                client,
                settings=AppSettings.at_file(tmp_path / f"{tier.value}.ini"),
                show_sync_dialog=False,
            )
            qtbot.addWidget(window)
            try:
                assert ("identity" in window.pages) is has_page
                if has_page:
                    queue = window.pages["identity"]
                    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
                    assert titles[-1] == "实名认证审核"
                    with qtbot.waitSignal(queue.synced, timeout=60_000):
                        window.sync()  # what F5 runs: the records, then the queue
                    assert queue.list.count() == 1 and queue.values["id_number"].text() == number
            finally:
                window.shutdown()
                workspace.close()


def test_the_queue_names_the_method_and_document_in_english(
    qtbot,
    english,  # noqa: F811
    tmp_path: Path,
) -> None:
    with seeded_server(tmp_path, candidates=200) as server:
        ((name, number),) = _people(server, 1)
        phone = CandidatePhone(server.url, "13600000011")
        phone.submit_identity("id_manual", name, number, id_cards.front(name, number), id_cards.back())
        client = ApiClient(server.url)
        account = server.account(Tier.PROVINCE)
        client.login(account.username, account.password)
        page = IdentityQueuePage(client, tmp_path / "workspace")
        qtbot.addWidget(page)
        assert _synced(qtbot, page).waiting == 1
        assert page.values["method"].text() == "ID card (manual review)"
        assert page.values["id_type"].text() == "Resident ID card"
        assert page.list.item(0).text() == f"{name} · ID card (manual review)"
