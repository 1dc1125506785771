"""Without an OCR engine (the workstation's frozen build leaves it out), automatic verification says so
and counts no failure; the candidate can still choose 身份证(人工审核). The fault is injected on purpose."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from reviewdesk.domain.enums import IdType
from reviewdesk.domain.realname import VerifyMethod
from reviewdesk.server.candidate_models import CandidateAccount, CandidateAttempt, IdentityRegistryEntry
from reviewdesk.server.candidate_web import realname
from reviewdesk.server.candidate_web.ocr import OcrUnavailable
from reviewdesk.server.db import Database, migrate
from reviewdesk.server.demo import id_cards

NUMBER = "11010519491231002X"


def _no_engine(_photo: bytes) -> list[str]:
    raise OcrUnavailable("No module named 'rapidocr_onnxruntime'")


def test_automatic_verification_without_an_engine_counts_no_failure(tmp_path: Path) -> None:
    database = Database.open(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        migrate(database.engine)
        with database.write() as session:
            session.add(
                IdentityRegistryEntry(id_type=IdType.RESIDENT_ID.value, id_number=NUMBER, name="王芳")
            )
            account = CandidateAccount(phone="13800000000", password_hash="x", created_at=datetime.now(UTC))
            session.add(account)
            session.flush()
            account_id = account.id
        step = realname.fill_in(
            database, account_id, VerifyMethod.ID_AUTO, "王芳", IdType.RESIDENT_ID, NUMBER
        )
        assert step.submission_id is not None
        front, back = id_cards.front("王芳", NUMBER), id_cards.back()
        answer = realname.submit_photos(
            database, tmp_path / "blobs", account_id, step.submission_id, front, back, _no_engine
        )
        assert answer.errors == {"": realname.OCR_UNAVAILABLE} and answer.status is None
        with database.read() as session:
            assert session.scalar(select(func.count()).select_from(CandidateAttempt)) == 0
        assert realname.draft(database, account_id, step.submission_id) is not None  # still there to retry
    finally:
        database.dispose()
