"""Which LP each coalition needs: vectorised usable and relevant column masks.

v(S) depends on S only through the columns S may use, and among those only through the
*relevant* ones: a supply whose gas can reach a usable demand, a demand that usable
supply can reach, a link on such a path (reachability through usable links). Other usable
columns cannot carry anything in an optimum when costs are non-negative (gas produced must
be consumed somewhere; losses only shrink flows), so dropping them leaves v unchanged.
Many coalitions share one relevant mask (a transit country without its neighbours adds
nothing), and a coalition whose relevant mask is empty has nothing to trade: v = 0 with no
LP at all. When some supply or link has a negative cost the pruning is not safe and the
plain usable mask is the key.

Everything here works on numpy arrays over a block of coalitions at once: no Python loop
per coalition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from corridor.execution import Chunk, chunk_ranges, run_chunks
from corridor.market import MarketModel

BLOCK = 1 << 16
"""Coalitions handled per vectorised step (bounds memory at ~columns x 64 k booleans)."""


@dataclass(frozen=True, eq=False)
class ColumnGraph:
    """The columns of a market LP seen as a graph over its balance rows.

    ``requirement`` (int64 per column) is the bitmask over *players* of who a column needs;
    ``closed`` marks columns no coalition may use (another commodity, or an actor outside
    the game who is absent); ``source_row``/``target_row`` as in :class:`MarketModel`.
    ``prune`` is False when negative costs make pruning to relevant columns unsafe.
    """

    requirement: np.ndarray
    closed: np.ndarray
    source_row: np.ndarray
    target_row: np.ndarray
    n_rows: int
    prune: bool

    @property
    def n_columns(self) -> int:
        """Number of LP columns."""
        return len(self.requirement)

    @property
    def n_bytes(self) -> int:
        """Bytes of one packed column mask."""
        return (self.n_columns + 7) // 8


def column_graph(
    model: MarketModel, players: tuple[str, ...], commodity: str | None = None
) -> ColumnGraph:
    """The column graph of ``model`` for a game among ``players``.

    Actors that are not players are always present: their consent is given, so a column
    needs only its players. Columns of another commodity than ``commodity`` are closed.
    """
    actor_index = {a: i for i, a in enumerate(model.actors)}
    player_bits = np.zeros(len(model.requirement), dtype=np.int64)
    for p, player in enumerate(players):
        has = (model.requirement >> actor_index[player]) & 1
        player_bits |= has.astype(np.int64) << p
    closed = np.zeros(len(model.requirement), dtype=bool)
    if commodity is not None:
        closed = np.array([c != commodity for c in model.commodity_of], dtype=bool)
    supply_or_link = model.target_row >= 0
    prune = bool(np.all(model.cost[supply_or_link] >= 0))
    return ColumnGraph(
        requirement=player_bits,
        closed=closed,
        source_row=model.source_row,
        target_row=model.target_row,
        n_rows=len(model.rows),
        prune=prune,
    )


def usable_block(graph: ColumnGraph, coalitions: np.ndarray) -> np.ndarray:
    """Boolean (columns x coalitions): may coalition k use column j (bitmasks over players)."""
    req = graph.requirement[:, None]
    usable = (coalitions[None, :] & req) == req
    usable[graph.closed] = False
    return usable


def relevant_block(graph: ColumnGraph, coalitions: np.ndarray) -> np.ndarray:
    """Boolean (columns x coalitions): the usable columns that can matter for v.

    Forward reachability from usable supply and backward reachability from usable demand
    over usable links, iterated to a fixed point (at most ``n_rows`` sweeps).
    """
    usable = usable_block(graph, coalitions)
    if not graph.prune:
        return usable
    m = len(coalitions)
    src, dst = graph.source_row, graph.target_row
    is_link = (src >= 0) & (dst >= 0)
    is_supply = (src < 0) & (dst >= 0)
    is_demand = (src >= 0) & (dst < 0)
    links = np.flatnonzero(is_link)
    forward = np.zeros((graph.n_rows, m), dtype=bool)
    backward = np.zeros((graph.n_rows, m), dtype=bool)
    for j in np.flatnonzero(is_supply):
        forward[dst[j]] |= usable[j]
    for j in np.flatnonzero(is_demand):
        backward[src[j]] |= usable[j]
    for reach, tail, head in ((forward, src, dst), (backward, dst, src)):
        for _ in range(graph.n_rows):
            changed = False
            for j in links:
                new = reach[tail[j]] & usable[j] & ~reach[head[j]]
                if new.any():
                    reach[head[j]] |= new
                    changed = True
            if not changed:
                break
    relevant = np.zeros_like(usable)
    relevant[is_supply] = usable[is_supply] & backward[dst[is_supply]]
    relevant[is_demand] = usable[is_demand] & forward[src[is_demand]]
    relevant[links] = usable[links] & forward[src[links]] & backward[dst[links]]
    # a supply without a reachable demand is dropped above; a demand likewise; so an
    # empty mask means nothing to trade
    return relevant


def gray_order(n_players: int) -> np.ndarray:
    """All 2^n coalitions (bitmasks) in reflected Gray-code order: neighbours differ by one."""
    i = np.arange(1 << n_players, dtype=np.int64)
    return i ^ (i >> 1)


@dataclass(frozen=True, eq=False)
class Plan:
    """The distinct LPs an exact run needs and where each coalition's value comes from.

    ``keys`` (k x n_bytes, uint8) are the distinct non-empty relevant column masks, packed,
    in the order of their first coalition in Gray order; ``index`` (2^n, int64) maps each
    coalition bitmask to its key (-1: nothing to trade, v = 0).
    """

    keys: np.ndarray
    index: np.ndarray
    n_columns: int

    @property
    def n_lps(self) -> int:
        """Number of distinct LPs to solve."""
        return len(self.keys)


def packed_relevant(graph: ColumnGraph, chunk: Chunk) -> np.ndarray:
    """Packed relevant masks (rows) of the coalitions at Gray positions ``chunk``."""
    position = np.arange(chunk.start, chunk.stop, dtype=np.int64)
    relevant = relevant_block(graph, position ^ (position >> 1))
    return np.ascontiguousarray(np.packbits(relevant, axis=0).T)


def make_plan(
    graph: ColumnGraph, n_players: int, *, workers: int = 1, scheduler: str | Any | None = None
) -> Plan:
    """Compute the relevant mask of every coalition, deduplicate, order for warm starts.

    The masks of blocks of coalitions are independent: they are worked out on ``workers``
    processes or a Dask ``scheduler`` (:mod:`corridor.execution`; the same rows either way).
    """
    order = gray_order(n_players)
    blocks = chunk_ranges(len(order), BLOCK)
    parts = run_chunks(packed_relevant, graph, blocks, workers=workers, scheduler=scheduler)
    packed = np.concatenate(parts) if parts else np.zeros((0, graph.n_bytes))
    # key ids by first appearance in Gray order, so consecutive LPs are neighbours
    position_key, first = first_appearance(packed)
    keys = packed[first]
    empty = ~keys.any(axis=1)
    if empty.any():
        empty_rank = int(np.flatnonzero(empty)[0])
        keys = np.delete(keys, empty_rank, axis=0)
        position_key = np.where(
            position_key == empty_rank,
            -1,
            position_key - (position_key > empty_rank),
        )
    index = np.empty(len(order), dtype=np.int64)
    index[order] = position_key
    return Plan(keys=np.ascontiguousarray(keys), index=index, n_columns=graph.n_columns)


def first_appearance(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Id of each row of ``rows`` (uint8) by first appearance, and where each id first is.

    Hash-based (pandas' ``factorize``, linear time) rather than ``np.unique``'s sort of
    byte strings: at 22 players that sort took 12 s of the plan's 27 s (loaded). Rows
    are read as 8-byte words; each word's ids are folded into the ids so far (``codes x
    distinct + part`` stays below 2^48 for 2^24 rows), so the ids are exact.
    """
    words = np.zeros((len(rows), -(-rows.shape[1] // 8) * 8), dtype=np.uint8)
    words[:, : rows.shape[1]] = rows
    codes = np.zeros(len(rows), dtype=np.int64)
    for column in words.view(np.uint64).T:
        part, distinct = pd.factorize(column)
        codes = pd.factorize(codes * len(distinct) + part)[0].astype(np.int64)
    seen = np.maximum.accumulate(codes)
    new = np.ones(len(codes), dtype=bool)
    new[1:] = codes[1:] > seen[:-1]
    return codes, np.flatnonzero(new)


def unpack(keys: np.ndarray, n_columns: int) -> np.ndarray:
    """Packed key rows back to boolean column masks (rows x columns)."""
    return np.unpackbits(keys, axis=1, count=n_columns).astype(bool)


__all__ = [
    "BLOCK",
    "ColumnGraph",
    "Plan",
    "column_graph",
    "first_appearance",
    "gray_order",
    "make_plan",
    "packed_relevant",
    "relevant_block",
    "unpack",
    "usable_block",
]
