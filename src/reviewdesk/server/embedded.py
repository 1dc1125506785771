"""The real server on loopback, in a background thread: for ``reviewdesk --demo`` and for tests.

``EmbeddedServer`` runs uvicorn on a socket it binds itself (port 0 = a free port, known before the
first request), waits until uvicorn accepts connections, and stops cleanly. ``restart()`` stops and
starts again on the *same* port with a fresh app over the same database, which is what a server
restart looks like to a client (connections drop, nothing in memory survives, the data does).
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from reviewdesk.server.app import UVICORN_OPTIONS, create_app
from reviewdesk.server.db import migrate_url
from reviewdesk.server.settings import ServerSettings

STARTUP_TIMEOUT = 15.0


class EmbeddedServer:
    """``with EmbeddedServer("sqlite:///x.db", blob_dir) as server: requests.get(server.url + "/v1/health")``."""

    def __init__(
        self,
        db_url: str,
        blob_dir: Path | str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        candidate_api: bool = True,
        *,
        token_ttl: timedelta = timedelta(hours=12),
        **settings: Any,
    ) -> None:
        self.settings = ServerSettings(
            db_url=db_url,
            blob_dir=Path(blob_dir) if blob_dir is not None else None,
            candidate_api=candidate_api,
            token_ttl=token_ttl,
            migrate=False,  # done once in start(), not again on every restart
            **settings,
        )
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._migrated = False

    # -- lifecycle ----------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash)."""
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> EmbeddedServer:
        if self.running:
            return self
        if not self._migrated:
            migrate_url(self.settings.db_url)
            self._migrated = True
        # proto=IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose proto
        # says TCP, and accepted sockets inherit the listener's. With proto 0 every keep-alive reply
        # waited ~40 ms for the client's delayed ACK (measured: /v1/health 44 ms → ~1 ms).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(128)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            create_app(self.settings),
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=3,
            timeout_keep_alive=5,
            **UVICORN_OPTIONS,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name=f"reviewdesk-server:{self.port}", daemon=True
        )
        self._server, self._thread, self._socket = server, thread, sock
        thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"embedded server did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self, *, graceful: bool = True) -> None:
        """Stop serving. ``graceful=False`` drops in-flight requests (a crash, for fault tests)."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        if server is not None:
            server.should_exit = True
            if not graceful:
                server.force_exit = True
        if thread is not None:
            thread.join(timeout=10)
        if sock is not None:
            sock.close()

    def restart(self, *, graceful: bool = True) -> None:
        """Stop and start again on the same port and database, with a new app (no memory survives)."""
        self.stop(graceful=graceful)
        self.start()

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.stop()
