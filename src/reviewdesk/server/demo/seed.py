"""Fill an empty server database with demo data (``reviewdesk.server.demo.data``), fast.

Candidates are inserted in batches with Core ``insert()`` and lists of rows (executemany), ids assigned
here so children can point at parents without a round trip per row; one transaction per batch keeps
memory and the WAL bounded, so 100,000 candidates work (``benchmarks/seed_server.py`` measures it).
Every record gets a change-log row, so the feed serves it from the start, and its serialized snapshot
(``snapshot_cache``), built from the inserted rows in the batch's transaction.

Passwords: argon2 is slow on purpose (~0.1 s per hash), and the demo gives hundreds of accounts one
shared password, so each distinct password is hashed once and that hash stored for all its users.
Tests pass ``CHEAP_HASHER`` to make logins fast too.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from argon2 import PasswordHasher
from sqlalchemy import Connection, Engine, func, insert, select, text, update

from reviewdesk.domain.enums import Library, Tier
from reviewdesk.server import flag_keys, flags, snapshot_cache
from reviewdesk.server.blobstore import write_blob
from reviewdesk.server.db import make_engine, migrate
from reviewdesk.server.demo.candidate_side import seed_candidate_side
from reviewdesk.server.demo.records import DEMO_PASSWORD
from reviewdesk.server.models import (
    SINGLETON_ID,
    Blob,
    ChangeLog,
    FeedHead,
    FlagKey,
    HistoryEntry,
    Image,
    LibraryEntry,
    Material,
    Organisation,
    Record,
    ScanTile,
    ServerMeta,
    User,
)
from reviewdesk.server.records import materials_hash, state_columns, tiers_mask
from reviewdesk.server.security import DEFAULT_HASHER
from reviewdesk.server.settings import ProjectInfo

BATCH_SIZE = 1000


class DemoDataLike(Protocol):
    """What :func:`seed_database` reads (``reviewdesk.server.demo.data.DemoData`` has it)."""

    project: Any
    orgs: list[Any]
    users: list[Any]

    def candidates(self) -> Iterator[Any]: ...
    def blobs(self) -> Iterator[tuple[str, bytes, str]]: ...


@dataclass(frozen=True)
class SeedReport:
    orgs: int
    users: int
    candidates: int
    blobs: int
    seconds: float
    #: Scans that disagree with their record on purpose (``demo/scans.py``), listed in
    #: :data:`MISMATCH_FILE` beside the blob folder when there are any.
    scan_mismatches: tuple[Any, ...] = ()


class AlreadySeeded(RuntimeError):
    """Seeding adds organisations with fixed ids: it only runs on a database without any."""


def org_paths(orgs: Iterable[Any]) -> dict[int, str]:
    """Materialised paths ``"/1/5/23/"`` for every organisation, whatever order they come in."""
    parents = {org.id: org.parent_id for org in orgs}
    paths: dict[int, str] = {}

    def path(org_id: int) -> str:
        if org_id not in paths:
            parent = parents[org_id]
            paths[org_id] = (path(parent) if parent is not None else "/") + f"{org_id}/"
        return paths[org_id]

    for org_id in parents:
        path(org_id)
    return paths


def seed_database(
    db_url: str,
    blob_dir: Path,
    data: DemoDataLike,
    *,
    hasher: PasswordHasher = DEFAULT_HASHER,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Migrate ``db_url``, then insert ``data``: organisations, users, blobs, candidates, the feed."""
    started = time.perf_counter()
    engine = make_engine(db_url)
    try:
        migrate(engine)
        writer = engine.execution_options(reviewdesk_write=True)
        with writer.begin() as connection:
            if connection.scalar(select(func.count()).select_from(Organisation)):
                raise AlreadySeeded("数据库中已有机构数据，不能重复初始化")
            _seed_project(connection, data.project)
            paths = org_paths(data.orgs)
            _seed_orgs(connection, data.orgs, paths)
            _seed_users(connection, data.users, hasher)
        samples = frozenset(getattr(data, "sample_blobs", lambda: ())())
        blobs = _seed_blobs(writer, blob_dir, data.blobs(), samples)
        mismatches: list[Any] = []
        count, personal = _seed_candidates(
            writer, data.candidates(), paths, batch_size, progress, blob_dir, mismatches
        )
        _flag_matches(writer)
        with writer.begin() as connection:
            seed_candidate_side(connection, hasher, DEMO_PASSWORD)
        _fix_sequences(engine)
    finally:
        engine.dispose()
    if mismatches:
        write_mismatches(blob_dir.parent / MISMATCH_FILE, mismatches)
    return SeedReport(
        len(data.orgs),
        len(data.users),
        count,
        blobs + personal,
        time.perf_counter() - started,
        tuple(mismatches),
    )


#: The ground truth of the scans that disagree with their records on purpose, beside the blob folder.
MISMATCH_FILE = "scan_mismatches.csv"


