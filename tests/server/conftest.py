"""Fixtures for the server tests: a seeded server on 127.0.0.1 per test (a copy of a cached template)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.server.testing import SeededServer, seeded_server

#: Enough candidates that the demo chain's unit and county hold records in several states.
CANDIDATES = 1000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SeededServer]:
    with seeded_server(tmp_path, candidates=CANDIDATES, seed=1) as running:
        yield running
