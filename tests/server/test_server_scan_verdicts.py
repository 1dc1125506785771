"""Kept verdicts on pairs of scans (``server.scan_verdicts``), on a seeded server on 127.0.0.1 with
drawn certificates: both records of a pair judged one scan are flagged, whichever side's look-up found
it; a scan removed or replaced stops flagging; a re-flag compares only pairs without a verdict of the
current scan checks, and after a record-rule change looks no scan up. Run on SQLite and, by
``scripts/with_postgres.sh``, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from PIL import ImageEnhance
from sqlalchemy import delete, func, select
from tests.server.test_server_flag_index import _certificate, _jpeg
from tests.server.test_server_flags import codes, image, resubmit

from reviewdesk.domain import precheck, scan_checks
from reviewdesk.domain.enums import Tier
from reviewdesk.server import flag_index, flag_keys, flags, scan_verdicts, snapshot_cache
from reviewdesk.server.db import Database
from reviewdesk.server.demo.scans import ScanPainter
from reviewdesk.server.models import Record, ScanVerdict, SnapshotCache
from reviewdesk.server.records import build_snapshots, material_rows
from reviewdesk.server.testing import SeededServer

#: People's certificates of one template: more than ``flags.MAX_CONFIRMED`` of them, so an original's
#: look-up ranks others' pages (the template's frame, shared by a few records: not common) above a
#: cropped, darkened, re-saved copy of it.
SURNAMES = "赵钱孙李周吴郑王"
#: ``reflag``'s first line when no scan was checked and no record's flags changed.
NOTHING_CHANGED = "已检查 0 张图片；0 条报名记录的预审提示有变化，已重新下发"


def tiles_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The look-up's candidates by tiles alone (``flags.TILE_CANDIDATES`` = ``MAX_CONFIRMED``: the
    second stage by print keeps them all). Why: with eight pages, every page is among the first
    ``TILE_CANDIDATES`` and the stage compares the copy from either side; one side's look-up misses
    it only among more pages than that — what these tests plant on a small scale."""
    monkeypatch.setattr(flags, "TILE_CANDIDATES", flags.MAX_CONFIRMED)


@pytest.fixture
def database(server: SeededServer) -> Iterator[Database]:
    opened = Database.open(server.db_url)
    yield opened
    opened.dispose()


def _plant(server: SeededServer) -> tuple[list[int], bytes]:
    """Eight people's pages of one template on eight records, then a copy of the first on a ninth.
    Returns the record ids (the original's first, the copy's last) and the copy's bytes."""
    ids = server.find_records(status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)[: len(SURNAMES) + 1]
    painter = ScanPainter()
    pages = [_certificate(painter, f"{s}伟", f"10487120160500{i:04d}") for i, s in enumerate(SURNAMES)]
    for record_id, page in zip(ids, pages, strict=False):
        resubmit(server, record_id, [{"kind": "degree", "images": [image(_jpeg(page))]}])
    w, h = pages[0].size
    copy = ImageEnhance.Brightness(pages[0].crop((30, 25, w - 12, h - 20))).enhance(0.85)
    data = _jpeg(copy.resize((900, 620)), 60)
    resubmit(server, ids[-1], [{"kind": "degree", "images": [image(data)]}])
    return ids, data


def _candidates(database: Database, record_id: int) -> list[int]:
    """The records a change's look-up ranks as candidates for this record's scans."""
    with database.read() as session:
        snapshots = [{"id": record_id, "materials": material_rows(session, [record_id]).get(record_id, [])}]
        blobs = flag_keys.blob_rows(session, flag_keys.image_shas(snapshots))
        hits = flags._lookup_hits(session, snapshots, blobs)[record_id]
    return [other for ranked in hits.candidates.values() for other, _ in ranked]


def _reused_names(snapshot: dict[str, Any]) -> list[str]:
    return [f["message"] for f in snapshot["flags"] if f["code"] == "scan_reused"]


def _verdicts(database: Database) -> dict[tuple[str, str], tuple[int, bool]]:
    with database.read() as session:
        rows = session.execute(
            select(ScanVerdict.sha_a, ScanVerdict.sha_b, ScanVerdict.scan_version, ScanVerdict.same)
        )
        return {(a, b): (version, same) for a, b, version, same in rows}


