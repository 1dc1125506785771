"""预审提示 at scale, where records have several scans of their own (issue 17's "flagging a 100,000-record
database ≤ 60 s", on a database like a real one): part ``scale`` of ``precheck_bench.py``.

``python benchmarks/precheck_bench.py --parts scale --workdir W --scale-records 2500,5000,10000``

1. **Seeding** (``--parts scaleseed``), on a copy of the seeded demo database in ``W`` (100,000 records):
   the first N records get their own scans — each of their first ``--scans-per-record`` A/B images
   replaced by a page drawn for that person (``reuse_bench.person`` on the demo's two certificate
   templates, flatbed: the hardest case for the look-up, every page of a template on one background),
   and every 50th record's last one by a rescaled, re-compressed copy of the previous record's first
   page (a planted reuse). Pages are drawn, encoded and checked by the real code
   (``flags.scan_columns``: ``scan_checks.check_scan``) in ``--jobs`` worker processes, which write
   the files into the blob store; this process writes the rows in bulk. Each size is finished by a
   full ``reflag`` (every scan looked up, every candidate pair judged and its verdict kept, every
   record re-flagged) and kept as ``scale-N.db``; a larger size continues from the smaller one.
2. **Figures** (``--parts scalefigs``), on a copy of each ``scale-N.db``:
   (a) ``reflag`` after a record-rule change (``precheck.FLAGS_VERSION`` moved): the goal, ≤ 60 s;
   (b) after a scan-checks change, measured on a sample: CPU per scan re-checked and per pair
   compared, the wall with one and two processes, and the whole-database look-up; extrapolated;
   (c) the store-time check of one new scan: a record's image replaced in one transaction as a
   change does it (``uploads.store_scan``, keys, the look-up, comparisons, its snapshot, its peers).
   ``--parts scalestore``: (c) alone, at every size (``store_time``), with what the look-up keys take
   on disk and one scan's look-up (``precheck_keys``).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, func, select, text, update

import precheck_keys
from _report import line
from reuse_bench import jpeg, person
from reviewdesk.domain import precheck, scan_checks
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.server import flag_keys, flags, peers, scan_verdicts, snapshot_cache
from reviewdesk.server.blobstore import write_blob
from reviewdesk.server.db import Database, migrate
from reviewdesk.server.demo.scans import PERSONAL_KINDS, ScanPainter, certificate_lines
from reviewdesk.server.flag_index import whole_database_hits
from reviewdesk.server.models import Blob, Image, Material, Record, ScanVerdict
from reviewdesk.server.records import build_snapshots, record_columns
from reviewdesk.server.uploads import store_scan

GOAL_SECONDS = 60
#: Every COPY_EVERY-th record's last scan is a copy of the previous record's first page.
COPY_EVERY = 50
#: Records drawn per task of a worker process.
TASK_RECORDS = 40
#: The size the goal speaks of: 10^5 records with this many scans each.
TARGET_RECORDS = 100_000

_painter: ScanPainter | None = None


def _page(kind: MaterialKind, who: tuple[str, str, Any, dict[str, str]], rng: random.Random) -> Any:
    global _painter
    if _painter is None:
        _painter = ScanPainter()
    name, gender, birth, _ = who
    fields = person(rng)[3]  # another certificate of the same person: other dates, school, number
    kind = kind if kind in PERSONAL_KINDS else MaterialKind.EDUCATION
    return _painter.page(PERSONAL_KINDS[kind], certificate_lines(kind, name, gender, birth, fields))


def _draw(task: tuple[str, int, list[tuple[int, list[tuple[int, str]]]]]) -> list[dict[str, Any]]:
    """A worker's task: the scans of a few records, drawn, checked by the real code and written into
    the blob store. ``task``: (blob dir, seed, [(record id, [(image id, material kind)])])."""
    blob_dir, seed, records = task
    out: list[dict[str, Any]] = []
    previous: tuple[int, Any] | None = None  # the last record's id and first page
    for record_id, images in records:
        rng = random.Random(f"scale:{seed}:{record_id}")
        who = person(rng)
        first = None
        for index, (image_id, kind) in enumerate(images):
            copy_of = None
            if (
                index == len(images) - 1
                and index > 0
                and record_id % COPY_EVERY == 0
                and previous is not None
            ):
                copy_of, page = previous
                data = jpeg(page.resize((page.width * 7 // 10, page.height * 7 // 10)), 60)
            else:
                page = _page(MaterialKind(kind), who, rng)
                data = jpeg(page, 80)
            first = page if index == 0 else first
            sha = write_blob(Path(blob_dir), data)
            out.append({"record_id": record_id, "image_id": image_id, "sha256": sha, "size": len(data),
                        "copy_of": copy_of, **flags.scan_columns(data)})  # fmt: skip
        previous = (record_id, first) if first is not None else previous
    return out


def _images_of(
    database: Database, record_ids: Sequence[int], per_record: int
) -> list[tuple[int, list[tuple[int, str]]]]:
    """Each record's first ``per_record`` A/B images (material order) as (image id, material kind)."""
    query = (
        select(Material.record_id, Image.id, Material.kind)
        .join(Material, Material.id == Image.material_id)
        .where(Material.record_id.in_(bindparam("ids", expanding=True)), Image.side.in_(("A", "B")))
        .order_by(Material.record_id, Material.id, Image.position, Image.id)
    )
    found: dict[int, list[tuple[int, str]]] = {}
    with database.read() as session:
        for start in range(0, len(record_ids), 900):
            for record_id, image_id, kind in session.execute(
                query, {"ids": list(record_ids[start : start + 900])}
            ):
                held = found.setdefault(record_id, [])
                if len(held) < per_record:
                    held.append((image_id, kind))
    return [(rid, found[rid]) for rid in record_ids if rid in found]


