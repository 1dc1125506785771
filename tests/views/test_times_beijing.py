"""Every time the desktop shows is 北京时间 in one format, whatever the PC's zone (issue 14 item 4).

The reviewer's PC ran in another zone: local actions showed its 03:07 beside the server's 11:08 (+08:00)
in one conflict dialog. The tests run the process in America/Los_Angeles so a PC-zone time would show.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import Outcome
from reviewdesk.store.columns import COLUMNS_BY_KEY
from reviewdesk.store.testing import filled_store, make_snapshot


@pytest.fixture
def pc_in_los_angeles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    assert datetime.now().astimezone().utcoffset() != timedelta(hours=8)
    yield
    monkeypatch.undo()
    time.tzset()


def test_text_converts_any_offset_to_beijing_in_one_format() -> None:
    assert beijing.text("2026-12-04T19:07:00-08:00") == "2026-12-05 11:07"
    assert beijing.text("2026-12-05T03:07:00Z") == "2026-12-05 11:07"
    assert beijing.text("2026-12-05T11:07:59+08:00") == "2026-12-05 11:07"
    assert beijing.text("2026-12-05T11:07:00") == "2026-12-05 11:07"  # no offset: already 北京时间
    assert beijing.text(datetime(2026, 12, 5, 3, 7, tzinfo=UTC)) == "2026-12-05 11:07"
    assert beijing.text(None) == "" and beijing.text("") == ""
    assert beijing.text("昨天") == "昨天"  # unreadable: shown as it came, never lost
    assert beijing.wall_clock("2026-12-05T03:07:00Z") == datetime(2026, 12, 5, 11, 7)


def test_local_actions_are_stamped_and_shown_in_beijing_time(pc_in_los_angeles: None, tmp_path: Path) -> None:
    assert beijing.now_iso().endswith("+08:00")
    snapshot = make_snapshot(1, submitted_at="2026-12-05T02:30:00Z")
    ws = filled_store(tmp_path / "ws.sqlite", [snapshot])
    try:
        assert COLUMNS_BY_KEY["submitted_at"].display(ws.rows([1])[1]) == "2026-12-05 10:30"
        before = beijing.now()
        ws.decide([1], Outcome.PASS, "")
        entry = ws.record(1).history[-1]
        assert entry["pending"] and entry["at"].endswith("+08:00")
        shown = datetime.strptime(beijing.text(entry["at"]), beijing.TIME_FORMAT).replace(
            tzinfo=beijing.BEIJING
        )
        assert abs(shown - before.replace(second=0, microsecond=0)) <= timedelta(minutes=1)
    finally:
        ws.close()


def test_the_conflict_dialog_and_detail_pane_show_beijing_time(pc_in_los_angeles: None, qtbot: Any) -> None:
    from types import SimpleNamespace

    from reviewdesk.views.detail.history_table import HistoryTable
    from reviewdesk.views.review import conflicts

    local = datetime(2026, 12, 5, 3, 7).astimezone()  # what an older desktop wrote: the PC's own zone
    assert conflicts._time(local.isoformat()) == "2026-12-05 19:07"
    table = HistoryTable()
    qtbot.addWidget(table)
    table.fill(SimpleNamespace(history=[{"at": local.isoformat()}, {"at": "2026-12-05T11:08:00+08:00"}]))
    assert [table.item(row, 0).text() for row in range(2)] == ["2026-12-05 19:07", "2026-12-05 11:08"]
