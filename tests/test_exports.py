"""Exports (``--out DIR --format json,csv,xlsx``): every file reads back as what it came from.

Each analysis command runs once, in-process, with all three formats; the tables the
command exported are caught on their way to the writer (``corridor.exports.tables`` is
wrapped), so the files are compared with the very result objects the command computed,
without computing anything twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from corridor import exports
from corridor.cli import every_command
from tests.cli.inprocess import corridor_here

_VARY = "deal.alternative_price"
COMMANDS: dict[str, tuple[str, str | None, list[str]]] = {
    "run": ("result", "korea-2011", ["run", "korea-2011"]),
    "power": ("power", "korea-2011", ["power", "korea-2011"]),
    "deal": ("deal", "korea-2011", ["deal", "korea-2011"]),
    "risk": ("risk", "korea-2011", ["risk", "korea-2011", "--draws", "50"]),
    "negotiate": ("negotiate", "six-party-2011", ["negotiate", "six-party-2011"]),
    "sweep": ("sweep", "korea-2011", ["sweep", "korea-2011", "--set", f"{_VARY}=8,16",
                                      "--metric", "npv.KR"]),
    "solve-for": ("solve-for", "korea-2011", ["solve-for", "korea-2011", "--vary",
                  f"{_VARY}=8:16", "--metric", "npv.KR", "--target", "5000"]),
    "compare": ("compare", "korea-2011", ["compare", "korea-2011", "--set",
                "links.subsea.build_time=4 yr"]),
    "engineer pipeline": ("engineer.pipeline", None, ["engineer", "pipeline", "--length-km",
                          "700", "--throughput", "10"]),
    "engineer lng": ("engineer.lng", None, ["engineer", "lng", "--distance-km", "1500",
                     "--break-even"]),
    "engineer costs": ("engineer.costs", None, ["engineer", "costs"]),
    "engineer scenario": ("engineer.scenario", "korea-2011", ["engineer", "scenario",
                          "korea-2011"]),
    "freight routes": ("freight.routes", "korea-2011", ["freight", "routes", "korea-2011"]),
    "timeline": ("timeline", "korea-2011", ["timeline", "korea-2011", "--commodity", "gas"]),
    "staged": ("staged", "korea-2011", ["staged", "korea-2011"]),
}  # fmt: skip
LISTINGS = {"scenarios", "freight rates"}
"""Commands with ``--json`` but no ``--out``: catalogues of the package, not analyses."""


@dataclass
class Exported:
    stem: str
    folder: Path
    scenario: str | None
    printed: dict[str, Any]
    stderr: str
    analyses: list[Any]  # what the command handed to the exporter


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Exported]]:
    out = tmp_path_factory.mktemp("exports")
    done: dict[str, Exported] = {}
    with pytest.MonkeyPatch.context() as patch:
        caught: list[Any] = []
        original = exports.tables

        def spy(analysis: Any) -> dict[str, pd.DataFrame]:
            caught.append(analysis)
            return original(analysis)

        patch.setattr(exports, "tables", spy)
        for command, (stem, scenario, args) in COMMANDS.items():
            caught.clear()
            code, stdout, stderr = corridor_here(
                *args, "--json", "--out", str(out), "--format", "csv,xlsx,json"
            )
            assert code == 0, stderr
            folder = out if scenario is None else out / scenario
            printed = json.loads(stdout)
            done[command] = Exported(stem, folder, scenario, printed, stderr, [*caught])
    yield done


def _tables(done: Exported) -> dict[str, pd.DataFrame]:
    return {k: v for a in done.analyses for k, v in exports.tables(a).items()}


def _same(read: pd.DataFrame, frame: pd.DataFrame, where: str) -> None:
    """Equal cells; a file cannot tell None, NaN and "" apart (an empty cell), nor dtypes."""
    expected = frame.reset_index(drop=True)
    if expected.empty and not len(expected.columns):
        assert read.empty, where
        return
    assert list(read.columns) == [str(c) for c in expected.columns], where
    expected = expected.astype(object).where(expected.notna() & (expected != ""), float("nan"))
    expected.columns = read.columns
    got = read.astype(object).where(read.notna(), float("nan"))
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=where)


@pytest.mark.parametrize("command", COMMANDS)
def test_json_file_is_the_printed_document(exported: dict[str, Exported], command: str) -> None:
    done = exported[command]
    name = "result.json" if command == "run" else f"{done.stem}.json"
    written = json.loads((done.folder / name).read_text(encoding="utf-8"))
    assert written == done.printed
    assert written["schema"].startswith(f"corridor.{done.stem}/")
    if not isinstance(done.analyses[0], exports.NamedTables):
        assert written == {k: v for a in done.analyses for k, v in a.to_dict().items()}


@pytest.mark.parametrize("command", COMMANDS)
def test_csv_files_are_the_tables(exported: dict[str, Exported], command: str) -> None:
    done = exported[command]
    tables = _tables(done)
    assert tables, command
    for table, frame in tables.items():
        path = done.folder / f"{done.stem}-{table}.csv"
        # a CSV cell cannot tell the text "1" from the number: text columns read as text
        text = {str(c): str for c in frame.columns if _is_text(frame[c])}
        read = pd.read_csv(path, dtype=text) if path.stat().st_size > 1 else pd.DataFrame()
        _same(read, frame, str(path))
    written = sorted(p.name for p in done.folder.glob(f"{done.stem}-*.csv"))
    assert written == sorted(f"{done.stem}-{t}.csv" for t in [*tables, "about"])


@pytest.mark.parametrize("command", COMMANDS)
def test_xlsx_sheets_are_the_tables(exported: dict[str, Exported], command: str) -> None:
    done = exported[command]
    sheets = pd.read_excel(done.folder / f"{done.stem}.xlsx", sheet_name=None, engine="openpyxl")
    tables = _tables(done)
    assert list(sheets) == ["about", *tables]
    for table, frame in tables.items():
        _same(sheets[table], frame, f"{command} sheet {table}")
    about = dict(zip(sheets["about"]["key"], sheets["about"]["value"], strict=True))
    assert about["schema"] == done.printed["schema"]
    assert about["command"] == f"corridor {command}"
    assert about["scenario"] == (done.scenario or "(none)")


def _is_text(column: pd.Series) -> bool:
    present = column.dropna()
    return column.dtype == object and len(present) > 0 and all(isinstance(v, str) for v in present)


def test_every_command_with_json_exports() -> None:
    from tests.cli.test_json_documents import commands_with_json

    with_out = {
        " ".join(path)
        for path, command in every_command().items()
        if any("--out" in param.opts for param in command.params)
        and any("--format" in param.opts for param in command.params)
    }
    assert commands_with_json() - LISTINGS <= with_out
    assert set(COMMANDS) == commands_with_json() - LISTINGS


def test_one_line_per_file_on_stderr_and_no_temporary_files(
    exported: dict[str, Exported],
) -> None:
    done = exported["deal"]
    lines = done.stderr.splitlines()
    files = sorted(p for p in done.folder.iterdir() if p.name.startswith("deal"))
    assert sorted(Path(line.removeprefix("wrote ")) for line in lines) == files
    assert not list(done.folder.glob(".*.tmp"))


def test_units_are_in_the_about_table(exported: dict[str, Exported]) -> None:
    done = exported["deal"]
    about = pd.read_csv(done.folder / "deal-about.csv")
    units = dict(zip(about["key"], about["value"], strict=True))
    # the deal document's units block: {"money": "USD m", "rates": "1/yr", "fees": "USD m/yr"}
    assert units["units.money"] == "USD m" and units["units.fees"] == "USD m/yr"
    assert "npv_musd" in pd.read_csv(done.folder / "deal-summary.csv").columns


def test_years_are_integers(exported: dict[str, Exported]) -> None:
    done = exported["deal"]
    text = (done.folder / "deal-cash_flows.csv").read_text(encoding="utf-8")
    first_year = done.printed["cash_flows"][0]["year"]
    assert text.splitlines()[1].startswith(f"{first_year},")
    # payback years: whole years or empty (no payback), never 2019.0
    paybacks = pd.read_csv(done.folder / "deal-summary.csv", dtype=str)["payback_year"]
    assert all(p.isdigit() for p in paybacks.dropna()) and len(paybacks.dropna())


def test_workbook_bytes_do_not_depend_on_the_clock(exported: dict[str, Exported]) -> None:
    done = exported["deal"]
    document, tables = done.printed, _tables(done)
    again = exports.write_exports(
        document, tables, done.folder / "again", ["xlsx"], scenario="korea-2011",
        command="corridor deal",
    )  # fmt: skip
    assert again[0].read_bytes() == (done.folder / "deal.xlsx").read_bytes()


@pytest.mark.parametrize("text", ["pdf", "json,pdf", ""])
def test_bad_format_is_one_line_exit_2(tmp_path: Path, text: str) -> None:
    code, stdout, stderr = corridor_here("deal", "--out", str(tmp_path), "--format", text)
    assert code == 2
    assert stdout == ""
    assert len(stderr.splitlines()) == 1
    assert stderr.startswith("error: --format:") and "json, csv, xlsx" in stderr
    assert not list(tmp_path.iterdir())


def test_formats_are_parsed_in_a_fixed_order() -> None:
    assert exports.parse_formats("xlsx, CSV") == ("csv", "xlsx")
