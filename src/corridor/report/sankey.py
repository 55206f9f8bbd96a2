"""One Sankey per traded commodity: supplies → nodes → links → nodes → demands, in its unit.

A diagram adds its bands' widths, so one commodity per diagram (bcm/yr and kTEU/yr do not
add up).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from corridor.market import MarketResult
from corridor.report.figures import styled_layout
from corridor.scenario.model import QUANTITY_UNIT, Scenario

__all__ = ["FLOW_TOLERANCE", "flow_sankey", "flow_sankeys", "traded_commodities"]

FLOW_TOLERANCE = 1e-9
"""Amounts at or below this are left out (LP round-off, not flows)."""


def traded_commodities(result: MarketResult) -> list[str]:
    """Commodities with any supply, flow or demand in the solution, supplies' order first."""
    amounts = (
        (result.supply, "produced"),
        (result.flows, "flow"),
        (result.demand, "served"),
    )
    order: list[str] = []
    for frame, column in amounts:
        if not len(frame):
            continue
        for commodity in frame.loc[frame[column] > FLOW_TOLERANCE, "commodity"]:
            if commodity not in order:
                order.append(str(commodity))
    return order


def flow_sankey(scenario: Scenario, result: MarketResult, commodity: str) -> go.Figure:
    """Sankey of one commodity: supplies → nodes → links → nodes → demands, in its unit.

    One commodity per diagram, as its quantities share one unit (bcm/yr and kTEU/yr do
    not add up). Each link's ``customdata`` is (element kind, id): a supply, link or
    demand of ``commodity``.
    """
    unit = QUANTITY_UNIT[scenario.commodity(commodity).kind]
    labels: list[str] = []
    index: dict[str, int] = {}

    def at(key: str, label: str) -> int:
        if key not in index:
            index[key] = len(labels)
            labels.append(label)
        return index[key]

    source, target, value, element = [], [], [], []

    def add(a: int, b: int, amount: float, kind: str, ident: str) -> None:
        if amount > FLOW_TOLERANCE:
            source.append(a)
            target.append(b)
            value.append(amount)
            element.append([kind, ident])

    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["commodity"] == commodity] if len(frame) else frame

    for row in rows(result.supply).itertuples(index=False):
        add(
            at(f"s:{row.supply}", f"{row.supply} ({row.owner or 'open'})"),
            at(f"n:{row.node}", row.node),
            float(row.produced),
            "supply",
            str(row.supply),
        )
    for row in rows(result.flows).itertuples(index=False):
        add(at(f"n:{row._1}", row._1), at(f"n:{row.to}", row.to), float(row.flow), "link",
            str(row.link))  # fmt: skip
    for row in rows(result.demand).itertuples(index=False):
        add(
            at(f"n:{row.node}", row.node),
            at(f"d:{row.demand}", f"{row.demand} ({row.owner or 'open'})"),
            float(row.served),
            "demand",
            str(row.demand),
        )
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "pad": 14, "thickness": 14},
            link={
                "source": source,
                "target": target,
                "value": value,
                "customdata": element,
                "hovertemplate": "%{customdata[0]} %{customdata[1]}: %{value:,.2f} "
                + unit
                + "<extra></extra>",
            },
        )
    )
    fig.update_layout(meta={"commodity": commodity, "unit": unit})
    return styled_layout(fig, f"Flows of {commodity} ({unit})", height=460)


def flow_sankeys(scenario: Scenario, result: MarketResult) -> list[tuple[str, go.Figure]]:
    """One Sankey per traded commodity (:func:`flow_sankey`), named ``sankey-<commodity>``."""
    return [
        (f"sankey-{commodity}", flow_sankey(scenario, result, commodity))
        for commodity in traded_commodities(result)
    ]
