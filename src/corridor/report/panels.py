"""Panels: an analysis run on a scenario, as figures, tables and notes.

A :class:`Panel` is what the HTML report shows in one section and what the web API
returns for one job, so the report and the dashboard show the same figures. Builders run
the stage's public functions and pass their results to :mod:`corridor.report.figures`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from corridor.analyses import LIMITS
from corridor.market import MarketResult
from corridor.report import figures
from corridor.report.map import network_map
from corridor.report.sankey import flow_sankeys
from corridor.scenario.model import PRICE_UNIT, Scenario
from corridor.scenario.negotiation_model import Negotiation

Progress = Callable[[float], None]
"""Callback taking the share of work done (0–1); it may raise to cancel the work."""

ANALYSES: tuple[str, ...] = ("run", "power", "deal", "risk", "negotiate", "timeline")
"""Analyses in the order the report shows them (the CLI command names)."""


@dataclass(frozen=True)
class Panel:
    """One analysis as shown: ``figures`` (name, figure), ``tables`` (title, frame), notes."""

    key: str
    title: str
    figures: tuple[tuple[str, go.Figure], ...] = ()
    tables: tuple[tuple[str, pd.DataFrame], ...] = ()
    notes: tuple[str, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)
    # the analyses' own results, for the report's summary (corridor.report.summary); not JSON
    results: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form: figures as plotly JSON dicts, tables as column lists and rows."""
        return {
            "key": self.key,
            "title": self.title,
            "figures": [
                {"name": name, "figure": fig.to_plotly_json()} for name, fig in self.figures
            ],
            "tables": [
                {"title": title, "columns": [str(c) for c in frame.columns], "rows": _rows(frame)}
                for title, frame in self.tables
            ],
            "notes": list(self.notes),
            "summary": self.summary,
        }


