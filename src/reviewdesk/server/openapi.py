"""``/openapi.json`` that tells the truth about errors, for every endpoint without each repeating it.

FastAPI documents every 422 as its own ``HTTPValidationError`` (``detail`` an array) while this server
answers ``ErrorOut`` (``{"detail": "<中文>", "code", "errors"}``, ``errors.py``), and knows nothing of
the answers a dependency or a middleware gives. :func:`describe_errors` fixes the document once it is
generated, by rules that hold for every operation:

* 422 (malformed input) is ``ErrorOut`` wherever FastAPI said validation could fail;
* 401 wherever the operation needs the bearer token (its ``security``);
* 413 wherever it takes a body (larger than ``MAX_BODY_BYTES``);
* 503 everywhere (the database overloaded or in maintenance, with ``Retry-After``).

What only an endpoint knows it declares itself, with the same model: ``responses=error_responses(403,
404, 409)`` (or ``{404: {"model": ErrorOut}}``). ``tests/server/test_server_openapi.py`` runs
schemathesis against the real server so the document cannot drift from the answers again.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from reviewdesk.server.schemas import ErrorOut

#: What each error status means here, for the document.
DESCRIPTIONS = {
    400: "请求无效（例如同步位置不是本服务器的格式）",
    401: "未登录、登录已失效或已过期（code: unauthorized / invalid_token / token_expired）",
    403: "没有权限",
    404: "不存在或不在您的权限范围内（两者不加区分）",
    409: "与当前状态冲突（例如操作编号已被其他用户使用：id_in_use）",
    410: "同步位置已失效，请重新下载",
    413: "请求内容过大",
    416: "请求的字节范围无效",
    422: "请求格式错误（code: invalid_request，errors 列出每一处）",
    429: "请求过于频繁（登录失败次数过多），见 Retry-After",
    503: "服务器繁忙或维护中，见 Retry-After",
}

_REF = "#/components/schemas/{model}"


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: these statuses answer the API's error shape."""
    return {
        status: {"model": ErrorOut, "description": DESCRIPTIONS.get(status, "错误")} for status in statuses
    }


def _error_content() -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": _REF.format(model="ErrorOut")}}}


def describe_errors(document: dict[str, Any]) -> dict[str, Any]:
    """Apply the module's rules to a generated OpenAPI document (in place; also returned)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template=_REF)
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorOut"] = error_schema
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses: dict[str, Any] = operation["responses"]
            wanted = {"503"}
            if "422" in responses or operation.get("parameters") or "requestBody" in operation:
                wanted.add("422")
            if operation.get("security"):
                wanted.add("401")
            if "requestBody" in operation:
                wanted.add("413")
            for status in sorted(wanted):
                responses[status] = {
                    "description": DESCRIPTIONS[int(status)],
                    "content": _error_content(),
                }
            for status, response in responses.items():  # the routes' own error answers: one shape
                if method == "head":  # a HEAD answer has no body, whatever its status
                    response.pop("content", None)
                elif status[:1] in "45" and "content" not in response:
                    response["content"] = _error_content()
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    _say_what_is_meant(document)
    return document


_LIMITS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _say_what_is_meant(node: Any) -> None:
    """Two spellings of pydantic's that say less than the model checks, put right everywhere:

    * integer limits as integers: ``le=2**53 - 1`` came out as ``9007199254740991.0``, and a client
      reading it as a double takes values just above a limit for valid;
    * ``dict[Key, Value]`` with a pattern on ``Key`` came out as ``patternProperties`` — which leaves
      every key *not* matching the pattern unconstrained, the opposite of the model: the pattern goes
      to ``propertyNames`` and the value schema to ``additionalProperties``.
    """
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for key in _LIMITS:
                if isinstance(node.get(key), float) and node[key].is_integer():
                    node[key] = int(node[key])
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in node:
            ((pattern, value),) = patterns.items()
            del node["patternProperties"]
            node.setdefault("propertyNames", {})["pattern"] = pattern
            node["additionalProperties"] = value
        for value in node.values():
            _say_what_is_meant(value)
    elif isinstance(node, list):
        for value in node:
            _say_what_is_meant(value)


def install_openapi(app: FastAPI) -> None:
    """Serve :func:`describe_errors`'s document at ``/openapi.json`` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = describe_errors(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
