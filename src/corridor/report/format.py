"""Human column headers and formatted cells for the report's tables.

The panels keep the stages' column names and raw numbers (the dashboard and the JSON API
return them as they are); the HTML report shows each column through :func:`header` and
each cell through :func:`cell`: ``irr`` → ``IRR`` with ``0.3843`` → ``38.4 %``,
``npv_musd`` → ``NPV (USD m)`` with thousands separators, ``payback_year`` without them.
The column's name decides its kind: one rule for every table.
"""

from __future__ import annotations

import math
import re

__all__ = ["cell", "header", "kind"]

_UNITS: dict[str, str] = {"musd_per_yr": "USD m/yr", "musd": "USD m", "bcm": "bcm"}
_UNIT = re.compile(r"(?:^|_)(musd_per_yr|musd|bcm)(?=_|$)")
_EXACT: dict[str, str] = {
    "irr": "IRR",
    "irr_count": "IRR roots",
    "d_over_t": "D/t",
    "size_in": "size (in)",
    "max_depth_m": "max depth (m)",
    "wall_mm": "wall (mm)",
    "steel_t": "steel (t)",
    "is_assumption": "assumption?",
    "unit_cost_with_capex": "unit cost with capex",
}
_WORDS: dict[str, str] = {
    "npv": "NPV",
    "irr": "IRR",
    "se": "s.e.",
    "sd": "sd",
    "shapley": "Shapley",
    "banzhaf": "Banzhaf",
    "myerson": "Myerson",
}
_QUALIFIERS = ("se", "low", "high", "without", "with")
_PERCENT_NAMES = {"irr", "utilisation", "discount_rate"}


def kind(column: str) -> str:
    """How a column's numbers read: ``percent``, ``year``, ``amount`` or ``number``.

    Fractions (``irr``, ``prob_*``, ``*_share``, ``utilisation``, ``discount_rate``, and
    their ``_se`` / ``_low`` / ``_high``) are percentages; ``year`` and ``*_year`` years;
    a unit in the name (``musd``, ``musd_per_yr``, ``bcm``) an amount of money or gas.
    """
    base = _strip_qualifiers(column)[0]
    if base in _PERCENT_NAMES or base.startswith("prob_") or base.endswith("_share"):
        return "percent"
    if base == "year" or base.endswith("_year"):
        return "year"
    if column == "musd_per_yr" or _UNIT.search(column):
        return "amount"
    return "number"


def _strip_qualifiers(name: str) -> tuple[str, list[str]]:
    """``prob_loss_without_se`` → (``prob_loss``, [``without``, ``se``])."""
    tail: list[str] = []
    while True:
        for q in _QUALIFIERS:
            if name.endswith(f"_{q}") and len(name) > len(q) + 1:
                name = name[: -len(q) - 1]
                tail.insert(0, q)
                break
        else:
            return name, tail


def header(column: object) -> str:
    """The human header of a column: words, the unit in brackets, ``P(…)`` for probabilities."""
    name = str(column)
    if name in _EXACT:
        return _EXACT[name]
    if name in _UNITS:
        return _UNITS[name]
    if name.endswith(" % of G"):
        return f"{header(name.removesuffix(' % of G'))} (% of G)"
    found = _UNIT.search(name)
    unit = _UNITS[found.group(1)] if found else ""
    if found:
        name = (name[: found.start()] + name[found.end() :]).strip("_")
    name = name.replace("least_core", "least-core")
    base, tail = _strip_qualifiers(name)
    words = [_word(w) for w in base.split("_") if w]
    if words and words[0] == "prob":
        text = f"P({' '.join(words[1:])})"
    else:
        if words and re.fullmatch(r"p\d+", words[0]):
            words[0] = words[0].upper()
        text = " ".join(words)
    text = " ".join([text, *(_word(q) for q in tail)]).strip()
    return f"{text} ({unit})" if unit else text


def _word(word: str) -> str:
    return _WORDS.get(word, word.replace("least-core", "least core"))


def cell(column: object, value: object) -> str:
    """A table cell of ``column``: percentages ``38.4 %``, years ``2019``, amounts ``1,234.5``."""
    if hasattr(value, "item"):  # numpy scalars as Python numbers and bools
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, int | float):
        return str(value)
    number = float(value)
    how = kind(str(column))
    if how == "percent":
        return f"{100 * number:.1f} %"
    if how == "year" and number.is_integer():
        return str(int(number))
    if how == "amount":
        return f"{number:,.1f}" if abs(number) >= 1 or number == 0 else f"{number:.2g}"
    if isinstance(value, int) or number.is_integer():
        return f"{number:,.0f}"
    return f"{number:,.6g}" if abs(number) < 1e6 else f"{number:,.0f}"
