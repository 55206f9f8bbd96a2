"""The random streams of a chunk of draws, seeded at once: the same generators, faster.

Every draw has its own generators (:func:`corridor.seeds.draw_generator` and
:func:`corridor.seeds.stream_generator`: ``default_rng(SeedSequence([seed, index, ...]))``),
so a draw gives the same numbers on any worker. Making one costs ~25 us, most of it the
SeedSequence's hashing (pure Python loops inside numpy); a draw needs four. Here the
hashing runs as array operations over the chunk's draw indices, and each draw's PCG64 is
then set to the state numpy's own seeding would give it. The algorithm is numpy's, which
numpy keeps stable (its streams are reproducible across versions, NEP 19):
``SeedSequence.mix_entropy`` and ``generate_state``, then PCG64's ``set_seed`` (two steps
of the 128-bit LCG). tests/risk/test_streams.py checks each generator's state and numbers
against numpy's own; entropy words that do not fit one 32-bit word fall back to numpy.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from corridor.seeds import draw_generator, stream_generator

__all__ = ["ChunkSeeds", "ChunkStreams", "DrawSeeds"]

_MASK32 = 0xFFFFFFFF
_MASK128 = (1 << 128) - 1
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_POOL = 4
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645


def _pools(entropy: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``SeedSequence.mix_entropy`` over arrays of 32-bit entropy words (one per draw)."""
    const = _INIT_A

    def hashmix(value: np.ndarray) -> np.ndarray:
        nonlocal const
        value = np.asarray(value ^ np.uint32(const), dtype=np.uint32)
        const = (const * _MULT_A) & _MASK32
        value = value * np.uint32(const)
        return value ^ (value >> np.uint32(16))

    def mix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        result = np.asarray(np.uint32(_MIX_L) * x - np.uint32(_MIX_R) * y, dtype=np.uint32)
        return result ^ (result >> np.uint32(16))

    n = entropy[0].size
    pool = [hashmix(entropy[i] if i < len(entropy) else np.zeros(n, np.uint32))
            for i in range(_POOL)]  # fmt: skip
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                pool[dst] = mix(pool[dst], hashmix(pool[src]))
    for src in range(_POOL, len(entropy)):
        for dst in range(_POOL):
            pool[dst] = mix(pool[dst], hashmix(entropy[src]))
    return pool


def _state_words(pool: list[np.ndarray]) -> list[np.ndarray]:
    """``SeedSequence.generate_state(4, np.uint64)`` as 8 arrays of 32-bit words."""
    const = _INIT_B
    words = []
    for i in range(8):
        value = pool[i % _POOL] ^ np.uint32(const)
        const = (const * _MULT_B) & _MASK32
        value = value * np.uint32(const)
        words.append(value ^ (value >> np.uint32(16)))
    return words


def _pcg64_state(words: list[int]) -> dict[str, object]:
    """The PCG64 state ``PCG64(seed_seq)`` starts from, given the seed's state words."""
    val = [words[2 * k] | (words[2 * k + 1] << 32) for k in range(4)]
    initstate, initseq = (val[0] << 64) | val[1], (val[2] << 64) | val[3]
    inc = ((initseq << 1) | 1) & _MASK128
    state = (((inc + initstate) & _MASK128) * _PCG_MULT + inc) & _MASK128
    return {"bit_generator": "PCG64", "state": {"state": state, "inc": inc},
            "has_uint32": 0, "uinteger": 0}  # fmt: skip


class ChunkStreams:
    """One named stream of a chunk's draws: each draw's generator, on demand.

    ``stream`` None: :func:`corridor.seeds.draw_generator`'s stream, else
    :func:`corridor.seeds.stream_generator`'s of that name. :meth:`generator` returns ONE
    generator set to the draw's start (making a new one costs as much as the hashing
    saved): use it up before asking for the next draw's.
    """

    def __init__(self, seed: int, indices: Sequence[int], stream: str | None = None):
        self.seed, self.stream = seed, stream
        self._rng = np.random.Generator(np.random.PCG64(0))
        self.states: dict[int, dict[str, object]] | None = None
        fits = len(indices) and min(indices) >= 0 and max(indices) <= _MASK32
        if fits and 0 <= seed <= _MASK32:
            n = len(indices)
            entropy = [np.full(n, seed, np.uint32), np.asarray(indices, dtype=np.uint32)]
            if stream is not None:
                entropy.append(np.full(n, zlib.crc32(stream.encode()), np.uint32))
            words = np.stack(_state_words(_pools(entropy)), axis=1).tolist()
            self.states = {int(i): _pcg64_state(w) for i, w in zip(indices, words, strict=True)}

    def generator(self, index: int) -> np.random.Generator:
        """Draw ``index``'s generator (its stream from the start)."""
        if self.states is None:
            if self.stream is None:
                return draw_generator(self.seed, index)
            return stream_generator(self.seed, index, self.stream)
        self._rng.bit_generator.state = self.states[index]
        return self._rng


class ChunkSeeds:
    """Every stream of a chunk's draws (:class:`ChunkStreams` by name, made when first used)."""

    def __init__(self, seed: int, indices: Sequence[int]):
        self.seed, self.indices = seed, list(indices)
        self._streams: dict[str | None, ChunkStreams] = {}

    def generator(self, stream: str | None, index: int) -> np.random.Generator:
        """Draw ``index``'s generator of ``stream`` (None: the draw's own stream)."""
        found = self._streams.get(stream)
        if found is None:
            found = self._streams[stream] = ChunkStreams(self.seed, self.indices, stream)
        return found.generator(index)


class DrawSeeds:
    """Each draw's generators made one by one (:mod:`corridor.seeds`), as :class:`ChunkSeeds`."""

    def __init__(self, seed: int):
        self.seed = seed

    def generator(self, stream: str | None, index: int) -> np.random.Generator:
        """Draw ``index``'s generator of ``stream`` (None: the draw's own stream)."""
        if stream is None:
            return draw_generator(self.seed, index)
        return stream_generator(self.seed, index, stream)
