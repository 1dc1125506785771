"""The whole-database look-up a re-flag uses (``server.flag_index``) against the scan-by-scan one a
change uses (``flags._lookup_hits``): the same hits for every record, so the same flags — on a seeded
server's database (the demo's drawn scans and planted reuse) with more planted on purpose: a reused
page, the same file on two candidates, a duplicate number, people's certificates of one template
(near misses: tiles in common, not one scan) and a cropped copy of one of them. Run on SQLite and, by
``scripts/with_postgres.sh``, on PostgreSQL."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from typing import Any

import numpy as np
import orjson
import pytest
from PIL import Image, ImageEnhance
from sqlalchemy import func, select, update
from tests.server.test_server_flags import codes, image, resubmit

from reviewdesk.domain import precheck, scan_checks
from reviewdesk.domain.enums import MaterialKind, Tier
from reviewdesk.server import flag_keys, flags, scan_tiles, snapshot_cache
from reviewdesk.server.db import Database
from reviewdesk.server.demo import planted_scans as demo_scans
from reviewdesk.server.demo.scans import PERSONAL_KINDS, ScanPainter, certificate_lines
from reviewdesk.server.flag_index import whole_database_hits
from reviewdesk.server.models import Blob, FlagKey, Record, ScanTile, SnapshotCache
from reviewdesk.server.records import build_snapshots, material_rows
from reviewdesk.server.testing import SeededServer

PEOPLE = [("张伟", "104871201605001234"), ("李强", "104871201605007788"), ("王芳", "104871201605003456"),
          ("刘洋", "104871201605009012"), ("陈静", "104871201605005678")]  # fmt: skip


def _jpeg(picture: Image.Image, quality: int = 80) -> bytes:
    out = io.BytesIO()
    picture.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def _certificate(painter: ScanPainter, name: str, number: str) -> Image.Image:
    fields = {"入学时间": "2012-09-01", "毕业时间": "2016-07-01", "所学专业": "临床医学", "学制": "四年",
              "学历层级": "本科", "毕业学校": "湖北医药学院", "毕业证号": number}  # fmt: skip
    lines = certificate_lines(MaterialKind.EDUCATION, name, "male", date(1993, 5, 4), fields)
    return painter.page(PERSONAL_KINDS[MaterialKind.EDUCATION], lines)


def _plant(server: SeededServer) -> dict[str, int]:
    """Upload the cases above; returns who holds what."""
    ids = server.find_records(status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)[:11]  # any unit's
    assert len(ids) == 11
    painter = ScanPainter()
    pages = [_certificate(painter, name, number) for name, number in PEOPLE]
    for record_id, page in zip(ids, pages, strict=False):
        resubmit(server, record_id, [{"kind": "degree", "images": [image(_jpeg(page))]}])
    w, h = pages[0].size
    copy = ImageEnhance.Brightness(pages[0].crop((30, 25, w - 12, h - 20))).enhance(0.85)
    resubmit(server, ids[5], [{"kind": "degree", "images": [image(_jpeg(copy.resize((900, 620)), 60))]}])
    resubmit(server, ids[6], [{"kind": "degree", "images": [image(demo_scans.planted_scan("clean", 61))]}])
    resubmit(server, ids[7], [{"kind": "degree", "images": [image(demo_scans.reused_copy(61))]}])
    same_file = demo_scans.planted_scan("clean", 62)
    for record_id in ids[8:10]:
        resubmit(server, record_id, [{"kind": "degree", "images": [image(same_file)]}])
    number = server.snapshot(ids[0])["materials"][0]["fields"]["毕业证号"]
    resubmit(server, ids[10], [{"kind": "education", "fields": {"毕业证号": number}}])
    return {"flatbed": ids[0], "near": ids[1], "copy": ids[5], "original": ids[6], "reused": ids[7],
            "same_file": ids[8], "number": ids[10]}  # fmt: skip


def _scan_by_scan(session: Any) -> dict[int, flags.Hits]:
    """Every record's hits as a change finds them (its keys looked up in ``flag_keys``)."""
    ids = list(session.execute(select(Record.id).order_by(Record.id)).scalars())
    materials = material_rows(session, ids)
    snapshots = [{"id": rid, "materials": materials.get(rid, [])} for rid in ids]
    blobs = flag_keys.blob_rows(session, flag_keys.image_shas(snapshots))
    found = flags._lookup_hits(session, snapshots, blobs)
    return {rid: hits for rid, hits in found.items() if hits != flags.Hits()}


