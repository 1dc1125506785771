"""The arithmetic under the scan checks, on arrays small enough to work out by hand: how uneven an ink
profile is (what 横置 is judged by), a print read back from its bytes, and how one print is laid over
another (scale and shift found, then resampled) before "the same scan" is decided.

Why apart from ``test_scan_checks``: those run whole pages, where a mistake in these parts (a shift
applied the wrong way, a print read on a 0–256 scale, a resample clamped one cell short) still falls on
the right side of a threshold; mutation testing showed them unchecked (docs/MUTATION.md)."""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest

import scan_samples as samples
from reviewdesk.domain import scan_checks as sc


def test_the_variation_of_an_ink_profile_is_its_smoothed_std_over_its_mean() -> None:
    # [3, 0, 0] smoothed by thirds (zeros beyond the ends): [1, 1, 0]; mean 2/3, std √2/3 → 1/√2
    assert sc._variation(np.array([3.0, 0.0, 0.0])) == pytest.approx(1 / math.sqrt(2))
    # [0, 3, 0, 0] → [1, 1, 1, 0]: mean 3/4, std √3/4 → 1/√3
    assert sc._variation(np.array([0.0, 3.0, 0.0, 0.0])) == pytest.approx(1 / math.sqrt(3))
    # an even profile still dips at its ends: [4/3, 2, 2, 2, 2, 4/3], mean 16/9, std 2√2/9 → √2/8
    assert sc._variation(np.full(6, 2.0)) == pytest.approx(math.sqrt(2) / 8)
    assert sc._variation(np.array([0.0, 1.0])) == 0.0  # too short to say
    assert sc._variation(np.zeros(5)) == 0.0  # no ink at all


