"""GET /v1/health and GET /v1/catalogue."""

from __future__ import annotations

import importlib.resources

from fastapi import APIRouter, Response
from sqlalchemy import text

from reviewdesk import API_VERSION, __version__
from reviewdesk.server.deps import CallerDep, DbDep
from reviewdesk.server.errors import ApiError
from reviewdesk.server.schemas import HealthOut

router = APIRouter(prefix="/v1", tags=["meta"])


@router.get("/health", response_model=HealthOut)
def health(db: DbDep) -> dict[str, object]:
    """Alive and able to reach its database (load balancers and the desktop's connection test)."""
    try:
        with db.read() as session:
            session.execute(text("SELECT 1"))
    except Exception as error:
        raise ApiError(503, "unavailable", "数据库不可用", {"Retry-After": "5"}) from error
    return {"status": "ok", "api_version": API_VERSION, "server_version": __version__}


@router.get("/catalogue", response_class=Response, responses={200: {"content": {"application/json": {}}}})
def catalogue(_caller: CallerDep) -> Response:
    """The category catalogue exactly as shipped (``resources/catalogue.json``): yearly data, not code."""
    data = (importlib.resources.files("reviewdesk.resources") / "catalogue.json").read_bytes()
    return Response(data, media_type="application/json")
