"""SIGKILL a deciding, syncing workstation (a separate process) at random points, many times: the store
must always pass ``PRAGMA integrity_check`` and keep every decision it had confirmed — still queued,
applied on the server, or stored as a conflict — and the next run carries on."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sync_world import DEMO_UNIT, World

from reviewdesk.server.testing import SeededServer
from reviewdesk.store import outbox
from reviewdesk.store.workspace import Workspace

WORKER = Path(__file__).with_name("sync_kill_worker.py")
KILLS = 12


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("sync-kill-world"))


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        pause.wait(0.01)


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def server_answered(server: SeededServer) -> set[str]:
    """Decision ids the server has applied (conflicts/rejections are checked on the client side)."""
    with closing(sqlite3.connect(server.db_url.removeprefix("sqlite:///"))) as connection:
        return {
            row[0] for row in connection.execute("SELECT decision_id FROM decisions WHERE status = 'applied'")
        }


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing(world: World, server: SeededServer, tmp_path: Path) -> None:
    rng = random.Random(20261122)
    account = world.account(DEMO_UNIT)
    data_dir = tmp_path / "desk"
    journal, ticks = tmp_path / "journal.txt", tmp_path / "ticks.txt"
    store_path = Workspace.default_path(data_dir, server.url, account.username)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    for round_number in range(KILLS):
        start_ticks = len(lines(ticks))
        target = start_ticks + rng.randint(2, 40)
        worker = subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                "--server",
                server.url,
                "--user",
                account.username,
                "--password",
                account.password,
                "--data-dir",
                str(data_dir),
                "--journal",
                str(journal),
                "--ticks",
                str(ticks),
                "--seed",
                str(round_number),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_until(
                lambda target=target, worker=worker: len(lines(ticks)) >= target or worker.poll() is not None,
                60,
                "the worker to work",
            )
            assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
            if worker.stderr:
                worker.stderr.close()
        # the store survived the kill ...
        with closing(sqlite3.connect(store_path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # ... and holds every confirmed decision somewhere
        workspace = Workspace.open(store_path)
        try:
            queued = {e.action_id for e in outbox.pending(workspace)}
            kept = {c.action_id for c in workspace.conflicts(include_resolved=True)}
        finally:
            workspace.close()
        applied = server_answered(server)
        confirmed = set(lines(journal))
        lost = confirmed - queued - kept - applied
        assert not lost, f"round {round_number}: confirmed decisions lost: {sorted(lost)[:5]}"
    assert len(lines(journal)) > KILLS  # the workers did decide between kills
    assert server_answered(server)  # and some syncs got through
