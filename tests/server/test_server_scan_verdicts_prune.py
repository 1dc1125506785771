"""Kept verdicts no flag reads any more are deleted by ``reviewdesk-server reflag`` once the current
scan checks' re-flag has completed (``scan_verdicts.prune``): those of another scan-checks version and
those on a scan no record's material holds. An interrupted re-flag deletes nothing; flags are the same
before and after. On a seeded server on 127.0.0.1 with drawn certificates; run on SQLite and, by
``scripts/with_postgres.sh``, on PostgreSQL."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from tests.server.test_server_flag_index import _certificate, _jpeg
from tests.server.test_server_flags import codes, image, resubmit
from tests.server.test_server_scan_verdicts import (
    _assert_cache_is_a_fresh_build,
    _counting_comparisons,
    _plant,
    _verdicts,
)

from reviewdesk.domain import precheck, scan_checks
from reviewdesk.server import cli, flags, scan_verdicts
from reviewdesk.server.db import Database
from reviewdesk.server.demo.scans import ScanPainter
from reviewdesk.server.feed import server_meta
from reviewdesk.server.models import Image, Material, ScanVerdict
from reviewdesk.server.testing import SeededServer


@pytest.fixture
def database(server: SeededServer) -> Iterator[Database]:
    opened = Database.open(server.db_url)
    yield opened
    opened.dispose()


def _held(database: Database) -> set[str]:
    with database.read() as session:
        return set(session.scalars(select(Image.sha256).distinct()))


def _reused(database: Database) -> dict[int, list[str]]:
    """Every record's reused-scan flags (their sentences), from a fresh build checked equal to the cache."""
    return {
        s["id"]: sorted(f["message"] for f in s["flags"] if f["code"] == "scan_reused")
        for s in _assert_cache_is_a_fresh_build(database)
    }


def _pruned_line(out: str) -> tuple[int, int, int]:
    (line,) = [text for text in out.splitlines() if text.startswith("已删除不再使用的图片比对结论")]
    total, other_version, orphaned = (int(n) for n in re.findall(r"\d+", line))
    return total, other_version, orphaned


def _matches_version(database: Database) -> int | None:
    with database.read() as session:
        return server_meta(session).matches_version


