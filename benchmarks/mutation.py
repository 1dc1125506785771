"""Mutation testing as the measure of the core layers' tests (issue 19): mutmut breaks one line at a time
in ``domain/``, the store's index, outbox and local actions, and ``sync/engine.py``, runs the tests of
that layer against each broken copy, and counts the broken copies no test noticed (survivors).

    python3 benchmarks/mutation.py                 # every target, one after another (hours on 2 cores)
    python3 benchmarks/mutation.py domain outbox   # some targets
    python3 benchmarks/mutation.py --list          # the targets, their files and their tests

Not part of the test command. Each target runs in its own scratch copy of the repository
(``build/mutation/<target>``; mutmut writes its mutants beside the copy, never into ``src/``), with one
worker at low priority, and with a focused, fast test selection: the tests of that layer (a mutant is
run only against the tests that reach the function it changed). Ends with one report line per target,
``mutation_score_<target> <killed %> % ≥90 PASS|MISS``, and writes the survivors to
``build/mutation/<target>/survivors.txt`` (``mutmut show <name>`` in that folder prints a diff).
The figures, the command and every survivor (killed by a later test, or explained) are in
``docs/MUTATION.md``.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from _report import line

ROOT = Path(__file__).resolve().parent.parent
GOAL = 90.0


@dataclass(frozen=True)
class Target:
    """Files to break (globs under the repository) and the tests that must notice."""

    files: tuple[str, ...]
    tests: tuple[str, ...]
    #: extra environment for the tests (e.g. fewer hypothesis examples: each mutant reruns them)
    env: tuple[tuple[str, str], ...] = ()
    #: tests of the selection left out (node ids): too slow to rerun for every mutant
    deselect: tuple[str, ...] = ()
    #: --fast: the sync tests' ``World.start`` hands out one live server, its data reset per test
    reuse_servers: bool = False


TARGETS: dict[str, Target] = {
    "domain": Target(
        ("src/reviewdesk/domain/*.py",),
        ("tests/domain", "tests/test_domain_enums.py"),
    ),
    # the index's filter planning, posting lists, sorting, patching and state, against the hand-computed table and the API tests
    # (the property tests take ~10 s an example set: too slow to rerun for each of ~1,000 mutants)
    "index": Target(
        (
            "src/reviewdesk/store/index/plan.py",
            "src/reviewdesk/store/index/postings.py",
            "src/reviewdesk/store/index/sort.py",
            "src/reviewdesk/store/index/patch.py",
            "src/reviewdesk/store/index/state.py",
        ),
        (
            "tests/store/index/test_index_filters_table.py",
            "tests/store/index/test_index_plan_conditions.py",
            "tests/store/index/test_index_state_parts.py",
            "tests/store/index/test_index_api.py",
            "tests/store/index/test_index_snapshot.py",
        ),
    ),
    "outbox": Target(
        ("src/reviewdesk/store/outbox.py", "src/reviewdesk/store/actions.py"),
        (
            "tests/store/test_store_outbox.py",
            "tests/store/test_store_outbox_answers.py",
            "tests/store/test_store_outbox_exact.py",
            "tests/store/test_store_local_actions.py",
            "tests/store/test_store_local_view.py",
        ),
    ),
    # the local view and actions against their own tests: the outbox tests reach them only through
    # recompute, and took 60 % of each surviving mutant's time (the full selection did not fit a session)
    "local_actions": Target(
        ("src/reviewdesk/store/local_actions.py", "src/reviewdesk/store/local_view.py"),
        (
            "tests/store/test_store_local_actions.py",
            "tests/store/test_store_local_view.py",
            "tests/store/test_store_local_exact.py",
            "tests/store/test_store_local_view_exact.py",
        ),
    ),
    # the engine against the real server: every sync test but the random-step state machine (a minute of
    # hypothesis per run; its fixed tour stays) and the SIGKILL test (kills at random moments: a verdict
    # by chance). Run it with --fast (mutation_fast.py: one interpreter, tests mapped once, one live server).
    "engine": Target(
        ("src/reviewdesk/sync/engine.py",),
        ("tests/sync",),
        deselect=(
            "tests/sync/test_sync_machine.py::test_sync_protocol_invariants_under_faults",
            "tests/sync/test_sync_kill.py::test_sigkill_at_random_points_loses_nothing",
        ),
        reuse_servers=True,
    ),
}


def _config(target: Target) -> str:
    def strings(values: tuple[str, ...] | list[str]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in values) + "]"

    deselect = [arg for test in target.deselect for arg in ("--deselect", test)]

    return (
        "\n[tool.mutmut]\n"
        f'source_paths = ["src"]\n'
        f"only_mutate = {strings(target.files)}\n"
        f"pytest_add_cli_args_test_selection = {strings(target.tests)}\n"
        f"pytest_add_cli_args = {strings(['-p', 'no:cacheprovider', '-q', '-p', 'no:randomly', *deselect])}\n"
        "use_git_change_detection = false\n"
    )


def prepare(name: str, target: Target, workdir: Path) -> Path:
    """A scratch copy of the repository with mutmut configured for ``target``."""
    folder = workdir / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for part in ("src", "tests", "resources"):
        shutil.copytree(ROOT / part, folder / part, ignore=ignore)
    for part in ("setup.py",):
        shutil.copy2(ROOT / part, folder / part)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (folder / "pyproject.toml").write_text(pyproject + _config(target), encoding="utf-8")
    return folder


def run(name: str, target: Target, workdir: Path, only: list[str]) -> tuple[int, int, list[str]]:
    """Run mutmut for one target: (killed, total, survivors); ``only``: mutant name globs (all: empty)."""
    folder = prepare(name, target, workdir)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        **dict(target.env),
    }
    mutmut = [sys.executable, "-m", "mutmut"]
    started = time.monotonic()
    with open(folder / "mutmut.log", "w", encoding="utf-8") as log:
        subprocess.run(
            ["nice", "-n", "19", *mutmut, "run", "--max-children", "1", *only],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    results = subprocess.run(
        [*mutmut, "results", "--all", "true"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    counts: dict[str, int] = {}
    survivors: list[str] = []
    for mutant, status in re.findall(r"^\s*(\S+): (.+)$", results, flags=re.M):
        counts[status.strip()] = counts.get(status.strip(), 0) + 1
        if status.strip() in ("survived", "no tests"):
            survivors.append(f"{mutant}: {status.strip()}")
    (folder / "survivors.txt").write_text("\n".join(survivors) + "\n", encoding="utf-8")
    total = sum(v for k, v in counts.items() if k not in ("skipped", "not checked"))
    killed = sum(counts.get(k, 0) for k in ("killed", "timeout", "segfault", "suspicious"))
    minutes = (time.monotonic() - started) / 60
    print(f"{name}: {counts} in {minutes:.1f} min; survivors in {folder / 'survivors.txt'}", flush=True)
    return killed, total, survivors


def recheck(
    name: str, target: Target, workdir: Path, tests: list[str], only: list[str]
) -> tuple[int, int, list[str]]:
    """Run each survivor of the last run of ``name`` against the tests as they are now (copied into the
    scratch copy), one pytest run per mutant in one interpreter (``mutation_loop.py``), stopping at its
    first failing test: (killed, total,
    survivors left). ``tests``: only these (the ones added or changed since the run — the survivors
    passed the others already); default the target's. ``only``: instead of the survivors, the mutants
    matching these globs that no run killed yet (a run too slow for mutmut's own loop: one pytest per
    mutant with a short test list). Verdicts go to ``recheck.txt`` as they come."""
    folder = workdir / name
    mutants = folder / "mutants"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        **dict(target.env),
    }
    results = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    statuses = {m: st.strip() for m, st in re.findall(r"^\s*(\S+): (.+)$", results, flags=re.M)}
    total = sum(1 for st in statuses.values() if st not in ("skipped", "not checked"))
    killed = sum(1 for st in statuses.values() if st in ("killed", "timeout", "segfault", "suspicious"))
    shutil.rmtree(mutants / "tests")
    shutil.copytree(
        ROOT / "tests", mutants / "tests", ignore=shutil.ignore_patterns("__pycache__", ".hypothesis")
    )
    if only:
        wanted = sorted(
            m
            for m, st in statuses.items()
            if st not in ("killed", "timeout", "segfault", "suspicious")
            and any(fnmatch.fnmatch(m, pattern) for pattern in only)
        )
        total, killed = len(wanted), 0
    else:
        wanted = sorted(m for m, st in statuses.items() if st in ("survived", "no tests"))
    deselect = [arg for test in target.deselect for arg in ("--deselect", test)]
    names, verdicts = folder / "recheck-names.txt", folder / "recheck.txt"
    names.write_text("\n".join(wanted) + "\n", encoding="utf-8")
    verdicts.write_text("", encoding="utf-8")
    subprocess.run(
        [
            *("nice", "-n", "19", sys.executable, str(ROOT / "benchmarks" / "mutation_loop.py")),
            *(str(names), str(verdicts), "--", *(tests or target.tests), *deselect),
        ],
        cwd=mutants,
        env={**env, "PYTHONPATH": "src"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    left: list[str] = []
    for mutant, code in re.findall(r"^(\S+): (-?\d+)$", verdicts.read_text(encoding="utf-8"), flags=re.M):
        if mutant == "clean":
            if code != "0":
                print(f"warning: the unmutated code failed the tests (exit {code}): verdicts above suspect")
            continue
        if code == "0":
            left.append(mutant)
        else:
            killed += 1
    print(f"{name}: {len(wanted) - len(left)} of {len(wanted)} rechecked mutants killed; see {verdicts}")
    return killed, total, left


def generate(name: str, target: Target, workdir: Path) -> Path:
    """A fresh scratch copy with every mutant written (mutmut's generation step, none run): the folder."""
    folder = prepare(name, target, workdir)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os\n"
            "from mutmut.mutation.trampoline import set_mutant_under_test\n"
            "from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir, setup_source_paths\n"
            "from mutmut.__main__ import create_mutants\n"
            "set_mutant_under_test('mutant_generation')\n"
            "os.makedirs('mutants', exist_ok=True)\n"
            "copy_src_dir(); copy_also_copy_files(); setup_source_paths(); print(create_mutants(1))\n",
        ],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return folder


