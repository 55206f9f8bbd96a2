"""The report's timeline panel: values, leverage and deal NPVs through the regimes.

It draws :func:`corridor.analyses.timeline`'s result (the same as ``corridor timeline``):
one figure per game with each actor's Shapley value as a step line over time and the
regimes as shaded bands named at the top, and the deal NPVs per regime the same way.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go

from corridor.report.figures import PALETTE, styled_layout
from corridor.report.panels import Panel, Progress, report_share

if TYPE_CHECKING:
    from corridor.analyses import StagedAnalysis, TimelineAnalysis
    from corridor.scenario.model import Scenario

__all__ = ["regime_steps", "timeline_panel"]

_BAND = "rgba(120, 120, 120, 0.10)"


def timeline_panel(scenario: Scenario, progress: Progress | None = None,
                   stage: str = "both") -> Panel:  # fmt: skip
    """Power (both stages) and the deal per regime, drawn against time with regime bands."""
    from corridor import analyses

    def step(done: int, total: int) -> None:
        report_share(progress, done / max(total, 1))

    done = analyses.timeline(scenario, stage=stage, progress=step)
    values = done.values()
    figs: list[tuple[str, go.Figure]] = []
    for (commodity, stage_name), frame in values.groupby(["commodity", "stage"], sort=False):
        title = f"{commodity}, {stage_name}: Shapley value by regime (USD m/yr)"
        fig = regime_steps(done, frame, "shapley_musd_per_yr", title, "USD m/yr")
        figs.append((f"timeline-{commodity}-{stage_name}", fig))
    npvs = done.deal_npvs()
    if not npvs.empty:
        figs.append(("timeline-deal", regime_steps(
            done, npvs, "npv_musd", "Deal NPV by regime (USD m; zero where the deal is blocked)",
            "USD m",
        )))  # fmt: skip
    regimes = done.regimes()
    leverage = values.pivot_table(index=["regime"], columns=["commodity", "stage", "actor"],
                                  values="leverage_musd_per_yr", sort=False)  # fmt: skip
    leverage.columns = [" ".join(map(str, c)) for c in leverage.columns]
    tables: tuple[tuple[str, pd.DataFrame], ...] = (
        ("Regimes, their sources and what each changes",
         regimes[["regime", "name", "start", "end", "closed", "unlawful_payments_to", "set",
                  "deal_blocked", "source", "note"]]),
        ("Leverage by regime: Shapley value less standalone value (USD m/yr)",
         leverage.reset_index().round(1)),
    )  # fmt: skip
    staged, staged_tables = _staged(scenario)
    tables += staged_tables
    notes = (
        "each regime's world is the scenario with that regime's changes; closed links carry "
        "nothing, and an actor no one may lawfully pay has all its links closed",
        "a blocked deal is not signed: every NPV is zero, the buyer's against its LNG baseline",
    )
    return Panel("timeline", "Timeline: regimes, value and leverage", tuple(figs), tables,
                 notes, summary=_summary(done, staged), results={"timeline": done})  # fmt: skip


def _summary(done: TimelineAnalysis, staged: StagedAnalysis | None) -> dict[str, Any]:
    """Shapley values by regime, stage, commodity and actor; deal and staged NPVs (USD m)."""
    shapley: dict[str, Any] = {}
    for row in done.values().itertuples():
        by_stage = shapley.setdefault(str(row.regime), {}).setdefault(str(row.stage), {})
        by_stage.setdefault(str(row.commodity), {})[str(row.actor)] = float(row.shapley_musd_per_yr)
    npvs: dict[str, dict[str, float]] = {}
    for row in done.deal_npvs().itertuples():
        npvs.setdefault(str(row.regime), {})[str(row.actor)] = float(row.npv_musd)
    return {
        "shapley_musd_per_yr": shapley,
        "deal_npv_musd": npvs,
        "staged_npv_musd": None
        if staged is None
        else {k: float(v) for k, v in staged.comparison().items()},
    }


def _staged(
    scenario: Scenario,
) -> tuple[StagedAnalysis | None, tuple[tuple[str, pd.DataFrame], ...]]:
    """The staged build plan (``corridor staged``): the year each option link is built."""
    from corridor import analyses
    from corridor.errors import Unavailable

    try:
        staged = analyses.staged(scenario)
    except Unavailable:
        return None, ()
    plan = staged.plan.builds
    years = staged.plan.build_year()
    npv = staged.comparison()
    built = pd.DataFrame({
        "link": plan["link"], "commodity": plan["commodity"],
        "capex_musd": plan["capex_musd"].round(0),
        "built": [str(years[link]) if years[link] else "never" for link in plan["link"]],
        "regime": plan["build_period"].fillna(""),
    })  # fmt: skip
    title = (
        f"Staged build plan (a MILP over the regimes, perfect foresight): NPV "
        f"{npv['staged']:,.0f} USD m, against {npv['static_now']:,.0f} for building now "
        f"what the static model builds and {npv['everything_now']:,.0f} for every option now"
    )
    return staged, ((title, built),)


def regime_steps(done: TimelineAnalysis, frame: pd.DataFrame, column: str, title: str,
                 axis_title: str) -> go.Figure:  # fmt: skip
    """``column`` per actor of ``frame`` (rows by ``regime``) as steps over the regime bands."""
    periods = done.periods
    last = periods[-1].regime
    end = last.end or date(last.start.year + 1, last.start.month, 1)
    fig = go.Figure()
    for k, period in enumerate(periods):
        fig.add_vrect(
            x0=period.regime.start.isoformat(), x1=(period.regime.end or end).isoformat(),
            fillcolor=_BAND if k % 2 == 0 else "rgba(0,0,0,0)", line_width=0,
            annotation_text=period.regime.id, annotation_position="top left",
            annotation_textangle=-60, annotation_font_size=9,
        )  # fmt: skip
    starts = {p.regime.id: p.regime.start.isoformat() for p in periods}
    for k, (actor, rows) in enumerate(frame.groupby("actor", sort=False)):
        by_regime = rows.set_index("regime")[column]
        x = [starts[p.regime.id] for p in periods] + [end.isoformat()]
        y = [float(by_regime.get(p.regime.id, float("nan"))) for p in periods]
        fig.add_trace(go.Scatter(
            x=x, y=[*y, y[-1]], name=str(actor), mode="lines", line_shape="hv",
            line={"color": PALETTE[k % len(PALETTE)]},
        ))  # fmt: skip
    fig.update_yaxes(title=axis_title)
    styled_layout(fig, title, height=460)
    fig.update_layout(margin={"t": 130})  # room for the regimes' names above the plot
    return fig
