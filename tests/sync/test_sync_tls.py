"""TLS against the real server: verification is on by default, and a province's own CA bundle makes a
server with a privately issued certificate trusted (``--ca-bundle``)."""

from __future__ import annotations

import datetime
import io
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sync_world import DEMO_UNIT, World

from reviewdesk.cli import EXIT_OFFLINE, EXIT_OK, run_cli
from reviewdesk.server.app import create_app
from reviewdesk.server.settings import ServerSettings
from reviewdesk.sync.client import ApiClient
from reviewdesk.sync.errors import CertificateError


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_private_ca(directory: Path) -> tuple[Path, Path, Path]:
    """A CA and a certificate for 127.0.0.1 signed by it: (ca.pem, server.pem, server.key)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("湖北考区 测试 CA"))
        .issuer_name(_name("湖北考区 测试 CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, cert_pem, key_pem = directory / "ca.pem", directory / "server.pem", directory / "server.key"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return ca_pem, cert_pem, key_pem


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World.build(tmp_path_factory.mktemp("sync-tls-world"))


@pytest.fixture
def tls_server(world: World, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The real app over HTTPS on 127.0.0.1 with a certificate from a private CA: (url, ca.pem)."""
    ca_pem, cert_pem, key_pem = make_private_ca(tmp_path)
    plain = world.start(tmp_path / "server")  # only for its private database copy
    plain.server.stop()
    app = create_app(ServerSettings(db_url=plain.db_url, blob_dir=world.template_blobs, migrate=False))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, log_level="warning", ssl_certfile=str(cert_pem), ssl_keyfile=str(key_pem), lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "TLS server did not start"
        threading.Event().wait(0.01)
    try:
        yield f"https://127.0.0.1:{port}", ca_pem
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        plain._database.dispose()


def test_verification_is_on_and_a_private_ca_bundle_is_trusted(tls_server: tuple[str, Path]) -> None:
    url, ca_pem = tls_server
    with pytest.raises(CertificateError, match="证书"):
        ApiClient(url, sleep=lambda _s: None).health()
    assert ApiClient(url, ca_bundle=str(ca_pem)).health()["status"] == "ok"


def test_sync_command_trusts_the_ca_bundle_it_is_given(
    tls_server: tuple[str, Path], world: World, tmp_path: Path
) -> None:
    url, ca_pem = tls_server
    account = world.account(DEMO_UNIT)
    base = ["sync", "--server", url, "--user", account.username, "--data-dir", str(tmp_path / "d")]
    base += ["--password-stdin", "--no-blobs"]
    out = io.StringIO()
    assert run_cli(base, stdin=io.StringIO(account.password + "\n"), stdout=out) == EXIT_OFFLINE
    assert "服务器证书验证失败" in out.getvalue()
    out = io.StringIO()
    code = run_cli(
        [*base, "--ca-bundle", str(ca_pem)], stdin=io.StringIO(account.password + "\n"), stdout=out
    )
    assert code == EXIT_OK and "同步完成" in out.getvalue(), out.getvalue()
