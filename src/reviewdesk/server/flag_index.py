"""The cross-candidate look-up for the whole database at once: what ``reviewdesk-server reflag`` uses.

Why: a change looks its record's keys up in ``flag_keys`` and ``scan_tiles`` (``flags._lookup_hits``): a few thousand keys per
scan (its tiles, each with its least certain bits the other way), milliseconds of SQL per scan — hundreds
of seconds per 10^5 scans when a re-flag looked every scan up again (docs/PERFORMANCE.md). Here the table is read once
instead: the exact files and certificate numbers more than one record holds come from two range scans
of the key index, and every scan's tiles from its hash (``blobs.scan_hash``, what its ``scan_tiles`` rows were
made of), as integers matched against each other with sorted arrays (numpy), not one query per scan.
The result is the same :class:`flags.Hits` per record as the scan-by-scan look-up gives — the same
keys, the same common-key rule, the same ranking (tested on SQLite and PostgreSQL) — so the same flags.

It holds only while ``flag_keys`` and ``scan_tiles`` are what the records' materials and scans make: ``flags.reflag_all``
rebuilds every record's keys first and changes none while it re-flags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

import numpy as np
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from reviewdesk.domain import scan_checks
from reviewdesk.server import flags, scan_tiles
from reviewdesk.server.models import Blob, FlagKey, Record

#: Scans whose probes are matched in one go (memory: ~240 probed tiles × 22 probes × ~40 bytes per scan).
CHUNK = 256
#: Bits of a tile's key below its position number (a key is ``position << TILE_BITS | bits``): the
#: tile's cells (``scan_checks.KEY_TILE`` / ``KEY_CELL``), 48; a page's ~1,900 positions (8 grids) fit above them.
TILE_BITS = (scan_checks.KEY_TILE[0] // scan_checks.KEY_CELL[0]) * (
    scan_checks.KEY_TILE[1] // scan_checks.KEY_CELL[1]
)
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
    for record_id, sha, candidates in _tile_candidates(connection, sorted(scans) if tiles else [], persons):
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
        rows = flags._rows_where_in(connection, [FlagKey.key], FlagKey.record_id, ids, *ranged)
        keys.update(key for (key,) in rows if key.startswith(prefix))
    holders: dict[str, list[tuple[int, str]]] = defaultdict(list)
    columns = [FlagKey.key, FlagKey.record_id, FlagKey.sha256]
    for key, record_id, sha in flags._rows_where_in(connection, columns, FlagKey.key, keys):
        holders[key].append((record_id, sha))
    involved = {record_id for rows in holders.values() for record_id, _ in rows}
    people = flags._rows_where_in(connection, [Record.id, Record.id_number], Record.id, involved)
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
    neighbourhood (``server.peers``): a scan not among another's first :data:`flags.MAX_CONFIRMED`
    here is not among them in the whole database either — the scans left out can only rank before it."""
    wanted = sorted(set(scans))
    rows = flags._rows_where_in(connection, [Record.id, Record.id_number], Record.id, {r for r, _ in wanted})
    persons = {record_id: number for record_id, number in rows}
    return {
        (r, sha): best for r, sha, best in _tile_candidates(connection, wanted, persons, top=top, part=True)
    }


