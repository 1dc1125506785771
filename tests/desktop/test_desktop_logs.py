"""The log file has sync and error details and never a 证件号码, password or token."""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewdesk.domain.identity import make_resident_id
from reviewdesk.logs import ID_PLACEHOLDER, redact, setup_logging

RESIDENT_ID = "11010519491231002X"
HMT_ID = "810000199001010018"
OLD_ID = "110105491231002"
HK_PERMIT = "H12345678"
MACAO_PERMIT_NEW = "M1234567890"
PASSPORT = "E12345678"
PASSPORT_LETTER = "EA1234567"
TAIWAN_PERMIT = "12345678"
PASSWORD = "s3cret-Pa55word"
TOKEN = "tok_9f8e7d6c5b4a39281706"
SECRETS = [
    RESIDENT_ID,
    HMT_ID,
    OLD_ID,
    HK_PERMIT,
    MACAO_PERMIT_NEW,
    PASSPORT,
    PASSPORT_LETTER,
    PASSWORD,
    TOKEN,
]


@pytest.fixture
def log_setup(tmp_path: Path):
    setup = setup_logging(tmp_path / "logs", fault_handler=False)
    yield setup
    setup.close()


def _read_all(log_dir: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(log_dir.glob("reviewdesk.log*")))


def test_log_file_has_details_but_no_ids_passwords_or_tokens(log_setup, tmp_path: Path) -> None:
    log = logging.getLogger("reviewdesk.sync.engine")
    log.info("pushed decision for %s (证件号码%s), passport %s", "张三", RESIDENT_ID, PASSPORT)
    log.info(
        "record %d: 证件类型 港澳台居民居住证 %s; permits %s %s", 42, HMT_ID, HK_PERMIT, MACAO_PERMIT_NEW
    )
    log.info("old card %s, passport %s, 台胞证 证件号码: %s", OLD_ID, PASSPORT_LETTER, TAIWAN_PERMIT)
    log.warning("login payload %s", {"username": "reviewer01", "password": PASSWORD})
    log.warning("POST /v1/login password=%s&username=reviewer01", PASSWORD)
    log.info("headers %s", {"Authorization": f"Bearer {TOKEN}"})
    log.info("token=%s stored", TOKEN)
    log.info('reply {"token": "%s", "expires_in": 3600}', TOKEN)
    log.info("filter %(id)s", {"id": RESIDENT_ID})
    try:
        raise ValueError(f"证件号码 {RESIDENT_ID} 与 {HK_PERMIT} 不一致; password={PASSWORD}")
    except ValueError:
        log.exception("sync failed at phase %s", "push")
    log.error("stack follows", stack_info=True)

    def worker() -> None:
        try:
            raise KeyError(PASSPORT)
        except KeyError:
            logging.getLogger("reviewdesk.worker").exception("blob fetch failed")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    for handler in log_setup.handlers:
        handler.flush()

    text = _read_all(tmp_path / "logs")
    for secret in SECRETS:
        assert secret not in text, secret
    assert TAIWAN_PERMIT not in text.split("台胞证")[1].splitlines()[0]
    # …while the details that make the log useful are there
    assert "sync failed at phase push" in text
    assert "Traceback (most recent call last)" in text and "ValueError" in text
    assert "expires_in" in text and "record 42" in text and "reviewer01" in text
    assert ID_PLACEHOLDER in text
    assert "blob fetch failed" in text and "KeyError" in text


def test_rotated_files_are_redacted_too(tmp_path: Path) -> None:
    setup = setup_logging(tmp_path / "logs", max_bytes=2_000, backup_count=2, fault_handler=False)
    try:
        for i in range(200):
            logging.getLogger("reviewdesk").info("line %d %s password: %s", i, RESIDENT_ID, PASSWORD)
    finally:
        setup.close()
    files = sorted((tmp_path / "logs").glob("reviewdesk.log*"))
    assert len(files) == 3  # the file and two backups, no more
    text = _read_all(tmp_path / "logs")
    assert "line 199" in text and RESIDENT_ID not in text and PASSWORD not in text


def test_setup_twice_replaces_the_first(tmp_path: Path) -> None:
    first = setup_logging(tmp_path / "a", fault_handler=False)
    second = setup_logging(tmp_path / "b", fault_handler=False)
    try:
        assert not first.handlers
        logging.getLogger("reviewdesk").warning("only in b")
        for handler in second.handlers:
            handler.flush()
        assert "only in b" in _read_all(tmp_path / "b")
        assert "only in b" not in _read_all(tmp_path / "a")
    finally:
        second.close()


@pytest.mark.parametrize(
    "text",
    [
        "sha256 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
        "decision 123e4567-e89b-12d3-a456-426614174000 cursor 1234567 version 42",
        "synced 2026-01-04 12:00:00, 10000 records in 1.25 s",
        "GET /v1/sync/changes?since=1700000000123&limit=500",
    ],
)
def test_ordinary_details_survive(text: str) -> None:
    assert redact(text) == text


@settings(max_examples=200, deadline=None)
@given(
    region=st.sampled_from(["420102", "420111", "110105", "440524", "810000", "830000"]),
    birth=st.dates(min_value=date(1940, 1, 1), max_value=date(2008, 12, 31)),
    seq=st.integers(0, 999),
    before=st.text(st.characters(categories=["Lo", "Zs", "P"]), max_size=8),
    after=st.text(st.characters(categories=["Lo", "Zs", "P"]), max_size=8),
)
def test_any_valid_id_number_is_redacted(region: str, birth: date, seq: int, before: str, after: str) -> None:
    number = make_resident_id(region, birth, seq)
    for spelling in (
        number,
        number.lower(),
        number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
    ):
        assert spelling not in redact(f"{before}{spelling}{after}")
