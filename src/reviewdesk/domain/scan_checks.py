"""Image pre-checks on one scan's bytes: what makes a certificate scan unusable, measured, not guessed.

Why here (domain, pure: bytes in, findings out, no files, no Qt): the server checks a scan when it is
stored, the desktop before it uploads one, the benchmark on its planted set — the same numbers
everywhere. Decoding is bounded: the format is judged by content (png/jpeg), the pixel count is
capped before decoding, and JPEGs decode in draft mode (libjpeg's DCT scaling) straight to a
greyscale working copy of at most :data:`WORK_BOX` px a side, so a 4000×3000 scan costs a few tens
of ms. The decoding is ``domain.scan_rules``' (the one image policy), so what it refuses is refused
here with the same reason.

Checks (each a code and a Chinese sentence in the reviewer's words; thresholds measured on the demo's
scans and the benchmark's planted set, see docs/PERFORMANCE.md "Pre-check flags"):

* ``scan_not_image``: what the image policy refuses (not png/jpeg by content, cut short, corrupt, over
  the pixel limit), with its reason.
* ``scan_small``: the short side (upright) under :data:`MIN_SHORT_SIDE` px — too few pixels for a
  certificate's small print (an A4 page at ~75 dpi; the demo's scans are ≥ 1400 px, its tiny one 200).
* ``scan_blurred``: variance of the Laplacian of the working copy under :data:`BLUR_THRESHOLD`.
* ``scan_exposure``: nearly black or nearly white/blank (no ink, or no paper).
* ``scan_sideways`` / ``scan_upside_down``: text lines run vertically (the ink profile of columns
  varies more than that of rows), or the page is bottom-heavy (a certificate's heading and most of its
  text sit in the upper part; its seal and footnote in the lower). Heuristics for printed pages, with
  their recall and false-flag rate measured by the benchmark.

:func:`dhash` is a 4096-bit difference hash of the upright working copy: a rescaled and re-compressed
copy of a scan stays within :data:`REUSE_MAX_DISTANCE` bits, two certificates of the same template
with other names and numbers do not (measured; a whole-page 256-bit hash cannot tell those apart at
all). :func:`hash_bands` are its look-up keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image

from reviewdesk.domain import scan_rules

#: The working copy fits in WORK_BOX × WORK_BOX (a 4000×3000 JPEG decodes at 1/4 straight to 1000×750).
WORK_BOX = 1000
MIN_SHORT_SIDE = 600
BLUR_THRESHOLD = 100.0
#: Ink darker than this (0–255) counts for the orientation profiles; paper lighter than EXPOSURE_*.
INK_LEVEL = 128
DARK_LEVEL = 60
LIGHT_LEVEL = 200
#: Sideways: the column profile varies more than the row profile (upright demo scans ≤ 0.64, turned ≥ 1.57).
SIDEWAYS_RATIO = 1.0
#: Upside down: less ink in the top third than in the bottom third (upright ≥ 1.31, turned ≤ 0.74).
UPSIDE_DOWN_RATIO = 1.0
#: Orientation is judged only with at least this share of ink inside the frame.
MIN_INK = 0.002
#: The perceptual hash: a 64×64-bit difference hash. Rescaled (×0.4–0.9) and re-compressed (q 40–90)
#: copies of a page differ in ≤ 44 bits, other certificates of one template in ≥ 79 (a 16×16 hash of a
#: whole page cannot tell those apart at all: 0–1 bits), so :data:`REUSE_MAX_DISTANCE` decides.
HASH_SIDE = 64
#: Looked up by its :data:`BANDS` exact 128-bit pieces. A copy keeps most of them; another certificate of
#: the same template shares the pieces of its margins and heading (about half), which the server skips
#: as common (``server.flags.MAX_SHARED_BAND``), but not those of its text. Measured on 60 rescaled,
#: re-compressed copies: every one shared a text piece with its original (with 16 pieces, 6 did not).
BANDS = 32
REUSE_MAX_DISTANCE = 60

SCAN_NOT_IMAGE = "scan_not_image"
SCAN_SMALL = "scan_small"
SCAN_BLURRED = "scan_blurred"
SCAN_EXPOSURE = "scan_exposure"
SCAN_SIDEWAYS = "scan_sideways"
SCAN_UPSIDE_DOWN = "scan_upside_down"
CODES: tuple[str, ...] = (
    SCAN_NOT_IMAGE,
    SCAN_SMALL,
    SCAN_BLURRED,
    SCAN_EXPOSURE,
    SCAN_SIDEWAYS,
    SCAN_UPSIDE_DOWN,
)

SMALL = "图片分辨率过低（{width}×{height}），证书文字可能无法看清"
BLURRED = "图片不清晰（模糊）"
DARK = "图片几乎全黑，看不到证书内容"
BLANK = "图片几乎全白，看不到证书内容"
SIDEWAYS = "图片横置（未摆正），请核对是否为证书正面"
UPSIDE_DOWN = "图片倒置（上下颠倒）"


@dataclass(frozen=True)
class ScanFinding:
    code: str
    message: str


@dataclass(frozen=True)
class ScanReport:
    """What the checks found in one scan; ``hash`` is the dHash as 64 hex digits ("" if not decoded).
    ``measures`` keeps the raw numbers (for the benchmark and for tuning), not shown to reviewers."""

    findings: tuple[ScanFinding, ...]
    hash: str = ""
    width: int = 0
    height: int = 0
    measures: dict[str, float] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.findings)


def working_copy(data: bytes) -> tuple[np.ndarray, tuple[int, int]]:
    """(greyscale uint8 array of the upright scan, at most :data:`WORK_BOX` px a side; the scan's full
    upright (width, height)). Decoded by the one image policy (``domain.scan_rules``: formats by
    content, pixel limit, JPEG draft). Raises :class:`~reviewdesk.domain.scan_rules.ScanRefused`."""
    image = scan_rules.decode_for_display(data, (WORK_BOX, WORK_BOX), scan_rules.MAX_DISPLAY_BYTES)
    width, height = image.info[scan_rules.ORIGINAL_SIZE]
    return np.asarray(image.convert("L"), dtype=np.uint8), (width, height)


def check_scan(data: bytes) -> ScanReport:
    """Every check on one scan's bytes. Never raises on bad bytes: that is a finding."""
    try:
        grey, (width, height) = working_copy(data)
    except scan_rules.ScanRefused as error:
        return ScanReport((ScanFinding(SCAN_NOT_IMAGE, error.reason),))
    findings: list[ScanFinding] = []
    measures = measure(grey)
    if min(width, height) < MIN_SHORT_SIDE:
        findings.append(ScanFinding(SCAN_SMALL, SMALL.format(width=width, height=height)))
    small = min(width, height) < MIN_SHORT_SIDE
    if measures["high"] < DARK_LEVEL:
        findings.append(ScanFinding(SCAN_EXPOSURE, DARK))
    elif measures["low"] > LIGHT_LEVEL:
        findings.append(ScanFinding(SCAN_EXPOSURE, BLANK))
    else:
        if measures["sharpness"] < BLUR_THRESHOLD:
            findings.append(ScanFinding(SCAN_BLURRED, BLURRED))
        if small or measures["ink"] < MIN_INK:
            pass  # too few pixels or too little text to tell which way it runs
        elif measures["columns_over_rows"] > SIDEWAYS_RATIO:
            findings.append(ScanFinding(SCAN_SIDEWAYS, SIDEWAYS))
        elif measures["top_over_bottom"] < UPSIDE_DOWN_RATIO:
            findings.append(ScanFinding(SCAN_UPSIDE_DOWN, UPSIDE_DOWN))
    return ScanReport(tuple(findings), dhash(grey), width, height, measures)


