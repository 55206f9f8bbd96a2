"""Figures, panels and the self-contained HTML report.

>>> from corridor.report import Options, report_html
>>> text, left_out = report_html(load_scenario("korea-2011"))

:mod:`corridor.report.figures` holds the plotly figures the report and the web dashboard
share; :mod:`corridor.report.panels` runs an analysis and turns it into a :class:`Panel`.
"""

from __future__ import annotations

from corridor.report.build import BUILDERS, Options, build_panel, build_panels, report_html
from corridor.report.html import render_report
from corridor.report.panels import ANALYSES, Panel, Unavailable

__all__ = [
    "ANALYSES",
    "BUILDERS",
    "Options",
    "Panel",
    "Unavailable",
    "build_panel",
    "build_panels",
    "render_report",
    "report_html",
]
