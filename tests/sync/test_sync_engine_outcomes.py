"""What the sync engine tells the reviewer and support when a sync or an image fetch does not go to
plan, against the real server on 127.0.0.1 — the cases the mutation run of ``sync/engine.py`` found
no test looking at (docs/MUTATION.md). Expected values come from the seeded world and the server's
own records, never from the engine's report alone.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sync_world import DEMO_UNIT, Desk, World, stop

from reviewdesk.domain.enums import Outcome
from reviewdesk.server.testing import SeededServer
from reviewdesk.sync.client import BLOB_CHUNK
from reviewdesk.sync.engine import images_of, offline_ready
from reviewdesk.sync.errors import AuthError, Offline


def test_scans_asked_for_with_the_server_gone_say_why_and_leave_nothing_half_done(
    desk: Desk, world: World, server: SeededServer
) -> None:
    """The reviewer opens a record whose scans are not here and the server is gone: the image pane
    gets the offline message (not an exception), every scan counts as failed, none is stored."""
    record_id = world.unit_records[0]
    scans = images_of(desk.workspace, [record_id])
    assert scans and not offline_ready(desk.workspace, record_id)
    stop(server)

    report = desk.engine.fetch_images([record_id])

    assert report.error == Offline.default_message
    assert isinstance(report.exception, Offline)
    assert not report.cancelled and not report.ok
    assert (report.blobs, report.blob_failures, report.corrupt_blobs) == (0, len(scans), [])
    assert not offline_ready(desk.workspace, record_id)


def _log_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """The engine's log records as (level, message), the measured seconds replaced by ``T``."""
    return [
        (record.levelname, re.sub(r"\b\d+\.\d\d s\b", "T s", record.getMessage()))
        for record in caplog.records
        if record.name == "reviewdesk.sync.engine"
    ]


