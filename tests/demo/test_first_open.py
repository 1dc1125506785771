"""The first open after a download: the list index is built in the download's worker thread and the
main window opens on it (no SQLite build on the GUI thread), via the login path and the demo path."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from reviewdesk import app as app_module
from reviewdesk.server.testing import seeded_server
from reviewdesk.store.index import record_index as index_module
from reviewdesk.store.index import snapshot as index_snapshot
from reviewdesk.sync.session import connect
from reviewdesk.views.review.window import MainWindow
from reviewdesk.views.shell.settings import AppSettings

ACCOUNT = "unit_420106_001"


@pytest.fixture
def load_threads(monkeypatch) -> list[str]:
    """The threads that read the whole index out of SQLite (``store.index._load``)."""
    seen: list[str] = []
    real = index_module._load

    def recording(connect: Any) -> Any:
        seen.append(threading.current_thread().name)
        return real(connect)

    monkeypatch.setattr(index_module, "_load", recording)
    return seen


def test_login_first_download_hands_a_ready_index_to_the_window(
    qtbot, tmp_path: Path, load_threads: list[str]
) -> None:
    with seeded_server(tmp_path, candidates=300, seed=2) as server:
        account = next(a for a in server.accounts if a.username == ACCOUNT)
        workspace, client = connect(server.url, account.username, account.password, tmp_path / "data")
        try:
            assert workspace.record_count() == 0
            index = app_module._first_download(workspace, client)
            assert index is not None and workspace.record_count() > 0
            assert len(load_threads) == 1 and load_threads[0] != threading.main_thread().name
            assert index_snapshot.default_path(Path(workspace.path)).exists()
            window = MainWindow(
                workspace, client, settings=AppSettings.at_file(tmp_path / "s.ini"), index=index
            )
            qtbot.addWidget(window)
            window.show()
            assert window.index is index
            assert window.model.rowCount() == workspace.record_count()
            assert len(load_threads) == 1  # the window built nothing
            window.shutdown()
        finally:
            workspace.close()
