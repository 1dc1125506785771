"""Mutation testing as the measure of the core layers' tests (issue 19): mutmut breaks one line at a time
in ``domain/``, the store's index, outbox and local actions, and ``sync/engine.py``, runs the tests of
that layer against each broken copy, and counts the broken copies no test noticed (survivors).

    python3 benchmarks/mutation.py                 # every target, one after another (hours on 2 cores)
    python3 benchmarks/mutation.py domain outbox   # some targets
    python3 benchmarks/mutation.py --list          # the targets, their files and their tests
    python3 benchmarks/mutation.py index --fast    # the mutants not run yet, in one interpreter

``--fast`` (what fits a session on two shared cores): each mutant runs only the tests that reach its
function, fastest first, stopping at the first failure, in one interpreter. Two workers, because the
tests differ: the in-process targets (domain, index, outbox, local actions) run in one pytest session
(``mutation_loop.py``: collected once, fixtures rebuilt per mutant, verdicts written into mutmut's own
records so a run can stop and go on); the engine's real-server tests need a pooled live server and a
fresh worker after a hang (``mutation_fast.py``).

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
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

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
    # its tests take at most a few seconds of CPU a mutant: a mutant that loops forever is stopped after
    # 10 s of CPU plus once its tests' (niced, wall-clock) duration, not 60 s plus ten times it
    "domain": Target(
        ("src/reviewdesk/domain/*.py",),
        ("tests/domain", "tests/test_domain_enums.py"),
        env=(("MUTATION_LIMIT", "10"), ("MUTATION_SLOWDOWN", "1")),
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
            "tests/store/index/test_index_postings_lists.py",
            "tests/store/index/test_index_reverse_groups.py",
            "tests/store/index/test_index_sort_paths.py",
            "tests/store/index/test_index_warm_up.py",
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
    env = _env(target)
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


def _env(target: Target) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        **dict(target.env),
    }


def statuses(folder: Path, target: Target) -> dict[str, str]:
    """Every mutant of the scratch copy and its status as mutmut records it (``not checked``: not run)."""
    results = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=folder,
        env=_env(target),
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {m: st.strip() for m, st in re.findall(r"^\s*(\S+): (.+)$", results, flags=re.M)}


KILLED = ("killed", "timeout", "segfault", "suspicious")
#: mutmut's exit codes for the loop's verdicts (``mutmut results`` then shows them like its own)
EXIT_CODES = {"0": 0, "1": 1, "-1": 36, "5": 33}
#: a mutant name no mutant has: ``mutmut run`` with it generates the mutants and collects which tests
#: reach which function, then stops ("nothing matches") before running any mutant
GENERATE_ONLY = "generate-only-no-such-mutant"


def _copy_tests(folder: Path) -> None:
    for there in (folder / "tests", folder / "mutants" / "tests"):
        if there.exists():
            shutil.rmtree(there)
        shutil.copytree(ROOT / "tests", there, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))


def map_tests(name: str, target: Target, workdir: Path) -> Path:
    """The target's scratch copy with every mutant generated and a fresh map of the tests that reach
    each function (``mutants/mutmut-stats.json``: node ids and their unmutated durations). An existing
    copy keeps its mutants and verdicts; only its tests are replaced by the repository's and mapped
    again."""
    folder = workdir / name
    stats, mapped = folder / "mutants" / "mutmut-stats.json", folder / "mapped-tests.sha256"
    if stats.exists() and mapped.exists() and mapped.read_text(encoding="utf-8") == _tests_hash(ROOT):
        return folder  # mapped with the tests as they are
    if (folder / "mutants").exists():
        _copy_tests(folder)
        stats.unlink(missing_ok=True)
        # the target's test selection as it is now (a copy made by an older version maps fewer files)
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8") + _config(target)
        (folder / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    else:
        folder = prepare(name, target, workdir)
    with open(folder / "mutmut-generate.log", "w", encoding="utf-8") as log:
        subprocess.run(
            ["nice", "-n", "19", sys.executable, "-m", "mutmut", "run", "--max-children", "1", GENERATE_ONLY],
            cwd=folder,
            env=_env(target),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if not stats.exists():
        sys.exit(f"mutmut did not map the tests: see {folder / 'mutmut-generate.log'}")
    mapped.write_text(_tests_hash(folder), encoding="utf-8")
    return folder


def _tests_hash(root: Path) -> str:
    """A digest of ``root/tests`` (the map of which tests reach which function is as old as this)."""
    digest = hashlib.sha256()
    for path in sorted((root / "tests").rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def record(folder: Path, verdicts: Path) -> None:
    """Write the loop's verdicts into mutmut's own records (``mutants/**/*.py.meta``), so ``mutmut
    results``, ``show`` and the next run see them."""
    found = dict(re.findall(r"^(\S+): (-?\d+)\b", verdicts.read_text(encoding="utf-8"), flags=re.M))
    found.pop("clean", None)
    for meta in (folder / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        changed = False
        for mutant, before in data["exit_code_by_key"].items():
            if mutant in found:
                now = EXIT_CODES[found[mutant]]
                if now in (0, 33) and before not in (None, 0, 33):
                    continue  # killed by a later recheck: an earlier run's "survived" does not undo it
                data["exit_code_by_key"][mutant] = now
                changed = True
        if changed:
            meta.write_text(json.dumps(data, indent=4), encoding="utf-8")


def _loop(
    folder: Path,
    target: Target,
    plan: list[tuple[str, list[str] | None]],
    tests: list[str],
    out: Path,
    part: str = "",
) -> None:
    """Run ``mutation_loop.py`` over ``plan`` at low priority; verdicts appended to ``out``. ``part``
    names this worker's plan and log (``loop-plan<part>.json``, ``loop<part>.log``) when several run."""
    stats_file = folder / "mutants" / "mutmut-stats.json"
    durations = (
        json.loads(stats_file.read_text(encoding="utf-8"))["duration_by_test"] if stats_file.exists() else {}
    )
    plan_file = folder / f"loop-plan{part}.json"
    plan_file.write_text(json.dumps({"mutants": plan, "durations": durations}), encoding="utf-8")
    deselect = [arg for test in target.deselect for arg in ("--deselect", test)]
    with open(folder / f"loop{part}.log", "w", encoding="utf-8") as log:
        for _attempt in range(MAX_RESTARTS):  # a worker stops after a hang or a failed clean run
            code = subprocess.run(
                [
                    *("nice", "-n", "19", sys.executable, str(ROOT / "benchmarks" / "mutation_loop.py")),
                    *(str(plan_file), str(out), "--", *tests, *deselect, *HYPOTHESIS),
                ],
                cwd=folder / "mutants",
                env={**_env(target), "PYTHONPATH": "src"},
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            ).returncode
            if code != RESTART:
                break