def _tile_candidates(
    connection: Session | Connection,
    scans: Sequence[tuple[int, str]],
    persons: dict[int, str],
    *,
    top: int = flags.MAX_CONFIRMED,
    part: bool = False,
) -> Iterator[tuple[int, str, list[tuple[int, str]]]]:
    """(record, sha, ranked candidates) of each scan sharing a tile with another candidate's scan.

    ``scans``: every (record, sha) holding keys, sorted, so that ordering by scan index is the order
    ``flags.ranked`` breaks ties in. Stored rows: each scan's tiles (one per (record, key, sha), as in
    ``scan_tiles``). A key on more than ``MAX_SHARED_BAND`` rows is common: a tile whose own key is common
    asks nothing, another asks its key with every subset of its uncertain bits flipped, less the common
    ones (``flags._lookup_keys``); each stored row with an asked key is one vote for its scan, and the
    bits that probe flipped count against it among scans of as many votes (``flags.ranked``).

    ``part``: ``scans`` are part of the database (:func:`part_candidates`): whether a key is common is
    then counted in ``scan_tiles``, not among them. ``top``: how many candidates a scan keeps."""
    if not scans:
        return
    tiles = _Tiles(connection, {sha for _, sha in scans})
    owner = np.array([tiles.index.get(sha, -1) for _, sha in scans], dtype=np.int64)
    per_scan = np.where(owner >= 0, tiles.counts[np.maximum(owner, 0)], 0)
    row_scan = np.repeat(np.arange(len(scans), dtype=np.int64), per_scan)
    offset = np.arange(row_scan.size, dtype=np.int64) - np.repeat(np.cumsum(per_scan) - per_scan, per_scan)
    row_tile = np.repeat(tiles.start[np.maximum(owner, 0)], per_scan) + offset
    row_key = tiles.keys[row_tile]
    order = np.argsort(row_key, kind="stable")  # one sort: the rows per key and the index of the rest
    index_key = row_key[order]
    starts = (
        np.flatnonzero(np.r_[True, index_key[1:] != index_key[:-1]])
        if index_key.size
        else np.zeros(0, np.int64)
    )
    run = np.diff(np.r_[starts, index_key.size])
    common_sorted = np.repeat(run > flags.MAX_SHARED_BAND, run)
    if part:  # more rows here: common anyway (a template's frame, thousands of rows: not counted again)
        rare = starts[run <= flags.MAX_SHARED_BAND]
        stored = [scan_tiles.tile_of(*text.split(":")) for text in tiles.texts(index_key[rare])]
        common = flags._common_tiles(connection, set(stored))
        more = np.zeros(index_key.size, dtype=bool)
        more[rare] = [tile in common for tile in stored]
        common_sorted |= np.repeat(more[starts], run)
    own_common = np.empty(row_key.size, dtype=bool)
    own_common[order] = common_sorted
    index_key, index_scan = index_key[~common_sorted], row_scan[order][~common_sorted]
    record = np.array([rid for rid, _ in scans], dtype=np.int64)
    codes: dict[str | None, int] = {}
    person = np.array([codes.setdefault(persons.get(rid), len(codes)) for rid, _ in scans], dtype=np.int64)
    bounds = np.searchsorted(row_scan, np.arange(0, len(scans) + CHUNK, CHUNK))
    flipped = np.array([m.bit_count() for m in scan_checks.probe_masks(tiles.uncertain.shape[1])], np.int64)
    for low, high in pairwise(bounds):
        asking = np.arange(low, high)[~own_common[low:high]]
        probes = row_key[asking][:, None] ^ tiles.flips(row_tile[asking])
        asker = np.repeat(row_scan[asking], probes.shape[1])
        bits = np.tile(flipped, asking.size)  # how many bits each probe has flipped
        probes = probes.ravel()  # a common probe finds nothing: common keys are not in the index
        first = np.searchsorted(index_key, probes, "left")
        found = np.searchsorted(index_key, probes, "right") - first
        asker, bits = np.repeat(asker, found), np.repeat(bits, found)
        other = index_scan[np.repeat(first - np.cumsum(found) + found, found) + np.arange(found.sum())]
        apart = (record[other] != record[asker]) & (person[other] != person[asker])
        pair, inverse, votes = np.unique(
            asker[apart] * len(scans) + other[apart], return_inverse=True, return_counts=True
        )
        flips = np.bincount(inverse.ravel(), weights=bits[apart], minlength=pair.size).astype(np.int64)
        who, whom = pair // len(scans), pair % len(scans)
        order = np.lexsort((whom, flips, -votes, who))  # as flags.ranked: tiles, then bits flipped
        who, whom = who[order], whom[order]
        starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]]) if who.size else []
        for start in starts:
            i = int(who[start])
            best = whom[start : start + top]
            best = best[who[start : start + top] == i]
            yield scans[i][0], scans[i][1], [scans[int(j)] for j in best]


