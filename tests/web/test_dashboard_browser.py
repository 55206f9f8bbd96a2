"""The dashboard in headless Chromium: load it, run an analysis, change a parameter, run
again and see the result change. Screenshots land in out/screenshots/."""

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
    return json.loads(driver.find_element("id", "summary").text)


def test_dashboard_runs_and_reacts_to_a_parameter(server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as driver:
        driver.get(server + "/")
        wait_for(driver, "return document.body.dataset.ready === '1'")
        assert driver.find_element("id", "scenario").get_attribute("value") == "korea-2011"
        base = run_and_read(driver, "run")
        land = base_map_land(driver)
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-run.png"))

        price = driver.find_element("id", "lng-price")
        assert float(price.get_attribute("value")) == pytest.approx(13.0)
        price.clear()
        price.send_keys("20")
        dearer = run_and_read(driver, "run")
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-lng-20.png"))

        driver.find_element("css selector", "input[data-link='overland-north']").click()
        without = run_and_read(driver, "run")

        deal = run_and_read(driver, "deal")
        fee = driver.find_element("id", "transit-fee")
        assert float(fee.get_attribute("value")) == pytest.approx(100.0)
        fee.clear()
        fee.send_keys("250")
        dearer_fee = run_and_read(driver, "deal")
        driver.save_screenshot(str(SCREENSHOTS / "dashboard-deal-fee-250.png"))

        negotiation = run_and_read(driver, "negotiate")
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
    assert jobs == ["done"] * 6
    assert errors == []
