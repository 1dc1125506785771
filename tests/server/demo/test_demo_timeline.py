"""The demo's 审核进度 is dated relative to the day it is seeded (issue 14, item 4): everything lies in the
past of that day and in causal order — a submission before the decisions on it, a unit's report before
the county's decision — so the first real action a reviewer takes is also the newest event on screen."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from reviewdesk.domain.enums import HistoryAction
from reviewdesk.server.demo.data import generate
from reviewdesk.server.demo.records import CST, SEASON_DAYS


@pytest.mark.parametrize("today", [date(2026, 12, 5), date(2027, 3, 1), date(2030, 1, 1)])
def test_every_event_is_before_the_seeding_day_and_in_causal_order(today: date) -> None:
    data = generate(400, 3, image_pool_size=8, today=today)
    midnight = datetime.combine(today, time(0, 0), tzinfo=CST)
    earliest = midnight - timedelta(days=SEASON_DAYS + 30)
    with_history = 0
    for person in data.candidates():
        times = [event.at for event in person.history]
        assert times == sorted(times), person.name  # the 审核进度 in the order it happened
        assert all(earliest < at < midnight for at in times), (person.name, times[-1:], midnight)
        if person.submitted_at is not None:
            assert person.submitted_at < midnight
            submits = [e.at for e in person.history if e.action is HistoryAction.SUBMITTED]
            assert person.submitted_at == submits[-1]  # the latest submission is the one on record
        # within one submission, tiers act bottom-up along the unit's chain: nobody above decides before
        # the tier below reported up to it
        chain = data.unit_chain(person.unit_id)
        reached = 0
        for event in person.history:
            if event.action is HistoryAction.SUBMITTED:
                reached = 0
            elif event.tier is not None:
                assert chain.index(event.tier) <= reached, (person.name, event)
                if event.action is HistoryAction.REPORTED:
                    reached = chain.index(event.tier) + 1
        with_history += bool(person.history)
    assert with_history > 300  # the demo has a history to look at


def test_the_same_seed_and_day_give_the_same_history_and_another_day_shifts_it() -> None:
    one = generate(50, 9, image_pool_size=8, today=date(2026, 12, 5))
    again = generate(50, 9, image_pool_size=8, today=date(2026, 12, 5))
    later = generate(50, 9, image_pool_size=8, today=date(2026, 12, 25))
    a, b, c = (list(d.candidates()) for d in (one, again, later))
    assert a == b
    assert [p.name for p in a] == [p.name for p in c]  # the same people …
    assert a != c  # … reviewed at other times
    shifted = [(x.history[0].at, y.history[0].at) for x, y in zip(a, c, strict=True) if x.history]
    assert shifted and all(y > x for x, y in shifted)
