"""The server's door for scans (``--candidate-api`` submit with ``data_base64``): the one image policy.

A scan is decoded before it is stored: a JPEG cut short, a damaged PNG, a 13000×13000 PNG of a few
hundred KB, a DDS texture, a renamed PDF or a 16-bit TIFF is refused with a 422, its code and the
policy's Chinese reason, and nothing of it is stored; a good scan is stored under the MIME type of its
content, whatever the request declared.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
import requests

import scan_samples as samples
from reviewdesk.domain import scan_rules
from reviewdesk.domain.enums import Tier
from reviewdesk.server.blobstore import blob_path
from reviewdesk.server.testing import SeededServer

REFUSED = {
    "truncated_jpeg": (samples.truncated_jpeg(), "image_truncated"),
    "broken_png": (samples.broken_png(), "image_corrupt"),
    "huge_png": (samples.huge_png(), "image_too_many_pixels"),
    "huge_jpeg": (samples.huge_jpeg(), "image_too_many_pixels"),
    "dds": (samples.dds_texture(), "image_format"),
    "pdf": (samples.renamed_pdf(), "image_format"),
    "tiff16": (samples.sixteen_bit_tiff(), "image_format"),
    "eps": (samples.eps(), "image_format"),
}


def _submit(server: SeededServer, record_id: int, data: bytes, mime: str = "image/jpeg") -> requests.Response:
    image = {
        "side": "A",
        "filename": "王芳.jpg",
        "mime": mime,
        "data_base64": base64.b64encode(data).decode(),
    }
    body: dict[str, Any] = {"record_id": record_id, "materials": [{"kind": "education", "images": [image]}]}
    return requests.post(f"{server.url}/v1/candidate/submit", json=body, timeout=60)


def _withdrawn_record(server: SeededServer) -> int:
    unit = server.reviewer(Tier.UNIT)
    record_id = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    server.withdraw(record_id)
    return record_id


def test_hostile_scans_are_refused_at_the_door_with_the_reason_and_nothing_is_stored(
    server: SeededServer,
) -> None:
    record_id = _withdrawn_record(server)
    for name, (data, code) in REFUSED.items():
        response = _submit(server, record_id, data)
        assert (response.status_code, response.json()["code"]) == (422, code), name
        with pytest.raises(scan_rules.ScanRefused) as expected:
            scan_rules.inspect_scan(data)
        assert response.json()["detail"] == expected.value.reason, name
        assert not blob_path(server.blob_dir, hashlib.sha256(data).hexdigest()).exists(), name
    huge = _submit(server, record_id, samples.huge_png()).json()["detail"]
    assert "13000×13000" in huge and "36,000,000" in huge
    assert server.reviewer(Tier.UNIT).record(record_id)["submit_status"] == "not_submitted"


def test_a_good_scan_is_stored_with_the_mime_type_of_its_content(server: SeededServer) -> None:
    record_id = _withdrawn_record(server)
    png = samples.scan_png((640, 480))
    record = _submit(server, record_id, png, mime="image/jpeg")  # declared wrongly
    assert record.status_code == 200, record.text
    sha256 = hashlib.sha256(png).hexdigest()
    images = [i for m in record.json()["record"]["materials"] for i in m["images"] if i["sha256"] == sha256]
    assert images and images[0]["mime"] == "image/png"
    assert blob_path(server.blob_dir, sha256).read_bytes() == png
    unit = server.reviewer(Tier.UNIT)
    served = requests.get(
        f"{server.url}/v1/blobs/{sha256}", headers={"Authorization": f"Bearer {unit.token}"}, timeout=30
    )
    assert served.headers["Content-Type"] == "image/png"
