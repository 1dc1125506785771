"""The list's table model: ids only, rows fetched lazily by page from a real store, selection kept by id,
huge selections without touching rows, status cells readable without colour, headers from store.columns."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from reviewdesk.domain.enums import ReviewStatus, Tier
from reviewdesk.store.columns import COLUMNS, DEFAULT_VISIBLE, SYNC_CONFLICT, SYNC_PENDING
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.store.testing import build_store
from reviewdesk.views.review.list_selection import reselect, selected_ids
from reviewdesk.views.review.table_model import (
    STATUS_COLOUR,
    STATUS_SYMBOL,
    RecordIdRole,
    RecordTableModel,
)

N = 1500


class CountingRows:
    """``Workspace.rows`` with a count of calls and of rows asked for."""

    def __init__(self, workspace: Any) -> None:
        self.workspace = workspace
        self.calls = 0
        self.rows_asked = 0

    def __call__(self, ids: Sequence[int]) -> Mapping[int, Mapping[str, Any]]:
        self.calls += 1
        self.rows_asked += len(ids)
        return self.workspace.rows(ids)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = build_store(tmp_path_factory.mktemp("table") / "store.sqlite", N, seed=3, tier=Tier.CITY)
    yield workspace
    workspace.close()


@pytest.fixture
def index(store: Any) -> RecordIndex:
    return RecordIndex.build(store)


def make_view(qtbot: Any, model: RecordTableModel, height: int = 300) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.resize(900, height)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def paint(qtbot: Any, view: QTableView) -> None:
    view.viewport().repaint()
    qtbot.wait(1)


def test_rows_are_fetched_lazily_a_page_at_a_time(qtbot: Any, store: Any, index: RecordIndex) -> None:
    fetch = CountingRows(store)
    model = RecordTableModel(fetch, page_size=200)
    model.set_ids(index.query(RecordFilter(), SortKey(), 17), SortKey())
    assert model.rowCount() == N
    assert fetch.calls == 0  # nothing fetched before anything is shown
    view = make_view(qtbot, model)
    paint(qtbot, view)
    assert fetch.calls == 1 and fetch.rows_asked == 200  # one page for the visible rows
    paint(qtbot, view)
    assert fetch.calls == 1  # served from the cache
    view.scrollToBottom()
    paint(qtbot, view)
    assert fetch.calls == 2  # the last page only, nothing in between
    assert fetch.rows_asked == 200 + (N - 1400)
    last = model.index(N - 1, model.column_of("name"))
    expected = store.rows([model.id_at(N - 1)])[model.id_at(N - 1)]["name"]
    assert last.data() == expected


def test_the_page_cache_is_bounded(store: Any) -> None:
    fetch = CountingRows(store)
    model = RecordTableModel(fetch, page_size=100, max_pages=3)
    model.set_ids(np.arange(1, N + 1))
    column = model.column_of("name")
    for row in range(0, N, 100):
        model.index(row, column).data()
    assert fetch.calls == N // 100
    model.index(N - 1, column).data()  # still cached (most recent)
    model.index(0, column).data()  # evicted long ago
    assert fetch.calls == N // 100 + 1


def test_set_ids_id_at_row_of_and_seq(store: Any) -> None:
    model = RecordTableModel(CountingRows(store))
    reset: list[bool] = []
    model.modelReset.connect(lambda: reset.append(True))
    ids = np.array([30, 10, 20, 5], dtype=np.int64)
    model.set_ids(ids)
    assert reset == [True]
    assert model.rowCount() == 4
    assert [model.id_at(r) for r in range(4)] == [30, 10, 20, 5]
    assert model.id_at(4) is None and model.id_at(-1) is None
    assert model.row_of(20) == 2 and model.row_of(999) is None
    assert model.rows_of([5, 999, 30]).tolist() == [3, -1, 0]
    seq = model.column_of("seq")
    assert [model.index(r, seq).data() for r in range(4)] == ["1", "2", "3", "4"]
    assert model.index(2, 5).data(RecordIdRole) == 20
    model.set_ids([])
    assert model.rowCount() == 0 and model.row_of(20) is None


def test_headers_come_from_store_columns_and_columns_can_be_chosen(store: Any) -> None:
    model = RecordTableModel(CountingRows(store))
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert titles == [c.title for c in COLUMNS]
    assert model.column_keys() == list(DEFAULT_VISIBLE)
    model.set_columns(["name", "status_unit", "id_number"])
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)] == [
        "姓名",
        "单位审核状态",
        "证件号码",
    ]
    with pytest.raises(ValueError, match="unknown column"):
        model.set_columns(["name", "nonsense"])
    assert model.column_keys() == ["name", "status_unit", "id_number"]  # unchanged after a refusal


def _set_row(store: Any, record_id: int, **values: Any) -> None:
    with sqlite3.connect(store.path) as conn:
        assignments = ", ".join(f"{k} = ?" for k in values)
        conn.execute(f"UPDATE records SET {assignments} WHERE id = ?", [*values.values(), record_id])


def test_status_cells_read_without_colour_and_pending_rows_are_marked(store: Any) -> None:
    model = RecordTableModel(CountingRows(store))
    _set_row(store, 1, status_unit="passed", status_county="rejected", pending_actions=2, open_conflicts=0)
    _set_row(store, 2, status_unit="on_hold", status_county=None, pending_actions=0, open_conflicts=1)
    _set_row(store, 3, status_unit="returned", pending_actions=0, open_conflicts=0)
    model.set_ids([1, 2, 3])
    unit, county, sync, name = (model.column_of(k) for k in ("status_unit", "status_county", "sync", "name"))

    def cell(row: int, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.index(row, column).data(role)

    assert cell(0, unit) == f"{STATUS_SYMBOL['passed']} {ReviewStatus.PASSED.label}"
    assert cell(0, county) == f"{STATUS_SYMBOL['rejected']} 审核不通过"
    assert cell(1, unit) == f"{STATUS_SYMBOL['on_hold']} 暂不审核"
    assert cell(2, unit) == f"{STATUS_SYMBOL['returned']} 允许修改"
    assert cell(1, county) == ""  # not reached: blank, no symbol, no colour
    assert cell(1, county, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(1, county, Qt.ItemDataRole.ToolTipRole) == "区县审核状态：未到达本级"
    colour = cell(0, unit, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(colour, QColor) and colour.name() == STATUS_COLOUR["passed"]
    assert cell(0, county, Qt.ItemDataRole.ForegroundRole).name() == STATUS_COLOUR["rejected"]
    assert cell(0, name, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(0, sync) == SYNC_PENDING and cell(1, sync) == SYNC_CONFLICT and cell(2, sync) == ""
    assert "2 项" in cell(0, sync, Qt.ItemDataRole.ToolTipRole)
    font = cell(0, name, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert cell(2, name, Qt.ItemDataRole.FontRole) is None


def test_refresh_repaints_only_cached_rows_with_fresh_values(store: Any) -> None:
    fetch = CountingRows(store)
    model = RecordTableModel(fetch, page_size=10)
    model.set_ids(np.arange(1, 101))
    unit = model.column_of("status_unit")
    assert model.index(0, unit).data() is not None  # page 0 (rows 0-9) cached
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    _set_row(store, 3, status_unit="rejected")
    _set_row(store, 4, status_unit="rejected")
    _set_row(store, 50, status_unit="rejected")
    model.refresh({3, 4, 50, 9999})
    assert changed == [(2, 3)]  # ids 3 and 4 sit in rows 2-3; row 49 was never fetched
    calls = fetch.calls
    assert model.index(2, unit).data() == f"{STATUS_SYMBOL['rejected']} 审核不通过"
    assert fetch.calls == calls + 1 and fetch.rows_asked == 10 + 2  # only the two dropped rows again
    model.refresh([])  # nothing to do
    assert changed == [(2, 3)]


def test_header_click_asks_for_a_sort_and_never_sorts_rows_itself(store: Any, index: RecordIndex) -> None:
    asked: list[SortKey] = []
    model = RecordTableModel(
        CountingRows(store), sorter=lambda key: model.set_ids(index.query(RecordFilter(), key, 17), key)
    )
    model.sortRequested.connect(asked.append)
    model.set_ids(index.query(RecordFilter(), SortKey(), 17))
    model.sort(model.column_of("name"), Qt.SortOrder.DescendingOrder)
    assert asked == [SortKey("name", True)]
    assert model.sort_key == SortKey("name", True)
    assert model.ids.tolist() == index.query(RecordFilter(), SortKey("name", True), 17).tolist()
    model.sort(model.column_of("seq"))  # 序号 is not sortable
    model.sort(99)
    assert asked == [SortKey("name", True)]


def test_selection_and_current_row_are_kept_by_id_across_a_resort(
    qtbot: Any, store: Any, index: RecordIndex
) -> None:
    model = RecordTableModel(CountingRows(store))
    model.set_ids(index.query(RecordFilter(), SortKey("submitted_at"), 17))
    view = make_view(qtbot, model)
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (3, 4, 5, 400, 1200):
        selection.select(model.index(row, 0), flags)
    selection.setCurrentIndex(model.index(400, 2), QItemSelectionModel.SelectionFlag.NoUpdate)
    chosen = selected_ids(selection)
    assert chosen.tolist() == [model.id_at(r) for r in (3, 4, 5, 400, 1200)]
    current = model.id_at(400)

    model.set_ids(index.query(RecordFilter(), SortKey("name", True), 17), SortKey("name", True))
    reselect(view, chosen, current)

    again = selected_ids(view.selectionModel())
    assert sorted(again.tolist()) == sorted(chosen.tolist())
    assert view.currentIndex().data(RecordIdRole) == current
    # and after a filter that hides some of them, the rest stay selected
    hidden = set(chosen.tolist()[:2])
    model.set_ids(np.array([i for i in model.ids.tolist() if i not in hidden]))
    reselect(view, chosen, current)
    assert sorted(selected_ids(view.selectionModel()).tolist()) == sorted(set(chosen.tolist()) - hidden)


@pytest.mark.parametrize("scale", [1, 10**9])  # dense ids (a table by id), sparse ids (a binary search)
def test_rows_of_finds_every_shown_id_and_nothing_else(scale: int) -> None:
    model = RecordTableModel(lambda ids: {})
    shown = np.random.default_rng(5).permutation(np.arange(1, 5001, dtype=np.int64)) * scale
    model.set_ids(shown)
    row_by_id = {int(record_id): row for row, record_id in enumerate(shown.tolist())}
    asked = np.concatenate(
        [shown[::7], np.array([0, -3, 5001 * scale, 10**15, 2 * scale + 1], dtype=np.int64)]
    )
    expected = [row_by_id.get(int(i), -1) for i in asked.tolist()]
    assert model.rows_of(asked).tolist() == expected
    assert model.row_of(int(shown[123])) == 123 and model.row_of(-1) is None
    model.set_ids(shown[::-1])  # a new order: the inverse follows
    assert model.row_of(int(shown[123])) == len(shown) - 124


def test_reselect_tells_listeners_and_repaints_the_selection(qtbot: Any, store: Any) -> None:
    """``reselect`` sets the selection quietly (Qt's per-range repaint region is skipped) but the
    selection model still announces a change, and the rows paint selected."""
    model = RecordTableModel(CountingRows(store))
    model.set_ids(np.arange(1, 201))
    view = make_view(qtbot, model)
    heard: list[int] = []
    view.selectionModel().selectionChanged.connect(
        lambda *_: heard.append(len(selected_ids(view.selectionModel())))
    )
    reselect(view, [5, 3, 150], 3)
    assert heard and heard[-1] == 3
    assert sorted(selected_ids(view.selectionModel()).tolist()) == [3, 5, 150]
    assert view.selectionModel().isSelected(model.index(2, 4)) and not view.selectionModel().isSelected(
        model.index(3, 4)
    )
    paint(qtbot, view)
    image = view.viewport().grab().toImage()
    y_selected = view.visualRect(model.index(2, 1)).center().y()
    y_plain = view.visualRect(model.index(3, 1)).center().y()
    x = view.visualRect(model.index(2, 1)).left() + 2
    assert image.pixelColor(x, y_selected) != image.pixelColor(x, y_plain)


def test_select_all_on_a_million_rows_gives_ids_without_touching_rows(qtbot: Any) -> None:
    calls: list[int] = []

    def rows(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        calls.append(len(ids))
        return {i: {"id": i, "name": f"n{i}"} for i in ids}

    model = RecordTableModel(rows)
    ids = np.arange(10**6, 0, -1, dtype=np.int64)  # a million ids, in some display order
    model.set_ids(ids)
    view = make_view(qtbot, model)
    paint(qtbot, view)
    fetched = sum(calls)
    view.selectAll()
    chosen = selected_ids(view.selectionModel())
    assert chosen.dtype == np.int64 and len(chosen) == 10**6
    assert np.array_equal(chosen, ids)
    assert sum(calls) == fetched  # the selection read no rows
    reselect(view, chosen[:10], int(chosen[5]))
    assert selected_ids(view.selectionModel()).tolist() == ids[:10].tolist()


def test_rows_missing_from_the_store_show_blank_and_a_failing_store_does_not_raise(store: Any) -> None:
    model = RecordTableModel(CountingRows(store))
    model.set_ids([10**9])  # an id the store does not hold (deleted since the query)
    assert model.index(0, model.column_of("name")).data() is None
    assert model.index(0, model.column_of("seq")).data() == "1"

    def broken(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        raise sqlite3.OperationalError("disk I/O error")

    failing = RecordTableModel(broken)
    failing.set_ids([1, 2])
    assert failing.index(0, failing.column_of("name")).data() is None


def test_the_delegate_paints_what_data_answers(qtbot: Any, store: Any) -> None:
    """Qt 6 delegates ask for all roles at once (multiData): the answers must equal data()'s."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    _set_row(store, 11, status_unit="rejected", pending_actions=1)
    model = RecordTableModel(CountingRows(store))
    model.set_ids([11, 12])
    view = make_view(qtbot, model)
    delegate = view.itemDelegate()
    for row in range(2):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            assert option.text == (index.data() or "")
            assert option.font.italic() == (row == 0)
    unit = model.index(0, model.column_of("status_unit"))
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, unit)
    assert option.palette.text().color().name() == STATUS_COLOUR["rejected"]
    seq = QStyleOptionViewItem()
    delegate.initStyleOption(seq, model.index(1, model.column_of("seq")))
    assert seq.text == "2" and seq.displayAlignment & Qt.AlignmentFlag.AlignRight


