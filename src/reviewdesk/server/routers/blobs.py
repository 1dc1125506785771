"""GET /v1/blobs/{sha256}: certificate images, by content address.

The address is the content's hash, so the response never changes: strong ``ETag: "<sha256>"``,
``Cache-Control: private, max-age=31536000, immutable``, ``If-None-Match`` → 304, and a single
``Range`` (with ``If-Range``) for resuming large downloads. Scope is checked on every request
(a record in the caller's scope must show the image), and "not yours" looks like "not there".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi import Path as PathParam
from fastapi.responses import Response, StreamingResponse

from reviewdesk.server.blobstore import blob_path
from reviewdesk.server.deps import CallerDep, DbDep, SettingsDep
from reviewdesk.server.errors import ApiError, not_found
from reviewdesk.server.models import Blob
from reviewdesk.server.schemas import ErrorOut
from reviewdesk.server.scope import blob_in_scope

router = APIRouter(prefix="/v1", tags=["blobs"])

CACHE_CONTROL = "private, max-age=31536000, immutable"
CHUNK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
BLOB_NOT_FOUND = "图片不存在或不在您的权限范围内"


def _etag_matches(header: str | None, etag: str) -> bool:
    """If-None-Match uses weak comparison: ``W/"x"`` matches ``"x"``; ``*`` matches anything."""
    if not header:
        return False
    candidates = [part.strip() for part in header.split(",")]
    return "*" in candidates or any(c.removeprefix("W/") == etag for c in candidates)


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive for a single satisfiable range; None to send everything (several ranges
    or a malformed header, which RFC 9110 lets a server ignore). Raises 416 when unsatisfiable."""
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # suffix: the last N bytes
        length = int(last_text)
        if length == 0:
            raise _unsatisfiable(size)
        return max(0, size - length), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if first >= size:
        raise _unsatisfiable(size)
    if last < first:
        return None
    return first, min(last, size - 1)


def _unsatisfiable(size: int) -> ApiError:
    return ApiError(
        416, "range_not_satisfiable", "请求的范围超出图片大小", {"Content-Range": f"bytes */{size}"}
    )


def _read(path: Path, first: int, last: int) -> Iterator[bytes]:
    with path.open("rb") as stream:
        stream.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            chunk = stream.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


_BLOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/jpeg": {}, "image/png": {}}},
    206: {"description": "the requested byte range"},
    304: {"description": "not modified"},
    404: {"model": ErrorOut},
    416: {"model": ErrorOut},
}


# GET and HEAD as two routes of one function, each with its own OpenAPI operation id (one route with
# both methods gives both the same id, and FastAPI warns of a duplicate).
@router.get("/blobs/{sha256}", response_class=Response, responses=_BLOB_RESPONSES, operation_id="get_blob")
@router.head("/blobs/{sha256}", response_class=Response, responses=_BLOB_RESPONSES, operation_id="head_blob")
def get_blob(
    request: Request,
    sha256: Annotated[str, PathParam(max_length=64)],
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
    if_none_match: Annotated[str | None, Header()] = None,
    range_header: Annotated[str | None, Header(alias="Range")] = None,
    if_range: Annotated[str | None, Header()] = None,
) -> Response:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise not_found(BLOB_NOT_FOUND)
    with db.read() as session:
        blob = session.get(Blob, sha256)
        if blob is None or not blob_in_scope(session, caller, sha256):
            raise not_found(BLOB_NOT_FOUND)
        mime, size = blob.mime, blob.size
    path = blob_path(settings.resolved_blob_dir, sha256)
    if not path.is_file():
        raise not_found(BLOB_NOT_FOUND)
    etag = f'"{sha256}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Accept-Ranges": "bytes"}
    if _etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)

    first, last, status = 0, size - 1, 200
    if range_header and (if_range is None or if_range.strip() == etag):
        byte_range = _byte_range(range_header, size)
        if byte_range is not None:
            first, last = byte_range
            status = 206
            headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    headers["Content-Length"] = str(max(0, last - first + 1))
    if request.method == "HEAD" or size == 0:
        return Response(status_code=status, headers=headers, media_type=mime)
    return StreamingResponse(_read(path, first, last), status_code=status, headers=headers, media_type=mime)
