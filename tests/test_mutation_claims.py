"""The mutation harness's workers share a target without running a mutant twice
(``benchmarks/mutation_fast.py``'s ``Claims``, ``mutation.py engine --fast --workers N``).

Before the claims, each worker skipped the mutants that had a verdict, but a verdict is written only when
its mutant is done: on a resume both workers skipped the mutants already run, reached the same first one
not run, ran it side by side and went on in step (the engine's verdicts file held 80 mutants twice).
Here real processes race over one list, as the workers do.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from mutation_fast import Claims

NAMES = [f"reviewdesk.sync.engine.xǁSyncEngineǁ_settle__mutmut_{n}" for n in range(1, 41)]


def _work(folder: Path, verdicts: Path, start: int) -> None:
    """One worker: every mutant of the list it can claim, each "run" for a few milliseconds."""
    claims = Claims(folder, verdicts)
    for mutant in NAMES[start:] + NAMES[:start]:
        if not claims.take(mutant):
            continue
        time.sleep(0.005)
        with open(verdicts, "a", encoding="utf-8") as out:
            out.write(json.dumps({"mutant": mutant, "verdict": "killed", "pid": os.getpid()}) + "\n")


def test_workers_racing_over_one_list_run_each_mutant_once(tmp_path: Path) -> None:
    """Three workers, two of them starting at the same mutant (a resume): each of the 40 runs once."""
    verdicts = tmp_path / "fast-verdicts.jsonl"
    verdicts.write_text(json.dumps({"mutant": NAMES[0], "verdict": "survived"}) + "\n", encoding="utf-8")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_work, args=(tmp_path / "claims", verdicts, s)) for s in (1, 1, 20)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]

    rows = [json.loads(line) for line in verdicts.read_text(encoding="utf-8").splitlines()]
    assert sorted(row["mutant"] for row in rows) == sorted(NAMES)  # the one run before stays its only row
    assert len({row["pid"] for row in rows[1:]}) >= 2  # the work was shared


def test_a_claim_of_a_worker_gone_is_taken_over_and_a_live_one_is_not(tmp_path: Path) -> None:
    """A worker restarted after a timeout leaves its claims: the mutants it did not finish go to the next
    worker. A claim of a worker still running (here: this test's parent process) is left alone."""
    verdicts = tmp_path / "fast-verdicts.jsonl"
    context = multiprocessing.get_context("fork")
    gone = context.Process(target=_work, args=(tmp_path / "other", tmp_path / "other.jsonl", 0))
    gone.start()
    gone_identity = Claims.identity(gone.pid or 0)
    gone.join(60)
    assert gone_identity  # read while it ran
    folder = tmp_path / "claims"
    folder.mkdir()
    stale, held = NAMES[:2]
    (folder / stale.rpartition(".")[2]).write_text(gone_identity, encoding="utf-8")
    (folder / held.rpartition(".")[2]).write_text(Claims.identity(os.getppid()), encoding="utf-8")

    claims = Claims(folder, verdicts)

    assert claims.take(stale)
    assert not claims.take(held)
    assert claims.take(NAMES[2]) and claims.take(NAMES[2])  # its own claim again (a retry): still its own
    verdicts.write_text(json.dumps({"mutant": NAMES[3], "verdict": "killed"}) + "\n", encoding="utf-8")
    assert not claims.take(NAMES[3])  # it has a verdict
