"""The report's risk panel carries termination, the instruments and the contract exposure."""

from __future__ import annotations

import pytest

from corridor import analyses
from corridor.report.analyses import risk_panel
from corridor.scenario import load_scenario


def test_risk_panel_tables_are_the_results_of_the_same_run() -> None:
    korea = load_scenario("korea-2011")
    panel = risk_panel(korea, draws=60, seed=3)
    tables = dict(panel.tables)
    run = analyses.risk(korea, draws=60, seed=3).result
    ended = tables["Termination (the flow stops for good)"].iloc[0]
    assert ended["prob_termination"] == pytest.approx(
        run.termination()["prob_termination"], abs=1e-4
    )
    values = tables["Value of each instrument: mean change in NPV (USD m) ± s.e."]
    expected = run.instruments()
    for row in values.itertuples(index=False):
        for actor in run.actors:
            mean = expected[row.instrument][actor]["mean_musd"]
            assert getattr(row, f"{actor}_musd") == pytest.approx(mean, abs=1e-3)
    exposure = tables["Contract exposure of KR (sd across draws, USD m)"].iloc[0]
    assert exposure["index_share"] + exposure["basis_share"] == pytest.approx(1.0, abs=1e-3)
    assert any(note.startswith("termination in ") for note in panel.notes)
