"""Fixtures for the server tests: a seeded server on 127.0.0.1 per test (a copy of a cached template).

``REVIEWDESK_TEST_DB_URL=postgresql+psycopg://…`` runs the same tests against a scratch PostgreSQL
database instead (wiped and seeded for every test; needs the psycopg driver).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.server.testing import SeededServer, seeded_server

#: Enough candidates that the demo chain's unit and county hold records in several states.
CANDIDATES = 1000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SeededServer]:
    db_url = os.environ.get("REVIEWDESK_TEST_DB_URL") or None
    with seeded_server(tmp_path, candidates=CANDIDATES, seed=1, db_url=db_url) as running:
        yield running