def fast(
    name: str, target: Target, workdir: Path, only: list[str], resume: bool, recheck: bool
) -> tuple[int, int]:
    """Every mutant of ``target`` (or those matching ``only``) through ``mutation_fast.py``: one
    interpreter, a test map computed once, fastest tests first, one live server (see that module).
    ``resume``: go on with the verdicts already in the folder; ``recheck``: the survivors again, against
    the tests as they are now (a new map). Writes ``fast-verdicts.jsonl``, ``fast-survivors.txt`` and
    prints the score per function: (killed, non-equivalent total)."""
    folder = workdir / name
    if not (resume or recheck) or not (folder / "mutants").exists():
        folder = generate(name, target, workdir)
    mutants = folder / "mutants"
    verdicts, names, mapped = (
        folder / "fast-verdicts.jsonl",
        folder / "fast-names.txt",
        folder / "fast-map.json",
    )
    all_names = sorted(
        m
        for source in target.files
        for m in json.loads((mutants / f"{source}.meta").read_text(encoding="utf-8"))["exit_code_by_key"]
    )
    if recheck:
        shutil.rmtree(mutants / "tests")
        shutil.copytree(
            ROOT / "tests", mutants / "tests", ignore=shutil.ignore_patterns("__pycache__", ".hypothesis")
        )
        mapped.unlink(missing_ok=True)
        old = [json.loads(line) for line in verdicts.read_text(encoding="utf-8").splitlines()]
        again = {v["mutant"] for v in old if v["verdict"] in ("survived", "no tests")}
        verdicts.write_text(
            "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in old if v["mutant"] not in again),
            encoding="utf-8",
        )
    elif not resume:
        verdicts.unlink(missing_ok=True)
        mapped.unlink(missing_ok=True)
    wanted = [m for m in all_names if not only or any(fnmatch.fnmatch(m, p) for p in only)]
    names.write_text("\n".join(wanted) + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "PYTHONPATH": "src:.",  # the mutants first; ``from tests import …`` as in the repository
        **dict(target.env),
    }
    worker = [
        *("nice", "-n", "19", sys.executable, str(ROOT / "benchmarks" / "mutation_fast.py")),
        *("--source", target.files[0], "--names", str(names), "--out", str(verdicts), "--map", str(mapped)),
        *(("--reuse-servers",) if target.reuse_servers else ()),
    ]
    selection = [*target.tests, *(arg for test in target.deselect for arg in ("--deselect", test))]
    started = time.monotonic()
    with open(folder / "fast.log", "a", encoding="utf-8") as log:
        for retry in (False, True):
            while True:
                flags = ["--retry-timeouts"] if retry else []
                if retry:
                    pending = _read_verdicts(verdicts)
                    provisional = [m for m, v in pending.items() if v["verdict"] == "timeout?"]
                    if not provisional:
                        break
                    (folder / "fast-timeouts.txt").write_text("\n".join(provisional) + "\n", encoding="utf-8")
                    kept = [v for m, v in pending.items() if m not in provisional]
                    verdicts.write_text(
                        "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in kept), encoding="utf-8"
                    )
                    flags += ["--names", str(folder / "fast-timeouts.txt")]
                code = subprocess.run(
                    [*worker, *flags, "--", *selection],
                    cwd=mutants,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    check=False,
                ).returncode
                if code == 0:
                    break
                if code != 75:
                    raise SystemExit(
                        f"{name}: the fast worker stopped (exit {code}); see {folder / 'fast.log'}"
                    )
    minutes = (time.monotonic() - started) / 60
    return _fast_report(name, folder, wanted, _read_verdicts(verdicts), minutes)


