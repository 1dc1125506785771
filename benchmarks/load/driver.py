"""The load benchmark's parts: the seeded PostgreSQL database, the server, the accounts, one Locust step.

Used by ``benchmarks/load_bench.py`` (the ramp to the knee and the soak) and by the test suite's
one-minute smoke run (``tests/server/test_server_load_smoke.py``). Nothing here is product code.
"""

from __future__ import annotations

import csv
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reviewdesk.server.demo.records import DEMO_PASSWORD

HERE = Path(__file__).resolve().parent
LOCUSTFILE = HERE / "locustfile.py"
#: Request kinds as the locustfile names them, in the mix's order.
KINDS = (
    "sync (no change)",
    "push (1-50 decisions)",
    "push: feed pull",
    "county/city feed pull",
    "scan revalidate (304)",
    "download: catalogue",
    "download: snapshot page",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the seeded database --------------------------------------------------------------------------
def database_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _admin(server_url: str) -> Any:
    return create_engine(database_url(server_url, "postgres"), isolation_level="AUTOCOMMIT")


def _exists(server_url: str, name: str) -> bool:
    engine = _admin(server_url)
    try:
        with engine.connect() as connection:
            return bool(connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}))
    finally:
        engine.dispose()


def seeded_database(server_url: str, candidates: int, seed: int, blobs: Path) -> tuple[str, float | None]:
    """The URL of a database seeded with ``candidates`` (made once on this PostgreSQL server and kept:
    built under a partial name and renamed when complete), and the seconds seeding took (None: reused)."""
    name = f"load_{candidates}_s{seed}"
    if _exists(server_url, name):
        return database_url(server_url, name), None
    partial = f"{name}_partial"
    engine = _admin(server_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{partial}"'))
            connection.execute(text(f'CREATE DATABASE "{partial}"'))
        print(
            f"# seeding {candidates:,} candidates into PostgreSQL database {name} (once) …", file=sys.stderr
        )
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reviewdesk.server",
                "seed",
                "--db",
                database_url(server_url, partial),
                "--candidates",
                str(candidates),
                "--seed",
                str(seed),
                "--blobs",
                str(blobs),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.monotonic() - started
        with engine.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{partial}" RENAME TO "{name}"'))
    finally:
        engine.dispose()
    return database_url(server_url, name), seconds


def current_rules(db_url: str, blobs: Path) -> float | None:
    """Re-flags the kept seed (``reviewdesk-server reflag``, as the upgrade notes ask of a real server
    after a rule change) when its cached snapshots carry 预审提示 of older rules than the code's
    (``precheck.FLAGS_VERSION``); returns the seconds it took, None when the seed was current.

    Why: a push patches a record's cached snapshot only when its flags are current, and otherwise
    builds it again (``commands.CommandBatch.run``). A seed kept from before a rule change made every
    first push of a record take the slow way — measured, push CPU ~1.5× — which no server that ran
    ``reflag`` after its upgrade does."""
    import orjson

    from reviewdesk.domain.precheck import FLAGS_VERSION

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            cached = connection.scalar(text("SELECT snapshot FROM snapshot_cache ORDER BY record_id LIMIT 1"))
    finally:
        engine.dispose()
    if cached is None or orjson.loads(cached).get("flags_version") == FLAGS_VERSION:
        return None
    print(
        f"# re-flagging the kept seed under the current rules (flags_version {FLAGS_VERSION}) …",
        file=sys.stderr,
    )
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "reviewdesk.server", "reflag", "--db", db_url, "--blobs", str(blobs)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def fresh_copy(db_url: str) -> str:
    """A copy of the seeded database ``db_url`` (``<name>_run``, made anew from it as a template): every
    run starts from the seed, so one run's pushes (each adds history to the records it decides) do not
    make the next run's snapshots larger. The copy is left for ``EXPLAIN`` after the run."""
    url = make_url(db_url)
    name = f"{url.database}_run"
    engine = _admin(db_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"'))
    finally:
        engine.dispose()
    return database_url(db_url, name)


def pg_connections(db_url: str) -> int:
    """Connections to the benchmark's database right now (PostgreSQL's own view; 0 on SQLite)."""
    if make_url(db_url).get_backend_name() != "postgresql":
        return 0
    engine = _admin(db_url)
    try:
        with engine.connect() as connection:
            return int(
                connection.scalar(
                    text("SELECT count(*) FROM pg_stat_activity WHERE datname = :n"),
                    {"n": make_url(db_url).database},
                )
            )
    finally:
        engine.dispose()


# -- the server ---------------------------------------------------------------------------------
@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def tree(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]


@contextmanager
def serve(db_url: str, blobs: Path, workers: int, extra: Sequence[str] = ()) -> Iterator[Server]:
    """``reviewdesk-server serve`` in its own process group, stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reviewdesk.server",
            "serve",
            "--db",
            db_url,
            "--blobs",
            str(blobs),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            *extra,
        ],
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                if requests.get(f"{url}/v1/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer within 120 s")
            time.sleep(0.2)
        # every worker up: a few answers in a row (uvicorn starts workers one by one)
        time.sleep(1.0 if workers > 1 else 0)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- accounts -----------------------------------------------------------------------------------
@dataclass
class UnitAccount:
    username: str
    county: str


def unit_accounts(db_url: str, count: int, seed: int = 1) -> list[UnitAccount]:
    """Up to ``count`` unit reviewers (with records) and, for each, the reviewer of the nearest county
    or city above the unit; units straight under the province are left out (no county/city feed)."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            reviewers = {
                org_id: username
                for org_id, username in connection.execute(
                    text("SELECT org_id, username FROM users WHERE role = 'reviewer' AND active")
                )
            }
            orgs = {
                row.id: row
                for row in connection.execute(text("SELECT id, tier, parent_id FROM organisations"))
            }
            with_records = set(connection.scalars(text("SELECT DISTINCT unit_id FROM records")))
    finally:
        engine.dispose()
    accounts = []
    for org_id in sorted(with_records):
        parent = orgs[org_id].parent_id
        while parent is not None and orgs[parent].tier not in ("county", "city"):
            parent = orgs[parent].parent_id
        if org_id in reviewers and parent is not None and parent in reviewers:
            accounts.append(UnitAccount(reviewers[org_id], reviewers[parent]))
    random.Random(seed).shuffle(accounts)
    return accounts[:count]


@dataclass
class Timings:
    """Seconds per request of one phase, and its failures by status."""

    seconds: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0
    #: per account, from its first attempt to its token (retries after 503 included)
    until_done: list[float] = field(default_factory=list)

    def percentile(self, q: float, until_done: bool = False) -> float:
        ordered = sorted(self.until_done if until_done else self.seconds)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def login_all(base_url: str, usernames: Sequence[str], concurrency: int) -> tuple[dict[str, str], Timings]:
    """Every username logged in, ``concurrency`` at a time (a login storm): tokens and timings."""
    tokens: dict[str, str] = {}
    timings = Timings()
    lock = threading.Lock()
    local = threading.local()

    def one(username: str) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        first = time.monotonic()
        deadline = first + 300  # refused logins (503 + Retry-After) come back until then
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                reply = session.post(
                    f"{base_url}/v1/auth/login",
                    json={"username": username, "password": DEMO_PASSWORD},
                    timeout=60,
                )
                status = str(reply.status_code)
            except requests.RequestException as error:
                reply, status = None, type(error).__name__
            elapsed = time.monotonic() - started
            with lock:
                timings.seconds.append(elapsed)
                if reply is not None and reply.ok:
                    tokens[username] = reply.json()["token"]
                    timings.until_done.append(time.monotonic() - first)
                    return
                timings.failures[status] = timings.failures.get(status, 0) + 1
            retry = reply.headers.get("Retry-After") if reply is not None else None
            time.sleep(float(retry) if retry and retry.isdigit() else 1.0)
        raise RuntimeError(f"could not log in {username}")

    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, sorted(set(usernames))))
    timings.wall = time.monotonic() - started
    return tokens, timings


