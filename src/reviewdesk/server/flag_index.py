"""The cross-candidate look-up for the whole database at once: what ``reviewdesk-server reflag`` uses.

Why: a change looks its record's keys up in ``flag_keys`` and ``scan_tiles`` (``flags._lookup_hits``): a few thousand keys per
scan (its tiles, each with its least certain bits the other way), milliseconds of SQL per scan — hundreds
of seconds per 10^5 scans when a re-flag looked every scan up again (docs/PERFORMANCE.md). Here the table is read once
instead: the exact files and certificate numbers more than one record holds come from two range scans
of the key index, and every scan's tiles from its hash (``blobs.scan_hash``, what its ``scan_tiles`` rows were
made of), as integers matched against each other with sorted arrays (numpy), not one query per scan.
The result is the same :class:`flags.Hits` per record as the scan-by-scan look-up gives — the same
keys, the same common-key rule, the same ranking and the same second stage by print
(``flags.nearest_candidates``; tested on SQLite and PostgreSQL) — so the same flags.

It holds only while ``flag_keys`` and ``scan_tiles`` are what the records' materials and scans make: ``flags.reflag_all``
rebuilds every record's keys first and changes none while it re-flags.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import NamedTuple

import numpy as np
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from reviewdesk.domain import scan_checks
from reviewdesk.server import db, flag_keys, flags, scan_tiles
from reviewdesk.server.models import Blob, FlagKey, Record

#: Distinct scans whose tiles make one part of the look-up (:func:`_tile_candidates`): its memory is
#: one part's tiles and their index, ~5 × 10^6 rows of eight grids (measured in docs/PERFORMANCE.md).
PART_SCANS = 8_000
#: At most this many parts (each waits in a temporary file: one file descriptor each), whatever the
#: database: 10^6 scans are 125 parts of :data:`PART_SCANS`.
MAX_PARTS = 256
#: A part's rows whose probes are matched in one go (memory: 26 probes × ~60 bytes a row, ``scan_checks.probe_masks``).
ASK_ROWS = 1 << 16
#: Askers whose met pairs are counted together (:class:`_Votes`): the unit a group is made of.
BLOCK_SCANS = 1024
#: At most this many (asker, other) entries are summed and ranked at once (:class:`_Votes`), unless one
#: block of askers has more: ~95 bytes an entry while summed and sorted (measured on a real database,
#: docs/PERFORMANCE.md), ~190 MB — less than a part's tiles, and smaller groups sorted cost less CPU.
GROUP_PAIRS = 2_000_000
#: Bits of a tile's key below its position number (a key is ``position << TILE_BITS | bits``), 48.
TILE_BITS = scan_tiles.TILE_BITS
#: Hash parts read before they are converted to numbers (~20 MB of strings; all at once, 10^5 scans'
#: ~4.5 × 10^7 strings took ~3 GB).
BATCH = 300_000


def whole_database_hits(connection: Session | Connection, tiles: bool = True) -> flags.Found:
    """Every record's :class:`flags.Hits` (records that met nobody are left out). ``tiles=False``: the
    certificate numbers and exact files only, no scan looked up by its tiles (a re-flag whose matches
    are the kept verdicts, ``flags.reflag_all``)."""
    persons = {rid: number for rid, number in connection.execute(select(Record.id, Record.id_number))}
    hits: dict[int, flags.Hits] = defaultdict(flags.Hits)
    scans: set[tuple[int, str]] = set()
    holders: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for prefix, after in (("n:", "o"), ("x:", "y")):  # a range of the key index each, whatever the collation
        query = select(FlagKey.key, FlagKey.record_id, FlagKey.sha256)
        for key, record_id, sha in connection.execute(
            query.where(FlagKey.key >= prefix, FlagKey.key < after)
        ):
            if not key.startswith(prefix):
                continue
            holders[key].append((record_id, sha))
            if key.startswith("x:"):
                scans.add((record_id, sha))
    _shared(holders, persons, hits)
    found = list(_tile_candidates(connection, sorted(scans) if tiles else [], persons))
    nearest = flags.nearest_candidates(connection, [(sha, candidates) for _, sha, candidates in found])
    for (record_id, sha, _), candidates in zip(found, nearest, strict=True):
        hits[record_id].candidates[sha] = candidates
    return flags.Found(hits)


def hits_of_records(connection: Session | Connection, record_ids: Iterable[int]) -> flags.Found:
    """:func:`whole_database_hits` with ``tiles=False`` for just these records: the other records
    holding their certificate numbers and exact files. What a change's peers are re-flagged from
    (``server.peers``): their reused-scan matches are then the kept verdicts, as after a record-rule
    change — no scan looked up."""
    ids = sorted(set(record_ids))
    keys: set[str] = set()
    for prefix, after in (("n:", "o"), ("x:", "y")):
        ranged = (FlagKey.key >= prefix, FlagKey.key < after)
        rows = db.rows_where_in(connection, [FlagKey.key], FlagKey.record_id, ids, *ranged)
        keys.update(key for (key,) in rows if key.startswith(prefix))
    holders: dict[str, list[tuple[int, str]]] = defaultdict(list)
    columns = [FlagKey.key, FlagKey.record_id, FlagKey.sha256]
    for key, record_id, sha in db.rows_where_in(connection, columns, FlagKey.key, keys):
        holders[key].append((record_id, sha))
    involved = {record_id for rows in holders.values() for record_id, _ in rows}
    people = db.rows_where_in(connection, [Record.id, Record.id_number], Record.id, involved)
    hits: dict[int, flags.Hits] = defaultdict(flags.Hits)
    _shared(holders, {rid: number for rid, number in people}, hits, set(ids))
    return flags.Found(hits)


def _shared(
    holders: dict[str, list[tuple[int, str]]],
    persons: dict[int, str],
    hits: dict[int, flags.Hits],
    only: set[int] | None = None,
) -> None:
    """Into ``hits``: for each ``n:``/``x:`` key held by more than one record, its holders' numbers
    and exact files met on another candidate's record (``only``: for these records alone)."""
    for key, rows in holders.items():
        if len(rows) < 2:
            continue
        for record_id, sha in rows:
            if only is not None and record_id not in only:
                continue
            others = {o for o, _ in rows if o != record_id and persons.get(o) != persons.get(record_id)}
            if not others:
                continue  # the same candidate
            if key.startswith("n:"):
                hits[record_id].numbers.setdefault(key, set()).update(others)
            else:
                hits[record_id].exact.setdefault(sha, set()).update(others)


