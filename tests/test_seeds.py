"""The seed convention: draws and named streams independent of worker and of each other."""

from __future__ import annotations

import numpy as np

from corridor.seeds import draw_generator, stream_generator


def test_a_named_stream_repeats_and_differs_from_the_draw_stream_and_other_names() -> None:
    first = stream_generator(3, 7, "prices").random(4)
    assert np.array_equal(first, stream_generator(3, 7, "prices").random(4))
    assert not np.array_equal(first, draw_generator(3, 7).random(4))
    assert not np.array_equal(first, stream_generator(3, 7, "costs").random(4))
    assert not np.array_equal(first, stream_generator(3, 8, "prices").random(4))


def test_a_named_stream_is_seeded_by_seed_index_and_the_names_crc32() -> None:
    # pinned by hand (zlib.crc32(b"prices") = 0xE4CB6D59), so stored results keep their draws
    expected = np.random.default_rng(np.random.SeedSequence([0, 0, 0xE4CB6D59])).random(3)
    assert np.array_equal(stream_generator(0, 0, "prices").random(3), expected)
