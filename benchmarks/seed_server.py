"""Measure seeding the central server: ``python benchmarks/seed_server.py --candidates 100000``.

Prints the time to seed (generation + inserts, one transaction per 1,000 candidates), the database size,
and how long a provincial reviewer's full download (/v1/sync/snapshot, 500 per page) and one feed page
take against the seeded file. Not part of the test run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from reviewdesk.server.demo.data import generate
from reviewdesk.server.demo.seed import seed_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="database URL (default: a SQLite file in a temp dir)")
    parser.add_argument("--download", action="store_true", help="also time a provincial full download")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="reviewdesk-seed-bench-"))
    db_url = args.db or f"sqlite:///{workdir / 'bench.db'}"
    data = generate(args.candidates, args.seed)
    started = time.perf_counter()
    last = [started]

    def progress(done: int) -> None:
        if done % 10_000 == 0:
            now = time.perf_counter()
            print(f"  {done:>7} candidates  {now - started:6.1f} s  (+{now - last[0]:.1f} s)", flush=True)
            last[0] = now

    report = seed_database(db_url, workdir / "blobs", data, progress=progress)
    print(
        f"seeded {report.candidates} candidates, {report.orgs} orgs, {report.users} users, {report.blobs} blobs "
        f"in {report.seconds:.1f} s ({report.candidates / report.seconds:,.0f} candidates/s)"
    )
    database = workdir / "bench.db"
    if database.exists():
        print(f"database: {database.stat().st_size / 1e6:.0f} MB at {database}")

    if args.download:
        import requests

        from reviewdesk.server.embedded import EmbeddedServer

        account = data.demo_accounts()[0]
        with EmbeddedServer(db_url, workdir / "blobs", candidate_api=False) as server:
            session = requests.Session()
            token = session.post(
                f"{server.url}/v1/auth/login",
                json={"username": account.username, "password": account.password},
            ).json()["token"]
            session.headers["Authorization"] = f"Bearer {token}"
            started = time.perf_counter()
            count, params = 0, {"limit": 500}
            while True:
                page = session.get(f"{server.url}/v1/sync/snapshot", params=params).json()
                count += len(page["items"])
                if page["next_after_id"] is None:
                    break
                params = {"limit": 500, "after_id": page["next_after_id"]}
            seconds = time.perf_counter() - started
            print(f"province full download: {count} records in {seconds:.1f} s ({count / seconds:,.0f}/s)")


if __name__ == "__main__":
    main()
