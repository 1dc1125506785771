"""实名认证 on the server: 信息填写 → 证件扫描 → automatic decision or 待认证, 撤回, and what an
administrator's answer does.

Automatic (身份证(自动核验)) passes when the typed name + number are in the identity registry AND the
number read off the card front's photo by OCR equals the typed one. A failure counts toward
"若三次未认证成功，该证件当日不可操作" (China's calendar day), after which the page offers
身份证(人工审核). Its photos are only held in memory.

Manual methods keep their photos in ``<blob_dir>/identity/`` (``identity_photos`` rows) until the
submission is decided or withdrawn; then rows and files go ("平台不会泄露和留存用户证件图片信息").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import IdType
from reviewdesk.domain.realname import (
    LOCKED_TODAY,
    MAX_DAILY_FAILURES,
    RealNameStatus,
    SubmissionStatus,
    VerifyMethod,
    check_info,
    day_start_utc,
    locked,
)
from reviewdesk.domain.scan_rules import MIME_TYPES, ScanRefused, inspect_scan, sniff_kind
from reviewdesk.server.blobstore import blob_path, write_blob
from reviewdesk.server.candidate_models import (
    CandidateAccount,
    CandidateAttempt,
    IdentityPhoto,
    IdentityRegistryEntry,
    IdentitySubmission,
)
from reviewdesk.server.candidate_web.ocr import OcrUnavailable
from reviewdesk.server.db import Database
from reviewdesk.server.mutations import now

#: A phone photo of a card: jpeg or png, at most this many bytes.
MAX_PHOTO_BYTES = 8 * 1024 * 1024

ALREADY_VERIFIED = "您已完成实名认证"
ALREADY_PENDING = "您已提交实名认证，正在等待管理员审核；如需更换认证方式请先撤回"
NO_DRAFT = "请先填写身份信息"
PHOTO_MISSING = "请上传身份证正面和反面照片"
PHOTO_MISSING_OTHER = "请上传证件正面和反面照片"
NOT_IN_REGISTRY = "姓名与证件号码核验不一致，请检查填写的信息"
OCR_MISMATCH = "未能从身份证正面照片识别出与填写一致的证件号码，请按示例重新拍照"
IDENTITY_TAKEN = "该证件已被其他账号认证，如有疑问请联系管理员"
NOTHING_TO_WITHDRAW = "没有可撤回的认证申请"
LEFT_TODAY = "今日该证件还可尝试{left}次"
OCR_UNAVAILABLE = "自动核验暂不可用，请选择“身份证(人工审核)”"


def identity_dir(blob_dir: Path) -> Path:
    """Where manual submissions' photos wait for their decision (apart from the materials' blobs)."""
    return blob_dir / "identity"


def failure_key(account_id: int, id_type: str) -> str:
    return f"{account_id}:{id_type}"


def failures_today(session: Session, account_id: int, id_type: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(CandidateAttempt)
            .where(
                CandidateAttempt.kind == "realname",
                CandidateAttempt.key == failure_key(account_id, id_type),
                CandidateAttempt.at >= day_start_utc(now()),
            )
        )
        or 0
    )


def locked_methods(db: Database, account_id: int) -> set[VerifyMethod]:
    """Automatic methods this account may not use any more today."""
    with db.read() as session:
        return {
            m
            for m in VerifyMethod
            if m.automatic and locked(failures_today(session, account_id, m.id_types[0].value))
        }


def current(db: Database, account_id: int) -> IdentitySubmission | None:
    """The account's latest submission that is not a draft (what 实名认证 shows), else None."""
    with db.read() as session:
        return session.scalar(
            select(IdentitySubmission)
            .where(
                IdentitySubmission.account_id == account_id,
                IdentitySubmission.status != SubmissionStatus.DRAFT.value,
            )
            .order_by(IdentitySubmission.id.desc())
            .limit(1)
        )


def draft(db: Database, account_id: int, submission_id: int) -> IdentitySubmission | None:
    with db.read() as session:
        return session.scalar(
            select(IdentitySubmission).where(
                IdentitySubmission.id == submission_id,
                IdentitySubmission.account_id == account_id,
                IdentitySubmission.status == SubmissionStatus.DRAFT.value,
            )
        )


@dataclass(frozen=True)
class Step:
    """The result of a step: the submission it concerns, or messages per field (``""``: the page)."""

    submission_id: int | None
    errors: dict[str, str]
    status: SubmissionStatus | None = None


