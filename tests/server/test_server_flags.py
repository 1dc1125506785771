"""预审提示 on the real server: in every snapshot with its version, the same record rules as the desktop
runs, scans checked when stored, reused scans and duplicate numbers across candidates, and re-flagging."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from PIL import Image, ImageEnhance
from sqlalchemy import select, update

from reviewdesk.domain import precheck, scan_checks
from reviewdesk.domain.enums import MaterialKind, Tier
from reviewdesk.server import cli, flags, snapshot_cache
from reviewdesk.server.db import Database
from reviewdesk.server.demo import planted_scans as demo_scans
from reviewdesk.server.demo.scans import PERSONAL_KINDS, ScanPainter, certificate_lines
from reviewdesk.server.flags import today_in_china
from reviewdesk.server.models import Blob, Record, SnapshotCache
from reviewdesk.server.records import build_snapshots
from reviewdesk.server.testing import SeededServer

RECORD_RULE_KINDS = {"eligibility", "contradiction", "required"}


def image(data: bytes, side: str = "A") -> dict[str, Any]:
    return {
        "side": side,
        "filename": f"{side}面.jpg",
        "mime": "image/jpeg",
        "data_base64": base64.b64encode(data).decode(),
    }


def pending_records(server: SeededServer, count: int) -> list[int]:
    unit = server.reviewer(Tier.UNIT)
    ids = server.find_records(unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT)
    assert len(ids) >= count
    return ids[:count]


def resubmit(server: SeededServer, record_id: int, materials: list[dict[str, Any]]) -> dict[str, Any]:
    server.withdraw(record_id)
    return server.submit(record_id, materials=materials)


def codes(snapshot: dict[str, Any]) -> list[str]:
    return [f["code"] for f in snapshot["flags"]]


def test_every_snapshot_carries_the_record_rules_the_desktop_would_compute(server: SeededServer) -> None:
    """Both sides agree: the server's record-rule flags are exactly what domain.precheck says of the
    snapshot a workstation holds."""
    records = server.reviewer(Tier.PROVINCE).records() + server.reviewer(Tier.UNIT).records()
    assert len(records) > 50
    year = int(records[0]["project"][:4])
    flagged = 0
    for snapshot in records:
        assert snapshot["flags_version"] == precheck.FLAGS_VERSION
        local = precheck.record_flags(snapshot, exam_year=year, today=today_in_china())
        assert [f for f in snapshot["flags"] if f["kind"] in RECORD_RULE_KINDS] == [
            f.to_dict() for f in local
        ]
        flagged += bool(local)
    assert 0 < flagged < len(records)  # the demo's ~10 % ineligible candidates, and clean ones


def test_a_scan_is_checked_when_it_is_stored(server: SeededServer) -> None:
    (record_id,) = pending_records(server, 1)
    data = demo_scans.planted_scan("scan_blurred", 3)
    snapshot = resubmit(server, record_id, [{"kind": "education", "images": [image(data)]}])
    sha = hashlib.sha256(data).hexdigest()
    (flag,) = [f for f in snapshot["flags"] if f["kind"] == "scan"]
    assert flag == {
        "code": "scan_blurred", "kind": "scan", "severity": "warn", "message": "图片不清晰（模糊）",
        "material": "education", "field": "", "image": sha, "side": "A",
        "words": {"code": "flag.scan_blurred", "parts": {}},
    }  # fmt: skip
    assert server.reviewer(Tier.UNIT).record(record_id)["flags"] == snapshot["flags"]


def test_the_same_scan_on_two_candidates_flags_both(server: SeededServer) -> None:
    first, second = pending_records(server, 2)
    unit = server.reviewer(Tier.UNIT)
    original = demo_scans.planted_scan("clean", 41)
    resubmit(server, first, [{"kind": "degree", "images": [image(original)]}])
    other_page = resubmit(
        server, second, [{"kind": "degree", "images": [image(demo_scans.planted_scan("clean", 42))]}]
    )
    assert "scan_reused" not in codes(other_page)  # same template, another certificate: not a reuse
    before = unit.record(first)["version"]

    copy = demo_scans.reused_copy(41)
    snapshot = resubmit(server, second, [{"kind": "degree", "images": [image(copy)]}])

    names = {rid: unit.record(rid)["name"] for rid in (first, second)}
    (reused,) = [f for f in snapshot["flags"] if f["code"] == "scan_reused"]
    assert (reused["material"], reused["image"], reused["severity"]) == (
        "degree",
        hashlib.sha256(copy).hexdigest(),
        "alert",
    )
    assert names[first] in reused["message"]
    peer = unit.record(first)
    assert peer["version"] > before  # re-flagged and sent again, though the candidate did nothing
    (back,) = [f for f in peer["flags"] if f["code"] == "scan_reused"]
    assert names[second] in back["message"]

    # the second candidate replaces the copy: both lose the flag
    resubmit(server, second, [{"kind": "degree", "images": [image(demo_scans.planted_scan("clean", 43))]}])
    assert "scan_reused" not in codes(unit.record(first))
    assert "scan_reused" not in codes(unit.record(second))


def test_a_duplicate_certificate_number_flags_both(server: SeededServer) -> None:
    first, second = pending_records(server, 2)
    unit = server.reviewer(Tier.UNIT)
    number = unit.record(first)["materials"][0]["fields"]["毕业证号"]
    assert number
    snapshot = resubmit(
        server, second, [{"kind": "education", "fields": {"毕业证号": f" {number.lower()} "}}]
    )
    (flag,) = [f for f in snapshot["flags"] if f["code"] == "number_duplicate"]
    assert (flag["material"], flag["field"]) == ("education", "毕业证号")
    assert unit.record(first)["name"] in flag["message"]
    assert "number_duplicate" in codes(unit.record(first))


def test_reflag_after_a_rule_change_sends_changed_records_again(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    unit = server.reviewer(Tier.UNIT)
    record_id = unit.records()[0]["id"]
    version = unit.record(record_id)["version"]
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir)]
    assert cli.main(reflag) == 0
    assert capsys.readouterr().out == "已检查 0 张图片；0 条报名记录的预审提示有变化，已重新下发\n"
    assert unit.record(record_id)["version"] == version  # nothing changed: nothing sent again

    monkeypatch.setattr(precheck, "FLAGS_VERSION", precheck.FLAGS_VERSION + 1)
    assert cli.main(reflag) == 0
    scans, changed = (int(n) for n in re.findall(r"\d+", capsys.readouterr().out))
    assert scans == 0  # a record-rule change decodes no scan: the scans' checks have their own version
    assert changed >= len(unit.records())
    again = unit.record(record_id)
    assert (again["version"], again["flags_version"]) == (version + 1, precheck.FLAGS_VERSION)


def _scan_versions(db_url: str) -> Counter[int | None]:
    database = Database.open(db_url)
    try:
        with database.read() as session:
            return Counter(session.scalars(select(Blob.scan_version)))
    finally:
        database.dispose()


def test_reflag_after_a_scan_checks_change_checks_every_scan_again_once(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new ``SCAN_CHECKS_VERSION`` (not a record rule): ``reflag`` checks every stored scan again, and
    only once — a second run (or one resumed after an interruption) finds every scan current. The same
    bytes give the same findings, so no record is sent again; the record rules' version does not move."""
    unit = server.reviewer(Tier.UNIT)
    record_id = unit.records()[0]["id"]
    version = unit.record(record_id)["version"]
    stored = len(list(server.data.blobs()))
    assert _scan_versions(server.db_url) == {scan_checks.SCAN_CHECKS_VERSION: stored}
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir)]
    monkeypatch.setattr(scan_checks, "SCAN_CHECKS_VERSION", scan_checks.SCAN_CHECKS_VERSION + 1)
    assert cli.main(reflag) == 0
    assert capsys.readouterr().out == f"已检查 {stored} 张图片；0 条报名记录的预审提示有变化，已重新下发\n"
    assert _scan_versions(server.db_url) == {scan_checks.SCAN_CHECKS_VERSION: stored}
    assert cli.main(reflag) == 0
    assert capsys.readouterr().out.startswith("已检查 0 张图片；")
    again = unit.record(record_id)
    assert (again["version"], again["flags_version"]) == (version, precheck.FLAGS_VERSION)


