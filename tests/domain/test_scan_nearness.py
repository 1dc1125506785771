"""How near two prints are (``domain.scan_nearness``): the order a look-up's candidates are compared in.
Block means worked out by hand on small level arrays, then the ordering rules: nearest first, of as near
the earlier, an unreadable print last, no asker's print — the order given."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from reviewdesk.domain import scan_checks, scan_nearness


def _print(levels: np.ndarray) -> bytes:
    """A stored print of these ink levels (0–1, ``scan_checks.PRINT_SIZE``) as ``fingerprint`` keeps it."""
    return zlib.compress(np.round(levels * 255).astype(np.uint8).tobytes(), 6)


def test_the_blocks_are_the_means_of_four_by_four_cells_and_a_partial_block_is_left_out() -> None:
    levels = np.zeros((9, 10), np.float32)
    levels[0:4, 0:4] = 1.0  # one whole block of ink
    levels[4:8, 4:8] = 0.5
    levels[4, 5] = 1.0  # (3 × 0.5 + … ) one cell brighter: 1/16 of 0.5 more
    levels[8, :] = 1.0  # the ninth row: no whole block, left out
    levels[:, 8:] = 1.0  # the last two columns: left out
    blocks = scan_nearness.level_blocks(levels)
    assert blocks.shape == (2, 2)
    assert blocks[0, 0] == pytest.approx(1.0)
    assert blocks[1, 1] == pytest.approx(0.5 + 0.5 / 16)
    assert blocks[0, 1] == pytest.approx(0.0) and blocks[1, 0] == pytest.approx(0.0)


def test_the_distance_is_the_mean_absolute_difference_of_the_blocks() -> None:
    a = np.array([[0.0, 1.0], [0.5, 0.5]])
    b = np.array([[1.0, 1.0], [0.0, 0.5]])
    assert scan_nearness.block_distance(a, b) == pytest.approx((1.0 + 0.0 + 0.5 + 0.0) / 4)
    assert scan_nearness.block_distance(a, a) == 0.0


def test_a_stored_print_is_read_as_its_levels_blocks_and_a_damaged_one_not_at_all() -> None:
    width, height = scan_checks.PRINT_SIZE
    levels = np.zeros((height, width), np.float32)
    levels[:4, :4] = 1.0
    blocks = scan_nearness.print_blocks(_print(levels))
    assert blocks is not None and blocks.shape == (height // 4, width // 4)
    assert blocks[0, 0] == pytest.approx(1.0) and float(blocks.sum()) == pytest.approx(1.0)
    assert scan_nearness.print_blocks(b"") is None
    assert scan_nearness.print_blocks(b"not zlib") is None


def test_the_nearest_are_kept_nearest_first_ties_to_the_earlier_and_unreadable_last() -> None:
    me = np.zeros((2, 2))
    others: list[np.ndarray | None] = [np.full((2, 2), d) for d in (0.3, 0.1, 0.0, 0.1, 0.2, 0.0)]
    others[2] = None  # a print that cannot be read
    assert scan_nearness.nearest(me, others, 4) == [5, 1, 3, 4]  # 0.0, 0.1 (the earlier), 0.1, 0.2
    assert scan_nearness.nearest(me, others, 10) == [5, 1, 3, 4, 0, 2]  # the unreadable last
    assert scan_nearness.nearest(None, others, 4) == [0, 1, 2, 3]  # no print of its own: as given
    assert scan_nearness.nearest(me, [], 4) == []
