"""专项信息 (issue 14): the header's counts add up (item 10), a card's values can be read whole (item 7),
and in English a card's values are translated like 基础信息's (item 12)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from english import english  # noqa: F401 (a fixture)

from reviewdesk.domain.enums import Tier, VerifyStatus
from reviewdesk.store import ingest
from reviewdesk.store.material_query import MaterialFilter
from reviewdesk.store.testing import create_store, make_snapshot
from reviewdesk.views.special.page import SpecialInfoPage

N = 12
LONG_SCHOOL = "华中科技大学同济医学院附属协和医院护士学校（武汉市江汉区解放大道1277号）"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    """12 records; 学历 of record 1 核验不通过, of records 2–3 核验通过; record 4's school is long."""
    ws = create_store(tmp_path / "data" / "ws.sqlite", Tier.UNIT)
    snapshots = [make_snapshot(i) for i in range(1, N + 1)]
    for record_id, state in ((1, "failed"), (2, "verified"), (3, "verified")):
        snapshots[record_id - 1]["materials"][0].update(verify_status=state, verify_remark="不符")
    snapshots[3]["materials"][0]["fields"].update(
        {"毕业学校": LONG_SCHOOL, "学历层级": "大专", "学习形式": "全日制"}
    )
    ingest.apply_snapshots(ws, snapshots)
    yield ws
    ws.close()


def _page(qtbot: Any, store: Any) -> SpecialInfoPage:
    page = SpecialInfoPage(store)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_header_counts_are_the_listed_materials(qtbot: Any, store: Any) -> None:
    page = _page(qtbot, store)
    assert page.summary.text() == f"学历信息 共 {N} 条 · 待核验 {N - 3} · 核验通过 2 · 核验不通过 1"
    page.filters.set_filter(MaterialFilter(verify_status=VerifyStatus.PENDING))
    page.search()
    assert page.summary.text() == f"学历信息 共 {N - 3} 条 · 待核验 {N - 3} · 核验通过 0 · 核验不通过 0"
    page.verify(page.ids()[:2], VerifyStatus.VERIFIED, "", bulk=True)  # the cards stay listed
    assert page.summary.text() == f"学历信息 共 {N - 3} 条 · 待核验 {N - 5} · 核验通过 2 · 核验不通过 0"
    page.shutdown()


def test_the_current_cards_values_are_shown_whole(qtbot: Any, store: Any) -> None:
    page = _page(qtbot, store)
    page.view.setCurrentIndex(page.model.index(page.model.row_of(41)))
    assert LONG_SCHOOL in page.details.text() and page.details.isVisible()
    assert "学历层级：大专" in page.details.text() or "学历层次：大专" in page.details.text()
    page.shutdown()


@pytest.mark.usefixtures("english")
def test_card_values_are_translated_like_the_detail_pane(qtbot: Any, store: Any) -> None:
    page = _page(qtbot, store)
    page.view.setCurrentIndex(page.model.index(page.model.row_of(41)))
    details = page.details.text()
    assert "大专" not in details and "全日制" not in details
    assert "Full-time" in details
    page.shutdown()
