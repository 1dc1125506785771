"""First download of a reviewer's scope, end to end, against a loopback server.

    python3 benchmarks/download_bench.py                      # province scope of the cached 100k seed
    python3 benchmarks/download_bench.py --candidates 360000  # ≈ 100,000 records in the province scope
    python3 benchmarks/download_bench.py --server process     # server in its own process (own GIL)
    python3 benchmarks/download_bench.py --split              # also: server alone, client ingest alone

Goals (issue "Offline store and sync engine"): a first download of 100,000 records with their metadata
in ≤ 30 s (≥ 3,334 records/s), and a sync with nothing new in ≤ 300 ms.

What runs: the seeded server database (``reviewdesk-server seed``, cached under ``benchmarks/out/``,
git-ignored; a copy is served so runs never change the cache), the real server
(``reviewdesk.server.embedded.EmbeddedServer`` in a thread of this process by default, or
``reviewdesk-server serve`` as a child process), the real client: ``reviewdesk.sync.session.connect``
(login, /v1/me, a fresh Workspace in a temp dir) and ``SyncEngine.sync(blobs=False)`` (push nothing,
catalogue, every /v1/sync/snapshot page, the feed from its cursor). Then ``sync`` again with nothing
new, several times (median).

Honesty notes:

* With ``--server embedded`` (what ``reviewdesk --demo`` does) the server and the client share one
  Python interpreter and its GIL: their CPU adds up. A real central server is another machine or at
  least another process (``--server process``), where the server's page building overlaps the client's
  ingest; both figures are printed when asked.
* The province reviewer's scope is only what reached 省级 (about 28 % of the candidates). A 100k-candidate
  seed gives ≈ 28,000 records; ``--candidates 360000`` gives ≈ 100,000 in scope, which is the real goal.
  The line ``download_100k_scaled_s`` scales the measured rate to 100,000 records; prefer the real
  100k-in-scope run for the verdict (rates fall a little with a larger store: bigger indexes).
* Loopback has no bandwidth limit; on a real network gzip of the JSON pages matters more (see
  docs/PERFORMANCE.md "Download").
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

import orjson
import requests

from _report import line as report_line
from _seeded import blob_dir as seeded_blob_dir
from _seeded import seeded_db, serving
from reviewdesk.server import replies
from reviewdesk.server.db import migrate_url
from reviewdesk.server.demo.data import DEMO_PASSWORD
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import connect

GOAL_RECORDS = 100_000
GOAL_SECONDS = 30.0
GOAL_RATE = GOAL_RECORDS / GOAL_SECONDS
NO_CHANGE_GOAL_MS = 300.0


line = partial(report_line, fmt=",.1f")  # benchmarks/_report.py: the one figure format


def server_only(base: str, username: str, limit: int) -> tuple[int, float, int]:
    """Every snapshot page fetched, inflated and parsed with orjson (nothing stored): (records, seconds,
    bytes on the wire). The server's rate with the least client work in front of it."""
    session = requests.Session()
    token = session.post(f"{base}/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD})
    session.headers["Authorization"] = f"Bearer {token.json()['token']}"
    started = time.perf_counter()
    count, wire, params = 0, 0, {"limit": limit}
    while True:
        response = session.get(f"{base}/v1/sync/snapshot", params=params, stream=True)
        raw = response.raw.read(decode_content=False)
        wire += len(raw)
        if response.headers.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        page = orjson.loads(raw)
        count += len(page["items"])
        if page["next_after_id"] is None:
            break
        params = {"limit": limit, "after_id": page["next_after_id"]}
    return count, time.perf_counter() - started, wire


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=100_000, help="seed size (cached)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="an already seeded server SQLite file (else the cache)")
    parser.add_argument("--account", default="province_420000", help="who downloads (a demo account)")
    parser.add_argument("--server", choices=("embedded", "process"), default="embedded")
    parser.add_argument("--split", action="store_true", help="also time the server alone")
    parser.add_argument("--no-change-runs", type=int, default=5)
    parser.add_argument("--no-gzip", action="store_true", help="embedded server: never gzip pages")
    parser.add_argument("--page", type=int, default=0, help="download page size (default: the engine's)")
    args = parser.parse_args()

    if args.no_gzip:
        if args.server != "embedded":
            raise SystemExit("--no-gzip needs --server embedded")
        replies.GZIP_MIN_BYTES = 1 << 62
    source = args.db or seeded_db(args.candidates, args.seed)
    started = time.perf_counter()
    migrate_url(f"sqlite:///{source}")  # once per code version (fills the snapshot cache), not per run
    if time.perf_counter() - started > 1:
        print(f"# migrated {source.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    blob_dir = seeded_blob_dir(args.seed) if args.db is None else source.parent / "blobs"
    with tempfile.TemporaryDirectory(prefix="reviewdesk-download-") as tmp:
        work = Path(tmp)
        db_path = work / "server.db"
        shutil.copyfile(source, db_path)  # migrations and logins write to it: keep the cache pristine
        with serving(args.server, db_path, blob_dir) as base:
            if args.split:
                limit = args.page or 500
                count, seconds, wire = server_only(base, args.account, limit)
                line("server_only_records_per_s", count / seconds, "records/s", "(information)", None)
                line("server_only_wire_bytes_per_record", wire / count, "B", "(information)", None)

            started = time.perf_counter()
            workspace, client = connect(base, args.account, DEMO_PASSWORD, work / "desk")
            engine = SyncEngine(workspace, client, **({"download_limit": args.page} if args.page else {}))
            cpu = time.process_time()
            report = engine.sync(blobs=False)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            if not report.ok:
                raise SystemExit(f"download failed: {report.summary()}")
            records = workspace.record_count()
            rate = records / seconds
            print(f"# {args.account}: {records:,} records, server={args.server}, cpu {cpu:.1f} s", flush=True)
            line("download_records", records, "records", "(scope size)", None)
            line("download_records_per_s", rate, "records/s", f">={GOAL_RATE:,.0f}", rate >= GOAL_RATE)
            line(
                "download_scope_s",
                seconds,
                "s",
                f"<={records / GOAL_RATE:.1f}",
                seconds <= records / GOAL_RATE,
            )
            scaled = GOAL_RECORDS / rate
            line("download_100k_scaled_s", scaled, "s", f"<={GOAL_SECONDS:.0f}", scaled <= GOAL_SECONDS)

            times = []
            for _ in range(args.no_change_runs):
                started = time.perf_counter()
                again = engine.sync(blobs=False)
                times.append((time.perf_counter() - started) * 1000)
                if not again.ok or again.pulled:
                    raise SystemExit(f"no-change sync did something: {again.summary()}")
            median = statistics.median(times)
            line("nochange_sync_ms", median, "ms", f"<={NO_CHANGE_GOAL_MS:.0f}", median <= NO_CHANGE_GOAL_MS)
            workspace.close()


if __name__ == "__main__":
    main()
