"""``corridor power --tornado`` through the real entry point."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.cli.test_overrides import corridor

KP_GAS = ("--actor", "KP", "--commodity", "gas")


def test_json_is_the_tornado_document() -> None:
    done = corridor("power", "korea-2011", "--tornado", *KP_GAS, "--stage", "ex-post", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["schema"] == "corridor.tornado/1"
    assert {r["actor"] for r in payload["rows"]} == {"KP"}
    top = payload["rows"][0]
    assert top["input"] == "unit_costs.pipe_onshore" and top["stage"] == "ex-post"
    assert top["swing_musd_per_yr"] == max(r["swing_musd_per_yr"] for r in payload["rows"])


def test_table_csv_and_chart(tmp_path: Path) -> None:
    out, chart = tmp_path / "tornado.csv", tmp_path / "tornado.html"
    done = corridor("power", "korea-2011", "--tornado", *KP_GAS, "--out", str(out),
                    "--chart", str(chart))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "unit_costs.pipe_offshore: 80000 USD per inch-km (range 50000 – 150000)" in done.stdout
    assert "unit_costs.subsea_steel: 1500 USD per t of line pipe delivered" in done.stdout
    assert "What moves each actor's shapley value in korea-2011" in done.stdout
    assert "10 ranged input(s)" in done.stdout
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 10 * 2  # ten inputs, two stages, one actor in one game
    assert rows[0]["input"] == "unit_costs.pipe_onshore"
    page = chart.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Leverage tornado: korea-2011" in page


def test_an_unknown_actor_is_one_line_and_exit_2() -> None:
    done = corridor("power", "korea-2011", "--tornado", "--actor", "XX")
    assert done.returncode == 2
    assert done.stderr.startswith("error: --actor: XX plays no game here (players: ")
    assert done.stderr.count("\n") == 1