def test_reflag_deletes_other_versions_verdicts_only_once_the_new_versions_reflag_completed(
    server: SeededServer,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A scan-checks change: the re-flag interrupted after its comparisons deletes nothing (a prune
    then refuses too), the resumed one compares nothing again and deletes every row of another
    version — one judged under the version before and no longer a candidate pair, and an older
    version's "same" on two shared sample pictures that must never have flagged anyone — and keeps
    every current one. The reused-scan flags are the same throughout, and this process's memo keeps
    no verdict of another version."""
    ids, data = _plant(server)
    before = scan_checks.SCAN_CHECKS_VERSION
    with database.read() as session:
        by_holders = select(Image.sha256).group_by(Image.sha256).having(func.count() > 1)
        shared = list(session.scalars(by_holders.order_by(func.count().desc()).limit(2)))
    assert len(shared) == 2
    stale = scan_verdicts.pair(*shared)
    with database.write() as session:
        row = {"sha_a": stale[0], "sha_b": stale[1], "scan_version": before - 1, "same": True}
        session.execute(insert(ScanVerdict), [row])
    held = _held(database)
    unheld = {
        p for p, (version, _) in _verdicts(database).items() if version == before and not set(p) <= held
    }
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir)]
    assert cli.main(reflag) == 0  # a first re-flag under these checks: judges the pairs, sets matches_version
    assert _pruned_line(capsys.readouterr().out) == (1 + len(unheld), 1, len(unheld))
    assert stale not in _verdicts(database)
    assert _matches_version(database) == before
    reused = _reused(database)
    assert reused[ids[0]] and reused[ids[-1]]
    assert all(not reused[rid] for rid in ids[1:-1])

    # a pair judged under this version that the next version's look-up will not find: the copy is
    # replaced (its pairs are no candidates any more), then the original's page is put back on it
    painter = ScanPainter()
    other = _jpeg(_certificate(painter, "欧阳明", "104871201605990001"))
    resubmit(server, ids[-1], [{"kind": "degree", "images": [image(other)]}])
    gone = hashlib.sha256(data).hexdigest()
    assert gone not in _held(database)
    orphaned = {p for p in _verdicts(database) if gone in p}
    assert orphaned
    reused = _reused(database)
    with scan_verdicts._LOCK:  # this process's memo (the server runs in it): verdicts of this version
        assert any(key[2] == before for key in scan_verdicts._MEMO)

    monkeypatch.setattr(scan_checks, "SCAN_CHECKS_VERSION", before + 1)
    real_reflag, batches = flags.reflag, []

    def interrupted(*args: object, **kwargs: object) -> list[int]:
        batches.append(1)
        raise KeyboardInterrupt

    monkeypatch.setattr(flags, "reflag", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli.main(reflag)
    assert batches == [1]
    kept = _verdicts(database)
    judged = {p for p, (version, _) in kept.items() if version == before + 1}
    assert judged and not judged & orphaned  # compared and written before the interruption
    assert {p for p, (version, _) in kept.items() if version == before} >= orphaned
    assert _matches_version(database) == before
    assert scan_verdicts.prune(database) == (0, 0) and _verdicts(database) == kept  # not complete: kept

    monkeypatch.setattr(flags, "reflag", real_reflag)
    compared = _counting_comparisons(monkeypatch)
    assert cli.main(reflag) == 0
    other_version = {p for p, (version, _) in kept.items() if version != before + 1}
    assert _pruned_line(capsys.readouterr().out) == (len(other_version), len(other_version), 0)
    assert compared == []  # resumed: every pair the look-up found was judged by the interrupted run
    assert _verdicts(database) == {p: v for p, v in kept.items() if p not in other_version}
    assert _matches_version(database) == before + 1
    assert _reused(database) == reused
    with scan_verdicts._LOCK:
        assert {key[2] for key in scan_verdicts._MEMO} <= {before + 1}
        assert {key[2] for key in scan_verdicts._UNSAVED} <= {before + 1}


def test_reflag_deletes_verdicts_on_scans_no_record_holds_in_batches_and_judges_them_again_if_needed(
    server: SeededServer, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record-rule change: the verdicts on the copy's page, replaced on its record, are deleted a few
    rows per transaction; every other row stays, flags do not move, and the page uploaded again is
    compared again and flags both records as before."""
    ids, data = _plant(server)
    monkeypatch.setattr(precheck, "FLAGS_VERSION", precheck.FLAGS_VERSION + 1)
    flags.reflag_all(database, server.blob_dir)
    painter = ScanPainter()
    other = _jpeg(_certificate(painter, "欧阳明", "104871201605990001"))
    resubmit(server, ids[-1], [{"kind": "degree", "images": [image(other)]}])
    gone = hashlib.sha256(data).hexdigest()
    assert gone not in _held(database)
    kept = _verdicts(database)
    orphaned = {p for p in kept if gone in p}
    assert len(orphaned) > 3  # more than one batch of them
    reused = _reused(database)
    assert not reused[ids[0]]

    monkeypatch.setattr(precheck, "FLAGS_VERSION", precheck.FLAGS_VERSION + 1)
    flags.reflag_all(database, server.blob_dir)
    writes = []
    real_write = database.write

    def counted_write() -> object:
        writes.append(1)
        return real_write()

    monkeypatch.setattr(database, "write", counted_write)
    assert scan_verdicts.prune(database, batch=3) == (0, len(orphaned))
    assert len(writes) >= len(orphaned) / 3  # at most 3 rows deleted per transaction
    monkeypatch.setattr(database, "write", real_write)
    assert _verdicts(database) == {p: v for p, v in kept.items() if p not in orphaned}
    assert _reused(database) == reused

    compared = _counting_comparisons(monkeypatch)
    resubmit(server, ids[-1], [{"kind": "degree", "images": [image(data)]}])
    assert compared  # its verdicts were gone: judged again
    assert "scan_reused" in codes(server.snapshot(ids[0]))
    assert "scan_reused" in codes(server.snapshot(ids[-1]))


def test_a_scan_attached_while_its_verdicts_are_pruned_keeps_them(
    server: SeededServer, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prune reads a batch, finds the copy's page on no record, and only then deletes; a write
    transaction attaching that page again, open across both, commits first — its verdicts stay
    (SQLite: the delete waits for the writer and checks again; PostgreSQL: it waits for writers of
    ``images`` first)."""
    ids, data = _plant(server)
    flags.reflag_all(database, server.blob_dir)  # the current version's re-flag completed
    other = _jpeg(_certificate(ScanPainter(), "欧阳明", "104871201605990001"))
    resubmit(server, ids[-1], [{"kind": "degree", "images": [image(other)]}])
    gone = hashlib.sha256(data).hexdigest()
    kept = _verdicts(database)
    assert any(gone in p for p in kept)

    real_held, read = scan_verdicts._held, threading.Event()

    def held_then_signal(connection: Any, shas: Any) -> set[str]:
        found = real_held(connection, shas)
        read.set()
        return found

    monkeypatch.setattr(scan_verdicts, "_held", held_then_signal)
    result: list[tuple[int, int]] = []
    with database.write() as session:
        (material,) = session.scalars(select(Material.id).where(Material.record_id == ids[-1]).limit(1))
        session.execute(
            insert(Image),
            [{"material_id": material, "position": 9, "side": "B", "sha256": gone, "mime": "image/jpeg",
              "size": len(data), "filename": "B面.jpg"}],
        )  # fmt: skip
        pruning = threading.Thread(target=lambda: result.append(scan_verdicts.prune(database)))
        pruning.start()
        assert read.wait(60)  # the prune has found the page on no record
        pruning.join(0.5)
        assert pruning.is_alive()  # its delete waits for this transaction
    pruning.join(60)
    assert result == [(0, 0)]
    assert _verdicts(database) == kept
