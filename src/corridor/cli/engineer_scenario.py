"""``corridor engineer scenario``: the links a scenario gives by design, inputs and derived."""

from __future__ import annotations

import math
from typing import Any

from corridor.cli.common import console
from corridor.cli.scenario_options import ScenarioOptions, scenario_command
from corridor.cli.tables import print_frame

__all__ = ["scenario"]


@scenario_command(as_of=False)
def scenario(options: ScenarioOptions) -> None:
    """Show the links a scenario gives by design: their inputs and the numbers derived."""
    import pandas as pd

    from corridor.exports import NamedTables

    loaded = options.load()
    designed = [link for link in loaded.links if link.design]
    document: dict[str, Any] = {
        "schema": "corridor.engineer.scenario/1",
        "scenario": loaded.name,
        "links": [
            {
                "id": link.id,
                "capacity": link.capacity,
                "unit_cost": link.unit_cost,
                "capex_musd": link.capex_musd,
                "loss_fraction": link.loss_fraction,
                "design": _plain(link.design),
            }
            for link in designed
        ],
    }
    rows = {link.id: _rows(link) for link in designed}
    frames = {
        "links": pd.DataFrame(
            [{k: v for k, v in entry.items() if k != "design"} for entry in document["links"]],
            columns=["id", "capacity", "unit_cost", "capex_musd", "loss_fraction"],
        ),
        "design": pd.DataFrame(
            [(link, *row) for link, found in rows.items() for row in found],
            columns=["link", "what", "name", "value"],
        ).astype({"value": str}),
    }

    def show() -> None:
        if not designed:
            console().print(f"{loaded.name}: no link is given by design")
        for link in designed:
            console().print(f"[bold]{link.id}[/bold]  {link.name}  ({link.design['kind']})")
            print_frame(pd.DataFrame(rows[link.id], columns=["what", "name", "value"]), "")

    options.emit("engineer scenario", loaded.name, NamedTables(frames), show, document=document)


def _rows(link: Any) -> list[tuple[str, str, Any]]:
    """A designed link's inputs, segments or legs, derived numbers and link values."""
    from corridor import units

    design = link.design
    rows = [("input", k, v) for k, v in design["inputs"].items() if v is not None]
    rows += [
        ("segment", s["name"] or f"#{i + 1}", _segment_text(s))
        for i, s in enumerate(design.get("segments", []))
    ]
    rows += [
        ("leg", g["name"] or f"#{i + 1}", _leg_text(g))
        for i, g in enumerate(design.get("legs", []))
    ]
    rows += [("derived", k, v) for k, v in design["derived"].items()]
    if link.commodity == "containers":
        rows += [
            ("link", "capacity (kTEU/yr)", link.capacity),
            ("link", "generalised cost (USD/TEU)", units.from_internal(link.unit_cost, "USD/TEU")),
            ("link", "transit time (d)", link.transit_days),
        ]
    else:
        rows += [
            ("link", "capacity (bcm/yr)", link.capacity),
            ("link", "unit cost (USD/1000m3)", link.unit_cost),
            ("link", "capex (USD m)", link.capex_musd),
            ("link", "loss (fraction)", link.loss_fraction),
        ]
    return rows


def _segment_text(segment: dict[str, Any]) -> str:
    where = "offshore" if segment["offshore"] else "onshore"
    text = f"{segment['length_km']:,.0f} km {where}, cost x{segment['cost_factor']:g}"
    if segment["elevation_profile_km_m"]:
        text += f", profile {segment['elevation_profile_km_m']}"
    return text


def _leg_text(leg: dict[str, Any]) -> str:
    text = f"{leg['mode']} {leg['length_km']:,.0f} km"
    if leg["speed_factor"] != 1.0:
        text += f", speed x{leg['speed_factor']:g}"
    if leg["tariff_factor"] != 1.0:
        text += f", tariff x{leg['tariff_factor']:g}"
    return text


def _plain(value: Any) -> Any:
    """A design mapping as plain JSON (mapping proxies to dicts, NaN/inf to None)."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
