"""Soak the sync protocol: the test suite's state machine (``tests/sync/sync_machine.py``) for tens of
thousands of steps, then optionally many SIGKILL rounds of a deciding, syncing workstation.

    python3 benchmarks/sync_soak.py                         # 400 examples x 100 steps ≈ 40,000 steps
    python3 benchmarks/sync_soak.py --examples 50 --steps 50 --kills 100
    python3 benchmarks/sync_soak.py --seed 7                # another random stream, reproducible

Every step checks the invariants (nothing lost, nothing applied twice, no stale decision, 核验 or 材料上报
applied, nothing undone sent, no conflict without another actor, conflicts visible and stores converged
after each clean sync); a failure is shrunk and printed with its steps. Ends with ``name value unit goal
PASS|MISS`` lines, what the runs did (answers by kind, crash points by name) and which of the kinds the
test's fixed tour reaches on purpose the random steps never reached.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "sync"))

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from sync_machine import SyncMachine
from sync_world import World, stop
from test_sync_machine import REQUIRED

from _report import line as report_line

line = partial(report_line, fmt=".0f")  # benchmarks/_report.py: the one figure format


def run_kills(world: World, scratch: Path, rounds: int) -> None:
    """The kill test's loop for ``rounds`` rounds (tests/sync/test_sync_kill.py)."""
    import test_sync_kill as kill

    server = world.start(scratch / "kill-server")
    try:
        original = kill.KILLS
        kill.KILLS = rounds
        (scratch / "kill").mkdir(exist_ok=True)
        try:
            kill.test_sigkill_at_random_points_loses_nothing(world, server, scratch / "kill")
        finally:
            kill.KILLS = original
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=400)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--kills", type=int, default=0, help="SIGKILL rounds after the state machine")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (reproducible runs)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reviewdesk-sync-soak-") as tmp:
        scratch = Path(tmp)
        world = World.build(scratch / "world")
        started = time.perf_counter()
        failure: BaseException | None = None
        config = settings(
            max_examples=args.examples,
            stateful_step_count=args.steps,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        try:
            if args.seed is not None:
                from hypothesis import seed

                seed(args.seed)(
                    lambda: run_state_machine_as_test(SyncMachine.configured(world, scratch), settings=config)
                )()
            else:
                run_state_machine_as_test(SyncMachine.configured(world, scratch), settings=config)
        except BaseException as error:  # report, then fail the run
            failure = error
            print(f"FAILED: {error!r}", flush=True)
        seconds = time.perf_counter() - started
        stats = SyncMachine.stats
        for key in sorted(stats):
            print(f"# {key}: {stats[key]}")
        line("soak_steps", stats["steps checked"], "steps", ">=10000", stats["steps checked"] >= 10_000)
        # the kinds the test's fixed tour reaches on purpose, reached here by the random steps?
        unreached = sorted(kind for kind in REQUIRED if not stats[kind])
        print(f"# kinds never reached by the random steps: {', '.join(unreached) or 'none'}")
        line("soak_kinds_reached", len(REQUIRED) - len(unreached), "kinds", f"of {len(REQUIRED)}", None)
        line("soak_seconds", seconds, "s", "(information)", None)
        line("soak_invariant_failures", 0 if failure is None else 1, "failures", "==0", failure is None)
        if args.kills and failure is None:
            started = time.perf_counter()
            try:
                run_kills(world, scratch, args.kills)
                line("kill_rounds", args.kills, "rounds", "all_consistent", True)
            except AssertionError as error:
                print(f"FAILED: {error}", flush=True)
                line("kill_rounds", args.kills, "rounds", "all_consistent", False)
                failure = error
            line("kill_seconds", time.perf_counter() - started, "s", "(information)", None)
        if failure is not None:
            sys.exit(1)


if __name__ == "__main__":
    main()
