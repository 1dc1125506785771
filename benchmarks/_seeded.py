"""A seeded server for the sync benchmarks (``download_bench.py``, ``sync_bench.py``): the cached seed
database and a server serving a copy of it.

The seed (``reviewdesk-server seed``) of 100,000+ candidates takes minutes, so it is made once per
(candidates, seed) under ``benchmarks/out/`` (git-ignored), built under a partial name and renamed when
complete, and shared by both benchmarks; a run serves a copy, so runs never change the cache.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from reviewdesk.server.embedded import EmbeddedServer

OUT = Path(__file__).resolve().parent / "out"
#: How long a ``reviewdesk-server serve`` child may take to answer: a large seed of an older schema is
#: migrated forward first.
START_SECONDS = 600.0


def blob_dir(seed: int) -> Path:
    """Where the seed's images are (the image pool depends on the seed only)."""
    return OUT / f"blobs-s{seed}"


def seeded_db(candidates: int, seed: int) -> Path:
    """The cached seed for (candidates, seed), made once with ``reviewdesk-server seed``."""
    path = OUT / f"server-{candidates}-s{seed}.db"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    partial = OUT / f"server-{candidates}-s{seed}.{os.getpid()}.partial.db"  # two benchmarks may seed at once
    partial.unlink(missing_ok=True)
    print(f"# seeding {candidates:,} candidates into {path} (once) …", file=sys.stderr, flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "reviewdesk.server",
            "seed",
            "--db",
            f"sqlite:///{partial}",
            "--candidates",
            str(candidates),
            "--seed",
            str(seed),
            "--blobs",
            str(blob_dir(seed)),
        ],
        check=True,
        stdout=subprocess.DEVNULL,  # its summary would mix with the benchmark's figures
    )
    partial.rename(path)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(kind: str, db_path: Path, blobs: Path) -> Iterator[str]:
    """The server's base URL: ``embedded`` (a thread of this process, sharing its GIL, as
    ``reviewdesk --demo`` runs it) or ``process`` (a ``reviewdesk-server serve`` child: a central server
    is another machine)."""
    url = f"sqlite:///{db_path}"
    if kind == "embedded":
        with EmbeddedServer(url, blobs, candidate_api=False) as server:
            yield server.url
        return
    port = free_port()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reviewdesk.server",
            "serve",
            "--db",
            url,
            "--blobs",
            str(blobs),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                requests.get(f"{base}/v1/health", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or child.poll() is not None:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        child.terminate()
        child.wait(timeout=30)
