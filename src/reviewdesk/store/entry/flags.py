"""预审提示 of the unit's candidates as entered: the server's while nothing is pending, else computed
here from what was entered (issue 17: "the desktop offline for local edits").

A candidate with entries the server has not answered is laid over its last snapshot in RecordSnapshot
shape (:func:`edited_snapshot`: the 基础信息 columns, each pending material in the place the server
will put it, its scans with the face the server will give them, 学历层级 → ``education_level`` as the
server sets it) and flagged by ``domain.precheck_local.local_flags`` — the server's record rules on the
same facts, the scans checked here before upload, the server's cross-candidate flags while they still
apply. Once the server has answered every entry, its snapshot's flags are shown as they are: the
server's word replaces the local one.

Why computed when read, not cached: only candidates with pending entries are computed (a handful at a
time; the record rules take well under a millisecond), and a cache would need invalidating on every
entry, undo, answer and rebase. What is costly — decoding scans — is cached: each scan added here is
checked once, when it is prepared, and kept on its ``entry_scans`` row (a scan added before that
column existed is checked when first needed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from reviewdesk.domain import beijing, precheck, precheck_local, scan_checks
from reviewdesk.domain.catalogue import Catalogue
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.scan_names import side_of
from reviewdesk.store.entry.queue import ENTRY_SCANS
from reviewdesk.store.entry.scans import scan_findings
from reviewdesk.store.entry.view import INFO_KEYS
from reviewdesk.store.local_view import education_code, flag_columns

if TYPE_CHECKING:
    from reviewdesk.store.entry.view import EntryCandidate
    from reviewdesk.store.workspace import Workspace

Flag = dict[str, str]


def exam_year(ws: Workspace) -> int:
    """The exam's year as the server counts it (its project year; next year when it has none)."""
    return precheck.exam_year(ws.me.project_year, today())


def today() -> date:
    """Dates are judged in 北京时间, as the server judges them."""
    return beijing.now().date()


def edited_snapshot(candidate: EntryCandidate, unit_name: str = "") -> dict[str, Any]:
    """The candidate as entered, in the shape of the snapshot the server will send once it has applied
    the pending entries (what the record rules read)."""
    held = candidate.snapshot
    out: dict[str, Any] = dict(held) if held is not None else {
        "id": None, "education_level": "", "unit_name": unit_name, "libraries": [], "materials": [],
    }  # fmt: skip
    out.update({key: candidate.info.get(key, "") for key in INFO_KEYS})
    materials = [dict(m) for m in out.get("materials") or ()]
    for kind, material in candidate.materials.items():
        if not material.pending:
            continue
        entered = {
            "kind": kind.value,
            "fields": dict(material.fields),
            "images": [
                {"sha256": image.sha256, "side": side_of(image.title, image.page).value}
                for image in material.images
            ],
        }
        place = next((i for i, m in enumerate(materials) if m.get("kind") == kind.value), None)
        if place is None:
            materials.append(entered)
        else:
            materials[place] = {**materials[place], **entered}
        if kind is MaterialKind.EDUCATION and material.fields.get("学历层级"):
            # as the server sets it (the form only offers the levels' labels: check_fields)
            out["education_level"] = education_code(material.fields["学历层级"])
    out["materials"] = materials
    return out


def _server_flags(candidate: EntryCandidate) -> list[Flag] | None:
    """The server's flags when they are the word on this candidate (nothing pending, and a server that
    flags: its snapshot carries a ``flags_version``)."""
    held = candidate.snapshot
    if candidate.pending or held is None or held.get("flags_version") is None:
        return None
    return [dict(flag) for flag in held.get("flags") or ()]


def _local_findings(ws: Workspace, shas: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """The image checks' findings of scans added here (checked now when not yet under this version)."""
    wanted = sorted(set(shas))
    if not wanted:
        return {}
    query = select(ENTRY_SCANS.c.sha256, ENTRY_SCANS.c.scan_flags, ENTRY_SCANS.c.scan_version).where(
        ENTRY_SCANS.c.sha256.in_(wanted)
    )
    with ws.engine.connect() as conn:
        rows = conn.execute(query).all()
    found: dict[str, list[tuple[str, str]]] = {}
    stale: dict[str, list[tuple[str, str]]] = {}
    for sha, checked, version in rows:
        if version == scan_checks.SCAN_CHECKS_VERSION and checked is not None:
            found[sha] = [(str(code), str(message)) for code, message in checked]
            continue
        path = ws.blob_path(sha)
        if path is not None:
            stale[sha] = list(scan_findings(path.read_bytes()))
    if stale:
        with ws.write() as tx:
            for sha, pairs in stale.items():
                tx.conn.execute(
                    update(ENTRY_SCANS)
                    .where(ENTRY_SCANS.c.sha256 == sha)
                    .values(scan_flags=[list(p) for p in pairs], scan_version=scan_checks.SCAN_CHECKS_VERSION)
                )
    return {**found, **stale}


def flags_of(
    ws: Workspace, candidates: Sequence[EntryCandidate], catalogue: Catalogue
) -> dict[str, list[Flag]]:
    """Each candidate's 预审提示 by uid (flag dicts as the server sends them, alerts first)."""
    out: dict[str, list[Flag]] = {}
    edited: dict[str, dict[str, Any]] = {}
    for candidate in candidates:
        server = _server_flags(candidate)
        if server is not None:
            out[candidate.uid] = server
        else:
            edited[candidate.uid] = edited_snapshot(candidate, ws.me.org_name)
    if not edited:
        return out
    shas = [i["sha256"] for s in edited.values() for m in s["materials"] for i in m.get("images") or ()]
    findings = _local_findings(ws, shas)
    year, day = exam_year(ws), today()
    by_uid = {c.uid: c for c in candidates}
    for uid, snapshot in edited.items():
        flags = precheck_local.local_flags(
            snapshot, by_uid[uid].snapshot, findings, exam_year=year, today=day, catalogue=catalogue
        )
        out[uid] = [flag.to_dict() for flag in flags]
    return out


def candidate_flags(ws: Workspace, candidate: EntryCandidate, catalogue: Catalogue) -> list[Flag]:
    """One candidate's 预审提示 (see :func:`flags_of`)."""
    return flags_of(ws, [candidate], catalogue)[candidate.uid]


def summary(flags: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """``flag_rank``/``flag_kinds`` of these flags, as the review list keeps them (its marker)."""
    return flag_columns({"flags": list(flags)})
