"""Provincial scale: the 报名材料审核 list at 10^6 records, against its goals and against SQL in the same run.

    python3 benchmarks/scale_bench.py [--rows 1000000] [--store PATH] [--repeat 7] [--combos 24]

Makes (or reuses) a store with ``make_store.py`` (``--store`` defaults to
``$TMPDIR/reviewdesk-bench/store_<rows>.sqlite``; the file is kept for the next run), then measures:

* **startup** in a fresh process (``--probe-startup``): Python + Qt + ``Workspace.open`` + index build +
  the model + an offscreen ``QTableView`` until the first screen of rows is painted, and until every sort
  permutation is ready (any header click instant); the probe's peak RSS with everything open;
* **filter + sort**: random combinations of the list's filters (bar and 高级搜索) sorted by every sortable
  column, ``RecordIndex.query`` + ``model.set_ids`` vs ``SELECT id … WHERE … ORDER BY`` on the same
  indexed SQLite file (``store.sql_query``): medians of ``--repeat`` runs, interleaved;
* **name / ID search** (prefix and substring), **paint** one screen while scrolling and the jump to the
  last row, **record(id)** (what the detail pane reads), **after a decision** (index update + model
  refresh + counts), the **longest stall** of the event loop (a 1 ms heartbeat) during a scripted session
  of filters, sorts and scrolls on an index opened from the snapshot, with three re-sorts keeping 10,000
  selected rows, and **Ctrl+A** + the selected ids;
* issue 18's **ratios to Qt's floor** (the same texts in a C++ ``QStandardItemModel``, painted in turns
  with the list): one screen's repaint and the jump to the last row.

The views are set up like the main window's list (``list_view``: no row header, no word wrap,
alternating rows, the columns' default widths, the list's delegate).

Each figure prints as ``name value unit goal PASS|MISS`` (what ``run_all.py`` collects), with the SQL
figure it was compared with on its own line. The machine is shared: medians, and ratios within a run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import line, median_ms, peak_rss_mb  # noqa: E402

FILTER_GOAL_MS = 30.0
SPEEDUP_GOAL = 20.0
SEARCH_GOAL_MS = 50.0
FIRST_PAINT_GOAL_S = 2.0
INTERACTIVE_GOAL_S = 3.0
RSS_GOAL_MB = 600.0
PAINT_GOAL_MS = 8.0
JUMP_GOAL_MS = 50.0
RECORD_GOAL_MS = 50.0
DECISION_GOAL_MS = 30.0
STALL_GOAL_MS = 100.0
#: Ratios to a baseline of the same run (issue 18: they hold on any machine).
FIRST_OPEN_RATIO_GOAL = 1.1  # first open after a download / an open with a snapshot
PAINT_RATIO_GOAL = 1.3  # one screen / Qt's floor (the same texts in a C++ QStandardItemModel)
JUMP_RATIO_GOAL = 3.0  # jump to the last row / Qt's floor


def ensure_store(rows: int, path: Path | None) -> Path:
    import make_store

    if path is None:
        path = Path(tempfile.gettempdir()) / "reviewdesk-bench" / f"store_{rows}.sqlite"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"# writing {rows:,} records to {path} (kept for the next run)", file=sys.stderr, flush=True)
        report = make_store.build_store(path, rows)
        line(
            "make_store_rate", report["rows_per_s"], "records/s", "-", None
        )  # a tool: no goal (make_store.py)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        if conn.execute("SELECT 1 FROM records WHERE flag_kinds != 0 LIMIT 1").fetchone() is None:
            print(f"# drawing 预审提示 columns into {path} (written before they were drawn)", file=sys.stderr)
            make_store.fill_flags(conn)
    finally:
        conn.close()
    return path


def list_view(model: Any, *, delegate: bool = True) -> Any:
    """A 1280×800 ``QTableView`` set up like the main window's list (``views.review.window``): fixed
    24 px rows, no row header, whole-row selection, no word wrap, alternating rows, the columns'
    default widths and —
    unless ``delegate`` is False (Qt's floor) — the list's delegate."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    from reviewdesk.store.columns import COLUMNS_BY_KEY, DEFAULT_VISIBLE
    from reviewdesk.views.review import list_selection, table_delegate

    view = QTableView()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setModel(model)
    if delegate:
        list_selection.install(view, model)
        table_delegate.install(view, model)
    for column, key in enumerate(DEFAULT_VISIBLE):  # the model's columns (and the floor's copy)
        view.setColumnWidth(column, COLUMNS_BY_KEY[key].width)
    view.resize(1280, 800)
    return view


# -- the startup probe (runs in a fresh process) -------------------------------------------------------
def probe_startup(store: Path) -> None:
    """Print JSON: seconds from process start to first paint and to fully interactive, peak RSS."""
    import psutil

    started = psutil.Process().create_time()
    from PySide6.QtWidgets import QApplication

    from reviewdesk.store.columns import COLUMNS
    from reviewdesk.store.filters import RecordFilter, SortKey
    from reviewdesk.store.index import RecordIndex
    from reviewdesk.store.workspace import Workspace
    from reviewdesk.views.review.table_model import RecordTableModel

    app = QApplication.instance() or QApplication(["probe", "-platform", "offscreen"])
    workspace = Workspace.open(store)
    index = RecordIndex.open(workspace)  # the snapshot next to the store, or a build when there is none
    model = RecordTableModel(workspace.rows)
    sort = SortKey()
    model.set_ids(index.query(RecordFilter(), sort, workspace.me.org_id), sort)
    view = list_view(model)
    view.show()
    app.processEvents()
    view.viewport().repaint()
    first_paint = time.time() - started
    for column in COLUMNS:  # every header click instant from here on
        if column.sort_field:
            index.prepare(SortKey(column.key))
            index.prepare(SortKey(column.key, True))
    app.processEvents()
    interactive = time.time() - started
    # Use it a little, then measure the memory of the whole app with the scope open.
    for flt in (RecordFilter(name="王"), RecordFilter(level=None, pending_only=True), RecordFilter()):
        model.set_ids(index.query(flt, SortKey("name"), workspace.me.org_id))
        view.viewport().repaint()
    view.scrollToBottom()
    view.viewport().repaint()
    rss = psutil.Process().memory_info().rss / 2**20
    peak = peak_rss_mb()
    print(
        json.dumps(
            {
                "first_paint_s": first_paint,
                "interactive_s": interactive,
                "rss_mb": rss,
                "peak_rss_mb": peak,
                "index_mb": index.memory_bytes() / 2**20,
            }
        )
    )
    index.close()
    workspace.close()


def _probe(store: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--probe-startup", str(store)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _refresh_snapshot(store: Path) -> float:
    """What every path that downloads does at its end (``reviewdesk sync``, the window's first download):
    ``RecordIndex.refresh_snapshot``, in a fresh process as the sync command runs it. Seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--refresh-snapshot", str(store)], check=True)
    return time.perf_counter() - started


def run_probe(store: Path, runs: int) -> None:
    """The first open after a download (the download left the index snapshot, as ``reviewdesk sync``
    and the window's download do), every later open, and — for information — an open that finds no
    snapshot at all (lost or deleted: the index is built from SQLite)."""
    from reviewdesk.store.index import snapshot as index_snapshot

    snapshot = index_snapshot.default_path(store)
    cold, refresh, lost = [], [], []
    for _ in range(max(1, runs // 2)):
        snapshot.unlink(missing_ok=True)
        lost.append(_probe(store))
        snapshot.unlink(missing_ok=True)
        refresh.append(_refresh_snapshot(store))
        cold.append(_probe(store))
    warm = [_probe(store) for _ in range(runs)]
    for label, results in (("", warm), ("_first_open", cold)):
        first = statistics.median(r["first_paint_s"] for r in results)
        ready = statistics.median(r["interactive_s"] for r in results)
        peak = max(r["peak_rss_mb"] for r in results)
        line(
            f"startup_first_paint{label}",
            first,
            "s",
            f"<={FIRST_PAINT_GOAL_S:g}",
            first <= FIRST_PAINT_GOAL_S,
        )
        line(
            f"startup_interactive{label}",
            ready,
            "s",
            f"<={INTERACTIVE_GOAL_S:g}",
            ready <= INTERACTIVE_GOAL_S,
        )
        line(f"peak_rss_scope_open{label}", peak, "MB", f"<={RSS_GOAL_MB:g}", peak <= RSS_GOAL_MB)
    ratio = statistics.median(r["first_paint_s"] for r in cold) / statistics.median(
        r["first_paint_s"] for r in warm
    )
    line(
        "startup_first_open_ratio", ratio, "x", f"<={FIRST_OPEN_RATIO_GOAL:g}", ratio <= FIRST_OPEN_RATIO_GOAL
    )
    line(
        "startup_first_paint_no_snapshot", statistics.median(r["first_paint_s"] for r in lost), "s", "-", None
    )
    line("download_index_snapshot_refresh", statistics.median(refresh), "s", "-", None)
    line("rss_scope_open", statistics.median(r["rss_mb"] for r in warm), "MB", "-", None)
    line("index_memory", warm[-1]["index_mb"], "MB", "-", None)
    line("index_snapshot_file", snapshot.stat().st_size / 2**20, "MB", "-", None)


# -- filters --------------------------------------------------------------------------------------------
def random_filters(count: int, seed: int, index: Any) -> list[Any]:
    """Combinations a reviewer makes: one to four conditions from the bar and 高级搜索."""
    from reviewdesk.domain.enums import (
        DataScope,
        EducationLevel,
        Level,
        Library,
        PayStatus,
        ReviewStatus,
        SubmitStatus,
        Tier,
        VerifyStatus,
    )
    from reviewdesk.domain.precheck import KINDS
    from reviewdesk.store.filters import NOT_REACHED, RecordFilter

    rng = random.Random(seed)
    units = [v for v in index._state.columns["unit_name"].values if v]
    by_level = _categories_by_level()

    def level_and_category() -> dict[str, Any]:
        level = rng.choice(list(Level))
        return {"level": level, "category_code": rng.choice(by_level[level.value])}

    makers: list[Callable[[], dict[str, Any]]] = [
        lambda: {"level": rng.choice(list(Level))},
        level_and_category,  # the bar offers 类别 only after 申报级别, and only that level's
        lambda: {"submit_status": rng.choice(list(SubmitStatus))},
        lambda: {"education_level": rng.choice(list(EducationLevel))},
        lambda: {"data_scope": DataScope.DIRECT},
        lambda: {"unit_name": rng.choice(units)[2:5]},
        lambda: {"tier_status": {rng.choice(list(Tier)): rng.choice([*ReviewStatus, NOT_REACHED])}},
        lambda: {"pay_status": rng.choice(list(PayStatus))},
        lambda: {
            "submitted_from": date(2026, 12, rng.randint(1, 9)),
            "submitted_to": date(2026, 12, rng.randint(10, 15)),
        },
        lambda: {"library_hits": frozenset(rng.sample(list(Library), 2))},
        lambda: {"flag_kinds": frozenset(rng.sample(KINDS, rng.randint(1, len(KINDS))))},  # 预审提示
        lambda: {"frontline": rng.choice([True, False])},
        lambda: {"verify_status": rng.choice(list(VerifyStatus))},
        lambda: {"pending_only": True},
    ]
    filters = [RecordFilter()]
    while len(filters) < count:
        changes: dict[str, Any] = {}
        for make in rng.sample(makers, rng.randint(1, 4)):
            changes.update(make())
        filters.append(RecordFilter(**changes))
    return filters


def _categories_by_level() -> dict[str, list[str]]:
    import make_store

    return {level: [code for code, _name in items] for level, items in make_store._categories().items()}


def describe(flt: Any) -> str:
    from reviewdesk.store.filters import RecordFilter

    default = RecordFilter()
    parts = [k for k in flt.to_json() if getattr(flt, k) != getattr(default, k)]
    return "+".join(parts) or "none"


def bench_filters(
    index: Any, model: Any, conn: sqlite3.Connection, org: int, args: argparse.Namespace
) -> None:
    from reviewdesk.store import sql_query
    from reviewdesk.store.columns import COLUMNS
    from reviewdesk.store.filters import SortKey

    sorts = [SortKey(c.key, d) for c in COLUMNS if c.sort_field for d in (False, True)]
    filters = random_filters(args.combos, 7, index)
    rng = random.Random(11)
    index_ms: list[float] = []
    ratios: list[float] = []
    labels: list[str] = []
    for i, flt in enumerate(filters):
        sort = sorts[i % len(sorts)] if i < len(sorts) else rng.choice(sorts)
        index.prepare(sort)  # cached permutation: the steady state after warm-up
        expected = sql_query.query_ids(conn, flt, sort, org)
        got = index.query(flt, sort, org)
        assert np.array_equal(expected, got), f"index and SQL disagree on {flt} {sort}"

        def fast(flt: Any = flt, sort: Any = sort) -> None:
            model.set_ids(index.query(flt, sort, org), sort)

        fast_ms = median_ms(fast, args.repeat)
        sql_ms = median_ms(
            lambda flt=flt, sort=sort: sql_query.query_ids(conn, flt, sort, org), args.sql_repeat
        )
        index_ms.append(fast_ms)
        ratios.append(sql_ms / max(fast_ms, 1e-6))
        labels.append(
            f"{describe(flt)} sort {sort.column}{' desc' if sort.descending else ''} ({len(got):,} rows)"
        )
        print(
            f"# {describe(flt):60s} sort {sort.column}{' desc' if sort.descending else ''}: "
            f"{len(got):>8,} rows  index {fast_ms:7.2f} ms  SQL {sql_ms:8.1f} ms  ×{ratios[-1]:.0f}",
            file=sys.stderr,
            flush=True,
        )
    least = ratios.index(min(ratios))
    print(f"# least favourable: {labels[least]} ×{ratios[least]:.0f}", file=sys.stderr, flush=True)
    med = statistics.median(index_ms)
    line("filter_sort_median", med, "ms", f"<={FILTER_GOAL_MS:g}", med <= FILTER_GOAL_MS)
    line("filter_sort_worst", max(index_ms), "ms", "-", None)
    line(
        "filter_sort_speedup_median",
        statistics.median(ratios),
        "x",
        f">={SPEEDUP_GOAL:g}",
        statistics.median(ratios) >= SPEEDUP_GOAL,
    )
    line("filter_sort_speedup_min", min(ratios), "x", f">={SPEEDUP_GOAL:g}", min(ratios) >= SPEEDUP_GOAL)


def bench_first_sorts(workspace: Any) -> None:
    """Permutations are computed on first use (or by prepare() in a worker after the build)."""
    from reviewdesk.store.columns import COLUMNS
    from reviewdesk.store.filters import SortKey
    from reviewdesk.store.index import RecordIndex

    index = RecordIndex.build(workspace)
    worst = ("", 0.0)
    total = 0.0
    for column in COLUMNS:
        if column.sort_field:
            started = time.perf_counter()
            index.prepare(SortKey(column.key, True))
            ms = (time.perf_counter() - started) * 1000
            total += ms
            worst = max(worst, (column.key, ms), key=lambda w: w[1])
    line(f"first_sort_worst[{worst[0]}]", worst[1], "ms", "-", None)
    line("prepare_all_sorts", total, "ms", "-", None)


def bench_search(
    index: Any, model: Any, conn: sqlite3.Connection, org: int, args: argparse.Namespace
) -> None:
    from reviewdesk.domain.precheck import KINDS
    from reviewdesk.store import sql_query
    from reviewdesk.store.filters import RecordFilter, SortKey

    sort = SortKey()
    index.prepare(sort)
    some = conn.execute(
        "SELECT name, id_number FROM records WHERE id_type = 'resident_id' AND length(name) = 3 "
        "AND id >= (SELECT max(id) * 2 / 3 FROM records) ORDER BY id LIMIT 1"
    ).fetchone()
    cases = {
        "name_prefix": RecordFilter(name=some[0][:1]),
        "name_full": RecordFilter(name=some[0]),
        "name_substring": RecordFilter(name=some[0][-1:]),
        "id_prefix": RecordFilter(id_number=some[1][:6]),
        "id_prefix_long": RecordFilter(id_number=some[1][:10]),
        "id_substring": RecordFilter(id_number=some[1][6:14]),
        "id_check_char": RecordFilter(id_number="x"),
        "id_full": RecordFilter(id_number=some[1]),
        "flags_any": RecordFilter(flag_kinds=frozenset(KINDS)),  # 预审提示: 有提示
        "flags_reused": RecordFilter(flag_kinds=frozenset({"reused"})),
    }
    for name, flt in cases.items():
        got = index.query(flt, sort, org)
        assert np.array_equal(got, sql_query.query_ids(conn, flt, sort, org))
        ms = median_ms(lambda flt=flt: model.set_ids(index.query(flt, sort, org), sort), args.repeat)
        sql_ms = median_ms(
            lambda flt=flt: sql_query.query_ids(conn, flt, sort, org), max(1, args.sql_repeat // 2)
        )
        line(f"search_{name}", ms, "ms", f"<={SEARCH_GOAL_MS:g}", ms <= SEARCH_GOAL_MS)
        line(f"search_{name}_sql", sql_ms, "ms", f"rows={len(got)}", None)


def bench_view(app: Any, index: Any, workspace: Any, model: Any, org: int, args: argparse.Namespace) -> None:
    from reviewdesk.domain.enums import Outcome, ReviewStatus, Tier
    from reviewdesk.store.filters import RecordFilter, SortKey
    from reviewdesk.views.review.list_selection import selected_ids

    sort = SortKey()
    model.set_ids(index.query(RecordFilter(), sort, org), sort)
    view = list_view(model)
    view.show()
    app.processEvents()
    view.viewport().repaint()

    # Scrolling: one screen further each step (about a new page of rows every 6 screens), each step
    # followed by a repaint of Qt's floor (the same texts in a C++ QStandardItemModel, the same view
    # set-up) so that both see the same load on a shared machine; then random jumps.
    other = _floor_view(app, model)
    other_bar = other.verticalScrollBar()
    other_screens = max(1, other_bar.maximum() // max(1, other_bar.pageStep()))
    bar = view.verticalScrollBar()
    times, floor_times = [], []
    for step in range(1, 61):
        bar.setValue(step * bar.pageStep())
        started = time.perf_counter()
        view.viewport().repaint()
        times.append((time.perf_counter() - started) * 1000)
        other_bar.setValue((step % other_screens) * other_bar.pageStep())
        started = time.perf_counter()
        other.viewport().repaint()
        floor_times.append((time.perf_counter() - started) * 1000)
    other.close()
    rng = random.Random(3)
    jumps = []
    for _ in range(20):
        bar.setValue(rng.randint(0, bar.maximum()))
        started = time.perf_counter()
        view.viewport().repaint()
        jumps.append((time.perf_counter() - started) * 1000)
    wheel = []
    for _ in range(30):  # a mouse-wheel notch: 3 rows; Qt scrolls the pixels and paints the new strip
        bar.setValue(bar.value() + 3)
        started = time.perf_counter()
        app.processEvents()
        wheel.append((time.perf_counter() - started) * 1000)
    med = statistics.median(times)
    floor = statistics.median(floor_times)
    line("paint_screen_scrolling", med, "ms", f"<={PAINT_GOAL_MS:g}", med <= PAINT_GOAL_MS)
    line("paint_screen_qt_floor", floor, "ms", "same_texts_in_QStandardItemModel", None)
    line(
        "paint_screen_ratio_to_qt",
        med / floor,
        "x",
        f"<={PAINT_RATIO_GOAL:g}",
        med / floor <= PAINT_RATIO_GOAL,
    )
    line("paint_wheel_step_3_rows", statistics.median(wheel), "ms", "-", None)
    line("paint_screen_scrolling_p95", float(np.percentile(times, 95)), "ms", "-", None)
    line("paint_screen_random_jump", statistics.median(jumps), "ms", "-", None)
    # The jump to the last row, in three sort orders (each ends with other records: rows never fetched,
    # texts never painted); the median.
    jump_ms = []
    for order in (SortKey(), SortKey("name"), SortKey("id_number", True)):
        model.set_ids(index.query(RecordFilter(), order, org), order)
        view.scrollToTop()
        view.viewport().repaint()
        started = time.perf_counter()
        view.scrollToBottom()
        view.viewport().repaint()
        jump_ms.append((time.perf_counter() - started) * 1000)
    jump = statistics.median(jump_ms)
    model.set_ids(index.query(RecordFilter(), sort, org), sort)
    line("jump_to_last_row", jump, "ms", f"<={JUMP_GOAL_MS:g}", jump <= JUMP_GOAL_MS)
    line(
        "jump_to_last_row_ratio_to_qt",
        jump / floor,
        "x",
        f"<={JUMP_RATIO_GOAL:g}",
        jump / floor <= JUMP_RATIO_GOAL,
    )

    # What the detail pane reads when a record is selected.
    ids = model.ids
    picks = [int(ids[rng.randint(0, len(ids) - 1)]) for _ in range(args.repeat * 3)]
    record_ms = []
    for rid in picks:
        started = time.perf_counter()
        workspace.record(rid)
        record_ms.append((time.perf_counter() - started) * 1000)
    med = statistics.median(record_ms)
    line("select_record_read", med, "ms", f"<={RECORD_GOAL_MS:g}", med <= RECORD_GOAL_MS)
    try:  # the GUI's detail pane, once it exists: every tab filled and painted
        from reviewdesk.views.detail.pane import DetailPane
    except ImportError:
        DetailPane = None
    if DetailPane is not None:
        pane = DetailPane(workspace)
        pane.resize(700, 800)
        pane.show()
        app.processEvents()
        pane_ms = []
        for rid in picks:
            started = time.perf_counter()
            pane.show_record(rid)
            for tab in range(pane.count()):  # fill and paint every tab, not only the current one
                pane.setCurrentIndex(tab)
                pane.currentWidget().repaint()
            pane_ms.append((time.perf_counter() - started) * 1000)
        med = statistics.median(pane_ms)
        line("select_record_all_tabs_painted", med, "ms", f"<={RECORD_GOAL_MS:g}", med <= RECORD_GOAL_MS)
        pane.close()

    # After a decision: index update + model refresh + the counts (the store's decide is timed apart).
    waiting = index.query(RecordFilter(tier_status={Tier.PROVINCE: ReviewStatus.PENDING}), sort, org)
    after_ms, decide_ms = [], []
    for k in range(args.repeat):
        rid = int(waiting[k])
        row = model.row_of(rid)
        if row is not None:
            view.scrollTo(model.index(row, 0))
            view.viewport().repaint()
        started = time.perf_counter()
        workspace.decide([rid], Outcome.PASS, "")
        decided = time.perf_counter()
        index.update({rid})
        model.refresh({rid})
        index.status_counts(Tier.PROVINCE, RecordFilter(), org)
        app.processEvents()  # the view repaints the changed row (dataChanged)
        done = time.perf_counter()
        decide_ms.append((decided - started) * 1000)
        after_ms.append((done - decided) * 1000)
    med = statistics.median(after_ms)
    line("after_decision_update", med, "ms", f"<={DECISION_GOAL_MS:g}", med <= DECISION_GOAL_MS)
    line("decide_one_record_store", statistics.median(decide_ms), "ms", "-", None)

    # Ctrl+A on every row, then the selected ids.
    model.set_ids(index.query(RecordFilter(), sort, org), sort)
    started = time.perf_counter()
    view.selectAll()
    chosen = selected_ids(view.selectionModel())
    ms = (time.perf_counter() - started) * 1000
    assert len(chosen) == len(model.ids)
    line("select_all_and_ids", ms, "ms", f"rows={len(chosen)}", None)
    view.clearSelection()
    view.close()


def _floor_view(app: Any, model: Any) -> Any:
    """Qt's own cost for the same screen: the texts the model shows in its first 400 rows, in a C++
    QStandardItemModel, in a view set up like the list's with Qt's own delegate."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    rows = 400
    floor = QStandardItemModel(rows, model.columnCount())
    for r in range(rows):
        for c in range(model.columnCount()):
            floor.setItem(r, c, QStandardItem(model.index(r, c).data() or ""))
    other = list_view(floor, delegate=False)
    floor.setParent(other)  # lives as long as its view
    other.show()
    app.processEvents()
    return other


def bench_stalls(app: Any, workspace: Any, model: Any, org: int) -> None:
    """A 1 ms heartbeat on the event loop while a script filters, sorts and scrolls, one step per timer,
    on an index opened as the app opens it (from the snapshot, then the window's first query and the
    warm-up it starts — its stall measured on its own), and re-sorts keeping 10,000 selected rows (the
    block scattered by the new order). Queries go the window's way (``MainWindow.requery``): through
    ``list_query.ListQueries`` — at this scale in its worker, the answer shown with
    ``list_selection.replace_ids`` (the selection and the current row kept by id) — and a step ends
    when its answer is on screen (its wall time is that latency; its CPU time the GUI thread's)."""
    from PySide6.QtCore import QElapsedTimer, QItemSelection, QItemSelectionModel, QTimer

    from reviewdesk.store.columns import COLUMNS
    from reviewdesk.store.filters import RecordFilter, SortKey
    from reviewdesk.store.index import RecordIndex
    from reviewdesk.views.review.list_query import ListQueries
    from reviewdesk.views.review.list_selection import replace_ids

    index = RecordIndex.open(workspace, follow=False)
    view = list_view(model)
    view.show()
    model.set_ids(index.query(RecordFilter(), SortKey(), org))  # the window's first query …
    filters = random_filters(12, 21, index)
    sorts = [SortKey(c.key, d) for c in COLUMNS if c.sort_field for d in (False, True)]
    shown_cpu = [0.0]  # the GUI thread's CPU time spent showing answers

    def show(answer: Any) -> None:
        cpu = time.thread_time()
        replace_ids(view, answer.ids, answer.sort)
        shown_cpu[0] += time.thread_time() - cpu

    queries = ListQueries(index, org, show)
    print(f"# queries in a worker: {len(index) >= queries.background_from}", file=sys.stderr)

    def requery(flt: Any, sort: Any) -> None:
        """``MainWindow.requery``."""
        queries.submit(flt, sort)

    def select_block(first: int, count: int) -> None:
        """A shift-click: ``count`` rows from ``first``, one range."""
        last = min(first + count, model.rowCount()) - 1
        block = QItemSelection(model.index(first, 0), model.index(last, model.columnCount() - 1))
        view.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        view.selectionModel().setCurrentIndex(
            model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate
        )

    steps: list[tuple[str, Callable[[], None]]] = []
    for i, flt in enumerate(filters):
        sort = sorts[i % len(sorts)]
        steps.append(("filter+sort", lambda flt=flt, sort=sort: requery(flt, sort)))
        steps.append(
            (
                "scroll to middle",
                lambda: view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2),
            )
        )
        steps.append(("scroll to bottom", lambda: view.scrollToBottom()))
        steps.append(("scroll to top", lambda: view.scrollToTop()))
    everything = RecordFilter()
    steps.append(("all rows", lambda: requery(everything, SortKey())))
    for k, sort in enumerate((SortKey("name", True), SortKey("id_number"), SortKey("unit_name", True))):
        steps.append(("select 10,000 rows", lambda k=k: select_block(1000 + 50_000 * k, 10_000)))
        steps.append(("re-sort keeping 10,000 selected", lambda sort=sort: requery(everything, sort)))
        steps.append(("scroll with them selected", lambda: view.scrollToBottom()))
    steps.append(("clear the selection", lambda: view.clearSelection()))
    steps.append(("name search", lambda: requery(RecordFilter(name="王"), SortKey("name", True))))

    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    gaps: list[int] = []
    step_of_gap: list[int] = []
    running = [-1]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        step_of_gap.append(running[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    # … and what the window starts then (MainWindow.__init__): the index's warm-up in a worker, which
    # builds what the first queries would build on first touch. Its own stall is measured with the
    # window idle; the script starts when it is done (a user's first click comes later than that).
    warm_started = time.perf_counter()
    warmer = index.warm_in_background()
    while warmer.is_alive():
        app.processEvents()
        time.sleep(0.0005)
    warm_s = time.perf_counter() - warm_started
    app.processEvents()
    warm_stall = max(gaps[5:]) if len(gaps) > 5 else 0
    gaps.clear()
    step_of_gap.clear()
    remaining = list(enumerate(steps))
    done = [False]
    timings: list[tuple[float, int]] = []
    cpu_timings: list[tuple[float, int]] = []  # the GUI thread's CPU time per step (a busy machine)

    def next_step() -> None:
        if not remaining:
            done[0] = True
            return
        number, (_label, step) = remaining.pop(0)
        running[0] = number
        started, shown_before = time.perf_counter(), shown_cpu[0]
        cpu = time.thread_time()
        step()
        cpu = time.thread_time() - cpu

        def finish() -> None:
            if queries.busy:  # the answer is still in the worker: the event loop runs meanwhile
                QTimer.singleShot(1, finish)
                return
            timings.append(((time.perf_counter() - started) * 1000, number))
            cpu_timings.append(((cpu + shown_cpu[0] - shown_before) * 1000, number))
            QTimer.singleShot(20, next_step)

        finish()

    QTimer.singleShot(50, next_step)
    deadline = time.perf_counter() + 180
    while not done[0] and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    for _ in range(20):
        app.processEvents()
    heartbeat.stop()
    worst = max(gaps[5:]) if len(gaps) > 5 else 0
    at = step_of_gap[gaps.index(worst, 5)] if len(gaps) > 5 else -1
    step_ms, number = max(timings)
    print(
        f"# longest stall {worst} ms during step #{at} ({steps[at][0] if at >= 0 else '-'})", file=sys.stderr
    )
    print(f"# slowest step: #{number} ({steps[number][0]}) {step_ms:.1f} ms", file=sys.stderr)
    line("index_warm_up", warm_s, "s", "-", None)
    line("stall_during_index_warm_up", warm_stall, "ms", f"<={STALL_GOAL_MS:g}", warm_stall <= STALL_GOAL_MS)
    line("longest_event_loop_stall", worst, "ms", f"<={STALL_GOAL_MS:g}", worst <= STALL_GOAL_MS)
    line("slowest_scripted_step", step_ms, "ms", "-", None)
    resorts = [ms for ms, n in timings if steps[n][0] == "re-sort keeping 10,000 selected"]
    line("resort_keeping_10000_selected_step", max(resorts), "ms", "-", None)
    firsts = [ms for ms, n in timings if steps[n][0] == "filter+sort"]
    line("first_queries_filter_sort_step_max", max(firsts), "ms", "-", None)
    cpu_ms, cpu_number = max(cpu_timings)
    print(f"# slowest step in CPU time: #{cpu_number} ({steps[cpu_number][0]})", file=sys.stderr)
    line("slowest_scripted_step_cpu", cpu_ms, "ms", "-", None)
    resorts_cpu = [ms for ms, n in cpu_timings if steps[n][0] == "re-sort keeping 10,000 selected"]
    line("resort_keeping_10000_selected_step_cpu", max(resorts_cpu), "ms", "-", None)
    firsts_cpu = [ms for ms, n in cpu_timings if steps[n][0] == "filter+sort"]
    line("first_queries_filter_sort_step_max_cpu", max(firsts_cpu), "ms", "-", None)
    queries.close()
    view.close()
    index.close()


#: What ``--parts`` can choose (a first look at one part without the whole run's minutes).
PARTS = ("startup", "sorts", "filters", "search", "view", "stalls")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=7, help="runs per fast figure (median)")
    parser.add_argument("--sql-repeat", type=int, default=3, help="runs per SQL figure (median)")
    parser.add_argument("--combos", type=int, default=24, help="filter combinations")
    parser.add_argument("--startup-runs", type=int, default=3)
    parser.add_argument("--probe-startup", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--refresh-snapshot", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--parts", default=",".join(PARTS), help=f"what to measure (default all: {','.join(PARTS)})"
    )
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    if parts - set(PARTS):
        parser.error(f"unknown parts: {','.join(sorted(parts - set(PARTS)))}")
    if args.probe_startup:
        probe_startup(args.probe_startup)
        return 0
    if args.refresh_snapshot:
        from reviewdesk.store.index import RecordIndex

        RecordIndex.refresh_snapshot(args.refresh_snapshot)
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    store = ensure_store(args.rows, args.store)

    if "startup" in parts:
        run_probe(store, args.startup_runs)

    from PySide6.QtWidgets import QApplication

    from reviewdesk.store.index import RecordIndex
    from reviewdesk.store.workspace import Workspace
    from reviewdesk.views.review.table_model import RecordTableModel

    app = QApplication.instance() or QApplication(["scale_bench"])
    workspace = Workspace.open(store)
    org = workspace.me.org_id
    started = time.perf_counter()
    index = RecordIndex.build(workspace, follow=False)
    line("index_build", time.perf_counter() - started, "s", "-", None)
    if "sorts" in parts:
        bench_first_sorts(workspace)
    model = RecordTableModel(workspace.rows)
    conn = sqlite3.connect(store)
    gc.collect()
    if "filters" in parts:
        bench_filters(index, model, conn, org, args)
    if "search" in parts:
        bench_search(index, model, conn, org, args)
    if "view" in parts:
        bench_view(app, index, workspace, model, org, args)
    if "stalls" in parts:
        bench_stalls(app, workspace, model, org)
    conn.close()
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
