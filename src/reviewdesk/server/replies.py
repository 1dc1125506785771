"""Big JSON replies sent as built: FastAPI would otherwise walk every nested dict of a 500-record page
through ``jsonable_encoder`` (slower than building the page). The dicts hold only JSON types already."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse


def json_reply(content: Any) -> JSONResponse:
    return JSONResponse(content)
