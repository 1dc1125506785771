"""The 审核详情 pane re-fills its pooled pages: every tab shows the selected record's texts, whatever
was shown before (more materials, fewer, none, a conflict row), and the pages are re-used, not rebuilt."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QScrollArea, QTableWidget

from reviewdesk.domain.enums import Library, Outcome, Tier
from reviewdesk.domain.workflow import allowed_outcomes
from reviewdesk.server.testing import seeded_server
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import connect
from reviewdesk.views.detail.history_table import HISTORY_TAB
from reviewdesk.views.detail.library_page import NO_ENTRIES, misconduct_entries
from reviewdesk.views.detail.material_page import MATERIAL_ORDER, MaterialPage, ordered_fields
from reviewdesk.views.detail.pane import BASIC_TAB, LIBRARY_TAB, DetailPane

ACCOUNT = "unit_420106_001"


@pytest.fixture(scope="module")
def downloaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    tmp = tmp_path_factory.mktemp("detail")
    with seeded_server(tmp, candidates=400, seed=3) as server:
        account = next(a for a in server.accounts if a.username == ACCOUNT)
        workspace, client = connect(server.url, account.username, account.password, tmp / "data")
        assert SyncEngine(workspace, client).sync().ok
        try:
            yield workspace
        finally:
            workspace.close()


@pytest.fixture
def pane(qtbot, downloaded: Any) -> DetailPane:
    widget = DetailPane(downloaded)
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    return widget


def _visible_rows(page: MaterialPage) -> list[tuple[str, str]]:
    form = page.form
    return [
        (caption.text().rstrip("："), value.text())
        for i, (caption, value) in enumerate(zip(form.captions, form.values, strict=True))
        if form.isRowVisible(i)
    ]


def _check_record(pane: DetailPane, record_id: int) -> None:
    record = pane.workspace.record(record_id)
    materials = sorted(record.materials, key=lambda m: MATERIAL_ORDER.index(m.kind))
    titles = pane.tab_titles()
    assert titles[:2] == [BASIC_TAB, LIBRARY_TAB] and titles[-1] == HISTORY_TAB
    assert [t.replace("（未同步）", "") for t in titles[2:-1]] == [m.kind.label for m in materials]
    basic = pane.widget(0).widget().layout()
    assert basic.values[0].text() == (record.row.get("name") or "")
    assert record.row["id_number"] in pane.findChild(QLabel, "id_number").text()
    for position, material in enumerate(materials):
        scroll = pane.widget(2 + position)
        assert isinstance(scroll, QScrollArea)
        page = scroll.widget()
        assert isinstance(page, MaterialPage)
        rows = _visible_rows(page)
        assert rows[: len(ordered_fields(material.kind, material.fields))] == ordered_fields(
            material.kind, material.fields
        )
        assert ("核验状态", material.verify_status.label) in rows
        assert len(page.thumbnails) == len(material.images)
        assert all(t.isVisibleTo(page) for t in page.thumbnails)
        assert page.no_image.isVisibleTo(page) == (not material.images)
    history = pane.widget(pane.count() - 1)
    assert isinstance(history, QTableWidget) and history.rowCount() == len(record.history)
    assert history.findChild(QLabel, "no_history").isVisibleTo(history) == (not record.history)
    entries = {str(i.get("library")): i.get("entries") or [] for i in record.snapshot.get("libraries") or []}
    for library in Library:
        body = pane.findChild(QLabel, f"library_{library.value}")
        if entries.get(library.value):
            assert all(entry in body.text() for entry in entries[library.value])
        else:
            assert body.text() == NO_ENTRIES


def test_pages_refilled_from_many_materials_to_few_and_back(pane: DetailPane, downloaded: Any) -> None:
    records = [downloaded.record(i) for i in downloaded.record_ids()]
    most = max(records, key=lambda r: len(r.materials))
    fewest = min(records, key=lambda r: len(r.materials))
    assert len(most.materials) > len(fewest.materials)
    pane.show_record(most.id)
    _check_record(pane, most.id)
    first_pages = [pane.widget(i) for i in range(pane.count())]
    pane.show_record(fewest.id)
    _check_record(pane, fewest.id)
    pane.show_record(None)
    assert pane.tab_titles() == [BASIC_TAB] and pane.record is None
    pane.show_record(most.id)
    _check_record(pane, most.id)
    assert [pane.widget(i) for i in range(pane.count())] == first_pages  # re-used, not rebuilt
    for other in records[:30]:
        pane.show_record(other.id)
        _check_record(pane, other.id)


def test_current_tab_kept_when_the_next_record_has_it(pane: DetailPane, downloaded: Any) -> None:
    records = [downloaded.record(i) for i in downloaded.record_ids()[:2]]
    pane.show_record(records[0].id)
    assert pane.select_tab(HISTORY_TAB)
    pane.show_record(records[1].id)
    assert pane.tabText(pane.currentIndex()) == HISTORY_TAB


def test_optional_rows_appear_and_go_with_the_record(pane: DetailPane, downloaded: Any) -> None:
    """未同步 (and 冲突) rows belong to one record: the next record's form must not keep them."""
    tier = Tier(downloaded.me.tier)
    ids = downloaded.record_ids()
    target = next(i for i in ids if allowed_outcomes(downloaded.record(i).review, tier)[Outcome.PASS] is None)
    other = next(i for i in ids if i != target and not downloaded.record(i).pending)
    downloaded.decide([target], Outcome.PASS, "")
    pane.show_record(target)
    form = pane.widget(0).widget().layout()
    shown = [form.captions[i].text() for i in range(len(form.values)) if form.isRowVisible(i)]
    assert "同步：" in shown
    assert any("未同步" in form.values[i].text() for i in range(len(form.values)) if form.isRowVisible(i))
    pane.show_record(other)
    shown = [form.captions[i].text() for i in range(len(form.values)) if form.isRowVisible(i)]
    assert "同步：" not in shown and "冲突：" not in shown
    downloaded.undo_last()


