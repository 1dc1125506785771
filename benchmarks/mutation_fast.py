"""Every mutant of a slow target in one interpreter (``mutation.py <target> --fast``'s worker).

Why: a mutant of ``sync/engine.py`` costs every real-server test with mutmut's own loop (a forked
process per mutant, each test module seeding its world again, every test of the selection for a
survivor): minutes a mutant. The engine is client code and the server it talks to is not mutated, so:

* **One map, computed once.** The unmutated code runs the whole selection with a profiler that notes
  which mutated function each test reaches (in any thread: the engine's pools and the server's) and how
  long the test takes. A mutant then runs only the tests that reach its function — first those that
  killed other mutants of that function, then the rest fastest first — and stops at the first failure
  (``-x``).
* **One interpreter.** mutmut's trampoline reads ``MUTANT_UNDER_TEST`` at every call, so the mutant is
  switched on per pytest run: imports, the seeded template and each test module's world (``World.build``:
  a seeded server and a dozen records gathered over HTTP — none of it engine code) are paid once.
* **One server kept alive** (``--reuse-servers``): ``World.start`` without special settings hands out the
  same real server on 127.0.0.1, its database put back to the world's pristine copy first (SQLite's
  backup API into the live file, a fresh ``server_id``, as a new copy gets). A test's ``stop()`` gives it
  back; a second server wanted while it is lent out (a test of two servers) is started as before.
* **Honest timeouts.** Each test gets ``max(MIN_LIMIT, FACTOR × its clean time)``; a test past it is
  stopped and the mutant is only *provisionally* timed out. The worker then exits (a stuck mutant may
  leave threads behind) and the driver starts a fresh one. Provisional timeouts are run again at the end,
  alone and with ten times the limit: only a mutant that hangs again counts as killed by a timeout; one
  that finishes gets the verdict of its tests.
* **Clean checks.** Every ``CLEAN_EVERY`` verdicts the unmutated code runs the tests that killed mutants
  since the last check; if one fails, those verdicts are dropped and a fresh worker redoes them.
* **Workers share by claims** (``--part``): a worker runs a mutant only after claiming it
  (:class:`Claims`), so two workers never run the same one. Before, each re-read the verdicts before
  a mutant, but a verdict is written only when the mutant is done: two workers that reached the same
  mutant (on a resume, every mutant before the first not run was skipped by both) ran it side by side
  and went on in step — each mutant twice, half the throughput.

    cd build/mutation/<target>/mutants && PYTHONPATH=src python mutation_fast.py \\
        --source src/reviewdesk/sync/engine.py --names NAMES --out VERDICTS --map MAP [--reuse-servers] \\
        [--retry-timeouts] -- PYTEST_ARGS…

``VERDICTS`` gets one JSON object a line (``mutant``, ``verdict``: killed / survived / no tests /
timeout? / timeout / error, ``test``: the test that failed, ``tests``: how many ran, ``seconds``);
a worker resumes after the last line. Exit code 75: start a fresh worker to continue.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import signal
import sqlite3
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

RESTART = 75
MIN_LIMIT = 30.0
FACTOR = 10.0
CLEAN_EVERY = 25
ORIG = "__mutmut_orig"


class _TooLong(BaseException):
    """Raised in the main thread when a test overran its limit (a BaseException: no test catches it)."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    signal.setitimer(signal.ITIMER_REAL, 5.0)  # again until the test is over: a stuck cleanup is cut too
    raise _TooLong


def function_of(mutant: str) -> str:
    """``pkg.mod.xǁClassǁmethod__mutmut_12`` → ``xǁClassǁmethod`` (the key the map uses)."""
    return mutant.rpartition(".")[2].rpartition("__mutmut_")[0]


