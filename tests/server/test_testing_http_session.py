"""The tests' HTTP clients (``server.testing.http_session``) survive the keep-alive race that once failed
a PostgreSQL run: a read sent on a reused connection that the server closes at that moment.

The fault is injected on purpose by a tiny socket server: it answers the first request of a connection
and keeps it open, then resets the connection (RST) when the next request arrives on it, the way a
server dropping an idle keep-alive connection does when the client's request crosses its close."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator

import pytest
import requests

from reviewdesk.server.testing import http_session

REPLY = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}'


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            wanted = int(line.split(b":")[1])
            while len(body) < wanted:
                body += conn.recv(65536)
    return data


@pytest.fixture
def resetting_server() -> Iterator[tuple[str, list[str]]]:
    """A server whose every connection answers one request, then resets on the second."""
    listener = socket.create_server(("127.0.0.1", 0))
    seen: list[str] = []
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            first = _read_request(conn)
            if not first:
                return
            seen.append(first.split(b" ", 2)[0].decode())
            conn.sendall(REPLY)
            second = _read_request(conn)
            if second:
                seen.append(second.split(b" ", 2)[0].decode() + " reset")
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def test_a_read_reset_on_a_reused_connection_is_sent_again_on_a_new_one(
    resetting_server: tuple[str, list[str]],
) -> None:
    url, seen = resetting_server
    with http_session() as session:
        assert session.get(url, timeout=5).json() == {"ok": True}
        assert session.get(url, timeout=5).json() == {"ok": True}  # reset once, then answered anew
    assert seen == ["GET", "GET reset", "GET"]


def test_a_plain_session_fails_the_same_way_the_ci_run_did(resetting_server: tuple[str, list[str]]) -> None:
    url, _ = resetting_server
    with requests.Session() as session:
        session.get(url, timeout=5)
        with pytest.raises(requests.ConnectionError, match="reset"):
            session.get(url, timeout=5)


def test_a_write_is_not_sent_twice(resetting_server: tuple[str, list[str]]) -> None:
    url, seen = resetting_server
    with http_session() as session:
        session.get(url, timeout=5)
        with pytest.raises(requests.ConnectionError):
            session.post(url, json={"decision": 1}, timeout=5)
    assert seen == ["GET", "POST reset"]
