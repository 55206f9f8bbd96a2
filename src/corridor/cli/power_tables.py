"""The tables of ``corridor power``: shares of the gains from cooperation, values, reasons.

The first table leads with each concept's share of the gains from cooperation G (what the
corridor adds to what the players get alone), beside each player's role and the Shapley
value's share of v(N) for comparison; the second gives the values in USD m/yr with the
stand-alone value, the marginal contribution and, for transit actors only, the implied
annual payment; then one line per player saying why (transit actors first), the core,
the published benchmarks and notes. Both tables fit 80 columns with every concept.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from corridor.cli.common import console

if TYPE_CHECKING:
    from rich.table import Table

    from corridor.games.power import PowerReport
    from corridor.scenario.model import Scenario

__all__ = ["print_power_report"]

_CONCEPTS = ("shapley", "banzhaf", "nucleolus", "least_core", "myerson")


def print_power_report(
    scenario: Scenario, report: PowerReport, *, stage: str | None = None
) -> None:
    """Print ``report``'s tables and reasons to the console (``stage`` names it in titles)."""
    frame = report.table
    concepts = [c for c in _CONCEPTS if c in frame.columns]
    game = f" — {report.commodity}" if report.commodity else ""
    if stage:
        game += f", {stage}"
    rows = frame.to_dict(orient="records")
    shares = _table(
        f"Shares of the gains from cooperation in {scenario.name}{game}, % of G "
        f"(G = {report.gains_musd_per_yr:,.1f}, v(N) = {report.grand_musd_per_yr:,.1f} USD m/yr)",
        ["actor", "role", *map(_header, concepts), "Shapley\n% of v(N)"],
        [
            [str(row["player"]), str(row["role"]),
             *(_percent(row[f"{c}_gain_share"]) for c in concepts),
             _percent(row["shapley_share"])]
            for row in rows
        ],
    )  # fmt: skip
    _show(shares, "% of G: (value - stand-alone value) / G, G = v(N) - sum of stand-alone values"
          + ("; banzhaf is not efficient, its shares need not add up to 100 %" if
             "banzhaf" in concepts else ""))  # fmt: skip
    columns = [*concepts[:1], *(["shapley_se"] if "shapley_se" in frame.columns else []),
               *concepts[1:]]  # fmt: skip
    money = _table(
        f"Values in {scenario.name}{game} (USD m/yr)",
        ["actor", "alone", "marginal", *map(_header, columns), "payment"],
        [
            [str(row["player"]),
             *(_money(row[c]) for c in ("standalone", "marginal", *columns)),
             _money(row["implied_payment_musd_per_yr"])]
            for row in rows
        ],
    )  # fmt: skip
    _show(
        money,
        "alone: v({i}) - v(∅); marginal: v(N) - v(N without i); payment (transit only): "
        "Shapley less own surplus",
    )
    _print_reasons(report, rows)
    _print_core(report)
    _print_benchmarks(report)
    for note in report.notes:
        console().print(f"note: {note}")


def _table(title: str, headers: list[str], cells: list[list[str]]) -> Table:
    """A table (its title printed above it, see :func:`_show`): player and role left."""
    from rich import box
    from rich.table import Table

    # no vertical rules and short headers: both tables fit 80 columns with every concept
    table = Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), collapse_padding=True
    )
    table.title = title
    for k, header in enumerate(headers):
        text = k == 0 or header == "role"
        table.add_column(header, justify="left" if text else "right", no_wrap=True)
    for row in cells:
        table.add_row(*row)
    return table


def _show(table: Table, caption: str) -> None:
    # title and caption as lines of their own: a narrow table would wrap them to its width
    title, table.title = str(table.title), None
    console().print(title, markup=False)
    console().print(table)
    console().print(caption, markup=False)


_HEADERS = {
    "shapley": "Shapley",
    "shapley_se": "±se",
    "banzhaf": "Banzhaf",
    "nucleolus": "nucleolus",
    "least_core": "least\ncore",
    "myerson": "Myerson",
}


def _header(column: str) -> str:
    return _HEADERS.get(column, column.replace("_", " "))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _percent(value: Any) -> str:
    return "—" if _missing(value) else f"{value:.1%}"


def _money(value: Any) -> str:
    return "—" if _missing(value) else f"{value:,.1f}"


def _print_reasons(report: PowerReport, rows: list[dict[str, Any]]) -> None:
    if not report.reasons:
        return
    role = {str(r["player"]): str(r["role"]) for r in rows}
    transit = {str(r["player"]) for r in rows if r["transit"]}
    ordered = sorted(report.reasons, key=lambda r: r.player not in transit)
    console().print("Why each player adds what it adds:")
    for reason in ordered:
        console().print(f"- {reason.player} ({role[reason.player]}): {reason.sentence}")


def _print_core(report: PowerReport) -> None:
    if report.shapley_in_core is None:
        return
    eps = report.least_core_epsilon or 0.0
    core = "non-empty" if eps <= 1e-6 * max(1.0, abs(report.grand_musd_per_yr)) else "empty"
    where = "inside" if report.shapley_in_core else "outside"
    console().print(
        f"core: {core} (least-core epsilon {eps:,.2f} USD m/yr); "
        f"the Shapley value lies {where} the core"
    )


def _print_benchmarks(report: PowerReport) -> None:
    if not len(report.benchmarks):
        return
    from rich.table import Table

    bench = Table(title="Published transit fees next to the model", title_justify="left")
    for column in ("actor", "published", "model (Shapley)", "source"):
        bench.add_column(column, justify="right" if column != "source" else "left")
    for row in report.benchmarks.to_dict(orient="records"):
        published = f"{row['value']:,.0f}"
        if not _missing(row["low"]):
            published += f" ({row['low']:,.0f}–{row['high']:,.0f})"
        bench.add_row(row["actor"], published, f"{row['model_musd_per_yr']:,.1f}", row["source"])
    console().print(bench)
