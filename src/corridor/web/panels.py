"""Panels as the API returns them: plain JSON, each figure as plotly's JSON.

Beside the raw numbers (``summary``, each table's ``columns`` and ``rows``, which the
dashboard's CSV downloads keep), a panel carries what the dashboard shows, formatted as
the report formats it (:mod:`corridor.report.format`): the summary's plain sentences
(:func:`corridor.report.summary.panel_sentences`), the summary's numbers as labelled
rows (``summary_rows``) and each table's human ``headers`` and formatted ``cells``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.report import Panel

__all__ = ["panel_json", "summary_rows"]


def _leaves(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _leaves(inner, (*path, *str(key).split(".")))
    elif isinstance(value, list | tuple) and all(not isinstance(v, Mapping) for v in value):
        yield path, ", ".join(str(v) for v in value)  # a coalition, a list of names
    elif isinstance(value, list | tuple):
        for k, inner in enumerate(value, 1):
            yield from _leaves(inner, (*path, str(k)))
    else:
        yield path, value


def summary_rows(summary: Mapping[str, Any]) -> list[list[str]]:
    """The summary's numbers as ``[label, formatted value]`` rows, in the summary's order.

    A leaf's measure is the last part of its key path that is not an actor id (ids are
    capitals: ``KP``); the other parts (commodity, stage, actor) qualify it:
    ``gas.shapley.KP`` reads "Shapley · gas, KP", ``npv_musd.RU`` "NPV (USD m) · RU".
    """
    from corridor.report.format import cell, header

    rows = []
    for path, value in _leaves(summary, ()):
        words = [p for p in path if not p.isupper()] or list(path)  # actor ids are capitals
        measure = words[-1]
        others = [header(p) for p in path if p != measure]
        label = header(measure) + (f" · {', '.join(others)}" if others else "")
        shown = value if isinstance(value, str) else cell(measure, value)
        rows.append([label, "—" if value is None else shown])
    return rows


def panel_json(panel: Panel, **extra: Any) -> dict[str, Any]:
    """``panel.to_json()`` with every value plain JSON and what the dashboard shows.

    ``extra`` keys are set beside.
    """
    import plotly.io as pio

    from corridor.report.format import cell, header
    from corridor.report.summary import panel_sentences

    out = {**panel.to_json(), **extra}
    # plotly's encoder turns numpy arrays and pandas values into plain JSON
    out["figures"] = [
        {"name": f["name"], "figure": json.loads(pio.to_json(fig, validate=False))}
        for f, (_, fig) in zip(out["figures"], panel.figures, strict=True)
    ]
    for table in out["tables"]:
        table["headers"] = [header(c) for c in table["columns"]]
        table["cells"] = [[cell(c, v) for c, v in zip(table["columns"], row, strict=True)]
                          for row in table["rows"]]  # fmt: skip
    out["sentences"] = [
        {"about": s.about, "text": s.text, "section": s.section} for s in panel_sentences([panel])
    ]
    out["summary_rows"] = summary_rows(out["summary"]) if isinstance(out["summary"], dict) else []
    return json.loads(json.dumps(out, default=str))
