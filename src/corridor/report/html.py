"""Assemble one self-contained HTML file: plotly.js embedded, no request to the network."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.io as pio
import plotly.offline

from corridor import __version__
from corridor.report.figures import topojson_names
from corridor.report.format import cell, header
from corridor.report.panels import Panel
from corridor.report.summary import panel_sentences, summary_html
from corridor.scenario.model import Scenario

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em;
       color: #222; }
h1 { font-size: 1.6em; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: .2em; margin-top: 2em; }
.note { color: #555; margin: .2em 0; }
.missing { background: #fff6e0; border-left: 4px solid #e0a000; padding: .5em 1em; }
table { border-collapse: collapse; font-size: .85em; margin: .5em 0 1.5em; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
tr.assumption td { background: #fff6e0; }
.figure { width: 100%; min-height: 360px; margin: 1em 0; }
nav a { margin-right: 1em; }
"""


@cache
def plotly_js() -> str:
    """The plotly.js bundle shipped inside the installed plotly package."""
    return plotly.offline.get_plotlyjs()


ASSETS = Path(__file__).parent / "assets"
"""Base-map topology files (see ``assets/README.md``)."""


def topojson_file(name: str) -> Path | None:
    """The shipped topology file ``name`` (``world_110m`` ...), or None if not shipped."""
    path = ASSETS / f"{name}.json"
    return path if name.replace("_", "").replace("-", "").isalnum() and path.is_file() else None


@cache
def _topojson_text(name: str) -> str:
    path = topojson_file(name)
    if path is None:
        raise KeyError(f"no shipped topology file {name!r}")
    return path.read_text(encoding="utf-8")


def geo_assets_js(names: Sequence[str]) -> str:
    """A script that hands plotly.js the topology files ``names`` (it then fetches nothing).

    Names corridor does not ship are left out (plotly.js would fetch those from its CDN).
    """
    shipped = [name for name in names if topojson_file(name) is not None]
    entries = ",".join(f"{json.dumps(name)}:{_topojson_text(name)}" for name in shipped)
    return f"window.PlotlyGeoAssets={{topojson:{{{entries}}}}};"


def table_html(frame: pd.DataFrame, flag_column: str | None = None) -> str:
    """An HTML table of ``frame``: human headers and formatted, escaped cells (:mod:`.format`).

    Rows where ``flag_column`` is true are marked ``class="assumption"``.
    """
    head = "".join(f"<th>{html.escape(header(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = dict(zip(frame.columns, row, strict=True))
        css = ' class="assumption"' if flag_column and bool(cells[flag_column]) else ""
        tds = "".join(
            f"<td>{html.escape(cell(c, v))}</td>" for c, v in zip(frame.columns, row, strict=True)
        )
        body.append(f"<tr{css}>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _panel_html(panel: Panel, start: int) -> tuple[str, list[str]]:
    parts = [f'<section id="{html.escape(panel.key)}"><h2>{html.escape(panel.title)}</h2>']
    scripts = []
    for note in panel.notes:
        parts.append(f'<p class="note">{html.escape(note)}</p>')
    for k, (name, fig) in enumerate(panel.figures):
        div = f"fig-{start + k}"
        parts.append(
            f'<div class="figure" id="{div}" data-figure="{html.escape(panel.key)}/'
            f'{html.escape(name)}"></div>'
        )
        spec = pio.to_json(fig, validate=False)
        # "</" inside a script element would end it early
        spec = spec.replace("</", "<\\/")
        scripts.append(f"corridorPlot({json.dumps(div)}, {spec});")
    for title, frame in panel.tables:
        parts.append(f"<h3>{html.escape(title)}</h3>")
        flag = "is_assumption" if "is_assumption" in frame.columns else None
        parts.append(table_html(frame, flag))
    parts.append("</section>")
    return "\n".join(parts), scripts


def render_report(
    scenario: Scenario, panels: Sequence[Panel], unavailable: Mapping[str, str]
) -> str:
    """The whole report as one HTML document (plotly.js inline; works offline).

    ``unavailable`` maps analyses that were not shown to the reason, listed in a note.
    """
    body, scripts, count = [], [], 0
    for panel in panels:
        text, panel_scripts = _panel_html(panel, count)
        count += len(panel_scripts)
        body.append(text)
        scripts.extend(panel_scripts)
    nav = " ".join(
        f'<a href="#{html.escape(p.key)}">{html.escape(p.title.split(":")[0])}</a>' for p in panels
    )
    missing = ""
    if unavailable:
        items = "".join(
            f"<li><b>{html.escape(name)}</b>: {html.escape(why)}</li>"
            for name, why in unavailable.items()
        )
        missing = (
            '<div class="missing" id="unavailable"><p>Analyses not shown in this report:</p>'
            f"<ul>{items}</ul></div>"
        )
    description = html.escape(scenario.description.strip())
    maps = sorted({n for p in panels for _, fig in p.figures for n in topojson_names(fig)})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(scenario.title)} — corridor report</title>
<style>{_STYLE}</style>
<script>{geo_assets_js(maps)}</script>
<script>{plotly_js()}</script>
<script>
function corridorPlot(id, spec) {{
  Plotly.newPlot(id, spec.data, spec.layout, {{responsive: true, displaylogo: false}})
    .then(function () {{ document.getElementById(id).dataset.rendered = "1"; }});
}}
</script>
</head><body>
<h1>{html.escape(scenario.title)}</h1>
<p class="note">scenario <code>{html.escape(scenario.name)}</code>, SHA-256
<code>{html.escape(scenario.source_sha256 or "—")}</code>; corridor {__version__};
discount rate {scenario.discount_rate:.1%}/yr, horizon {scenario.horizon_yr:g} yr.</p>
<p>{description}</p>
{summary_html(panel_sentences(panels))}
<nav>{nav}</nav>
{missing}
{"".join(body)}
<script>
{chr(10).join(scripts)}
</script>
</body></html>
"""


__all__ = [
    "ASSETS",
    "geo_assets_js",
    "plotly_js",
    "render_report",
    "table_html",
    "topojson_file",
]