def _write(database: Database, drawn: list[dict[str, Any]]) -> None:
    """The drawn scans' rows: blobs (with what the checks found), images pointing at them, and the
    records' keys."""
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    at = datetime.now(UTC)
    with database.write() as session:
        blobs = [{"sha256": d["sha256"], "size": d["size"], "mime": "image/jpeg", "created_at": at, "sample": False,
                  "scan_version": d["scan_version"], "scan_flags": d["scan_flags"], "scan_hash": d["scan_hash"],
                  "scan_print": d["scan_print"]} for d in drawn]  # fmt: skip
        session.execute(sqlite_insert(Blob).on_conflict_do_nothing(), blobs)
        session.execute(
            update(Image.__table__)
            .where(Image.__table__.c.id == bindparam("image_id"))
            .values(sha256=bindparam("sha"), size=bindparam("bytes"), mime="image/jpeg"),
            [{"image_id": d["image_id"], "sha": d["sha256"], "bytes": d["size"]} for d in drawn],
        )
        flag_keys.update_keys_of(session, sorted({d["record_id"] for d in drawn}))


def _settle(database: Database, seeded: Sequence[int], jobs: int) -> int:
    """What a store-time check of every seeded scan leaves, done for them all at once: every candidate
    pair the whole-database look-up finds judged and kept (only the new ones compared, ``jobs``
    processes), and the cached snapshot of every seeded record and of every record a look-up met built
    again with its flags (their images changed). Returns the pairs compared."""
    from reviewdesk.server.feed import server_meta
    from reviewdesk.server.scan_verdicts import judge_all

    with database.read() as session:
        hits = whole_database_hits(session)
    hits.judged, compared = judge_all(database, flags._candidate_pairs(hits), jobs=jobs)
    ids = sorted(set(seeded) | set(hits))
    for start in range(0, len(ids), 1000):
        with database.write() as session:
            rows = session.execute(
                select(*record_columns()).where(Record.id.in_(ids[start : start + 1000]))
            ).all()
            built = build_snapshots(session, rows, "", hits)
            snapshot_cache.store_many(
                session, [(row.id, row.version, snap) for row, snap in zip(rows, built, strict=True)]
            )
    with database.write() as session:
        server_meta(session).matches_version = scan_checks.SCAN_CHECKS_VERSION
    return compared


def _progress_file(workdir: Path) -> Path:
    return workdir / "scale-progress.json"


