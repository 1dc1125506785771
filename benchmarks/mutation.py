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
import os
import re
import shutil
import subprocess
import sys
import time
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
    # the engine against the real server (slow: run it alone, or with --only). Each test starts its own
    # server and each module seeds one, so a surviving mutant costs a minute or more: the four tests of
    # 13-22 s each (the redownloads and the image checks) are left out, as is the log test (its own
    # seeded server of 200 candidates) — what only they reach is listed in docs/MUTATION.md.
    "engine": Target(
        ("src/reviewdesk/sync/engine.py",),
        (
            "tests/sync/test_sync_report.py",
            "tests/sync/test_sync_push_rules.py",
            "tests/sync/test_sync_resend.py",
            "tests/sync/test_sync_integration.py",
            "tests/sync/test_entry_sync.py",
        ),
        deselect=tuple(
            f"tests/sync/test_sync_integration.py::{name}"
            for name in (
                "test_lost_answer_is_resent_with_the_same_id_and_applied_once",
                "test_compacted_feed_redownloads_keeping_an_action_taken_during_the_sync",
                "test_cursor_expired_redownloads_and_keeps_the_outbox",
                "test_blobs_are_reused_resumed_and_checked",
            )
        ),
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
        if args.recheck:
            killed, total, _survivors = recheck(name, TARGETS[name], args.workdir, args.tests, args.only)
        else:
            killed, total, _survivors = run(name, TARGETS[name], args.workdir, args.only)
        score = 100.0 * killed / total if total else 0.0
        line(f"mutation_score_{name}", score, "%", f"≥{GOAL:.0f}", score >= GOAL, fmt=".1f")


if __name__ == "__main__":
    main()
