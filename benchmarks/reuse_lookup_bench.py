"""The reused-scan look-up's CPU at 10^5 scans, measured: ``python benchmarks/reuse_lookup_bench.py
[--pages 400] [--scans 10000,100000]``.

Why a benchmark of its own: ``precheck_bench.py --parts ownscans`` measures the whole-database look-up
(``server.flag_index``) on scans drawn and fingerprinted one by one (~50 ms CPU each), so it reached
8,337 scans and extrapolated to 10^5. Here ``--pages`` pages of the demo's two certificate templates
are drawn and fingerprinted (``reuse_bench.py``'s drawn people), and each of N scans is one of them
with its **own text**: its tiles that are on at most 2 of the drawn pages (a name, a date, a number)
get bits of their own, so each scan is another person's certificate; the tiles of the template's frame
and heading stay as drawn (common, as at the server). Every 50th scan also gets a copy with 3 of its
look-up bits moved per tile (what a re-saved copy changes). Then the look-up's part that grows with
the scans — every scan's tiles read from its stored hash, the common keys counted, every probe matched
(``flag_index._tile_candidates``) — runs on an SQLite file of those hashes, and its CPU time is
printed with the number of candidate pairs it hands to the confirmation. What this does **not**
measure: recall (``reuse_bench.py``), the confirmations (``precheck_bench.py --parts ownscans``: ~4 ms
CPU a pair), the certificate numbers and exact files (two range scans of the key index).
Goal: it runs only in a ``reflag`` after a scan-checks change (a record-rule change re-flags from the
kept verdicts, ``scan_verdicts``, and looks no scan up), beside checking every stored scan again (~1.6
h for 10^5 records, docs/API.md): at most a tenth of that, :data:`BUDGET`, at 10^5 scans. Its peak
memory, measured in a process of its own (the look-up's alone, not the N hashes this one drew), at most
:data:`MEMORY` at 10^5 scans (issue 17). ``--probe-flips N,…``: the same look-up for each of these
``scan_checks.KEY_PROBE_FLIPS`` (how many of a tile's uncertain bits a probe flips at once), one after
the other on the same scans, in the same run (figures named ``…_flipsN``): what a look-up change costs
against the same-run baseline. ``--database FILE``: instead of drawn scans, the look-up of every scan
of that SQLite server database (a copy of a ``precheck_scale`` one: its real photographed pages meet far
more pairs than the drawn ones, and the pairs met are most of the look-up's memory), for each
``--probe-flips``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, insert, select
from sqlalchemy.orm import Session

from _report import line, peak_rss_mb
from reuse_bench import jpeg, person
from reviewdesk.domain import scan_checks
from reviewdesk.server.demo.scans import PERSONAL_KINDS, ScanPainter, certificate_lines
from reviewdesk.server.flag_index import _tile_candidates
from reviewdesk.server.flags import MAX_CONFIRMED, TILE_CANDIDATES
from reviewdesk.server.models import Blob, FlagKey, Record

#: s CPU at 10^5 scans: a tenth of the one-off re-check of every scan it runs beside (version 4 took
#: 23.5 s when it still ran in every record-rule re-flag, whose 60 s left it ~30 s).
BUDGET = 600.0
#: MB peak of the look-up's process at 10^5 scans (issue 17: it took 6.8 GB in one pass over every
#: row; a server has 10^5 records × 2.4 scans, and the re-flag runs beside the server).
MEMORY = 1500.0


def drawn_hashes(pages: int, seed: int) -> list[str]:
    """The look-up hashes of ``pages`` drawn certificates, the two templates alternately."""
    rng = random.Random(f"reuse-lookup:{seed}")
    painter, templates = ScanPainter(), list(PERSONAL_KINDS.items())
    hashes = []
    for index in range(pages):
        kind, title = templates[index % len(templates)]
        page = painter.page(title, certificate_lines(kind, *person(rng)))
        hashes.append(scan_checks.check_scan(jpeg(page, 80)).hash)
    return hashes


def people(hashes: list[str], scans: int, seed: int) -> list[str]:
    """``scans`` hashes: drawn pages with their rare tiles given bits of their own (see the docstring),
    and every 50th followed by a copy of it with 3 bits per tile moved."""
    rng = random.Random(f"reuse-lookup-people:{seed}")
    parts = [scan_checks.hash_parts(text) for text in hashes]
    seen = Counter(f"{tag}:{bits}" for page in parts for tag, bits, _ in page)
    prefix = f"{scan_checks.HASH_FORMAT}:"
    out: list[str] = []
    while len(out) < scans:
        page = parts[len(out) % len(parts)]
        width = len(page[0][1]) * 4 if page else 0
        own = [
            (
                tag,
                f"{rng.getrandbits(width):0{width // 4}x}" if seen[f"{tag}:{bits}"] <= 2 else bits,
                uncertain,
            )
            for tag, bits, uncertain in page
        ]
        out.append(prefix + " ".join(":".join(key) for key in own))
        if len(out) % 50 == 0 and len(out) < scans:
            moved = []
            for tag, bits, uncertain in own:
                value = int(bits, 16)
                for position in rng.sample(range(width), 3):
                    value ^= 1 << position
                moved.append((tag, f"{value:0{width // 4}x}", uncertain))
            out.append(prefix + " ".join(":".join(key) for key in moved))
    return out


def lookup(texts: list[str], folder: Path, flips: int) -> tuple[float, float, int, int, float, float]:
    """(CPU s, wall s, scans with candidates, candidate pairs, peak MB, MB before the look-up) of the
    tile look-up over ``texts``, run in a process of its own: its peak memory is the look-up's (and
    its imports'), not this one's, which holds the N hashes it drew (~1.7 GB at 10^5). ``flips``: the
    child's ``scan_checks.KEY_PROBE_FLIPS``."""
    path = folder / f"lookup-{len(texts)}.db"
    engine = create_engine(f"sqlite:///{path}")
    Blob.__table__.create(engine)
    at = datetime.now(UTC)
    with Session(engine) as session:
        for start in range(0, len(texts), 5000):
            session.execute(
                insert(Blob),
                [
                    {
                        "sha256": f"{i:064x}",
                        "size": 1,
                        "mime": "image/jpeg",
                        "created_at": at,
                        "scan_hash": text,
                    }
                    for i, text in enumerate(texts[start : start + 5000], start)
                ],
            )
        session.commit()
    engine.dispose()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        figures = pool.apply(_lookup_in_child, (str(path), len(texts), flips))
    path.unlink()
    return figures


