"""Exports of an analysis result: its JSON document, a CSV file per table, one Excel workbook.

Stage-free I/O: takes the result of an analysis (:mod:`corridor.analyses`) and writes
files; it computes nothing. Files are named after the document's schema
(``corridor.deal/1`` -> ``deal``):

- ``json``: ``<name>.json``, the ``to_dict()`` document, exactly what ``--json`` prints;
- ``csv``: ``<name>-<table>.csv`` per table (UTF-8, ``.`` decimal, no index; years as
  integers) and ``<name>-about.csv``;
- ``xlsx``: ``<name>.xlsx``, a sheet per table and an ``about`` sheet.

Units: a column carries its unit in its name where it has one (``npv_musd``,
``fee_musd_per_yr``, ``flow_bcm``...); the units of the others (a flow in its commodity's
unit, a 0-100 negotiation scale) are the document's ``units`` block, written as ``units.*``
rows of the ``about`` table (one choice for every format: no units row inside a table,
so each table reads back as the DataFrame it came from). Every file goes through
:func:`corridor.atomic.write_atomic`.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.atomic import write_atomic

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMATS",
    "NamedTables",
    "about_table",
    "export_name",
    "parse_formats",
    "tables",
    "write_exports",
]

FORMATS = ("json", "csv", "xlsx")
"""The export formats, in the order they are written."""

_SHEET_CHARS = 31  # Excel's limit on a sheet name


@dataclass(frozen=True)
class NamedTables:
    """Tables of a command without an analysis result (``engineer``, ``freight routes``).

    Exported as given, by name.
    """

    frames: Mapping[str, pd.DataFrame]


def parse_formats(text: str) -> tuple[str, ...]:
    """``"json,csv"`` as ``("json", "csv")``, in :data:`FORMATS` order; unknown ones refused."""
    from corridor.errors import InputError

    asked = [item.strip().lower() for item in text.split(",")]
    unknown = [item for item in asked if item not in FORMATS]
    if unknown or not any(asked):
        shown = ", ".join(repr(u) for u in unknown) or repr(text)
        raise InputError(f"{shown} not one of {', '.join(FORMATS)}", parameter="format")
    return tuple(f for f in FORMATS if f in asked)


def export_name(document: Mapping[str, Any]) -> str:
    """The file stem of a document: its schema's name (``corridor.risk/1`` -> ``risk``)."""
    schema = str(document["schema"])
    return schema.removeprefix("corridor.").split("/")[0]


def tables(analysis: Any) -> dict[str, pd.DataFrame]:
    """The tables of an analysis result, by name.

    Results of run, power, deal, risk, negotiate, package, timeline, staged, sweep,
    solve-for and compare;
    a :class:`NamedTables` as it is. Tables of several games (power: per stage and
    commodity) or models (negotiate) are stacked, with the ``stage``/``commodity`` or
    ``model`` columns first.
    """
    import pandas as pd

    from corridor.analyses import (
        DealAnalysis,
        NegotiationAnalysis,
        PackageAnalysis,
        PowerAnalysis,
        RiskAnalysis,
        RunAnalysis,
        StagedAnalysis,
        TimelineAnalysis,
    )
    from corridor.compare import Comparison
    from corridor.sweep import SolveResult, SweepResult

    if isinstance(analysis, NamedTables):
        return dict(analysis.frames)
    if isinstance(analysis, SweepResult):
        return {"points": analysis.frame}
    if isinstance(analysis, SolveResult):
        document = analysis.to_dict()
        solved = {k: v for k, v in document.items() if k not in ("schema", "bracket")}
        solved |= {f"bracket_{k}": v for k, v in document["bracket"].items()}
        return {"solution": pd.DataFrame([solved])}
    if isinstance(analysis, Comparison):
        parts = ("welfare", "power", "fees", "npv", "inputs")
        return {part: getattr(analysis, part) for part in parts}
    if isinstance(analysis, TimelineAnalysis):
        return {"regimes": analysis.regimes(), "values": analysis.values(),
                "deal_npv": analysis.deal_npvs()}  # fmt: skip
    if isinstance(analysis, StagedAnalysis):
        plan = analysis.plan
        return {"builds": plan.builds, "periods": plan.periods, "flows": plan.flows}
    if isinstance(analysis, RunAnalysis):
        return _run_tables(analysis)
    if isinstance(analysis, PowerAnalysis):
        return _power_tables(analysis)
    if isinstance(analysis, DealAnalysis):
        return _deal_tables(analysis)
    if isinstance(analysis, RiskAnalysis):
        return _risk_tables(analysis)
    if isinstance(analysis, NegotiationAnalysis):
        return _negotiate_tables(analysis)
    if isinstance(analysis, PackageAnalysis):
        result = analysis.result
        return (
            {}
            if result is None
            else {"package_alone": result.alone, "package_parties": result.parties}
        )
    raise TypeError(f"no export tables for {type(analysis).__name__}")


def _run_tables(done: Any) -> dict[str, pd.DataFrame]:
    import pandas as pd

    result = done.result
    by_commodity = pd.DataFrame(
        list(done.welfare_by_commodity().items()), columns=["commodity", "welfare_musd_per_yr"]
    )
    return {
        "flows": result.flows,
        "supply": result.supply,
        "demand": result.demand,
        "prices": result.prices,
        "actor_welfare": result.actor_welfare,
        "welfare_by_commodity": by_commodity,
    }


def _power_tables(done: Any) -> dict[str, pd.DataFrame]:
    games = [("ex-ante", r) for r in done.reports] + [("ex-post", r) for r in done.ex_post_reports]
    players = [
        _keyed(r.table.reset_index(drop=True), stage=s, commodity=r.commodity) for s, r in games
    ]
    benchmarks = [_keyed(r.benchmarks, stage=s, commodity=r.commodity) for s, r in games]
    return {"players": _stacked(players), "benchmarks": _stacked(benchmarks)}


