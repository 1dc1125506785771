"""The identity registry automatic 实名认证 checks name + number against, loaded by the administrator
from a CSV file (``reviewdesk-server load-identities``): columns 姓名, 证件类型, 证件号码.

Why a file: the registry comes from outside this system (the province's population data or the
national registration system's export), so loading is an administrator's batch job, repeatable: a
number already there gets the file's name (the file is the newer truth), a line that is not a valid
number for its type is refused with its line number and the reason, and nothing of it is loaded.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from reviewdesk.domain.enums import IdType
from reviewdesk.domain.identity import validate_id
from reviewdesk.server.candidate_models import IdentityRegistryEntry
from reviewdesk.server.db import Database

COLUMNS = ("姓名", "证件类型", "证件号码")


@dataclass(frozen=True)
class LoadReport:
    added: int
    updated: int
    errors: list[str]


def _id_type(text: str) -> IdType | None:
    text = text.strip()
    for kind in IdType:
        if text in (kind.value, kind.label):
            return kind
    return None


def parse(path: Path) -> tuple[list[tuple[str, IdType, str]], list[str]]:
    """The file's rows (name, type, normalised number) and its errors, one per bad line."""
    rows: list[tuple[str, IdType, str]] = []
    errors: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return [], [f"缺少列：{'、'.join(missing)}（需要 {'、'.join(COLUMNS)}）"]
        for line, row in enumerate(reader, start=2):
            name = " ".join((row.get("姓名") or "").split())
            kind = _id_type(row.get("证件类型") or "")
            if not name:
                errors.append(f"第{line}行：姓名为空")
                continue
            if kind is None:
                errors.append(f"第{line}行：证件类型“{row.get('证件类型')}”无效")
                continue
            checked = validate_id(kind, row.get("证件号码") or "")
            if not checked.ok:
                errors.append(f"第{line}行：{checked.message}")
                continue
            rows.append((name, kind, checked.normalized))
    return rows, errors


def load(db: Database, path: Path) -> LoadReport:
    rows, errors = parse(path)
    if errors:
        return LoadReport(0, 0, errors)
    added = updated = 0
    with db.write() as session:
        for name, kind, number in rows:
            entry = session.scalar(
                select(IdentityRegistryEntry).where(
                    IdentityRegistryEntry.id_type == kind.value, IdentityRegistryEntry.id_number == number
                )
            )
            if entry is None:
                session.add(IdentityRegistryEntry(id_type=kind.value, id_number=number, name=name))
                session.flush()
                added += 1
            elif entry.name != name:
                entry.name = name
                updated += 1
    return LoadReport(added, updated, [])
