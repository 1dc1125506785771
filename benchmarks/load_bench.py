"""The central server under the deadline-day load: Locust workstations against ``reviewdesk-server serve``
on PostgreSQL, ramped to the knee (docs/PERFORMANCE.md, *Load*).

    python3 benchmarks/load_bench.py                       # 100k seed, 50–400 users, 10 min soak (~20 min)
    python3 benchmarks/load_bench.py --candidates 2000 --steps 20,40 --step-seconds 20 --soak-seconds 0

Without ``--db`` (or ``REVIEWDESK_TEST_DB_URL``) it runs itself under ``scripts/with_postgres.sh`` with the
cluster kept in ``$TMPDIR/reviewdesk-bench/pg-load`` (``REVIEWDESK_PG_DIR``), so the seeded database
(``load_<N>_s<seed>``, seeded once: minutes for 10^5 candidates) is reused by later runs — each run
serves a fresh copy of it (``<name>_run``), so no run inherits another's pushes. Then:

1. the server: ``reviewdesk-server serve --workers 2`` (``--workers``, ``--serve-args``) on that database;
2. a login storm: ``--storm`` accounts (unit reviewers and their counties/cities) log in,
   ``--login-concurrency`` at a time — argon2's cost at the default profile, as real accounts have; the
   workstations' own tokens are then written into the database as a login writes them (``issued_tokens``);
3. each unit's scope fetched once (cursor, records at the unit tier, images) into the Locust account file;
4. Locust steps (``benchmarks/load/locustfile.py``, headless, FastHttpUser; one operation per user per
   second in the mix of the locustfile): each step's users, statistics reset once all are started,
   server CPU/RSS, the generator's CPU and PostgreSQL's connections sampled every second;
5. the knee: the last step with no error where ≥ 90 % of the offered operations were done (and the
   latency knee: also the no-change sync's p99 ≤ 150 ms and pushes' p99 ≤ 1 s); every step runs, also
   past the knee (what overload looks like: 503 + Retry-After, never a 5xx or a timeout); then a soak at
   80 % of the knee for ``--soak-seconds``.

``--soak-users N`` runs only the soak; ``--cost sync,push,pull,scan,download,mix`` runs each request
kind alone instead of the ramp and prints the CPU per request of the server, PostgreSQL and Locust —
the figure other load on the machine distorts least.

The load generator runs on the same machine as the server and PostgreSQL and shares its cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import line as report
from load.driver import (
    KINDS,
    Server,
    StepResult,
    current_rules,
    fresh_copy,
    issued_tokens,
    login_all,
    peak_rss,
    prepare_accounts,
    run_step,
    seeded_database,
    serve,
    unit_accounts,
)

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(tempfile.gettempdir()) / "reviewdesk-bench"
#: What one province needs: ≈ 3,000 units syncing every 5 minutes.
PROVINCE_RPS = 3000 / 300
SYNC_P99_MS = 150.0
PUSH_P99_MS = 1000.0
GOAL_RPS = 300.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="a PostgreSQL server URL (its database name is ignored)")
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--serve-args", default="", help="more arguments for reviewdesk-server serve")
    parser.add_argument("--steps", default="50,100,200,300,400", help="users per step (ops/s offered)")
    parser.add_argument("--step-seconds", type=int, default=40)
    parser.add_argument("--soak-seconds", type=int, default=600, help="0: no soak")
    parser.add_argument("--login-concurrency", type=int, default=32)
    parser.add_argument("--storm", type=int, default=32, help="accounts in the login storm")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request is a timeout")
    parser.add_argument("--stop-at-knee", action="store_true", help="no step past the first one not held")
    parser.add_argument(
        "--cost",
        default="",
        help="instead of the ramp: CPU per request of each named kind run alone (sync,push,pull,scan,download; "
        "mix: all of them in the mix), --cost-users workstations for --cost-seconds each",
    )
    parser.add_argument(
        "--soak-users",
        type=int,
        default=0,
        help="no ramp: only the soak, with this many users (80 %% of a knee found before)",
    )
    parser.add_argument("--cost-users", type=int, default=60)
    parser.add_argument("--cost-seconds", type=int, default=30)
    return parser.parse_args(argv)


def under_postgres(argv: list[str]) -> int:
    """Runs this script again under scripts/with_postgres.sh with a kept cluster."""
    env = {**os.environ, "REVIEWDESK_PG_DIR": os.environ.get("REVIEWDESK_PG_DIR", str(BENCH_DIR / "pg-load"))}
    command = ["bash", str(ROOT / "scripts" / "with_postgres.sh"), sys.executable, __file__, *argv]
    return subprocess.run(command, env=env, check=False).returncode


def held(step: StepResult) -> bool:
    """The throughput knee's test: no error, and ≥ 90 % of the offered operations were done."""
    ops = step.total.rps / 1.1  # a push and a download are several requests: ~1.1 requests per operation
    return step.errors == 0 and ops >= 0.9 * step.users


