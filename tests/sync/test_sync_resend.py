"""A resent action answered ``duplicate`` leaves the store exactly as ``applied`` would have (issue 12).

The workstation dies after the server applied an action and before the store saved the answer; the
next sync sends it again and gets ``duplicate``. The reviewer's later queued actions on that record or
material must then move onto the version the resent action produced, as they would after ``applied``:
before, a resent 核验 left them on their old base and they came back as ``stale`` conflicts
("该考生的报名在您审核后已被他人修改") although nobody else had touched the record.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text
from sync_world import DEMO_UNIT_ADMIN, Crash, Desk, World

from reviewdesk.domain.enums import Outcome, VerifyStatus
from reviewdesk.server.testing import SeededServer
from reviewdesk.store import outbox
from reviewdesk.store.workspace import Workspace


def _server_statuses(server: SeededServer) -> dict[str, str]:
    """Every action id the server stored, with its status (decisions, 核验, reports' records)."""
    engine = create_engine(server.db_url)
    try:
        with engine.connect() as conn:
            rows = list(conn.execute(text("SELECT decision_id, status FROM decisions")))
            rows += list(conn.execute(text("SELECT action_id, status FROM verifications")))
            rows += list(
                conn.execute(
                    text(
                        "SELECT r.report_id, min(i.status) FROM reports r "
                        "JOIN report_items i ON i.report_pk = r.id GROUP BY r.report_id"
                    )
                )
            )
        return {str(action_id): str(status) for action_id, status in rows}
    finally:
        engine.dispose()


def _material(workspace: Workspace, record_id: int, index: int = 0) -> int:
    view = workspace.record(record_id)
    assert view is not None and len(view.materials) > index
    return view.materials[index].id


def _crash_after_request(desk: Desk, request: int) -> None:
    """The workstation syncs and dies right after the server committed its ``request``-th request
    (1-based), before the answer reaches the store; then it starts again from its store file."""
    with contextlib.suppress(Crash):
        desk.sync(faults=[None] * (request - 1) + ["crash_after"], blobs=False)
    desk.crash()


def _queue(desk: Desk, *acts: Callable[[Workspace], object]) -> list[str]:
    for act in acts:
        act(desk.workspace)
    return [entry.action_id for entry in outbox.pending(desk.workspace)]


def _all_applied_after_resend(desk: Desk, server: SeededServer, queued: list[str], crash_at: int) -> None:
    _crash_after_request(desk, crash_at)
    report = desk.sync(blobs=False)
    assert report.ok, report
    assert desk.workspace.conflicts() == [], [
        (c.kind, c.reason, c.message) for c in desk.workspace.conflicts()
    ]
    assert desk.workspace.pending_actions() == 0
    statuses = _server_statuses(server)
    assert {action_id: statuses.get(action_id) for action_id in queued} == dict.fromkeys(queued, "applied")
    assert report.duplicates >= 1  # the one the server had applied before the crash came back duplicate


def test_resent_verification_then_decision_both_applied(
    desk: Desk, world: World, server: SeededServer
) -> None:
    record_id = world.unit_records[0]
    material_id = _material(desk.workspace, record_id)
    queued = _queue(
        desk,
        lambda ws: ws.verify([material_id], VerifyStatus.VERIFIED, ""),
        lambda ws: ws.decide([record_id], Outcome.PASS, ""),
    )
    _all_applied_after_resend(desk, server, queued, crash_at=1)


def test_resent_decision_then_verification_both_applied(
    desk: Desk, world: World, server: SeededServer
) -> None:
    record_id = world.unit_records[1]
    material_id = _material(desk.workspace, record_id)
    queued = _queue(
        desk,
        lambda ws: ws.decide([record_id], Outcome.HOLD, "图片不清晰"),
        lambda ws: ws.verify([material_id], VerifyStatus.FAILED, "图片不清晰"),
    )
    _all_applied_after_resend(desk, server, queued, crash_at=1)


def test_resent_report_then_decision_both_applied(desk: Desk, world: World, server: SeededServer) -> None:
    reported, decided = world.unit_records[2], world.unit_records[3]
    desk.workspace.decide([reported], Outcome.PASS, "")
    assert desk.sync(blobs=False).ok
    queued = _queue(
        desk,
        lambda ws: ws.report_up(),
        lambda ws: ws.decide([decided], Outcome.PASS, ""),
    )
    _all_applied_after_resend(desk, server, queued, crash_at=1)
    view = desk.workspace.record(reported)
    assert view is not None and view.row["at_tier"] == "county"


@pytest.mark.parametrize("crash_at", [1, 2, 3, 4])
def test_a_run_of_actions_on_one_record_survives_a_crash_after_any_of_them(
    desk: Desk, world: World, server: SeededServer, crash_at: int
) -> None:
    """核验 of two materials, a decision, then 材料上报 of the record: one request each (they touch one
    record); the crash follows the server's apply of the ``crash_at``-th."""
    record_id = world.unit_records[4]
    first, second = _material(desk.workspace, record_id, 0), _material(desk.workspace, record_id, 1)
    queued = _queue(
        desk,
        lambda ws: ws.verify([first], VerifyStatus.VERIFIED, ""),
        lambda ws: ws.verify([second], VerifyStatus.VERIFIED, ""),
        lambda ws: ws.decide([record_id], Outcome.PASS, ""),
        lambda ws: ws.report_up(),
    )
    assert len(queued) == 4
    _all_applied_after_resend(desk, server, queued, crash_at=crash_at)
    view = desk.workspace.record(record_id)
    assert view is not None and view.row["at_tier"] == "county"


def test_the_summary_counts_add_up_in_the_cli_the_status_bar_and_the_log(
    desk: Desk, world: World, server: SeededServer, caplog: pytest.LogCaptureFixture
) -> None:
    """上传 N 项 is the sum of 成功, 此前已上传, 冲突 and 被拒 (it said 上传 15 项（成功 16…） when a
    resent 材料上报's records were counted as answers but not as items sent)."""
    from reviewdesk.views.shell.sync_texts import sync_summary

    reported, fresh, contested = world.unit_records[5:8]
    desk.workspace.decide([reported, reported], Outcome.PASS, "")
    assert desk.sync(blobs=False).ok
    desk.workspace.report_up()
    _crash_after_request(desk, 1)  # the server reported it; the answer never reached the store
    desk.workspace.decide([fresh], Outcome.PASS, "")
    desk.workspace.decide([contested], Outcome.PASS, "")
    server.reviewer(world.account(DEMO_UNIT_ADMIN)).decide(
        contested, Outcome.HOLD, "先放一放"
    )  # a colleague first

    with caplog.at_level("INFO", logger="reviewdesk.sync.engine"):
        report = desk.sync(blobs=False)

    assert report.ok
    assert (report.pushed, report.applied, report.duplicates, report.conflicts, report.rejected) == (
        3,
        1,
        1,
        1,
        0,
    )
    expected = "上传 3 项（成功 1，此前已上传 1，冲突 1，被拒 0）"
    assert report.summary().startswith(expected)
    assert sync_summary(report).startswith(expected)  # the status bar's and the CLI's line
    assert "pushed 3 (applied 1, duplicates 1, conflicts 1, rejected 0)" in caplog.text
