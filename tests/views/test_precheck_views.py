"""预审提示 in the workstation, end to end: a candidate uploads a blurred scan to the real server, the
workstation syncs, the 审核详情 banner lists the record's flags, a click brings the field or scan into
view, and the 专项信息 card of that material shows its scan's flag."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from english import english  # noqa: F401 (a fixture)
from PySide6.QtWidgets import QScrollArea

from reviewdesk.domain.enums import Tier
from reviewdesk.server.demo import planted_scans as demo_scans
from reviewdesk.server.testing import seeded_server
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import connect
from reviewdesk.views.detail.flags_banner import FlagsBanner, where
from reviewdesk.views.detail.form_rows import HIGHLIGHT
from reviewdesk.views.detail.material_page import MaterialPage
from reviewdesk.views.detail.pane import DetailPane
from reviewdesk.views.detail.thumbnail import THUMB_HIGHLIGHT

ACCOUNT = "unit_420106_001"
BLURRED = demo_scans.planted_scan("scan_blurred", 7)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with seeded_server(tmp_path_factory.mktemp("flags-server"), candidates=400, seed=3) as running:
        yield running


@pytest.fixture(scope="module")
def downloaded(server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int]]:
    tmp = tmp_path_factory.mktemp("flags")
    account = next(a for a in server.accounts if a.username == ACCOUNT)
    record_id = server.find_records(unit_id=account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)[
        0
    ]
    server.withdraw(record_id)
    image = {
        "side": "A",
        "filename": "A面.jpg",
        "mime": "image/jpeg",
        "data_base64": base64.b64encode(BLURRED).decode(),
    }
    server.submit(record_id, materials=[{"kind": "education", "images": [image]}])
    workspace, client = connect(server.url, account.username, account.password, tmp / "data")
    assert SyncEngine(workspace, client).sync().ok
    try:
        yield workspace, record_id
    finally:
        workspace.close()


@pytest.fixture(scope="module")
def cut_scan(server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int]]:
    """A unit's workstation holding a record whose scan the demo stored cut short (it came from
    elsewhere: the upload door would refuse it), and that record's id."""
    record_id, unit = next(
        (rid, unit)
        for unit in server.units()
        for rid in server.find_records(unit_id=unit)
        if any(f["code"] == "scan_not_image" for f in server.snapshot(rid).get("flags") or [])
    )
    account = server.account_for_org(unit)
    workspace, client = connect(
        server.url, account.username, account.password, tmp_path_factory.mktemp("cut") / "data"
    )
    assert SyncEngine(workspace, client).sync().ok
    try:
        yield workspace, record_id
    finally:
        workspace.close()


@pytest.fixture
def shown(qtbot: Any, downloaded: tuple[Any, int]) -> tuple[DetailPane, FlagsBanner]:
    workspace, _ = downloaded
    pane = DetailPane(workspace)
    banner = FlagsBanner()
    banner.jump.connect(pane.show_flag)
    pane.record_shown.connect(lambda r: banner.set_flags(r.snapshot.get("flags") or [] if r else []))
    for widget in (pane, banner):
        qtbot.addWidget(widget)
        widget.resize(700, 700)
        widget.show()
    return pane, banner


def test_the_banner_lists_the_flags_and_a_click_frames_the_scan(shown: Any, downloaded: Any) -> None:
    pane, banner = shown
    workspace, record_id = downloaded
    pane.show_record(record_id)
    assert banner.isVisible()
    flags = workspace.record(record_id).snapshot["flags"]
    (blurred,) = [f for f in flags if f["code"] == "scan_blurred"]
    assert blurred["image"] == hashlib.sha256(BLURRED).hexdigest()
    assert banner.title.text() == f"预审提示（{len(flags)} 项，仅供参考，不代替审核）："
    line = banner.lines[flags.index(blurred)]
    assert "图片不清晰（模糊）" in line.text() and "查看 学历信息" in line.text()

    line.linkActivated.emit(str(flags.index(blurred)))

    assert pane.tabText(pane.currentIndex()) == "学历信息"
    page = pane.currentWidget().widget()
    assert isinstance(page, MaterialPage)
    framed = [t for t in page.thumbnails if t.styleSheet() == THUMB_HIGHLIGHT]
    assert framed == [page.thumbnails[page.image_shas.index(blurred["image"])]]


