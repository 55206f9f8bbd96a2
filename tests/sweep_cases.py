"""A two-actor pipeline whose numbers are worked by hand (tests of metrics and sweeps).

RU sells 6 bcm/yr at 100 USD/1000 m3 at VLA; KR pays up to 400 USD/1000 m3 for 10 bcm/yr
at KOR; one existing pipe, controlled by both, costs ``u`` USD/1000 m3 to run (50 in the
file). 1 bcm x 1 USD/1000 m3 = 1 USD m, so the welfare is 6 x (400 - 100 - u) USD m/yr
(1,500 at u = 50), linear in u up to u = 300. Neither actor gets anything alone, so each
one's Shapley value is half of it, 3 x (300 - u).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["MINI", "UNIT_COST", "mini_file", "welfare_musd_per_yr"]

UNIT_COST = "links.pipe.unit_cost"

MINI = """\
scenario = { name = "mini", title = "Mini", base_year = 2011, assumption = "test" }
actors = [{ id = "RU", name = "Russia" }, { id = "KR", name = "South Korea" }]
nodes = [
  { id = "VLA", name = "Vladivostok", lat = 43.1, lon = 131.9, territory = "RU", source = "t" },
  { id = "KOR", name = "Korea", lat = 37.5, lon = 127.0, territory = "KR", assumption = "test" },
]

commodities = [{ id = "gas", kind = "gas" }]

[[supplies]]
id = "rfe"
commodity = "gas"
owner = "RU"
node = "VLA"
blocks = [{ capacity = "6 bcm/yr", cost = "100 USD/1000m3", assumption = "test" }]

[[demands]]
id = "kr"
commodity = "gas"
owner = "KR"
node = "KOR"
blocks = [{ quantity = "10 bcm/yr", wtp = "400 USD/1000m3", assumption = "test" }]

[[links]]
id = "pipe"
commodity = "gas"
from = "VLA"
to = "KOR"
control = ["RU", "KR"]
status = "existing"
assumption = "test"
capacity = "12 bcm/yr"
unit_cost = { value = 50, unit = "USD/1000m3" }
"""


def mini_file(folder: Path) -> Path:
    """Write the scenario to ``folder/mini.toml``."""
    path = folder / "mini.toml"
    path.write_text(MINI, encoding="utf-8")
    return path


def welfare_musd_per_yr(unit_cost_usd_per_1000m3: float) -> float:
    """6 bcm/yr x (400 - 100 - u) USD/1000 m3."""
    return 6.0 * (300.0 - unit_cost_usd_per_1000m3)