#: ``mutation_loop.py``'s exit code for "start a fresh worker to go on", and how often to do so
RESTART, MAX_RESTARTS = 75, 50

#: hypothesis in a mutation run: the same examples every time (derandomised: a verdict can be run
#: again and agree), no example database (a failure found under one mutant is not replayed under
#: the next), fewer examples for tests that do not set their own — see ``tests/conftest.py``
HYPOTHESIS = ("--hypothesis-profile", "mutation")


def carry_over(old: Path, new: Path) -> int:
    """Copy the verdicts of an older scratch copy's mutants whose function is unchanged (mutmut's hash
    of its source) into ``new``'s records: code that moved on since a long run need not be run again
    where it did not change. A mutant ``new`` has no verdict for takes the older one; one that survived
    in ``new`` but was killed in the older copy (a recheck there, against tests written since) counts as
    killed — the tests only grow. The number of verdicts carried."""
    carried = 0
    for meta in (new / "mutants").rglob("*.py.meta"):
        before = old / "mutants" / meta.relative_to(new / "mutants")
        if not before.exists():
            continue
        was, now = (json.loads(path.read_text(encoding="utf-8")) for path in (before, meta))
        same = {
            f for f, h in now["hash_by_function_name"].items() if was["hash_by_function_name"].get(f) == h
        }
        for mutant, code in was["exit_code_by_key"].items():
            function = mutant.rpartition(".")[2].rpartition("__mutmut_")[0]
            if code is None or function not in same or mutant not in now["exit_code_by_key"]:
                continue
            before = now["exit_code_by_key"][mutant]
            if before is None or (before in (0, 33) and code not in (0, 33)):
                now["exit_code_by_key"][mutant] = code
                carried += 1
        meta.write_text(json.dumps(now, indent=4), encoding="utf-8")
    return carried


