"""Alembic environment: always runs on the connection handed over by reviewdesk.server.db.migrate."""

from __future__ import annotations

from alembic import context

from reviewdesk.server.db import make_engine
from reviewdesk.server.models import ServerBase

config = context.config
target_metadata = ServerBase.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the ``alembic`` command line with sqlalchemy.url set, for development
        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as connection:
            _run(connection)
        engine.dispose()
        return
    _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables instead
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
