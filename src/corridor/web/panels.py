"""Panels as the API returns them: plain JSON, each figure as plotly's JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.report import Panel

__all__ = ["panel_json"]


def panel_json(panel: Panel, **extra: Any) -> dict[str, Any]:
    """``panel.to_json()`` with every value plain JSON, and ``extra`` keys beside."""
    import plotly.io as pio

    out = {**panel.to_json(), **extra}
    # plotly's encoder turns numpy arrays and pandas values into plain JSON
    out["figures"] = [
        {"name": f["name"], "figure": json.loads(pio.to_json(fig, validate=False))}
        for f, (_, fig) in zip(out["figures"], panel.figures, strict=True)
    ]
    return json.loads(json.dumps(out, default=str))
