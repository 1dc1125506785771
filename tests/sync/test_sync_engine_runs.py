"""How one whole sync ends, against the real server on 127.0.0.1: what the report counts when decisions
and 单位填报 entries are answered in every way in one sync, what a local failure or a cancel leaves
behind (the report, the store's 上次同步 and the log), and the log line's timing — the cases the
mutation run of ``sync/engine.py``'s ``_run``, ``_push_entries`` and ``_settle`` found no test looking
at (docs/MUTATION.md). Expected values are worked out from the actions queued, never read from the
engine's report alone.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import text
from sync_world import DEMO_UNIT, TITLE_FIELDS, Desk, World, stop
from tests import entry_scans

from reviewdesk.domain import beijing
from reviewdesk.domain.enums import MaterialKind, Outcome
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.server.testing import SeededServer
from reviewdesk.store import outbox
from reviewdesk.store.entry import actions, queue, view
from reviewdesk.store.entry.scans import prepare
from reviewdesk.store.entry.view import EntryImage
from reviewdesk.sync.errors import Offline


def _person(serial: int) -> dict[str, str]:
    return {
        "name": "钱多多",
        "id_type": "身份证",
        "id_number": make_resident_id("420106", date(1995, 3, 8), serial),
        "phone": "13698765432",
        "level": "初级(师)",
        "category_code": "201",
    }


def _engine_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """The engine's log records as (level, message), the measured seconds replaced by ``T``."""
    return [
        (record.levelname, re.sub(r"\b\d+\.\d\d s\b", "T s", record.getMessage()))
        for record in caplog.records
        if record.name == "reviewdesk.sync.engine"
    ]


def _held_elsewhere(server: SeededServer, world: World) -> str:
    """The 身份证 number of a candidate another unit holds on the server (the desk holds none of them)."""
    database = Path(server.db_url.removeprefix("sqlite:///"))
    with closing(sqlite3.connect(database)) as conn:
        (number,) = conn.execute(
            "SELECT id_number FROM records WHERE unit_id != ? AND length(id_number) = 18 ORDER BY id LIMIT 1",
            (world.account(DEMO_UNIT).org_id,),
        ).fetchone()
    return str(number)


def _make_unreadable(desk: Desk, record_id: int) -> None:
    """The queued decision on ``record_id`` carries an outcome no server knows (a newer desk's store):
    the server refuses it with 422 and the engine rejects it locally."""
    entry = next(e for e in outbox.pending(desk.workspace) if e.record_id == record_id)
    with desk.workspace.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE outbox SET payload = json_set(payload, '$.outcome', 'promote') WHERE action_id = :a"
            ),
            {"a": entry.action_id},
        )