def _rows(frame: pd.DataFrame) -> list[list[Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    out = []
    for row in clean.itertuples(index=False):
        out.append([v.item() if hasattr(v, "item") else v for v in row])
    return out


def report_share(progress: Progress | None, share: float) -> None:
    """Tell ``progress`` (when given) that ``share`` (0–1) of a panel's work is done."""
    if progress is not None:
        progress(share)


# --- market -------------------------------------------------------------------------------
def run_panel(
    scenario: Scenario, coalition: list[str] | None = None, progress: Progress | None = None
) -> Panel:
    """Solve the market LP and show the map, the flow Sankey, the welfare split and tables."""
    from corridor import analyses

    report_share(progress, 0.1)
    result = analyses.run(scenario, coalition).result
    report_share(progress, 0.8)
    panel = market_panel(scenario, result)
    report_share(progress, 1.0)
    return panel


def market_panel(scenario: Scenario, result: MarketResult) -> Panel:
    """The market result as figures and tables (welfare USD m/yr, internal units)."""
    used = result.flows[(result.flows["flow"] > 0) | result.flows["usable"]]
    flows = used[["link", "from", "to", "control", "status", "flow", "capacity", "utilisation",
                  "unit_cost_with_capex", "congestion_rent_musd_per_yr"]].copy()  # fmt: skip
    prices = result.prices.copy()
    split = result.actor_welfare.copy()
    subsea, subsea_notes = subsea_designs(scenario)
    return Panel(
        key="run",
        title="Market: flows, prices and the welfare split",
        figures=(
            ("map", network_map(scenario, result)),
            *flow_sankeys(scenario, result),
            ("welfare", figures.welfare_split(result)),
        ),
        tables=(
            ("Flows by link (quantities in internal units)", flows.round(3)),
            ("Node prices", prices.round(2)),
            ("Welfare by actor (USD m/yr)", split.round(2)),
            *(
                (("Subsea lines designed by depth (DNV-ST-F101 walls)", subsea),)
                if len(subsea)
                else ()
            ),
        ),
        notes=(
            f"coalition: {', '.join(sorted(result.coalition))}; total welfare "
            f"{result.welfare_musd_per_yr:,.1f} USD m/yr",
            "prices in " + ", ".join(sorted({PRICE_UNIT[c.kind] for c in scenario.commodities})),
            *subsea_notes,
        ),
        summary={
            "welfare_musd_per_yr": round(result.welfare_musd_per_yr, 6),
            "coalition": sorted(result.coalition),
        },
    )


def subsea_designs(scenario: Scenario) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Subsea segments given by depth: a table, and a sentence each on wall and experience."""
    rows, notes = [], []
    for link in scenario.links:
        design = link.design or {}
        derived = design.get("derived", {})
        for r in design.get("subsea", []):
            rows.append(
                {
                    "link": link.id,
                    "segment": r["segment"],
                    "size_in": derived["nominal_size_in"],
                    "max_depth_m": r["max_depth_m"],
                    "wall_mm": r["wall_mm"],
                    "binding_check": r["binding_check"],
                    "d_over_t": round(r["d_over_t"], 2),
                    "steel_t": round(r["steel_t"]),
                    "capex_musd": round(r["total_musd"], 1),
                    "extrapolation": r["extrapolation"],
                }
            )
            built = (
                f"deeper than the deepest built line of this diameter or larger "
                f"({r['deepest_built']}, {r['deepest_built_m']:,.0f} m): an extrapolation"
                if r["extrapolation"] and r["deepest_built"]
                else "within built experience"
            )
            notes.append(
                f"{link.id}: {r['segment']}, {derived['nominal_size_in']} in with a "
                f"{r['wall_mm']:g} mm {r['steel_grade']} wall set by {r['binding_check']} at "
                f"{r['max_depth_m']:,.0f} m; {built}"
            )
    return pd.DataFrame(rows), tuple(notes)


# --- negotiation --------------------------------------------------------------------------
def negotiate_panel(
    negotiation: Negotiation,
    rounds: int = LIMITS.rounds,
    progress: Progress | None = None,
    source: str = "",
) -> Panel:
    """Run every negotiation model; show forecasts by model and each model's round history."""
    from corridor import analyses

    results = analyses.negotiate(negotiation, rounds=rounds).results
    report_share(progress, 1.0)
    names = {i.id: i.name for i in negotiation.issues}
    quo = {i.id: i.status_quo for i in negotiation.issues}
    figs: list[tuple[str, go.Figure]] = [
        (
            "forecasts",
            figures.negotiation_forecasts({n: r.forecast for n, r in results.items()}, names, quo),
        )
    ]
    for name, result in results.items():
        if result.trajectory["round"].nunique() > 1:
            figs.append((f"rounds-{name}", figures.negotiation_rounds(name, result.trajectory)))
    table = pd.concat([r.forecast for r in results.values()], ignore_index=True)
    scale = [(i.id, i.name, i.low_label, i.high_label, i.status_quo) for i in negotiation.issues]
    notes = [f"{i.id}: 0 = {i.low_label}; 100 = {i.high_label}" for i in negotiation.issues]
    notes.append(
        "forecast rule: the iterated models (eu, exchange) stop when the positions converge "
        "or cycle; a cycle's forecast is the mean over it (forecast_low–forecast_high its "
        "range); 'round cap' means not converged (status, rounds and period in the table)"
    )
    notes.extend(
        f"{row.model}, {row.issue}: {row.status}"
        + (
            f" (period {row.period}, {row.forecast_low:.1f}–{row.forecast_high:.1f})"
            if row.period > 1
            else ""
        )
        + f" at round {row.rounds}"
        for row in table.itertuples()
        if row.status not in ("static", "converged")
    )
    if source:
        notes.insert(0, f"issues and stances from {source}")
    return Panel(
        key="negotiate",
        title="Negotiation: forecasts and round histories",
        figures=tuple(figs),
        tables=(
            (
                "Issues",
                pd.DataFrame(scale, columns=["issue", "name", "0 =", "100 =", "status quo"]),
            ),
            ("Forecasts by model (0–100)", table.round(2)),
        ),
        notes=tuple(notes),
        summary={
            name: {row.issue: _round(row.forecast) for row in r.forecast.itertuples()}
            for name, r in results.items()
        },
        results={"negotiate": results},
    )


def _round(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else round(number, 4)


# --- sources ------------------------------------------------------------------------------
def sources_frame(scenario: Scenario) -> pd.DataFrame:
    """Every number's provenance: item, field, source or assumption, and an assumption flag."""
    rows = [
        (path, name, source or "", assumption or "", source is None)
        for path, name, source, assumption in scenario.sources_table()
    ]
    return pd.DataFrame(rows, columns=["item", "field", "source", "assumption", "is_assumption"])


def sources_panel(scenario: Scenario) -> Panel:
    """The list of sources, every assumption flagged."""
    frame = sources_frame(scenario)
    flagged = int(frame["is_assumption"].sum())
    return Panel(
        key="sources",
        title="Sources and assumptions",
        tables=(("Provenance of every number", frame),),
        notes=(f"{len(frame)} numbers: {len(frame) - flagged} sourced, {flagged} assumptions",),
        summary={"numbers": len(frame), "assumptions": flagged},
    )


__all__ = [
    "ANALYSES",
    "Panel",
    "Progress",
    "market_panel",
    "negotiate_panel",
    "report_share",
    "run_panel",
    "sources_frame",
    "sources_panel",
    "subsea_designs",
]
