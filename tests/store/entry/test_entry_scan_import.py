"""Batch import of scans by file name, on a real local store with files the test makes: the preview
(matched / unmatched / refused, each reason), the variants people type, filing in one transaction,
and a kill in the middle of filing (nothing half-filed; a second run files each scan once)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from tests import entry_scans

from reviewdesk.domain.enums import MaterialKind
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.store.entry import actions, queue, scan_import, view
from reviewdesk.store.testing import create_store
from reviewdesk.store.workspace import Workspace

WANG = make_resident_id("420102", date(1990, 3, 7), 2)  # ends in a digit or X
LI = make_resident_id("420103", date(1988, 11, 30), 15)


def _store(tmp_path: Path) -> tuple[Workspace, str, str]:
    ws = create_store(tmp_path / "store.sqlite")
    base = {"id_type": "身份证", "phone": "13800000000", "level": "初级(师)", "category_code": "201"}
    wang = actions.enter_candidate(ws, {**base, "name": "王芳", "id_number": WANG})
    li = actions.enter_candidate(ws, {**base, "name": "李强", "id_number": LI})
    return ws, wang, li


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _corpus(folder: Path) -> None:
    fullwidth = WANG.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    _write(folder, f"王芳{WANG}专业技术资格证书第1页.jpg", entry_scans.good_jpeg())
    _write(folder, f"王芳+{fullwidth}+职称证+2.png", entry_scans.good_png(seed=2))
    _write(folder, f"王芳_{WANG.lower()}_学历证书_第1页.jpeg", entry_scans.good_jpeg(colour=(9, 9, 9)))
    _write(folder, f"王芳 {WANG} 学信网验证报告.jpg", entry_scans.sideways_jpeg())
    _write(folder, f"李强{LI}医师资格证第一页.jpg", entry_scans.good_jpeg(colour=(1, 2, 3)))
    # problems, one each
    _write(
        folder,
        f"张三{make_resident_id('420104', date(1991, 1, 1), 3)}毕业证书第1页.jpg",
        entry_scans.good_jpeg(),
    )
    _write(folder, f"王五{LI}毕业证书第1页.jpg", entry_scans.good_jpeg(colour=(4, 4, 4)))
    _write(folder, f"李强{LI}护士执业证书第1页.jpg", entry_scans.renamed_pdf())
    _write(folder, f"李强{LI}护士执业证书第2页.png", entry_scans.broken_jpeg())
    _write(folder, f"李强{LI}住院医师规范化培训合格证书第1页.jpg", entry_scans.big_jpeg())
    _write(folder, f"李强{LI}专业技术资格证书第1页.jpg", entry_scans.good_jpeg(colour=(5, 6, 7)))
    _write(folder, f"李强-{LI}-专业技术资格证书-1.jpg", entry_scans.good_jpeg(colour=(8, 6, 7)))
    _write(folder, "扫描件001.jpg", entry_scans.good_jpeg())


def test_preview_lists_every_file_with_its_reason_and_files_nothing(tmp_path: Path) -> None:
    ws, wang, li = _store(tmp_path)
    _corpus(tmp_path / "scans")
    seen: list[tuple[int, int]] = []
    result = scan_import.preview(ws, [tmp_path / "scans"], progress=lambda d, t: seen.append((d, t)))
    rows = {row.path.name: row for row in result.rows}
    assert seen[-1] == (13, 13)
    matched = {name for name, row in rows.items() if row.status == "matched"}
    assert len(matched) == 6
    assert rows[f"王芳 {WANG} 学信网验证报告.jpg"].note == scan_import.TURNED
    unmatched = {row.reason for row in rows.values() if row.status == "unmatched"}
    assert unmatched == {
        f"本单位没有证件号码为 {make_resident_id('420104', date(1991, 1, 1), 3)} 的考生",
        "姓名与证件号码不符：本单位该证件号码的考生为“李强”",
    }
    refused = {name: row.reason for name, row in rows.items() if row.status == "refused"}
    assert "PDF" in refused[f"李强{LI}护士执业证书第1页.jpg"]
    assert "不完整" in refused[f"李强{LI}护士执业证书第2页.png"]
    assert "不能超过 3 MB" in refused[f"李强{LI}住院医师规范化培训合格证书第1页.jpg"]
    # the same page twice (two spellings): the first in name order is kept, the other refused naming it
    assert (
        refused[f"李强{LI}专业技术资格证书第1页.jpg"]
        == f"与 李强-{LI}-专业技术资格证书-1.jpg 是同一考生同一证书的同一页"
    )
    assert refused["扫描件001.jpg"].startswith("文件名不符合")
    assert queue.pending(ws)[-1].kind == "candidate"  # nothing filed yet
    assert len(queue.pending(ws)) == 2

    assert scan_import.file_scans(ws, result) == 6
    wang_now = view.candidate(ws, wang)
    li_now = view.candidate(ws, li)
    assert wang_now is not None and li_now is not None
    title = wang_now.materials[MaterialKind.TITLE]
    assert [(i.title, i.page) for i in title.images] == [("专业技术资格证书", 1), ("专业技术资格证书", 2)]
    education = wang_now.materials[MaterialKind.EDUCATION]
    assert [(i.title, i.page) for i in education.images] == [("毕业证书", 1), ("学信网学历验证报告", 1)]
    assert set(li_now.materials) == {MaterialKind.PHYSICIAN_QUALIFICATION, MaterialKind.TITLE}
    assert len(queue.scans_to_upload(ws)) == 6
    assert all(ws.blob_path(sha) is not None for sha in queue.scans_to_upload(ws))
    assert not result.staging.exists()
    ws.close()


def test_shrink_files_a_big_photo_under_the_limit(tmp_path: Path) -> None:
    ws, _wang, _li = _store(tmp_path)
    big = _write(tmp_path / "big", f"李强{LI}住院医师规范化培训合格证书第1页.jpg", entry_scans.big_jpeg())
    result = scan_import.preview(ws, [big], shrink=True)
    (row,) = result.rows
    assert row.status == "matched" and row.note == scan_import.SHRUNK
    scan_import.file_scans(ws, result)
    assert ws.blobs.path(row.sha256).stat().st_size <= 3 * 1024 * 1024
    ws.close()


def test_cancel_leaves_nothing(tmp_path: Path) -> None:
    import threading

    ws, _wang, _li = _store(tmp_path)
    _corpus(tmp_path / "scans")
    cancel = threading.Event()
    with pytest.raises(scan_import.ImportCancelled):
        scan_import.preview(ws, [tmp_path / "scans"], cancel=cancel, progress=lambda d, t: cancel.set())
    assert list(scan_import.staging_root(ws).iterdir()) == []
    assert len(queue.pending(ws)) == 2
    ws.close()


KILL_SCRIPT = """
import sys, time
from pathlib import Path
from reviewdesk.store.workspace import Workspace
from reviewdesk.store.entry import scan_import

