"""预审提示 of a record changed on the desktop before the server has seen the change (issue 17).

Why: the unit's staff fix problems while they enter data, often offline; the flags they see must
follow what they type, not wait for a sync. The record rules are :func:`precheck.record_flags` — the
very function the server runs — applied to the edited record in RecordSnapshot shape, so the same
facts give the same flags on both sides. The other kinds of flag are placed the way the server
places them (``precheck.image_flags`` puts a scan's findings on every material and face that shows it):

* **图片问题**: a scan added here was checked on this machine (``scan_checks.check_scan`` on the very
  bytes that will be uploaded, which the server checks again when it stores them); a scan the server
  already holds keeps the findings the server sent (the same function on the same bytes).
* **图片重复使用 / 证书编号重复** need every candidate of the scope, which only the server has: the
  server's flags are kept while what they point at is still there (the same scan in the same
  material, the same number in the same field), and dropped once it is gone.

When the server's answer comes back, its snapshot (with its flags) replaces all of this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from reviewdesk.domain import precheck
from reviewdesk.domain.catalogue import Catalogue
from reviewdesk.domain.precheck import Findings, PrecheckFlag, image_flags


def server_findings(flags: Iterable[Mapping[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """The scan findings a server snapshot's flags carry, by image (each once, in order)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for flag in flags:
        if flag.get("kind") == "scan" and flag.get("image"):
            pair = (str(flag.get("code")), str(flag.get("message")))
            its = found.setdefault(str(flag["image"]), [])
            if pair not in its:
                its.append(pair)
    return found


def _images(snapshot: Mapping[str, Any]) -> set[tuple[str, str]]:
    return {
        (str(m.get("kind")), str(i.get("sha256")))
        for m in snapshot.get("materials") or ()
        for i in m.get("images") or ()
    }


def _numbers(snapshot: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    return {(kind, field): number for kind, field, number in precheck.unique_numbers(snapshot)}


def carried_flags(edited: Mapping[str, Any], held: Mapping[str, Any] | None) -> list[PrecheckFlag]:
    """The server's cross-candidate flags of ``held`` that still point at something in ``edited``."""
    if not held:
        return []
    images, numbers, before = _images(edited), _numbers(edited), _numbers(held)
    kept = []
    for flag in held.get("flags") or ():
        kind, where = flag.get("kind"), (str(flag.get("material")), str(flag.get("field")))
        same_scan = kind == "reused" and (where[0], str(flag.get("image"))) in images
        same_number = kind == "duplicate" and where in before and numbers.get(where) == before[where]
        if same_scan or same_number:
            kept.append(PrecheckFlag.from_dict(flag))
    return kept


def local_flags(
    edited: Mapping[str, Any],
    held: Mapping[str, Any] | None,
    local_findings: Mapping[str, Findings],
    *,
    exam_year: int,
    today: date,
    catalogue: Catalogue,
) -> list[PrecheckFlag]:
    """The flags of ``edited`` (the record as changed here, RecordSnapshot-shaped) before the server
    answers: the record rules, the scans' findings (``local_findings`` — scans checked here — over the
    server's of ``held``, the last snapshot the server sent, None for a candidate it does not have
    yet), and the server's cross-candidate flags still pointing at something. Alerts first, in the
    order the server sorts them."""
    findings: dict[str, Findings] = {**server_findings((held or {}).get("flags") or ()), **local_findings}
    flags = precheck.record_flags(edited, exam_year=exam_year, today=today, catalogue=catalogue)
    flags += image_flags(edited, findings)
    flags += carried_flags(edited, held)
    return precheck.sort_flags(flags)
