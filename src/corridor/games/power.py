"""Who holds leverage: solution concepts per player, next to published benchmarks.

A *transit actor* owns no supply of the commodity and offers passage: a node of its
territory has links of the commodity both in and out (the overland pipeline enters North
Korea at Hamhung and leaves it), or it controls a link that starts outside its territory
and never reaches it, neither at its end nor further downstream (the route through
China). It has nothing to sell, only passage. Its *implied annual payment* is its
Shapley value (USD m/yr): since it sells nothing, the share of the surplus the Shapley
value gives it must reach it as payments from the others, the fair transit fee of the
bargaining model (a transit actor that also buys some of the gas, as North Korea's
optional offtake in korea-2011, could take part of it in kind). Scenario benchmarks of
kind ``transit_fee`` are shown beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from corridor.errors import InputError
from corridor.games import concepts as c
from corridor.games.sample import SampledShapley
from corridor.games.values import CoalitionValues
from corridor.scenario.model import Scenario

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, eq=False)
class PowerReport:
    """Per-player table and benchmark comparison for one game (one commodity or all).

    ``table`` columns: ``player``, ``transit``, one column per concept (USD m/yr),
    ``shapley_share`` (of v(N) - v(empty)), ``shapley_se`` (sampled only),
    ``implied_payment_musd_per_yr`` (transit actors). ``benchmarks`` rows: ``id``,
    ``actor``, ``value``, ``low``, ``high``, ``source``, ``model_musd_per_yr``.
    """

    commodity: str | None
    players: tuple[str, ...]
    grand_musd_per_yr: float
    table: pd.DataFrame
    benchmarks: pd.DataFrame
    notes: tuple[str, ...] = ()
    shapley_in_core: bool | None = None
    least_core_epsilon: float | None = None


def transit_actors(
    scenario: Scenario, players: Iterable[str], commodity: str | None = None
) -> list[str]:
    """Players that carry others' goods: see the module docstring for the definition."""
    import networkx as nx

    def counts(item_commodity: str) -> bool:
        return commodity is None or item_commodity == commodity

    sellers = {s.owner for s in scenario.supplies if counts(s.commodity)}
    territory = {node.id: node.territory for node in scenario.nodes}
    links = [link for link in scenario.links if counts(link.commodity)]
    into = {link.target for link in links}
    out_of = {link.source for link in links}
    passage: set[str] = set()
    for node in into & out_of:
        if territory.get(node) is not None:
            passage.add(str(territory[node]))
    graph = nx.DiGraph((link.source, link.target) for link in links)
    for link in links:
        # the goods pass through and end elsewhere: not the destination's own consent
        ahead = {link.source, link.target} | nx.descendants(graph, link.target)
        reached = {territory.get(node) for node in ahead}
        passage |= {a for a in link.control if a not in reached}
    return [p for p in players if p in passage and p not in sellers]


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
) -> PowerReport:
    """Concepts per player from exact ``values`` (or only Shapley from ``sampled``).

    ``commodity`` names the game's commodity for a sampled run (exact values carry it).
    Transit-fee benchmarks are shown for games over all commodities or a gas commodity.
    """
    chosen = tuple(concepts)
    if values is not None:
        commodity = values.commodity
    notes: list[str] = []
    in_core = epsilon = None
    if values is not None:
        players = values.players
        grand = float(values.values[-1] - values.values[0])
        columns: dict[str, pd.Series] = {"shapley": c.shapley(values)}
        for concept in chosen:
            if concept == "banzhaf":
                columns["banzhaf"] = c.banzhaf(values)
            elif concept == "nucleolus":
                columns["nucleolus"] = c.nucleolus(values)
            elif concept == "least_core":
                core = c.least_core(values)
                columns["least_core"] = core.allocation
                epsilon = core.epsilon
                in_core = c.in_core(values, columns["shapley"])
            elif concept == "myerson":
                graph = c.communication_graph(scenario, players)
                columns["myerson"] = c.myerson(values, graph)
        table = pd.DataFrame({k: v.to_numpy() for k, v in columns.items()}, index=list(players))
    elif sampled is not None:
        players = sampled.players
        grand = sampled.grand
        table = pd.DataFrame(
            {"shapley": sampled.value.to_numpy(), "shapley_se": sampled.standard_error.to_numpy()},
            index=list(players),
        )
        skipped = [x for x in chosen if x != "shapley"]
        if skipped:
            notes.append(
                f"sampled run: only the Shapley value is estimated ({', '.join(skipped)} "
                "need every coalition value: use the exact method)"
            )
    else:
        raise InputError("power_report needs exact values or a sampled Shapley value")
    table.insert(0, "player", list(players))
    transit = set(transit_actors(scenario, players, commodity))
    table.insert(1, "transit", [p in transit for p in players])
    table["shapley_share"] = table["shapley"] / grand if grand else 0.0
    table["implied_payment_musd_per_yr"] = table["shapley"].where(table["transit"])
    table = table.reset_index(drop=True)
    rows = []
    gas_game = commodity is None or scenario.commodity(commodity).kind == "gas"
    for bench in scenario.benchmarks if gas_game else ():
        if bench.kind != "transit_fee" or bench.actor not in players:
            continue
        model_value = float(table.loc[table["player"] == bench.actor, "shapley"].iloc[0])
        rows.append(
            {
                "id": bench.id,
                "actor": bench.actor,
                "value": bench.value,
                "low": bench.low,
                "high": bench.high,
                "source": str(bench.provenance),
                "model_musd_per_yr": model_value,
            }
        )
    benchmarks = pd.DataFrame(
        rows, columns=["id", "actor", "value", "low", "high", "source", "model_musd_per_yr"]
    )
    return PowerReport(
        commodity=commodity,
        players=tuple(players),
        grand_musd_per_yr=grand,
        table=table,
        benchmarks=benchmarks,
        notes=tuple(notes),
        shapley_in_core=in_core,
        least_core_epsilon=epsilon,
    )


__all__ = [
    "PowerReport",
    "parse_concepts",
    "power_report",
    "transit_actors",
]
