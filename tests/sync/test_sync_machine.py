"""Hundreds of random steps (25 runs of up to 30) of three workstations, candidates and faults against
the real server, checking the sync protocol's invariants after each (see ``sync_machine``). The long run
is ``benchmarks/sync_soak.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test
from sync_machine import SyncMachine
from sync_world import World


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("sync-machine-world"))


@pytest.mark.slow
def test_sync_protocol_invariants_under_faults(world: World, tmp_path: Path) -> None:
    run_state_machine_as_test(
        SyncMachine.configured(world, tmp_path),
        settings=settings(
            max_examples=25,
            stateful_step_count=30,
            deadline=None,
            database=None,
            # each step talks to a real server: shrinking a failure would take many minutes, so the
            # failing run is reported as found (every step is printed); the soak shrinks.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
