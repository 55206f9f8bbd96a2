"""The dashboard in headless Chromium: load it, run an analysis, change a parameter, run
again and see the result change; edit a value of the file in the Values table, compare with
the file, download a table as CSV. Screenshots land in out/screenshots/."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from corridor.web import Settings, create_app
from tests.browser import SCREENSHOTS, base_map_land, chromium, console_errors

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server() -> Iterator[str]:
    """The dashboard on 127.0.0.1 and a free port, in a background thread; stopped after."""
    port = free_port()
    config = uvicorn.Config(
        create_app(Settings()), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def wait_for(driver, script, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def run_and_read(driver, analysis: str) -> dict[str, object]:
    """Click an analysis button; wait for its panel's figures; return the panel summary."""
    driver.execute_script("document.getElementById('results').replaceChildren()")
    driver.find_element("id", f"run-{analysis}").click()
    wait_for(
        driver,
        f"const p = document.querySelector('[data-panel=\"{analysis}\"]');"
        "return p && p.querySelectorAll('.figure').length > 0 && "
        "p.querySelectorAll('.figure').length === "
        "p.querySelectorAll('.figure[data-rendered=\"1\"]').length",
    )
    return json.loads(driver.find_element("id", "summary-data").get_attribute("textContent"))


RAW_JSON_LINES = (
    "return document.getElementById('results').innerText.split('\\n')"
    '.filter(line => /^\\s*[\\[{]\\s*"/.test(line))'
)
"""Lines of the results area, as the reader sees them, that start like a JSON document."""


