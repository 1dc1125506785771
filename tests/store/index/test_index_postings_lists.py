"""A posting list is the *sorted* positions of its code, also when many rows share it in no order.

Why: the six-record tests hold fewer rows than numpy sorts by insertion (16), where any sort keeps
equal codes in position order; built with an unstable sort, a list of a thousand rows came out
shuffled and nothing noticed (mutation testing, docs/MUTATION.md)."""

from __future__ import annotations

import numpy as np
import pytest

from reviewdesk.store.index import postings as index_postings


def test_every_posted_list_is_its_codes_positions_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_postings, "POSTED_FRACTION", 1.0)  # every code rare enough to post
    keys = np.random.default_rng(19).permutation(np.array([0] * 1000 + [1] * 40 + [3] * 7, dtype=np.uint8))
    built = index_postings.Postings(keys, len(keys))
    assert sorted(built.lists) == [0, 1, 3]
    for code in (0, 1, 3):
        assert built.lists[code].tolist() == np.flatnonzero(keys == code).tolist()
        assert built.lists[code].dtype == np.int32
    assert (built.count(0), built.count(1), built.count(2), built.count(3), built.count(4)) == (
        1000,
        40,
        0,
        7,
        0,
    )
