"""The OpenAPI document and the error answers agree (issue 12, item 4), against the real seeded server."""

from __future__ import annotations

import json
import socket

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
                if status[0] in "45":  # HEAD answers carry no body at all
                    assert response.get("content") == (None if method == "head" else error), (
                        method,
                        path,
                        status,
                    )
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


def test_a_body_over_64_mb_answers_the_error_shape_with_the_api_header(server: SeededServer) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    head = (
        "POST /v1/auth/login HTTP/1.1\r\n"
        f"Host: {host}\r\nContent-Type: application/json\r\nContent-Length: {64 * 1024 * 1024 + 1}\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(head.encode() + b"{")  # the rest never comes: the size alone is refused
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            chunk = connection.recv(65536)
            if not chunk:
                break
            reply += chunk
    status_line, _, rest = reply.partition(b"\r\n")
    headers, _, body = rest.partition(b"\r\n\r\n")
    assert status_line.split()[1] == b"413"
    assert b"x-reviewdesk-api: 1" in headers.lower()
    assert json.loads(body) == {"detail": "请求内容过大", "code": "too_large"}