def test_dashboard_runs_and_reacts_to_a_parameter(server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as driver:
        driver.get(server + "/")
        wait_for(driver, "return document.body.dataset.ready === '1'")
        assert driver.find_element("id", "scenario").get_attribute("value") == "korea-2011"
        base = run_and_read(driver, "run")
        raw = {"run": driver.execute_script(RAW_JSON_LINES)}
        numbers = driver.execute_script(
            "return [...document.querySelectorAll('#summary-numbers dt, #summary-numbers dd')]"
            ".map(e => e.textContent)"
        )
        run_figures = driver.execute_script(
            "return [...document.querySelectorAll('[data-panel=\"run\"] .figure')]"
            ".map(f => f.dataset.figure)"
        )
        land = base_map_land(driver)
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-run.png"))

        price = driver.find_element("id", "lng-price")
        assert float(price.get_attribute("value")) == pytest.approx(13.0)
        price.clear()
        price.send_keys("20")
        dearer = run_and_read(driver, "run")
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-lng-20.png"))

        driver.find_element("css selector", "input[data-link='subsea']").click()
        without = run_and_read(driver, "run")

        deal = run_and_read(driver, "deal")
        raw["deal"] = driver.execute_script(RAW_JSON_LINES)
        deal_cells = driver.execute_script(
            "return [...document.querySelectorAll('[data-panel=\"deal\"] table')].map(t => "
            "[[...t.querySelectorAll('th')].map(c => c.textContent), "
            "[...t.querySelectorAll('tbody tr:first-child td')].map(c => c.textContent)])"
        )
        fee = driver.find_element("id", "transit-fee")
        assert float(fee.get_attribute("value")) == pytest.approx(100.0)
        fee.clear()
        fee.send_keys("250")
        dearer_fee = run_and_read(driver, "deal")
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-deal-fee-250.png"))

        negotiation = run_and_read(driver, "negotiate")
        raw["negotiate"] = driver.execute_script(RAW_JSON_LINES)
        sentences = driver.execute_script(
            "return [...document.querySelectorAll('#summary-sentences li')].map(l => l.textContent)"
        )
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-negotiate.png"))
        jobs = driver.execute_script(
            "return [...document.querySelectorAll('#jobs li')].map(li => li.dataset.status)"
        )
        errors = console_errors(driver)
        requests = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
    assert len(land) == 2 and min(land) > 1000  # the base map came from this server
    assert [r for r in requests if not r.startswith(server)] == []
    assert dearer["welfare_musd_per_yr"] != base["welfare_musd_per_yr"]
    assert without["welfare_musd_per_yr"] != dearer["welfare_musd_per_yr"]
    assert dearer_fee["npv_musd"]["KP"] > deal["npv_musd"]["KP"]
    assert dearer_fee["npv_musd"]["RU"] < deal["npv_musd"]["RU"]
    assert "eu" in negotiation
    # no panel shows its summary as a JSON line; the summary reads as words and numbers
    assert raw == {"run": [], "deal": [], "negotiate": []}
    assert numbers[:2] == ["welfare (USD m/yr)", f"{base['welfare_musd_per_yr']:,.1f}"]
    assert any("converged" in s or "cycle" in s or "round" in s for s in sentences), sentences
    # the report's figures: the map and one Sankey per commodity
    from corridor.report import Options, build_panel
    from corridor.scenario import load_scenario

    report_run = build_panel("run", load_scenario("korea-2011"), Options())
    assert run_figures == [name for name, _ in report_run.figures]
    assert {"map", "sankey-gas", "sankey-containers"} <= set(run_figures), run_figures
    # human headers and formatted years and percentages, as in the report
    headers, first = next(t for t in deal_cells if "IRR" in t[0])
    assert "payback year" in headers and "NPV (USD m)" in headers
    assert first[headers.index("payback year")] in ("—", "2019", "2020", "2021", "2022")
    assert first[headers.index("IRR")].endswith(" %")
    assert jobs == ["done"] * 6
    assert errors == []


SUBSEA_COST = "links.subsea.pipeline.segments[1].cost_factor"


def set_value(driver, path: str, text: str) -> None:
    """Type ``text`` into the Values table's cell of ``path``."""
    cell = driver.find_element("css selector", f'#values-table input[data-path="{path}"]')
    cell.clear()
    cell.send_keys(text)


def test_values_table_overrides_compare_and_csv(server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as driver:
        driver.get(server + "/")
        wait_for(driver, "return document.body.dataset.ready === '1'")
        driver.find_element("css selector", "#values-panel summary").click()
        driver.find_element("id", "values-search").send_keys("cost_factor laying")
        shown = driver.execute_script(
            "return [...document.querySelectorAll('#values-table tbody tr')]"
            ".filter(tr => !tr.hidden).map(tr => tr.dataset.path)"
        )
        set_value(driver, SUBSEA_COST, "2")
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-values.png"))
        changed = driver.execute_script(
            "return [...document.querySelectorAll('#values-table tr.changed')]"
            ".map(tr => tr.dataset.path)"
        )
        driver.find_element("id", "compare").click()
        driver.execute_script("document.getElementById('results').replaceChildren()")
        driver.find_element("id", "run-power").click()
        wait_for(driver, "return document.getElementById('comparison') !== null", timeout=120)
        variant = json.loads(driver.find_element("id", "summary-data").get_attribute("textContent"))
        power_sentences = driver.execute_script(
            "return [...document.querySelectorAll('#summary-sentences li')]"
            ".map(l => [l.dataset.summary, l.textContent])"
        )
        raw_power = driver.execute_script(RAW_JSON_LINES)
        base = json.loads(driver.find_element("id", "base-summary").get_attribute("textContent"))
        comparison = driver.execute_script(
            "return [...document.querySelectorAll('#comparison tbody tr')]"
            ".map(tr => [...tr.cells].map(td => td.textContent))"
        )
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-values-compare.png"))
        links = driver.execute_script(
            "return [...document.querySelectorAll('[data-panel=\"power\"] a.csv')]"
            ".map(a => [a.download, decodeURIComponent(a.href.split(',').slice(1).join(','))])"
        )
        tables = driver.execute_script(
            "return document.querySelectorAll('[data-panel=\"power\"] table').length"
        )
        errors = console_errors(driver)

        set_value(driver, SUBSEA_COST, "abc")
        driver.find_element("id", "run-power").click()
        wait_for(driver, "return document.getElementById('values-error').textContent !== ''")
        message = driver.find_element("id", "values-error").text
        driver.find_element("id", "values-reset").click()
        after_reset = driver.execute_script(
            "return [document.querySelectorAll('#values-table tr.changed').length, "
            f"document.querySelector('#values-table input[data-path=\"{SUBSEA_COST}\"]').value]"
        )
        refused = console_errors(driver)
    assert SUBSEA_COST in shown and len(shown) < 10  # the search finds the row by its words
    assert changed == [SUBSEA_COST]
    # the power panel opens with the report's sentences: who gains, KP's leverage and why
    about = [a for a, _ in power_sentences]
    assert "gains" in " ".join(about) and any("KP" in text for _, text in power_sentences)
    assert raw_power == []
    # the file's subsea cost factor 1 gives KP nothing before the build; 2 gives it 55.9
    assert base["gas"]["shapley"]["KP"] == pytest.approx(0.0, abs=1e-4)
    assert variant["gas"]["shapley"]["KP"] == pytest.approx(55.93, abs=0.01)
    kp = next(row for row in comparison if row[0] == "gas.shapley.KP")
    assert float(kp[1]) == pytest.approx(0.0, abs=1e-3)
    assert float(kp[3].replace(",", "")) == pytest.approx(
        variant["gas"]["shapley"]["KP"] - base["gas"]["shapley"]["KP"], abs=1e-3
    )
    # one link under every table (the comparison's too), each file named by panel and table
    assert len(links) == tables
    name, text = next((n, t) for n, t in links if "--values-gas-ex-ante" in n)
    assert name.startswith("bargaining-power-") and name.endswith(".csv")
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("player,role,shapley,")
    kp_line = next(line for line in lines if line.startswith("KP,"))
    assert float(kp_line.split(",")[2]) == pytest.approx(variant["gas"]["shapley"]["KP"], abs=1e-3)
    assert "expected '<number> <unit>', got 'abc'" in message and SUBSEA_COST in message
    assert after_reset == [0, "1"]
    assert errors == []
    # the only console entry after the bad value is the browser's note of the 422
    assert [e["message"] for e in refused] == [
        f"{server}/api/jobs - Failed to load resource: the server responded with a status of "
        "422 (Unprocessable Entity)"
    ]


CAPEX = "links.subsea.pipeline.capex_factor"


def test_sweep_box_draws_a_chart_and_a_table(server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as driver:
        driver.get(server + "/")
        wait_for(driver, "return document.body.dataset.ready === '1'")
        offered = driver.find_element("id", "sweep-metrics").get_attribute("value")
        driver.find_element("css selector", "#values-panel summary").click()
        driver.find_element("id", "values-search").send_keys("capex_factor subsea")
        driver.find_element("css selector", f'button[data-sweep="{CAPEX}"]').click()
        picked = [
            driver.find_element("id", box).get_attribute("value")
            for box in ("sweep-path", "sweep-start", "sweep-stop")
        ]
        points = driver.find_element("id", "sweep-points")
        points.clear()
        points.send_keys("3")
        metrics = driver.find_element("id", "sweep-metrics")
        metrics.clear()
        metrics.send_keys("power.gas.shapley.KP")
        driver.find_element("id", "run-sweep").click()
        wait_for(
            driver,
            "const f = document.querySelector('[data-panel=\"sweep\"] .figure');"
            "return f && f.dataset.rendered === '1'",
        )
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-sweep.png"))
        traces = driver.execute_script(
            "const f = document.querySelector('[data-panel=\"sweep\"] .figure');"
            "return [f.data.length, f.querySelectorAll('.scatterlayer .trace').length, "
            "f.data[0].name]"
        )
        rows = driver.execute_script(
            "return [...document.querySelectorAll('[data-panel=\"sweep\"] table tbody tr')]"
            ".map(tr => [...tr.cells].map(td => td.textContent))"
        )
        csv = driver.execute_script(
            "return [...document.querySelectorAll('[data-panel=\"sweep\"] a.csv')]"
            ".map(a => a.download)"
        )
        errors = console_errors(driver)
    assert offered == "power.gas.shapley.KP"  # the deal's transit actor, by default
    assert picked == [CAPEX, "1", "2"]  # the file's 1 (no range given) to twice that
    assert traces == [1, 1, "power.gas.shapley.KP"]
    assert [row[0] for row in rows] == ["1", "1.5", "2"]
    kp = {row[0]: float(row[1].replace(",", "")) for row in rows}
    # the file as written (capex_factor 1) gives KP 0 before the build; a dearer bypass, more
    assert kp["1"] == pytest.approx(0.0, abs=1e-3)
    assert kp["2"] > kp["1"]
    assert csv == ["sweep-of-links-subsea-pipeline-capex-factor--metrics-at-each-point.csv"]
    assert errors == []