def test_a_print_is_read_back_as_levels_from_0_to_1_and_a_damaged_one_is_not() -> None:
    width, height = sc.PRINT_SIZE
    raw = bytes([0, 255]) * (width * height // 2)
    levels = sc.print_levels(zlib.compress(raw))
    assert levels is not None and levels.dtype == np.float32 and levels.shape == (height, width)
    assert (levels[0, 0], levels[0, 1]) == (0.0, 1.0)
    assert sc.print_levels(b"not zlib") is None
    assert sc.print_levels(zlib.compress(raw[:-1])) is None


def _grid() -> np.ndarray:
    return np.array([[10.0 * row + column for column in range(4)] for row in range(4)])


@pytest.mark.parametrize(
    ("x", "y", "columns", "rows"),
    [
        # the identity, but the last cell is read just inside it (2.999: a bilinear read needs a next cell)
        ((1.0, 0.0), (1.0, 0.0), [0, 1, 2, 2.999], [0, 1, 2, 2.999]),
        # shifted one cell: positions 1, 2, 3, 4 — clamped to just inside the last cell (2.999)
        ((1.0, 1.0), (1.0, 1.0), [1, 2, 2.999, 2.999], [1, 2, 2.999, 2.999]),
        # shifted back one cell: -1 clamped to 0
        ((1.0, -1.0), (1.0, -1.0), [0, 0, 1, 2], [0, 0, 1, 2]),
        # scaled ×2 about the middle (2): -2, 0, 2, 4 → 0, 0, 2, 2.999; and ×0.5: 1, 1.5, 2, 2.5
        ((2.0, 0.0), (0.5, 0.0), [0, 0, 2, 2.999], [1, 1.5, 2, 2.5]),
    ],
    ids=["identity", "shift-up", "shift-down", "scale"],
)
def test_a_print_is_resampled_at_the_scaled_and_shifted_positions(x, y, columns, rows) -> None:  # type: ignore[no-untyped-def]
    # bilinear resampling of 10·row + column gives 10·(row position) + (column position) exactly
    expected = 10.0 * np.array(rows)[:, None] + np.array(columns)[None, :]
    assert sc._warp(_grid(), x, y)[0] == pytest.approx(expected)


def test_the_cells_compared_are_those_laid_from_inside_the_other_print_less_two_at_each_end() -> None:
    values = np.zeros((10, 12))
    _, same = sc._warp(values, (1.0, 0.0), (1.0, 0.0))
    assert same.sum(axis=1).tolist() == [0, 0] + [8] * 6 + [0, 0]  # rows 2–7, columns 2–9
    # moved 3 cells on along x: a's columns 0–8 are read from b's 3–11 (inside), 9–11 beyond it;
    # less two at each end of what is inside: columns 2–6
    _, moved = sc._warp(values, (1.0, 3.0), (1.0, 0.0))
    assert np.flatnonzero(moved[5]).tolist() == [2, 3, 4, 5, 6]


def _bumps(centres: tuple[float, ...], width: float = 10.0, n: int = 192) -> np.ndarray:
    return sum(np.exp(-(((np.arange(n) - c) / width) ** 2)) for c in centres)  # type: ignore[return-value]


def test_the_alignment_finds_the_shift_and_the_scale_that_lay_one_profile_over_another() -> None:
    a = _bumps((40, 150))
    # b is a moved one cell on: a(i) = b(i + 1), so b is read at i·1.00 + 1
    assert sc._best(a, _bumps((41, 151)), *sc._PASSES[0]) == pytest.approx((1.0, 1.0))
    assert sc._fit(a, _bumps((40.5, 150.5))) == pytest.approx((1.0, 0.5), abs=1e-9)
    # a quarter cell lies between the coarse pass's half cells and beyond the finest pass's ±0.125:
    # only the middle pass (±0.5 in eighths) reaches it
    assert sc._fit(a, _bumps((40.25, 150.25))) == pytest.approx((1.0, 0.25), abs=1e-9)
    # b is a stretched 2 % about the middle (96): a(i) = b((i − 96)·1.02 + 96); its bumps are at
    # (40 − 96)·1.02 + 96 = 38.88 and (150 − 96)·1.02 + 96 = 151.08, 2 % wider
    scale, shift = sc._fit(a, _bumps((38.88, 151.08), width=10.2))
    assert scale == pytest.approx(1.02, abs=0.0015) and abs(shift) < 0.1


def _page(height: int, ink_rows: tuple[int, ...], width: int = 10) -> np.ndarray:
    grey = np.full((height, width), 255, dtype=np.uint8)
    grey[list(ink_rows), :] = 0
    return grey


def test_the_measures_of_a_small_page_worked_out_by_hand() -> None:
    # 10 × 10: ink on rows 1 and 2 (columns 1–8), a grey of exactly 128 (not ink) on row 5
    grey = np.full((10, 10), 255, dtype=np.uint8)
    grey[1:3, 1:9] = 0
    grey[5, 1:9] = 128
    found = sc.measure(grey)
    # every other pixel: 4 of the 25 sampled are ink (row 2), the rest white → 0.5 % at 0, 99.5 % at 255
    assert (found["low"], found["high"]) == (0.0, 255.0)
    # inside the frame (rows and columns 1–8): 16 of 64 pixels are ink; rows [1, 1, 0, 0, 0, 0, 0, 0],
    # thirds of 2 rows: 2 on top over nothing below (counted as 10⁻⁶)
    assert found["ink"] == 0.25
    assert found["top_over_bottom"] == pytest.approx(2e6)
    # 6 rows (no frame below 10): ink rows 0, 1, 5 → thirds of 2 rows: 2 over 1
    assert sc.measure(_page(6, (0, 1, 5)))["top_over_bottom"] == 2.0
    # 5 rows: ink rows 0 and 3 → thirds of 1 row: row 0 over row 4 (none)
    assert sc.measure(_page(5, (0, 3)))["top_over_bottom"] == pytest.approx(1e6)


def test_a_page_two_pixels_high_has_no_sharpness_and_only_columns_that_vary() -> None:
    grey = np.tile(np.array([0, 255], dtype=np.uint8), (2, 5))  # columns alternate ink and paper
    found = sc.measure(grey)
    assert found["sharpness"] == 0.0  # no pixel has four neighbours
    assert (found["low"], found["high"]) == (0.0, 0.0)  # every other pixel: only the ink columns
    # the rows profile (2 rows) has no variation: the columns' (≈ 0.43) over 10⁻⁶
    assert found["columns_over_rows"] > 1e5


def test_the_content_box_edge_of_faint_ink_is_found_where_the_profile_crosses_half_its_peak() -> None:
    """``_edges`` of an ink profile: the first column of at least 1 % ink, then back to where the
    profile first reaches half of its peak nearby, interpolated, half a cell outside (positions are
    cell edges: cell i spans [i, i + 1))."""
    # a faint frame: cell 4 is the first of ≥ 1 % ink; its peak nearby (cells 4–7) is 0.016, the half
    # 0.008; cell 3 (0.009) is still above it, cell 2 (0.004) is not: the crossing lies between them,
    # 0.004 + 0.8 × (0.009 − 0.004) = 0.008, at 2 + 0.8 = 2.8 — a faint speck at cell 1 stays outside.
    # The end: reversed, ink from its first cell, half of 0.016 reached 0.5 of the way into it: 8.5
    faint = np.array([0.0, 0.009, 0.004, 0.009, 0.012, 0.016, 0.016, 0.016])
    assert sc._edges(faint) == pytest.approx((2.8, 8.5))
    # faint ink up to the picture's first cell: the half (0.008) lies 8/9 of the way into cell 0
    # (0.009), so −1 + 8/9; the end is 1.5 cells in from the last (0 0 then 0.016): 8 − 1.5
    to_the_edge = np.array([0.009, 0.012, 0.016, 0.016, 0.016, 0.016, 0.0, 0.0])
    assert sc._edges(to_the_edge) == pytest.approx((-1 / 9, 6.5))
    # ink touching both ends (a frame cut by the crop): half of 1.0 at the outer cells' 0.5 → 0 and 10
    both_ends = np.array([0.5, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.5])
    assert sc._edges(both_ends) == pytest.approx((0.0, 10.0))
    # the crossing in the second cell (first ink at cell 1, cell 0 at 0.004): 0 + (0.008 − 0.004) / (0.012
    # − 0.004) = 0.5
    second_cell = np.array([0.004, 0.012, 0.016, 0.016, 0.016, 0.016, 0.0, 0.0])
    assert sc._edges(second_cell)[0] == pytest.approx(0.5)
    # ink in the last two cells only (a stamp at the page's foot): half of 0.1 is reached in the last
    # cell, 0.375 of the way from 0.02: 6 + 0.375; the end half a cell past the last: 8.5
    at_the_foot = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.02, 0.1])
    assert sc._edges(at_the_foot) == pytest.approx((6.375, 8.5))
    # a row of exactly 1 % ink is ink ("at least 1 %"): the edge is found from it, half of its nearby
    # peak (0.012) crossed 0.6 of the way into it — not from the next cell, whose peak nearby is 0.05
    exactly_one_percent = np.array([0.0, 0.0, 0.01, 0.012, 0.012, 0.012, 0.05, 0.05])
    assert sc._edges(exactly_one_percent)[0] == pytest.approx(1.6)
    # one cell of ink only: too little to say, the whole profile
    assert sc._edges(np.array([0.0, 0.0, 0.5, 0.0])) == (0.0, 4.0)


