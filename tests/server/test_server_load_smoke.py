"""One-minute smoke run of the load benchmark (``benchmarks/load_bench.py``): Locust workstations in the
deadline-day mix against ``reviewdesk-server serve --workers 2`` (PostgreSQL in the PostgreSQL pass of
the test command, SQLite otherwise), a small seed, and not one error.

The figures themselves (knee, latencies) are the benchmark's, never asserted here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from reviewdesk.server.testing import copy_seeded_database

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from load.driver import KINDS, login_all, prepare_accounts, run_step, serve, unit_accounts

CANDIDATES = 1000
USERS = 30


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_the_mix_against_two_workers_answers_without_an_error(tmp_path: Path) -> None:
    db_url, blobs = copy_seeded_database(
        CANDIDATES, 1, tmp_path / "server", os.environ.get("REVIEWDESK_TEST_DB_URL") or None
    )
    accounts = unit_accounts(db_url, USERS)
    assert len(accounts) == USERS  # each virtual user has its own unit account

    with serve(db_url, blobs, workers=2) as server:
        tokens, logins = login_all(
            server.url, [a.username for a in accounts] + [a.county for a in accounts], 8
        )
        assert not logins.failures
        decidable = prepare_accounts(server.url, accounts, tokens, tmp_path / "accounts.json")
        assert decidable > 0
        step = run_step(server, db_url, tmp_path / "accounts.json", USERS, 40, tmp_path, timeout=20)

    assert step.failures == {}
    assert step.total.failures == 0
    # the mix really ran: every kind of the workstations' work was asked for (the rare ones too, over
    # 30 users × 40 operations)
    asked = {kind for kind, stats in step.kinds.items() if stats.requests}
    assert {"sync (no change)", "push (1-50 decisions)", "push: feed pull", "county/city feed pull"} <= asked
    assert asked <= set(KINDS)
    assert step.total.requests >= 0.8 * USERS * 40