def test_a_scan_recheck_interrupted_keeps_its_batches_and_resumes(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a scan-checks change, the long part of ``reflag`` (every scan decoded again) commits batch
    by batch: a run that fails midway (a fault injected on the 7th scan) keeps the batches it finished,
    and the next run checks only the rest; two worker processes store what one process does."""
    stored = len(list(server.data.blobs()))
    assert stored > 12
    old = scan_checks.SCAN_CHECKS_VERSION
    monkeypatch.setattr(scan_checks, "SCAN_CHECKS_VERSION", old + 1)
    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            before = {
                row.sha256: (row.scan_flags, row.scan_hash, row.scan_print)
                for row in session.scalars(select(Blob))
            }
        real, calls = flags._columns_of_file, []

        def failing(path: Path) -> dict[str, Any]:
            calls.append(path)
            if len(calls) == 7:
                raise OSError("disk gone")
            return real(path)

        monkeypatch.setattr(flags, "_columns_of_file", failing)
        with pytest.raises(OSError):
            flags.recheck_blobs(database, server.blob_dir, batch=3)
        assert _scan_versions(server.db_url) == {old + 1: 6, old: stored - 6}
        monkeypatch.setattr(flags, "_columns_of_file", real)
        assert flags.recheck_blobs(database, server.blob_dir, batch=3, jobs=2) == stored - 6
        assert _scan_versions(server.db_url) == {old + 1: stored}
        with database.read() as session:
            after = {
                row.sha256: (row.scan_flags, row.scan_hash, row.scan_print)
                for row in session.scalars(select(Blob))
            }
        assert after == before  # the same bytes, the same findings, wherever they were checked
    finally:
        database.dispose()


def test_an_upload_checks_a_stored_scan_again_only_under_other_scan_checks(server: SeededServer) -> None:
    """The same bytes uploaded again: a scan checked under the current ``SCAN_CHECKS_VERSION`` keeps what
    was found (not decoded again), one checked under another version is checked again."""
    first, second = pending_records(server, 2)
    data = demo_scans.planted_scan("scan_blurred", 5)
    sha = hashlib.sha256(data).hexdigest()
    resubmit(server, first, [{"kind": "education", "images": [image(data)]}])
    kept = [["scan_small", "kept"]]
    database = Database.open(server.db_url)
    try:
        with database.write() as session:  # what was found, marked so a second check would show
            session.execute(update(Blob).where(Blob.sha256 == sha).values(scan_flags=kept))
        resubmit(server, second, [{"kind": "education", "images": [image(data)]}])
        with database.read() as session:
            assert session.get_one(Blob, sha).scan_flags == kept  # current: not checked again
        with database.write() as session:
            session.execute(
                update(Blob)
                .where(Blob.sha256 == sha)
                .values(scan_version=scan_checks.SCAN_CHECKS_VERSION - 1)
            )
        resubmit(server, second, [{"kind": "education", "images": [image(data)]}])
        with database.read() as session:
            blob = session.get_one(Blob, sha)
            assert (blob.scan_flags, blob.scan_version) == (
                [["scan_blurred", "图片不清晰（模糊）"]],
                scan_checks.SCAN_CHECKS_VERSION,
            )
    finally:
        database.dispose()


def _with_years_short(db_url: str) -> dict[int, list[str]]:
    """Record id → its years_short messages, from the snapshot cache (what the server sends)."""
    database = Database.open(db_url)
    with database.read() as session:
        rows = session.execute(select(SnapshotCache.record_id, SnapshotCache.snapshot)).all()
    database.dispose()
    found = {
        rid: [f["message"] for f in orjson.loads(blob)["flags"] if f["code"] == "years_short"]
        for rid, blob in rows
    }
    return {rid: messages for rid, messages in found.items() if messages}


def test_reflag_counts_years_to_the_project_it_is_given_as_serve_does(
    server: SeededServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """``reflag`` takes ``serve``'s project options and opens the database as ``serve`` does
    (``server.project``): counted to an exam year ten years on, nobody is short of years; re-flagged
    without them, the stored project's year counts again and the same flags come back."""
    stored = server.data.project.year
    reflag = ["reflag", "--db", server.db_url, "--blobs", str(server.blob_dir)]
    before = _with_years_short(server.db_url)
    # an exam in the project's year counts years to 31 December of the year before
    assert before and all(f"计算至{stored - 1}年12月31日" in m for ms in before.values() for m in ms)
    later = [
        "--project-name", f"{stored + 10}年卫生专业技术资格考试", "--project-type", "卫生专业技术资格考试",
        "--project-year", str(stored + 10),
    ]  # fmt: skip
    assert cli.main(reflag + later) == 0
    changed = int(re.findall(r"(\d+) 条报名记录", capsys.readouterr().out)[0])
    assert changed >= len(before)  # other flags count by the year too
    assert _with_years_short(server.db_url) == {}
    unit = server.reviewer(Tier.UNIT)
    shown = next(r for r in unit.records() if r["id"] in before)
    assert "years_short" not in codes(unit.record(shown["id"]))  # sent again, as the server has it
    assert cli.main(reflag) == 0
    assert _with_years_short(server.db_url) == before
    with pytest.raises(SystemExit):  # all three or none
        cli.main([*reflag, "--project-year", str(stored + 10)])
    assert "须同时给出" in capsys.readouterr().err


def test_a_worker_process_gets_the_settings_project(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve --workers N`` hands its settings to each worker through the environment: the project too
    (it was lost there, so a worker counted to the stored year while its parent was told another)."""
    from reviewdesk.server.app import SETTINGS_ENV, app_from_environment, settings_to_environment
    from reviewdesk.server.project import project_in
    from reviewdesk.server.settings import ProjectInfo, ServerSettings

    project = ProjectInfo("2031年卫生专业技术资格考试", "卫生专业技术资格考试", 2031)
    settings = ServerSettings(db_url=server.db_url, blob_dir=server.blob_dir, project=project)
    monkeypatch.setenv(SETTINGS_ENV, settings_to_environment(settings))
    app = app_from_environment()
    try:
        assert app.state.settings.project == project
        with app.state.db.read() as session:
            assert project_in(session) == project != project_in_stored(server)
    finally:
        app.state.db.dispose()


def project_in_stored(server: SeededServer) -> Any:
    from reviewdesk.server.project import project_in

    database = Database.open(server.db_url)
    try:
        with database.read() as session:
            return project_in(session)
    finally:
        database.dispose()


def test_scan_columns_are_what_the_domain_found() -> None:
    data = demo_scans.planted_scan("scan_sideways", 1)
    columns = flags.scan_columns(data)
    assert columns["scan_flags"] == [["scan_sideways", "图片横置（未摆正），请核对是否为证书正面"]]
    report = scan_checks.check_scan(data)
    assert (columns["scan_hash"], columns["scan_print"]) == (report.hash, report.print)
    assert (
        columns["scan_hash"].startswith(f"{scan_checks.HASH_FORMAT}:")
        and columns["scan_version"] == scan_checks.SCAN_CHECKS_VERSION
    )


def test_certificates_of_one_template_are_not_one_scan_but_a_cropped_relit_copy_is(
    server: SeededServer,
) -> None:
    """Flatbed scans of two people's 毕业证书 (one background at one place, other lines of text) on two
    candidates: no reused-scan flag. A third candidate uploads the first one's scan cropped, darkened
    and rescaled: both get the flag (the look-up keys, then the prints stored with the scans)."""
    first, second, third = pending_records(server, 3)
    unit = server.reviewer(Tier.UNIT)
    painter = ScanPainter()
    title = PERSONAL_KINDS[MaterialKind.EDUCATION]

    def page(name: str, number: str) -> Image.Image:
        fields = {"入学时间": "2012-09-01", "毕业时间": "2016-07-01", "所学专业": "临床医学", "学制": "四年",
                  "学历层级": "本科", "毕业学校": "湖北医药学院", "毕业证号": number}  # fmt: skip
        return painter.page(
            title, certificate_lines(MaterialKind.EDUCATION, name, "male", date(1993, 5, 4), fields)
        )

    def jpeg(picture: Image.Image, quality: int = 80) -> bytes:
        out = io.BytesIO()
        picture.convert("RGB").save(out, "JPEG", quality=quality)
        return out.getvalue()

    mine = page("张伟", "104871201605001234")
    resubmit(server, first, [{"kind": "degree", "images": [image(jpeg(mine))]}])
    theirs = resubmit(
        server, second, [{"kind": "degree", "images": [image(jpeg(page("李强", "104871201605007788")))]}]
    )
    assert "scan_reused" not in codes(theirs)
    assert "scan_reused" not in codes(unit.record(first))

    w, h = mine.size
    copy = ImageEnhance.Brightness(mine.crop((30, 25, w - 12, h - 20))).enhance(0.85)
    copied = resubmit(
        server, third, [{"kind": "degree", "images": [image(jpeg(copy.resize((900, 620)), 60))]}]
    )
    (reused,) = [f for f in copied["flags"] if f["code"] == "scan_reused"]
    assert unit.record(first)["name"] in reused["message"]
    assert unit.record(second)["name"] not in reused["message"]
    assert "scan_reused" in codes(unit.record(first))
    assert "scan_reused" not in codes(unit.record(second))


def test_reflag_after_a_rule_change_gives_what_a_fresh_build_gives(
    server: SeededServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-flag patches the cached snapshots' flags (not rebuilding them): every record's cache must
    still be exactly the snapshot a fresh build gives — the changed ones (a new required field, a new
    rule version), the unchanged ones, a record whose cache was stale, and a pair sharing a scan."""
    first, second = pending_records(server, 2)
    original = demo_scans.planted_scan("clean", 51)
    resubmit(server, first, [{"kind": "degree", "images": [image(original)]}])
    resubmit(server, second, [{"kind": "degree", "images": [image(demo_scans.reused_copy(51))]}])
    database = Database.open(server.db_url)
    try:
        with database.write() as session:  # a cache written by an older build: rebuilt, not patched
            session.execute(update(SnapshotCache).where(SnapshotCache.record_id == first).values(version=0))
        required = dict(precheck.REQUIRED_FIELDS)
        required[MaterialKind.EDUCATION] = (*required[MaterialKind.EDUCATION], "学位")
        monkeypatch.setattr(precheck, "REQUIRED_FIELDS", required)
        monkeypatch.setattr(precheck, "FLAGS_VERSION", precheck.FLAGS_VERSION + 1)

        _, changed = flags.reflag_all(database, server.blob_dir, batch=150)

        with database.read() as session:
            records = list(session.scalars(select(Record).order_by(Record.id)))
            fresh = build_snapshots(session, records, "")
            rows = session.execute(
                select(SnapshotCache.record_id, SnapshotCache.version, SnapshotCache.snapshot)
            )
            cached = {record_id: (version, data) for record_id, version, data in rows}
    finally:
        database.dispose()
    assert changed == len(records)  # every record carries the new rule version
    missing_degree = 0
    for record, snapshot in zip(records, fresh, strict=True):
        version, data = cached[record.id]
        assert orjson.loads(data) == orjson.loads(snapshot_cache.encode_record(snapshot))
        assert version == record.version == snapshot["version"]
        assert snapshot["flags_version"] == precheck.FLAGS_VERSION
        missing_degree += any("学位" in f["message"] for f in snapshot["flags"])
    assert missing_degree > len(records) // 2  # the new rule did flag (most records have an education)
    for record_id in (first, second):
        assert "scan_reused" in codes(fresh[[r.id for r in records].index(record_id)])
