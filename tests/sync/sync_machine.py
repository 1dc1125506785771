"""A hypothesis state machine of the whole sync protocol: three workstations (two reviewers of one
hospital and their county), the real server, candidates acting meanwhile, and faults everywhere.

Faults: a request lost, an answer lost after the server committed, a workstation dying after the
server applied a decision, 核验 or 材料上报 and before its store saved the answer, an answer cut off mid-body (pages of
the feed and of the download hold 3 records, so a cut falls between pages of one sync), a request sent
twice, the server restarted, a workstation crashing between any two steps (before or
after any request, before or after any store transaction of a sync) and reopening its store from the
file. Candidates withdraw, re-submit (with changed materials) and move to another unit and back.

Invariants checked after every step (ARCHITECTURE.md "Invariants to test"):

* nothing decided is lost: each action a workstation queued is still in its outbox, or applied on the
  server, or stored there as a conflict/rejection;
* nothing is applied twice: the server's 审核进度 has at most one entry per decision_id;
* no stale decision is applied: a decision applied during a step had the base the server record had
  (its submission and materials unchanged, its version not older than at the start of the step);
* no conflict without another actor: a workstation holds a ``conflict`` for a record only if someone
  other than its reviewer (a colleague, another tier, the candidate) changed that record during the run
  — a resent action answered ``duplicate`` must not turn the reviewer's own later actions into conflicts;
* after a clean sync (no fault) every conflict/rejection the server decided is visible on that
  workstation, its outbox is empty, and its store equals the server's view of its scope.

Used by ``tests/sync/test_sync_machine.py`` (hundreds of steps) and ``benchmarks/sync_soak.py``.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import create_engine, text
from sync_world import DEMO_COUNTY, DEMO_UNIT, DEMO_UNIT_ADMIN, Crash, Desk, World, stop

from reviewdesk.domain.enums import Outcome, VerifyStatus
from reviewdesk.server.testing import ServerError
from reviewdesk.store import outbox
from reviewdesk.sync.engine import SyncReport

DESKS = {"a": DEMO_UNIT, "b": DEMO_UNIT_ADMIN, "county": DEMO_COUNTY}
NETWORK_FAULTS = st.lists(
    st.sampled_from([None, "lose_request", "lose_response", "cut", "duplicate"]), max_size=5
)
REMARKS = ["", "图片不清晰", "工作年限不足"]


class CrashingStore:
    """Wraps the engine's store seam: the ``at``-th call crashes the workstation before or after it ran."""

    def __init__(self, inner: Any, at: int, after: bool) -> None:
        self.inner = inner
        self.left = at
        self.after = after

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            self.left -= 1
            if self.left == 0 and not self.after:
                raise Crash(f"before store.{name}")
            result = attribute(*args, **kwargs)
            if self.left == 0 and self.after:
                raise Crash(f"after store.{name}")
            return result

        return call


class CrashBeforeSaving:
    """Wraps the engine's store seam: the first answer of ``kind`` to be saved crashes the workstation
    before the store saves it — the server has applied the action, the store never learns it did."""

    SAVES: ClassVar[dict[str, str]] = {
        "complete_items": "",  # the kind is read from the answers' id field
        "complete_report": "report",
    }

    def __init__(self, inner: Any, kind: str) -> None:
        self.inner = inner
        self.kind = kind

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if name not in self.SAVES:
            return attribute

        def save(answers: Any, *args: Any, **kwargs: Any) -> Any:
            kind = self.SAVES[name] or ("decision" if "decision_id" in answers[0] else "verification")
            if kind == self.kind:
                raise Crash(f"after the server applied a {kind}, before store.{name}")
            return attribute(answers, *args, **kwargs)

        return save


