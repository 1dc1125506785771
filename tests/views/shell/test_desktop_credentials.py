"""The login token lives only in the keyring, and fits Windows Credential Manager.

Why: on a reviewer's PC the keyring is Windows Credential Manager, which refuses secrets over 2,560
bytes (stored as UTF-16); and a token copied into a file of the data folder would outlive 切换账号 and
be readable by anyone with the folder. A dict-backed keyring stands in for the real one here.
"""

from __future__ import annotations

from pathlib import Path

from memory_keyring import MemoryKeyring
from reviewdesk.server.testing import seeded_server
from reviewdesk.sync.engine import SyncEngine
from reviewdesk.sync.session import KEYRING_SERVICE, connect, keyring_key, load_token

WINDOWS_CREDENTIAL_BLOB_LIMIT = 2560  # CRED_MAX_CREDENTIAL_BLOB_SIZE (5 * 512 bytes)


def test_login_token_is_in_the_keyring_only_and_fits_credential_manager(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    with seeded_server(tmp_path / "server", candidates=200, seed=3) as server:
        account = server.accounts[0]
        workspace, client = connect(server.url, account.username, account.password, data_dir)
        try:
            assert SyncEngine(workspace, client).sync().ok  # the files a working day leaves behind
            key = keyring_key(server.url, account.username)
            token = memory_keyring.secrets[(KEYRING_SERVICE, key)]
            assert token
            assert load_token(server.url, account.username) == token
            assert len(token.encode("utf-16-le")) <= WINDOWS_CREDENTIAL_BLOB_LIMIT
            # the password is never kept anywhere
            assert account.password not in memory_keyring.secrets.values()
        finally:
            workspace.close()

    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert files, "the workspace was created in the data folder"
    for path in files:
        content = path.read_bytes()
        for needle in (token, account.password):
            for encoding in ("utf-8", "utf-16-le"):
                assert needle.encode(encoding) not in content, f"{needle!r} found in {path}"
