"""The exam project this server reviews: the one its settings name, else the one ``seed`` stored.

Why one function: the project's year is what 预审提示 count years to (``domain.precheck.exam_year``),
and the workstation counts by the year ``/v1/me`` reports — so both must read the same project. The
settings' project (``ServerSettings.project``) reaches code that has only a connection (snapshot
building, ``server.flags``) on the engine: ``create_app`` sets :data:`OPTION` as an execution option,
which every session and connection of that engine carries. Every command that builds snapshots opens
its database through :func:`open_database` (``serve`` through ``create_app``, ``reflag`` too), so a
re-flag counts to the same year as the server that sends the flags.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from reviewdesk.server.db import Database
from reviewdesk.server.models import SINGLETON_ID, ServerMeta
from reviewdesk.server.settings import ProjectInfo, ServerSettings

#: The execution option that carries the settings' project.
OPTION = "reviewdesk_project"


def options(project: ProjectInfo | None) -> dict[str, Any]:
    """The engine's execution options for a settings' project (none without one)."""
    return {OPTION: project} if project is not None else {}


def open_database(settings: ServerSettings) -> Database:
    """The settings' database, its engine carrying the settings' project (when they name one)."""
    database = Database.open(settings.db_url, pool_size=settings.db_pool)
    if settings.project is None:
        return database
    return Database(database.engine.execution_options(**options(settings.project)))


def project_in(connection: Session | Connection) -> ProjectInfo:
    """The settings' project when the engine carries one, else the stored one."""
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    given = bind.get_execution_options().get(OPTION)
    if isinstance(given, ProjectInfo):
        return given
    if isinstance(connection, Session):
        # through the identity map: a sync has the meta row loaded already (``deps.authenticate_with_
        # feed_state``), and a sync with nothing new must stay one query (docs/PERFORMANCE.md, *Load*)
        row: Any = connection.get_one(ServerMeta, SINGLETON_ID)
    else:
        row = connection.execute(
            select(ServerMeta.project_name, ServerMeta.project_type, ServerMeta.project_year).where(
                ServerMeta.id == SINGLETON_ID
            )
        ).one()
    return ProjectInfo(row.project_name or "", row.project_type or "", int(row.project_year or 0))
