"""``server.quick_sync``: the plain ``GET /v1/sync/changes`` answered before FastAPI's machinery gives the
same bytes and headers as the route, and everything that is not plain still reaches the route."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from reviewdesk.domain.enums import Outcome, Tier
from reviewdesk.server.feed import encode_cursor
from reviewdesk.server.quick_sync import QuickSync
from reviewdesk.server.testing import ReviewerClient, SeededServer


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The ``since`` of every request the quick path took up (a spy around the real method; a refused
    token or cursor raises from it, and the route answers)."""
    seen: list[str] = []
    real = QuickSync._answer

    def spy(self: QuickSync, since: str, *args: Any) -> Any:
        seen.append(since)
        return real(self, since, *args)

    monkeypatch.setattr(QuickSync, "_answer", spy)
    yield seen


def _get(reviewer: ReviewerClient, query: str, **headers: str) -> requests.Response:
    base = {"Authorization": f"Bearer {reviewer.token}", "Accept-Encoding": "identity"}
    return requests.get(f"{reviewer.url}/v1/sync/changes?{query}", headers=base | headers, timeout=30)


def _same(quick: requests.Response, route: requests.Response) -> None:
    assert quick.status_code == route.status_code == 200
    assert quick.content == route.content
    skip = {"date"}
    assert {k: v for k, v in quick.headers.items() if k.lower() not in skip} == {
        k: v for k, v in route.headers.items() if k.lower() not in skip
    }


def test_plain_syncs_are_answered_as_the_route_answers_them(
    server: SeededServer, answered: list[str]
) -> None:
    unit = server.reviewer(Tier.UNIT)
    cursor = unit.get("/v1/sync/snapshot", limit=2000)["cursor"]
    ids = server.find_records(unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)[
        :3
    ]
    at_head = _get(unit, f"since={cursor}")
    for record_id in ids:
        unit.decide(record_id, Outcome.PASS)

    cases = [
        ({"Accept-Encoding": "identity"}, f"since={cursor}"),  # three changes, plain
        ({"Accept-Encoding": "gzip"}, f"since={cursor}"),  # the same gzipped (over 4 KB)
        ({"Accept-Encoding": "identity"}, f"since={cursor}&limit=2"),  # a page with more after it
        ({"Accept-Encoding": "identity", "X-Device-Id": "ws-1"}, f"limit=1000&since={cursor}"),
    ]
    answered.clear()
    for headers, query in cases:
        quick = _get(unit, query, **headers)
        route = _get(unit, query + "&route=1", **headers)  # an unknown parameter: not plain
        _same(quick, route)
    assert len(answered) == len(cases)
    assert _get(unit, f"since={cursor}", **{"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    page = _get(unit, f"since={cursor}&limit=2").json()
    assert page["has_more"] is True and len(page["changes"]) == 2
    assert at_head.json()["changes"] == [] and at_head.headers["X-Reviewdesk-Api"]


def test_what_is_not_plain_or_is_refused_gets_the_routes_answer(
    server: SeededServer, answered: list[str]
) -> None:
    unit = server.reviewer(Tier.UNIT)
    cursor = unit.get("/v1/sync/snapshot", limit=2000)["cursor"]
    server_id = unit.get("/v1/me")["server_id"]
    token = unit.token
    cases: list[tuple[str, dict[str, str], int, str]] = [
        (f"since={cursor}", {"Authorization": ""}, 401, "unauthorized"),
        (f"since={cursor}", {"Authorization": "Bearer nope"}, 401, "invalid_token"),
        (f"since={cursor}", {"Authorization": f"Basic {token}"}, 401, "unauthorized"),
        (f"since={encode_cursor(server_id, 10**9)}", {}, 410, "cursor_expired"),
        ("since=0", {}, 422, "invalid_request"),
        # the request's shape is judged before its token (docs/API.md, change feed)
        ("since=0", {"Authorization": ""}, 422, "invalid_request"),
        ("since=0", {"Authorization": "Bearer nope"}, 422, "invalid_request"),
        (f"since={cursor}&limit=0", {}, 422, "invalid_request"),
        (f"since={cursor}&limit=1001", {}, 422, "invalid_request"),
        ("limit=5", {}, 422, "invalid_request"),
    ]
    answered.clear()
    for query, headers, status, code in cases:
        reply = _get(unit, query, **headers)
        assert (reply.status_code, reply.json()["code"]) == (status, code), query
    # taken up, refused in the quick path's thread (a bad token, a cursor from the future), answered by the route
    assert len(answered) == 2
    # plain enough for the route, not for the quick path: a repeated parameter, Bearer with two spaces
    answered.clear()
    assert _get(unit, f"since={cursor}&since={cursor}").status_code == 200
    assert _get(unit, f"since={cursor}", Authorization=f"bearer  {token}").status_code in (200, 401)
    assert answered == []
    # the scheme's case does not matter to either
    assert _get(unit, f"since={cursor}", Authorization=f"bEaReR {token}").status_code == 200
    assert answered == [cursor]
    # a POST is never the quick path's
    assert requests.post(f"{unit.url}/v1/sync/changes?since={cursor}", timeout=30).status_code == 405
