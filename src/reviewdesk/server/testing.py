"""A seeded, running server for tests of every layer: ``with seeded_server(tmp_path) as server: …``.

Seeding (argon2, rendering the image pool, thousands of rows) is done once per (candidates, seed,
code version) into a template under the system temp dir; each test gets its own copy of the database
file in ``tmp_path`` (with a fresh ``server_id``, so two test servers are two servers) and hard links
to the template's blobs (content-addressed files never change in place). Test accounts use the cheap
argon2 profile so logins are fast.

Besides ``.url`` and ``.accounts``, the object offers what tests need to play the other people in the
story: a candidate (``submit``, ``withdraw``, ``bind``) and another reviewer (``reviewer(...)`` →
a small client with ``decide``/``report``/``verify``), plus direct database look-ups to find records
in a given state.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import select
from urllib3.util.retry import Retry

from reviewdesk.domain.enums import Outcome, SubmitStatus, Tier, VerifyStatus
from reviewdesk.server.db import Database
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.models import Organisation, Record, User
from reviewdesk.server.records import STATUS_COLUMNS
from reviewdesk.server.security import CHEAP_HASHER

REQUEST_TIMEOUT = 30


def http_session() -> requests.Session:
    """A requests session for the tests' colleagues and phones that retries a read (GET, HEAD) once
    when the connection it reused was closed under it. The embedded server drops a keep-alive
    connection after 5 idle seconds; a test that pauses about that long (a reflag, a big seed) can
    send on the connection just as it closes and get "connection reset by peer". The workstation's
    client retries such errors itself (``sync.client``); writes are not retried here, so a test never
    sends a decision twice."""
    session = requests.Session()
    retry = Retry(total=1, connect=1, read=1, status=0, allowed_methods=frozenset({"GET", "HEAD"}))
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass(frozen=True)
class Account:
    """A login of the seeded server."""

    username: str
    password: str
    display_name: str
    org_id: int
    org_name: str
    tier: Tier
    role: str


@functools.lru_cache(maxsize=4)
def demo_data(candidates: int, seed: int) -> Any:
    """The DemoData a seeded server was made from (same arguments → same data)."""
    from reviewdesk.server.demo.data import generate

    return generate(candidates, seed)


def _code_fingerprint() -> str:
    """Changes whenever the code that shapes a seeded database changes (cache key): the demo data and
    its seeding, the tables, the snapshot and its 预审提示 (server.flags and every domain rule and
    wording they use) — a template kept across a change of those would hand tests stale snapshots."""
    digest = hashlib.sha256()
    package = importlib.resources.files("reviewdesk.server")
    shaping = [package / name for name in ("models.py", "records.py", "flags.py", "snapshot_cache.py")]
    for folder in (package / "demo", importlib.resources.files("reviewdesk.domain")):
        shaping += sorted((r for r in folder.iterdir() if r.name.endswith(".py")), key=lambda r: r.name)
    for resource in shaping:
        if resource.is_file():
            digest.update(resource.read_bytes())
    versions = package / "migrations" / "versions"
    for resource in sorted(versions.iterdir(), key=lambda r: r.name):
        if resource.name.endswith(".py"):
            digest.update(resource.read_bytes())
    digest.update((importlib.resources.files("reviewdesk.resources") / "catalogue.json").read_bytes())
    return digest.hexdigest()[:16]


def _cache_root() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"reviewdesk-seed-cache-{uid}"


def seeded_template(candidates: int, seed: int) -> Path:
    """A directory with ``server.db`` and ``blobs/``, seeded once and reused (built atomically)."""
    from reviewdesk.server.demo.seed import seed_database

    root = _cache_root()
    target = root / f"c{candidates}-s{seed}-{_code_fingerprint()}"
    if (target / "server.db").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        database = building / "server.db"
        seed_database(
            f"sqlite:///{database}", building / "blobs", demo_data(candidates, seed), hasher=CHEAP_HASHER
        )
        with closing(sqlite3.connect(database)) as connection:  # one self-contained file, no -wal
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        with suppress(OSError):  # another process finished the same template first: use theirs
            building.rename(target)
        _forget_old_templates(root, keep=target)
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return target


def _forget_old_templates(root: Path, keep: Path, max_age_seconds: float = 24 * 3600) -> None:
    """Templates of older code versions pile up while the demo data evolves; drop day-old ones (a
    template in use by a concurrent run is younger than that)."""
    now = time.time()
    for old in root.iterdir():
        if old == keep or old.name.startswith("."):
            continue
        with suppress(OSError):
            if now - old.stat().st_mtime > max_age_seconds:
                shutil.rmtree(old, ignore_errors=True)


def _link_tree(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError:
            shutil.copy2(path, destination)


def copy_seeded_database(
    candidates: int, seed: int, directory: Path, db_url: str | None = None
) -> tuple[str, Path]:
    """A private copy of the seeded template in ``directory``: (db_url, blob_dir). New server_id.
    ``db_url`` (a scratch PostgreSQL database) is made a copy of a PostgreSQL template seeded once
    instead (``testing_postgres``), its blobs linked in ``directory``."""
    if db_url is not None:
        from reviewdesk.server.testing_postgres import copy_seeded_postgres

        return db_url, copy_seeded_postgres(db_url, candidates, seed, directory)
    template = seeded_template(candidates, seed)
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / "server.db"
    shutil.copyfile(template / "server.db", database)
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("UPDATE server_meta SET server_id = ?", (str(uuid.uuid4()),))
        connection.commit()
    blob_dir = directory / "blobs"
    _link_tree(template / "blobs", blob_dir)
    return f"sqlite:///{database}", blob_dir


# -- acting as other people ------------------------------------------------------------------------
class ServerError(Exception):
    """A non-2xx answer to a helper call: ``.status`` and the server's ``.body``."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


