"""The exam year 预审提示 count to, with the server's project set in its settings (not the one ``seed``
stored): ``/v1/me`` reports it, the desktop counts its offline flags by that report, and the server
counts its own by the same project (``server.project``) — so both sides flag the same record alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sync_world import DEMO_UNIT, Desk, World, stop

from reviewdesk.domain import precheck
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.server.settings import ProjectInfo
from reviewdesk.store.entry import actions, view
from reviewdesk.store.entry import flags as entry_flags


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("exam-year-world"))


PERSON = {
    "name": "周年限",
    "id_type": "身份证",
    "id_number": make_resident_id("420106", date(2003, 4, 11), 218),
    "phone": "13698765002",
    "level": "初级(师)",
    "category_code": "201",
}
#: 本科, graduated 2026-07-01: 初级(师) needs a full year after graduation — none by 2026-12-31 (an exam
#: in 2027), two by 2028-12-31 (an exam in 2029).
EDUCATION = {
    "学历层级": "本科",
    "毕业证号": "105201202600123",
    "入学时间": "2022-09-01",
    "毕业时间": "2026-07-01",
    "毕业学校": "湖北医药学院",
    "学制": "4年",
    "专业类型": "医学",
    "所学专业": "药学",
    "学习形式": "全日制",
}


def test_with_the_settings_project_both_sides_count_years_to_its_year(world: World, tmp_path: Path) -> None:
    stored = world.data.project.year
    year = stored + 2
    project = ProjectInfo(f"{year}年卫生专业技术资格考试", "卫生专业技术资格考试", year)
    server = world.start(tmp_path / "server", project=project)
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "unit")
    try:
        assert desk.sync().ok
        ws = desk.workspace
        assert ws.me.project_year == year != stored
        uid = actions.enter_candidate(ws, PERSON)
        actions.enter_material(ws, uid, MaterialKind.EDUCATION, EDUCATION, [])
        candidate = view.candidate(ws, uid)
        assert candidate is not None
        before = entry_flags.candidate_flags(ws, candidate, actions.catalogue_of(ws))  # offline

        assert desk.sync().ok
        synced = view.candidate(ws, uid)
        assert synced is not None and synced.record_id is not None and synced.pending == 0
        answer = server.reviewer(desk.account).record(synced.record_id)
        assert answer["flags"] == before  # both sides agree, flag for flag
        assert "years_short" not in {f["code"] for f in answer["flags"]}
        # counted to the stored project's year, the same record is short of years: the year decided it
        by_stored = precheck.record_flags(answer, exam_year=stored, today=entry_flags.today())
        assert "years_short" in {f.code for f in by_stored}
    finally:
        desk.close()
        stop(server)
