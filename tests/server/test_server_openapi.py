"""The OpenAPI document and the error answers agree (issue 12, item 4), against the real seeded server."""

from __future__ import annotations

import requests

from reviewdesk.server.testing import SeededServer


def _document(server: SeededServer) -> dict:
    return requests.get(f"{server.url}/openapi.json", timeout=30).json()


def test_every_error_is_documented_in_the_one_error_shape(server: SeededServer) -> None:
    document = _document(server)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert set(document["components"]["schemas"]["ErrorOut"]["properties"]) == {"detail", "code", "errors"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status, response in responses.items():
                if status[0] in "45":
                    assert response["content"] == error, (method, path, status)
            assert "503" in responses, (method, path)
            if operation.get("security"):
                assert "401" in responses, (method, path)
            if "requestBody" in operation:
                assert {"413", "422"} <= set(responses), (method, path)


def test_integer_limits_are_integers_and_since_has_the_cursor_shape(server: SeededServer) -> None:
    document = _document(server)
    record_id = document["components"]["schemas"]["DecisionIn"]["properties"]["record_id"]
    assert record_id["maximum"] == 2**53 - 1 and isinstance(record_id["maximum"], int)
    (since,) = [p for p in document["paths"]["/v1/sync/changes"]["get"]["parameters"] if p["name"] == "since"]
    assert since["schema"]["pattern"] == r"^[A-Za-z0-9_-]{51,200}$"
    reviewer = server.reviewer("unit")
    answer = reviewer.session.get(f"{server.url}/v1/sync/changes", params={"since": "0"}, timeout=30)
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_request"


def test_unreadable_bodies_are_422_with_the_error_shape(server: SeededServer) -> None:
    for body in (b"\xff\xfe{}", b"\x1f\x8b\x08\x00", b"[" * 100_000):
        answer = requests.post(
            f"{server.url}/v1/auth/login", data=body, headers={"Content-Type": "application/json"}, timeout=30
        )
        assert answer.status_code == 422, body[:4]
        assert answer.json()["code"] == "invalid_request" and answer.headers["X-Reviewdesk-Api"] == "1"


def test_plain_integer_times_are_refused(server: SeededServer) -> None:
    reviewer = server.reviewer("unit")
    answer = reviewer.session.post(
        f"{server.url}/v1/reports",
        json={"report_id": "5b0c1f7e-0d7a-4c36-9d0e-1f2a3b4c5d6e", "reported_at": 0},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "reported_at"]


def test_a_405_lists_every_method_of_the_path(server: SeededServer) -> None:
    answer = requests.options(f"{server.url}/v1/blobs/{'a' * 64}", timeout=30)
    assert answer.status_code == 405 and answer.json()["code"] == "method_not_allowed"
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD"}
