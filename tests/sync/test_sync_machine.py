"""The sync protocol's state machine (``sync_machine``) in two parts, both checking its invariants after
every step, and together required to reach every kind of step (``REQUIRED``), with the counts printed:

* a fixed tour that walks every action kind (decision, 核验, 材料上报, 撤销), every answer kind
  (applied; duplicate of applied, of a conflict and of a rejection; each conflict reason of decisions
  and of 核验; rejected) and every crash point (before/after each store transaction of a push and a
  pull, before/after each kind of request, between the server's apply and the store's save of each
  kind) on purpose — random steps reached the rare ones by luck
  (one counted run queued 206 decisions, 7 核验 and 6 材料上报, and saw one duplicate answer);
* random steps (hypothesis, derandomised: the same steps on every run, so CI is repeatable) for the
  interleavings nobody scripted. The long random run is ``benchmarks/sync_soak.py``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test
from sync_machine import STORE_STEPS, SyncMachine
from sync_world import World

from reviewdesk.domain.enums import Outcome, VerifyStatus

PUSHES = ("POST /v1/decisions", "POST /v1/verifications", "POST /v1/reports")
#: Every kind of step one test run must reach (the tour makes sure of it; ``missing`` says what not).
REQUIRED = {
    *(f"queued {kind}" for kind in ("decision", "verification", "report")),
    *(f"undone {kind}" for kind in ("decision", "verification", "report")),
    "answer decision applied",
    "answer verification applied",
    "answer report applied",
    *(f"answer decision conflict {r}" for r in ("withdrawn", "resubmitted", "superseded", "stale")),
    *(f"answer verification conflict {r}" for r in ("resubmitted", "stale")),
    "answer decision rejected not_found",
    "answer verification rejected not_found",
    "answer decision duplicate of applied",
    "answer decision duplicate of conflict stale",
    "answer decision duplicate of rejected not_found",
    "answer verification duplicate of applied",
    "answer report duplicate",
    *(f"crash {when} store.{step}" for when in ("before", "after") for step in STORE_STEPS),
    *(f"crash before sending {request}" for request in (*PUSHES, "GET /v1/sync/changes")),
    *(f"crash after the server answered {request}" for request in (*PUSHES, "GET /v1/sync/changes")),
    *(f"crash before saving a {kind}" for kind in ("decision", "verification", "report")),
    "candidate withdraws",
    "candidate moves away",
    "candidate moves home",
    "candidate submits changed materials",
    "server restart",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("sync-machine-world"))


#: What each test reached, for the run's summary (``tests/sync/conftest.py`` prints it at the end).
REACHED: dict[str, Counter[str]] = {}


def missing(stats: Counter[str], test: str) -> list[str]:
    """Required kinds never reached; the counts are kept for the run's summary and printed."""
    REACHED[test] = Counter(stats)
    print("\n".join(f"  {count:6d}  {kind}" for kind, count in sorted(stats.items())))
    return sorted(kind for kind in REQUIRED if not stats[kind])


