"""Records as the API shows them: the domain ReviewState of a row, and RecordSnapshots in bulk.

Snapshots are built for whole pages at once (one query per child table, ``IN`` the page's ids), never
one record at a time, so a 500-record page costs a handful of queries.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from reviewdesk.domain.beijing import BEIJING
from reviewdesk.domain.enums import BindingStatus, Library, ReviewStatus, SubmitStatus, Tier
from reviewdesk.domain.realname import RealNameStatus
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.server.candidate_models import CandidateAccount
from reviewdesk.server.flags import Found, add_flags
from reviewdesk.server.models import (
    HistoryEntry,
    Image,
    LibraryEntry,
    Material,
    Organisation,
    Record,
)

#: Times go out in China Standard Time, the offset every reviewer reads.
CST = BEIJING  # the server writes every time with +08:00 (domain.beijing)

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


#: Library codes in the enum's order (iterating the enum per record was a visible cost).
LIBRARY_CODES = tuple(library.value for library in Library)


@lru_cache(maxsize=1024)
def _review_state_of(
    submit_status: str,
    unit: str | None,
    county: str | None,
    city: str | None,
    province: str | None,
    at_tier: str | None,
    chain: str,
) -> ReviewState:
    """:func:`review_state` from the columns, memoized: a page meets a few dozen distinct states and
    building one validates and sorts (ReviewState is immutable, so sharing it is safe)."""
    values = dict(zip(STATUS_COLUMNS, (unit, county, city, province), strict=True))
    return ReviewState(
        submit_status=SubmitStatus(submit_status),
        statuses={tier: ReviewStatus(value) for tier, value in values.items() if value is not None},
        at_tier=Tier(at_tier) if at_tier else None,
        chain=tuple(Tier(t) for t in chain.split(",")),
    )


def _review_dict(*columns: Any) -> dict[str, Any]:
    """``review_state(record).to_dict()`` from the state columns (a fresh dict each call)."""
    return _review_state_of(*columns).to_dict()


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
# Children are read as plain rows (Core selects), not ORM objects: a 500-record page has thousands of
# materials, images and history entries, and identity-mapped objects would cost more than the query.
def material_rows(
    session: Session | Connection, record_ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    by_record: dict[int, list[dict[str, Any]]] = defaultdict(list)
    by_id: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(record_ids):
        query = (
            select(
                Material.id,
                Material.record_id,
                Material.kind,
                Material.version,
                Material.fields,
                Material.verify_status,
                Material.verify_remark,
                Material.verified_by,
                Material.verified_at,
            )
            .where(Material.record_id.in_(chunk))
            .order_by(Material.id)
        )
        for (
            mid,
            record_id,
            kind,
            version,
            fields,
            status,
            remark,
            verified_by,
            verified_at,
        ) in session.execute(query):
            material = {
                "id": mid,
                "kind": kind,
                "version": version,
                "fields": fields,
                "images": [],
                "verify_status": status,
                "verify_remark": remark,
                "verified_by": verified_by,
                "verified_at": iso(verified_at),
            }
            by_record[record_id].append(material)
            by_id[mid] = material
    material_ids = list(by_id)
    for chunk in _chunks(material_ids):
        query = (
            select(Image.material_id, Image.side, Image.sha256, Image.size, Image.mime, Image.filename)
            .where(Image.material_id.in_(chunk))
            .order_by(Image.material_id, Image.position, Image.id)
        )
        for material_id, side, sha256, size, mime, filename in session.execute(query):
            by_id[material_id]["images"].append(
                {"side": side, "sha256": sha256, "size": size, "mime": mime, "filename": filename}
            )
    return by_record


def record_columns() -> list[Any]:
    """Every ``records`` column: selecting these gives plain rows that :func:`build_snapshots` reads
    like ORM records, without identity-map costs."""
    return list(Record.__table__.columns)


def _core(session: Session | Connection) -> Connection:
    """The Connection under a Session (after a flush, so its pending changes are visible): the child
    rows are plain Core selects, and the ORM's result handling of them cost more than the queries."""
    if isinstance(session, Session):
        session.flush()
        return session.connection()
    return session


def build_snapshots(
    session: Session | Connection, records: Sequence[Any], project_name: str, hits: Found | None = None
) -> list[dict[str, Any]]:
    """RecordSnapshots (API.md) for ``records`` (ORM ``Record``s or rows of :func:`record_columns`),
    in the given order. Works on a Session or a plain Connection (the seed's bulk transactions).
    ``hits``: a re-flag's, found for the whole database at once (``flags.add_flags``)."""
    if not records:
        return []
    session = _core(session)
    ids = [r.id for r in records]
    materials = material_rows(session, ids)
    libraries: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    history: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for chunk in _chunks(ids):
        query = (
            select(LibraryEntry.record_id, LibraryEntry.library, LibraryEntry.text)
            .where(LibraryEntry.record_id.in_(chunk))
            .order_by(LibraryEntry.record_id, LibraryEntry.position, LibraryEntry.id)
        )
        for record_id, library, text in session.execute(query):
            libraries[record_id][library].append(text)
        query = (
            select(
                HistoryEntry.record_id,
                HistoryEntry.at,
                HistoryEntry.action,
                HistoryEntry.tier,
                HistoryEntry.org_id,
                HistoryEntry.actor,
                HistoryEntry.outcome,
                HistoryEntry.remark,
                HistoryEntry.decision_id,
                HistoryEntry.action_id,
            )
            .where(HistoryEntry.record_id.in_(chunk))
            .order_by(HistoryEntry.id)
        )
        for row in session.execute(query):
            history[row[0]].append(tuple(row))
    org_ids = {r.unit_id for r in records} | {e[4] for es in history.values() for e in es if e[4]}
    orgs = _org_rows(session, org_ids)
    bound = bindings(session, {r.unit_id for r in records})
    org_names = {org_id: org.name for org_id, org in orgs.items()}

    snapshots = []
    for record in records:
        unit = orgs.get(record.unit_id)
        record_libraries = libraries.get(record.id, {})
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
                "review": _review_dict(
                    record.submit_status,
                    record.status_unit,
                    record.status_county,
                    record.status_city,
                    record.status_province,
                    record.at_tier,
                    record.chain,
                ),
                "libraries": [
                    {"library": code, "entries": record_libraries.get(code, [])} for code in LIBRARY_CODES
                ],
                "materials": materials.get(record.id, []),
                "history": [
                    history_item(at, action, tier, org_names.get(org_id, "") if org_id else "", *rest)
                    for _rid, at, action, tier, org_id, *rest in history[record.id]
                ],
                "updated_at": iso(record.updated_at),
                "client_uid": record.client_uid,
                "info_version": record.info_version,
                "confirmation": {
                    "status": record.confirmation_status,
                    "note": record.confirmation_note,
                    "at": iso(record.confirmed_at),
                    "rev": record.confirmation_rev,
                },
                "binding": binding_of(bound, record.unit_id, record.id_type, record.id_number),
            }
        )
    add_flags(session, snapshots, hits)
    return snapshots


