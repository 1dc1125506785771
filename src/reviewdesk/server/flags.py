"""预审提示 on the server: where the bytes and the whole database are.

Why here: the record rules run in ``domain.precheck`` on both sides, but two kinds of flag need what
only the server has — the scans' bytes (checked once when a scan is stored, :func:`check_blob`, kept
on its ``blobs`` row, so every tier sees the same) and every candidate (the same scan or certificate
number on two candidates, looked up through ``flag_keys`` and ``scan_tiles``, :func:`update_keys`).

Flags are part of the RecordSnapshot (``"flags"``, ``"flags_version"``), added by
``records.build_snapshots`` (:func:`add_flags`), so the snapshot cache carries them and a record's
flags are recomputed at every change of it. A change that makes or breaks a match on *another*
record re-flags that one too (``server.peers``: ``store_keys``, ``sharing``, ``reflag_peers``, by every writer that
changes materials), and
``reviewdesk-server reflag`` (:func:`reflag_all`) re-flags everything after a rule change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session

from reviewdesk.domain import precheck, scan_checks, scan_nearness
from reviewdesk.domain.catalogue import Catalogue, load_catalogue
from reviewdesk.server import scan_tiles, scan_verdicts
from reviewdesk.server.blobstore import blob_path
from reviewdesk.server.models import Blob, FlagKey, Record, ScanTile
from reviewdesk.server.project import project_in

KEYS = FlagKey.__table__
TILES = ScanTile.__table__
#: A key of the cross-candidate checks: ``n:``/``x:`` text (``flag_keys``) or a scan's tile as an
#: integer (``scan_tiles``, :mod:`reviewdesk.server.scan_tiles`).
Key = str | int
#: A tile on more records than this is a template's, not a scan's (see :func:`_common_tiles`).
MAX_SHARED_BAND = 20
#: A scan's prints are compared with those of at most MAX_CONFIRMED other scans: of those sharing most
#: of its tiles, the nearest by print (:func:`nearest_candidates`). A comparison costs ~5–8 ms, and in
#: a database of one template hundreds of scans share a tile or two — one upload compared 399 pairs,
#: 12 s, before this.
MAX_CONFIRMED = 4
#: How many candidates the tiles pick (:func:`ranked`) for :func:`nearest_candidates` to keep the
#: :data:`MAX_CONFIRMED` nearest by print of. Why: at 10^5 scans a copy often meets its original by one
#: tile, tied with other people's pages of the template sharing one tile by chance, and the original then
#: ranked below the compared ones; ordered again by how near their prints are
#: (``scan_nearness.block_distance``), every such original met among the first 32 was among the 4
#: compared (measured with ``benchmarks/reuse_bench.py --rerank``: 8 and 16 left some behind, 64 found
#: none more; docs/PERFORMANCE.md). Reading and ordering 33 prints costs a look-up ~7.5 ms of CPU, about
#: one comparison's worth (SQLite, measured by that benchmark).
TILE_CANDIDATES = 32
#: The version of the look-up — which pairs of scans are compared (:func:`ranked`,
#: :func:`nearest_candidates`, :data:`MAX_CONFIRMED`) — apart from the scan checks'
#: (``scan_checks.SCAN_CHECKS_VERSION``: what a scan's hash and print are, and what a verdict was reached
#: under). A change here alters no verdict (a fact about two files) and no stored row, but which pairs
#: are judged: ``reviewdesk-server reflag`` then looks every scan up again (``server_meta.lookup_version``)
#: without checking one scan again. 1: tiles, then bits flipped (scan checks 5); 2: the second stage by
#: print among the first :data:`TILE_CANDIDATES`.
LOOKUP_VERSION = 2


@lru_cache(maxsize=1)
def _catalogue() -> Catalogue:
    return load_catalogue()


def today_in_china() -> date:
    """Dates are judged in China Standard Time (the records' own calendar)."""
    return datetime.now(timezone(timedelta(hours=8))).date()


# -- scans -----------------------------------------------------------------------------------------
def scan_columns(data: bytes) -> dict[str, Any]:
    """The ``blobs`` columns for one scan's bytes."""
    report = scan_checks.check_scan(data)
    return {
        "scan_version": scan_checks.SCAN_CHECKS_VERSION,
        "scan_flags": [[f.code, f.message] for f in report.findings],
        "scan_hash": report.hash or None,
        "scan_print": report.print or None,
    }


def check_blob(connection: Session | Connection, sha256: str, data: bytes) -> None:
    """Check a scan just stored and keep what was found on its row (idempotent: same bytes, same row)."""
    connection.execute(update(Blob).where(Blob.sha256 == sha256).values(**scan_columns(data)))


def _stale_scans(connection: Session | Connection, limit: int) -> list[str]:
    """Up to ``limit`` scans not checked under the current ``scan_checks.SCAN_CHECKS_VERSION``."""
    current = scan_checks.SCAN_CHECKS_VERSION
    query = select(Blob.sha256).where(Blob.scan_version.is_(None) | (Blob.scan_version != current))
    return list(connection.execute(query.order_by(Blob.sha256).limit(limit)).scalars())


def _columns_of_file(path: Path) -> dict[str, Any]:
    """:func:`scan_columns` of a stored file (missing: not an image) — a worker process's task."""
    return scan_columns(path.read_bytes() if path.is_file() else b"")


def recheck_blobs(db: Any, blob_dir: Path, batch: int = 200, jobs: int = 1) -> int:
    """Check every scan not yet checked under the current image checks (``scan_checks.SCAN_CHECKS_VERSION``)
    and return how many. A record-rule change (``precheck.FLAGS_VERSION``) checks none.

    Why in batches, each its own transaction: after a scan-checks change this decodes every stored scan
    (~30 ms each: most of an hour for 10^5 scans, docs/PERFORMANCE.md), so an interrupted run keeps
    what it did and the next ``reflag`` resumes with the scans still stale. ``jobs`` > 1: the checks run
    in that many worker processes (they are CPU-bound and independent); this process only writes."""
    pool = None
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(jobs)
    count = 0
    try:
        while True:
            with db.read() as session:
                stale = _stale_scans(session, batch)
            if not stale:
                return count
            paths = [blob_path(blob_dir, sha) for sha in stale]
            found = list(pool.map(_columns_of_file, paths) if pool else map(_columns_of_file, paths))
            with db.write() as session:  # under the version this process found them stale against
                current = {"scan_version": scan_checks.SCAN_CHECKS_VERSION}
                for sha, columns in zip(stale, found, strict=True):
                    session.execute(update(Blob).where(Blob.sha256 == sha).values({**columns, **current}))
            count += len(stale)
    finally:
        if pool is not None:
            pool.shutdown()


# -- keys for cross-candidate checks ----------------------------------------------------------------
def _keys_of(
    snapshot: Mapping[str, Any], blobs: Mapping[str, Any], probes: set[int] | None = None
) -> list[tuple[Key, str]]:
    """A record's keys, each with its scan's sha: ``n:`` its certificate numbers, ``x:`` the exact
    files of its scans and, as integers, the tiles of their prints (``scan_tiles``; shared samples
    have none) — as stored, or with ``probes`` (the common tiles, see :func:`_lookup_keys`) as looked
    up: each tile also with its least certain bits the other way (``scan_tiles.probe_tiles``), but
    for the common ones."""
    if probes is None:
        tiles = scan_tiles.stored_tiles
    else:
        skip = probes

        def tiles(text: str) -> list[int]:
            return scan_tiles.probe_tiles(text, skip)

    keys: list[tuple[Key, str]] = [
        (f"n:{kind}:{field}:{number}", "") for kind, field, number in precheck.unique_numbers(snapshot)
    ]
    for material in snapshot.get("materials") or ():
        for image in material.get("images") or ():
            sha = image["sha256"]
            blob = blobs.get(sha)
            if blob is None or blob.sample:
                continue
            keys.append((f"x:{sha}", sha))
            keys += [(tile, sha) for tile in tiles(blob.scan_hash or "")]
    return list(dict.fromkeys(keys))


class LookupKeys(NamedTuple):
    """:func:`_lookup_keys`' answer: each record's keys as it looks others up, and what it learnt on
    the way — the stored tiles it asked :func:`_common_tiles` about (``asked``) and which of them are
    common — so that the caller, asking about its probes, does not ask about those again."""

    keys: dict[int, list[tuple[Key, str]]]
    asked: set[int]
    common: set[int]


def _lookup_keys(
    connection: Session | Connection, snapshots: Sequence[Mapping[str, Any]], blobs: Mapping[str, Any]
) -> LookupKeys:
    """Each record's keys as it looks others up (:func:`_keys_of` with probes). The tiles whose stored
    key is common already (a template's frame and heading: most of a page) are not probed: a lookup
    then asks for ~3× fewer keys (docs/PERFORMANCE.md)."""
    stored = {int(s["id"]): _keys_of(s, blobs) for s in snapshots}
    asked = {k for keys in stored.values() for k, _ in keys if isinstance(k, int)}
    common = _common_tiles(connection, asked)
    keys = {int(s["id"]): _keys_of(s, blobs, probes=common) for s in snapshots}
    return LookupKeys(keys, asked, common)


def _blob_rows(connection: Session | Connection, shas: Iterable[str], hashes: bool = True) -> dict[str, Any]:
    """The ``blobs`` rows of these scans (``hashes=False``: without ``scan_hash``, ~3 KB a scan, which
    only making or looking up keys needs — not flags made from a re-flag's whole-database hits)."""
    columns = [Blob.sha256, Blob.sample, Blob.scan_flags, *([Blob.scan_hash] if hashes else [])]
    return {row.sha256: row for row in _rows_where_in(connection, columns, Blob.sha256, shas)}


def _image_shas(snapshots: Iterable[Mapping[str, Any]]) -> set[str]:
    return {i["sha256"] for s in snapshots for m in s.get("materials") or () for i in m.get("images") or ()}


def update_keys(
    connection: Session | Connection, snapshots: Sequence[Mapping[str, Any]], numbers_only: bool = False
) -> int:
    """Make the ``flag_keys`` and ``scan_tiles`` of these records what their snapshots hold now;
    returns how many rows were deleted or added. Only the difference is written: a re-flag of every
    record (``reviewdesk-server reflag``) mostly finds the keys unchanged, and reading them is cheaper
    than deleting and inserting them all again. ``numbers_only``: only the ``n:`` keys (what a
    record-rule change can alter; a scan's keys change only with its record's materials or its scan
    checks)."""
    if not snapshots:
        return 0
    ids = [int(s["id"]) for s in snapshots]
    blobs = {} if numbers_only else _blob_rows(connection, _image_shas(snapshots))
    wanted: set[tuple[int, str, str]] = set()
    tiles: dict[tuple[int, str], set[int]] = defaultdict(set)  # (record, sha) → its tiles
    for snapshot in snapshots:
        for key, sha in _keys_of(snapshot, blobs):
            if isinstance(key, int):
                tiles[(int(snapshot["id"]), sha)].add(key)
            else:
                wanted.add((int(snapshot["id"]), key, sha))
    kept: dict[tuple[int, str, str], int] = {}  # → the row's id
    stale: list[int] = []
    columns = [FlagKey.id, FlagKey.record_id, FlagKey.key, FlagKey.sha256]
    held = (FlagKey.key >= "n:", FlagKey.key < "n;") if numbers_only else ()  # ";" follows ":"
    for row in _rows_where_in(connection, columns, FlagKey.record_id, ids, *held):
        triple = (row.record_id, row.key, row.sha256)
        if triple in wanted and triple not in kept:
            kept[triple] = row.id
        elif not numbers_only or row.key.startswith("n:"):
            stale.append(row.id)
    changed = 0
    for start in range(0, len(stale), 900):  # a scan's tiles first, whether or not the FK cascades
        chunk = stale[start : start + 900]
        changed += connection.execute(delete(ScanTile).where(ScanTile.scan.in_(chunk))).rowcount
        connection.execute(delete(FlagKey).where(FlagKey.id.in_(chunk)))
    rows = [{"record_id": rid, "key": key, "sha256": sha} for rid, key, sha in sorted(wanted - kept.keys())]
    if rows:
        connection.execute(insert(KEYS), rows)
    if not numbers_only:
        changed += _update_tiles(
            connection,
            kept,
            {(r["record_id"], r["sha256"]) for r in rows if r["key"].startswith("x:")},
            tiles,
        )
    return changed + len(stale) + len(rows)


def _update_tiles(
    connection: Session | Connection,
    kept: Mapping[tuple[int, str, str], int],
    added: set[tuple[int, str]],
    tiles: Mapping[tuple[int, str], set[int]],
) -> int:
    """Make the ``scan_tiles`` of the scans whose ``x:`` rows were ``kept`` (→ their ids) or just
    ``added`` (record, sha) what ``tiles`` says; returns how many rows were deleted or added."""
    scans = {(rid, sha): row_id for (rid, key, sha), row_id in kept.items() if key.startswith("x:")}
    if added:
        columns = [FlagKey.id, FlagKey.record_id, FlagKey.sha256]
        ranged = (FlagKey.key >= "x:", FlagKey.key < "y")
        for row_id, rid, sha in _rows_where_in(
            connection, columns, FlagKey.record_id, {r for r, _ in added}, *ranged
        ):
            if (rid, sha) in added:
                scans[(rid, sha)] = row_id
    held: dict[int, set[int]] = defaultdict(set)
    for scan, tile in _rows_where_in(
        connection, [ScanTile.scan, ScanTile.tile], ScanTile.scan, set(scans.values())
    ):
        held[scan].add(tile)
    gone: list[dict[str, int]] = []
    new: list[dict[str, int]] = []
    for pair, scan in scans.items():
        want = tiles.get(pair, set())
        gone += [{"s": scan, "t": tile} for tile in sorted(held[scan] - want)]
        new += [{"tile": tile, "scan": scan} for tile in sorted(want - held[scan])]
    if gone:
        connection.execute(
            TILES.delete().where(TILES.c.scan == bindparam("s"), TILES.c.tile == bindparam("t")), gone
        )
    if new:
        connection.execute(insert(TILES), new)
    return len(gone) + len(new)


def _rows_where_in(
    connection: Session | Connection, columns: Sequence[Any], column: Any, values: Iterable[Any], *where: Any
) -> Iterator[Any]:
    """Rows of ``select(*columns) WHERE column IN values [AND where…]``, in chunks (bounded ``IN`` lists)."""
    wanted = sorted(set(values))
    query = select(*columns).where(*where)
    for start in range(0, len(wanted), 900):
        yield from connection.execute(query.where(column.in_(wanted[start : start + 900])))


def update_keys_of(
    connection: Session | Connection, record_ids: Sequence[int], numbers_only: bool = False
) -> int:
    """:func:`update_keys` for records as the database holds them (their materials and images only:
    what keys are made of), e.g. just inserted by the seed or all of them by :func:`reflag_all`."""
    from reviewdesk.server.records import material_rows

    materials = material_rows(connection, record_ids)
    snapshots = [{"id": rid, "materials": materials.get(rid, [])} for rid in record_ids]
    return update_keys(connection, snapshots, numbers_only)


def records_with_keys(connection: Session | Connection, keys: Iterable[Key]) -> set[int]:
    """The records holding any of these keys (text keys and tiles alike)."""
    wanted = set(keys)
    texts = {key for key in wanted if isinstance(key, str)}
    found = {row.record_id for row in _rows_where_in(connection, [FlagKey.record_id], FlagKey.key, texts)}
    return found | {record_id for _, record_id, _ in _tile_holders(connection, wanted - texts)}


def _tile_holders(connection: Session | Connection, tiles: Iterable[int]) -> Iterator[tuple[int, int, str]]:
    """(tile, record, sha) of every stored row of these tiles: the scan's ``x:`` row says whose."""
    columns = [ScanTile.tile, FlagKey.record_id, FlagKey.sha256]
    return _rows_where_in(connection, columns, ScanTile.tile, tiles, FlagKey.id == ScanTile.scan)


# -- flags on snapshots ------------------------------------------------------------------------------
def exam_year(connection: Session | Connection) -> int:
    """The year the rules count to: the project's as ``/v1/me`` reports it (``server.project``)."""
    return precheck.exam_year(project_in(connection).year, today_in_china())


def add_flags(
    connection: Session | Connection,
    snapshots: Sequence[dict[str, Any]],
    hits: Found | None = None,
) -> None:
    """Put ``"flags"`` (alerts first) and ``"flags_version"`` into each snapshot, in place (``hits``:
    the whole database's, found at once by a re-flag, instead of looking these records' keys up)."""
    if not snapshots:
        return
    year, today, catalogue = exam_year(connection), today_in_china(), _catalogue()
    blobs = _blob_rows(connection, _image_shas(snapshots), hashes=hits is None)
    matches = _matches(connection, snapshots, blobs, hits)
    for snapshot in snapshots:
        flags = precheck.record_flags(snapshot, exam_year=year, today=today, catalogue=catalogue)
        for material in snapshot.get("materials") or ():
            for image in material.get("images") or ():
                blob = blobs.get(image["sha256"])
                for code, message in (blob.scan_flags or []) if blob is not None else []:
                    flags.append(
                        precheck.scan_flag(code, message, material["kind"], image["sha256"], image["side"])
                    )
        flags += matches.get(int(snapshot["id"]), [])
        snapshot["flags"] = [f.to_dict() for f in precheck.sort_flags(flags)]
        snapshot["flags_version"] = precheck.FLAGS_VERSION


@dataclass
class Hits:
    """What one record's keys met among other candidates' (the same candidate left out): the records
    holding each of its certificate numbers (``n:`` key → ids), the records holding each of its scans'
    exact files (sha → ids) and, per scan, the other (record, scan) pairs sharing most of its tiles —
    the :data:`MAX_CONFIRMED` nearest by print of the :data:`TILE_CANDIDATES` :func:`ranked` picks
    (:func:`nearest_candidates`) — whose prints decide a reuse. Found scan by
    scan (:func:`_lookup_hits`, a change) or for the whole database at once (``server.flag_index``, a
    re-flag): the flags are made from them the same way either way (:func:`_match_flags`)."""

    numbers: dict[str, set[int]] = field(default_factory=dict)
    exact: dict[str, set[int]] = field(default_factory=dict)
    candidates: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


class Found(dict[int, Hits]):
    """Every record's :class:`Hits`, found for the whole database at once (``server.flag_index``), and
    the verdicts on the pairs of scans judged so far (``scan_verdicts.Pair`` → same): a re-flag judges
    every candidate pair first (``scan_verdicts.judge_all``) and its batches share them."""

    def __init__(self, hits: Mapping[int, Hits]) -> None:
        super().__init__(hits)
        self.judged: dict[tuple[str, str], bool] = {}


def ranked(votes: Mapping[tuple[int, str], tuple[int, int]], top: int | None = None) -> list[tuple[int, str]]:
    """The ``top`` (:data:`TILE_CANDIDATES` if None) (record, scan) pairs sharing most tiles — ``votes``: (tiles shared, bits flipped in
    all to meet them) — then, of as many tiles, the fewest bits flipped, then by record id and sha: an
    order both look-ups reach whatever order the database returned rows in (then
    :func:`nearest_candidates` keeps the :data:`MAX_CONFIRMED` compared).

    Why the flipped bits: at 10^5 scans a copy often meets its original by one or two tiles, tied with
    other people's pages that share as many by chance; a copy's tile meets its original's with 0–2 of
    its uncertain bits flipped, a stranger's more often with 2–4 (docs/PERFORMANCE.md "Reused scans at
    10^5 scans")."""
    order = sorted(votes.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
    return [pair for pair, _ in order[: TILE_CANDIDATES if top is None else top]]


#: Scans whose prints :func:`nearest_candidates` reads in one go (~5 KB each).
PRINT_CHUNK = 2000


def nearest_candidates(
    connection: Session | Connection, asked: Sequence[tuple[str, Sequence[tuple[int, str]]]]
) -> list[list[tuple[int, str]]]:
    """The look-up's second stage, both look-ups' (``_lookup_hits``, ``flag_index``): for each
    (scan, its candidates as :func:`ranked` ordered them — up to :data:`TILE_CANDIDATES`), the
    :data:`MAX_CONFIRMED` candidates whose prints are nearest the scan's (``blobs.scan_print``,
    ``scan_nearness.nearest``: of as near, the first by tiles), nearest first: those the prints then
    decide (``scan_verdicts``). Candidates no more than that are kept as ranked, and their prints
    not read. Prints are read a chunk of scans at a time (a re-flag asks for every scan)."""
    out: list[list[tuple[int, str]]] = [list(c[:MAX_CONFIRMED]) for _, c in asked]
    todo = [n for n, (_, candidates) in enumerate(asked) if len(candidates) > MAX_CONFIRMED]
    start = 0
    while start < len(todo):
        shas: set[str] = set()
        end = start
        while end < len(todo) and len(shas) < PRINT_CHUNK:
            sha, candidates = asked[todo[end]]
            shas |= {sha, *(other for _, other in candidates)}
            end += 1
        blocks = {
            sha: scan_nearness.print_blocks(data)
            for sha, data in scan_verdicts.prints(connection, shas).items()
        }
        for n in todo[start:end]:
            sha, candidates = asked[n]
            others = [blocks.get(other) for _, other in candidates]
            out[n] = [candidates[i] for i in scan_nearness.nearest(blocks.get(sha), others, MAX_CONFIRMED)]
        start = end
    return out


def _matches(
    connection: Session | Connection,
    snapshots: Sequence[Mapping[str, Any]],
    blobs: Mapping[str, Any],
    hits: Found | None = None,
) -> dict[int, list[precheck.PrecheckFlag]]:
    """Reused scans and duplicate numbers of these records against every other candidate's (``hits``:
    found beforehand for the whole database, else looked up here)."""
    ids = [int(s["id"]) for s in snapshots]
    found = (
        _lookup_hits(connection, snapshots, blobs) if hits is None else {i: hits[i] for i in ids if i in hits}
    )
    judge = scan_verdicts.Judge(connection, None if hits is None else hits.judged)
    judge.prepare((sha, other) for h in found.values() for sha, c in h.candidates.items() for _, other in c)
    mine = {sha for sha in _image_shas(snapshots) if sha in blobs and not blobs[sha].sample}
    same = scan_verdicts.same_of(connection, mine)
    holders = _holders(connection, {other for others in same.values() for other in others})
    peers = {
        peer
        for h in found.values()
        for peer in [*(i for s in h.numbers.values() for i in s), *(i for s in h.exact.values() for i in s),
                     *(i for c in h.candidates.values() for i, _ in c)]
    } | {i for held in holders.values() for i in held}  # fmt: skip
    people = _people(connection, peers | set(ids)) if peers else {}
    result: dict[int, list[precheck.PrecheckFlag]] = {}
    for snapshot in snapshots:
        record_id = int(snapshot["id"])
        me = people.get(record_id, ("", ""))[1]
        judged_same = {
            sha: {
                i
                for other in same[sha]
                for i in holders.get(other, ())
                if i != record_id and people[i][1] != me
            }
            for sha in _image_shas([snapshot]) & same.keys()
        }
        if record_id not in found and not any(judged_same.values()):
            continue
        flags = _match_flags(snapshot, found.get(record_id, Hits()), people, judge, judged_same)
        if flags:
            result[record_id] = flags
    return result


def _holders(connection: Session | Connection, shas: Iterable[str]) -> dict[str, set[int]]:
    """The records that hold each of these scans now (their ``x:`` keys; shared samples hold none)."""
    out: dict[str, set[int]] = {}
    keys = [f"x:{sha}" for sha in shas]
    for key, record_id in _rows_where_in(connection, [FlagKey.key, FlagKey.record_id], FlagKey.key, keys):
        out.setdefault(key[2:], set()).add(record_id)
    return out


def _lookup_hits(
    connection: Session | Connection, snapshots: Sequence[Mapping[str, Any]], blobs: Mapping[str, Any]
) -> dict[int, Hits]:
    """:class:`Hits` of these records, their keys (tiles probed) looked up in ``flag_keys`` and
    ``scan_tiles``."""
    looked = _lookup_keys(connection, snapshots, blobs)
    own = looked.keys
    wanted = {k for ks in own.values() for k, _ in ks}
    texts = {k for k in wanted if isinstance(k, str)}
    common = _common_tiles(connection, wanted - texts, known=looked)
    others: dict[Key, list[tuple[int, str]]] = defaultdict(list)
    columns = [FlagKey.key, FlagKey.record_id, FlagKey.sha256]
    for key, record_id, sha in _rows_where_in(connection, columns, FlagKey.key, texts):
        others[key].append((record_id, sha))
    for tile, record_id, sha in _tile_holders(connection, wanted - texts - common):
        others[tile].append((record_id, sha))
    peer_ids = {rid for hits in others.values() for rid, _ in hits} - set(own)
    people = _people(connection, peer_ids | set(own)) if others else {}
    tiles = {sha: scan_tiles.own_tiles(blob.scan_hash or "") for sha, blob in blobs.items()}
    result: dict[int, Hits] = {}
    for record_id, keys in own.items():
        me = people.get(record_id, ("", ""))
        hits = Hits()
        votes: dict[str, dict[tuple[int, str], tuple[int, int]]] = defaultdict(dict)
        for key, sha in keys:
            for other_id, other_sha in others.get(key, ()):
                if other_id == record_id or people.get(other_id, ("", ""))[1] == me[1]:
                    continue  # the same candidate
                if isinstance(key, int):
                    shared, flipped = votes[sha].get((other_id, other_sha), (0, 0))
                    votes[sha][(other_id, other_sha)] = (shared + 1, flipped + _flips(key, tiles[sha]))
                elif key.startswith("n:"):
                    hits.numbers.setdefault(key, set()).add(other_id)
                else:
                    hits.exact.setdefault(sha, set()).add(other_id)
        asked = [(sha, ranked(counted)) for sha, counted in votes.items()]
        hits.candidates = {
            sha: kept for (sha, _), kept in zip(asked, nearest_candidates(connection, asked), strict=True)
        }
        result[record_id] = hits
    return result


def _flips(probe: int, tiles: Mapping[int, int]) -> int:
    """How many bits of a scan's own tile (``tiles``: by position) a tile it looks up by has the other way."""
    return (probe ^ tiles[probe >> scan_tiles.TILE_BITS]).bit_count()


def _match_flags(
    snapshot: Mapping[str, Any],
    hits: Hits,
    people: Mapping[int, tuple[str, str]],
    judge: scan_verdicts.Judge,
    judged_same: Mapping[str, set[int]],
) -> list[precheck.PrecheckFlag]:
    """One record's duplicate-number and reused-scan flags from its :class:`Hits`: numbers in the order
    the record holds them, then its scans in the order it shows them; a scan is reused when another
    candidate's record holds the same file, one of its candidates' prints confirms it, or it holds a
    scan already judged the same as this one (``judged_same``: found from the other side's look-up)."""
    flags = []
    for kind, field_name, number in dict.fromkeys(precheck.unique_numbers(snapshot)):
        ids = hits.numbers.get(f"n:{kind}:{field_name}:{number}")
        if ids:
            flags.append(precheck.duplicate_flag(kind, field_name, number, _names(people, ids)))
    where = {
        i["sha256"]: (m["kind"], i["side"])
        for m in snapshot.get("materials") or ()
        for i in m.get("images") or ()
    }
    for sha, (kind, side) in where.items():
        ids = set(hits.exact.get(sha, ())) | judged_same.get(sha, set())
        for other_id, other_sha in hits.candidates.get(sha, ()):  # sharing most tiles: the prints decide
            if other_id not in ids and judge.same(sha, other_sha):
                ids.add(other_id)
        if ids:
            flags.append(precheck.reused_flag(kind, sha, side, _names(people, ids)))
    return flags


def _common_tiles(
    connection: Session | Connection, tiles: set[int], known: LookupKeys | None = None
) -> set[int]:
    """Tiles on more than :data:`MAX_SHARED_BAND` scans of records: a template's margins and heading,
    the same on every certificate of its kind. A copy is found by the tiles of its own text; looking up
    these would compare every certificate of a template with every other.

    Asked as "has the tile a row past the :data:`MAX_SHARED_BAND`-th", which reads at most that many
    entries of ``scan_tiles``' primary key per tile: counting them all (``GROUP BY … HAVING count(*)``)
    read every row of a template's frame tiles — ~1,200 on average, 19,204 at most at 19,421 scans —
    and was most of a look-up's time (docs/PERFORMANCE.md). ``known``: tiles asked about already
    (:func:`_lookup_keys`), answered from it, not asked again."""
    wanted = sorted(tiles - known.asked) if known is not None else sorted(tiles)
    common: set[int] = known.common & tiles if known is not None else set()
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        params = {f"k{i}": key for i, key in enumerate(chunk)}
        common.update(
            connection.execute(_common_query(len(chunk)), {"past": MAX_SHARED_BAND, **params}).scalars()
        )
    return common


@lru_cache(maxsize=16)
def _common_query(size: int) -> Any:
    """:func:`_common_tiles`' statement for ``size`` tiles, made once per size: SQLAlchemy compiles a
    statement once per object, and a new ``text()`` of 900 bound keys each call cost ~13 ms to compile
    against ~2 ms to run, once per 900 keys asked (measured: the test suite's rule-change re-flag took
    21 s with a new statement each call, 4.6 s with this)."""
    asked = ", ".join(f"(CAST(:k{i} AS BIGINT))" for i in range(size))
    return text(
        f"WITH asked(tile) AS (VALUES {asked}) SELECT tile FROM asked WHERE (SELECT 1 FROM scan_tiles "
        "WHERE scan_tiles.tile = asked.tile LIMIT 1 OFFSET :past) IS NOT NULL"
    )


def _people(connection: Session | Connection, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    rows = _rows_where_in(connection, [Record.id, Record.name, Record.id_number], Record.id, ids)
    return {row.id: (row.name, row.id_number) for row in rows}


def _names(people: Mapping[int, tuple[str, str]], ids: Iterable[int]) -> list[str]:
    return [people[i][0] for i in sorted(ids) if i in people]


# -- re-flagging ---------------------------------------------------------------------------------------
def _current_snapshots(connection: Session | Connection, rows: Sequence[Any]) -> dict[int, dict[str, Any]]:
    """The cached snapshot of each of these ``records`` rows whose cache is current (built at the
    row's ``version``); records without one are left out (the caller builds those)."""
    import orjson

    from reviewdesk.server.models import SnapshotCache

    versions = {row.id: row.version for row in rows}
    columns = [SnapshotCache.record_id, SnapshotCache.version, SnapshotCache.snapshot]
    found: dict[int, dict[str, Any]] = {}
    for record_id, version, data in _rows_where_in(connection, columns, SnapshotCache.record_id, versions):
        if version == versions[record_id]:
            found[record_id] = orjson.loads(data)
    return found


def cached_flags(connection: Session | Connection, record_ids: Sequence[int]) -> dict[int, Any]:
    """(flags, flags_version) as each record's cached snapshot holds them (whatever its version)."""
    import orjson

    from reviewdesk.server.models import SnapshotCache

    rows = _rows_where_in(
        connection, [SnapshotCache.record_id, SnapshotCache.snapshot], SnapshotCache.record_id, record_ids
    )
    found: dict[int, Any] = {}
    for record_id, data in rows:
        cached = orjson.loads(data)
        found[record_id] = (cached.get("flags"), cached.get("flags_version"))
    return found


def reflag(session: Session, record_ids: Iterable[int], hits: Found | None = None) -> list[int]:
    """Recompute these records' flags; each whose flags (or rule version) changed gets a new version, a
    fresh cached snapshot and a change-log row, so every workstation receives it. Returns those ids.

    Why from the cache: flags are the only part of a snapshot a re-flag changes, and rebuilding whole
    snapshots (materials, images, history, libraries: five queries and a dict per record) cost two thirds
    of a re-flag (profiled, docs/PERFORMANCE.md). So a current cached snapshot gets its ``flags``,
    ``flags_version``, ``version`` and ``updated_at`` replaced; only a record without a current cache is
    built (what a fresh build gives either way, tested). ``hits``: the whole database's, found at once
    (``server.flag_index``, by :func:`reflag_all`), instead of looking these records' keys up. Records are read and bumped with Core
    statements (one ``executemany``), not ORM objects; the session's copies of them, if any, are
    expired so it cannot write a stale ``version`` back."""
    from reviewdesk.server.feed import Visibility, log_changes
    from reviewdesk.server.records import build_snapshots, iso, record_columns, record_tiers_mask

    ids = sorted(set(record_ids))
    if not ids:
        scan_verdicts.save_unsaved(session)  # the changed record's own, judged since peers.sharing
        return []
    session.flush()
    rows = sorted(_rows_where_in(session, record_columns(), Record.id, ids), key=lambda row: row.id)
    snapshots = _current_snapshots(session, rows)
    before = {rid: (snap.get("flags"), snap.get("flags_version")) for rid, snap in snapshots.items()}
    missing = [row for row in rows if row.id not in snapshots]
    cached = [snapshots[row.id] for row in rows if row.id in snapshots]
    if missing:
        before.update(cached_flags(session, [row.id for row in missing]))
        built = build_snapshots(session, missing, "", hits)  # flags included
        snapshots.update((row.id, snap) for row, snap in zip(missing, built, strict=True))
    add_flags(session, cached, hits)
    scan_verdicts.save_unsaved(session)
    changed = [
        row
        for row in rows
        if before.get(row.id) != (snapshots[row.id]["flags"], snapshots[row.id]["flags_version"])
    ]
    if not changed:
        return []
    at = datetime.now(UTC)
    records = Record.__table__
    session.execute(
        update(records)
        .where(records.c.id == bindparam("record_id"))
        .values(version=bindparam("new_version"), updated_at=bindparam("at")),
        [{"record_id": row.id, "new_version": row.version + 1, "at": at} for row in changed],
    )
    changes = []
    for row in changed:
        snapshot = snapshots[row.id]
        snapshot["version"], snapshot["updated_at"] = row.version + 1, iso(at)
        visible = Visibility(row.org_path, record_tiers_mask(row))
        changes.append((row.id, visible, visible))
    bumped = {row.id for row in changed}
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Record) and obj.id in bumped:
            session.expire(obj, ["version", "updated_at"])
    log_changes(session, changes, {row.id: snapshots[row.id] for row in changed})
    return [row.id for row in changed]


def reflag_all(
    db: Any, blob_dir: Path, batch: int = 1000, *, at_once: bool = True, jobs: int = 1, full: bool = False
) -> tuple[int, int]:
    """``reviewdesk-server reflag``: check scans not checked under the current image checks
    (:func:`recheck_blobs`, in ``jobs`` processes; none after a record-rule change), rebuild every
    record's keys, then re-flag every record (in batches, one transaction each). Returns (scans
    checked, records whose flags changed).

    Reused scans: when a scan was checked again, ``full`` is asked, or no re-flag has yet judged every
    candidate pair under the current scan checks and look-up (``server_meta.matches_version``,
    ``lookup_version``: :data:`LOOKUP_VERSION`), every record's keys
    are rebuilt, every scan is looked up for the whole database at once (``server.flag_index``: one
    pass, not ~670 keys looked up per scan) and each candidate pair without a kept verdict is compared
    (``jobs`` processes, written batch by batch: an interrupted run resumes). Otherwise — a record-rule
    change — only the certificate-number keys are rebuilt and the kept verdicts are the matches (every
    pair a look-up finds was judged when its scan was stored, and is judged again only under other scan
    checks): no scan is looked up. The keys do not change while the batches run. ``at_once=False``: each batch looks its records' keys up as a change does (the
    benchmark's same-run baseline)."""
    from reviewdesk.server.feed import server_meta
    from reviewdesk.server.flag_index import whole_database_hits

    scans = recheck_blobs(db, blob_dir, jobs=jobs)
    with db.read() as session:
        ids = list(session.execute(select(Record.id).order_by(Record.id)).scalars())
        meta = server_meta(session)
        judged_under = (meta.matches_version, meta.lookup_version)
    current = (scan_checks.SCAN_CHECKS_VERSION, LOOKUP_VERSION)
    look_up = full or scans > 0 or judged_under != current or not at_once
    for start in range(0, len(ids), batch):
        with db.write() as session:
            update_keys_of(session, ids[start : start + batch], numbers_only=not look_up)
    hits = None
    if at_once:
        with db.read() as session:
            hits = whole_database_hits(session, tiles=look_up)
        if look_up:
            hits.judged, _ = scan_verdicts.judge_all(db, _candidate_pairs(hits), jobs=jobs)
    changed = 0
    for start in range(0, len(ids), batch):
        with db.write() as session:
            changed += len(reflag(session, ids[start : start + batch], hits))
    if look_up and at_once:
        with db.write() as session:
            meta = server_meta(session)
            meta.matches_version, meta.lookup_version = current
    return scans, changed


def _candidate_pairs(hits: Found) -> set[tuple[str, str]]:
    """Every pair of scans a look-up made candidates (in ``scan_verdicts`` order)."""
    return {
        scan_verdicts.pair(sha, other)
        for h in hits.values()
        for sha, candidates in h.candidates.items()
        for _, other in candidates
        if sha != other
    }