def issued_tokens(db_url: str, usernames: Sequence[str], hours: float = 12.0) -> dict[str, str]:
    """A bearer token per username, written straight into ``auth_tokens`` as a login would (the same
    digest, expiry and audit-free row). Setting up 500 workstations by logging each in would begin every
    run with minutes of argon2 on a shared 2-core machine; the login path is measured on its own
    (``login_all``, the login storm)."""
    from reviewdesk.server.security import new_token, token_digest

    now = datetime.now(UTC)
    tokens = {name: new_token() for name in sorted(set(usernames))}
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            ids = {
                name: user_id
                for name, user_id in connection.execute(text("SELECT username, id FROM users"))
                if name in tokens
            }
            connection.execute(
                text(
                    "INSERT INTO auth_tokens (token_hash, user_id, device_id, created_at, expires_at) "
                    "VALUES (:token_hash, :user_id, 'load-bench', :created_at, :expires_at)"
                ),
                [
                    {
                        "token_hash": token_digest(token),
                        "user_id": ids[name],
                        "created_at": now,
                        "expires_at": now + timedelta(hours=hours),
                    }
                    for name, token in tokens.items()
                ],
            )
    finally:
        engine.dispose()
    return tokens


def _scope_of(session: requests.Session, base_url: str, token: str) -> dict[str, Any]:
    """The unit's cursor, its records still at the unit tier (with their bases) and its images."""
    headers = {"Authorization": f"Bearer {token}"}
    cursor, after, records, blobs = None, None, [], set()
    while True:
        params: dict[str, Any] = {"limit": 1000, **({"after_id": after} if after is not None else {})}
        reply = session.get(f"{base_url}/v1/sync/snapshot", params=params, headers=headers, timeout=120)
        reply.raise_for_status()
        page = reply.json()
        cursor = cursor or page.get("cursor")
        for item in page["items"]:
            review = item["review"]
            if review["at_tier"] == "unit" and review["submit_status"] == "submitted":
                base = {k: item[k] for k in ("version", "submission_rev", "materials_hash")}
                records.append({"id": item["id"], "base": base})
            for material in item["materials"]:
                blobs.update(image["sha256"] for image in material["images"])
        after = page["next_after_id"]
        if after is None:
            return {"cursor": cursor, "records": records, "blobs": sorted(blobs)[:20]}


