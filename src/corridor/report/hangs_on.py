"""What a transit actor's value hangs on: its value along the top input of its tornado.

The tornado (:mod:`corridor.tornado`) moves each ranged input to its two ends; this line
walks the input with the largest swing from its low to its high end in
:data:`SENSITIVITY_POINTS` steps and plays the power games at each (ex-ante beside
ex-post), so a reader sees where the value turns, not only its two ends. Each point's
overrides lie on the segment between the tornado's own overrides for the two ends: every
number that differs between them is interpolated linearly, which is exact for a file's
ranged number and for the engineering unit costs (each is a segment's ``cost_factor`` or
a pipeline key, linear in the unit cost).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from corridor.scenario.model import Scenario
    from corridor.tornado import RangedInput, Tornado

__all__ = ["SENSITIVITY_POINTS", "between", "hangs_on", "value_along"]

SENSITIVITY_POINTS = 7
"""Points of the line from an input's low to its high end (each a power run)."""

_ORIGIN = "report: what the value hangs on"
STAGES = ("ex-ante", "ex-post")


def between(low: Any, high: Any, t: float) -> Any:
    """The overrides at fraction ``t`` of the way from ``low`` to ``high`` (0 and 1: the ends).

    Numbers that differ are interpolated; mappings and lists element by element; other
    values that differ (the assumption texts of the two ends) say where the point lies.
    """
    if isinstance(low, bool) or isinstance(high, bool):
        return low if t < 0.5 else high
    if isinstance(low, int | float) and isinstance(high, int | float):
        return low if low == high else low + t * (high - low)
    if isinstance(low, Mapping) and isinstance(high, Mapping):
        return {k: between(low[k], high[k], t) if k in high else low[k] for k in low}
    if isinstance(low, list | tuple) and isinstance(high, list | tuple) and len(low) == len(high):
        return [between(a, b, t) for a, b in zip(low, high, strict=True)]
    if low == high:
        return low
    return f"{_ORIGIN}: {t:.3g} of the way from the input's low to its high end"


def value_along(
    scenario: Scenario, ranged: RangedInput, actor: str, commodity: str,
    points: int = SENSITIVITY_POINTS,
) -> tuple[list[float], dict[str, list[float]]]:  # fmt: skip
    """The input's values (its unit) and ``actor``'s Shapley value per stage at each."""
    from corridor.metrics import evaluate

    xs: list[float] = []
    ys: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for k in range(points):
        t = k / (points - 1)
        overrides = between(dict(ranged.at_low), dict(ranged.at_high), t)
        found = evaluate(
            scenario.with_overrides(overrides, origin=_ORIGIN),
            [f"power.{commodity}.{stage}.shapley.{actor}" for stage in STAGES],
        )
        xs.append(ranged.low + t * (ranged.high - ranged.low))
        for stage, value in zip(STAGES, found.values(), strict=True):
            ys[stage].append(value)
    return xs, ys


def hangs_on(scenario: Scenario, result: Tornado) -> list[tuple[str, go.Figure]]:
    """Per transit actor of the tornado, its value along its top input (largest swing)."""
    import plotly.graph_objects as go

    from corridor.report.figures import PALETTE, styled_layout

    inputs = {i.path: i for i in result.inputs}
    figs = []
    for actor in dict.fromkeys(result.table["actor"]):
        rows = result.table[(result.table["actor"] == actor)
                            & (result.table["swing_musd_per_yr"] > 0)]  # fmt: skip
        if rows.empty:
            continue
        top = rows.iloc[0]
        ranged = inputs[str(top["input"])]
        xs, ys = value_along(scenario, ranged, actor, str(top["commodity"]))
        fig = go.Figure()
        for colour, (stage, values) in zip(PALETTE, ys.items(), strict=False):
            fig.add_trace(go.Scatter(x=xs, y=values, mode="lines+markers", name=stage,
                                     line={"color": colour}))  # fmt: skip
        fig.add_vline(x=ranged.value, line_dash="dot", annotation_text="file's value")
        fig.update_xaxes(title_text=f"{ranged.path} ({ranged.unit})")
        fig.update_yaxes(title_text=f"{actor}'s Shapley value, USD m/yr")
        styled_layout(fig, f"What {actor}'s value hangs on: {ranged.path} from its low to its "
                      f"high end ({top['commodity']}; the top of its tornado)")  # fmt: skip
        figs.append((f"hangs-on-{actor}", fig))
    return figs
