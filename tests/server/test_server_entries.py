"""单位填报 over the real server: uploads (each rule's refusal, resuming), entry commands (create,
materials with scans, idempotence, ownership of ids, scope, conflicts with the candidate's confirmation
and with submission), and the audit log."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

import pytest
import requests
from sqlalchemy import func, select
from tests import entry_scans

from reviewdesk.domain.enums import SubmitStatus, Tier
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.server import confirmation
from reviewdesk.server.db import Database
from reviewdesk.server.models import AuditLog, Entry
from reviewdesk.server.testing import ReviewerClient, SeededServer


def _upload(client: ReviewerClient, data: bytes, **headers: str) -> requests.Response:
    sha = hashlib.sha256(data).hexdigest()
    return client.session.put(
        f"{client.url}/v1/uploads/{sha}",
        data=data,
        headers={"Content-Type": "application/octet-stream", **headers},
        timeout=30,
    )


def _push(client: ReviewerClient, *items: dict[str, Any]) -> list[dict[str, Any]]:
    return client.post("/v1/entries", {"items": list(items)})["results"]


def _person(seq: int = 1) -> dict[str, str]:
    return {
        "name": "赵新",
        "id_type": "resident_id",
        "id_number": make_resident_id("420102", date(1992, 5, 17), 100 + seq),
        "phone": "13912345678",
        "level": "junior",
        "category_code": "201",
    }


def _create(uid: str, person: dict[str, str], entry_id: str | None = None) -> dict[str, Any]:
    return {
        "entry_id": entry_id or str(uuid.uuid4()),
        "candidate_uid": uid,
        "kind": "candidate",
        "candidate": person,
    }


def _material(uid: str, base: dict[str, Any], images: list[dict[str, Any]], **fields: str) -> dict[str, Any]:
    return {
        "entry_id": str(uuid.uuid4()),
        "candidate_uid": uid,
        "kind": "material",
        "base": base,
        "material": {"kind": "title", "fields": fields, "images": images},
    }


def test_each_upload_rule_refuses_with_its_chinese_reason(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    refusals = {
        "renamed_pdf": (entry_scans.renamed_pdf(), "image_format", "PDF"),
        "broken": (entry_scans.broken_jpeg(), "image_truncated", "不完整"),
        "too_big": (entry_scans.big_jpeg(), "image_too_large", "不能超过 3 MB"),
        "sideways": (entry_scans.sideways_jpeg(), "image_not_upright", "旋转为正向"),
    }
    for name, (data, code, words) in refusals.items():
        reply = _upload(unit, data)
        assert reply.status_code == 422, name
        assert reply.json()["code"] == code, name
        assert words in reply.json()["detail"], name
    good = entry_scans.good_jpeg()
    stored = _upload(unit, good)
    assert stored.status_code == 200
    assert stored.json() == {
        "sha256": hashlib.sha256(good).hexdigest(),
        "status": "stored",
        "offset": len(good),
        "size": len(good),
        "mime": "image/jpeg",
    }
    wrong_name = unit.session.put(f"{unit.url}/v1/uploads/{'0' * 64}", data=good, timeout=30)
    assert wrong_name.json()["code"] == "hash_mismatch"
    county = server.reviewer(Tier.COUNTY)
    assert _upload(county, good).status_code == 403


def test_an_upload_resumes_from_where_it_stopped(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    data = entry_scans.good_png(seed=7)
    sha = hashlib.sha256(data).hexdigest()
    url = f"{unit.url}/v1/uploads/{sha}"
    half = len(data) // 2
    first = unit.session.put(
        url, data=data[:half], headers={"Content-Range": f"bytes 0-{half - 1}/{len(data)}"}
    )
    assert first.status_code == 202
    assert first.json()["offset"] == half
    probe = unit.session.head(url)
    assert probe.status_code == 404
    assert probe.headers["Upload-Offset"] == str(half)
    wrong = unit.session.put(
        url, data=data[1:], headers={"Content-Range": f"bytes 1-{len(data) - 1}/{len(data)}"}
    )
    assert wrong.status_code == 409
    assert wrong.headers["Upload-Offset"] == str(half)
    rest = unit.session.put(
        url, data=data[half:], headers={"Content-Range": f"bytes {half}-{len(data) - 1}/{len(data)}"}
    )
    assert rest.status_code == 200
    assert rest.json()["status"] == "stored"
    assert unit.session.head(url).status_code == 200
    # another unit never uploaded it: for them it is not there
    other_unit = next(u for u in server.units() if u != unit.account.org_id)
    other = server.reviewer(server.account_for_org(other_unit))
    assert other.session.head(url).status_code == 404


def test_a_unit_enters_a_candidate_and_a_material_with_scans(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    front, back = entry_scans.good_jpeg(), entry_scans.good_png(seed=3)
    for data in (front, back):
        assert _upload(unit, data).status_code == 200
    uid = str(uuid.uuid4())
    person = _person()
    created, material = _push(
        unit,
        _create(uid, person),
        _material(
            uid,
            {"version": None, "confirmation_rev": 0},
            [
                {"sha256": hashlib.sha256(back).hexdigest(), "title": "专业技术资格证书", "page": 2},
                {"sha256": hashlib.sha256(front).hexdigest(), "title": "专业技术资格证书", "page": 1},
            ],
            资格系列="卫生技术人员(药剂)",
            资格级别="初级(士)",
            批准日期="2018-06-30",
        ),
    )
    assert created["status"] == "applied", created
    assert material["status"] == "applied", material
    record = material["record"]
    assert record["client_uid"] == uid
    assert record["name"] == "赵新"
    assert record["gender"] == "male"  # from the number (sequence 101 is odd)
    assert record["birth_date"] == "1992-05-17"
    assert record["category_name"]
    assert record["submit_status"] == SubmitStatus.NOT_SUBMITTED.value
    assert record["confirmation"]["status"] == "pending"
    (title,) = record["materials"]
    assert [(i["side"], i["filename"]) for i in title["images"]] == [
        ("A", f"赵新{person['id_number']}专业技术资格证书第1页.jpg"),
        ("B", f"赵新{person['id_number']}专业技术资格证书第2页.png"),
    ]
    assert [h["action"] for h in record["history"]] == ["entered", "entered"]
    # the unit's list has it; the scans can be downloaded by the unit
    assert unit.record(record["id"])["materials"] == record["materials"]
    blob = unit.session.get(f"{unit.url}/v1/blobs/{hashlib.sha256(front).hexdigest()}")
    assert blob.content == front
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            audited = session.scalar(select(func.count()).where(AuditLog.action == "entry"))
            uploads = session.scalar(select(func.count()).where(AuditLog.action == "upload"))
        assert audited == 2
        assert uploads == 2
    finally:
        database.dispose()


def test_repeats_replay_and_ids_belong_to_their_author(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    uid, entry_id = str(uuid.uuid4()), str(uuid.uuid4())
    item = _create(uid, _person(2), entry_id)
    (first,) = _push(unit, item)
    (again,) = _push(unit, item)
    assert first["status"] == "applied"
    assert again["status"] == "duplicate"
    assert again["first_status"] == "applied"
    assert again["record"]["id"] == first["record"]["id"]
    colleague = server.reviewer(server.account_for_org(unit.account.org_id, role="admin"))
    (taken,) = _push(colleague, item)
    assert taken["status"] == "rejected"
    assert taken["reason"] == "id_in_use"
    assert taken["record"] is None
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            assert session.scalar(select(func.count()).where(Entry.entry_id == entry_id)) == 1
    finally:
        database.dispose()


def test_scope_a_unit_enters_only_its_own_candidates(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    other_unit = next(u for u in server.units() if u != unit.account.org_id)
    foreign_record = server.find_records(unit_id=other_unit)[0]
    (refused,) = _push(
        unit,
        {
            "entry_id": str(uuid.uuid4()),
            "candidate_uid": str(uuid.uuid4()),
            "record_id": foreign_record,
            "kind": "candidate",
            "base": {"version": 1, "confirmation_rev": 0},
            "candidate": _person(3),
        },
    )
    assert refused["status"] == "rejected"
    assert refused["reason"] == "not_found"
    assert refused["record"] is None
    county = server.reviewer(Tier.COUNTY)
    (not_unit,) = _push(county, _create(str(uuid.uuid4()), _person(4)))
    assert not_unit["reason"] == "not_unit"
    # a scan another unit uploaded cannot be attached by knowing its hash
    data = entry_scans.good_png(seed=11)
    other = server.reviewer(server.account_for_org(other_unit))
    assert _upload(other, data).status_code == 200
    uid = str(uuid.uuid4())
    _push(unit, _create(uid, _person(5)))
    (stolen,) = _push(
        unit,
        _material(
            uid,
            {"version": None, "confirmation_rev": 0},
            [{"sha256": hashlib.sha256(data).hexdigest(), "title": "专业技术资格证书"}],
        ),
    )
    assert stolen["reason"] == "unknown_blob"


def test_bad_basics_and_duplicates_are_rejected_with_their_reason(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    wrong_check = dict(_person(6), id_number=_person(6)["id_number"][:17] + "0")
    if wrong_check["id_number"] == _person(6)["id_number"]:
        wrong_check["id_number"] = _person(6)["id_number"][:17] + "1"
    (bad_id,) = _push(unit, _create(str(uuid.uuid4()), wrong_check))
    assert bad_id["status"] == "rejected"
    assert bad_id["message"].startswith("校验位错误")
    (bad_phone,) = _push(unit, _create(str(uuid.uuid4()), dict(_person(7), phone="12345")))
    assert bad_phone["message"] == "手机号应为11位数字，以1开头"
    (bad_category,) = _push(unit, _create(str(uuid.uuid4()), dict(_person(8), category_code="368")))
    assert "不属于申报级别" in bad_category["message"]
    _push(unit, _create(str(uuid.uuid4()), _person(9)))
    (twice,) = _push(unit, _create(str(uuid.uuid4()), _person(9)))
    assert twice["reason"] == "duplicate"
    assert twice["message"] == "本单位已有该证件号码的考生"


def test_conflicts_with_the_candidates_confirmation_and_submission(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    uid = str(uuid.uuid4())
    (created,) = _push(unit, _create(uid, _person(10)))
    record_id = created["record"]["id"]
    (first,) = _push(unit, _material(uid, {"version": None, "confirmation_rev": 0}, [], 专业="药学"))
    material_version = first["record"]["materials"][0]["version"]
    database = Database.open(server.db_url)
    try:
        confirmed = confirmation.confirm(database, record_id, "p", actor="考生")
    finally:
        database.dispose()
    assert confirmed["confirmation"]["status"] == "confirmed"
    # an edit made before the candidate answered: a conflict, never applied over the answer
    (late,) = _push(
        unit, _material(uid, {"version": material_version, "confirmation_rev": 0}, [], 专业="中药学")
    )
    assert late["status"] == "conflict"
    assert late["reason"] == "confirmation"
    assert "信息无误" in late["message"]
    assert late["record"]["materials"][0]["fields"]["专业"] == "药学"
    # made after reading the answer: applied, and the candidate must confirm again
    (fresh,) = _push(
        unit, _material(uid, {"version": material_version, "confirmation_rev": 1}, [], 专业="中药学")
    )
    assert fresh["status"] == "applied"
    assert fresh["record"]["confirmation"]["status"] == "pending"
    assert fresh["record"]["materials"][0]["fields"]["专业"] == "中药学"
    # stale material version
    (stale,) = _push(
        unit, _material(uid, {"version": material_version, "confirmation_rev": 1}, [], 专业="药学")
    )
    assert stale["reason"] == "stale"
    # once submitted, the registration is the review's
    server.submit(record_id)
    version = fresh["record"]["materials"][0]["version"]
    (submitted,) = _push(unit, _material(uid, {"version": version, "confirmation_rev": 1}, [], 专业="药学"))
    assert submitted["status"] == "conflict"
    assert submitted["reason"] == "submitted"


@pytest.mark.parametrize("bad", [{"批准日期": "2018/06/30"}, {"是否基卫高": "不知道"}, {"身高": "1"}])
def test_material_fields_are_typed(server: SeededServer, bad: dict[str, str]) -> None:
    unit = server.reviewer(Tier.UNIT)
    uid = str(uuid.uuid4())
    _push(unit, _create(uid, _person(20)))
    (refused,) = _push(unit, _material(uid, {"version": None, "confirmation_rev": 0}, [], **bad))
    assert refused["status"] == "rejected"
    assert refused["reason"] == "invalid"
    assert refused["message"]


def test_the_entry_endpoints_are_in_the_openapi_document(server: SeededServer) -> None:
    document = requests.get(f"{server.url}/openapi.json", timeout=30).json()
    entries = document["paths"]["/v1/entries"]["post"]
    assert entries["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/EntryBatch")
    upload = document["paths"]["/v1/uploads/{sha256}"]
    assert "application/octet-stream" in upload["put"]["requestBody"]["content"]
    assert {"200", "202", "409", "422"} <= set(upload["put"]["responses"])
    assert "head" in upload
