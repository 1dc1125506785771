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

**Reused scans** (the same scan on two candidates) are judged in two steps, because two candidates'
certificates of one template differ only in a few lines of text while a re-saved copy differs a little
everywhere (measured in ``benchmarks/reuse_bench.py``; thresholds and why in docs/PERFORMANCE.md):

* both work on the page's **content box** (:func:`content_box`: the rows and columns with ink), so a
  copy cropped a little, or scanned with other margins, is compared on the same page area;
* **look-up** (:func:`fingerprint`'s hash, :func:`hash_bands`): difference hashes of the content box at
  :data:`LOOKUP_SIDES` sizes whose bits are set only where ink clearly changes (so the paper's grain and
  JPEG noise set none); each text row is a key. A copy keeps some row of its text exactly; another
  certificate of the template shares only the rows of its frame and heading, which the server skips as
  common (``server.flags.MAX_SHARED_BAND``);
* **confirmation** (:func:`same_scan` on the two :func:`fingerprint` prints): greyscale thumbnails of the
  content box, aligned (scale and shift per axis, from their ink profiles), compared block by block: a
  copy differs a little everywhere, another certificate a lot where its name, number or date is.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from reviewdesk.domain import scan_rules
from reviewdesk.domain.wording import Words, say

#: The working copy fits in WORK_BOX × WORK_BOX (a 4000×3000 JPEG decodes at 1/4 straight to 1000×750).
WORK_BOX = 1000
WORK_SIZE = (WORK_BOX, WORK_BOX)
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
#: Reused scans, look-up: difference hashes of the content box at these sizes (side × side bits), a bit
#: set where the ink level (0 paper … 1 ink) falls by more than LOOKUP_MARGIN to the right; the halves of
#: rows with at least MIN_ROW_BITS / 2 bits are keys. Three sizes: each alone missed 5–15 % of cropped or
#: rescaled copies (a row of text is cut differently), together ~1 % (docs/PERFORMANCE.md).
LOOKUP_SIDES = (64, 48, 40)
LOOKUP_MARGIN = 0.15
MIN_ROW_BITS = 6
#: Reused scans, confirmation: the print is the content box as PRINT_SIZE ink levels; two prints are the
#: same scan when, once aligned, their :func:`print_difference` is at most PRINT_MAX_DIFF. Blocks of
#: PRINT_BLOCK × PRINT_BLOCK cells (about a character); a block "with ink" has a cell above PRINT_INK.
#: Measured with benchmarks/reuse_bench.py (docs/PERFORMANCE.md): two certificates that differ only in
#: a two-character name and four digits are 0.21 apart, copies of a scan mostly below 0.15 (rescaled or
#: cropped ones up to ~0.23: some are missed — the margin is thin, the false match the worse error).
#: Smoothing the prints first halved the copies' differences but put that pair 0.08 apart; a 288×216
#: print gained 0.01: neither done.
PRINT_SIZE = (192, 144)
PRINT_BLOCK = 4
PRINT_INK = 0.3
SPREAD_WEIGHT = 0.5
PRINT_MAX_DIFF = 0.175
#: The hash's format tag (a stored hash of another format is judged again by ``reflag``).
HASH_FORMAT = "2"

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
#: The findings' sentences by their Words code (a "not an image" finding is the image policy's refusal,
#: a Words of ``scan_rules.REASONS``): a finding's message is a :class:`~reviewdesk.domain.wording.Words`,
#: so a view can say it in its own language.
MESSAGES: dict[str, str] = {
    "flag.scan_small": SMALL,
    "flag.scan_blurred": BLURRED,
    "flag.scan_dark": DARK,
    "flag.scan_blank": BLANK,
    "flag.scan_sideways": SIDEWAYS,
    "flag.scan_upside_down": UPSIDE_DOWN,
}


@dataclass(frozen=True)
class ScanFinding:
    """One problem: its check's code and its Chinese sentence (a :class:`Words`: code and parts kept)."""

    code: str
    message: Words


@dataclass(frozen=True)
class ScanReport:
    """What the checks found in one scan; ``hash`` and ``print`` are its :func:`fingerprint` (empty if
    not decoded). ``measures`` keeps the raw numbers (for the benchmark and for tuning), not shown to
    reviewers."""

    findings: tuple[ScanFinding, ...]
    hash: str = ""
    print: bytes = b""
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
    return _grey(scan_rules.decode_for_display(data, WORK_SIZE, scan_rules.MAX_DISPLAY_BYTES))


def _grey(picture: Image.Image) -> tuple[np.ndarray, tuple[int, int]]:
    width, height = picture.info[scan_rules.ORIGINAL_SIZE]
    return np.asarray(picture.convert("L"), dtype=np.uint8), (width, height)


def check_scan(data: bytes) -> ScanReport:
    """Every check on one scan's bytes. Never raises on bad bytes: that is a finding."""
    try:
        grey, size = working_copy(data)
    except scan_rules.ScanRefused as error:
        return ScanReport((ScanFinding(SCAN_NOT_IMAGE, error.reason),))
    return _checked(grey, size)


def check_picture(picture: Image.Image, *, with_prints: bool = True) -> ScanReport:
    """Every check on a scan already decoded as :func:`working_copy` decodes it — the picture
    ``scan_rules.inspect_and_fit(data, WORK_SIZE)`` gives with the door's verdict, so a caller that
    needs both decodes once (the 填报 preview). Same report as :func:`check_scan` on those bytes;
    without ``with_prints`` no :func:`fingerprint` (``hash`` and ``print`` empty): a caller that only
    shows findings does not pay for what only the server's reused-scan look-up reads."""
    grey, size = _grey(picture)
    return _checked(grey, size, with_prints)


def _checked(grey: np.ndarray, size: tuple[int, int], with_prints: bool = True) -> ScanReport:
    width, height = size
    findings: list[ScanFinding] = []
    measures = measure(grey)
    if min(width, height) < MIN_SHORT_SIDE:
        findings.append(ScanFinding(SCAN_SMALL, say(MESSAGES, "flag.scan_small", width=width, height=height)))
    small = min(width, height) < MIN_SHORT_SIDE
    if measures["high"] < DARK_LEVEL:
        findings.append(ScanFinding(SCAN_EXPOSURE, say(MESSAGES, "flag.scan_dark")))
    elif measures["low"] > LIGHT_LEVEL:
        findings.append(ScanFinding(SCAN_EXPOSURE, say(MESSAGES, "flag.scan_blank")))
    else:
        if measures["sharpness"] < BLUR_THRESHOLD:
            findings.append(ScanFinding(SCAN_BLURRED, say(MESSAGES, "flag.scan_blurred")))
        if small or measures["ink"] < MIN_INK:
            pass  # too few pixels or too little text to tell which way it runs
        elif measures["columns_over_rows"] > SIDEWAYS_RATIO:
            findings.append(ScanFinding(SCAN_SIDEWAYS, say(MESSAGES, "flag.scan_sideways")))
        elif measures["top_over_bottom"] < UPSIDE_DOWN_RATIO:
            findings.append(ScanFinding(SCAN_UPSIDE_DOWN, say(MESSAGES, "flag.scan_upside_down")))
    lookup, thumbnail = fingerprint(grey) if with_prints else ("", b"")
    return ScanReport(tuple(findings), lookup, thumbnail, width, height, measures)


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


def content_box(grey: np.ndarray) -> np.ndarray:
    """The part of the page between its first and last rows (and columns) with ink: margins and a
    slight crop are not part of what is compared. The whole picture when it has no clear ink. (Judged
    on every other pixel: half the cost, and the print's alignment absorbs a pixel's error.)"""
    half = grey[::2, ::2]
    if half.size == 0:
        return grey
    paper, dark = np.percentile(half, (60, 1))
    ink = half < paper - max(25.0, 0.3 * float(paper - dark))
    rows = np.flatnonzero(ink.mean(axis=1) >= 0.01) * 2
    columns = np.flatnonzero(ink.mean(axis=0) >= 0.01) * 2
    if rows.size < 2 or columns.size < 2 or rows[-1] - rows[0] < 8 or columns[-1] - columns[0] < 8:
        return grey
    return grey[rows[0] : rows[-1] + 2, columns[0] : columns[-1] + 2]


def ink_levels(box: np.ndarray, width: int, height: int) -> np.ndarray:
    """``box`` shrunk to width × height (area averages) as ink levels: 0 paper (its 70th percentile),
    1 the darkest ink (1st percentile) — the same for a copy lit or exposed differently."""
    small = np.asarray(Image.fromarray(box).resize((width, height), Image.Resampling.BOX), dtype=np.float32)
    paper, dark = np.percentile(small, (70, 1))
    return 1.0 - np.clip((small - dark) / max(float(paper - dark), 1.0), 0.0, 1.0)


def fingerprint(grey: np.ndarray) -> tuple[str, bytes]:
    """(look-up hash, print) of an upright greyscale page, see the module's docstring. The hash is
    ``"2:"`` + one hex run of side × side bits per :data:`LOOKUP_SIDES` size, dot-separated; the print
    is :data:`PRINT_SIZE` ink levels (0–255), zlib-compressed (~5 KB). (Each is shrunk from the content
    box itself: shrinking it once to an intermediate size first lost 5–10 % of the look-ups.)"""
    if min(grey.shape, default=0) < 2:
        return "", b""
    box = content_box(grey)
    width, height = PRINT_SIZE
    runs = []
    for side in LOOKUP_SIDES:
        levels = ink_levels(box, side + 1, side)
        bits = levels[:, 1:] - levels[:, :-1] > LOOKUP_MARGIN
        runs.append(np.packbits(bits).tobytes().hex())
    thumbnail = np.round(ink_levels(box, width, height) * 255).astype(np.uint8)
    return f"{HASH_FORMAT}:" + ".".join(runs), zlib.compress(thumbnail.tobytes(), 6)


def hash_bands(text: str) -> list[str]:
    """The hash's look-up keys (``"side.row.half:hex"``): the left and right half of each row with at
    least :data:`MIN_ROW_BITS` bits (blank rows and a frame's sides say nothing about the page). Halves,
    because a name or a number sits in one half of its line: a half survives a rescaled copy more
    often than a whole row (measured: look-ups by a key no other page has found 65–77 % of rescaled or
    cropped copies with halves, 57–68 % with whole rows). None for a hash of another format."""
    if not text.startswith(f"{HASH_FORMAT}:"):
        return []
    runs = text[len(HASH_FORMAT) + 1 :].split(".")
    if len(runs) != len(LOOKUP_SIDES):
        return []
    keys = []
    for side, run in zip(LOOKUP_SIDES, runs, strict=True):
        bits = np.unpackbits(np.frombuffer(bytes.fromhex(run), np.uint8))[: side * side].reshape(side, side)
        for half, part in enumerate((bits[:, : side // 2], bits[:, side // 2 :])):
            counts = part.sum(axis=1)
            for row in np.flatnonzero(counts >= MIN_ROW_BITS // 2).tolist():
                keys.append(f"{side}.{row}.{half}:{np.packbits(part[row]).tobytes().hex()}")
    return keys


def _levels(data: bytes) -> np.ndarray | None:
    try:
        raw = zlib.decompress(data)
    except zlib.error:
        return None
    width, height = PRINT_SIZE
    if len(raw) != width * height:
        return None
    return np.frombuffer(raw, np.uint8).reshape(height, width).astype(np.float32) / 255.0


_SCALES = np.arange(0.97, 1.0301, 0.005)
_SHIFTS = np.arange(-2.0, 2.01, 0.25)
#: The second, finer pass around the first's best (a quarter cell off at a text edge is a difference
#: of a tenth where the strokes are: as much as a copy may differ in all).
_FINE_SCALES = np.arange(-0.005, 0.00501, 0.001)
_FINE_SHIFTS = np.arange(-0.25, 0.2501, 0.05)


def _best(a: np.ndarray, b: np.ndarray, scales: np.ndarray, shifts: np.ndarray) -> tuple[float, float]:
    n = a.size
    positions = (np.arange(n) - n / 2)[None, None, :] * scales[:, None, None] + n / 2 + shifts[None, :, None]
    laid = np.interp(positions, np.arange(n), b, left=0.0, right=0.0)
    errors = np.abs(laid - a)[..., 3:-3].mean(axis=2)
    scale, shift = np.unravel_index(int(errors.argmin()), errors.shape)
    return float(scales[scale]), float(shifts[shift])


def _fit(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(scale, shift) that best lays ink profile ``b`` over ``a`` (what is left of a crop or resize
    after the content box: a fraction of a thumbnail cell, a percent of scale): a coarse search, then a
    fine one around its best."""
    scale, shift = _best(a, b, _SCALES, _SHIFTS)
    return _best(a, b, scale + _FINE_SCALES, shift + _FINE_SHIFTS)


def _warp(b: np.ndarray, x: tuple[float, float], y: tuple[float, float]) -> np.ndarray:
    """``b`` resampled (bilinear) by a scale and shift per axis, as :func:`_fit` found them."""
    height, width = b.shape
    xs = np.clip((np.arange(width) - width / 2) * x[0] + width / 2 + x[1], 0, width - 1.001)
    ys = np.clip((np.arange(height) - height / 2) * y[0] + height / 2 + y[1], 0, height - 1.001)
    x0, y0 = xs.astype(int), ys.astype(int)
    fx, fy = xs - x0, (ys - y0)[:, None]
    top = b[y0][:, x0] * (1 - fx) + b[y0][:, x0 + 1] * fx
    bottom = b[y0 + 1][:, x0] * (1 - fx) + b[y0 + 1][:, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def print_difference(a: bytes, b: bytes) -> float:
    """Where two prints differ most beyond what they differ all over, once ``b`` is aligned to ``a``:
    the largest mean difference of ink level (0–1) over a :data:`PRINT_BLOCK`-cell block (about a
    character) less :data:`SPREAD_WEIGHT` × the difference three quarters of the blocks with ink stay
    under. Two certificates of one template are identical but where their names, dates and numbers
    are, and there one character differs from another; a copy differs a little everywhere (JPEG,
    rescaling, what the alignment leaves). 1.0 for a print that cannot be read."""
    first, second = _levels(a), _levels(b)
    if first is None or second is None:
        return 1.0
    aligned = _warp(
        second, _fit(first.mean(axis=0), second.mean(axis=0)), _fit(first.mean(axis=1), second.mean(axis=1))
    )
    inner = (slice(2, -2), slice(2, -2))  # the edges: what the alignment moved in or out
    difference, ink = np.abs(first - aligned)[inner], np.maximum(first, aligned)[inner]
    k = PRINT_BLOCK
    rows, columns = difference.shape[0] // k * k, difference.shape[1] // k * k
    shape = (rows // k, k, columns // k, k)
    blocks = difference[:rows, :columns].reshape(shape).mean(axis=(1, 3))
    text = blocks[ink[:rows, :columns].reshape(shape).max(axis=(1, 3)) > PRINT_INK]
    spread = float(np.percentile(text, 75)) if text.size else 0.0
    return float(blocks.max()) - SPREAD_WEIGHT * spread


def same_scan(a: bytes, b: bytes) -> bool:
    """Two prints of the same scan (re-saved, rescaled, cropped a little, lit differently), not two
    certificates of one template: their :func:`print_difference` both ways round, averaged (the
    alignment is fitted from the first's side), at most :data:`PRINT_MAX_DIFF`."""
    if not (a and b):
        return False
    return (print_difference(a, b) + print_difference(b, a)) / 2 <= PRINT_MAX_DIFF
