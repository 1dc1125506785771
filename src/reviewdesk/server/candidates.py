"""The candidate's side, as far as tests and the demo need it: bind to a unit, submit, withdraw.

Only mounted with ``ServerSettings.candidate_api`` (``--candidate-api``): real candidates use the
central system's mini program. The transitions are ``reviewdesk.domain.workflow.submit``/``withdraw``;
a refusal is a 409 with the workflow's code and Chinese reason.

A submission may carry new field values and images for materials (``MaterialInput``, API.md). A
material whose content changes gets a new ``version`` and ``content_version``, loses its 核验 result,
and the record's ``materials_hash`` moves — which is what turns a reviewer's pending decision on the
old evidence into a ``resubmitted`` conflict.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, SubmitStatus, Tier, VerifyStatus
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.server import peers
from reviewdesk.server.audit import audit
from reviewdesk.server.db import Database
from reviewdesk.server.errors import ApiError, not_found
from reviewdesk.server.feed import Visibility, log_change
from reviewdesk.server.models import Blob, Image, Material, Organisation, Record
from reviewdesk.server.mutations import add_history, bump, now, snapshot
from reviewdesk.server.records import apply_state, chain_for_unit, current_materials_hash, review_state
from reviewdesk.server.schemas import BindIn, CandidateRecordIn, ImageInput, MaterialInput, SubmitIn
from reviewdesk.server.uploads import store_scan

BAD_CODE = "单位确认码错误，请向本单位卫生专业技术资格考试负责人确认"
BIND_SUBMITTED = "报名已提交，不能更换工作单位，请先撤回报名"
IMAGE_UNKNOWN = "图片不存在，请重新上传"


def _record(session: Session, record_id: int) -> Record:
    record = session.scalar(select(Record).where(Record.id == record_id).with_for_update())
    if record is None:
        raise not_found("报名记录不存在")
    return record


def _transition(
    session: Session, record_id: int, step: Callable[[ReviewState], ReviewState]
) -> tuple[Record, ReviewState, Visibility]:
    """The candidate's record (locked), the state ``step`` takes it to (a refusal is a 409 with the
    workflow's code and reason), and who could see the record before."""
    record = _record(session, record_id)
    try:
        state = step(review_state(record))
    except workflow.WorkflowError as error:
        raise ApiError(409, error.code, error.reason) from error
    return record, state, Visibility.of(record)


def _result(session: Session, record: Record, project: str, before: Visibility | None) -> dict[str, Any]:
    change = peers.store_keys(session, [record.id])
    out = snapshot(session, record, project)
    assert out is not None
    log_change(session, record, before, out)
    peers.reflag_peers(session, peers.sharing(session, change))  # a scan or number it shares or shared
    return {"record": out}


def _bound(record: Record) -> dict[str, Any]:
    """What a bind answers: which record now belongs to which unit, and nothing of its content. A 确认码
    is handed to every candidate of a unit, so holding one must not reveal anybody's registration (the
    real candidates bind on the phone pages, ``candidate_web.binding``, which answer even less)."""
    return {"record_id": record.id, "unit_id": record.unit_id, "version": record.version}


def bind(db: Database, body: BindIn, project: str) -> dict[str, Any]:
    with db.write() as session:
        unit = session.scalar(
            select(Organisation).where(
                Organisation.confirmation_code == body.code.strip().upper(),
                Organisation.tier == Tier.UNIT.value,
            )
        )
        if unit is None:
            raise ApiError(400, "invalid_code", BAD_CODE)
        record = _record(session, body.record_id)
        if record.unit_id == unit.id:
            return _bound(record)
        state = review_state(record)
        if state.rejected:
            raise ApiError(409, "final_rejected", workflow.SUBMIT_REJECTED)
        if state.submit_status is SubmitStatus.SUBMITTED:
            raise ApiError(409, "already_submitted", BIND_SUBMITTED)
        before = Visibility.of(record)
        previous_unit = record.unit_id
        record.unit_id = unit.id
        record.org_path = unit.path
        apply_state(record, ReviewState(chain=chain_for_unit(session, unit)))
        bump(record, now())
        audit(
            session,
            "candidate_bind",
            target=record.id,
            username=f"candidate:{record.id}",
            detail={"from_unit": previous_unit, "to_unit": unit.id},
        )
        _result(session, record, project, before)
        return _bound(record)


