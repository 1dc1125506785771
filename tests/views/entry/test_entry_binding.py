"""工作单位 seen by the unit: a candidate verifies (实名认证, approved by a 省级 administrator), binds to
the unit with its 确认码 on the phone pages, and the unit's 考生信息填报 page shows 已绑定 after a sync;
unbinding shows 未绑定 again. All over HTTP against the real server; the workstation's store is a real
SQLite file synced by the real engine."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from reviewdesk.domain.enums import IdType, Tier
from reviewdesk.server.db import Database
from reviewdesk.server.demo import id_cards
from reviewdesk.server.models import Record
from reviewdesk.server.testing import CandidatePhone, SeededServer, seeded_server
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import connect
from reviewdesk.views.entry.page import BINDING, ID_NUMBER, EntryPage


def _person(server: SeededServer) -> tuple[int, int, str, str]:
    """(unit id, record id, 姓名, 证件号码) of a record with a 身份证."""
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            row = session.execute(
                select(Record.unit_id, Record.id, Record.name, Record.id_number)
                .where(Record.id_type == IdType.RESIDENT_ID.value)
                .order_by(Record.id)
                .limit(1)
            ).one()
    finally:
        database.dispose()
    return row.unit_id, row.id, row.name, row.id_number


def _verified(server: SeededServer, name: str, number: str) -> CandidatePhone:
    """A candidate account verified through 身份证(人工审核), approved by the 省级 administrator."""
    phone = CandidatePhone(server.url, "13600000051")
    phone.submit_identity("id_manual", name, number, id_cards.front(name, number), id_cards.back())
    admin = server.reviewer(Tier.PROVINCE)
    item = next(i for i in admin.get("/v1/identity/submissions")["items"] if i["id_number"] == number)
    answer = admin.post(
        "/v1/identity/decisions",
        {
            "items": [
                {
                    "decision_id": str(uuid.uuid4()),
                    "submission_id": item["id"],
                    "outcome": "approve",
                    "reason": "",
                    "base": {"version": item["version"]},
                }
            ]
        },
    )
    assert answer["results"][0]["status"] == "applied"
    return phone


def _cell(page: EntryPage, number: str) -> str:
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, ID_NUMBER).text() == number)
    return page.table.item(row, BINDING).text()


def test_the_unit_sees_a_candidate_bind_and_unbind(qtbot: Any, tmp_path: Path) -> None:
    with seeded_server(tmp_path, candidates=200) as server:
        unit_id, record_id, name, number = _person(server)
        account = server.account_for_org(unit_id)
        workspace, client = connect(server.url, account.username, account.password, tmp_path / "desk")
        try:
            engine = SyncEngine(workspace, client)
            assert engine.sync().ok
            page = EntryPage(workspace)
            qtbot.addWidget(page)
            page.show()
            assert page.table.horizontalHeaderItem(BINDING).text() == "工作单位"
            assert _cell(page, number) == "未绑定"
            version = workspace.record(record_id).snapshot["version"]

            phone = _verified(server, name, number)
            bound = phone.post(
                "/unit/bind", {"unit": account.org_id, "code": server.confirmation_code(account.org_id)}
            )
            assert bound.url.endswith("/m/unit") and account.org_name in bound.text
            assert engine.sync().ok
            qtbot.waitUntil(lambda: _cell(page, number) == "已绑定", timeout=10_000)
            snapshot = workspace.record(record_id).snapshot
            assert snapshot["binding"]["status"] == "bound" and snapshot["binding"]["at"].startswith("20")
            assert snapshot["version"] == version  # nothing a reviewer decided on changed: no stale base

            phone.post("/unit/unbind", {})
            assert engine.sync().ok
            qtbot.waitUntil(lambda: _cell(page, number) == "未绑定", timeout=10_000)
            assert workspace.record(record_id).snapshot["binding"] == {"status": "unbound", "at": None}
            others = [
                page.table.item(r, BINDING).text()
                for r in range(page.table.rowCount())
                if page.table.item(r, ID_NUMBER).text() != number
            ]
            assert others and set(others) == {"未绑定"}
        finally:
            workspace.close()
