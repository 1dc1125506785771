"""The scan checks at their thresholds, on real PNG/JPEG files the tests draw: a page exactly
:data:`~reviewdesk.domain.scan_checks.MIN_SHORT_SIDE` pixels on its short side, a grey exactly at the
dark and the light limits, a pattern whose sharpness is exactly the blur limit — each on the side of
the limit the rules put it — and the measures a report keeps, worked out by hand.

Uniform greys and stripes are used because their measures can be computed exactly: a uniform page has
no edges (sharpness 0) and its 0.5 % / 99.5 % levels are its grey; columns alternating 100 and 105 give
a Laplacian of ±10 everywhere inside, a variance of exactly 100."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from test_scan_checks import jpeg

from reviewdesk.domain import scan_checks as sc
from reviewdesk.domain import scan_rules
from reviewdesk.domain.wording import to_json
from reviewdesk.server.demo.planted_scans import document


def png(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array.astype(np.uint8), "L").save(out, "PNG")
    return out.getvalue()


def uniform(level: int) -> bytes:
    return png(np.full((600, 800), level))


def test_a_uniform_grey_at_the_dark_limit_is_not_too_dark_and_its_measures_are_exact() -> None:
    report = sc.check_scan(uniform(sc.DARK_LEVEL))
    assert report.codes == (sc.SCAN_BLURRED,)  # 60 is not below 60; a page without edges is not sharp
    assert {k: report.measures[k] for k in ("low", "high", "sharpness", "ink", "top_over_bottom")} == {
        "low": 60.0, "high": 60.0, "sharpness": 0.0, "ink": 1.0, "top_over_bottom": 1.0
    }  # fmt: skip
    assert sc.check_scan(uniform(sc.DARK_LEVEL - 1)).codes == (sc.SCAN_EXPOSURE,)


def test_a_uniform_grey_at_the_light_limit_is_not_blank() -> None:
    assert sc.check_scan(uniform(sc.LIGHT_LEVEL)).codes == (sc.SCAN_BLURRED,)
    assert sc.check_scan(uniform(sc.LIGHT_LEVEL + 1)).codes == (sc.SCAN_EXPOSURE,)


def test_a_sharpness_exactly_at_the_blur_limit_is_sharp_enough() -> None:
    stripes = np.tile(np.array([100, 105]), (600, 400))  # 800 columns: 100, 105, 100, …
    report = sc.check_scan(png(stripes))
    assert report.measures["sharpness"] == 100.0 == sc.BLUR_THRESHOLD
    assert report.codes == ()
    softer = np.tile(np.array([100, 104]), (600, 400))  # ±8: a variance of 64
    assert sc.check_scan(png(softer)).codes == (sc.SCAN_BLURRED,)


def test_a_page_exactly_600_pixels_on_its_short_side_is_not_small_and_is_turned_upright() -> None:
    page = document(1).resize((849, 600))
    assert sc.check_scan(jpeg(page)).codes == ()
    assert sc.check_scan(jpeg(page.transpose(Image.Transpose.ROTATE_90))).codes == (sc.SCAN_SIDEWAYS,)


def test_a_small_page_says_its_size_and_is_not_judged_for_its_orientation() -> None:
    small = document(1).resize((520, 367)).transpose(Image.Transpose.ROTATE_90)  # 367 × 520
    report = sc.check_scan(jpeg(small))
    assert report.codes == (sc.SCAN_SMALL,)
    assert report.findings[0].message == "图片分辨率过低（367×520），证书文字可能无法看清"
    assert to_json(report.findings[0].message) == {
        "code": "flag.scan_small",
        "parts": {"width": 367, "height": 520},
    }


def _framed(size: int = 1000, frame: int = 20) -> np.ndarray:
    """A white page with a black frame in its margin (outside the inner 80 % the ink share is taken
    on): the frame makes the page neither blank nor blurred; what is inside decides the rest."""
    page = np.full((size, size), 255)
    page[:frame, :] = page[-frame:, :] = page[:, :frame] = page[:, -frame:] = 0
    return page


def test_an_ink_share_exactly_at_the_limit_is_enough_to_judge_the_orientation() -> None:
    """Two vertical lines, one pixel wide, 640 px long, inside the inner 800 × 800: 1,280 ink pixels of
    640,000 = 0.002 = MIN_INK exactly (not below it), so the orientation is judged: lines running down
    the page are 横置. One pixel less and the page has too little text to tell."""
    page = _framed()
    page[100:740, 400] = page[100:740, 600] = 0
    report = sc.check_scan(png(page))
    assert report.measures["ink"] == sc.MIN_INK
    assert report.codes == (sc.SCAN_SIDEWAYS,)
    page[100, 400] = 255
    assert sc.check_scan(png(page)).codes == ()


def test_a_page_as_even_across_as_down_is_not_sideways() -> None:
    """A square outline and a block at its top-left, symmetric about the diagonal: the column and row
    profiles are the same, their ratio exactly SIDEWAYS_RATIO (1.0, not above it); the block puts more
    ink in the top third than the bottom one, so not upside down either."""
    page = _framed()
    page[300:302, 300:700] = page[698:700, 300:700] = 0  # top and bottom sides
    page[300:700, 300:302] = page[300:700, 698:700] = 0  # left and right sides
    page[150:170, 150:170] = 0
    report = sc.check_scan(png(page))
    assert report.measures["columns_over_rows"] == sc.SIDEWAYS_RATIO
    assert report.codes == ()


def test_a_picture_decoded_once_for_the_preview_gets_the_same_report_and_without_prints_no_print() -> None:
    """``check_picture`` on what ``inspect_and_fit(data, WORK_SIZE)`` decodes (the 填报 preview) is
    ``check_scan`` on the bytes; without prints it is the same but for an empty hash and print."""
    data = jpeg(document(2).resize((500, 700)))  # small: one finding with its size
    picture = scan_rules.inspect_and_fit(data, sc.WORK_SIZE)[1]
    whole = sc.check_scan(data)
    assert whole.codes == (sc.SCAN_SMALL,) and (whole.width, whole.height) == (500, 700)
    assert whole.hash.startswith(f"{sc.HASH_FORMAT}:") and whole.print
    assert sc.check_picture(picture) == whole
    light = sc.check_picture(picture, with_prints=False)
    assert (light.hash, light.print) == ("", b"")
    assert light == sc.ScanReport(whole.findings, "", b"", 500, 700, whole.measures)