def seed(workdir: Path, sizes: Sequence[int], per_record: int, seed_value: int, jobs: int) -> None:
    """Part 1 (module docstring): every size in ``sizes`` kept as ``scale-N.db``."""
    scale_db, blob_dir = workdir / "scale.db", workdir / "blobs"
    progress = _progress_file(workdir)
    state = json.loads(progress.read_text()) if progress.is_file() else {"records": 0, "planted": []}
    if not scale_db.is_file():
        shutil.copyfile(workdir / "precheck.db", scale_db)
        state = {"records": 0, "planted": []}
    database = Database.open(f"sqlite:///{scale_db}")
    migrate(database.engine)
    with database.read() as session:
        all_ids = list(session.scalars(select(Record.id).order_by(Record.id)))
    try:
        with ProcessPoolExecutor(jobs) as pool:
            for size in sorted(sizes):
                if (workdir / f"scale-{size}.db").is_file():
                    state["records"] = max(state["records"], size)
                    continue
                started, cpu = time.perf_counter(), time.process_time()
                todo = _images_of(database, all_ids[state["records"] : size], per_record)
                tasks = [
                    (str(blob_dir), seed_value, todo[i : i + TASK_RECORDS])
                    for i in range(0, len(todo), TASK_RECORDS)
                ]
                scans = 0
                for drawn in pool.map(_draw, tasks):
                    _write(database, drawn)
                    scans += len(drawn)
                    state["planted"] += [[d["copy_of"], d["record_id"]] for d in drawn if d["copy_of"]]
                seeded = all_ids[:size]
                state["records"] = size
                drawn_s = time.perf_counter() - started
                settle_started = time.perf_counter()
                compared = _settle(database, seeded, jobs)
                progress.write_text(json.dumps(state))
                print(f"# scale seed {size} records: {scans} scans drawn, checked and written in {drawn_s:.0f} s "
                      f"wall; {compared} candidate pairs compared and the caches built in "
                      f"{time.perf_counter() - settle_started:.0f} s; total {time.perf_counter() - started:.0f} s "
                      f"({time.process_time() - cpu:.0f} s CPU here, + workers)", flush=True)  # fmt: skip
                database.dispose()
                with database.engine.connect() as connection:
                    connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
                shutil.copyfile(scale_db, workdir / f"scale-{size}.db")
                (workdir / f"scale-{size}.json").write_text(json.dumps(state))
    finally:
        database.dispose()


def _sqlite(path: Path) -> str:
    return f"sqlite:///{path}"


def _reused_pairs(database: Database, planted: Sequence[Sequence[int]]) -> tuple[int, int]:
    """Of the planted (original, copy) record pairs: how many have ``scan_reused`` on both records."""
    import orjson

    from reviewdesk.server.models import SnapshotCache

    ids = sorted({rid for pair in planted for rid in pair})
    with database.read() as session:
        rows = session.execute(
            select(SnapshotCache.record_id, SnapshotCache.snapshot).where(SnapshotCache.record_id.in_(ids))
        )
        flagged = {
            rid for rid, data in rows if any(f["code"] == "scan_reused" for f in orjson.loads(data)["flags"])
        }
    return sum(a in flagged and b in flagged for a, b in planted), len(planted)


def _counts(database: Database) -> tuple[int, int, int]:
    """(records, own scans with keys, kept verdicts)."""
    with database.read() as session:
        records = session.scalar(select(func.count()).select_from(Record)) or 0
        scans = (
            session.scalar(
                select(func.count())
                .select_from(Blob)
                .where(Blob.scan_hash.is_not(None), Blob.sample.is_(False))
            )
            or 0
        )
        verdicts = session.scalar(select(func.count()).select_from(ScanVerdict)) or 0
    return records, scans, verdicts


def _timed(work: Any) -> tuple[Any, float, float, float]:
    """(result, wall s, CPU s of this process, load average at the start)."""
    load, wall, cpu = os.getloadavg()[0], time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu, load


