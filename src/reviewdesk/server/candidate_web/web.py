"""What every candidate page shares: templates, the signed-in candidate, the form token (CSRF), redirects.

Pages are rendered on the server (Jinja2, autoescaped) and work without JavaScript. Two cookies, both
HttpOnly and SameSite=Lax (Secure behind HTTPS): ``rd_session`` (the session token) and ``rd_form``
(a random token for the forms shown before sign-in). Every POST carries a hidden ``csrf`` field that
must equal the session's form token (signed in) or the ``rd_form`` cookie (signed out); anything else is
refused with 403 before the form is looked at.
"""

from __future__ import annotations

import importlib.resources
import secrets
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from reviewdesk.domain.beijing import BEIJING
from reviewdesk.server.candidate_web.accounts import Signed, same_token, signed_in
from reviewdesk.server.db import Database

SESSION_COOKIE = "rd_session"
FORM_COOKIE = "rd_form"
PREFIX = "/m"

CSRF_REFUSED = "页面已过期或请求来源不明，请返回后重新操作"
LOGIN_FIRST = "请先登录"

#: A plain folder loader (not PackageLoader): the frozen workstation's embedded demo server has the
#: templates as data files beside its archive, where PackageLoader cannot see them.
templates = Environment(
    loader=FileSystemLoader(str(importlib.resources.files("reviewdesk.server.candidate_web") / "templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _china_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(BEIJING).strftime(fmt) if value else ""


templates.filters["china"] = _china_time


class PageRedirect(Exception):
    """Raised by a dependency to send the browser elsewhere (e.g. to 登录)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class CsrfRefused(Exception):
    """A POST without the right form token."""


def database(request: Request) -> Database:
    return request.app.state.db


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def render(request: Request, template: str, /, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page; ``context`` may carry ``signed`` (then its form token is the page's) else the
    signed-out form token is set as a cookie when missing."""
    signed: Signed | None = context.get("signed")
    response = HTMLResponse(status_code=status_code)
    if signed is not None:
        token = signed.csrf_token
    else:
        token = request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(32)
        if request.cookies.get(FORM_COOKIE) != token:
            response.set_cookie(
                FORM_COOKIE, token, httponly=True, samesite="lax", secure=is_https(request), path=PREFIX
            )
    html = templates.get_template(template).render(prefix=PREFIX, csrf=token, **context)
    response.body = response.render(html)
    response.headers["content-length"] = str(len(response.body))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def redirect(location: str) -> RedirectResponse:
    """303 See Other: after a POST the browser GETs the next page (reload does not resubmit)."""
    return RedirectResponse(location, status_code=303)


def current(request: Request, db: Annotated[Database, Depends(database)]) -> Signed:
    """The signed-in candidate, else a redirect to 登录."""
    signed = signed_in(db, request.cookies.get(SESSION_COOKIE))
    if signed is None:
        raise PageRedirect(f"{PREFIX}/login")
    return signed


def posted(
    request: Request, db: Annotated[Database, Depends(database)], csrf: Annotated[str, Form()] = ""
) -> Signed:
    """The signed-in candidate of a POST whose form token is theirs."""
    signed = signed_in(db, request.cookies.get(SESSION_COOKIE))
    if signed is None:
        if not same_token(csrf, request.cookies.get(FORM_COOKIE)):
            raise CsrfRefused
        raise PageRedirect(f"{PREFIX}/login")
    if not same_token(csrf, signed.csrf_token):
        raise CsrfRefused
    return signed


def anonymous_form(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """A signed-out POST (登录, 注册): its token must equal the ``rd_form`` cookie."""
    if not same_token(csrf, request.cookies.get(FORM_COOKIE)):
        raise CsrfRefused


def refused(request: Request) -> Response:
    return render(request, "message.html", status_code=403, title="请求被拒绝", message=CSRF_REFUSED)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


Current = Annotated[Signed, Depends(current)]
Posted = Annotated[Signed, Depends(posted)]
Db = Annotated[Database, Depends(database)]
