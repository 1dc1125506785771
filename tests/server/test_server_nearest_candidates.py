"""The look-up's second stage (``flags.nearest_candidates``): of the first ``flags.TILE_CANDIDATES``
candidates by tiles, the ``flags.MAX_CONFIRMED`` nearest by print are compared — in both look-ups
(a change's, ``flags._lookup_hits``; a re-flag's, ``flag_index.whole_database_hits``) and at store
time from the other side (``peers._judge_around``). On a seeded server on 127.0.0.1 with drawn
certificates of one template (real images). Run on SQLite and, by ``scripts/with_postgres.sh``, on
PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from PIL import ImageEnhance
from sqlalchemy import select
from tests.server.test_server_flag_index import _certificate, _jpeg, _scan_by_scan
from tests.server.test_server_flags import codes, image, resubmit
from tests.server.test_server_scan_verdicts import NOTHING_CHANGED

from reviewdesk.domain import scan_checks, scan_nearness
from reviewdesk.domain.enums import Tier
from reviewdesk.server import flags
from reviewdesk.server.db import Database
from reviewdesk.server.demo.scans import ScanPainter
from reviewdesk.server.flag_index import whole_database_hits
from reviewdesk.server.models import Blob, SnapshotCache
from reviewdesk.server.testing import SeededServer

#: Other people's certificates of the original's template, on records before the original's: more
#: than ``flags.MAX_CONFIRMED``, so that of candidates tied on tiles (then ranked by record id) the
#: original would not be among those compared.
STRANGERS = "赵钱孙李周吴"
#: The one look-up tile every planted scan is given (its print stays its own): 48 bits, six uncertain.
TILE = f"{scan_checks.HASH_FORMAT}:0.0.0:{0x5A5A5A5A5A5A:012x}:{bytes(range(6)).hex()}"


@pytest.fixture
def database(server: SeededServer) -> Iterator[Database]:
    opened = Database.open(server.db_url)
    yield opened
    opened.dispose()


def _one_tile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every scan stored from now on gets :data:`TILE` for its hash (its checks and print its own):
    each scan then meets every other by one tile with no bit flipped — a tie the tiles cannot break,
    ranked by record id."""
    real = flags.scan_columns

    def planted(data: bytes) -> dict[str, Any]:
        return {**real(data), "scan_hash": TILE}

    monkeypatch.setattr(flags, "scan_columns", planted)


def _scans() -> list[bytes]:
    """Six strangers' pages, the original (another person's of the template), then a cropped,
    darkened, re-saved copy of it."""
    painter = ScanPainter()
    names = [*STRANGERS, "郑"]
    pages = [_certificate(painter, f"{s}伟", f"10487120160500{i:04d}") for i, s in enumerate(names)]
    w, h = pages[-1].size
    copy = ImageEnhance.Brightness(pages[-1].crop((30, 25, w - 12, h - 20))).enhance(0.85)
    return [_jpeg(page) for page in pages] + [_jpeg(copy.resize((900, 620)), 60)]


def _plant(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch, order: list[int]
) -> tuple[list[int], list[str]]:
    """:func:`_scans` on records in that order (the original's record after the strangers'), each
    stored with :data:`TILE`, uploaded in ``order`` (positions in :func:`_scans`). Returns the record
    ids and the shas (the copy's last)."""
    found = server.find_records(status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)
    ids = sorted(found[: len(STRANGERS) + 2])
    scans = _scans()
    _one_tile(monkeypatch)
    for n in order:
        resubmit(server, ids[n], [{"kind": "degree", "images": [image(scans[n])]}])
    return ids, [hashlib.sha256(data).hexdigest() for data in scans]


def _look_ups(database: Database) -> dict[int, flags.Hits]:
    """Every record's hits both ways, checked equal."""
    with database.read() as session:
        expected = _scan_by_scan(session)
        found = whole_database_hits(session)
    assert found == expected
    return found