def _blocked(session: Session, account: CandidateAccount) -> str:
    if account.realname_status == RealNameStatus.VERIFIED.value:
        return ALREADY_VERIFIED
    if account.realname_status == RealNameStatus.PENDING.value:
        return ALREADY_PENDING
    return ""


def fill_in(
    db: Database, account_id: int, method: VerifyMethod, name: str, id_type: IdType, number: str
) -> Step:
    """信息填写: a draft submission with the checked name, type and number."""
    checked = check_info(method, name, id_type, number)
    at = now()
    with db.write() as session:
        account = session.get_one(CandidateAccount, account_id)
        if blocked := _blocked(session, account):
            return Step(None, {"": blocked})
        if method.automatic and locked(failures_today(session, account_id, id_type.value)):
            return Step(None, {"": LOCKED_TODAY})
        if not checked.ok:
            return Step(None, checked.errors)
        session.execute(
            delete(IdentitySubmission).where(
                IdentitySubmission.account_id == account_id,
                IdentitySubmission.status == SubmissionStatus.DRAFT.value,
            )
        )
        submission = IdentitySubmission(
            account_id=account_id,
            method=method.value,
            real_name=checked.name,
            id_type=checked.id_type.value,
            id_number=checked.id_number,
            status=SubmissionStatus.DRAFT.value,
            version=1,
            reason="",
            created_at=at,
        )
        session.add(submission)
        session.flush()
        return Step(submission.id, {})


def _photo_problem(data: bytes) -> str:
    """Why the photo cannot be used ("" when it can): the one image policy (``domain.scan_rules``: png or
    jpeg by content, at most 8 MB here, at most 36 million pixels, decoded whole), whose reasons say the
    real size and the limit. A magic-byte check and ``verify()`` let a cut-off JPEG and a 13000×13000
    PNG through (issue 13), and the OCR and the reviewers then met them."""
    if not data:
        return PHOTO_MISSING
    try:
        inspect_scan(data, MAX_PHOTO_BYTES)
    except ScanRefused as refusal:
        return refusal.reason
    return ""


def _mime(data: bytes) -> str:
    return MIME_TYPES[sniff_kind(data)]


def identity_taken(session: Session, account_id: int, id_type: str, number: str) -> bool:
    return (
        session.scalar(
            select(CandidateAccount.id).where(
                CandidateAccount.id != account_id,
                CandidateAccount.id_type == id_type,
                CandidateAccount.id_number == number,
                CandidateAccount.realname_status == RealNameStatus.VERIFIED.value,
            )
        )
        is not None
    )


def verify_identity(session: Session, account: CandidateAccount, submission: IdentitySubmission) -> None:
    """The account now is this person (认证成功)."""
    account.realname_status = RealNameStatus.VERIFIED.value
    account.real_name = submission.real_name
    account.id_type = submission.id_type
    account.id_number = submission.id_number
    account.verified_at = now()


def submit_photos(
    db: Database,
    blob_dir: Path,
    account_id: int,
    submission_id: int,
    front: bytes,
    back: bytes,
    read_numbers: Callable[[bytes], list[str]],
    ip: str = "",
) -> Step:
    """证件扫描 then 提交认证: decide at once (automatic) or queue for an administrator (manual)."""
    sub = draft(db, account_id, submission_id)
    if sub is None:
        return Step(None, {"": NO_DRAFT})
    method = VerifyMethod(sub.method)
    problems = {side: _photo_problem(data) for side, data in (("front", front), ("back", back))}
    problems = {side: message for side, message in problems.items() if message}
    if problems:
        if any(m == PHOTO_MISSING for m in problems.values()) and method is not VerifyMethod.ID_AUTO:
            problems = {
                side: (PHOTO_MISSING_OTHER if m == PHOTO_MISSING else m) for side, m in problems.items()
            }
        return Step(submission_id, problems)
    if method.automatic:
        return _automatic(db, account_id, submission_id, front, read_numbers, ip)
    return _queue(db, blob_dir, account_id, submission_id, front, back)