def figures(workdir: Path, sizes: Sequence[int], jobs: int, sample: int, uploads: int) -> None:
    """Part 2 (module docstring) for every size seeded."""
    rows = []
    for size in sorted(sizes):
        kept = workdir / f"scale-{size}.db"
        if not kept.is_file():
            print(f"# scale {size}: not seeded, skipped")
            continue
        state = json.loads((workdir / f"scale-{size}.json").read_text())
        scratch = workdir / "scale-scratch.db"
        shutil.copyfile(kept, scratch)
        database = Database.open(_sqlite(scratch))
        try:
            rows.append(
                _figures_of(database, workdir / "blobs", size, state["planted"], jobs, sample, uploads)
            )
        finally:
            database.dispose()
    if not rows:
        return
    _scaling(rows)


def store_time(workdir: Path, sizes: Sequence[int], uploads: int, probe_flips: Sequence[int] = ()) -> None:
    """(c) alone (``--parts scalestore``), on a copy of each ``scale-N.db``: whether the store-time
    check of one new scan grows with the database, and before it what the look-up keys take on disk
    and one scan's look-up costs (``precheck_keys``). The copies must be under the current scan checks
    (``scaleversion``'s result, or ``reviewdesk-server reflag --jobs 2`` run on them).

    ``probe_flips`` (``--probe-flips``, several): the look-up and (c) for each of these
    ``scan_checks.KEY_PROBE_FLIPS`` in the same run — the look-up twice, the settings alternated on
    one copy (it writes nothing), and (c) on a fresh copy per setting (it stores scans); figures named
    ``…_flipsN``."""
    settings = list(probe_flips) or [scan_checks.KEY_PROBE_FLIPS]
    in_use = scan_checks.KEY_PROBE_FLIPS
    for size in sorted(sizes):
        kept = workdir / f"scale-{size}.db"
        if not kept.is_file():
            print(f"# scale {size}: not seeded, skipped")
            continue
        for n, flips in enumerate(settings):
            tag = f"_flips{flips}" if len(settings) > 1 else ""
            scratch = workdir / "scale-scratch.db"
            shutil.copyfile(kept, scratch)
            database = Database.open(_sqlite(scratch))
            try:
                with database.read() as session:
                    stale = session.scalar(select(func.count()).select_from(Blob).where(
                        Blob.scan_version != scan_checks.SCAN_CHECKS_VERSION))  # fmt: skip
                if stale:
                    print(
                        f"# scale {size}: {stale} scans under other scan checks: run reviewdesk-server reflag on it first"
                    )
                    break
                if n == 0:
                    records, scans, verdicts = _counts(database)
                    print(f"# scale {size}: {records} records, {scans} scans with keys, {verdicts} kept verdicts "
                          f"(load average {os.getloadavg()[0]:.2f})")  # fmt: skip
                    precheck_keys.key_storage(scratch, size)
                    for round_ in range(2 if len(settings) > 1 else 1):
                        for each in settings:
                            scan_checks.KEY_PROBE_FLIPS = each
                            suffix = f"_flips{each}_round{round_ + 1}" if len(settings) > 1 else ""
                            print(f"#   (load average {os.getloadavg()[0]:.2f})")
                            precheck_keys.lookup(database, size, tag=suffix)
                scan_checks.KEY_PROBE_FLIPS = flips
                print(f"#   (c){tag} (load average {os.getloadavg()[0]:.2f})")
                _figures_c(database, workdir / "blobs", size, uploads, tag)
            finally:
                scan_checks.KEY_PROBE_FLIPS = in_use
                database.dispose()


