"""``reviewdesk-server`` end to end: seed, then serve with two worker processes; unit and county reviewers
log in and see exactly their own records; tokens and idempotency hold whichever worker answers;
create-user; compact-feed; ``python -m reviewdesk.server``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from reviewdesk.server.cli import main

CANDIDATES = 1000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[str, str, str]]:
    db_url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["seed", "--db", db_url, "--candidates", str(CANDIDATES), "--seed", "1"]) == 0
    printed = capsys.readouterr().out
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reviewdesk.server",
            "serve",
            "--db",
            db_url,
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    # up, and both worker processes too (each answers on the shared socket) before the test starts
    while not (_answers(url) and len(_workers(process.pid)) >= 2):
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        assert time.monotonic() < deadline, "the server and its two workers did not come up"
        time.sleep(0.05)
    try:
        yield url, db_url, printed
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/v1/health", timeout=1).ok
    except requests.ConnectionError:
        return False


def _workers(pid: int) -> list[int]:
    """uvicorn's worker processes under ``pid``: its spawned children (Linux /proc), not the
    multiprocessing resource tracker beside them."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:  # gone meanwhile
                continue
            if b"spawn_main" in command:
                found.append(int(child))
    return found


def _session(url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    reply = session.post(
        f"{url}/v1/auth/login", json={"username": username, "password": password}, timeout=30
    )
    assert reply.status_code == 200, reply.text
    session.headers["Authorization"] = f"Bearer {reply.json()['token']}"
    return session


def _ids(session: requests.Session, url: str) -> set[int]:
    ids: set[int] = set()
    params: dict[str, object] = {"limit": 500}
    while True:
        page = session.get(f"{url}/v1/records", params=params, timeout=30).json()
        ids |= {r["id"] for r in page["items"]}
        if page["next_after_id"] is None:
            return ids
        params["after_id"] = page["next_after_id"]


def test_seed_then_serve(served: tuple[str, str, str]) -> None:
    url, _db_url, printed = served
    accounts = {}
    for line in printed.splitlines():
        parts = line.strip().split("\t")
        if len(parts) == 5:
            accounts.setdefault(parts[3], parts)
    assert set(accounts) == {"省级", "市州", "区县", "单位"}  # at least one account per tier

    # The candidates' phone pages come with every server (served by each of its worker processes).
    for _ in range(4):
        page = requests.get(f"{url}/m/login", timeout=30)
        assert page.status_code == 200 and 'name="phone"' in page.text
        assert "HttpOnly" in page.headers["set-cookie"] and "SameSite=lax" in page.headers["set-cookie"]

    unit_user, county_user = accounts["单位"], accounts["区县"]
    unit, county = _session(url, unit_user[0], unit_user[1]), _session(url, county_user[0], county_user[1])
    unit_me, county_me = unit.get(f"{url}/v1/me").json(), county.get(f"{url}/v1/me").json()
    unit_ids, county_ids = _ids(unit, url), _ids(county, url)
    assert unit_ids and county_ids
    for record_id in unit_ids:
        assert unit.get(f"{url}/v1/records/{record_id}").json()["unit_id"] == unit_me["org"]["id"]
    for record_id in county_ids:
        record = county.get(f"{url}/v1/records/{record_id}").json()
        assert county_me["org"]["id"] in record["org_path"] and "county" in record["review"]["statuses"]

    # replaying a decision applies it once; a stale base is a conflict that changes nothing
    pending = next(
        r
        for r in (unit.get(f"{url}/v1/records/{i}").json() for i in sorted(unit_ids))
        if r["review"]["at_tier"] == "unit"
    )
    base = {k: pending[k] for k in ("version", "submission_rev", "materials_hash")}
    item = {
        "decision_id": str(uuid.uuid4()),
        "record_id": pending["id"],
        "outcome": "on_hold",
        "remark": "复核",
        "base": base,
    }
    first = unit.post(f"{url}/v1/decisions", json={"items": [item]}).json()["results"][0]
    second = unit.post(f"{url}/v1/decisions", json={"items": [item]}).json()["results"][0]
    stale = unit.post(
        f"{url}/v1/decisions",
        json={"items": [{**item, "decision_id": str(uuid.uuid4()), "outcome": "passed"}]},
    ).json()["results"][0]
    assert (first["status"], second["status"], stale["status"]) == ("applied", "duplicate", "conflict")
    assert unit.get(f"{url}/v1/records/{pending['id']}").json() == first["record"]
    # every request on a fresh connection: the two workers share tokens and decisions through the database
    token = unit.headers["Authorization"]
    for _ in range(6):
        fresh = requests.post(
            f"{url}/v1/decisions",
            json={"items": [item]},
            headers={"Authorization": token, "Connection": "close"},
            timeout=30,
        )
        assert fresh.json()["results"][0]["status"] == "duplicate"
    # candidate actions are off unless asked for
    assert requests.post(f"{url}/v1/candidate/withdraw", json={"record_id": 1}, timeout=30).status_code == 404


def test_create_user_and_compact_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db_url = f"sqlite:///{tmp_path / 'small.db'}"
    assert main(["seed", "--db", db_url, "--candidates", "20", "--seed", "2"]) == 0
    assert main(["seed", "--db", db_url, "--candidates", "20", "--seed", "2"]) == 1  # never twice
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("Str0ng-pass\n"))
    code = main(
        [
            "create-user",
            "--db",
            db_url,
            "--username",
            "zhang_admin",
            "--org-code",
            "420102",
            "--role",
            "admin",
            "--display-name",
            "张管理",
            "--password-stdin",
        ]
    )
    assert code == 0
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("Str0ng-pass\n"))
    assert (
        main(
            [
                "create-user",
                "--db",
                db_url,
                "--username",
                "zhang_admin",
                "--org-code",
                "420102",
                "--display-name",
                "x",
                "--password-stdin",
            ]
        )
        == 1
    )
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("Str0ng-pass\n"))
    assert (
        main(
            [
                "create-user",
                "--db",
                db_url,
                "--username",
                "nobody",
                "--org-code",
                "000000",
                "--display-name",
                "x",
                "--password-stdin",
            ]
        )
        == 1
    )
    assert main(["compact-feed", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "已创建用户 zhang_admin" in out and "已删除 0 条" in out

    from reviewdesk.server.embedded import EmbeddedServer

    with EmbeddedServer(db_url, candidate_api=False) as server:
        reply = requests.post(
            f"{server.url}/v1/auth/login",
            json={"username": "zhang_admin", "password": "Str0ng-pass"},
            timeout=30,
        )
        assert reply.status_code == 200 and reply.json()["user"]["tier"] == "county"


def test_a_served_process_freezes_its_start_up_objects_and_still_collects_new_garbage(tmp_path: Path) -> None:
    """``serve``'s app factory takes what start-up made out of the full collections (each walked all of
    it while every request waited, docs/PERFORMANCE.md *Load*); cycles made while serving are still
    collected. Run in a child process: a frozen test process would keep its garbage."""
    from reviewdesk.server.app import SETTINGS_ENV, settings_to_environment
    from reviewdesk.server.db import migrate_url
    from reviewdesk.server.settings import ServerSettings

    db_url = f"sqlite:///{tmp_path / 'gc.db'}"
    script = (
        "import gc, weakref\n"
        "from reviewdesk.server.app import serving_app\n"
        "app = serving_app()\n"
        "frozen = gc.get_freeze_count()\n"
        "class Node: pass\n"
        "node = Node(); node.me = node; alive = weakref.ref(node); del node\n"
        "gc.collect()\n"
        "print(frozen, alive() is None)\n"
    )
    environment = {**os.environ, SETTINGS_ENV: settings_to_environment(ServerSettings(db_url=db_url))}
    migrate_url(db_url)  # as serve does before its workers start (they do not migrate)
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, collected = done.stdout.split()
    assert int(frozen) > 50_000  # the modules and structures of a started app
    assert collected == "True"
