"""Sync speed against a loopback server: first download, a sync with nothing new, pushing decisions.

    python3 benchmarks/sync_bench.py                          # province scope of the 100k-candidate seed
    python3 benchmarks/sync_bench.py --candidates 360000      # ≈ 100,000 records in the province scope
    python3 benchmarks/sync_bench.py --server embedded        # server in this process (shares the GIL)

Prints ``name value unit goal PASS|MISS`` lines. Goals: a first download of 100,000 records with their
metadata in ≤ 30 s; a sync with nothing new in ≤ 300 ms; pushing 10,000 decisions in ≤ 15 s.

What runs: a copy of the seeded server database (``reviewdesk-server seed``, cached in
``benchmarks/out/server-<N>-s<seed>.db``, shared with ``download_bench.py``), the real server
(``reviewdesk-server serve`` in its own process by default: a central server is another machine), the
real client (``reviewdesk.sync.session.connect`` into a fresh data folder, ``SyncEngine.sync``), the
province reviewer's account. The push: ``Workspace.decide`` on up to 10,000 records the province holds
(one local transaction), then ``sync``: the time from the first to the last answered push batch, and
the whole sync (push + pulling the changes the decisions made).

The province's scope is what reached 省级, about 28 % of the candidates: 100k candidates give ≈ 28,000
records, so the 100k-record verdict comes from ``--candidates 360000`` (the ``*_scaled`` lines scale
the measured rate to 100,000 records, for smaller seeds).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


from _report import line as report_line
from _seeded import blob_dir as seeded_blob_dir
from _seeded import seeded_db, serving
from reviewdesk.domain.enums import Outcome
from reviewdesk.server.demo.data import DEMO_PASSWORD
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import connect

line = partial(report_line, fmt=".3f")  # benchmarks/_report.py: the one figure format


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="an already seeded server SQLite file (else the cache)")
    parser.add_argument("--account", default="province_420000")
    parser.add_argument("--server", choices=("process", "embedded"), default="process")
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--quiet-runs", type=int, default=7)
    args = parser.parse_args()

    source = args.db or seeded_db(args.candidates, args.seed)
    blob_dir = seeded_blob_dir(args.seed)
    with tempfile.TemporaryDirectory(prefix="reviewdesk-sync-bench-") as tmp:
        work = Path(tmp)
        db_path = work / "server.db"
        shutil.copyfile(source, db_path)
        with serving(args.server, db_path, blob_dir) as base:
            # -- first download ------------------------------------------------------------------
            started = time.perf_counter()
            cpu = time.process_time()
            workspace, client = connect(base, args.account, DEMO_PASSWORD, work / "desk")
            report = SyncEngine(workspace, client).sync(blobs=False)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            assert report.ok, report.error
            records = workspace.record_count()
            rate = records / seconds
            print(
                f"# {args.account}: {records:,} records, server={args.server}, client cpu {cpu:.1f} s",
                flush=True,
            )
            line("first_download_records", records, "records", "", None)
            line(
                "first_download_s",
                seconds,
                "s",
                "<=30s_for_100k" if records >= 100_000 else "(information)",
                seconds <= 30 if records >= 100_000 else None,
            )
            line("first_download_rate", rate, "records/s", ">=3334", rate >= 100_000 / 30)
            line("first_download_100k_scaled_s", 100_000 / rate, "s", "<=30", 100_000 / rate <= 30)

            # -- nothing new ---------------------------------------------------------------------
            engine = SyncEngine(workspace, client)
            quiet = []
            for _ in range(args.quiet_runs):
                t0 = time.perf_counter()
                assert engine.sync(blobs=False).ok
                quiet.append(time.perf_counter() - t0)
            median = statistics.median(quiet)
            line("sync_nothing_new_ms", median * 1000, "ms", "<=300", median <= 0.3)

            # -- pushing decisions ---------------------------------------------------------------
            candidates = workspace.preview_decision(workspace.record_ids(), Outcome.PASS, "").allowed
            chosen = candidates[: args.decisions]
            t0 = time.perf_counter()
            workspace.decide(chosen, Outcome.PASS, "")
            line("decide_local_s", time.perf_counter() - t0, "s", "(information)", None)
            marks: list[float] = []

            def progress(phase: str, done: int, total: int) -> None:
                if phase == "push":
                    marks.append(time.perf_counter())

            t0 = time.perf_counter()
            report = engine.sync(progress=progress, blobs=False)
            whole = time.perf_counter() - t0
            assert report.ok, report.error
            assert report.applied == len(chosen), report
            push = marks[-1] - t0
            goal_ok = push * 10_000 / max(1, len(chosen)) <= 15
            line("push_decisions", len(chosen), "decisions", "", None)
            line("push_s", push, "s", "<=15_for_10k", goal_ok)
            line("push_rate", len(chosen) / push, "decisions/s", ">=667", len(chosen) / push >= 10_000 / 15)
            line("sync_after_push_s", whole, "s", "(push+pull of the changes)", None)
            workspace.close()


if __name__ == "__main__":
    main()
