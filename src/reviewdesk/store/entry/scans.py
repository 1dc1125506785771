"""Scans as the unit adds them: checked by the one image policy, turned upright, and brought under the
3 MB limit, before anything is stored (seed 001 §4.2.1).

* **Format by content**: ``domain.scan_rules`` decides (a renamed PDF or a cut-off file is refused
  whatever its name says), with its Chinese reason.
* **Upright**: a photo whose EXIF says "turn me" is turned for real (the pixels, not the tag: every
  viewer then agrees and the server, which refuses a file still needing a turn, accepts it), and
  reported as ``turned``; the user can turn a scan a quarter at a time (``turns``) before it is stored.
* **≤ 3 MB**: a larger photo is refused with the reason, and :func:`prepare` with ``shrink=True``
  re-encodes it down to the limit (JPEG quality, then size), so nobody needs another program.
* **预审提示** (issue 17): the prepared bytes — exactly what will be uploaded — go through the image
  checks the server runs when it stores a scan (``domain.scan_checks``: too small, blurred, sideways,
  nearly black or white), and what they find travels with the scan (``findings``) to the 填报 page
  and the import preview: a warning to fix before review, never a refusal (refusals are the image
  policy's, above).

Reading a file checks its size before its bytes (a 2 GB file is never read into memory).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from reviewdesk.domain import scan_checks
from reviewdesk.domain.scan_rules import (
    MAX_DISPLAY_BYTES,
    MAX_UPLOAD_BYTES,
    ScanInfo,
    ScanRefused,
    check_size,
    inspect_and_fit,
)

#: JPEG qualities tried, then sizes (each 85 % of the last) when shrinking a photo to the limit.
SHRINK_QUALITIES = (90, 82, 75, 68)
SHRINK_SCALE = 0.85
MIN_SHRINK_SIDE = 600


@dataclass(frozen=True)
class PreparedScan:
    """A scan ready to store: its bytes (upright, ≤ 3 MB), hash, type and what was done to it."""

    data: bytes
    sha256: str
    mime: str
    width: int
    height: int
    turned: bool = False  #: the EXIF orientation was applied (it was sideways or upside down)
    shrunk: bool = False  #: re-encoded to fit 3 MB
    original_size: int = 0
    #: What the image checks found in ``data``: (code, Chinese message) pairs, the server's words.
    findings: tuple[tuple[str, str], ...] = ()

    @property
    def extension(self) -> str:
        return "png" if self.mime == "image/png" else "jpg"


def read_scan(path: Path) -> bytes:
    """The file's bytes, refused (``ScanRefused``) before reading when it is empty or beyond what a
    photo to be shrunk can be."""
    check_size(path.stat().st_size, MAX_DISPLAY_BYTES)
    return path.read_bytes()


def prepare(data: bytes, *, turns: int = 0, shrink: bool = False) -> PreparedScan:
    """``data`` made ready to store, or ``ScanRefused`` with the Chinese reason. ``turns``: quarter
    turns clockwise the user asked for. A file over 3 MB is refused (``image_too_large``) unless
    ``shrink``."""
    info, picture = inspect_and_fit(data, scan_checks.WORK_SIZE, MAX_DISPLAY_BYTES)
    try:
        out, turned, shrunk = data, False, False
        if info.orientation != 1 or turns % 4:
            out = _turned(data, info, turns % 4)
            turned = info.orientation != 1
        if len(out) > MAX_UPLOAD_BYTES:
            if not shrink:
                check_size(len(out), MAX_UPLOAD_BYTES)
            out = _shrunk(out)
            shrunk = True
        # Unchanged bytes were judged whole above (the only difference of the upload limit is the
        # size); changed ones are judged again as the server will judge them. Either way the image
        # checks run on the picture that judgement decoded (one decode per version of the bytes).
        if out is not data:
            picture.close()
            info, picture = inspect_and_fit(out, scan_checks.WORK_SIZE)
        findings = _findings(scan_checks.check_picture(picture, with_prints=False))
    finally:
        picture.close()
    return PreparedScan(
        out,
        hashlib.sha256(out).hexdigest(),
        info.mime,
        info.width,
        info.height,
        turned,
        shrunk,
        len(data),
        findings,
    )


def scan_findings(data: bytes) -> tuple[tuple[str, str], ...]:
    """The image checks' findings on a scan's bytes, as (code, message) pairs."""
    return _findings(scan_checks.check_scan(data))


def _findings(report: scan_checks.ScanReport) -> tuple[tuple[str, str], ...]:
    return tuple((f.code, f.message) for f in report.findings)


def too_large(error: ScanRefused) -> bool:
    """Whether a refusal is only the 3 MB limit (the page then offers to shrink the photo)."""
    return error.code == "image_too_large"


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data), formats=("PNG", "JPEG"))
    image.load()
    return image


def _encode(image: Image.Image, fmt: str, quality: int = 92) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
    else:
        image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def _turned(data: bytes, info: ScanInfo, turns: int) -> bytes:
    """The pixels turned upright by the EXIF orientation, then ``turns`` quarter turns clockwise; the
    EXIF orientation is dropped with the turn it asked for."""
    image = ImageOps.exif_transpose(_open(data))
    if turns:
        image = image.rotate(-90 * turns, expand=True)
    return _encode(image, info.format)


def _shrunk(data: bytes) -> bytes:
    """Re-encoded as JPEG at falling quality, then falling size, until it fits 3 MB."""
    image = _open(data)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    while True:
        for quality in SHRINK_QUALITIES:
            out = _encode(image, "JPEG", quality)
            if len(out) <= MAX_UPLOAD_BYTES:
                return out
        width, height = image.size
        if min(width, height) * SHRINK_SCALE < MIN_SHRINK_SIDE:
            return out  # cannot get smaller sensibly; inspect_scan then says it is too large
        image = image.resize(
            (int(width * SHRINK_SCALE), int(height * SHRINK_SCALE)), Image.Resampling.LANCZOS
        )
