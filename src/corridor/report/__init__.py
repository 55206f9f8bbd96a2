"""Figures, panels and the self-contained HTML report.

>>> from corridor.report import Options, report_html
>>> text, left_out = report_html(load_scenario("korea-2011"))

:mod:`corridor.report.figures` holds the plotly figures the report and the web dashboard
share; :mod:`corridor.report.panels` runs an analysis and turns it into a :class:`Panel`.
"""

# The public names are listed once, in __init__.pyi (which type checkers read); each
# submodule is imported on first use, so `corridor --help` does not pay for pandas or scipy.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
