"""Engines, sessions and migrations of the server database (SQLite by default, PostgreSQL by URL).

SQLite needs care to behave like a server database:

* 16 KB pages for new files (``SQLITE_PAGE_SIZE``; an existing file keeps its own): the serialized
  snapshots (``snapshot_cache``, ~4.3 KB each) would each spill into an overflow page of 4 KB pages.
* WAL (readers never block the writer), ``busy_timeout`` (writers queue instead of failing at once),
  foreign keys on.
* Write transactions start with ``BEGIN IMMEDIATE``. A deferred transaction that reads and then writes
  fails with SQLITE_BUSY when another writer committed in between, and busy_timeout cannot help it.
  pysqlite's own transaction handling is switched off and SQLAlchemy's ``begin`` event issues the
  BEGIN (the recipe from SQLAlchemy's SQLite dialect documentation).

On PostgreSQL, row locks (``SELECT … FOR UPDATE`` on the record, the ``feed_head`` update) give the
same guarantees. Each round trip to it counts when hundreds of workstations sync (docs/PERFORMANCE.md,
*Load*), so:

* ``read()`` sessions run in autocommit: at PostgreSQL's READ COMMITTED every statement sees its own
  snapshot inside a transaction as well, so a read-only BEGIN … ROLLBACK bought nothing but two round
  trips per session;
* a pooled connection is pinged (``SELECT 1``) at checkout only when it sat idle for
  ``PING_IDLE_SECONDS`` (a restarted database or a proxy that cut idle connections), not on every
  checkout as ``pool_pre_ping`` does;
* the pool holds ``pool_size`` connections per process (``reviewdesk-server serve --db-pool``), as many
  as the requests the process serves at once (``server.admission``), plus a small overflow.
"""

from __future__ import annotations

import importlib.resources
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, exc, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

#: Option on the write engine that makes the SQLite ``begin`` hook say IMMEDIATE.
_WRITE_OPTION = "reviewdesk_write"
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_PAGE_SIZE = 16384
#: Connections per process to PostgreSQL (the server passes its ``ServerSettings.db_pool``).
DEFAULT_POOL_SIZE = 16
#: Extra connections beyond the pool (opened and closed per use) for a request that needs a second one.
POOL_OVERFLOW = 4
#: Seconds a request waits for a pooled connection before it is answered 503 (``errors``).
POOL_TIMEOUT_SECONDS = 10
#: A connection idle this long is pinged before use.
PING_IDLE_SECONDS = 30.0


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _ping_when_idle(engine: Engine) -> None:
    """Pessimistic disconnect handling for connections that sat idle (SQLAlchemy's documented recipe:
    a failed ping raises ``DisconnectionError`` and the pool retries with a fresh connection)."""

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("checked_in", 0.0) < PING_IDLE_SECONDS:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            if not dbapi_connection.autocommit:
                dbapi_connection.rollback()
        except Exception as error:
            raise exc.DisconnectionError(str(error)) from error


def make_engine(db_url: str, pool_size: int = DEFAULT_POOL_SIZE, **kwargs: Any) -> Engine:
    """An engine for ``db_url``; SQLite files get WAL, busy_timeout, foreign keys, explicit BEGIN;
    PostgreSQL a pool of ``pool_size`` connections pinged when idle (module docstring)."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite":
        engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=POOL_OVERFLOW,
            pool_timeout=POOL_TIMEOUT_SECONDS,
            **kwargs,
        )
        _ping_when_idle(engine)
        return engine
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, see module docstring
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")  # new files only (see module doc)
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    """The engine pair of one process: ``read()`` sessions for queries, ``write()`` for changes."""

    engine: Engine

    @classmethod
    def open(cls, db_url: str, pool_size: int = DEFAULT_POOL_SIZE) -> Database:
        return cls(make_engine(db_url, pool_size=pool_size))

    @property
    def write_engine(self) -> Engine:
        return self.engine.execution_options(**{_WRITE_OPTION: True})

    @cached_property
    def read_engine(self) -> Engine:
        """SQLite: a transaction (one snapshot for the session's reads). PostgreSQL: autocommit, no
        BEGIN/ROLLBACK round trips (module docstring)."""
        if self.engine.dialect.name == "sqlite":
            return self.engine
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads, never for writes. Closing it ends the transaction (if any) without
        committing anything; loaded objects stay readable afterwards (closing detaches, it does not
        expire)."""
        with Session(self.read_engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with Session(self.write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


# -- migrations ---------------------------------------------------------------------------------
def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration built in code, so migrations run from an installed package too."""
    config = Config()
    script_location = importlib.resources.files("reviewdesk.server") / "migrations"
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


#: Migrations after which ``snapshot_cache`` is empty (0003 made the table, 0012_trust changed the
#: snapshot's shape): a database upgraded across one of them gets every record's snapshot rebuilt.
_SNAPSHOT_CACHE_EMPTIED = frozenset({"0003", "0012_trust"})


def _upgraded_across(connection: Connection, before: str, revisions: frozenset[str]) -> bool:
    """Whether the upgrade from ``before`` to head ran one of ``revisions`` (the chain's order, not
    the ids' spelling: helpers name migrations after their issue, so ids do not sort)."""
    script = ScriptDirectory.from_config(alembic_config(connection))
    return any(step.revision in revisions for step in script.iterate_revisions("head", before))


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (creates it on an empty database). A database upgraded
    across a migration of ``_SNAPSHOT_CACHE_EMPTIED`` then gets the serialized snapshot of every
    record (``snapshot_cache.fill_missing``, in batches); at head nothing is scanned, so a server start
    stays instant on 10^5–10^6 records."""
    from reviewdesk.server import snapshot_cache  # imports the models and the snapshot builder

    # IMMEDIATE on SQLite: two processes starting at once migrate one after the other.
    with engine.execution_options(**{_WRITE_OPTION: True}).begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        refill = before is not None and _upgraded_across(connection, before, _SNAPSHOT_CACHE_EMPTIED)
        command.upgrade(alembic_config(connection), "head")
    if refill:
        snapshot_cache.fill_missing(engine)


def migrate_url(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


def rows_where_in(
    connection: Session | Connection, columns: Sequence[Any], column: Any, values: Iterable[Any], *where: Any
) -> Iterator[Any]:
    """Rows of ``select(*columns) WHERE column IN values [AND where…]``, in chunks: ``IN`` lists
    bounded for SQLite's parameter limit and PostgreSQL's plan cache."""
    wanted = sorted(set(values))
    query = select(*columns).where(*where)
    for start in range(0, len(wanted), 900):
        yield from connection.execute(query.where(column.in_(wanted[start : start + 900])))