#: (unit id, 证件类型, 证件号码) → when a verified candidate account bound itself to that unit.
Bindings = dict[tuple[int, str, str], datetime]


def bindings(session: Session | Connection, unit_ids: Iterable[int]) -> Bindings:
    """The candidate accounts bound to these units (工作单位, seed 001 §三), by their verified identity:
    the record of that identity at that unit is the candidate's own (``confirm_page.own_record``)."""
    found: Bindings = {}
    for chunk in _chunks(sorted(set(unit_ids))):
        query = select(
            CandidateAccount.unit_id,
            CandidateAccount.id_type,
            CandidateAccount.id_number,
            CandidateAccount.bound_at,
        ).where(
            CandidateAccount.unit_id.in_(chunk),
            CandidateAccount.realname_status == RealNameStatus.VERIFIED.value,
        )
        for unit_id, id_type, id_number, bound_at in session.execute(query):
            key = (unit_id, id_type or "", id_number or "")
            if bound_at is not None and (key not in found or bound_at > found[key]):
                found[key] = bound_at
    return found


def binding_of(bound: Bindings, unit_id: int, id_type: str, id_number: str) -> dict[str, Any]:
    """A RecordSnapshot's ``binding``: whether the candidate has bound their account to the record's
    unit (``domain.enums.BindingStatus``), and since when."""
    at = bound.get((unit_id, id_type, id_number))
    status = BindingStatus.BOUND if at is not None else BindingStatus.UNBOUND
    return {"status": status.value, "at": iso(at)}


def history_item(
    at: datetime | None,
    action: str,
    tier: str | None,
    org_name: str,
    actor: str,
    outcome: str | None,
    remark: str,
    decision_id: str | None,
    action_id: str | None,
) -> dict[str, Any]:
    """One 审核进度 entry of a snapshot."""
    return {
        "at": iso(at),
        "action": action,
        "tier": tier,
        "org_name": org_name,
        "actor": actor,
        "outcome": outcome,
        "remark": remark,
        "decision_id": decision_id,
        "action_id": action_id,
    }


def reviewed_snapshot(
    before: Mapping[str, Any],
    record: Any,
    added_history: Sequence[Mapping[str, Any]],
    org_names: Mapping[int, str],
    project_name: str,
) -> dict[str, Any]:
    """What :func:`build_snapshots` gives for ``record`` after changes to its review state and 审核进度
    only (a decision batch: ``added_history`` are the rows it inserted, as ``mutations.history_row``
    makes them), from the record's snapshot before them (``snapshot_cache``'s, without ``"project"``).

    Why: a push of 1–50 decisions rebuilt every decided record's snapshot from six queries and the
    预审提示 rules — two thirds of a push's CPU (docs/PERFORMANCE.md, *Load*) — although a decision
    changes none of the materials, libraries and identity the rest is made of. The flags stay as the
    cache has them, as every download serves them."""
    snapshot: dict[str, Any] = {}
    for key, value in before.items():
        snapshot[key] = value
        if key == "pay_status":  # build_snapshots' order; the cache leaves the project out
            snapshot["project"] = project_name
    snapshot["version"] = record.version
    snapshot["review"] = _review_dict(
        record.submit_status,
        record.status_unit,
        record.status_county,
        record.status_city,
        record.status_province,
        record.at_tier,
        record.chain,
    )
    snapshot["history"] = [
        *before["history"],
        *(
            history_item(
                row["at"],
                row["action"],
                row["tier"],
                org_names.get(row["org_id"], "") if row["org_id"] else "",
                row["actor"],
                row["outcome"],
                row["remark"],
                row["decision_id"],
                row["action_id"],
            )
            for row in added_history
        ),
    ]
    snapshot["updated_at"] = iso(record.updated_at)
    return snapshot


def _org_rows(session: Session | Connection, ids: Iterable[int]) -> dict[int, Any]:
    """(id, name, parent_id) rows by id: what a snapshot shows of organisations (Core, so a Connection
    works too)."""
    wanted = sorted(set(ids))
    found: dict[int, Any] = {}
    for chunk in _chunks(wanted):
        query = select(Organisation.id, Organisation.name, Organisation.parent_id).where(
            Organisation.id.in_(chunk)
        )
        for row in session.execute(query):
            found[row.id] = row
    return found


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
