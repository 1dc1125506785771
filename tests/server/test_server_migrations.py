"""Alembic: the migrations build the schema from nothing, and the models match them (``alembic check``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from reviewdesk.server.db import alembic_config, make_engine, migrate
from reviewdesk.server.models import FeedHead, ServerBase, ServerMeta


def test_migrations_create_the_schema_on_an_empty_database(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate(engine)
    migrate(engine)  # idempotent

    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        assert set(ServerBase.metadata.tables) <= tables
        assert connection.execute(select(FeedHead.seq)).scalar_one() == 0
        server_id = connection.execute(select(ServerMeta.server_id)).scalar_one()
        assert len(server_id) == 36
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_models_match_the_migrations(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'check.db'}")
    migrate(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, ServerBase.metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'round.db'}")
    migrate(engine)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    with engine.connect() as connection:
        assert set(ServerBase.metadata.tables) <= set(inspect(connection).get_table_names())
    engine.dispose()
