"""卫生专业技术资格考试信息确认 (seed 001 §四): what the unit entered, in the seed's blocks, and the
candidate's answer (信息无误 / 信息有误), the reviewer's 审核备注 after 允许修改, and 重新提交.

Whose record: the signed-in candidate's verified identity (证件类型 + 证件号码) at the unit they bound
to — nothing else; every route here, the scan images included, is scoped by that, so no page or image
of another candidate can be reached by changing a number in an address. The answers are
``server.confirmation`` (issue 15's module: the same rules as the workstation's), re-submission is the
workflow's ``submit`` (``server.candidates.submit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import ConfirmationStatus, ImageSide, MaterialKind, Outcome, SubmitStatus, Tier
from reviewdesk.domain.material_forms import FORMS
from reviewdesk.domain.realname import RealNameStatus
from reviewdesk.domain.workflow import WorkflowError
from reviewdesk.server import candidates, confirmation
from reviewdesk.server.blobstore import blob_path
from reviewdesk.server.candidate_models import CandidateAccount
from reviewdesk.server.candidate_web.web import PREFIX, Current, Db, Posted, redirect, render
from reviewdesk.server.db import Database
from reviewdesk.server.deps import project_of
from reviewdesk.server.errors import ApiError
from reviewdesk.server.models import HistoryEntry, Image, Material, Organisation, Record
from reviewdesk.server.schemas import SubmitIn

router = APIRouter(prefix=PREFIX, include_in_schema=False)

#: The seed's blocks after 基本信息, in its order, with the seed's own titles.
BLOCKS: tuple[tuple[MaterialKind, str], ...] = (
    (MaterialKind.EDUCATION, "学历信息"),
    (MaterialKind.TITLE, "专业技术职称"),
    (MaterialKind.PHYSICIAN_QUALIFICATION, "医师资格证"),
    (MaterialKind.PHYSICIAN_PRACTICE, "医师执业证"),
    (MaterialKind.NURSE_PRACTICE, "护士执业证"),
)
TIP = (
    "提示：如信息有误请联系单位前往“湖北省卫生健康基础资源综合管理系统”进行修改，修改后您可以再次登录进行查看"
)
EMPTY_TEXT = (
    "工作单位还未填报考生相关信息，需要考生提供相关证书及证明材料扫描件送至工作单位，由工作单位在湖北省卫生健康"
    "基础资源综合管理系统中进行填报信息并上传证书证明（操作流程详见《基础资源管理系统-医疗卫生机构填报操作指引》）。"
)
SCANS_TEXT = (
    "需提供证书扫描件具体为：学历证书及学信网验证报告（或其它类型学历验证材料）、学位证书及学信网验证报告、"
    "专业技术资格证、医师资格证、医师执业证、护士执业证、住院医师规范化培训合格证书。"
)
RULES_TEXT = (
    "扫描件格式要求：png、jpg、jpeg，大小不超过3M；扫描件内容需正向，不允许出现“歪、倒、斜”；"
    "文件统一命名为“姓名+身份证号+证书名称+第几页”。"
)
NEED_REALNAME = "请先完成实名认证"
NEED_UNIT = "请先绑定工作单位"
CONFIRM_FIRST = "请先核对信息并点击“信息无误”，再重新提交"
RESUBMITTED = "已重新提交，等待单位审核"


def own_record(session: Session, account: CandidateAccount) -> Record | None:
    """The candidate's record: their verified identity at their bound unit (the newest, if several)."""
    if account.realname_status != RealNameStatus.VERIFIED.value or account.unit_id is None:
        return None
    return session.scalar(
        select(Record)
        .where(
            Record.id_type == account.id_type,
            Record.id_number == account.id_number,
            Record.unit_id == account.unit_id,
        )
        .order_by(Record.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    required: bool


@dataclass(frozen=True)
class Scan:
    label: str
    image_id: int | None


@dataclass(frozen=True)
class Block:
    title: str
    entered: bool
    fields: list[Field]
    scans: list[Scan]


def _blocks(session: Session, record: Record) -> list[Block]:
    materials = {
        m.kind: m
        for m in session.scalars(
            select(Material).where(Material.record_id == record.id).order_by(Material.id.desc())
        )
    }
    blocks = []
    for kind, title in BLOCKS:
        form = FORMS[kind]
        material = materials.get(kind.value)
        values: dict[str, Any] = material.fields if material else {}
        fields = [Field(f.name, str(values.get(f.name) or ""), f.required) for f in form.fields]
        images = (
            list(
                session.scalars(
                    select(Image).where(Image.material_id == material.id).order_by(Image.position)
                )
            )
            if material
            else []
        )
        scans = []
        for slot in form.scans:
            image = next((i for i in images if i.side == slot.side.value), None)
            side = "" if slot.side is ImageSide.REPORT else ImageSide(slot.side).label
            scans.append(Scan(f"{slot.title}{side}", image.id if image else None))
        blocks.append(Block(title, material is not None, fields, scans))
    return blocks


def _returned_remark(session: Session, record: Record) -> tuple[str, str] | None:
    """(tier, 审核备注) of the 允许修改 the record is waiting on, if it is."""
    if record.submit_status == SubmitStatus.SUBMITTED.value:
        return None
    decided = session.scalar(
        select(HistoryEntry)
        .where(HistoryEntry.record_id == record.id, HistoryEntry.outcome.is_not(None))
        .order_by(HistoryEntry.id.desc())
        .limit(1)
    )
    if decided is None or decided.outcome != Outcome.RETURN.value:
        return None
    tier = Tier(decided.tier).label if decided.tier else ""
    return tier, decided.remark


def _page(request: Request, signed: Current, db: Database, status_code: int = 200, **extra: Any) -> Response:
    account = signed.account
    common: dict[str, Any] = {
        "title": "信息确认",
        "signed": signed,
        "tab": "home",
        "back": f"{PREFIX}/",
        **extra,
    }
    if account.realname_status != RealNameStatus.VERIFIED.value:
        return render(request, "confirm.html", status_code, problem=NEED_REALNAME, link="realname", **common)
    if account.unit_id is None:
        return render(request, "confirm.html", status_code, problem=NEED_UNIT, link="unit", **common)
    with db.read() as session:
        project = project_of(session, request.app.state.settings).name
        record = own_record(session, account)
        if record is None or not session.scalar(
            select(Material.id).where(Material.record_id == record.id).limit(1)
        ):
            return render(
                request,
                "confirm.html",
                status_code,
                project=project,
                empty=True,
                texts=(EMPTY_TEXT, SCANS_TEXT, RULES_TEXT),
                **common,
            )
        unit = session.get_one(Organisation, record.unit_id)
        blocks = _blocks(session, record)
        returned = _returned_remark(session, record)
    basics = [
        Field("姓名", record.name, True),
        Field("证件号码", record.id_number, True),
        Field("申报单位", unit.name, True),
    ]
    return render(
        request,
        "confirm.html",
        status_code,
        project=project,
        record=record,
        basics=basics,
        blocks=blocks,
        tip=TIP,
        status=ConfirmationStatus(record.confirmation_status),
        returned=returned,
        submitted=record.submit_status == SubmitStatus.SUBMITTED.value,
        **common,
    )


@router.get("/confirm")
def confirm_page(request: Request, signed: Current, db: Db) -> Response:
    return _page(request, signed, db)


def _answer(request: Request, signed: Posted, db: Database, work: Any) -> Response:
    with db.read() as session:
        record = own_record(session, signed.account)
        project = project_of(session, request.app.state.settings).name
    if record is None:
        return redirect(f"{PREFIX}/confirm")
    actor = signed.account.real_name or f"candidate:{signed.account.id}"
    try:
        work(record.id, project, actor)
    except WorkflowError as refusal:
        return _page(request, signed, db, 409, error=refusal.reason)
    except ApiError as refusal:
        return _page(request, signed, db, refusal.status, error=refusal.detail)
    return redirect(f"{PREFIX}/confirm")


@router.post("/confirm/ok")
def confirm_ok(request: Request, signed: Posted, db: Db) -> Response:
    """信息无误."""
    return _answer(
        request, signed, db, lambda rid, project, actor: confirmation.confirm(db, rid, project, actor=actor)
    )


@router.post("/confirm/wrong")
def confirm_wrong(request: Request, signed: Posted, db: Db, note: Annotated[str, Form()] = "") -> Response:
    """信息有误 with what is wrong (the unit reads it on the candidate in the workstation)."""
    return _answer(
        request,
        signed,
        db,
        lambda rid, project, actor: confirmation.report_wrong(db, rid, note, project, actor=actor),
    )


@router.post("/confirm/resubmit")
def resubmit(request: Request, signed: Posted, db: Db) -> Response:
    """重新提交 after 允许修改, once the corrected information is confirmed."""
    with db.read() as session:
        record = own_record(session, signed.account)
    if record is not None and record.confirmation_status != ConfirmationStatus.CONFIRMED.value:
        return _page(request, signed, db, 409, error=CONFIRM_FIRST)
    blob_dir = request.app.state.settings.resolved_blob_dir
    return _answer(
        request,
        signed,
        db,
        lambda rid, project, _actor: candidates.submit(db, SubmitIn(record_id=rid), blob_dir, project),
    )


@router.get("/scan/{image_id}")
def scan(request: Request, image_id: int, signed: Current, db: Db) -> Response:
    """A scan of the candidate's own record (404 for anything else, as if it did not exist)."""
    with db.read() as session:
        record = own_record(session, signed.account)
        image = session.scalar(
            select(Image)
            .join(Material, Material.id == Image.material_id)
            .where(Image.id == image_id, Material.record_id == (record.id if record else -1))
        )
    path = blob_path(request.app.state.settings.resolved_blob_dir, image.sha256) if image else None
    if image is None or path is None or not path.is_file():
        return render(request, "message.html", 404, title="信息确认", message="图片不存在", signed=signed)
    return FileResponse(path, media_type=image.mime, headers={"Cache-Control": "private, max-age=3600"})