def test_the_precheck_column_shows_how_many_and_the_worst(store: Any, qtbot: Any) -> None:
    """预审提示: ▲ with an alert (red), △ with hints only (amber), blank without; sorted by the index
    worst first, then by count."""
    model = RecordTableModel(CountingRows(store))
    _set_row(store, 4, flag_rank=2003, flag_kinds=0b110000)
    _set_row(store, 5, flag_rank=1001, flag_kinds=0b1)
    _set_row(store, 6, flag_rank=0, flag_kinds=0)
    model.set_ids([4, 5, 6])
    flags = model.column_of("flags")

    def cell(row: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.index(row, flags).data(role)

    assert [cell(0), cell(1), cell(2)] == ["▲ 3", "△ 1", ""]
    assert cell(0, Qt.ItemDataRole.ForegroundRole).name() == STATUS_COLOUR["rejected"]
    assert cell(1, Qt.ItemDataRole.ForegroundRole).name() == STATUS_COLOUR["on_hold"]
    assert cell(2, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(0, Qt.ItemDataRole.ToolTipRole) == "预审提示 3 项，有需重点核实的提示（仅供参考，不代替审核）"
    index = RecordIndex.build(store)
    ordered = index.query(
        RecordFilter(flag_kinds=frozenset({"reused", "duplicate"})), SortKey("flags", True), 0
    )
    assert ordered[0] == 4  # the only 2003; the others with those kinds follow


def test_the_model_keeps_the_index_answer_as_it_is_and_copies_what_its_caller_may_change(
    store: Any, index: RecordIndex
) -> None:
    """Issue 18: ``RecordIndex.query`` answers read-only arrays, which ``set_ids`` keeps without a copy
    (8 MB at 10^6 rows); an array its caller can still write is copied, so a later write does not
    change the list."""
    answer = index.query(RecordFilter(), SortKey("name", True), 17)
    assert not answer.flags.writeable
    with pytest.raises(ValueError):
        answer[0] = 0
    model = RecordTableModel(CountingRows(store))
    model.set_ids(answer)
    assert model.ids is answer
    mine = np.arange(1, 11, dtype=np.int64)
    model.set_ids(mine)
    mine[0] = 99
    assert model.ids.tolist() == list(range(1, 11)) and not model.ids.flags.writeable