def test_the_cells_kept_along_an_axis_of_five_are_the_middle_one_only() -> None:
    """``_axis``: cells laid from inside the other print, less two at the start and one past the last
    (``[first + 2, last − 1)``): of five cells only cell 2; a shift of 2 leaves cells 0–5 of 8 inside,
    so cells 2–3 are kept."""
    positions, kept = sc._axis(5, (1.0, 0.0))
    assert kept.tolist() == [False, False, True, False, False]
    assert positions == pytest.approx([0, 1, 2, 3, 3.999])
    _, kept = sc._axis(8, (1.0, 2.0))
    assert np.flatnonzero(kept).tolist() == [2, 3]
    _, kept = sc._axis(4, (1.0, 0.0))  # four inside: nothing kept
    assert not kept.any()


def test_cells_laid_from_beyond_a_profiles_ends_are_paper() -> None:
    """``_best`` laying ``b`` 6 cells on reads cells −3…−1 of it for ``a``'s cells 3–5: beyond its
    start, so paper (0), which matches ``a`` exactly — better than not moving (0.05: ``b``'s cell 8 is
    4.3 where ``a`` has 4). Read as ``b``'s first cell (4) or as full ink (1), those three cells would
    cost 2 or 0.5 and not moving would win. The same at the other end, mirrored."""
    a = np.array([0, 0, 0, 0, 0, 0, 4, 4, 4, 0, 0, 0], dtype=float)
    b = np.array([4, 4, 4, 0, 0, 0, 4, 4, 4.3, 4, 4, 4], dtype=float)
    one = np.array([1.0])
    assert sc._best(a, b, one, np.array([-6.0, 0.0])) == (1.0, -6.0)
    assert sc._best(a[::-1].copy(), b[::-1].copy(), one, np.array([6.0, 0.0])) == (1.0, 6.0)