def test_each_sync_leaves_one_log_line_saying_what_it_did_and_why_it_stopped(
    world: World, server: SeededServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Support reads the log file (issue 7): one line per sync — a first full download, a sync that
    pushed two decisions, a cancelled one, one refused for a lapsed login (HTTP 401), one with the
    server gone — each with the server, the counts and, for a failure, the reviewer's message, the
    kind of error and the HTTP status."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    a, b = world.unit_records[:2]
    url = server.url
    try:
        with caplog.at_level("INFO", logger="reviewdesk.sync.engine"):
            caplog.clear()
            assert desk.sync(blobs=False).ok
            held = len(desk.workspace.record_ids())
            desk.workspace.decide([a], Outcome.PASS, "")
            desk.workspace.decide([b], Outcome.HOLD, "待补充")
            assert desk.sync(blobs=False).ok
            cancel = threading.Event()
            cancel.set()
            assert desk.sync(cancel=cancel).cancelled
            token = desk.client.token
            desk.client.token = "lapsed"
            assert isinstance(desk.sync(blobs=False).exception, AuthError)
            desk.client.token = token
            stop(server)
            assert isinstance(desk.sync(blobs=False).exception, Offline)
    finally:
        desk.close()

    none_pushed = "pushed 0 (applied 0, duplicates 0, conflicts 0, rejected 0)"
    no_blobs = "blobs 0 (failed 0, corrupt 0)"
    assert held == len(world.unit_records)
    assert _log_lines(caplog) == [
        ("INFO", f"full download with {url} finished in T s; {none_pushed}, downloaded {held}, {no_blobs}"),
        (
            "INFO",
            f"sync with {url} finished in T s; pushed 2 (applied 2, duplicates 0, conflicts 0, rejected 0), "
            f"pulled 2, {no_blobs}",
        ),
        ("INFO", f"sync with {url} cancelled after T s; {none_pushed}, pulled 0, {no_blobs}"),
        (
            "WARNING",
            f"sync with {url} failed after T s: {AuthError.default_message} [AuthError, HTTP status 401]; "
            f"{none_pushed}, pulled 0, {no_blobs}",
        ),
        (
            "WARNING",
            f"sync with {url} failed after T s: {Offline.default_message} [Offline, HTTP status None]; "
            f"{none_pushed}, pulled 0, {no_blobs}",
        ),
    ]


@contextmanager
def _own_scans(world: World, tmp_path: Path) -> Iterator[tuple[Desk, SeededServer, Path]]:
    """A server of its own whose image folder the test may damage (a copy of the world's, not the shared
    one) and a desk after its first download without images: (desk, server, image folder)."""
    private = tmp_path / "blobs"
    shutil.copytree(world.template_blobs, private)
    server = world.start(tmp_path / "server", blob_dir=private)
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    try:
        assert desk.sync(blobs=False).ok
        yield desk, server, private
    finally:
        desk.close()
        stop(server)


def test_scans_the_server_has_lost_are_counted_and_logged_and_the_others_arrive(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two scans are gone from the server's disk (their records still name them): the server answers
    404 for each. The sync still completes, brings every other scan, counts those two as failed
    (图片失败 2 张), logs which and why, and shows the images' progress one by one up to the whole."""
    with _own_scans(world, tmp_path) as (desk, _server, private):
        wanted = sorted(blob["sha256"] for blob in desk.workspace.missing_blobs())
        assert len(wanted) > 3
        lost = wanted[1:3]
        for sha256 in lost:
            next(private.rglob(sha256)).unlink()
        seen: list[tuple[str, int, int]] = []
        with caplog.at_level("WARNING", logger="reviewdesk.sync.engine"):
            caplog.clear()  # only this sync's lines (an earlier test may have left the logger at INFO)
            report = desk.sync(progress=lambda *step: seen.append(step))
        missing_after = [blob["sha256"] for blob in desk.workspace.missing_blobs()]

    assert report.ok and report.error is None
    assert (report.blobs, report.blob_failures, report.corrupt_blobs) == (len(wanted) - 2, 2, [])
    assert "图片失败 2 张" in report.summary()
    assert sorted(missing_after) == lost
    assert [step for step in seen if step[0] == "blobs"] == [
        ("blobs", done, len(wanted)) for done in range(len(wanted) + 1)
    ]
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "reviewdesk.sync.engine" and r.levelname == "WARNING"
    ]
    # the server's 404, said as it came
    assert sorted(warnings) == [f"blob {sha256}: 图片不存在或不在您的权限范围内" for sha256 in lost]


def test_a_scan_whole_in_the_temp_folder_is_only_confirmed_and_a_damaged_one_is_logged_and_dropped(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An interrupted sync left one scan whole in the temp folder: the next sync asks the server only to
    confirm it (``If-None-Match`` with its sha256: 304, nothing sent again) and stores it. Another scan
    comes damaged from the server's disk: it is discarded, named in the report and in the log."""
    with _own_scans(world, tmp_path) as (desk, _server, private):
        wanted = sorted(blob["sha256"] for blob in desk.workspace.missing_blobs())
        assert len(wanted) > 2
        whole, damaged = wanted[0], wanted[1]
        source = next(private.rglob(whole)).read_bytes()
        (desk.engine.store.blob_temp_dir() / f"{whole}.part").write_bytes(source)
        damaged_file = next(private.rglob(damaged))
        damaged_bytes = bytearray(damaged_file.read_bytes())
        damaged_bytes[len(damaged_bytes) // 2] ^= 0xFF
        damaged_file.unlink()
        damaged_file.write_bytes(bytes(damaged_bytes))
        sent: list[requests.PreparedRequest] = []
        desk.adapter.hook = sent.append
        with caplog.at_level("WARNING", logger="reviewdesk.sync.engine"):
            caplog.clear()
            report = desk.sync()
        stored = desk.workspace.blob_path(whole)
        kept = stored.read_bytes() if stored is not None else None

    assert report.ok and (report.blobs, report.blob_failures) == (len(wanted) - 1, 0)
    assert report.corrupt_blobs == [damaged]
    asked = [r for r in sent if whole in (r.url or "")]
    assert len(asked) == 1
    assert asked[0].headers.get("If-None-Match") == f'"{whole}"' and "Range" not in asked[0].headers
    assert kept == source
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "reviewdesk.sync.engine" and r.levelname == "WARNING"
    ]
    assert warnings == [f"blob {damaged}: hash mismatch, discarded"]


def test_a_cancel_during_a_large_scan_stops_its_download_at_once_and_counts_nothing(
    world: World, tmp_path: Path
) -> None:
    """The reviewer cancels while a large scan (here 1 MiB on the server's disk) is arriving: the
    download stops after the chunk that was arriving instead of running to the end, the scan is neither stored
    nor counted, no other scan is fetched, and the sync says it was cancelled."""
    with _own_scans(world, tmp_path) as (desk, server, private):
        wanted = [blob["sha256"] for blob in desk.workspace.missing_blobs()]
        large = wanted[0]  # one worker fetches in the store's order: this one first
        large_file = next(private.rglob(large))
        large_file.unlink()
        large_file.write_bytes(bytes(range(256)) * 4096)  # 1 MiB
        desk.engine.blob_workers = 1
        cancel = threading.Event()
        sent: list[str] = []

        def cancel_on_the_large_scan(request: requests.PreparedRequest) -> None:
            sent.append(request.url or "")
            if large in (request.url or ""):
                cancel.set()

        desk.adapter.hook = cancel_on_the_large_scan
        report = desk.sync(cancel=cancel)
        part = desk.engine.store.blob_temp_dir() / f"{large}.part"
        arrived = part.stat().st_size if part.exists() else 0
        stored = desk.workspace.blob_path(large)

    assert report.cancelled and report.error is None
    assert (report.blobs, report.blob_failures, report.corrupt_blobs) == (0, 0, [])
    assert stored is None
    assert 0 < arrived <= BLOB_CHUNK  # the chunk that was arriving, not the rest of the MiB
    assert [url for url in sent if "/v1/blobs/" in url] == [f"{server.url}/v1/blobs/{large}"]


def test_every_page_of_the_download_and_the_feed_asks_for_the_desks_page_size(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """A desk set to pages of 2 downloads its twelve records as pages of 2 and pulls five changed
    records as pages of 2, 2 and 1: the server sees ``limit=2`` on every request of the download and
    of the feed, not only on the first, and the progress has no total until the feed's last page."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk", page=2)
    colleague = server.reviewer(world.account(DEMO_UNIT))
    try:
        downloading: list[str] = []
        desk.adapter.hook = lambda request: downloading.append(request.url or "")
        assert desk.sync(blobs=False).ok
        for record_id in world.unit_records[:5]:
            assert colleague.decide(record_id, Outcome.PASS)["status"] == "applied"
        sent: list[str] = []
        desk.adapter.hook = lambda request: sent.append(request.url or "")
        steps: list[tuple[str, int, int]] = []
        report = desk.sync(blobs=False, progress=lambda *step: steps.append(step))
    finally:
        colleague.close()
        desk.close()

    pages = [parse_qs(urlsplit(url).query) for url in downloading if "/v1/sync/snapshot" in url]
    assert len(pages) >= len(world.unit_records) // 2
    assert all(query["limit"] == ["2"] for query in pages)
    assert report.ok and report.pulled == 5
    feed = [parse_qs(urlsplit(url).query) for url in sent if "/v1/sync/changes" in url]
    assert [query["limit"] for query in feed] == [["2"], ["2"], ["2"]]
    # the total is unknown (0) until the last page: the bar must not look finished at 2 of 5
    assert [step for step in steps if step[0] == "pull"] == [("pull", 2, 0), ("pull", 4, 0), ("pull", 5, 5)]


def test_a_cancel_as_the_last_download_page_arrives_keeps_the_download_and_asks_no_feed(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """The reviewer cancels just as the first download's last page comes in: the download is kept
    (the next sync only reads the feed, no snapshot again) and the feed is not asked for."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    cancel = threading.Event()
    sent: list[str] = []
    desk.adapter.hook = lambda request: sent.append(request.url or "")

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "download" and total and done == total:
            cancel.set()

    try:
        report = desk.sync(progress=progress, cancel=cancel, blobs=False)
        first = list(sent)
        sent.clear()
        again = desk.sync(blobs=False)
    finally:
        desk.close()

    assert report.cancelled and report.full_download
    assert report.downloaded == len(world.unit_records)
    assert not [url for url in first if "/v1/sync/changes" in url]
    assert again.ok and not again.full_download
    assert [url for url in sent if "/v1/sync/changes" in url]
    assert not [url for url in sent if "/v1/sync/snapshot" in url]


def test_a_first_download_that_cannot_reach_the_server_is_not_retried_as_an_old_server(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """Smaller snapshot pages are only for a server that refuses the large ones (422). When the first
    page cannot be fetched at all (the network drops it), the sync says it is offline after the
    client's own retry — it does not send the request again asking for pages of 500."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk")
    asked: list[list[str]] = []

    def drop_snapshots(request: requests.PreparedRequest) -> None:
        if "/v1/sync/snapshot" in (request.url or ""):
            asked.append(parse_qs(urlsplit(request.url or "").query)["limit"])
            raise requests.ConnectionError("injected: snapshot lost")

    desk.adapter.hook = drop_snapshots
    try:
        report = desk.sync(blobs=False)
    finally:
        desk.close()

    assert isinstance(report.exception, Offline) and report.error == Offline.default_message
    assert asked == [["1000"], ["1000"]]  # the request and the client's one retry, both as asked


def test_a_cancel_between_feed_pages_keeps_the_pages_applied_and_stops(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    """Pages of 2, five changed records: the reviewer cancels when the first page is applied. The sync
    stops there (cancelled, 2 pulled); the next sync pulls the other 3 from where it stopped."""
    desk = Desk(server, world.account(DEMO_UNIT), tmp_path / "desk", page=2)
    colleague = server.reviewer(world.account(DEMO_UNIT))
    cancel = threading.Event()

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "pull" and done:
            cancel.set()

    try:
        assert desk.sync(blobs=False).ok
        for record_id in world.unit_records[:5]:
            assert colleague.decide(record_id, Outcome.PASS)["status"] == "applied"
        stopped = desk.sync(blobs=False, progress=progress, cancel=cancel)
        rest = desk.sync(blobs=False)
    finally:
        colleague.close()
        desk.close()

    assert stopped.cancelled and stopped.pulled == 2
    assert rest.ok and rest.pulled == 3
