"""The world the sync tests run in: a real server on 127.0.0.1 and reviewers' workstations.

* :class:`World` seeds a small server once (``reviewdesk.server.testing``), gathers a dozen records at
  the demo hospital (武汉市江岸区人民医院, under 江岸区 → 武汉市 → 湖北省) by letting candidates
  withdraw, bind to it and submit again, and keeps that database file as a pristine template. Each test
  (or each hypothesis example) gets a private copy and its own server in milliseconds.
* :class:`Desk` is one reviewer's workstation: a data folder, a Workspace, an ApiClient whose transport
  can be told to lose requests or answers, and the sync engine. ``crash()`` drops everything held in
  memory and reopens the store from its file, like a restarted program.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from reviewdesk.domain.enums import Tier
from reviewdesk.server.db import Database
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.testing import Account, SeededServer, copy_seeded_database, seeded_server
from reviewdesk.store.workspace import Workspace
from reviewdesk.sync.client import ApiClient
from reviewdesk.sync.engine import SyncEngine, SyncReport
from reviewdesk.sync.session import connect

CANDIDATES = 30
SEED = 1
DEMO_UNIT = "unit_420102_004"  # 武汉市江岸区人民医院
DEMO_UNIT_ADMIN = "admin_420102_004"
DEMO_COUNTY = "county_420102"
#: A 专技职称 as the unit's staff enter it (seed 001's fields, in its words): what the 单位填报 sync tests send.
TITLE_FIELDS = {
    "资格系列": "卫生技术人员(药剂)",
    "资格级别": "初级(士)",
    "专业": "药学",
    "取得方式": "考试",
    "取得途径": "全国统考",
    "批准日期": "2019-06-30",
    "证书编号": "2019420000123",
    "是否为省线证": "否",
    "是否基卫高": "否",
}


class Crash(BaseException):
    """The workstation dies here: not an Exception, so nothing in the engine catches it."""


# -- the transport, with faults ------------------------------------------------------------------------
class FaultyAdapter(HTTPAdapter):
    """A real HTTP transport that misbehaves on request: ``plan`` holds the fault for each of the next
    requests (None = behave).

    * ``lose_request``: the request never reaches the server (connection error);
    * ``lose_response``: the server processes and commits, then the answer is lost;
    * ``cut``: the answer breaks off mid-body (after the server committed);
    * ``duplicate``: the request is sent twice (a proxy retry); the second answer is returned;
    * ``crash_before`` / ``crash_after``: the workstation dies before sending / after the server
      committed but before the answer is read.
    """

    FAULTS = ("lose_request", "lose_response", "cut", "duplicate", "crash_before", "crash_after")

    def __init__(self) -> None:
        super().__init__()
        self.plan: list[str | None] = []
        self.sent = 0
        self.hook: Callable[[requests.PreparedRequest], None] | None = None
        #: (url, Content-Encoding) of every answer, to see what came compressed
        self.encodings: list[tuple[str, str]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        fault = self.plan.pop(0) if self.plan else None
        if self.hook is not None:
            self.hook(request)
        if fault == "lose_request":
            raise requests.ConnectionError("injected: request lost")
        if fault == "crash_before":
            raise Crash(f"before sending {request.method} {urlsplit(request.url or '').path}")
        self.sent += 1
        response = super().send(request, **kwargs)
        self.encodings.append((request.url or "", response.headers.get("Content-Encoding", "")))
        if fault is None:
            return response
        _ = response.content  # the server has answered: it committed whatever it did
        if fault == "lose_response":
            raise requests.ConnectionError("injected: response lost")
        if fault == "cut":
            raise requests.exceptions.ChunkedEncodingError("injected: body cut off")
        if fault == "crash_after":
            raise Crash(f"after the server answered {request.method} {urlsplit(request.url or '').path}")
        if fault == "duplicate":
            self.sent += 1
            return super().send(request, **kwargs)
        raise AssertionError(f"unknown fault {fault}")


# -- the server ----------------------------------------------------------------------------------------
@dataclass
class World:
    """A pristine seeded database with records gathered at the demo hospital (see module doc)."""

    root: Path
    template_db: Path
    template_blobs: Path
    accounts: list[Account]
    data: Any
    unit_records: list[int]

    @classmethod
    def build(cls, root: Path, gather: int = 12) -> World:
        root.mkdir(parents=True, exist_ok=True)
        with seeded_server(root / "seed", candidates=CANDIDATES, seed=SEED) as server:
            unit = next(a for a in server.accounts if a.username == DEMO_UNIT)
            submitted = server.find_records(status=("unit", "pending"), at_tier="unit")
            unsubmitted = server.find_records(submit_status="not_submitted")
            gathered = []
            for record_id in (submitted + unsubmitted)[:gather]:
                if record_id in submitted:
                    server.withdraw(record_id)
                server.bind(record_id, unit_id=unit.org_id)
                server.submit(record_id)
                gathered.append(record_id)
            accounts, data = server.accounts, server.data
            db_path = Path(server.db_url.removeprefix("sqlite:///"))
            blob_dir = server.blob_dir
        template = root / "template"
        template.mkdir(exist_ok=True)
        with closing(sqlite3.connect(db_path)) as connection:  # fold the WAL into one file
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(db_path, template / "server.db")
        return cls(root, template / "server.db", blob_dir, accounts, data, sorted(gathered))

    def account(self, username: str) -> Account:
        return next(a for a in self.accounts if a.username == username)

    def start(self, directory: Path, blob_dir: Path | None = None, **settings: Any) -> SeededServer:
        """A private copy of the template, served on 127.0.0.1 (stop it with ``stop``); ``blob_dir``
        replaces the shared (read-only!) image folder for a test that damages an image; ``settings``
        are the server's (``ServerSettings``)."""
        directory.mkdir(parents=True, exist_ok=True)
        database = directory / "server.db"
        shutil.copyfile(self.template_db, database)
        with closing(sqlite3.connect(database)) as connection:
            connection.execute("UPDATE server_meta SET server_id = ?", (str(uuid.uuid4()),))
            connection.commit()
        db_url = f"sqlite:///{database}"
        blobs = blob_dir or self.template_blobs
        server = EmbeddedServer(db_url, blobs, candidate_api=True, **settings).start()
        return SeededServer(server, db_url, blobs, self.accounts, self.data, Database.open(db_url))