def _json(response: requests.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        body = response.text
    if not response.ok:
        raise ServerError(response.status_code, body)
    return body


class ReviewerClient:
    """A logged-in reviewer (a colleague, another tier) talking to the server over HTTP."""

    def __init__(self, url: str, account: Account, device_id: str | None = None) -> None:
        self.url = url
        self.account = account
        self.session = http_session()
        self.session.headers["X-Device-Id"] = device_id or f"test-{uuid.uuid4()}"
        reply = _json(
            self.session.post(
                f"{url}/v1/auth/login",
                json={"username": account.username, "password": account.password},
                timeout=REQUEST_TIMEOUT,
            )
        )
        self.token: str = reply["token"]
        self.me: dict[str, Any] = reply["user"]
        self.session.headers["Authorization"] = f"Bearer {self.token}"

    def get(self, path: str, **params: Any) -> Any:
        return _json(self.session.get(f"{self.url}{path}", params=params, timeout=REQUEST_TIMEOUT))

    def post(self, path: str, body: Any) -> Any:
        return _json(self.session.post(f"{self.url}{path}", json=body, timeout=REQUEST_TIMEOUT))

    def record(self, record_id: int) -> dict[str, Any]:
        return self.get(f"/v1/records/{record_id}")

    def records(self, scope: str = "all") -> list[dict[str, Any]]:
        """Every record in scope (all pages)."""
        items: list[dict[str, Any]] = []
        after: int | None = None
        while True:
            params: dict[str, Any] = {"scope": scope, "limit": 500}
            if after is not None:
                params["after_id"] = after
            page = self.get("/v1/records", **params)
            items += page["items"]
            after = page["next_after_id"]
            if after is None:
                return items

    def decide(
        self,
        record_id: int,
        outcome: Outcome | str,
        remark: str = "",
        *,
        base: dict[str, Any] | None = None,
        decision_id: str | None = None,
    ) -> dict[str, Any]:
        """One decision; ``base`` defaults to the record as the server has it now. Returns the result."""
        if base is None:
            record = self.record(record_id)
            base = {k: record[k] for k in ("version", "submission_rev", "materials_hash")}
        item = {
            "decision_id": decision_id or str(uuid.uuid4()),
            "record_id": record_id,
            "outcome": Outcome(outcome).value,
            "remark": remark,
            "decided_at": datetime.now(UTC).isoformat(),
            "base": base,
        }
        return self.post("/v1/decisions", {"items": [item]})["results"][0]

    def report(self, record_ids: Sequence[int] | None = None, report_id: str | None = None) -> dict[str, Any]:
        """材料上报 of ``record_ids`` (None: every 审核通过 record of this tier)."""
        return self.post(
            "/v1/reports",
            {
                "report_id": report_id or str(uuid.uuid4()),
                "record_ids": None if record_ids is None else list(record_ids),
                "reported_at": datetime.now(UTC).isoformat(),
            },
        )

    def verify(
        self,
        material_id: int,
        status: VerifyStatus | str,
        remark: str = "",
        *,
        base_version: int,
        action_id: str | None = None,
    ) -> dict[str, Any]:
        item = {
            "action_id": action_id or str(uuid.uuid4()),
            "material_id": material_id,
            "status": VerifyStatus(status).value,
            "remark": remark,
            "base": {"version": base_version},
        }
        return self.post("/v1/verifications", {"items": [item]})["results"][0]

    def close(self) -> None:
        self.session.close()


@dataclass
class SeededServer:
    """A running seeded server (see module docstring)."""

    server: EmbeddedServer
    db_url: str
    blob_dir: Path
    accounts: list[Account]
    data: Any
    _database: Database

    @property
    def url(self) -> str:
        return self.server.url

    def restart(self, *, graceful: bool = True) -> None:
        self.server.restart(graceful=graceful)

    # -- accounts ------------------------------------------------------------------------------
    def account(self, tier: Tier | str, role: str = "reviewer") -> Account:
        """The first demo account of that tier (the demo chain 湖北省 → 武汉市 → 江岸区 → its hospital)."""
        tier = Tier(tier)
        return next(a for a in self.accounts if a.tier is tier and a.role == role)

    def account_for_org(self, org_id: int, role: str = "reviewer") -> Account:
        """A login for any organisation (every one has demo users sharing the demo password)."""
        with self._database.read() as session:
            user, org = session.execute(
                select(User, Organisation)
                .join(Organisation, Organisation.id == User.org_id)
                .where(User.org_id == org_id, User.role == role)
                .order_by(User.id)
                .limit(1)
            ).one()
        from reviewdesk.server.demo.data import DEMO_PASSWORD

        password = next((u.password for u in self.data.users if u.username == user.username), DEMO_PASSWORD)
        return Account(
            user.username, password, user.display_name, org.id, org.name, Tier(org.tier), user.role
        )

    def reviewer(self, account: Account | Tier | str, device_id: str | None = None) -> ReviewerClient:
        """A logged-in client for ``account`` (or the first demo account of a tier)."""
        if not isinstance(account, Account):
            account = self.account(account)
        return ReviewerClient(self.url, account, device_id)

    # -- the candidate -------------------------------------------------------------------------
    def _candidate(self, action: str, body: dict[str, Any]) -> dict[str, Any]:
        response = requests.post(f"{self.url}/v1/candidate/{action}", json=body, timeout=REQUEST_TIMEOUT)
        return _json(response)["record"]

    def submit(self, record_id: int, materials: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The candidate (re-)submits, optionally changing materials (API.md MaterialInput)."""
        body: dict[str, Any] = {"record_id": record_id}
        if materials is not None:
            body["materials"] = materials
        return self._candidate("submit", body)

    def withdraw(self, record_id: int) -> dict[str, Any]:
        return self._candidate("withdraw", {"record_id": record_id})

    def bind(self, record_id: int, code: str | None = None, *, unit_id: int | None = None) -> dict[str, Any]:
        """The candidate binds to the unit with ``code`` (or to ``unit_id``, its code looked up); the
        record's snapshot afterwards, read from the database (the bind answers only ids)."""
        if code is None:
            if unit_id is None:
                raise ValueError("bind needs a code or a unit_id")
            code = self.confirmation_code(unit_id)
        response = requests.post(
            f"{self.url}/v1/candidate/bind",
            json={"record_id": record_id, "code": code},
            timeout=REQUEST_TIMEOUT,
        )
        _json(response)
        return self.snapshot(record_id)

    def snapshot(self, record_id: int) -> dict[str, Any]:
        """A record's RecordSnapshot as the server builds it now (straight from the database)."""
        from reviewdesk.server.deps import project_of
        from reviewdesk.server.records import build_snapshots
        from reviewdesk.server.settings import ServerSettings

        with self._database.read() as session:
            record = session.get_one(Record, record_id)
            project = project_of(session, ServerSettings(db_url=self.db_url)).name
            return build_snapshots(session, [record], project)[0]

    # -- looking into the database ---------------------------------------------------------------
    def confirmation_code(self, unit_id: int) -> str:
        with self._database.read() as session:
            code = session.scalar(select(Organisation.confirmation_code).where(Organisation.id == unit_id))
        if not code:
            raise ValueError(f"organisation {unit_id} has no confirmation code (not a unit?)")
        return code

    def find_records(
        self,
        *,
        unit_id: int | None = None,
        under_org: int | None = None,
        submit_status: SubmitStatus | str | None = None,
        at_tier: Tier | str | None = None,
        status: tuple[Tier | str, str] | None = None,
        limit: int = 1000,
    ) -> list[int]:
        """Ids of records matching all given conditions, e.g. ``status=("unit", "pending")``."""
        query = select(Record.id).order_by(Record.id).limit(limit)
        with self._database.read() as session:
            if unit_id is not None:
                query = query.where(Record.unit_id == unit_id)
            if under_org is not None:
                path = session.scalar(select(Organisation.path).where(Organisation.id == under_org))
                query = query.where(Record.org_path.startswith(path or "/none/"))
            if submit_status is not None:
                query = query.where(Record.submit_status == SubmitStatus(submit_status).value)
            if at_tier is not None:
                query = query.where(Record.at_tier == Tier(at_tier).value)
            if status is not None:
                column = getattr(Record, STATUS_COLUMNS[Tier(status[0])])
                query = query.where(column == status[1])
            return list(session.scalars(query))

    def units(self, under_org: int | None = None) -> list[int]:
        """Ids of units (under an organisation, or all), lowest id first."""
        query = select(Organisation.id).where(Organisation.tier == Tier.UNIT.value).order_by(Organisation.id)
        with self._database.read() as session:
            if under_org is not None:
                path = session.scalar(select(Organisation.path).where(Organisation.id == under_org))
                query = query.where(Organisation.path.startswith(path or "/none/"))
            return list(session.scalars(query))


def _accounts(data: Any) -> list[Account]:
    orgs = {org.id: org for org in data.orgs}
    return [
        Account(
            u.username,
            u.password,
            u.display_name,
            u.org_id,
            orgs[u.org_id].name,
            Tier(orgs[u.org_id].tier),
            u.role,
        )
        for u in data.demo_accounts()
    ]


@contextmanager
def seeded_server(
    tmp_path: Path,
    candidates: int = 200,
    seed: int = 1,
    *,
    candidate_api: bool = True,
    db_url: str | None = None,
    **settings: Any,
) -> Iterator[SeededServer]:
    """A seeded server running on 127.0.0.1 for the ``with`` block, its database in ``tmp_path``.

    ``db_url`` (a scratch PostgreSQL database, for running the same tests on another database) is
    replaced by a copy of a PostgreSQL template seeded once (``testing_postgres``).
    """
    data = demo_data(candidates, seed)
    db_url, blob_dir = copy_seeded_database(candidates, seed, Path(tmp_path) / "server", db_url)
    database = Database.open(db_url)
    server = EmbeddedServer(db_url, blob_dir, candidate_api=candidate_api, **settings)
    try:
        server.start()
        yield SeededServer(server, db_url, blob_dir, _accounts(data), data, database)
    finally:
        server.stop()
        database.dispose()


# -- a candidate on the phone pages, over HTTP (for tests of the workstation's 实名认证审核) ---------------
class _CodeCatcher(logging.Handler):
    """Reads the 验证码 the demo's sender writes to the server log (the real sender, read back)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.codes: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        found = re.search(r"验证码 (\d{6}) 已发往 (\d+)", record.getMessage())
        if found:
            self.codes[found.group(2)] = found.group(1)


class CandidatePhone:
    """A candidate using the phone pages (``/m/``) with plain HTTP: registers, signs in, submits
    实名认证. The browser tests drive the same pages in Chromium; this is for the other sides' tests."""

    def __init__(self, url: str, phone: str, password: str = "Kaosheng@2027") -> None:
        self.url = url
        self.phone = phone
        self.http = http_session()
        catcher = _CodeCatcher()
        logger = logging.getLogger("reviewdesk.server.candidate")
        logger.addHandler(catcher)
        try:
            self.post("/register", {"action": "code", "phone": phone})
            self.post(
                "/register",
                {"phone": phone, "code": catcher.codes[phone], "password": password, "password2": password},
            )
        finally:
            logger.removeHandler(catcher)
        self.post("/login", {"phone": phone, "password": password})

    def _csrf(self, path: str) -> str:
        page = self.http.get(f"{self.url}/m{path}", timeout=REQUEST_TIMEOUT).text
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        if found is None:
            raise AssertionError(f"no form on /m{path}")
        return found.group(1)

    def post(self, path: str, data: dict[str, Any], files: dict[str, Any] | None = None) -> requests.Response:
        """POST a form of the page at ``path`` (its form token included); the page it ends on."""
        form_page = "/me" if path not in ("/register", "/login") else path
        response = self.http.post(
            f"{self.url}/m{path}",
            data={"csrf": self._csrf(form_page), **data},
            files=files,
            timeout=REQUEST_TIMEOUT,
        )
        if response.status_code >= 500:
            raise ServerError(response.status_code, response.text)
        return response

    def page(self, path: str) -> str:
        return self.http.get(f"{self.url}/m{path}", timeout=REQUEST_TIMEOUT).text

    def submit_identity(
        self, method: str, name: str, id_number: str, front: bytes, back: bytes
    ) -> requests.Response:
        """信息填写 then 证件扫描 of ``method`` (e.g. ``id_manual``): the page it ends on."""
        filled = self.post("/realname/info", {"method": method, "name": name, "id_number": id_number})
        found = re.search(r"[?&]id=(\d+)", filled.url)
        if found is None:
            raise AssertionError(f"信息填写 refused: {filled.text[:500]}")
        return self.post(
            "/realname/scan",
            {"submission": found.group(1)},
            files={"front": ("front.jpg", front, "image/jpeg"), "back": ("back.jpg", back, "image/jpeg")},
        )