def test_a_field_flag_highlights_its_row_and_the_next_record_clears_it(shown: Any, downloaded: Any) -> None:
    pane, banner = shown
    workspace, _ = downloaded
    ids = workspace.record_ids()
    flagged = next(
        rid for rid in ids
        if any(f["field"] and f["material"] for f in workspace.record(rid).snapshot.get("flags") or [])
    )  # fmt: skip
    clean = next(rid for rid in ids if not workspace.record(rid).snapshot.get("flags"))
    pane.show_record(flagged)
    flag = next(f for f in banner.flags if f["field"] and f["material"])
    assert where(flag).endswith(f" · {flag['field']}")
    assert pane.show_flag(flag)
    scroll = pane.currentWidget()
    assert isinstance(scroll, QScrollArea)
    page = scroll.widget()
    row = page.field_rows[flag["field"]]
    assert page.form.captions[row].styleSheet() == HIGHLIGHT
    assert [c for c in page.form.captions if c.styleSheet()] == [page.form.captions[row]]

    pane.show_record(clean)
    assert not banner.isVisible()
    assert not [c for p in pane._material_pages for c in p.form.captions if c.styleSheet()]


def test_a_flag_on_basic_information_points_at_its_row(shown: Any, downloaded: Any) -> None:
    pane, _ = shown
    workspace, record_id = downloaded
    pane.show_record(record_id)
    assert pane.show_flag({"code": "birth_mismatch", "material": "", "field": "出生日期"})
    assert pane.tabText(pane.currentIndex()) == "基础信息"
    form = pane._basic_form
    assert form.captions[4].text() == "出生日期：" and form.captions[4].styleSheet() == HIGHLIGHT
    assert form.values[4].text() == workspace.record(record_id).snapshot["birth_date"]
    # a flag about a material the record does not have (a licence it lacks) lands on 基础信息
    assert not pane.show_flag({"code": "licence_missing", "material": "nurse_practice", "field": ""})
    assert pane.tabText(pane.currentIndex()) == "基础信息"


def test_a_special_info_card_shows_its_scans_flags(downloaded: Any) -> None:
    from reviewdesk.store.material_query import load_cards
    from reviewdesk.views.special.cards import flags_note

    workspace, record_id = downloaded
    record = workspace.record(record_id)
    education = next(m for m in record.materials if m.kind.value == "education")
    card = load_cards(workspace.engine, [education.id], tier=Tier.UNIT)[education.id]
    first = card.flags[0]  # the scan's own flag comes first
    assert (first["severity"], first["message"], first["words"]) == (
        "warn",
        "图片不清晰（模糊）",
        {"code": "flag.scan_blurred", "parts": {}},
    )
    assert flags_note(card).startswith("预审提示：△ 图片不清晰（模糊）")
    other = next(m for m in record.materials if m.kind.value != "education")
    expected = tuple(f for f in record.snapshot["flags"] if f["material"] == other.kind.value)
    assert load_cards(workspace.engine, [other.id], tier=Tier.UNIT)[other.id].flags == expected


def _card(workspace: Any, record_id: int, material: str) -> Any:
    """The 专项信息 card of a record's material, as the page loads it."""
    from reviewdesk.store.material_query import load_cards

    found = next(m for m in workspace.record(record_id).materials if m.kind.value == material)
    return load_cards(workspace.engine, [found.id], tier=Tier.UNIT)[found.id]


def test_a_special_info_card_says_its_scans_flags_in_english(
    downloaded: Any,
    cut_scan: Any,
    english: Any,  # noqa: F811
) -> None:
    """The card's note in English, for a blurred scan the candidate uploaded and for a scan the demo
    stored cut short (the server flags it with the image policy's refusal): written here by hand."""
    from reviewdesk.views.special.cards import flags_note

    workspace, record_id = downloaded
    assert flags_note(_card(workspace, record_id, "education")).startswith(
        "Pre-check: △ The scan is not sharp (blurred)"
    )
    workspace, record_id = cut_scan
    (flag,) = [f for f in workspace.record(record_id).snapshot["flags"] if f["code"] == "scan_not_image"]
    card = _card(workspace, record_id, flag["material"])
    assert flag["message"] == "图片文件不完整（数据被截断），无法解码"  # the server's words stay
    assert flags_note(card).startswith(
        "Pre-check: ▲ The image file is incomplete (its data is truncated) and cannot be decoded"
    )
