"""北京时间 as the domain computes it, without Qt or a store: every value compared with a time worked out by
hand (UTC + 8 h), in a process whose own zone is not +08:00 (the views' test checks what is shown)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from reviewdesk.domain import beijing


@pytest.fixture(autouse=True)
def pc_in_los_angeles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_zone_is_eight_hours_ahead_and_named_shanghai() -> None:
    assert beijing.BEIJING.utcoffset(None) == timedelta(hours=8)
    assert beijing.BEIJING.tzname(None) == "Asia/Shanghai"


def test_now_is_the_current_moment_in_beijing_and_its_text_has_seconds_and_the_offset() -> None:
    before = datetime.now(UTC)
    moment = beijing.now()
    after = datetime.now(UTC)
    assert moment.utcoffset() == timedelta(hours=8)
    assert before <= moment <= after
    text = beijing.now_iso()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", text), text
    assert abs(datetime.fromisoformat(text) - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("not a time", None),
        ("2026-12-03T02:12:30+00:00", datetime(2026, 12, 3, 10, 12, 30)),
        (" 2026-12-03T02:12:30Z ", datetime(2026, 12, 3, 10, 12, 30)),  # spaces around it are read
        ("2026-12-03T10:12:30", datetime(2026, 12, 3, 10, 12, 30)),  # no offset: already 北京时间
        ("2026-12-02T23:30:00-05:00", datetime(2026, 12, 3, 12, 30)),
        (datetime(2026, 12, 3, 2, 12, tzinfo=UTC), datetime(2026, 12, 3, 10, 12)),
        (datetime(2026, 12, 3, 10, 12), datetime(2026, 12, 3, 10, 12)),  # naive: already 北京时间
    ],
    ids=["none", "empty", "garbage", "utc", "z-spaced", "naive-text", "minus-5", "aware", "naive"],
)
def test_a_value_becomes_an_aware_beijing_time(value: object, expected: datetime | None) -> None:
    moment = beijing.to_beijing(value)  # type: ignore[arg-type]
    if expected is None:
        assert moment is None
    else:
        assert moment is not None and moment.utcoffset() == timedelta(hours=8)
        assert moment.replace(tzinfo=None) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        ("", ""),
        ("昨天下午", "昨天下午"),  # unreadable: shown as it came, never lost
        ("2026-12-03T02:12:59+00:00", "2026-12-03 10:12"),  # minutes, not rounded
        ("2026-12-31T16:05:00+00:00", "2027-01-01 00:05"),  # the date moves too
        (datetime(2026, 12, 3, 10, 12, 30), "2026-12-03 10:12"),
    ],
    ids=["none", "empty", "unreadable", "utc", "new-year", "naive"],
)
def test_the_text_shown_is_beijing_minutes(value: object, shown: str) -> None:
    assert beijing.text(value) == shown  # type: ignore[arg-type]


def test_the_wall_clock_for_a_spreadsheet_has_no_zone_and_no_fraction() -> None:
    assert beijing.wall_clock("2026-12-03T02:12:30.750+00:00") == datetime(2026, 12, 3, 10, 12, 30)
    assert beijing.wall_clock("2026-12-03T02:12:30.750+00:00").tzinfo is None  # type: ignore[union-attr]
    assert beijing.wall_clock(None) is None
    assert beijing.wall_clock("later") is None


def test_the_formats_are_the_web_pages() -> None:
    assert datetime(2026, 1, 2, 3, 4, 5).strftime(beijing.TIME_FORMAT) == "2026-01-02 03:04"
    assert datetime(2026, 1, 2, 3, 4, 5).strftime(beijing.DATE_FORMAT) == "2026-01-02"
