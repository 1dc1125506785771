"""预审提示 on the server: where the bytes and the whole database are.

Why here: the record rules run in ``domain.precheck`` on both sides, but two kinds of flag need what
only the server has — the scans' bytes (checked once when a scan is stored, :func:`check_blob`, kept
on its ``blobs`` row, so every tier sees the same) and every candidate (the same scan or certificate
number on two candidates, looked up through the tables ``flag_keys`` and ``scan_tiles``, which
``server.flag_keys`` keeps and asks).

Flags are part of the RecordSnapshot (``"flags"``, ``"flags_version"``), added by
``records.build_snapshots`` (:func:`add_flags`), so the snapshot cache carries them and a record's
flags are recomputed at every change of it. A change that makes or breaks a match on *another*
record re-flags that one too (``server.peers``: ``store_keys``, ``sharing``, ``reflag_peers``, by every writer that
changes materials), and
``reviewdesk-server reflag`` (:func:`reflag_all`) re-flags everything after a rule change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session

from reviewdesk.domain import precheck, scan_checks, scan_nearness
from reviewdesk.domain.catalogue import Catalogue, load_catalogue
from reviewdesk.server import flag_keys, scan_tiles, scan_verdicts
from reviewdesk.server.blobstore import blob_path
from reviewdesk.server.db import rows_where_in
from reviewdesk.server.models import Blob, FlagKey, Record
from reviewdesk.server.project import project_in

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
#: print among the first :data:`TILE_CANDIDATES`; 3: a tile also probed with three of its four least
#: certain bits flipped (``scan_checks.KEY_PROBE_FLIPS``, ``KEY_PROBE_THREE_OF``: what is asked, not what
#: is stored — the upgrade's ``reflag`` looks every scan up again, decodes none and rewrites no tile).
LOOKUP_VERSION = 3


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
    blobs = flag_keys.blob_rows(connection, flag_keys.image_shas(snapshots), hashes=hits is None)
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
        blocks = _print_blocks(connection, shas)
        for n in todo[start:end]:
            sha, candidates = asked[n]
            others = [blocks.get(other) for _, other in candidates]
            out[n] = [candidates[i] for i in scan_nearness.nearest(blocks.get(sha), others, MAX_CONFIRMED)]
        start = end
    return out


#: Scans whose :func:`_print_blocks` this process keeps (LRU; ~7 KB each, ~28 MB in all).
BLOCKS_KEPT = 4096
_BLOCKS: OrderedDict[tuple[str, int], Any] = OrderedDict()
_BLOCKS_LOCK = threading.Lock()


def _print_blocks(connection: Session | Connection, shas: Iterable[str]) -> dict[str, Any]:
    """``scan_nearness.print_blocks`` of these scans' stored prints (None: none or unreadable), the
    last :data:`BLOCKS_KEPT` scans' kept in this process. Why: one upload's store-time check orders
    the candidates of ~100 scans around it, then its own, then those of the scans looked up again
    (``server.peers``), mostly the same pages of one template — each of ~700 prints read (~5 KB) and
    decoded (~0.3 ms) up to three times an upload, and again by the next upload of the template. A
    print is a function of the file (its sha) and ``scan_checks.SCAN_CHECKS_VERSION`` (the key
    here), so a kept one is never stale."""
    version = scan_checks.SCAN_CHECKS_VERSION
    wanted = set(shas)
    found: dict[str, Any] = {}
    with _BLOCKS_LOCK:
        for sha in wanted:
            key = (sha, version)
            if key in _BLOCKS:
                _BLOCKS.move_to_end(key)
                found[sha] = _BLOCKS[key]
    read = {
        sha: scan_nearness.print_blocks(data)
        for sha, data in scan_verdicts.prints(connection, wanted - found.keys()).items()
    }
    with _BLOCKS_LOCK:
        for sha, blocks in read.items():
            _BLOCKS[(sha, version)] = blocks
        while len(_BLOCKS) > BLOCKS_KEPT:
            _BLOCKS.popitem(last=False)
    return found | read


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
    mine = {sha for sha in flag_keys.image_shas(snapshots) if sha in blobs and not blobs[sha].sample}
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
            for sha in flag_keys.image_shas([snapshot]) & same.keys()
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
    for key, record_id in rows_where_in(connection, [FlagKey.key, FlagKey.record_id], FlagKey.key, keys):
        out.setdefault(key[2:], set()).add(record_id)
    return out


def _lookup_hits(
    connection: Session | Connection, snapshots: Sequence[Mapping[str, Any]], blobs: Mapping[str, Any]
) -> dict[int, Hits]:
    """:class:`Hits` of these records, their keys (tiles probed) looked up in ``flag_keys`` and
    ``scan_tiles``."""
    looked = flag_keys.lookup_keys(connection, snapshots, blobs)
    own = looked.keys
    wanted = {k for ks in own.values() for k, _ in ks}
    texts = {k for k in wanted if isinstance(k, str)}
    common = flag_keys.common_tiles(connection, wanted - texts, known=looked)
    others: dict[flag_keys.Key, list[tuple[int, str]]] = defaultdict(list)
    columns = [FlagKey.key, FlagKey.record_id, FlagKey.sha256]
    for key, record_id, sha in rows_where_in(connection, columns, FlagKey.key, texts):
        others[key].append((record_id, sha))
    for tile, record_id, sha in flag_keys.tile_holders(connection, wanted - texts - common):
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


def _people(connection: Session | Connection, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    rows = rows_where_in(connection, [Record.id, Record.name, Record.id_number], Record.id, ids)
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
    for record_id, version, data in rows_where_in(connection, columns, SnapshotCache.record_id, versions):
        if version == versions[record_id]:
            found[record_id] = orjson.loads(data)
    return found


def cached_flags(connection: Session | Connection, record_ids: Sequence[int]) -> dict[int, Any]:
    """(flags, flags_version) as each record's cached snapshot holds them (whatever its version)."""
    import orjson

    from reviewdesk.server.models import SnapshotCache

    rows = rows_where_in(
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
    rows = sorted(rows_where_in(session, record_columns(), Record.id, ids), key=lambda row: row.id)
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
            flag_keys.update_keys_of(session, ids[start : start + batch], numbers_only=not look_up)
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
