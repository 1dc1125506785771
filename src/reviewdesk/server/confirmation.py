"""信息确认 on the server: the candidate's answer to what the unit entered (seed 001 §4.2.2).

The rules are ``reviewdesk.domain.confirmation``; this module applies them to a ``records`` row in a
write transaction, like every other change of a record: ``version`` bumped, a 审核进度 row, an audit
row, the change feed (so the unit's workstation sees the answer at its next sync, in the snapshot's
``confirmation``: status, note, at, rev). The candidate's pages call :func:`confirm` / :func:`report_wrong`; the unit's entry
commands call :func:`unit_changed` inside their own transaction.

``confirmation_rev`` counts the candidate's answers: an entry command carries the rev its author saw,
and a command made before the candidate answered is a conflict (``server.entries``), never applied
over an answer the unit has not read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from reviewdesk.domain import confirmation as rules
from reviewdesk.domain.enums import ConfirmationStatus, HistoryAction, SubmitStatus
from reviewdesk.server.audit import audit
from reviewdesk.server.db import Database
from reviewdesk.server.errors import not_found
from reviewdesk.server.feed import Visibility, log_change
from reviewdesk.server.models import Material, Record
from reviewdesk.server.mutations import add_history, bump, now, snapshot


def _entered(session: Session, record: Record) -> bool:
    """Whether the unit has entered anything the candidate could check (a record with materials)."""
    return bool(session.scalar(select(exists().where(Material.record_id == record.id))))


def apply_confirm(session: Session, record: Record, *, actor: str, at: datetime | None = None) -> None:
    """信息无误 on a record locked by the caller's transaction. Raises ``WorkflowError`` (code, Chinese
    reason) when the rules refuse. Confirming an already confirmed record changes nothing."""
    current = ConfirmationStatus(record.confirmation_status)
    new = rules.confirm(current, SubmitStatus(record.submit_status), entered=_entered(session, record))
    if current is new:
        return
    _answered(session, record, new, "", actor, at or now())


def apply_report_wrong(
    session: Session, record: Record, note: str, *, actor: str, at: datetime | None = None
) -> None:
    """信息有误 with ``note`` on a record locked by the caller's transaction (``WorkflowError`` when
    refused)."""
    current = ConfirmationStatus(record.confirmation_status)
    new, text = rules.report_wrong(
        current, SubmitStatus(record.submit_status), note, entered=_entered(session, record)
    )
    _answered(session, record, new, text, actor, at or now())


def _answered(
    session: Session, record: Record, status: ConfirmationStatus, note: str, actor: str, at: datetime
) -> None:
    before = Visibility.of(record)
    record.confirmation_status = status.value
    record.confirmation_note = note
    record.confirmed_at = at
    record.confirmation_rev += 1
    bump(record, at)
    remark = f"{status.label}：{note}" if note else status.label
    add_history(session, record, HistoryAction.CONFIRMED, at, actor=actor, remark=remark)
    audit(
        session,
        "candidate_confirmation",
        target=record.id,
        username=actor,
        detail={"status": status.value, "rev": record.confirmation_rev},
    )
    log_change(session, record, before)


def unit_changed(record: Record) -> bool:
    """The rule "a material (or 基础信息) changed by the unit after the candidate answered sends it back
    to 待确认", applied in the unit's change transaction (which bumps and logs the record itself).
    True when the status moved. The note of a 信息有误 stays for the unit to read until the candidate
    answers again; ``confirmation_rev`` does not move (it counts the candidate's answers)."""
    new = rules.after_unit_change(ConfirmationStatus(record.confirmation_status))
    if new.value == record.confirmation_status:
        return False
    record.confirmation_status = new.value
    return True


def _locked(session: Session, record_id: int) -> Record:
    record = session.scalar(select(Record).where(Record.id == record_id).with_for_update())
    if record is None:
        raise not_found("报名记录不存在")
    return record


def confirm(db: Database, record_id: int, project: str, *, actor: str) -> dict[str, Any]:
    """信息无误 in its own transaction; the record's snapshot after it. ``actor`` names the candidate in
    审核进度 and the audit log (e.g. ``"candidate:<id>"`` or their name)."""
    with db.write() as session:
        record = _locked(session, record_id)
        apply_confirm(session, record, actor=actor)
        out = snapshot(session, record, project)
        assert out is not None
        return out


def report_wrong(db: Database, record_id: int, note: str, project: str, *, actor: str) -> dict[str, Any]:
    """信息有误 with ``note`` in its own transaction; the record's snapshot after it."""
    with db.write() as session:
        record = _locked(session, record_id)
        apply_report_wrong(session, record, note, actor=actor)
        out = snapshot(session, record, project)
        assert out is not None
        return out