class StepCrashingStore:
    """Wraps the engine's store seam: the first call of ``step`` crashes the workstation before or after
    it ran (a named crash point, the same whatever thread stores the answers)."""

    def __init__(self, inner: Any, step: str, after: bool) -> None:
        self.inner = inner
        self.step = step
        self.after = after

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if name != self.step:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            if not self.after:
                raise Crash(f"before store.{name}")
            attribute(*args, **kwargs)
            raise Crash(f"after store.{name}")

        return call


#: The store transactions of a sync (``sync.storeops``) a crash is aimed at by name.
STORE_STEPS = ("claim", "complete_items", "complete_report", "apply_changes", "mark_synced")


def answer_kind(kind: str, result: Mapping[str, Any]) -> str:
    """How an answer the workstation stored is counted: ``answer <kind> <status>[ <reason>]``, a duplicate
    by what the first answer was (``duplicate of conflict stale``)."""
    status = str(result.get("status"))
    if status == "duplicate":
        first = str(result.get("first_status"))
        reason = f" {result.get('reason')}" if first != "applied" and result.get("reason") else ""
        return f"answer {kind} duplicate of {first}{reason}"
    reason = f" {result.get('reason')}" if status != "applied" and result.get("reason") else ""
    return f"answer {kind} {status}{reason}"


class AnswerCounter:
    """Wraps the engine's store seam and counts every answer the workstation stores, by kind."""

    def __init__(self, inner: Any, stats: Counter[str]) -> None:
        self.inner = inner
        self.stats = stats

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def complete_items(self, results: Sequence[Mapping[str, Any]]) -> Any:
        for result in results:
            self.stats[answer_kind("verification" if "action_id" in result else "decision", result)] += 1
        return self.inner.complete_items(results)

    def complete_report(self, entry: Any, results: Sequence[Mapping[str, Any]], **kwargs: Any) -> Any:
        for result in results:
            self.stats[answer_kind("report", result)] += 1
        if kwargs.get("duplicate"):
            self.stats["answer report duplicate"] += 1
        return self.inner.complete_report(entry, results, **kwargs)


