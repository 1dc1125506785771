"""Fixtures of the workstation's widget tests: the main window against a real seeded server and a workspace
downloaded with the real SyncEngine (shared by the window's test files in this folder and below; a test
file's own fixture of the same name wins)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewdesk.domain.enums import DataScope
from reviewdesk.server.testing import seeded_server
from reviewdesk.store.filters import RecordFilter
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import connect
from reviewdesk.views.review.window import MainWindow
from reviewdesk.views.shell.settings import AppSettings

ACCOUNT = "unit_420106_001"  # the demo unit with the most candidates at 1000


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with seeded_server(tmp_path, candidates=1000, seed=1) as server:
        account = next(a for a in server.accounts if a.username == ACCOUNT)
        workspace, client = connect(server.url, account.username, account.password, tmp_path / "data")
        report = SyncEngine(workspace, client).sync()
        assert report.ok, report.summary()
        try:
            yield {
                "server": server,
                "account": account,
                "workspace": workspace,
                "client": client,
                "tmp": tmp_path,
            }
        finally:
            workspace.close()


@pytest.fixture
def window(qtbot, env: dict[str, Any]) -> MainWindow:
    settings = AppSettings.at_file(env["tmp"] / "settings.ini")
    win = MainWindow(env["workspace"], env["client"], settings=settings, show_sync_dialog=False)
    qtbot.addWidget(win)
    win.show()
    win.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL))
    yield win
    win.shutdown()
