"""The unit's candidates as the 考生信息填报 page shows them: the server's snapshot with the unsynced
entries laid over it, in the order made (so what was entered offline is what is seen, marked 未同步).

A candidate entered here and not yet answered exists only as its queued creation; one the server has
is a held record (``records``/``snapshots``) known by its ``client_uid`` (or the uid derived from its id).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from reviewdesk.domain.enums import BindingStatus, MaterialKind
from reviewdesk.domain.material_forms import FORMS
from reviewdesk.domain.scan_names import NameProblem, parse_scan_name
from reviewdesk.models.local import LocalBase
from reviewdesk.store.entry.queue import CANDIDATE, EntryCommand, pending_in, uid_for_record

if TYPE_CHECKING:
    from reviewdesk.store.workspace import Workspace

RECORDS = LocalBase.metadata.tables["records"]
SNAPSHOTS = LocalBase.metadata.tables["snapshots"]
INFO_KEYS = ("name", "id_type", "id_number", "gender", "birth_date", "phone", "level", "category_code")


@dataclass(frozen=True)
class EntryImage:
    """A page of a material: its hash, the certificate it shows and the page number."""

    sha256: str
    title: str
    page: int

    def to_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "title": self.title, "page": self.page}


@dataclass(frozen=True)
class EntryMaterial:
    kind: MaterialKind
    fields: Mapping[str, str]
    images: tuple[EntryImage, ...]
    version: int | None  #: the server's (None: not on the server yet)
    pending: bool = False


@dataclass
class EntryCandidate:
    """One candidate of the unit, as entered."""

    uid: str
    record_id: int | None
    info: dict[str, str]
    info_version: int | None
    confirmation: dict[str, Any]
    submit_status: str
    materials: dict[MaterialKind, EntryMaterial] = field(default_factory=dict)
    pending: int = 0
    category_name: str = ""
    #: The server's last snapshot of the candidate (None: not on the server yet) — its 预审提示 and what
    #: the entries are laid over (``store.entry.flags``).
    snapshot: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.info.get("name", "")

    @property
    def binding(self) -> BindingStatus | None:
        """工作单位 as the server last said: has the candidate bound their verified account to this unit?
        None when the server has not answered for the candidate yet (or is older than the field)."""
        said = (self.snapshot or {}).get("binding") or {}
        try:
            return BindingStatus(said.get("status"))
        except ValueError:
            return None

    def server_base(self, target: str) -> dict[str, Any]:
        """The base a new command on ``target`` ("candidate" or a material kind) stands on."""
        rev = int(self.confirmation.get("rev", 0)) if self.record_id is not None else 0
        if target == CANDIDATE:
            version = self.info_version if self.record_id is not None else None
        else:
            material = self.materials.get(MaterialKind(target))
            version = material.version if material is not None else None
        return {"version": version, "confirmation_rev": rev}


def images_of(material: Mapping[str, Any]) -> tuple[EntryImage, ...]:
    """A server material's images as (sha256, certificate, page): read back from the name the server
    gave them, else from the material's scan slots in order."""
    kind = MaterialKind(material["kind"])
    slots = FORMS[kind].scans
    out = []
    for index, image in enumerate(material.get("images") or ()):
        try:
            name = parse_scan_name(image.get("filename") or "")
            title, page = name.title, name.page
        except NameProblem:
            title, page = slots[min(index, len(slots) - 1)].title, index + 1
        out.append(EntryImage(image["sha256"], title, page))
    return tuple(out)


