"""The keys of the cross-candidate checks, and where they are stored.

Why a module of its own: ``server.flags`` makes a record's flags from what other records hold, and
``server.peers`` and ``server.flag_index`` find those others; all three ask the same questions of the
same two tables — a record's keys (:func:`keys_of`: ``n:`` its certificate numbers and ``x:`` its scans'
exact files in ``flag_keys``, its scans' look-up tiles as integers in ``scan_tiles``), which tiles are a
template's rather than a scan's (:func:`common_tiles`), who holds a key (:func:`records_with_keys`,
:func:`tile_holders`) — and one writer keeps both tables what the records' snapshots say
(:func:`update_keys`). The flags themselves, and the look-up that ranks and compares candidates, stay in
``server.flags``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, delete, insert, text
from sqlalchemy.orm import Session

from reviewdesk.domain import precheck
from reviewdesk.server import scan_tiles
from reviewdesk.server.db import rows_where_in
from reviewdesk.server.models import Blob, FlagKey, ScanTile

KEYS = FlagKey.__table__
TILES = ScanTile.__table__
#: A key of the cross-candidate checks: ``n:``/``x:`` text (``flag_keys``) or a scan's tile as an
#: integer (``scan_tiles``, :mod:`reviewdesk.server.scan_tiles`).
Key = str | int
#: A tile on more records than this is a template's, not a scan's (see :func:`common_tiles`).
MAX_SHARED_BAND = 20


def keys_of(
    snapshot: Mapping[str, Any], blobs: Mapping[str, Any], probes: set[int] | None = None
) -> list[tuple[Key, str]]:
    """A record's keys, each with its scan's sha: ``n:`` its certificate numbers, ``x:`` the exact
    files of its scans and, as integers, the tiles of their prints (``scan_tiles``; shared samples
    have none) — as stored, or with ``probes`` (the common tiles, see :func:`lookup_keys`) as looked
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
    """:func:`lookup_keys`' answer: each record's keys as it looks others up, and what it learnt on
    the way — the stored tiles it asked :func:`common_tiles` about (``asked``) and which of them are
    common — so that the caller, asking about its probes, does not ask about those again."""

    keys: dict[int, list[tuple[Key, str]]]
    asked: set[int]
    common: set[int]


def lookup_keys(
    connection: Session | Connection, snapshots: Sequence[Mapping[str, Any]], blobs: Mapping[str, Any]
) -> LookupKeys:
    """Each record's keys as it looks others up (:func:`keys_of` with probes). The tiles whose stored
    key is common already (a template's frame and heading: most of a page) are not probed: a lookup
    then asks for ~3× fewer keys (docs/PERFORMANCE.md)."""
    stored = {int(s["id"]): keys_of(s, blobs) for s in snapshots}
    asked = {k for keys in stored.values() for k, _ in keys if isinstance(k, int)}
    common = common_tiles(connection, asked)
    keys = {int(s["id"]): keys_of(s, blobs, probes=common) for s in snapshots}
    return LookupKeys(keys, asked, common)


def blob_rows(connection: Session | Connection, shas: Iterable[str], hashes: bool = True) -> dict[str, Any]:
    """The ``blobs`` rows of these scans (``hashes=False``: without ``scan_hash``, ~3 KB a scan, which
    only making or looking up keys needs — not flags made from a re-flag's whole-database hits)."""
    columns = [Blob.sha256, Blob.sample, Blob.scan_flags, *([Blob.scan_hash] if hashes else [])]
    return {row.sha256: row for row in rows_where_in(connection, columns, Blob.sha256, shas)}