def _figures_of(
    database: Database,
    blob_dir: Path,
    size: int,
    planted: Sequence[Sequence[int]],
    jobs: int,
    sample: int,
    uploads: int,
) -> dict[str, float]:
    records, scans, verdicts = _counts(database)
    both, pairs = _reused_pairs(database, planted)
    print(f"# scale {size}: {records} records, {scans} scans with keys, {verdicts} kept verdicts; planted copies "
          f"flagged on both records: {both}/{pairs}")  # fmt: skip
    # (a) a record-rule change
    original = precheck.FLAGS_VERSION
    precheck.FLAGS_VERSION = original + 1
    try:
        (checked, changed), wall, cpu, load = _timed(lambda: flags.reflag_all(database, blob_dir))
    finally:
        precheck.FLAGS_VERSION = original
    print(f"#   (a) record-rule reflag: {changed}/{records} records, {checked} scans checked; {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU (load average {load:.2f} at the start)")  # fmt: skip
    line(
        f"scale{size}_reflag_record_rules_seconds", wall, "s", f"≤{GOAL_SECONDS}", wall <= GOAL_SECONDS, ".1f"
    )
    line(f"scale{size}_reflag_record_rules_cpu_seconds", cpu, "s", "-", None, ".1f")
    out: dict[str, float] = {
        "size": size,
        "records": records,
        "scans": scans,
        "a_wall": wall,
        "a_cpu": cpu,
        "jobs": jobs,
    }
    if sample:  # (b) a scan-checks change, on a sample: re-checking scans, the whole-database look-up, pairs
        out.update(_figures_b(database, blob_dir, scans, jobs, sample))
    if uploads:  # (c) the store-time check of one new scan
        out.update(_figures_c(database, blob_dir, size, uploads))
    return out


