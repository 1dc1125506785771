"""身份证(人工审核) → 待认证 → the administrators' queue (/v1/identity/…) → 不通过 with a reason the
candidate reads, 撤回, then 通过; ID photos gone from the blob store and the database once decided."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from conftest import Person, Phone, card_photos
from reviewdesk.domain.enums import Tier
from reviewdesk.server.blobstore import blob_path
from reviewdesk.server.candidate_models import IdentityPhoto, IdentitySubmission
from reviewdesk.server.candidate_web.realname import identity_dir
from reviewdesk.server.db import Database
from reviewdesk.server.identity_queue import CHANGED_MEANWHILE, DECIDED_MEANWHILE, NOT_ADMIN
from reviewdesk.server.models import Organisation, User
from reviewdesk.server.security import CHEAP_HASHER
from reviewdesk.server.testing import ReviewerClient, ServerError


def _photos_in_store(phone: Phone, submission_id: int) -> tuple[list[str], list[Path]]:
    """(sha256 of the submission's photo rows, every file in the identity photo folder)."""
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            shas = list(
                session.scalars(
                    select(IdentityPhoto.sha256).where(IdentityPhoto.submission_id == submission_id)
                )
            )
    finally:
        database.dispose()
    folder = identity_dir(phone.site.blob_dir)
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    return shas, files


def _submit_manual(phone: Phone, person: Person, front: Path, back: Path) -> None:
    phone.open("/realname")
    phone.click("method-id_manual")
    phone.fill("name", person.name)
    phone.fill("id_number", person.id_number)
    phone.click("next")
    phone.attach("front", front)
    phone.attach("back", back)
    phone.click("submit-scan")
    assert phone.path == "/m/realname"
    assert phone.text("realname-status") == "待认证"


def _waiting(admin: ReviewerClient, person: Person) -> dict[str, Any]:
    items = admin.get("/v1/identity/submissions")["items"]
    return next(item for item in items if item["id_number"] == person.id_number)


def _decide(
    admin: ReviewerClient, item: dict[str, Any], outcome: str, reason: str = "", **extra: Any
) -> dict[str, Any]:
    body = {
        "decision_id": extra.get("decision_id") or str(uuid.uuid4()),
        "submission_id": item["id"],
        "outcome": outcome,
        "reason": reason,
        "base": {"version": extra.get("version", item["version"])},
    }
    return admin.post("/v1/identity/decisions", {"items": [body]})["results"][0]


def _second_admin(phone: Phone) -> ReviewerClient:
    """Another 省级 administrator, to act on the same submission at the same time."""
    first = phone.site.account(Tier.PROVINCE)
    database = Database.open(phone.site.db_url)
    try:
        with database.write() as session:
            org = session.scalar(select(Organisation.id).where(Organisation.tier == Tier.PROVINCE.value))
            session.execute(
                insert(User).values(
                    username="province_second",
                    display_name="第二管理员",
                    org_id=org,
                    role="reviewer",
                    password_hash=CHEAP_HASHER.hash("Second@2027"),
                    active=True,
                    created_at=datetime.now(UTC),
                )
            )
    finally:
        database.dispose()
    account = type(first)(
        "province_second", "Second@2027", "第二管理员", first.org_id, first.org_name, first.tier, "reviewer"
    )
    return ReviewerClient(phone.site.url, account)


def test_manual_verification_round_trip(phone: Phone, people: list[Person], tmp_path: Path) -> None:
    person = people[5]
    front, back = card_photos(tmp_path, person)
    phone.register("13700000021")
    _submit_manual(phone, person, front, back)
    phone.shot("10-pending")
    admin = phone.site.reviewer(Tier.PROVINCE)
    other_admin = _second_admin(phone)
    unit_reviewer = phone.site.reviewer(Tier.UNIT)

    item = _waiting(admin, person)
    assert (item["real_name"], item["method_label"], item["id_type_label"]) == (
        person.name,
        "身份证(人工审核)",
        "身份证",
    )
    assert [p["side"] for p in item["photos"]] == ["front", "back"]
    assert (
        admin.session.get(phone.site.url + item["photos"][0]["url"], timeout=30).content == front.read_bytes()
    )
    shas, files = _photos_in_store(phone, item["id"])
    assert len(shas) == 2 and {blob_path(identity_dir(phone.site.blob_dir), sha) for sha in shas} <= set(
        files
    )
    with pytest.raises(ServerError) as refused:
        unit_reviewer.get("/v1/identity/submissions")
    assert (refused.value.status, refused.value.body["detail"]) == (403, NOT_ADMIN)

    # 不通过 needs a reason; then two administrators act on it at once: one applies, one conflicts.
    assert _decide(admin, item, "reject")["reason"] == "reason_required"
    decision_id = str(uuid.uuid4())
    first = _decide(admin, item, "reject", "照片不清晰，请重新拍摄", decision_id=decision_id)
    assert first["status"] == "applied"
    late = _decide(other_admin, item, "approve")
    assert (late["status"], late["message"]) == ("conflict", DECIDED_MEANWHILE)
    again = _decide(admin, item, "reject", "照片不清晰，请重新拍摄", decision_id=decision_id)
    assert (again["status"], again["first_status"]) == ("duplicate", "applied")
    stolen = _decide(other_admin, item, "approve", decision_id=decision_id)
    # another user's id: the one code every command answers (id_in_use), and nothing of the first answer
    assert {key: value for key, value in stolen.items() if value is not None} == {
        "decision_id": decision_id,
        "status": "rejected",
        "reason": "id_in_use",
        "message": "该操作编号已被其他操作使用，请重新操作",
    }

    # The photos are gone: rows, files, and the address the administrator used.
    shas, files = _photos_in_store(phone, item["id"])
    assert (shas, files) == ([], [])
    with pytest.raises(ServerError) as gone:
        admin.get(item["photos"][0]["url"])
    assert gone.value.status == 404

    phone.open("/realname")
    assert phone.text("realname-rejected") == "认证未通过：照片不清晰，请重新拍摄"
    phone.shot("11-rejected")

    # Again; 撤回 drops it (and its photos); again; a stale answer conflicts; 通过.
    _submit_manual(phone, person, front, back)
    phone.click("withdraw")
    assert phone.has("methods")
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            withdrawn = session.scalar(
                select(IdentitySubmission)
                .where(IdentitySubmission.id_number == person.id_number)
                .order_by(IdentitySubmission.id.desc())
            )
    finally:
        database.dispose()
    assert withdrawn is not None and withdrawn.status == "withdrawn"
    assert _photos_in_store(phone, withdrawn.id) == ([], [])
    _submit_manual(phone, person, front, back)
    item = _waiting(admin, person)
    stale = _decide(admin, item, "approve", version=item["version"] - 1)
    assert (stale["status"], stale["message"]) == ("conflict", CHANGED_MEANWHILE)
    assert _decide(other_admin, item, "approve")["status"] == "applied"
    assert _photos_in_store(phone, item["id"]) == ([], [])
    phone.open("/realname")
    assert phone.text("realname-status") == "认证成功"
    assert person.id_number[-4:] in phone.page_text() and person.id_number not in phone.page_text()
