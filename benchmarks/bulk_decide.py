"""Bulk local actions, against the goal: 10,000 selected records decided in ≤ 2 s, undoable while unsynced.

    python3 benchmarks/bulk_decide.py [--records 20000] [--selected 10000] [--repeat 3]
                                      [--build 0]   # also time build_store at this size (e.g. 1000000)

Two levels are timed: the store's ``Workspace.decide`` / ``undo_last`` / ``report_up``, and what the
reviewer waits for in the real ``MainWindow`` (offscreen): 10,000 rows selected, 审核通过 chosen in the
bulk dialog (its preview checks the rules for every selected record), the decisions written, the index
and the visible rows refreshed, the status bar's counts updated; then 撤销 of that whole batch.

The store is filled through the sync engine's ingest API (``ingest.apply_snapshots``, pages of 500, as a
real first download would) with synthetic API-shaped snapshots (``store.testing.make_snapshot``).
Then, per repeat: ``decide`` over the selection (one transaction: outbox rows, targets, view columns),
``undo_last`` of that batch (re-folds every record), ``report_up`` of the passed records, and its undo.
Prints each figure with its goal. Wall-clock figures on a shared machine vary; CPU time is printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import line
from reviewdesk.domain.enums import Outcome
from reviewdesk.store import ingest
from reviewdesk.store.testing import build_store, create_store, make_snapshot

DECIDE_GOAL_S = 2.0
BUILD_GOAL_ROWS_PER_S = 50_000


def timed(work: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--selected", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", type=int, default=0, help="also time build_store with this many rows")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        ws = create_store(Path(tmp) / "bench.sqlite")
        pages = [
            [make_snapshot(i) for i in range(start, min(args.records, start + 499) + 1)]
            for start in range(1, args.records + 1, 500)
        ]
        _, wall, cpu = timed(lambda: [ingest.apply_snapshots(ws, page, (), "c") for page in pages])
        print(
            f"ingest {args.records:,} snapshots in pages of 500: {wall:.2f} s = {args.records / wall:,.0f}/s"
            f" (cpu {args.records / cpu:,.0f}/s)"
        )
        selection = list(range(1, args.selected + 1))
        decide_s: list[float] = []
        undo_s: list[float] = []
        for run in range(1, args.repeat + 1):
            result, wall, cpu = timed(lambda: ws.decide(selection, Outcome.PASS, ""))
            decide_s.append(wall)
            ok = "OK" if wall <= DECIDE_GOAL_S else "SLOW"
            print(
                f"[{run}] decide {len(result.allowed):,} records: {wall:.3f} s (cpu {cpu:.3f} s)"
                f"  goal ≤ {DECIDE_GOAL_S:.1f} s  {ok}"
            )
            _, wall, cpu = timed(ws.undo_last)
            undo_s.append(wall)
            print(f"[{run}] undo that batch: {wall:.3f} s (cpu {cpu:.3f} s)  goal ≤ {DECIDE_GOAL_S:.1f} s")
            ws.decide(selection, Outcome.PASS, "")
            reported, wall, cpu = timed(ws.report_up)
            print(f"[{run}] 材料上报 of {len(reported):,} records: {wall:.3f} s (cpu {cpu:.3f} s)")
            ws.undo_last()
            ws.undo_last()
        n = len(selection)
        line(
            f"store_decide_{n}_records",
            statistics.median(decide_s),
            "s",
            f"≤{DECIDE_GOAL_S:g}",
            statistics.median(decide_s) <= DECIDE_GOAL_S,
            ".3f",
        )
        line(f"store_undo_{n}_records", statistics.median(undo_s), "s", "-", None, ".3f")
        window_decide, window_undo = _time_in_the_window(ws, args.selected, args.repeat)
        line(
            f"window_bulk_decide_{args.selected}_selected",
            window_decide,
            "s",
            f"≤{DECIDE_GOAL_S:g}",
            window_decide <= DECIDE_GOAL_S,
            ".3f",
        )
        line(
            f"window_undo_bulk_{args.selected}",
            window_undo,
            "s",
            f"≤{DECIDE_GOAL_S:g}",
            window_undo <= DECIDE_GOAL_S,
            ".3f",
        )
        ws.close()

        if args.build:
            built, wall, cpu = timed(lambda: build_store(Path(tmp) / "built.sqlite", args.build, seed=1))
            rate = args.build / wall
            ok = "OK" if rate >= BUILD_GOAL_ROWS_PER_S else "SLOW"
            print(
                f"build_store {args.build:,} rows: {wall:.2f} s = {rate:,.0f} rows/s (cpu {args.build / cpu:,.0f}/s)"
                f"  goal ≥ {BUILD_GOAL_ROWS_PER_S:,}/s  {ok}"
            )
            built.close()
            lean, wall, cpu = timed(
                lambda: build_store(Path(tmp) / "lean.sqlite", args.build, seed=1, materials=False)
            )
            rate = args.build / wall
            print(
                f"build_store {args.build:,} rows, no materials: {wall:.2f} s = {rate:,.0f} rows/s"
                f" (cpu {args.build / cpu:,.0f}/s)  goal ≥ {BUILD_GOAL_ROWS_PER_S:,}/s"
                f"  {'OK' if rate >= BUILD_GOAL_ROWS_PER_S else 'SLOW'}"
            )
            lean.close()


def _time_in_the_window(ws: Any, selected: int, repeat: int) -> tuple[float, float]:
    """Median seconds of the main window's bulk 审核通过 over ``selected`` rows, and of its undo."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtWidgets import QApplication, QDialog

    from reviewdesk.domain.enums import DataScope
    from reviewdesk.store.filters import RecordFilter
    from reviewdesk.views.review.bulk_dialog import BulkReviewDialog
    from reviewdesk.views.review.window import MainWindow

    app = QApplication.instance() or QApplication([])
    BulkReviewDialog.exec = lambda dialog: QDialog.DialogCode.Accepted  # the reviewer clicks 确定
    window = MainWindow(ws, None, show_sync_dialog=False)
    window.resize(1280, 800)
    window.show()
    window.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL))  # 下级所有: the whole scope
    app.processEvents()
    assert window.model.rowCount() >= selected, f"only {window.model.rowCount()} rows to select from"
    decide, undo = [], []
    for _ in range(repeat):
        model = window.table.model()
        rows = QItemSelection(model.index(0, 0), model.index(selected - 1, model.columnCount() - 1))
        window.table.selectionModel().select(rows, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        before = ws.pending_actions()
        _, wall, _ = timed(lambda: (window.review(Outcome.PASS), app.processEvents()))
        assert ws.pending_actions() > before, "the bulk decision was not applied"
        decide.append(wall)
        _, wall, _ = timed(lambda: (window.undo(), app.processEvents()))
        assert ws.pending_actions() == before, "the bulk decision was not undone"
        undo.append(wall)
    window.shutdown()
    return statistics.median(decide), statistics.median(undo)


if __name__ == "__main__":
    main()
