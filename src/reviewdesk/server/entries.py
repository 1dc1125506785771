"""POST /v1/entries: 单位填报 — a unit's staff enter their candidates' 基础信息 and materials.

Commands in the decisions' style (:class:`reviewdesk.server.commands.CommandBatch`): made offline
with a client-made ``entry_id``, answered per item (``applied`` / ``duplicate`` / ``conflict`` /
``rejected``), the first answer stored and replayed forever, every item in the audit log. Never
last-writer-wins; an item is judged against the base its author saw:

* **scope**: only a unit enters, and only its own candidates (anything else is ``not_found``);
* **the workflow**: a submitted registration is the review's (``submitted`` conflict: the unit may
  change it again once it is withdrawn or returned by 允许修改); 审核不通过 is final (rejected);
* **the candidate's answer**: ``base.confirmation_rev`` ≠ the record's — the candidate confirmed or
  objected since the author looked (``confirmation`` conflict: read their answer first);
* **versions**: the 基础信息's ``info_version``, the material's ``version`` (``stale``; creating
  something that exists is ``exists``);
* **the rules**: ``domain.candidate_info`` and ``domain.material_forms``, images only by hashes the
  unit uploaded (``server.uploads``), named by the server "姓名+身份证号+证书名称+第几页".

An applied change of what the candidate confirmed sends it back to 待确认 (``server.confirmation``),
moves ``materials_hash`` when a material changed, and is a change in the feed (审核进度 ``entered``).

``candidate_uid`` is the candidate's client-made id: a new candidate is created under it, so the
materials entered offline with it find their record; a record the unit already had (seeded, or bound
by the candidate) gets one the first time the unit edits it (``record_id`` names it then). An
``entry_id`` belongs to the user who used it first, on that candidate: anyone else's use of it is
refused (``id_in_use``) and learns nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewdesk.domain import material_forms
from reviewdesk.domain.candidate_info import CandidateInfo, InfoError, check_info
from reviewdesk.domain.catalogue import Catalogue, load_catalogue
from reviewdesk.domain.enums import (
    ConfirmationStatus,
    EducationLevel,
    HistoryAction,
    MaterialKind,
    PayStatus,
    SubmitStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.scan_names import scan_file_name, side_of
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.server import confirmation
from reviewdesk.server.commands import APPLIED, ID_IN_USE, CommandBatch, FirstOutcome, Verdict
from reviewdesk.server.errors import NOT_FOUND_MESSAGE
from reviewdesk.server.feed import Visibility
from reviewdesk.server.models import Blob, Entry, Image, Material, Organisation, Record
from reviewdesk.server.records import (
    apply_state,
    build_snapshots,
    chain_for_unit,
    current_materials_hash,
    review_state,
)
from reviewdesk.server.schemas import EntryIn, canonical_id
from reviewdesk.server.scope import Caller
from reviewdesk.server.uploads import may_attach

UNIT_ONLY = "只有单位可以填报考生信息"
CONFLICT_MESSAGES = {
    "submitted": "考生已提交报名，单位暂不能修改；待考生撤回或审核退回（允许修改）后再修改",
    "confirmation": "考生在您修改期间已{answer}，请先查看考生的确认结果再修改",
    "stale": "该信息在您修改后已被他人修改，请查看最新信息后再修改",
    "exists": "该考生或材料已存在，请在已有信息上修改",
}
REJECTED_FINAL = "该考生已审核不通过，审核不通过为最终结果，不能再修改"
DUPLICATE_HERE = "本单位已有该证件号码的考生"
DUPLICATE_ELSEWHERE = "该证件号码的考生已由其他单位填报"
MISSING_PART = "缺少要填报的内容"
UNKNOWN_TITLE = "{kind}没有“{title}”这一证书名称"
UNKNOWN_IMAGE = "图片不存在或尚未上传完成，请重新上传"
TOO_MANY_PAGES = "每项材料最多{limit}页扫描件"


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped catalogue (the same file ``GET /v1/catalogue`` serves)."""
    return load_catalogue()


