"""The planner's parts on the six hand-made records of ``test_index_filters_table``: what each condition
says it matches (its exact count from the posting lists and its sorted positions) and which plan
``select`` takes, against answers read off that table by hand.

Why beside the filter table: a condition whose count or candidate list is wrong can still give the
right ids — ``select`` falls back to masks when a condition says "not posted" (None), and a wrong
count only changes which condition drives — so a planner that silently stopped using its posting
lists (the 10^6-row speed of ARCHITECTURE.md's list) or drove with the wrong condition passed every
test that compares ids. These pin the planner's own claims. Positions are ``id − 1`` (ids 1–6 are
held in ascending order, checked first).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from index_rows import fresh_store, planned, write_rows
from test_index_filters_table import ORG, ROWS

from reviewdesk.domain.enums import DataScope, Level, Library, PayStatus, ReviewStatus, Tier
from reviewdesk.domain.precheck import KINDS
from reviewdesk.store.filters import NOT_REACHED, RecordFilter, SortKey
from reviewdesk.store.index import RecordIndex
from reviewdesk.store.index import load as index_load
from reviewdesk.store.index import plan as index_plan
from reviewdesk.store.index.load import connector, load_state
from reviewdesk.store.index.state import State


@pytest.fixture(scope="module")
def store() -> Iterator[Path]:
    with fresh_store() as path:
        write_rows(path, ROWS)
        yield path


def _state(path: Path) -> State:
    state = load_state(connector(path))
    assert state.ids.tolist() == [1, 2, 3, 4, 5, 6]
    return state


def _only(state: State, flt: RecordFilter, org: int = ORG) -> index_plan.Condition:
    found = index_plan.conditions(state, flt, org)
    assert len(found) == 1
    return found[0]


def _list(positions: np.ndarray | None) -> list[int] | None:
    return None if positions is None else positions.tolist()


#: (title, filter, organisation, its count by the posting lists, its positions) — every value posted
#: (POSTED_FRACTION 1.0): the count is exact per value, an upper bound for "any of" (record 5 is in
#: both 省线库 and 护士注册库), the positions are the union without repeats.
POSTED: list[tuple[str, RecordFilter, int, int, list[int]]] = [
    ("level assistant", RecordFilter(level=Level.ASSISTANT), ORG, 2, [0, 4]),
    ("category 203", RecordFilter(category_code="203"), ORG, 2, [1, 3]),
    ("category unknown", RecordFilter(category_code="999"), ORG, 0, []),
    ("frontline yes", RecordFilter(frontline=True), ORG, 3, [0, 3, 5]),
    ("frontline no", RecordFilter(frontline=False), ORG, 3, [1, 2, 4]),
    ("paid", RecordFilter(pay_status=PayStatus.PAID), ORG, 3, [0, 3, 4]),
    ("pending only", RecordFilter(pending_only=True), ORG, 2, [1, 4]),
    ("conflicts only", RecordFilter(conflicts_only=True), ORG, 2, [3, 5]),
    ("unit passed", RecordFilter(tier_status={Tier.UNIT: ReviewStatus.PASSED}), ORG, 2, [0, 1]),
    ("county not reached", RecordFilter(tier_status={Tier.COUNTY: NOT_REACHED}), ORG, 4, [2, 3, 4, 5]),
    # 本级直属: units directly under the organisation, or the organisation itself
    ("direct of 17", RecordFilter(data_scope=DataScope.DIRECT), 17, 0 + 3, [0, 1, 5]),
    ("direct of 12", RecordFilter(data_scope=DataScope.DIRECT), 12, 4 + 1, [0, 1, 2, 4, 5]),
    ("direct of 99", RecordFilter(data_scope=DataScope.DIRECT), 99, 0, []),
    ("library qualification", RecordFilter(library_hits=frozenset({Library.QUALIFICATION})), ORG, 1, [1]),
    (
        "library nurse or qualification",
        RecordFilter(library_hits=frozenset({Library.NURSE_REGISTRY, Library.QUALIFICATION})),
        ORG,
        1 + 1,
        [1, 4],
    ),
    (
        "library provincial or nurse",
        RecordFilter(library_hits=frozenset({Library.PROVINCIAL_LINE, Library.NURSE_REGISTRY})),
        ORG,
        1 + 1,
        [4],
    ),
    ("library graduates", RecordFilter(library_hits=frozenset({Library.GRADUATES})), ORG, 0, []),
    ("any flag", RecordFilter(flag_kinds=frozenset(KINDS)), ORG, 1 + 1 + 1 + 1 + 1, [1, 2, 3, 5]),
    ("unit jiang-an", RecordFilter(unit_name="江岸"), ORG, 3 + 1, [0, 1, 4, 5]),
    ("unit clinic", RecordFilter(unit_name="clinic"), ORG, 1, [3]),
    ("unit maternity", RecordFilter(unit_name="妇幼"), ORG, 1, [2]),
    ("unit nowhere", RecordFilter(unit_name="协和"), ORG, 0, []),
]


@pytest.mark.parametrize(
    ("flt", "org", "count", "positions"), [c[1:] for c in POSTED], ids=[c[0] for c in POSTED]
)
def test_each_posted_condition_counts_and_lists_its_rows(
    store: Path, flt: RecordFilter, org: int, count: int, positions: list[int]
) -> None:
    with planned("postings"):
        state = _state(store)
        condition = _only(state, flt, org)
        assert condition.estimate(state) == count
        assert _list(condition.candidates(state)) == positions
        # the other two ways of answering agree with the list
        expected_mask = np.isin(np.arange(6), positions)
        assert condition.mask(state).tolist() == expected_mask.tolist()
        assert condition.test(state, np.array([0, 2, 3, 5])).tolist() == expected_mask[[0, 2, 3, 5]].tolist()


#: Lists only for values held by at most one record (POSTED_FRACTION 0.1 of six rows): a condition
#: with a more frequent value has no candidates (None: the planner must use masks), and "any of" has
#: candidates only when every part has.
RARE: list[tuple[str, RecordFilter, int, int, list[int] | None]] = [
    ("level assistant (two)", RecordFilter(level=Level.ASSISTANT), ORG, 2, None),
    ("category 368 (one)", RecordFilter(category_code="368"), ORG, 1, [2]),
    ("category 999 (none)", RecordFilter(category_code="999"), ORG, 0, []),
    ("pending (two)", RecordFilter(pending_only=True), ORG, 2, None),
    ("direct of 17 (parent: none, unit: three)", RecordFilter(data_scope=DataScope.DIRECT), 17, 3, None),
    ("direct of 11 (parent: one, unit: none)", RecordFilter(data_scope=DataScope.DIRECT), 11, 1, [3]),
    ("library misconduct (one)", RecordFilter(library_hits=frozenset({Library.MISCONDUCT})), ORG, 1, [3]),
    (
        "library nurse or qualification (one each)",
        RecordFilter(library_hits=frozenset({Library.NURSE_REGISTRY, Library.QUALIFICATION})),
        ORG,
        2,
        [1, 4],
    ),
    ("unit jiang-an (three and one)", RecordFilter(unit_name="江岸"), ORG, 4, None),
    ("unit clinic (one)", RecordFilter(unit_name="CLINIC"), ORG, 1, [3]),
]


@pytest.mark.parametrize(
    ("flt", "org", "count", "positions"), [c[1:] for c in RARE], ids=[c[0] for c in RARE]
)
def test_only_rare_values_have_candidates(
    store: Path, flt: RecordFilter, org: int, count: int, positions: list[int] | None
) -> None:
    with planned("rare_postings"):
        state = _state(store)
        condition = _only(state, flt, org)
        assert condition.estimate(state) == count
        assert _list(condition.candidates(state)) == positions


@pytest.mark.parametrize(
    "flt",
    [RecordFilter(name="王"), RecordFilter(id_number="x"), RecordFilter(submitted_from=date(2026, 12, 1))],
    ids=["name", "id number", "submitted from"],
)
def test_text_and_time_conditions_never_drive(store: Path, flt: RecordFilter) -> None:
    with planned("postings"):
        state = _state(store)
        found = index_plan.conditions(state, flt, ORG)
        for condition in found:
            assert (condition.estimate(state), condition.candidates(state)) == (None, None)


def test_a_rare_condition_drives_and_the_others_only_test_its_candidates(store: Path) -> None:
    """Postings plan: the condition with the smallest count gives the positions; masks plan: masks."""
    flt = RecordFilter(level=Level.JUNIOR, frontline=True, name="wang")  # counts 2 and 3; the answer: 4
    with planned("postings"):
        state = _state(store)
        matches = index_plan.select(state, flt, ORG)
        assert (matches.mask, _list(matches.positions)) == (None, [3])
        assert matches.count(6) == 1
        assert matches.of(state.ids).tolist() == [4]
        nothing = index_plan.select(state, RecordFilter(level=Level.JUNIOR, category_code="999"), ORG)
        assert (nothing.mask, _list(nothing.positions)) == (None, [])
    with planned("masks"):
        state = _state(store)
        matches = index_plan.select(state, flt, ORG)
        assert matches.positions is None
        assert matches.mask is not None and matches.mask.tolist() == [False, False, False, True, False, False]
        assert matches.count(6) == 1
        assert matches.of(state.ids).tolist() == [4]
    everything = index_plan.select(state, RecordFilter(), ORG)
    assert everything.everything and everything.count(6) == 6
    assert everything.of(state.ids).tolist() == [1, 2, 3, 4, 5, 6]


def test_a_driven_text_search_reads_values_longer_than_the_fixed_width(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the fixed width at the median length (six bytes), "Wang Min" (eight) is kept whole aside:
    "min" is only in its overflow. Record 4 is the 初级(师) whose name holds it."""
    monkeypatch.setattr(index_load, "TEXT_WIDTH_QUANTILE", 0.5)
    for plan in ("postings", "masks", "default"):
        with planned(plan):
            index = RecordIndex.build(store)
            assert index.query(RecordFilter(level=Level.JUNIOR, name="min"), SortKey(), ORG).tolist() == [4]
            assert index.query(RecordFilter(name="min"), SortKey(), ORG).tolist() == [4]
            assert index.query(RecordFilter(level=Level.JUNIOR, name="wang m"), SortKey(), ORG).tolist() == [
                4
            ]


