"""Malformed input never becomes a 500: each endpoint gets garbage bodies, queries and headers, and a
hypothesis fuzz over JSON bodies (random values, and the right keys with wrong values)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewdesk.server.app import create_app
from reviewdesk.server.settings import ServerSettings
from reviewdesk.server.testing import copy_seeded_database, demo_data

POST_ENDPOINTS = [
    "/v1/auth/login",
    "/v1/auth/logout",
    "/v1/decisions",
    "/v1/reports",
    "/v1/verifications",
    "/v1/org/confirmation-code/regenerate",
    "/v1/candidate/bind",
    "/v1/candidate/submit",
    "/v1/candidate/withdraw",
]
GET_ENDPOINTS = [
    "/v1/health",
    "/v1/me",
    "/v1/catalogue",
    "/v1/records",
    "/v1/records/1",
    "/v1/sync/snapshot",
    "/v1/sync/changes",
    "/v1/blobs/" + "0" * 64,
    "/v1/org/confirmation-code",
]
GARBAGE_BODIES: list[bytes] = [
    b"",
    b"not json",
    b"{",
    b"[]",
    b"null",
    b"123",
    b'"string"',
    b"\xff\xfe\x00garbage",
    b'{"items": "no"}',
    b'{"items": [1, 2, 3]}',
    b'{"items": [{"decision_id": "x", "record_id": "y"}]}',
    b'{"record_id": 99999999999999999999999999999}',
    b'{"record_id": -1, "code": null}',
    b'{"record_id": 1.5}',
    b'{"record_id": true}',
    b'{"username": "a\\u0000b", "password": "\\ud800"}',
    b'{"report_id": "\\ud800", "record_ids": [1e308]}',
    b'{"items": [{"action_id": "00000000-0000-0000-0000-000000000000", "material_id": 1, "status": "nope", "base": {}}]}',
    b"[" * 100_000 + b"]" * 100_000,
    json.dumps({"items": [{"x": "y" * 100_000}] * 600}).encode(),
    json.dumps(
        {"record_id": 1, "materials": [{"kind": "education", "images": [{"side": "A", "data_base64": "!!"}]}]}
    ).encode(),
    json.dumps({"record_id": 1, "materials": [{"kind": "education", "fields": {"a": 1}}]}).encode(),
    json.dumps(
        {"record_id": 1, "materials": [{"kind": "education", "images": [{"side": "A", "sha256": "0" * 64}]}]}
    ).encode(),
]
GARBAGE_QUERIES = [
    {"limit": "-1"},
    {"limit": "abc"},
    {"limit": "100000"},
    {"after_id": "1e30"},
    {"after_id": "99999999999999999999999"},
    {"scope": "everything"},
    {"since": ""},
    {"since": "0"},
    {"since": "x" * 5000},
    {"since": "AAAA"},
    {"since": "ZGVhZGJlZWY6LTE"},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db_url, blob_dir = copy_seeded_database(1000, 1, Path(tmp_path_factory.mktemp("garbage")))
    app = create_app(ServerSettings(db_url=db_url, blob_dir=blob_dir, candidate_api=True))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        account = demo_data(1000, 1).demo_accounts()[3]
        token = test_client.post(
            "/v1/auth/login", json={"username": account.username, "password": account.password}
        ).json()["token"]
        test_client.headers["Authorization"] = f"Bearer {token}"
        yield test_client


def _assert_clear_4xx(response, what: str) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, f"{what}: {response.status_code} {response.text[:300]}"
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"], what
    assert isinstance(body["code"], str) and body["code"], what
    assert response.headers["X-Reviewdesk-Api"] == "1"


@pytest.mark.parametrize("path", POST_ENDPOINTS)
def test_garbage_bodies(client: TestClient, path: str) -> None:
    for body in GARBAGE_BODIES:
        response = client.post(path, content=body, headers={"Content-Type": "application/json"})
        if response.status_code == 200:  # e.g. logout ignores its body; nothing else may succeed
            assert path == "/v1/auth/logout", body[:80]
            continue
        _assert_clear_4xx(response, f"{path} {body[:60]!r}")


@pytest.mark.parametrize("path", GET_ENDPOINTS)
def test_garbage_queries_and_headers(client: TestClient, path: str) -> None:
    for query in GARBAGE_QUERIES:
        response = client.get(path, params=query)
        assert response.status_code < 500, f"{path} {query}: {response.text[:300]}"
        if response.status_code >= 400:
            _assert_clear_4xx(response, f"{path} {query}")
    for headers in (
        {"Range": "bytes=abc"},
        {"Range": "bytes=999999999999999999999-"},
        {"If-None-Match": "\x7f" * 10},
        {"X-Device-Id": "☃".encode() * 500},
        {"Authorization": "Bearer " + "x" * 10_000},
    ):
        response = client.get(path, headers=headers)
        assert response.status_code < 500, f"{path} {headers}"


def test_wrong_methods_and_unknown_paths(client: TestClient) -> None:
    _assert_clear_4xx(client.get("/v1/decisions"), "GET decisions")
    _assert_clear_4xx(client.delete("/v1/records/1"), "DELETE record")
    _assert_clear_4xx(client.get("/v1/nothing-here"), "unknown path")
    _assert_clear_4xx(client.get("/v1/records/0"), "record id 0")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = [
    "items", "decision_id", "action_id", "report_id", "record_id", "record_ids", "material_id", "outcome",
    "status", "remark", "base", "version", "submission_rev", "materials_hash", "decided_at", "reported_at",
    "code", "materials", "kind", "fields", "images", "side", "data_base64", "sha256", "username", "password",
]  # fmt: skip
shaped = st.recursive(
    json_values,
    lambda children: (
        st.dictionaries(st.sampled_from(KEYS), children, max_size=6) | st.lists(children, max_size=3)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(POST_ENDPOINTS), body=st.one_of(json_values, shaped))
def test_fuzzed_bodies_never_500(client: TestClient, path: str, body: object) -> None:
    response = client.post(path, json=body)
    assert response.status_code < 500, f"{path} {body!r}: {response.text[:300]}"
    if response.status_code >= 400:
        _assert_clear_4xx(response, f"{path} {body!r}")


# Well-formed shapes with values at and beyond every boundary: these reach the code behind validation.
ids = st.integers(min_value=-(2**70), max_value=2**70) | st.sampled_from([0, 1, 2, 3, 2**62, 2**63])
texts = st.text(max_size=30) | st.sampled_from(["", " ", "\x00", "审核", "passed", "x" * 2000])
uuids = st.uuids().map(str) | texts
times = st.datetimes(timezones=st.timezones()).map(lambda t: t.isoformat()) | texts | st.none()
base = st.fixed_dictionaries({"version": ids, "submission_rev": ids, "materials_hash": texts})
decision = st.fixed_dictionaries(
    {
        "decision_id": uuids,
        "record_id": ids,
        "outcome": st.sampled_from(["passed", "on_hold", "returned", "rejected", "nope"]),
        "remark": texts,
        "decided_at": times,
        "base": base,
    }
)
verification = st.fixed_dictionaries(
    {
        "action_id": uuids,
        "material_id": ids,
        "status": st.sampled_from(["verified", "failed", "pending", "bad"]),
        "remark": texts,
        "base": st.fixed_dictionaries({"version": ids}),
    }
)
material_input = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["education", "title", "supplement", "bogus"]),
        "fields": st.dictionaries(texts, texts, max_size=3) | st.none(),
        "images": st.lists(
            st.fixed_dictionaries(
                {
                    "side": st.sampled_from(["A", "B", "report", "Z"]),
                    "mime": st.sampled_from(["image/jpeg", "image/png", "text/plain"]),
                    "data_base64": st.sampled_from(["", "AAAA", "/9j/4AAQ", "iVBORw0KGgo=", "!!"]),
                }
            ),
            max_size=2,
        )
        | st.none(),
    }
)
structured = st.one_of(
    st.tuples(st.just("/v1/decisions"), st.fixed_dictionaries({"items": st.lists(decision, max_size=3)})),
    st.tuples(
        st.just("/v1/verifications"), st.fixed_dictionaries({"items": st.lists(verification, max_size=3)})
    ),
    st.tuples(
        st.just("/v1/reports"),
        st.fixed_dictionaries(
            {"report_id": uuids, "record_ids": st.lists(ids, max_size=3) | st.none(), "reported_at": times}
        ),
    ),
    st.tuples(
        st.just("/v1/candidate/submit"),
        st.fixed_dictionaries({"record_id": ids, "materials": st.lists(material_input, max_size=2)}),
    ),
    st.tuples(st.just("/v1/candidate/bind"), st.fixed_dictionaries({"record_id": ids, "code": texts})),
    st.tuples(st.just("/v1/candidate/withdraw"), st.fixed_dictionaries({"record_id": ids})),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(call=structured)
def test_fuzzed_well_shaped_bodies_never_500(client: TestClient, call: tuple[str, object]) -> None:
    path, body = call
    response = client.post(path, json=body)
    assert response.status_code < 500, f"{path} {body!r}: {response.text[:300]}"
    if response.status_code >= 400:
        _assert_clear_4xx(response, f"{path} {body!r}")
