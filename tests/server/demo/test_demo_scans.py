"""The demo's scans drawn from their own records (issue 14, item 14): a reviewer can compare the
毕业证书 and 专技职称 on screen with the record, and ~5 % disagree on purpose in one listed field."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from reviewdesk.domain import scan_checks
from reviewdesk.domain.enums import ImageSide, MaterialKind
from reviewdesk.server.blobstore import blob_path
from reviewdesk.server.demo.data import DemoData, generate
from reviewdesk.server.demo.scans import PERSONAL_KINDS, _chinese_date, certificate_lines
from reviewdesk.server.demo.seed import MISMATCH_FILE, seed_database
from reviewdesk.server.flag_keys import MAX_SHARED_BAND
from reviewdesk.server.security import CHEAP_HASHER

DAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(3000, 1, image_pool_size=12, today=DAY, personal_scans=True)


@pytest.fixture(scope="module")
def people(data: DemoData) -> list:
    return list(data.candidates())


def test_chinese_dates_read_as_on_a_certificate() -> None:
    assert _chinese_date(date(1989, 2, 10)) == "一九八九年二月十日"
    assert _chinese_date(date(2008, 12, 31)) == "二〇〇八年十二月三十一日"
    assert _chinese_date(date(2011, 7, 1)) == "二〇一一年七月一日"


def test_the_demo_accounts_candidates_get_scans_painted_from_their_records(
    data: DemoData, people: list
) -> None:
    personal = [p for p in people if p.scans]
    assert len(personal) >= 50  # the demo unit's 区县 and the other demo units: something to practise on
    assert {p.unit_id for p in personal} <= data.personal_scan_units
    assert all(not p.scans for p in people if p.unit_id not in data.personal_scan_units)
    for person in personal:
        painted = {scan.sha256: scan for scan in person.scans}
        for material in person.materials:
            for image in material.images:
                if image.sha256 in painted:
                    assert material.kind in PERSONAL_KINDS and image.side is ImageSide.A
                    scan = painted[image.sha256]
                    assert image.size == len(scan.data) and image.mime == "image/jpeg"
                    assert image.filename.startswith(person.name + person.id_number)
                    with Image.open(io.BytesIO(scan.data)) as decoded:
                        assert decoded.format == "JPEG" and decoded.width >= 1200


def _repaint(data: DemoData, person, material, fields: dict[str, str], name: str) -> bytes:
    lines = certificate_lines(material.kind, name, person.gender, person.birth_date, fields)
    return data.scan_painter.paint(PERSONAL_KINDS[material.kind], lines)


def test_each_scan_shows_its_record_or_exactly_the_listed_disagreement(data: DemoData, people: list) -> None:
    """Painting the record's own fields again gives the very bytes on the scan — except for the planted
    mismatch, whose scan is the record with exactly the one listed field changed."""
    checked = mismatched = 0
    for person in (p for p in people if p.scans):
        scans = {s.sha256: s.data for s in person.scans}
        for material in person.materials:
            front = next((i for i in material.images if i.sha256 in scans), None)
            if front is None:
                continue
            on_scan = scans[front.sha256]
            own = _repaint(data, person, material, dict(material.fields), person.name)
            m = person.scan_mismatch
            if m is not None and m.material == material.kind.label and own != on_scan:
                mismatched += 1
                assert m.on_record == (person.name if m.field == "姓名" else material.fields[m.field])
                assert m.on_scan != m.on_record
                changed = dict(material.fields)
                name = person.name
                if m.field == "姓名":
                    name = m.on_scan
                else:
                    changed[m.field] = m.on_scan
                assert _repaint(data, person, material, changed, name) == on_scan
            else:
                assert own == on_scan, (person.name, material.kind)
            checked += 1
    listed = [p.scan_mismatch for p in people if p.scan_mismatch is not None]
    assert checked > 60 and mismatched == len(listed)
    assert 0.01 <= len(listed) / len([p for p in people if p.scans]) <= 0.12  # 5 % planted, drawn


def test_seeding_stores_the_painted_scans_and_lists_the_mismatches(tmp_path: Path) -> None:
    data = generate(600, 1, image_pool_size=12, today=DAY, personal_scans=True)
    blob_dir = tmp_path / "blobs"
    report = seed_database(f"sqlite:///{tmp_path / 'server.db'}", blob_dir, data, hasher=CHEAP_HASHER)
    people = list(data.candidates())
    painted = {s.sha256 for p in people for s in p.scans}
    assert painted
    for sha256 in painted:  # each painted scan is in the blob store, under its hash
        assert hashlib.sha256(blob_path(blob_dir, sha256).read_bytes()).hexdigest() == sha256
    listed = [p.scan_mismatch for p in people if p.scan_mismatch is not None]
    assert list(report.scan_mismatches) == listed
    if listed:
        with (tmp_path / MISMATCH_FILE).open(encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ["证件号码", "姓名", "材料", "字段", "记录中", "证书上"]
        assert rows[1:] == [
            [m.id_number, m.name, m.material, m.field, m.on_record, m.on_scan] for m in listed
        ]


def test_without_personal_scans_the_demo_is_unchanged() -> None:
    plain = generate(200, 1, image_pool_size=12, today=DAY)
    painted = generate(200, 1, image_pool_size=12, today=DAY, personal_scans=True)
    for a, b in zip(plain.candidates(), painted.candidates(), strict=True):
        assert a.name == b.name and a.history == b.history and a.review == b.review
        if not b.scans:
            assert a.materials == b.materials
        else:
            assert [m.fields for m in a.materials] == [m.fields for m in b.materials]
    assert MaterialKind.EDUCATION in PERSONAL_KINDS


def test_painted_scans_of_one_template_are_not_taken_for_one_reused_scan(people: list) -> None:
    """Two candidates' certificates of one template differ only in a few lines of text: pre-check
    must not take them for one scan reused — judged as the server does (pairs that share a look-up key
    that is not common, then their prints), so the demo shows no false 'same scan' alert."""
    scans = [scan_checks.check_scan(scan.data) for person in people for scan in person.scans]
    assert len(scans) > 60
    keys = [set(scan_checks.hash_bands(report.hash)) for report in scans]
    counts = Counter(key for found in keys for key in found)
    common = {key for key, count in counts.items() if count > MAX_SHARED_BAND}
    pairs = [
        (i, j) for i in range(len(scans)) for j in range(i + 1, len(scans)) if (keys[i] - common) & keys[j]
    ]
    assert not [(i, j) for i, j in pairs if scan_checks.same_scan(scans[i].print, scans[j].print)]
