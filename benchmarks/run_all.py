"""Run every benchmark in ``benchmarks/`` and print one combined table: the ONE command for all figures.

    python3 benchmarks/run_all.py                      # everything, default sizes (10^6 for scale)
    python3 benchmarks/run_all.py --quick              # small sizes: a smoke run in minutes
    python3 benchmarks/run_all.py --only scale_bench,export_bench --markdown /tmp/figures.md

Each ``benchmarks/*.py`` (except this file, ``_``-prefixed helpers and non-benchmark modules listed in
``NOT_BENCHMARKS``) runs as its own subprocess — a fresh interpreter, so one benchmark's memory or Qt
state cannot colour the next — with Qt offscreen. A benchmark reports figures as lines

    name value unit goal PASS|MISS|INFO

(INFO: a figure without a goal, e.g. the SQL baseline it was compared with). Everything else it prints is
kept and shown only for a benchmark that printed no figure lines or failed. The exit status is 1 when a
benchmark crashed or timed out (and with ``--strict`` when a goal was missed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERDICTS = {"PASS", "MISS", "INFO"}
#: Modules in benchmarks/ that are not benchmarks themselves.
NOT_BENCHMARKS = {"run_all.py"}


def default_args(tmp: Path) -> dict[str, list[str]]:
    """Arguments a benchmark needs (the others run with their own defaults)."""
    return {
        "make_store.py": [
            "--rows",
            "200000",
            "--out",
            str(tmp / "make_store_rate.sqlite"),
            "--no-baseline-indexes",
        ]
    }


def quick_args(tmp: Path) -> dict[str, list[str]]:
    """Small sizes for a smoke run (flags each benchmark documents in its own docstring)."""
    return {
        "make_store.py": [
            "--rows",
            "20000",
            "--out",
            str(tmp / "make_store_rate.sqlite"),
            "--no-baseline-indexes",
        ],
        "scale_bench.py": ["--rows", "100000", "--repeat", "3", "--combos", "6", "--startup-runs", "1"],
        "bulk_decide.py": ["--records", "5000", "--selected", "2000", "--repeat", "1"],
        "image_bench.py": ["--repeat", "3"],
        "stall_bench.py": ["--candidates", "10000", "--decisions", "1000"],
        "export_bench.py": ["--rows", "10000", "--repeat", "1"],
        "selection_bench.py": ["--rows", "100000", "--selected", "2000", "--repeat", "2"],
        "seed_server.py": ["--candidates", "2000"],
        "bench_demo_data.py": ["5000"],
        "sync_bench.py": [],
        "entry_bench.py": ["--scans", "100", "--rows", "500"],
        "load_bench.py": [
            "--candidates",
            "2000",
            "--steps",
            "20,40",
            "--step-seconds",
            "20",
            "--soak-seconds",
            "0",
            "--storm",
            "8",
        ],
        "precheck_bench.py": ["--candidates", "1500", "--scans", "10"],
    }


@dataclass
class Figure:
    name: str
    value: str
    unit: str
    goal: str
    verdict: str


@dataclass
class Outcome:
    script: str
    seconds: float
    returncode: int | None  # None: timed out
    figures: list[Figure] = field(default_factory=list)
    output: str = ""


def parse(output: str) -> list[Figure]:
    figures = []
    for raw in output.splitlines():
        parts = raw.split()
        if len(parts) >= 5 and parts[-1] in VERDICTS and not raw.startswith("#"):
            figures.append(Figure(parts[0], parts[1], parts[2], " ".join(parts[3:-1]), parts[-1]))
    return figures


def discover(only: set[str], skip: set[str]) -> list[Path]:
    scripts = []
    for path in sorted(HERE.glob("*.py")):
        stem = path.stem
        if path.name in NOT_BENCHMARKS or stem.startswith("_"):
            continue
        if only and stem not in only:
            continue
        if stem in skip:
            continue
        scripts.append(path)
    return scripts


def run(script: Path, args: list[str], timeout: float) -> Outcome:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(script), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=HERE.parent,
        )
    except subprocess.TimeoutExpired as expired:
        out = (
            (expired.stdout or b"").decode() if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        )
        return Outcome(script.name, time.perf_counter() - started, None, parse(out), out)
    output = done.stdout + ("\n" + done.stderr if done.stderr else "")
    return Outcome(script.name, time.perf_counter() - started, done.returncode, parse(done.stdout), output)


def table(outcomes: list[Outcome]) -> list[list[str]]:
    rows = [["benchmark", "figure", "value", "unit", "goal", "verdict"]]
    for outcome in outcomes:
        for f in outcome.figures:
            rows.append([outcome.script.removesuffix(".py"), f.name, f.value, f.unit, f.goal, f.verdict])
        if outcome.returncode != 0:
            state = "timed out" if outcome.returncode is None else f"exit {outcome.returncode}"
            rows.append([outcome.script.removesuffix(".py"), "(run)", state, "", "", "FAIL"])
        elif not outcome.figures:
            rows.append([outcome.script.removesuffix(".py"), "(no figure lines)", "", "", "", "INFO"])
    return rows


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated benchmark names (file stems)")
    parser.add_argument("--skip", default="", help="comma-separated benchmark names to leave out")
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per benchmark")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal was missed")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    only = {s.strip().removesuffix(".py") for s in args.only.split(",") if s.strip()}
    skip = {s.strip().removesuffix(".py") for s in args.skip.split(",") if s.strip()}
    scripts = discover(only, skip)
    if args.list:
        print("\n".join(s.stem for s in scripts))
        return 0
    with tempfile.TemporaryDirectory(prefix="reviewdesk-bench-") as folder:
        tmp = Path(folder)
        extra = quick_args(tmp) if args.quick else default_args(tmp)
        outcomes = []
        for script in scripts:
            print(
                f"# running {script.name} {' '.join(extra.get(script.name, []))}", file=sys.stderr, flush=True
            )
            outcome = run(script, extra.get(script.name, []), args.timeout)
            print(f"#   {outcome.seconds:.0f} s, {len(outcome.figures)} figures", file=sys.stderr, flush=True)
            if outcome.returncode != 0 or not outcome.figures:
                tail = "\n".join(outcome.output.strip().splitlines()[-15:])
                print(f"#   output of {script.name}:\n{tail}", file=sys.stderr, flush=True)
            outcomes.append(outcome)
    rows = table(outcomes)
    print()
    print_table(rows)
    verdicts = [r[-1] for r in rows[1:]]
    print(
        f"\n{verdicts.count('PASS')} PASS, {verdicts.count('MISS')} MISS, {verdicts.count('INFO')} INFO, "
        f"{verdicts.count('FAIL')} benchmark(s) failed"
    )
    if args.markdown:
        args.markdown.write_text(markdown(rows), encoding="utf-8")
    failed = any(o.returncode != 0 for o in outcomes)
    return 1 if failed or (args.strict and "MISS" in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
