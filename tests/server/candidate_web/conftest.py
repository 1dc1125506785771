"""A real Chromium (Debian's ``chromium`` + ``chromium-driver``, driven by Selenium) at a phone's size,
and one seeded server per test module (the pages' tests share it: each test signs up its own phone).

``REVIEWDESK_SCREENSHOT_DIR=docs`` makes the tests that take the README's screenshots write them there.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import ElementClickInterceptedException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from reviewdesk.domain.enums import IdType
from reviewdesk.server.db import Database
from reviewdesk.server.demo import id_cards
from reviewdesk.server.models import Record
from reviewdesk.server.testing import SeededServer, seeded_server

PHONE_SIZE = (360, 740)
#: How long a page may take: the automatic 实名认证's OCR takes 3 s on an idle 2-core machine and
#: several times that when other test runs share the cores; a page that never comes still fails.
PAGE_SECONDS = 180
CHROMEDRIVER = "/usr/bin/chromedriver"


class CodeLog(logging.Handler):
    """Collects what the demo's 验证码 sender writes to the server log (the real sender, read back)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def code_for(self, phone: str) -> str:
        for message in reversed(self.messages):
            if phone in message:
                found = re.search(r"验证码 (\d{6})", message)
                if found:
                    return found.group(1)
        raise AssertionError(f"no 验证码 logged for {phone}: {self.messages}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededServer]:
    db_url = os.environ.get("REVIEWDESK_TEST_DB_URL") or None
    with seeded_server(tmp_path_factory.mktemp("site"), candidates=300, seed=1, db_url=db_url) as running:
        yield running


@pytest.fixture(scope="module")
def codes() -> Iterator[CodeLog]:
    handler = CodeLog()
    logger = logging.getLogger("reviewdesk.server.candidate")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: scripts/install_system_parts.sh installs it"
    options = Options()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        f"--window-size={PHONE_SIZE[0]},{PHONE_SIZE[1]}",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(PAGE_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def phone_browser(browser: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """The module's browser with no cookies left from the previous test."""
    browser.delete_all_cookies()
    yield browser
    browser.delete_all_cookies()


def _gone(element: WebElement) -> bool:
    """The page the element was on has been replaced (Chromium says so in more than one way)."""
    try:
        element.is_enabled()
    except WebDriverException:
        return True
    return False


class Phone:
    """The candidate's phone: a browser on the site, with the steps the tests repeat."""

    def __init__(self, driver: webdriver.Chrome, site: SeededServer, codes: CodeLog) -> None:
        self.driver = driver
        self.site = site
        self.codes = codes

    def open(self, path: str) -> None:
        self.driver.get(f"{self.site.url}/m{path}")

    @property
    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.site.url)

    def text(self, element_id: str) -> str:
        return self.driver.find_element("id", element_id).text

    def has(self, element_id: str) -> bool:
        return bool(self.driver.find_elements("id", element_id))

    def fill(self, name: str, value: str) -> None:
        field = self.driver.find_element("name", name)
        field.clear()
        field.send_keys(value)

    def choose(self, name: str, value: str) -> None:
        self.driver.find_element("css selector", f"select[name={name}] option[value={value}]").click()

    def attach(self, name: str, path: Path) -> None:
        self.driver.find_element("name", name).send_keys(str(path))

    def click(self, element_id: str) -> None:
        """Click a button or link that loads a page, and wait until the new page is there."""
        page = self.driver.find_element("tag name", "html")
        target = self.driver.find_element("id", element_id)

        def clear_click(_driver: webdriver.Chrome) -> bool:
            # As a thumb does: bring it to the middle of the screen, clear of the fixed tab bar; again
            # if the page moved meanwhile (a photo preview appearing above it shifts the button down).
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
            try:
                target.click()
            except ElementClickInterceptedException:
                return False
            return True

        WebDriverWait(self.driver, 30, poll_frequency=0.2).until(clear_click)
        wait = WebDriverWait(self.driver, PAGE_SECONDS)
        wait.until(lambda _driver: _gone(page))
        wait.until(lambda driver: driver.execute_script("return document.readyState") == "complete")

    def page_text(self) -> str:
        return self.driver.find_element("tag name", "body").text

    def shot(self, name: str) -> None:
        """A screenshot of the whole page for the README when REVIEWDESK_SCREENSHOT_DIR is set."""
        directory = os.environ.get("REVIEWDESK_SCREENSHOT_DIR")
        if not directory:
            return
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(PHONE_SIZE[0], max(PHONE_SIZE[1], int(height) + 100))
        try:
            self.driver.save_screenshot(str(Path(directory) / f"screenshot-candidate-{name}.png"))
        finally:
            self.driver.set_window_size(*PHONE_SIZE)

    def register(self, phone: str, password: str = "Kaosheng@2027") -> None:
        """注册 with the 验证码 the server logged, then 登录: ends on 首页."""
        self.open("/register")
        self.fill("phone", phone)
        self.click("send-code")
        assert "验证码已写入服务器日志" in self.text("code-sent")
        self.fill("code", self.codes.code_for(phone))
        self.fill("password", password)
        self.fill("password2", password)
        self.click("register")
        assert self.text("notice") == "注册成功，请登录"
        self.sign_in(phone, password)

    def sign_out(self) -> None:
        self.open("/me")
        self.click("logout")

    def sign_in(self, phone: str, password: str) -> None:
        self.open("/login")
        self.fill("phone", phone)
        self.fill("password", password)
        self.click("login")


@pytest.fixture
def phone(phone_browser: webdriver.Chrome, site: SeededServer, codes: CodeLog) -> Phone:
    return Phone(phone_browser, site, codes)


@dataclass(frozen=True)
class Person:
    """A demo person of the identity registry (and of a record at ``unit_id``)."""

    name: str
    id_number: str
    unit_id: int


@pytest.fixture(scope="module")
def people(site: SeededServer) -> list[Person]:
    """Demo people with a 居民身份证, in record order: each test takes its own."""
    database = Database.open(site.db_url)
    try:
        with database.read() as session:
            rows = session.execute(
                select(Record.name, Record.id_number, Record.unit_id)
                .where(Record.id_type == IdType.RESIDENT_ID.value)
                .order_by(Record.id)
            ).all()
    finally:
        database.dispose()
    return [Person(*row) for row in rows]


def card_photos(directory: Path, person: Person, shot: id_cards.Shot | None = None) -> tuple[Path, Path]:
    """Specimen photos of ``person``'s card (front, back) as files the browser can upload."""
    directory.mkdir(parents=True, exist_ok=True)
    front = directory / f"front-{person.id_number}.jpg"
    back = directory / "back.jpg"
    front.write_bytes(id_cards.front(person.name, person.id_number, shot=shot or id_cards.Shot()))
    back.write_bytes(id_cards.back())
    return front, back
