"""Content-addressed image files: ``<data>/blobs/ab/abcdef…`` named by their sha256.

Why content addressing: the same certificate image is often shared (re-submissions keep most pages), a
file never changes once written (so it can be read by any thread without locks), and its name is its
own checksum. A file only ever appears whole: ``put_file`` checks the hash of a finished temp file, then
renames it into place (atomic on one file system), so a crash or a torn download never leaves a
half-written image under a valid name.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20


class BlobError(ValueError):
    """A blob that is not what its name says (message in Chinese, fit to show)."""


def check_sha(sha256: str) -> str:
    """The lower-case hex digest, or ValueError: a blob name never contains anything else (no paths)."""
    value = sha256.lower()
    if not _SHA256.fullmatch(value):
        raise ValueError(f"不是有效的 SHA-256 摘要：{sha256!r}")
    return value


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class BlobStore:
    """The blob folder. Thread-safe: files are written under temp names and renamed whole."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        """Where the blob lives (whether or not it is there yet)."""
        sha = check_sha(sha256)
        return self.root / sha[:2] / sha

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def temp_dir(self) -> Path:
        """A folder on the same file system for downloads in progress (so the final rename is atomic)."""
        path = self.root / "tmp"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def put_file(self, tmp_path: Path, expected_sha: str) -> Path:
        """Move a finished download into place after checking its hash. On a mismatch the temp file is
        deleted and BlobError raised (nothing is stored). Returns the blob's path."""
        sha = check_sha(expected_sha)
        tmp_path = Path(tmp_path)
        actual = file_sha256(tmp_path)
        if actual != sha:
            tmp_path.unlink(missing_ok=True)
            raise BlobError(
                f"图片校验失败：应为 {sha[:12]}…，实际为 {actual[:12]}…，已丢弃，下次同步时重新下载"
            )
        final = self.path(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp_path, "rb") as handle:
            os.fsync(handle.fileno())
        try:
            os.replace(tmp_path, final)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            # Another file system: copy next to the target first, then rename atomically.
            fd, staging = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
            os.close(fd)
            shutil.copyfile(tmp_path, staging)
            os.replace(staging, final)
            tmp_path.unlink(missing_ok=True)
        return final

    def put_hashed(self, path: Path, sha256: str) -> Path:
        """Move into place a file this process wrote from bytes it hashed itself (the batch import's
        staged scans): made durable and renamed, without reading it again to hash it — a thousand
        scans are 1.5 GB of reading saved. Returns the blob's path."""
        final = self.path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(path, final)
        return final

    def put_bytes(self, data: bytes, expected_sha: str) -> Path:
        """Store bytes already in memory (tests, the demo)."""
        fd, tmp = tempfile.mkstemp(dir=self.temp_dir(), prefix="put-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return self.put_file(Path(tmp), expected_sha)

    def verify(self, sha256: str) -> bool:
        """Whether the blob is present and its content matches its name."""
        path = self.path(sha256)
        return path.is_file() and file_sha256(path) == check_sha(sha256)

    def read(self, sha256: str, *, verify: bool = False) -> bytes:
        """The blob's bytes; with ``verify`` a corrupted file is removed and BlobError raised."""
        data = self.path(sha256).read_bytes()
        if verify and hashlib.sha256(data).hexdigest() != check_sha(sha256):
            self.remove(sha256)
            raise BlobError("图片文件已损坏，已删除，下次同步时重新下载")
        return data

    def remove(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)