def measure(grey: np.ndarray) -> dict[str, float]:
    """The raw measures the checks compare with their thresholds (see the module's docstring)."""
    counts = np.bincount(grey[::2, ::2].ravel(), minlength=256).cumsum()
    low, high = np.searchsorted(counts, counts[-1] * np.array([0.005, 0.995]))
    v = grey.astype(np.int16)  # a Laplacian of 0–255 values fits: |4·255 + 4·255| < 2^15
    lap = v[1:-1, :-2] + v[1:-1, 2:] + v[:-2, 1:-1] + v[2:, 1:-1] - 4 * v[1:-1, 1:-1]
    h, w = grey.shape
    inner = grey[h // 10 : h - h // 10, w // 10 : w - w // 10]  # inside the page's frame
    ink = (inner if inner.size else grey) < INK_LEVEL
    rows, columns = ink.mean(axis=1), ink.mean(axis=0)
    third = max(1, rows.size // 3)
    return {
        "low": float(low),
        "high": float(high),
        "sharpness": float(lap.astype(np.float32).var()) if lap.size else 0.0,
        "columns_over_rows": _variation(columns) / max(_variation(rows), 1e-6),
        "top_over_bottom": float(rows[:third].sum() / max(rows[-third:].sum(), 1e-6)),
        "ink": float(ink.mean()) if ink.size else 0.0,
    }


def _variation(profile: np.ndarray) -> float:
    """Coefficient of variation of an ink profile (lightly smoothed): text lines across the profile
    make it alternate between ink and gaps; along the lines it stays even."""
    if profile.size < 3 or profile.mean() <= 0:
        return 0.0
    smooth = np.convolve(profile, np.ones(3) / 3, "same")
    return float(smooth.std() / smooth.mean())


def dhash(grey: np.ndarray, side: int = HASH_SIDE) -> str:
    """A difference hash: the upright scan shrunk to (side+1)×side, one bit per horizontal neighbour
    pair (left brighter). Hex, ``side*side/4`` digits."""
    small = np.asarray(Image.fromarray(grey).resize((side + 1, side), Image.Resampling.BOX), dtype=np.int16)
    bits = (small[:, 1:] < small[:, :-1]).flatten()
    return np.packbits(bits).tobytes().hex()


@lru_cache(maxsize=8192)
def _bits(text: str) -> np.ndarray:
    """A hash's bytes (memoized: a re-flag compares the same scans again and again)."""
    return np.frombuffer(bytes.fromhex(text), np.uint8)


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint16)


def hash_distance(a: str, b: str) -> int:
    """Bits that differ between two hashes of the same length."""
    return int(_POPCOUNT[_bits(a) ^ _bits(b)].sum())


def hash_bands(text: str) -> list[str]:
    """The hash's look-up keys ("piece:hex"): its 128-bit pieces (see :data:`BANDS`)."""
    pieces = len(text) // 32
    step = max(1, pieces // BANDS)
    return [f"{i}:{text[i * 32 : (i + 1) * 32]}" for i in range(0, pieces, step)][:BANDS]


def same_scan(a: str, b: str) -> bool:
    """Two hashes of (nearly) the same picture."""
    return bool(a and b) and len(a) == len(b) and hash_distance(a, b) <= REUSE_MAX_DISTANCE
