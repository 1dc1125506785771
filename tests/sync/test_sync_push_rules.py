"""The sync engine's push rules that an ordinary sync reaches only by timing, or never, against the
real server on 127.0.0.1:

* which batch may go while the answers of earlier ones are still being stored (``_select``): only
  one that no answer in flight can rebase — a run of one kind, no record (or material) of a batch
  in flight, at most ``push_batch`` items. A sync reaches this only when the store is slower than
  the network, so these steps are asked for directly, on a real outbox — also once the answers in
  flight are stored but not yet collected;
* how the push waits for a store slower than the network: blocked on it, not reading the outbox in a
  loop, and, when the network cuts it off, still counting every batch stored after one that could not
  be (a busy disk and a full one injected into the store's calls);
* an action the server cannot even read (422 for the whole request) is rejected alone, with a
  Chinese message, and the rest of its batch is applied — before, no test sent one;
* the progress the reviewer sees, phase by phase and over several batches, and 重新下载 with its
  defaults (images included).

Expected values come from the queued actions, worked out by hand.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from concurrent.futures import Future
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text
from sync_world import DEMO_UNIT_ADMIN, Desk, World

from reviewdesk.domain.enums import Outcome, VerifyStatus
from reviewdesk.server.testing import SeededServer
from reviewdesk.store import outbox
from reviewdesk.store.actions import OutboxEntry
from reviewdesk.sync.engine import PUSH_BATCH, SyncEngine, _Unstored, images_of, offline_ready
from reviewdesk.sync.errors import ApiError, Offline


def _in_flight(*batches: list[OutboxEntry]) -> deque[_Unstored]:
    """Batches sent whose answers are still being stored (their futures never done)."""
    return deque(_Unstored.of(Future(), batch) for batch in batches)


def test_a_batch_goes_early_only_when_no_answer_in_flight_can_move_its_base(desk: Desk, world: World) -> None:
    a, b, c, d = world.unit_records[:4]
    ws = desk.workspace
    view = ws.record(a)
    assert view is not None
    ws.decide([a], Outcome.PASS, "")
    ws.decide([b], Outcome.PASS, "")
    ws.decide([c], Outcome.HOLD, "待补充")
    ws.verify([view.materials[0].id], VerifyStatus.VERIFIED, "")
    ws.decide([d], Outcome.HOLD, "待补充")
    ws.decide([d], Outcome.PASS, "")
    queue = outbox.pending(ws)
    assert [(e.kind, e.record_id) for e in queue] == [
        ("decision", a),
        ("decision", b),
        ("decision", c),
        ("verification", a),
        ("decision", d),
        ("decision", d),
    ]
    da, db, dc, va, dd, _second_on_d = queue

    def select(*batches: list[OutboxEntry]) -> list[OutboxEntry]:
        return desk.engine._select(_in_flight(*batches))

    assert select() == [da, db, dc]  # nothing in flight: the leading run of decisions
    assert select([da]) == [db, dc]  # a in flight: b and c go, the 核验 (another kind) ends the run
    assert select([db]) == [da, dc]  # whatever is in flight is skipped, not re-sent
    assert select([da, db], [dc]) == []  # the 核验 of a waits for a's answer: it moves a's version
    assert select([db], [dc]) == [da]  # …and a decision on a goes, the 核验 after it is another kind
    assert select([da, db, dc], [va]) == [dd]  # the second decision on d waits for the first
    desk.engine.push_batch = 1
    assert select([da]) == [db]  # at most push_batch items
    assert select([da], [db], [dc], [va]) == [dd]  # however many batches are in flight
    # the answers of the batches in flight decide nothing here: the outbox is untouched
    assert [e.action_id for e in outbox.pending(ws)] == [e.action_id for e in queue]


def test_a_batch_goes_early_with_at_most_push_batch_items_when_the_answers_in_flight_are_stored(
    desk: Desk, world: World
) -> None:
    """A batch's answers were stored (its actions left the outbox) but the push has not collected them
    yet: the next batch still holds at most ``push_batch`` items — the outbox head read for it has room
    for the batches in flight, which are no longer there to fill it."""
    a, b, c, d = world.unit_records[:4]
    desk.workspace.decide([a], Outcome.PASS, "")
    [sent] = outbox.pending(desk.workspace)
    assert desk.sync(blobs=False).ok and desk.workspace.pending_actions() == 0  # a's answer stored
    for record_id in (b, c, d):
        desk.workspace.decide([record_id], Outcome.PASS, "")
    db, dc, _dd = outbox.pending(desk.workspace)

    desk.engine.push_batch = 1
    assert desk.engine._select(_in_flight([sent])) == [db]
    desk.engine.push_batch = 2
    assert desk.engine._select(_in_flight([sent])) == [db, dc]


def test_an_unreadable_action_is_rejected_alone_and_the_rest_of_its_batch_applied(
    desk: Desk, world: World, server: SeededServer
) -> None:
    """One decision in a batch of three carries an outcome this server does not know (a newer desk's
    store, say): the server refuses the whole request with 422. The engine sends the three one by
    one: two are applied, the unreadable one becomes a rejection the reviewer sees, and the outbox
    is empty — instead of the same 422 blocking every later action forever."""
    a, b, c = world.unit_records[4:7]
    for record_id in (a, b, c):
        desk.workspace.decide([record_id], Outcome.PASS, "")
    unreadable = next(e for e in outbox.pending(desk.workspace) if e.record_id == b)
    with desk.workspace.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE outbox SET payload = json_set(payload, '$.outcome', 'promote') WHERE action_id = :a"
            ),
            {"a": unreadable.action_id},
        )

    report = desk.sync(blobs=False)

    assert report.ok, report.error
    assert (report.pushed, report.applied, report.rejected, report.conflicts, report.duplicates) == (
        3,
        2,
        1,
        0,
        0,
    )
    assert desk.workspace.pending_actions() == 0
    [rejected] = desk.workspace.conflicts()
    assert (rejected.action_id, rejected.kind, rejected.status, rejected.record_id, rejected.reason) == (
        unreadable.action_id,
        "decision",
        "rejected",
        b,
        "invalid",
    )
    # the server's own words for that item, asked directly: they follow the prefix
    with pytest.raises(ApiError) as refused:
        desk.client.push_decisions(
            [{**unreadable.request_item(), "outcome": "promote", "decision_id": str(uuid.uuid4())}]
        )
    assert refused.value.status == 422
    assert rejected.message == f"服务器无法处理该操作：{refused.value.message}"
    engine = create_engine(server.db_url)
    try:
        with engine.connect() as conn:
            decided = {int(r) for (r,) in conn.execute(text("SELECT record_id FROM decisions"))}
    finally:
        engine.dispose()
    assert {a, c} <= decided and b not in decided


def test_a_batch_in_flight_never_takes_another_kind_along(desk: Desk, world: World) -> None:
    """Decisions on z and x, then a 核验 on y (no record in flight): with z's answer being stored, x
    goes alone — the 核验 waits for a request of its own kind."""
    z, x, y = world.unit_records[5:8]
    view = desk.workspace.record(y)
    assert view is not None
    desk.workspace.decide([z], Outcome.PASS, "")
    desk.workspace.decide([x], Outcome.PASS, "")
    desk.workspace.verify([view.materials[0].id], VerifyStatus.VERIFIED, "")
    dz, dx, vy = outbox.pending(desk.workspace)
    assert (vy.kind, vy.record_id) == ("verification", y)
    assert desk.engine._select(_in_flight([dz])) == [dx]
    assert desk.engine._select(_in_flight([dz, dx])) == [vy]


def test_the_reviewer_sees_each_phase_progress(desk: Desk, world: World) -> None:
    """Two decisions on two records: one batch — 0 of 2, then 2 of 2; the feed then brings the
    changes (the pull's total is known only with its last page)."""
    a, b = world.unit_records[7:9]
    desk.workspace.decide([a], Outcome.PASS, "")
    desk.workspace.decide([b], Outcome.RETURN, "请补充学历证书")
    seen: list[tuple[str, int, int]] = []

    report = desk.sync(progress=lambda *step: seen.append(step), blobs=False)

    assert report.ok and report.pushed == 2
    assert seen[:2] == [("push", 0, 2), ("push", 2, 2)]
    pulls = seen[2:]
    assert pulls and all(phase == "pull" for phase, _, _ in pulls)
    assert pulls[-1] == ("pull", report.pulled, report.pulled)


def test_the_push_progress_counts_every_batch_sent_so_far(desk: Desk, world: World) -> None:
    """Five passes on five records in batches of two: the bar stands at 0, 2, 4 and 5 of 5 — each step
    counts everything sent so far, not just the last batch (2, 2, 1 of 5 would never look finished)."""
    passed = world.unit_records[:5]
    for record_id in passed:
        desk.workspace.decide([record_id], Outcome.PASS, "")
    desk.engine.push_batch = 2
    seen: list[tuple[str, int, int]] = []

    report = desk.sync(progress=lambda *step: seen.append(step), blobs=False)

    assert report.ok and (report.pushed, report.applied) == (5, 5)
    assert [step for step in seen if step[0] == "push"] == [
        ("push", 0, 5),
        ("push", 2, 5),
        ("push", 4, 5),
        ("push", 5, 5),
    ]


def test_a_push_waiting_for_its_answers_to_be_stored_does_not_spin_on_the_outbox(
    desk: Desk, world: World
) -> None:
    """One pass sent; its answer is being stored (a busy disk: half a second) and nothing else is queued.
    The push looks at the outbox once, finds nothing it may send, and waits for the store — it does not
    read the outbox again and again meanwhile (a busy loop takes a core, and the GIL from the thread
    writing those answers). Then it ends, the pass stored and counted."""
    desk.workspace.decide([world.unit_records[0]], Outcome.PASS, "")
    store = desk.engine.store
    keep_head, keep_complete = store.pending_head, store.complete_items
    looked = threading.Event()
    reads: list[int] = []

    def head(limit: int) -> list[OutboxEntry]:
        reads.append(limit)
        looked.set()
        return keep_head(limit)

    def busy_disk(results: Any) -> Any:
        assert looked.wait(30)  # the push has looked for a next batch while this answer is unstored
        time.sleep(0.5)
        return keep_complete(results)

    store.pending_head = head  # type: ignore[method-assign]
    store.complete_items = busy_disk  # type: ignore[method-assign]
    report = desk.sync(blobs=False)

    assert report.ok and (report.pushed, report.applied) == (1, 1)
    assert desk.workspace.pending_actions() == 0
    assert len(reads) == 1


def _three_passes_a_request(desk: Desk, world: World) -> tuple[list[int], threading.Event]:
    """Passes on three records, one a request (each may go while the answers before it are stored);
    the event is set as the third request goes out."""
    passed = world.unit_records[:3]
    for record_id in passed:
        desk.workspace.decide([record_id], Outcome.PASS, "")
    desk.engine.push_batch = 1
    third_sent = threading.Event()
    sent: list[str] = []

    def note(request: requests.PreparedRequest) -> None:
        if (request.url or "").endswith("/v1/decisions"):
            sent.append(request.url or "")
            if len(sent) == 3:
                third_sent.set()

    desk.adapter.hook = note
    return passed, third_sent


def test_a_push_cut_off_still_counts_the_batches_stored_after_one_that_could_not_be(
    desk: Desk, world: World
) -> None:
    """One pass a request, three records. The first answer cannot be stored (the disk full) — but only
    after the second pass is answered and the third is lost by the network. The sync ends Offline (the
    failure that stopped the push); the second answer, stored after the failed one, is still waited for
    and counted (上传 1 项), and the first and third passes stay queued for the next sync."""
    (a, _b, c), third_sent = _three_passes_a_request(desk, world)
    store = desk.engine.store
    keep = store.complete_items
    calls: list[int] = []

    def full_first(results: Any) -> Any:
        calls.append(len(results))
        if len(calls) == 1:
            assert third_sent.wait(30)
            raise OSError(28, "No space left on device")
        return keep(results)

    store.complete_items = full_first  # type: ignore[method-assign]
    report = desk.sync(faults=[None, None, "lose_request", "lose_request"], blobs=False)
    left = [e.record_id for e in outbox.pending(desk.workspace)]

    assert isinstance(report.exception, Offline) and report.error == Offline.default_message
    assert (report.pushed, report.applied) == (1, 1)
    assert report.summary().startswith("上传 1 项（成功 1，此前已上传 0，冲突 0，被拒 0）")
    assert left == [a, c] and calls == [1, 1]  # both answers went to the store, one batch each


def test_the_answers_of_batches_sent_early_are_stored_one_batch_after_the_other_in_order(
    desk: Desk, world: World
) -> None:
    """One pass a request, three records: the second and third go while the first answer is still
    being stored (held until the third request is out). Their answers are stored after it, one batch
    at a time, in the order sent — never two storings at once (SQLite takes one writer: a second one
    waits on its lock, and fails once a long storing outlasts the wait)."""
    _passed, third_sent = _three_passes_a_request(desk, world)
    queued = [e.action_id for e in outbox.pending(desk.workspace)]
    store = desk.engine.store
    keep = store.complete_items
    #: (event, the actions whose answers these are) in the order they happened
    storings: list[tuple[str, list[str]]] = []

    def held_first(results: Any) -> Any:
        answered = [str(r["decision_id"]) for r in results]
        storings.append(("start", answered))
        if len(storings) == 1:
            assert third_sent.wait(30)
        counts = keep(results)
        storings.append(("end", answered))
        return counts

    store.complete_items = held_first  # type: ignore[method-assign]
    report = desk.sync(blobs=False)

    assert report.ok and (report.pushed, report.applied) == (3, 3)
    assert storings == [(event, [action]) for action in queued for event in ("start", "end")]


def test_push_batches_stay_within_the_api_limit(desk: Desk) -> None:
    """API.md: at most 500 decisions or 核验 a request; a batch of at least one."""
    assert PUSH_BATCH == 500
    sizes = {
        asked: SyncEngine(desk.workspace, desk.client, push_batch=asked).push_batch
        for asked in (0, 1, 7, 500, 501)
    }
    assert sizes == {0: 1, 1: 1, 7: 7, 500: 500, 501: 500}
    engine = SyncEngine(desk.workspace, desk.client, pull_limit=3, download_limit=4, blob_workers=2)
    assert (engine.pull_limit, engine.download_limit, engine.blob_workers) == (3, 4, 2)


def test_a_redownload_asked_for_brings_the_images_shows_progress_and_can_be_cancelled(
    desk: Desk, world: World
) -> None:
    """重新下载 (``download_scope``) with its defaults: the whole scope again, then the missing images
    (the fixture's first sync left them out); progress per phase; a cancel before it starts stops it."""
    assert desk.workspace.missing_blobs()
    seen: list[tuple[str, int, int]] = []

    report = desk.engine.download_scope(progress=lambda *step: seen.append(step))

    assert report.ok and report.full_download and report.downloaded == len(world.unit_records) == 12
    assert ("download", 12, 12) in seen
    assert report.blobs > 0 and not desk.workspace.missing_blobs()
    assert seen[-1] == ("blobs", report.blobs, report.blobs)
    cancel = threading.Event()
    cancel.set()
    stopped = desk.engine.download_scope(cancel=cancel)
    assert stopped.cancelled and not stopped.ok and stopped.downloaded == 0


def test_images_asked_for_records_not_held_are_skipped_not_the_end(desk: Desk, world: World) -> None:
    """Opening a selection whose first record left the scope still fetches the others' scans."""
    record_id = world.unit_records[9]
    view = desk.workspace.record(record_id)
    assert view is not None
    scans = {str(image["sha256"]) for material in view.materials for image in material.images}
    assert scans and images_of(desk.workspace, [10**9, record_id]) == scans
    cancel = threading.Event()
    cancel.set()
    assert desk.engine.fetch_images([record_id], cancel=cancel).cancelled  # asked, then cancelled
    seen: list[tuple[str, int, int]] = []
    report = desk.engine.fetch_images([10**9, record_id], progress=lambda *step: seen.append(step))
    assert report.ok and report.blobs == len(scans)
    assert seen[0] == ("blobs", 0, len(scans)) and seen[-1] == ("blobs", len(scans), len(scans))
    assert offline_ready(desk.workspace, record_id)


def test_a_report_the_server_cannot_read_is_rejected_for_each_of_its_records(
    desk: Desk, world: World
) -> None:
    """A 材料上报 whose time the server cannot parse (422): never applicable, so each of its records
    gets a rejection with the reason ``invalid`` and the server's words — not a retry forever."""
    passed = world.unit_records[10:12]
    desk.workspace.decide(passed, Outcome.PASS, "")
    assert desk.sync(blobs=False).ok
    desk.workspace.report_up()
    [report_entry] = outbox.pending(desk.workspace)
    assert report_entry.kind == "report" and sorted(report_entry.record_ids) == passed
    with desk.workspace.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE outbox SET payload = json_set(payload, '$.reported_at', '昨天') WHERE action_id = :a"
            ),
            {"a": report_entry.action_id},
        )

    report = desk.sync(blobs=False)

    assert report.ok, report.error
    assert (report.pushed, report.rejected, report.applied) == (2, 2, 0)
    assert desk.workspace.pending_actions() == 0
    rejections = desk.workspace.conflicts()
    assert sorted(c.record_id for c in rejections) == passed
    for rejection in rejections:
        assert (rejection.kind, rejection.status, rejection.reason) == ("report", "rejected", "invalid")
        assert rejection.message.startswith("服务器无法处理该操作：")


