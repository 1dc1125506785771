"""A scripted requests transport for the client's own fault tests (faults injected on purpose).

Everything that is not a fault we inject is tested against the real server; this only answers what a
real server cannot be made to say on demand (a proxy's 502, a garbled body, a TLS failure…).
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

Step = Callable[[requests.PreparedRequest], requests.Response] | BaseException


def reply(
    request: requests.PreparedRequest,
    status: int = 200,
    body: Any = None,
    *,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    api: str | None = "1",
) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.request = request
    response.url = request.url or ""
    response.encoding = "utf-8"
    hdrs = CaseInsensitiveDict(headers or {})
    if api is not None:
        hdrs["X-Reviewdesk-Api"] = api
    response.headers = hdrs
    response._content = raw if raw is not None else jsonlib.dumps(body).encode()
    response._content_consumed = True
    return response


class ScriptedAdapter(BaseAdapter):
    """Answers each request with the next step: a function of the request, or an exception to raise."""

    def __init__(self, steps: list[Any]) -> None:
        super().__init__()
        self.steps = list(steps)
        self.requests: list[requests.PreparedRequest] = []
        self.kwargs: list[dict[str, Any]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.requests.append(request)
        self.kwargs.append(kwargs)
        if not self.steps:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        step = self.steps.pop(0)
        if isinstance(step, BaseException):
            raise step
        return step(request)

    def close(self) -> None:
        pass


def record_snapshot(record_id: int = 1, version: int = 1) -> dict[str, Any]:
    """A minimal RecordSnapshot that satisfies API.md."""
    return {
        "id": record_id,
        "version": version,
        "submission_rev": 1,
        "materials_hash": "0" * 64,
        "name": "王芳",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "gender": "female",
        "birth_date": "1949-12-31",
        "phone": "",
        "submit_status": "submitted",
        "submitted_at": "2026-12-03T10:12:00+08:00",
        "pay_status": "unpaid",
        "project": "2027年卫生专业技术资格考试",
        "level": "intermediate",
        "category_code": "368",
        "category_name": "护理学(中级)",
        "education_level": "bachelor",
        "frontline": False,
        "unit_id": 17,
        "unit_name": "武汉市江岸区人民医院",
        "unit_parent_id": 12,
        "org_path": [1, 2, 12, 17],
        "review": {
            "submit_status": "submitted",
            "statuses": {"unit": "pending"},
            "at_tier": "unit",
            "chain": ["unit", "county", "city", "province"],
        },
        "libraries": [],
        "materials": [
            {
                "id": 10,
                "kind": "education",
                "version": 1,
                "fields": {"学历层级": "本科"},
                "images": [
                    {"side": "A", "sha256": "a" * 64, "size": 3, "mime": "image/jpeg", "filename": "x.jpg"}
                ],
                "verify_status": "pending",
                "verify_remark": "",
                "verified_by": None,
                "verified_at": None,
            }
        ],
        "history": [],
        "updated_at": "2026-12-05T08:00:00+08:00",
    }
