"""Who holds leverage: concepts per player, shares of the gains from cooperation, reasons.

Beside each player's solution concepts: its role in the network, the reason for its value
and the published benchmarks.

Shares. v(N) includes surplus that needs no cooperation at all (in korea-2011, Korea and
Japan buying world LNG on their own), so shares of v(N) overstate what a corridor is
worth to share. Each player's *stand-alone value* is v({i}) - v(empty set); the *gains from
cooperation* are G = v(N) - v(empty set) - sum of stand-alone values (the zero-normalised
game's v(N) less what every player gets alone). A concept's *gain share* is
(x_i - stand-alone_i) / G: how much of the gains it gives player i. For an efficient
allocation (Shapley value, nucleolus, least core; Myerson on a connected communication
graph) the gain shares add up to 1; the Banzhaf value is not efficient, so its shares need
not. ``shapley_share`` (of v(N) - v(empty set)) is kept for comparison.

Roles (:mod:`corridor.games.roles`): seller, transit, buyer from the paths used in the
grand coalition's optimum. A transit actor's *implied annual payment* is its Shapley value
less its own market surplus in the grand optimum (on the supplies and demands it owns, at
the optimum's node prices): what its share of the gains must reach it as payments from
the others, the fair transit fee of the bargaining model. A transit actor that also buys
(North Korea's optional offtake in korea-2011) takes that part in kind. (Up to this
version the payment was the whole Shapley value; the two agree when the actor trades
nothing of its own in the optimum, as North Korea does not in korea-2011.) Scenario
benchmarks of kind ``transit_fee`` are shown beside it.

Reasons (:mod:`corridor.games.why`): v(N) - v(N without i) and what changes when i leaves,
for exact runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.games import concepts as c
from corridor.games.plan import column_graph, usable_block
from corridor.games.roles import role_label, roles
from corridor.games.values import CoalitionValues
from corridor.games.why import Reason, explain, solve_game
from corridor.market import MarketModel
from corridor.scenario.model import Scenario

if TYPE_CHECKING:  # sampling's module loads only when a game is sampled (start-up)
    from corridor.games.sample import SampledShapley

_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class PowerReport:
    """Per-player table, shares of the gains from cooperation, reasons and benchmarks.

    One game (one commodity or all). ``grand_musd_per_yr`` is v(N) - v(empty set) and
    ``gains_musd_per_yr`` G = v(N) - sum of v({i}) in the zero-normalised game (USD m/yr).
    ``table`` columns: ``player``; ``role`` (e.g. ``"transit+buyer"``) and ``transit``
    (bool); ``standalone`` (v({i}) - v(empty set)) and ``marginal`` (v(N) - v(N without
    i)); one column per concept (USD m/yr) and ``<concept>_gain_share`` ((x_i -
    standalone_i) / G; NaN when G = 0); ``shapley_share`` (of v(N) - v(empty set));
    ``shapley_se`` (sampled only); ``implied_payment_musd_per_yr`` (transit actors only,
    see the module docstring). ``benchmarks`` rows: ``id``, ``actor``, ``value``, ``low``,
    ``high``, ``source``, ``model_musd_per_yr``. ``reasons``: one :class:`Reason` per
    player (exact runs; empty for sampled ones, with a note).
    """

    commodity: str | None
    players: tuple[str, ...]
    grand_musd_per_yr: float
    table: pd.DataFrame
    benchmarks: pd.DataFrame
    notes: tuple[str, ...] = ()
    shapley_in_core: bool | None = None
    least_core_epsilon: float | None = None
    gains_musd_per_yr: float = 0.0
    reasons: tuple[Reason, ...] = ()


def transit_actors(
    scenario: Scenario, players: Iterable[str], commodity: str | None = None
) -> list[str]:
    """Players with a structural transit role (:func:`corridor.games.roles.roles`)."""
    held = roles(scenario, players, commodity)
    return [p for p, r in held.items() if "transit" in r]


def standalone_values(values: CoalitionValues) -> pd.Series:
    """v({i}) - v(empty set) per player, USD m/yr."""
    base = float(values.values[0])
    return pd.Series(
        [float(values.values[1 << i]) - base for i in range(values.n)],
        index=list(values.players),
        name="standalone_musd_per_yr",
    )


def gains_from_cooperation(values: CoalitionValues) -> float:
    """G = v(N) - sum of v({i}) in the zero-normalised game, USD m/yr."""
    return float(values.values[-1] - values.values[0] - standalone_values(values).sum())


def gain_shares(allocation: pd.Series, standalone: pd.Series, gains: float) -> pd.Series:
    """(x_i - standalone_i) / G per player (NaN when G is zero)."""
    if abs(gains) <= _TOL:
        return pd.Series(np.nan, index=allocation.index)
    return (allocation - standalone.reindex(allocation.index)) / gains


def parse_concepts(text: str | None) -> tuple[str, ...]:
    """``"shapley,nucleolus"`` into a tuple of known concept names (None: all of them)."""
    if text is None:
        return c.CONCEPTS
    chosen = tuple(item.strip().replace("-", "_") for item in text.split(",") if item.strip())
    unknown = [x for x in chosen if x not in c.CONCEPTS]
    if unknown or not chosen:
        raise InputError(
            f"unknown concept(s) {', '.join(unknown) or text!r} (known: {', '.join(c.CONCEPTS)})",
            parameter="concepts",
        )
    return chosen


def power_report(
    scenario: Scenario,
    values: CoalitionValues | None = None,
    *,
    sampled: SampledShapley | None = None,
    concepts: Iterable[str] = c.CONCEPTS,
    commodity: str | None = None,
    model: MarketModel | None = None,
    reasons: bool = True,
) -> PowerReport:
    """Concepts per player from exact ``values`` (or only Shapley from ``sampled``).

    ``commodity`` names the game's commodity for a sampled run (exact values carry it).
    ``model`` reuses a built market model of ``scenario`` (the grand optimum gives the
    roles and own surpluses; a sampled run also solves v(empty set), v({i}) and v(N
    without i) exactly, 2n + 1 LPs). Transit-fee benchmarks are shown for games over all
    commodities or a gas commodity. ``reasons=False`` skips the per-player reasons (their
    LPs are most of a small game's time; a sweep reads only the numbers).
    """
    chosen = tuple(concepts)
    if values is not None:
        commodity = values.commodity
    model = model or MarketModel(scenario)
    notes: list[str] = []
    in_core = epsilon = None
    why: tuple[Reason, ...] = ()
    if values is not None:
        players = values.players
        grand = float(values.values[-1] - values.values[0])
        columns: dict[str, np.ndarray] = {"shapley": c.shapley(values).to_numpy()}
        for concept in chosen:
            if concept == "banzhaf":
                columns["banzhaf"] = c.banzhaf(values).to_numpy()
            elif concept == "nucleolus":
                columns["nucleolus"] = c.nucleolus(values).to_numpy()
            elif concept == "least_core":
                core = c.least_core(values)
                columns["least_core"] = core.allocation.to_numpy()
                epsilon = core.epsilon
                in_core = c.in_core(values, pd.Series(columns["shapley"], index=list(players)))
            elif concept == "myerson":
                edges = c.communication_edges(scenario, players)
                columns["myerson"] = c.myerson(values, edges).to_numpy()
        n = len(players)
        full = (1 << n) - 1
        alone = standalone_values(values)
        marginal = [
            values.grand - float(values.values[full & ~(1 << i)]) for i in range(len(players))
        ]
        why = explain(scenario, values, model=model) if reasons else ()
    elif sampled is not None:
        players = sampled.players
        grand = sampled.grand
        columns = {
            "shapley": sampled.value.to_numpy(),
            "shapley_se": sampled.standard_error.to_numpy(),
        }
        skipped = [x for x in chosen if x != "shapley"]
        if skipped:
            notes.append(
                f"sampled run: only the Shapley value is estimated ({', '.join(skipped)} "
                "need every coalition value: use the exact method)"
            )
        alone, marginal = _exact_standalone_and_marginal(model, players, commodity)
        notes.append("sampled run: no reasons (they need the exact method)")
    else:
        raise InputError("power_report needs exact values or a sampled Shapley value")
    gains = float(grand - alone.sum())
    optimum = solve_game(model, players, players, commodity)
    held = roles(scenario, players, commodity, flows=optimum.flow_by_link())
    table = _players_table(players, held, alone.to_numpy(), marginal, columns, grand, gains,
                           [optimum.own_surplus_musd_per_yr(p) for p in players])  # fmt: skip
    return PowerReport(
        commodity=commodity,
        players=tuple(players),
        grand_musd_per_yr=grand,
        table=table,
        benchmarks=_benchmarks(scenario, commodity, players, columns["shapley"]),
        notes=tuple(notes),
        shapley_in_core=in_core,
        least_core_epsilon=epsilon,
        gains_musd_per_yr=gains,
        reasons=why,
    )


def _players_table(
    players: tuple[str, ...],
    held: dict[str, tuple[str, ...]],
    standalone: np.ndarray,
    marginal: list[float],
    allocations: dict[str, np.ndarray],
    grand: float,
    gains: float,
    own: list[float],
) -> pd.DataFrame:
    """:class:`PowerReport`'s ``table``, built in one go from its columns.

    (Inserting and assigning column by column was most of a report's time.)
    """
    shapley = allocations["shapley"]
    transit = np.array(["transit" in held[p] for p in players], dtype=bool)
    columns: dict[str, object] = {
        "player": list(players),
        "role": [role_label(held[p]) for p in players],
        "transit": transit,
        "standalone": standalone,
        "marginal": np.asarray(marginal, dtype=float),
        **allocations,
    }
    for concept in c.CONCEPTS:
        if concept in allocations:
            columns[f"{concept}_gain_share"] = (
                np.full(len(players), np.nan)
                if abs(gains) <= _TOL
                else (allocations[concept] - standalone) / gains
            )  # as gain_shares
    columns["shapley_share"] = shapley / grand if grand else np.zeros(len(players))
    columns["implied_payment_musd_per_yr"] = np.where(
        transit, shapley - np.asarray(own, dtype=float), np.nan
    )
    return pd.DataFrame(columns)


def _exact_standalone_and_marginal(
    model: MarketModel, players: tuple[str, ...], commodity: str | None
) -> tuple[pd.Series, list[float]]:
    """v({i}) - v(empty set) and v(N) - v(N without i) by 2n + 1 LPs (sampled runs)."""
    n = len(players)
    full = (1 << n) - 1
    coalitions = np.array(
        [0, full, *(1 << i for i in range(n)), *(full & ~(1 << i) for i in range(n))],
        dtype=np.int64,
    )
    usable = usable_block(column_graph(model, players, commodity), coalitions)
    found = np.array([model.welfare_of_usable(usable[:, k]) for k in range(len(coalitions))])
    empty, grand = found[0], found[1]
    alone = pd.Series(found[2 : 2 + n] - empty, index=list(players), name="standalone_musd_per_yr")
    return alone, list(grand - found[2 + n :])


def _benchmarks(
    scenario: Scenario, commodity: str | None, players: tuple[str, ...], shapley: np.ndarray
) -> pd.DataFrame:
    rows = []
    gas_game = commodity is None or scenario.commodity(commodity).kind == "gas"
    value_of = dict(zip(players, shapley.tolist(), strict=True))
    for bench in scenario.benchmarks if gas_game else ():
        if bench.kind != "transit_fee" or bench.actor not in players:
            continue
        rows.append(
            (bench.id, bench.actor, bench.value, bench.low, bench.high, str(bench.provenance),
             value_of[bench.actor])
        )  # fmt: skip
    return pd.DataFrame(
        rows, columns=["id", "actor", "value", "low", "high", "source", "model_musd_per_yr"]
    )


__all__ = [
    "PowerReport",
    "gain_shares",
    "gains_from_cooperation",
    "parse_concepts",
    "power_report",
    "standalone_values",
    "transit_actors",
]
