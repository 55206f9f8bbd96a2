"""Headless Chromium for the browser tests (Debian's chromium and chromium-driver)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# The network is closed where tests run; without these flags Chromium stalls on start-up
# trying to reach update, sync and QUIC endpoints.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)

SCREENSHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"


def chromium_paths() -> tuple[str, str] | None:
    """Paths of chromium and chromedriver, or None when either is missing."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def chromium() -> Iterator[object]:
    """A selenium WebDriver on headless Chromium with a fresh profile; quit at the end."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    if paths is None:
        message = (
            "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CI"):  # CI installs them (.ci/run): missing there is a failure
            pytest.fail(message)
        pytest.skip(message)
    browser, driver_path = paths
    profile = tempfile.mkdtemp(prefix="corridor-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver: object) -> list[dict[str, object]]:
    """Browser console entries of level SEVERE since the last call."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]  # type: ignore[attr-defined]


def base_map_land(driver: object) -> list[int]:
    """Length of the land outline drawn in each geo subplot of the page's network map.

    Plotly draws the land only once it has the topology file; without it the list is
    empty or holds zeros.
    """
    return driver.execute_script(  # type: ignore[attr-defined, no-any-return]
        'const f = document.querySelector(\'[data-figure="map"], [data-figure="run/map"]\');'
        "return f ? [...f.querySelectorAll('.geo .layer.land path')]"
        ".map(p => (p.getAttribute('d') || '').length) : [];"
    )
