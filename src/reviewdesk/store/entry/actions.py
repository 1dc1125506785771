"""What the 考生信息填报 page does, Qt-free: enter a candidate's 基础信息, enter a material with its
scans. Each checks by the same domain rules the server applies and refuses with the Chinese reason
before anything is stored; what passes is one local transaction (scans + the entry command)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from reviewdesk.domain.candidate_info import InfoError, check_info
from reviewdesk.domain.catalogue import Catalogue, load_catalogue
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.material_forms import FORMS, check_fields
from reviewdesk.domain.wording import say
from reviewdesk.store.entry import queue
from reviewdesk.store.entry.scans import PreparedScan
from reviewdesk.store.entry.view import EntryCandidate, EntryImage, candidate, candidates

if TYPE_CHECKING:
    from reviewdesk.store.workspace import Workspace

DUPLICATE_HERE = "本单位已有该证件号码的考生"
UNKNOWN_CANDIDATE = "该考生不在本地数据中，请先同步"
#: code → template (``domain.wording``).
MESSAGES = {"entry.duplicate_here": DUPLICATE_HERE, "entry.unknown_candidate": UNKNOWN_CANDIDATE}


def new_uid() -> str:
    return str(uuid.uuid4())


def catalogue_of(ws: Workspace) -> Catalogue:
    """The catalogue the server served (the shipped one before the first download)."""
    served = ws.catalogue()
    return load_catalogue(served or None)


def enter_candidate(ws: Workspace, info: Mapping[str, str], uid: str | None = None) -> str:
    """Add a candidate (``uid`` None) or change one's 基础信息; returns its uid. ``InfoError`` (with the
    field and the Chinese message) when the rules refuse; nothing is stored then."""
    checked = check_info(catalogue_of(ws), **{k: str(v) for k, v in info.items()})
    held = candidate(ws, uid) if uid is not None else None
    if uid is not None and held is None:
        raise InfoError("name", say(MESSAGES, "entry.unknown_candidate"))
    uid = uid or new_uid()
    for other in candidates(ws):
        if other.uid != uid and other.info.get("id_number") == checked.id_number:
            raise InfoError("id_number", say(MESSAGES, "entry.duplicate_here"))
    payload: dict[str, object] = {"candidate": checked.to_dict()}
    if held is not None and held.record_id is not None:
        payload["record_id"] = held.record_id
    base = held.server_base(queue.CANDIDATE) if held is not None else {"version": None, "confirmation_rev": 0}
    with ws.write() as tx:
        queue.queue(tx.conn, uid, queue.CANDIDATE, queue.CANDIDATE, payload, base)
        if held is not None and held.record_id is not None:
            tx.changed.add(held.record_id)
    return uid


def enter_material(
    ws: Workspace,
    uid: str,
    kind: MaterialKind,
    fields: Mapping[str, str],
    images: Sequence[EntryImage] = (),
    scans: Sequence[PreparedScan] = (),
) -> str:
    """Save one material of a candidate (its fields and its pages, the new scans among them stored
    with it); returns the entry id. ``ValueError`` with the Chinese reason when refused."""
    held = candidate(ws, uid)
    if held is None:
        raise ValueError(say(MESSAGES, "entry.unknown_candidate"))
    clean = check_fields(kind, dict(fields))
    with ws.write() as tx:
        queue.add_scans(tx.conn, ws, scans)
        entry_id = queue_material(tx.conn, held, kind, clean, images)
        if held.record_id is not None:
            tx.changed.add(held.record_id)
    return entry_id


def queue_material(
    conn: Connection,
    held: EntryCandidate,
    kind: MaterialKind,
    fields: Mapping[str, str],
    images: Sequence[EntryImage],
) -> str:
    """Queue a material command in the caller's transaction (pages in the form's order)."""
    order = {title: index for index, title in enumerate(FORMS[kind].titles)}
    pages = sorted(images, key=lambda i: (order.get(i.title, len(order)), i.page))
    payload: dict[str, object] = {
        "material": {"kind": kind.value, "fields": dict(fields), "images": [i.to_dict() for i in pages]}
    }
    if held.record_id is not None:
        payload["record_id"] = held.record_id
    return queue.queue(conn, held.uid, queue.MATERIAL, kind.value, payload, held.server_base(kind.value))
