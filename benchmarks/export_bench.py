"""Excel export speed: reviewdesk's export (openpyxl write-only + lxml) against XlsxWriter's
constant-memory mode, on the same 100,000 list rows in the same run.

Both sides start from the same rows (dicts shaped like ``Workspace.rows``), turn them into the same cell
values with ``store.export.row_values`` (the list's own display functions, cleaned for Excel), and write
the same workbook: a bold header, frozen first row, column widths, 提交时间 as a date-time with a number
format, 证件号码 as text. reviewdesk's side is the whole ``export_records`` call (paging through the
row source, temp file, 导出条件 sheet, atomic rename); the baseline gets no such extras.

Goal: ratio reviewdesk / XlsxWriter ≤ 1.0. Each side runs ``--repeat`` times, interleaved, best time
kept (the machine is shared). Prints ``name value unit goal PASS|MISS`` lines.

    python3 benchmarks/export_bench.py [--rows 100000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from reviewdesk.store.columns import COLUMNS_BY_KEY, DEFAULT_VISIBLE, ROW_FIELDS
from reviewdesk.store.export import (
    DATETIME_FORMAT,
    TEXT_FORMAT,
    _column_width,
    export_columns,
    export_records,
    row_values,
)
from reviewdesk.store.filters import RecordFilter

STATUSES = ("pending", "passed", "on_hold", "returned", "rejected")
UNITS = ("武汉市江岸区人民医院", "湖北省人民医院", "华中科技大学同济医学院附属协和医院", "武汉市第一医院")
CATEGORIES = (("368", "护理学(中级)"), ("201", "药学(师)"), ("303", "内科学(中级)"), ("102", "中药学(士)"))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "芳伟娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def _resident_id(seed: int) -> str:
    birth = date(1965 + seed % 35, 1 + seed % 12, 1 + seed % 28)
    first17 = f"4201{2 + seed % 16:02d}{birth:%Y%m%d}{seed % 999:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def make_rows(n: int) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for i in range(1, n + 1):
        code, category = CATEGORIES[i % len(CATEGORIES)]
        submitted = i % 11 != 0
        rows[i] = {
            "id": i,
            "submit_status": "submitted" if submitted else "not_submitted",
            "submitted_at": f"2026-12-{1 + i % 28:02d}T{8 + i % 10:02d}:{i % 60:02d}:00+08:00"
            if submitted
            else None,
            "status_province": STATUSES[i % 5] if i % 7 == 0 else None,
            "status_city": STATUSES[i % 3] if i % 5 == 0 else None,
            "status_county": STATUSES[i % 4] if i % 3 == 0 else None,
            "status_unit": STATUSES[i % 5],
            "pay_status": "paid" if i % 9 == 0 else "unpaid",
            "name": SURNAMES[i % len(SURNAMES)]
            + GIVEN[(i * 7) % len(GIVEN)]
            + (GIVEN[(i * 13) % len(GIVEN)] if i % 2 else ""),
            "id_type": "resident_id",
            "id_number": _resident_id(i),
            "level": ("assistant", "junior", "intermediate")[i % 3],
            "category_code": code,
            "category_name": category,
            "unit_name": UNITS[i % len(UNITS)],
            "pending_actions": int(i % 13 == 0),
            "open_conflicts": int(i % 97 == 0),
        }
    return rows


class RowSource:
    def __init__(self, rows: dict[int, dict[str, Any]]) -> None:
        self._rows = rows

    def rows(self, ids: Sequence[int], fields: Sequence[str] = ROW_FIELDS) -> dict[int, dict[str, Any]]:
        return {i: {f: self._rows[i][f] for f in fields} for i in ids}


def run_reviewdesk(path: Path, source: RowSource, ids: list[int], keys: list[str]) -> float:
    started = time.perf_counter()
    export_records(path, source, ids, keys, RecordFilter())
    return time.perf_counter() - started


def run_xlsxwriter(path: Path, source: RowSource, ids: list[int], keys: list[str]) -> float:
    started = time.perf_counter()
    columns = export_columns(keys)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("报名材料审核")
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "align": "center", "valign": "vcenter"})
    formats = {
        "submitted_at": book.add_format({"num_format": DATETIME_FORMAT}),
        "id_number": book.add_format({"num_format": TEXT_FORMAT}),
    }
    column_formats = [formats.get(c.key) for c in columns]
    for index, column in enumerate(columns):
        sheet.set_column(index, index, _column_width(column))
    sheet.freeze_panes(1, 0)
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.title, header)
    row_index = 1
    for start in range(0, len(ids), 1000):
        page = ids[start : start + 1000]
        fetched = source.rows(page, ROW_FIELDS)
        rows = []
        for offset, record_id in enumerate(page):
            row = dict(fetched[record_id])
            row["_seq"] = start + offset + 1
            rows.append(row)
        for values in row_values(columns, rows):
            for index, value in enumerate(values):
                if value is None:
                    continue
                fmt = column_formats[index]
                if isinstance(value, str):
                    sheet.write_string(row_index, index, value, fmt)
                elif isinstance(value, date):
                    sheet.write_datetime(row_index, index, value, fmt)
                else:
                    sheet.write_number(row_index, index, value, fmt)
            row_index += 1
    book.close()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-store", action="store_true", help="skip the real-store measurement")
    args = parser.parse_args(argv)

    source = RowSource(make_rows(args.rows))
    ids = sorted(range(1, args.rows + 1), key=lambda i: (i % 97, i))  # a sorted view, not id order
    keys = [k for k in DEFAULT_VISIBLE if k in COLUMNS_BY_KEY]
    ours: list[float] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for attempt in range(args.repeat):
            ours.append(run_reviewdesk(Path(folder) / f"reviewdesk{attempt}.xlsx", source, ids, keys))
            theirs.append(run_xlsxwriter(Path(folder) / f"xlsxwriter{attempt}.xlsx", source, ids, keys))
        size_ours = (Path(folder) / "reviewdesk0.xlsx").stat().st_size
        size_theirs = (Path(folder) / "xlsxwriter0.xlsx").stat().st_size
    best_ours, best_theirs = min(ours), min(theirs)
    ratio = best_ours / best_theirs
    n = f"{args.rows // 1000}k" if args.rows % 1000 == 0 else str(args.rows)
    print(f"# {args.rows} rows × {len(export_columns(keys))} columns, best of {args.repeat}")
    verdict = "PASS" if ratio <= 1.0 else "MISS"
    print(f"export_{n}_seconds {best_ours:.2f} s ≤{best_theirs:.2f} {verdict}")
    print(f"export_{n}_ratio_vs_xlsxwriter {ratio:.2f} ratio ≤1.0 {verdict}")
    print(f"export_{n}_xlsxwriter_constant_memory_seconds {best_theirs:.2f} s - INFO")
    print(f"export_{n}_file_size {size_ours / 1e6:.1f} MB (xlsxwriter:{size_theirs / 1e6:.1f}) INFO")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        export_records(Path(folder) / "plain.xlsx", source, ids, keys, RecordFilter(), fast=False)
    plain = time.perf_counter() - started
    print(f"export_{n}_plain_openpyxl_append_seconds {plain:.2f} s ratio:{plain / best_theirs:.2f} INFO")
    if not args.no_store:
        print(f"export_{n}_from_real_store_seconds {_from_store(args.rows, keys):.2f} s - INFO")
    return 0


def _from_store(n: int, keys: list[str]) -> float:
    """The same export reading a real store (what the reviewer waits for), for information."""
    from reviewdesk.domain.enums import Tier
    from reviewdesk.store.testing import build_store

    with tempfile.TemporaryDirectory() as folder:
        workspace = build_store(Path(folder) / "ws.sqlite", n, seed=1, tier=Tier.PROVINCE)
        try:
            ids = workspace.record_ids()
            started = time.perf_counter()
            export_records(Path(folder) / "store.xlsx", workspace, ids, keys, RecordFilter())
            return time.perf_counter() - started
        finally:
            workspace.close()


if __name__ == "__main__":
    raise SystemExit(main())