def test_the_alignment_error_is_taken_over_all_but_three_cells_at_each_end() -> None:
    """``_best`` over ten cells compares cells 3–6. Not moving differs from ``a`` at cell 3 by 1 (a mean
    of 1/4); moving one cell on differs at cell 6 by 0.5 (1/8) — it wins; by 2 instead (2/4), not
    moving wins. Without cell 3, or without cell 6, the other would."""
    a = np.array([0, 0, 0, 2, 2, 2, 2, 0, 0, 0], dtype=float)
    one, shifts = np.array([1.0]), np.array([0.0, 1.0])
    assert sc._best(a, np.array([0, 0, 0, 3, 2, 2, 2, 2.5, 0, 0], dtype=float), one, shifts) == (1.0, 1.0)
    assert sc._best(a, np.array([0, 0, 0, 3, 2, 2, 2, 4, 0, 0], dtype=float), one, shifts) == (1.0, 0.0)


@pytest.mark.parametrize(
    ("levels", "ink"),
    [
        # 11 greys: the paper (60th percentile) is the 7th, 200; the darkest ink (1st) a tenth of the way
        # from 0 to 100, 10: ink is 30 % of the way, 57 below the paper: under 143 (143 itself is not,
        # nor 145)
        ([0, 100, 143, 145, 150, 190, 200, 250, 250, 250, 250], [True, True] + [False] * 9),
        # paper 200, darkest 150: 30 % of 50 is under the 25-level floor, so under 175
        ([150, 150, 160, 174, 175, 190, 200, 200, 200, 200, 200], [True] * 4 + [False] * 7),
    ],
    ids=["thirty-percent", "floor"],
)
def test_ink_is_clearly_darker_than_the_paper(levels: list[int], ink: list[bool]) -> None:
    """``_ink`` (what the content box's skew is judged on): darker than the paper by 30 % of the way to
    the darkest ink, and by at least 25 levels."""
    assert sc._ink(np.array([levels], dtype=np.uint8)).tolist() == [ink]


def test_the_largest_value_of_every_window() -> None:
    values = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 9.0]])
    assert sc._window_max(values, 2).tolist() == [[1.0, 0.0], [0.0, 9.0]]
    assert sc._window_max(values[:2], 2).tolist() == [[1.0, 0.0]]  # two rows: one row of windows


def _blocks(*blocks: tuple[int, int, int, int, int]) -> np.ndarray:
    """A white 20 × 20 page with blocks of grey (rows from–to, columns from–to, grey), ends inclusive."""
    page = np.full((20, 20), 255, dtype=np.uint8)
    for top, bottom, left, right, grey in blocks:
        page[top : bottom + 1, left : right + 1] = grey
    return page


WHOLE = (0.0, 0.0, 20.0, 20.0)


