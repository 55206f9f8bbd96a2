"""The report file opens in headless Chromium with every figure rendered, no console errors."""

from __future__ import annotations

import time

import pytest

from corridor.analyses import negotiation_of
from corridor.report import Options, build_panels, render_report
from corridor.scenario import load_scenario
from tests.browser import SCREENSHOTS, base_map_land, chromium, console_errors

pytestmark = pytest.mark.browser


def test_report_renders_every_figure_offline(tmp_path):
    negotiation, source = negotiation_of("six-party-2011")
    scenario = load_scenario("korea-2011")
    panels, unavailable = build_panels(
        scenario, options=Options(negotiation=negotiation, negotiation_source=source, draws=50)
    )
    path = tmp_path / "report.html"
    path.write_text(render_report(scenario, panels, {}), encoding="utf-8")
    assert unavailable == {}
    assert [panel.key for panel in panels] == [
        "run", "power", "deal", "risk", "negotiate", "timeline", "sources"
    ]  # fmt: skip
    expected = sum(len(panel.figures) for panel in panels)
    assert expected >= 12
    with chromium() as driver:
        driver.get(path.as_uri())
        deadline = time.monotonic() + 60
        rendered = 0
        while time.monotonic() < deadline:
            rendered = driver.execute_script(
                "return document.querySelectorAll('.figure[data-rendered=\"1\"]').length"
            )
            if rendered == expected:
                break
            time.sleep(0.2)
        figures = driver.execute_script("return document.querySelectorAll('.figure').length")
        with_svg = driver.execute_script(
            "return [...document.querySelectorAll('.figure')]"
            ".filter(d => d.querySelector('.main-svg')).length"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS / "report-top.png"))
        driver.execute_script("document.getElementById('negotiate').scrollIntoView()")
        driver.save_screenshot(str(SCREENSHOTS / "report-negotiate.png"))
        land = base_map_land(driver)
        errors = console_errors(driver)
        # every external request would fail offline and show up as a console error
        requests = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
    assert figures == expected
    assert rendered == expected
    assert with_svg == expected
    assert errors == []
    # both panels of the map drew Natural Earth land from the embedded topology
    assert len(land) == 2 and min(land) > 1000
    assert [r for r in requests if not r.startswith("file:")] == []