def image_shas(snapshots: Iterable[Mapping[str, Any]]) -> set[str]:
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
    blobs = {} if numbers_only else blob_rows(connection, image_shas(snapshots))
    wanted: set[tuple[int, str, str]] = set()
    tiles: dict[tuple[int, str], set[int]] = defaultdict(set)  # (record, sha) → its tiles
    for snapshot in snapshots:
        for key, sha in keys_of(snapshot, blobs):
            if isinstance(key, int):
                tiles[(int(snapshot["id"]), sha)].add(key)
            else:
                wanted.add((int(snapshot["id"]), key, sha))
    kept: dict[tuple[int, str, str], int] = {}  # → the row's id
    stale: list[int] = []
    columns = [FlagKey.id, FlagKey.record_id, FlagKey.key, FlagKey.sha256]
    held = (FlagKey.key >= "n:", FlagKey.key < "n;") if numbers_only else ()  # ";" follows ":"
    for row in rows_where_in(connection, columns, FlagKey.record_id, ids, *held):
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
        for row_id, rid, sha in rows_where_in(
            connection, columns, FlagKey.record_id, {r for r, _ in added}, *ranged
        ):
            if (rid, sha) in added:
                scans[(rid, sha)] = row_id
    held: dict[int, set[int]] = defaultdict(set)
    for scan, tile in rows_where_in(
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


def update_keys_of(
    connection: Session | Connection, record_ids: Sequence[int], numbers_only: bool = False
) -> int:
    """:func:`update_keys` for records as the database holds them (their materials and images only:
    what keys are made of), e.g. just inserted by the seed or all of them by ``flags.reflag_all``."""
    from reviewdesk.server.records import material_rows

    materials = material_rows(connection, record_ids)
    snapshots = [{"id": rid, "materials": materials.get(rid, [])} for rid in record_ids]
    return update_keys(connection, snapshots, numbers_only)


def records_with_keys(connection: Session | Connection, keys: Iterable[Key]) -> set[int]:
    """The records holding any of these keys (text keys and tiles alike)."""
    wanted = set(keys)
    texts = {key for key in wanted if isinstance(key, str)}
    found = {row.record_id for row in rows_where_in(connection, [FlagKey.record_id], FlagKey.key, texts)}
    return found | {record_id for _, record_id, _ in tile_holders(connection, wanted - texts)}


def tile_holders(connection: Session | Connection, tiles: Iterable[int]) -> Iterator[tuple[int, int, str]]:
    """(tile, record, sha) of every stored row of these tiles: the scan's ``x:`` row says whose."""
    columns = [ScanTile.tile, FlagKey.record_id, FlagKey.sha256]
    return rows_where_in(connection, columns, ScanTile.tile, tiles, FlagKey.id == ScanTile.scan)


def common_tiles(
    connection: Session | Connection, tiles: set[int], known: LookupKeys | None = None
) -> set[int]:
    """Tiles on more than :data:`MAX_SHARED_BAND` scans of records: a template's margins and heading,
    the same on every certificate of its kind. A copy is found by the tiles of its own text; looking up
    these would compare every certificate of a template with every other.

    Asked as "has the tile a row past the :data:`MAX_SHARED_BAND`-th", which reads at most that many
    entries of ``scan_tiles``' primary key per tile: counting them all (``GROUP BY … HAVING count(*)``)
    read every row of a template's frame tiles — ~1,200 on average, 19,204 at most at 19,421 scans —
    and was most of a look-up's time (docs/PERFORMANCE.md). ``known``: tiles asked about already
    (:func:`lookup_keys`), answered from it, not asked again."""
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
    """:func:`common_tiles`' statement for ``size`` tiles, made once per size: SQLAlchemy compiles a
    statement once per object, and a new ``text()`` of 900 bound keys each call cost ~13 ms to compile
    against ~2 ms to run, once per 900 keys asked (measured: the test suite's rule-change re-flag took
    21 s with a new statement each call, 4.6 s with this)."""
    asked = ", ".join(f"(CAST(:k{i} AS BIGINT))" for i in range(size))
    return text(
        f"WITH asked(tile) AS (VALUES {asked}) SELECT tile FROM asked WHERE (SELECT 1 FROM scan_tiles "
        "WHERE scan_tiles.tile = asked.tile LIMIT 1 OFFSET :past) IS NOT NULL"
    )
