"""Configuration of one central-server process, passed to :func:`reviewdesk.server.app.create_app`.

Everything here is configuration, never state: two worker processes started with equal settings behave
as one server, because every fact they share (tokens, throttling, idempotency, the feed) lives in the
database named by ``db_url``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from reviewdesk.server.db import DEFAULT_POOL_SIZE
from reviewdesk.server.throttle import ThrottleRule

#: Requests one server process works on at once, and connections it keeps to PostgreSQL
#: (``reviewdesk-server serve --db-pool``; docs/DEPLOYMENT.md).
DEFAULT_DB_POOL = DEFAULT_POOL_SIZE
#: Seconds a request waits for its turn before 503 + Retry-After (``server.admission``).
DEFAULT_QUEUE_SECONDS = 5.0

#: Login throttle (``reviewdesk.server.throttle``): failures free per (username, client address) and
#: per client address across usernames within the window; past them, waits growing from the base delay.
LOGIN_FAILURE_LIMIT = 5
LOGIN_ADDRESS_FAILURE_LIMIT = 20
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
LOGIN_BASE_DELAY = timedelta(seconds=1)
LOGIN_MAX_DELAY = timedelta(minutes=15)


@dataclass(frozen=True)
class ProjectInfo:
    """The exam project this server reviews (shown in 本单位确认码 and carried in every record)."""

    name: str
    type: str
    year: int


def default_blob_dir(db_url: str) -> Path:
    """Blobs live next to a SQLite file (``demo.db`` → ``demo.db.blobs/``); elsewhere in the cwd."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        return database.with_name(database.name + ".blobs")
    return Path.cwd() / "reviewdesk-blobs"


@dataclass(frozen=True)
class ServerSettings:
    """What a server process needs to know. ``project`` overrides the one stored by ``seed``."""

    db_url: str
    blob_dir: Path | None = None
    token_ttl: timedelta = timedelta(hours=12)
    candidate_api: bool = False
    project: ProjectInfo | None = None
    #: Run the Alembic migrations when the app starts (off when a CLI step already did).
    migrate: bool = True
    login_failure_limit: int = LOGIN_FAILURE_LIMIT
    login_address_failure_limit: int = LOGIN_ADDRESS_FAILURE_LIMIT
    login_failure_window: timedelta = field(default=LOGIN_FAILURE_WINDOW)
    login_base_delay: timedelta = field(default=LOGIN_BASE_DELAY)
    login_max_delay: timedelta = field(default=LOGIN_MAX_DELAY)
    #: Addresses of reverse proxies whose ``X-Forwarded-For``/``X-Forwarded-Proto`` are believed
    #: (uvicorn's syntax: IPs, CIDR networks, ``*``). Empty: none — the client address is the socket's,
    #: so nobody can put another address into the audit log or dodge the login throttle with a header.
    forwarded_allow_ips: tuple[str, ...] = ()
    db_pool: int = DEFAULT_DB_POOL
    queue_seconds: float = DEFAULT_QUEUE_SECONDS

    @property
    def throttle_rule(self) -> ThrottleRule:
        return ThrottleRule(
            window=self.login_failure_window,
            per_user_address=self.login_failure_limit,
            per_address=self.login_address_failure_limit,
            base_delay=self.login_base_delay,
            max_delay=self.login_max_delay,
        )

    @property
    def resolved_blob_dir(self) -> Path:
        return Path(self.blob_dir) if self.blob_dir is not None else default_blob_dir(self.db_url)
