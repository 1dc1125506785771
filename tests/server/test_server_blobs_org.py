"""GET /v1/blobs (ETag, 304, Range, HEAD, scope) and 本单位确认码 (GET, regenerate, bind with it)."""

from __future__ import annotations

import base64
import hashlib
import io
import uuid

import requests
from PIL import Image
from sqlalchemy import select

from reviewdesk.domain.enums import Tier
from reviewdesk.server.db import Database
from reviewdesk.server.models import AuditLog
from reviewdesk.server.testing import ReviewerClient, SeededServer


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 180, 150)).save(out, "JPEG")
    return out.getvalue()


#: A real JPEG (the server decodes what it stores); bytes after its end marker make a unique copy.
JPEG = _jpeg()


def _get(reviewer: ReviewerClient, path: str, **headers: str) -> requests.Response:
    return requests.get(
        f"{reviewer.url}{path}", headers={"Authorization": f"Bearer {reviewer.token}", **headers}, timeout=30
    )


def _an_image(reviewer: ReviewerClient) -> dict:
    return next(image for r in reviewer.records() for m in r["materials"] for image in m["images"])


def test_blob_bytes_etag_cache_headers_and_304(server: SeededServer, tmp_path) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    image = _an_image(reviewer)
    path = f"/v1/blobs/{image['sha256']}"

    full = _get(reviewer, path)

    assert full.status_code == 200
    assert hashlib.sha256(full.content).hexdigest() == image["sha256"]
    assert len(full.content) == image["size"] == int(full.headers["Content-Length"])
    assert full.headers["ETag"] == f'"{image["sha256"]}"'
    assert full.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert full.headers["Content-Type"] == image["mime"]
    assert full.headers["Accept-Ranges"] == "bytes"
    for tag in (f'"{image["sha256"]}"', f'W/"{image["sha256"]}"', f'"x", "{image["sha256"]}"', "*"):
        not_modified = _get(reviewer, path, **{"If-None-Match": tag})
        assert (not_modified.status_code, not_modified.content) == (304, b""), tag
        assert not_modified.headers["ETag"] == full.headers["ETag"]
    assert _get(reviewer, path, **{"If-None-Match": '"other"'}).status_code == 200
    head = requests.head(
        f"{server.url}{path}", headers={"Authorization": f"Bearer {reviewer.token}"}, timeout=30
    )
    assert head.status_code == 200 and head.headers["Content-Length"] == str(image["size"])