def write_mismatches(path: Path, mismatches: Iterable[Any]) -> None:
    """One line per planted disagreement (证件号码, 姓名, 材料, 字段, 记录中, 证书上): for a trainer, and for a
    benchmark of pre-check flags that needs to know what there is to catch."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["证件号码", "姓名", "材料", "字段", "记录中", "证书上"])
        for m in mismatches:
            writer.writerow([m.id_number, m.name, m.material, m.field, m.on_record, m.on_scan])


def _seed_project(connection: Connection, project: Any) -> None:
    info = ProjectInfo(project.name, project.type, project.year)
    connection.execute(
        update(ServerMeta)
        .where(ServerMeta.id == SINGLETON_ID)
        .values(project_name=info.name, project_type=info.type, project_year=info.year)
    )


def _seed_orgs(connection: Connection, orgs: list[Any], paths: dict[int, str]) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "id": org.id,
            "name": org.name,
            "tier": Tier(org.tier).value,
            "division_code": org.division_code,
            "parent_id": org.parent_id,
            "path": paths[org.id],
            "confirmation_code": org.confirmation_code,
            "code_updated_at": now if org.confirmation_code else None,
        }
        for org in sorted(orgs, key=lambda o: paths[o.id].count("/"))  # parents before children
    ]
    connection.execute(insert(Organisation), rows)


def _seed_users(connection: Connection, users: list[Any], hasher: PasswordHasher) -> None:
    hashes: dict[str, str] = {}
    now = datetime.now(UTC)
    rows = []
    for user in users:
        if user.password not in hashes:
            hashes[user.password] = hasher.hash(user.password)
        rows.append(
            {
                "username": user.username,
                "display_name": user.display_name,
                "org_id": user.org_id,
                "role": user.role,
                "password_hash": hashes[user.password],
                "active": True,
                "created_at": now,
            }
        )
    if rows:
        connection.execute(insert(User), rows)


def _seed_blobs(
    engine: Engine,
    blob_dir: Path,
    blobs: Iterable[tuple[str, bytes, str]],
    samples: frozenset[str] = frozenset(),
) -> int:
    """Store the images, each checked once (预审提示 on the bytes); ``samples`` are shared sample
    pictures (the demo's pool), which the reused-scan check leaves alone."""
    now = datetime.now(UTC)
    rows: dict[str, dict[str, Any]] = {}
    for sha256, data, mime in blobs:
        write_blob(blob_dir, data, sha256)
        rows[sha256] = {
            "sha256": sha256,
            "size": len(data),
            "mime": mime,
            "created_at": now,
            "sample": sha256 in samples,
            **flags.scan_columns(data),
        }
    with engine.begin() as connection:
        known = set(connection.scalars(select(Blob.sha256)))
        new = [row for sha, row in rows.items() if sha not in known]
        if new:
            connection.execute(insert(Blob), new)
    return len(rows)


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch


def _seed_candidates(
    engine: Engine,
    candidates: Iterator[Any],
    paths: dict[int, str],
    batch_size: int,
    progress: Callable[[int], None] | None,
    blob_dir: Path,
    mismatches: list[Any],
) -> tuple[int, int]:
    """Inserts the candidates in batches; returns (candidates, personal scans written). Scans painted
    from a record go to the blob store before the batch that refers to them."""
    with engine.connect() as connection:
        next_record = (connection.scalar(select(func.max(Record.id))) or 0) + 1
        next_material = (connection.scalar(select(func.max(Material.id))) or 0) + 1
        connection.rollback()
    done = personal = 0
    for batch in _batches(candidates, batch_size):
        scans = [(s.sha256, s.data, s.mime) for c in batch for s in getattr(c, "scans", ())]
        if scans:
            personal += _seed_blobs(engine, blob_dir, scans)
        mismatches += [c.scan_mismatch for c in batch if getattr(c, "scan_mismatch", None) is not None]
        rows: dict[str, list[dict[str, Any]]] = {
            "records": [],
            "materials": [],
            "images": [],
            "libraries": [],
            "history": [],
            "changes": [],
        }
        for candidate in batch:
            _candidate_rows(candidate, next_record, next_material, paths, rows)
            next_record += 1
            next_material += len(candidate.materials)
        with engine.begin() as connection:
            connection.execute(insert(Record), rows["records"])
            if rows["materials"]:
                connection.execute(insert(Material), rows["materials"])
            if rows["images"]:
                connection.execute(insert(Image), rows["images"])
            if rows["libraries"]:
                connection.execute(insert(LibraryEntry), rows["libraries"])
            if rows["history"]:
                connection.execute(insert(HistoryEntry), rows["history"])
            # Sequence numbers for the batch, handed out under the feed_head row lock like any change.
            connection.execute(
                update(FeedHead)
                .where(FeedHead.id == SINGLETON_ID)
                .values(seq=FeedHead.seq + len(rows["changes"]))
            )
            head = int(connection.scalar(select(FeedHead.seq).where(FeedHead.id == SINGLETON_ID)) or 0)
            first = head - len(rows["changes"]) + 1
            for offset, change in enumerate(rows["changes"]):
                change["seq"] = first + offset
            connection.execute(insert(ChangeLog), rows["changes"])
            # The keys cross-candidate checks look up, then the serialized snapshots (with their flags),
            # built from the rows just inserted, like every later change does.
            ids = [row["id"] for row in rows["records"]]
            flag_keys.update_keys_of(connection, ids)
            snapshot_cache.refresh(connection, ids)
        done += len(batch)
        if progress is not None:
            progress(done)
    return done, personal


def _flag_matches(engine: Engine) -> None:
    """A candidate seeded in a later batch may share a scan or a number with an earlier one, whose
    cached snapshot was built before: rebuild the snapshots of every record that shares a key or a
    scan's tile (``scan_tiles``, each on the ``x:`` row of its record's scan)."""
    with engine.begin() as connection:
        shared = (
            select(FlagKey.key).group_by(FlagKey.key).having(func.count(func.distinct(FlagKey.record_id)) > 1)
        )
        sharing = set(connection.scalars(select(FlagKey.record_id).where(FlagKey.key.in_(shared))))
        shared_tiles = (
            select(ScanTile.tile)
            .join(FlagKey, FlagKey.id == ScanTile.scan)
            .group_by(ScanTile.tile)
            .having(func.count(func.distinct(FlagKey.record_id)) > 1)
        )
        holders = (
            select(FlagKey.record_id)
            .join(ScanTile, FlagKey.id == ScanTile.scan)
            .where(ScanTile.tile.in_(shared_tiles))
        )
        ids = sorted(sharing | set(connection.scalars(holders)))
        for start in range(0, len(ids), BATCH_SIZE):
            snapshot_cache.refresh(connection, ids[start : start + BATCH_SIZE])


def _candidate_rows(
    candidate: Any,
    record_id: int,
    material_id: int,
    paths: dict[int, str],
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    now = datetime.now(UTC)
    review = candidate.review
    times = [e.at for e in candidate.history] + ([candidate.submitted_at] if candidate.submitted_at else [])
    created = min(times) if times else now
    updated = max(times) if times else now
    hash_input = []
    for material in candidate.materials:
        rows["materials"].append(
            {
                "id": material_id,
                "record_id": record_id,
                "kind": material.kind.value,
                "version": 1,
                "content_version": 1,
                "fields": dict(material.fields),
                "verify_status": material.verify_status.value,
                "verify_remark": material.verify_remark,
                "verified_by": None,
                "verified_at": None,
            }
        )
        for position, image in enumerate(material.images):
            rows["images"].append(
                {
                    "material_id": material_id,
                    "position": position,
                    "side": image.side.value,
                    "sha256": image.sha256,
                    "mime": image.mime,
                    "size": image.size,
                    "filename": image.filename,
                }
            )
        hash_input.append((material.kind.value, dict(material.fields), [i.sha256 for i in material.images]))
        material_id += 1
    for library in Library:
        for position, entry in enumerate(candidate.libraries.get(library, [])):
            rows["libraries"].append(
                {"record_id": record_id, "library": library.value, "position": position, "text": entry}
            )
    for event in candidate.history:
        rows["history"].append(
            {
                "record_id": record_id,
                "at": event.at,
                "action": event.action.value,
                "tier": event.tier.value if event.tier else None,
                "org_id": event.org_id,
                "actor": event.actor,
                "outcome": event.outcome.value if event.outcome else None,
                "remark": event.remark,
                "decision_id": None,
                "action_id": None,
            }
        )
    rows["records"].append(
        {
            "id": record_id,
            "version": 1,
            "submission_rev": candidate.submission_rev,
            "materials_hash": materials_hash(hash_input),
            "name": candidate.name,
            "gender": candidate.gender,
            "id_type": candidate.id_type.value,
            "id_number": candidate.id_number,
            "birth_date": candidate.birth_date,
            "phone": candidate.phone,
            "level": candidate.level.value,
            "category_code": candidate.category_code,
            "category_name": candidate.category_name,
            "education_level": candidate.education_level.value,
            "frontline": candidate.frontline,
            "pay_status": candidate.pay_status.value,
            "unit_id": candidate.unit_id,
            "org_path": paths[candidate.unit_id],
            "submitted_at": candidate.submitted_at,
            **state_columns(review),
            "created_at": created,
            "updated_at": updated,
        }
    )
    rows["changes"].append(
        {
            "record_id": record_id,
            "org_path": paths[candidate.unit_id],
            "tiers": tiers_mask(review),
            "prev_org_path": None,
            "prev_tiers": None,
            "changed_at": now,
        }
    )


def _fix_sequences(engine: Engine) -> None:
    """PostgreSQL: ids were given explicitly, so move the id sequences past them."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in ("organisations", "records", "materials"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )


__all__ = ["AlreadySeeded", "SeedReport", "org_paths", "seed_database"]
