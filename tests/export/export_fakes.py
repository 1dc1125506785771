"""A stand-in for the Workspace's ``rows()`` so the export can be tested on its own (real files, real
openpyxl read-back), plus realistic rows in the store's local-view shape."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reviewdesk.store.columns import ROW_FIELDS


@dataclass(frozen=True)
class FakeMe:
    username: str = "unit_420102_001"
    display_name: str = "张审核"
    org_name: str = "武汉市江岸区人民医院"


class FakeRows:
    """Rows by id, like ``Workspace.rows``; ``fail_after`` pages makes it raise (a store gone bad)."""

    def __init__(self, rows: Mapping[int, Mapping[str, Any]], fail_after: int | None = None) -> None:
        self._rows = dict(rows)
        self.me = FakeMe()
        self.calls = 0
        self.fail_after = fail_after
        self.on_page: Callable[[int], None] | None = None

    def rows(self, ids: Sequence[int], fields: Sequence[str] = ROW_FIELDS) -> dict[int, dict[str, Any]]:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise OSError("database disk image is malformed")
        if self.on_page is not None:
            self.on_page(self.calls)
        return {i: {f: self._rows[i].get(f) for f in fields} for i in ids if i in self._rows}


def resident_id(region6: str, birth: date, seq3: int) -> str:
    """A valid 18-character 身份证 number (GB 11643 check character)."""
    first17 = f"{region6}{birth:%Y%m%d}{seq3:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def make_row(record_id: int, **overrides: Any) -> dict[str, Any]:
    birth = date(1980 + record_id % 20, 1 + record_id % 12, 1 + record_id % 28)
    row: dict[str, Any] = {
        "id": record_id,
        "submit_status": "submitted",
        "submitted_at": f"2026-12-{1 + record_id % 28:02d}T{8 + record_id % 10:02d}:{record_id % 60:02d}:00+08:00",
        "status_province": None,
        "status_city": None,
        "status_county": "pending" if record_id % 3 == 0 else None,
        "status_unit": "passed" if record_id % 3 == 0 else "pending",
        "pay_status": "unpaid",
        "name": f"王芳{record_id}",
        "id_type": "resident_id",
        "id_number": resident_id("420102", birth, record_id % 999 + 1),
        "level": "intermediate",
        "category_code": "368",
        "category_name": "护理学(中级)",
        "unit_name": "武汉市江岸区人民医院",
        "pending_actions": record_id % 5 == 0,
        "open_conflicts": 0,
    }
    row.update(overrides)
    return row
