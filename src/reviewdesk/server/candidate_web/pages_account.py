"""登录, 注册, 首页 (综合业务, 通知公告, the first-visit prompt), 个人中心, the stylesheet."""

from __future__ import annotations

import importlib.resources
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy import select, update

from reviewdesk.domain.realname import PROMPT, RealNameStatus
from reviewdesk.server.candidate_models import CandidateAccount, Notice
from reviewdesk.server.candidate_web import accounts, binding
from reviewdesk.server.candidate_web.web import (
    FORM_COOKIE,
    PREFIX,
    SESSION_COOKIE,
    Current,
    Db,
    Posted,
    anonymous_form,
    client_ip,
    is_https,
    redirect,
    render,
)

router = APIRouter(prefix=PREFIX, include_in_schema=False)

CODE_SENT = "验证码已发送至 {phone}"
CODE_IN_LOG = "（演示服务器未接短信网关：验证码已写入服务器日志）"
REGISTERED = "注册成功，请登录"

_CSS = (importlib.resources.files("reviewdesk.server.candidate_web") / "static" / "app.css").read_bytes()


@router.get("/static/app.css")
def stylesheet() -> Response:
    return Response(_CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


# -- signing in -------------------------------------------------------------------------------------
@router.get("/login")
def login_page(request: Request, notice: str = "") -> Response:
    return render(request, "login.html", title="登录", notice=REGISTERED if notice == "registered" else "")


@router.post("/login", dependencies=[Depends(anonymous_form)])
def login(
    request: Request, db: Db, phone: Annotated[str, Form()] = "", password: Annotated[str, Form()] = ""
) -> Response:
    result = accounts.sign_in(db, request.app.state.settings, phone, password, client_ip(request))
    if result.token is None:
        return render(request, "login.html", status_code=400, title="登录", error=result.error, phone=phone)
    response = redirect(f"{PREFIX}/")
    response.set_cookie(
        SESSION_COOKIE,
        result.token,
        max_age=int(accounts.SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path=PREFIX,
    )
    response.delete_cookie(FORM_COOKIE, path=PREFIX)
    return response


@router.post("/logout")
def logout(signed: Posted, db: Db) -> Response:
    accounts.sign_out(db, signed.session_id)
    response = redirect(f"{PREFIX}/login")
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


@router.get("/register")
def register_page(request: Request) -> Response:
    return render(
        request, "register.html", title="注册", code_in_log=request.app.state.code_sender.shows_in_log
    )


@router.post("/register", dependencies=[Depends(anonymous_form)])
def register(
    request: Request,
    db: Db,
    action: Annotated[str, Form()] = "register",
    phone: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    password2: Annotated[str, Form()] = "",
) -> Response:
    sender = request.app.state.code_sender
    page = {"title": "注册", "phone": phone, "code_in_log": sender.shows_in_log}
    if action == "code":
        problem = accounts.send_code(db, sender, phone)
        if problem:
            return render(request, "register.html", status_code=400, errors={"phone": problem}, **page)
        sent = CODE_SENT.format(phone=accounts.normalize_phone(phone)) + (
            CODE_IN_LOG if sender.shows_in_log else ""
        )
        return render(request, "register.html", sent=sent, **page)
    result = accounts.register(db, phone, code, password, password2)
    if result.account_id is None:
        return render(request, "register.html", status_code=400, errors=result.errors, **page)
    return redirect(f"{PREFIX}/login?notice=registered")


# -- 首页 and 个人中心 --------------------------------------------------------------------------------
@router.get("/")
def home(request: Request, signed: Current, db: Db) -> Response:
    with db.read() as session:
        notices = list(
            session.scalars(select(Notice).order_by(Notice.posted_at.desc(), Notice.id.desc()).limit(20))
        )
    account = signed.account
    prompt = not account.prompted and account.realname_status == RealNameStatus.NONE.value
    verified = account.realname_status == RealNameStatus.VERIFIED.value
    return render(
        request,
        "home.html",
        title="湖北卫生人才",
        signed=signed,
        notices=notices,
        prompt=prompt,
        prompt_text=PROMPT,
        verified=verified,
        tab="home",
    )


@router.get("/notices/{notice_id}")
def notice(request: Request, notice_id: int, signed: Current, db: Db) -> Response:
    with db.read() as session:
        item = session.get(Notice, notice_id)
    if item is None:
        return render(
            request, "message.html", status_code=404, title="通知公告", message="该公告不存在", signed=signed
        )
    return render(request, "notice.html", title="通知公告", item=item, signed=signed, tab="home")


@router.post("/prompt")
def prompt_answer(signed: Posted, db: Db, choice: Annotated[str, Form()] = "later") -> Response:
    """暂不认证 / 前往认证: either way the prompt is not shown again."""
    with db.write() as session:
        session.execute(
            update(CandidateAccount).where(CandidateAccount.id == signed.account.id).values(prompted=True)
        )
    return redirect(f"{PREFIX}/realname" if choice == "go" else f"{PREFIX}/")


@router.get("/me")
def me(request: Request, signed: Current, db: Db) -> Response:
    account = signed.account
    return render(
        request,
        "me.html",
        title="个人中心",
        signed=signed,
        status=RealNameStatus(account.realname_status),
        unit=binding.unit_name(db, account.unit_id),
        tab="me",
    )
