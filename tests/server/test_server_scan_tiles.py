"""How the scans' look-up tiles are stored (``scan_tiles``, ``server.scan_tiles``): one integer a tile
beside the number of its scan's ``x:`` row, exactly the tiles a scan's print gives, and moved — not
lost, not changed — by the migration from the text rows ``flag_keys`` held before. Run on SQLite and,
by ``scripts/with_postgres.sh``, on PostgreSQL."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from alembic import command
from sqlalchemy import BigInteger, Integer, func, inspect, select, text
from tests.server.test_server_flag_index import _plant, _scan_by_scan
from tests.server.test_server_flags import image, pending_records, resubmit

from reviewdesk.domain import scan_checks
from reviewdesk.server import flag_keys, scan_tiles
from reviewdesk.server.db import Database, alembic_config, migrate
from reviewdesk.server.demo import planted_scans as demo_scans
from reviewdesk.server.flag_index import whole_database_hits
from reviewdesk.server.models import Blob, FlagKey, Record, ScanTile
from reviewdesk.server.testing import SeededServer

#: The revision before the tiles moved out of ``flag_keys``.
BEFORE = "0017_scan_verdicts"


def _as_tiles(keys: list[str]) -> list[int]:
    return [scan_tiles.tile_of(*key.split(":")) for key in keys]


def test_a_tile_is_its_position_and_bits_as_one_integer() -> None:
    """The numbering is fixed (it is stored): grid, row, column above the 48 bits; the largest tile
    is the largest signed 64-bit integer; what it cannot hold is refused, not stored wrong; and the
    integers say what ``scan_checks``' text keys say, stored and probed, on a real page's hash."""
    assert scan_tiles.tile_of("0.0.0", "000000000001") == 1
    assert scan_tiles.tile_of("1.2.3", "800000000000") == (1 << 12 | 2 << 6 | 3) << 48 | 1 << 47
    assert scan_tiles.tile_of("7.63.63", "f" * 12) == 2**63 - 1
    for tag, bits in [("8.0.0", "0" * 12), ("0.64.0", "0" * 12), ("0.0.64", "0" * 12), ("0.0.0", "0" * 8)]:
        with pytest.raises(ValueError, match="does not fit"):
            scan_tiles.tile_of(tag, bits)
    page = scan_checks.check_scan(demo_scans.planted_scan("clean", 81)).hash
    stored = scan_checks.hash_bands(page)
    assert len(stored) > 400  # eight grids of a page's tiles
    assert scan_tiles.stored_tiles(page) == _as_tiles(stored)
    assert [scan_tiles.text_of(tile) for tile in scan_tiles.stored_tiles(page)] == stored
    assert scan_tiles.probe_tiles(page) == _as_tiles(scan_checks.probe_keys(page))
    skip = set(stored[::3])
    assert scan_tiles.probe_tiles(page, set(_as_tiles(sorted(skip)))) == _as_tiles(
        scan_checks.probe_keys(page, skip)
    )
    own = scan_tiles.own_tiles(page)
    assert sorted(own.values()) == sorted(_as_tiles(stored)) and len(own) == len(stored)


def test_a_scans_tiles_are_two_integers_a_row_one_row_a_tile(server: SeededServer) -> None:
    """An uploaded scan's rows: one per tile its print gives (``print_keys`` through the hash), each
    the tile's integer and its scan's ``x:`` row; no text row of a tile; the table two integer
    columns keyed (tile, scan) with one index, on scan — WITHOUT ROWID on SQLite."""
    record_id = pending_records(server, 1)[0]
    data = demo_scans.planted_scan("clean", 82)
    resubmit(server, record_id, [{"kind": "degree", "images": [image(data)]}])
    sha = hashlib.sha256(data).hexdigest()
    expected = sorted(_as_tiles(scan_checks.hash_bands(scan_checks.check_scan(data).hash)))
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            scan = session.scalar(
                select(FlagKey.id).where(FlagKey.record_id == record_id, FlagKey.key == f"x:{sha}")
            )
            tiles = sorted(session.scalars(select(ScanTile.tile).where(ScanTile.scan == scan)))
            texts = session.scalar(
                select(func.count())
                .select_from(FlagKey)
                .where(~FlagKey.key.like("n:%"), ~FlagKey.key.like("x:%"))
            )
            schema = inspect(session.connection())
            columns = {column["name"]: column["type"] for column in schema.get_columns("scan_tiles")}
            key = schema.get_pk_constraint("scan_tiles")["constrained_columns"]
            indexes = [index["column_names"] for index in schema.get_indexes("scan_tiles")]
            sqlite = session.get_bind().dialect.name == "sqlite"
            ddl = (
                session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'scan_tiles'"))
                if sqlite
                else ""
            )
    finally:
        database.dispose()
    assert scan is not None and len(expected) > 400
    assert tiles == expected
    assert texts == 0
    assert set(columns) == {"tile", "scan"}
    assert isinstance(columns["tile"], BigInteger) and isinstance(columns["scan"], Integer)
    assert key == ["tile", "scan"] and indexes == [["scan"]]
    assert not sqlite or "WITHOUT ROWID" in ddl


def _stored(session: Any) -> set[tuple[int, str, int]]:
    """Every tile row as (record, sha, tile)."""
    rows = session.execute(
        select(FlagKey.record_id, FlagKey.sha256, ScanTile.tile).join(FlagKey, FlagKey.id == ScanTile.scan)
    )
    return {(rid, sha, tile) for rid, sha, tile in rows}


def test_an_upgraded_database_holds_and_flags_what_a_fresh_one_does(server: SeededServer) -> None:
    """Down to the revision before (the tiles become the ``s:`` text rows that code stored: each
    record's scan's ``hash_bands``) and up again (moved back by the migration): the same rows, nothing
    a fresh build of every record's keys would change, and the same hits both look-ups find."""
    _plant(server)
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            before = _stored(session)
            hits = (whole_database_hits(session), _scan_by_scan(session))
            scans = session.execute(
                select(FlagKey.record_id, FlagKey.sha256, Blob.scan_hash)
                .join(Blob, Blob.sha256 == FlagKey.sha256)
                .where(FlagKey.key.like("x:%"))
            ).all()
        with database.engine.begin() as connection:
            command.downgrade(alembic_config(connection), BEFORE)
            old = connection.execute(
                text("SELECT record_id, key, sha256 FROM flag_keys WHERE key LIKE 's:%'")
            ).all()
            assert "scan_tiles" not in inspect(connection).get_table_names()
        migrate(database.engine)
        with database.write() as session:
            after = _stored(session)
            ids = list(session.scalars(select(Record.id).order_by(Record.id)))
            rebuilt = flag_keys.update_keys_of(session, ids)
        with database.read() as session:
            hits_after = (whole_database_hits(session), _scan_by_scan(session))
    finally:
        database.dispose()
    made = {
        (rid, f"s:{band}", sha) for rid, sha, hashed in scans for band in scan_checks.hash_bands(hashed or "")
    }
    assert len(made) > 10_000
    assert set(old) == made and len(old) == len(made)
    assert after == before and len(before) == len(made)
    assert rebuilt == 0
    assert hits_after == hits