def test_a_misconduct_hit_stands_out_from_every_tab(pane: DetailPane, downloaded: Any, monkeypatch) -> None:
    # About 1 % of demo candidates have a 违纪 entry; give one record such an entry from the central
    # system (its snapshot), as a 违纪考生库 hit arrives, and keep the others as they are.
    flagged, clean = downloaded.record_ids()[:2]
    entry = "2021年度考试违纪人员，请重点关注"
    real_record = downloaded.record

    def record(record_id: int) -> Any:
        view = real_record(record_id)
        if record_id == flagged:
            libraries = [
                {**item, "entries": [entry]} if item.get("library") == Library.MISCONDUCT.value else item
                for item in view.snapshot.get("libraries") or []
            ]
            view = replace(view, snapshot={**view.snapshot, "libraries": libraries})
        return view

    monkeypatch.setattr(downloaded, "record", record)
    pane.show_record(flagged)
    pane.select_tab(HISTORY_TAB)
    bar = pane.tabBar()
    assert bar.tabData(1) is True and not bar.tabIcon(1).isNull()
    assert bar.tabTextColor(1).name() == "#c62828"
    assert "违纪" in bar.tabToolTip(1)
    basic = pane.widget(0).widget().layout()
    rows = {c.text().rstrip("："): v.text() for c, v in zip(basic.captions, basic.values, strict=True)}
    assert entry in rows[Library.MISCONDUCT.label]
    body = pane.findChild(QLabel, f"library_{Library.MISCONDUCT.value}")
    assert body.text() == f"⚠ {entry}" and "bold" in body.styleSheet()
    assert misconduct_entries(pane.record) == [entry]
    pane.show_record(clean)
    assert pane.tabText(pane.currentIndex()) == HISTORY_TAB
    assert not bar.tabData(1) and bar.tabIcon(1).isNull()
    assert pane.findChild(QLabel, f"library_{Library.MISCONDUCT.value}").text() == NO_ENTRIES
