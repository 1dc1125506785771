"""store.imaging asks libjpeg for the smallest DCT scale that still fills the box (``_draft_request``).

What a reviewer sees: a 4000×3000 phone photo of a certificate appears at once, sharp at "fit"; zooming
in asks for the full file (tests/views/test_image_viewer.py). Sizes, not times, are asserted here: the
time is measured by benchmarks/image_bench.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from reviewdesk.store.imaging import DRAFT_SLACK, ORIGINAL_SIZE, _draft_request, load_for_display


def _jpeg(path: Path, size: tuple[int, int], orientation: int | None = None) -> Path:
    image = Image.new("RGB", size, (200, 180, 150))
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def test_landscape_scan_in_a_viewport_box_is_decoded_at_a_quarter_without_resizing(tmp_path: Path) -> None:
    image = load_for_display(_jpeg(tmp_path / "a.jpg", (4000, 3000)), (1280, 768))
    assert image.size == (1000, 750)  # libjpeg's 1/4 scale as it is: within 10 % of the fitted 1024×768
    assert image.info[ORIGINAL_SIZE] == (4000, 3000)


def test_square_box_does_not_keep_a_landscape_scan_at_full_size(tmp_path: Path) -> None:
    # 3000 / 2 < 1536: asking draft() for the box itself would have decoded all 12 million pixels
    image = load_for_display(_jpeg(tmp_path / "b.jpg", (4000, 3000)), (1536, 1536))
    assert image.size == (1536, 1152)
    assert _draft_request((4000, 3000), (1536, 1536), transposed=False) == (1382, 1036)


def test_sideways_scan_turns_the_box_before_asking(tmp_path: Path) -> None:
    # stored 4000×3000 with EXIF orientation 6: shown 3000×4000, fitted into a portrait box
    image = load_for_display(_jpeg(tmp_path / "c.jpg", (4000, 3000), orientation=6), (768, 1280))
    assert image.size == (750, 1000)
    assert image.getpixel((image.width - 5, 5))[0] > 200  # the marker turned to the top-right


@pytest.mark.parametrize("box", [(512, 512), (1024, 768), (1920, 1080), (5000, 5000)])
def test_result_never_exceeds_the_box_and_fills_it_within_the_slack(tmp_path: Path, box) -> None:
    path = tmp_path / "d.jpg"
    if not path.exists():
        _jpeg(path, (3264, 2448))
    image = load_for_display(path, box)
    fitted = min(box[0] / 3264, box[1] / 2448, 1.0)
    assert image.width <= box[0] and image.height <= box[1]
    assert image.width >= int(3264 * fitted * DRAFT_SLACK) - 1