def _automatic(
    db: Database,
    account_id: int,
    submission_id: int,
    front: bytes,
    read_numbers: Callable[[bytes], list[str]],
    ip: str,
) -> Step:
    with db.read() as session:
        sub = session.get_one(IdentitySubmission, submission_id)
        in_registry = (
            session.scalar(
                select(IdentityRegistryEntry.id).where(
                    IdentityRegistryEntry.id_type == sub.id_type,
                    IdentityRegistryEntry.id_number == sub.id_number,
                    IdentityRegistryEntry.name == sub.real_name,
                )
            )
            is not None
        )
    reason = NOT_IN_REGISTRY if not in_registry else ""
    try:
        if not reason and sub.id_number not in read_numbers(front):  # OCR outside any transaction: ~1 s
            reason = OCR_MISMATCH
    except OcrUnavailable:  # not a failure of the candidate's: no try is counted
        return Step(None, {"": OCR_UNAVAILABLE})
    at = now()
    with db.write() as session:
        account = session.get_one(CandidateAccount, account_id)
        sub = session.get_one(IdentitySubmission, submission_id)
        if sub.status != SubmissionStatus.DRAFT.value or (blocked := _blocked(session, account)):
            return Step(None, {"": NO_DRAFT if sub.status != SubmissionStatus.DRAFT.value else blocked})
        if locked(failures_today(session, account_id, sub.id_type)):
            return Step(None, {"": LOCKED_TODAY})
        if not reason and identity_taken(session, account_id, sub.id_type, sub.id_number):
            reason = IDENTITY_TAKEN
        sub.submitted_at = sub.decided_at = at
        sub.version += 1
        if reason:
            session.add(
                CandidateAttempt(kind="realname", key=failure_key(account_id, sub.id_type), at=at, ip=ip)
            )
            session.flush()
            left = MAX_DAILY_FAILURES - failures_today(session, account_id, sub.id_type)
            sub.status = SubmissionStatus.FAILED.value
            sub.reason = reason
            message = LOCKED_TODAY if left <= 0 else f"{reason}（{LEFT_TODAY.format(left=left)}）"
            return Step(submission_id, {"": message}, SubmissionStatus.FAILED)
        sub.status = SubmissionStatus.APPROVED.value
        sub.decided_by = "自动核验"
        verify_identity(session, account, sub)
        return Step(submission_id, {}, SubmissionStatus.APPROVED)


def _queue(
    db: Database, blob_dir: Path, account_id: int, submission_id: int, front: bytes, back: bytes
) -> Step:
    stored = [
        (side, write_blob(identity_dir(blob_dir), data), data)
        for side, data in (("front", front), ("back", back))
    ]
    at = now()
    with db.write() as session:
        account = session.get_one(CandidateAccount, account_id)
        sub = session.get_one(IdentitySubmission, submission_id)
        if sub.status != SubmissionStatus.DRAFT.value or (blocked := _blocked(session, account)):
            _unlink_unused(session, blob_dir, [sha for _side, sha, _data in stored])
            return Step(None, {"": NO_DRAFT if sub.status != SubmissionStatus.DRAFT.value else blocked})
        for side, sha256, data in stored:
            session.add(
                IdentityPhoto(
                    submission_id=sub.id, side=side, sha256=sha256, mime=_mime(data), size=len(data)
                )
            )
        sub.status = SubmissionStatus.PENDING.value
        sub.submitted_at = at
        sub.version += 1
        account.realname_status = RealNameStatus.PENDING.value
        return Step(submission_id, {}, SubmissionStatus.PENDING)


def drop_photos(session: Session, blob_dir: Path, submission_id: int) -> None:
    """Forget a submission's photos: rows now, files whose sha256 no other waiting photo uses."""
    shas = list(
        session.scalars(select(IdentityPhoto.sha256).where(IdentityPhoto.submission_id == submission_id))
    )
    session.execute(delete(IdentityPhoto).where(IdentityPhoto.submission_id == submission_id))
    _unlink_unused(session, blob_dir, shas)


def _unlink_unused(session: Session, blob_dir: Path, shas: list[str]) -> None:
    session.flush()
    for sha in set(shas):
        if session.scalar(select(IdentityPhoto.id).where(IdentityPhoto.sha256 == sha).limit(1)) is None:
            blob_path(identity_dir(blob_dir), sha).unlink(missing_ok=True)


def withdraw(db: Database, blob_dir: Path, account_id: int) -> str:
    """撤回 a waiting submission (its photos go); returns a refusal message or ``""``."""
    with db.write() as session:
        sub = session.scalar(
            select(IdentitySubmission).where(
                IdentitySubmission.account_id == account_id,
                IdentitySubmission.status == SubmissionStatus.PENDING.value,
            )
        )
        if sub is None:
            return NOTHING_TO_WITHDRAW
        sub.status = SubmissionStatus.WITHDRAWN.value
        sub.version += 1
        drop_photos(session, blob_dir, sub.id)
        session.execute(
            update(CandidateAccount)
            .where(CandidateAccount.id == account_id)
            .values(realname_status=RealNameStatus.NONE.value)
        )
    return ""
