"""Stacked arrays read as the joined array would, however they are indexed."""

from __future__ import annotations

import numpy as np

from assistant.indexing.stacked import Stacked


def test_every_kind_of_index_reads_what_the_joined_array_holds() -> None:
    rng = np.random.default_rng(3)
    parts = [rng.normal(size=(n, 4)).astype(np.float16) for n in (5, 0, 7, 1)]
    stacked = Stacked([Stacked(parts[:2]), parts[2], parts[3]])
    joined = np.concatenate(parts)
    assert len(stacked) == 13 and stacked.shape == (13, 4) and stacked.dtype == np.float16
    assert np.array_equal(np.asarray(stacked), joined)
    assert np.array_equal(np.asarray(stacked, dtype=np.float32), joined.astype(np.float32))
    rows = np.array([12, 0, 5, 4, 5, 11])
    assert np.array_equal(stacked[rows], joined[rows])
    assert np.array_equal(stacked[np.array([], dtype=np.int64)], joined[:0])
    mask = rng.random(13) < 0.5
    assert np.array_equal(stacked[mask], joined[mask])
    assert np.array_equal(stacked[3:9], joined[3:9]) and np.array_equal(stacked[::4], joined[::4])
    assert np.array_equal(stacked[6], joined[6]) and np.array_equal(stacked[-1], joined[-1])
    assert Stacked.of([parts[0]], (0, 4), np.float16) is parts[0]
    assert Stacked.of([], (0, 4), np.float16).shape == (0, 4)
