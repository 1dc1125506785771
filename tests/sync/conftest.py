"""Fixtures of the sync tests: the real server on 127.0.0.1 seeded once per module (the in-memory
keyring is the whole suite's: tests/memory_keyring.py); the sync state machine's counts in the summary."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_world import DEMO_UNIT, Desk, World, stop

from reviewdesk.server.testing import SeededServer


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The sync state machine's step counts (what its fixed tour and its random steps reached), in the
    test output of every run that ran it — not only with ``-s`` or on failure."""
    machine = sys.modules.get("test_sync_machine")
    reached = getattr(machine, "REACHED", None)
    if not reached:
        return
    terminalreporter.section("sync state machine: steps reached")
    kinds = sorted(set().union(*reached.values()))
    terminalreporter.write_line(f"{'':>58}" + "".join(f"{test:>14}" for test in reached))
    for kind in kinds:
        terminalreporter.write_line(
            f"{kind:>58}" + "".join(f"{counts[kind]:>14}" for counts in reached.values())
        )


@pytest.fixture(scope="module")
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> World:
    """The seeded world of one test module (``sync_world.World``: a server's database with a dozen
    records gathered at the demo hospital), built once per module that uses it."""
    return World.build(tmp_path_factory.mktemp(f"{request.module.__name__}-world"))


@pytest.fixture
def desk(world: World, server: SeededServer, tmp_path: Path) -> Iterator[Desk]:
    """The demo hospital's reviewer's workstation against ``server``, after its first download (without
    images)."""
    made = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    try:
        assert made.sync(blobs=False).ok
        yield made
    finally:
        made.close()


@pytest.fixture
def server(world: World, tmp_path: Path) -> Iterator[SeededServer]:
    """A fresh copy of the module's seeded ``world`` (its own ``world`` fixture) served on 127.0.0.1 for
    one test, stopped after it — one definition for every sync test module that needs it."""
    running = world.start(tmp_path / "server")
    try:
        yield running
    finally:
        stop(running)


@pytest.fixture
def unit_desk(world: World, server: SeededServer, tmp_path: Path) -> Iterator[Desk]:
    """The demo hospital's 单位填报 workstation against ``server``."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "unit")
    try:
        yield desk
    finally:
        desk.close()