def test_a_copy_tied_on_tiles_behind_strangers_is_compared_with_its_original(
    server: SeededServer,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """By tiles alone the copy's original is 7th of 7 tied candidates (its record last): not among the
    4 compared. With the second stage both look-ups compare the original (the nearest print) and the
    three nearest strangers; the copy and the original are flagged with each other as they are
    stored — what a fresh re-flag gives (``reflag --full`` changes nothing) — and no stranger's page
    (same template, another person) with anyone."""
    from reviewdesk.server import cli

    ids, shas = _plant(server, monkeypatch, list(range(len(STRANGERS) + 2)))
    copy, original, strangers = ids[-1], ids[-2], ids[:-2]
    with database.read() as session:
        prints = {sha: scan_nearness.print_blocks(data) for sha, data in _prints(session, shas).items()}
    mine = prints[shas[-1]]
    assert mine is not None
    nearest = sorted(shas[:-1], key=lambda sha: scan_nearness.block_distance(mine, prints[sha]))
    assert nearest[0] == shas[-2]  # the case: the original is the nearest print

    with monkeypatch.context() as without:
        without.setattr(flags, "TILE_CANDIDATES", flags.MAX_CONFIRMED)  # tiles only: the stage keeps all
        found = _look_ups(database)
        assert found[copy].candidates[shas[-1]] == list(zip(strangers[:4], shas[:4], strict=True))

    found = _look_ups(database)
    assert found[copy].candidates[shas[-1]] == [(ids[shas.index(sha)], sha) for sha in nearest[:4]]

    names = {rid: server.snapshot(rid)["name"] for rid in (original, copy)}
    (to_original,) = _reused(_cached(database, copy))
    (to_copy,) = _reused(_cached(database, original))
    assert names[original] in to_original and names[copy] in to_copy
    for stranger in strangers:
        assert "scan_reused" not in codes(_cached(database, stranger))
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir), "--jobs", "1", "--full"]
    assert cli.main(reflag) == 0
    assert capsys.readouterr().out.splitlines()[0] == NOTHING_CHANGED


def test_stored_last_the_original_is_judged_with_the_copy_as_a_rebuild_judges_it(
    server: SeededServer,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The copy stored first, the strangers, then the original: the copy's ranking now holds the
    original behind six strangers by tiles and nearest by print — judged at store time
    (``peers._judge_around``: among the copy's first by tiles, fewer than 4 ahead of it as near), so
    both records are flagged as they are sent and a fresh re-flag changes no record."""
    from reviewdesk.server import cli

    last = len(STRANGERS) + 1
    ids, _ = _plant(server, monkeypatch, [last, *range(len(STRANGERS)), last - 1])
    copy, original = ids[-1], ids[-2]
    names = {rid: server.snapshot(rid)["name"] for rid in (original, copy)}
    (to_original,) = _reused(_cached(database, copy))
    (to_copy,) = _reused(_cached(database, original))
    assert names[original] in to_original and names[copy] in to_copy
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir), "--jobs", "1", "--full"]
    assert cli.main(reflag) == 0
    assert capsys.readouterr().out.splitlines()[0] == NOTHING_CHANGED


def _prints(session: Any, shas: list[str]) -> dict[str, bytes]:
    rows = session.execute(select(Blob.sha256, Blob.scan_print).where(Blob.sha256.in_(shas)))
    return {sha: bytes(data) for sha, data in rows}


def _cached(database: Database, record_id: int) -> dict[str, Any]:
    """The snapshot a workstation is sent: the record's cached one."""
    with database.read() as session:
        data = session.scalar(select(SnapshotCache.snapshot).where(SnapshotCache.record_id == record_id))
    return orjson.loads(data)


def _reused(snapshot: dict[str, Any]) -> list[str]:
    return [f["message"] for f in snapshot["flags"] if f["code"] == "scan_reused"]