def test_an_action_of_a_kind_this_version_does_not_know_stops_the_sync_loudly(desk: Desk) -> None:
    """A store written by a newer desk may queue a kind this one cannot send: the sync stops with a
    Chinese message saying so (and the action stays queued), instead of dropping it."""
    with desk.workspace.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO outbox (action_id, kind, record_id, payload, base, created_at, attempts, last_error)"
                " VALUES ('a0000000-0000-4000-8000-000000000001', 'promotion', NULL, '{}', '{}', '', 0, '')"
            )
        )

    report = desk.sync(blobs=False)

    assert report.error == "本地待同步操作类型未知：promotion，请更新本程序"
    assert getattr(report.exception, "code", None) == "unknown_action"
    [queued] = outbox.pending(desk.workspace)
    assert (queued.kind, queued.attempts, queued.last_error) == ("promotion", 1, report.error)


def test_a_report_carries_only_the_records_the_reviewer_reported(
    desk: Desk, world: World, server: SeededServer
) -> None:
    """A colleague passed record x on the server after this desk's last sync; the reviewer passed y
    and reports: the 材料上报 sent names y alone, so x stays at the unit until someone reports it."""
    x, y = world.unit_records[2:4]
    desk.workspace.decide([y], Outcome.PASS, "")
    assert desk.sync(blobs=False).ok
    server.reviewer(world.account(DEMO_UNIT_ADMIN)).decide(x, Outcome.PASS, "")
    desk.workspace.report_up()
    [report_entry] = outbox.pending(desk.workspace)
    assert list(report_entry.record_ids) == [y]

    report = desk.sync(blobs=False)

    assert report.ok and (report.pushed, report.applied) == (1, 1)
    at_tier = {r: desk.workspace.record(r).row["at_tier"] for r in (x, y)}  # type: ignore[union-attr]
    assert at_tier == {x: "unit", y: "county"}
