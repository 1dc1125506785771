"""Stores for the index tests written row by row: an empty store schema made once per session and copied
for every example, and ``records`` rows given only the columns the index reads (the rest get fixed
values). Shared by the property test and the hand-computed table test."""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from reviewdesk.domain.text_rules import without_control_characters
from reviewdesk.models.local import LocalBase
from reviewdesk.store.index import plan as index_plan
from reviewdesk.store.index import postings as index_postings
from reviewdesk.store.index import sort as index_sort
from reviewdesk.store.ingest import TEXT_WITHOUT_CONTROLS

_TEMPLATE: Path | None = None


def _template() -> Path:
    """An empty store schema, made once per session and copied for every example (fast)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = tempfile.mkdtemp(prefix="rd-index-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = Path(folder) / "template.sqlite"
        engine = create_engine(f"sqlite:///{path}")
        LocalBase.metadata.create_all(engine)
        engine.dispose()
        _TEMPLATE = path
    return _TEMPLATE


@contextmanager
def fresh_store() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="rd-index-") as folder:
        path = Path(folder) / "store.sqlite"
        path.write_bytes(_template().read_bytes())
        yield path


def full_row(values: dict[str, Any]) -> dict[str, Any]:
    """A complete ``records`` row (the columns the index does not read get fixed values)."""
    return {
        "version": 1,
        "submission_rev": 1,
        "materials_hash": "0" * 64,
        "gender": "",
        "birth_date": "",
        "project": "",
        "category_name": "x",
        "at_tier": None,
        "review": "{}",
        "misconduct_hit": 0,
        "updated_at": "",
        **values,
    }


def write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    """The rows as the store writes them: its text columns without control characters."""
    with sqlite3.connect(path) as conn:
        for row in rows:
            full = full_row(row)
            for key in TEXT_WITHOUT_CONTROLS:
                if isinstance(full.get(key), str):
                    full[key] = without_control_characters(full[key])
            columns = ", ".join(full)
            marks = ", ".join(f":{k}" for k in full)
            conn.execute(f"INSERT OR REPLACE INTO records ({columns}) VALUES ({marks})", full)


#: How queries are planned: (DRIVER_FRACTION, POSTED_FRACTION, FEW_FRACTION, INVERSE_KEPT).
PLANS = {
    "default": None,
    "postings": (1.0, 1.0, 1.0, 1),  # any posted condition drives; matches ordered by rank
    "rare_postings": (0.1, 0.1, 0.5, 2),  # small lists: dropped when they grow, rebuilt when rare
    "masks": (0.0, 0.0, 0.0, 6),  # masks over all rows, permutations walked
}


@contextmanager
def planned(plan: str) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        if PLANS[plan] is not None:
            driver, posted, few, inverse_kept = PLANS[plan]
            patch.setattr(index_plan, "DRIVER_FRACTION", driver)
            patch.setattr(index_postings, "POSTED_FRACTION", posted)
            patch.setattr(index_sort, "FEW_FRACTION", few)
            patch.setattr(index_sort, "INVERSE_KEPT", inverse_kept)
        yield
