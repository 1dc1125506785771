"""Scans coming in: ``PUT /v1/uploads/{sha256}`` (resumable, content-addressed) and the one function
every way of storing a scan goes through (:func:`store_scan`; the test-only candidate submit too).

The unit's workstation sends a scan's bytes once, named by their sha256, then refers to them by hash in
its entry commands (``server.entries``): a command is small and can be repeated forever, the bytes are
never sent twice. Like the download (``GET /v1/blobs``), an upload resumes: a request carries
``Content-Range: bytes <first>-<last>/<total>`` and appends to what this organisation sent of that hash
so far (kept on disk beside the blobs, so any server process continues it); ``HEAD`` says how far it
got (``Upload-Offset``). When the last byte arrives the whole file is hashed (a mismatch is refused
and forgotten) and checked by the one image policy, ``reviewdesk.domain.scan_rules`` (png/jpeg by
content, ≤ 3 MB, a pixel limit, decoded whole), plus the seed's 正向 rule: a file whose EXIF says it
must be turned is refused (the workstation turns it before it uploads). Only then is it a blob.

A stored blob is recorded as uploaded by the caller's organisation (``blob_owners``): only an owner, or
someone who already sees an image with those bytes, may attach it to a material.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewdesk.domain import scan_checks
from reviewdesk.domain.scan_rules import MAX_UPLOAD_BYTES, ScanInfo, ScanRefused, check_size, inspect_scan
from reviewdesk.server import flags
from reviewdesk.server.audit import audit
from reviewdesk.server.blobstore import blob_path, write_blob
from reviewdesk.server.db import Database
from reviewdesk.server.errors import ApiError
from reviewdesk.server.models import Blob, BlobOwner
from reviewdesk.server.mutations import now
from reviewdesk.server.scope import Caller, blob_in_scope

PARTIAL_DIR = ".uploads"
NOT_UPRIGHT = "图片方向不正（EXIF 方向标记为{orientation}）：请先旋转为正向后再上传"
HASH_MISMATCH = "上传的内容与其 sha256 不符，请重新上传"
BAD_RANGE = "Content-Range 格式无效，应为 bytes 起-止/总长"
WRONG_OFFSET = "上传位置不符：服务器已收到 {offset} 字节，请从那里继续"
UPLOAD_UNIT_ONLY = "只有单位可以上传考生的证书扫描件"
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


@dataclass(frozen=True)
class Received:
    """Where an upload stands: ``stored`` (a blob now) or still ``incomplete`` at ``offset``."""

    sha256: str
    stored: bool
    offset: int
    size: int | None = None
    mime: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "status": "stored" if self.stored else "incomplete",
            "offset": self.offset,
            "size": self.size,
            "mime": self.mime,
        }


def checked_scan(data: bytes) -> ScanInfo:
    """``data`` judged by the image policy and the 正向 rule; a refusal is a 422 with its code and the
    Chinese reason (``domain.scan_rules``)."""
    try:
        info = inspect_scan(data)
    except ScanRefused as refusal:
        raise ApiError(422, refusal.code, refusal.reason) from refusal
    if info.orientation != 1:
        raise ApiError(422, "image_not_upright", NOT_UPRIGHT.format(orientation=info.orientation))
    return info


def store_scan(session: Session, blob_dir: Path, data: bytes, owner_org: int | None = None) -> Blob:
    """Check ``data`` (:func:`checked_scan`), write it to the blob store and its row (if new), and
    record ``owner_org`` as one who uploaded it. Every scan that enters the server comes through here."""
    info = checked_scan(data)
    sha256 = write_blob(blob_dir, data)
    blob = session.get(Blob, sha256)
    if blob is None:
        try:
            with session.begin_nested():
                session.add(Blob(sha256=sha256, size=len(data), mime=info.mime, created_at=now()))
        except IntegrityError:
            pass  # stored by a concurrent upload of the same bytes
        blob = session.get_one(Blob, sha256)
    if blob.scan_version != scan_checks.SCAN_CHECKS_VERSION:
        flags.check_blob(session, sha256, data)  # 预审提示 on the bytes, once per scan
        session.refresh(blob)
    if owner_org is not None and session.get(BlobOwner, (sha256, owner_org)) is None:
        try:
            with session.begin_nested():
                session.add(BlobOwner(sha256=sha256, org_id=owner_org, created_at=now()))
        except IntegrityError:
            pass
    return blob


def may_attach(session: Session, caller: Caller, sha256: str) -> bool:
    """Whether the caller may put the blob on a material: their organisation uploaded it, or they
    already see an image with these bytes."""
    owned = session.scalar(
        select(BlobOwner.sha256).where(BlobOwner.sha256 == sha256, BlobOwner.org_id == caller.org_id)
    )
    return owned is not None or blob_in_scope(session, caller, sha256)


def _partial(blob_dir: Path, caller: Caller, sha256: str) -> Path:
    return blob_dir / PARTIAL_DIR / f"{caller.org_id}-{sha256}"


def status(db: Database, caller: Caller, blob_dir: Path, sha256: str) -> Received:
    """How far the caller's upload of ``sha256`` got."""
    with db.read() as session:
        blob = session.get(Blob, sha256)
        if blob is not None and may_attach(session, caller, sha256) and blob_path(blob_dir, sha256).is_file():
            return Received(sha256, True, blob.size, blob.size, blob.mime)
    partial = _partial(blob_dir, caller, sha256)
    return Received(sha256, False, partial.stat().st_size if partial.is_file() else 0)


def receive(
    db: Database, caller: Caller, blob_dir: Path, sha256: str, data: bytes, content_range: str | None
) -> Received:
    """Take one request's bytes of an upload (the whole file, or the part ``content_range`` says)."""
    from reviewdesk.domain.enums import Tier

    if caller.tier is not Tier.UNIT:
        raise ApiError(403, "not_unit", UPLOAD_UNIT_ONLY)
    first, total = _range(content_range, len(data))
    try:
        check_size(total, MAX_UPLOAD_BYTES)
    except ScanRefused as refusal:
        raise ApiError(422, refusal.code, refusal.reason) from refusal
    partial = _partial(blob_dir, caller, sha256)
    partial.parent.mkdir(parents=True, exist_ok=True)
    held = partial.stat().st_size if partial.is_file() else 0
    if first == 0 and first + len(data) == total:
        whole = data  # the common case: the whole file in one request, nothing kept on disk
    else:
        if first != held:
            raise ApiError(
                409, "upload_offset", WRONG_OFFSET.format(offset=held), {"Upload-Offset": str(held)}
            )
        with partial.open("ab") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if held + len(data) < total:
            return Received(sha256, False, held + len(data))
        whole = partial.read_bytes()
    try:
        if hashlib.sha256(whole).hexdigest() != sha256:
            raise ApiError(422, "hash_mismatch", HASH_MISMATCH)
        with db.write() as session:
            blob = store_scan(session, blob_dir, whole, caller.org_id)
            audit(
                session, "upload", caller=caller, target=sha256, detail={"size": blob.size, "mime": blob.mime}
            )
            return Received(sha256, True, blob.size, blob.size, blob.mime)
    finally:
        partial.unlink(missing_ok=True)


def _range(header: str | None, length: int) -> tuple[int, int]:
    """(first byte, total size) of a request's part."""
    if not header:
        return 0, length
    match = _RANGE.match(header.strip())
    if match is None:
        raise ApiError(400, "bad_range", BAD_RANGE)
    first, last, total = (int(part) for part in match.groups())
    if last < first or last - first + 1 != length or last >= total:
        raise ApiError(400, "bad_range", BAD_RANGE)
    return first, total
