"""A seeded PostgreSQL database for each test, copied from a template seeded once per run.

Why: the server tests run a second time against PostgreSQL (``scripts/with_postgres.sh``). Seeding the
demo's 1,000 candidates for every test — their rows, snapshots and the look-up of every scan's tiles —
made that pass ~5 s a test, most of CI's time. PostgreSQL copies a whole database from a template with
``CREATE DATABASE … TEMPLATE`` (file by file, no row is inserted again): the template is seeded once per
(candidates, seed, code version) in the cluster, and each test gets a fresh copy under the test
database's own name, as the SQLite pass copies its cached file (``testing.copy_seeded_database``).

The template's blobs are written once per process into a temporary folder (removed at exit), and each test
links to them; a template database left in a kept cluster (``REVIEWDESK_PG_DIR``) by an earlier process
is seeded again, since its blobs went with that process.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

#: The template databases this process seeded: name → its blob folder.
_SEEDED: dict[str, Path] = {}


def copy_seeded_postgres(db_url: str, candidates: int, seed: int, directory: Path) -> Path:
    """Make the database of ``db_url`` a fresh copy of the seeded template (dropping what it held, with
    a new ``server_id``); returns its blob folder, links to the template's blobs in ``directory``."""
    from reviewdesk.server.testing import _code_fingerprint, _link_tree

    url = make_url(db_url)
    name = url.database or ""
    template = f"{name}_tpl_c{candidates}_s{seed}_{_code_fingerprint()}"[:63]
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        if template not in _SEEDED:
            _SEEDED[template] = _seed_template(admin, url, template, candidates, seed)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            # FILE_COPY: copies the files at a checkpoint instead of writing every page to the WAL
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY'))
    finally:
        admin.dispose()
    copy = create_engine(url, poolclass=NullPool)
    try:
        with copy.begin() as connection:  # two test servers are two servers
            connection.execute(text("UPDATE server_meta SET server_id = :id"), {"id": str(uuid.uuid4())})
    finally:
        copy.dispose()
    blob_dir = directory / "blobs"
    _link_tree(_SEEDED[template], blob_dir)
    return blob_dir


def _seed_template(admin: Engine, url: Any, template: str, candidates: int, seed: int) -> Path:
    from reviewdesk.server.demo.seed import seed_database
    from reviewdesk.server.testing import CHEAP_HASHER, demo_data

    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{template}"'))
    blobs = Path(tempfile.mkdtemp(prefix="reviewdesk-pg-template-")) / "blobs"
    atexit.register(shutil.rmtree, blobs.parent, ignore_errors=True)
    seed_database(
        url.set(database=template).render_as_string(hide_password=False),
        blobs,
        demo_data(candidates, seed),
        hasher=CHEAP_HASHER,
    )
    return blobs
