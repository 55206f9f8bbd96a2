"""Who holds leverage, one panel per actor: small actors stay readable beside large ones.

In korea-2011 North Korea's rail value (1.1 USD m/yr) sits beside Korea's 731.7 and its
ex-post gas value (89.5) beside Russia's 2,627.6: on one shared axis its bars vanish. A log
axis cannot draw the zeros and the tiny negatives the LP solutions hold (KP's ex-ante gas
value, CN's nucleolus at -0.000001), so each actor gets its own panel with its own y axis,
every bar labelled with its value, ex-ante and ex-post side by side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from corridor.report.figures import PALETTE, styled_layout

__all__ = ["MAX_COLUMNS", "per_actor_values"]

MAX_COLUMNS = 5
"""Panels per row; more actors wrap to further rows."""


def per_actor_values(
    stages: Sequence[tuple[str, pd.DataFrame]],
    concepts: Sequence[str],
    *,
    title: str,
    axis_title: str = "USD m/yr",
) -> go.Figure:
    """Bars of each concept's value (x) per actor (one panel each), one trace per stage.

    ``stages`` is (stage name, power table with a ``player`` column and one per concept)
    for each stage shown, e.g. ex-ante then ex-post. Every y axis is titled
    ``axis_title`` and scaled to its own actor.
    """
    actors = list(dict.fromkeys(p for _, table in stages for p in table["player"]))
    cols = min(len(actors), MAX_COLUMNS) or 1
    rows = max(math.ceil(len(actors) / cols), 1)
    fig = make_subplots(
        rows=rows, cols=cols, subplot_titles=actors, horizontal_spacing=0.06,
        vertical_spacing=0.18 if rows > 1 else 0.0,
    )  # fmt: skip
    for k, actor in enumerate(actors):
        row, col = divmod(k, cols)
        for s, (stage, table) in enumerate(stages):
            found = table[table["player"] == actor]
            if found.empty:
                continue
            values = [round(float(found[c].iloc[0]), 1) + 0.0 for c in concepts]  # no "-0.0"
            fig.add_trace(
                go.Bar(
                    x=list(concepts), y=values, name=stage, legendgroup=stage,
                    marker_color=PALETTE[s % len(PALETTE)], showlegend=k == 0,
                    text=[f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.1f}" for v in values],
                    textposition="outside", textfont={"size": 10},
                    cliponaxis=False,
                    hovertemplate=f"{actor}, {stage}<br>%{{x}}: %{{y:,.1f}} {axis_title}"
                    "<extra></extra>",
                ),
                row=row + 1, col=col + 1,
            )  # fmt: skip
        fig.update_yaxes(title_text=axis_title, row=row + 1, col=col + 1)
        fig.update_xaxes(title_text="concept", tickangle=-45, row=row + 1, col=col + 1)
    return styled_layout(fig, title, barmode="group", height=200 + 320 * rows)
