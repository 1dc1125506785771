"""预审提示 look-up keys at scale (issue 17): what they take on disk and what one scan's look-up costs, on
a scale database (``precheck_bench.py --parts scalestore`` runs both beside the store-time check):

* **storage**, SQLite's ``dbstat``: the bytes of ``scan_tiles`` with its index per tile row, of
  ``flag_keys`` with its indexes per row (certificate numbers and exact files), and what 10^5 records
  with 2.42 scans each (``precheck_scale``'s share) would then take at the measured tiles a scan;
* **look-up** of one scan as a change does it (``flags._lookup_hits``), on a sample of stored scans:
  CPU of the whole and of its SQL alone — which of the scan's tiles are common, which of its probes
  are, and who holds the rest — and the keys asked.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from sqlalchemy import select

from _report import line
from reviewdesk.server import flag_keys, flags
from reviewdesk.server.db import Database
from reviewdesk.server.models import Blob, FlagKey

#: Scans a record has in the extrapolation (``precheck_scale``'s seeded share) and records.
SCANS_PER_RECORD = 2.42
RECORDS = 100_000


def key_storage(path: Path, size: int) -> dict[str, float]:
    """Bytes a tile row and a text key row take with their indexes (pages in use, and of that what is
    empty space in them), from ``dbstat`` on the SQLite file at ``path``."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pages = {
            name: (size_, unused)
            for name, size_, unused in db.execute(
                "SELECT name, sum(pgsize), sum(unused) FROM dbstat GROUP BY name"
            )
        }
        tiles = db.execute("SELECT count(*) FROM scan_tiles").fetchone()[0]
        scans = db.execute("SELECT count(DISTINCT scan) FROM scan_tiles").fetchone()[0]
        keys = db.execute("SELECT count(*) FROM flag_keys").fetchone()[0]
    finally:
        db.close()
    tile_parts = ("scan_tiles", "ix_scan_tiles_scan")
    key_parts = ("flag_keys", "ix_flag_keys_key", "ix_flag_keys_record_id")
    tile_bytes = sum(pages.get(name, (0, 0))[0] for name in tile_parts)
    tile_unused = sum(pages.get(name, (0, 0))[1] for name in tile_parts)
    key_bytes = sum(pages.get(name, (0, 0))[0] for name in key_parts)
    per_tile = tile_bytes / max(tiles, 1)
    per_scan = tiles / max(scans, 1)
    target = per_tile * per_scan * SCANS_PER_RECORD * RECORDS
    print(
        f"#   keys on disk: scan_tiles {tiles:,} rows ({per_scan:.0f} a scan, {scans:,} scans) in "
        f"{pages.get('scan_tiles', (0, 0))[0] / 1e6:.0f} MB + its index "
        f"{pages.get('ix_scan_tiles_scan', (0, 0))[0] / 1e6:.0f} MB: {per_tile:.1f} bytes a row "
        f"({tile_unused / max(tiles, 1):.1f} of them free space in the pages); flag_keys {keys:,} rows, "
        f"{key_bytes / 1e6:.0f} MB with its indexes; 10^5 records × {SCANS_PER_RECORD} scans: "
        f"{target / 1e9:.1f} GB of tiles"
    )
    line(f"scale{size}_tile_row_bytes", per_tile, "bytes", "≤ ~40", per_tile <= 40, ".1f")
    line(f"scale{size}_tiles_gb_per_1e5_records", target / 1e9, "GB", "-", None, ".1f")
    return {"per_tile": per_tile, "target_gb": target / 1e9}


def lookup(database: Database, size: int, sample: int = 40, tag: str = "") -> dict[str, float]:
    """CPU per scan of one scan's look-up (``flags._lookup_hits``) and of its SQL alone, over
    ``sample`` stored scans spread over the table (``tag``: appended to the figures' names)."""
    whole: list[float] = []
    sql: list[float] = []
    asked: list[int] = []
    with database.read() as session:
        scans = session.execute(
            select(FlagKey.record_id, FlagKey.sha256)
            .join(Blob, Blob.sha256 == FlagKey.sha256)
            .where(
                FlagKey.key >= "x:", FlagKey.key < "y", Blob.scan_hash.is_not(None), Blob.sample.is_(False)
            )
            .order_by(FlagKey.id)
        ).all()
        chosen = scans[:: max(1, len(scans) // sample)][:sample]
        blobs = flag_keys.blob_rows(session, {sha for _, sha in chosen})
        for record_id, sha in chosen:
            snapshot = {"id": record_id, "materials": [{"images": [{"sha256": sha}]}]}
            started = time.process_time()
            flags._lookup_hits(session, [snapshot], blobs)
            whole.append(time.process_time() - started)
            stored = {key for key, _ in flag_keys.keys_of(snapshot, blobs) if isinstance(key, int)}
            started = time.process_time()
            common = flag_keys.common_tiles(session, stored)
            spent = time.process_time() - started
            probes = {key for key, _ in flag_keys.keys_of(snapshot, blobs, common) if isinstance(key, int)}
            started = time.process_time()
            rest = probes - flag_keys.common_tiles(session, probes)
            list(flag_keys.tile_holders(session, rest))
            sql.append(spent + time.process_time() - started)
            asked.append(len(probes))
    print(
        f"#   one scan's look-up{tag} ({len(whole)} scans): {statistics.median(asked):.0f} tiles asked; CPU median "
        f"{statistics.median(whole) * 1000:.0f} ms (max {max(whole) * 1000:.0f}), of which its SQL "
        f"{statistics.median(sql) * 1000:.0f} ms (max {max(sql) * 1000:.0f})"
    )
    line(f"scale{size}_lookup_sql_cpu_ms{tag}", statistics.median(sql) * 1000, "ms", "-", None, ".0f")
    line(f"scale{size}_lookup_cpu_ms{tag}", statistics.median(whole) * 1000, "ms", "-", None, ".0f")
    line(f"scale{size}_lookup_tiles_asked{tag}", statistics.median(asked), "tiles", "-", None, ".0f")
    return {
        "lookup": statistics.median(whole),
        "sql": statistics.median(sql),
        "asked": statistics.median(asked),
    }
