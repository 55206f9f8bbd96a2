"""The random streams of a chunk of draws, seeded at once: the same generators, faster.

Every draw has its own generators (:func:`corridor.seeds.draw_generator` and
:func:`corridor.seeds.stream_generator`: ``default_rng(SeedSequence([seed, index, ...]))``),
so a draw gives the same numbers on any worker. Making one costs ~25 us, most of it the
SeedSequence's hashing (pure Python loops inside numpy); a draw needs four. Here the
hashing runs as array operations over the chunk's draw indices, and each draw's PCG64 is
then seeded from the words numpy's own seeding would give it (``PCG64`` given a seed
sequence whose state words are ready, :class:`_SeedWords`). The algorithm is numpy's,
which numpy keeps stable (its streams are reproducible across versions, NEP 19):
``SeedSequence.mix_entropy`` and ``generate_state``; PCG64 seeds itself from those words.
tests/risk/test_streams.py checks each generator's state and numbers
against numpy's own; entropy words that do not fit one 32-bit word fall back to numpy.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.random.bit_generator import ISeedSequence

from corridor.seeds import draw_generator, stream_generator

__all__ = ["ChunkSeeds", "ChunkStreams", "DrawSeeds"]

_MASK32 = 0xFFFFFFFF
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_POOL = 4


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


class _SeedWords(ISeedSequence):
    """A seed sequence whose ``generate_state(4, np.uint64)`` is already known.

    ``PCG64(seed_seq)`` only asks its seed for those four words and then runs its own
    seeding (two steps of the 128-bit LCG, in C); giving them ready skips the hashing.
    """

    def __init__(self, words: np.ndarray):
        self.words = words

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> np.ndarray:
        if n_words != 4 or dtype is not np.uint64:  # PCG64 asks for no other
            raise ValueError("only PCG64's four 64-bit seed words are known")
        return self.words


class ChunkStreams:
    """One named stream of a chunk's draws: each draw's generator, on demand.

    ``stream`` None: :func:`corridor.seeds.draw_generator`'s stream, else
    :func:`corridor.seeds.stream_generator`'s of that name. :meth:`generator` returns a new
    generator at the draw's start (made from the ready words: ~2 us against ~25 us).
    """

    def __init__(self, seed: int, indices: Sequence[int], stream: str | None = None):
        self.seed, self.stream = seed, stream
        self.rows: dict[int, int] | None = None
        fits = len(indices) and min(indices) >= 0 and max(indices) <= _MASK32
        if fits and 0 <= seed <= _MASK32:
            n = len(indices)
            entropy = [np.full(n, seed, np.uint32), np.asarray(indices, dtype=np.uint32)]
            if stream is not None:
                entropy.append(np.full(n, zlib.crc32(stream.encode()), np.uint32))
            half = [w.astype(np.uint64) for w in _state_words(_pools(entropy))]
            # generate_state(4, np.uint64): word k is 32-bit words 2k (low) and 2k + 1
            self.words = np.stack(
                [half[2 * k] | (half[2 * k + 1] << np.uint64(32)) for k in range(4)], axis=1
            )
            self.rows = {int(i): row for row, i in enumerate(indices)}

    def generator(self, index: int) -> np.random.Generator:
        """Draw ``index``'s generator (its stream from the start)."""
        if self.rows is None:
            if self.stream is None:
                return draw_generator(self.seed, index)
            return stream_generator(self.seed, index, self.stream)
        words = _SeedWords(self.words[self.rows[index]])
        # numpy's stubs name SeedSequence, but PCG64 takes any ISeedSequence
        return np.random.Generator(np.random.PCG64(words))  # type: ignore[arg-type]


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
