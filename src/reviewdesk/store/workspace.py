"""One local store (SQLite file + blob folder) for one (server, account): the desktop's data layer.

The GUI thread reads and acts while a sync worker ingests and pushes. Each call opens its own short
transaction on a pooled connection; every write goes through ``Workspace.write()``, which serializes
writers in this process (a lock) and across processes (``BEGIN IMMEDIATE``), and after the commit tells
the subscribers which records changed. See ``store.db`` for the SQLite settings and migrations, and
docs/STORE_API.md for the contract.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, bindparam, func, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.models.local import LocalBase
from reviewdesk.store import conflicts as conflict_store
from reviewdesk.store import db, local_actions
from reviewdesk.store.actions import Actor, now_iso
from reviewdesk.store.blobs import BlobStore
from reviewdesk.store.columns import ROW_FIELDS
from reviewdesk.store.filters import RecordFilter
from reviewdesk.store.ingest import META, get_meta, set_meta
from reviewdesk.store.local_view import OUTBOX, RECORDS, SNAPSHOTS, chunks, fold, pending_by_record
from reviewdesk.store.types import ConflictView, DecisionPreview, MaterialView, RecordView

BLOBS = LocalBase.metadata.tables["blobs"]
SAVED = LocalBase.metadata.tables["saved_searches"]

Listener = Callable[[set[int]], None]
log = logging.getLogger(__name__)


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
    #: The exam's year (the 预审提示 count years to 12-31 of the year before); 0 when the server did not
    #: say (a store made before it was kept: the next login fills it in).
    project_year: int = 0

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
            project_year=int(project.get("year") or 0),
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
        self.blobs = BlobStore(self.blob_dir)
        self._checked_blobs: set[str] = set()
        self._write_lock = threading.Lock()
        self._in_write = threading.local()
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
            return dict(conn.execute(select(META.c.key, META.c.value)).all())

    # -- transactions and notifications ----------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[WriteTx]:
        """A write transaction (``BEGIN IMMEDIATE``, serialized with the other writers of this
        process). Subscribers hear ``tx.changed`` after the commit; nothing on rollback. Not re-entrant:
        a write inside a write (same thread) would wait for itself, so it raises at once instead."""
        if getattr(self._in_write, "active", False):
            raise RuntimeError("nested Workspace.write() in one thread")
        with self._write_lock, self.engine.connect() as conn:
            self._in_write.active = True
            try:
                conn.execution_options(sqlite_begin="IMMEDIATE")
                tx = WriteTx(conn)
                with conn.begin():
                    yield tx
            finally:
                self._in_write.active = False
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
            try:
                listener(set(changed))
            except Exception:
                # The change is committed: a failing listener (a GUI bug) must not make the action
                # look failed to its caller, nor keep the other listeners from hearing of it.
                log.exception("change listener failed")

    # -- reading -------------------------------------------------------------------------------------
    def record_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(RECORDS)).scalar() or 0)

    def latest_submission(self) -> date | None:
        """The 北京时间 day of the newest 提交时间 held (where a date filter's calendar opens), or None."""
        with self.engine.connect() as conn:
            latest = conn.execute(
                select(func.max(RECORDS.c.submitted_at)).where(RECORDS.c.submitted_at != "")
            ).scalar()
        moment = beijing.to_beijing(latest) if latest else None
        return moment.date() if moment else None

    def record_ids(self) -> list[int]:
        """Every held record id, ascending (the index builds from this and ``rows``)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(RECORDS.c.id).order_by(RECORDS.c.id)).scalars())

    def rows(self, ids: Sequence[int], fields: Sequence[str] = ROW_FIELDS) -> dict[int, dict[str, Any]]:
        """The flat local-view columns of these records (one page of the list), keyed by id; ids not
        held are left out. ``fields`` are ``records`` column names (``id`` is always included)."""
        unknown = [f for f in fields if f not in RECORDS.c]
        if unknown:
            raise ValueError(f"unknown record fields: {unknown}")
        columns = [RECORDS.c.id, *(RECORDS.c[f] for f in fields if f != "id")]
        query = select(*columns).where(RECORDS.c.id.in_(bindparam("ids", expanding=True)))
        result: dict[int, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for part in chunks(list(ids)):
                for row in conn.execute(query, {"ids": list(part)}).mappings():
                    result[row["id"]] = dict(row)
        return result

    def record(self, record_id: int) -> RecordView | None:
        """Everything the detail pane shows, read in one consistent snapshot of the store."""
        with self.engine.connect() as conn:
            row = conn.execute(select(RECORDS).where(RECORDS.c.id == record_id)).mappings().first()
            if row is None:
                return None
            snapshot = conn.execute(
                select(SNAPSHOTS.c.snapshot).where(SNAPSHOTS.c.id == record_id)
            ).scalar_one()
            pending = pending_by_record(conn, [record_id]).get(record_id, [])
            record_conflicts = conflict_store.list_conflicts(conn, record_id=record_id)
        view = fold(snapshot, pending, self.actor)
        flat = {k: v for k, v in row.items() if k != "review"}
        return RecordView(
            id=record_id,
            row=flat,
            snapshot=snapshot,
            review=ReviewState.from_dict(row["review"]),
            materials=[MaterialView.from_dict(m) for m in view.materials],
            history=view.history,
            pending=len(pending),
            conflicts=record_conflicts,
        )

    def catalogue(self) -> dict[str, Any]:
        """The category catalogue as the server served it ({} before the first download)."""
        value = self.meta("catalogue")
        return json.loads(value) if value else {}

    def set_catalogue(self, catalogue: Any) -> None:
        self.set_meta("catalogue", json.dumps(catalogue, ensure_ascii=False))

    # -- blobs ----------------------------------------------------------------------------------------
    def blob_path(self, sha256: str) -> Path | None:
        """The image file if present and its content matches its hash (checked once per session;
        a corrupted file is removed so the next sync fetches it again), else None."""
        try:
            path = self.blobs.path(sha256)
        except ValueError:
            return None
        if sha256 in self._checked_blobs:
            return path if path.is_file() else None
        if not path.is_file():
            return None
        if not self.blobs.verify(sha256):
            self.blobs.remove(sha256)
            with self.write() as tx:
                tx.conn.execute(BLOBS.delete().where(BLOBS.c.sha256 == sha256))
            return None
        self._checked_blobs.add(sha256)
        return path

    def add_blob(self, sha256: str, tmp_path: Path, mime: str = "") -> Path:
        """Move a downloaded file into the blob folder after checking its hash (BlobError on a
        mismatch: the temp file is dropped, nothing stored) and note it in the store."""
        path = self.blobs.put_file(tmp_path, sha256)
        self._checked_blobs.add(sha256)
        with self.write() as tx:
            tx.conn.execute(
                sqlite_insert(BLOBS)
                .values(sha256=sha256, size=path.stat().st_size, mime=mime, fetched_at=now_iso())
                .on_conflict_do_nothing()
            )
        return path

    def missing_blobs(self) -> list[dict[str, Any]]:
        """Images the held materials use that are not downloaded yet: ``{"sha256", "size", "mime"}``,
        each once, in material order (what the detail pane shows first comes first)."""
        query = text(
            "SELECT json_extract(j.value, '$.sha256') AS sha256, json_extract(j.value, '$.size') AS size, "
            "json_extract(j.value, '$.mime') AS mime FROM materials m, json_each(m.images) j "
            "WHERE json_extract(j.value, '$.sha256') NOT IN (SELECT sha256 FROM blobs) ORDER BY m.id"
        )
        seen: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                if row["sha256"] and row["sha256"] not in seen:
                    seen[row["sha256"]] = {
                        "sha256": row["sha256"],
                        "size": row["size"],
                        "mime": row["mime"] or "",
                    }
        return [b for b in seen.values() if not self.blobs.has(b["sha256"])]

    # -- local actions (store.local_actions) --------------------------------------------------------
    def preview_decision(
        self,
        record_ids: Sequence[int],
        outcome: Outcome,
        remark: str,
        *,
        bulk: bool = False,
        overturn: bool = False,
    ) -> DecisionPreview:
        return local_actions.preview_decision(self, record_ids, outcome, remark, bulk=bulk, overturn=overturn)

    def decide(
        self,
        record_ids: Sequence[int],
        outcome: Outcome,
        remark: str,
        *,
        bulk: bool = False,
        overturn: bool = False,
    ) -> DecisionPreview:
        return local_actions.decide(self, record_ids, outcome, remark, bulk=bulk, overturn=overturn)

    def preview_report(self) -> list[int]:
        return local_actions.preview_report(self)

    def report_up(self) -> list[int]:
        return local_actions.report_up(self)

    def preview_verification(
        self,
        material_ids: Sequence[int],
        status: VerifyStatus,
        remark: str,
        *,
        bulk: bool = False,
        overturn: bool = False,
    ) -> DecisionPreview:
        return local_actions.preview_verification(
            self, material_ids, status, remark, bulk=bulk, overturn=overturn
        )

    def verify(
        self,
        material_ids: Sequence[int],
        status: VerifyStatus,
        remark: str,
        *,
        bulk: bool = False,
        overturn: bool = False,
    ) -> DecisionPreview:
        return local_actions.verify(self, material_ids, status, remark, bulk=bulk, overturn=overturn)

    def undo_last(self) -> local_actions.ActionSummary | None:
        return local_actions.undo_last(self)

    def undo_available(self) -> local_actions.ActionSummary | None:
        return local_actions.undo_available(self)

    def pending_actions(self) -> int:
        """How many local actions wait for the server (outbox rows; a bulk decision counts each)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(OUTBOX)).scalar() or 0)

    # -- conflicts ------------------------------------------------------------------------------------
    def conflicts(self, include_resolved: bool = False) -> list[ConflictView]:
        return conflict_store.conflicts(self, include_resolved)

    def resolve_conflict(self, conflict_id: int, note: str = "") -> None:
        conflict_store.resolve(self, conflict_id, note)

    # -- saved searches -------------------------------------------------------------------------------
    def saved_searches(self) -> dict[str, RecordFilter]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(SAVED.c.name, SAVED.c.filters).order_by(SAVED.c.name)).all()
        return {name: RecordFilter.from_json(filters) for name, filters in rows}

    def save_search(self, name: str, filter: RecordFilter) -> None:
        name = name.strip()
        if not name:
            raise ValueError("请填写查询名称")
        if len(name) > 64:
            raise ValueError("查询名称不能超过 64 个字")
        data = filter.to_json()
        with self.write() as tx:
            tx.conn.execute(
                sqlite_insert(SAVED)
                .values(name=name, filters=data, created_at=now_iso())
                .on_conflict_do_update(index_elements=[SAVED.c.name], set_={"filters": data})
            )

    def delete_search(self, name: str) -> None:
        with self.write() as tx:
            tx.conn.execute(SAVED.delete().where(SAVED.c.name == name))
