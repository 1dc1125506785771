"""A fuzzer nobody here wrote checks the real server against its own ``/openapi.json`` (issue 12).

schemathesis, every check it has (no 5xx, documented status codes and content types, responses that
match their schemas, schema-valid requests accepted and schema-invalid ones refused, ``Allow`` on
405…), as a unit reviewer, as a unit administrator and without a token, against the seeded server as
deployed (no candidate test endpoints). Bounded here (a few hundred cases, fixed seed, generation
and explicit examples only); the long run with the coverage phase is in docs/API.md "Checked by a
fuzzer". Rejections the schema cannot express are listed in ``schemathesis.toml`` beside this file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.domain.enums import Tier
from reviewdesk.server.testing import SeededServer, seeded_server

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = 1
#: Cases per operation and role: ~27 operations × (6 + 3 + 6) ≈ 400 cases, about a minute or two.
EXAMPLES = {"unit": 6, "admin": 3, "anonymous": 6}


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededServer]:
    with seeded_server(tmp_path_factory.mktemp("fuzz"), candidates=1000, candidate_api=False) as server:
        yield server


def fuzz(server: SeededServer, token: str | None, examples: int, *, phases: str = "examples,fuzzing") -> str:
    """Run schemathesis against ``server``; returns its report, raising if it found anything."""
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{server.url}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(examples),
        "--seed",
        str(SEED),
        "--phases",
        phases,
        "--no-color",
    ]
    if token is not None:  # logging out would end the run's own session
        command += ["-H", f"Authorization: Bearer {token}", "--exclude-path", "/v1/auth/logout"]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, env={**os.environ, "NO_COLOR": "1"}
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-6000:]
    return report


@pytest.mark.slow
@pytest.mark.parametrize("role", sorted(EXAMPLES))
def test_the_server_answers_as_its_openapi_document_says(deployed: SeededServer, role: str) -> None:
    token = None
    if role == "unit":
        token = deployed.reviewer(Tier.UNIT).token
    elif role == "admin":
        token = deployed.reviewer(
            deployed.account_for_org(deployed.account(Tier.UNIT).org_id, role="admin")
        ).token
    report = fuzz(deployed, token, EXAMPLES[role])
    generated = re.search(r"(\d+) generated", report)
    assert generated is not None and int(generated.group(1)) >= 20 * EXAMPLES[role], report[-2000:]
