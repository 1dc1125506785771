"""The mutation harness's workers share a target without running a mutant twice
(``benchmarks/mutation_fast.py``'s ``Claims``, ``mutation.py engine --fast --workers N``).

Before the claims, each worker skipped the mutants that had a verdict, but a verdict is written only when
its mutant is done: on a resume both workers skipped the mutants already run, reached the same first one
not run, ran it side by side and went on in step (the engine's verdicts file held 80 mutants twice).
Here real processes race over one list, as the workers do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from mutation_fast import Claims

NAMES = [f"reviewdesk.sync.engine.xǁSyncEngineǁ_settle__mutmut_{n}" for n in range(1, 41)]

#: one worker in a process of its own: every mutant of the list it can claim, each "run" for a few
#: milliseconds, once every worker is ready (argv: the benchmarks folder, the claims folder, the verdicts
#: file, where in the list it starts, the list as JSON)
WORKER = """
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from mutation_fast import Claims
folder, verdicts, start, names = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), json.loads(sys.argv[5])
claims = Claims(folder, verdicts)
(verdicts.parent / f"ready-{os.getpid()}").touch()
while not (verdicts.parent / "go").exists():  # all workers start together
    time.sleep(0.005)
for mutant in names[start:] + names[:start]:
    if not claims.take(mutant):
        continue
    time.sleep(0.005)
    with open(verdicts, "a", encoding="utf-8") as out:
        out.write(json.dumps({"mutant": mutant, "verdict": "killed", "pid": os.getpid()}) + "\\n")
"""


def _worker(folder: Path, verdicts: Path, start: int) -> subprocess.Popen[bytes]:
    benchmarks = str(Path(__file__).resolve().parents[1] / "benchmarks")
    arguments = [benchmarks, str(folder), str(verdicts), str(start), json.dumps(NAMES)]
    return subprocess.Popen([sys.executable, "-c", WORKER, *arguments])


def test_workers_racing_over_one_list_run_each_mutant_once(tmp_path: Path) -> None:
    """Three workers, two of them starting at the same mutant (a resume): each of the 40 runs once."""
    verdicts = tmp_path / "fast-verdicts.jsonl"
    verdicts.write_text(json.dumps({"mutant": NAMES[0], "verdict": "survived"}) + "\n", encoding="utf-8")
    workers = [_worker(tmp_path / "claims", verdicts, start) for start in (1, 1, 20)]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    (tmp_path / "go").touch()
    assert [worker.wait(60) for worker in workers] == [0, 0, 0]

    rows = [json.loads(line) for line in verdicts.read_text(encoding="utf-8").splitlines()]
    assert sorted(row["mutant"] for row in rows) == sorted(NAMES)  # the one run before stays its only row
    assert len({row["pid"] for row in rows[1:]}) >= 2  # the work was shared


def test_a_claim_of_a_worker_gone_is_taken_over_and_a_live_one_is_not(tmp_path: Path) -> None:
    """A worker restarted after a timeout leaves its claims: the mutants it did not finish go to the next
    worker. A claim of a worker still running (here: this test's parent process) is left alone."""
    verdicts = tmp_path / "fast-verdicts.jsonl"
    gone = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    gone_identity = Claims.identity(gone.pid)
    gone.communicate(b"", timeout=60)  # it ends
    assert gone_identity and gone.returncode == 0  # read while it ran
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
