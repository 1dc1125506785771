"""The sync engine against the real server on 127.0.0.1: every story of ARCHITECTURE.md's sync
protocol, each with a fresh copy of a small seeded database."""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sync_world import DEMO_COUNTY, DEMO_UNIT, DEMO_UNIT_ADMIN, Desk, World, stop

from reviewdesk.domain.enums import Outcome, Tier, VerifyStatus
from reviewdesk.server.db import Database
from reviewdesk.server.feed import compact
from reviewdesk.server.testing import SeededServer
from reviewdesk.store import ingest, outbox
from reviewdesk.sync.engine import offline_ready
from reviewdesk.sync.errors import AuthError, MalformedReply, Offline


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("sync-world"))


@pytest.fixture
def desks(world: World, server: SeededServer, tmp_path: Path) -> Iterator[dict[str, Desk]]:
    made: dict[str, Desk] = {}

    def make(name: str, username: str) -> Desk:
        made[name] = Desk(server, world.account(username), tmp_path / name)
        return made[name]

    make("a", DEMO_UNIT)
    make("b", DEMO_UNIT_ADMIN)
    make("county", DEMO_COUNTY)
    try:
        yield made
    finally:
        for desk in made.values():
            desk.close()


def server_history_count(server: SeededServer, decision_id: str) -> int:
    engine = create_engine(server.db_url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT count(*) FROM history WHERE decision_id = :d"), {"d": decision_id}
                ).scalar()
                or 0
            )
    finally:
        engine.dispose()