class Claims:
    """Which worker runs which mutant: one file per claimed mutant in ``folder``, holding its worker's
    pid and start time, written under a lock shared by the workers (``flock`` on ``folder/.lock``).

    A mutant is taken only if it has no verdict yet and no live worker claimed it. Claims are never
    removed: a finished mutant is skipped for its verdict, and a worker that exits (a restart after a
    provisional timeout or a failed clean check, a stopped run) leaves claims that are stale — the
    process is gone — so the mutants it did not finish are taken over by the next worker.
    """

    def __init__(self, folder: Path, verdicts: Path) -> None:
        self.folder = folder
        self.verdicts = verdicts
        folder.mkdir(parents=True, exist_ok=True)
        self.me = self.identity(os.getpid())

    @staticmethod
    def identity(pid: int) -> str:
        """``pid start-time``: a pid alone may be reused by an unrelated process after its worker exits."""
        try:
            fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rpartition(")")[2].split()
        except OSError:
            return ""
        return f"{pid} {fields[19]}"  # field 22 of proc(5): the process's start time in clock ticks

    def _file(self, mutant: str) -> Path:
        return self.folder / mutant.rpartition(".")[2]

    def take(self, mutant: str) -> bool:
        """Claim ``mutant`` for this worker: False if it has a verdict or a live worker holds it."""
        with open(self.folder / ".lock", "a", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
            if mutant in Worker.verdicts(self.verdicts):
                return False
            claim = self._file(mutant)
            holder = claim.read_text(encoding="utf-8") if claim.exists() else ""
            if holder and holder != self.me and holder == self.identity(int(holder.split()[0])):
                return False
            claim.write_text(self.me, encoding="utf-8")
            return True


class Watch:
    """A pytest plugin: per test its time, whether it failed or overran, and (mapping) what it reached."""

    def __init__(self, source: Path, limits: dict[str, float] | None, factor: float) -> None:
        self.source = str(source.resolve())
        self.limits = limits or {}
        self.factor = factor
        self.current = ""
        self.seconds: dict[str, float] = {}
        self.reached: dict[str, set[str]] = {}
        self.failed: list[str] = []
        self.timed_out: str | None = None

    def _profile(self, frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call":
            code = frame.f_code
            if code.co_name.endswith(ORIG) and code.co_filename == self.source:
                self.reached.setdefault(self.current, set()).add(code.co_name[: -len(ORIG)])

    def mapping(self) -> Iterator[None]:
        sys.setprofile(self._profile)
        threading.setprofile(self._profile)
        try:
            yield
        finally:
            sys.setprofile(None)
            threading.setprofile(None)  # type: ignore[arg-type]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
        self.current = item.nodeid
        limit = max(MIN_LIMIT, self.factor * self.limits.get(item.nodeid, MIN_LIMIT))
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
        if call.excinfo is not None and call.excinfo.errisinstance(_TooLong):
            self.timed_out = self.timed_out or item.nodeid
        yield

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration
        if report.failed and report.nodeid not in self.failed:
            self.failed.append(report.nodeid)


class ServerPool:
    """``World.build`` once per world, ``World.start`` (default settings) one live server per world."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.worlds: dict[int, Any] = {}
        self.servers: dict[Path, Any] = {}
        self.lent: set[Path] = set()
        #: a test body that stops its server wants it gone (offline tests); a fixture's stop is cleanup
        self.in_call = False

    def install(self) -> None:
        module = sys.modules.get("sync_world")
        if module is None or getattr(module, "_mutation_pool", None) is self:
            return
        module._mutation_pool = self  # type: ignore[attr-defined]
        world_class = module.World
        build, start, pool = world_class.build.__func__, world_class.start, self

        def pooled_build(cls: type, root: Path, gather: int = 12) -> Any:
            if gather not in pool.worlds:
                folder = pool.root / f"world-{gather}"
                shutil.rmtree(folder, ignore_errors=True)  # a build cut off earlier left part of its seed
                pool.worlds[gather] = build(cls, folder, gather)
            return pool.worlds[gather]

        def pooled_start(world: Any, directory: Path, blob_dir: Path | None = None, **settings: Any) -> Any:
            if blob_dir is not None or settings or world.template_db in pool.lent:
                return start(world, directory, blob_dir, **settings)
            return pool.lend(world, start)

        world_class.build = classmethod(pooled_build)
        world_class.start = pooled_start
        # the sync tests' one world, built now (at collection), not inside the first test's time limit: a
        # worker starved of CPU took over 300 s to seed it, and the tests that timed out building it were
        # counted as kills
        world_class.build(self.root)

    def lend(self, world: Any, start: Callable[..., Any]) -> Any:
        from reviewdesk.server.testing import SeededServer

        key = world.template_db
        running = self.servers.get(key)
        if running is None:
            running = start(world, self.root / f"server-{len(self.servers)}")
            self.servers[key] = running
        else:
            database = Path(running.db_url.removeprefix("sqlite:///"))
            with closing(sqlite3.connect(key)) as source, closing(sqlite3.connect(database)) as target:
                source.backup(target)
                target.execute("UPDATE server_meta SET server_id = ?", (str(uuid.uuid4()),))
                target.commit()
            if not running.server.running:
                running.server.start()
        self.lent.add(key)
        lease = _Lease(running.server, lambda: self.lent.discard(key), self)
        return SeededServer(
            lease, running.db_url, running.blob_dir, running.accounts, running.data, running._database
        )


class _Lease:
    """The pooled EmbeddedServer as one test sees it: ``stop()`` gives it back (it keeps serving)."""

    def __init__(self, server: Any, release: Callable[[], None], pool: ServerPool) -> None:
        self._server = server
        self._release = release
        self._pool = pool

    def stop(self, *, graceful: bool = True) -> None:
        if self._pool.in_call:  # the test takes its server away: really stopped, started again when lent
            self._server.stop(graceful=graceful)
        self._release()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._server, name)


class Worker:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.pool = ServerPool(Path(args.scratch)) if args.reuse_servers else None
        self.factor = FACTOR * (10 if args.retry_timeouts else 1)

    def pytest(
        self, tests: list[str], mutant: str, limits: dict[str, float] | None, mapping: bool = False
    ) -> tuple[int, Watch]:
        os.environ["MUTANT_UNDER_TEST"] = mutant
        watch = Watch(Path(self.args.source), limits, self.factor)
        plugins: list[Any] = [watch]
        if self.pool is not None:
            plugins.append(_Installer(self.pool))
        # no pytest-timeout: the limits here are the worker's own (a test past pytest-timeout's fixed 300 s
        # on a starved worker failed, and a failure counts as a kill); a hang is a provisional timeout
        argv = ["-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:timeout"]
        argv += [*self.args.pytest_args] if mapping else ["-x", *tests]
        if mapping:
            profiling = watch.mapping()
            next(profiling)
        try:
            code = int(pytest.main(argv, plugins=plugins))
        except _TooLong:
            code = 1
            watch.timed_out = watch.timed_out or watch.current
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if mapping:
                next(profiling, None)
            os.environ["MUTANT_UNDER_TEST"] = ""
        return code, watch

    def build_map(self) -> dict[str, Any]:
        path = Path(self.args.map)
        if path.exists() and not self.args.extend_map:
            return json.loads(path.read_text(encoding="utf-8"))
        started = time.monotonic()
        code, watch = self.pytest([], "", None, mapping=True)
        if code != 0:
            sys.exit(f"the unmutated code fails its tests (exit {code}): {watch.failed[:5]}")
        if not any(watch.reached.values()):
            sys.exit(f"no test reached {self.args.source}: are the mutants imported (PYTHONPATH=src)?")
        tests = {
            test: {"seconds": round(seconds, 3), "functions": sorted(watch.reached.get(test, ()))}
            for test, seconds in watch.seconds.items()
        }
        mapped = {"tests": tests, "seconds": round(time.monotonic() - started, 1)}
        if self.args.extend_map and path.exists():  # tests added during a run: mapped alone, merged in
            before = json.loads(path.read_text(encoding="utf-8"))
            files = {arg.partition("::")[0] for arg in self.args.pytest_args}
            kept = {t: i for t, i in before["tests"].items() if t.partition("::")[0] not in files}
            mapped = {"tests": {**kept, **tests}, "seconds": before["seconds"] + mapped["seconds"]}
        path.write_text(json.dumps(mapped, ensure_ascii=False, indent=1), encoding="utf-8")
        return mapped

    def run(self) -> int:
        signal.signal(signal.SIGALRM, _alarm)
        mapped = self.build_map()
        tests: dict[str, dict[str, Any]] = mapped["tests"]
        limits = {test: info["seconds"] for test, info in tests.items()}
        names = Path(self.args.names).read_text(encoding="utf-8").split()
        # cheapest first: a survivor costs every test that reaches its function, so the functions few
        # tests reach are done (and their survivors known) before the ones every sync passes through
        cost = {
            f: sum(i["seconds"] for i in tests.values() if f in i["functions"])
            for f in map(function_of, names)
        }
        names.sort(key=lambda m: (cost[function_of(m)], m))
        out = Path(self.args.out)
        done = self.verdicts(out)
        names = [m for m in names if m not in done]  # a resume: the workers start apart among the rest
        part, parts = map(int, self.args.part.split("/"))
        start = part * len(names) // parts
        names = names[start:] + names[:start]  # workers of one run start apart and meet
        claims = Claims(out.with_suffix(".claims"), out)
        since_clean: list[dict[str, Any]] = []
        for mutant in names:
            if not claims.take(mutant):  # done, or being run by another worker
                continue
            verdicts = self.verdicts(out)
            function = function_of(mutant)
            # the tests that killed this function's other mutants first (most kills first), then the files
            # written for its survivors (--prefer), then the others fastest first: a function's mutants
            # mostly fall to the same few tests
            kills = Counter(
                v["test"] for v in verdicts.values() if v.get("test") and function_of(v["mutant"]) == function
            )
            chosen = sorted(
                (t for t, info in tests.items() if function in info["functions"]),
                key=lambda t: (-kills[t], t.partition("::")[0] not in self.args.prefer, limits[t], t),
            )
            started = time.monotonic()
            if not chosen:
                verdict: dict[str, Any] = {"mutant": mutant, "verdict": "no tests", "tests": 0}
            else:
                code, watch = self.pytest(chosen, mutant, limits)
                if watch.timed_out is not None:
                    kind = "timeout" if self.args.retry_timeouts else "timeout?"
                    verdict = {"mutant": mutant, "verdict": kind, "test": watch.timed_out}
                elif code == 0:
                    verdict = {"mutant": mutant, "verdict": "survived"}
                elif code == 1 and watch.failed:
                    verdict = {"mutant": mutant, "verdict": "killed", "test": watch.failed[0]}
                else:
                    verdict = {"mutant": mutant, "verdict": "error", "code": code}
                verdict["tests"] = len(watch.seconds)
            verdict["seconds"] = round(time.monotonic() - started, 2)
            with open(out, "a", encoding="utf-8") as stream:
                stream.write(json.dumps(verdict, ensure_ascii=False) + "\n")
            if verdict["verdict"].startswith("timeout"):
                return RESTART  # a stuck mutant may have left threads behind: a fresh interpreter goes on
            since_clean.append(verdict)
            if len(since_clean) >= CLEAN_EVERY and not self.clean(since_clean, limits):
                return RESTART
            if len(since_clean) >= CLEAN_EVERY:
                since_clean = []
        if since_clean and not self.clean(since_clean, limits):
            return RESTART
        return 0

    @staticmethod
    def verdicts(out: Path) -> dict[str, dict[str, Any]]:
        if not out.exists():
            return {}
        lines = out.read_text(encoding="utf-8").splitlines()
        return {v["mutant"]: v for v in map(json.loads, filter(None, lines))}

    def clean(self, verdicts: list[dict[str, Any]], limits: dict[str, float]) -> bool:
        """The tests that killed these mutants pass on the unmutated code, or these verdicts go."""
        killers = sorted({v["test"] for v in verdicts if v.get("test")}, key=lambda t: limits.get(t, 0.0))
        if not killers:
            return True
        code, watch = self.pytest(killers, "", limits)
        if code == 0:
            return True
        out = Path(self.args.out)
        dropped = {v["mutant"] for v in verdicts}
        kept = [
            line
            for line in out.read_text(encoding="utf-8").splitlines()
            if json.loads(line)["mutant"] not in dropped
        ]
        out.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
        with open(out.with_suffix(".clean-failures"), "a", encoding="utf-8") as stream:
            stream.write(json.dumps({"failed": watch.failed, "dropped": sorted(dropped)}) + "\n")
        return False


class _Installer:
    """Patches the sync tests' world once their helper module is imported (at collection)."""

    def __init__(self, pool: ServerPool) -> None:
        self.pool = pool

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.pool.install()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        self.pool.in_call = True
        try:
            yield
        finally:
            self.pool.in_call = False


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", required=True, help="the mutated file, as in the mutants folder")
    parser.add_argument("--names", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--map", required=True)
    parser.add_argument("--scratch", default="fast-scratch", help="worlds and pooled servers live here")
    parser.add_argument("--reuse-servers", action="store_true")
    parser.add_argument(
        "--retry-timeouts", action="store_true", help="the names are provisional timeouts: 10× limit"
    )
    parser.add_argument(
        "--extend-map", action="store_true", help="map the tests given (new files) into the existing map"
    )
    parser.add_argument(
        "--prefer", nargs="+", default=[], help="test files tried before the other tests (after the killers)"
    )
    parser.add_argument("--part", default="0/1", help="K/N: the K-th of N workers sharing the verdicts file")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    shutil.rmtree(args.scratch, ignore_errors=True)  # a stopped worker's servers and worlds are dead
    Path(args.scratch).mkdir(parents=True)
    code = Worker(args).run()
    if code == 0 and Path(args.scratch).exists():
        shutil.rmtree(args.scratch, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
