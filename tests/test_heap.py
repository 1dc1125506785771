"""reviewdesk.heap.frozen_heap: freezes for the block, nests, always unfreezes."""

from __future__ import annotations

import gc

import pytest

from reviewdesk.heap import frozen_heap


def test_frozen_for_the_block_and_nested_blocks_unfreeze_once() -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0
        with frozen_heap():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0  # the outer block still holds it
    assert gc.get_freeze_count() == 0


def test_unfreezes_when_the_block_raises_and_garbage_is_still_collected() -> None:
    class Cycle:
        def __init__(self) -> None:
            self.me = self

    with pytest.raises(RuntimeError), frozen_heap():
        Cycle()  # made during the freeze: not frozen, collectable
        assert gc.collect() >= 1
        raise RuntimeError("boom")
    assert gc.get_freeze_count() == 0