def fast(step: StepResult) -> bool:
    """The latency knee's test: held, and the no-change sync's p99 ≤ 150 ms, pushes' p99 ≤ 1 s."""
    sync = step.kinds.get("sync (no change)")
    push = step.kinds.get("push (1-50 decisions)")
    return (
        held(step)
        and sync is not None
        and sync.p99 <= SYNC_P99_MS
        and (push is None or push.p99 <= PUSH_P99_MS)
    )


def print_step(step: StepResult, label: str) -> None:
    print(
        f"# {label} {step.users} users: {step.total.rps:.0f} req/s, p50/p95/p99 {step.total.p50:.0f}/"
        f"{step.total.p95:.0f}/{step.total.p99:.0f} ms, errors {step.errors} {step.failures or ''}, server CPU "
        f"{step.server_cpu:.0f} % RSS {step.server_rss_mb:.0f} MB, generator CPU {step.generator_cpu:.0f} %, "
        f"PG connections {step.pg_connections}, load {step.machine_load:.1f}; CPU per request: server "
        f"{step.server_cpu_ms_per_request:.1f} ms, PostgreSQL {step.pg_cpu_ms_per_request:.1f} ms, generator "
        f"{step.generator_cpu_ms_per_request:.1f} ms; waiting for a core (s/s): generator "
        f"{step.generator_cpu_wait:.2f}, server {step.server_cpu_wait:.2f}; the driver's own no-change sync "
        f"(not Locust) p50/p99 {step.probe_p50:.0f}/{step.probe_p99:.0f} ms",
        flush=True,
    )
    for kind in KINDS:
        stats = step.kinds.get(kind)
        if stats is not None:
            print(
                f"#   {kind:26} {stats.requests:7} req {stats.rps:6.1f}/s p50 {stats.p50:5.0f} p95 {stats.p95:5.0f} "
                f"p99 {stats.p99:5.0f} ms failures {stats.failures}",
                flush=True,
            )


def login_storm(server: Server, storm: list[str], concurrency: int) -> None:
    """``storm`` accounts logging in, ``concurrency`` at a time, at argon2's real cost."""
    with peak_rss(server) as login_rss:
        _storm_tokens, logins = login_all(server.url, storm, concurrency)
    print(
        f"# login storm: {len(storm)} accounts, {concurrency} at a time, {logins.wall:.1f} s "
        f"({len(storm) / logins.wall:.1f}/s); per request p50 {logins.percentile(0.5) * 1000:.0f} ms "
        f"p99 {logins.percentile(0.99) * 1000:.0f} ms; until logged in (retries included) p50 "
        f"{logins.percentile(0.5, True):.1f} s p99 {logins.percentile(0.99, True):.1f} s; answers other "
        f"than 200: {logins.failures or 'none'}; server peak RSS {login_rss[0]:.0f} MB",
        flush=True,
    )
    report("load_login_storm_rate", len(storm) / logins.wall, "logins/s", "-", None)
    report("load_login_storm_request_p99", logins.percentile(0.99) * 1000, "ms", "-", None)
    report("load_login_storm_server_peak_rss", login_rss[0], "MB", "-", None)
    refused = sum(n for status, n in logins.failures.items() if status not in ("503", "429"))
    report("load_login_storm_errors", refused, "requests", "0", refused == 0)


def print_cost(step: StepResult, kind: str) -> None:
    """CPU per request of one kind run alone: what load from other processes distorts little."""
    print(
        f"# cost {kind:9} {step.total.requests:6} req {step.total.rps:6.1f}/s errors {step.errors}; CPU per request: "
        f"server {step.server_cpu_ms_per_request:.2f} ms, PostgreSQL {step.pg_cpu_ms_per_request:.2f} ms, "
        f"generator {step.generator_cpu_ms_per_request:.2f} ms; p50/p99 {step.total.p50:.0f}/{step.total.p99:.0f} "
        f"ms; load {step.machine_load:.1f}",
        flush=True,
    )
    report(f"load_cost_{kind}_server_cpu_per_request", step.server_cpu_ms_per_request, "ms", "-", None)