class SyncMachine(RuleBasedStateMachine):
    world: World  # set by ``configured``
    scratch: Path
    #: What the runs did (how many actions queued, syncs failed, crashes…): printed by the soak.
    stats: ClassVar[Counter[str]] = Counter()

    @classmethod
    def configured(cls, world: World, scratch: Path) -> Callable[[], SyncMachine]:
        def make() -> SyncMachine:
            machine = cls()
            return machine

        cls.world = world
        cls.scratch = scratch
        return make

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(dir=self.scratch))
        self.server = self.world.start(self.tmp / "server")
        self.db = create_engine(self.server.db_url)
        self.desks: dict[str, Desk] = {}
        #: every action any workstation queued: action_id → (desk, kind)
        self.made: dict[str, tuple[str, str]] = {}
        self.checked_applied: set[str] = set()
        #: actions taken back by 撤销 before any sync sent them
        self.undone: set[str] = set()
        self.server_before = self._server_records()
        self.history_start = self._query("SELECT coalesce(max(id), 0) FROM history")[0][0]
        self.materials_before = self._server_materials()
        self.steps = 0

    @initialize()
    def open_desks(self) -> None:
        for name, username in DESKS.items():
            desk = Desk(
                self.server, self.world.account(username), self.tmp / name, retries=1, push_batch=2, page=3
            )
            self.desks[name] = desk
            self._watch(desk)
            self._clean_sync(name)

    def teardown(self) -> None:
        try:
            # the end of the story: every workstation syncs cleanly once more, in turn, twice
            # (a later one's push may change what an earlier one holds)
            for name in [*self.desks, *self.desks]:
                self._clean_sync(name)
            self.nothing_lost_nothing_twice_nothing_stale()
        finally:
            self._close()

    def _close(self) -> None:
        for desk in self.desks.values():
            desk.close()
        stop(self.server)
        self.db.dispose()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- server state -------------------------------------------------------------------------------
    def _query(self, sql: str) -> list[Any]:
        with self.db.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]

    def _server_records(self) -> dict[int, tuple[int, int, str]]:
        return {
            r[0]: (r[1], r[2], r[3])
            for r in self._query("SELECT id, version, submission_rev, materials_hash FROM records")
        }

    def _server_materials(self) -> dict[int, int]:
        return {r[0]: r[1] for r in self._query("SELECT id, version FROM materials")}

    def _record_id(self, index: int) -> int:
        records = self.world.unit_records
        return records[index % len(records)]

    def _queue(self, name: str, act: Callable[[], Any]) -> None:
        workspace = self.desks[name].workspace
        before = {e.action_id for e in outbox.pending(workspace)}
        act()
        for entry in outbox.pending(workspace):
            if entry.action_id not in before:
                self.made[entry.action_id] = (name, entry.kind)
                self.stats[f"queued {entry.kind}"] += 1

    # -- reviewers ---------------------------------------------------------------------------------
    def _pick(self, name: str, indexes: list[int]) -> list[int]:
        held = sorted(self.desks[name].workspace.record_ids())
        return sorted({held[i % len(held)] for i in indexes}) if held else []

    @rule(
        name=st.sampled_from(sorted(DESKS)),
        indexes=st.lists(st.integers(0, 50), min_size=1, max_size=3),
        outcome=st.sampled_from(list(Outcome)),
        remark=st.sampled_from(REMARKS),
    )
    def decide(self, name: str, indexes: list[int], outcome: Outcome, remark: str) -> None:
        workspace = self.desks[name].workspace
        record_ids = self._pick(name, indexes)
        self._queue(name, lambda: workspace.decide(record_ids, outcome, remark))

    @rule(name=st.sampled_from(sorted(DESKS)), indexes=st.lists(st.integers(0, 50), max_size=3))
    def pass_and_report_up(self, name: str, indexes: list[int]) -> None:
        workspace = self.desks[name].workspace
        record_ids = self._pick(name, indexes)
        self._queue(name, lambda: workspace.decide(record_ids, Outcome.PASS, ""))
        if workspace.preview_report():
            self._queue(name, workspace.report_up)

    @rule(
        name=st.sampled_from(sorted(DESKS)),
        index=st.integers(0, 50),
        status=st.sampled_from([VerifyStatus.VERIFIED, VerifyStatus.FAILED]),
        remark=st.sampled_from(REMARKS),
    )
    def verify(self, name: str, index: int, status: VerifyStatus, remark: str) -> None:
        workspace = self.desks[name].workspace
        held = sorted(workspace.record_ids())
        if not held:
            return
        view = workspace.record(held[index % len(held)])
        if view is None or not view.materials:
            return
        material_id = view.materials[index % len(view.materials)].id
        self._queue(name, lambda: workspace.verify([material_id], status, remark))

    @rule(name=st.sampled_from(sorted(DESKS)))
    def undo(self, name: str) -> None:
        """撤销: the newest action not yet sent (a bulk decision as one) is taken back; it must never
        reach the server."""
        workspace = self.desks[name].workspace
        before = {e.action_id for e in outbox.pending(workspace)}
        if workspace.undo_last() is None:
            return
        gone = before - {e.action_id for e in outbox.pending(workspace)}
        assert gone, "an undo took nothing back"
        for action_id in gone:
            self.stats[f"undone {self.made.pop(action_id)[1]}"] += 1
            self.undone.add(action_id)

    # -- syncing, with faults ------------------------------------------------------------------------
    @rule(name=st.sampled_from(sorted(DESKS)), faults=NETWORK_FAULTS)
    def sync(self, name: str, faults: list[str | None]) -> None:
        if not any(faults):
            self._clean_sync(name)
            return
        report = self.desks[name].sync(faults=faults, blobs=False)
        assert report.error is None or report.exception is not None
        self.stats["sync with faults: " + ("failed" if report.error else "completed")] += 1

    @rule(
        name=st.sampled_from(sorted(DESKS)), at=st.integers(0, 8), after=st.booleans(), in_store=st.booleans()
    )
    def crash_mid_sync(self, name: str, at: int, after: bool, in_store: bool) -> None:
        """The workstation dies before/after the at-th request, or before/after the at-th store
        transaction of a sync, and the program starts again from the store file."""
        desk = self.desks[name]
        try:
            if in_store:
                desk.engine.store = CrashingStore(desk.engine.store, at + 1, after)  # type: ignore[assignment]
                desk.sync(blobs=False)
            else:
                # a sync makes two to four requests (push batches, the feed): aim within them
                request = at % 4
                desk.sync(faults=[None] * request + ["crash_after" if after else "crash_before"], blobs=False)
        except Crash as crash:
            self.stats[f"crash {crash}"] += 1
        else:
            self.stats["crash point past the end of the sync"] += 1
        desk.crash()
        self._watch(desk)
        self.stats["crash and reopen"] += 1

    @rule(name=st.sampled_from(sorted(DESKS)), step=st.sampled_from(STORE_STEPS), after=st.booleans())
    def crash_at_store_step(self, name: str, step: str, after: bool) -> None:
        """The workstation dies just before or just after a named store transaction of a sync (the
        first one of its kind), and the program starts again from the store file."""
        desk = self.desks[name]
        try:
            desk.engine.store = StepCrashingStore(desk.engine.store, step, after)  # type: ignore[assignment]
            desk.sync(blobs=False)
        except Crash as crash:
            self.stats[f"crash {crash}"] += 1
        else:
            self.stats["crash point past the end of the sync"] += 1
        desk.crash()
        self._watch(desk)
        self.stats["crash and reopen"] += 1

    @rule(name=st.sampled_from(sorted(DESKS)), kind=st.sampled_from(["verification", "report", "decision"]))
    def crash_between_server_apply_and_local_save(self, name: str, kind: str) -> None:
        """The workstation dies after the server applied its first action of ``kind`` in this sync and
        before the store saved the answer; the next sync re-sends it and is answered ``duplicate``."""
        desk = self.desks[name]
        desk.engine.store = CrashBeforeSaving(desk.engine.store, kind)  # type: ignore[assignment]
        try:
            desk.sync(blobs=False)
        except Crash:
            self.stats[f"crash before saving a {kind}"] += 1
        desk.crash()
        self._watch(desk)

    @rule(now=st.sampled_from([True, False, False, False]))
    def restart_server(self, now: bool) -> None:
        if not now:  # a rule without arguments is drawn far too often; restarts cost 0.2 s
            return
        self.server.restart()
        self.stats["server restart"] += 1

    # -- candidates --------------------------------------------------------------------------------
    @rule(
        index=st.integers(0, 50),
        change=st.sampled_from([None, "武汉大学", "华中科技大学"]),
        move=st.sampled_from([None, None, "away", "home"]),
    )
    def candidate_acts(self, index: int, change: str | None, move: str | None) -> None:
        """What the candidate can do now: withdraw a submission the unit has not decided, or (re-)submit
        a returned/withdrawn one, possibly with changed materials, possibly after binding elsewhere."""
        record_id = self._record_id(index)
        ((submit_status, at_tier, unit_status),) = self._query(
            f"SELECT submit_status, at_tier, status_unit FROM records WHERE id = {int(record_id)}"
        )
        with contextlib.suppress(ServerError):
            if submit_status == "submitted":
                if at_tier != "unit" or unit_status != "pending":
                    return
                self.server.withdraw(record_id)
                self.stats["candidate withdraws"] += 1
                if move is None:
                    return
            if move is not None:
                home = self.world.account(DEMO_UNIT).org_id
                target = next(u for u in self.server.units() if u != home) if move == "away" else home
                self.server.bind(record_id, unit_id=target)
                self.stats[f"candidate moves {move}"] += 1
            materials = None if change is None else [{"kind": "education", "fields": {"毕业学校": change}}]
            self.server.submit(record_id, materials)
            self.stats["candidate submits" + (" changed materials" if change else "")] += 1

    # -- checks -------------------------------------------------------------------------------------
    def _clean_sync(self, name: str) -> SyncReport:
        desk = self.desks[name]
        report = desk.sync(blobs=False)
        assert report.ok, report
        self.stats["clean sync"] += 1
        for key in ("applied", "conflicts", "rejected", "duplicates"):
            self.stats[f"answers {key}"] += getattr(report, key)
        workspace = desk.workspace
        assert workspace.pending_actions() == 0, "a clean sync leaves nothing queued"
        # every conflict the server decided for this workstation is visible on it
        mine = {a for a, (n, kind) in self.made.items() if n == name and kind != "report"}
        refused = {
            r[0] for r in self._query("SELECT decision_id FROM decisions WHERE status != 'applied'")
        } | {r[0] for r in self._query("SELECT action_id FROM verifications WHERE status != 'applied'")}
        visible = {c.action_id for c in workspace.conflicts(include_resolved=True)}
        assert (mine & refused) <= visible, f"conflicts not shown: {(mine & refused) - visible}"
        # converged: the store is the server's view of this scope
        theirs = {}
        after: int | None = None
        while True:
            page = desk.client.records(after_id=after)
            theirs.update({r["id"]: r for r in page["items"]})
            after = page["next_after_id"]
            if after is None:
                break
        assert sorted(workspace.record_ids()) == sorted(theirs), "record sets differ after a clean sync"
        for record_id, snapshot in theirs.items():
            view = workspace.record(record_id)
            assert view is not None and view.snapshot == snapshot, f"record {record_id} differs"
            review = snapshot["review"]
            assert view.row["status_unit"] == review["statuses"].get("unit")
            assert view.row["at_tier"] == review["at_tier"]
            assert view.row["pending_actions"] == 0
        return report

    @invariant()
    def nothing_lost_nothing_twice_nothing_stale(self) -> None:
        if not self.desks:
            return
        self.steps += 1
        self.stats["steps checked"] += 1
        applied = {r[0] for r in self._query("SELECT decision_id FROM decisions WHERE status = 'applied'")}
        applied |= {r[0] for r in self._query("SELECT action_id FROM verifications WHERE status = 'applied'")}
        reports = {r[0] for r in self._query("SELECT report_id FROM reports")}
        queued: dict[str, set[str]] = {}
        kept: dict[str, set[str]] = {}
        for name, desk in self.desks.items():
            queued[name] = {e.action_id for e in outbox.pending(desk.workspace)}
            kept[name] = {c.action_id for c in desk.workspace.conflicts(include_resolved=True)}
        for action_id, (name, kind) in self.made.items():
            if kind == "report":
                assert action_id in queued[name] or action_id in reports, f"report {action_id} lost"
            else:
                assert action_id in queued[name] or action_id in applied or action_id in kept[name], (
                    f"{kind} {action_id} of {name} lost"
                )
        twice = self._query(
            "SELECT decision_id, count(*) FROM history WHERE decision_id IS NOT NULL "
            "GROUP BY decision_id HAVING count(*) > 1"
        )
        assert not twice, f"applied twice: {twice}"
        self._no_conflict_without_another_actor()
        now = self._server_records()
        for decision_id, record_id, base_json in self._query(
            "SELECT decision_id, record_id, base FROM decisions WHERE status = 'applied'"
        ):
            if decision_id in self.checked_applied:
                continue
            self.checked_applied.add(decision_id)
            base = json.loads(base_json) if isinstance(base_json, str) else base_json
            version, submission_rev, materials_hash = self.server_before[record_id]
            assert base["submission_rev"] == submission_rev and base["materials_hash"] == materials_hash, (
                f"decision {decision_id} applied over a changed submission"
            )
            assert version <= base["version"] < now[record_id][0], f"stale decision {decision_id} applied"
        self.server_before = now
        self._no_stale_verification_or_report()
        self._nothing_undone_reached_the_server()

    def _no_stale_verification_or_report(self) -> None:
        """A 核验 applied during the step was made on the material's version at the start of the step or
        later (never on one the candidate or another reviewer has since replaced); every 材料上报 entry
        on the server follows that tier's 审核通过 with no submission, withdrawal or other decision of
        that tier in between (a report over a pass that was superseded is stale)."""
        now = self._server_materials()
        for action_id, material_id, base_json in self._query(
            "SELECT action_id, material_id, base FROM verifications WHERE status = 'applied'"
        ):
            if action_id in self.checked_applied:
                continue
            self.checked_applied.add(action_id)
            base = json.loads(base_json) if isinstance(base_json, str) else base_json
            assert self.materials_before[material_id] <= base["version"] < now[material_id], (
                f"stale 核验 {action_id} applied"
            )
        self.materials_before = now
        last: dict[tuple[int, str], tuple[str, str | None]] = {}
        for record_id, action, tier, outcome in self._query(
            "SELECT record_id, action, tier, outcome FROM history ORDER BY id"
        ):
            if action in ("submitted", "withdrawn"):
                for key in [k for k in last if k[0] == record_id]:
                    last[key] = (action, None)
            elif action == "decided":
                last[(record_id, tier)] = (action, outcome)
            elif action == "reported":
                assert last.get((record_id, tier)) == ("decided", "passed"), (
                    f"record {record_id} reported at {tier} after {last.get((record_id, tier))}"
                )
                last[(record_id, tier)] = (action, None)

    def _nothing_undone_reached_the_server(self) -> None:
        if not self.undone:
            return
        marks = ", ".join(f"'{a}'" for a in self.undone)
        reached = self._query(
            f"SELECT decision_id FROM decisions WHERE decision_id IN ({marks}) "
            f"UNION SELECT action_id FROM verifications WHERE action_id IN ({marks}) "
            f"UNION SELECT report_id FROM reports WHERE report_id IN ({marks})"
        )
        assert not reached, f"undone actions reached the server: {reached}"

    def _watch(self, desk: Desk) -> None:
        """Count the answers this workstation stores."""
        desk.engine.store = AnswerCounter(desk.engine.store, self.stats)  # type: ignore[assignment]

    def _no_conflict_without_another_actor(self) -> None:
        """Each conflict a workstation holds names a record someone else changed during the run: a
        审核进度 entry since the start that no action of this reviewer made (the candidate's, a
        colleague's, another tier's)."""
        for name, desk in self.desks.items():
            conflicts = [c for c in desk.workspace.conflicts(include_resolved=True) if c.status == "conflict"]
            if not conflicts:
                continue
            (user_id,) = self._query(f"SELECT id FROM users WHERE username = '{desk.account.username}'")[0]
            others = {
                row[0]
                for row in self._query(
                    f"SELECT record_id FROM history WHERE id > {int(self.history_start)} "
                    "AND (action_id IS NULL OR action_id NOT IN ("
                    f"SELECT decision_id FROM decisions WHERE user_id = {int(user_id)} "
                    f"UNION SELECT action_id FROM verifications WHERE user_id = {int(user_id)} "
                    f"UNION SELECT report_id FROM reports WHERE user_id = {int(user_id)}))"
                )
            }
            alone = [(c.kind, c.record_id, c.reason) for c in conflicts if c.record_id not in others]
            assert not alone, f"{name} holds conflicts nobody else caused: {alone}"

    @precondition(lambda self: bool(self.desks))
    @rule(name=st.sampled_from(sorted(DESKS)))
    def clean_sync_converges(self, name: str) -> None:
        self._clean_sync(name)
