"""``--demo``: the default unit account opens on an index built in the download's worker thread, and
演示 → 切换账号 re-opens the window on the county account's own workspace with the county's scope."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
import requests

from reviewdesk.demo.launcher import DemoSession
from reviewdesk.domain.enums import Tier
from reviewdesk.server.testing import Account, ReviewerClient
from reviewdesk.store.index import record_index as index_module
from reviewdesk.views.shell.settings import AppSettings


@pytest.fixture
def load_threads(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = index_module._load

    def recording(connect: Any) -> Any:
        seen.append(threading.current_thread().name)
        return real(connect)

    monkeypatch.setattr(index_module, "_load", recording)
    return seen


def _scope_count(session: DemoSession, username: str) -> int:
    """What the server says is in that account's scope (over HTTP, independently of the app)."""
    chosen = next(a for a in session.data.accounts if a.username == username)
    account = Account(chosen.username, chosen.password, "", 0, "", Tier(chosen.tier), chosen.role)
    reviewer = ReviewerClient(session.server.url, account)
    try:
        return len(reviewer.records("all"))
    finally:
        reviewer.close()


def _candidate_signs_in(url: str, phone: str, password: str) -> str:
    """Sign in on the candidates' phone pages as the printed account; the page it lands on."""
    browser = requests.Session()
    page = browser.get(f"{url}/m/login", timeout=30).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    answer = browser.post(
        f"{url}/m/login", data={"csrf": csrf.group(1), "phone": phone, "password": password}, timeout=30
    )
    return answer.url.removeprefix(url)


def test_demo_opens_on_a_ready_index_and_switches_to_the_county(
    qtbot, tmp_path: Path, load_threads: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    session = DemoSession(
        tmp_path / "data", AppSettings.at_file(tmp_path / "s.ini"), show_dialogs=False, candidates=1000
    )
    try:
        assert session.start()
        first = session.window
        qtbot.addWidget(first)
        assert first.me.tier == Tier.UNIT.value
        unit_count = first.workspace.record_count()
        assert unit_count == _scope_count(session, first.me.username) > 0
        assert load_threads and threading.main_thread().name not in load_threads

        # The candidates' phone pages: the demo says where they are and with which account.
        printed = capsys.readouterr().out
        assert f"考生端（手机网页，湖北卫生人才）：{session.server.url}/m/" in printed
        phone, password = re.search(r"手机号 (\d{11})  密码 (\S+)", printed).groups()
        assert _candidate_signs_in(session.server.url, phone, password) == "/m/"
        front = Path(re.search(r"证件扫描用的样本照片：(\S+)", printed).group(1))
        assert front.read_bytes()[:3] == b"\xff\xd8\xff"

        counties = [a for a in session.data.accounts if a.tier == Tier.COUNTY.value and a.role == "reviewer"]
        scopes = {a.username: _scope_count(session, a.username) for a in counties}
        county = max(counties, key=lambda a: scopes[a.username])  # one with records reported to it
        expected = scopes[county.username]
        assert expected > 0
        menu = first.menuBar().findChild(type(first.menuBar().actions()[0].menu()), "menu_demo")
        switch = next(a.menu() for a in menu.actions() if a.text() == "切换账号")
        action = next(a for a in switch.actions() if a.text() == county.title())
        assert action.isEnabled()
        action.trigger()
        second = session.window
        qtbot.addWidget(second)
        assert second is not first and not first.isVisible()
        assert second.me.username == county.username and second.me.tier == Tier.COUNTY.value
        assert second.workspace.path != first.workspace.path
        assert second.workspace.record_count() == expected
        assert second.count_label.text() == f"共 {expected} 条"
        assert county.username in second.user_label.text()
        assert threading.main_thread().name not in load_threads  # both first opens built off the GUI thread
    finally:
        session.stop()


def test_a_second_demo_start_reopens_the_workspace_with_its_unsynced_decisions(qtbot, tmp_path: Path) -> None:
    """The workspace belongs to the server's address: the demo server comes back on the same port,
    so what the reviewer decided and did not sync yet is still there (and nothing is downloaded again)."""
    from reviewdesk.domain.enums import Outcome, ReviewStatus
    from reviewdesk.domain.workflow import allowed_outcomes

    def start() -> DemoSession:
        session = DemoSession(
            tmp_path / "data", AppSettings.at_file(tmp_path / "s.ini"), show_dialogs=False, candidates=1000
        )
        assert session.start()
        qtbot.addWidget(session.window)
        return session

    first = start()
    try:
        window = first.window
        url, path = first.server.url, window.workspace.path
        tier = Tier(window.me.tier)
        record_id = next(
            int(i)
            for i in window.model.ids
            if allowed_outcomes(window.workspace.record(int(i)).review, tier)[Outcome.PASS] is None
        )
        assert window.workspace.decide([record_id], Outcome.PASS, "").allowed
        assert window.workspace.pending_actions() == 1
    finally:
        first.stop()
    second = start()
    try:
        assert second.server.url == url
        assert second.window.workspace.path == path
        # opening synced it: the decision reached the server instead of staying in a forgotten store
        workspace = second.window.workspace
        assert workspace.pending_actions() == 0
        assert workspace.record(record_id).review.status_at(Tier.UNIT) is ReviewStatus.PASSED
    finally:
        second.stop()