def submit(db: Database, body: SubmitIn, blob_dir: Path, project: str) -> dict[str, Any]:
    with db.write() as session:
        record, state, before = _transition(session, body.record_id, workflow.submit)
        at = now()
        changed = [_change_material(session, record, m, blob_dir) for m in body.materials or []]
        record.materials_hash = current_materials_hash(session, record.id)
        apply_state(record, state)
        record.submission_rev += 1
        record.submitted_at = at
        bump(record, at)
        add_history(session, record, HistoryAction.SUBMITTED, at, actor=record.name)
        audit(
            session,
            "candidate_submit",
            target=record.id,
            username=f"candidate:{record.id}",
            detail={"submission_rev": record.submission_rev, "changed_materials": sum(changed)},
        )
        return _result(session, record, project, before)


def withdraw(db: Database, body: CandidateRecordIn, project: str) -> dict[str, Any]:
    with db.write() as session:
        record, state, before = _transition(session, body.record_id, workflow.withdraw)
        at = now()
        apply_state(record, state)
        bump(record, at)
        add_history(session, record, HistoryAction.WITHDRAWN, at, actor=record.name)
        audit(session, "candidate_withdraw", target=record.id, username=f"candidate:{record.id}")
        return _result(session, record, project, before)


# -- materials -------------------------------------------------------------------------------------
def _change_material(session: Session, record: Record, change: MaterialInput, blob_dir: Path) -> bool:
    """Apply one MaterialInput; True when the material's content changed."""
    material = session.scalar(
        select(Material)
        .where(Material.record_id == record.id, Material.kind == change.kind.value)
        .order_by(Material.id)
        .limit(1)
    )
    created = material is None
    if material is None:
        material = Material(
            record_id=record.id,
            kind=change.kind.value,
            version=1,
            content_version=1,
            fields={},
            verify_status=VerifyStatus.PENDING.value,
            verify_remark="",
        )
        session.add(material)
        session.flush()
    changed = created
    if change.fields is not None:
        fields = {**material.fields, **change.fields}
        if fields != material.fields:
            material.fields = fields
            changed = True
    if change.images is not None:
        wanted = [_stored_image(session, image, blob_dir) for image in change.images]
        current = session.scalars(
            select(Image).where(Image.material_id == material.id).order_by(Image.position)
        )
        if [(i.side, i.sha256, i.filename) for i in current] != [
            (w.side, w.sha256, w.filename) for w in wanted
        ]:
            session.execute(delete(Image).where(Image.material_id == material.id))
            for position, image in enumerate(wanted):
                image.material_id = material.id
                image.position = position
                session.add(image)
            changed = True
    if changed and not created:
        material.version += 1
        material.content_version = material.version
        material.verify_status = VerifyStatus.PENDING.value
        material.verify_remark = ""
        material.verified_by = None
        material.verified_at = None
    session.flush()
    return changed


def _stored_image(session: Session, image: ImageInput, blob_dir: Path) -> Image:
    if image.data_base64 is not None:
        try:
            data = base64.b64decode(image.data_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ApiError(422, "invalid_image", "图片数据不是有效的 base64") from error
        # The one door every scan goes through (the unit's PUT /v1/uploads too): the image policy and
        # the 正向 rule decide, and the MIME type stored is the content's, never the declared one.
        blob = store_scan(session, blob_dir, data)
        sha256, size, mime = blob.sha256, blob.size, blob.mime
    elif image.sha256 is not None:
        blob = session.get(Blob, image.sha256)
        if blob is None:
            raise ApiError(422, "unknown_blob", IMAGE_UNKNOWN)
        sha256, size, mime = blob.sha256, blob.size, blob.mime
    else:
        raise ApiError(422, "invalid_image", "图片需要 data_base64 或 sha256")
    return Image(side=image.side.value, sha256=sha256, mime=mime, size=size, filename=image.filename)
