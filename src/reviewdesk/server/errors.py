"""The one error shape of the API: ``{"detail": "<Chinese message>", "code": "<english_code>"}``.

Handlers installed by :func:`install_error_handlers` turn every failure into that shape — FastAPI's
validation errors, Starlette's 404/405, database overload, and anything unexpected — so a client
never has to parse an HTML page or a bare string, and malformed input never becomes a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from reviewdesk import API_VERSION

log = logging.getLogger(__name__)

API_HEADER = "X-Reviewdesk-Api"

NOT_FOUND_MESSAGE = "记录不存在或不在您的权限范围内"


class ApiError(Exception):
    """An answer other than success, raised anywhere below a route."""

    def __init__(self, status: int, code: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}


def not_found(detail: str = NOT_FOUND_MESSAGE) -> ApiError:
    """Out of scope and nonexistent look the same: the answer never tells which."""
    return ApiError(404, "not_found", detail)


def error_response(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {"detail": detail, "code": code, **extra}
    return JSONResponse(body, status_code=status, headers={API_HEADER: str(API_VERSION), **(headers or {})})


def too_large() -> JSONResponse:
    """413 for a body over the server's limit (``app.BodyLimit``)."""
    code, detail = _STATUS_CODES[413]
    return error_response(413, code, detail)


_STATUS_CODES = {
    400: ("bad_request", "请求无效"),
    401: ("unauthorized", "请重新登录"),
    403: ("forbidden", "没有权限"),
    404: ("not_found", "未找到"),
    405: ("method_not_allowed", "不支持该请求方法"),
    413: ("too_large", "请求内容过大"),
    415: ("unsupported_media_type", "不支持的内容类型"),
}


#: What FastAPI raises (400) when a body cannot even be decoded, and what this server says instead.
FASTAPI_BODY_ERROR = "There was an error parsing the body"
BODY_UNREADABLE = "请求内容不是有效的 UTF-8 JSON"


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> str:
    """``Allow`` for a 405: every method some route of this path takes, asked of the app's router for
    each method (Starlette names only the first route's; GET and HEAD of one path are often two routes,
    and included routers nest)."""
    routes = request.app.router.routes
    return ", ".join(
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)
    )


def _describe_validation(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where or '请求'}：{error.get('msg', '')}")
    more = f" 等{len(errors)}处" if len(errors) > 5 else ""
    return "请求格式错误：" + "；".join(parts) + more


def _json_safe_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """FastAPI's error list minus ``input``/``ctx`` (they can hold anything, e.g. bytes)."""
    return [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.detail, error.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, error: RequestValidationError) -> JSONResponse:
        errors = _json_safe_errors(list(error.errors()))
        return error_response(422, "invalid_request", _describe_validation(errors), errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400 and error.detail == FASTAPI_BODY_ERROR:
            # a body that is not UTF-8 JSON at all (other bytes, gzip, nesting too deep to parse):
            # malformed input, 422 like any other (API.md)
            errors = [{"loc": ["body"], "msg": BODY_UNREADABLE, "type": "json_invalid"}]
            return error_response(422, "invalid_request", f"请求格式错误：{BODY_UNREADABLE}", errors=errors)
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        code, detail = _STATUS_CODES.get(error.status_code, ("error", "请求失败"))
        return error_response(error.status_code, code, detail, headers)

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)  # no pooled connection came free in time: overload, not a bug
    async def _busy(_request: Request, error: Exception) -> JSONResponse:
        log.warning("database unavailable: %s", error)
        return error_response(503, "unavailable", "服务器繁忙，请稍后重试", {"Retry-After": "2"})

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=error)
        return error_response(500, "internal_error", "服务器内部错误")
