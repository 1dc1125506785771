"""卫生专业技术资格考试信息确认 in Chromium: the seed's blocks with required fields red and the scans,
信息有误 → the unit sees the note, 允许修改 → the 审核备注, the unit corrects → 待确认 again → 信息无误 →
重新提交; the empty page (4.2.1); only the candidate's own record and scans."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from conftest import Person, Phone, card_photos
from reviewdesk.domain.enums import IdType, MaterialKind, Outcome, SubmitStatus, Tier
from reviewdesk.server.candidate_web.confirm_page import EMPTY_TEXT, TIP
from reviewdesk.server.db import Database
from reviewdesk.server.models import Image, Material, Record


def _person_of(phone: Phone, record_id: int) -> Person:
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            record = session.get_one(Record, record_id)
            return Person(record.name, record.id_number, record.unit_id)
    finally:
        database.dispose()


def _record_with(phone: Phone, submitted: bool, taken: set[int]) -> int:
    """A 居民身份证 record with education and title materials, (not) submitted and pending at its unit."""
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            kinds = select(Material.record_id).where(Material.kind == MaterialKind.TITLE.value)
            query = (
                select(Record.id)
                .where(
                    Record.id_type == IdType.RESIDENT_ID.value,
                    Record.id.in_(kinds),
                    Record.submit_status
                    == (SubmitStatus.SUBMITTED if submitted else SubmitStatus.NOT_SUBMITTED).value,
                    Record.status_unit == "pending",
                    Record.at_tier.is_(None) if not submitted else Record.at_tier == Tier.UNIT.value,
                )
                .order_by(Record.id)
            )
            return next(i for i in session.scalars(query) if i not in taken)
    finally:
        database.dispose()


def _verified_and_bound(phone: Phone, number: str, person: Person, tmp_path: Path) -> None:
    phone.register(number)
    phone.open("/realname/info?method=id_auto")
    phone.fill("name", person.name)
    phone.fill("id_number", person.id_number)
    phone.click("next")
    front, back = card_photos(tmp_path / number, person)
    phone.attach("front", front)
    phone.attach("back", back)
    phone.click("submit-scan")
    assert phone.text("realname-status") == "认证成功"
    phone.open(f"/unit/bind?unit={person.unit_id}")
    phone.fill("code", phone.site.confirmation_code(person.unit_id))
    phone.click("bind")


def test_confirm_what_the_unit_entered_and_resubmit_after_a_return(phone: Phone, tmp_path: Path) -> None:
    record_id = _record_with(phone, submitted=True, taken=set())
    person = _person_of(phone, record_id)
    _verified_and_bound(phone, "13700000031", person, tmp_path)
    unit = phone.site.reviewer(phone.site.account_for_org(person.unit_id))

    phone.open("/confirm")  # submitted: shown, no answer possible
    assert phone.text("submitted") == "报名已提交，信息确认已结束。"
    assert not phone.has("confirm-ok")

    # The unit returns it (允许修改) with a remark.
    assert unit.decide(record_id, Outcome.RETURN, "学历信息与证书不一致")["status"] == "applied"
    phone.open("/")
    phone.click("business-confirm")
    assert phone.path == "/m/confirm"
    basic = phone.text("block-basic")
    assert basic.startswith(f"基本信息\n*姓名\n{person.name}\n*证件号码\n{person.id_number}\n*申报单位")
    assert TIP in basic
    titles = [e.text.splitlines()[0] for e in phone.driver.find_elements("css selector", ".block")]
    assert titles == ["基本信息", "学历信息", "专业技术职称", "医师资格证", "医师执业证", "护士执业证"]
    title_block = phone.driver.find_element("id", "block-2")
    required = [
        e.text
        for e in title_block.find_elements("css selector", ".field .name")
        if e.find_elements("css selector", ".req")
    ]
    assert required[:3] == ["*资格系列", "*资格级别", "*专业"] and "聘任日期" not in " ".join(required)
    red = title_block.find_element("css selector", ".req").value_of_css_property("color")
    assert red == "rgba(198, 40, 40, 1)"
    assert phone.text("review-remark").splitlines()[:2] == [
        "单位审核：允许修改",
        "审核备注：学历信息与证书不一致",
    ]
    scans = title_block.find_elements("css selector", ".thumbs img")
    assert scans and all(img.get_property("naturalWidth") > 0 for img in scans)  # the scans load
    phone.shot("12-confirm")

    # 信息有误: the unit reads the note on the record.
    phone.fill("note", "毕业时间应为2015-06-30")
    phone.click("confirm-wrong")
    assert phone.text("confirm-status") == "信息确认状态：信息有误（毕业时间应为2015-06-30）"
    seen = unit.record(record_id)["confirmation"]
    assert (seen["status"], seen["note"]) == ("disputed", "毕业时间应为2015-06-30")

    # Re-submitting before confirming is refused; the unit corrects the education; 待确认 again.
    phone.click("resubmit")
    assert phone.text("error-page") == "请先核对信息并点击“信息无误”，再重新提交"
    record = unit.record(record_id)
    education = next(m for m in record["materials"] if m["kind"] == MaterialKind.EDUCATION.value)
    fields = {**education["fields"], "毕业时间": "2015-06-30"}
    answer = unit.post(
        "/v1/entries",
        {
            "items": [
                {
                    "entry_id": str(uuid.uuid4()),
                    "candidate_uid": str(uuid.uuid4()),
                    "record_id": record_id,
                    "kind": "material",
                    "base": {
                        "version": education["version"],
                        "confirmation_rev": record["confirmation"]["rev"],
                    },
                    "material": {"kind": "education", "fields": fields, "images": []},
                }
            ]
        },
    )["results"][0]
    assert answer["status"] == "applied", answer
    phone.open("/confirm")
    assert phone.text("confirm-status") == "信息确认状态：待确认（毕业时间应为2015-06-30）" or phone.text(
        "confirm-status"
    ).startswith("信息确认状态：待确认")
    assert "2015-06-30" in phone.text("block-1")
    phone.click("confirm-ok")
    assert phone.text("confirm-status") == "信息确认状态：信息无误"
    phone.click("resubmit")
    assert phone.text("submitted") == "报名已提交，信息确认已结束。"
    after = unit.record(record_id)
    assert after["submit_status"] == "submitted" and after["review"]["statuses"]["unit"] == "pending"


def test_empty_information_and_only_one_s_own_scans(
    phone: Phone, people: list[Person], tmp_path: Path
) -> None:
    other_record = _record_with(phone, submitted=False, taken=set())
    person = next(p for p in people[20:] if p.unit_id != _person_of(phone, other_record).unit_id)
    # Bound to a unit that has entered nothing for them: the seed's 4.2.1 text.
    _verified_and_bound(
        phone,
        "13700000032",
        Person(person.name, person.id_number, _person_of(phone, other_record).unit_id),
        tmp_path,
    )
    phone.open("/confirm")
    empty = phone.text("confirm-empty")
    assert EMPTY_TEXT in empty and "扫描件格式要求：png、jpg、jpeg，大小不超过3M" in empty
    phone.shot("13-confirm-empty")
    # Another candidate's scan, by its number: as if it did not exist.
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            image_id = session.scalar(
                select(Image.id)
                .join(Material, Material.id == Image.material_id)
                .where(Material.record_id == other_record)
                .limit(1)
            )
    finally:
        database.dispose()
    phone.open(f"/scan/{image_id}")
    assert phone.text("message") == "图片不存在"
    assert other_record and _person_of(phone, other_record).name not in phone.page_text()
