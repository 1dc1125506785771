"""Batch import of scans by file name: a folder (or dropped files) of "姓名+身份证号+证书名称+第几页"
scans filed to the unit's candidates, with a preview before anything is filed.

:func:`preview` reads every file once: the name is read (``domain.scan_names``, tolerant of what
people type), matched to a candidate of the unit by 证件号码 and checked against the 姓名, and the
content judged by the upload rules (``store.entry.scans``: png/jpeg by content, ≤ 3 MB unless
``shrink``, turned upright). Each file becomes a row: ``matched`` (ready), ``unmatched`` (unknown
证件号码, 姓名 does not match) or ``refused`` (the name cannot be read, the format, the size, a page
twice), each with its Chinese reason. A matched file also carries the image checks' findings on its
prepared bytes (``findings``: blurred, too small, sideways…, the server's words) — a warning shown in
the preview, never a refusal. The prepared bytes of matched files wait in a staging folder beside the
blob store; nothing is filed yet.

:func:`file_scans` then files all matched rows: the staged files are moved into the blob store
(content-addressed: a file nothing refers to is harmless), then ONE local transaction adds every scan
and one material command per (candidate, material) — so a kill at any moment leaves either nothing
filed or everything; running the import again after a kill files each scan once.

Decoding runs on a small thread pool (Pillow releases the GIL while decoding); ``progress`` and
``cancel`` are checked between files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.identity import normalize_id
from reviewdesk.domain.scan_names import NameProblem, ScanName, parse_scan_name
from reviewdesk.domain.scan_rules import ScanRefused
from reviewdesk.domain.wording import say
from reviewdesk.store.entry import queue
from reviewdesk.store.entry.actions import queue_material
from reviewdesk.store.entry.scans import PreparedScan, prepare, read_scan
from reviewdesk.store.entry.view import EntryCandidate, EntryImage, candidates

if TYPE_CHECKING:
    from reviewdesk.store.workspace import Workspace

MATCHED, UNMATCHED, REFUSED = "matched", "unmatched", "refused"
UNKNOWN_NUMBER = "本单位没有证件号码为 {number} 的考生"
NAME_MISMATCH = "姓名与证件号码不符：本单位该证件号码的考生为“{name}”"
DUPLICATE_PAGE = "与 {other} 是同一考生同一证书的同一页"
UNREADABLE = "无法读取文件：{error}"
TURNED = "已按照片方向自动转正"
SHRUNK = "已压缩到3MB以内"
REPLACES = "将替换已有的第{page}页"
TURNED_BY_USER = "已旋转{degrees}°"
#: code → template (``domain.wording``): a row's reason or one of its notes.
MESSAGES = {
    "import.unknown_number": UNKNOWN_NUMBER,
    "import.name_mismatch": NAME_MISMATCH,
    "import.duplicate_page": DUPLICATE_PAGE,
    "import.unreadable": UNREADABLE,
    "import.turned": TURNED,
    "import.shrunk": SHRUNK,
    "import.replaces": REPLACES,
    "import.turned_by_user": TURNED_BY_USER,
}
IMPORT_WORKERS = 2

Progress = Callable[[int, int], None]


class ImportCancelled(Exception):
    """The user cancelled; nothing was filed."""


@dataclass(frozen=True)
class ImportRow:
    """One file of a batch import, as the preview table shows it."""

    path: Path
    status: str
    reason: str = ""  #: Chinese (``domain.wording.Words``: a view says it in the current language)
    name: ScanName | None = None
    candidate_uid: str | None = None
    candidate_name: str = ""
    sha256: str = ""
    mime: str = ""
    notes: tuple[str, ...] = ()  #: what was done to a matched scan (each a ``Words``)
    #: 预审提示 of the prepared scan: (code, message) pairs (``store.entry.scans.PreparedScan.findings``).
    findings: tuple[tuple[str, str], ...] = ()

    @property
    def warnings(self) -> str:
        """The findings' sentences, as the preview shows them ("" when the scan looks fine)."""
        return "；".join(message for _code, message in self.findings)

    @property
    def note(self) -> str:
        """The notes as one Chinese sentence."""
        return "；".join(self.notes)

    @property
    def kind(self) -> MaterialKind | None:
        return self.name.kind if self.name is not None else None


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    staging: Path
    turns: dict[int, int] = field(default_factory=dict)  #: row index → quarter turns the user asked for

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def discard(self) -> None:
        """Forget the staged files (the user closed the preview without filing)."""
        shutil.rmtree(self.staging, ignore_errors=True)


def scan_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import from chosen folders and files (folders walked, in name order)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            found.append(path)
    return found


def staging_root(ws: Workspace) -> Path:
    root = ws.blob_dir / "staging"
    root.mkdir(parents=True, exist_ok=True)
    return root