def stop(server: SeededServer) -> None:
    server.server.stop()
    server._database.dispose()


def fresh_seeded_copy(directory: Path) -> tuple[str, Path]:
    return copy_seeded_database(CANDIDATES, SEED, directory)


# -- a workstation -------------------------------------------------------------------------------------
class Desk:
    """One reviewer's workstation against ``server``."""

    def __init__(
        self,
        server: SeededServer,
        account: Account,
        data_dir: Path,
        *,
        retries: int = 1,
        push_batch: int = 500,
        page: int | None = None,
    ) -> None:
        self.server = server
        self.account = account
        self.data_dir = data_dir
        self.retries = retries
        self.push_batch = push_batch
        #: feed and download page size (None: the engine's); small pages put faults between pages
        self.page = page
        self.adapter = FaultyAdapter()
        self.client = self._client()
        self.workspace, _ = connect(
            server.url, account.username, account.password, data_dir, client=self.client
        )
        self.engine = self._engine()

    def _engine(self) -> SyncEngine:
        if self.page is None:
            return SyncEngine(self.workspace, self.client, push_batch=self.push_batch)
        return SyncEngine(
            self.workspace,
            self.client,
            push_batch=self.push_batch,
            pull_limit=self.page,
            download_limit=self.page,
        )

    def _client(self, token: str | None = None) -> ApiClient:
        self.adapter = FaultyAdapter()
        return ApiClient(
            self.server.url,
            token=token,
            adapter=self.adapter,
            retries=self.retries,
            sleep=lambda _seconds: None,
            device_id=f"desk-{self.account.username}",
        )

    def sync(self, faults: list[str | None] | None = None, **kwargs: Any) -> SyncReport:
        self.adapter.plan = list(faults or [])
        try:
            return self.engine.sync(**kwargs)
        finally:
            self.adapter.plan = []

    def crash(self) -> None:
        """Everything in memory is gone; the store is reopened from its file, the session resumed."""
        path = self.workspace.path
        token = self.client.token
        self.workspace.close()
        self.client.session.close()
        self.workspace = Workspace.open(path)
        self.client = self._client(token)
        self.engine = self._engine()

    def close(self) -> None:
        self.workspace.close()
        self.client.session.close()

    @property
    def tier(self) -> Tier:
        return self.account.tier