def prepare_accounts(
    base_url: str, accounts: Sequence[UnitAccount], tokens: dict[str, str], out: Path
) -> int:
    """Writes the locustfile's account file; returns the number of decidable records in it."""
    local = threading.local()

    def one(account: UnitAccount) -> dict[str, Any]:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        scope = _scope_of(session, base_url, tokens[account.username])
        return {
            "username": account.username,
            "token": tokens[account.username],
            "county_token": tokens[account.county],
            **scope,
        }

    with ThreadPoolExecutor(8) as pool:
        prepared = list(pool.map(one, accounts))
    out.write_text(json.dumps(prepared), encoding="utf-8")
    return sum(len(item["records"]) for item in prepared)


# -- one Locust step ----------------------------------------------------------------------------
@contextmanager
def peak_rss(server: Server) -> Iterator[list[float]]:
    """The server's peak RSS in MB (all its processes) while the block runs, sampled every 0.2 s."""
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            with suppress(psutil.Error):
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in server.tree()) / 2**20)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


@dataclass
class KindStats:
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    rps: float


@dataclass
class StepResult:
    users: int
    seconds: float
    kinds: dict[str, KindStats]
    total: KindStats
    failures: dict[str, int]
    server_cpu: float  # percent of one core, all server processes, averaged over the step
    server_rss_mb: float  # peak, all server processes
    generator_cpu: float
    pg_connections: int  # peak
    machine_load: float
    server_cpu_ms_per_request: float  # CPU seconds of the server processes / requests, in ms
    pg_cpu_ms_per_request: float  # the same for every PostgreSQL process of the machine
    generator_cpu_ms_per_request: float  # the same for Locust
    #: seconds per second the generator's threads were ready to run but waited for a core (Linux's
    #: schedstat; nan elsewhere): its latencies include that wait, a server on its own would not see it
    generator_cpu_wait: float = float("nan")
    server_cpu_wait: float = float("nan")  # the same, summed over the server's threads
    probe_p50: float = float("nan")  # ms: the driver's own no-change syncs (``Probe``), not Locust's
    probe_p99: float = float("nan")

    @property
    def errors(self) -> int:
        return sum(self.failures.values())


