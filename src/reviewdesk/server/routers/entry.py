"""POST /v1/entries (单位填报 commands) and PUT/HEAD /v1/uploads/{sha256} (scans, resumable)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Body, Header
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response

from reviewdesk.server import uploads
from reviewdesk.server.deps import CallerDep, DbDep, SettingsDep, project_of
from reviewdesk.server.entries import EntryCommands
from reviewdesk.server.errors import ApiError
from reviewdesk.server.replies import json_reply
from reviewdesk.server.schemas import EntryBatch, EntryResultsOut, ErrorOut, UploadOut

router = APIRouter(prefix="/v1", tags=["entry"])

BAD_HASH = "sha256 应为64位小写十六进制"
#: Published in the schema; checked by ``_hash`` (its own code and words).
SHA256_PATTERN = "^[0-9a-f]{64}$"


def _project(db: DbDep, settings: SettingsDep) -> str:
    with db.read() as session:
        return project_of(session, settings).name


def _hash(sha256: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ApiError(422, "bad_hash", BAD_HASH)
    return sha256


@router.post("/entries", response_model=None, responses={200: {"model": EntryResultsOut}})
def entries(body: EntryBatch, caller: CallerDep, db: DbDep, settings: SettingsDep) -> JSONResponse:
    """单位填报: create/update a candidate's 基础信息, upsert a material (fields and scans by sha256),
    answered in order: applied / duplicate / conflict / rejected."""
    return json_reply({"results": EntryCommands.push(db, caller, body.items, _project(db, settings))})


_UPLOAD_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"model": UploadOut},
    202: {"model": UploadOut, "description": "part received; send the rest from ``offset``"},
    400: {"model": ErrorOut},
    403: {"model": ErrorOut},
    409: {"model": ErrorOut, "description": "wrong offset (header ``Upload-Offset``)"},
    422: {"model": ErrorOut, "description": "refused by the image policy, or the hash does not match"},
}


@router.put("/uploads/{sha256}", response_model=None, responses=_UPLOAD_RESPONSES)
def put_upload(
    sha256: Annotated[str, PathParam(max_length=64, json_schema_extra={"pattern": SHA256_PATTERN})],
    data: Annotated[bytes, Body(media_type="application/octet-stream", min_length=1)],
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
    content_range: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """A scan's bytes (whole, or the part ``Content-Range`` names), stored as a blob once complete and
    accepted by the image policy (png/jpeg by content, ≤ 3 MB, upright, decodable)."""
    received = uploads.receive(db, caller, settings.resolved_blob_dir, _hash(sha256), data, content_range)
    return JSONResponse(
        received.to_dict(),
        status_code=200 if received.stored else 202,
        headers={"Upload-Offset": str(received.offset)},
    )


@router.head("/uploads/{sha256}", response_class=Response, responses={200: {}, 404: {}})
def head_upload(
    sha256: Annotated[str, PathParam(max_length=64, json_schema_extra={"pattern": SHA256_PATTERN})],
    caller: CallerDep,
    db: DbDep,
    settings: SettingsDep,
) -> Response:
    """200 when the caller's blob is stored (ready to attach), else 404 with ``Upload-Offset``: how many
    bytes of it the server holds (0 when none)."""
    received = uploads.status(db, caller, settings.resolved_blob_dir, _hash(sha256))
    return Response(
        status_code=200 if received.stored else 404, headers={"Upload-Offset": str(received.offset)}
    )
