"""单位填报 end to end over the real server: a unit's staff enter candidates and scans offline (kept
locally first, 未同步, undo until synced), sync, and a county reviewer then sees them in review; an
entry made before the candidate confirmed comes back as a conflict, never applied over the answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sync_world import DEMO_COUNTY, DEMO_UNIT, TITLE_FIELDS, Desk, World
from tests import entry_scans

from reviewdesk.domain.enums import MaterialKind, Outcome, Tier
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.server import confirmation
from reviewdesk.server.db import Database
from reviewdesk.server.testing import SeededServer
from reviewdesk.store.entry import actions, queue, view
from reviewdesk.store.entry.scans import prepare
from reviewdesk.store.entry.view import EntryImage


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("entry-world"))


PERSON = {
    "name": "钱多多",
    "id_type": "身份证",
    "id_number": make_resident_id("420106", date(1995, 3, 8), 222),
    "phone": "13698765432",
    "level": "初级(师)",
    "category_code": "201",
}


def test_entered_offline_synced_then_reviewed_by_the_county(
    world: World, server: SeededServer, unit_desk: Desk, tmp_path: Path
) -> None:
    assert unit_desk.sync().ok
    ws = unit_desk.workspace
    uid = actions.enter_candidate(ws, PERSON)
    front, back = prepare(entry_scans.good_jpeg()), prepare(entry_scans.good_png(seed=5))
    images = [EntryImage(front.sha256, "专业技术资格证书", 1), EntryImage(back.sha256, "专业技术资格证书", 2)]
    actions.enter_material(ws, uid, MaterialKind.TITLE, dict(TITLE_FIELDS), images, [front, back])
    # a slip, taken back before it was synced
    actions.enter_material(ws, uid, MaterialKind.NURSE_PRACTICE, {"证书编码": "x"})
    undone = queue.undo_last(ws)
    assert undone is not None and undone.target == "nurse_practice"

    local = view.candidate(ws, uid)
    assert local is not None and local.record_id is None and local.pending == 2  # 未同步
    assert local.materials[MaterialKind.TITLE].pending
    assert ws.blob_path(front.sha256) is not None  # the scan is viewable offline

    report = unit_desk.sync()
    assert report.ok, report.error
    assert report.applied >= 2
    assert queue.pending(ws) == [] and queue.scans_to_upload(ws) == []
    synced = view.candidate(ws, uid)
    assert synced is not None and synced.record_id is not None and synced.pending == 0
    record = ws.record(synced.record_id)
    assert record is not None
    assert record.row["name"] == "钱多多"
    (title,) = record.materials
    assert [i["filename"] for i in title.images] == [
        f"钱多多{PERSON['id_number']}专业技术资格证书第1页.jpg",
        f"钱多多{PERSON['id_number']}专业技术资格证书第2页.png",
    ]

    # the candidate confirms and submits; the unit passes and reports up; the county sees it
    database = Database.open(server.db_url)
    try:
        confirmation.confirm(database, synced.record_id, "p", actor="钱多多")
    finally:
        database.dispose()
    server.submit(synced.record_id)
    unit_reviewer = server.reviewer(world.account(DEMO_UNIT))
    assert unit_reviewer.decide(synced.record_id, Outcome.PASS)["status"] == "applied"
    assert unit_reviewer.report([synced.record_id])["results"][0]["status"] == "applied"
    county = Desk(server, world.account(DEMO_COUNTY), tmp_path / "county")
    try:
        assert county.sync().ok
        seen = county.workspace.record(synced.record_id)
        assert seen is not None and seen.row["name"] == "钱多多"
        assert seen.review.status_at(Tier.COUNTY) is not None
        shas = [i["sha256"] for m in seen.materials for i in m.images]
        assert shas == [front.sha256, back.sha256]
        assert all(county.workspace.blob_path(sha) is not None for sha in shas)
        assert county.workspace.blobs.read(front.sha256) == front.data
    finally:
        county.close()


def test_an_edit_made_before_the_candidate_answered_is_a_conflict(
    server: SeededServer, unit_desk: Desk
) -> None:
    assert unit_desk.sync().ok
    ws = unit_desk.workspace
    uid = actions.enter_candidate(
        ws, dict(PERSON, id_number=make_resident_id("420106", date(1994, 1, 2), 333))
    )
    actions.enter_material(ws, uid, MaterialKind.TITLE, dict(TITLE_FIELDS))
    assert unit_desk.sync().ok
    held = view.candidate(ws, uid)
    assert held is not None and held.record_id is not None
    # offline: the unit corrects the 专业 while the candidate, on the phone, says it is wrong
    actions.enter_material(ws, uid, MaterialKind.TITLE, dict(TITLE_FIELDS, 专业="中药学"))
    database = Database.open(server.db_url)
    try:
        confirmation.report_wrong(database, held.record_id, "批准日期不对", "p", actor="考生")
    finally:
        database.dispose()
    report = unit_desk.sync()
    assert report.ok and report.conflicts == 1
    (conflict,) = queue.open_conflicts(ws, uid)
    assert conflict["reason"] == "confirmation"
    assert "信息有误" in conflict["message"]
    after = view.candidate(ws, uid)
    assert after is not None
    assert after.confirmation["status"] == "disputed"
    assert after.confirmation["note"] == "批准日期不对"
    assert after.materials[MaterialKind.TITLE].fields["专业"] == "药学"  # not overwritten
    # having read the answer, the unit corrects again: applied, and the candidate must confirm anew
    actions.enter_material(ws, uid, MaterialKind.TITLE, dict(TITLE_FIELDS, 批准日期="2019-07-01"))
    assert unit_desk.sync().ok
    final = view.candidate(ws, uid)
    assert final is not None and final.confirmation["status"] == "pending"
    assert final.materials[MaterialKind.TITLE].fields["批准日期"] == "2019-07-01"


def test_a_candidate_the_unit_already_had_is_edited_by_its_record(
    world: World, server: SeededServer, unit_desk: Desk
) -> None:
    assert unit_desk.sync().ok
    ws = unit_desk.workspace
    submitted, withdrawn = world.unit_records[0], world.unit_records[1]
    server.withdraw(withdrawn)
    assert unit_desk.sync().ok
    by_record = {c.record_id: c for c in view.candidates(ws)}
    assert set(world.unit_records) <= set(by_record)
    for record_id in (submitted, withdrawn):
        held = by_record[record_id]
        actions.enter_material(ws, held.uid, MaterialKind.SUPPLEMENT, {"补充说明": "工作年限证明"})
    report = unit_desk.sync()
    assert report.ok and report.applied == 1 and report.conflicts == 1
    (conflict,) = queue.open_conflicts(ws)
    assert conflict["reason"] == "submitted"
    assert conflict["candidate_uid"] == by_record[submitted].uid
    edited = view.candidate(ws, by_record[withdrawn].uid)
    assert edited is not None and edited.record_id == withdrawn
    assert edited.materials[MaterialKind.SUPPLEMENT].fields == {"补充说明": "工作年限证明"}
    assert (
        server.reviewer(world.account(DEMO_UNIT)).record(withdrawn)["client_uid"] == by_record[withdrawn].uid
    )
