"""A workstation that decides and syncs forever, to be SIGKILLed at random points by
``test_sync_kill.py`` (and ``benchmarks/sync_soak.py --kills``).

Every action id is written to the journal (fsynced) only after ``Workspace.decide`` returned, i.e. after
the store confirmed it: those are the decisions the reviewer saw as saved, which must survive any kill.
Each progress callback and store step appends a tick, so the killer can aim at every phase of a sync.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

from reviewdesk.domain.enums import Outcome
from reviewdesk.store import outbox
from reviewdesk.sync.client import ApiClient
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import connect


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--journal", type=Path, required=True)
    parser.add_argument("--ticks", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    ticks = open(args.ticks, "a", buffering=1)  # noqa: SIM115 - lives as long as the process

    def tick(what: str) -> None:
        ticks.write(what + "\n")

    client = ApiClient(args.server, retries=1, sleep=lambda _s: None)
    workspace, client = connect(args.server, args.user, args.password, args.data_dir, client=client)
    engine = SyncEngine(workspace, client)
    tick("connected")
    with open(args.journal, "a", buffering=1) as journal:
        while True:
            held = sorted(workspace.record_ids())
            if held:
                chosen = rng.sample(held, k=min(len(held), rng.randint(1, 4)))
                outcome = rng.choice([Outcome.PASS, Outcome.HOLD])
                before = {e.action_id for e in outbox.pending(workspace)}
                workspace.decide(chosen, outcome, "" if outcome is Outcome.PASS else "图片不清晰")
                confirmed = [e.action_id for e in outbox.pending(workspace) if e.action_id not in before]
                if confirmed:
                    journal.write("".join(f"{a}\n" for a in confirmed))
                    journal.flush()
                    os.fsync(journal.fileno())
                tick("decided")
            report = engine.sync(
                progress=lambda phase, done, total: tick(f"{phase} {done}/{total}"), blobs=rng.random() < 0.3
            )
            tick(f"synced {report.error or 'ok'}")


if __name__ == "__main__":
    sys.exit(main())
