"""Each test's server starts from the seed, whatever the test before it did, on SQLite (a copy of the
cached file) and on PostgreSQL (a copy of the template database, ``server.testing_postgres``): the tests
stay independent, and two test servers are two servers (each copy gets its own ``server_id``)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from reviewdesk.server.testing import seeded_server

CANDIDATES = 1000  # the template tests/server/conftest.py seeds


def _read(db_url: str, sql: str) -> object:
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            return connection.execute(text(sql)).scalar_one()
    finally:
        engine.dispose()


def test_a_test_server_starts_from_the_seed_with_its_own_identity(tmp_path: Path) -> None:
    db_url = os.environ.get("REVIEWDESK_TEST_DB_URL") or None
    with seeded_server(tmp_path / "first", candidates=CANDIDATES, db_url=db_url) as first:
        seeded_name = _read(first.db_url, "SELECT name FROM records WHERE id = 1")
        engine = create_engine(first.db_url, poolclass=NullPool)
        try:
            with engine.begin() as connection:  # what a test does to its database
                connection.execute(text("UPDATE records SET name = '改过的' WHERE id = 1"))
        finally:
            engine.dispose()
        first_id = _read(first.db_url, "SELECT server_id FROM server_meta")
        blob = next(path for path in first.blob_dir.rglob("*") if path.is_file())
        blob.unlink()  # a test that loses a file loses its own link, not the template's
    with seeded_server(tmp_path / "second", candidates=CANDIDATES, db_url=db_url) as second:
        assert _read(second.db_url, "SELECT name FROM records WHERE id = 1") == seeded_name != "改过的"
        assert _read(second.db_url, "SELECT server_id FROM server_meta") != first_id
        assert (second.blob_dir / blob.relative_to(first.blob_dir)).is_file()