def _deal_tables(done: Any) -> dict[str, pd.DataFrame]:
    import pandas as pd

    result = done.result
    flows = result.cash_flows.rename_axis("year").reset_index()
    flows["year"] = flows["year"].astype(int)
    return {
        "summary": result.summary,
        "cash_flows": flows,
        "items": result.items,
        "transit_fee": done.fees if done.fees is not None else pd.DataFrame(),
    }


def _risk_tables(done: Any) -> dict[str, pd.DataFrame]:
    result = done.result
    return {
        "npv": result.npv_summary(),
        "npv_with_guarantee": result.npv_summary(guaranteed=True),
        "shapley": result.shapley_summary(),
        "leverage": result.leverage_summary(),
        "tornado": done.tornado,
        "draws": result.draws,
    }


def _negotiate_tables(done: Any) -> dict[str, pd.DataFrame]:
    import pandas as pd

    issues = pd.DataFrame(
        [(i.id, i.name, i.low_label, i.high_label, i.status_quo) for i in done.negotiation.issues],
        columns=["issue", "name", "low", "high", "status_quo"],
    )
    found: dict[str, pd.DataFrame] = {"issues": issues}
    for part in ("forecast", "trajectory", "history"):
        found[part] = _stacked(
            [_keyed(getattr(r, part), model=name) for name, r in done.results.items()]
        )
    if done.sensitivity is not None:
        found["sensitivity"] = done.sensitivity.summary
        found["influence"] = done.sensitivity.influence
    return found


def _keyed(frame: pd.DataFrame, **keys: Any) -> pd.DataFrame:
    """``frame`` with ``keys`` as its first columns (one value each, on every row)."""
    import pandas as pd

    front = pd.DataFrame({k: [v] * len(frame) for k, v in keys.items()}, index=frame.index)
    return pd.concat([front, frame.drop(columns=list(keys), errors="ignore")], axis=1)


def _stacked(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    # rows only: pandas' concat warns about (and will change) empty frames' dtypes
    kept = [f for f in frames if len(f)]
    if not kept:
        return frames[0] if frames else pd.DataFrame()
    return pd.concat(kept, ignore_index=True)


def about_table(document: Mapping[str, Any], *, scenario: str, command: str) -> pd.DataFrame:
    """The ``about`` table: scenario, command, corridor version, schema and the units rows."""
    import pandas as pd

    from corridor import __version__

    rows = [
        ("scenario", scenario),
        ("command", command),
        ("corridor_version", __version__),
        ("schema", str(document["schema"])),
    ]
    rows += [(f"units.{key}", value) for key, value in _flat(document.get("units", {}))]
    return pd.DataFrame(rows, columns=["key", "value"])


def _flat(units: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, value in units.items():
        if isinstance(value, Mapping):
            rows += _flat(value, f"{prefix}{key}.")
        else:
            rows.append((f"{prefix}{key}", str(value)))
    return rows


def write_exports(
    document: Mapping[str, Any],
    named_tables: Mapping[str, pd.DataFrame],
    folder: Path,
    formats: Sequence[str],
    *,
    scenario: str,
    command: str,
    json_name: str | None = None,
) -> list[Path]:
    """Write ``document`` and ``named_tables`` into ``folder`` in ``formats``; the paths written.

    ``json_name``: the JSON file's name (default ``<name>.json``; ``corridor run`` keeps
    its ``result.json``). ``command``: the command line, for the ``about`` table.
    """
    name = export_name(document)
    about = about_table(document, scenario=scenario, command=command)
    named_tables = {table: _integer_years(frame) for table, frame in named_tables.items()}
    written: list[Path] = []
    if "json" in formats:
        text = json.dumps(document, indent=2, allow_nan=False) + "\n"
        written.append(write_atomic(folder / (json_name or f"{name}.json"), text))
    if "csv" in formats:
        for table, frame in {**named_tables, "about": about}.items():
            path = folder / f"{name}-{table}.csv"
            written.append(write_atomic(path, frame.to_csv(index=False, lineterminator="\n")))
    if "xlsx" in formats:
        written.append(write_atomic(folder / f"{name}.xlsx", _workbook(named_tables, about)))
    return written


def _integer_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Year columns (``year``, ``*_year``) as integers, empty where none (``payback_year``)."""
    years = [
        c
        for c in frame.columns
        if (c == "year" or str(c).endswith("_year")) and frame[c].dtype.kind == "f"
    ]
    whole = [c for c in years if (frame[c].dropna() % 1 == 0).all()]
    return frame.astype(dict.fromkeys(whole, "Int64")) if whole else frame


def _workbook(named_tables: Mapping[str, pd.DataFrame], about: pd.DataFrame) -> bytes:
    """An xlsx workbook: the ``about`` sheet first, then a sheet per table (openpyxl)."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:  # imports openpyxl (lazily)
        about.to_excel(book, sheet_name="about", index=False)
        for table, frame in named_tables.items():
            frame.to_excel(book, sheet_name=table[:_SHEET_CHARS], index=False)
    return _without_clock(buffer.getvalue())


_STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def _without_clock(workbook: bytes) -> bytes:
    """The workbook with the clock taken out: same tables, same bytes (determinism).

    openpyxl stamps ``docProps/core.xml`` with the time of saving and zipfile each entry
    with the time of writing; both are set to the zip epoch here (no option of either
    library does it).
    """
    import zipfile  # only for xlsx (start-up of every command that checks --format)

    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _STAMP.sub(b"1980-01-01T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(entry.filename, _EPOCH), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