def _stats(path: Path) -> tuple[dict[str, KindStats], KindStats]:
    kinds: dict[str, KindStats] = {}
    total = None
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):

            def num(key: str, row: dict[str, str] = row) -> float:
                value = row.get(key) or "0"
                return float(value) if value != "N/A" else float("nan")

            stats = KindStats(
                int(num("Request Count")),
                int(num("Failure Count")),
                num("50%"),
                num("95%"),
                num("99%"),
                num("Requests/s"),
            )
            if row["Name"] == "Aggregated":
                total = stats
            else:
                kinds[row["Name"]] = stats
    assert total is not None, f"no Aggregated row in {path}"
    return kinds, total


def _failures(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                counts[row["Error"]] = counts.get(row["Error"], 0) + int(row["Occurrences"])
    return counts


_cpu_seen: dict[int, float] = {}


def _cpu_seconds(procs: Sequence[psutil.Process]) -> float:
    """User + system CPU seconds of ``procs``; a process that ended counts with its last reading."""
    for proc in procs:
        try:
            times = proc.cpu_times()
            _cpu_seen[proc.pid] = times.user + times.system
        except psutil.Error:
            pass
    return sum(_cpu_seen.get(proc.pid, 0.0) for proc in procs)


def _cpu_wait_seconds(procs: Sequence[psutil.Process]) -> float:
    """Seconds the threads of ``procs`` spent ready to run but waiting for a core (the run queue),
    from ``/proc/<pid>/task/<tid>/schedstat``; nan where the system does not say."""
    total = 0.0
    for proc in procs:
        try:
            for tid in os.listdir(f"/proc/{proc.pid}/task"):
                with open(f"/proc/{proc.pid}/task/{tid}/schedstat", encoding="ascii") as handle:
                    total += int(handle.read().split()[1]) / 1e9
        except (OSError, ValueError, IndexError):
            if not Path("/proc/self/schedstat").exists():
                return float("nan")
    return total


def _postgres_processes() -> list[psutil.Process]:
    return [proc for proc in psutil.process_iter(["name"]) if proc.info["name"] in ("postgres", "postmaster")]


class Probe(threading.Thread):
    """A no-change sync ten times a second on its own connection, from this process rather than from
    Locust, timed here: its latencies beside Locust's tell what the server does from what the
    generator's own wait for a core adds (Locust's gevent loop times a reply only once it runs)."""

    def __init__(self, server: Server, account: dict[str, Any], per_second: float = 10.0) -> None:
        super().__init__(daemon=True)
        self.url = server.url
        self.account = account
        self.per_second = per_second
        self.stop = threading.Event()
        self.seconds: list[float] = []

    def run(self) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.account['token']}", "X-Device-Id": "load-probe"}
        cursor = self.account["cursor"]
        while not self.stop.wait(1 / self.per_second):
            started = time.perf_counter()
            try:
                reply = session.get(
                    f"{self.url}/v1/sync/changes", params={"since": cursor}, headers=headers, timeout=30
                )
            except requests.RequestException:
                continue
            if reply.ok:
                self.seconds.append(time.perf_counter() - started)
                cursor = reply.json()["next_cursor"]

    def percentile(self, q: float) -> float:
        """In ms; nan when nothing was timed."""
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def run_step(
    server: Server,
    db_url: str,
    accounts_file: Path,
    users: int,
    seconds: int,
    out: Path,
    timeout: float = 30.0,
    tags: Sequence[str] = (),
) -> StepResult:
    """``users`` workstations (one operation a second each) for ``seconds`` after they are all started
    (statistics reset then), with the server's and the generator's resources sampled every second.
    ``tags``: only these operations of the mix (the locustfile's task tags), e.g. ``("sync",)``."""
    prefix = out / (f"step-{users}" + "".join(f"-{t}" for t in tags))
    spawn_rate = max(10.0, users / 5)
    env = {
        **os.environ,
        "REVIEWDESK_LOAD_ACCOUNTS": str(accounts_file),
        "REVIEWDESK_LOAD_TIMEOUT": str(timeout),
    }
    run_time = int(seconds + users / spawn_rate + 1)
    locust = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            server.url,
            "-u",
            str(users),
            "-r",
            str(spawn_rate),
            "-t",
            f"{run_time}s",
            "--reset-stats",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "5",
            *(["--tags", *tags] if tags else []),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=Path(f"{prefix}.log").open("wb"),  # noqa: SIM115 (the child holds it)
    )
    generator = psutil.Process(locust.pid)
    known: dict[int, psutil.Process] = {}

    def server_processes() -> list[psutil.Process]:
        """The server's processes, the same objects each time (cpu_percent compares with the last call)."""
        for proc in server.tree():
            known.setdefault(proc.pid, proc)
        return [proc for proc in known.values() if proc.is_running()]

    time.sleep(users / spawn_rate + 1)  # sample the measured part only
    accounts = json.loads(accounts_file.read_text(encoding="utf-8"))
    probe = Probe(server, accounts[-1]) if accounts and not tags else None
    if probe is not None:
        probe.start()
    for proc in server_processes():
        proc.cpu_percent(None)
    generator.cpu_percent(None)
    server_cpu_before, pg_cpu_before = _cpu_seconds(server_processes()), _cpu_seconds(_postgres_processes())
    generator_before = _cpu_seconds([generator])
    waits_before = (_cpu_wait_seconds([generator]), _cpu_wait_seconds(server_processes()))
    waits_after = waits_before
    measured_from = time.monotonic()
    measured_to = measured_from
    cpu, rss, gen, conns, samples = 0.0, 0.0, 0.0, 0, 0
    while locust.poll() is None:
        time.sleep(1.0)
        try:
            procs = server_processes()
            _cpu_seconds([generator])  # its last reading counts once it has exited
            cpu_now = sum(proc.cpu_percent(None) for proc in procs)
            rss = max(rss, sum(proc.memory_info().rss for proc in procs) / 2**20)
            gen_now = generator.cpu_percent(None)
        except psutil.Error:
            continue
        if locust.poll() is None:
            waits_after = (_cpu_wait_seconds([generator]), _cpu_wait_seconds(procs))
            measured_to = time.monotonic()
            cpu += cpu_now
            gen += gen_now
            samples += 1
            conns = max(conns, pg_connections(db_url))
    if probe is not None:
        probe.stop.set()
        probe.join()
    server_cpu_seconds = _cpu_seconds(list(known.values())) - server_cpu_before
    pg_cpu_seconds = _cpu_seconds(_postgres_processes()) - pg_cpu_before
    generator_cpu_seconds = _cpu_seconds([generator]) - generator_before
    if locust.returncode not in (0, 1):  # 1: some requests failed
        raise RuntimeError(f"locust exited with {locust.returncode}: see {prefix}.log")
    kinds, total = _stats(Path(f"{prefix}_stats.csv"))
    return StepResult(
        users=users,
        seconds=seconds,
        kinds=kinds,
        total=total,
        failures=_failures(Path(f"{prefix}_failures.csv")),
        server_cpu=cpu / max(1, samples),
        server_rss_mb=rss,
        generator_cpu=gen / max(1, samples),
        pg_connections=conns,
        machine_load=os.getloadavg()[0],
        server_cpu_ms_per_request=server_cpu_seconds * 1000 / max(1, total.requests),
        pg_cpu_ms_per_request=pg_cpu_seconds * 1000 / max(1, total.requests),
        generator_cpu_ms_per_request=generator_cpu_seconds * 1000 / max(1, total.requests),
        generator_cpu_wait=(waits_after[0] - waits_before[0]) / max(1e-9, measured_to - measured_from),
        server_cpu_wait=(waits_after[1] - waits_before[1]) / max(1e-9, measured_to - measured_from),
        probe_p50=probe.percentile(0.5) if probe else float("nan"),
        probe_p99=probe.percentile(0.99) if probe else float("nan"),
    )
