"""A chunk's generators are numpy's own, state for state (corridor.risk.streams)."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.risk.draw import sample_one, triangular
from corridor.risk.streams import ChunkSeeds, ChunkStreams
from corridor.scenario.deal_model import Distribution
from corridor.seeds import draw_generator, stream_generator


@pytest.mark.parametrize("seed", [0, 1, 2**31 + 5, 2**32 - 1, 2**32])
@pytest.mark.parametrize("stream", [None, "costs", "prices", "termination"])
def test_chunk_streams_are_the_seeds_generators(seed: int, stream: str | None) -> None:
    indices = [*range(3, 60), 2**32 - 1]
    chunk = ChunkStreams(seed, indices, stream)
    for index in indices:
        ours = chunk.generator(index)
        if stream is None:
            ref = draw_generator(seed, index)
        else:
            ref = stream_generator(seed, index, stream)
        assert ours.bit_generator.state == ref.bit_generator.state
        assert np.array_equal(ours.standard_normal(4), ref.standard_normal(4))
        assert ours.random() == ref.random()


def test_chunk_seeds_keep_streams_apart() -> None:
    seeds = ChunkSeeds(4, range(10, 20))
    assert seeds.generator("costs", 12).random() == stream_generator(4, 12, "costs").random()
    assert seeds.generator(None, 19).random() == draw_generator(4, 19).random()


@pytest.mark.parametrize(
    "dist",
    [
        Distribution("normal", (1.0, 0.1), (0.7, 1.2)),
        Distribution("lognormal", (1.0, 0.35), (0.5, 3.0)),
        Distribution("triangular", (0.9, 1.1, 2.0)),
        Distribution("triangular", (1.0, 1.0, 1.0)),
        Distribution("uniform", (2.0, 5.0)),
        Distribution("discrete", (0.0, 1.0, 2.0, 3.0, 0.4, 0.3, 0.2, 0.1)),
        Distribution("discrete", (5.0, 1.0, 1.0, 3.0), (0.0, 4.0)),
    ],
)
def test_sample_one_draws_what_distribution_sample_draws(dist: Distribution) -> None:
    for seed in range(200):
        ours, ref = np.random.default_rng(seed), np.random.default_rng(seed)
        for _ in range(3):
            x = sample_one(dist, ours)
            assert x == dist.sample(ref) and type(x) is float
        assert ours.random() == ref.random()  # the streams moved on alike


@pytest.mark.parametrize(
    "params", [(0.9, 1.1, 2.0), (0.05, 0.1, 0.5), (0.0, 0.0, 1.0), (1.0, 3.0, 3.0)]
)
def test_triangular_is_the_generators_triangular(params: tuple[float, float, float]) -> None:
    ours, ref = np.random.default_rng(11), np.random.default_rng(11)
    assert (
        triangular(params, ours.random(5000)).tobytes() == ref.triangular(*params, 5000).tobytes()
    )
    for _ in range(200):
        assert triangular(params, ours.random()) == ref.triangular(*params)
