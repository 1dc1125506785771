"""Image bytes on disk, addressed by sha256: ``<blob_dir>/ab/abcdef…``.

Files are written to a temp name and renamed into place, so a reader never sees half a file and a
file that exists is complete. Content never changes under a name, which is what makes hard-linking
blob folders between test databases and immutable HTTP caching safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def blob_path(blob_dir: Path, sha256: str) -> Path:
    return blob_dir / sha256[:2] / sha256


def write_blob(blob_dir: Path, data: bytes, sha256: str | None = None) -> str:
    """Store ``data`` (if not there yet) and return its sha256. Refuses bytes that do not match."""
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and sha256 != digest:
        raise ValueError(f"blob content does not match its sha256 {sha256}")
    target = blob_path(blob_dir, digest)
    if target.exists() and target.stat().st_size == len(data):
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return digest