class EntryCommands(CommandBatch[EntryIn, str]):
    """Entry commands, stored in ``entries`` by ``entry_id``."""

    table = Entry.__table__
    changes_materials = True
    key_column = id_field = "entry_id"
    audit_action = "entry"

    def __init__(self, session: Session, caller: Caller, project: str) -> None:
        super().__init__(session, caller, project)
        self.records: dict[int, Record] = {}
        self.by_uid: dict[str, int] = {}
        self.foreign: set[str] = set()
        self._subjects: dict[str, str] = {}

    # -- lookups -------------------------------------------------------------------------------
    def first_outcomes(self, keys: Sequence[str]) -> dict[str, FirstOutcome]:
        """Stored answers, but only the caller's own for the same candidate: an id someone else used
        (or the caller on another candidate) is judged ``id_in_use`` and told nothing."""
        columns = self.table.c
        query = select(
            columns.entry_id,
            columns.record_id,
            columns.status,
            columns.reason,
            columns.message,
            columns.user_id,
            columns.subject,
        ).where(columns.entry_id.in_(keys))
        owned: dict[str, FirstOutcome] = {}
        for row in self.session.execute(query):
            if row.user_id == self.caller.user_id and row.subject == self._subjects.get(row.entry_id):
                owned[row.entry_id] = FirstOutcome(
                    row.record_id, Verdict(row.status, row.reason, row.message)
                )
            else:
                self.foreign.add(row.entry_id)
        return owned

    def run(self, items: Sequence[EntryIn]) -> list[dict[str, Any]]:
        self._subjects = {canonical_id(i.entry_id): canonical_id(i.candidate_uid) for i in items}
        answers = super().run(items)
        for answer in answers:
            if answer.get("reason") == "id_in_use":
                answer["record"] = None  # someone else's id: the answer carries nothing
        # Items on a record created in this batch were judged without one (it did not exist when the
        # batch locked its records): their answers carry it as it is after the batch.
        missing = [
            (index, self.by_uid[uid])
            for index, (item, answer) in enumerate(zip(items, answers, strict=True))
            if answer["record"] is None
            and answer.get("reason") != "id_in_use"
            and (uid := canonical_id(item.candidate_uid)) in self.by_uid
            and self.by_uid[uid] in self.records
        ]
        if missing:
            wanted = sorted({record_id for _, record_id in missing})
            snapshots = build_snapshots(self.session, [self.records[rid] for rid in wanted], self.project)
            built = dict(zip(wanted, snapshots, strict=True))
            for index, record_id in missing:
                answers[index]["record"] = built[record_id]
        return answers

    def targets(self, items: Sequence[EntryIn]) -> list[int | None]:
        uids = sorted({canonical_id(item.candidate_uid) for item in items})
        for uid, record_id in self.session.execute(
            select(Record.client_uid, Record.id).where(Record.client_uid.in_(uids))
        ):
            self.by_uid[uid] = record_id
        return [self.by_uid.get(canonical_id(item.candidate_uid), item.record_id) for item in items]

    def _lock(self, record_ids: set[int]) -> dict[int, Record]:
        self.records = super()._lock(record_ids)
        return self.records

    def answer(self, item: EntryIn, verdict: Verdict, *, duplicate: bool) -> dict[str, Any]:
        return super().answer(item, verdict, duplicate=duplicate) | {"candidate_uid": item.candidate_uid}

    # -- judging -------------------------------------------------------------------------------
    def judge(self, key: str, item: EntryIn, record: Record | None) -> Verdict:
        if key in self.foreign:
            return ID_IN_USE  # stored nowhere: the id is not ours
        uid = canonical_id(item.candidate_uid)
        if record is None and uid in self.by_uid:  # created by an earlier item of this batch
            record = self.records.get(self.by_uid[uid])
        verdict, record = self._verdict(uid, item, record)
        self.buffer(
            self.table,
            {
                "entry_id": key,
                "kind": item.kind,
                "subject": uid,
                "record_id": record.id if record is not None else None,
                "user_id": self.caller.user_id,
                "payload": item.model_dump(mode="json", include={"candidate", "material"}),
                "base": item.base.model_dump(),
                "status": verdict.status,
                "reason": verdict.reason,
                "message": verdict.message,
                "device_id": self.caller.device_id,
                "created_at": self.at,
            },
        )
        detail = {"entry_id": key, "kind": item.kind, "status": verdict.status, "reason": verdict.reason}
        self.audit(record.id if record is not None else uid, detail)
        return verdict

    def _verdict(self, uid: str, item: EntryIn, record: Record | None) -> tuple[Verdict, Record | None]:
        if self.caller.tier is not Tier.UNIT:
            return Verdict("rejected", "not_unit", UNIT_ONLY), None
        if (item.kind == "candidate" and item.candidate is None) or (
            item.kind == "material" and item.material is None
        ):
            return Verdict("rejected", "invalid", MISSING_PART), None
        if record is None:
            if item.kind == "candidate" and item.base.version is None and item.record_id is None:
                return self._create(uid, item)
            return Verdict("rejected", "not_found", NOT_FOUND_MESSAGE), None
        if record.client_uid not in (None, uid):
            return Verdict("rejected", "not_found", NOT_FOUND_MESSAGE), None
        state = review_state(record)
        if state.rejected:
            return Verdict("rejected", "final_rejected", REJECTED_FINAL), record
        if state.submit_status is SubmitStatus.SUBMITTED:
            return _conflict("submitted"), record
        if item.base.confirmation_rev != record.confirmation_rev:
            answer = ConfirmationStatus(record.confirmation_status).label
            message = CONFLICT_MESSAGES["confirmation"].format(answer=f"确认信息（{answer}）")
            return Verdict("conflict", "confirmation", message), record
        try:
            if item.kind == "candidate":
                return self._update_info(item, record), record
            return self._upsert_material(item, record), record
        except ValueError as error:
            return Verdict("rejected", "invalid", str(error)), record

    def _create(self, uid: str, item: EntryIn) -> tuple[Verdict, Record | None]:
        assert item.candidate is not None
        try:
            info = check_info(catalogue(), **item.candidate.model_dump())
        except InfoError as error:
            return Verdict("rejected", "invalid", error.message), None
        if duplicate := self._duplicate(info.id_type.value, info.id_number, None):
            return Verdict("rejected", "duplicate", duplicate), None
        unit = self.session.get_one(Organisation, self.caller.org_id)
        record = Record(
            version=0,
            submission_rev=0,
            materials_hash=current_materials_hash(self.session, -1),
            frontline=False,
            pay_status=PayStatus.UNPAID.value,
            education_level="",
            unit_id=unit.id,
            org_path=unit.path,
            submitted_at=None,
            created_at=self.at,
            updated_at=self.at,
            client_uid=uid,
            info_version=1,
            confirmation_status=ConfirmationStatus.PENDING.value,
            confirmation_note="",
            confirmed_at=None,
            confirmation_rev=0,
            **_info_columns(info),
        )
        # Not submitted, at the unit as 待审核 like every other candidate of the unit.
        apply_state(record, ReviewState(chain=chain_for_unit(self.session, unit)))
        self.session.add(record)
        self.session.flush()
        self.records[record.id] = record
        self.by_uid[uid] = record.id
        self.record_changed(record, Visibility.of(record), HistoryAction.ENTERED, remark="新增考生")
        return APPLIED, record

    def _duplicate(self, id_type: str, id_number: str, record_id: int | None) -> str:
        query = select(Record.unit_id).where(Record.id_type == id_type, Record.id_number == id_number)
        if record_id is not None:
            query = query.where(Record.id != record_id)
        units = set(self.session.scalars(query))
        if not units:
            return ""
        return DUPLICATE_HERE if self.caller.org_id in units else DUPLICATE_ELSEWHERE

    def _update_info(self, item: EntryIn, record: Record) -> Verdict:
        assert item.candidate is not None
        if item.record_id is not None and record.client_uid is None:
            record.client_uid = canonical_id(item.candidate_uid)
        if item.base.version is None:
            return _conflict("exists")
        if item.base.version != record.info_version:
            return _conflict("stale")
        info = check_info(catalogue(), **item.candidate.model_dump())
        if duplicate := self._duplicate(info.id_type.value, info.id_number, record.id):
            return Verdict("rejected", "duplicate", duplicate)
        before = Visibility.of(record)
        for column, value in _info_columns(info).items():
            setattr(record, column, value)
        record.info_version += 1
        confirmation.unit_changed(record)
        self.record_changed(record, before, HistoryAction.ENTERED, remark="基础信息")
        return APPLIED

    def _upsert_material(self, item: EntryIn, record: Record) -> Verdict:
        change = item.material
        assert change is not None
        if item.record_id is not None and record.client_uid is None:
            record.client_uid = canonical_id(item.candidate_uid)
        material = self.session.scalar(
            select(Material)
            .where(Material.record_id == record.id, Material.kind == change.kind.value)
            .order_by(Material.id)
            .limit(1)
            .with_for_update()
        )
        if material is None and item.base.version is not None:
            return _conflict("stale")
        if material is not None and item.base.version is None:
            return _conflict("exists")
        if material is not None and item.base.version != material.version:
            return _conflict("stale")
        fields = material_forms.check_fields(change.kind, dict(change.fields))
        images = self._images(record, change.kind, change.images)
        if isinstance(images, Verdict):
            return images
        if material is None:
            material = Material(
                record_id=record.id,
                kind=change.kind.value,
                version=1,
                content_version=1,
                fields=fields,
                verify_status=VerifyStatus.PENDING.value,
                verify_remark="",
            )
            self.session.add(material)
            self.session.flush()
        else:
            material.fields = fields
            material.version += 1
            material.content_version = material.version
            material.verify_status = VerifyStatus.PENDING.value
            material.verify_remark = ""
            material.verified_by = None
            material.verified_at = None
        self.session.execute(delete(Image).where(Image.material_id == material.id))
        for position, image in enumerate(images):
            image.material_id = material.id
            image.position = position
            self.session.add(image)
        self.session.flush()
        if change.kind is MaterialKind.EDUCATION and fields.get("学历层级"):
            record.education_level = EducationLevel.from_label(fields["学历层级"]).value
        before = Visibility.of(record)
        record.materials_hash = current_materials_hash(self.session, record.id)
        confirmation.unit_changed(record)
        self.record_changed(record, before, HistoryAction.ENTERED, remark=change.kind.label)
        return APPLIED

    def _images(self, record: Record, kind: MaterialKind, wanted: Sequence[Any]) -> list[Image] | Verdict:
        form = material_forms.FORMS[kind]
        if len(wanted) > material_forms.MAX_PAGES:
            return Verdict("rejected", "invalid", TOO_MANY_PAGES.format(limit=material_forms.MAX_PAGES))
        order = {title: index for index, title in enumerate(form.titles)}
        out: list[tuple[tuple[int, int], Image]] = []
        for image in wanted:
            if image.title not in order:
                return Verdict(
                    "rejected", "invalid", UNKNOWN_TITLE.format(kind=kind.label, title=image.title)
                )
            blob = self.session.get(Blob, image.sha256)
            if blob is None or not may_attach(self.session, self.caller, image.sha256):
                return Verdict("rejected", "unknown_blob", UNKNOWN_IMAGE)
            extension = "png" if blob.mime == "image/png" else "jpg"
            name = scan_file_name(record.name, record.id_number, image.title, image.page, extension)
            side = side_of(image.title, image.page)
            out.append(
                (
                    (order[image.title], image.page),
                    Image(side=side.value, sha256=blob.sha256, mime=blob.mime, size=blob.size, filename=name),
                )
            )
        return [image for _, image in sorted(out, key=lambda pair: pair[0])]


def _conflict(reason: str) -> Verdict:
    return Verdict("conflict", reason, CONFLICT_MESSAGES[reason])


def _info_columns(info: CandidateInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "id_type": info.id_type.value,
        "id_number": info.id_number,
        "gender": info.gender,
        "birth_date": date.fromisoformat(info.birth_date) if info.birth_date else None,
        "phone": info.phone,
        "level": info.level.value,
        "category_code": info.category_code,
        "category_name": info.category_name,
    }
