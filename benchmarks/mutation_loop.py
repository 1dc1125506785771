"""One pytest session that runs many mutants (``mutation.py --fast`` and ``--recheck``'s worker).

Why: mutmut starts a pytest run per mutant — it collects the tests again, rebuilds every fixture, and
runs the tests that reach the mutated function in no particular order, so a mutant of a function that
every test reaches (the index planner's ``conditions``, the sort orders) pays for the whole selection
even when the first cheap test would kill it. Here the tests are collected once; then for each mutant
the active mutant is switched (mutmut's trampoline reads ``MUTANT_UNDER_TEST`` at every call) and only
its tests run, **fastest first, stopping at the first failure**; fixtures are torn down after each
mutant (a fixture built with one mutant active must not serve the next), memo caches are emptied
(a memo warmed by one run would hide the next mutant), except the drawn test images a test module
names in ``KEEP_ACROSS_MUTANTS`` (made by code not under mutation): they stay warm all session.

    cd build/mutation/<target>/mutants && PYTHONPATH=src python mutation_loop.py PLAN OUT -- PYTEST_ARGS…

``PLAN`` is JSON: ``{"mutants": [[name, [node ids, fastest first] or null], …]}`` (null: every test
collected from ``PYTEST_ARGS``, in file order). Writes ``<mutant>: <code>`` per line to ``OUT`` as it
goes: 0 the mutant survived its tests, 1 a test failed (killed), -1 still running after its limit of
CPU time (counted as killed, as mutmut counts a timeout), 5 none of its tests was collected. A mutant
could leave module state broken for the ones after it, so every ``CLEAN_EVERY`` mutants and at the
end the unmutated code runs the tests of those mutants: if that fails, their verdicts are dropped. After
a timeout or such a failure the worker exits with ``RESTART``: a fresh one goes on, skipping the
mutants ``OUT`` already has (``mutation.py`` restarts it).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _pytest.runner import runtestprotocol

#: CPU seconds a mutant may take beyond ``SLOWDOWN`` times its tests' unmutated duration (mutmut's
#: figure: wall time of a niced run, several times their CPU time on a loaded machine). A target whose
#: tests take a second or two of CPU sets lower ones (``MUTATION_LIMIT``, ``MUTATION_SLOWDOWN``): a
#: mutant that loops forever then costs seconds, not minutes, of the few per cent of a core it gets
LIMIT = float(os.environ.get("MUTATION_LIMIT", "60"))
SLOWDOWN = float(os.environ.get("MUTATION_SLOWDOWN", "10"))
CLEAN_EVERY = 20
#: exit code: start a fresh worker to go on (it skips the mutants ``OUT`` already has)
RESTART = 75


class _TooLong(BaseException):
    pass


_timed_out = False


def _stop(_signum: int, _frame: Any) -> None:
    global _timed_out
    _timed_out = True
    raise _TooLong


def _empty_memos() -> None:
    """Clear every ``functools`` memo of the code under test and of the tests (a test module's memo of
    a result of the code under test, like ``test_scan_reuse.report``, would hide the next mutant),
    except the memos a test module names in ``KEEP_ACROSS_MUTANTS``: drawn test inputs made by code
    that is not mutated (the scan images), kept for the whole session."""
    tests = str(Path.cwd() / "tests")
    for name, module in list(sys.modules.items()):
        where = getattr(module, "__file__", None) or ""
        if module is None or not (name.startswith("reviewdesk") or where.startswith(tests)):
            continue
        keep = set(getattr(module, "KEEP_ACROSS_MUTANTS", ()))
        for key, value in list(vars(module).items()):
            if key in keep:
                continue
            members = vars(value).values() if isinstance(value, type) else (value,)
            for member in members:
                clear = getattr(member, "cache_clear", None)
                if callable(clear):
                    clear()


class MutantLoop:
    """A pytest plugin that replaces the run loop: one pass per mutant over its tests."""

    def __init__(self, plan: list[tuple[str, list[str] | None]], out_file: Path, durations: dict[str, float]):
        self.plan = plan
        self.out_file = out_file
        self.durations = durations
        #: set when this worker must stop and a fresh one go on (a hang, or state a mutant broke)
        self.restart = False

    def _run(self, session: pytest.Session, mutant: str, items: list[pytest.Item]) -> int:
        global _timed_out
        _timed_out = False
        os.environ["MUTANT_UNDER_TEST"] = mutant
        _empty_memos()
        # CPU seconds, not wall: on a machine shared by a dozen jobs a niced run gets a few percent of a
        # core, and a wall-clock limit took a slow mutant for a hang
        budget = LIMIT + SLOWDOWN * sum(self.durations.get(item.nodeid, 1.0) for item in items)
        signal.setitimer(signal.ITIMER_VIRTUAL, budget)
        code = 0
        try:
            for k, item in enumerate(items):
                after = items[k + 1] if k + 1 < len(items) else None
                reports = runtestprotocol(item, log=False, nextitem=after)
                if _timed_out:
                    code = -1  # the time limit struck inside a test (pytest reports it as its failure)
                    break
                if any(report.failed for report in reports):
                    code = 1
                    break
        except _TooLong:
            code = -1
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            try:
                session._setupstate.teardown_exact(None)  # type: ignore[attr-defined]
            except BaseException:  # a teardown the limit cut: this worker's state is not to be trusted
                code, self.restart = (-1 if code == -1 else code), True
            os.environ["MUTANT_UNDER_TEST"] = ""
        if code == -1:
            self.restart = True  # a mutant stopped mid-test may leave state behind: a fresh worker goes on
        return code

    def _done(self) -> set[str]:
        if not self.out_file.exists():
            return set()
        return {line.partition(":")[0] for line in self.out_file.read_text(encoding="utf-8").splitlines()}

    def _drop(self, mutants: list[str]) -> None:
        """Forget these verdicts (the clean run after them failed): a fresh worker redoes them."""
        lines = self.out_file.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if line.partition(":")[0] not in set(mutants)]
        self.out_file.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        by_id = {item.nodeid: item for item in session.items}
        done = self._done()
        todo = [(mutant, tests) for mutant, tests in self.plan if mutant not in done]
        since_clean: dict[str, pytest.Item] = {}
        judged: list[str] = []
        for k, (mutant, tests) in enumerate(todo, start=1):
            items = list(session.items) if tests is None else [by_id[t] for t in tests if t in by_id]
            cpu, wall = time.process_time(), time.monotonic()
            code = self._run(session, mutant, items) if items else 5
            cpu, wall = time.process_time() - cpu, time.monotonic() - wall
            with open(self.out_file, "a", encoding="utf-8") as out:
                out.write(f"{mutant}: {code}  # {len(items)} tests, {cpu:.2f} s CPU, {wall:.2f} s\n")
            if self.restart:
                return True
            judged.append(mutant)
            since_clean.update((item.nodeid, item) for item in items)
            if k % CLEAN_EVERY == 0 or k == len(todo):
                ordered = sorted(since_clean.values(), key=lambda item: self.durations.get(item.nodeid, 1.0))
                clean = self._run(session, "", ordered)
                with open(self.out_file, "a", encoding="utf-8") as out:
                    out.write(f"clean: {clean}\n")
                if clean != 0:
                    self._drop(judged)
                    self.restart = True
                    return True
                since_clean.clear()
                judged.clear()
        return True


def main() -> None:
    plan_file, out_file, separator, *pytest_args = sys.argv[1:]
    assert separator == "--", "usage: mutation_loop.py PLAN OUT -- PYTEST_ARGS…"
    signal.signal(signal.SIGVTALRM, _stop)
    plan = json.loads(Path(plan_file).read_text(encoding="utf-8"))
    loop = MutantLoop(
        [(name, tests) for name, tests in plan["mutants"]], Path(out_file), plan.get("durations", {})
    )
    # --tb=line: a full traceback of a killed mutant's failure (assertion diffs of long values) took
    # ~1 s of CPU where the test itself took 20 ms; only the verdict is kept
    args = ["-q", "--tb=line", "-p", "no:cacheprovider", "-p", "no:randomly", *pytest_args]
    code = int(pytest.main(args, plugins=[loop]))
    sys.exit(RESTART if loop.restart else code)


if __name__ == "__main__":
    main()
