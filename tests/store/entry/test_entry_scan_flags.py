"""预审提示 of scans the unit is about to upload, on real images the tests draw and a real local store:
each problem found on the prepared bytes (a warning, never a refusal), shown in the batch preview,
kept with the scan when it is filed, and on the candidate's flags before any sync."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from reviewdesk.domain import precheck, scan_checks
from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.server.demo.planted_scans import document, jpeg
from reviewdesk.store.entry import actions, queue, scan_import, view
from reviewdesk.store.entry import flags as entry_flags
from reviewdesk.store.entry.scans import prepare
from reviewdesk.store.entry.view import EntryImage
from reviewdesk.store.testing import create_store
from reviewdesk.store.workspace import Workspace

WANG = make_resident_id("420102", date(1990, 3, 7), 2)


def _store(tmp_path: Path) -> tuple[Workspace, str]:
    ws = create_store(tmp_path / "store.sqlite")
    uid = actions.enter_candidate(
        ws,
        {"name": "王芳", "id_number": WANG, "id_type": "身份证", "phone": "13800000000",
         "level": "初级(师)", "category_code": "201"},
    )  # fmt: skip
    return ws, uid


def _exif_turned(page: Image.Image) -> bytes:
    """A phone photo stored on its side with EXIF orientation 6 (shown upright)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    page.transpose(Image.Transpose.ROTATE_90).convert("RGB").save(
        out, "JPEG", quality=85, exif=exif.tobytes()
    )
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (
            lambda: document(1).resize((420, 297)),
            "scan_small",
            "图片分辨率过低（420×297），证书文字可能无法看清",
        ),
        (lambda: document(2).filter(ImageFilter.GaussianBlur(7)), "scan_blurred", "图片不清晰（模糊）"),
        (lambda: document(3).transpose(Image.Transpose.ROTATE_90), "scan_sideways", scan_checks.SIDEWAYS),
        (
            lambda: document(4).transpose(Image.Transpose.ROTATE_180),
            "scan_upside_down",
            "图片倒置（上下颠倒）",
        ),
        (lambda: document(5).point(lambda v: v // 8), "scan_exposure", "图片几乎全黑，看不到证书内容"),
        (lambda: document(6).point(lambda v: 235 + v // 30), "scan_exposure", "图片几乎全白，看不到证书内容"),
    ],
    ids=["tiny", "blurred", "sideways", "upside-down", "black", "white"],
)
def test_each_problem_is_found_on_the_scan_about_to_be_uploaded(make, code: str, message: str) -> None:  # type: ignore[no-untyped-def]
    scan = prepare(jpeg(make()))  # prepared, not refused: a warning only
    assert scan.findings == ((code, message),)


def test_a_good_scan_and_a_photo_turned_upright_by_its_exif_have_none() -> None:
    assert prepare(jpeg(document(9))).findings == ()
    turned = prepare(_exif_turned(document(10)))
    assert turned.turned and turned.findings == ()  # the bytes to upload are upright


def _big_photo() -> bytes:
    """A photo over 3 MB (noise over a page lying on its side) that must be shrunk to be uploaded."""
    page = document(14, 3000).transpose(Image.Transpose.ROTATE_90).convert("RGB")
    noise = Image.effect_noise(page.size, 60).convert("RGB")
    out = io.BytesIO()
    Image.blend(page, noise, 0.35).save(out, "JPEG", quality=97)
    assert len(out.getvalue()) > 3 * 1024 * 1024
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "options", "changed", "codes"),
    [
        (lambda: jpeg(document(15).filter(ImageFilter.GaussianBlur(7))), {}, False, ["scan_blurred"]),
        (lambda: jpeg(document(16)), {"turns": 1}, True, ["scan_sideways"]),
        (
            lambda: _exif_turned(document(17).transpose(Image.Transpose.ROTATE_180)),
            {},
            True,
            ["scan_upside_down"],
        ),
        (_big_photo, {"shrink": True}, True, ["scan_sideways"]),
    ],
    ids=["as-is", "turned-by-hand", "turned-by-exif", "shrunk"],
)
def test_one_decode_finds_what_the_servers_check_finds_on_the_bytes_to_upload(
    make, options: dict, changed: bool, codes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The preview checks the picture its own judgement decoded (``inspect_and_fit``), never decodes
    the bytes a second time, and finds what the server's check (``check_scan``) finds on them."""
    from reviewdesk.domain import scan_rules
    from reviewdesk.store.entry.scans import scan_findings

    data = make()
    with monkeypatch.context() as patched:
        patched.setattr(scan_rules, "decode_for_display", _no_second_decode)
        scan = prepare(data, **options)
    assert (scan.data != data) == changed
    assert [code for code, _ in scan.findings] == codes
    assert scan.findings == scan_findings(scan.data)
    assert scan.findings == tuple((f.code, f.message) for f in scan_checks.check_scan(scan.data).findings)


def _no_second_decode(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the preview decoded the scan a second time")


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def test_the_batch_preview_shows_each_scans_problem_and_filing_keeps_it(tmp_path: Path) -> None:
    ws, uid = _store(tmp_path)
    folder = tmp_path / "scans"
    _write(folder, f"王芳{WANG}毕业证书第1页.jpg", jpeg(document(11).filter(ImageFilter.GaussianBlur(7))))
    _write(
        folder,
        f"王芳{WANG}专业技术资格证书第1页.jpg",
        jpeg(document(12).transpose(Image.Transpose.ROTATE_90)),
    )
    _write(folder, f"王芳{WANG}专业技术资格证书第2页.jpg", jpeg(document(13)))
    result = scan_import.preview(ws, [folder])
    rows = {row.path.name: row for row in result.rows}
    assert all(row.status == "matched" for row in rows.values())  # warned, not refused
    assert rows[f"王芳{WANG}毕业证书第1页.jpg"].warnings == "图片不清晰（模糊）"
    sideways = rows[f"王芳{WANG}专业技术资格证书第1页.jpg"]
    assert [code for code, _ in sideways.findings] == ["scan_sideways"]
    assert rows[f"王芳{WANG}专业技术资格证书第2页.jpg"].warnings == ""

    # R turns the sideways page a quarter clockwise: upright, its warning gone
    index = result.rows.index(sideways)
    assert scan_import.turn(result, index).findings == ()
    assert scan_import.file_scans(ws, result) == 3

    candidate = view.candidate(ws, uid)
    assert candidate is not None and candidate.pending == 3
    flags = entry_flags.candidate_flags(ws, candidate, actions.catalogue_of(ws))
    scan_flags = [f for f in flags if f["kind"] == "scan"]
    blurred = rows[f"王芳{WANG}毕业证书第1页.jpg"]
    assert scan_flags == [
        {"code": "scan_blurred", "kind": "scan", "severity": "warn", "message": "图片不清晰（模糊）",
         "material": "education", "field": "", "image": blurred.sha256, "side": "A",
         "words": {"code": "flag.scan_blurred", "parts": {}}},
    ]  # fmt: skip
    with ws.engine.connect() as conn:
        kept = dict(conn.execute(queue.ENTRY_SCANS.select().with_only_columns(
            queue.ENTRY_SCANS.c.sha256, queue.ENTRY_SCANS.c.scan_flags)).all())  # fmt: skip
    assert kept[blurred.sha256] == [["scan_blurred", "图片不清晰（模糊）"]]
    assert sorted(map(len, kept.values())) == [0, 0, 1]


def test_a_scan_added_before_its_checks_were_kept_is_checked_when_first_needed(tmp_path: Path) -> None:
    ws, uid = _store(tmp_path)
    dark = prepare(jpeg(document(14).point(lambda v: v // 8)))
    actions.enter_material(ws, uid, MaterialKind.DEGREE, {}, [EntryImage(dark.sha256, "学位证书", 1)], [dark])
    with ws.write() as tx:  # as a version 4 store left it
        tx.conn.execute(queue.ENTRY_SCANS.update().values(scan_flags=None, scan_version=None))
    candidate = view.candidate(ws, uid)
    assert candidate is not None
    flags = entry_flags.candidate_flags(ws, candidate, actions.catalogue_of(ws))
    assert [(f["code"], f["material"], f["side"]) for f in flags if f["kind"] == "scan"] == [
        ("scan_exposure", "degree", "A")
    ]
    with ws.engine.connect() as conn:
        row = conn.execute(queue.ENTRY_SCANS.select()).mappings().one()
    assert (row["scan_flags"], row["scan_version"]) == (
        [["scan_exposure", scan_checks.DARK]],
        scan_checks.SCAN_CHECKS_VERSION,
    )


def test_kept_scan_findings_are_checked_again_only_under_other_scan_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record-rule change (``precheck.FLAGS_VERSION``) decodes no kept scan; a new
    ``scan_checks.SCAN_CHECKS_VERSION`` checks each again, once."""
    ws, uid = _store(tmp_path)
    dark = prepare(jpeg(document(15).point(lambda v: v // 8)))
    actions.enter_material(ws, uid, MaterialKind.DEGREE, {}, [EntryImage(dark.sha256, "学位证书", 1)], [dark])
    kept = [["scan_small", "kept"]]
    with ws.write() as tx:  # what was found, marked so that a second check would show
        tx.conn.execute(queue.ENTRY_SCANS.update().values(scan_flags=kept))

    def scan_codes() -> list[str]:
        candidate = view.candidate(ws, uid)
        assert candidate is not None
        found = entry_flags.candidate_flags(ws, candidate, actions.catalogue_of(ws))
        return [f["code"] for f in found if f["kind"] == "scan"]

    def stored() -> tuple[object, object]:
        with ws.engine.connect() as conn:
            row = conn.execute(queue.ENTRY_SCANS.select()).mappings().one()
        return row["scan_flags"], row["scan_version"]

    monkeypatch.setattr(precheck, "FLAGS_VERSION", precheck.FLAGS_VERSION + 1)
    assert scan_codes() == ["scan_small"]
    assert stored() == (kept, scan_checks.SCAN_CHECKS_VERSION)
    monkeypatch.setattr(scan_checks, "SCAN_CHECKS_VERSION", scan_checks.SCAN_CHECKS_VERSION + 1)
    assert scan_codes() == ["scan_exposure"]
    assert stored() == ([["scan_exposure", scan_checks.DARK]], scan_checks.SCAN_CHECKS_VERSION)


def test_local_flags_follow_what_is_typed_and_undo(tmp_path: Path) -> None:
    """Offline, no server at all: the record rules run on the entries as they are."""
    ws, uid = _store(tmp_path)
    catalogue = actions.catalogue_of(ws)
    education = {"学历层级": "本科", "入学时间": "2016-09-01", "毕业时间": "2020-07-01", "学制": "4年"}
    actions.enter_material(ws, uid, MaterialKind.EDUCATION, education)
    candidate = view.candidate(ws, uid)
    assert candidate is not None
    first = {f["code"] for f in entry_flags.candidate_flags(ws, candidate, catalogue)}
    assert "graduation_before_entry" not in first and "field_missing" in first

    actions.enter_material(ws, uid, MaterialKind.EDUCATION, dict(education, 毕业时间="2015-07-01"))
    candidate = view.candidate(ws, uid)
    assert candidate is not None
    second = entry_flags.candidate_flags(ws, candidate, catalogue)
    (wrong,) = [f for f in second if f["code"] == "graduation_before_entry"]
    assert (wrong["material"], wrong["field"]) == ("education", "毕业时间")
    assert wrong["message"] == "毕业时间2015-07-01不晚于入学时间2016-09-01，学历信息有误"

    assert queue.undo_last(ws) is not None
    candidate = view.candidate(ws, uid)
    assert candidate is not None
    assert {f["code"] for f in entry_flags.candidate_flags(ws, candidate, catalogue)} == first
