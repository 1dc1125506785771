"""JSON replies sent as built, serialized with orjson.

FastAPI would otherwise walk every nested dict of a 500-record page through ``jsonable_encoder``
(slower than building the page), and Starlette's ``JSONResponse`` renders with ``json.dumps``; orjson
gives the same compact UTF-8 text ~10× faster. The dicts hold only JSON types already.

Pages of snapshots are not dicts at all: they are joined from the records' serialized snapshots
(``snapshot_cache``) by :func:`bytes_reply`, which also gzips them for clients that accept it (see
:data:`GZIP_MIN_BYTES`). Blob replies never come through here, so Range requests stay byte-exact.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from reviewdesk.server.snapshot_cache import encode

MEDIA_TYPE = "application/json"

#: Bodies smaller than this go out plain (gzip's header and the CPU are not worth it).
GZIP_MIN_BYTES = 4096
#: zlib level 1: JSON pages shrink ~6× at a fraction of level 6's CPU; on loopback the CPU is what
#: counts, on a real network the bytes (docs/PERFORMANCE.md "Download").
GZIP_LEVEL = 1


class FastJSONResponse(JSONResponse):
    """Starlette's JSONResponse rendered by orjson (same compact text, non-ASCII kept)."""

    def render(self, content: Any) -> bytes:
        return encode(content)


def json_reply(content: Any) -> JSONResponse:
    return FastJSONResponse(content)


def accepts_gzip(request: Request) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip;q=0`` refuses it)."""
    return gzip_accepted(request.headers.get("accept-encoding", ""))


def gzip_accepted(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (``gzip;q=0`` refuses it)."""
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=")
            return not (params.strip().startswith("q=") and _is_zero(quality))
    return False


def _is_zero(quality: str) -> bool:
    try:
        return float(quality) == 0
    except ValueError:
        return False


def bytes_reply(request: Request, parts: Iterable[bytes | memoryview]) -> Response:
    """One JSON body from pre-serialized parts; gzip-compressed when the client accepts it and the
    body is big enough (``Vary: Accept-Encoding`` either way, for caches in between)."""
    return bytes_response(accepts_gzip(request), parts)


def bytes_response(gzip_ok: bool, parts: Iterable[bytes | memoryview]) -> Response:
    """:func:`bytes_reply` given whether the client takes gzip."""
    body = b"".join(parts)
    headers = {"Vary": "Accept-Encoding"}
    if len(body) >= GZIP_MIN_BYTES and gzip_ok:
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # wbits 31: gzip container
        body = compressor.compress(body) + compressor.flush()
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=MEDIA_TYPE, headers=headers)