class Tour:
    """Drives one SyncMachine through scripted steps, checking the invariants after each."""

    def __init__(self, machine: SyncMachine, world: World) -> None:
        self.m = machine
        self.records = world.unit_records

    def step(self, action: Callable[..., Any], *args: Any) -> None:
        action(*args)
        self.m.nothing_lost_nothing_twice_nothing_stale()

    def index(self, record_id: int) -> int:
        return self.records.index(record_id)

    def decide(self, name: str, record_id: int, outcome: Outcome = Outcome.PASS) -> None:
        workspace = self.m.desks[name].workspace
        remark = "" if outcome is Outcome.PASS else "图片不清晰"
        self.step(self.m._queue, name, lambda: workspace.decide([record_id], outcome, remark))

    def verify(self, name: str, record_id: int, status: VerifyStatus = VerifyStatus.VERIFIED) -> None:
        workspace = self.m.desks[name].workspace
        view = workspace.record(record_id)
        assert view is not None and view.materials, record_id
        material = next(m for m in view.materials if m.kind.value == "education")
        remark = "" if status is VerifyStatus.VERIFIED else "证书编号不符"
        self.step(self.m._queue, name, lambda: workspace.verify([material.id], status, remark))

    def report(self, name: str) -> None:
        workspace = self.m.desks[name].workspace
        assert workspace.preview_report()
        self.step(self.m._queue, name, workspace.report_up)

    def sync(self, name: str, *faults: str | None) -> None:
        if faults:
            self.step(self.m.sync, name, list(faults))
        else:
            self.step(self.m.clean_sync_converges, name)

    def candidate(self, record_id: int, change: str | None = None, move: str | None = None) -> None:
        self.step(self.m.candidate_acts, self.index(record_id), change, move)

    def run(self) -> None:
        m, r = self.m, self.records
        m.open_desks()
        # applied: a decision, a 核验, a 材料上报, and the county's 核验 of the reported record
        self.decide("a", r[0])
        self.verify("a", r[1])
        self.sync("a")
        self.report("a")
        self.sync("a")
        # 撤销 of each kind, never sent
        self.decide("a", r[1], Outcome.HOLD)
        self.step(m.undo, "a")
        self.verify("a", r[1], VerifyStatus.FAILED)
        self.step(m.undo, "a")
        self.decide("a", r[1])
        self.report("a")
        self.step(m.undo, "a")
        self.step(m.undo, "a")
        # stale: two reviewers of the hospital on one record; again with the push sent twice
        self.decide("a", r[2])
        self.decide("b", r[2], Outcome.HOLD)
        self.sync("a")
        self.sync("b")
        self.decide("a", r[3])
        self.decide("b", r[3], Outcome.RETURN)
        self.sync("a")
        self.sync("b", "duplicate")
        # duplicates of applied answers: decision, 核验, 材料上报
        self.decide("a", r[4])
        self.sync("a", "duplicate")
        self.verify("a", r[4])
        self.sync("a", "duplicate")
        self.report("a")
        self.sync("a", "duplicate")
        # the candidate acts while a decision waits: withdrawn, resubmitted (a 核验 too)
        self.decide("a", r[5])
        self.candidate(r[5])  # withdraws
        self.sync("a")
        self.candidate(r[5])  # submits again, unchanged
        self.decide("a", r[6])
        self.verify("b", r[6])
        self.candidate(r[6])
        self.candidate(r[6], "武汉大学")  # submits with a changed 学历
        self.sync("a")
        self.sync("b")
        # 核验 stale: b's 核验 lands first
        self.sync("a")
        self.verify("a", r[7])
        self.verify("b", r[7], VerifyStatus.FAILED)
        self.sync("b")
        self.sync("a")
        # superseded: a passes and reports r[8]; b, not synced since, decides it too
        self.decide("a", r[8])
        self.sync("a")
        self.report("a")
        self.sync("a")
        self.decide("b", r[8], Outcome.HOLD)
        self.sync("b")
        # rejected: the candidate moved to another unit meanwhile (once with the push sent twice)
        self.sync("a")
        self.decide("a", r[9])
        self.verify("a", r[10])
        self.candidate(r[9], None, "away")
        self.candidate(r[10], None, "away")
        self.sync("a")
        self.decide("a", r[11])
        self.candidate(r[11], None, "away")
        self.sync("a", "duplicate")
        for record_id in (r[9], r[10], r[11]):
            self.candidate(record_id, None, "home")
        self.sync("a")
        self.step(m.restart_server, True)
        self._crash_everywhere()
        m.teardown()

    def _first(self, outcome: Outcome) -> int:
        workspace = self.m.desks["a"].workspace
        return next(i for i in self.records if workspace.preview_decision([i], outcome, "x").allowed)

    def _queue_decision(self) -> None:
        self.decide("a", self._first(Outcome.HOLD), Outcome.HOLD)

    def _queue_verification(self) -> None:
        workspace = self.m.desks["a"].workspace
        for record_id in self.records:
            view = workspace.record(record_id)
            material = next(m for m in view.materials if m.kind.value == "education") if view else None
            if material and workspace.preview_verification([material.id], VerifyStatus.FAILED, "x").allowed:
                self.verify("a", record_id, VerifyStatus.FAILED)
                return
        raise AssertionError("no record left to verify")

    def _queue_report(self) -> None:
        self.decide("a", self._first(Outcome.PASS))
        self.report("a")

    def _crash_everywhere(self) -> None:
        """Each store transaction of a sync crashed just before and just after (a decision's push for the
        others, a 材料上报's for the storing of its answers), then each kind of request."""
        for step in STORE_STEPS:
            for after in (False, True):
                (self._queue_report if step == "complete_report" else self._queue_decision)()
                self.step(self.m.crash_at_store_step, "a", step, after)
                self.sync("a")
        # the report goes after the decision that passed it: its request is the second
        requests = ((self._queue_decision, 0), (self._queue_verification, 0), (self._queue_report, 1))
        for queue, request in requests:
            for after in (False, True):
                queue()
                self.step(self.m.crash_mid_sync, "a", request, after, False)
                self.sync("a")
        for after in (False, True):
            self.step(self.m.crash_mid_sync, "county", 0, after, False)  # nothing to push: the pull first
        # the server applied it, the store never saved the answer: the next sync is answered duplicate
        for kind, queue in (
            ("decision", self._queue_decision),
            ("verification", self._queue_verification),
            ("report", self._queue_report),
        ):
            queue()
            self.step(self.m.crash_between_server_apply_and_local_save, "a", kind)
            self.sync("a")


@pytest.mark.slow
def test_a_fixed_tour_reaches_every_kind_of_step(world: World, tmp_path: Path) -> None:
    SyncMachine.stats.clear()
    machine = SyncMachine.configured(world, tmp_path)()
    try:
        Tour(machine, world).run()
    except BaseException:
        machine._close()
        raise
    assert not missing(SyncMachine.stats, "fixed tour")


@pytest.mark.slow
def test_sync_protocol_invariants_under_faults(world: World, tmp_path: Path) -> None:
    """Random steps, derandomised (the same ones on every run); what they reached is printed, and the
    kinds of action and crash must all be among them."""
    SyncMachine.stats.clear()
    run_state_machine_as_test(
        SyncMachine.configured(world, tmp_path),
        settings=settings(
            max_examples=15,
            stateful_step_count=30,
            deadline=None,
            database=None,
            derandomize=True,
            # each step talks to a real server: shrinking a failure would take many minutes, so the
            # failing run is reported as found (every step is printed); the soak shrinks.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    stats = SyncMachine.stats
    missing(stats, "random steps")
    for kind in ("queued decision", "queued verification", "queued report", "undone decision"):
        assert stats[kind], f"the random steps never reached {kind}"
    assert sum(v for k, v in stats.items() if k.startswith("crash before store.")) > 0
    assert sum(v for k, v in stats.items() if k.startswith("crash after the server answered")) > 0