def in_session(
    name: str,
    target: Target,
    workdir: Path,
    only: list[str],
    carry_from: Sequence[Path] = (),
    workers: int = 1,
) -> tuple[int, int, list[str]]:
    """Run the mutants not run yet (those matching ``only``'s globs in their order, or all) in one pytest session:
    each against only the tests that reach its function, fastest first, to the first failure
    (``mutation_loop.py``). Verdicts go to ``fast.txt`` and into mutmut's records: (killed, total,
    survivors) over the mutants mutmut has a verdict for. ``carry_from``: older scratch copies, the
    first that has a verdict for an unchanged function gives it. ``workers``: that many pytest sessions
    share the mutants (every ``workers``-th each, so the slow functions are shared too), each with its
    own ``fast-<k>.txt``, gathered into ``fast.txt`` at the end."""
    folder = map_tests(name, target, workdir)
    for earlier in sorted(folder.glob("fast-*.txt")):  # the parts of a run stopped early
        with open(folder / "fast.txt", "a", encoding="utf-8") as out:
            out.write(earlier.read_text(encoding="utf-8"))
        earlier.unlink()
    if (folder / "fast.txt").exists():
        record(folder, folder / "fast.txt")  # a run stopped early: its verdicts count, the rest goes on
    for older in carry_from:
        print(f"{name}: {carry_over(older, folder)} verdicts carried from {older}", flush=True)
    stats = json.loads((folder / "mutants" / "mutmut-stats.json").read_text(encoding="utf-8"))
    durations: dict[str, float] = stats["duration_by_test"]
    reaching: dict[str, list[str]] = stats["tests_by_mangled_function_name"]
    found = statuses(folder, target)
    wanted = [  # in the order of the globs given (the most wanted first: a run may be stopped)
        m
        for pattern in only or ["*"]
        for m in sorted(found)
        if found[m] == "not checked" and fnmatch.fnmatch(m, pattern)
    ]
    wanted = list(dict.fromkeys(wanted))
    plan: list[tuple[str, list[str] | None]] = [
        (m, sorted(reaching.get(re.sub(r"__mutmut_\d+$", "", m), []), key=lambda t: durations.get(t, 0.0)))
        for m in wanted
    ]
    out = folder / "fast.txt"
    out.touch()
    before = len(out.read_text(encoding="utf-8").splitlines())
    started, cpu = time.monotonic(), _children_cpu()
    if workers <= 1:
        _loop(folder, target, plan, list(target.tests), out)
    else:
        parts = [(plan[k::workers], folder / f"fast-{k}.txt", f"-{k}") for k in range(workers)]
        threads = [
            threading.Thread(target=_loop, args=(folder, target, part, list(target.tests), part_out, suffix))
            for part, part_out, suffix in parts
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with open(out, "a", encoding="utf-8") as gathered:
            for _part, part_out, _suffix in parts:
                if part_out.exists():
                    gathered.write(part_out.read_text(encoding="utf-8"))
                    part_out.unlink()
    minutes, seconds = (time.monotonic() - started) / 60, _children_cpu() - cpu
    record(folder, out)
    lines = out.read_text(encoding="utf-8").splitlines()[before:]
    ran = sum(1 for text in lines if not text.startswith("clean:"))
    print(
        f"{name}: {ran} of {len(plan)} mutants in {minutes:.1f} min, {seconds:.0f} s CPU "
        f"({seconds / max(ran, 1):.2f} s CPU a mutant, with collecting the tests once); verdicts in {out}",
        flush=True,
    )
    return _score(folder, target)


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def _score(folder: Path, target: Target) -> tuple[int, int, list[str]]:
    found = statuses(folder, target)
    survivors = [f"{m}: {st}" for m, st in found.items() if st in ("survived", "no tests")]
    (folder / "survivors.txt").write_text("\n".join(survivors) + "\n", encoding="utf-8")
    total = sum(1 for st in found.values() if st not in ("skipped", "not checked"))
    killed = sum(1 for st in found.values() if st in KILLED)
    return killed, total, survivors


def recheck(
    name: str, target: Target, workdir: Path, tests: list[str], only: list[str]
) -> tuple[int, int, list[str]]:
    """Run each survivor of the last run of ``name`` against the tests as they are now (copied into the
    scratch copy), in one pytest session (``mutation_loop.py``), stopping at its first failing test:
    (killed, total, survivors left). ``tests``: only these (the ones added or changed since the run —
    the survivors passed the others already); default the target's. ``only``: instead of the
    survivors, the mutants matching these globs that no run killed yet (a sample), each against every
    test given. Verdicts go to ``recheck.txt`` as they come."""
    folder = workdir / name
    if (folder / "fast.txt").exists():
        record(folder, folder / "fast.txt")  # a --fast run still going: its verdicts so far count
    found = statuses(folder, target)
    total = sum(1 for st in found.values() if st not in ("skipped", "not checked"))
    killed = sum(1 for st in found.values() if st in KILLED)
    _copy_tests(folder)
    if only:
        wanted = sorted(
            m
            for m, st in found.items()
            if st not in KILLED and any(fnmatch.fnmatch(m, pattern) for pattern in only)
        )
        total, killed = len(wanted), 0
    else:
        wanted = sorted(m for m, st in found.items() if st in ("survived", "no tests"))
    verdicts = folder / "recheck.txt"
    verdicts.write_text("", encoding="utf-8")
    _loop(folder, target, [(m, None) for m in wanted], tests or list(target.tests), verdicts)
    record(folder, verdicts)  # a mutant killed now stays killed for the next recheck and the score
    left: list[str] = []
    judged = 0
    for mutant, code in re.findall(r"^(\S+): (-?\d+)\b", verdicts.read_text(encoding="utf-8"), flags=re.M):
        if mutant == "clean":
            if code != "0":
                print(f"warning: the unmutated code failed the tests (exit {code}): verdicts above suspect")
            continue
        judged += 1
        if code == "0":
            left.append(mutant)
        else:
            killed += 1
    print(
        f"{name}: {judged - len(left)} of {judged} rechecked mutants killed, {len(wanted) - judged} of "
        f"{len(wanted)} not rechecked (stopped); see {verdicts}"
    )
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
    name: str,
    target: Target,
    workdir: Path,
    only: list[str],
    resume: bool,
    recheck: bool,
    workers: int = 1,
    add_tests: tuple[str, ...] = (),
    prefer: tuple[str, ...] = (),
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
        *(("--prefer", *prefer) if prefer else ()),
    ]
    if add_tests:  # written during the run: into the copy and the map; verdicts so far stay
        for test in add_tests:
            shutil.copy2(ROOT / test, mutants / test)
        subprocess.run(
            [*worker, "--extend-map", "--names", os.devnull, "--", *add_tests],
            cwd=mutants,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    wanted = [m for m in all_names if not only or any(fnmatch.fnmatch(m, p) for p in only)]
    names.write_text("\n".join(wanted) + "\n", encoding="utf-8")
    selection = [*target.tests, *(arg for test in target.deselect for arg in ("--deselect", test))]
    if not mapped.exists():  # mapped once, before the workers start: each would map the whole selection
        with open(folder / "fast.log", "a", encoding="utf-8") as log:
            code = _run_worker([*worker, "--names", os.devnull, "--", *selection], mutants, env, log)
        if code != 0:
            raise SystemExit(f"{name}: mapping the tests failed (exit {code}); see {folder / 'fast.log'}")
    started = time.monotonic()
    threads = [
        threading.Thread(target=_fast_worker, args=(worker, selection, k, workers, mutants, env, folder))
        for k in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = Counter(json.loads(line)["mutant"] for line in verdicts.read_text(encoding="utf-8").splitlines())
    twice = sorted(mutant for mutant, count in rows.items() if count > 1)
    if twice:  # the workers claim each mutant (mutation_fast.Claims): a mutant run twice is a harness bug
        print(
            f"{name}: {len(twice)} mutants have more than one verdict (workers overlapped), e.g. {twice[0]}"
        )
    # the provisional timeouts once more, alone, with ten times the limit: only a second hang is a timeout
    pending = _read_verdicts(verdicts)
    provisional = [m for m, v in pending.items() if v["verdict"] == "timeout?"]
    (folder / "fast-timeouts.txt").write_text("\n".join(provisional) + "\n", encoding="utf-8")
    kept = [v for m, v in pending.items() if m not in provisional]
    verdicts.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in kept), encoding="utf-8")
    with open(folder / "fast.log", "a", encoding="utf-8") as log:
        while set(provisional) - set(_read_verdicts(verdicts)):
            retry = ["--retry-timeouts", "--names", str(folder / "fast-timeouts.txt")]
            code = _run_worker([*worker, *retry, "--", *selection], mutants, env, log)
            if code not in (0, 75):
                raise SystemExit(f"{name}: the fast worker stopped (exit {code}); see {folder / 'fast.log'}")
    minutes = (time.monotonic() - started) / 60
    return _fast_report(name, folder, wanted, _read_verdicts(verdicts), minutes)


