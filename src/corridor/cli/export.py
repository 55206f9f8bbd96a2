"""``corridor export``, ``corridor init`` and ``corridor synthetic``: write scenario files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli.checks import check_options
from corridor.cli.common import console, write_atomic
from corridor.cli.scenario_options import ScenarioOptions, scenario_command

OutOpt = Annotated[
    Path | None, typer.Option(help="Write the scenario to FILE (atomically); default stdout.")
]


def _emit(text: str, out: Path | None, what: str) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    write_atomic(out, text)
    console().print(f"wrote {out} ({what})", markup=False)


GeoJsonOpt = Annotated[
    bool,
    typer.Option(
        "--geojson",
        help="Write the network as GeoJSON (RFC 7946: nodes as Points, links as "
        "LineStrings along their waypoints) instead of the TOML scenario.",
    ),
]


@scenario_command(outputs=False, as_of=False)
def export(options: ScenarioOptions, out: OutOpt = None, geojson: GeoJsonOpt = False) -> None:
    """Write a scenario (after --set and --drop) as a TOML file that loads back the same.

    Every source and assumption is kept; an overridden number says so (its assumption
    reads "override on the command line: was ..."). Comments of the original are not.
    With --geojson, the network instead: a FeatureCollection whose links carry id,
    commodity, capacity with its unit, controllers and the route's source.
    """
    loaded = options.load()
    if geojson:
        import json

        from corridor.scenario.geography import feature_collection

        text = json.dumps(feature_collection(loaded), indent=1, ensure_ascii=False) + "\n"
        _emit(text, out, f"network of {loaded.name}, GeoJSON")
        return
    _emit(loaded.to_toml(), out, f"scenario {loaded.name}")


def init(
    name: Annotated[str, typer.Argument(help="Name of the new scenario (an id: a-z, 0-9, -).")],
    out: OutOpt = None,
) -> None:
    """Write a small commented template corridor to start a new case from.

    A seller, a transit country and a buyer, a pipeline given by design and an LNG
    alternative; every number a placeholder with its assumption. `corridor validate`
    accepts it and `corridor run` and `corridor power` run on it.
    """
    from corridor.scenario import loads
    from corridor.scenario.write import template

    text = template(name)
    loads(text, file=str(out or f"{name}.toml"))  # the template must stay valid
    _emit(text, out, "template corridor")


def synthetic(
    players: Annotated[int, typer.Option(help="Number of countries (at least 3).")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the network's random layout.")] = 0,
    world_lng: Annotated[
        bool, typer.Option("--world-lng/--no-world-lng", help="Give consumers an LNG option.")
    ] = True,
    out: OutOpt = None,
) -> None:
    """Write a seeded synthetic transit network (corridor.games.synthetic) as a scenario.

    The same network as transit_network(players, seed) in Python, numbers in internal
    units, for the big-game examples and benchmarks from the command line.
    """
    from corridor.games.synthetic import transit_network

    check_options(players=players)
    network = transit_network(players, seed, world_lng=world_lng)
    _emit(network.to_toml(), out, f"{players} players, seed {seed}")


__all__ = [
    "export",
    "init",
    "synthetic",
]
