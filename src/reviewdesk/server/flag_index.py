"""The cross-candidate look-up for the whole database at once: what ``reviewdesk-server reflag`` uses.

Why: a change looks its record's keys up in ``flag_keys`` (``flags._lookup_hits``): ~670 keys per scan
(its tiles, each with its least certain bits the other way), 2–8 ms of SQL per scan — 200–800 s per
10^5 scans when a re-flag looked every scan up again (docs/PERFORMANCE.md). Here the table is read once
instead: the exact files and certificate numbers more than one record holds come from two range scans
of the key index, and every scan's tiles from its hash (``blobs.scan_hash``, what its ``s:`` rows were
made of), as integers matched against each other with sorted arrays (numpy), not one query per scan.
The result is the same :class:`flags.Hits` per record as the scan-by-scan look-up gives — the same
keys, the same common-key rule, the same ranking (tested on SQLite and PostgreSQL) — so the same flags.

It holds only while ``flag_keys`` is what the records' materials and scans make: ``flags.reflag_all``
rebuilds every record's keys first and changes none while it re-flags.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

import numpy as np
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from reviewdesk.domain import scan_checks
from reviewdesk.server import flags
from reviewdesk.server.models import Blob, FlagKey, Record

#: Scans whose probes are matched in one go (memory: ~110 tiles × 16 probes × ~40 bytes per scan).
CHUNK = 1024
#: Bits of a tile's key below its position number (a key is ``position << TILE_BITS | bits``).
TILE_BITS = 32


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
    for key, rows in holders.items():
        if len(rows) < 2:
            continue
        for record_id, sha in rows:
            others = {o for o, _ in rows if o != record_id and persons.get(o) != persons.get(record_id)}
            if not others:
                continue  # the same candidate
            if key.startswith("n:"):
                hits[record_id].numbers.setdefault(key, set()).update(others)
            else:
                hits[record_id].exact.setdefault(sha, set()).update(others)
    for record_id, sha, candidates in _tile_candidates(connection, sorted(scans) if tiles else [], persons):
        hits[record_id].candidates[sha] = candidates
    return flags.Found(hits)


def _tile_candidates(
    connection: Session | Connection, scans: Sequence[tuple[int, str]], persons: dict[int, str]
) -> Iterator[tuple[int, str, list[tuple[int, str]]]]:
    """(record, sha, ranked candidates) of each scan sharing a tile with another candidate's scan.

    ``scans``: every (record, sha) holding keys, sorted, so that ordering by scan index is the order
    ``flags.ranked`` breaks ties in. Stored rows: each scan's tiles (one per (record, key, sha), as in
    ``flag_keys``). A key on more than ``MAX_SHARED_BAND`` rows is common: a tile whose own key is common
    asks nothing, another asks its key with every subset of its uncertain bits flipped, less the common
    ones (``flags._lookup_keys``); each stored row with an asked key is one vote for its scan."""
    if not scans:
        return
    tiles = _Tiles(connection, {sha for _, sha in scans})
    owner = np.array([tiles.index.get(sha, -1) for _, sha in scans], dtype=np.int64)
    per_scan = np.where(owner >= 0, tiles.counts[np.maximum(owner, 0)], 0)
    row_scan = np.repeat(np.arange(len(scans), dtype=np.int64), per_scan)
    offset = np.arange(row_scan.size, dtype=np.int64) - np.repeat(np.cumsum(per_scan) - per_scan, per_scan)
    row_tile = np.repeat(tiles.start[np.maximum(owner, 0)], per_scan) + offset
    row_key = tiles.keys[row_tile]
    unique, per_key = np.unique(row_key, return_counts=True)
    common = unique[per_key > flags.MAX_SHARED_BAND]
    own_common = np.isin(row_key, common)
    order = np.argsort(row_key[~own_common], kind="stable")
    index_key, index_scan = row_key[~own_common][order], row_scan[~own_common][order]
    record = np.array([rid for rid, _ in scans], dtype=np.int64)
    codes: dict[str | None, int] = {}
    person = np.array([codes.setdefault(persons.get(rid), len(codes)) for rid, _ in scans], dtype=np.int64)
    bounds = np.searchsorted(row_scan, np.arange(0, len(scans) + CHUNK, CHUNK))
    for low, high in pairwise(bounds):
        asking = np.arange(low, high)[~own_common[low:high]]
        probes = row_key[asking][:, None] ^ tiles.flips(row_tile[asking])
        asker = np.repeat(row_scan[asking], probes.shape[1])
        probes = probes.ravel()  # a common probe finds nothing: common keys are not in the index
        first = np.searchsorted(index_key, probes, "left")
        found = np.searchsorted(index_key, probes, "right") - first
        asker = np.repeat(asker, found)
        other = index_scan[np.repeat(first - np.cumsum(found) + found, found) + np.arange(found.sum())]
        apart = (record[other] != record[asker]) & (person[other] != person[asker])
        pair, votes = np.unique(asker[apart] * len(scans) + other[apart], return_counts=True)
        who, whom = pair // len(scans), pair % len(scans)
        order = np.lexsort((whom, -votes, who))
        who, whom = who[order], whom[order]
        starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]]) if who.size else []
        for start in starts:
            i = int(who[start])
            best = whom[start : start + flags.MAX_CONFIRMED]
            best = best[who[start : start + flags.MAX_CONFIRMED] == i]
            yield scans[i][0], scans[i][1], [scans[int(j)] for j in best]


class _Tiles:
    """The distinct scans' tiles as integers, scan after scan (``index``: sha → scan number, ``start``,
    ``counts``): ``keys`` (position number << :data:`TILE_BITS` | the tile's bits: what its ``s:`` key
    says) and ``positions`` of its least certain bits (``scan_checks.probe_keys``), read from the hashes."""

    def __init__(self, connection: Session | Connection, shas: Iterable[str]) -> None:
        tags: dict[str, int] = {}
        keys, uncertain, counts = array("q"), array("B"), array("q")
        self.index: dict[str, int] = {}
        width = 0
        rows = flags._rows_where_in(connection, [Blob.sha256, Blob.scan_hash], Blob.sha256, shas)
        for sha, text in sorted(rows):
            parts = scan_checks.hash_parts(text or "")
            self.index[sha] = len(counts)
            counts.append(len(parts))
            for tag, bits, probe in parts:
                size, positions = len(bits) * 4, bytes.fromhex(probe)
                width = width or len(positions)
                if size != TILE_BITS or len(positions) != width:
                    raise ValueError(f"a tile of {size} bits, {len(positions)} uncertain: not this look-up's")
                keys.append(tags.setdefault(tag, len(tags)) << TILE_BITS | int(bits, 16))
                uncertain.extend(TILE_BITS - 1 - p for p in positions)
        self.keys = np.frombuffer(keys, dtype=np.int64) if keys else np.zeros(0, np.int64)
        self.counts = np.frombuffer(counts, dtype=np.int64) if counts else np.zeros(0, np.int64)
        self.start = (np.cumsum(self.counts) - self.counts).astype(np.int64)
        self._uncertain = np.frombuffer(uncertain, dtype=np.uint8).reshape(len(keys), width)

    def flips(self, tiles: np.ndarray) -> np.ndarray:
        """Per tile, the XOR masks of every subset of its uncertain bits, the empty one first (the
        order ``probe_keys`` asks them in)."""
        masks = np.left_shift(np.int64(1), self._uncertain[tiles].astype(np.int64))
        out = np.zeros((tiles.size, 1 << masks.shape[1]), dtype=np.int64)
        for subset in range(1, out.shape[1]):
            for bit in range(masks.shape[1]):
                if subset >> bit & 1:
                    out[:, subset] ^= masks[:, bit]
        return out
