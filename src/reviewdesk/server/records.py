"""Records as the API shows them: the domain ReviewState of a row, and RecordSnapshots in bulk.

Snapshots are built for whole pages at once (one query per child table, ``IN`` the page's ids), never
one record at a time, so a 500-record page costs a handful of queries.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import Library, ReviewStatus, SubmitStatus, Tier
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.server.models import (
    HistoryEntry,
    Image,
    LibraryEntry,
    Material,
    Organisation,
    Record,
)

#: Times go out in China Standard Time, the offset every reviewer reads.
CST = timezone(timedelta(hours=8))

STATUS_COLUMNS: dict[Tier, str] = {
    Tier.UNIT: "status_unit",
    Tier.COUNTY: "status_county",
    Tier.CITY: "status_city",
    Tier.PROVINCE: "status_province",
}


def iso(value: datetime | None) -> str | None:
    return value.astimezone(CST).isoformat(timespec="seconds") if value is not None else None


def iso_date(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def path_ids(path: str) -> list[int]:
    """``"/1/5/23/"`` → ``[1, 5, 23]``."""
    return [int(part) for part in path.strip("/").split("/") if part]


def tier_bit(tier: Tier) -> int:
    return 1 << tier.rank


# -- review state --------------------------------------------------------------------------------
def review_state(record: Record) -> ReviewState:
    statuses = {
        tier: ReviewStatus(value)
        for tier, column in STATUS_COLUMNS.items()
        if (value := getattr(record, column)) is not None
    }
    return ReviewState(
        submit_status=SubmitStatus(record.submit_status),
        statuses=statuses,
        at_tier=Tier(record.at_tier) if record.at_tier else None,
        chain=tuple(Tier(t) for t in record.chain.split(",")),
    )


def state_columns(state: ReviewState) -> dict[str, Any]:
    """The record columns that hold ``state``."""
    columns: dict[str, Any] = {column: None for column in STATUS_COLUMNS.values()}
    for tier, status in state.statuses.items():
        columns[STATUS_COLUMNS[tier]] = status.value
    columns["submit_status"] = state.submit_status.value
    columns["at_tier"] = state.at_tier.value if state.at_tier else None
    columns["chain"] = ",".join(t.value for t in state.chain)
    return columns


def apply_state(record: Record, state: ReviewState) -> None:
    for column, value in state_columns(state).items():
        setattr(record, column, value)


def tiers_mask(state: ReviewState) -> int:
    """Bit mask of the tiers that see the record (the unit always does)."""
    mask = tier_bit(Tier.UNIT)
    for tier in state.statuses:
        mask |= tier_bit(tier)
    return mask


def record_tiers_mask(record: Record) -> int:
    mask = tier_bit(Tier.UNIT)
    for tier, column in STATUS_COLUMNS.items():
        if getattr(record, column) is not None:
            mask |= tier_bit(tier)
    return mask


def materials_hash(materials: Iterable[tuple[str, dict[str, Any], Sequence[str]]]) -> str:
    """API.md: sha256 of the canonical JSON of ``[[kind, fields, [image sha256 …]] …]`` in material id
    order (``sort_keys``, no spaces, UTF-8 without escaping)."""
    payload = [[kind, fields, list(shas)] for kind, fields, shas in materials]
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_materials_hash(session: Session, record_id: int) -> str:
    materials = session.scalars(
        select(Material).where(Material.record_id == record_id).order_by(Material.id)
    ).all()
    images = _images_by_material(session, [m.id for m in materials])
    return materials_hash((m.kind, m.fields, [i.sha256 for i in images[m.id]]) for m in materials)


def _images_by_material(session: Session, material_ids: Sequence[int]) -> dict[int, list[Image]]:
    by_material: dict[int, list[Image]] = defaultdict(list)
    for chunk in _chunks(material_ids):
        for image in session.scalars(
            select(Image)
            .where(Image.material_id.in_(chunk))
            .order_by(Image.material_id, Image.position, Image.id)
        ):
            by_material[image.material_id].append(image)
    return by_material


def _chunks(ids: Sequence[int], size: int = 900) -> Iterable[Sequence[int]]:
    """Bound ``IN (…)`` lists (SQLite's parameter limit, PostgreSQL's plan cache)."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# -- snapshots -----------------------------------------------------------------------------------
