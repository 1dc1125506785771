"""The list's selection at 10^6 rows: kept by id across a re-sort or a wider filter, and Ctrl+A.

    python3 benchmarks/selection_bench.py [--rows 1000000] [--selected 10000,50000] [--repeat 5]

What the main window does on every re-query (``MainWindow.requery``): read the selected ids and the
current id, hand the model the new id order (``set_ids``), select the same records again
(``list_selection.reselect``: one range per run of consecutive rows) — here with the real
``RecordTableModel`` in a 1280×800 ``QTableView`` (offscreen) over 10^6 ids; rows come from an
in-memory function (the selection never reads rows, and the screen's 30 rows are the same cost as in
``scale_bench.py``). Timed from before ``selected_ids`` until the event loop has handled the change.

Cases: Ctrl+A and its ids (one range); N rows selected as one block (shift-click), then a re-sort
scatters them — the worst case, one range per row; N rows selected under a narrow filter, then the
filter is cleared. Baseline in the same run: the same re-selection with Qt's ``Rows`` flag, which
``reselect`` used before (Qt's row expansion is quadratic in the ranges).
Goal: ≤ 100 ms for 10,000 scattered rows (issue 5's event-loop stall goal).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np

from _report import line

STALL_GOAL_MS = 100.0


def _rows(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    return {
        int(i): {"id": int(i), "name": f"王芳{int(i) % 997}", "unit_name": "武汉市江岸区人民医院"}
        for i in ids
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--selected", default="10000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

    from reviewdesk.views.review.list_selection import current_id, install, reselect, selected_ids
    from reviewdesk.views.review.table_model import RecordTableModel, row_runs

    app = QApplication.instance() or QApplication([])
    model = RecordTableModel(_rows)
    n = args.rows
    by_time = np.arange(1, n + 1, dtype=np.int64)
    by_name = np.random.default_rng(7).permutation(by_time)  # another sort: the same ids, shuffled

    def make_view(ours: bool) -> Any:
        """The main window's list; ``ours``: with its selection model (``list_selection.install``:
        the selection as a row array, issue 18), else Qt's own (the baselines)."""
        view = QTableView()
        view.setModel(model)
        if ours:
            install(view, model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSortingEnabled(True)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setHighlightSections(False)
        view.horizontalHeader().setSelectionModel(QItemSelectionModel(model, view.horizontalHeader()))
        view.resize(1280, 800)
        return view

    view = make_view(ours=True)
    view.show()
    model.set_ids(by_time)
    app.processEvents()

    def requery(ids: np.ndarray) -> float:
        """MainWindow.requery's selection work around ``set_ids``, until the event loop is idle."""
        started = time.perf_counter()
        chosen = selected_ids(view.selectionModel())
        current = current_id(view)
        model.set_ids(ids)
        reselect(view, chosen, current)
        app.processEvents()
        return (time.perf_counter() - started) * 1000

    def select_block(first: int, count: int) -> None:
        model.set_ids(by_time)
        view.clearSelection()
        reselect(view, by_time[first : first + count], int(by_time[first]))
        app.processEvents()

    # Ctrl+A and its ids
    model.set_ids(by_time)
    times = []
    for _ in range(args.repeat):
        view.clearSelection()
        app.processEvents()
        started = time.perf_counter()
        view.selectAll()
        chosen = selected_ids(view.selectionModel())
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        assert len(chosen) == n
    line("select_all_and_ids", statistics.median(times), "ms", f"rows={n}", None)
    times = []
    for _ in range(args.repeat):
        view.selectAll()
        times.append(requery(by_name))  # every row selected: still one range after the re-sort
        model.set_ids(by_time)
    line("resort_keeping_all_selected", statistics.median(times), "ms", f"<={STALL_GOAL_MS:g}", None)

    for count in (int(part) for part in args.selected.split(",") if part):
        count = min(count, n)
        times = []
        for k in range(args.repeat):
            select_block(1000 * k, count)
            times.append(requery(by_name))
            again = selected_ids(view.selectionModel())
            assert len(again) == count and set(again.tolist()) == set(
                by_time[1000 * k : 1000 * k + count].tolist()
            )
            assert current_id(view) == int(by_time[1000 * k])
        med = statistics.median(times)
        goal_ok = med <= STALL_GOAL_MS if count <= 10_000 else None
        line(
            f"resort_keeping_{count}_selected_scattered",
            med,
            "ms",
            f"<={STALL_GOAL_MS:g}" if goal_ok is not None else "-",
            goal_ok,
        )

        # a narrow filter (every 20th record), Ctrl+A there, then the filter cleared
        narrow = by_name[:: max(1, n // count)][:count]
        times = []
        for _ in range(args.repeat):
            model.set_ids(narrow)
            view.selectAll()
            app.processEvents()
            times.append(requery(by_name))
            assert len(selected_ids(view.selectionModel())) == len(narrow)
        line(f"widen_filter_keeping_{count}_selected", statistics.median(times), "ms", "-", None)

        # baselines on Qt's own selection model (a second view of the same model): the re-sort as
        # reselect did it before issue 18 (one range per run, no Rows flag), and with Qt's Rows flag
        # (what reselect passed before issue 5)
        select_block(0, count)
        chosen = selected_ids(view.selectionModel())
        view.hide()
        plain = make_view(ours=False)
        plain.show()
        model.set_ids(by_time)
        reselect(plain, chosen, int(chosen[0]))
        app.processEvents()
        started = time.perf_counter()
        again = selected_ids(plain.selectionModel())
        current = current_id(plain)
        model.set_ids(by_name)
        reselect(plain, again, current)
        app.processEvents()
        line(
            f"baseline_qt_selection_model_resort_keeping_{count}_scattered",
            (time.perf_counter() - started) * 1000,
            "ms",
            "-",
            None,
        )
        rows = model.rows_of(chosen)
        started = time.perf_counter()
        selection = QItemSelection()
        last_column = model.columnCount() - 1
        for first, last in row_runs(rows[rows >= 0]):
            selection.select(model.index(first, 0), model.index(last, last_column))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        plain.selectionModel().select(selection, flags)
        app.processEvents()
        line(f"baseline_rows_flag_{count}_scattered", (time.perf_counter() - started) * 1000, "ms", "-", None)
        plain.close()
        view.show()

    # baseline: Ctrl+A with the header on the list's selection model (before), on a tenth of the rows
    small = by_time[: max(1, n // 10)]
    model.set_ids(small)
    view.close()
    view = make_view(ours=False)
    view.show()
    view.horizontalHeader().setSelectionModel(view.selectionModel())
    app.processEvents()
    started = time.perf_counter()
    view.selectAll()
    selected_ids(view.selectionModel())
    app.processEvents()
    line(
        f"baseline_select_all_shared_header_selection_{len(small)}_rows",
        (time.perf_counter() - started) * 1000,
        "ms",
        "-",
        None,
    )
    view.close()


if __name__ == "__main__":
    main()
