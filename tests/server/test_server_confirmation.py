"""信息确认 (seed 001 §4.2.2) on the server: the candidate confirms or objects, the record's snapshot and
change feed carry it to the unit's workstation, and the rules refuse what they must."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from reviewdesk.domain import confirmation as rules
from reviewdesk.domain.enums import ConfirmationStatus, SubmitStatus, Tier
from reviewdesk.domain.workflow import WorkflowError
from reviewdesk.server import confirmation
from reviewdesk.server.db import Database
from reviewdesk.server.models import AuditLog, ChangeLog, Record
from reviewdesk.server.testing import SeededServer


def _not_submitted(server: SeededServer) -> int:
    """A record of the demo unit the candidate has withdrawn (confirmation is open again)."""
    unit = server.account(Tier.UNIT)
    record_id = server.find_records(unit_id=unit.org_id, status=(Tier.UNIT, "pending"))[0]
    server.withdraw(record_id)
    return record_id


def test_confirm_and_report_wrong_reach_the_units_snapshot_and_feed(server: SeededServer) -> None:
    record_id = _not_submitted(server)
    reviewer = server.reviewer(Tier.UNIT)
    before = reviewer.record(record_id)
    assert before["confirmation"]["status"] == "confirmed"  # records from before entry existed
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            changes_before = session.scalar(select(func.count()).where(ChangeLog.record_id == record_id))
        wrong = confirmation.report_wrong(database, record_id, "  毕业时间应为2019年6月  ", "p", actor="考生")
        assert wrong["confirmation"]["status"] == ConfirmationStatus.DISPUTED.value
        assert wrong["confirmation"]["note"] == "毕业时间应为2019年6月"
        assert wrong["confirmation"]["rev"] == before["confirmation"]["rev"] + 1
        assert wrong["version"] == before["version"] + 1
        assert wrong["history"][-1]["action"] == "confirmed"
        assert wrong["history"][-1]["remark"] == "信息有误：毕业时间应为2019年6月"

        seen = reviewer.record(record_id)
        assert seen["confirmation"] == wrong["confirmation"]

        right = confirmation.confirm(database, record_id, "p", actor="考生")
        assert right["confirmation"]["status"] == "confirmed"
        assert right["confirmation"]["note"] == ""
        again = confirmation.confirm(database, record_id, "p", actor="考生")  # no change, no new version
        assert again["version"] == right["version"]
        with database.read() as session:
            changes = session.scalar(select(func.count()).where(ChangeLog.record_id == record_id))
            audits = session.scalar(select(func.count()).where(AuditLog.action == "candidate_confirmation"))
        assert changes == (changes_before or 0) + 2
        assert audits == 2
    finally:
        database.dispose()


def test_refusals_say_why_in_chinese(server: SeededServer) -> None:
    unit = server.account(Tier.UNIT)
    open_record = _not_submitted(server)
    submitted = server.find_records(unit_id=unit.org_id, submit_status=SubmitStatus.SUBMITTED)[0]
    database = Database.open(server.db_url)
    try:
        with pytest.raises(WorkflowError) as refused:
            confirmation.confirm(database, submitted, "p", actor="考生")
        assert refused.value.code == "already_submitted"
        assert str(refused.value) == rules.CONFIRM_SUBMITTED
        with pytest.raises(WorkflowError) as empty:
            confirmation.report_wrong(database, open_record, "   ", "p", actor="考生")
        assert str(empty.value) == rules.NOTE_REQUIRED
        with pytest.raises(WorkflowError) as long_note:
            confirmation.report_wrong(database, open_record, "错" * 501, "p", actor="考生")
        assert long_note.value.code == "note_too_long"
    finally:
        database.dispose()


def test_a_unit_change_sends_an_answer_back_to_pending(server: SeededServer) -> None:
    record_id = _not_submitted(server)
    database = Database.open(server.db_url)
    try:
        confirmation.report_wrong(database, record_id, "证书编号错了", "p", actor="考生")
        with database.write() as session:
            record = session.get_one(Record, record_id)
            assert confirmation.unit_changed(record) is True
            assert confirmation.unit_changed(record) is False
            assert record.confirmation_status == "pending"
            assert record.confirmation_note == "证书编号错了"  # the unit still reads what was wrong
            assert record.confirmation_rev == 1
    finally:
        database.dispose()
