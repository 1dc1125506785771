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

#: Login throttle: this many failed logins for one username within the window answer 429.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)


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
    login_failure_window: timedelta = field(default=LOGIN_FAILURE_WINDOW)

    @property
    def resolved_blob_dir(self) -> Path:
        return Path(self.blob_dir) if self.blob_dir is not None else default_blob_dir(self.db_url)