def main(argv: list[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(raw)
    server_url = args.db or os.environ.get("REVIEWDESK_TEST_DB_URL")
    if not server_url:
        return under_postgres(raw)
    steps = [int(n) for n in args.steps.split(",")]
    costs = [kind for kind in args.cost.split(",") if kind]
    if costs:
        steps = [args.cost_users]
    elif args.soak_users:
        steps = [args.soak_users]
    blobs = BENCH_DIR / f"pg-load-blobs-{args.candidates}-s{args.seed}"
    db_url, seed_seconds = seeded_database(server_url, args.candidates, args.seed, blobs)
    if seed_seconds is not None:
        report("load_seed_seconds", seed_seconds, "s", "-", None)
    reflag_seconds = current_rules(db_url, blobs)
    if reflag_seconds is not None:
        report("load_seed_reflag_seconds", reflag_seconds, "s", "-", None)
    db_url = fresh_copy(db_url)
    accounts = unit_accounts(db_url, max(steps), args.seed)
    if len(accounts) < max(steps):
        print(f"# only {len(accounts)} unit accounts: steps above that share none", file=sys.stderr)
    out = Path(tempfile.mkdtemp(prefix="load-", dir=BENCH_DIR))
    with serve(db_url, blobs, args.workers, args.serve_args.split()) as server:
        usernames = [a.username for a in accounts] + [a.county for a in accounts]
        storm = sorted(set(usernames))[: 0 if costs else args.storm]
        if storm:
            login_storm(server, storm, args.login_concurrency)
        tokens = issued_tokens(db_url, usernames)
        accounts_file = out / "accounts.json"
        decidable = prepare_accounts(server.url, accounts, tokens, accounts_file)
        print(f"# {len(accounts)} unit accounts, {decidable} records at the unit tier to decide", flush=True)

        if costs:
            for kind in costs:
                tags = () if kind == "mix" else (kind,)
                step = run_step(
                    server, db_url, accounts_file, args.cost_users, args.cost_seconds, out, args.timeout, tags
                )
                print_cost(step, kind)
            return 0

        if args.soak_users:
            soak = run_step(
                server, db_url, accounts_file, args.soak_users, args.soak_seconds, out, args.timeout
            )
            print_step(soak, f"soak {args.soak_seconds} s:")
            report(f"load_soak_{args.soak_seconds}s_errors", soak.errors, "requests", "0", soak.errors == 0)
            report(f"load_soak_{args.soak_seconds}s_rps", soak.total.rps, "req/s", "-", None)
            return 0

        results: list[StepResult] = []
        knee: StepResult | None = None  # throughput knee: the last step held
        latency_knee: StepResult | None = None  # the last step held within the latency goals
        for users in steps:
            step = run_step(server, db_url, accounts_file, users, args.step_seconds, out, args.timeout)
            results.append(step)
            verdict = "within the latency goals" if fast(step) else "held" if held(step) else "past the knee"
            print_step(step, f"step ({verdict})")
            if held(step):
                knee = step
                if fast(step):
                    latency_knee = step
            elif args.stop_at_knee:
                break
        above = [s for s in results if knee is None or s.users > knee.users]
        soak = None
        if knee is not None and args.soak_seconds:
            soak_users = max(1, int(0.8 * knee.users))
            soak = run_step(server, db_url, accounts_file, soak_users, args.soak_seconds, out, args.timeout)
            print_step(soak, f"soak {args.soak_seconds} s at 80 % of the knee:")

    report("load_latency_knee_rps", latency_knee.total.rps if latency_knee else 0, "req/s", "-", None)
    if knee is None:
        report("load_knee_rps", 0, "req/s", f"≥{GOAL_RPS:.0f}", False)
        return 0
    sync = knee.kinds["sync (no change)"]
    push = knee.kinds.get("push (1-50 decisions)")
    report("load_knee_rps", knee.total.rps, "req/s", f"≥{GOAL_RPS:.0f}", knee.total.rps >= GOAL_RPS)
    report("load_knee_users", knee.users, "workstations", "-", None)
    report("load_knee_sync_p99", sync.p99, "ms", f"≤{SYNC_P99_MS:.0f}", sync.p99 <= SYNC_P99_MS)
    # the same request timed by the driver instead of Locust (see driver.Probe): the server's share
    report(
        "load_knee_sync_p99_probe", knee.probe_p99, "ms", f"≤{SYNC_P99_MS:.0f}", knee.probe_p99 <= SYNC_P99_MS
    )
    if push is not None:
        report("load_knee_push_p99", push.p99, "ms", f"≤{PUSH_P99_MS:.0f}", push.p99 <= PUSH_P99_MS)
    report("load_knee_errors", knee.errors, "requests", "0", knee.errors == 0)
    report("load_province_margin", knee.total.rps / PROVINCE_RPS, "x", "-", None)
    report("load_knee_server_cpu", knee.server_cpu, "%cpu", "-", None)
    report("load_knee_server_cpu_per_request", knee.server_cpu_ms_per_request, "ms", "-", None)
    report("load_knee_pg_cpu_per_request", knee.pg_cpu_ms_per_request, "ms", "-", None)
    report("load_knee_server_rss", knee.server_rss_mb, "MB", "-", None)
    report("load_knee_pg_connections", knee.pg_connections, "connections", "-", None)
    # Locust names a failure after its exception: CatchResponseError('overload 503 retry-after=yes')
    bad = sum(count for s in above for name, count in s.failures.items() if "overload" not in name)
    no_retry = sum(count for s in above for name, count in s.failures.items() if "retry-after=no" in name)
    if above:
        report("load_above_knee_5xx_or_timeouts", bad + no_retry, "requests", "0", bad + no_retry == 0)
    if soak is not None:
        report(f"load_soak_{args.soak_seconds}s_errors", soak.errors, "requests", "0", soak.errors == 0)
        report(f"load_soak_{args.soak_seconds}s_rps", soak.total.rps, "req/s", "-", None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