def test_both_records_of_a_pair_are_flagged_though_the_originals_candidates_are_others_pages(
    server: SeededServer, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiles_only(monkeypatch)
    ids, _ = _plant(server)
    original, copy = ids[0], ids[-1]
    assert copy not in _candidates(database, original)  # the case: the original's look-up misses the copy
    assert original in _candidates(database, copy)
    names = {rid: server.snapshot(rid)["name"] for rid in (original, copy)}
    (to_original,) = _reused_names(server.snapshot(copy))
    (to_copy,) = _reused_names(server.snapshot(original))
    assert names[original] in to_original and names[copy] in to_copy
    for other in ids[1:-1]:  # the template's other pages: not one scan with anyone's
        assert "scan_reused" not in codes(server.snapshot(other))
    kept = _verdicts(database)
    assert sum(same for _, same in kept.values()) >= 1
    assert all(version == scan_checks.SCAN_CHECKS_VERSION for version, _ in kept.values())


def test_a_removed_or_replaced_scan_stops_flagging(server: SeededServer, database: Database) -> None:
    """The verdict stays (a fact about two files); the flag goes with the scan, on both records."""
    ids, data = _plant(server)
    original, copy = ids[0], ids[-1]
    assert "scan_reused" in codes(server.snapshot(original))
    painter = ScanPainter()
    other = _jpeg(_certificate(painter, "欧阳明", "104871201605990001"))
    resubmit(server, copy, [{"kind": "degree", "images": [image(other)]}])  # replaced
    assert "scan_reused" not in codes(server.snapshot(original))
    assert "scan_reused" not in codes(server.snapshot(copy))
    kept = _verdicts(database)
    resubmit(server, copy, [{"kind": "degree", "images": [image(data)]}])  # back: judged by its verdict
    assert "scan_reused" in codes(server.snapshot(original))
    assert _verdicts(database) == kept
    resubmit(server, copy, [{"kind": "degree", "images": []}])  # removed
    assert "scan_reused" not in codes(server.snapshot(original))
    assert "scan_reused" not in codes(server.snapshot(copy))


def _counting_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the prints compared (each call of the real ``same_scan``)."""
    real, calls = scan_checks.same_scan, []

    def counted(a: bytes, b: bytes) -> bool:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(scan_checks, "same_scan", counted)
    return calls


def _recording_look_ups(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record each whole-database look-up a re-flag makes (``tiles``: whether scans were looked up)."""
    real, calls = flag_index.whole_database_hits, []

    def recorded(connection: Any, tiles: bool = True) -> flags.Found:
        calls.append(tiles)
        return real(connection, tiles)

    monkeypatch.setattr(flag_index, "whole_database_hits", recorded)
    return calls


def _assert_cache_is_a_fresh_build(database: Database) -> list[dict[str, Any]]:
    with database.read() as session:
        records = list(session.scalars(select(Record).order_by(Record.id)))
        fresh = build_snapshots(session, records, "")
        cached = {
            rid: data
            for rid, data in session.execute(select(SnapshotCache.record_id, SnapshotCache.snapshot))
        }
    for snapshot in fresh:
        assert orjson.loads(cached[snapshot["id"]]) == orjson.loads(snapshot_cache.encode_record(snapshot))
    return fresh


def test_a_reflag_compares_only_pairs_without_a_current_verdict(
    server: SeededServer, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First re-flag (no whole-database look-up judged yet): every scan looked up, only the candidate
    pairs without a kept verdict (a third of them, forgotten on purpose) compared. A record-rule change then: no scan looked up, nothing
    compared, the same reused-scan flags. A scan-checks change: every scan checked and every pair
    compared again. After each, every cached snapshot is what a fresh build gives."""
    ids, _ = _plant(server)
    with database.read() as session:
        pairs = flags._candidate_pairs(flag_index.whole_database_hits(session))
    assert pairs <= _verdicts(database).keys()  # every one judged when its scans were stored
    forgotten = sorted(pairs)[::3]
    with database.write() as session:
        for a, b in forgotten:
            session.execute(delete(ScanVerdict).where(ScanVerdict.sha_a == a, ScanVerdict.sha_b == b))
    compared = _counting_comparisons(monkeypatch)
    monkeypatch.setattr(precheck, "FLAGS_VERSION", precheck.FLAGS_VERSION + 1)
    flags.reflag_all(database, server.blob_dir, batch=300)
    assert len(compared) == len(forgotten) > 10
    assert pairs <= _verdicts(database).keys()
    fresh = {s["id"]: s for s in _assert_cache_is_a_fresh_build(database)}
    reused = {rid for rid, s in fresh.items() if "scan_reused" in codes(s)}
    assert {ids[0], ids[-1]} <= reused

    looked_up = _recording_look_ups(monkeypatch)
    compared.clear()
    monkeypatch.setattr(precheck, "FLAGS_VERSION", precheck.FLAGS_VERSION + 1)
    flags.reflag_all(database, server.blob_dir, batch=300)
    assert (looked_up, compared) == ([False], [])
    again = {s["id"]: s for s in _assert_cache_is_a_fresh_build(database)}
    assert {rid for rid, s in again.items() if "scan_reused" in codes(s)} == reused

    looked_up.clear()
    monkeypatch.setattr(scan_checks, "SCAN_CHECKS_VERSION", scan_checks.SCAN_CHECKS_VERSION + 1)
    scans, _ = flags.reflag_all(database, server.blob_dir, batch=300, jobs=2)
    with database.read() as session:
        stored = session.scalar(select(func.count()).select_from(ScanVerdict).where(
            ScanVerdict.scan_version == scan_checks.SCAN_CHECKS_VERSION))  # fmt: skip
    assert scans > 0 and looked_up == [True]
    assert stored == len(pairs) - sum(a == b for a, b in pairs)
    after = {s["id"]: s for s in _assert_cache_is_a_fresh_build(database)}
    assert {rid for rid, s in after.items() if "scan_reused" in codes(s)} == reused


def test_verdicts_used_by_a_read_are_kept_by_the_next_write(server: SeededServer, database: Database) -> None:
    """A snapshot built for a read judges pairs without writing; the process's next writer keeps them."""
    _plant(server)
    with database.write() as session:
        session.execute(ScanVerdict.__table__.delete())
    with database.read() as session:
        rows = session.execute(select(Record).order_by(Record.id)).scalars().all()
        build_snapshots(session, list(rows), "")
    assert _verdicts(database) == {}
    with database.write() as session:
        written = scan_verdicts.save_unsaved(session)
    assert written > 0 and len(_verdicts(database)) == written


def test_reflag_full_looks_every_scan_up_and_compares_only_what_is_not_kept(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``reviewdesk-server reflag --full``: the whole-database look-up runs although nothing
    about the scans changed, and with every verdict kept nothing is compared or sent again; so does a
    plain ``reflag`` once after the look-up changed (``server_meta.lookup_version``), checking no scan."""
    from reviewdesk.server import cli

    _plant(server)
    looked_up = _recording_look_ups(monkeypatch)
    compared = _counting_comparisons(monkeypatch)
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir), "--jobs", "1"]
    assert cli.main([*reflag, "--full"]) == 0
    assert capsys.readouterr().out == "已检查 0 张图片；0 条报名记录的预审提示有变化，已重新下发\n"
    assert (looked_up, compared) == ([True], [])
    assert cli.main(reflag) == 0  # judged under these checks now: no look-up
    assert looked_up == [True, False]
    # another look-up (``flags.LOOKUP_VERSION``), the same scan checks: every scan looked up once more,
    # none checked again, nothing compared (every pair found has a kept verdict), then no look-up
    monkeypatch.setattr(flags, "LOOKUP_VERSION", flags.LOOKUP_VERSION + 1)
    capsys.readouterr()
    assert cli.main(reflag) == 0
    assert capsys.readouterr().out.splitlines()[0] == NOTHING_CHANGED
    assert (looked_up, compared) == ([True, False, True], [])
    assert cli.main(reflag) == 0
    assert looked_up == [True, False, True, False]


def _cached(database: Database, record_id: int) -> dict[str, Any]:
    """The snapshot a workstation is sent: the record's cached one."""
    with database.read() as session:
        data = session.scalar(select(SnapshotCache.snapshot).where(SnapshotCache.record_id == record_id))
    return orjson.loads(data)


def test_a_pair_only_the_older_scans_ranking_finds_flags_both_records_when_the_original_comes_last(
    server: SeededServer,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The copy is stored first, then the template's other pages, then the original: the original's
    own look-up ranks others' pages, not the copy; only the copy's ranking (now that the original
    exists) finds the pair. The store-time check judges it from the copy's side, so both records are
    flagged as they are sent — what a fresh build gives — and a fresh whole-database re-flag
    (``reflag --full``) changes no record."""
    from reviewdesk.server import cli

    tiles_only(monkeypatch)
    ids = server.find_records(status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)[: len(SURNAMES) + 1]
    painter = ScanPainter()
    pages = [_certificate(painter, f"{s}伟", f"10487120160500{i:04d}") for i, s in enumerate(SURNAMES)]
    w, h = pages[0].size
    copy = ImageEnhance.Brightness(pages[0].crop((30, 25, w - 12, h - 20))).enhance(0.85)
    resubmit(server, ids[-1], [{"kind": "degree", "images": [image(_jpeg(copy.resize((900, 620)), 60))]}])
    for record_id, page in [*zip(ids[1:-1], pages[1:], strict=False), (ids[0], pages[0])]:
        resubmit(server, record_id, [{"kind": "degree", "images": [image(_jpeg(page))]}])
    original, copied = ids[0], ids[-1]
    assert copied not in _candidates(database, original)  # the case
    assert original in _candidates(database, copied)
    names = {rid: server.snapshot(rid)["name"] for rid in (original, copied)}
    (to_original,) = _reused_names(_cached(database, copied))
    (to_copy,) = _reused_names(_cached(database, original))
    assert names[original] in to_original and names[copied] in to_copy
    _assert_cache_is_a_fresh_build(database)
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir), "--jobs", "1", "--full"]
    assert cli.main(reflag) == 0
    assert capsys.readouterr().out.splitlines()[0] == NOTHING_CHANGED


def test_a_change_re_flags_only_records_sharing_something_with_it_and_looks_none_of_them_up(
    server: SeededServer, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another page of the template shares tiles with the eight already stored (a change used to
    re-flag and look up every one of them): it shares no number, file or verdict "same" with them, so
    none is re-flagged; the copy's record, changed again, re-flags the original's (a verdict "same"),
    from what is known — the only scans looked up are the changed record's own. Every cached snapshot
    stays what a fresh build gives."""
    ids, data = _plant(server)
    newcomer = server.find_records(status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)[len(ids)]
    page = _jpeg(_certificate(ScanPainter(), "欧阳明", "104871201605990001"))
    looked_up: list[set[int]] = []
    real_lookup = flags._lookup_hits

    def recorded_lookup(connection: Any, snapshots: Any, blobs: Any) -> dict[int, flags.Hits]:
        looked_up.append({int(s["id"]) for s in snapshots})
        return real_lookup(connection, snapshots, blobs)

    re_flagged: list[tuple[set[int], bool]] = []
    real_reflag = flags.reflag

    def recorded_reflag(session: Any, record_ids: Any, hits: Any = None) -> list[int]:
        ids_ = set(record_ids)
        re_flagged.append((ids_, hits is not None))
        return real_reflag(session, ids_, hits)

    monkeypatch.setattr(flags, "_lookup_hits", recorded_lookup)
    monkeypatch.setattr(flags, "reflag", recorded_reflag)
    resubmit(server, newcomer, [{"kind": "degree", "images": [image(page)]}])
    with database.read() as session:
        blobs = flag_keys.blob_rows(session, flag_keys.image_shas([server.snapshot(newcomer)]))
        asked = {
            k for k, _ in flag_keys.lookup_keys(session, [server.snapshot(newcomer)], blobs).keys[newcomer]
        }
        tiles = {key for key in asked if isinstance(key, int)}
        tile_peers = flag_keys.records_with_keys(session, asked - flag_keys.common_tiles(session, tiles))
    assert set(ids[:-1]) & tile_peers  # what the change used to re-flag, each looked up
    assert all(record_ids <= {newcomer} for record_ids in looked_up)
    assert not any(set(ids) & record_ids for record_ids, _ in re_flagged)

    looked_up.clear()
    re_flagged.clear()
    resubmit(server, ids[-1], [{"kind": "degree", "images": [image(data)]}])
    assert all(record_ids <= {ids[-1]} for record_ids in looked_up)
    assert any(ids[0] in record_ids and known for record_ids, known in re_flagged)
    assert not any(set(ids[1:-1]) & record_ids for record_ids, _ in re_flagged)
    _assert_cache_is_a_fresh_build(database)


def test_a_removed_scan_lets_another_into_its_neighbours_candidates_and_that_pair_is_judged(
    server: SeededServer,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The original replaced: the copy's candidates held it, so another page of the template takes
    its place among them — a pair neither look-up made before. The store-time check looks the copy up
    again and judges it, so a fresh whole-database re-flag (``reflag --full``) then compares nothing
    and changes no record (its last step deletes the verdicts on the original's page, held by no
    record now), and every cached snapshot is what a fresh build gives."""
    from reviewdesk.server import cli

    ids, _ = _plant(server)
    original, copied = ids[0], ids[-1]
    assert original in _candidates(database, copied)
    compared = _counting_comparisons(monkeypatch)
    other = _jpeg(_certificate(ScanPainter(), "欧阳明", "104871201605990001"))
    resubmit(server, original, [{"kind": "degree", "images": [image(other)]}])
    assert original not in _candidates(database, copied) and compared
    assert "scan_reused" not in codes(_cached(database, copied))
    _assert_cache_is_a_fresh_build(database)
    compared.clear()
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir), "--jobs", "1", "--full"]
    assert cli.main(reflag) == 0
    assert capsys.readouterr().out.splitlines()[0] == NOTHING_CHANGED
    assert compared == []