def preview(
    ws: Workspace,
    paths: Sequence[Path],
    *,
    shrink: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportPreview:
    """Every file judged and matched (see the module docstring); nothing filed."""
    files = scan_files(paths)
    by_number = {normalize_id(c.info.get("id_number", "")): c for c in candidates(ws)}
    staging = Path(tempfile.mkdtemp(prefix="import-", dir=staging_root(ws)))
    done = 0
    lock = threading.Lock()

    def judge(path: Path) -> ImportRow:
        nonlocal done
        if cancel is not None and cancel.is_set():
            raise ImportCancelled
        row = _judge(path, by_number, staging, shrink)
        with lock:
            done += 1
            if progress is not None:
                progress(done, len(files))
        return row

    try:
        with ThreadPoolExecutor(IMPORT_WORKERS, thread_name_prefix="scan-import") as pool:
            rows = list(pool.map(judge, files))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ImportPreview(_mark_duplicates(rows), staging)


def _judge(path: Path, by_number: dict[str, EntryCandidate], staging: Path, shrink: bool) -> ImportRow:
    try:
        name = parse_scan_name(path.name)
    except NameProblem as problem:
        return ImportRow(path, REFUSED, problem.words)
    holder = by_number.get(normalize_id(name.id_number))
    if holder is None:
        return ImportRow(path, UNMATCHED, say(MESSAGES, "import.unknown_number", number=name.id_number), name)
    if holder.info.get("name", "").replace(" ", "") != name.name:
        mismatch = say(MESSAGES, "import.name_mismatch", name=holder.info.get("name", ""))
        return ImportRow(path, UNMATCHED, mismatch, name)
    try:
        scan = prepare(read_scan(path), shrink=shrink)
    except ScanRefused as refusal:
        return ImportRow(path, REFUSED, refusal.reason, name, holder.uid, holder.name)
    except OSError as error:
        return ImportRow(
            path, REFUSED, say(MESSAGES, "import.unreadable", error=error.strerror or error), name
        )
    _stage(staging, scan)
    notes = [say(MESSAGES, "import.turned")] if scan.turned else []
    if scan.shrunk:
        notes.append(say(MESSAGES, "import.shrunk"))
    material = holder.materials.get(name.kind)
    if material is not None and any(i.title == name.title and i.page == name.page for i in material.images):
        notes.append(say(MESSAGES, "import.replaces", page=name.page))
    return ImportRow(
        path, MATCHED, "", name, holder.uid, holder.name, scan.sha256, scan.mime, tuple(notes),
        scan.findings,
    )  # fmt: skip


def _stage(staging: Path, scan: PreparedScan) -> None:
    target = staging / scan.sha256
    if not target.exists():
        fd, temp = tempfile.mkstemp(dir=staging, prefix=".part-")
        with os.fdopen(fd, "wb") as out:
            out.write(scan.data)
        os.replace(temp, target)


def _mark_duplicates(rows: list[ImportRow]) -> list[ImportRow]:
    """A second file for the same candidate, certificate and page is refused (which one is meant?)."""
    first: dict[tuple[str, str, int], ImportRow] = {}
    out = []
    for row in rows:
        if row.status == MATCHED and row.name is not None and row.candidate_uid is not None:
            key = (row.candidate_uid, row.name.title, row.name.page)
            if key in first:
                duplicate = say(MESSAGES, "import.duplicate_page", other=first[key].path.name)
                row = replace(row, status=REFUSED, reason=duplicate)
            else:
                first[key] = row
        out.append(row)
    return out


def turn(result: ImportPreview, index: int, *, shrink: bool = False) -> ImportRow:
    """Turn a matched row's scan a further quarter clockwise before it is filed (the preview's R key);
    the row as it is now. Other rows are returned unchanged."""
    row = result.rows[index]
    if row.status != MATCHED:
        return row
    turns = (result.turns.get(index, 0) + 1) % 4
    scan = prepare(read_scan(row.path), turns=turns, shrink=shrink)
    _stage(result.staging, scan)
    result.turns[index] = turns
    notes = [note for note in row.notes if getattr(note, "code", "") != "import.turned_by_user"]
    if turns:
        notes.append(say(MESSAGES, "import.turned_by_user", degrees=90 * turns))
    result.rows[index] = replace(
        row, sha256=scan.sha256, mime=scan.mime, notes=tuple(notes), findings=scan.findings
    )
    return result.rows[index]


def file_scans(ws: Workspace, result: ImportPreview) -> int:
    """File every matched row (see the module docstring); the number of scans filed."""
    matched = [row for row in result.rows if row.status == MATCHED]
    if not matched:
        result.discard()
        return 0
    for row in matched:  # into the blob store first: harmless until the transaction below refers to them
        staged = result.staging / row.sha256
        if staged.exists():
            ws.blobs.put_hashed(staged, row.sha256)
    scans = [
        queue.ScanRef(row.sha256, row.mime, ws.blobs.path(row.sha256).stat().st_size, row.findings)
        for row in matched
    ]
    groups: dict[tuple[str, MaterialKind], list[ImportRow]] = defaultdict(list)
    for row in matched:
        assert row.candidate_uid is not None and row.kind is not None
        groups[(row.candidate_uid, row.kind)].append(row)
    held = {c.uid: c for c in candidates(ws)}
    with ws.write() as tx:
        queue.add_scan_refs(tx.conn, scans)
        for (uid, kind), rows in groups.items():
            candidate = held[uid]
            material = candidate.materials.get(kind)
            images = {(i.title, i.page): i for i in (material.images if material else ())}
            for row in rows:
                assert row.name is not None
                images[(row.name.title, row.name.page)] = EntryImage(
                    row.sha256, row.name.title, row.name.page
                )
            fields = dict(material.fields) if material is not None else {}
            queue_material(tx.conn, candidate, kind, fields, list(images.values()))
            if candidate.record_id is not None:
                tx.changed.add(candidate.record_id)
    result.discard()
    return len(matched)