@pytest.mark.parametrize("shared_band", [flag_keys.MAX_SHARED_BAND, 3])
def test_the_whole_database_look_up_finds_what_each_scan_looks_up(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch, shared_band: int
) -> None:
    """Every record's hits (numbers, exact files, each scan's ranked candidates) are the same both
    ways. At the server's threshold and at 3 records (most template tiles then common: the rule that
    a common tile asks nothing and a common probe is not asked is exercised on many tiles)."""
    who = _plant(server)
    monkeypatch.setattr(flag_keys, "MAX_SHARED_BAND", shared_band)
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            expected = _scan_by_scan(session)
            found = whole_database_hits(session)
            counts = session.execute(
                select(func.count()).select_from(ScanTile).group_by(ScanTile.tile)
            ).scalars()
            common = sum(count > shared_band for count in counts)
    finally:
        database.dispose()
    assert found == expected
    # common tiles, skipped both ways: a few of the demo's on more than 20 records (48-bit tiles tell its
    # photographed pages apart), most of the template's on more than 3
    assert common >= (3 if shared_band == flag_keys.MAX_SHARED_BAND else 100)
    assert who["number"] in found and found[who["number"]].numbers
    assert found[who["same_file"]].exact
    candidates = {rid: [r for c in hits.candidates.values() for r, _ in c] for rid, hits in found.items()}
    assert who["original"] in candidates[who["reused"]]
    assert who["flatbed"] in candidates[who["copy"]]
    assert who["flatbed"] in candidates[who["near"]] or who["near"] in candidates[who["flatbed"]]
    assert sum(len(c) for hits in found.values() for c in hits.candidates.values()) > 20


def _plant_tie(server: SeededServer, ids: list[int]) -> list[str]:
    """Six scans of their own (real images), their hashes then set to one tile each: the first's, and
    five that meet it — four with two of its uncertain bits the other way, the last with none — so
    that among candidates of one shared tile the bits decide which four are compared. Returns the shas."""
    shas = []
    for n, record_id in enumerate(ids):
        data = demo_scans.planted_scan("clean", 70 + n, width=900)
        resubmit(server, record_id, [{"kind": "degree", "images": [image(data)]}])
        shas.append(hashlib.sha256(data).hexdigest())
    tag, bits, uncertain = "0.0.0", 0x5A5A5A5A5A5A, bytes(range(6)).hex()  # cells 0–5: bits 47–42
    flipped = [0b11, 0b101, 0b110, 0b11000, 0]  # of those cells; the last (highest id) flips none
    tiles = [bits] + [bits ^ sum(1 << (47 - c) for c in range(6) if mask >> c & 1) for mask in flipped]
    database = Database.open(server.db_url)
    try:
        with database.write() as session:
            for sha, value in zip(shas, tiles, strict=True):
                text = f"{scan_checks.HASH_FORMAT}:{tag}:{value:012x}:{uncertain}"
                session.execute(update(Blob).where(Blob.sha256 == sha).values(scan_hash=text))
            flag_keys.update_keys_of(session, ids)
    finally:
        database.dispose()
    return shas


