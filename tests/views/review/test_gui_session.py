"""The window's session paths against a real seeded server: 登录 (remembered fields, wrong password,
good password), the offline start, cancelling a 同步, and the list's column layout kept across windows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewdesk import app as app_module
from reviewdesk.domain.enums import DataScope, Outcome, Tier
from reviewdesk.domain.workflow import allowed_outcomes
from reviewdesk.server.testing import seeded_server
from reviewdesk.store.filters import RecordFilter
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import connect
from reviewdesk.views.review.window import OFFLINE, MainWindow
from reviewdesk.views.shell import sync_worker
from reviewdesk.views.shell.login_dialog import LoginDialog
from reviewdesk.views.shell.settings import AppSettings

ACCOUNT = "unit_420106_001"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with seeded_server(tmp_path_factory.mktemp("session"), candidates=400, seed=4) as running:
        yield running


@pytest.fixture
def account(server: Any) -> Any:
    return next(a for a in server.accounts if a.username == ACCOUNT)


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings.at_file(tmp_path / "settings.ini")


def _window(qtbot, workspace: Any, client: Any, settings: AppSettings, **options: Any) -> MainWindow:
    window = MainWindow(workspace, client, settings=settings, **options)
    qtbot.addWidget(window)
    window.show()
    window.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL))
    return window


# -- 登录 ---------------------------------------------------------------------------------------------
def test_login_dialog_remembers_refuses_and_connects(
    qtbot, tmp_path: Path, server: Any, account: Any
) -> None:
    settings = AppSettings.at_file(tmp_path / "settings.ini")
    settings.last_server = server.url
    settings.last_username = account.username
    dialog = LoginDialog(tmp_path / "data", settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.server_edit.text() == server.url
    assert dialog.user_edit.text() == account.username
    assert dialog.focusWidget() is dialog.password_edit  # server and username already known

    dialog.try_login()  # no password
    assert dialog.message.text() == "请输入服务器地址、用户名和密码"

    dialog.password_edit.setText(account.password + "x")
    dialog.try_login()
    assert dialog.message.text().startswith("登录失败：")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in dialog.message.text()[5:])
    assert dialog.isVisible() and dialog.result() != LoginDialog.DialogCode.Accepted
    assert dialog.workspace is None and dialog.password_edit.text() == account.password + "x"

    dialog.password_edit.setText(account.password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.client is not None and not dialog.offline
    assert dialog.workspace.me.username == account.username
    dialog.workspace.close()


def test_a_login_is_remembered_for_the_next_start_without_the_password(
    qtbot, tmp_path: Path, server: Any, account: Any
) -> None:
    """Issue 7's settings round-trip through the real dialog: typed once, pre-filled next time."""
    file = tmp_path / "settings.ini"
    dialog = LoginDialog(tmp_path / "data", AppSettings.at_file(file))
    qtbot.addWidget(dialog)
    assert dialog.server_edit.text() == "" and dialog.user_edit.text() == ""
    dialog.server_edit.setText(server.url)
    dialog.user_edit.setText(account.username)
    dialog.password_edit.setText(account.password)
    dialog.try_login()
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    dialog.workspace.close()
    dialog.settings.sync()

    again = AppSettings.at_file(file)  # what the next start of the program reads
    assert (again.last_server, again.last_username) == (server.url, account.username)
    assert account.password not in file.read_text(encoding="utf-8")
    next_start = LoginDialog(tmp_path / "data", again)
    qtbot.addWidget(next_start)
    assert next_start.server_edit.text() == server.url and next_start.user_edit.text() == account.username


def test_offline_start_opens_the_last_workspace_marked_offline(
    qtbot, monkeypatch, tmp_path: Path, account: Any
) -> None:
    data = tmp_path / "data"
    with seeded_server(tmp_path / "gone", candidates=200, seed=5) as short_lived:
        chosen = next(a for a in short_lived.accounts if a.username == account.username)
        workspace, client = connect(short_lived.url, chosen.username, chosen.password, data)
        assert SyncEngine(workspace, client).sync().ok
        records = workspace.record_count()
        workspace.close()
        url = short_lived.url
    # The server is gone now: 登录 falls back to the downloaded workspace.
    settings = AppSettings.at_file(tmp_path / "settings.ini")
    settings.last_server, settings.last_username = url, chosen.username

    def fake_exec(dialog: LoginDialog) -> int:
        dialog.password_edit.setText(chosen.password)
        dialog.try_login()
        return dialog.result()

    seen: dict[str, Any] = {}

    class FakeApp:
        def exec(self) -> int:  # instead of the event loop: look at the window that was opened
            windows = [
                w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
            ]
            seen["window"] = windows[-1]
            return 0

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    assert app_module._run_login(FakeApp(), data, settings, "") == 0
    window: MainWindow = seen["window"]
    qtbot.addWidget(window)
    assert OFFLINE in window.windowTitle()
    assert window.online_label.text() == OFFLINE
    assert window.client is None and window.offline
    assert window.workspace.record_count() == records
    assert window.model.rowCount() > 0
    window.close()