def _from_snapshot(server_id: str, snapshot: Mapping[str, Any]) -> EntryCandidate:
    record_id = int(snapshot["id"])
    uid = snapshot.get("client_uid") or uid_for_record(server_id, record_id)
    candidate = EntryCandidate(
        uid=uid,
        record_id=record_id,
        info={key: str(snapshot.get(key) or "") for key in INFO_KEYS},
        info_version=int(snapshot.get("info_version") or 1),
        confirmation=dict(snapshot.get("confirmation") or {"status": "confirmed", "note": "", "rev": 0}),
        submit_status=snapshot.get("submit_status") or "",
        category_name=snapshot.get("category_name") or "",
        snapshot=snapshot,
    )
    for material in snapshot.get("materials") or ():
        kind = MaterialKind(material["kind"])
        if kind not in candidate.materials:
            candidate.materials[kind] = EntryMaterial(
                kind, dict(material.get("fields") or {}), images_of(material), int(material["version"])
            )
    return candidate


def _overlay(candidate: EntryCandidate | None, commands: Sequence[EntryCommand]) -> EntryCandidate | None:
    for command in commands:
        payload = command.payload
        if command.kind == CANDIDATE:
            info = {key: str(value) for key, value in (payload.get("candidate") or {}).items()}
            if candidate is None:
                candidate = EntryCandidate(
                    uid=command.candidate_uid,
                    record_id=None,
                    info=info,
                    info_version=None,
                    confirmation={"status": "pending", "note": "", "rev": 0},
                    submit_status="not_submitted",
                )
            else:
                candidate.info = {**candidate.info, **info}
        elif candidate is not None:
            material = payload.get("material") or {}
            kind = MaterialKind(material["kind"])
            held = candidate.materials.get(kind)
            candidate.materials[kind] = EntryMaterial(
                kind,
                dict(material.get("fields") or {}),
                tuple(
                    EntryImage(i["sha256"], i["title"], int(i.get("page", 1)))
                    for i in material.get("images") or ()
                ),
                held.version if held is not None else None,
                pending=True,
            )
        if candidate is not None:
            candidate.pending += 1
    return candidate


def candidates(ws: Workspace) -> list[EntryCandidate]:
    """Every candidate of the unit, as entered: held records first (by id), then new ones (in the order
    entered)."""
    with ws.engine.connect() as conn:
        snapshots = [row[0] for row in conn.execute(select(SNAPSHOTS.c.snapshot).order_by(SNAPSHOTS.c.id))]
        commands = pending_in(conn)
    return _fold(ws.me.server_id, snapshots, commands)


def candidate(ws: Workspace, uid: str) -> EntryCandidate | None:
    """One candidate as entered (None: not known here)."""
    with ws.engine.connect() as conn:
        commands = pending_in(conn, uid)
        snapshot = _snapshot_of(conn, ws.me.server_id, uid)
    held = _from_snapshot(ws.me.server_id, snapshot) if snapshot is not None else None
    return _overlay(held, commands)


def _snapshot_of(conn: Connection, server_id: str, uid: str) -> Mapping[str, Any] | None:
    query = select(SNAPSHOTS.c.snapshot).where(SNAPSHOTS.c.snapshot["client_uid"].as_string() == uid)
    found = conn.execute(query).scalar()
    if found is not None:
        return found
    for (snapshot,) in conn.execute(select(SNAPSHOTS.c.snapshot)):
        if not snapshot.get("client_uid") and uid_for_record(server_id, int(snapshot["id"])) == uid:
            return snapshot
    return None


def _fold(
    server_id: str, snapshots: Sequence[Mapping[str, Any]], commands: Sequence[EntryCommand]
) -> list[EntryCandidate]:
    by_uid: dict[str, EntryCandidate] = {}
    for snapshot in snapshots:
        held = _from_snapshot(server_id, snapshot)
        by_uid[held.uid] = held
    queued: dict[str, list[EntryCommand]] = defaultdict(list)
    for command in commands:
        queued[command.candidate_uid].append(command)
    for uid, its in queued.items():
        folded = _overlay(by_uid.get(uid), its)
        if folded is not None:
            by_uid[uid] = folded
    held_first = sorted(
        (c for c in by_uid.values() if c.record_id is not None), key=lambda c: c.record_id or 0
    )
    return held_first + [c for c in by_uid.values() if c.record_id is None]
