"""The in-memory index answers every filter + sort exactly like the plain SQL query (``store.sql_query``):
same ids, same order — on random small stores, and again after random updates, inserts and deletions
applied to SQLite and handed to ``RecordIndex.update``.

Stores are small (a few dozen to a few hundred records) but drawn from tiny vocabularies, so filters hit,
values repeat (ties broken by id), tier statuses are NULL, names are Chinese with some ASCII capitals,
values contain LIKE wildcards, and some stores hold timestamps in another layout (the index's dictionary
fallback) or over-long names (the overflow path, forced with a low width quantile).

Every example also draws how the index plans its queries (:func:`planned`): its own thresholds, every
posted condition driving and every match set ordered by rank (posting lists patched by every update,
inverse orders evicted), posting lists kept for very rare values only (lists dropped as values grow,
rebuilt when they become rare), or masks only — all must give SQL's answer.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from reviewdesk.domain.enums import (
    DataScope,
    EducationLevel,
    IdType,
    Level,
    Library,
    PayStatus,
    ReviewStatus,
    SubmitStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.models.local import LocalBase
from reviewdesk.store import sql_query
from reviewdesk.store.columns import COLUMNS
from reviewdesk.store.filters import NOT_REACHED, RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.store.index import load as index_load
from reviewdesk.store.index import plan as index_plan
from reviewdesk.store.index import postings as index_postings
from reviewdesk.store.index import sort as index_sort

SORTABLE = [c.key for c in COLUMNS if c.sort_field is not None]
NAME_CHARS = "王李张芳伟娜敏AaBbXx %_\\"
ID_CHARS = "0123456789Xx4E"
UNITS = [
    (17, "武汉市江岸区人民医院", 12),
    (18, "江汉区妇幼保健院", 12),
    (19, "Wuhan Clinic", 11),
    (12, "江岸区卫生健康局", 11),
]
UNIT_NAMES = [
    "武汉市江岸区人民医院",
    "江汉区妇幼保健院",
    "Wuhan Clinic",
    "wuhan clinic",
    "江岸区卫生健康局",
    "50%_医院",
]
CATEGORIES = ["102", "203", "368", "303"]
DAYS = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-31", "2027-01-01"]
TIMES = ["00:00:00", "09:30:00", "23:59:59"]

_TEMPLATE: Path | None = None


def _template() -> Path:
    """An empty store schema, made once per session and copied for every example (fast)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        path = Path(tempfile.mkdtemp(prefix="rd-index-")) / "template.sqlite"
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


def _enum(enum: Any, *, nullable: bool = False) -> st.SearchStrategy[str | None]:
    values: list[str | None] = [m.value for m in enum]
    options = st.sampled_from(values) | st.just("legacy_code")  # an unknown code sorts after the known
    return (st.none() | options) if nullable else options


def _timestamp() -> st.SearchStrategy[str | None]:
    canonical = st.builds(lambda d, t: f"{d}T{t}+08:00", st.sampled_from(DAYS), st.sampled_from(TIMES))
    return st.none() | canonical


def _odd_timestamp() -> st.SearchStrategy[str | None]:
    """Other layouts: the index must fall back to comparing the text itself."""
    odd = st.builds(lambda d, t: f"{d}T{t}Z", st.sampled_from(DAYS), st.sampled_from(TIMES)) | st.builds(
        lambda d, t: f"{d} {t}", st.sampled_from(DAYS), st.sampled_from(TIMES)
    )
    return _timestamp() | odd


@st.composite
def record(draw: st.DrawFn, record_id: int, odd_times: bool = False) -> dict[str, Any]:
    unit_id, _unit, parent = draw(st.sampled_from(UNITS))
    return {
        "id": record_id,
        "name": draw(st.text(NAME_CHARS, min_size=1, max_size=draw(st.sampled_from([3, 3, 3, 12])))),
        "id_type": draw(_enum(IdType)),
        "id_number": draw(st.text(ID_CHARS, min_size=0, max_size=6)),
        "submit_status": draw(_enum(SubmitStatus)),
        "submitted_at": draw(_odd_timestamp() if odd_times else _timestamp()),
        "pay_status": draw(_enum(PayStatus)),
        "level": draw(_enum(Level)),
        "category_code": draw(st.sampled_from(CATEGORIES)),
        "education_level": draw(_enum(EducationLevel)),
        "frontline": draw(st.booleans()),
        "unit_id": unit_id,
        "unit_name": draw(st.sampled_from(UNIT_NAMES)),
        "unit_parent_id": draw(st.none() | st.just(parent)),
        "status_unit": draw(_enum(ReviewStatus, nullable=True)),
        "status_county": draw(_enum(ReviewStatus, nullable=True)),
        "status_city": draw(_enum(ReviewStatus, nullable=True)),
        "status_province": draw(_enum(ReviewStatus, nullable=True)),
        "library_hits": draw(st.integers(0, 127)),
        "verify_summary": draw(_enum(VerifyStatus)),
        "pending_actions": draw(st.integers(0, 3)),
        "open_conflicts": draw(st.integers(0, 1)),
    }


