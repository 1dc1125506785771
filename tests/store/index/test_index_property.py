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

Filters come three ways: a few hand-picked sparse ones, fully random ones (all 17 fields at once, which
almost never match a row), and :func:`matching_filter` — one to three fields set to values a row of the
store holds, so each field is tried alone and in small combinations whose answer is not empty (an index
that ignored 疫情一线 or 申报级别 passed the first two kinds). ``--hypothesis-show-statistics`` shows how
often each field selected rows. The fixed expected answers per field are in ``test_index_filters_table``.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from index_rows import PLANS, fresh_store, planned, write_rows

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
from reviewdesk.domain.precheck import KINDS
from reviewdesk.store import sql_query
from reviewdesk.store.columns import COLUMNS
from reviewdesk.store.filters import NOT_REACHED, RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.store.index import load as index_load

SORTABLE = [c.key for c in COLUMNS if c.sort_field is not None]
#: with control characters (NUL, the loader's NULL marker \x01, its separator \x1f): the store never
#: holds them in these columns (``ingest.TEXT_WITHOUT_CONTROLS``, ``index_rows.write_rows``) and filters
#: drop them
NAME_CHARS = "王李张芳伟娜敏AaBbXx %_\\\x00\x01\x1f"
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


def _enum(enum: Any, *, nullable: bool = False) -> st.SearchStrategy[str | None]:
    values: list[str | None] = [m.value for m in enum]
    options = st.sampled_from([*values, "legacy_code"])  # an unknown code sorts after the known
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
        "flag_kinds": draw(st.integers(0, 63)),
        "flag_rank": draw(st.sampled_from([0, 1001, 1002, 2001, 2005])),
        "verify_summary": draw(_enum(VerifyStatus)),
        "pending_actions": draw(st.integers(0, 3)),
        "open_conflicts": draw(st.integers(0, 1)),
    }


@st.composite
def store_rows(draw: st.DrawFn, odd_times: bool = False) -> list[dict[str, Any]]:
    # hypothesis favours short lists: a floor drawn first keeps most stores big enough for filters to hit
    floor = draw(st.sampled_from([0, 10, 40]))
    ids = draw(st.lists(st.integers(1, 5000), min_size=floor, max_size=120, unique=True))
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
        flag_kinds=frozenset(draw(st.lists(st.sampled_from(KINDS), max_size=3))),
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
            RecordFilter, flag_kinds=st.sets(st.sampled_from(KINDS), min_size=1, max_size=6).map(frozenset)
        ),
        st.builds(
            RecordFilter, submitted_from=st.just(date(2026, 12, 1)), submitted_to=st.just(date(2026, 12, 2))
        ),
        record_filter(),
    )


#: The 18 fields of a RecordFilter; ``matching_filter`` sets one to three of them.
FILTER_FIELDS = tuple(f.name for f in fields(RecordFilter))
EMPTY = RecordFilter()
ENUM_FILTERS = {
    "level": ("level", Level),
    "submit_status": ("submit_status", SubmitStatus),
    "education_level": ("education_level", EducationLevel),
    "pay_status": ("pay_status", PayStatus),
    "verify_status": ("verify_summary", VerifyStatus),
}