#: 审核状态 at the unit tier, from the table: 1 passed, 2 passed, 3 not reached, 4 rejected,
#: 5 on hold, 6 returned
def _unit_counts(**counts: int) -> dict[ReviewStatus | None, int]:
    out: dict[ReviewStatus | None, int] = {None: counts.pop("none", 0)}
    out.update({status: counts.get(status.value, 0) for status in ReviewStatus})
    return out


@pytest.mark.parametrize("plan", ["default", "postings", "masks"])
def test_status_counts_of_a_view_by_hand(store: Path, plan: str) -> None:
    with planned(plan):
        index = RecordIndex.build(store)
        assert index.status_counts(Tier.UNIT, RecordFilter(), ORG) == _unit_counts(
            none=1, passed=2, rejected=1, on_hold=1, returned=1
        )
        assert index.status_counts(Tier.UNIT, RecordFilter(frontline=True), ORG) == _unit_counts(
            passed=1, rejected=1, returned=1
        )
        assert index.status_counts(Tier.UNIT, RecordFilter(category_code="999"), ORG) == _unit_counts()
        nobody = RecordFilter(tier_status={Tier.CITY: ReviewStatus.PASSED})  # a held value nobody has
        assert index.status_counts(Tier.UNIT, nobody, ORG) == _unit_counts()
        assert index.status_counts(Tier.COUNTY, RecordFilter(level=Level.JUNIOR), ORG) == {
            **_unit_counts(none=1, passed=1),
        }
        assert index.status_counts(Tier.UNIT, ids=[5, 6, 42]) == _unit_counts(on_hold=1, returned=1)
