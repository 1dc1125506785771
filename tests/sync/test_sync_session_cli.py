"""Logging in, resuming with the keyring's token, opening offline, and the headless commands —
against the real server on 127.0.0.1."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sync_world import DEMO_UNIT, World, stop

from memory_keyring import MemoryKeyring
from reviewdesk.cli import EXIT_AUTH, EXIT_OFFLINE, EXIT_OK, EXIT_USAGE, run_cli
from reviewdesk.server.testing import SeededServer
from reviewdesk.sync import session
from reviewdesk.sync.errors import ApiError, AuthError, Offline


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("sync-session-world"))


@pytest.fixture(autouse=True)
def instant_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries against a closed port still happen, without the real waits between them."""
    monkeypatch.setattr("reviewdesk.sync.client.default_sleep", lambda _seconds: None)


@pytest.fixture
def server(world: World, tmp_path: Path) -> Iterator[SeededServer]:
    running = world.start(tmp_path / "server")
    try:
        yield running
    finally:
        stop(running)


def test_connect_keeps_the_token_in_the_keyring(
    world: World, server: SeededServer, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    account = world.account(DEMO_UNIT)
    workspace, client = session.connect(server.url + "/", account.username, account.password, tmp_path / "d")
    try:
        key = ("reviewdesk", f"{server.url}|{account.username}")
        assert memory_keyring.secrets[key] == client.token
        assert len(client.token.encode("utf-16-le")) <= session.MAX_SECRET_BYTES  # type: ignore[union-attr]
        assert workspace.me.username == account.username and workspace.me.server_id
        assert workspace.path == workspace.default_path(tmp_path / "d", server.url, account.username)
        assert (tmp_path / "d" / "device_id").read_text() == client.device_id
    finally:
        workspace.close()
    # a restarted program resumes without the password
    workspace, client = session.resume(server.url, account.username, tmp_path / "d")
    try:
        assert client.me()["user"]["username"] == account.username
    finally:
        workspace.close()
    # once the server forgets the token, resuming asks for the password and forgets it too
    client.logout()
    with pytest.raises(AuthError):
        session.resume(server.url, account.username, tmp_path / "d")
    assert key not in memory_keyring.secrets


def test_wrong_password_is_auth_error(world: World, server: SeededServer, tmp_path: Path) -> None:
    with pytest.raises(AuthError) as caught:
        session.connect(server.url, DEMO_UNIT, "wrong", tmp_path / "d")
    assert caught.value.status == 401 and caught.value.message


def test_oversized_token_is_refused_before_the_keyring() -> None:
    with pytest.raises(ValueError, match="2560"):
        session.store_token("http://x", "u", "t" * 1281)


def test_open_offline_when_the_server_is_gone(world: World, tmp_path: Path) -> None:
    account = world.account(DEMO_UNIT)
    running = world.start(tmp_path / "server")
    url = running.url
    workspace, _client = session.connect(url, account.username, account.password, tmp_path / "d")
    workspace.close()
    stop(running)
    with pytest.raises(Offline):
        session.connect(url, account.username, account.password, tmp_path / "d")
    offline = session.open_offline(url, account.username, tmp_path / "d")
    assert offline.me.username == account.username
    offline.close()
    with pytest.raises(FileNotFoundError, match="请先联网登录"):
        session.open_offline(url, "nobody", tmp_path / "d")


def test_run_cli_ignores_what_is_not_a_headless_command() -> None:
    assert run_cli([]) is None
    assert run_cli(["--demo"]) is None
    out = io.StringIO()
    assert run_cli(["sync", "--server", "http://x"], stdout=out) == EXIT_USAGE
    assert "--user" in out.getvalue()
    assert run_cli(["status", "--server", "http://x"], stdout=io.StringIO()) == EXIT_USAGE


def test_sync_and_status_commands(
    world: World, server: SeededServer, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    account = world.account(DEMO_UNIT)
    data = str(tmp_path / "d")
    base = ["sync", "--server", server.url, "--user", account.username, "--data-dir", data, "--no-blobs"]
    out = io.StringIO()
    code = run_cli([*base, "--password-stdin"], stdin=io.StringIO(account.password + "\n"), stdout=out)
    assert code == EXIT_OK, out.getvalue()
    assert "全量下载" in out.getvalue() and "同步完成" in out.getvalue()
    # the second time the keyring's token is enough: no password asked
    out = io.StringIO()
    assert run_cli(base, stdin=io.StringIO(""), stdout=out) == EXIT_OK
    assert "更新 0 条" in out.getvalue()
    out = io.StringIO()
    assert (
        run_cli(
            ["status", "--server", server.url, "--user", account.username, "--data-dir", data], stdout=out
        )
        == 0
    )
    text = out.getvalue()
    assert f"考生记录：{len(world.unit_records)} 条" in text and "待同步操作：0 项" in text
    assert "上次同步：从未同步" not in text
    out = io.StringIO()
    assert run_cli(["status", "--data-dir", data], stdout=out) == EXIT_OK
    assert account.username in out.getvalue()


def test_sync_command_failures_have_exit_codes(
    world: World, server: SeededServer, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data = str(tmp_path / "d")
    out = io.StringIO()
    code = run_cli(
        ["sync", "--server", server.url, "--user", DEMO_UNIT, "--data-dir", data, "--password-stdin"],
        stdin=io.StringIO("wrong\n"),
        stdout=out,
    )
    assert code == EXIT_AUTH and "登录失败" in out.getvalue()
    out = io.StringIO()
    code = run_cli(
        [
            "sync",
            "--server",
            "http://127.0.0.1:9",
            "--user",
            DEMO_UNIT,
            "--data-dir",
            data,
            "--password-stdin",
        ],
        stdin=io.StringIO("x\n"),
        stdout=out,
    )
    assert code == EXIT_OFFLINE and "无法连接服务器" in out.getvalue()
    assert run_cli(["status", "--data-dir", str(tmp_path / "empty")], stdout=io.StringIO()) == 1


def test_commands_in_a_subprocess(world: World, server: SeededServer, tmp_path: Path) -> None:
    account = world.account(DEMO_UNIT)
    data = str(tmp_path / "d")
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    command = [sys.executable, "-m", "reviewdesk.cli"]
    done = subprocess.run(
        [
            *command,
            "sync",
            "--server",
            server.url,
            "--user",
            account.username,
            "--data-dir",
            data,
            "--no-blobs",
            "--password-stdin",
        ],
        input=account.password + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "同步完成" in done.stdout
    done = subprocess.run(
        [*command, "status", "--data-dir", data],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and f"考生记录：{len(world.unit_records)} 条" in done.stdout


def test_login_throttled_after_wrong_passwords_says_so_at_once(
    world: World, server: SeededServer, tmp_path: Path
) -> None:
    for _ in range(5):
        with pytest.raises(AuthError):
            session.connect(server.url, DEMO_UNIT, "wrong", tmp_path / "d")
    account = world.account(DEMO_UNIT)
    with pytest.raises(ApiError) as caught:
        session.connect(server.url, DEMO_UNIT, account.password, tmp_path / "d")
    assert caught.value.status == 429 and "后再试" in caught.value.message


def _choose_english(data: str) -> None:
    """What the 设置 dialog writes when English is chosen, in the data folder's settings.ini."""
    from reviewdesk.paths import AppPaths
    from reviewdesk.views.shell.settings import AppSettings

    settings = AppSettings.for_paths(AppPaths.resolve(data))
    settings.language = "en"
    settings.sync()


def test_commands_follow_the_language_chosen_in_settings(
    world: World, server: SeededServer, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    from reviewdesk.views.common.i18n import installed_translators, translate

    account = world.account(DEMO_UNIT)
    data = str(tmp_path / "d")
    _choose_english(data)
    translators_before = installed_translators()
    out = io.StringIO()
    code = run_cli(
        [
            *("sync", "--server", server.url, "--user", account.username),
            "--data-dir",
            data,
            "--password-stdin",
        ],
        stdin=io.StringIO(account.password + "\n"),
        stdout=out,
    )
    assert code == EXIT_OK, out.getvalue()
    assert "Sync complete" in out.getvalue() and "full download" in out.getvalue()
    assert "同步" not in out.getvalue()
    out = io.StringIO()
    assert run_cli(["status", "--data-dir", data], stdout=out) == EXIT_OK
    text = out.getvalue()
    assert f"Candidate records: {len(world.unit_records)}" in text and "Actions waiting to sync: 0" in text
    assert "(" in text and "Unit)" in text  # the account's tier in English too
    # the English translators were the command's only: the rest of this process is back in Chinese,
    # with the translators it had before (none, or Qt's own zh_CN ones a window installed)
    assert translate("Cli", "同步完成") == "同步完成"
    assert len(installed_translators()) == len(translators_before)

    out = io.StringIO()
    assert run_cli(["status", "--data-dir", str(tmp_path / "empty")], stdout=out) == 1
    assert out.getvalue().startswith("本地没有数据")  # no settings there: the default language


def test_status_and_help_in_english_in_a_subprocess(
    world: World, server: SeededServer, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    account = world.account(DEMO_UNIT)
    data = str(tmp_path / "d")
    out = io.StringIO()
    base = [
        "sync",
        "--server",
        server.url,
        "--user",
        account.username,
        "--data-dir",
        data,
        "--password-stdin",
    ]
    assert run_cli(base, stdin=io.StringIO(account.password + "\n"), stdout=out) == EXIT_OK, out.getvalue()
    _choose_english(data)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reviewdesk", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    done = run("status", "--data-dir", data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Candidate records: {len(world.unit_records)}" in done.stdout
    assert "Last sync: " in done.stdout and "Open conflicts: 0" in done.stdout
    done = run("status", "--help", "--data-dir", data)
    assert "show the local data's state" not in done.stdout  # a subcommand's own help…
    assert "local data folder" in done.stdout  # …in English
    done = run("--help", "--data-dir", data)
    assert done.returncode == 0 and "self-test: run the whole path offscreen" in done.stdout
    fresh = tmp_path / "fresh"
    done = run("--help", "--data-dir", str(fresh))  # no settings there: the default, Chinese
    assert "自检" in done.stdout
    assert not fresh.exists()  # reading the language wrote nothing


@pytest.fixture
def patient_server(world: World, tmp_path: Path) -> Iterator[SeededServer]:
    """A server whose login throttle, once it starts, waits a minute: with the default second, a starved
    machine let the second run out between the fifth wrong password and the next try, which then passed."""
    running = world.start(tmp_path / "patient", login_base_delay=timedelta(minutes=1))
    try:
        yield running
    finally:
        stop(running)


def test_sync_command_says_each_refusal_once_in_its_own_words(
    world: World, patient_server: SeededServer, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    server = patient_server
    data = str(tmp_path / "d")

    def sync(server_url: str, password: str) -> tuple[int | None, str]:
        out = io.StringIO()
        argv = ["sync", "--server", server_url, "--user", DEMO_UNIT, "--data-dir", data, "--password-stdin"]
        return run_cli(argv, stdin=io.StringIO(password + "\n"), stdout=out), out.getvalue()

    # unreachable: one clear sentence, not "无法连接服务器：无法连接服务器，…"
    code, text = sync("http://127.0.0.1:9", "x")
    assert code == EXIT_OFFLINE and text.count("无法连接服务器") == 1 and "离线审核" in text
    # an address without http:// is bad usage, said in Chinese (requests' own words were English)
    code, text = sync(server.url.removeprefix("http://"), "x")
    assert code == EXIT_USAGE and "服务器地址无效" in text and "adapter" not in text
    # five wrong passwords, then even the right one is refused for a while: a login refusal (exit 3)
    for _ in range(5):
        assert sync(server.url, "wrong")[0] == EXIT_AUTH
    account = world.account(DEMO_UNIT)
    code, text = sync(server.url, account.password)
    assert (
        code == EXIT_AUTH and text.startswith("登录失败") and "登录失败次数过多" in text and "后再试" in text
    )
    assert "Traceback" not in text
    # the data folder's log file says why each run got no session (what support reads)
    log = (tmp_path / "d" / "logs" / "reviewdesk.log").read_text(encoding="utf-8")
    assert "no session with http://127.0.0.1:9" in log and "[Offline, HTTP status None]" in log
    assert "[InvalidServerUrl, HTTP status None]" in log and "HTTP status 429" in log


def test_sync_command_asks_for_the_password_without_a_token(
    world: World,
    server: SeededServer,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No token in the keyring and no --password-stdin: the password is asked for (getpass, which
    does not echo); the token it earns is kept, so the next run asks nothing."""
    account = world.account(DEMO_UNIT)
    asked: list[str] = []

    def prompt(text: str, stream: object = None) -> str:
        asked.append(text)
        return account.password

    monkeypatch.setattr("getpass.getpass", prompt)
    data = str(tmp_path / "d")
    argv = ["sync", "--server", server.url, "--user", account.username, "--data-dir", data, "--no-blobs"]
    out = io.StringIO()
    assert run_cli(argv, stdin=io.StringIO(""), stdout=out) == EXIT_OK, out.getvalue()
    assert asked == [f"{account.username} 的密码："]
    # the sync's log line went to the data folder's log file (like the desktop's), not to the output
    log = (tmp_path / "d" / "logs" / "reviewdesk.log").read_text(encoding="utf-8")
    assert f"full download with {server.url} finished" in log and "finished" not in out.getvalue()
    assert account.password not in log
    assert ("reviewdesk", f"{server.url}|{account.username}") in memory_keyring.secrets
    assert run_cli(argv, stdin=io.StringIO(""), stdout=io.StringIO()) == EXIT_OK
    assert len(asked) == 1  # the keyring's token was enough


def test_the_sync_command_leaves_a_current_list_index_snapshot(
    world: World,
    server: SeededServer,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A scheduled ``reviewdesk sync`` downloads without a window: the desktop's next start must load the
    list index from its snapshot, not build it from SQLite (issue 18: 3.2× slower first open)."""
    from reviewdesk.store.index import RecordIndex, record_index
    from reviewdesk.store.index import snapshot as index_snapshot

    account = world.account(DEMO_UNIT)
    data = tmp_path / "d"
    base = ["sync", "--server", server.url, "--user", account.username, "--data-dir", str(data), "--no-blobs"]
    out = io.StringIO()
    assert (
        run_cli([*base, "--password-stdin"], stdin=io.StringIO(account.password + "\n"), stdout=out)
        == EXIT_OK
    )
    (snapshot,) = data.rglob("*.index.npz")
    first, _ = index_snapshot.load(snapshot)
    assert first.rows == len(world.unit_records)

    server.withdraw(world.unit_records[0])  # the next sync pulls a change
    out = io.StringIO()
    assert run_cli(base, stdin=io.StringIO(""), stdout=out) == EXIT_OK
    assert "更新 1 条" in out.getvalue(), out.getvalue()
    second, _ = index_snapshot.load(snapshot)
    assert second.applied_seq > first.applied_seq  # the pulled change is in the snapshot

    def no_build(*_args: object) -> None:
        raise AssertionError("the index was built from SQLite instead of loaded from its snapshot")

    monkeypatch.setattr(record_index, "_load", no_build)
    store = snapshot.with_name(snapshot.name.removesuffix(".index.npz"))
    index = RecordIndex.open(store, follow=False)
    try:
        assert sorted(index.ids.tolist()) == sorted(world.unit_records)
    finally:
        index.close()
