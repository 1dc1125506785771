"""POST /v1/verifications: 核验 of one material per item, idempotent by ``action_id``.

Like decisions (and in a :class:`reviewdesk.server.commands.CommandBatch` like theirs), each item is
bound to the material ``version`` the reviewer saw: a moved version is a conflict (``resubmitted`` when
the candidate changed the material since, else ``stale``) and changes nothing. The rule itself is
``reviewdesk.domain.workflow.check_verification``. An applied verification bumps the material's and the
record's version (it is a change in the feed) but not ``materials_hash``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, MaterialKind, VerifyStatus
from reviewdesk.server.commands import APPLIED, CommandBatch, Verdict
from reviewdesk.server.errors import NOT_FOUND_MESSAGE
from reviewdesk.server.feed import Visibility
from reviewdesk.server.models import Material, Record, Verification
from reviewdesk.server.records import review_state
from reviewdesk.server.schemas import VerificationIn, canonical_id
from reviewdesk.server.scope import Caller

CONFLICT_MESSAGES = {
    "resubmitted": "考生已修改该材料并重新提交",
    "stale": "该材料的核验状态在您核验后已被他人修改",
}


class VerificationCommands(CommandBatch[VerificationIn, str]):
    """核验 actions, stored in ``verifications`` by ``action_id``, each on its material's record."""

    table = Verification.__table__
    key_column = id_field = "action_id"
    subject_column = "material_id"
    audit_action = "verification"

    def __init__(self, session: Session, caller: Caller, project: str) -> None:
        super().__init__(session, caller, project)
        self.material_ids: list[int] = []
        self.materials: dict[int, Material] = {}

    def targets(self, items: Sequence[VerificationIn]) -> list[int | None]:
        self.material_ids = sorted({item.material_id for item in items})
        query = select(Material.id, Material.record_id).where(Material.id.in_(self.material_ids))
        owner: dict[int, int] = {row.id: row.record_id for row in self.session.execute(query)}
        return [owner.get(item.material_id) for item in items]

    def locked(self, records: dict[int, Record]) -> None:
        """Lock the materials of the locked records (after them: every writer locks a record first)."""
        query = (
            select(Material)
            .where(Material.id.in_(self.material_ids), Material.record_id.in_(sorted(records)))
            .order_by(Material.id)
            .with_for_update()
        )
        self.materials = {material.id: material for material in self.session.scalars(query)}

    def judge(self, key: str, item: VerificationIn, record: Record | None) -> Verdict:
        material = self.materials.get(item.material_id) if record is not None else None
        verdict = self._verdict(item, material, record)
        self.buffer(
            self.table,
            {
                "action_id": key,
                "material_id": item.material_id,
                "record_id": record.id if material is not None and record is not None else None,
                "user_id": self.caller.user_id,
                "verify_status": item.status.value,
                "remark": item.remark,
                "base": item.base.model_dump(),
                "status": verdict.status,
                "reason": verdict.reason,
                "message": verdict.message,
                "device_id": self.caller.device_id,
                "created_at": self.at,
            },
        )
        detail = {"action_id": key, "verify_status": item.status.value, "status": verdict.status}
        self.audit(item.material_id, detail)
        return verdict

    def _verdict(self, item: VerificationIn, material: Material | None, record: Record | None) -> Verdict:
        """The rule: scope, then the material's version, then the workflow; applied changes the
        material and the record in place."""
        if material is None or record is None:
            return Verdict("rejected", "not_found", NOT_FOUND_MESSAGE)
        if item.base.version != material.version:
            reason = "resubmitted" if material.content_version > item.base.version else "stale"
            return Verdict("conflict", reason, CONFLICT_MESSAGES[reason])
        try:
            workflow.check_verification(review_state(record), self.caller.tier, item.status, item.remark)
        except workflow.WorkflowError as error:
            return Verdict("rejected", error.code, error.reason)
        decided = item.status is not VerifyStatus.PENDING
        material.verify_status = item.status.value
        material.verify_remark = item.remark
        material.verified_by = self.caller.display_name if decided else None
        material.verified_at = self.at if decided else None
        material.version += 1
        what = f"{MaterialKind(material.kind).label}：{item.status.label}"
        remark = "；".join(part for part in (what, item.remark) if part)
        self.record_changed(
            record,
            Visibility.of(record),
            HistoryAction.VERIFIED,
            remark=remark,
            action_id=canonical_id(item.action_id),
        )
        return APPLIED