def test_of_as_many_shared_tiles_the_fewest_flipped_bits_rank_first(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both look-ups rank candidates that share as many tiles by how many bits their probes flipped
    (fewest first), then by record id: five scans each meet one tile of a sixth's — four of them with
    two of its uncertain bits the other way, the one with the highest record id with none — and only
    four are compared. Ranked by record id alone it would have been left out. (The tiles' order
    alone: the first ``MAX_CONFIRMED`` kept as ranked; the second stage by print, which would pick
    among them, is ``test_server_nearest_candidates``'.)"""
    monkeypatch.setattr(flags, "TILE_CANDIDATES", flags.MAX_CONFIRMED)
    ids = sorted(server.find_records(status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)[:6])
    assert len(ids) == 6
    shas = _plant_tie(server, ids)
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            expected = _scan_by_scan(session)
            found = whole_database_hits(session)
    finally:
        database.dispose()
    assert found == expected
    # the one with none flipped, then three of the four with two, by record id
    assert found[ids[0]].candidates[shas[0]] == [(ids[5], shas[5]), *zip(ids[1:4], shas[1:4], strict=True)]


def test_reflag_gives_the_flags_a_change_gives(server: SeededServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """``reflag_all`` (whole-database look-up) after a rule change: every record's cached snapshot is
    what a fresh build (scan-by-scan look-up) gives; the planted reuse is flagged, the near miss not."""
    who = _plant(server)
    monkeypatch.setattr(precheck, "FLAGS_VERSION", precheck.FLAGS_VERSION + 1)
    database = Database.open(server.db_url)
    try:
        flags.reflag_all(database, server.blob_dir, batch=200)
        with database.read() as session:
            records = list(session.scalars(select(Record).order_by(Record.id)))
            fresh = {snap["id"]: snap for snap in build_snapshots(session, records, "")}
            cached = {
                rid: data
                for rid, data in session.execute(select(SnapshotCache.record_id, SnapshotCache.snapshot))
            }
    finally:
        database.dispose()
    for record_id, snapshot in fresh.items():
        assert orjson.loads(cached[record_id]) == orjson.loads(snapshot_cache.encode_record(snapshot))
    for key in ("copy", "original", "reused", "same_file"):
        assert "scan_reused" in codes(fresh[who[key]]), key
    (reused,) = [f for f in fresh[who["copy"]]["flags"] if f["code"] == "scan_reused"]
    assert fresh[who["flatbed"]]["name"] in reused["message"]
    assert "scan_reused" not in codes(fresh[who["near"]])
    assert "number_duplicate" in codes(fresh[who["number"]])
    assert (
        sum("scan_reused" in codes(s) for s in fresh.values()) > 6
    )  # the 5 above and the demo's planted reuse


def _tiles_of(hashes: dict[str, str], parts: int = 1) -> Any:
    """``flag_index._Tiles`` read from an SQLite file holding these blobs' hashes (sha → hash)."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine, insert
    from sqlalchemy.orm import Session

    from reviewdesk.server.flag_index import _Tiles
    from reviewdesk.server.models import Blob

    engine = create_engine("sqlite://")
    Blob.__table__.create(engine)
    at = datetime.now(UTC)
    with Session(engine) as session:
        rows = [{"sha256": sha, "size": 1, "mime": "image/jpeg", "created_at": at, "scan_hash": text}
                for sha, text in hashes.items()]  # fmt: skip
        session.execute(insert(Blob), rows)
        return _Tiles(session, hashes, parts)


def test_the_tiles_read_at_once_are_the_keys_scan_checks_reads() -> None:
    """The whole-database look-up reads every hash's tiles in one pass (not key by key): the same
    positions, bits and uncertain cells as ``scan_checks.hash_parts`` gives, as the integers
    ``scan_tiles`` stores (one numbering: a key is asked of ``scan_tiles`` as read) — a key that is
    not of three parts skipped, a hash of an older format giving no tiles — and a tile of another size
    or a position that numbering cannot hold refused. In parts, every tile is in exactly one part and
    a position's tiles all in the same one: what a probe meets (its own position's keys) and whether a
    key is common (its own rows) are then decided within one part, so the parts find what one pass
    finds (``test_the_look_up_in_parts_finds_what_one_pass_finds``)."""
    from reviewdesk.server.flag_index import TILE_BITS, _flips, part_of

    tag = f"{scan_checks.HASH_FORMAT}:"
    page = scan_checks.check_scan(demo_scans.planted_scan("clean", 81)).hash
    hashes = {
        "a": tag + "0.1.2:800000000001:0001022d2e2f 1.0.0:ffffff000000:000102030405",
        "b": tag + "0.1.2:800000000001:0001022d2e2f odd:key 1.3.3:000000000002:2f2e2d2c2b2a",
        "c": "3:0.1.2:80000001:00011e1f",
        "d": "",
        "e": page,
    }
    tiles = _tiles_of(hashes)
    keys, owner, uncertain = tiles.part(0)
    expected = [(sha, tile) for sha in "abcde" for tile in scan_tiles.stored_tiles(hashes[sha])]
    assert [int(key) for key in keys] == [tile for _, tile in expected]  # scan_tiles' integers, in order
    assert [int(n) for n in owner] == [tiles.index[sha] for sha, _ in expected]  # c, d: none
    assert [int(n) for n in owner[:4]] == [tiles.index["a"]] * 2 + [tiles.index["b"]] * 2
    assert int(keys[0]) == (0 << 12 | 1 << 6 | 2) << TILE_BITS | 0x800000000001
    # the uncertain cells as bit numbers from the lowest (cell 0 is bit 47): what probe_keys flips
    assert (
        _flips(uncertain[1:2]).shape
        == (1, len(scan_checks.probe_masks(scan_checks.KEY_PROBE_BITS)))
        == (1, 1 + 6 + 15 + 4)  # none, one, two, three of the four least certain
    )
    assert sorted(int(p) for p in uncertain[0]) == [0, 1, 2, 45, 46, 47]
    assert sorted(int(p) for p in uncertain[3]) == [0, 1, 2, 3, 4, 5]  # cells 42–47
    with _tiles_of(hashes, parts=4) as split:
        parts = [split.part(n) for n in range(4)]
    whole = sorted(zip(keys.tolist(), owner.tolist(), map(bytes, uncertain), strict=True))
    assert sorted(
        (k, o, bytes(u)) for part_keys, part_owner, part_uncertain in parts
        for k, o, u in zip(part_keys.tolist(), part_owner.tolist(), part_uncertain, strict=True)
    ) == whole  # fmt: skip
    holding = {}  # position → the parts holding its tiles
    for number, (part_keys, _, _) in enumerate(parts):
        assert [int(n) for n in part_of(part_keys >> TILE_BITS, 4)] == [number] * part_keys.size
        for position in {int(k) >> TILE_BITS for k in part_keys}:
            holding.setdefault(position, set()).add(number)
    assert all(len(numbers) == 1 for numbers in holding.values()) and len(holding) > 400
    for bad in ({"f": tag + "0.1.2:80000001:00011e1f"}, {"g": tag + "0.64.2:800000000001:000102030405"}):
        with pytest.raises(ValueError, match=r"not this look-up's|does not fit"):
            _tiles_of(bad)


def test_the_parts_share_the_positions_evenly() -> None:
    """However many parts the look-up is split into, each holds about its share of a real page's
    tiles — none empty. What a part costs in memory is its tiles (``PART_SCANS`` is sized on that), so
    a part holding two shares would take twice the memory measured. ``scan_tiles`` numbers positions
    ``grid << 12 | row << 6 | column`` (fixed, sparse: columns 0–10), so ``position mod parts`` would
    be ``column mod parts`` for a power of two: with 16 parts, five or more empty."""
    from reviewdesk.server.flag_index import TILE_BITS, part_of

    pages = [scan_checks.check_scan(demo_scans.planted_scan("clean", 81 + n)).hash for n in range(4)]
    positions = np.array([tile >> TILE_BITS for page in pages for tile in scan_tiles.stored_tiles(page)])
    assert positions.size > 2000
    for parts in (2, 3, 4, 8, 13, 16, 30, 32):
        share = positions.size / parts
        held = np.bincount(part_of(positions, parts), minlength=parts)
        assert held.size == parts and 0.5 * share <= held.min() <= held.max() <= 1.5 * share, (parts, held)
    assert np.count_nonzero(np.bincount(positions % 16, minlength=16) == 0) >= 5  # what mixing avoids


def test_a_part_of_the_database_is_found_as_the_whole_finds_it(server: SeededServer) -> None:
    """What a change's peers are re-flagged and judged from (``server.peers``): the numbers and exact
    files of a few records (``hits_of_records``) are what the whole-database look-up without tiles
    finds for them; every scan ranked among all scans by ``part_candidates`` (common keys counted in
    the database) is ranked as the whole-database look-up ranks it, and among a part of them a
    scan's candidates are those of the whole that the part holds, in the same order, or others after
    them (a part can only move a scan up)."""
    from reviewdesk.server.flag_index import hits_of_records, part_candidates

    who = _plant(server)
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            whole = whole_database_hits(session, tiles=False)
            chosen = sorted({who["number"], who["same_file"], who["flatbed"], who["near"], 1, 2})
            part = hits_of_records(session, chosen)
            found = whole_database_hits(session)
            scans = {(rid, sha) for rid, sha in session.execute(
                select(FlagKey.record_id, FlagKey.sha256).where(FlagKey.key.like("x:%")))}  # fmt: skip
            every = part_candidates(session, scans, flags.TILE_CANDIDATES)
            nearest = flags.nearest_candidates(session, [(sha, best) for (_, sha), best in every.items()])
            some = {scan for scan in scans if scan[0] % 3}
            among = part_candidates(session, some, flags.TILE_CANDIDATES + 2)
    finally:
        database.dispose()
    assert {rid: hits for rid, hits in part.items() if hits != flags.Hits()} == {
        rid: whole[rid] for rid in chosen if rid in whole
    }
    assert part[who["number"]].numbers and part[who["same_file"]].exact
    # by tiles as the whole ranks them, then the same second stage: the whole's candidates
    assert {scan: kept for scan, kept in zip(every, nearest, strict=True) if kept} == {
        (rid, sha): best for rid, hits in found.items() for sha, best in hits.candidates.items()
    }
    checked = 0
    for scan, best in among.items():
        kept = [c for c in every.get(scan, []) if c in some]
        assert best[: len(kept)] == kept
        checked += bool(kept)
    assert checked > 10


def test_the_look_up_in_parts_finds_what_one_pass_finds(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole-database look-up splits the tiles by position into parts of ``PART_SCANS`` scans'
    worth, matches each part alone, puts each part's pairs met aside (on disk) and sums and ranks
    them a group of askers at a time (the memory of one part and of one group's pairs, not of every
    row or pair): with parts of one scan's worth (dozens of parts, each of a few positions) and groups
    of one asker (dozens of groups) it finds exactly what one part and one group find and what each
    scan's own look-up finds — on the demo's scans, the cases planted above, a tie the flipped bits
    decide and, at 3 records, many common keys — and so does the look-up of a part of the database
    (``part_candidates``). Each scan's first 32 by tiles, in order, are the same both ways too. (By
    tiles alone, the first ``MAX_CONFIRMED`` kept as ranked: the second stage by print is the same
    function on what they find, ``test_server_nearest_candidates``.)"""
    from reviewdesk.server import flag_index

    monkeypatch.setattr(flags, "TILE_CANDIDATES", flags.MAX_CONFIRMED)

    who = _plant(server)
    ids = sorted(server.find_records(status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT))
    tie = [rid for rid in ids if rid not in who.values()][-6:]
    tie_shas = _plant_tie(server, tie)
    monkeypatch.setattr(flag_keys, "MAX_SHARED_BAND", 3)
    used: list[int] = []

    class Tiles(flag_index._Tiles):  # how many parts each look-up was split into
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            used.append(self.parts)

    groups: list[tuple[bool, int]] = []  # per look-up: its pairs on disk?, groups of askers ranked

    class Votes(flag_index._Votes):
        def ranked(self, top: int) -> Any:
            groups.append((self._spool._file is not None, 0))
            yield from super().ranked(top)

        def _group(self, records: Any, top: int) -> Any:
            groups[-1] = (groups[-1][0], groups[-1][1] + 1)
            yield from super()._group(records, top)

    monkeypatch.setattr(flag_index, "_Tiles", Tiles)
    monkeypatch.setattr(flag_index, "_Votes", Votes)
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            expected = _scan_by_scan(session)
            scans = {(rid, sha) for rid, sha in session.execute(
                select(FlagKey.record_id, FlagKey.sha256).where(FlagKey.key.like("x:%")))}  # fmt: skip
            persons = {rid: number for rid, number in session.execute(select(Record.id, Record.id_number))}
            some = {scan for scan in scans if scan[0] % 3}
            found, among, first = {}, {}, {}
            for part_scans, block, group in ((10**9, 10**9, 10**12), (1, 1, 1)):
                monkeypatch.setattr(flag_index, "PART_SCANS", part_scans)
                monkeypatch.setattr(flag_index, "BLOCK_SCANS", block)  # askers in a block
                monkeypatch.setattr(flag_index, "GROUP_PAIRS", group)  # 1: each group one block
                found[part_scans] = whole_database_hits(session)
                among[part_scans] = flag_index.part_candidates(session, some, flags.MAX_CONFIRMED + 2)
                first[part_scans] = list(flag_index._tile_candidates(session, sorted(scans), persons, top=32))
    finally:
        database.dispose()
    assert used[:3] == [1, 1, 1] and min(used[3:]) > 30  # one part, then one per distinct scan
    assert [on_disk for on_disk, _ in groups] == [False] * 3 + [True] * 3
    assert max(n for _, n in groups[:3]) == 1 and min(n for _, n in groups[3:]) > 30, groups
    assert found[1] == found[10**9] == expected
    assert among[1] == among[10**9]
    assert first[1] == first[10**9] and sum(len(best) > flags.MAX_CONFIRMED for _, _, best in first[1]) > 10
    assert sum(bool(best) for best in among[1].values()) > 10
    # the tie: the one with none flipped first, then three of the four with two, by record id
    assert found[1][tie[0]].candidates[tie_shas[0]] == [
        (tie[5], tie_shas[5]),
        *zip(tie[1:4], tie_shas[1:4], strict=True),
    ]
    candidates = {rid: [r for c in hits.candidates.values() for r, _ in c] for rid, hits in found[1].items()}
    assert who["original"] in candidates[who["reused"]] and who["flatbed"] in candidates[who["copy"]]