def _full_row(values: dict[str, Any]) -> dict[str, Any]:
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
    with sqlite3.connect(path) as conn:
        for row in rows:
            full = _full_row(row)
            columns = ", ".join(full)
            marks = ", ".join(f":{k}" for k in full)
            conn.execute(f"INSERT OR REPLACE INTO records ({columns}) VALUES ({marks})", full)


@st.composite
def store_rows(draw: st.DrawFn, odd_times: bool = False) -> list[dict[str, Any]]:
    ids = draw(st.lists(st.integers(1, 5000), min_size=0, max_size=120, unique=True))
    return [draw(record(i, odd_times)) for i in ids]


@st.composite
def record_filter(draw: st.DrawFn) -> RecordFilter:
    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.none() | strategy)

    def text(chars: str) -> str:
        value = draw(st.text(chars, max_size=3))
        return draw(st.sampled_from([value, f" {value} ", value.upper()]))

    tiers = draw(
        st.dictionaries(
            st.sampled_from(list(Tier)), st.sampled_from([*ReviewStatus, NOT_REACHED]), max_size=2
        )
    )
    start = maybe(st.sampled_from([date(2026, 12, 1), date(2026, 11, 1), date(2026, 12, 31)]))
    end = maybe(st.sampled_from([date(2026, 12, 1), date(2026, 12, 2), date(2027, 1, 1), date.max]))
    return RecordFilter(
        level=maybe(st.sampled_from(list(Level))),
        category_code=maybe(st.sampled_from([*CATEGORIES, "999"])),
        name=text(NAME_CHARS) if draw(st.booleans()) else "",
        id_number=text(ID_CHARS) if draw(st.booleans()) else "",
        unit_name=draw(st.sampled_from(["", "江岸", "WUHAN", "clinic", "%", "_", "医院"])),
        submit_status=maybe(st.sampled_from(list(SubmitStatus))),
        education_level=maybe(st.sampled_from(list(EducationLevel))),
        data_scope=draw(st.sampled_from(list(DataScope))),
        tier_status=tiers,
        pay_status=maybe(st.sampled_from(list(PayStatus))),
        submitted_from=start,
        submitted_to=end,
        library_hits=frozenset(draw(st.lists(st.sampled_from(list(Library)), max_size=2))),
        frontline=maybe(st.booleans()),
        verify_status=maybe(st.sampled_from(list(VerifyStatus))),
        pending_only=draw(st.booleans()),
        conflicts_only=draw(st.booleans()),
    )


def sparse_filter() -> st.SearchStrategy[RecordFilter]:
    """Mostly one or two conditions, so results are not almost always empty."""
    return st.one_of(
        st.just(RecordFilter()),
        st.builds(RecordFilter, name=st.text(NAME_CHARS, max_size=2)),
        st.builds(RecordFilter, id_number=st.text(ID_CHARS, max_size=2)),
        st.builds(
            RecordFilter,
            tier_status=st.dictionaries(
                st.sampled_from(list(Tier)), st.sampled_from([*ReviewStatus, NOT_REACHED]), max_size=1
            ),
        ),
        st.builds(RecordFilter, data_scope=st.just(DataScope.DIRECT)),
        st.builds(
            RecordFilter, submitted_from=st.just(date(2026, 12, 1)), submitted_to=st.just(date(2026, 12, 2))
        ),
        record_filter(),
    )


queries = st.lists(
    st.tuples(sparse_filter(), st.sampled_from(SORTABLE), st.booleans(), st.sampled_from([11, 12, 17])),
    min_size=1,
    max_size=6,
)


def assert_same(index: RecordIndex, path: Path, cases: list[tuple[RecordFilter, str, bool, int]]) -> None:
    with sqlite3.connect(path) as conn:
        for flt, column, descending, org in cases:
            sort = SortKey(column, descending)
            expected = sql_query.query_ids(conn, flt, sort, org)
            got = index.query(flt, sort, org)
            assert got.dtype == np.int64
            assert got.tolist() == expected.tolist(), (flt, sort, org)
            assert index.count(flt, org) == sql_query.count(conn, flt, org)
            statuses = dict.fromkeys([None, *ReviewStatus], 0)
            for (value,) in conn.execute(
                f"SELECT status_city FROM records WHERE id IN ({','.join(map(str, expected.tolist()))})"
            ):
                if value is None or value in ReviewStatus._value2member_map_:  # unknown: not counted
                    statuses[None if value is None else ReviewStatus(value)] += 1
            assert index.status_counts(Tier.CITY, flt, org) == statuses, flt