def _read_verdicts(path: Path) -> dict[str, dict[str, object]]:
    if not path.exists():
        return {}
    return {v["mutant"]: v for v in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def _fast_report(
    name: str, folder: Path, wanted: list[str], verdicts: dict[str, dict[str, object]], minutes: float
) -> tuple[int, int]:
    """Per function: mutants, killed (a timeout that held on the retry counts), survived; survivors listed."""
    rows: dict[str, Counter[str]] = {}
    for mutant in wanted:
        verdict = str(verdicts.get(mutant, {}).get("verdict", "not run"))
        rows.setdefault(mutant.rpartition("__mutmut_")[0].rpartition(".")[2], Counter())[verdict] += 1
    for function, counts in sorted(rows.items()):
        print(f"  {function}: {sum(counts.values())} mutants, {dict(counts)}")
    total = Counter(str(verdicts.get(m, {}).get("verdict", "not run")) for m in wanted)
    survivors = sorted(m for m in wanted if verdicts.get(m, {}).get("verdict") in ("survived", "no tests"))
    (folder / "fast-survivors.txt").write_text("\n".join(survivors) + "\n", encoding="utf-8")
    seconds = sum(float(v.get("seconds", 0.0)) for v in verdicts.values())  # type: ignore[arg-type]
    print(
        f"{name}: {dict(total)} of {len(wanted)} in {minutes:.1f} min ({seconds / max(1, len(verdicts)):.1f} s a mutant); survivors in {folder / 'fast-survivors.txt'}"
    )
    killed = total["killed"] + total["timeout"]
    return killed, killed + total["survived"] + total["no tests"] + total["error"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("targets", nargs="*", help=f"some of: {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "mutation")
    parser.add_argument("--list", action="store_true")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="run the last run's survivors against the tests as they are now (after adding tests)",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help="every mutant in one interpreter, mapped tests fastest first (mutation_fast.py); with --recheck: the survivors against the tests as they are now",
    )
    parser.add_argument(
        "--resume", action="store_true", help="with --fast: go on with the verdicts already there"
    )
    parser.add_argument(
        "--tests",
        nargs="+",
        default=[],
        help="with --recheck: only these test files (those added or changed since the run)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="mutant name glob, e.g. 'reviewdesk.sync.engine.xǁSyncEngineǁ_select__mutmut_*' (repeatable)",
    )
    args = parser.parse_args()
    if args.list:
        for name, target in TARGETS.items():
            print(f"{name}: {' '.join(target.files)}\n    tests: {' '.join(target.tests)}")
        return
    unknown = sorted(set(args.targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)}")
    for name in args.targets or list(TARGETS):
        if args.fast:
            killed, total = fast(name, TARGETS[name], args.workdir, args.only, args.resume, args.recheck)
        elif args.recheck:
            killed, total, _survivors = recheck(name, TARGETS[name], args.workdir, args.tests, args.only)
        else:
            killed, total, _survivors = run(name, TARGETS[name], args.workdir, args.only)
        score = 100.0 * killed / total if total else 0.0
        line(f"mutation_score_{name}", score, "%", f"≥{GOAL:.0f}", score >= GOAL, fmt=".1f")


if __name__ == "__main__":
    main()