def _run_worker(command: list[str], mutants: Path, env: dict[str, str], log: IO[str]) -> int:
    """Run the fast worker in the mutants' copy, its output appended to ``log``; its exit code."""
    return subprocess.run(
        command, cwd=mutants, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
    ).returncode


def _fast_worker(
    worker: list[str],
    selection: list[str],
    part: int,
    parts: int,
    mutants: Path,
    env: dict[str, str],
    folder: Path,
) -> None:
    """One worker of ``parts``, started again after each provisional timeout (exit 75) until done."""
    scratch = ["--scratch", f"fast-scratch-{part}", "--part", f"{part}/{parts}"]
    with open(folder / f"fast-{part}.log", "a", encoding="utf-8") as log:
        while True:
            code = _run_worker([*worker, *scratch, "--", *selection], mutants, env, log)
            if code == 0:
                return
            if code != 75:
                print(f"the fast worker {part} stopped (exit {code}); see {folder / f'fast-{part}.log'}")
                return


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
        help="one interpreter, each mutant against only the tests that reach its function, fastest first, "
        "to the first failure: the engine through mutation_fast.py (a live server pooled), the other "
        "targets through mutation_loop.py (one pytest session; the mutants not run yet, verdicts kept); "
        "with --recheck: the survivors against the tests as they are now",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="with --fast: workers sharing the mutants (each at nice 19)"
    )
    parser.add_argument(
        "--add-tests",
        nargs="+",
        default=[],
        help="with --fast --resume: test files written during the run, mapped and used from now on",
    )
    parser.add_argument(
        "--prefer-tests",
        nargs="+",
        default=[],
        help="with --fast (engine): test files each mutant tries before the others (after its function's "
        "killers), e.g. the files written for its survivors",
    )
    parser.add_argument(
        "--resume", action="store_true", help="with --fast: go on with the verdicts already there"
    )
    parser.add_argument(
        "--carry-from",
        type=Path,
        action="append",
        default=[],
        help="with --fast: an older scratch copy whose verdicts hold for the functions unchanged since "
        "(repeatable: the first with a verdict gives it)",
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
    # the workers run inside the scratch copy: paths given relative to here must not change meaning
    args.workdir = args.workdir.resolve()
    args.carry_from = [path.resolve() for path in args.carry_from]
    if args.list:
        for name, target in TARGETS.items():
            print(f"{name}: {' '.join(target.files)}\n    tests: {' '.join(target.tests)}")
        return
    unknown = sorted(set(args.targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)}")
    for name in args.targets or list(TARGETS):
        target = TARGETS[name]
        if args.fast and target.reuse_servers:
            killed, total = fast(
                name,
                target,
                args.workdir,
                args.only,
                args.resume,
                args.recheck,
                args.workers,
                tuple(args.add_tests),
                tuple(args.prefer_tests),
            )
        elif args.recheck:
            killed, total, _survivors = recheck(name, target, args.workdir, args.tests, args.only)
        elif args.fast:
            killed, total, _survivors = in_session(
                name, target, args.workdir, args.only, args.carry_from, args.workers
            )
        else:
            killed, total, _survivors = run(name, TARGETS[name], args.workdir, args.only)
        score = 100.0 * killed / total if total else 0.0
        line(f"mutation_score_{name}", score, "%", f"≥{GOAL:.0f}", score >= GOAL, fmt=".1f")


if __name__ == "__main__":
    main()
