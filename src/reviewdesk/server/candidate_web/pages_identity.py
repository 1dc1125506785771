"""实名认证 (methods, 信息填写, 证件扫描, 待认证 / 撤回, 认证成功) and 工作单位 pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from reviewdesk.domain.enums import IdType
from reviewdesk.domain.realname import (
    LOCKED_TODAY,
    TIPS,
    RealNameStatus,
    SubmissionStatus,
    VerifyMethod,
    mask_id,
)
from reviewdesk.server.candidate_web import binding, realname
from reviewdesk.server.candidate_web.web import PREFIX, Current, Db, Posted, client_ip, redirect, render

router = APIRouter(prefix=PREFIX, include_in_schema=False)

STEPS = ("信息填写", "证件扫描", "认证成功")


def _method(value: str) -> VerifyMethod | None:
    try:
        return VerifyMethod(value)
    except ValueError:
        return None


@router.get("/realname")
def realname_page(request: Request, signed: Current, db: Db) -> Response:
    account = signed.account
    return render(
        request,
        "realname.html",
        title="实名认证",
        signed=signed,
        status=RealNameStatus(account.realname_status),
        account=account,
        masked=mask_id(account.id_number or ""),
        id_label=IdType(account.id_type).label if account.id_type else "",
        latest=realname.current(db, account.id),
        methods=list(VerifyMethod),
        locked=realname.locked_methods(db, account.id),
        tab="me",
    )


def _info(
    request: Request, signed: Current, method: VerifyMethod, status_code: int = 200, **extra: object
) -> Response:
    return render(
        request,
        "realname_info.html",
        status_code=status_code,
        title="实名认证",
        signed=signed,
        method=method,
        steps=STEPS,
        step=0,
        id_types=method.id_types,
        tab="me",
        **extra,
    )


@router.get("/realname/info")
def info_page(request: Request, signed: Current, db: Db, method: str = "id_auto") -> Response:
    chosen = _method(method)
    if chosen is None:
        return redirect(f"{PREFIX}/realname")
    if chosen in realname.locked_methods(db, signed.account.id):
        return _info(request, signed, chosen, status_code=409, errors={"": LOCKED_TODAY}, locked=True)
    return _info(request, signed, chosen)


@router.post("/realname/info")
def info(
    request: Request,
    signed: Posted,
    db: Db,
    method: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    id_type: Annotated[str, Form()] = "",
    id_number: Annotated[str, Form()] = "",
) -> Response:
    chosen = _method(method)
    if chosen is None:
        return redirect(f"{PREFIX}/realname")
    kind = IdType(id_type) if id_type in {t.value for t in IdType} else chosen.id_types[0]
    step = realname.fill_in(db, signed.account.id, chosen, name, kind, id_number)
    if step.submission_id is None:
        locked = step.errors.get("") == LOCKED_TODAY
        return _info(
            request,
            signed,
            chosen,
            status_code=400,
            errors=step.errors,
            name=name,
            id_type=kind,
            id_number=id_number,
            locked=locked,
        )
    return redirect(f"{PREFIX}/realname/scan?id={step.submission_id}")


def _scan(
    request: Request, signed: Current, sub: object, status_code: int = 200, **extra: object
) -> Response:
    method = VerifyMethod(sub.method)  # type: ignore[attr-defined]
    return render(
        request,
        "realname_scan.html",
        status_code=status_code,
        title="实名认证",
        signed=signed,
        sub=sub,
        method=method,
        steps=STEPS,
        step=1,
        tips=TIPS,
        id_label=IdType(sub.id_type).label,
        tab="me",
        **extra,  # type: ignore[attr-defined]
    )


@router.get("/realname/scan")
def scan_page(request: Request, signed: Current, db: Db, id: int = 0) -> Response:
    sub = realname.draft(db, signed.account.id, id)
    if sub is None:
        return redirect(f"{PREFIX}/realname")
    return _scan(request, signed, sub)


@router.post("/realname/scan")
def scan(
    request: Request,
    signed: Posted,
    db: Db,
    submission: Annotated[int, Form()] = 0,
    front: Annotated[UploadFile | None, File()] = None,
    back: Annotated[UploadFile | None, File()] = None,
) -> Response:
    sub = realname.draft(db, signed.account.id, submission)
    if sub is None:
        return redirect(f"{PREFIX}/realname")
    limit = realname.MAX_PHOTO_BYTES + 1
    front_bytes = front.file.read(limit) if front is not None else b""
    back_bytes = back.file.read(limit) if back is not None else b""
    step = realname.submit_photos(
        db,
        request.app.state.settings.resolved_blob_dir,
        signed.account.id,
        sub.id,
        front_bytes,
        back_bytes,
        request.app.state.read_id_numbers,
        client_ip(request),
    )
    if step.status is SubmissionStatus.APPROVED:
        return redirect(f"{PREFIX}/realname/done")
    if step.status is SubmissionStatus.PENDING:
        return redirect(f"{PREFIX}/realname")
    if step.status is SubmissionStatus.FAILED:
        failed_locked = step.errors.get("") == LOCKED_TODAY
        return render(
            request,
            "realname_failed.html",
            status_code=400,
            title="实名认证",
            signed=signed,
            message=step.errors[""],
            locked=failed_locked,
            method=VerifyMethod(sub.method),
            steps=STEPS,
            step=1,
            tab="me",
        )
    return _scan(request, signed, sub, status_code=400, errors=step.errors)


@router.get("/realname/done")
def done(request: Request, signed: Current) -> Response:
    account = signed.account
    if account.realname_status != RealNameStatus.VERIFIED.value:
        return redirect(f"{PREFIX}/realname")
    return render(
        request,
        "realname_done.html",
        title="实名认证",
        signed=signed,
        steps=STEPS,
        step=2,
        account=account,
        masked=mask_id(account.id_number or ""),
        tab="me",
    )


@router.post("/realname/withdraw")
def withdraw(request: Request, signed: Posted, db: Db) -> Response:
    problem = realname.withdraw(db, request.app.state.settings.resolved_blob_dir, signed.account.id)
    if problem:
        return render(
            request, "message.html", status_code=409, title="实名认证", message=problem, signed=signed
        )
    return redirect(f"{PREFIX}/realname")


# -- 工作单位 ---------------------------------------------------------------------------------------
@router.get("/unit")
def unit_page(request: Request, signed: Current, db: Db, q: str = "") -> Response:
    account = signed.account
    query = q.strip()
    hits = binding.search(db, query) if query else []
    problem = ""
    if query and len("".join(query.split())) < 2:
        problem = binding.QUERY_SHORT
    elif query and not hits:
        problem = binding.NO_UNIT
    return render(
        request,
        "unit.html",
        title="工作单位",
        signed=signed,
        unit=binding.unit_name(db, account.unit_id),
        q=query,
        hits=hits,
        problem=problem,
        verified=account.realname_status == RealNameStatus.VERIFIED.value,
        need_realname=binding.NEED_REALNAME,
        tab="me",
    )


@router.get("/unit/bind")
def bind_page(request: Request, signed: Current, db: Db, unit: int = 0) -> Response:
    name = binding.unit_name(db, unit)
    if name is None:
        return redirect(f"{PREFIX}/unit")
    return render(
        request, "unit_bind.html", title="工作单位", signed=signed, unit_id=unit, unit_name=name, tab="me"
    )


@router.post("/unit/bind")
def bind(
    request: Request,
    signed: Posted,
    db: Db,
    unit: Annotated[int, Form()] = 0,
    code: Annotated[str, Form()] = "",
) -> Response:
    problem = binding.bind(db, signed.account.id, unit, code, client_ip(request))
    if problem:
        name = binding.unit_name(db, unit) or ""
        return render(
            request,
            "unit_bind.html",
            status_code=400,
            title="工作单位",
            signed=signed,
            unit_id=unit,
            unit_name=name,
            error=problem,
            tab="me",
        )
    return redirect(f"{PREFIX}/unit")


@router.post("/unit/unbind")
def unbind(signed: Posted, db: Db) -> Response:
    binding.unbind(db, signed.account.id)
    return redirect(f"{PREFIX}/unit")