def part_candidates(
    connection: Session | Connection, scans: Iterable[tuple[int, str]], top: int
) -> dict[tuple[int, str], list[tuple[int, str]]]:
    """Each of these (record, sha) scans' first ``top`` candidates among these scans alone (whether a key
    is common counted in the whole database, as a look-up counts it). What a change asks of its
    neighbourhood (``server.peers``): a scan not among another's first ``top`` here is not among
    them in the whole database either, and those ranked ahead of it here are ahead of it there too — the scans left out can only rank before it."""
    wanted = sorted(set(scans))
    rows = db.rows_where_in(connection, [Record.id, Record.id_number], Record.id, {r for r, _ in wanted})
    persons = {record_id: number for record_id, number in rows}
    return {
        (r, sha): best for r, sha, best in _tile_candidates(connection, wanted, persons, top=top, part=True)
    }


def _tile_candidates(
    connection: Session | Connection,
    scans: Sequence[tuple[int, str]],
    persons: dict[int, str],
    *,
    top: int | None = None,
    part: bool = False,
) -> Iterator[tuple[int, str, list[tuple[int, str]]]]:
    """(record, sha, ranked candidates) of each scan sharing a tile with another candidate's scan.

    ``scans``: every (record, sha) holding keys, sorted, so that ordering by scan index is the order
    ``flags.ranked`` breaks ties in. Stored rows: each scan's tiles (one per (record, key, sha), as in
    ``scan_tiles``). A key on more than ``MAX_SHARED_BAND`` rows is common: a tile whose own key is common
    asks nothing, another asks its key with every subset of its uncertain bits flipped, less the common
    ones (``flag_keys.lookup_keys``); each stored row with an asked key is one vote for its scan, and the
    bits that probe flipped count against it among scans of as many votes (``flags.ranked``).

    Why in parts (issue 17: one pass over every row peaked at 4.9 GB at 10^5 scans of eight grids): a
    probe flips bits of its tile only, never its position, so it can meet only keys of the same
    position, and whether a key is common is decided by that key's rows alone. The tiles are
    therefore split by position (:class:`_Tiles`, ~:data:`PART_SCANS` scans' worth a part), each part
    indexed and probed on its own, and the votes and bits of each (asker, other) pair summed over the
    parts and ranked once at the end, a group of askers at a time (:class:`_Votes`: the pairs met are
    put aside, not held): the same candidates as one pass.

    ``part``: ``scans`` are part of the database (:func:`part_candidates`): whether a key is common is
    then counted in ``scan_tiles``, not among them. ``top``: how many candidates a scan keeps
    (``flags.TILE_CANDIDATES`` if None)."""
    if not scans:
        return
    shas = sorted({sha for _, sha in scans})
    codes: dict[str | None, int] = {}
    who = _Who(
        record=np.array([rid for rid, _ in scans], dtype=np.int64),
        person=np.array([codes.setdefault(persons.get(rid), len(codes)) for rid, _ in scans], np.int64),
    )
    parts = min(MAX_PARTS, -(-len(shas) // PART_SCANS))
    with _Votes(len(scans), on_disk=parts > 1) as votes:
        with _Tiles(connection, shas, parts=parts) as tiles:
            holders = _Holders.of(scans, tiles.index)
            for number in range(tiles.parts):
                _match_part(connection, holders.rows(*tiles.part(number)), who, votes, part)
        for asker, best in votes.ranked(flags.TILE_CANDIDATES if top is None else top):
            yield scans[asker][0], scans[asker][1], [scans[int(j)] for j in best]


class _Who(NamedTuple):
    """Per scan index: its record id and a number for its candidate (two scans of one are not a match)."""

    record: np.ndarray
    person: np.ndarray


class _Holders(NamedTuple):
    """Which scans (record, sha) hold each distinct sha: ``scans[start[n] : start[n] + count[n]]``
    are the scan indices holding sha number ``n`` (most shas one, a file on two records two)."""

    scans: np.ndarray
    start: np.ndarray
    count: np.ndarray

    @classmethod
    def of(cls, scans: Sequence[tuple[int, str]], index: dict[str, int]) -> _Holders:
        of_sha = np.array([index.get(sha, -1) for _, sha in scans], dtype=np.int64)
        held = np.argsort(of_sha, kind="stable")  # by sha number, then scan index
        count = np.bincount(of_sha[of_sha >= 0], minlength=len(index)).astype(np.int64)
        return cls(held[of_sha[held] >= 0], np.cumsum(count) - count, count)

    def rows(self, keys: np.ndarray, owner: np.ndarray, uncertain: np.ndarray) -> _Rows:
        """A part's tiles (:meth:`_Tiles.part`) as stored rows: each tile once per scan holding it."""
        per_tile = self.count[owner]
        tile = np.repeat(np.arange(keys.size, dtype=np.int64), per_tile)
        offset = np.arange(tile.size, dtype=np.int64) - np.repeat(np.cumsum(per_tile) - per_tile, per_tile)
        scan = self.scans[np.repeat(self.start[owner], per_tile) + offset]
        return _Rows(keys[tile], scan, tile, uncertain)


class _Rows(NamedTuple):
    """A part's stored rows: each holder's copy of each tile — ``key``, ``scan`` (index in the
    scans), ``tile`` (its tile in the part) — and the part's tiles' ``uncertain`` bit numbers."""

    key: np.ndarray
    scan: np.ndarray
    tile: np.ndarray
    uncertain: np.ndarray


def _match_part(connection: Session | Connection, rows: _Rows, who: _Who, votes: _Votes, part: bool) -> None:
    """Into ``votes``: what the probes of this part's rows meet among its rows (see
    :func:`_tile_candidates`), :data:`ASK_ROWS` asking rows at a time (each asks 26 probes, ``scan_checks.probe_masks``)."""
    order = np.argsort(rows.key)  # one sort: the rows per key and the index of the rest (any order in a key)
    index_key = rows.key[order]
    starts = (
        np.flatnonzero(np.r_[True, index_key[1:] != index_key[:-1]])
        if index_key.size
        else np.zeros(0, np.int64)
    )
    run = np.diff(np.r_[starts, index_key.size])
    common_sorted = np.repeat(run > flag_keys.MAX_SHARED_BAND, run)
    if part:  # more rows here: common anyway (a template's frame, thousands of rows: not counted again)
        rare = starts[run <= flag_keys.MAX_SHARED_BAND]  # keys are scan_tiles' integers: asked as they are
        common = flag_keys.common_tiles(connection, set(index_key[rare].tolist()))
        more = np.zeros(index_key.size, dtype=bool)
        more[rare] = np.isin(index_key[rare], np.fromiter(common, np.int64, len(common)))
        common_sorted |= np.repeat(more[starts], run)
    del starts, run
    asking = np.empty(rows.key.size, dtype=bool)
    asking[order] = ~common_sorted
    index_key, index_scan = index_key[~common_sorted], rows.scan[order[~common_sorted]]
    del order, common_sorted
    asking = np.flatnonzero(asking)
    flipped = np.array([m.bit_count() for m in scan_checks.probe_masks(rows.uncertain.shape[1])], np.int64)
    for low in range(0, asking.size, ASK_ROWS):
        ask = asking[low : low + ASK_ROWS]
        probes = rows.key[ask][:, None] ^ _flips(rows.uncertain[rows.tile[ask]])
        asker = np.repeat(rows.scan[ask], probes.shape[1])
        bits = np.tile(flipped, ask.size)  # how many bits each probe has flipped
        probes = probes.ravel()  # a common probe finds nothing: common keys are not in the index
        first = np.searchsorted(index_key, probes, "left")
        found = np.zeros(probes.size, np.int64)  # most probes meet nothing: only the others searched again
        hit = (
            np.flatnonzero(index_key[np.minimum(first, index_key.size - 1)] == probes)
            if index_key.size
            else []
        )
        found[hit] = np.searchsorted(index_key, probes[hit], "right") - first[hit]
        asker, bits = np.repeat(asker, found), np.repeat(bits, found)
        other = index_scan[np.repeat(first - np.cumsum(found) + found, found) + np.arange(found.sum())]
        apart = (who.record[other] != who.record[asker]) & (who.person[other] != who.person[asker])
        votes.add(asker[apart], other[apart], bits[apart])


class _Votes:
    """Each (asker, other) scan pair's tiles shared and bits flipped to meet them, summed over the
    parts of the look-up and ranked: pairs as one number, ``asker × scans + other``.

    Why not summed as they come (issue 17): a scan meets every scan it shares a rare tile with, and the
    pages of one certificate template meet ~290 others each (4.2 × 10^6 pairs at 14,400 real scans,
    most of that look-up's 625 MB; growing with the scans). Each chunk's pairs (:meth:`add`, summed
    within it, sorted) are put aside instead — in a temporary file when ``on_disk`` — with where each
    block of :data:`BLOCK_SCANS` askers starts in them; :meth:`ranked` then reads a group of blocks
    at a time, as many as make at most :data:`GROUP_PAIRS` entries, from every chunk, sums each
    pair over all of them, ranks and keeps each asker's first ``top``: every pair of an asker is in
    its group, so the same candidates as summing everything at once, in memory of one group's pairs
    whatever the database."""

    def __init__(self, scans: int, on_disk: bool) -> None:
        self.scans = scans
        self._spool = _Spool(on_disk, "pairs")
        # where each block of askers starts among a chunk's pairs (pair numbers are asker-major)
        self._edges = np.arange(0, scans + BLOCK_SCANS, BLOCK_SCANS, dtype=np.int64).clip(max=scans) * scans
        self._starts: list[np.ndarray] = []  # per chunk: its pairs' index at each edge

    def __enter__(self) -> _Votes:
        return self

    def __exit__(self, *_: object) -> None:
        self._spool.close()

    def add(self, asker: np.ndarray, other: np.ndarray, bits: np.ndarray) -> None:
        """One vote per met row: ``asker`` met ``other`` by a probe with ``bits`` flipped."""
        pair, inverse, votes = np.unique(asker * self.scans + other, return_inverse=True, return_counts=True)
        if not pair.size:
            return
        records = np.empty(pair.size, _PAIR)
        records["pair"], records["votes"] = pair, votes
        records["flips"] = np.bincount(inverse.ravel(), weights=bits, minlength=pair.size)
        self._spool.put(records)
        self._starts.append(np.searchsorted(pair, self._edges).astype(np.int64))

    def ranked(self, top: int) -> Iterator[tuple[int, np.ndarray]]:
        """(asker, its first ``top`` others) in asker order, ranked as ``flags.ranked`` ranks: most
        tiles shared, then fewest bits flipped, then scan index (record id, sha)."""
        if not self._starts:
            return
        starts = np.stack(self._starts)  # chunk × edge
        sizes = np.diff(starts, axis=1).sum(axis=0)  # entries of each block of askers, all chunks
        low = 0
        while low < sizes.size:
            high = low + 1  # blocks low … high - 1: at most GROUP_PAIRS entries, or one block
            while high < sizes.size and sizes[low : high + 1].sum() <= GROUP_PAIRS:
                high += 1
            pieces = [
                self._spool.piece(chunk, int(starts[chunk, low]), int(starts[chunk, high]), _PAIR)
                for chunk in np.flatnonzero(starts[:, high] > starts[:, low])
            ]
            low = high
            if pieces:
                yield from self._group(np.concatenate(pieces), top)

    def _group(self, records: np.ndarray, top: int) -> Iterator[tuple[int, np.ndarray]]:
        """:meth:`ranked` for the pairs of one group of askers: each pair summed over its chunks."""
        pairs, inverse = np.unique(records["pair"], return_inverse=True)
        votes = np.bincount(inverse, records["votes"], pairs.size).astype(np.int64)
        flips = np.bincount(inverse, records["flips"], pairs.size).astype(np.int64)
        del records, inverse
        who, whom = pairs // self.scans, pairs % self.scans
        order = np.lexsort((whom, flips, -votes, who))
        who, whom = who[order], whom[order]
        for start in np.flatnonzero(np.r_[True, who[1:] != who[:-1]]):
            best = whom[start : start + top]
            yield int(who[start]), best[who[start : start + top] == who[start]]


#: A chunk's (asker, other) pair as :class:`_Votes` puts it aside: 16 bytes (a pair meets by at most
#: one row a position, ~580 votes and 6 bits each at most).
_PAIR = np.dtype([("pair", "<i8"), ("votes", "<i4"), ("flips", "<i4")])


def _flips(uncertain: np.ndarray) -> np.ndarray:
    """Per tile (its uncertain bit numbers), the XOR masks of the subsets of those bits a look-up
    flips, the empty one first (``scan_checks.probe_masks``: the order ``probe_keys`` asks them in)."""
    masks = np.left_shift(np.int64(1), uncertain.astype(np.int64))
    subsets = scan_checks.probe_masks(masks.shape[1])
    out = np.zeros((masks.shape[0], len(subsets)), dtype=np.int64)
    for column, subset in enumerate(subsets):
        for bit in range(masks.shape[1]):
            if subset >> bit & 1:
                out[:, column] ^= masks[:, bit]
    return out


def part_of(positions: np.ndarray, parts: int) -> np.ndarray:
    """The part of the look-up (:class:`_Tiles`) each position number (``scan_tiles.position_of``)
    is in: the number mixed (Fibonacci hashing: times 2^64 / the golden ratio, mod 2^64, its upper
    half), then mod ``parts``. Why mixed: the numbers are fixed and sparse (``grid << 12 | row << 6 |
    column``, a page's columns 0–10), so ``position mod parts`` is ``column mod parts`` for parts a power
    of two up to 64 — with 16 parts five or more of them would be empty and the others hold one
    or two columns each; mixed, every part holds about its share (tested on real pages)."""
    mixed = (np.asarray(positions).astype(np.uint64) * _GOLDEN) >> np.uint64(32)
    return (mixed % np.uint64(max(1, parts))).astype(np.int64)


#: 2^64 / the golden ratio (odd): :func:`part_of`'s multiplier.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


class _Tiles:
    """The distinct scans' tiles as integers, read from their hashes once (``index``: sha → scan
    number, in sha order), kept in ``parts`` parts by position (:func:`part_of`). Per tile: its key —
    the integer ``scan_tiles`` stores it as (``position << TILE_BITS | bits``, the position numbered
    by ``scan_tiles.position_of``), so a key is asked of ``scan_tiles`` as it is —, its scan's number
    and its least certain bits (``scan_checks.probe_keys``).

    Why parts on disk: the look-up needs only one part's tiles at a time (:func:`_tile_candidates`),
    and all of them are ~18 bytes a tile — ~1 GB at 10^5 scans of ~580 tiles, in arrays that each
    take as much again. More than one part: each part's tiles wait in a temporary file until read
    (:meth:`part`); one part stays in memory."""

    def __init__(self, connection: Session | Connection, shas: Iterable[str], parts: int = 1) -> None:
        self.index: dict[str, int] = {}
        self.parts = max(1, parts)
        self._position: dict[str, int] = {}  # "grid.row.column" → scan_tiles.position_of
        self._width = -1
        self._spools = [_Spool(on_disk=self.parts > 1) for _ in range(self.parts)]
        counts: list[int] = []  # tiles of each scan in ``fields``
        fields: list[str] = []  # tag, bits, uncertain, tag, … of scans not converted yet
        prefix = f"{scan_checks.HASH_FORMAT}:"
        for sha, text in self._hashes(connection, shas):
            self.index[sha] = len(self.index)
            body = text[len(prefix) :].split() if text and text.startswith(prefix) else []
            scan = ":".join(body).split(":") if body else []  # one split for the scan's keys
            if len(scan) != 3 * len(body):  # a key not of three parts: read as scan_checks reads it
                scan = [part for key in scan_checks.hash_parts(text or "") for part in key]
            counts.append(len(scan) // 3)
            fields += scan
            if len(fields) >= BATCH:  # as numbers, a batch at a time: 10^7 strings would take gigabytes
                self._spool(fields, counts)
                fields, counts = [], []
        self._spool(fields, counts)

    def __enter__(self) -> _Tiles:
        return self

    def __exit__(self, *_: object) -> None:
        for spool in self._spools:
            spool.close()

    def part(self, number: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(keys, scan numbers, uncertain bit numbers from the lowest) of this part's tiles, in the
        order they were read. Read once: the part's file is gone after."""
        width = max(self._width, 0)
        records = self._spools[number].take(_record(width))
        return (
            records["key"],
            records["scan"].astype(np.int64),
            records["uncertain"].reshape(records.size, width),
        )

    def _spool(self, fields: list[str], counts: list[int]) -> None:
        """The scans of ``fields`` (``counts`` tiles each, the last ``len(counts)`` scans read) as
        numbers, each tile into its part."""
        keys, uncertain = self._keys(fields), self._uncertain_of(fields)
        if not keys.size:
            return
        records = np.empty(keys.size, _record(self._width))
        records["key"] = keys
        records["scan"] = np.repeat(np.arange(len(self.index) - len(counts), len(self.index)), counts)
        records["uncertain"] = uncertain.reshape(keys.size, self._width)
        if self.parts == 1:
            self._spools[0].put(records)
            return
        where = part_of(keys >> TILE_BITS, self.parts)
        order = np.argsort(where, kind="stable")
        bounds = np.searchsorted(where[order], np.arange(self.parts + 1))
        for number, (low, high) in enumerate(pairwise(bounds)):
            if high > low:
                self._spools[number].put(records[order[low:high]])

    @staticmethod
    def _hashes(connection: Session | Connection, shas: Iterable[str]) -> Iterator[tuple[str, str | None]]:
        """(sha, hash) of these scans in sha order, a chunk of the sorted shas at a time: not every
        hash held at once (10^5 scans' hashes of eight grids are ~2 GB of strings)."""
        wanted = sorted(set(shas))
        query = select(Blob.sha256, Blob.scan_hash)
        for start in range(0, len(wanted), 900):
            yield from sorted(connection.execute(query.where(Blob.sha256.in_(wanted[start : start + 900]))))

    def _keys(self, fields: list[str]) -> np.ndarray:
        """The tiles of ``fields`` as ``scan_tiles`` stores them (``scan_tiles.tile_of``, a batch at
        once: each position's number made once). ValueError for a tile that numbering cannot hold."""
        tags, bits = fields[0::3], fields[1::3]
        if {4 * n for n in set(map(len, bits))} - {TILE_BITS}:
            raise ValueError(f"tiles of {sorted({4 * len(b) for b in bits})} bits: not this look-up's")
        for tag in dict.fromkeys(tags):
            if tag not in self._position:
                self._position[tag] = scan_tiles.position_of(tag)
        cells = np.zeros((len(bits), 8), np.uint8)  # the bits as big-endian 64-bit integers
        hexes = np.frombuffer(bytes.fromhex("".join(bits)), np.uint8)
        cells[:, 8 - TILE_BITS // 8 :] = hexes.reshape(len(bits), TILE_BITS // 8)
        positions = np.fromiter(map(self._position.__getitem__, tags), np.int64, len(tags))
        return positions << TILE_BITS | cells.view(">u8").ravel().astype(np.int64)

    def _uncertain_of(self, fields: list[str]) -> np.ndarray:
        """The bit numbers (from the lowest) of each tile's uncertain cells in ``fields``."""
        probes = fields[2::3]
        widths = {n // 2 for n in set(map(len, probes))} | ({self._width} if self._width >= 0 else set())
        if len(widths) > 1:
            raise ValueError(f"tiles with {sorted(widths)} uncertain bits: not this look-up's")
        self._width = max(widths, default=-1)
        cells = np.frombuffer(bytes.fromhex("".join(probes)), np.uint8)
        return TILE_BITS - 1 - cells.reshape(len(probes), max(self._width, 0))


def _record(width: int) -> np.dtype:
    """A tile as :class:`_Tiles` keeps it (~18 bytes with six uncertain bits)."""
    return np.dtype([("key", "<i8"), ("scan", "<i4"), ("uncertain", "u1", (width,))])


class _Spool:
    """Arrays put aside until the look-up reaches them: in memory, or in a temporary file (deleted
    when read whole or when the look-up ends). Each :meth:`put` is a piece, read whole (:meth:`take`)
    or a slice of it at a time (:meth:`piece`)."""

    def __init__(self, on_disk: bool, name: str = "tiles") -> None:
        # closed when read, or by _Tiles.__exit__ / _Votes.__exit__ when a look-up stops before it (an error)
        self._file = tempfile.TemporaryFile(prefix=f"reviewdesk-{name}-") if on_disk else None  # noqa: SIM115
        self._held: list[np.ndarray] = []
        self._offsets: list[int] = []  # in the file: where each piece starts (bytes)
        self._end = 0

    def put(self, records: np.ndarray) -> None:
        if self._file is not None:
            self._offsets.append(self._end)
            records.tofile(self._file)
            self._end += records.nbytes
        else:
            self._held.append(records)

    def take(self, record: np.dtype) -> np.ndarray:
        """Everything put, in order; the spool is empty after."""
        if self._file is None:
            held, self._held = self._held, []
            return np.concatenate(held) if held else np.zeros(0, record)
        self._file.seek(0)
        records = np.fromfile(self._file, record)
        self.close()
        return records

    def piece(self, number: int, low: int, high: int, record: np.dtype) -> np.ndarray:
        """Records ``low`` to ``high`` (not included) of the ``number``-th piece put."""
        if self._file is None:
            return self._held[number][low:high]
        self._file.seek(self._offsets[number] + low * record.itemsize)
        return np.fromfile(self._file, record, high - low)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