def test_first_download_holds_the_scope_with_images(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    phases: list[tuple[str, int, int]] = []
    report = desk.sync(progress=lambda *p: phases.append(p))
    assert report.ok and report.full_download and report.error is None
    assert sorted(desk.workspace.record_ids()) == world.unit_records
    assert report.downloaded == len(world.unit_records)
    assert ingest.cursor(desk.workspace)
    assert desk.workspace.catalogue()  # the category catalogue came along
    assert {p[0] for p in phases} >= {"download", "blobs"}
    # large JSON pages travel gzip-compressed (requests asks for it and inflates them)
    assert any("/v1/sync/snapshot" in url and enc == "gzip" for url, enc in desk.adapter.encodings)
    # every image is here and hash-checked: each record can be reviewed offline
    for record_id in world.unit_records:
        view = desk.workspace.record(record_id)
        assert view is not None
        for material in view.materials:
            for image in material.images:
                path = desk.workspace.blob_path(image["sha256"])
                assert path is not None
                assert hashlib.sha256(path.read_bytes()).hexdigest() == image["sha256"]
    # the server's view of the scope, record by record
    theirs = {r["id"]: r for r in server.reviewer(world.account(DEMO_UNIT)).records()}
    for record_id, snapshot in theirs.items():
        view = desk.workspace.record(record_id)
        assert view is not None and view.snapshot == snapshot


def test_incremental_sync_brings_a_colleagues_decision(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    assert desk.sync(blobs=False).ok
    quiet = desk.sync(blobs=False)
    assert quiet.ok and quiet.pulled == 0 and not quiet.full_download
    record_id = world.unit_records[0]
    colleague = server.reviewer(world.account(DEMO_UNIT_ADMIN))
    result = colleague.decide(record_id, Outcome.HOLD, "图片不清晰")
    assert result["status"] == "applied"
    report = desk.sync(blobs=False)
    assert report.ok and report.pulled >= 1
    view = desk.workspace.record(record_id)
    assert view is not None
    assert view.row["status_unit"] == "on_hold"
    assert view.snapshot["version"] == result["record"]["version"]


def test_decisions_are_applied_once_and_leave_the_outbox(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    targets = world.unit_records[:3]
    preview = desk.workspace.decide(targets, Outcome.PASS, "")
    assert preview.allowed == targets
    decision_ids = [e.action_id for e in outbox.pending(desk.workspace)]
    assert desk.workspace.pending_actions() == 3
    report = desk.sync(blobs=False)
    assert report.ok and report.pushed == 3 and report.applied == 3
    assert desk.workspace.pending_actions() == 0
    for record_id, decision_id in zip(targets, decision_ids, strict=True):
        assert (
            server.reviewer(world.account(DEMO_UNIT)).record(record_id)["review"]["statuses"]["unit"]
            == "passed"
        )
        assert server_history_count(server, decision_id) == 1


def test_lost_answer_is_resent_with_the_same_id_and_applied_once(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    desk.workspace.decide(world.unit_records[:2], Outcome.PASS, "")
    decision_ids = [e.action_id for e in outbox.pending(desk.workspace)]
    # the server commits, the answer is lost twice (retries=1): the sync fails, the outbox keeps both
    report = desk.sync(faults=["lose_response", "lose_response"], blobs=False)
    assert isinstance(report.exception, Offline) and "无法连接服务器" in (report.error or "")
    assert desk.workspace.pending_actions() == 2
    # the next sync resends the same ids: answered as duplicates, applied once
    report = desk.sync(blobs=False)
    assert report.ok and report.duplicates == 2 and report.applied == 0 and report.pushed == 2
    assert desk.workspace.pending_actions() == 0 and not desk.workspace.conflicts()
    assert [server_history_count(server, d) for d in decision_ids] == [1, 1]


def test_report_up_reaches_the_county(desks: dict[str, Desk], world: World, server: SeededServer) -> None:
    unit, county = desks["a"], desks["county"]
    unit.sync(blobs=False)
    county.sync(blobs=False)
    assert county.workspace.record_count() == 0
    unit.workspace.decide(world.unit_records[:2], Outcome.PASS, "")
    reported = unit.workspace.report_up()
    assert sorted(reported) == world.unit_records[:2]
    report = unit.sync(blobs=False)
    assert report.ok and report.applied == 2 + 2  # two decisions, then the report's two records
    for record_id in reported:
        assert unit.workspace.record(record_id).row["at_tier"] == "county"  # type: ignore[union-attr]
    assert county.sync(blobs=False).ok
    assert sorted(county.workspace.record_ids()) == sorted(reported)


def test_resubmission_turns_a_pending_pass_into_a_conflict_with_both_sides(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    record_id = world.unit_records[1]
    desk.workspace.decide([record_id], Outcome.PASS, "")
    seen = desk.workspace.record(record_id).snapshot  # type: ignore[union-attr]
    # meanwhile the candidate withdraws and re-submits with another school
    server.withdraw(record_id)
    server.submit(record_id, materials=[{"kind": "education", "fields": {"毕业学校": "武汉大学"}}])
    report = desk.sync(blobs=False)
    assert report.ok and report.conflicts == 1 and report.applied == 0
    (conflict,) = desk.workspace.conflicts()
    assert conflict.reason == "resubmitted" and conflict.record_id == record_id
    assert conflict.local["payload"]["outcome"] == "passed"
    assert conflict.local["base"]["materials_hash"] == seen["materials_hash"]
    assert conflict.server is not None and conflict.server["materials_hash"] != seen["materials_hash"]
    assert conflict.message  # Chinese reason for the reviewer
    server_record = server.reviewer(world.account(DEMO_UNIT)).record(record_id)
    assert server_record["review"]["statuses"]["unit"] == "pending"  # never last-writer-wins
    view = desk.workspace.record(record_id)
    assert view is not None and view.row["status_unit"] == "pending" and view.row["open_conflicts"] == 1
    # resolving it is a new decision, on the evidence the server now holds (its new materials_hash)
    desk.workspace.decide([record_id], Outcome.RETURN, "学历信息与证书不一致")
    [new_decision] = outbox.pending(desk.workspace)
    assert new_decision.request_item()["base"]["materials_hash"] == conflict.server["materials_hash"]
    desk.workspace.resolve_conflict(conflict.id, "已按新材料重新审核")
    report = desk.sync(blobs=False)
    assert report.ok and report.applied == 1 and report.conflicts == 0
    assert desk.workspace.conflicts() == [] and desk.workspace.pending_actions() == 0
    assert desk.workspace.conflicts(include_resolved=True)[0].resolution == "已按新材料重新审核"
    server_record = server.reviewer(world.account(DEMO_UNIT)).record(record_id)
    assert server_record["review"]["statuses"]["unit"] == "returned"
    assert server_history_count(server, new_decision.action_id) == 1
    assert server_history_count(server, conflict.action_id) == 0  # the stale pass never applied


def test_another_tier_acting_first_supersedes_a_pending_decision(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    a, b = desks["a"], desks["b"]
    a.sync(blobs=False)
    b.sync(blobs=False)
    record_id = world.unit_records[2]
    b.workspace.decide([record_id], Outcome.HOLD, "工作年限不足")  # offline, not yet sent
    a.workspace.decide([record_id], Outcome.PASS, "")
    a.workspace.report_up()
    assert a.sync(blobs=False).ok
    county = server.reviewer(world.account(DEMO_COUNTY))
    assert county.decide(record_id, Outcome.PASS)["status"] == "applied"
    report = b.sync(blobs=False)
    assert report.ok and report.conflicts == 1
    (conflict,) = b.workspace.conflicts()
    assert conflict.reason in ("superseded", "stale") and conflict.local["payload"]["outcome"] == "on_hold"
    assert b.workspace.record(record_id).row["status_county"] == "passed"  # type: ignore[union-attr]


def test_rebinding_takes_the_record_out_of_scope_and_keeps_a_queued_decision(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    moved, decided = world.unit_records[3], world.unit_records[4]
    other_unit = next(u for u in server.units() if u != world.account(DEMO_UNIT).org_id)
    desk.workspace.decide([decided], Outcome.RETURN, "材料未上传")
    for record_id in (moved, decided):
        server.withdraw(record_id)
        server.bind(record_id, unit_id=other_unit)
    report = desk.sync(blobs=False)
    assert report.ok
    assert desk.workspace.record(moved) is None  # tombstone: gone from the local list
    assert desk.workspace.record(decided) is None
    (conflict,) = desk.workspace.conflicts()  # the reviewer's decision is still there to see
    assert conflict.record_id == decided and conflict.local["payload"]["outcome"] == "returned"


def test_verification_is_pushed_and_applied(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    view = desk.workspace.record(world.unit_records[5])
    assert view is not None
    material_id = view.materials[0].id
    preview = desk.workspace.verify([material_id], VerifyStatus.VERIFIED, "")
    assert preview.allowed == [material_id]
    report = desk.sync(blobs=False)
    assert report.ok and report.applied == 1
    snapshot = server.reviewer(world.account(DEMO_UNIT)).record(world.unit_records[5])
    assert next(m for m in snapshot["materials"] if m["id"] == material_id)["verify_status"] == "verified"


def test_dropped_connection_mid_pull_keeps_the_last_applied_page(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    desk.engine.pull_limit = 2
    start = ingest.cursor(desk.workspace)
    colleague = server.reviewer(world.account(DEMO_UNIT_ADMIN))
    for record_id in world.unit_records[:6]:
        colleague.decide(record_id, Outcome.HOLD, "图片不清晰")
    # the first page arrives, the second breaks off on every try
    report = desk.sync(faults=[None, "cut", "cut"], blobs=False)
    assert isinstance(report.exception, Offline)
    first_page = desk.client.changes(start, limit=2)  # type: ignore[arg-type]
    assert ingest.cursor(desk.workspace) == first_page["next_cursor"]
    held = {r: desk.workspace.record(r).row["status_unit"] for r in world.unit_records[:6]}  # type: ignore[union-attr]
    applied = {c["record_id"] for c in first_page["changes"]}
    assert all(held[r] == "on_hold" for r in applied)
    assert sum(1 for s in held.values() if s == "on_hold") == len(applied)
    # and the next clean sync carries on from there
    assert desk.sync(blobs=False).ok
    assert all(desk.workspace.record(r).row["status_unit"] == "on_hold" for r in world.unit_records[:6])  # type: ignore[union-attr]


def test_malformed_reply_changes_nothing(desks: dict[str, Desk], world: World, server: SeededServer) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    server.reviewer(world.account(DEMO_UNIT_ADMIN)).decide(world.unit_records[0], Outcome.HOLD, "x")
    cursor = ingest.cursor(desk.workspace)
    before = desk.workspace.record(world.unit_records[0]).snapshot  # type: ignore[union-attr]
    original = desk.adapter.build_response

    def garble(request, response):  # type: ignore[no-untyped-def]
        built = original(request, response)
        if "/v1/sync/changes" in (request.url or ""):
            built._content = b'{"changes": [{"seq": "x"}], "next_cursor": 5}'
        return built

    desk.adapter.build_response = garble  # type: ignore[method-assign]
    report = desk.sync(blobs=False)
    assert isinstance(report.exception, MalformedReply) and "格式不正确" in (report.error or "")
    assert ingest.cursor(desk.workspace) == cursor
    assert desk.workspace.record(world.unit_records[0]).snapshot == before  # type: ignore[union-attr]
    assert desk.workspace.meta("last_sync_error") == report.error


def test_revoked_token_is_auth_error(desks: dict[str, Desk], world: World, server: SeededServer) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    desk.workspace.decide(world.unit_records[:1], Outcome.PASS, "")
    requests.post(
        f"{server.url}/v1/auth/logout", headers={"Authorization": f"Bearer {desk.client.token}"}, timeout=10
    ).raise_for_status()
    report = desk.sync(blobs=False)
    assert isinstance(report.exception, AuthError) and report.exception.status == 401
    assert "登录" in (report.error or "")
    assert desk.workspace.pending_actions() == 1  # nothing lost: sent after the next login


def test_cursor_expired_redownloads_and_keeps_the_outbox(
    desks: dict[str, Desk], world: World, server: SeededServer, tmp_path: Path
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    desk.workspace.decide(world.unit_records[:1], Outcome.PASS, "")
    # the province restores another database behind the same address: the old cursor means nothing
    other = world.start(tmp_path / "other-server")
    try:
        desk.client.base_url = other.url
        desk.client.login(desk.account.username, desk.account.password)
        before = desk.workspace.pending_actions()
        report = desk.sync(blobs=False, faults=[])
        assert before == 1
        assert report.ok and report.full_download and report.applied == 1
        assert sorted(desk.workspace.record_ids()) == world.unit_records
    finally:
        stop(other)


def test_compacted_feed_redownloads_keeping_an_action_taken_during_the_sync(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    """The server compacted its change log past the workstation's cursor: the feed answers 410 and the
    engine re-downloads the scope. An action the reviewer took while that sync ran (the desktop syncs
    in a worker and review goes on) is still queued afterwards, shown in the re-downloaded list, and
    sent by the next sync — the full download keeps the outbox, it does not merely find it empty."""
    desk = desks["a"]
    assert desk.sync(blobs=False).ok
    pushed_first, decided_meanwhile = world.unit_records[0], world.unit_records[1]
    colleague = server.reviewer(world.account(DEMO_UNIT_ADMIN))
    colleague.decide(world.unit_records[2], Outcome.HOLD, "再看看")
    colleague.decide(world.unit_records[2], Outcome.PASS)  # supersedes the change above: compacted away
    database = Database.open(server.db_url)
    with database.write() as session:
        dropped, _floor = compact(session)
    database.dispose()
    assert dropped >= 1
    desk.workspace.decide([pushed_first], Outcome.PASS, "")

    statuses: list[tuple[str, int]] = []
    original = desk.adapter.build_response

    def watch(request, response):  # type: ignore[no-untyped-def]
        built = original(request, response)
        statuses.append((request.url or "", built.status_code))
        return built

    def review_meanwhile(request: requests.PreparedRequest) -> None:
        if "/v1/sync/changes" in (request.url or "") and not desk.workspace.pending_actions():
            desk.workspace.decide([decided_meanwhile], Outcome.HOLD, "图片不清晰")

    desk.adapter.build_response = watch  # type: ignore[method-assign]
    desk.adapter.hook = review_meanwhile
    report = desk.sync(blobs=False)
    desk.adapter.hook = None

    assert report.ok and report.full_download and report.applied == 1, report
    assert ("/v1/sync/changes", 410) in [
        (url.split("?")[0].removeprefix(server.url), s) for url, s in statuses
    ]
    assert sorted(desk.workspace.record_ids()) == world.unit_records
    [queued] = outbox.pending(desk.workspace)
    assert queued.record_ids == (decided_meanwhile,) and queued.kind == "decision"
    row = desk.workspace.record(decided_meanwhile).row  # type: ignore[union-attr]
    assert row["status_unit"] == "on_hold" and row["pending_actions"] == 1  # over the new snapshot
    assert desk.workspace.record(pushed_first).row["status_unit"] == "passed"  # type: ignore[union-attr]
    assert desk.workspace.record(world.unit_records[2]).row["status_unit"] == "passed"  # type: ignore[union-attr]

    report = desk.sync(blobs=False)
    assert report.ok and report.applied == 1 and not report.full_download
    assert desk.workspace.pending_actions() == 0
    theirs = server.reviewer(world.account(DEMO_UNIT)).record(decided_meanwhile)
    assert theirs["review"]["statuses"]["unit"] == "on_hold"
    assert server_history_count(server, queued.action_id) == 1


def test_cancel_between_pages_leaves_a_consistent_store(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    desk.engine.download_limit = 4
    cancel = threading.Event()

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "download" and done >= 4:
            cancel.set()

    report = desk.sync(progress=progress, cancel=cancel, blobs=False)
    assert report.cancelled and not report.ok and report.error is None
    assert ingest.cursor(desk.workspace) is None  # the download is not complete: no cursor yet
    assert desk.workspace.record_count() == 4
    report = desk.sync(blobs=False)
    assert report.ok and report.full_download
    assert sorted(desk.workspace.record_ids()) == world.unit_records


def test_blobs_are_reused_resumed_and_checked(world: World, tmp_path: Path) -> None:
    # a private copy of the server's image folder, so one image can be damaged on the server
    private = tmp_path / "blobs"
    shutil.copytree(world.template_blobs, private)
    server = world.start(tmp_path / "server", blob_dir=private)
    try:
        desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
        desk.sync(blobs=False)
        wanted = desk.workspace.missing_blobs()
        assert len(wanted) > 3
        damaged, partial = wanted[0], wanted[1]
        damaged_file = next(private.rglob(damaged["sha256"]))
        damaged_bytes = bytearray(damaged_file.read_bytes())
        damaged_bytes[len(damaged_bytes) // 2] ^= 0xFF  # one flipped byte, same length
        damaged_file.unlink()  # never write through a hard link into the shared seed cache
        damaged_file.write_bytes(bytes(damaged_bytes))
        # half of another image is already here from an interrupted sync
        source = next(private.rglob(partial["sha256"])).read_bytes()
        temp = desk.engine.store.blob_temp_dir() / f"{partial['sha256']}.part"
        temp.write_bytes(source[: len(source) // 2])
        seen: list[requests.PreparedRequest] = []
        desk.adapter.hook = seen.append
        report = desk.sync()
        assert report.corrupt_blobs == [damaged["sha256"]] and report.blobs == len(wanted) - 1
        assert desk.workspace.blob_path(damaged["sha256"]) is None  # discarded, not stored
        assert desk.workspace.blob_path(partial["sha256"]).read_bytes() == source  # type: ignore[union-attr]
        ranged = [r for r in seen if partial["sha256"] in (r.url or "")]
        assert ranged[0].headers["Range"] == f"bytes={len(source) // 2}-"
        assert "缺" not in report.summary() and "图片失败 1 张" in report.summary()
        # already-present images are never fetched again
        seen.clear()
        report = desk.sync()
        assert [r.url for r in seen if "/v1/blobs/" in (r.url or "")] == [
            f"{server.url}/v1/blobs/{damaged['sha256']}"
        ]
        assert report.blobs == 0 and report.corrupt_blobs == [damaged["sha256"]]
        desk.close()
    finally:
        stop(server)


def test_images_download_in_parallel_within_the_bound(desks: dict[str, Desk]) -> None:
    """``blob_workers`` images are fetched at once, never more: the first three requests must meet
    (a barrier that only concurrent requests can pass), and no fourth is in flight meanwhile."""
    desk = desks["a"]
    desk.engine.blob_workers = 3
    assert desk.sync(blobs=False).ok
    wanted = len(desk.workspace.missing_blobs())
    assert wanted > 3
    lock = threading.Lock()
    met, barrier = threading.Event(), threading.Barrier(3, timeout=60)
    active = peak = 0
    original_send = desk.adapter.send

    def send(request: requests.PreparedRequest, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal active, peak
        if "/v1/blobs/" not in (request.url or ""):
            return original_send(request, **kwargs)
        with lock:
            active += 1
            peak = max(peak, active)
        try:
            if not met.is_set():
                barrier.wait()  # raises BrokenBarrierError if the downloads ran one after the other
                met.set()
            return original_send(request, **kwargs)
        finally:
            with lock:
                active -= 1

    desk.adapter.send = send  # type: ignore[method-assign]
    report = desk.sync()
    assert report.ok and report.blobs == wanted and not desk.workspace.missing_blobs()
    assert met.is_set() and peak == 3


def test_tier_of_each_desk(desks: dict[str, Desk]) -> None:
    assert desks["a"].workspace.me.tier is Tier.UNIT
    assert desks["county"].workspace.me.tier is Tier.COUNTY


def test_cancel_during_images_keeps_what_arrived(desks: dict[str, Desk], world: World) -> None:
    desk = desks["a"]
    desk.engine.blob_workers = 1
    cancel = threading.Event()
    seen: list[tuple[str, int, int]] = []

    def progress(phase: str, done: int, total: int) -> None:
        seen.append((phase, done, total))
        if phase == "blobs" and done >= 2:
            cancel.set()

    report = desk.sync(progress=progress, cancel=cancel)
    assert report.cancelled and report.blobs >= 2
    total = next(t for p, _d, t in seen if p == "blobs")
    assert report.blobs < total
    left = desk.workspace.missing_blobs()
    assert len(left) == total - report.blobs
    report = desk.sync()
    assert report.ok and report.blobs == len(left) and not desk.workspace.missing_blobs()


def test_images_of_one_record_on_demand(desks: dict[str, Desk], world: World) -> None:
    desk = desks["a"]
    assert desk.sync(blobs=False).ok
    record_id = world.unit_records[0]
    assert not offline_ready(desk.workspace, record_id)
    report = desk.engine.fetch_images([record_id])
    assert report.ok and report.blobs >= 1
    assert offline_ready(desk.workspace, record_id)
    assert not offline_ready(desk.workspace, world.unit_records[1])  # only what was asked for
    assert not offline_ready(desk.workspace, 10**9)  # not held at all


def test_complete_temp_file_is_confirmed_by_the_servers_etag(
    desks: dict[str, Desk], world: World, tmp_path: Path
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    blob = desk.workspace.missing_blobs()[0]
    source = next(world.template_blobs.rglob(blob["sha256"])).read_bytes()
    partial = tmp_path / "whole.part"
    partial.write_bytes(source)
    seen: list[requests.PreparedRequest] = []
    desk.adapter.hook = seen.append
    desk.client.download_blob(blob["sha256"], partial, expected_size=len(source))
    assert seen[-1].headers["If-None-Match"] == f'"{blob["sha256"]}"'
    assert partial.read_bytes() == source  # 304: nothing sent again, nothing rewritten
    # a temp file longer than the image: 416, and the store's hash check discards it
    partial.write_bytes(source + b"junk")
    desk.client.download_blob(blob["sha256"], partial, expected_size=None)
    assert partial.read_bytes() == source + b"junk"


def test_download_falls_back_to_small_pages_on_an_older_server(desks: dict[str, Desk], world: World) -> None:
    desk = desks["a"]
    desk.engine.download_limit = 5000  # more than any server serves: 422, then pages of 500
    seen: list[requests.PreparedRequest] = []
    desk.adapter.hook = seen.append
    report = desk.sync(blobs=False)
    assert report.ok and sorted(desk.workspace.record_ids()) == world.unit_records
    limits = [r.url.split("limit=")[1].split("&")[0] for r in seen if "/v1/sync/snapshot" in (r.url or "")]
    assert limits == ["5000", "500"]


def test_download_scope_redownloads_keeping_queued_decisions(desks: dict[str, Desk], world: World) -> None:
    desk = desks["a"]
    assert desk.sync(blobs=False).ok
    desk.workspace.decide(world.unit_records[:1], Outcome.PASS, "")
    report = desk.engine.download_scope(blobs=False)
    assert report.ok and report.full_download and report.applied == 1
    assert sorted(desk.workspace.record_ids()) == world.unit_records
    assert desk.workspace.record(world.unit_records[0]).row["status_unit"] == "passed"  # type: ignore[union-attr]


def test_a_report_whose_id_another_user_took_is_rejected_not_retried_forever(
    desks: dict[str, Desk], world: World, server: SeededServer
) -> None:
    desk = desks["a"]
    desk.sync(blobs=False)
    desk.workspace.decide(world.unit_records[:1], Outcome.PASS, "")
    assert desk.sync(blobs=False).ok
    desk.workspace.report_up()
    (report_entry,) = outbox.pending(desk.workspace)
    colleague = server.reviewer(world.account(DEMO_UNIT_ADMIN))
    colleague.report([], report_id=report_entry.action_id)  # the id is taken by another user first

    report = desk.sync(blobs=False)

    assert report.ok and desk.workspace.pending_actions() == 0
    (conflict,) = desk.workspace.conflicts()
    assert (conflict.action_id, conflict.status, conflict.reason) == (
        report_entry.action_id,
        "rejected",
        "id_in_use",
    )