class _Tiles:
    """The distinct scans' tiles as integers, scan after scan (``index``: sha → scan number, ``start``,
    ``counts``): ``keys`` (position number << :data:`TILE_BITS` | the tile's bits: what its ``s:`` key
    says) and ``positions`` of its least certain bits (``scan_checks.probe_keys``), read from the hashes."""

    def __init__(self, connection: Session | Connection, shas: Iterable[str]) -> None:
        self.index: dict[str, int] = {}
        self._number: dict[str, int] = {}  # position tag → number
        self._width = -1
        keys: list[np.ndarray] = []
        uncertain: list[np.ndarray] = []
        counts: list[int] = []
        fields: list[str] = []  # tag, bits, uncertain, tag, … of scans not converted yet
        prefix = f"{scan_checks.HASH_FORMAT}:"
        for sha, text in self._hashes(connection, shas):
            self.index[sha] = len(counts)
            body = text[len(prefix) :].split() if text and text.startswith(prefix) else []
            scan = ":".join(body).split(":") if body else []  # one split for the scan's keys
            if len(scan) != 3 * len(body):  # a key not of three parts: read as scan_checks reads it
                scan = [part for key in scan_checks.hash_parts(text or "") for part in key]
            counts.append(len(scan) // 3)
            fields += scan
            if len(fields) >= BATCH:  # as numbers, a batch at a time: 10^7 strings would take gigabytes
                keys.append(self._keys(fields))
                uncertain.append(self._uncertain_of(fields))
                fields = []
        keys.append(self._keys(fields))
        uncertain.append(self._uncertain_of(fields))
        self.keys = np.concatenate(keys)
        self.counts = np.array(counts, dtype=np.int64)
        self.start = (np.cumsum(self.counts) - self.counts).astype(np.int64)
        self.uncertain = (
            np.concatenate(uncertain) if self._width > 0 else np.zeros((self.keys.size, 0), np.uint8)
        )

    def texts(self, keys: np.ndarray) -> list[str]:
        """The ``s:`` keys (less the prefix) these integers stand for: :meth:`_keys` the other way."""
        tags = {number: tag for tag, number in self._number.items()}
        low = (1 << TILE_BITS) - 1
        return [f"{tags[int(k) >> TILE_BITS]}:{int(k) & low:0{TILE_BITS // 4}x}" for k in keys]

    @staticmethod
    def _hashes(connection: Session | Connection, shas: Iterable[str]) -> Iterator[tuple[str, str | None]]:
        """(sha, hash) of these scans in sha order, a chunk of the sorted shas at a time: not every
        hash held at once (10^5 scans' hashes of eight grids are ~2 GB of strings)."""
        wanted = sorted(set(shas))
        query = select(Blob.sha256, Blob.scan_hash)
        for start in range(0, len(wanted), 900):
            yield from sorted(connection.execute(query.where(Blob.sha256.in_(wanted[start : start + 900]))))

    def _keys(self, fields: list[str]) -> np.ndarray:
        """The tiles of ``fields`` as position number << :data:`TILE_BITS` | bits."""
        tags, bits = fields[0::3], fields[1::3]
        if {4 * n for n in set(map(len, bits))} - {TILE_BITS}:
            raise ValueError(f"tiles of {sorted({4 * len(b) for b in bits})} bits: not this look-up's")
        for tag in dict.fromkeys(tags):
            self._number.setdefault(tag, len(self._number))
        cells = np.zeros((len(bits), 8), np.uint8)  # the bits as big-endian 64-bit integers
        hexes = np.frombuffer(bytes.fromhex("".join(bits)), np.uint8)
        cells[:, 8 - TILE_BITS // 8 :] = hexes.reshape(len(bits), TILE_BITS // 8)
        positions = np.fromiter(map(self._number.__getitem__, tags), np.int64, len(tags))
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

    def flips(self, tiles: np.ndarray) -> np.ndarray:
        """Per tile, the XOR masks of the subsets of its uncertain bits a look-up flips, the empty one
        first (``scan_checks.probe_masks``: the order ``probe_keys`` asks them in)."""
        masks = np.left_shift(np.int64(1), self.uncertain[tiles].astype(np.int64))
        subsets = scan_checks.probe_masks(masks.shape[1])
        out = np.zeros((tiles.size, len(subsets)), dtype=np.int64)
        for column, subset in enumerate(subsets):
            for bit in range(masks.shape[1]):
                if subset >> bit & 1:
                    out[:, column] ^= masks[:, bit]
        return out