def _matching_value(draw: st.DrawFn, name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A value for filter field ``name`` that ``row`` satisfies (or, where the row holds nothing the
    field can select — an unknown code, no 对比库 hit —, one it does not)."""
    if name in ENUM_FILTERS:
        column, enum = ENUM_FILTERS[name]
        value = row[column]
        return {name: enum(value) if value in enum._value2member_map_ else draw(st.sampled_from(list(enum)))}
    if name in ("name", "id_number", "unit_name"):
        value = row[name]
        start = draw(st.integers(0, len(value)))
        part = value[start : draw(st.integers(start, len(value)))]
        return {name: draw(st.sampled_from([part, f" {part} ", part.upper()]))}
    if name == "category_code":
        return {name: row[name]}
    if name == "data_scope":
        return {name: DataScope.DIRECT}
    if name == "tier_status":
        tier = draw(st.sampled_from(list(Tier)))
        status = row[f"status_{tier.value}"]
        if status is None:
            return {name: {tier: NOT_REACHED}}
        if status in ReviewStatus._value2member_map_:
            return {name: {tier: ReviewStatus(status)}}
        return {}
    if name in ("submitted_from", "submitted_to"):
        stamp = row["submitted_at"]
        day = date.fromisoformat(stamp[:10]) if stamp else date(2026, 12, 1)
        if name == "submitted_from":
            day = draw(st.sampled_from([day, day - timedelta(days=1)]))
        return {name: day}
    if name == "library_hits":
        held = [lib for i, lib in enumerate(Library) if row["library_hits"] >> i & 1]
        return {
            name: frozenset(draw(st.lists(st.sampled_from(held or list(Library)), min_size=1, max_size=2)))
        }
    if name == "frontline":
        return {name: bool(row["frontline"])}
    if name == "flag_kinds":  # 预审提示: one or two kinds the row has (any, when it has none)
        held = [kind for i, kind in enumerate(KINDS) if row["flag_kinds"] >> i & 1]
        return {name: frozenset(draw(st.lists(st.sampled_from(held or list(KINDS)), min_size=1, max_size=2)))}
    return {name: True}  # pending_only, conflicts_only


@st.composite
def matching_filter(draw: st.DrawFn, rows: list[dict[str, Any]]) -> RecordFilter:
    """One to three filter fields, each set to a value one drawn row holds, so the answer is rarely
    empty: every field is exercised alone and in small combinations (the fully random
    ``record_filter`` sets all of them at once and almost never matches a row)."""
    if not rows:
        return RecordFilter()
    row = draw(st.sampled_from(rows))
    values: dict[str, Any] = {}
    for name in sorted(draw(st.sets(st.sampled_from(FILTER_FIELDS), min_size=1, max_size=3))):
        values.update(_matching_value(draw, name, row))
    return RecordFilter(**values)


def queries(rows: list[dict[str, Any]]) -> st.SearchStrategy[list[tuple[RecordFilter, str, bool, int]]]:
    # half the filters match a row (``a | b`` would flatten into sparse_filter's seven branches: 1 in 8)
    either = st.booleans().flatmap(lambda matching: matching_filter(rows) if matching else sparse_filter())
    return st.lists(
        st.tuples(
            either,
            st.sampled_from(SORTABLE),
            st.booleans(),
            st.sampled_from([11, 12, 17]),
        ),
        min_size=1,
        max_size=6,
    )


@st.composite
def store_and_queries(
    draw: st.DrawFn, odd_times: bool = False
) -> tuple[list[dict[str, Any]], list[tuple[RecordFilter, str, bool, int]]]:
    rows = draw(store_rows(odd_times))
    return rows, draw(queries(rows))


def assert_same(index: RecordIndex, path: Path, cases: list[tuple[RecordFilter, str, bool, int]]) -> None:
    with sqlite3.connect(path) as conn:
        for flt, column, descending, org in cases:
            sort = SortKey(column, descending)
            expected = sql_query.query_ids(conn, flt, sort, org)
            got = index.query(flt, sort, org)
            if len(expected):
                for name in FILTER_FIELDS:
                    if getattr(flt, name) != getattr(EMPTY, name):
                        event(f"filter field {name} selected rows")
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


plans = st.sampled_from(sorted(PLANS))


#: A deeper search on demand: REVIEWDESK_INDEX_EXAMPLES=1000 pytest tests/store/index/test_index_property.py
SETTINGS = settings(
    max_examples=int(os.environ.get("REVIEWDESK_INDEX_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(stored=store_and_queries(), plan=plans)
def test_index_matches_sql(stored: tuple[list[dict[str, Any]], list[Any]], plan: str) -> None:
    rows, cases = stored
    with fresh_store() as path, planned(plan):
        write_rows(path, rows)
        index = RecordIndex.build(path)
        assert len(index) == len(rows)
        assert_same(index, path, cases)


@SETTINGS
@given(stored=store_and_queries(odd_times=True), plan=plans)
def test_index_matches_sql_with_timestamps_in_other_layouts(
    stored: tuple[list[dict[str, Any]], list[Any]], plan: str
) -> None:
    rows, cases = stored
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
@given(data=st.data(), stored=store_and_queries(), plan=plans)
def test_index_follows_updates_inserts_and_deletions(
    data: st.DataObject, stored: tuple[list[dict[str, Any]], list[Any]], plan: str
) -> None:
    rows, cases = stored
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
@given(stored=store_and_queries(), plan=plans)
def test_long_values_beyond_the_array_width_are_searched_and_sorted_whole(
    stored: tuple[list[dict[str, Any]], list[Any]], plan: str
) -> None:
    rows, cases = stored
    with fresh_store() as path, planned(plan), pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_load, "TEXT_WIDTH_QUANTILE", 0.3)  # most names overflow the array
        write_rows(path, rows)
        index = RecordIndex.build(path)
        assert_same(index, path, cases)
        extra = [{**r, "name": r["name"] * 3} for r in rows[:5]]
        write_rows(path, extra)
        index.update({r["id"] for r in extra})
        assert_same(index, path, cases)
