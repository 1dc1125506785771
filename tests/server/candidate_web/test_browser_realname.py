"""实名认证 in Chromium: automatic (registry + OCR), the three-failure lock, then 工作单位 binding."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import func, select

from conftest import Person, Phone, card_photos
from reviewdesk.domain.identity import CHECKSUM_TEMPLATE
from reviewdesk.domain.realname import LOCKED_TODAY
from reviewdesk.server.candidate_models import IdentityPhoto
from reviewdesk.server.candidate_web import binding, realname
from reviewdesk.server.db import Database
from reviewdesk.server.demo import id_cards
from reviewdesk.server.models import Organisation


def _unit_name(phone: Phone, unit_id: int) -> str:
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            return session.scalar(select(Organisation.name).where(Organisation.id == unit_id)) or ""
    finally:
        database.dispose()


def _fill_info(phone: Phone, name: str, number: str) -> None:
    phone.fill("name", name)
    phone.fill("id_number", number)
    phone.click("next")


def _scan(phone: Phone, front: Path, back: Path) -> None:
    phone.attach("front", front)
    phone.attach("back", back)
    phone.click("submit-scan")


def test_automatic_verification_then_binding_to_the_unit(
    phone: Phone, people: list[Person], tmp_path: Path
) -> None:
    person = people[0]
    phone.register("13700000011")
    phone.click("prompt-go")
    phone.shot("4-methods")
    phone.click("method-id_auto")
    assert phone.path == "/m/realname/info?method=id_auto"
    wrong_check = "0" if person.id_number[-1] != "0" else "1"
    _fill_info(phone, person.name, person.id_number[:17] + wrong_check)
    assert phone.text("error-id_number").startswith(CHECKSUM_TEMPLATE.format(expected="")[:-1])
    phone.shot("5-info")
    _fill_info(phone, person.name, person.id_number)
    assert phone.path.startswith("/m/realname/scan?id=")
    page = phone.page_text()
    assert "若三次未认证成功，该证件当日不可操作" in page
    assert "平台不会泄露和留存用户证件图片信息" in page
    phone.shot("6-scan")
    front, back = card_photos(tmp_path, person, id_cards.Shot(tilt=7, blur=1.0))  # a hand-held photo
    phone.attach("front", front)  # the photo taken is shown, to check it before 提交认证
    preview = phone.driver.find_element("id", "front-preview")
    WebDriverWait(phone.driver, 30).until(lambda _d: preview.get_property("naturalWidth") > 0)
    assert preview.is_displayed() and not phone.driver.find_element("id", "back-preview").is_displayed()
    phone.shot("6b-scan-preview")
    _scan(phone, front, back)
    assert phone.path == "/m/realname/done"
    assert phone.text("realname-status") == "认证成功"
    phone.shot("7-verified")
    # Automatic verification never keeps a photo: none in the blob store, none in the database.
    folder = realname.identity_dir(phone.site.blob_dir)
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            assert session.scalar(select(func.count()).select_from(IdentityPhoto)) == 0
    finally:
        database.dispose()
    phone.open("/")
    assert phone.text("business-confirm") == "卫生专业技术资格考试信息确认"
    phone.open("/me")
    assert "实名认证\n认证成功" in phone.page_text()

    # 工作单位: a unit that is not there, a wrong code, the right one, unbind, bind again.
    phone.open("/unit")
    phone.fill("q", "不存在的卫生院")
    phone.click("search")
    assert phone.text("search-problem") == binding.NO_UNIT
    unit = _unit_name(phone, person.unit_id)
    phone.fill("q", unit)
    phone.click("search")
    phone.driver.find_element("link text", unit).click()
    assert phone.text("picked-unit") == unit
    phone.fill("code", "ZZZZ2222")
    phone.click("bind")
    assert phone.text("error-page") == binding.CODE_WRONG
    phone.fill("code", phone.site.confirmation_code(person.unit_id).lower())  # typed in lower case
    phone.click("bind")
    assert phone.path == "/m/unit"
    assert phone.text("bound-unit") == unit
    phone.shot("8-unit")
    phone.click("unbind")
    assert not phone.has("bound-unit")
    phone.open(f"/unit/bind?unit={person.unit_id}")
    phone.fill("code", phone.site.confirmation_code(person.unit_id))
    phone.click("bind")
    assert phone.text("bound-unit") == unit
    phone.open("/me")
    assert f"工作单位\n{unit}" in phone.page_text()


def test_three_failures_lock_the_document_for_the_day(
    phone: Phone, people: list[Person], tmp_path: Path
) -> None:
    person, other = people[1], people[2]
    phone.register("13700000012")
    phone.open("/realname/info?method=id_auto")
    # 1: a name the registry does not have for this number.
    _fill_info(phone, person.name + "某", person.id_number)
    front, back = card_photos(tmp_path / "own", person)
    _scan(phone, front, back)
    assert phone.text("error-page") == f"{realname.NOT_IN_REGISTRY}（今日该证件还可尝试2次）"
    # 2: the photo is somebody else's card.
    phone.click("retry")
    _fill_info(phone, person.name, person.id_number)
    other_front, _ = card_photos(tmp_path / "other", other)
    _scan(phone, other_front, back)
    assert phone.text("error-page") == f"{realname.OCR_MISMATCH}（今日该证件还可尝试1次）"
    # 3: a photo of the back instead of the front.
    phone.click("retry")
    _fill_info(phone, person.name, person.id_number)
    _scan(phone, back, back)
    assert phone.text("error-page") == LOCKED_TODAY
    phone.shot("9-locked")
    assert phone.has("offer-manual")
    phone.open("/realname")
    assert phone.text("method-id_auto") == "身份证(自动核验)\n今日不可操作"
    phone.open("/realname/info?method=id_auto")  # typing the address does not get round it
    assert phone.text("error-page") == LOCKED_TODAY
    assert not phone.driver.find_elements("name", "id_number")
    phone.click("offer-manual")
    assert phone.path == "/m/realname/info?method=id_manual"
    _fill_info(phone, person.name, person.id_number)
    assert phone.path.startswith("/m/realname/scan?id=")  # 身份证(人工审核) is still open
