"""The app factory: ``create_app(ServerSettings) -> FastAPI``.

One app per process; several processes (uvicorn workers, or hosts behind a proxy) may share one
PostgreSQL database because nothing the API relies on lives in process memory.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from reviewdesk import API_VERSION, __version__
from reviewdesk.server import candidate_web, project
from reviewdesk.server.admission import Admission
from reviewdesk.server.db import migrate
from reviewdesk.server.errors import API_HEADER, install_error_handlers, too_large
from reviewdesk.server.openapi import install_openapi
from reviewdesk.server.quick_sync import QuickSync
from reviewdesk.server.routers import auth, blobs, candidate, entry, identity, meta, org, records, review
from reviewdesk.server.settings import ProjectInfo, ServerSettings

#: Largest request body: a candidate submission with a few images, a 材料上报 of 100,000 ids.
MAX_BODY_BYTES = 64 * 1024 * 1024


class ApiVersionHeader:
    """Adds ``X-Reviewdesk-Api`` to every response, errors included (a pure ASGI middleware, so
    streamed blob responses pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != API_HEADER.lower().encode()
                ]
                headers.append((API_HEADER.lower().encode(), str(API_VERSION).encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_header)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413 in the API's error shape (FastAPI's own
    ``max_body_size`` answered plain text outside every handler and header): at once when
    ``Content-Length`` says so, else when the bytes read pass the limit (``HTTPException(413)`` from
    ``receive``, turned into the error shape by ``errors.install_error_handlers``)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await too_large()(scope, receive, send)
            return
        read = 0

        async def counted() -> Message:
            nonlocal read
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > self.limit:
                    raise StarletteHTTPException(413)
            return message

        await self.app(scope, counted, send)


def create_app(
    settings: ServerSettings,
    *,
    code_sender: candidate_web.CodeSender | None = None,
    read_id_numbers: Callable[[bytes], list[str]] | None = None,
) -> FastAPI:
    """The central server as an ASGI app. Migrates the database first unless ``settings.migrate`` is
    off; the blob directory is created if missing. The candidates' phone pages (``/m/``) come with it:
    ``code_sender`` delivers their 验证码 (default: the server log), ``read_id_numbers`` is the OCR of
    automatic 实名认证 (default: RapidOCR)."""
    # what /v1/me reports is what the 预审提示 count by (server.project)
    database = project.open_database(settings)
    if settings.migrate:
        migrate(database.engine)
    settings.resolved_blob_dir.mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        database.dispose()

    app = FastAPI(
        title="reviewdesk central server",
        version=__version__,
        summary="卫生专业技术资格考试 报名资格审核 中心服务器 (API version 1, see docs/API.md)",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = database
    install_error_handlers(app)
    install_openapi(app)
    for router in (
        meta.router,
        auth.router,
        records.router,
        review.router,
        blobs.router,
        org.router,
        entry.router,
    ):
        app.include_router(router)
    app.include_router(identity.router)
    if settings.candidate_api:
        app.include_router(candidate.router)
    candidate_web.mount(app, code_sender, read_id_numbers)
    # the ordinary sync with nothing new skips FastAPI's request machinery (server.quick_sync)
    app.add_middleware(QuickSync, db=database, settings=settings)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(ApiVersionHeader)
    if settings.forwarded_allow_ips:
        # Only requests whose socket peer is one of these proxies have their client address (and
        # scheme) taken from X-Forwarded-For/-Proto; uvicorn's own proxy handling is off (see
        # ``uvicorn_options``), so nothing else can claim an address.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.forwarded_allow_ips))
    # outermost: a request refused for overload costs no routing, no validation, no connection
    app.add_middleware(Admission, limit=settings.db_pool, wait_seconds=settings.queue_seconds)
    return app


#: What every uvicorn this server runs in is told (CLI and embedded): never believe forwarded headers
#: itself — uvicorn's default trusts X-Forwarded-For from 127.0.0.1, so any local process (or a proxy
#: nobody configured) could put any address into the audit log and the login throttle. The app does
#: it, for the proxies named in ``ServerSettings.forwarded_allow_ips`` only.
UVICORN_OPTIONS = {"proxy_headers": False}


#: Environment variable through which ``reviewdesk-server serve --workers N`` hands its settings to the
#: worker processes uvicorn starts (each builds its own app with :func:`app_from_environment`).
SETTINGS_ENV = "REVIEWDESK_SERVER_SETTINGS"


def settings_to_environment(settings: ServerSettings) -> str:
    return json.dumps(
        {
            "db_url": settings.db_url,
            "blob_dir": str(settings.resolved_blob_dir),
            "token_ttl_seconds": settings.token_ttl.total_seconds(),
            "candidate_api": settings.candidate_api,
            "forwarded_allow_ips": list(settings.forwarded_allow_ips),
            "db_pool": settings.db_pool,
            "queue_seconds": settings.queue_seconds,
            "project": asdict(settings.project) if settings.project is not None else None,
        }
    )


def app_from_environment() -> FastAPI:
    """App factory for uvicorn workers (``factory=True``); migrations already ran in the parent."""
    values = json.loads(os.environ[SETTINGS_ENV])
    given = values.get("project")
    return create_app(
        ServerSettings(
            db_url=values["db_url"],
            blob_dir=Path(values["blob_dir"]),
            token_ttl=timedelta(seconds=values["token_ttl_seconds"]),
            candidate_api=values["candidate_api"],
            forwarded_allow_ips=tuple(values.get("forwarded_allow_ips", ())),
            db_pool=values["db_pool"],
            queue_seconds=values["queue_seconds"],
            project=ProjectInfo(**given) if given else None,
            migrate=False,
        )
    )


def serving_app() -> FastAPI:
    """The app of a ``reviewdesk-server serve`` process (uvicorn's factory): :func:`app_from_environment`
    with the objects of its start-up moved out of the garbage collector's way.

    Why: a served process holds a few hundred MB of objects that live as long as it does (the modules,
    FastAPI's and SQLAlchemy's structures), and CPython's full (generation 2) collection walks every
    one of them while it holds the GIL — every request of the process waits. Under the deadline-day
    mix such a collection ran every ~2 s per process and took 165 ms at the median, 456 ms at worst;
    with the start-up objects frozen (``gc.freeze``: never collected, never walked again) 30–40 ms
    (docs/PERFORMANCE.md, *Load*). Garbage made while serving is collected as before. Only served
    processes do it: a test process that builds apps must keep its objects collectable."""
    app = app_from_environment()
    gc.collect()
    gc.freeze()
    return app