@pytest.mark.parametrize(
    ("page", "box"),
    [
        # a black block, rows 5–11 and columns 6–12: each edge half a pixel outside it; 8 × 8 exactly
        (_blocks((5, 11, 6, 12, 0)), (5.5, 4.5, 13.5, 12.5)),
        # from the first row and column: −0.5 clamped to the picture
        (_blocks((0, 9, 0, 9, 0)), (0.0, 0.0, 10.5, 10.5)),
        # a grey 150 row above black: paper 255, darkest 0, so the margin is 76.5 and the grey row is
        # (255 − 38.25 − 150) / 76.5 = 0.8725 ink; half the black's 0.4 profile is reached 0.5 / 0.8725
        # of the way into that row
        (_blocks((4, 4, 6, 13, 150), (5, 14, 6, 13, 0)), (5.5, 3 + 0.5 / (66.75 / 76.5), 14.5, 15.5)),
        # light ink: darkest 200, so 30 % of the way (16.5) is under the 25-level floor: the 225 row is
        # (255 − 12.5 − 225) / 25 = 0.7 ink, reached 0.5 / 0.7 of the way in
        (_blocks((4, 4, 6, 13, 225), (5, 14, 6, 13, 200)), (5.5, 3 + 0.5 / 0.7, 14.5, 15.5)),
        # a box under 8 pixels one way — a line 3 rows high (4 with the half pixels), or 3 columns wide
        (_blocks((9, 11, 2, 17, 0)), WHOLE),
        (_blocks((2, 17, 9, 11, 0)), WHOLE),
        (_blocks((8, 10, 8, 10, 0)), WHOLE),
        (np.zeros((3, 20), dtype=np.uint8), (0.0, 0.0, 20.0, 3.0)),  # under 4 pixels a side
    ],
    ids=["block-8x8", "corner", "grey-edge", "light-ink", "thin-row", "thin-column", "small", "3-rows"],
)
def test_the_content_box_of_drawn_blocks(page: np.ndarray, box: tuple[float, float, float, float]) -> None:
    """(left, top, right, bottom) of the ink, worked out by hand: where each ink profile reaches half its
    peak, interpolated, half a pixel outside the ink; the whole picture when the box is too small."""
    assert sc.content_box(page) == pytest.approx(box, abs=1e-5)


def test_a_picture_of_one_tone_has_no_ink_whatever_the_tone() -> None:
    """``ink_levels``: paper and darkest ink less than ``MIN_CONTRAST`` apart — a grey card, a black
    one — is all paper (0), not all ink."""
    for tone in (0, 100, 255):
        levels = sc.ink_levels(np.full((30, 40), tone, dtype=np.uint8), (0.0, 0.0, 40.0, 30.0), 8, 6)
        assert levels.shape == (6, 8) and not levels.any(), tone


def test_ink_levels_average_each_cell_and_a_cell_of_exactly_min_contrast_has_ink() -> None:
    """Area averages (a box filter): columns 0 0 0 255 | 255 … shrunk by two give 0, 127.5 → 128, 255,
    255; paper (70th percentile) 255, darkest 0: ink 1, 1 − 128/255, 0, 0. Two tones exactly
    ``MIN_CONTRAST`` (16) apart are still read as ink and paper."""
    grey = np.array([[0, 0, 0, 255, 255, 255, 255, 255]] * 4, dtype=np.uint8)
    levels = sc.ink_levels(grey, (0.0, 0.0, 8.0, 4.0), 4, 2)
    assert levels == pytest.approx(np.array([[1.0, 1 - 128 / 255, 0.0, 0.0]] * 2))
    two_tones = np.array([[200, 216] * 4] * 4, dtype=np.uint8)
    levels = sc.ink_levels(two_tones, (0.0, 0.0, 8.0, 4.0), 8, 4)
    assert levels.tolist() == [[1.0, 0.0] * 4] * 4


@pytest.mark.parametrize(
    ("top", "left", "difference"),
    [
        (3, 3, 1.0),  # the first row and column compared
        (139, 187, 1.0),  # the last ones: rows to 141, columns to 189
        (1, 50, 1 / 3),  # rows 0–2 are not compared: one row of three
        (141, 100, 1 / 3),  # rows 142–143 are not compared
        (60, 189, 1 / 3),  # columns 190–191 are not compared
    ],
    ids=["first-cells", "last-cells", "above", "below", "right"],
)
def test_a_print_differs_by_its_worst_3x3_block_over_the_cells_compared(
    top: int, left: int, difference: float
) -> None:
    """``print_difference`` of a print and a copy with one 3 × 3 block of ink and paper swapped: laid
    over each other as they are, the worst block differs by 1 where it lies wholly in the compared
    cells, by a third where one row or column of it does; the difference of ink elsewhere is nil, so
    nothing is taken off for a spread. Compared: all but two cells at each end of what the copy covers
    laid over the print — the fitted shift comes out a hair below 0 (−3e-17, the grids' rounding), so
    cell 0 falls just outside and rows 3–141, columns 3–189 are compared."""
    first = samples.noise_print()
    second = first.copy()
    second[top : top + 3, left : left + 3] = 255 - second[top : top + 3, left : left + 3]
    assert sc.print_difference(samples.stored_print(first), samples.stored_print(second)) == pytest.approx(
        difference, abs=1e-6
    )


