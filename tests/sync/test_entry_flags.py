"""预审提示 on the 填报 side, over the real server: what the desktop computes for entries it has not
synced is exactly what the server computes once it has them (same facts, same flags), and the server's
answer then replaces the local flags."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import ImageFilter
from sync_world import Desk, World

from reviewdesk.domain import precheck_local
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.server.demo.planted_scans import document, jpeg
from reviewdesk.server.testing import SeededServer
from reviewdesk.store.entry import actions, view
from reviewdesk.store.entry import flags as entry_flags
from reviewdesk.store.entry.scans import prepare
from reviewdesk.store.entry.view import EntryImage


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("entry-flags-world"))


PERSON = {
    "name": "孙预审",
    "id_type": "身份证",
    "id_number": make_resident_id("420106", date(1996, 5, 17), 414),
    "phone": "13698765001",
    "level": "初级(师)",
    "category_code": "201",
}
#: 毕业时间 not after 入学时间 (信息矛盾), 毕业证号 empty (必填项缺失).
EDUCATION = {
    "学历层级": "本科",
    "入学时间": "2019-09-01",
    "毕业时间": "2018-07-01",
    "毕业学校": "湖北医药学院",
    "学制": "4年",
    "专业类型": "医学",
    "所学专业": "药学",
    "学习形式": "全日制",
}
TITLE = {
    "资格系列": "卫生技术人员(药剂)",
    "资格级别": "初级(士)",
    "专业": "药学",
    "取得方式": "考试",
    "取得途径": "全国统考",
    "批准日期": "2020-06-30",
    "证书编号": "2020420000777",
    "是否为省线证": "否",
    "是否基卫高": "否",
}


def local_flags(desk: Desk, uid: str) -> list[dict[str, str]]:
    candidate = view.candidate(desk.workspace, uid)
    assert candidate is not None
    return entry_flags.candidate_flags(desk.workspace, candidate, actions.catalogue_of(desk.workspace))


def test_a_new_candidate_is_flagged_here_exactly_as_the_server_flags_it(
    server: SeededServer, unit_desk: Desk
) -> None:
    assert unit_desk.sync().ok
    ws = unit_desk.workspace
    assert ws.me.project_year > 2000  # the exam year the server counts by, from its /v1/me
    uid = actions.enter_candidate(ws, PERSON)
    blurred = prepare(jpeg(document(7).filter(ImageFilter.GaussianBlur(7))))
    assert [code for code, _ in blurred.findings] == ["scan_blurred"]
    actions.enter_material(
        ws, uid, MaterialKind.EDUCATION, EDUCATION, [EntryImage(blurred.sha256, "毕业证书", 1)], [blurred]
    )
    good = prepare(jpeg(document(8)))
    assert good.findings == ()
    # the 专业技术资格证书's B面 is missing
    actions.enter_material(
        ws, uid, MaterialKind.TITLE, TITLE, [EntryImage(good.sha256, "专业技术资格证书", 1)], [good]
    )

    before = local_flags(unit_desk, uid)  # offline: nothing sent yet
    codes = {f["code"] for f in before}
    assert {"graduation_before_entry", "field_missing", "side_missing", "scan_blurred"} <= codes
    (scan,) = [f for f in before if f["kind"] == "scan"]
    assert scan == {
        "code": "scan_blurred", "kind": "scan", "severity": "warn", "message": "图片不清晰（模糊）",
        "material": "education", "field": "", "image": blurred.sha256, "side": "A",
        "words": {"code": "flag.scan_blurred", "parts": {}},  # what the desktop says it by in English
    }  # fmt: skip

    assert unit_desk.sync().ok
    synced = view.candidate(ws, uid)
    assert synced is not None and synced.record_id is not None and synced.pending == 0
    answer = server.reviewer(unit_desk.account).record(synced.record_id)
    assert answer["flags"] == before  # both sides agree, flag for flag, in the same order
    assert local_flags(unit_desk, uid) == answer["flags"]  # and the server's word is what is shown


def test_an_edit_of_a_held_record_is_flagged_before_sync_and_the_answer_replaces_it(
    world: World, server: SeededServer, unit_desk: Desk
) -> None:
    record_id = world.unit_records[2]
    server.withdraw(record_id)
    assert unit_desk.sync().ok
    ws = unit_desk.workspace
    held = next(c for c in view.candidates(ws) if c.record_id == record_id)
    assert held.snapshot is not None
    server_before = list(held.snapshot["flags"])
    assert local_flags(unit_desk, held.uid) == server_before  # nothing pending: the server's flags

    education = held.materials.get(MaterialKind.EDUCATION)
    fields = dict(education.fields) if education is not None else dict(EDUCATION)
    fields.update(入学时间="2030-09-01", 毕业时间="2030-07-01")  # in the future, and before entry
    images = list(education.images) if education is not None else []
    actions.enter_material(ws, held.uid, MaterialKind.EDUCATION, fields, images)
    edited = local_flags(unit_desk, held.uid)
    assert {"graduation_future", "graduation_before_entry"} <= {f["code"] for f in edited}
    assert edited != server_before

    assert unit_desk.sync().ok
    answer = server.reviewer(unit_desk.account).record(record_id)
    assert answer["flags"] == edited
    assert local_flags(unit_desk, held.uid) == answer["flags"]


def test_every_held_record_gets_the_servers_flags_from_the_desktops_rules(unit_desk: Desk) -> None:
    """Same input, same output, over every record the unit holds: the desktop's way (the record laid
    out as if edited, flagged by domain.precheck_local) gives the server's flags, every kind."""
    assert unit_desk.sync().ok
    ws = unit_desk.workspace
    held = [c for c in view.candidates(ws) if c.snapshot is not None]
    assert len(held) >= 10
    catalogue = actions.catalogue_of(ws)
    flagged = 0
    for candidate in held:
        assert candidate.snapshot is not None
        mine = precheck_local.local_flags(
            entry_flags.edited_snapshot(candidate),
            candidate.snapshot,
            {},
            exam_year=entry_flags.exam_year(ws),
            today=entry_flags.today(),
            catalogue=catalogue,
        )
        assert [f.to_dict() for f in mine] == candidate.snapshot["flags"], candidate.name
        flagged += bool(mine)
    assert 0 < flagged < len(held)