def _lookup_in_child(path: str, size: int, flips: int) -> tuple[float, float, int, int, float, float]:
    """:func:`lookup`'s part in the child process."""
    scan_checks.KEY_PROBE_FLIPS = flips
    engine = create_engine(f"sqlite:///{path}")
    scans = [(i + 1, f"{i:064x}") for i in range(size)]  # one record each, one person each
    persons = {record: f"person {record}" for record, _ in scans}
    before = peak_rss_mb()
    with Session(engine) as session:
        wall, cpu = time.perf_counter(), time.process_time()
        # as many pairs as the second stage keeps (the scans here have no prints to order them by)
        found = list(_tile_candidates(session, scans, persons, top=MAX_CONFIRMED))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    engine.dispose()
    peak = peak_rss_mb()
    return cpu, wall, len(found), sum(len(candidates) for _, _, candidates in found), peak, before


def database_lookup(path: Path, flips: int) -> tuple[float, float, int, int, float, float]:
    """:func:`lookup`'s figures for every scan of the server database at ``path`` (its ``x:`` rows,
    their records' candidates), each keeping ``flags.TILE_CANDIDATES`` candidates as
    ``flag_index.whole_database_hits`` does before the second stage; in a process of its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_database_in_child, (str(path), flips))


def _database_in_child(path: str, flips: int) -> tuple[float, float, int, int, float, float]:
    """:func:`database_lookup`'s part in the child process."""
    scan_checks.KEY_PROBE_FLIPS = flips
    engine = create_engine(f"sqlite:///{path}")
    before = peak_rss_mb()
    with Session(engine) as session:
        held = select(FlagKey.record_id, FlagKey.sha256).where(FlagKey.key >= "x:", FlagKey.key < "y")
        scans = sorted({(rid, sha) for rid, sha in session.execute(held)})
        persons = {rid: number for rid, number in session.execute(select(Record.id, Record.id_number))}
        wall, cpu = time.perf_counter(), time.process_time()
        found = list(_tile_candidates(session, scans, persons, top=TILE_CANDIDATES))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    engine.dispose()
    return cpu, wall, len(found), sum(len(candidates) for _, _, candidates in found), peak_rss_mb(), before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=400, help="certificates drawn and fingerprinted")
    parser.add_argument("--scans", default="10000,100000", help="database sizes (comma-separated)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database", type=Path, default=None, help="a copy of a server database (SQLite) to look up instead"
    )
    parser.add_argument(
        "--probe-flips",
        default=str(scan_checks.KEY_PROBE_FLIPS),
        help="scan_checks.KEY_PROBE_FLIPS to measure, one after the other (comma-separated)",
    )
    args = parser.parse_args()
    settings = [int(n) for n in args.probe_flips.split(",") if n]
    if args.database is not None:
        for flips in settings:
            tag = f"_flips{flips}" if len(settings) > 1 else ""
            load = os.getloadavg()[0]
            cpu, wall, holders, pairs, peak, before = database_lookup(args.database, flips)
            print(f"#   {args.database.name}, ≤ {flips} bits flipped: {cpu:.1f} s CPU, {wall:.1f} s wall, {peak:.0f} MB "
                  f"peak ({before:.0f} MB before the look-up; load average {load:.1f} → {os.getloadavg()[0]:.1f}); "
                  f"{holders} scans with candidates, {pairs} candidates (up to {TILE_CANDIDATES} a scan)")  # fmt: skip
            line(f"reuse_lookup_database_cpu_seconds{tag}", cpu, "s", "-", None, ".1f")
            line(f"reuse_lookup_database_peak_memory_mb{tag}", peak, "MB", "-", None, ".0f")
        return
    started = time.process_time()
    hashes = drawn_hashes(args.pages, args.seed)
    tiles = sum(len(scan_checks.hash_parts(text)) for text in hashes) / len(hashes)
    print(f"# {args.pages} pages drawn and fingerprinted in {time.process_time() - started:.1f} s CPU; "
          f"{tiles:.0f} tiles a page, {scan_checks.KEY_PROBE_BITS} probed bits")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="reviewdesk-reuse-lookup-") as folder:
        for size in sorted(int(n) for n in args.scans.split(",") if n):
            texts = people(hashes, size, args.seed)
            for flips in settings:
                tag = f"_flips{flips}" if len(settings) > 1 else ""
                load = os.getloadavg()[0]
                cpu, wall, holders, pairs, peak, before = lookup(texts, Path(folder), flips)
                print(f"#   {size} scans, ≤ {flips} bits flipped: {cpu:.1f} s CPU, {wall:.1f} s wall, {peak:.0f} MB "
                      f"peak ({before:.0f} MB before the look-up; load average {load:.1f} → "
                      f"{os.getloadavg()[0]:.1f}); {holders} scans with candidates, {pairs} candidate pairs to "
                      "confirm")  # fmt: skip
                ok = cpu <= BUDGET if size >= 100_000 else None
                line(
                    f"reuse_lookup_cpu_seconds_at_{size}_scans{tag}",
                    cpu,
                    "s",
                    f"≤{BUDGET:g}" if ok is not None else "-",
                    ok,
                    ".1f",
                )
                line(
                    f"reuse_lookup_pairs_per_scan_at_{size}_scans{tag}",
                    pairs / size,
                    "pairs",
                    "-",
                    None,
                    ".2f",
                )
                ok = peak <= MEMORY if size >= 100_000 else None
                line(
                    f"reuse_lookup_peak_memory_mb_at_{size}_scans{tag}",
                    peak,
                    "MB",
                    f"≤{MEMORY:g}" if ok is not None else "-",
                    ok,
                    ".0f",
                )


if __name__ == "__main__":
    main()
