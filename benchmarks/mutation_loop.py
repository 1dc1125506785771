"""One process that runs pytest once per mutant (``mutation.py --recheck``'s worker).

Why: a fresh interpreter per mutant pays numpy's, SQLAlchemy's and the app's imports each time — more
than the few tests that kill most survivors take — and mutmut's trampoline reads the active mutant
from ``MUTANT_UNDER_TEST`` at every call, so one interpreter can switch mutants between pytest runs.

    cd build/mutation/<target>/mutants && PYTHONPATH=src python mutation_loop.py NAMES OUT -- PYTEST_ARGS…

Writes ``<mutant>: <pytest exit code>`` per line to OUT (0: the mutant survived those tests; a mutant
still running after ``LIMIT`` seconds is stopped and counts as killed, as mutmut counts a timeout). A
mutant could leave module state broken for the ones after it, so every 20 mutants and at the end the
unmutated code runs the same tests: ``clean: <code>`` must be 0, or the verdicts since the last clean
run are suspect.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

LIMIT = 300


class _TooLong(BaseException):
    pass


def _stop(_signum: int, _frame: Any) -> None:
    raise _TooLong


def _run(mutant: str, pytest_args: list[str]) -> int:
    os.environ["MUTANT_UNDER_TEST"] = mutant
    signal.alarm(LIMIT)
    try:
        return int(pytest.main(["-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *pytest_args]))
    except _TooLong:
        return -1
    finally:
        signal.alarm(0)


def main() -> None:
    names_file, out_file, separator, *pytest_args = sys.argv[1:]
    assert separator == "--", "usage: mutation_loop.py NAMES OUT -- PYTEST_ARGS…"
    signal.signal(signal.SIGALRM, _stop)
    names = Path(names_file).read_text(encoding="utf-8").split()
    with open(out_file, "a", encoding="utf-8") as out:
        for k, mutant in enumerate(names, start=1):
            out.write(f"{mutant}: {_run(mutant, pytest_args)}\n")
            out.flush()
            if k % 20 == 0 or k == len(names):
                out.write(f"clean: {_run('', pytest_args)}\n")
                out.flush()


if __name__ == "__main__":
    main()