def test_blob_ranges_resume_a_download(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    image = _an_image(reviewer)
    path = f"/v1/blobs/{image['sha256']}"
    whole = _get(reviewer, path).content
    size = len(whole)

    head = _get(reviewer, path, Range="bytes=0-99")
    tail = _get(reviewer, path, Range="bytes=100-", **{"If-Range": f'"{image["sha256"]}"'})
    suffix = _get(reviewer, path, Range="bytes=-10")
    stale_if_range = _get(reviewer, path, Range="bytes=100-", **{"If-Range": '"something-else"'})
    past_end = _get(reviewer, path, Range=f"bytes={size}-")
    several = _get(reviewer, path, Range="bytes=0-1,5-6")

    assert (head.status_code, head.headers["Content-Range"]) == (206, f"bytes 0-99/{size}")
    assert (tail.status_code, tail.headers["Content-Range"]) == (206, f"bytes 100-{size - 1}/{size}")
    assert head.content + tail.content == whole
    assert suffix.content == whole[-10:]
    assert (stale_if_range.status_code, stale_if_range.content) == (200, whole)
    assert (past_end.status_code, past_end.headers["Content-Range"]) == (416, f"bytes */{size}")
    assert (several.status_code, several.content) == (200, whole)


def test_blob_not_found_for_unknown_malformed_or_out_of_scope(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    record_id = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    kind = unit.record(record_id)["materials"][0]["kind"]
    server.withdraw(record_id)
    data = JPEG + uuid.uuid4().bytes
    record = server.submit(
        record_id,
        materials=[
            {
                "kind": kind,
                "images": [
                    {
                        "side": "B",
                        "filename": "B面.jpg",
                        "mime": "image/jpeg",
                        "data_base64": base64.b64encode(data).decode(),
                    }
                ],
            }
        ],
    )
    sha256 = hashlib.sha256(data).hexdigest()
    assert sha256 in {i["sha256"] for m in record["materials"] for i in m["images"]}
    county = server.reviewer(Tier.COUNTY)  # the record has not reached the county

    assert _get(unit, f"/v1/blobs/{sha256}").content == data
    for reviewer, path in (
        (county, f"/v1/blobs/{sha256}"),
        (unit, f"/v1/blobs/{'0' * 64}"),
        (unit, "/v1/blobs/not-a-hash"),
        (unit, f"/v1/blobs/{sha256.upper()}"),
    ):
        response = _get(reviewer, path)
        assert (response.status_code, response.json()["code"]) == (404, "not_found"), path
    assert requests.get(f"{server.url}/v1/blobs/{sha256}", timeout=30).status_code == 401


def test_confirmation_code_for_units_only_and_regenerate_for_admins(server: SeededServer) -> None:
    reviewer = server.reviewer(Tier.UNIT)
    admin = server.reviewer(server.account(Tier.UNIT, role="admin"))
    county = server.reviewer(Tier.COUNTY)

    shown = reviewer.get("/v1/org/confirmation-code")
    assert shown == {
        "project": server.data.project.name,
        "project_type": server.data.project.type,
        "org_name": reviewer.account.org_name,
        "user": reviewer.account.display_name,
        "code": server.confirmation_code(reviewer.account.org_id),
        "can_regenerate": False,
    }
    assert admin.get("/v1/org/confirmation-code")["can_regenerate"] is True

    refused = requests.post(
        f"{server.url}/v1/org/confirmation-code/regenerate",
        headers={"Authorization": f"Bearer {reviewer.token}"},
        timeout=30,
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    for method in ("get", "post"):
        suffix = "" if method == "get" else "/regenerate"
        response = requests.request(
            method,
            f"{server.url}/v1/org/confirmation-code{suffix}",
            headers={"Authorization": f"Bearer {county.token}"},
            timeout=30,
        )
        assert response.status_code == 404

    old = shown["code"]
    new = admin.post("/v1/org/confirmation-code/regenerate", {})["code"]
    assert new != old and reviewer.get("/v1/org/confirmation-code")["code"] == new

    record_id = next(
        r
        for r in server.find_records(submit_status="not_submitted")
        if r not in server.find_records(unit_id=reviewer.account.org_id)
    )
    bad = requests.post(
        f"{server.url}/v1/candidate/bind", json={"record_id": record_id, "code": old}, timeout=30
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_code")
    assert server.bind(record_id, new.lower())["unit_id"] == reviewer.account.org_id
    # Holding a unit's code (every candidate of the unit does) reveals nobody's registration.
    again = requests.post(
        f"{server.url}/v1/candidate/bind", json={"record_id": record_id, "code": new}, timeout=30
    )
    assert again.json() == {
        "record_id": record_id,
        "unit_id": reviewer.account.org_id,
        "version": again.json()["version"],
    }

    database = Database.open(server.db_url)
    with database.read() as session:
        entry = session.scalars(select(AuditLog).where(AuditLog.action == "code_regenerate")).one()
    database.dispose()
    assert entry.user_id == admin.me["user"]["id"] and entry.device_id and entry.ip == "127.0.0.1"


def test_candidate_refusals_use_workflow_codes(server: SeededServer) -> None:
    unit = server.reviewer(Tier.UNIT)
    record_id = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    other_unit = next(u for u in server.units() if u != unit.account.org_id)

    def post(action: str, body: dict) -> requests.Response:
        return requests.post(f"{server.url}/v1/candidate/{action}", json=body, timeout=30)

    assert post("submit", {"record_id": record_id}).json()["code"] == "already_submitted"
    bind = post("bind", {"record_id": record_id, "code": server.confirmation_code(other_unit)})
    assert (bind.status_code, bind.json()["code"]) == (409, "already_submitted")
    unit.decide(record_id, "passed")
    withdraw = post("withdraw", {"record_id": record_id})
    assert (withdraw.status_code, withdraw.json()["code"]) == (409, "already_decided")
    assert post("withdraw", {"record_id": 10**9}).status_code == 404
    too_big = base64.b64encode(JPEG + bytes(3 * 1024 * 1024)).decode()  # 3 MB and a little
    image = {"side": "A", "mime": "image/jpeg", "data_base64": too_big}
    pending = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    server.withdraw(pending)
    big = post("submit", {"record_id": pending, "materials": [{"kind": "education", "images": [image]}]})
    assert (big.status_code, big.json()["code"]) == (422, "image_too_large")
    pdf = post(
        "submit",
        {
            "record_id": pending,
            "materials": [
                {
                    "kind": "education",
                    "images": [
                        {
                            **image,
                            "mime": "image/png",
                            "data_base64": base64.b64encode(b"%PDF-1.4 x").decode(),
                        }
                    ],
                }
            ],
        },
    )
    assert (pdf.status_code, pdf.json()["code"]) == (422, "image_format")
    assert "PDF" in pdf.json()["detail"]
    assert unit.record(pending)["submit_status"] == "not_submitted"  # refused submissions change nothing