ws = Workspace.open(Path(sys.argv[1]))
result = scan_import.preview(ws, [Path(sys.argv[2])])
real_put = ws.blobs.put_hashed
moved = 0
def slow_put(path, sha):
    global moved
    out = real_put(path, sha)
    moved += 1
    if moved == 3:
        Path(sys.argv[3]).write_text("filing")
        time.sleep(60)
    return out
ws.blobs.put_hashed = slow_put
scan_import.file_scans(ws, result)
"""


def test_a_kill_while_filing_leaves_nothing_half_filed(tmp_path: Path) -> None:
    ws, _wang, _li = _store(tmp_path)
    _corpus(tmp_path / "scans")
    ws.close()
    marker = tmp_path / "marker"
    script = tmp_path / "kill_import.py"
    script.write_text(KILL_SCRIPT)
    child = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "store.sqlite"), str(tmp_path / "scans"), str(marker)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the import ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    ws = Workspace.open(tmp_path / "store.sqlite")
    assert [c.kind for c in queue.pending(ws)] == ["candidate", "candidate"]  # nothing filed
    assert queue.scans_to_upload(ws) == []
    again = scan_import.preview(ws, [tmp_path / "scans"])
    assert scan_import.file_scans(ws, again) == 6
    assert len(queue.pending(ws)) == 2 + 4  # one command per (candidate, material)
    assert len(set(queue.scans_to_upload(ws))) == 6
    ws.close()
