"""domain.scan_checks: the percentiles, sampling grids and limits under "the same scan", each met by
an array built to sit exactly on it (found by mutation testing, issue 19: a percentile one point off,
a sample taken on every third pixel instead of every second, a grid offset by a third of a tile left
every whole page of the other tests on the same side).

Every expected value is worked out by hand in the comments, from the rules as docs/MUTATION.md and the
module's docstrings state them (numpy's percentiles interpolate linearly between sorted values: the
p-th of n values sits at index p / 100 × (n − 1)).
"""

from __future__ import annotations

import numpy as np
import pytest

import scan_samples as samples
from reviewdesk.domain import scan_checks as sc


# -- the content box: paper and darkest ink from every second pixel -----------------------------------
def _lines_and_faint_block() -> np.ndarray:
    """200 × 200 white: black lines on rows 40–99 whose row number is 2 or 4 modulo 6 (every second
    row samples them, every third none), columns 40–99; a faint 230 block, rows 150–189, columns 40–99."""
    page = np.full((200, 200), 255, dtype=np.uint8)
    for row in range(40, 100):
        if row % 6 in (2, 4):
            page[row, 40:100] = 0
    page[150:190, 40:100] = 230
    return page


def _dark_under_two_percent() -> np.ndarray:
    """A black block of 1.5 % of the sampled pixels (rows 40–69, columns 40–59: 15 × 10 of the 100 × 100
    sampled) and a faint 230 block (rows 150–189, columns 40–99: 600 sampled)."""
    page = np.full((200, 200), 255, dtype=np.uint8)
    page[40:70, 40:60] = 0
    page[150:190, 40:100] = 230
    return page


def _paper_at_the_60th_percentile() -> np.ndarray:
    """A 240 background under exactly 60.5 % of the sampled pixels with what lies on it: 240 on rows
    0–107 and on rows 108–109 columns 0–99 (5,450 sampled), the black block of rows 40–69, columns
    40–59 in it (150 of those), a 210 block on the white (rows 150–189, columns 40–99: 600 sampled).
    Sorted, the sample is 150 × 0, 600 × 210, 5,300 × 240, 3,950 × 255: its 60th percentile (index
    5,999.4) is 240, the 61st (index 6,099.4) is 255."""
    page = np.full((200, 200), 255, dtype=np.uint8)
    page[0:108, :] = 240
    page[108:110, 0:100] = 240
    page[40:70, 40:60] = 0
    page[150:190, 40:100] = 210
    return page


@pytest.mark.parametrize(
    ("page", "box"),
    [
        # sampled on every second pixel, the lines are 6 % of the sample: darkest 0, paper 255, margin
        # 76.5; the 230 block is (255 − 38.25 − 230) / 76.5 < 0: no ink. The box is the lines', half a
        # pixel outside them: row 40 starts at 39.5, row 98 ends at 99.5, column 99 at 100.5. (On every
        # third row the sample has no line: darkest 230, margin 25, and the block would be 0.5 ink.)
        (_lines_and_faint_block(), (39.5, 39.5, 100.5, 99.5)),
        (_lines_and_faint_block().T, (39.5, 39.5, 99.5, 100.5)),
        # the 1st percentile (index 99.99 of 10,000) is 0, the 2nd (index 199.98) would be 230
        (_dark_under_two_percent(), (39.5, 39.5, 60.5, 70.5)),
        # paper 240 (the 60th percentile), margin 72: the 210 block is (240 − 36 − 210) / 72 < 0, no
        # ink (with paper 255 it would be 0.088); the 240 background none either
        (_paper_at_the_60th_percentile(), (39.5, 39.5, 60.5, 70.5)),
    ],
    ids=["lines-on-even-rows", "lines-on-even-columns", "dark-1.5-percent", "paper-60th"],
)
def test_the_content_box_judges_ink_against_the_60th_and_1st_percentiles_of_every_second_pixel(
    page: np.ndarray, box: tuple[float, float, float, float]
) -> None:
    assert sc.content_box(page) == pytest.approx(box, abs=1e-5)


