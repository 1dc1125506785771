"""Logging in, resuming with a stored token, and opening the last workspace offline.

One local store per (server, account) (``Workspace.default_path``). The token — never the password —
is kept in the operating system's keyring (Windows Credential Manager on reviewers' desktops) under
service ``reviewdesk`` and key ``<server_url>|<username>``, so a reviewer who restarts the program
can sync without typing the password again until the token expires.

The workstation's ``X-Device-Id`` lives in ``<data_dir>/device_id``: one id per installation, made
once, so the server's audit log can tell workstations apart.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from pathlib import Path

import keyring
import keyring.errors

from reviewdesk.store.workspace import Me, Workspace
from reviewdesk.sync.client import ApiClient
from reviewdesk.sync.errors import AuthError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "reviewdesk"
#: Windows Credential Manager keeps at most 2,560 bytes per secret, stored as UTF-16.
MAX_SECRET_BYTES = 2560


def normalize_server_url(server_url: str) -> str:
    """One spelling per server (no trailing slash), so the keyring key and the store file agree."""
    return server_url.strip().rstrip("/")


def keyring_key(server_url: str, username: str) -> str:
    return f"{normalize_server_url(server_url)}|{username}"


def store_token(server_url: str, username: str, token: str) -> bool:
    """Keep the token in the keyring; False (logged, not raised) where no keyring is usable."""
    size = len(token.encode("utf-16-le"))
    if size > MAX_SECRET_BYTES:
        raise ValueError(f"token of {size} bytes exceeds the keyring's {MAX_SECRET_BYTES}-byte limit")
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_key(server_url, username), token)
    except keyring.errors.KeyringError as error:
        log.warning("token not stored in keyring: %s", error)
        return False
    return True


def load_token(server_url: str, username: str) -> str | None:
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(server_url, username))
    except keyring.errors.KeyringError as error:
        log.warning("keyring unreadable: %s", error)
        return None


def forget_token(server_url: str, username: str) -> None:
    # PasswordDeleteError (nothing stored) is a KeyringError too.
    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.delete_password(KEYRING_SERVICE, keyring_key(server_url, username))


def device_id(data_dir: Path) -> str:
    """This installation's id, made on first use."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "device_id"
    try:
        value = path.read_text(encoding="utf-8").strip()
        uuid.UUID(value)
        return value
    except (OSError, ValueError):
        value = str(uuid.uuid4())
        path.write_text(value, encoding="utf-8")
        return value


def open_or_create(data_dir: Path, server_url: str, me_reply: dict) -> Workspace:
    """The workspace of this (server, account): opened when it exists, else created empty.

    A workspace made against another server database (its ``server_id`` differs) is still opened:
    the change feed answers its cursor with 410, the engine re-downloads the scope and the outbox is
    kept and pushed — the server then answers each old action for itself (API.md).
    """
    url = normalize_server_url(server_url)
    me = Me.from_api(me_reply)
    path = Workspace.default_path(data_dir, url, me.username)
    if path.exists():
        workspace = Workspace.open(path)
        if workspace.me != me:
            workspace.set_me(me)  # names and roles may change between logins
        return workspace
    path.parent.mkdir(parents=True, exist_ok=True)
    return Workspace.create(path, url, me)


def connect(
    server_url: str,
    username: str,
    password: str,
    data_dir: Path,
    *,
    ca_bundle: str | None = None,
    client: ApiClient | None = None,
) -> tuple[Workspace, ApiClient]:
    """Log in, read ``/v1/me``, open or create the workspace, keep the token in the keyring.

    Raises :class:`AuthError` for a wrong password, :class:`Offline` when the server is unreachable
    (then :func:`open_offline` still opens the last workspace).
    """
    data_dir = Path(data_dir)
    url = normalize_server_url(server_url)
    client = client or ApiClient(url, device_id=device_id(data_dir), ca_bundle=ca_bundle)
    token = client.login(username, password)
    me_reply = client.me()
    workspace = open_or_create(data_dir, url, me_reply)
    store_token(url, username, token)
    return workspace, client


def resume(
    server_url: str,
    username: str,
    data_dir: Path,
    *,
    ca_bundle: str | None = None,
    client: ApiClient | None = None,
) -> tuple[Workspace, ApiClient]:
    """Reconnect with the keyring's token, no password. Raises :class:`AuthError` when there is no
    token or the server no longer accepts it (the stored one is then forgotten): ask for the password."""
    data_dir = Path(data_dir)
    url = normalize_server_url(server_url)
    token = load_token(url, username)
    if not token:
        raise AuthError("请登录", code="no_token")
    client = client or ApiClient(url, device_id=device_id(data_dir), ca_bundle=ca_bundle)
    client.token = token
    try:
        me_reply = client.me()
    except AuthError:
        forget_token(url, username)
        raise
    return open_or_create(data_dir, url, me_reply), client


def open_offline(server_url: str, username: str, data_dir: Path) -> Workspace:
    """The last workspace of this (server, account) without the server: review goes on offline."""
    path = Workspace.default_path(Path(data_dir), normalize_server_url(server_url), username)
    if not path.exists():
        raise FileNotFoundError(f"本机没有账号 {username} 的离线数据，请先联网登录并同步一次")
    return Workspace.open(path)