def material_snapshot(material: Material, images: Sequence[Image]) -> dict[str, Any]:
    return {
        "id": material.id,
        "kind": material.kind,
        "version": material.version,
        "fields": material.fields,
        "images": [
            {"side": i.side, "sha256": i.sha256, "size": i.size, "mime": i.mime, "filename": i.filename}
            for i in images
        ],
        "verify_status": material.verify_status,
        "verify_remark": material.verify_remark,
        "verified_by": material.verified_by,
        "verified_at": iso(material.verified_at),
    }


def build_snapshots(session: Session, records: Sequence[Record], project_name: str) -> list[dict[str, Any]]:
    """RecordSnapshots (API.md) for ``records``, in the given order."""
    if not records:
        return []
    ids = [r.id for r in records]
    materials: dict[int, list[Material]] = defaultdict(list)
    libraries: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    history: dict[int, list[HistoryEntry]] = defaultdict(list)
    for chunk in _chunks(ids):
        for material in session.scalars(
            select(Material).where(Material.record_id.in_(chunk)).order_by(Material.id)
        ):
            materials[material.record_id].append(material)
        for entry in session.scalars(
            select(LibraryEntry)
            .where(LibraryEntry.record_id.in_(chunk))
            .order_by(LibraryEntry.record_id, LibraryEntry.position, LibraryEntry.id)
        ):
            libraries[entry.record_id][entry.library].append(entry.text)
        for event in session.scalars(
            select(HistoryEntry).where(HistoryEntry.record_id.in_(chunk)).order_by(HistoryEntry.id)
        ):
            history[event.record_id].append(event)
    images = _images_by_material(session, [m.id for ms in materials.values() for m in ms])
    org_ids = {r.unit_id for r in records} | {e.org_id for es in history.values() for e in es if e.org_id}
    orgs = organisations_by_id(session, org_ids)

    snapshots = []
    for record in records:
        unit = orgs.get(record.unit_id)
        state = review_state(record)
        snapshots.append(
            {
                "id": record.id,
                "version": record.version,
                "submission_rev": record.submission_rev,
                "materials_hash": record.materials_hash,
                "name": record.name,
                "id_type": record.id_type,
                "id_number": record.id_number,
                "gender": record.gender,
                "birth_date": iso_date(record.birth_date),
                "phone": record.phone,
                "submit_status": record.submit_status,
                "submitted_at": iso(record.submitted_at),
                "pay_status": record.pay_status,
                "project": project_name,
                "level": record.level,
                "category_code": record.category_code,
                "category_name": record.category_name,
                "education_level": record.education_level,
                "frontline": record.frontline,
                "unit_id": record.unit_id,
                "unit_name": unit.name if unit else "",
                "unit_parent_id": unit.parent_id if unit else None,
                "org_path": path_ids(record.org_path),
                "review": state.to_dict(),
                "libraries": [
                    {"library": library.value, "entries": libraries[record.id].get(library.value, [])}
                    for library in Library
                ],
                "materials": [material_snapshot(m, images[m.id]) for m in materials[record.id]],
                "history": [_history_entry(e, orgs) for e in history[record.id]],
                "updated_at": iso(record.updated_at),
            }
        )
    return snapshots


def _history_entry(event: HistoryEntry, orgs: dict[int, Organisation]) -> dict[str, Any]:
    org = orgs.get(event.org_id) if event.org_id else None
    return {
        "at": iso(event.at),
        "action": event.action,
        "tier": event.tier,
        "org_name": org.name if org else "",
        "actor": event.actor,
        "outcome": event.outcome,
        "remark": event.remark,
        "decision_id": event.decision_id,
    }


def organisations_by_id(session: Session, ids: Iterable[int]) -> dict[int, Organisation]:
    wanted = sorted(set(ids))
    found: dict[int, Organisation] = {}
    for chunk in _chunks(wanted):
        for org in session.scalars(select(Organisation).where(Organisation.id.in_(chunk))):
            found[org.id] = org
    return found


def chain_for_unit(session: Session, unit: Organisation) -> tuple[Tier, ...]:
    """The tiers a unit reports through: itself, then each ancestor's tier, lowest first."""
    ancestors = organisations_by_id(session, path_ids(unit.path))
    tiers = {Tier(org.tier) for org in ancestors.values()} | {Tier.UNIT}
    return tuple(sorted(tiers, key=lambda t: t.rank))