def _figures_b(database: Database, blob_dir: Path, scans: int, jobs: int, sample: int) -> dict[str, float]:
    with database.read() as session:
        own = list(
            session.scalars(
                select(Blob.sha256)
                .where(Blob.scan_hash.is_not(None), Blob.sample.is_(False))
                .order_by(Blob.sha256)
                .limit(2 * sample)
            )
        )
    per_scan = {}
    for workers, part in ((1, own[:sample]), (jobs, own[sample:])):
        with database.write() as session:
            session.execute(
                update(Blob).where(Blob.sha256.in_(bindparam("s", expanding=True))).values(scan_version=None),
                {"s": part},
            )
        done, wall, cpu, load = _timed(lambda w=workers: flags.recheck_blobs(database, blob_dir, jobs=w))
        per_scan[workers] = (wall / max(done, 1), cpu / max(done, 1), load)
        print(f"#   (b) re-check {done} scans, {workers} process(es): {wall:.1f} s wall ({wall / max(done, 1) * 1000:.1f} ms a scan), "
              f"{cpu / max(done, 1) * 1000:.1f} ms CPU a scan here (load average {load:.2f})")  # fmt: skip
    hits, lookup_wall, lookup_cpu, load = _timed(lambda: _look_up(database))
    candidate_pairs = sorted(flags._candidate_pairs(hits))
    chosen = candidate_pairs[:: max(1, len(candidate_pairs) // (2 * sample))][: 2 * sample]
    with database.write() as session:
        for a, b in chosen:
            session.execute(delete(ScanVerdict).where(ScanVerdict.sha_a == a, ScanVerdict.sha_b == b))
    per_pair = {}
    for workers, part in ((1, chosen[: len(chosen) // 2]), (jobs, chosen[len(chosen) // 2 :])):
        (_, compared), judge_wall, judge_cpu, load = _timed(
            lambda w=workers, p=part: scan_verdicts.judge_all(database, p, jobs=w)
        )
        per_pair[workers] = (judge_wall / max(compared, 1), judge_cpu / max(compared, 1))
        print(f"#   (b) compared {compared} pairs, {workers} process(es): {judge_wall:.1f} s wall "
              f"({per_pair[workers][0] * 1000:.1f} ms a pair), {per_pair[workers][1] * 1000:.1f} ms CPU a pair here "
              f"(load average {load:.2f})")  # fmt: skip
    print(f"#   (b) whole-database look-up {lookup_wall:.1f} s wall, {lookup_cpu:.1f} s CPU; {len(candidate_pairs)} "
          f"candidate pairs ({len(candidate_pairs) / max(scans, 1):.2f} a scan)")  # fmt: skip
    per_pair_wall = per_pair[jobs][0]
    return {"check_wall_1": per_scan[1][0], "check_cpu": per_scan[1][1], "check_wall_jobs": per_scan[jobs][0],
            "lookup_cpu": lookup_cpu, "pairs_per_scan": len(candidate_pairs) / max(scans, 1),
            "pair_wall_jobs": per_pair_wall}  # fmt: skip


def _figures_c(
    database: Database, blob_dir: Path, size: int, uploads: int, tag: str = ""
) -> dict[str, float]:
    parts: list[tuple[float, float, float, int, float]] = []
    uploaded: list[int] = []
    per_upload = _uploads(database, blob_dir, uploads, parts, uploaded)
    print(f"#   (c) one new scan stored and checked as a change does it: median {statistics.median(per_upload) * 1000:.0f} ms wall, "
          f"max {max(per_upload) * 1000:.0f} ms ({len(per_upload)} uploads); medians: image checks "
          f"{statistics.median(p[0] for p in parts) * 1000:.0f} ms, the record's keys, look-up, comparisons and snapshot "
          f"{statistics.median(p[1] for p in parts) * 1000:.0f} ms, its peers re-flagged "
          f"{statistics.median(p[2] for p in parts) * 1000:.0f} ms ({statistics.median(p[3] for p in parts):.0f} peers); "
          f"CPU {statistics.median(p[4] for p in parts) * 1000:.0f} ms (median)")  # fmt: skip
    line(
        f"scale{size}_store_time_check_ms{tag}", statistics.median(per_upload) * 1000, "ms", "-", None, ".0f"
    )
    line(
        f"scale{size}_store_time_check_cpu_ms{tag}",
        statistics.median(p[4] for p in parts) * 1000,
        "ms",
        "-",
        None,
        ".0f",
    )
    unjudged, pairs = _left_to_reflag_full(database)
    print(f"#   (c) after the uploads, candidate pairs a fresh whole-database look-up makes without a kept verdict "
          f"(what reflag --full would compare): {unjudged} of {pairs}")  # fmt: skip
    line(f"scale{size}_store_time_pairs_left_to_reflag_full", unjudged, "pairs", "0", unjudged == 0, "d")
    around, differ = _fresh_around(database, uploaded)
    print(f"#   (c) records around the uploads (sharing a non-common key with their scans), a sample rebuilt fresh: "
          f"{differ} of {around} with other flags than were sent")  # fmt: skip
    line(
        f"scale{size}_store_time_records_differing_from_a_fresh_build{tag}",
        differ,
        "records",
        "0",
        differ == 0,
        "d",
    )
    return {"upload": statistics.median(per_upload)}


def _left_to_reflag_full(database: Database) -> tuple[int, int]:
    """Whether the store-time judging left what a rebuild judges: the candidate pairs a fresh
    whole-database look-up makes (``flag_index.whole_database_hits``) that have no kept verdict —
    what ``reviewdesk-server reflag --full`` would compare. Returns (those, all candidate pairs).
    0 on a freshly seeded ``scale-N.db`` (its seed ends with a full re-flag)."""
    with database.read() as session:
        pairs = flags._candidate_pairs(whole_database_hits(session))
        kept = scan_verdicts.kept(session, pairs)
    return len(pairs) - len(kept), len(pairs)


def _fresh_around(database: Database, record_ids: Sequence[int], sample: int = 60) -> tuple[int, int]:
    """Whether what the uploads left is what a fresh build gives: of the records sharing a non-common
    key with the uploaded records' scans (the store-time check no longer re-flags them), a sample of
    up to ``sample`` built afresh (each looked up and its pairs judged) against its cached flags.
    Returns (records compared, how many differ)."""
    from reviewdesk.server.records import material_rows

    with database.read() as session:
        materials = material_rows(session, record_ids)
        snapshots = [{"id": rid, "materials": materials.get(rid, [])} for rid in record_ids]
        blobs = flag_keys.blob_rows(session, flag_keys.image_shas(snapshots))
        asked = {
            key for keys in flag_keys.lookup_keys(session, snapshots, blobs).keys.values() for key, _ in keys
        }
        tiles = {key for key in asked if isinstance(key, int)}
        around = sorted(flag_keys.records_with_keys(session, asked - flag_keys.common_tiles(session, tiles)))
        chosen = around[:: max(1, len(around) // sample)][:sample]
        rows = list(
            session.execute(select(*record_columns()).where(Record.id.in_(chosen)).order_by(Record.id))
        )
        fresh = build_snapshots(session, rows, "")
        cached = flags.cached_flags(session, chosen)
    differ = sum(cached[snap["id"]][0] != snap["flags"] for snap in fresh)
    return len(fresh), differ


def _look_up(database: Database) -> flags.Found:
    with database.read() as session:
        return whole_database_hits(session)


def _uploads(
    database: Database,
    blob_dir: Path,
    count: int,
    parts: list[tuple[float, float, float, int, float]],
    uploaded: list[int] | None = None,
) -> list[float]:
    """Seconds per new scan on a record that has scans of its own: the record's first image replaced
    by a new page (every other one a copy of another record's scan) in one write transaction — stored
    and checked (``store_scan``), the record's keys, snapshot and matches, its peers re-flagged."""
    with database.read() as session:
        targets = list(session.execute(
            select(Material.record_id, func.min(Image.id)).join(Material, Material.id == Image.material_id)
            .join(Blob, Blob.sha256 == Image.sha256).where(Blob.scan_hash.is_not(None), Blob.sample.is_(False))
            .group_by(Material.record_id).order_by(Material.record_id).limit(count * 4)
        ))[:: 4][:count]  # fmt: skip
    rng = random.Random("scale-uploads")
    times: list[float] = []
    for index, (record_id, image_id) in enumerate(targets):
        if index % 2:
            other = targets[index - 1][1]
            with database.read() as session:
                sha = session.scalar(select(Image.sha256).where(Image.id == other))
            from PIL import Image as Picture

            from reviewdesk.server.blobstore import blob_path

            page = Picture.open(blob_path(blob_dir, sha or ""))
            data = jpeg(page.resize((page.width * 8 // 10, page.height * 8 // 10)), 70)
        else:
            data = jpeg(_page(MaterialKind.EDUCATION, person(rng), rng), 80)
        started, cpu = time.perf_counter(), time.process_time()
        with database.write() as session:
            blob = store_scan(session, blob_dir, data)
            checked = time.perf_counter()
            session.execute(
                update(Image).where(Image.id == image_id).values(sha256=blob.sha256, size=len(data))
            )
            session.execute(update(Record).where(Record.id == record_id).values(version=Record.version + 1))
            row = session.execute(select(*record_columns()).where(Record.id == record_id)).one()
            change = peers.store_keys(session, [record_id])
            snapshot = build_snapshots(session, [row], "")[0]
            snapshot_cache.store(session, record_id, row.version, snapshot)
            shared = peers.sharing(session, change)
            own = time.perf_counter()
            peers.reflag_peers(session, shared)
        times.append(time.perf_counter() - started)
        if uploaded is not None:
            uploaded.append(record_id)
        spent = time.process_time() - cpu
        parts.append((checked - started, own - checked, time.perf_counter() - own, len(shared), spent))
    return times


def _scaling(rows: Sequence[dict[str, float]]) -> None:
    """Fit (a) against the number of scans (its records are the same 10^5: a line through the smallest
    and largest size) and extrapolate (a) and (b) to 10^5 records with as many scans a record as seeded."""
    if len(rows) < 2:
        print("# one size measured: no growth with the scans to extrapolate from")
        return
    first, last = rows[0], rows[-1]
    per_record = last["scans"] / max(last["size"], 1)
    target_scans = TARGET_RECORDS * per_record
    scale = TARGET_RECORDS / max(last["records"], 1)
    fitted = {}
    for key in ("a_wall", "a_cpu"):
        slope = max(0.0, (last[key] - first[key]) / max(last["scans"] - first["scans"], 1))
        fixed = max(0.0, last[key] - slope * last["scans"])  # the part that grows with records
        fitted[key] = (slope, fixed * scale + slope * target_scans)
    slope, a_target = fitted["a_wall"]
    print(f"# (a) grows by {slope * 1e5:.1f} s wall ({fitted['a_cpu'][0] * 1e5:.1f} s CPU) per 10^5 scans between "
          f"the sizes measured; at {TARGET_RECORDS} records × {per_record:.1f} scans = {target_scans:.0f} scans: "
          f"~{a_target:.0f} s wall, ~{fitted['a_cpu'][1]:.0f} s CPU (extrapolated)")  # fmt: skip
    line("reflag_record_rules_seconds_extrapolated_1e5_records", a_target, "s", f"≤{GOAL_SECONDS}",
         a_target <= GOAL_SECONDS, ".0f")  # fmt: skip
    line(
        "reflag_record_rules_cpu_seconds_extrapolated_1e5_records", fitted["a_cpu"][1], "s", "-", None, ".0f"
    )
    if "check_wall_jobs" not in last:
        return
    jobs = int(last["jobs"])
    check = target_scans * last["check_wall_jobs"]
    look_up = last["lookup_cpu"] * target_scans / max(last["scans"], 1)
    judge = target_scans * last["pairs_per_scan"] * last["pair_wall_jobs"]
    b_target = check + look_up + judge + a_target
    print(f"# (b) scan-checks change at {target_scans:.0f} scans, {jobs} processes: re-check ~{check:.0f} s "
          f"({last['check_cpu'] * 1000:.1f} ms CPU a scan), look-up ~{look_up:.0f} s, comparisons ~{judge:.0f} s, "
          f"records ~{a_target:.0f} s: ~{b_target / 60:.0f} min (extrapolated; a one-off job, resumable)")  # fmt: skip
    line("reflag_scan_checks_seconds_extrapolated_1e5_records", b_target, "s", "-", None, ".0f")


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def version_change(workdir: Path, size: int, jobs: int, uploads: int) -> None:
    """(b) measured whole: ``scale-N.db`` seeded under older scan checks (or one with every scan's
    version set back) re-flagged by this code as ``reviewdesk-server reflag --jobs`` does it — every scan
    checked again, every record's keys rebuilt, every scan looked up, every candidate pair without a
    verdict of this version compared, every record re-flagged; then (a) and (c) on the result."""
    kept = workdir / f"scale-{size}.db"
    scratch = workdir / "scale-version.db"
    shutil.copyfile(kept, scratch)
    database = Database.open(_sqlite(scratch))
    blob_dir = workdir / "blobs"
    try:
        migrate(database.engine)
        with database.write() as session:
            stale = session.scalar(select(func.count()).select_from(Blob).where(
                Blob.scan_version != scan_checks.SCAN_CHECKS_VERSION))  # fmt: skip
            if (
                not stale
            ):  # seeded under these checks: set every scan's version back, as an upgrade finds them
                session.execute(update(Blob).values(scan_version=scan_checks.SCAN_CHECKS_VERSION - 1))
        records, scans, _ = _counts(database)
        children = _children_cpu()
        checked, wall, cpu, load = _timed(lambda: flags.recheck_blobs(database, blob_dir, jobs=jobs))
        workers = _children_cpu() - children
        print(f"# scan-checks change at {size} records ({records} records, {scans} scans with keys), {jobs} processes: "
              f"{checked} scans re-checked in {wall:.0f} s wall ({wall / max(checked, 1) * 1000:.1f} ms a scan), "
              f"{(cpu + workers) / max(checked, 1) * 1000:.1f} ms CPU a scan (load average {load:.2f} at the start)")  # fmt: skip
        children = _children_cpu()
        (_, changed), rest_wall, rest_cpu, load = _timed(
            lambda: flags.reflag_all(database, blob_dir, jobs=jobs)
        )
        workers = _children_cpu() - children
        _, _, verdicts = _counts(database)
        total = wall + rest_wall
        print(f"#   then keys, look-up, {verdicts} verdicts kept, {changed} records changed: {rest_wall:.0f} s wall, "
              f"{rest_cpu:.0f} s CPU here + {workers:.0f} s in the workers (load average {load:.2f}); "
              f"the whole re-flag {total:.0f} s wall")  # fmt: skip
        line(f"scale{size}_reflag_scan_checks_seconds", total, "s", "one-off", None, ".0f")
        line(
            f"scale{size}_reflag_scan_checks_recheck_ms_per_scan",
            wall / max(checked, 1) * 1000,
            "ms",
            "-",
            None,
            ".1f",
        )
        state = json.loads((workdir / f"scale-{size}.json").read_text())
        _figures_of(database, blob_dir, size, state["planted"], jobs, 0, uploads)
    finally:
        database.dispose()