def test_two_prints_without_ink_do_not_differ() -> None:
    blank = samples.stored_print(np.zeros((144, 192)))
    assert sc.print_difference(blank, blank) == 0.0


def test_the_look_up_keys_of_tiles_with_ink_only_and_of_an_even_tile() -> None:
    """``print_keys``: a tile without ink is skipped, not the rest of its row — ink only right of
    column 100 gives keys from the tile column that reaches it on; an even grey print gives every tile
    of the eight grids (22 rows each; 11 tile columns, 10 on the two that start 12 cells further in)
    with no cell above the mean and the first six cells as the uncertain ones."""
    levels = np.zeros((144, 192), dtype=np.float32)
    levels[:, 100:] = 0.8
    keys = sc.print_keys(levels)
    assert {key.split(":")[0] for key in keys} >= {"0.0.6", "0.0.10", "1.0.6", "1.0.10"}
    assert all(int(key.split(":")[0].split(".")[2]) >= 5 for key in keys)
    even = sc.print_keys(np.full((144, 192), 0.5, dtype=np.float32))
    assert len(even) == 22 * (6 * 11 + 2 * 10)
    assert {key.split(":", 1)[1] for key in even} == {"000000000000:000102030405"}


def test_a_grid_that_does_not_fit_a_small_print_gives_no_tile_and_the_grids_after_it_still_do() -> None:
    """``print_keys`` on a print 15 cells high and 30 wide (inside a border of 4): one 6 × 16 tile
    fits from the top-left (grid 0) and a quarter of a tile further across (grid 2); half a tile down
    (grids 1, 5–7) or half a tile and more across (grids 3, 4) none does — a tile is never laid into
    the border, and a grid without one does not end the search."""
    keys = sc.print_keys(np.full((15, 30), 0.5, dtype=np.float32))
    assert sorted(key.split(":")[0] for key in keys) == ["0.0.0", "2.0.0"]


def test_the_skew_is_measured_from_8_pixels_high_and_50_ink_pixels_on() -> None:
    """A line rising 7 rows over 200 columns is tilted atan(7/199) = 2.0°, measurable on a picture 8
    pixels high but not on one 7 high (level: 0.0); a line of 50 ink pixels is measured, of 49 not."""
    assert sc.skew(samples.line_page(8, 200, 7)) == pytest.approx(2.0, abs=0.1)
    assert sc.skew(samples.line_page(8, 200, 7)[:7]) == 0.0
    fifty = samples.line_page(20, 50, 10)
    assert abs(sc.skew(fifty)) >= 1.0
    fifty[0, 0] = 255
    assert sc.skew(fifty) == 0.0


@pytest.mark.parametrize("angle", [1.5, -2.2, 0.7, 3.0, -3.0])
def test_the_skew_of_ruled_lines_turned_by_a_known_angle(angle: float) -> None:
    """Sixteen ruled lines, 3 px thick and 440 long, on a 600 px page, turned counter-clockwise by
    ``angle``: the skew is the turn that puts them level again, −``angle``, to 0.04° (a fifth of the
    coarse step refined by a parabola)."""
    assert sc.skew(samples.ruled_page(angle)) == pytest.approx(-angle, abs=0.04)


@pytest.mark.parametrize("angle", [3.8, -3.8, 5.0])
def test_a_skew_beyond_the_search_is_turned_by_the_most_it_reaches(angle: float) -> None:
    """Beyond ``MAX_SKEW``: the coarse steps stop at ±3°, the fine ones reach 4 fifths of a step
    further, ±3.2° — a page turned further is turned back by that much (the best at the grid's end,
    no parabola through it)."""
    reach = sc.MAX_SKEW + 4 * sc.SKEW_STEP / 5
    assert sc.skew(samples.ruled_page(angle)) == pytest.approx(-reach if angle > 0 else reach)
