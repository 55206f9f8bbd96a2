"""The line chart of a sweep (self-contained HTML) in the house style, for CLI and dashboard."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from corridor.sweep import SweepResult

__all__ = ["sweep_figure", "sweep_html"]


def sweep_figure(result: SweepResult) -> go.Figure:
    """Each metric against the first axis: a line per metric, per value of the other axes.

    Metrics in different units get their own rows (one y axis per unit).
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from corridor.report.figures import PALETTE

    frame = result.frame
    first, others = result.axes[0], result.axes[1:]
    units = list(dict.fromkeys(m.unit for m in result.metrics))
    fig = make_subplots(rows=len(units), cols=1, shared_xaxes=True, vertical_spacing=0.08)
    colour = itertools.cycle(PALETTE)
    combos = list(itertools.product(*(a.values for a in others))) or [()]
    for metric in result.metrics:
        row = units.index(metric.unit) + 1
        for combo in combos:
            picked = frame
            for axis, value in zip(others, combo, strict=True):
                picked = picked[picked[axis.path] == value]
            label = ", ".join(
                [metric.text, *(f"{a.path}={v}" for a, v in zip(others, combo, strict=True))]
            )
            fig.add_trace(
                go.Scatter(
                    x=picked[first.path], y=picked[metric.text], mode="lines+markers",
                    name=label, line={"color": next(colour)},
                ),
                row=row, col=1,
            )  # fmt: skip
        fig.update_yaxes(title_text=metric.unit, row=row, col=1)
    x_title = first.path + (f" ({first.unit})" if first.unit else "")
    fig.update_xaxes(title_text=x_title, row=len(units), col=1)
    fig.update_layout(
        title={"text": f"Sweep of {result.scenario}", "x": 0.01},
        template="plotly_white",
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        height=320 + 220 * len(units),
    )
    return fig


def sweep_html(result: SweepResult) -> str:
    """The chart as one HTML file with plotly.js embedded (opens offline)."""
    return sweep_figure(result).to_html(include_plotlyjs=True, full_html=True)
