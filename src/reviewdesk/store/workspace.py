"""One local store (SQLite file + blob folder) for one (server, account): the desktop's data layer.

The GUI thread reads and acts while a sync worker ingests and pushes. Each call opens its own short
transaction on a pooled connection; every write goes through ``Workspace.write()``, which serializes
writers in this process (a lock) and across processes (``BEGIN IMMEDIATE``), and after the commit tells
the subscribers which records changed. See ``store.db`` for the SQLite settings and migrations, and
docs/handoff/STORE_API.md for the contract.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, select

from reviewdesk.domain.enums import Tier
from reviewdesk.store import db
from reviewdesk.store.actions import Actor
from reviewdesk.store.ingest import META, get_meta, set_meta

Listener = Callable[[set[int]], None]


@dataclass(frozen=True)
class Me:
    """The signed-in account (GET /v1/me), kept in the store's meta."""

    user_id: int
    username: str
    display_name: str
    role: str
    org_id: int
    org_name: str
    org_code: str
    tier: Tier
    project: str
    project_type: str
    server_id: str

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Me:
        """From API.md's ``Me`` JSON."""
        user, org, project = data["user"], data["org"], data.get("project") or {}
        return cls(
            user_id=int(user["id"]),
            username=user["username"],
            display_name=user.get("display_name") or user["username"],
            role=user.get("role") or "reviewer",
            org_id=int(org["id"]),
            org_name=org.get("name") or "",
            org_code=org.get("code") or "",
            tier=Tier(data.get("tier") or org["tier"]),
            project=project.get("name") or "",
            project_type=project.get("type") or "",
            server_id=data.get("server_id") or "",
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["tier"] = self.tier.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Me:
        return cls(**{**data, "tier": Tier(data["tier"])})

    @property
    def actor(self) -> Actor:
        return Actor(tier=self.tier, org_name=self.org_name, display_name=self.display_name)


@dataclass
class WriteTx:
    """An open write transaction: ``conn`` to write with, ``changed`` to fill with the record ids that
    subscribers should hear about once it commits."""

    conn: Connection
    changed: set[int] = field(default_factory=set)


class Workspace:
    """One local store for one (server, account). Thread-safe for one GUI thread + one sync worker."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = Path(path)
        self.engine = engine
        self.blob_dir = self.path.parent / "blobs"
        self._write_lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        with engine.connect() as conn:
            me_json = get_meta(conn, "me")
            self.server_url: str = get_meta(conn, "server_url") or ""
        if not me_json:
            raise db.StoreError("本地数据文件缺少账号信息，请重新登录下载")
        self.me: Me = Me.from_json(json.loads(me_json))

    # -- opening ------------------------------------------------------------------------------------
    @staticmethod
    def default_path(data_dir: Path, server_url: str, username: str) -> Path:
        """``<data_dir>/<host>_<port>-<username>-<hash>.sqlite``: readable, safe on every file system,
        and distinct for every (server, account) pair even when the names sanitize alike."""
        parts = urlsplit(server_url if "//" in server_url else f"//{server_url}")
        host = f"{parts.hostname or 'server'}_{parts.port}" if parts.port else (parts.hostname or "server")
        digest = hashlib.sha256(f"{server_url.rstrip('/')}\0{username}".encode()).hexdigest()[:10]

        def safe(text: str) -> str:
            return re.sub(r"[^A-Za-z0-9._-]+|\.{2,}", "_", text).strip("._")[:40] or "x"

        return Path(data_dir) / f"{safe(host)}-{safe(username)}-{digest}.sqlite"

    @classmethod
    def open(cls, path: Path) -> Workspace:
        """Open an existing store, migrating it forward."""
        path = Path(path)
        if not path.exists():
            raise db.StoreError(f"本地数据文件不存在：{path}")
        engine = db.make_engine(path)
        try:
            db.migrate(engine)
            return cls(path, engine)
        except BaseException:
            engine.dispose()
            raise

    @classmethod
    def create(cls, path: Path, server_url: str, me: Me) -> Workspace:
        """Create a new store for this account (the file must not exist yet)."""
        path = Path(path)
        if path.exists():
            raise db.StoreError(f"本地数据文件已存在：{path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = db.make_engine(path)
        try:
            db.create_schema(
                engine,
                {
                    "server_url": server_url,
                    "server_id": me.server_id,
                    "username": me.username,
                    "me": json.dumps(me.to_json(), ensure_ascii=False),
                },
            )
            return cls(path, engine)
        except BaseException:
            engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def actor(self) -> Actor:
        return self.me.actor

    def set_me(self, me: Me) -> None:
        """Refresh the account facts after a login (display name, org name may change)."""
        with self.write() as tx:
            set_meta(tx.conn, "me", json.dumps(me.to_json(), ensure_ascii=False))
        self.me = me

    # -- meta -------------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return get_meta(conn, key)

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as tx:
            set_meta(tx.conn, key, value)

    def all_meta(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(META.c.key, META.c.value)).tuples().all())

    # -- transactions and notifications ----------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[WriteTx]:
        """A write transaction (``BEGIN IMMEDIATE``, serialized with the other writers of this
        process). Subscribers hear ``tx.changed`` after the commit; nothing on rollback."""
        with self._write_lock, self.engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            tx = WriteTx(conn)
            with conn.begin():
                yield tx
        if tx.changed:
            self._notify(tx.changed)

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(changed_record_ids)`` after each committed change, from whichever thread
        made it. Returns a function that unsubscribes."""
        with self._listeners_lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    def _notify(self, changed: set[int]) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(set(changed))
