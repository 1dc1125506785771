"""Content-addressed image files: hash-checked, renamed into place whole, verified on read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reviewdesk.store.blobs import BlobError, BlobStore
from reviewdesk.store.testing import filled_store, make_snapshot


def jpeg_bytes(seed: int) -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (seed % 256, 80, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_put_file_checks_the_hash_and_renames_into_place(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = jpeg_bytes(1)
    sha = hashlib.sha256(data).hexdigest()
    tmp = store.temp_dir() / "download.part"
    tmp.write_bytes(data)
    path = store.put_file(tmp, sha)
    assert path == tmp_path / "blobs" / sha[:2] / sha and path.read_bytes() == data
    assert not tmp.exists() and store.has(sha) and store.verify(sha)
    assert store.read(sha, verify=True) == data


def test_a_wrong_download_is_dropped_and_nothing_stored(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    sha = hashlib.sha256(jpeg_bytes(1)).hexdigest()
    tmp = store.temp_dir() / "download.part"
    tmp.write_bytes(jpeg_bytes(2))
    with pytest.raises(BlobError, match="图片校验失败"):
        store.put_file(tmp, sha)
    assert not tmp.exists() and not store.has(sha)


def test_names_are_only_hashes(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    for bad in ("../../etc/passwd", "abc", "g" * 64):
        with pytest.raises(ValueError, match="SHA-256"):
            store.path(bad)


def test_corruption_is_caught_on_read(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = jpeg_bytes(3)
    sha = hashlib.sha256(data).hexdigest()
    store.put_bytes(data, sha)
    store.path(sha).write_bytes(data[:-10])
    assert not store.verify(sha)
    with pytest.raises(BlobError, match="已损坏"):
        store.read(sha, verify=True)
    assert not store.has(sha)


def test_workspace_blobs_missing_add_and_checked_path(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", [make_snapshot(7)])
    wanted = ws.missing_blobs()
    expected = [image["sha256"] for m in make_snapshot(7)["materials"] for image in m["images"]]
    assert [b["sha256"] for b in wanted] == expected and wanted[0]["mime"] == "image/jpeg"
    # The test data's hashes are of no real file: store a real image under a material's image instead.
    data = jpeg_bytes(4)
    sha = hashlib.sha256(data).hexdigest()
    tmp = ws.blobs.temp_dir() / "x.part"
    tmp.write_bytes(data)
    assert ws.blob_path(sha) is None
    ws.add_blob(sha, tmp, mime="image/jpeg")
    assert ws.blob_path(sha) == ws.blob_dir / sha[:2] / sha
    assert ws.blob_path("not-a-hash") is None
    # A file corrupted on disk is noticed by a new session and fetched again.
    ws.blobs.path(sha).write_bytes(b"broken")
    ws._checked_blobs.clear()
    assert ws.blob_path(sha) is None and not ws.blobs.has(sha)
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM blobs").scalar() == 0
