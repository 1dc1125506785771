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


def test_a_real_sync_logs_what_it_did_and_no_id_number_password_or_token(tmp_path: Path) -> None:
    """Issue 7 end to end: the demo server on 127.0.0.1 (its log lines go to the same root logger, as in
    ``reviewdesk --demo``), a login, a download with images, decisions whose remarks quote 证件号码, a
    push, a wrong password and a sync with the server gone — logged at DEBUG (requests/urllib3 too),
    then the files are searched for every 证件号码 the reviewer downloaded, the password and the token."""
    from reviewdesk.domain.enums import Outcome, Tier
    from reviewdesk.server.testing import seeded_server
    from reviewdesk.sync.client import ApiClient
    from reviewdesk.sync.engine import SyncEngine
    from reviewdesk.sync.errors import AuthError
    from reviewdesk.sync.session import connect

    root = logging.getLogger()
    level_before = root.level
    setup = setup_logging(tmp_path / "logs", level=logging.DEBUG, fault_handler=False)
    try:
        with seeded_server(tmp_path / "server", candidates=200, seed=1) as server:
            account = server.account(Tier.PROVINCE)
            with pytest.raises(AuthError):
                connect(server.url, account.username, account.password + "x", tmp_path / "data")
            workspace, client = connect(server.url, account.username, account.password, tmp_path / "data")
            try:
                first = SyncEngine(workspace, client).sync()
                assert first.ok and first.downloaded > 0 and first.blobs > 0, first.summary()
                rows = workspace.rows(workspace.record_ids(), ["id", "id_number"])
                id_numbers = {row["id_number"] for row in rows.values() if row["id_number"]}
                assert len(id_numbers) >= 20
                targets: list[int] = []
                for record_id in list(rows)[:40]:
                    remark = f"证件号码{rows[record_id]['id_number']}与证件照片不符"
                    targets += workspace.decide([record_id], Outcome.HOLD, remark).allowed
                assert len(targets) >= 3
                push = SyncEngine(workspace, client).sync()
                assert push.ok and push.pushed == len(targets), push.summary()
                token = client.token
                assert token
                gone = ApiClient("http://127.0.0.1:9", token=token, retries=0, connect_timeout=1, timeout=2)
                assert SyncEngine(workspace, gone).sync().error
            finally:
                workspace.close()
    finally:
        setup.close()
        root.setLevel(level_before)

    text = _read_all(tmp_path / "logs")
    # what support needs: each sync's outcome, the failure and why, the HTTP requests
    assert "full download with http://127.0.0.1:" in text and "blobs " in text
    assert f"pushed {len(targets)} (applied {len(targets)}" in text
    assert "sync with http://127.0.0.1:9 failed after" in text and "Offline" in text
    assert '"POST /v1/decisions' in text or "/v1/decisions" in text
    # …and nothing that identifies a candidate or opens the account
    leaked = sorted(n for n in id_numbers if n in text or n.lower() in text)
    assert not leaked, leaked[:3]
    assert account.password not in text and token not in text