def test_ink_levels_run_from_the_70th_percentile_to_the_1st() -> None:
    """101 greys, the cells of a print as they are (the box is the picture, one cell a pixel): sorted
    0, 10, 50, 68 × 128, 30 × 255. The 70th percentile (index 70) is 128, the paper; the 1st (index 1)
    is 10, the darkest ink: 0 and 10 are ink 1, 50 is 1 − 40/118, 128 and 255 paper (0)."""
    grey = np.array([[0, 10, 50] + [128] * 68 + [255] * 30], dtype=np.uint8)
    levels = sc.ink_levels(grey, (0.0, 0.0, 101.0, 1.0), 101, 1)
    assert levels.shape == (1, 101)
    assert levels[0, :3] == pytest.approx([1.0, 1.0, 1 - 40 / 118])
    assert not levels[0, 3:].any()


# -- the look-up keys -------------------------------------------------------------------------------------
def test_the_grids_of_keys_are_offset_by_half_a_tile_down_and_quarters_across() -> None:
    """A 20 × 40 print (tiles of 6 × 16 cells, bits of 2 × 1), ink (1.0) on rows 7–8 of columns 12–14.
    Grid 0's tile (rows 4–9, columns 4–19) has it across its second and third rows of bits, half in
    each: cells 24–26 and 40–42 at 0.5; grid 1's (rows 7–12, columns 12–27: half a tile, 3 rows and 8
    columns, further) in its first row, cells 0–2 at 1; grids 2 and 3 (rows 4–9, columns 8–23 and
    12–27) as grid 0 but 4 and 8 columns on: cells 20–22 and 36–38, 16–18 and 32–34 at 0.5; grids 5 and
    6 (rows 7–12, columns 4–19 and 8–23) in their first row: cells 8–10 and 4–6 at 1. Grids 4 and 7
    (columns 16–31) miss it, and a tile without ink has no key. Each tile: 6 of 96 cells of ink, mean
    1/16 (≥ 0.06: a key); bits set where a cell is above the mean; the uncertain cells are the six
    nearest the mean, the first six paper cells."""
    levels = np.zeros((20, 40), dtype=np.float32)
    levels[7:9, 12:15] = 1.0
    assert sc.print_keys(levels) == [
        "0.0.0:000000e000e0:000102030405",
        "1.0.0:e00000000000:030405060708",
        "2.0.0:00000e000e00:000102030405",
        "3.0.0:0000e000e000:000102030405",
        "5.0.0:00e000000000:000102030405",
        "6.0.0:0e0000000000:000102030708",
    ]


def test_a_tile_whose_mean_ink_is_exactly_the_minimum_has_a_key() -> None:
    """An even print at exactly ``KEY_MIN_INK`` (0.06, as float32 levels are): every tile of every
    grid has a key (on 20 × 40: 2 × 2 tiles of grid 0, 2 × 1 of grids 2–4 — 2 rows from row 4, one
    column from column 8, 12 or 16 — 1 × 2 of grid 5, 1 × 1 of grids 1, 6 and 7); no cell is above the
    mean."""
    keys = sc.print_keys(np.full((20, 40), sc.KEY_MIN_INK, dtype=np.float32))
    tiles = ("0.0.0", "0.0.1", "0.1.0", "0.1.1", "1.0.0", "2.0.0", "2.1.0", "3.0.0", "3.1.0", "4.0.0",
             "4.1.0", "5.0.0", "5.0.1", "6.0.0", "7.0.0")  # fmt: skip
    assert keys == [f"{tile}:000000000000:000102030405" for tile in tiles]


def test_the_uncertain_cells_among_equals_are_taken_in_cell_order() -> None:
    """A tile of cells alternately ink (1) and paper (0), but cells 2–7 half ink: mean 0.5, so cells
    2–7 sit on it and every other cell is 0.5 from it. The six uncertain cells are 2–7 in that order
    (a sort that does not keep equals in order gave 3, 2, 5, 4, 6, 7 here: a stored key another
    machine would not find). Bits: cell 0 of the first byte (0x80), then alternate (0xaa)."""
    cells = [1.0 if i % 2 == 0 else 0.0 for i in range(48)]
    cells[2:8] = [0.5] * 6
    levels = np.zeros((20, 40), dtype=np.float32)
    tile = np.array(cells, dtype=np.float32).reshape(3, 16)
    levels[4:10, 4:20] = np.repeat(tile, 2, axis=0)  # each cell is 2 rows of one column
    first = [key for key in sc.print_keys(levels) if key.startswith("0.0.0:")]
    assert first == ["0.0.0:80aaaaaaaaaa:020304050607"]