def test_one_sync_counts_every_answer_of_decisions_and_entries_once(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """A unit's desk, one action a request: two earlier syncs lost their answers (a decision and a new
    candidate reached the server, the desk never heard). The third sync sends, in the reviewer's
    order, that decision again (此前已上传), a pass (成功), a decision no server can read (被拒), a pass
    on a record the candidate has since resubmitted (冲突) and another pass (成功); then the entries:
    the candidate again (此前已上传), a second new candidate (成功), a third whose ID number another unit
    holds (被拒) and a material for a record already submitted (冲突). Each answer counts once, in one of the
    four, whatever batch or phase it came in: 上传 9 项（成功 3，此前已上传 2，冲突 2，被拒 2）."""
    lost, applied, unreadable, resubmitted, last = world.unit_records[:5]
    submitted = world.unit_records[5]
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk", push_batch=1)
    try:
        assert desk.sync(blobs=False).ok
        ws = desk.workspace
        # the server commits each, both answers (the request and the client's one retry) are lost
        actions.enter_candidate(ws, _person(101))
        assert isinstance(
            desk.sync(faults=["lose_response", "lose_response"], blobs=False).exception, Offline
        )
        ws.decide([lost], Outcome.PASS, "")
        assert isinstance(
            desk.sync(faults=["lose_response", "lose_response"], blobs=False).exception, Offline
        )

        ws.decide([applied], Outcome.PASS, "")
        ws.decide([unreadable], Outcome.PASS, "")
        _make_unreadable(desk, unreadable)
        ws.decide([resubmitted], Outcome.PASS, "")
        ws.decide([last], Outcome.PASS, "")
        server.withdraw(resubmitted)
        server.submit(resubmitted, materials=[{"kind": "education", "fields": {"毕业学校": "武汉大学"}}])
        actions.enter_candidate(ws, _person(102))
        actions.enter_candidate(ws, dict(_person(103), id_number=_held_elsewhere(server, world)))
        held = {c.record_id: c for c in view.candidates(ws)}[submitted]
        actions.enter_material(ws, held.uid, MaterialKind.SUPPLEMENT, {"补充说明": "工作年限证明"})
        assert (ws.pending_actions(), len(queue.pending(ws))) == (5, 4)
        sent: list[str] = []
        desk.adapter.hook = lambda request: sent.append(request.url or "")

        report = desk.sync(blobs=False)
    finally:
        desk.close()

    assert report.ok, report.error
    assert (report.pushed, report.applied, report.duplicates, report.conflicts, report.rejected) == (
        9,
        3,
        2,
        2,
        2,
    )
    assert report.summary().startswith("上传 9 项（成功 3，此前已上传 2，冲突 2，被拒 2）；")
    assert (
        sum(url.endswith("/v1/entries") for url in sent) == 4
    )  # the desk's batch of one holds for entries too


def test_a_local_failure_is_said_in_chinese_logged_and_keeps_the_last_sync_time(
    world: World, server: SeededServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The disk fills while the feed's changes are being stored: the sync stops with 同步失败（本地数据）
    and the system's words, the store keeps its last good 上次同步 time and records the error, the
    decision pushed before stays applied, and the log holds the traceback and the one line support
    reads (the error's class, no HTTP status)."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    colleague = server.reviewer(world.account(DEMO_UNIT))
    a, b = world.unit_records[:2]
    full = OSError(28, "No space left on device")

    def disk_full(*_args: Any) -> None:
        raise full

    try:
        assert desk.sync(blobs=False).ok
        synced_at = desk.workspace.meta("last_sync_at")
        desk.workspace.decide([a], Outcome.PASS, "")
        assert colleague.decide(b, Outcome.PASS)["status"] == "applied"
        desk.engine.store.apply_changes = disk_full  # type: ignore[method-assign]
        with caplog.at_level("INFO", logger="reviewdesk.sync.engine"):
            caplog.clear()
            report = desk.sync(blobs=False)
        failure = next(
            r for r in caplog.records if r.name == "reviewdesk.sync.engine" and r.levelname == "ERROR"
        )
        meta = (desk.workspace.meta("last_sync_at"), desk.workspace.meta("last_sync_error"))
        unit_status = colleague.record(a)["review"]["statuses"]["unit"]
    finally:
        colleague.close()
        desk.close()

    said = "同步失败（本地数据）：[Errno 28] No space left on device"
    assert (report.error, report.exception, report.cancelled, report.ok) == (said, full, False, False)
    assert (report.pushed, report.applied) == (1, 1)
    assert meta == (synced_at, said)
    assert unit_status == "passed"
    assert failure.exc_info is not None and failure.exc_info[1] is full
    assert _engine_lines(caplog) == [
        ("ERROR", "sync failed"),
        (
            "WARNING",
            f"sync with {server.url} failed after T s: {said} [OSError, HTTP status None]; pushed 1 (applied 1, "
            "duplicates 0, conflicts 0, rejected 0), pulled 0, blobs 0 (failed 0, corrupt 0)",
        ),
    ]


def test_a_store_that_cannot_record_the_outcome_still_hands_back_the_report(
    world: World, server: SeededServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The sync itself went through, but writing 上次同步 fails (the file locked by another program):
    the reviewer still gets the sync's report, and the log says what could not be recorded."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    locked = sqlite3.OperationalError("database is locked")

    def fail(*_args: Any) -> None:
        raise locked

    try:
        assert desk.sync(blobs=False).ok
        desk.engine.store.mark_synced = fail  # type: ignore[method-assign]
        with caplog.at_level("INFO", logger="reviewdesk.sync.engine"):
            caplog.clear()
            report = desk.sync(blobs=False)
    finally:
        desk.close()

    assert report.ok and report.error is None
    assert _engine_lines(caplog) == [
        ("ERROR", "could not record the sync's outcome"),
        (
            "INFO",
            f"sync with {server.url} finished in T s; pushed 0 (applied 0, duplicates 0, conflicts 0, "
            "rejected 0), pulled 0, blobs 0 (failed 0, corrupt 0)",
        ),
    ]
    [failure] = [r for r in caplog.records if r.name == "reviewdesk.sync.engine" and r.levelname == "ERROR"]
    assert failure.exc_info is not None and failure.exc_info[1] is locked


def test_the_last_sync_time_moves_only_with_a_sync_that_completed(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """上次同步 is the Beijing time of the last sync that completed. A sync cancelled before it started
    sends nothing (the queued decision stays queued) and changes neither the time nor the error; one
    that fails records its error and keeps the time; the next good one sets the time and clears it."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    record_id = world.unit_records[0]
    sent: list[str] = []
    try:
        before = datetime.fromisoformat(beijing.now_iso())
        assert desk.sync(blobs=False).ok
        after = datetime.fromisoformat(beijing.now_iso())
        first = desk.workspace.meta("last_sync_at")
        assert first is not None and before <= datetime.fromisoformat(first) <= after
        desk.workspace.decide([record_id], Outcome.PASS, "")
        cancel = threading.Event()
        cancel.set()
        desk.adapter.hook = lambda request: sent.append(request.url or "")
        assert desk.sync(blobs=False, cancel=cancel).cancelled
        cancelled = (desk.workspace.meta("last_sync_at"), desk.workspace.meta("last_sync_error"))
        pending_after_cancel = desk.workspace.pending_actions()
        sent_while_cancelled = list(sent)
        stop(server)
        failed = desk.sync(blobs=False)
        after_failure = (desk.workspace.meta("last_sync_at"), desk.workspace.meta("last_sync_error"))
        server.server.start()
        before_again = datetime.fromisoformat(beijing.now_iso())
        again = desk.sync(blobs=False)
        after_again = datetime.fromisoformat(beijing.now_iso())
        latest = (desk.workspace.meta("last_sync_at"), desk.workspace.meta("last_sync_error"))
    finally:
        desk.close()

    assert sent_while_cancelled == [] and pending_after_cancel == 1
    assert cancelled == (first, "")
    assert isinstance(failed.exception, Offline)
    assert after_failure == (first, Offline.default_message)
    assert again.ok and again.applied == 1
    assert latest[1] == "" and latest[0] is not None
    assert before_again <= datetime.fromisoformat(latest[0]) <= after_again


def test_the_log_line_gives_the_time_the_sync_took(
    world: World, server: SeededServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The server takes over a second to answer one request: the log line's seconds are at least that
    and at most the time the test saw the sync take."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    slow = 1.05
    try:
        assert desk.sync(blobs=False).ok
        desk.adapter.hook = lambda _request: time.sleep(slow)
        with caplog.at_level("INFO", logger="reviewdesk.sync.engine"):
            caplog.clear()
            started = time.monotonic()
            assert desk.sync(blobs=False).ok
            took = time.monotonic() - started
    finally:
        desk.close()

    [line] = [r.getMessage() for r in caplog.records if r.name == "reviewdesk.sync.engine"]
    found = re.fullmatch(rf"sync with {re.escape(server.url)} finished in (\d+\.\d\d) s; .*", line)
    assert found is not None
    assert slow <= float(found.group(1)) <= took + 0.005


def test_an_expired_feed_cursor_is_logged_and_downloads_the_scope_again_with_progress_and_cancel(
    world: World, server: SeededServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Another database behind the same address (a restore): the feed answers 410, the log says the
    cursor expired, and the sync downloads the whole scope again (pages of 5) — its progress shown, and
    a cancel after its first page stops it there, logged as a cancelled sync that downloaded 5."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk", page=5)
    other = world.start(tmp_path / "other-server")
    cancel = threading.Event()
    steps: list[tuple[str, int, int]] = []

    def progress(phase: str, done: int, total: int) -> None:
        steps.append((phase, done, total))
        if phase == "download":
            cancel.set()

    try:
        assert desk.sync(blobs=False).ok
        desk.client.base_url = other.url
        desk.client.login(desk.account.username, desk.account.password)
        with caplog.at_level("INFO", logger="reviewdesk.sync.engine"):
            caplog.clear()
            report = desk.sync(blobs=False, progress=progress, cancel=cancel)
    finally:
        stop(other)
        desk.close()

    assert report.cancelled and report.error is None
    assert report.full_download and report.downloaded == 5
    assert steps == [("download", 5, 0)]
    assert _engine_lines(caplog) == [
        ("INFO", "change feed cursor expired: full re-download"),
        (
            "INFO",
            f"sync with {other.url} cancelled after T s; pushed 0 (applied 0, duplicates 0, conflicts 0, "
            "rejected 0), downloaded 5, blobs 0 (failed 0, corrupt 0)",
        ),
    ]


def test_a_cancel_while_scans_upload_sends_no_entry_and_keeps_them_queued(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """The unit's staff cancel while the first of two scans is uploading: the second scan and the entry
    commands are not sent, the sync says it was cancelled, and everything stays queued (未同步)."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    cancel = threading.Event()
    sent: list[str] = []

    def cancel_on_upload(request: requests.PreparedRequest) -> None:
        sent.append(request.url or "")
        if "/v1/uploads/" in (request.url or ""):
            cancel.set()

    try:
        assert desk.sync(blobs=False).ok
        ws = desk.workspace
        uid = actions.enter_candidate(ws, _person(103))
        front, back = prepare(entry_scans.good_jpeg()), prepare(entry_scans.good_png(seed=5))
        images = [
            EntryImage(front.sha256, "专业技术资格证书", 1),
            EntryImage(back.sha256, "专业技术资格证书", 2),
        ]
        actions.enter_material(ws, uid, MaterialKind.TITLE, dict(TITLE_FIELDS), images, [front, back])
        queued = len(queue.pending(ws))
        desk.adapter.hook = cancel_on_upload
        report = desk.sync(blobs=False, cancel=cancel)
        left = (len(queue.pending(ws)), len(queue.scans_to_upload(ws)))
    finally:
        desk.close()

    assert queued == 2
    assert report.cancelled and report.error is None and report.pushed == 0
    uploads = {url.rsplit("/", 1)[1].split("?")[0] for url in sent if "/v1/uploads/" in url}
    assert len(uploads) == 1 and uploads <= {front.sha256, back.sha256}
    assert not [url for url in sent if url.endswith("/v1/entries")]
    assert left == (2, 1)


def test_answers_the_store_cannot_keep_stop_the_sync_and_the_decision_is_sent_again(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """The server applied the reviewer's pass, but the disk is full when its answer is stored: the sync
    stops with 同步失败（本地数据） (not a silent success), the pass stays queued, and the next sync
    sends it again — answered 此前已上传, applied once."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    record_id = world.unit_records[0]
    store = desk.engine.store
    keep = store.complete_items
    calls: list[int] = []

    def full_once(results: Any) -> Any:
        calls.append(len(results))
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        return keep(results)

    try:
        assert desk.sync(blobs=False).ok
        desk.workspace.decide([record_id], Outcome.PASS, "")
        store.complete_items = full_once  # type: ignore[method-assign]
        failed = desk.sync(blobs=False)
        queued = desk.workspace.pending_actions()
        again = desk.sync(blobs=False)
        left = desk.workspace.pending_actions()
    finally:
        desk.close()

    assert failed.error == "同步失败（本地数据）：[Errno 28] No space left on device"
    assert (failed.pushed, queued, calls[0]) == (0, 1, 1)
    assert again.ok and (again.pushed, again.applied, again.duplicates, left) == (1, 0, 1, 0)


def test_a_push_cut_off_by_the_network_counts_the_batch_stored_and_names_the_network(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """One decision a request. The first pass is answered and its answer is being stored (slowly: a busy
    disk) while the second is already sent — the push does not wait for the store — and the network
    drops it twice. The sync ends Offline, after the
    first answer was stored: it counts (上传 1 项（成功 1…）) and only the second stays queued. When the
    slow storing then fails outright, the reviewer is still told about the network, the one failure
    that stopped the push — and both passes wait for the next sync."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk", push_batch=1)
    a, b, c = world.unit_records[:3]
    store = desk.engine.store
    keep = store.complete_items
    fail = False
    stored: list[int] = []
    #: for each decisions request, how many answers had been stored when it went out
    sent_after: list[int] = []

    def slow(results: Any) -> Any:
        time.sleep(1.5)
        if fail:
            raise OSError(28, "No space left on device")
        counts = keep(results)
        stored.append(len(results))
        return counts

    def note(request: requests.PreparedRequest) -> None:
        if (request.url or "").endswith("/v1/decisions"):
            sent_after.append(len(stored))

    try:
        assert desk.sync(blobs=False).ok
        desk.workspace.decide([a], Outcome.PASS, "")
        desk.workspace.decide([b], Outcome.PASS, "")
        store.complete_items = slow  # type: ignore[method-assign]
        desk.adapter.hook = note
        stored_then_cut = desk.sync(faults=[None, "lose_request", "lose_request"], blobs=False)
        pipelined = list(sent_after)
        first_left = [e.record_id for e in outbox.pending(desk.workspace)]
        desk.workspace.decide([c], Outcome.PASS, "")
        fail = True
        failed_then_cut = desk.sync(faults=[None, "lose_request", "lose_request"], blobs=False)
        second_left = [e.record_id for e in outbox.pending(desk.workspace)]
    finally:
        desk.close()

    assert isinstance(stored_then_cut.exception, Offline)
    assert (stored_then_cut.pushed, stored_then_cut.applied) == (1, 1)
    assert stored_then_cut.summary().startswith("上传 1 项（成功 1，此前已上传 0，冲突 0，被拒 0）")
    assert first_left == [b]
    # the second pass went out while the first answer was still being stored (pipelined)
    assert len(pipelined) == 3 and pipelined[:2] == [0, 0]
    assert isinstance(failed_then_cut.exception, Offline)
    assert failed_then_cut.error == Offline.default_message
    assert failed_then_cut.pushed == 0
    assert second_left == [b, c]


def test_a_cancel_as_the_last_entry_goes_out_stops_before_the_redownload(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """重新下载 with one entry queued: the reviewer cancels while that entry is on its way. The entry is
    answered and kept, and nothing of the re-download is asked for — the catalogue and the snapshot
    pages are not fetched only to be thrown away."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    cancel = threading.Event()
    sent: list[str] = []

    def cancel_on_entries(request: requests.PreparedRequest) -> None:
        sent.append(request.url or "")
        if (request.url or "").endswith("/v1/entries"):
            cancel.set()

    try:
        assert desk.sync(blobs=False).ok
        actions.enter_candidate(desk.workspace, _person(104))
        desk.adapter.hook = cancel_on_entries
        report = desk.engine.download_scope(cancel=cancel, blobs=False)
        left = len(queue.pending(desk.workspace))
    finally:
        desk.close()

    assert report.cancelled and report.error is None
    assert (report.pushed, report.applied, report.downloaded, left) == (1, 1, 0, 0)
    assert [url.rsplit("/v1/", 1)[1] for url in sent] == ["entries"]


def test_a_download_in_pages_counts_every_record_and_shows_no_total_until_its_last_page(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """A first download in pages of 5 (twelve records: 5, 5 and 2): the report counts all twelve, the
    progress bar has no total (0) until the last page has arrived — it must not look finished at 5 of
    12 — and the feed read after it shows its progress too."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk", page=5)
    steps: list[tuple[str, int, int]] = []
    try:
        report = desk.sync(blobs=False, progress=lambda *step: steps.append(step))
        held = sorted(desk.workspace.record_ids())
    finally:
        desk.close()

    assert report.ok and report.full_download
    assert report.downloaded == len(world.unit_records) == 12 and held == world.unit_records
    # then the feed from the download's cursor: one page, nothing new, its total known
    assert steps == [("download", 5, 0), ("download", 10, 0), ("download", 12, 12), ("pull", 0, 0)]


def test_an_action_undone_as_its_batch_is_claimed_is_not_sent_and_the_next_one_is(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """The reviewer undoes a pass at the moment the sync picks it up (after it chose the batch, before it
    claimed it) and decides another record instead: the undone pass never reaches the server, and the
    new decision still goes out in the same sync."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    undone, instead = world.unit_records[:2]
    store = desk.engine.store
    keep = store.claim
    claims: list[int] = []

    def undo_while_claiming(batch: Any) -> Any:
        claims.append(len(batch))
        if len(claims) == 1:
            assert desk.workspace.undo_last() is not None
            desk.workspace.decide([instead], Outcome.RETURN, "请补充学历证书")
        return keep(batch)

    try:
        assert desk.sync(blobs=False).ok
        desk.workspace.decide([undone], Outcome.PASS, "")
        store.claim = undo_while_claiming  # type: ignore[method-assign]
        report = desk.sync(blobs=False)
        left = desk.workspace.pending_actions()
        colleague = server.reviewer(world.account(DEMO_UNIT))
        try:
            statuses = {r: colleague.record(r)["review"]["statuses"]["unit"] for r in (undone, instead)}
        finally:
            colleague.close()
    finally:
        desk.close()

    assert report.ok and (report.pushed, report.applied, left) == (1, 1, 0)
    assert claims == [1, 1]
    assert statuses == {undone: "pending", instead: "returned"}