#: How queries are planned: (DRIVER_FRACTION, POSTED_FRACTION, FEW_FRACTION, INVERSE_KEPT).
PLANS = {
    "default": None,
    "postings": (1.0, 1.0, 1.0, 1),  # any posted condition drives; matches ordered by rank
    "rare_postings": (0.1, 0.1, 0.5, 2),  # small lists: dropped when they grow, rebuilt when rare
    "masks": (0.0, 0.0, 0.0, 6),  # masks over all rows, permutations walked
}
plans = st.sampled_from(sorted(PLANS))


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


#: A deeper search on demand: REVIEWDESK_INDEX_EXAMPLES=1000 pytest tests/store/index/test_index_property.py
SETTINGS = settings(
    max_examples=int(os.environ.get("REVIEWDESK_INDEX_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(rows=store_rows(), cases=queries, plan=plans)
def test_index_matches_sql(rows: list[dict[str, Any]], cases: list[Any], plan: str) -> None:
    with fresh_store() as path, planned(plan):
        write_rows(path, rows)
        index = RecordIndex.build(path)
        assert len(index) == len(rows)
        assert_same(index, path, cases)


@SETTINGS
@given(rows=store_rows(odd_times=True), cases=queries, plan=plans)
def test_index_matches_sql_with_timestamps_in_other_layouts(
    rows: list[dict[str, Any]], cases: list[Any], plan: str
) -> None:
    with fresh_store() as path, planned(plan):
        write_rows(path, rows)
        assert_same(RecordIndex.build(path), path, cases)


@st.composite
def changes(draw: st.DrawFn, existing: list[int]) -> tuple[list[dict[str, Any]], list[int], set[int]]:
    """(rows to write — updates and inserts —, ids to delete, extra ids reported but never held)."""
    updated = draw(st.lists(st.sampled_from(existing), unique=True, max_size=10)) if existing else []
    inserted = draw(st.lists(st.integers(1, 6000), unique=True, max_size=10))
    rows = [draw(record(i)) for i in sorted(set(updated) | set(inserted))]
    deleted = draw(st.lists(st.sampled_from(existing), unique=True, max_size=5)) if existing else []
    noise = set(draw(st.lists(st.integers(7000, 7010), max_size=2)))
    return rows, deleted, noise


@SETTINGS
@given(data=st.data(), rows=store_rows(), cases=queries, plan=plans)
def test_index_follows_updates_inserts_and_deletions(
    data: st.DataObject, rows: list[dict[str, Any]], cases: list[Any], plan: str
) -> None:
    with fresh_store() as path, planned(plan):
        write_rows(path, rows)
        # Either told which ids changed, or opened with the snapshot + change log and told nothing.
        logged = data.draw(st.booleans())
        index = RecordIndex.open(path) if logged else RecordIndex.build(path)
        if logged and data.draw(st.booleans()):
            index.save()
            index = RecordIndex.open(path)  # from the snapshot this time
        held = [r["id"] for r in rows]
        for _round in range(data.draw(st.integers(1, 3))):
            assert_same(index, path, cases)  # also caches the permutations the update must fix
            written, deleted, noise = data.draw(changes(held))
            write_rows(path, written)
            with sqlite3.connect(path) as conn:
                conn.executemany("DELETE FROM records WHERE id = ?", [(i,) for i in deleted])
            announced = set() if logged else {r["id"] for r in written} | set(deleted) | noise
            report = index.update(announced)
            held = sorted((set(held) | {r["id"] for r in written}) - set(deleted))
            assert set(report.deleted) == set(deleted)
            assert len(index) == len(held)
            assert_same(index, path, cases)


@SETTINGS
@given(rows=store_rows(), cases=queries, plan=plans)
def test_long_values_beyond_the_array_width_are_searched_and_sorted_whole(
    rows: list[dict[str, Any]], cases: list[Any], plan: str
) -> None:
    with fresh_store() as path, planned(plan), pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_load, "TEXT_WIDTH_QUANTILE", 0.3)  # most names overflow the array
        write_rows(path, rows)
        index = RecordIndex.build(path)
        assert_same(index, path, cases)
        extra = [{**r, "name": r["name"] * 3} for r in rows[:5]]
        write_rows(path, extra)
        index.update({r["id"] for r in extra})
        assert_same(index, path, cases)