# -- the same scan ----------------------------------------------------------------------------------------
def test_a_copy_that_differs_in_under_a_quarter_of_its_windows_has_no_spread_taken_off() -> None:
    """A random print and a copy whose cells from row 109 on are 13 levels nearer the middle (paper 13,
    ink 242; each row's and column's mean stays about the same, so they are laid over each other as
    they are). Compared: rows 3–141, 137 rows of 3 × 3 windows; the 33 that reach row 109 differ —
    24.1 %, under a quarter of them. The spread (the 75th percentile of the windows' differences) is 0,
    and the difference is the largest window's, 13/255. (The 76th percentile is a third of 13/255: a
    window reaching one changed row.)"""
    first = samples.noise_print()
    changed = np.arange(144)[:, None] >= 109
    second = np.where(changed, np.where(first == 0, 13, 242), first)
    assert sc.print_difference(samples.stored_print(first), samples.stored_print(second)) == pytest.approx(
        13 / 255, abs=1e-9
    )


def test_the_same_scan_is_the_average_of_both_ways_at_most_the_limit() -> None:
    """A print of random ink and paper and a copy with one cell swapped: its worst 3 × 3 block differs
    by 1/9 both ways (0.111 ≤ 0.17: the same scan); with two cells side by side swapped, 2/9 both ways
    (0.222: not — a third of the sum, 0.148, would be)."""
    first = samples.noise_print()
    one, two = first.copy(), first.copy()
    one[70, 90] = 255 - one[70, 90]
    two[70, 90:92] = 255 - two[70, 90:92]
    assert sc.print_difference(samples.stored_print(first), samples.stored_print(two)) == pytest.approx(
        2 / 9, abs=1e-6
    )
    assert sc.print_difference(samples.stored_print(two), samples.stored_print(first)) == pytest.approx(
        2 / 9, abs=1e-6
    )
    assert sc.same_scan(samples.stored_print(first), samples.stored_print(one))
    assert not sc.same_scan(samples.stored_print(first), samples.stored_print(two))


# -- the skew and the page turned level ----------------------------------------------------------------
def test_a_picture_1000_pixels_wide_is_measured_on_every_second_pixel() -> None:
    """The skew is measured on at most 500 px: a 1000 × 14 picture on every second pixel, 500 × 7 —
    under 8 rows, too few to measure (level: 0.0); 999 × 14 on every pixel: its line, rising 13 rows
    over 998 columns, is tilted atan(13/998) = 0.75°."""
    assert sc.skew(samples.line_page(14, 1000, 13)) == 0.0
    assert sc.skew(samples.line_page(14, 999, 13)) == pytest.approx(0.75, abs=0.06)


@pytest.mark.parametrize("angle", [1.525, 0.33, -1.07, 1.11, 0.64])
def test_the_parabola_puts_the_skew_between_the_fine_steps(angle: float) -> None:
    """Ruled lines turned by angles between the fine steps (0.05°): the parabola through the best three
    puts the skew within 0.02° of −``angle`` (the fine step alone is up to 0.025° off; half the
    parabola's step, or none at the grid's second or second-last point, is 0.04° off or more here)."""
    assert sc.skew(samples.ruled_page(angle)) == pytest.approx(-angle, abs=0.02)


def _dotted_ruled_page() -> np.ndarray:
    """400 × 400 white, a 200 grey dot on every fourth row and column from row 40 on (the sample of
    every fourth pixel sees only dots there, every fifth a quarter of them), and black lines 3 px thick
    rising 1 row in 38 (1.5°), without antialiasing: only the tones 0, 200 and 255."""
    page = np.full((400, 400), 255, dtype=np.uint8)
    page[40::4, ::4] = 200
    for top in range(80, 360, 40):
        for x in range(40, 360):
            y = top + round((x - 40) / 38)
            page[y : y + 3, x] = 0
    return page


def test_a_turned_page_is_filled_with_its_paper_and_interpolated() -> None:
    """``upright_page`` turns the page level (1.5°) and fills the corners it uncovers with the paper:
    the 90th percentile of every fourth pixel. That sample is 1,000 × 255 (rows 0–39) and 9,000 dots
    or ink: index 8,999.1 lies a tenth of the way from 200 to 255, 205.5 → 205. The turn is bilinear:
    the lines' edges get greys between ink and the dots, which no pixel of the page had."""
    page = _dotted_ruled_page()
    assert set(np.unique(page).tolist()) == {0, 200, 255}
    level = sc.upright_page(page)
    assert level[0, 0] == level[399, 399] == 205
    assert np.any((level > 0) & (level < 200))
