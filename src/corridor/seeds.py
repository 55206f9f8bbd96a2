"""The one seed convention for everything random (as networkx's ``seed=`` argument)."""

from __future__ import annotations

import zlib

import numpy as np

from corridor.errors import InputError

Seed = int | np.random.Generator | None


def as_generator(seed: Seed) -> np.random.Generator:
    """Normalise ``seed`` (None, int or Generator) into a numpy Generator.

    A Generator is returned as is, so a caller can thread one stream through many calls.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, int) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    raise TypeError(f"seed must be None, an int or a numpy Generator, not {type(seed).__name__}")


def check_seed(seed: int) -> int:
    """``seed`` if it can seed a run (a non-negative int), else an ``InputError``.

    Called where a run starts, before any work is sent to other processes.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"must be a non-negative integer, got {seed!r}", parameter="seed")
    return int(seed)


def draw_generator(seed: int, index: int) -> np.random.Generator:
    """The generator of draw ``index`` of a run seeded with ``seed``.

    Derived from (seed, index) alone, so a draw gives the same numbers whichever worker,
    chunk or process runs it.
    """
    return np.random.default_rng(np.random.SeedSequence([seed, index]))


def stream_generator(seed: int, index: int, stream: str) -> np.random.Generator:
    """The generator of one named random stream (``"prices"``, ``"costs"`` ...) of draw ``index``.

    Independent of :func:`draw_generator`'s stream and of every other name, so adding a
    new uncertain element to a model leaves the numbers drawn for the others unchanged.
    The name enters the seed through CRC-32 (stable across processes and Python versions,
    unlike ``hash``).
    """
    return np.random.default_rng(np.random.SeedSequence([seed, index, zlib.crc32(stream.encode())]))


__all__ = [
    "Seed",
    "as_generator",
    "check_seed",
    "draw_generator",
    "stream_generator",
]
