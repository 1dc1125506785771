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

* both work on the page **made level** (:func:`upright_page`: a photo or a page put down askew by up
  to a few degrees is turned back) and cut to its **content box** (:func:`content_box`, to a fraction
  of a pixel), so a copy rescaled, cropped a little, turned or scanned with other margins is compared on
  the same page area;
* **look-up** (:func:`print_keys` in the hash, :func:`hash_bands` stored, :func:`probe_keys` looked
  up): each tile of about six characters of the print, as 48 bits fine enough that another person's
  name, date or number gives other bits, and its least certain bits probed both ways. A copy finds its
  original by a tile of its own text; another certificate of the template shares only the tiles of its
  frame and heading, which the server skips as common (``server.flag_keys.MAX_SHARED_BAND``);
* **confirmation** (:func:`same_scan` on the two :func:`fingerprint` prints): greyscale thumbnails of the
  content box, aligned (scale and shift per axis, from their ink profiles), compared block by block over
  the part both cover: a copy differs a little everywhere, another certificate a lot where its name,
  number or date is.
"""

from __future__ import annotations

import zlib
from collections.abc import Container
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
#: Reused scans, the page made level first: text lines turned by up to MAX_SKEW° (a phone photo, a page
#: put down askew) are found in steps of SKEW_STEP° and turned back when MIN_SKEW° or more off level.
MAX_SKEW = 3.0
SKEW_STEP = 0.25
MIN_SKEW = 0.2
#: Reused scans, look-up (:func:`print_keys`): tiles of KEY_TILE print cells (rows, columns; a line of
#: text's height, about six characters) inside a border of KEY_BORDER cells, on KEY_GRIDS; a tile with a
#: mean ink level under KEY_MIN_INK is paper and has no key; its bits are cells of KEY_CELL print cells
#: against the tile's mean (48: three rows of sixteen); the KEY_PROBE_BITS nearest the mean are probed
#: both ways by the look-up. Measured with benchmarks/reuse_bench.py (docs/PERFORMANCE.md "Reused scans
#: at 10^5 scans"): version 3's 8 × 16 tiles of 4 × 1 cells (two rows of bits) could not tell one digit
#: of a certificate number from another, so a copy shared 1–5 keys with its original that no other page
#: had; with three rows of bits and six probed, estimated at 10^5 scans (from 6,060 pages), the copies
#: found rose from 67 % to 84 %. 16-bit halves of tiles were found by a copy as often but the same on
#: hundreds of other people's pages.
KEY_TILE = (6, 16)
KEY_CELL = (2, 1)
KEY_BORDER = 4
#: The grids' offsets (rows, columns of print cells inside the border): half a tile down, and a
#: quarter of a tile across four times — eight tilings of the page. A copy rescaled, cropped or
#: re-lit keeps a tile whose edges fall between characters more often than one that cuts through
#: them, and where a grid's edges fall is chance: at 10^5 scans (estimated from 5,060 pages) the
#: copies found rose from 86 % with the first two (version 4) to 97 % with eight; shifting the
#: copy's tiles by half a cell instead (the look-up's side only) found none more (docs/PERFORMANCE.md
#: "version 5"). Grids 0 and 1 are version 4's.
KEY_GRIDS = ((0, 0), (3, 8), (0, 4), (0, 8), (0, 12), (3, 0), (3, 4), (3, 12))
KEY_MIN_INK = 0.06
KEY_PROBE_BITS = 6
#: Of those, at most two the other way at once, and KEY_PROBE_FLIPS (three) only among the
#: KEY_PROBE_THREE_OF least certain (:func:`probe_masks`: 26 variants a tile, not 64): a copy's tile met
#: its original's with 0–2 of them flipped 93 % of the times it met it at all, another person's page's
#: with 3–6 flipped 47 % (the tiles of 6,060 drawn pages and 360 copies: docs/PERFORMANCE.md). The third
#: flip (look-up 3, ``flags.LOOKUP_VERSION``): the copies still missed at 10^5 scans met no tile of their
#: original's own — a cropped or resampled copy's own tiles come out 3 bits off; three of the four least
#: certain found as many of them as three of all six (cropped and all-at-once copies 91.7 and 93.3 → 95.0 %,
#: estimated from 5,060 pages) for 1.19× the keys asked instead of 1.94×. Measured against two flips
#: (docs/PERFORMANCE.md "three flipped bits"): the whole-database look-up at 10^5 scans 75 s CPU, 503 MB
#: (77 s, 509 MB; all six: 94 s); one upload's store-time check +7–12 % CPU (all six: +35–58 %). What is
#: probed is the look-up's, not the scan checks': no hash, print or verdict changes with it, so a change
#: here moves ``flags.LOOKUP_VERSION``, not SCAN_CHECKS_VERSION.
KEY_PROBE_FLIPS = 3
KEY_PROBE_THREE_OF = 4
#: Reused scans, confirmation: the print is the content box as PRINT_SIZE ink levels; two prints are the
#: same scan when, once aligned, their :func:`print_difference` is at most PRINT_MAX_DIFF. Blocks of
#: PRINT_BLOCK × PRINT_BLOCK cells (about a character); a block "with ink" has a cell above PRINT_INK.
#: Measured with benchmarks/reuse_bench.py and the pairs below (docs/PERFORMANCE.md): two flatbed
#: certificates that differ only in a two-character name and four digits are 0.28 apart, and 0.21 from a
#: cropped, darkened copy of the other re-saved small at q60 (the closest "other" of all: test_server_flags);
#: two photographed certificates (the demo's, turned and framed differently) ≥ 0.18; copies rescaled
#: ½–2×, cropped, turned ≤ 2°, re-lit and re-saved mostly ≤ 0.12, the worst ~0.16 (one in 360 at 0.18). Blocks of 4 cells on
#: a fixed grid put that flatbed pair at 0.16–0.23 (where the grid cut the name decided); every 3-cell
#: window less 1.5 × the spread (counted up to 0.05) separated best of those tried (3–5 cells; weights
#: 0–2; the spread's median, 75th or 90th percentile; capped at 0.03, 0.05, 0.08 or not): the margin is
#: ~0.012 on either side of 0.17 (uncapped, one pair of photographed certificates scored 0.161: its
#: frames cut differently left a spread that the weight took for a copy's).
PRINT_SIZE = (192, 144)
PRINT_BLOCK = 3
PRINT_INK = 0.3
SPREAD_WEIGHT = 1.5
MAX_SPREAD = 0.05
PRINT_MAX_DIFF = 0.17
#: Grey levels (0–255) between paper and ink under which a print has no ink at all (a blank page).
MIN_CONTRAST = 16.0
#: The hash's format tag (a stored hash of another format is judged again by ``reflag``).
HASH_FORMAT = "5"
#: The version of the checks in this module (thresholds, fingerprint, hash format, look-up keys): a stored
#: scan keeps what was found on it with the version it was found under (server ``blobs.scan_version``,
#: desktop ``entry_scans.scan_version``) and is decoded and checked again only when this moved. Bump it
#: with any change here that alters a finding, hash or print (not for what a look-up probes,
#: KEY_PROBE_FLIPS and KEY_PROBE_THREE_OF: those are ``flags.LOOKUP_VERSION``'s). Separate from the record rules'
#: ``precheck.FLAGS_VERSION``: a record-rule change re-flags records without decoding one scan (re-checking
#: every scan is the one-off, long part of ``reviewdesk-server reflag``: docs/PERFORMANCE.md).
#: 3: the page made level, a sub-pixel content box, tiles of the print probed on their least certain bits
#: (the value ``precheck.FLAGS_VERSION`` had when it versioned both, so stored scans stay current).
#: 4: look-up tiles of three rows of bits (48), six of them probed (hash format "4").
#: 5: the look-up's tiles on eight grids, not two (hash format "5"; ``reviewdesk-server reflag`` checks
#: every stored scan again after the upgrade).
SCAN_CHECKS_VERSION = 5

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


def upright_page(grey: np.ndarray) -> np.ndarray:
    """``grey`` turned so its text lines run level (a phone photo or a scan put down askew by up to
    :data:`MAX_SKEW`°); unchanged when the lines are within :data:`MIN_SKEW`° of level already (the
    estimate's own spread: turning a level page by it would only blur it)."""
    angle = skew(grey)
    if abs(angle) < MIN_SKEW:
        return grey
    paper = int(np.percentile(grey[::4, ::4], 90))
    return np.asarray(Image.fromarray(grey).rotate(angle, Image.Resampling.BILINEAR, fillcolor=paper))


def skew(grey: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise turns it level) of the page's text lines: the shear of the
    ink pixels that makes their row profile sharpest (text lines and a frame's rules fall into few rows
    when level). Coarse steps of :data:`SKEW_STEP`°, then a fifth of that around the best and a parabola
    through the best three. On ≤ 500 px of the working copy (half its pixels at a quarter of the cost)."""
    step = max(1, max(grey.shape) // 500)
    small = grey[::step, ::step]
    if min(small.shape, default=0) < 8:
        return 0.0
    ys, xs = np.nonzero(_ink(small))
    if ys.size < 50:
        return 0.0
    centred = xs - small.shape[1] / 2

    def sharpness(angles: np.ndarray) -> np.ndarray:
        scores = []
        for angle in angles:
            rows = np.round(ys - centred * np.tan(np.radians(angle))).astype(np.int64)
            counts = np.bincount(rows - rows.min()).astype(np.float64)
            scores.append(float((counts**2).sum()))
        return np.array(scores)

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, SKEW_STEP)
    fine = coarse[int(sharpness(coarse).argmax())] + np.arange(-4, 5) * SKEW_STEP / 5
    scores = sharpness(fine)
    best = int(scores.argmax())
    if 0 < best < fine.size - 1:
        left, middle, right = scores[best - 1 : best + 2]
        curvature = left - 2 * middle + right
        if curvature < 0:
            return float(fine[best] + 0.5 * (left - right) / curvature * SKEW_STEP / 5)
    return float(fine[best])


def _ink(grey: np.ndarray) -> np.ndarray:
    """Pixels clearly darker than the paper (its 60th percentile), by at least 25 levels or 30 % of the
    way to the darkest ink (1st percentile): what the content box and the skew are judged on."""
    paper, dark = np.percentile(grey, (60, 1))
    return grey < paper - max(25.0, 0.3 * float(paper - dark))


def content_box(grey: np.ndarray) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the page's ink, to a fraction of a pixel: margins and a slight crop
    are not part of what is compared, and a copy's box must fall on the same page area to a small part
    of a print cell (a whole-pixel box put copies' prints a third of a cell off: half their difference).
    The first and last rows (columns) where at least 1 % of the row is ink; the edge is where the ink
    profile crosses half of its nearby peak, interpolated. The whole picture when it has no clear ink."""
    height, width = grey.shape
    whole = (0.0, 0.0, float(width), float(height))
    if min(height, width) < 4:
        return whole
    paper, dark = np.percentile(grey[::2, ::2], (60, 1))
    margin = max(25.0, 0.3 * float(paper - dark))
    ink = np.clip((paper - 0.5 * margin - grey.astype(np.float32)) / margin, 0.0, 1.0)
    top, bottom = _edges(ink.mean(axis=1))
    left, right = _edges(ink.mean(axis=0))
    left, right = max(left, 0.0), min(right, float(width))  # ink up to the picture's edge
    top, bottom = max(top, 0.0), min(bottom, float(height))
    if bottom - top < 8 or right - left < 8:
        return whole
    return (left, top, right, bottom)


def _edges(profile: np.ndarray, level: float = 0.01) -> tuple[float, float]:
    """Where an ink profile starts and ends (pixel-edge coordinates, sub-pixel), see :func:`content_box`."""
    on = np.flatnonzero(profile >= level)
    if on.size < 2:
        return 0.0, float(profile.size)
    return _crossing(profile, int(on[0])), _crossing(profile[::-1], profile.size - 1 - int(on[-1]), True)


def _crossing(profile: np.ndarray, first: int, mirrored: bool = False) -> float:
    """The sub-pixel position where ``profile`` first rises to half its peak near ``first`` (from the
    start; ``mirrored``: the profile was reversed, the position is given in the original's terms), half
    a pixel outside the crossing itself: measured, the box half a pixel wider on each side put cropped
    copies' prints closest to their original's (worst 0.115 vs 0.205, none wider or narrower better)."""
    n = profile.size
    target = float(profile[first : first + 4].max()) / 2
    i = first
    while i > 0 and profile[i - 1] >= target:
        i -= 1
    while i < n - 1 and profile[i] < target:
        i += 1
    below = float(profile[i - 1]) if i > 0 else 0.0
    position = i - 1.0 + (target - below) / max(float(profile[i]) - below, 1e-6)
    return n - position if mirrored else position


def ink_levels(
    grey: np.ndarray, box: tuple[float, float, float, float], width: int, height: int
) -> np.ndarray:
    """The ``box`` of ``grey`` shrunk to width × height (area averages, sub-pixel box) as ink levels:
    0 paper (its 70th percentile), 1 the darkest ink (1st percentile) — the same for a copy lit or
    exposed differently; all paper when those are less than :data:`MIN_CONTRAST` apart."""
    image = Image.fromarray(grey).resize((width, height), Image.Resampling.BOX, box=box)
    small = np.asarray(image, dtype=np.float32)
    paper, dark = np.percentile(small, (70, 1))
    if paper - dark < MIN_CONTRAST:  # one tone all over: no ink (not all ink)
        return np.zeros_like(small)
    return 1.0 - np.clip((small - dark) / float(paper - dark), 0.0, 1.0)


def fingerprint(grey: np.ndarray) -> tuple[str, bytes]:
    """(look-up hash, print) of an upright greyscale page, see the module's docstring: the page turned
    level (:func:`upright_page`), cut to its :func:`content_box`, shrunk to the :data:`PRINT_SIZE`
    print (ink levels 0–255, zlib-compressed, ~5 KB); the hash is :func:`print_keys` of the print."""
    if min(grey.shape, default=0) < 2:
        return "", b""
    level = upright_page(grey)
    width, height = PRINT_SIZE
    thumbnail = np.round(ink_levels(level, content_box(level), width, height) * 255).astype(np.uint8)
    keys = print_keys(thumbnail.astype(np.float32) / 255)
    return f"{HASH_FORMAT}:" + " ".join(keys), zlib.compress(thumbnail.tobytes(), 6)


def print_keys(levels: np.ndarray) -> list[str]:
    """The look-up keys of a print, as stored in the hash: ``"grid.row.column:bits:uncertain"`` for
    each :data:`KEY_TILE` tile of the print with ink (mean level ≥ :data:`KEY_MIN_INK`), on each of
    :data:`KEY_GRIDS` (offset by half a tile down and quarters of a tile across, so a line of text or a
    character cut by one grid's tile edge is whole in another's). ``bits``: the tile shrunk to cells of
    :data:`KEY_CELL` print cells, each above the tile's mean or not (48 bits: three rows of a line of
    text, a column each — enough detail that the tiles of another person's name, date or number
    differ); ``uncertain``: the :data:`KEY_PROBE_BITS` cells nearest the mean, the bits a copy most
    likely has the other way (:func:`probe_keys`). A grid's tiles are computed at once (numpy), not one
    by one: eight grids are ~2,000 tiles (the same keys as tile by tile on 1,220 prints, ~7× faster)."""
    tile_h, tile_w = KEY_TILE
    cell_h, cell_w = KEY_CELL
    height, width = levels.shape
    keys = []
    for grid, (down, across) in enumerate(KEY_GRIDS):
        top, left = KEY_BORDER + down, KEY_BORDER + across
        rows, columns = (
            max(0, (height - KEY_BORDER - top) // tile_h),
            max(0, (width - KEY_BORDER - left) // tile_w),
        )
        if not (rows and columns):
            continue
        tiles = levels[top : top + rows * tile_h, left : left + columns * tile_w].reshape(
            rows, tile_h, columns, tile_w
        )
        inked = tiles.astype(np.float64).mean(axis=(1, 3)).astype(np.float32) >= np.float32(KEY_MIN_INK)
        cells = tiles.reshape(rows, tile_h // cell_h, cell_h, columns, tile_w // cell_w, cell_w).mean(
            axis=(2, 5)
        )
        cells = np.ascontiguousarray(cells.transpose(0, 2, 1, 3)).reshape(rows, columns, -1)[inked]
        means = cells.mean(axis=1, keepdims=True)
        bits = np.packbits(cells > means, axis=1)
        uncertain = np.argsort(np.abs(cells - means), axis=1, kind="stable")[:, :KEY_PROBE_BITS].astype(
            np.uint8
        )
        for (row, column), packed, doubtful in zip(np.argwhere(inked), bits, uncertain, strict=True):
            keys.append(f"{grid}.{row}.{column}:{packed.tobytes().hex()}:{doubtful.tobytes().hex()}")
    return keys


def hash_parts(text: str) -> list[list[str]]:
    """``[position, bits, uncertain]`` of each key in a hash (:func:`print_keys`); none for another format."""
    if not text.startswith(f"{HASH_FORMAT}:"):
        return []
    parts = [key.split(":") for key in text[len(HASH_FORMAT) + 1 :].split()]
    return [part for part in parts if len(part) == 3]


def hash_bands(text: str) -> list[str]:
    """The keys a scan is stored under (``"grid.row.column:bits"``, :func:`print_keys`). None for a
    hash of another format (an older rules version's: ``reviewdesk-server reflag`` makes it again)."""
    return [f"{tag}:{bits}" for tag, bits, _ in hash_parts(text)]


def probe_keys(text: str, skip: Container[str] = ()) -> list[str]:
    """The keys a scan looks others up by: each stored key and its variants with any of its uncertain
    bits the other way, up to two of them at once or three of the least certain (:func:`probe_masks`). A copy's tiles differ from the original's in
    a few bits, nearly always those nearest the threshold (how many are probed, and what a copy's tiles
    keep of its original's: docs/PERFORMANCE.md "Reused scans"). A tile whose
    stored key is in ``skip`` (common: a template's frame or heading) is looked up as stored only."""
    keys = []
    for tag, bits, uncertain in hash_parts(text):
        if f"{tag}:{bits}" in skip:
            keys.append(f"{tag}:{bits}")
            continue
        value = int(bits, 16)
        size = len(bits) * 4
        positions = [size - 1 - p for p in bytes.fromhex(uncertain)]
        for mask in probe_masks(len(positions)):
            flipped = value
            for j, position in enumerate(positions):
                if mask >> j & 1:
                    flipped ^= 1 << position
            keys.append(f"{tag}:{flipped:0{len(bits)}x}")
    return keys


def probe_masks(uncertain: int) -> list[int]:
    """Which of a tile's ``uncertain`` bits a look-up flips, as masks over them (bit j: the j-th least
    certain), in the order :func:`probe_keys` asks them: none first, then each subset of at most two,
    and of at most :data:`KEY_PROBE_FLIPS` of the :data:`KEY_PROBE_THREE_OF` least certain, in
    increasing order of mask."""
    return [
        mask
        for mask in range(1 << uncertain)
        if mask.bit_count() <= min(2, KEY_PROBE_FLIPS)
        or (mask.bit_count() <= KEY_PROBE_FLIPS and mask >> KEY_PROBE_THREE_OF == 0)
    ]


def print_levels(data: bytes) -> np.ndarray | None:
    """A stored print (:func:`fingerprint`) as ink levels 0–1, :data:`PRINT_SIZE`; None if it cannot be read."""
    try:
        raw = zlib.decompress(data)
    except zlib.error:
        return None
    width, height = PRINT_SIZE
    if len(raw) != width * height:
        return None
    return np.frombuffer(raw, np.uint8).reshape(height, width).astype(np.float32) / 255.0


#: The alignment's search (:func:`_fit`): scale and shift per axis, coarse over what a crop that cuts a
#: page's frame moves the content box by (±10 % scale, ±8 cells), then finer twice around the best.
_PASSES = (
    (np.arange(0.90, 1.1001, 0.01), np.arange(-8.0, 8.01, 0.5)),
    (np.arange(-0.01, 0.01001, 0.0025), np.arange(-0.5, 0.501, 0.125)),
    (np.arange(-0.0025, 0.00251, 0.0005), np.arange(-0.125, 0.1251, 0.025)),
)


def _best(a: np.ndarray, b: np.ndarray, scales: np.ndarray, shifts: np.ndarray) -> tuple[float, float]:
    n = a.size
    positions = (np.arange(n) - n / 2)[None, None, :] * scales[:, None, None] + n / 2 + shifts[None, :, None]
    laid = np.interp(positions, np.arange(n), b, left=0.0, right=0.0)
    errors = np.abs(laid - a)[..., 3:-3].mean(axis=2)
    scale, shift = np.unravel_index(int(errors.argmin()), errors.shape)
    return float(scales[scale]), float(shifts[shift])


def _fit(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(scale, shift) that best lays ink profile ``b`` over ``a``: what is left of a crop or rescale
    after the content box (a crop that cuts the page's frame moves the box by a few %)."""
    scale, shift = _best(a, b, *_PASSES[0])
    for scales, shifts in _PASSES[1:]:
        scale, shift = _best(a, b, scale + scales, shift + shifts)
    return scale, shift


def _axis(n: int, fit: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``b`` of ``a``'s n cells along one axis, and which of them fall inside ``b`` (less
    two cells at either end: what the alignment moved in or out)."""
    positions = (np.arange(n) - n / 2) * fit[0] + n / 2 + fit[1]
    inside = np.flatnonzero((positions >= 0) & (positions <= n - 1))
    kept = np.zeros(n, dtype=bool)
    if inside.size > 4:
        kept[inside[0] + 2 : inside[-1] - 1] = True
    return np.clip(positions, 0, n - 1.001), kept


def _warp(b: np.ndarray, x: tuple[float, float], y: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """``b`` resampled (bilinear) by a scale and shift per axis, as :func:`_fit` found them, and the
    mask of cells that came from inside ``b``."""
    height, width = b.shape
    xs, x_in = _axis(width, x)
    ys, y_in = _axis(height, y)
    x0, y0 = xs.astype(int), ys.astype(int)
    fx, fy = xs - x0, (ys - y0)[:, None]
    top = b[y0][:, x0] * (1 - fx) + b[y0][:, x0 + 1] * fx
    bottom = b[y0 + 1][:, x0] * (1 - fx) + b[y0 + 1][:, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy, y_in[:, None] & x_in[None, :]


def print_difference(a: bytes, b: bytes) -> float:
    """Where two prints differ most beyond what they differ all over, once ``b`` is aligned to ``a``,
    over the part of ``a`` that ``b`` covers (a cropped copy lacks what was cut off): the largest mean
    difference of ink level (0–1) over a :data:`PRINT_BLOCK`-cell block (about a character) less
    :data:`SPREAD_WEIGHT` × the difference three quarters of the windows with ink stay under (the
    spread, counted up to :data:`MAX_SPREAD`: two pages that differ all over are not a copy). Two
    certificates of one template are identical but where their names, dates and numbers are, and there
    one character differs from another; a copy differs a little everywhere (JPEG, rescaling, what the
    alignment leaves). 1.0 for a print that cannot be read or that covers too little of the other."""
    first, second = print_levels(a), print_levels(b)
    if first is None or second is None:
        return 1.0
    aligned, inside = _warp(
        second, _fit(first.mean(axis=0), second.mean(axis=0)), _fit(first.mean(axis=1), second.mean(axis=1))
    )
    rows, columns = np.flatnonzero(inside.any(axis=1)), np.flatnonzero(inside.any(axis=0))
    if rows.size < first.shape[0] // 2 or columns.size < first.shape[1] // 2:
        return 1.0
    inner = (slice(rows[0], rows[-1] + 1), slice(columns[0], columns[-1] + 1))
    difference, ink = np.abs(first - aligned)[inner], np.maximum(first, aligned)[inner]
    blocks = _window_means(difference, PRINT_BLOCK)
    text = blocks[_window_max(ink, PRINT_BLOCK) > PRINT_INK]
    spread = float(np.percentile(text, 75)) if text.size else 0.0
    return float(blocks.max()) - SPREAD_WEIGHT * min(spread, MAX_SPREAD)


def _window_means(values: np.ndarray, k: int) -> np.ndarray:
    """The mean of every k × k window of ``values`` (all positions, not a fixed grid: where a block
    falls must not decide whether a changed character shows)."""
    sums = np.pad(values, ((1, 0), (1, 0))).cumsum(axis=0).cumsum(axis=1)
    return (sums[k:, k:] - sums[:-k, k:] - sums[k:, :-k] + sums[:-k, :-k]) / (k * k)


def _window_max(values: np.ndarray, k: int) -> np.ndarray:
    """The largest value of every k × k window of ``values`` (same positions as :func:`_window_means`)."""
    height, width = values.shape[0] - k + 1, values.shape[1] - k + 1
    result = values[:height, :width].copy()
    for dy in range(k):
        for dx in range(k):
            np.maximum(result, values[dy : dy + height, dx : dx + width], out=result)
    return result


def same_scan(a: bytes, b: bytes) -> bool:
    """Two prints of the same scan (re-saved, rescaled, cropped a little, turned, lit differently), not
    two certificates of one template: their :func:`print_difference` both ways round, averaged (the
    alignment is fitted from the first's side), at most :data:`PRINT_MAX_DIFF`."""
    if not (a and b):
        return False
    first = print_difference(a, b)
    if first > 2 * PRINT_MAX_DIFF + SPREAD_WEIGHT * MAX_SPREAD:  # the other way is ≥ −that: no average
        return False  # can come under the threshold (half the work for most other pages of a template)
    return (first + print_difference(b, a)) / 2 <= PRINT_MAX_DIFF