# -- 同步 cancelled ----------------------------------------------------------------------------------
@pytest.fixture
def downloaded(tmp_path: Path, server: Any, account: Any) -> Iterator[tuple[Any, Any]]:
    workspace, client = connect(server.url, account.username, account.password, tmp_path / "data")
    assert SyncEngine(workspace, client).sync().ok
    try:
        yield workspace, client
    finally:
        workspace.close()


def test_sync_in_the_status_bar_window_usable_cancel_keeps_the_outbox(
    qtbot, monkeypatch, settings: AppSettings, downloaded: tuple[Any, Any], server: Any
) -> None:
    workspace, client = downloaded
    window = _window(qtbot, workspace, client, settings, show_sync_dialog=True)
    tier = Tier(workspace.me.tier)
    reviewable = [
        int(i)
        for i in window.model.ids
        if allowed_outcomes(workspace.record(int(i)).review, tier)[Outcome.PASS] is None
    ][:3]
    assert len(reviewable) == 3
    workspace.decide(reviewable, Outcome.PASS, "")
    pending = workspace.pending_actions()
    assert pending == 3

    # At the first progress report the worker waits while the GUI thread works and then presses 取消.
    reached, released = threading.Event(), threading.Event()
    real_start = sync_worker.SyncWorker.start

    def start(worker: sync_worker.SyncWorker) -> None:
        def hold(_phase: str, _done: int, _total: int) -> None:
            if not released.is_set():
                reached.set()
                released.wait(20)

        worker.progress.connect(hold, Qt.ConnectionType.DirectConnection)
        real_start(worker)

    monkeypatch.setattr(sync_worker.SyncWorker, "start", start)
    worker = window.start_sync()
    assert worker is not None and window.is_syncing()
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    # Non-modal: progress and 取消 in the status bar; the list, the detail pane and reviewing still work;
    # a second 同步 is not offered (F5 gives the running one back).
    assert window.sync_cancel_button.isVisible() and window.sync_progress.isVisible()
    assert not window.sync_action.isEnabled()
    assert window.start_sync() is worker
    assert QApplication.activeModalWidget() is None
    window.select_id(reviewable[1])
    window.detail.flush()
    assert window.detail.record.id == reviewable[1]
    window.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL, pending_only=True))
    assert sorted(int(i) for i in window.model.ids) == sorted(reviewable)
    window.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL))

    reports: list[Any] = []
    window.sync_finished.connect(reports.append)
    qtbot.mouseClick(window.sync_cancel_button, Qt.MouseButton.LeftButton)
    released.set()
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    report = reports[0]
    assert report.cancelled and not report.ok and not window.is_syncing()
    assert workspace.pending_actions() == pending  # the outbox is kept, nothing half-sent
    assert window.pending_label.text() == f"未同步 {pending}"
    assert window.sync_action.isEnabled() and not window.sync_cancel_button.isVisible()
    for record_id in reviewable:  # the server never saw them
        assert server_status(server, record_id) != "passed"

    # Still usable: filter, select, and a normal 同步 pushes what was kept.
    window.select_id(reviewable[0])
    window.detail.flush()
    assert window.detail.record.id == reviewable[0]
    monkeypatch.setattr(sync_worker.SyncWorker, "start", real_start)
    again = window.sync()
    assert again.ok and again.pushed == pending
    assert workspace.pending_actions() == 0
    assert all(server_status(server, record_id) == "passed" for record_id in reviewable)
    window.shutdown()


def server_status(server: Any, record_id: int) -> str:
    reviewer = server.reviewer(next(a for a in server.accounts if a.username == ACCOUNT))
    try:
        return str(reviewer.record(record_id)["review"]["statuses"].get("unit"))
    finally:
        reviewer.close()


# -- column layout -------------------------------------------------------------------------------------
def test_column_layout_is_restored_in_a_new_window(
    qtbot, settings: AppSettings, downloaded: tuple[Any, Any]
) -> None:
    workspace, client = downloaded
    first = _window(qtbot, workspace, client, settings, show_sync_dialog=False)
    header = first.table.horizontalHeader()
    keys = first.model.column_keys()
    hidden_key, moved_key = keys[2], keys[4]
    header.setSectionHidden(2, True)
    header.moveSection(header.visualIndex(4), 1)
    assert header.visualIndex(4) == 1
    first.close()  # saves the layout

    second = _window(qtbot, workspace, client, settings, show_sync_dialog=False)
    header2 = second.table.horizontalHeader()
    keys2 = second.model.column_keys()
    assert header2.isSectionHidden(keys2.index(hidden_key))
    assert header2.visualIndex(keys2.index(moved_key)) == 1
    assert not header2.isSectionHidden(keys2.index(moved_key))
    second.close()
